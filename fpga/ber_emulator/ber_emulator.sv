// On-FPGA BER emulator core (docs/fpga.md): PRBS31 payload -> KP4 rs_encoder -> channel
// emulator (emu_channel: PAM4 + ISI + CLT noise + slicer, random symbol-error injector) ->
// KP4 rs_decoder -> checker, with the counters of halo::fec::FecMonitor plus pre- and
// post-FEC bit errors. P symbols per clock: P x 10 bits x f_clk coded bits per second.
//
// Payload: emu_lfsr seeded lfsr_seed(seed, 0) advancing 10P bits per beat, lane l symbol =
// bits [10l +: 10] (bit 0 = symbol LSB); the encoder ignores the parity positions. The
// checker regenerates the same sequence per decoder output beat and counts bit errors in
// the K message positions. start_i reseeds every LFSR and clears the counters; the source
// then sends codewords while run_i is set (finishing the current codeword) until cw_limit_i
// codewords have been sent (0 = no limit). Counters (CntW bits, wrapping, in emu_cnt_bank;
// updated once per codeword, final when busy_o = 0), index:
//   0 codewords            1 corrected_codewords   2 uncorrectable_codewords
//   3 corrected_symbols    4 corrected_bits        5 symbol_errors (t+1 per uncorrectable)
//   6 pre_fec_bit_errors   7 pre_fec_symbol_errors 8 post_fec_bit_errors
//   9 hi_ser_windows (8192-codeword windows with symbol_errors > 6380)
//   10 + i: symbol_error_histogram[i], i = 0..15 symbol errors, 16 = uncorrectable
// Pre-FEC counters count the channel output (all N symbols per codeword, coded bits).
// Concat = 1 (P = 4): the concatenated 802.3dj variant, emu_cat_link (interleaver, Clause 177
// inner encoder, soft-output PAM4 channel, inner decoder, deinterleaver) in place of
// emu_channel; the pre-FEC counters then count the KP4 decoder input (after the inner
// decoder), the symbol-error injector is not built, and counters 27..31 (registers beside
// the bank) hold the inner code's statistics:
//   27 inner_codewords  28 inner_corrected  29 inner_uncorrectable
//   30 pre_inner_bit_errors (128 line bits per inner codeword, LLR signs)
//   31 post_inner_bit_errors (120 message bits per inner codeword, inner decoder output)
// A concatenated run ends with a flush of the interleavers; a new run needs CMD.start.
// Golden model: halo::verif::run_emu_model / run_emu_cat_model (verif/fpga/emu_model.hpp).
`include "halo_assert.svh"

module ber_emulator #(
  // Symbols per beat
  parameter int unsigned P = 1,
  // Decoder key-equation solver cells per clock (0 = fully parallel riBM, see rs_decoder)
  parameter int unsigned KesPe = 0,
  // Build the Gaussian-noise channel
  parameter bit NoiseEn = 1'b1,
  // Counter width
  parameter int unsigned CntW = 48,
  // Concatenated variant (emu_cat_link; needs P = 4) and its inner code: PAM4 symbols per
  // clock, decoder (0 hard decision, 1 Chase-2), Chase L
  parameter bit Concat = 1'b0,
  parameter int unsigned InnerP = 16,
  parameter bit InnerChase = 1'b1,
  parameter int unsigned ChaseL = 4
) (
  // Clock and active-low asynchronous reset
  input  logic              clk_i,
  input  logic              rst_ni,
  // Control
  input  logic              start_i,       // pulse: reseed, clear counters
  input  logic              run_i,         // send codewords
  input  logic [31:0]       cw_limit_i,    // codewords to send after start (0 = unlimited)
  input  logic              correct_en_i,  // decoder correction (0 = 802.3 bypass)
  input  logic [31:0]       seed_i,
  // Channel configuration (see emu_channel)
  input  logic              noise_en_i,
  input  logic [11:0]       amp_i,
  input  logic [11:0]       c1_i,
  input  logic [11:0]       c2_i,
  input  logic              inj_en_i,
  input  logic [31:0]       inj_thresh_i,
  input  logic [7:0]        inj_burst_i,
  // Status
  output logic              busy_o,        // source sending or codewords in flight
  output logic              hi_ser_o,      // 802.3 hi_ser of the last complete window
  output logic              frame_err_o,   // sticky: decoder/encoder framing error (a bug)
  // Counter read port (emu_cnt_bank): request counter rd_idx_i, granted when rd_gnt_o;
  // rd_data_o is valid with rd_valid_o one clock after the grant
  input  logic              cnt_rd_req_i,
  input  logic [4:0]        cnt_rd_idx_i,
  output logic              cnt_rd_gnt_o,
  output logic              cnt_rd_valid_o,
  output logic [CntW-1:0]   cnt_rd_data_o
);
  localparam int unsigned N = 544;
  localparam int unsigned K = 514;
  localparam int unsigned T = 15;
  localparam int unsigned Beats = N / P;
  localparam int unsigned BeatW = (Beats > 1) ? $clog2(Beats) : 1;
  localparam int unsigned LastBeatI = Beats - 1;
  localparam logic [BeatW-1:0] LastBeat = LastBeatI[BeatW-1:0];
  localparam int unsigned NCnt = 27;
  localparam int unsigned DW = $clog2(10 * N + 1);   // per-codeword counts (<= 10 N bits)
  localparam int unsigned PopW = $clog2(10 * P + 1);
  localparam int unsigned Tp1I = T + 1;
  localparam logic [4:0] Tp1 = Tp1I[4:0];

  `HALO_ASSERT_INIT(ParamCheck_A, (N % P == 0) && (N / P >= 16) && (CntW >= 32) && (CntW <= 64) &&
                    (!Concat || P == 4))

  // ---- source ----
  logic [P*10-1:0]  src_data, chk_ref;
  logic [BeatW-1:0] src_beat_q, chk_beat_q;
  logic [31:0]      sent_q;
  logic [7:0]       flight_q;   // codewords sent and not yet decoded
  logic             src_valid, src_ready, src_acc, src_active, link_done, link_busy;

  assign src_active = (src_beat_q != '0) ||
                      (run_i && !link_done && (cw_limit_i == 32'd0 || sent_q != cw_limit_i));
  assign src_valid  = src_active && !start_i;
  assign src_acc    = src_valid && src_ready;

  emu_lfsr #(.Steps(P * 10)) u_src (
    .clk_i,
    .rst_ni,
    .load_i(start_i),
    .seed_i(emu_pkg::lfsr_seed(seed_i, 32'd0)),
    .adv_i (src_acc),
    .bits_o(src_data)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      src_beat_q <= '0;
      sent_q     <= '0;
    end else if (start_i) begin
      src_beat_q <= '0;
      sent_q     <= '0;
    end else if (src_acc) begin
      src_beat_q <= (src_beat_q == LastBeat) ? '0 : src_beat_q + 1'b1;
      if (src_beat_q == LastBeat) sent_q <= sent_q + 32'd1;
    end
  end

  // ---- encoder, channel, decoder ----
  logic            enc_valid, enc_ready, enc_first, enc_last, enc_ferr;
  logic [P*10-1:0] enc_data;
  logic            ch_valid, ch_ready, ch_first, ch_last;
  logic [P*10-1:0] ch_data, ch_tx;
  logic            dec_valid, dec_first, dec_last, dec_uncorr, dec_ferr;
  logic [P*10-1:0] dec_data;
  logic [4:0]      dec_errors, dec_corr_sym;
  logic [8:0]      dec_corr_bits;
  logic            unused_dec_first;

  rs_encoder #(.N(N), .K(K), .P(P)) u_enc (
    .clk_i,
    .rst_ni,
    .in_valid_i     (src_valid),
    .in_ready_o     (src_ready),
    .in_data_i      (src_data),
    .in_first_i     (src_beat_q == '0),
    .in_last_i      (src_beat_q == LastBeat),
    .out_valid_o    (enc_valid),
    .out_ready_i    (enc_ready),
    .out_data_o     (enc_data),
    .out_first_o    (enc_first),
    .out_last_o     (enc_last),
    .out_frame_err_o(enc_ferr)
  );

  // inner statistics of the concatenated link
  logic       in_pre_v, in_dec_v, in_corr, in_unc, link_ferr;
  logic [7:0] in_pre_bits;
  logic [6:0] in_post_bits;

  if (Concat) begin : g_cat
    logic unused_cat;
    assign unused_cat = ^{NoiseEn, inj_en_i, inj_thresh_i, inj_burst_i};
    emu_cat_link #(
      .InnerP    (InnerP),
      .InnerChase(InnerChase),
      .ChaseL    (ChaseL)
    ) u_link (
      .clk_i,
      .rst_ni,
      .load_i         (start_i),
      .seed_i,
      .correct_en_i,
      .noise_en_i,
      .amp_i,
      .c1_i,
      .c2_i,
      .flush_i        ((sent_q != 32'd0) && !src_active && !enc_valid),
      .in_valid_i     (enc_valid),
      .in_ready_o     (enc_ready),
      .in_data_i      (enc_data),
      .out_valid_o    (ch_valid),
      .out_ready_i    (ch_ready),
      .out_data_o     (ch_data),
      .out_tx_o       (ch_tx),
      .out_first_o    (ch_first),
      .out_last_o     (ch_last),
      .pre_v_o        (in_pre_v),
      .pre_bits_o     (in_pre_bits),
      .dec_v_o        (in_dec_v),
      .dec_corrected_o(in_corr),
      .dec_uncorr_o   (in_unc),
      .post_bits_o    (in_post_bits),
      .done_o         (link_done),
      .busy_o         (link_busy),
      .frame_err_o    (link_ferr)
    );
    logic unused_enc_first_last;
    assign unused_enc_first_last = ^{enc_first, enc_last};
  end else begin : g_kp4
    emu_channel #(.P(P), .NoiseEn(NoiseEn)) u_chan (
      .clk_i,
      .rst_ni,
      .load_i      (start_i),
      .seed_i,
      .noise_en_i,
      .amp_i,
      .c1_i,
      .c2_i,
      .inj_en_i,
      .inj_thresh_i,
      .inj_burst_i,
      .in_valid_i  (enc_valid),
      .in_ready_o  (enc_ready),
      .in_data_i   (enc_data),
      .in_first_i  (enc_first),
      .in_last_i   (enc_last),
      .out_valid_o (ch_valid),
      .out_ready_i (ch_ready),
      .out_data_o  (ch_data),
      .out_tx_o    (ch_tx),
      .out_first_o (ch_first),
      .out_last_o  (ch_last)
    );
    assign link_done    = 1'b0;
    assign link_busy    = 1'b0;
    assign link_ferr    = 1'b0;
    assign in_pre_v     = 1'b0;
    assign in_dec_v     = 1'b0;
    assign in_corr      = 1'b0;
    assign in_unc       = 1'b0;
    assign in_pre_bits  = '0;
    assign in_post_bits = '0;
  end

  rs_decoder #(.N(N), .K(K), .P(P), .KesPe(KesPe)) u_dec (
    .clk_i,
    .rst_ni,
    .correct_en_i,
    .in_valid_i     (ch_valid),
    .in_ready_o     (ch_ready),
    .in_data_i      (ch_data),
    .in_first_i     (ch_first),
    .in_last_i      (ch_last),
    .in_frame_err_o (dec_ferr),
    .out_valid_o    (dec_valid),
    .out_ready_i    (1'b1),
    .out_data_o     (dec_data),
    .out_first_o    (dec_first),
    .out_last_o     (dec_last),
    .out_uncorr_o   (dec_uncorr),
    .out_errors_o   (dec_errors),
    .out_corr_sym_o (dec_corr_sym),
    .out_corr_bits_o(dec_corr_bits)
  );
  assign unused_dec_first = dec_first;

  // ---- checker reference ----
  emu_lfsr #(.Steps(P * 10)) u_ref (
    .clk_i,
    .rst_ni,
    .load_i(start_i),
    .seed_i(emu_pkg::lfsr_seed(seed_i, 32'd0)),
    .adv_i (dec_valid),
    .bits_o(chk_ref)
  );

  // ---- per-beat error counts ----
  logic [PopW-1:0] pre_bits, post_bits;
  logic [7:0]      pre_syms;
  logic            ch_acc;
  assign ch_acc = ch_valid && ch_ready;

  always_comb begin
    logic [9:0]  d;
    logic [31:0] pos;
    pre_bits = '0;
    post_bits = '0;
    pre_syms = '0;
    for (int unsigned l = 0; l < P; l++) begin
      d = ch_data[10*l +: 10] ^ ch_tx[10*l +: 10];
      pre_bits = pre_bits + {{(PopW-4){1'b0}}, emu_pkg::popcount10(d)};
      pre_syms = pre_syms + {7'd0, d != 10'd0};
      pos = {{(32-BeatW){1'b0}}, chk_beat_q} * P + l;
      if (pos < K) begin
        post_bits = post_bits + {{(PopW-4){1'b0}},
                                 emu_pkg::popcount10(dec_data[10*l +: 10] ^ chk_ref[10*l +: 10])};
      end
    end
  end

  // ---- counters: per-codeword counts here, the CntW-bit counters in emu_cnt_bank ----
  logic [DW-1:0]   pre_bits_acc_q, pre_syms_acc_q, post_bits_acc_q;
  logic [DW-1:0]   pre_bits_cw, pre_syms_cw, post_bits_cw;
  logic [12:0]     win_cw_q;
  logic [22:0]     win_err_q, win_err;
  logic [4:0]      cw_sym_err;
  logic            hi_ser_q, ferr_q, dec_cw, ch_cw, src_cw, win_end, cnt_busy;
  logic            bank_rd_req, bank_rd_gnt, bank_rd_valid;
  logic [CntW-1:0] bank_rd_data;

  assign cw_sym_err   = dec_uncorr ? Tp1 : dec_errors;
  assign win_err      = win_err_q + {18'd0, cw_sym_err};
  assign dec_cw       = dec_valid && dec_last;
  assign src_cw       = src_acc && (src_beat_q == LastBeat);
  assign ch_cw        = ch_acc && ch_last;
  assign win_end      = (win_cw_q == 13'h1fff);
  assign pre_bits_cw  = pre_bits_acc_q + {{(DW-PopW){1'b0}}, pre_bits};
  assign pre_syms_cw  = pre_syms_acc_q + {{(DW-8){1'b0}}, pre_syms};
  assign post_bits_cw = post_bits_acc_q + {{(DW-PopW){1'b0}}, post_bits};

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pre_bits_acc_q  <= '0;
      pre_syms_acc_q  <= '0;
      post_bits_acc_q <= '0;
      chk_beat_q      <= '0;
      flight_q        <= '0;
      win_cw_q        <= '0;
      win_err_q       <= '0;
      hi_ser_q        <= 1'b0;
      ferr_q          <= 1'b0;
    end else if (start_i) begin
      pre_bits_acc_q  <= '0;
      pre_syms_acc_q  <= '0;
      post_bits_acc_q <= '0;
      chk_beat_q      <= '0;
      flight_q        <= '0;
      win_cw_q        <= '0;
      win_err_q       <= '0;
      hi_ser_q        <= 1'b0;
      ferr_q          <= 1'b0;
    end else begin
      if (src_cw && !dec_cw) flight_q <= flight_q + 8'd1;
      if (!src_cw && dec_cw) flight_q <= flight_q - 8'd1;
      if (enc_ferr || dec_ferr || link_ferr) ferr_q <= 1'b1;
      if (ch_acc) begin
        pre_bits_acc_q <= ch_last ? '0 : pre_bits_cw;
        pre_syms_acc_q <= ch_last ? '0 : pre_syms_cw;
      end
      if (dec_valid) begin
        chk_beat_q      <= (chk_beat_q == LastBeat) ? '0 : chk_beat_q + 1'b1;
        post_bits_acc_q <= dec_last ? '0 : post_bits_cw;
      end
      if (dec_cw) begin
        win_cw_q <= win_cw_q + 1'b1;
        if (win_end) begin
          win_err_q <= '0;
          hi_ser_q  <= (win_err > 23'd6380);
        end else begin
          win_err_q <= win_err;
        end
      end
    end
  end

  emu_cnt_bank #(
    .CntW(CntW),
    .NCnt(NCnt),
    .DW  (DW)
  ) u_cnt (
    .clk_i,
    .rst_ni,
    .clear_i        (start_i),
    .dec_v_i        (dec_cw),
    .dec_corrected_i(!dec_uncorr && (dec_errors != 5'd0)),
    .dec_uncorr_i   (dec_uncorr),
    .dec_corr_sym_i (dec_corr_sym),
    .dec_corr_bits_i(dec_corr_bits),
    .dec_sym_err_i  (cw_sym_err),
    .dec_post_bits_i(post_bits_cw),
    .dec_hi_win_i   (win_end && (win_err > 23'd6380)),
    .pre_v_i        (ch_cw),
    .pre_bits_i     (pre_bits_cw),
    .pre_syms_i     (pre_syms_cw),
    .rd_req_i       (bank_rd_req),
    .rd_idx_i       (cnt_rd_idx_i),
    .rd_gnt_o       (bank_rd_gnt),
    .rd_valid_o     (bank_rd_valid),
    .rd_data_o      (bank_rd_data),
    .busy_o         (cnt_busy)
  );

  // counters 27..31 (concatenated variant): registers, read without the bank
  if (Concat) begin : g_icnt
    logic [CntW-1:0] icnt_q [5];
    logic [CntW-1:0] ext_data_q;
    logic            ext_v_q, is_ext, unused_ext_hi;
    logic [4:0]      ext_i;
    assign is_ext = (cnt_rd_idx_i >= 5'd27);
    assign ext_i  = cnt_rd_idx_i - 5'd27;
    assign unused_ext_hi = ^ext_i[4:3];
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        for (int unsigned i = 0; i < 5; i++) icnt_q[i] <= '0;
        ext_v_q    <= 1'b0;
        ext_data_q <= '0;
      end else if (start_i) begin
        for (int unsigned i = 0; i < 5; i++) icnt_q[i] <= '0;
        ext_v_q <= 1'b0;
      end else begin
        if (in_dec_v) begin
          icnt_q[0] <= icnt_q[0] + 1'b1;
          icnt_q[1] <= icnt_q[1] + {{(CntW-1){1'b0}}, in_corr};
          icnt_q[2] <= icnt_q[2] + {{(CntW-1){1'b0}}, in_unc};
          icnt_q[4] <= icnt_q[4] + {{(CntW-7){1'b0}}, in_post_bits};
        end
        if (in_pre_v) icnt_q[3] <= icnt_q[3] + {{(CntW-8){1'b0}}, in_pre_bits};
        ext_v_q <= cnt_rd_req_i && is_ext;
        if (cnt_rd_req_i && is_ext) ext_data_q <= icnt_q[ext_i[2:0]];
      end
    end
    assign bank_rd_req    = cnt_rd_req_i && !is_ext;
    assign cnt_rd_gnt_o   = is_ext ? 1'b1 : bank_rd_gnt;
    assign cnt_rd_valid_o = bank_rd_valid || ext_v_q;
    assign cnt_rd_data_o  = ext_v_q ? ext_data_q : bank_rd_data;
  end else begin : g_no_icnt
    logic unused_icnt;
    assign unused_icnt    = ^{in_pre_v, in_dec_v, in_corr, in_unc, in_pre_bits, in_post_bits};
    assign bank_rd_req    = cnt_rd_req_i;
    assign cnt_rd_gnt_o   = bank_rd_gnt;
    assign cnt_rd_valid_o = bank_rd_valid;
    assign cnt_rd_data_o  = bank_rd_data;
  end

  assign busy_o      = src_active || (flight_q != 8'd0) || cnt_busy || link_busy;
  assign hi_ser_o    = hi_ser_q;
  assign frame_err_o = ferr_q;

endmodule : ber_emulator

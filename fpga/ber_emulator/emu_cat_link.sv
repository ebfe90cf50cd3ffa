// Concatenated 802.3dj link of the BER emulator (docs/fpga.md, "Concatenated variant"): it
// takes the place of emu_channel between the KP4 encoder (P = 4: one 40-bit beat = 4 FEC
// symbols = one CI block) and the KP4 decoder:
//   conv_interleaver -> emu_blk_to_cw -> inner_enc (InnerP symbols per clock) ->
//   emu_llr_chan (PAM4 + ISI + CLT noise -> slicer-input LLRs, S7) -> register ->
//   inner_dec (inner_dec_hard | inner_dec_chase by InnerChase) -> inner_cw_to_blk -> conv_interleaver
//   (deinterleave) -> KP4 decoder input
// Bit order: FEC symbol bit 2j is A of its pair j (emu_noise_chan, halo::fec::FecRx); a CI
// block holds pair q = 5 l + j of lane l at [2q +: 2] as {A, B} (conv_interleaver's format).
//
// Stream alignment: the pair interleaver + deinterleaver delays every block by MaxDelay =
// Branches (Branches - 1) Depth blocks and starts with all-zero delay lines, so the first
// MaxDelay deinterleaver outputs are dropped; after them, output block m is input block m. A
// run ends with a flush (flush_i: the source is done): zero blocks enter the interleaver until
// at least MaxDelay of them went in and the block count is a multiple of 3 (whole inner
// messages); deinterleaver outputs that are flush blocks are dropped (pend_q counts the data
// blocks in the link). done_o: flushed; the link takes no more data until load_i (CMD.start).
//
// Alongside the data, the deinterleaver carries the inner decoder's residual error pattern
// (decoded XOR transmitted message pairs; the transmitted pairs wait in a FIFO beside the
// decoder), so out_tx_o = out_data_o XOR error is the KP4 codeword as sent (pre-FEC counters).
// Inner statistics, one pulse per inner codeword: pre_v_o with the hard-decision bit errors of
// the 128 line bits (the LLR signs against the transmitted pairs), dec_v_o with the decoder's
// verdict and the bit errors left in the 120 message bits. load_i restarts the link (must be
// issued when it is idle, as CMD.start). Golden model: halo::verif::run_emu_cat_model.
`include "halo_assert.svh"

module emu_cat_link #(
  // Inner code PAM4 symbols per clock (divides 64; 16: 4 beats per inner codeword)
  parameter int unsigned InnerP = 16,
  // Inner decoder: 0 hard decision (inner_dec_hard), 1 Chase-2 (inner_dec_chase)
  parameter bit InnerChase = 1'b1,
  // Chase L (2..6)
  parameter int unsigned ChaseL = 4,
  // Convolutional interleaver (Clause 177: 3 branches, delay step 192 blocks)
  parameter int unsigned Branches = 3,
  parameter int unsigned Depth = 192,
  // CLT noise generator (emu_noise_chan)
  parameter int unsigned Terms = 12,
  parameter int unsigned UBits = 4
) (
  // Clock and active-low asynchronous reset
  input  logic        clk_i,
  input  logic        rst_ni,
  // Restart (CMD.start) and configuration
  input  logic        load_i,
  input  logic [31:0] seed_i,
  input  logic        correct_en_i,   // inner decoder corrects (0: bypass)
  input  logic        noise_en_i,
  input  logic [11:0] amp_i,
  input  logic [11:0] c1_i,
  input  logic [11:0] c2_i,
  // The source is done: flush the interleavers
  input  logic        flush_i,
  // Input stream: KP4 encoder beats (4 FEC symbols)
  input  logic        in_valid_i,
  output logic        in_ready_o,
  input  logic [39:0] in_data_i,
  // Output stream: KP4 decoder beats (received and transmitted), 136 per KP4 codeword
  output logic        out_valid_o,
  input  logic        out_ready_i,
  output logic [39:0] out_data_o,
  output logic [39:0] out_tx_o,
  output logic        out_first_o,
  output logic        out_last_o,
  // Inner statistics (one pulse per inner codeword)
  output logic        pre_v_o,
  output logic [7:0]  pre_bits_o,
  output logic        dec_v_o,
  output logic        dec_corrected_o,
  output logic        dec_uncorr_o,
  output logic [6:0]  post_bits_o,
  // Status
  output logic        done_o,
  output logic        busy_o,
  output logic        frame_err_o
);
  localparam int unsigned LlrW = halo_fixed_pkg::LlrBits;
  localparam int unsigned MaxDelayI = Branches * (Branches - 1) * Depth;
  localparam logic [15:0] MaxDelay = MaxDelayI[15:0];
  localparam int unsigned Beats = 64 / InnerP;
  localparam int unsigned TxDepth = 32;   // >= beats held by a decoder (2 x 64/P + 7)
  localparam int unsigned PopW = $clog2(2 * InnerP + 1);

  `HALO_ASSERT_INIT(ParamCheck_A, (MaxDelayI < 32768) && (64 % InnerP == 0) && (InnerP >= 4) &&
                    (2 * Beats + 8 <= TxDepth))

  // swap the two bits of every pair: FEC symbol bit order (A = bit 2q) <-> {A, B} at [2q +: 2]
  function automatic logic [39:0] swap_pairs(input logic [39:0] v);
    for (int unsigned q = 0; q < 20; q++) swap_pairs[2*q +: 2] = {v[2*q], v[2*q+1]};
  endfunction

  // ---------------------------------------------------------------- input, flush
  logic        done_q, fl_act, il_in_valid, il_in_ready, il_acc, real_acc;
  logic [15:0] fl_cnt_q, pend_q, nio_q;
  logic [1:0]  mod3_q;
  logic [39:0] il_in_data;
  logic        out_acc, dil_acc, pass, drop_disc;
  logic [15:0] disc_q;

  assign fl_act      = flush_i && !done_q && !in_valid_i && ((fl_cnt_q < MaxDelay) || (mod3_q != 2'd0));
  assign il_in_valid = ((in_valid_i && !done_q) || fl_act) && !load_i;
  assign il_in_data  = in_valid_i ? swap_pairs(in_data_i) : 40'd0;
  assign in_ready_o  = il_in_ready && !done_q && !load_i;
  assign il_acc      = il_in_valid && il_in_ready;
  assign real_acc    = il_acc && in_valid_i;

  // ---------------------------------------------------------------- interleaver, gearbox, encoder
  logic               il_valid, il_ready;
  logic [39:0]        il_data;
  logic               gb_valid, gb_ready, gb_first, gb_last;
  logic [2*InnerP-1:0] gb_data;
  logic               enc_valid, enc_ready, enc_first, enc_last, enc_ferr, enc_acc;
  logic [2*InnerP-1:0] enc_data;

  conv_interleaver #(.Branches(Branches), .Depth(Depth), .Deinterleave(1'b0)) u_il (
    .clk_i,
    .rst_ni,
    .clear_i    (load_i),
    .in_valid_i (il_in_valid),
    .in_ready_o (il_in_ready),
    .in_data_i  (il_in_data),
    .out_valid_o(il_valid),
    .out_ready_i(il_ready),
    .out_data_o (il_data)
  );

  emu_blk_to_cw #(.P(InnerP)) u_gb_tx (
    .clk_i,
    .rst_ni,
    .clear_i    (load_i),
    .in_valid_i (il_valid),
    .in_ready_o (il_ready),
    .in_data_i  (il_data),
    .out_valid_o(gb_valid),
    .out_ready_i(gb_ready),
    .out_data_o (gb_data),
    .out_first_o(gb_first),
    .out_last_o (gb_last)
  );

  inner_enc #(.P(InnerP)) u_enc (
    .clk_i,
    .rst_ni,
    .in_valid_i     (gb_valid),
    .in_ready_o     (gb_ready),
    .in_data_i      (gb_data),
    .in_first_i     (gb_first),
    .in_last_i      (gb_last),
    .out_valid_o    (enc_valid),
    .out_ready_i    (enc_ready),
    .out_data_o     (enc_data),
    .out_first_o    (enc_first),
    .out_last_o     (enc_last),
    .out_frame_err_o(enc_ferr)
  );

  // ---------------------------------------------------------------- channel + register
  logic [2*InnerP*LlrW-1:0] llr, ch_llr_q;
  logic [2*InnerP-1:0]      ch_tx_q, ch_hard;
  logic                     ch_valid_q, ch_first_q, ch_last_q, dec_in_ready, ch_acc;
  logic [PopW-1:0]          pre_beat;
  logic [7:0]               pre_acc_q, pre_cw;

  assign enc_ready = !ch_valid_q || dec_in_ready;
  assign enc_acc   = enc_valid && enc_ready;

  emu_llr_chan #(.P(InnerP), .Terms(Terms), .UBits(UBits)) u_chan (
    .clk_i,
    .rst_ni,
    .en_i     (noise_en_i),
    .amp_i,
    .c1_i,
    .c2_i,
    .load_i,
    .seed_i,
    .adv_i    (enc_acc),
    .in_data_i(enc_data),
    .out_llr_o(llr)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ch_valid_q <= 1'b0;
      ch_first_q <= 1'b0;
      ch_last_q  <= 1'b0;
      ch_llr_q   <= '0;
      ch_tx_q    <= '0;
    end else if (load_i) begin
      ch_valid_q <= 1'b0;
    end else if (enc_ready) begin
      ch_valid_q <= enc_valid;
      if (enc_valid) begin
        ch_first_q <= enc_first;
        ch_last_q  <= enc_last;
        ch_llr_q   <= llr;
        ch_tx_q    <= enc_data;
      end
    end
  end

  // pre-inner bit errors: LLR signs (bit A of lane l = MSB of LLR 2l) against the sent pairs
  always_comb begin
    pre_beat = '0;
    for (int unsigned l = 0; l < InnerP; l++) begin
      ch_hard[2*l+1] = ch_llr_q[LlrW*(2*l+1)-1];
      ch_hard[2*l]   = ch_llr_q[LlrW*(2*l+2)-1];
      pre_beat = pre_beat + {{(PopW-1){1'b0}}, ch_hard[2*l+1] ^ ch_tx_q[2*l+1]}
                          + {{(PopW-1){1'b0}}, ch_hard[2*l] ^ ch_tx_q[2*l]};
    end
  end
  assign ch_acc = ch_valid_q && dec_in_ready;
  assign pre_cw = (ch_first_q ? 8'd0 : pre_acc_q) + {{(8-PopW){1'b0}}, pre_beat};

  // ---------------------------------------------------------------- inner decoder
  logic                dec_valid, dec_ready, dec_first, dec_last, dec_corr, dec_unc, dec_ferr, dec_acc;
  logic [2*InnerP-1:0] dec_data;

  logic [67:0] unused_flips;
  inner_dec #(.P(InnerP), .Dec(InnerChase ? 2 : 1), .ChaseL(ChaseL), .LlrW(LlrW)) u_dec (
    .clk_i,
    .rst_ni,
    .chase_i        (InnerChase),
    .correct_en_i,
    .in_valid_i     (ch_valid_q),
    .in_ready_o     (dec_in_ready),
    .in_llr_i       (ch_llr_q),
    .in_first_i     (ch_first_q),
    .in_last_i      (ch_last_q),
    .in_frame_err_o (dec_ferr),
    .out_valid_o    (dec_valid),
    .out_ready_i    (dec_ready),
    .out_data_o     (dec_data),
    .out_first_o    (dec_first),
    .out_last_o     (dec_last),
    .out_corrected_o(dec_corr),
    .out_uncorr_o   (dec_unc),
    .out_flips_o    (unused_flips)
  );

  // transmitted beats of the codewords inside the decoder
  logic                txf_full, txf_valid, unused_dec_first;
  logic [2*InnerP-1:0] txf_data, err;
  logic [PopW-1:0]     post_beat;
  logic [6:0]          post_acc_q, post_cw;
  logic [31:0]         obeat_q;

  halo_fifo #(.Width(2 * InnerP), .Depth(TxDepth)) u_txf (
    .clk_i,
    .rst_ni,
    .wvalid_i(ch_acc),
    .wdata_i (ch_tx_q),
    .full_o  (txf_full),
    .rvalid_o(txf_valid),
    .rready_i(dec_acc),
    .rdata_o (txf_data)
  );
  assign unused_dec_first = dec_first;

  // residual errors in the message symbols (0..59) of the decoder output beat
  assign err = dec_data ^ txf_data;
  always_comb begin
    post_beat = '0;
    for (int unsigned l = 0; l < InnerP; l++) begin
      if (obeat_q * InnerP + l < 60) begin
        post_beat = post_beat + {{(PopW-1){1'b0}}, err[2*l]} + {{(PopW-1){1'b0}}, err[2*l+1]};
      end
    end
  end
  assign post_cw = (obeat_q == 32'd0 ? 7'd0 : post_acc_q) + {{(7-PopW){1'b0}}, post_beat};

  // ---------------------------------------------------------------- gearbox, deinterleavers
  logic [4*InnerP-1:0] rx_sym;
  logic                gr_valid, gr_ready, dil_valid, dil_valid_e, dil_ready, unused_dil_ready_e;
  logic [79:0]         gr_data;
  logic [39:0]         gr_d, gr_e, dil_d, dil_e;

  for (genvar l = 0; l < InnerP; l++) begin : g_rx_sym
    assign rx_sym[4*l +: 4] = {err[2*l +: 2], dec_data[2*l +: 2]};
  end

  inner_cw_to_blk #(.P(InnerP), .SymW(4)) u_gb_rx (
    .clk_i,
    .rst_ni,
    .clear_i    (load_i),
    .in_valid_i (dec_valid),
    .in_ready_o (dec_ready),
    .in_data_i  (rx_sym),
    .out_valid_o(gr_valid),
    .out_ready_i(gr_ready),
    .out_data_o (gr_data)
  );
  assign dec_acc = dec_valid && dec_ready;

  for (genvar q = 0; q < 20; q++) begin : g_split
    assign gr_d[2*q +: 2] = gr_data[4*q +: 2];
    assign gr_e[2*q +: 2] = gr_data[4*q + 2 +: 2];
  end

  // data and error pattern in lockstep (same handshakes)
  conv_interleaver #(.Branches(Branches), .Depth(Depth), .Deinterleave(1'b1)) u_dil (
    .clk_i,
    .rst_ni,
    .clear_i    (load_i),
    .in_valid_i (gr_valid),
    .in_ready_o (gr_ready),
    .in_data_i  (gr_d),
    .out_valid_o(dil_valid),
    .out_ready_i(dil_ready),
    .out_data_o (dil_d)
  );
  conv_interleaver #(.Branches(Branches), .Depth(Depth), .Deinterleave(1'b1)) u_dil_e (
    .clk_i,
    .rst_ni,
    .clear_i    (load_i),
    .in_valid_i (gr_valid),
    .in_ready_o (unused_dil_ready_e),
    .in_data_i  (gr_e),
    .out_valid_o(dil_valid_e),
    .out_ready_i(dil_ready),
    .out_data_o (dil_e)
  );

  // ---------------------------------------------------------------- output gating
  logic [7:0] kbeat_q;
  assign drop_disc   = (disc_q < MaxDelay);
  assign pass        = !drop_disc && (pend_q != 16'd0);
  assign dil_ready   = pass ? out_ready_i : 1'b1;
  assign dil_acc     = dil_valid && dil_ready;
  assign out_valid_o = dil_valid && pass;
  assign out_acc     = out_valid_o && out_ready_i;
  assign out_data_o  = swap_pairs(dil_d);
  assign out_tx_o    = swap_pairs(dil_d ^ dil_e);
  assign out_first_o = (kbeat_q == 8'd0);
  assign out_last_o  = (kbeat_q == 8'd135);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      done_q     <= 1'b0;
      fl_cnt_q   <= '0;
      mod3_q     <= '0;
      pend_q     <= '0;
      nio_q      <= '0;
      disc_q     <= '0;
      kbeat_q    <= '0;
      pre_acc_q  <= '0;
      post_acc_q <= '0;
      obeat_q    <= '0;
      pre_v_o    <= 1'b0;
      pre_bits_o <= '0;
      dec_v_o    <= 1'b0;
      dec_corrected_o <= 1'b0;
      dec_uncorr_o    <= 1'b0;
      post_bits_o     <= '0;
      frame_err_o     <= 1'b0;
    end else if (load_i) begin
      done_q     <= 1'b0;
      fl_cnt_q   <= '0;
      mod3_q     <= '0;
      pend_q     <= '0;
      nio_q      <= '0;
      disc_q     <= '0;
      kbeat_q    <= '0;
      obeat_q    <= '0;
      pre_v_o    <= 1'b0;
      dec_v_o    <= 1'b0;
      frame_err_o <= 1'b0;
    end else begin
      if (flush_i && !done_q && !in_valid_i && !fl_act) done_q <= 1'b1;
      if (il_acc) mod3_q <= (mod3_q == 2'd2) ? 2'd0 : mod3_q + 2'd1;
      if (il_acc && !in_valid_i && fl_cnt_q != 16'hffff) fl_cnt_q <= fl_cnt_q + 16'd1;
      if (real_acc && !out_acc) pend_q <= pend_q + 16'd1;
      if (!real_acc && out_acc) pend_q <= pend_q - 16'd1;
      if (il_acc && !dil_acc) nio_q <= nio_q + 16'd1;
      if (!il_acc && dil_acc) nio_q <= nio_q - 16'd1;
      if (dil_acc && drop_disc) disc_q <= disc_q + 16'd1;
      if (out_acc) kbeat_q <= (kbeat_q == 8'd135) ? 8'd0 : kbeat_q + 8'd1;
      if (enc_ferr || dec_ferr) frame_err_o <= 1'b1;
      // inner statistics
      pre_v_o <= ch_acc && ch_last_q;
      if (ch_acc) begin
        pre_acc_q <= pre_cw;
        if (ch_last_q) pre_bits_o <= pre_cw;
      end
      dec_v_o <= dec_acc && dec_last;
      if (dec_acc) begin
        post_acc_q <= post_cw;
        obeat_q    <= dec_last ? 32'd0 : obeat_q + 32'd1;
        if (dec_last) begin
          post_bits_o     <= post_cw;
          dec_corrected_o <= dec_corr;
          dec_uncorr_o    <= dec_unc;
        end
      end
    end
  end

  assign done_o = done_q;
  assign busy_o = (nio_q != 16'd0) || fl_act || (flush_i && !done_q);

  `HALO_ASSERT(TxFifoNoOverflow_A, !(ch_acc && txf_full), clk_i, rst_ni)
  `HALO_ASSERT(TxFifoHasBeat_A, !(dec_acc && !txf_valid), clk_i, rst_ni)
  `HALO_ASSERT(DilLockstep_A, dil_valid == dil_valid_e, clk_i, rst_ni)

endmodule : emu_cat_link

// Counter bank of the BER emulator (docs/fpga.md): NCnt counters of CntW bits (wrapping) in
// one simple dual-port RAM (block RAM) with a pipelined read-modify-write port, instead of
// NCnt adders and an NCnt-way read multiplexer in logic.
// Updates arrive as per-codeword bundles (ber_emulator accumulates the per-beat counts of a
// codeword in small registers): a decoder bundle (dec_v_i, at the last beat of a decoded
// codeword) and a channel bundle (pre_v_i, at the last beat of a received codeword). A bundle
// is held in a pending register and applied one counter per clock (9 slots for the decoder
// bundle, 2 for the channel bundle), so a bundle must not arrive more often than every 12
// clocks per source (N/P >= 16 beats per codeword; asserted).
//   decoder slots: 0 += 1, 1 += corrected, 2 += uncorr, 3 += corr_sym, 4 += corr_bits,
//                  5 += sym_err, 8 += post_bits, 9 += hi_ser_window, 10 + sym_err += 1
//   channel slots: 6 += pre_bits, 7 += pre_syms
// clear_i clears every counter at once (a stale flag per counter: a stale counter reads as 0
// and its next update starts from 0) and drops pending bundles. Reads (rd_req_i) are served
// when no update is in progress; rd_valid_o and rd_data_o follow one clock after acceptance
// (rd_req_i && rd_gnt_o). busy_o: bundles pending or an update in flight; the counters are
// final when the emulator is idle and busy_o = 0.
`include "halo_assert.svh"

module emu_cnt_bank #(
  // Counter width and count
  parameter int unsigned CntW = 32,
  parameter int unsigned NCnt = 27,
  // Width of the per-codeword deltas of the bundles
  parameter int unsigned DW = 16
) (
  // Clock and active-low asynchronous reset
  input  logic                    clk_i,
  input  logic                    rst_ni,
  // Clear all counters (has priority over everything else)
  input  logic                    clear_i,
  // Decoder bundle: one per decoded codeword
  input  logic                    dec_v_i,
  input  logic                    dec_corrected_i,  // correctable with >= 1 error located
  input  logic                    dec_uncorr_i,
  input  logic [4:0]              dec_corr_sym_i,
  input  logic [8:0]              dec_corr_bits_i,
  input  logic [4:0]              dec_sym_err_i,    // errors located, T + 1 if uncorrectable
  input  logic [DW-1:0]           dec_post_bits_i,  // post-FEC bit errors of the codeword
  input  logic                    dec_hi_win_i,     // an 802.3 hi_ser window ended above limit
  // Channel bundle: one per received codeword
  input  logic                    pre_v_i,
  input  logic [DW-1:0]           pre_bits_i,
  input  logic [DW-1:0]           pre_syms_i,
  // Read port
  input  logic                    rd_req_i,
  input  logic [4:0]              rd_idx_i,
  output logic                    rd_gnt_o,
  output logic                    rd_valid_o,
  output logic [CntW-1:0]         rd_data_o,
  // Updates pending or in flight
  output logic                    busy_o
);
  localparam logic [3:0] LastDecSlot = 4'd8;
  localparam logic [3:0] LastSlot = 4'd10;

  localparam logic [DW-1:0] One = {{(DW-1){1'b0}}, 1'b1};

  `HALO_ASSERT_INIT(ParamCheck_A, (NCnt == 27) && (CntW >= DW) && (DW >= 10))

  // ---- pending bundles ----
  logic            dpend_q, ppend_q, dcorr_q, dunc_q, dhiw_q;
  logic [4:0]      dcsym_q, dserr_q;
  logic [8:0]      dcbits_q;
  logic [DW-1:0]   dpost_q, pbits_q, psyms_q;
  // ---- sequencer: slot 0..8 decoder bundle, 9..10 channel bundle ----
  logic            seq_q, issue, last_dec, last_pre;
  logic [3:0]      slot_q;
  logic [4:0]      slot_idx;
  logic [DW-1:0]   slot_delta;
  // ---- read-modify-write pipeline ----
  (* ram_style = "block" *) logic [CntW-1:0] mem_q [NCnt];
  logic [CntW-1:0] rdata_q, base, sum;
  logic [4:0]      raddr, s1_idx_q, rd_idx_q;
  logic [DW-1:0]   s1_delta_q;
  logic            s1_v_q, rd_v_q, ren;
  logic [NCnt-1:0] stale_q;

  assign issue    = seq_q;
  assign last_dec = issue && (slot_q == LastDecSlot);
  assign last_pre = issue && (slot_q == LastSlot);

  always_comb begin
    slot_idx   = '0;
    slot_delta = '0;
    case (slot_q)
      4'd0: begin slot_idx = 5'd0; slot_delta = One; end
      4'd1: begin slot_idx = 5'd1; slot_delta = {{(DW-1){1'b0}}, dcorr_q}; end
      4'd2: begin slot_idx = 5'd2; slot_delta = {{(DW-1){1'b0}}, dunc_q}; end
      4'd3: begin slot_idx = 5'd3; slot_delta = {{(DW-5){1'b0}}, dcsym_q}; end
      4'd4: begin slot_idx = 5'd4; slot_delta = {{(DW-9){1'b0}}, dcbits_q}; end
      4'd5: begin slot_idx = 5'd5; slot_delta = {{(DW-5){1'b0}}, dserr_q}; end
      4'd6: begin slot_idx = 5'd8; slot_delta = dpost_q; end
      4'd7: begin slot_idx = 5'd9; slot_delta = {{(DW-1){1'b0}}, dhiw_q}; end
      4'd8: begin slot_idx = 5'd10 + dserr_q; slot_delta = One; end
      4'd9: begin slot_idx = 5'd6; slot_delta = pbits_q; end
      default: begin slot_idx = 5'd7; slot_delta = psyms_q; end
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      dpend_q  <= 1'b0;
      ppend_q  <= 1'b0;
      dcorr_q  <= 1'b0;
      dunc_q   <= 1'b0;
      dhiw_q   <= 1'b0;
      dcsym_q  <= '0;
      dserr_q  <= '0;
      dcbits_q <= '0;
      dpost_q  <= '0;
      pbits_q  <= '0;
      psyms_q  <= '0;
      seq_q    <= 1'b0;
      slot_q   <= '0;
    end else if (clear_i) begin
      dpend_q <= 1'b0;
      ppend_q <= 1'b0;
      seq_q   <= 1'b0;
      slot_q  <= '0;
    end else begin
      if (dec_v_i) begin
        dpend_q  <= 1'b1;
        dcorr_q  <= dec_corrected_i;
        dunc_q   <= dec_uncorr_i;
        dhiw_q   <= dec_hi_win_i;
        dcsym_q  <= dec_corr_sym_i;
        dserr_q  <= dec_sym_err_i;
        dcbits_q <= dec_corr_bits_i;
        dpost_q  <= dec_post_bits_i;
      end else if (last_dec) begin
        dpend_q <= 1'b0;
      end
      if (pre_v_i) begin
        ppend_q <= 1'b1;
        pbits_q <= pre_bits_i;
        psyms_q <= pre_syms_i;
      end else if (last_pre) begin
        ppend_q <= 1'b0;
      end
      // next slot: finish the running bundle, then the other pending one (decoder first)
      if (!seq_q || last_dec || last_pre) begin
        if (dpend_q && !last_dec) begin
          seq_q  <= 1'b1;
          slot_q <= '0;
        end else if (ppend_q && !last_pre) begin
          seq_q  <= 1'b1;
          slot_q <= 4'd9;
        end else begin
          seq_q <= 1'b0;
        end
      end else begin
        slot_q <= slot_q + 4'd1;
      end
    end
  end

  // a bundle never overwrites a pending one (codewords are long enough)
  `HALO_ASSERT(NoDecOverrun_A, !(dec_v_i && dpend_q && !last_dec && !clear_i), clk_i, rst_ni)
  `HALO_ASSERT(NoPreOverrun_A, !(pre_v_i && ppend_q && !last_pre && !clear_i), clk_i, rst_ni)

  // read port: the sequencer, else a host read when no update is in flight
  assign rd_gnt_o = !issue && !s1_v_q && !clear_i;
  assign ren      = issue || (rd_req_i && rd_gnt_o);
  assign raddr    = issue ? slot_idx : rd_idx_i;

  always_ff @(posedge clk_i) begin
    if (ren) rdata_q <= mem_q[raddr];
  end

  // write: the counter read in the previous cycle plus its delta (0 if stale)
  assign base = stale_q[s1_idx_q] ? '0 : rdata_q;
  assign sum  = base + {{(CntW-DW){1'b0}}, s1_delta_q};

  always_ff @(posedge clk_i) begin
    if (s1_v_q && !clear_i) mem_q[s1_idx_q] <= sum;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s1_v_q     <= 1'b0;
      s1_idx_q   <= '0;
      s1_delta_q <= '0;
      rd_v_q     <= 1'b0;
      rd_idx_q   <= '0;
      stale_q    <= '1;
    end else if (clear_i) begin
      s1_v_q  <= 1'b0;
      rd_v_q  <= 1'b0;
      stale_q <= '1;
    end else begin
      s1_v_q     <= issue;
      s1_idx_q   <= slot_idx;
      s1_delta_q <= slot_delta;
      rd_v_q     <= rd_req_i && rd_gnt_o;
      rd_idx_q   <= rd_idx_i;
      if (s1_v_q) stale_q[s1_idx_q] <= 1'b0;
    end
  end

  assign rd_valid_o = rd_v_q;
  assign rd_data_o  = stale_q[rd_idx_q] ? '0 : rdata_q;
  assign busy_o     = dpend_q || ppend_q || seq_q || s1_v_q;

endmodule : emu_cnt_bank

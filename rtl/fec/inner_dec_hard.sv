// IEEE 802.3dj Clause 177 inner FEC hard-decision decoder, P PAM4 symbols per clock
// (docs/inner_fec.md, "Decoders" and "RTL"). Golden model: halo::fec::inner::InnerDecoder
// with InnerAlgo::hard (InnerDecoder::decode on LLRs).
//
// Input: 64/P beats per codeword, P symbols per beat, two LLR words of LlrW bits per symbol
// (the S7 format of halo/fixed.hpp: positive = bit 0, the MSB is the hard decision),
// transmission order: codeword bit b of the beat (b = 2l: A of lane l, b = 2l + 1: B) at
// [LlrW*b +: LlrW]. Output: the 64 corrected symbols as pairs {A, B} (lane l at [2*l +: 2]),
// codeword-shaped like inner_enc's output (symbols 60..63 = the corrected parity); the
// message is symbols 0..59 (InnerFecRx's output).
//
// Decoding: hard decisions, XOR-domain bits x(k) = A ^ B (k < 60) and p_j, syndrome
// s = XOR of the parity-check columns of the set bits, accumulated over the beats. s = 0:
// clean. s = a column i of [G^T | I8]: corrected, XOR-domain position i flipped: a parity
// bit is inverted; a data symbol moves to the neighbouring level on the side of its sample,
// by flipping A when rel(A) < rel(B) (the centre threshold is the nearer), else B, with
// rel(L) = L >= 0 ? L : -1 - L. Any other s: uncorrectable, data passed as received.
// correct_en_i = 0 (sampled with each codeword's first beat): verdicts computed, data
// unchanged (InnerDecoderConfig::correct = false).
//
// Status, valid on the output beat with out_last_o: out_corrected_o (a single XOR-domain
// error located), out_uncorr_o (detected, uncorrectable), out_pos_o (the located position
// 0..67 when out_corrected_o, else 0); InnerDecodeResult::{status, flips[0]}.
//
// Micro-architecture: the received beats (hard pairs + one "flip A" bit per symbol) wait in
// a FIFO of 2 x 64/P beats while the syndrome accumulates; the last beat pushes the
// codeword's syndrome into a verdict FIFO; the output side decodes the head syndrome (68
// constant comparators) and corrects the lane at the located position. Full rate back to
// back; latency 64/P + 1 cycles from a codeword's first input beat to its first output beat.
`include "halo_assert.svh"

module inner_dec_hard #(
  // Symbols per beat; must divide 64.
  parameter int unsigned P = 8,
  // LLR word length (halo_fixed_pkg::LlrBits, fx::kLlrBits)
  parameter int unsigned LlrW = halo_fixed_pkg::LlrBits
) (
  // Clock and active-low asynchronous reset
  input  logic              clk_i,
  input  logic              rst_ni,
  // 1: correct; 0: bypass (verdicts only). Sampled with each codeword's first input beat.
  input  logic              correct_en_i,
  // Input stream: LLRs, 2 per symbol
  input  logic              in_valid_i,
  output logic              in_ready_o,
  input  logic [2*P*LlrW-1:0] in_llr_i,
  input  logic              in_first_i,   // first beat of a codeword (checked)
  input  logic              in_last_i,    // last beat of a codeword (checked)
  // Framing check: an accepted beat's first/last flags disagreed with the beat count
  output logic              in_frame_err_o,
  // Output stream: corrected symbol pairs
  output logic              out_valid_o,
  input  logic              out_ready_i,
  output logic [2*P-1:0]    out_data_o,
  output logic              out_first_o,
  output logic              out_last_o,
  // Codeword status (with out_last_o)
  output logic              out_corrected_o,
  output logic              out_uncorr_o,
  output logic [6:0]        out_pos_o
);

  localparam int unsigned Beats = inner_pkg::CwSymbols / P;   // beats per codeword
  localparam int unsigned BeatW = (Beats > 1) ? $clog2(Beats) : 1;
  localparam int unsigned LastBeatI = Beats - 1;
  localparam logic [BeatW-1:0] LastBeat = LastBeatI[BeatW-1:0];
  localparam int unsigned DataDepth = (2 * Beats > 2) ? 2 * Beats : 2;

  `HALO_ASSERT_INIT(ParamCheck_A, (P >= 1) && (P <= 64) && (64 % P == 0) && (LlrW >= 2))

  // ---------------------------------------------------------------- input side
  logic [BeatW-1:0] ibeat_q;
  logic [7:0]       syn_q, syn_d;
  logic             cen_q, cen_cw;      // correct_en of the codeword being received
  logic [2*P-1:0]   in_pairs;
  logic [P-1:0]     in_flip_a;
  logic             accept, ilast;
  logic             data_full, vrd_full;
  logic [31:0]      ibeat32;

  assign ibeat32 = {{(32 - BeatW){1'b0}}, ibeat_q};
  assign ilast   = (ibeat_q == LastBeat);
  assign in_ready_o = !data_full && !(ilast && vrd_full);
  assign accept  = in_valid_i && in_ready_o;
  assign cen_cw  = (ibeat_q == '0) ? correct_en_i : cen_q;

  always_comb begin
    logic [7:0]      syn;
    logic [LlrW-1:0] la, lb;
    logic [LlrW-2:0] ra, rb;
    syn = (ibeat_q == '0) ? 8'd0 : syn_q;
    for (int unsigned l = 0; l < P; l++) begin
      la = in_llr_i[LlrW*(2*l) +: LlrW];
      lb = in_llr_i[LlrW*(2*l+1) +: LlrW];
      in_pairs[2*l+1] = la[LlrW-1];
      in_pairs[2*l]   = lb[LlrW-1];
      ra = la[LlrW-2:0] ^ {(LlrW-1){la[LlrW-1]}};
      rb = lb[LlrW-2:0] ^ {(LlrW-1){lb[LlrW-1]}};
      in_flip_a[l] = (ra < rb);
      if (ibeat32 * P + l < inner_pkg::MsgSymbols) begin
        if (la[LlrW-1] ^ lb[LlrW-1]) begin
          syn = syn ^ inner_pkg::gen_row(ibeat32 * P + l);
        end
      end else begin
        // parity symbol i = q - 60: A = p_{2i}, B = p_{2i+1}
        syn[2*(ibeat32*P + l - inner_pkg::MsgSymbols)]     ^= la[LlrW-1];
        syn[2*(ibeat32*P + l - inner_pkg::MsgSymbols) + 1] ^= lb[LlrW-1];
      end
    end
    syn_d = syn;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ibeat_q        <= '0;
      syn_q          <= '0;
      cen_q          <= 1'b1;
      in_frame_err_o <= 1'b0;
    end else begin
      in_frame_err_o <= 1'b0;
      if (accept) begin
        ibeat_q        <= ilast ? '0 : ibeat_q + 1'b1;
        syn_q          <= syn_d;
        cen_q          <= cen_cw;
        in_frame_err_o <= (in_first_i != (ibeat_q == '0)) || (in_last_i != ilast);
      end
    end
  end

  // ---------------------------------------------------------------- buffers
  logic             data_rvalid, data_pop, vrd_rvalid, vrd_pop;
  logic [3*P-1:0]   data_head;
  logic [8:0]       vrd_head;           // {correct_en, syndrome}

  halo_fifo #(.Width(3 * P), .Depth(DataDepth)) u_data (
    .clk_i, .rst_ni,
    .wvalid_i (accept),
    .wdata_i  ({in_flip_a, in_pairs}),
    .full_o   (data_full),
    .rvalid_o (data_rvalid),
    .rready_i (data_pop),
    .rdata_o  (data_head)
  );

  halo_fifo #(.Width(9), .Depth(2)) u_verdict (
    .clk_i, .rst_ni,
    .wvalid_i (accept && ilast),
    .wdata_i  ({cen_cw, syn_d}),
    .full_o   (vrd_full),
    .rvalid_o (vrd_rvalid),
    .rready_i (vrd_pop),
    .rdata_o  (vrd_head)
  );

  // ---------------------------------------------------------------- output side
  logic [BeatW-1:0] obeat_q;
  logic [31:0]      obeat32;
  logic             olast, emit;
  logic             found;
  logic [6:0]       pos;
  logic [2*P-1:0]   corr_data;

  logic             out_valid_q, out_first_q, out_last_q;
  logic [2*P-1:0]   out_data_q;
  logic             out_corr_q, out_uncorr_q;
  logic [6:0]       out_pos_q;

  assign obeat32  = {{(32 - BeatW){1'b0}}, obeat_q};
  assign olast    = (obeat_q == LastBeat);
  assign emit     = data_rvalid && vrd_rvalid && (!out_valid_q || out_ready_i);
  assign data_pop = emit;
  assign vrd_pop  = emit && olast;

  // syndrome -> XOR-domain position (68 constant comparators)
  always_comb begin
    found = 1'b0;
    pos   = '0;
    for (int unsigned i = 0; i < 68; i++) begin
      if (vrd_head[7:0] == inner_pkg::h_col(i)) begin
        found = 1'b1;
        pos   = i[6:0];
      end
    end
  end

  always_comb begin
    logic [31:0] q;
    corr_data = data_head[2*P-1:0];
    for (int unsigned l = 0; l < P; l++) begin
      q = obeat32 * P + l;
      if (vrd_head[8] && found) begin
        if (q < inner_pkg::MsgSymbols) begin
          if ({25'd0, pos} == q) begin
            if (data_head[2*P + l]) corr_data[2*l+1] = !corr_data[2*l+1];
            else corr_data[2*l] = !corr_data[2*l];
          end
        end else begin
          // symbol 60 + i carries p_{2i} (A), p_{2i+1} (B): position 60 + 2i, 60 + 2i + 1
          if ({25'd0, pos} == 2 * q - inner_pkg::MsgSymbols) corr_data[2*l+1] = !corr_data[2*l+1];
          if ({25'd0, pos} == 2 * q - inner_pkg::MsgSymbols + 1) corr_data[2*l] = !corr_data[2*l];
        end
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      obeat_q      <= '0;
      out_valid_q  <= 1'b0;
      out_first_q  <= 1'b0;
      out_last_q   <= 1'b0;
      out_data_q   <= '0;
      out_corr_q   <= 1'b0;
      out_uncorr_q <= 1'b0;
      out_pos_q    <= '0;
    end else if (!out_valid_q || out_ready_i) begin
      out_valid_q <= emit;
      if (emit) begin
        obeat_q      <= olast ? '0 : obeat_q + 1'b1;
        out_first_q  <= (obeat_q == '0);
        out_last_q   <= olast;
        out_data_q   <= corr_data;
        out_corr_q   <= olast && found;
        out_uncorr_q <= olast && !found && (vrd_head[7:0] != 8'd0);
        out_pos_q    <= (olast && found) ? pos : 7'd0;
      end
    end
  end

  assign out_valid_o     = out_valid_q;
  assign out_first_o     = out_first_q;
  assign out_last_o      = out_last_q;
  assign out_data_o      = out_data_q;
  assign out_corrected_o = out_corr_q;
  assign out_uncorr_o    = out_uncorr_q;
  assign out_pos_o       = out_pos_q;

  // A stalled output beat must not change; the FIFOs are never written when full.
  `HALO_ASSERT(OutStable_A, (out_valid_q && !out_ready_i) |=> $stable(out_data_q), clk_i, rst_ni)
  `HALO_ASSERT(NoOverflow_A, !(accept && data_full) && !(accept && ilast && vrd_full), clk_i, rst_ni)

endmodule : inner_dec_hard

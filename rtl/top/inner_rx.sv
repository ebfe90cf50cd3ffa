// Clause 177 inner FEC receive path of retimer_rx (docs/retimer_rtl.md, "Inner FEC"):
//   slicer inputs z + thresholds -> inner_llr -> lane_gearbox (drop skip_i symbols: codeword
//   alignment) -> inner_dec_hard | inner_dec_chase (chase_i) -> inner_cw_to_blk (drop the 4
//   parity symbols, 3 CI blocks per message) -> conv_interleaver (deinterleave, 3 x 192) ->
//   OutP-pair beats for the KP4 gearbox.
// Golden model: halo::retimer::RetimerRx with inner_enable (sample_llrs with the thresholds of
// each symbol's decision, InnerFecRx with skip = 2 skip_i LLR entries, ConvInterleaver
// deinterleave). Decoders present (Dec): 1 hard only, 2 Chase-2 (ChaseL) only, 3 both (chase_i
// selects; the other is idle). chase_i, correct_en_i and skip_i must be stable from init_i on
// (retimer_rx_regs applies them with CTRL.INIT). One verdict per decoded codeword on
// cw_valid_o (with the codeword's last output beat): corrected / uncorrectable and the set of
// XOR-domain positions changed (hard decoder: the located position).
`include "halo_assert.svh"

module inner_rx #(
  // Symbols per input beat (divides 64)
  parameter int unsigned P = 8,
  // Decoders: 1 hard, 2 Chase-2, 3 both
  parameter int unsigned Dec = 3,
  // Chase-2 L (2..6)
  parameter int unsigned ChaseL = 4,
  // Deinterleaver (Clause 177: 3 branches, 192 blocks)
  parameter int unsigned Branches = 3,
  parameter int unsigned Depth = 192,
  // Pairs per output beat (divides 20)
  parameter int unsigned OutP = 10
) (
  // Clock and active-low asynchronous reset
  input  logic              clk_i,
  input  logic              rst_ni,
  // Initialisation: codeword alignment and the deinterleaver restart
  input  logic              init_i,
  // Configuration: Chase (1) or hard (0), correct (0: bypass), symbols before codeword 0
  input  logic              chase_i,
  input  logic              correct_en_i,
  input  logic [5:0]        skip_i,
  // Input stream: slicer inputs (S13.3, lane 0 first) and the beat's thresholds (S13.3)
  input  logic              in_valid_i,
  output logic              in_ready_o,
  input  logic [P*13-1:0]   in_z_i,
  input  logic [3*13-1:0]   in_t_i,
  // Output stream: deinterleaved message pairs, lane l bits [2l+1] = A, [2l] = B
  output logic              out_valid_o,
  input  logic              out_ready_i,
  output logic [2*OutP-1:0] out_bits_o,
  // Verdict per codeword
  output logic              cw_valid_o,
  output logic              cw_corrected_o,
  output logic              cw_uncorr_o,
  output logic [67:0]       cw_flips_o,
  // Framing error of a decoder (never expected: the framing is generated here)
  output logic              frame_err_o
);
  localparam int unsigned LlrW = halo_fixed_pkg::LlrBits;
  localparam int unsigned Beats = inner_pkg::CwSymbols / P;
  localparam int unsigned BeatW = (Beats > 1) ? $clog2(Beats) : 1;
  localparam int unsigned LastBeatI = Beats - 1;
  localparam logic [BeatW-1:0] LastBeat = LastBeatI[BeatW-1:0];
  localparam int unsigned Parts = 20 / OutP;
  localparam int unsigned PartW = (Parts > 1) ? $clog2(Parts) : 1;
  localparam int unsigned LastPartI = Parts - 1;
  localparam logic [PartW-1:0] LastPart = LastPartI[PartW-1:0];

  `HALO_ASSERT_INIT(ParamCheck_A, (64 % P == 0) && (20 % OutP == 0) && (Dec >= 1) && (Dec <= 3))

  // ---------------------------------------------------------------- LLRs, alignment, framing
  logic [2*P*LlrW-1:0] llr, al_llr;
  logic                al_valid, al_ready, al_first, al_last;
  logic [BeatW-1:0]    beat_q;

  inner_llr #(.P(P), .LlrW(LlrW)) u_llr (
    .z_i  (in_z_i),
    .t_i  (in_t_i),
    .llr_o(llr)
  );

  lane_gearbox #(.InL(P), .OutL(P), .W(2 * LlrW), .SkipW(6)) u_align (
    .clk_i, .rst_ni,
    .init_i,
    .skip_i,
    .in_valid_i  (in_valid_i),
    .in_ready_o  (in_ready_o),
    .in_data_i   (llr),
    .out_valid_o (al_valid),
    .out_ready_i (al_ready),
    .out_data_o  (al_llr)
  );

  assign al_first = (beat_q == '0);
  assign al_last  = (beat_q == LastBeat);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      beat_q <= '0;
    end else if (init_i) begin
      beat_q <= '0;
    end else if (al_valid && al_ready) begin
      beat_q <= al_last ? '0 : beat_q + 1'b1;
    end
  end

  // ---------------------------------------------------------------- decoders
  logic           d_valid, d_ready, d_last, d_corr, d_unc, d_ferr, unused_first;
  logic [2*P-1:0] d_data;
  logic [67:0]    d_flips;

  inner_dec #(.P(P), .Dec(Dec), .ChaseL(ChaseL), .LlrW(LlrW)) u_dec (
    .clk_i, .rst_ni,
    .chase_i,
    .correct_en_i,
    .in_valid_i     (al_valid),
    .in_ready_o     (al_ready),
    .in_llr_i       (al_llr),
    .in_first_i     (al_first),
    .in_last_i      (al_last),
    .in_frame_err_o (d_ferr),
    .out_valid_o    (d_valid),
    .out_ready_i    (d_ready),
    .out_data_o     (d_data),
    .out_first_o    (unused_first),
    .out_last_o     (d_last),
    .out_corrected_o(d_corr),
    .out_uncorr_o   (d_unc),
    .out_flips_o    (d_flips)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cw_valid_o     <= 1'b0;
      cw_corrected_o <= 1'b0;
      cw_uncorr_o    <= 1'b0;
      cw_flips_o     <= '0;
      frame_err_o    <= 1'b0;
    end else begin
      cw_valid_o <= d_valid && d_ready && d_last;
      if (d_valid && d_ready && d_last) begin
        cw_corrected_o <= d_corr;
        cw_uncorr_o    <= d_unc;
        cw_flips_o     <= d_flips;
      end
      if (init_i) frame_err_o <= 1'b0;
      else if (d_ferr) frame_err_o <= 1'b1;
    end
  end

  // ---------------------------------------------------------------- message blocks, deinterleaver
  logic        b_valid, b_ready, dil_valid, dil_ready;
  logic [39:0] b_data, dil_data;
  logic [PartW-1:0] part_q;

  inner_cw_to_blk #(.P(P), .SymW(2)) u_blk (
    .clk_i, .rst_ni,
    .clear_i    (init_i),
    .in_valid_i (d_valid),
    .in_ready_o (d_ready),
    .in_data_i  (d_data),
    .out_valid_o(b_valid),
    .out_ready_i(b_ready),
    .out_data_o (b_data)
  );

  conv_interleaver #(.Branches(Branches), .Depth(Depth), .Deinterleave(1'b1)) u_dil (
    .clk_i, .rst_ni,
    .clear_i    (init_i),
    .in_valid_i (b_valid),
    .in_ready_o (b_ready),
    .in_data_i  (b_data),
    .out_valid_o(dil_valid),
    .out_ready_i(dil_ready),
    .out_data_o (dil_data)
  );

  // each 20-pair block leaves as Parts beats of OutP pairs
  assign out_valid_o = dil_valid;
  assign out_bits_o  = dil_data[2*OutP*part_q +: 2*OutP];
  assign dil_ready   = out_ready_i && (part_q == LastPart);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      part_q <= '0;
    end else if (init_i) begin
      part_q <= '0;
    end else if (out_valid_o && out_ready_i) begin
      part_q <= (part_q == LastPart) ? '0 : part_q + 1'b1;
    end
  end

endmodule : inner_rx

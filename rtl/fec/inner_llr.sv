// Slicer-input LLRs of the Clause 177 inner FEC (docs/inner_fec.md, "LLR format"): for each of
// P slicer inputs z (S13.3) and the slicer thresholds t0 < t1 < t2 (S13.3) in effect for the
// beat, the two bit LLRs in the S7 format of halo_fixed_pkg (LlrBits, LlrShift):
//   d_A = t1 - 1 - z,   d_B = (z >= t1) ? z - t2 : t0 - 1 - z,   L = sat(d >>> LlrShift)
// (positive = bit 0; the sign is the slicer's decision). Lane l's A word at
// out_llr_o[LlrW*(2l) +: LlrW], B at [LlrW*(2l+1) +: LlrW]: the input format of inner_dec_hard /
// inner_dec_chase. Combinational. Golden model: halo::fec::inner::sample_llrs (inner_llr.hpp).
module inner_llr #(
  // Samples per beat
  parameter int unsigned P = 8,
  // LLR word length and shift (halo_fixed_pkg)
  parameter int unsigned LlrW = halo_fixed_pkg::LlrBits,
  parameter int unsigned LlrShift = halo_fixed_pkg::LlrShift
) (
  // Slicer inputs, S13.3, lane 0 first
  input  logic [P*13-1:0]     z_i,
  // Thresholds t0, t1, t2 at [13k +: 13], S13.3
  input  logic [3*13-1:0]     t_i,
  // LLRs, two per lane (A, B)
  output logic [2*P*LlrW-1:0] llr_o
);
  localparam int signed LlrMaxI = (1 << (LlrW - 1)) - 1;
  localparam logic signed [15:0] LlrMax = LlrMaxI[15:0];
  localparam logic signed [15:0] LlrMin = -LlrMax - 16'sd1;

  // sat(d >>> LlrShift) to LlrW bits
  function automatic logic [LlrW-1:0] llr_of(input logic signed [15:0] d);
    logic signed [15:0] s;
    s = d >>> LlrShift;
    if (s > LlrMax)      s = LlrMax;
    else if (s < LlrMin) s = LlrMin;
    llr_of = s[LlrW-1:0];
  endfunction

  always_comb begin
    logic signed [15:0] z, t0, t1, t2;
    t0 = {{3{t_i[12]}}, t_i[12:0]};
    t1 = {{3{t_i[25]}}, t_i[25:13]};
    t2 = {{3{t_i[38]}}, t_i[38:26]};
    for (int unsigned l = 0; l < P; l++) begin
      z = {{3{z_i[13*l + 12]}}, z_i[13*l +: 13]};
      llr_o[LlrW*(2*l) +: LlrW]   = llr_of(t1 - 16'sd1 - z);
      llr_o[LlrW*(2*l+1) +: LlrW] = llr_of((z >= t1) ? z - t2 : t0 - 16'sd1 - z);
    end
  end

endmodule : inner_llr

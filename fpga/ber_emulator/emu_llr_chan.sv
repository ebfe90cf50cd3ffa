// Soft-output PAM4 channel of the concatenated BER emulator (docs/fpga.md, "Concatenated
// variant"): P PAM4 symbols per beat, lane l = {A, B} at in_data_i[2*l +: 2] (A = bit 1, sent
// first; the Clause 177 inner encoder's output format), Gray mapped (halo_fixed_pkg::gray_map)
// to idx and amplitude s = 2 idx - 3; the slicer-input sample (S13.3 LSB units) is
//   y_k = amp * s_k + c1 * s_{k-1} + c2 * s_{k-2} + n_k          (n_k = 0 when en_i = 0)
// with the CLT noise of emu_noise_chan (n = 2 sum_{m<Terms} u_m - Terms (2^UBits - 1)); lane l
// draws its Terms uniforms (u_m at bits [UBits m +: UBits]) from its own 127-bit emu_lfsr
// seeded emu_pkg::lfsr_seed(seed, 2 + l), advancing Terms x UBits bits per beat. Output: the
// two bit LLRs of each symbol in the S7 format of halo_fixed_pkg (fx::kLlrBits, kLlrShift;
// cmodel halo::fec::inner::sample_llrs with the thresholds {-2 amp, 0, 2 amp}):
//   L_A = sat((-1 - y) >>> LlrShift),  L_B = sat((y >= 0 ? y - 2 amp : -2 amp - 1 - y) >>> LlrShift)
// at out_llr_o[LlrW*(2l) +: LlrW] (A) and [LlrW*(2l+1) +: LlrW] (B): the input format of
// inner_dec_hard / inner_dec_chase. Combinational from the inputs and the state; adv_i commits
// the beat (ISI history, LFSRs). The sample front is emu_pam4_front, shared with emu_noise_chan. Golden model: halo::verif::run_emu_cat_model (emu_model.hpp).
module emu_llr_chan #(
  // PAM4 symbols per beat
  parameter int unsigned P = 16,
  // Uniform terms per noise sample (CLT order) and bits per term
  parameter int unsigned Terms = 12,
  parameter int unsigned UBits = 4,
  // LLR word length and shift (halo_fixed_pkg)
  parameter int unsigned LlrW = halo_fixed_pkg::LlrBits,
  parameter int unsigned LlrShift = halo_fixed_pkg::LlrShift
) (
  // Clock and active-low asynchronous reset
  input  logic                clk_i,
  input  logic                rst_ni,
  // Configuration: noise on, main cursor (unsigned), ISI taps (signed), seed preset
  input  logic                en_i,
  input  logic [11:0]         amp_i,
  input  logic [11:0]         c1_i,
  input  logic [11:0]         c2_i,
  input  logic                load_i,
  input  logic [31:0]         seed_i,
  // Beat
  input  logic                adv_i,
  input  logic [2*P-1:0]      in_data_i,
  output logic [2*P*LlrW-1:0] out_llr_o
);
  localparam int signed LlrMaxI = (1 << (LlrW - 1)) - 1;
  localparam logic signed [19:0] LlrMax = LlrMaxI[19:0];
  localparam logic signed [19:0] LlrMin = -LlrMax - 20'sd1;

  logic [2*P-1:0]  idx;     // Gray level index of lane l at [2l +: 2]
  logic [20*P-1:0] y;

  always_comb begin
    for (int unsigned l = 0; l < P; l++) idx[2*l +: 2] = halo_fixed_pkg::gray_map(in_data_i[2*l+1], in_data_i[2*l]);
  end

  // PAM4 + ISI + CLT noise, one symbol per LFSR lane
  emu_pam4_front #(.Lanes(P), .Syms(1), .Terms(Terms), .UBits(UBits)) u_front (
    .clk_i,
    .rst_ni,
    .noise_en_i(en_i),
    .amp_i,
    .c1_i,
    .c2_i,
    .load_i,
    .seed_i,
    .adv_i,
    .idx_i     (idx),
    .y_o       (y)
  );

  // sat(d >>> LlrShift) to LlrW bits
  function automatic logic [LlrW-1:0] llr_of(input logic signed [19:0] d);
    logic signed [19:0] s;
    s = d >>> LlrShift;
    if (s > LlrMax)      s = LlrMax;
    else if (s < LlrMin) s = LlrMin;
    llr_of = s[LlrW-1:0];
  endfunction

  always_comb begin
    logic signed [19:0] yl, two_amp;
    two_amp = {7'd0, amp_i, 1'b0};
    for (int unsigned l = 0; l < P; l++) begin
      yl = y[20*l +: 20];
      out_llr_o[LlrW*(2*l) +: LlrW]   = llr_of(-20'sd1 - yl);
      out_llr_o[LlrW*(2*l+1) +: LlrW] = llr_of((yl >= 20'sd0) ? yl - two_amp : -two_amp - 20'sd1 - yl);
    end
  end

endmodule : emu_llr_chan

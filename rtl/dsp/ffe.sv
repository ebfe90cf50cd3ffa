// P-parallel feed-forward equalizer (FFE) on ADC codes with LMS adaptation through a fixed
// error delay of AdaptDelay symbols (64, or 128 for P >= 16). Golden model: halo::dsp::Ffe (cmodel/dsp/ffe.cpp, docs/dsp.md).
//
// Per symbol n (lane order inside a beat; output n is symbol n - Pre):
//   x_n = sat(code_n, N) << (8 - N)                                   S8.0
//   if adapting and n >= D, with D = AdaptDelay, m = n - D and the slicer error e_m (S13.3):
//     W_k <- sat(W_k - rshift_round(g(e_m, x_{m-k}), mu), 24)          S24.20
//     c_k  = sat(rshift_round(W_k, 12), 12)                            S12.8
//   y_n = sat(rshift_round(sum_k c_k x_{n-k}, 5), 12)                 S12.3
// The coefficient update of lane j feeds the dot product of lane j (unrolled chain of P
// updates per beat). Errors arrive as beats (err_valid_i, lane j = output bP + j) in output
// order; since P divides D, output beat b uses error beat b - D/P. With adaptation on the
// input stalls (in_ready_o low) until that error beat is present. Errors must be supplied for
// every output beat while adaptation is on (toggle adapt_en_i only then).
`include "halo_assert.svh"

module ffe #(
  // Symbols per beat (divides 64)
  parameter int unsigned P = 1,
  // Number of taps T
  parameter int unsigned T = 16,
  // Pre-cursor taps (main tap index, latency in symbols)
  parameter int unsigned Pre = 5,
  // Adaptation delay in symbols (golden model AdaptConfig::delay; a multiple of P)
  parameter int unsigned AdaptDelay = halo_fixed_pkg::AdaptDelay
) (
  // Clock and active-low asynchronous reset
  input  logic                              clk_i,
  input  logic                              rst_ni,
  // Configuration: ADC resolution N (6..8), adaptation enable / rule / step shift (0..30)
  input  logic [3:0]                        adc_bits_i,
  input  logic                              adapt_en_i,
  input  logic [1:0]                lms_mode_i,
  input  logic [4:0]                        mu_i,
  // Coefficients: load pulse (taps and accumulators := coef_i), current taps; tap k at
  // [12k +: 12], S12.8. Reset: main tap Pre = 1.0, others 0.
  input  logic                              coef_load_i,
  input  logic [T*halo_fixed_pkg::FfeTapBits-1:0] coef_i,
  output logic [T*halo_fixed_pkg::FfeTapBits-1:0] coef_o,
  // Input stream: P signed 8-bit ADC codes (N-bit values, clamped), lane 0 first
  input  logic                              in_valid_i,
  output logic                              in_ready_o,
  input  logic [P*8-1:0]                    in_adc_i,
  // Slicer errors for the outputs, in output order, S13.3 per lane (no backpressure)
  input  logic                              err_valid_i,
  input  logic [P*halo_fixed_pkg::ErrBits-1:0] err_i,
  // Output stream: P equalised samples, S12.3
  output logic                              out_valid_o,
  input  logic                              out_ready_i,
  output logic [P*halo_fixed_pkg::SigBits-1:0] out_y_o
);

  localparam int unsigned Xw = halo_fixed_pkg::XBits;
  localparam int unsigned Ad = AdaptDelay;
  localparam int unsigned H = T - 1 + Ad;       // history samples kept
  localparam int unsigned Win = H + P;          // window of one beat

  logic [P*Xw-1:0]     x;                       // normalised samples of the beat
  logic [Win*Xw-1:0]   xw;                      // sample t: x_{n0+P-1-t}
  logic [P*T*Xw-1:0]   reg_dot, reg_upd;

  // Normalised samples x = sat(code, N) << (8 - N).
  always_comb begin
    logic signed [7:0] code, amax, amin;
    logic [3:0]        up;
    amax = 8'sd127 >>> (4'd8 - adc_bits_i);
    amin = -amax - 8'sd1;
    up   = 4'd8 - adc_bits_i;
    for (int unsigned j = 0; j < P; j++) begin
      code = in_adc_i[8*j +: 8];
      if (code > amax) code = amax;
      if (code < amin) code = amin;
      x[Xw*j +: Xw] = code <<< up;
    end
  end

  // Regressors of the beat: lane j uses x_{n-k} (output) and x_{n-64-k} (update).
  always_comb begin
    for (int unsigned j = 0; j < P; j++) begin
      for (int unsigned k = 0; k < T; k++) begin
        reg_dot[Xw*(T*j + k) +: Xw] = xw[Xw*(P - 1 - j + k) +: Xw];
        reg_upd[Xw*(T*j + k) +: Xw] = xw[Xw*(P - 1 - j + Ad + k) +: Xw];
      end
    end
  end

  lms_filter #(
    .P          (P),
    .NC         (T),
    .RW         (Xw),
    .Cw         (halo_fixed_pkg::FfeTapBits),
    .Guard      (halo_fixed_pkg::FfeGuard),
    .OutShift   (halo_fixed_pkg::FfeTapFrac - halo_fixed_pkg::SigFrac),
    .ResetIndex (Pre),
    .ResetValue (1 << halo_fixed_pkg::FfeTapFrac),
    .Sw         (Xw),
    .H          (H),
    .AdaptDelay (Ad)
  ) u_filter (
    .clk_i,
    .rst_ni,
    .adapt_en_i,
    .lms_mode_i,
    .mu_i,
    .coef_load_i,
    .coef_i,
    .coef_o,
    .in_valid_i,
    .in_ready_o,
    .in_x_i     (x),
    .win_o      (xw),
    .reg_dot_i  (reg_dot),
    .reg_upd_i  (reg_upd),
    .err_valid_i,
    .err_i,
    .out_valid_o,
    .out_ready_i,
    .out_y_o
  );

  `HALO_ASSERT_INIT(ParamCheck_A, T >= 1 && Pre < T)

endmodule

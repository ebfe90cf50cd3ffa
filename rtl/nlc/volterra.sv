// P-parallel Volterra nonlinear compensator (orders 1..3, symmetric kernels) with LMS
// adaptation through a fixed error delay of AdaptDelay symbols (64, or 128 for P >= 16). Golden model: halo::nlc::Volterra
// (cmodel/nlc/volterra.cpp, docs/nlc.md).
//
// Latency L = max(Pre1, Pre2, Pre3); output n is symbol c = n - L; order-k window
// w_k[i] = u_{c + Pre_k - i}, i < N_k. Regressors (S12.3), in the golden model's order:
//   linear w1[i]; pairs p_ij = sat(rshift_round(w2[i] w2[j], 11), 12), i <= j;
//   triples sat(rshift_round(p3_ij w3[k], 11), 12), i <= j <= k (p3 from the order-3 window)
// v_n = sat(rshift_round(sum h r, 10), 12); h S12.10, accumulators W S24.22 (guard 12);
// these widths are halo_fixed_pkg's Vol* parameters (scripts/fixed_formats.yaml).
// The regressors of output n - AdaptDelay (for the LMS update) are recomputed from the input
// history instead of being stored (65 rows x NC x 12 b). Input history, error queue,
// coefficients, LMS update and output: lms_filter.
`include "halo_assert.svh"

module volterra #(
  // Symbols per beat (divides 64)
  parameter int unsigned P = 1,
  // Linear memory and pre-cursors (N1 >= 1)
  parameter int N1 = 1,
  parameter int Pre1 = 0,
  // 2nd-order memory (0 = off) and pre-cursors
  parameter int N2 = 5,
  parameter int Pre2 = 2,
  // 3rd-order memory (0 = off) and pre-cursors
  parameter int N3 = 0,
  parameter int Pre3 = 0,
  // Adaptation delay in symbols (golden model AdaptConfig::delay; a multiple of P)
  parameter int unsigned AdaptDelay = halo_fixed_pkg::AdaptDelay,
  // Number of coefficients N1 + N2(N2+1)/2 + N3(N3+1)(N3+2)/6 (derived)
  localparam int unsigned NumCoef = N1 + N2 * (N2 + 1) / 2 + N3 * (N3 + 1) * (N3 + 2) / 6
) (
  // Clock and active-low asynchronous reset
  input  logic                      clk_i,
  input  logic                      rst_ni,
  // Adaptation enable / rule / step shift (0..30)
  input  logic                      adapt_en_i,
  input  logic [1:0]                lms_mode_i,
  input  logic [4:0]                mu_i,
  // Coefficients (regressor order, S12.10, coefficient i at [12i +: 12]): load pulse sets
  // coefficients and accumulators; reset: linear tap Pre1 = 1.0, others 0
  input  logic                      coef_load_i,
  input  logic [NumCoef*halo_fixed_pkg::VolCoefBits-1:0] coef_i,
  output logic [NumCoef*halo_fixed_pkg::VolCoefBits-1:0] coef_o,
  // Input stream: P samples u, S12.3, lane 0 first
  input  logic                      in_valid_i,
  output logic                      in_ready_o,
  input  logic [P*halo_fixed_pkg::SigBits-1:0] in_u_i,
  // Slicer errors for the outputs, in output order, S13.3 per lane (no backpressure)
  input  logic                      err_valid_i,
  input  logic [P*halo_fixed_pkg::ErrBits-1:0] err_i,
  // Output stream: P compensated samples v, S12.3
  output logic                      out_valid_o,
  input  logic                      out_ready_i,
  output logic [P*halo_fixed_pkg::SigBits-1:0] out_v_o
);

  localparam int unsigned Lat = (Pre1 > Pre2) ? ((Pre1 > Pre3) ? Pre1 : Pre3)
                                              : ((Pre2 > Pre3) ? Pre2 : Pre3);
  localparam int unsigned O1 = Lat - Pre1;
  localparam int unsigned O2 = Lat - Pre2;
  localparam int unsigned O3 = Lat - Pre3;
  localparam int unsigned Dep12 = (O1 + N1 > O2 + N2) ? O1 + N1 : O2 + N2;
  localparam int unsigned Depth = (Dep12 > O3 + N3) ? Dep12 : O3 + N3;
  localparam int unsigned H = Depth - 1 + AdaptDelay;   // history samples kept
  localparam int unsigned Win = H + P;
  localparam int unsigned Ad = AdaptDelay;
  localparam int unsigned Uw = halo_fixed_pkg::SigBits;
  `HALO_ASSERT_INIT(ParamCheck_A, (AdaptDelay % P == 0) && P <= halo_fixed_pkg::MaxBeat && N1 >= 1 &&
                    Pre1 < N1 && (N2 == 0 ? Pre2 == 0 : Pre2 < N2) &&
                    (N3 == 0 ? Pre3 == 0 : Pre3 < N3))

  // Regressor index of pair (a, b), a <= b, and triple (a, b, c), a <= b <= c.
  function automatic int unsigned idx2(input int a, input int b);
    idx2 = N1 + a * N2 - (a * (a - 1)) / 2 + b - a;
  endfunction
  function automatic int unsigned idx3(input int a, input int b, input int c);
    int unsigned idx;
    idx = N1 + N2 * (N2 + 1) / 2;
    for (int x = 0; x < N3; x++) begin
      for (int y = x; y < N3; y++) begin
        if (x < a || (x == a && y < b)) idx = idx + (N3 - y);
      end
    end
    idx3 = idx + c - b;
  endfunction
  // Product regressor sat(rshift_round(x y, Ps), Uw) (Ps = VolProdShift). Exact widths:
  // |x y| <= 2^(2 Uw - 2) needs 2 Uw signed bits, the rounding add (+2^(Ps-1)) one more.
  localparam int unsigned Ps = halo_fixed_pkg::VolProdShift;
  localparam int unsigned Xw = 2 * Uw;
  localparam int unsigned Rw = Xw + 1;
  localparam logic signed [Rw-1:0] PHalf = Rw'(1) <<< (Ps - 1);
  localparam logic signed [Rw-1:0] PMax = Rw'((1 <<< (Uw - 1)) - 1);
  localparam logic signed [Rw-1:0] PMin = -PMax - Rw'(1);
  function automatic logic [Uw-1:0] prod(input logic [Uw-1:0] x, input logic [Uw-1:0] y);
    logic signed [Xw-1:0] xy;
    logic signed [Rw-1:0] r;
    xy = $signed({{Uw{x[Uw-1]}}, x}) * $signed({{Uw{y[Uw-1]}}, y});
    r = $signed({xy[Xw-1], xy} + PHalf) >>> Ps;
    if (r > PMax) prod = {1'b0, {(Uw - 1){1'b1}}};
    else if (r < PMin) prod = {1'b1, {(Uw - 1){1'b0}}};
    else prod = r[Uw-1:0];
  endfunction

  logic [Win*Uw-1:0]       uw;        // sample t: u_{n0+P-1-t} (window from lms_filter)
  logic [P*NumCoef*Uw-1:0] reg_dot, reg_upd;

  // Regressors of lane j's output (base P-1-j, gs = 0) and of the output Ad symbols earlier
  // (gs = 1). Every regressor index is written (no default assignment of the wide vector).
  for (genvar gs = 0; gs < 2; gs++) begin : g_reg
    logic [P*NumCoef*Uw-1:0] r;
    always_comb begin
      logic [Uw-1:0] pab;
      pab = '0;
      for (int unsigned j = 0; j < P; j++) begin
        for (int unsigned k = 0; k < N1; k++) begin
          r[Uw*(NumCoef*j + k) +: Uw] = uw[Uw*(P - 1 - j + gs * Ad + O1 + k) +: Uw];
        end
        for (int a = 0; a < N2; a++) begin
          for (int b = a; b < N2; b++) begin
            r[Uw*(NumCoef*j + idx2(a, b)) +: Uw] =
                prod(uw[Uw*(P - 1 - j + gs * Ad + O2 + a) +: Uw],
                     uw[Uw*(P - 1 - j + gs * Ad + O2 + b) +: Uw]);
          end
        end
        for (int a = 0; a < N3; a++) begin
          for (int b = a; b < N3; b++) begin
            pab = prod(uw[Uw*(P - 1 - j + gs * Ad + O3 + a) +: Uw],
                       uw[Uw*(P - 1 - j + gs * Ad + O3 + b) +: Uw]);
            for (int c = b; c < N3; c++) begin
              r[Uw*(NumCoef*j + idx3(a, b, c)) +: Uw] =
                  prod(pab, uw[Uw*(P - 1 - j + gs * Ad + O3 + c) +: Uw]);
            end
          end
        end
      end
    end
    if (gs == 0) begin : g_dot
      assign reg_dot = r;
    end else begin : g_upd
      assign reg_upd = r;
    end
  end

  lms_filter #(
    .P          (P),
    .NC         (NumCoef),
    .RW         (Uw),
    .Cw         (halo_fixed_pkg::VolCoefBits),
    .Guard      (halo_fixed_pkg::VolGuard),
    .OutShift   (halo_fixed_pkg::VolCoefFrac),
    .ResetIndex (Pre1),
    .ResetValue (1 << halo_fixed_pkg::VolCoefFrac),
    .Sw         (Uw),
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
    .in_x_i     (in_u_i),
    .win_o      (uw),
    .reg_dot_i  (reg_dot),
    .reg_upd_i  (reg_upd),
    .err_valid_i,
    .err_i,
    .out_valid_o,
    .out_ready_i,
    .out_y_o    (out_v_o)
  );

endmodule

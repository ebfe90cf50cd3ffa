// LMS tap adaptation and filter output for one beat of an adapted feed-forward filter
// (combinational; shared by the FFE and the Volterra compensator). Golden model:
// halo::dsp::kern::lms_dot_beat / filter_beat (cmodel/dsp/kernels.cpp).
//
// For lane j = 0..P-1 in order (the coefficient chain is unrolled):
//   if upd_en_i:  W_i <- sat(W_i - rshift_round(g(e_j, ru_j[i]), mu), Cw + Guard)
//                 c_i  = sat(rshift_round(W_i, Guard), Cw)
//   y_j = sat(rshift_round(sum_i c_i rd_j[i], OutShift), 12)            S12.3
// with g the LMS gradient of lms_mode_i (sign-sign, sign-data, full), e_j the delayed slicer
// error (S13.3), ru_j the regressors of the output the error belongs to and rd_j those of
// output j.
module lms_dot_lanes #(
  // Symbols per beat
  parameter int unsigned P = 1,
  // Number of coefficients
  parameter int unsigned NC = 16,
  // Regressor width (signed)
  parameter int unsigned RW = 8,
  // Coefficient width and accumulator guard bits (accumulator = Cw + Guard bits)
  parameter int unsigned Cw = 12,
  parameter int unsigned Guard = 12,
  // Output rounding shift (coefficient fraction minus signal fraction)
  parameter int unsigned OutShift = 5
) (
  // Coefficient accumulators and coefficients before the beat (coefficient i at [W*i +: W])
  input  logic [NC*(Cw+Guard)-1:0]   w_i,
  input  logic [NC*Cw-1:0]           c_i,
  // Adaptation: enable for this beat, rule, step shift, delayed errors (S13.3 per lane)
  input  logic                       upd_en_i,
  input  logic [1:0]                lms_mode_i,
  input  logic [4:0]                 mu_i,
  input  logic [P*13-1:0]            err_i,
  // Regressors: lane j, coefficient i at [RW*(NC*j + i) +: RW]; for the update and the output
  input  logic [P*NC*RW-1:0]         reg_upd_i,
  input  logic [P*NC*RW-1:0]         reg_dot_i,
  // Accumulators and coefficients after the beat, outputs (S12.3 per lane)
  output logic [NC*(Cw+Guard)-1:0]   w_o,
  output logic [NC*Cw-1:0]           c_o,
  output logic [P*12-1:0]            y_o
);

  // ------------------------------------------------------------------ word lengths
  // Every intermediate is held exactly (no wrap, no saturation other than the cmodel's), so
  // the results equal the golden model's int32 arithmetic for mu = 0..30 (its range).
  localparam int unsigned Ew = halo_fixed_pkg::ErrBits;          // e: S13.3
  localparam int unsigned Aw = Cw + Guard;                       // accumulator W
  // Gradient g: full LMS e r, |e r| <= 2^12 2^(RW-1) = 2^(RW+11) -> RW + 13 signed bits;
  // sign-data +-e (|e| <= 2^12, 14 bits) and sign-sign +-2^16 (18 bits) fit in the larger of
  // RW + 13 and 18.
  localparam int unsigned SsW = halo_fixed_pkg::SignSignScale + 2;
  localparam int unsigned Gw = (RW + Ew > SsW) ? RW + Ew : SsW;
  // W - step: both operands exact, one extra bit (then saturated to Aw as in the cmodel).
  localparam int unsigned Uw = ((Aw > Gw) ? Aw : Gw) + 1;
  // Dot product: |c r| <= 2^(Cw-1) 2^(RW-1) needs RW + Cw signed bits; the sum of NC terms
  // needs clog2(NC) more (|sum| <= NC 2^(RW+Cw-2) < 2^(Sw-1)).
  localparam int unsigned Sw = RW + Cw + ((NC > 1) ? $clog2(NC) : 1);
  localparam int SsPosI = 1 << halo_fixed_pkg::SignSignScale;
  localparam logic signed [Gw-1:0] SsPos = SsPosI[Gw-1:0];
  localparam logic signed [Gw:0]   One = {{Gw{1'b0}}, 1'b1};
  // saturation bounds and rounding constants at the width of the value they apply to
  localparam logic signed [Uw-1:0] WHi = {{(Uw-Aw+1){1'b0}}, {(Aw-1){1'b1}}};
  localparam logic signed [Uw-1:0] WLo = {{(Uw-Aw+1){1'b1}}, {(Aw-1){1'b0}}};
  localparam logic signed [Aw:0]   GHalf = {{(Aw+1-Guard){1'b0}}, 1'b1, {(Guard-1){1'b0}}};
  localparam logic signed [Aw:0]   CHi = {{(Aw+2-Cw){1'b0}}, {(Cw-1){1'b1}}};
  localparam logic signed [Aw:0]   CLo = {{(Aw+2-Cw){1'b1}}, {(Cw-1){1'b0}}};
  localparam logic signed [Sw:0]   OHalf = {{(Sw+1-OutShift){1'b0}}, 1'b1, {(OutShift-1){1'b0}}};
  localparam logic signed [Sw:0]   YHi = {{(Sw-10){1'b0}}, {11{1'b1}}};
  localparam logic signed [Sw:0]   YLo = {{(Sw-10){1'b1}}, {11{1'b0}}};

  // g(e, r) of rule mode (halo::dsp::lms_gradient), exact in Gw bits.
  function automatic logic signed [Gw-1:0] grad(input logic [1:0] mode,
                                                input logic signed [Ew-1:0] e,
                                                input logic signed [RW-1:0] r);
    logic signed [Gw-1:0] ex, rx;
    ex = {{(Gw-Ew){e[Ew-1]}}, e};
    rx = {{(Gw-RW){r[RW-1]}}, r};
    case (mode)
      halo_fixed_pkg::LmsSignSign: grad = (e[Ew-1] ^ r[RW-1]) ? -SsPos : SsPos;
      halo_fixed_pkg::LmsSignData: grad = r[RW-1] ? -ex : ex;
      default:                     grad = ex * rx;   // full LMS (code 3 behaves the same)
    endcase
  endfunction

  // rshift_round(g, mu) = floor((g + 2^(mu-1)) / 2^mu) = floor((floor(g / 2^(mu-1)) + 1) / 2)
  // for mu >= 1: the rounding add happens after the first mu - 1 bits are shifted out, so
  // Gw + 1 bits suffice for any mu (no 2^30 rounding constant, no wide barrel shifter).
  function automatic logic signed [Gw-1:0] step(input logic signed [Gw-1:0] g,
                                                input logic [4:0] mu);
    logic signed [Gw:0] t;
    logic [4:0]         m1;
    m1 = mu - 5'd1;
    t = $signed({g[Gw-1], g}) >>> m1;
    t = (t + One) >>> 1;
    step = (mu == 5'd0) ? g : t[Gw-1:0];
  endfunction

  always_comb begin
    logic signed [Uw-1:0] v;
    logic signed [Aw:0]   q;
    logic signed [Sw-1:0] acc;
    logic signed [Sw:0]   yr;
    logic signed [Gw-1:0] g, st;
    logic signed [RW+Cw-1:0] prod;
    logic [Cw-1:0]        cv;
    logic [RW-1:0]        rv;
    logic [Aw-1:0]        wk;
    w_o = w_i;
    c_o = c_i;
    y_o = '0;
    v = '0; q = '0; acc = '0; yr = '0; g = '0; wk = '0; st = '0; prod = '0; cv = '0; rv = '0;
    for (int unsigned j = 0; j < P; j++) begin
      if (upd_en_i) begin
        for (int unsigned i = 0; i < NC; i++) begin
          g  = grad(lms_mode_i, err_i[Ew*j +: Ew], reg_upd_i[RW*(NC*j + i) +: RW]);
          // W <- sat(W - rshift_round(g, mu), Aw)
          st = step(g, mu_i);
          v  = $signed({{(Uw-Aw){w_o[Aw*(i+1)-1]}}, w_o[Aw*i +: Aw]}) - {{(Uw-Gw){st[Gw-1]}}, st};
          if (v > WHi) wk = WHi[Aw-1:0];
          else if (v < WLo) wk = WLo[Aw-1:0];
          else wk = v[Aw-1:0];
          w_o[Aw*i +: Aw] = wk;
          // c = sat(rshift_round(W, Guard), Cw): W + 2^(Guard-1) needs Aw + 1 bits
          q = $signed({wk[Aw-1], wk} + GHalf) >>> Guard;
          if (q > CHi) c_o[Cw*i +: Cw] = CHi[Cw-1:0];
          else if (q < CLo) c_o[Cw*i +: Cw] = CLo[Cw-1:0];
          else c_o[Cw*i +: Cw] = q[Cw-1:0];
        end
      end
      acc = '0;
      for (int unsigned i = 0; i < NC; i++) begin
        cv = c_o[Cw*i +: Cw];
        rv = reg_dot_i[RW*(NC*j + i) +: RW];
        prod = $signed({{RW{cv[Cw-1]}}, cv}) * $signed({{Cw{rv[RW-1]}}, rv});
        acc = acc + {{(Sw-RW-Cw){prod[RW+Cw-1]}}, prod};
      end
      // y = sat(rshift_round(acc, OutShift), 12): the rounding add needs Sw + 1 bits
      yr = $signed({acc[Sw-1], acc} + OHalf) >>> OutShift;
      if (yr > YHi) y_o[12*j +: 12] = YHi[11:0];
      else if (yr < YLo) y_o[12*j +: 12] = YLo[11:0];
      else y_o[12*j +: 12] = yr[11:0];
    end
  end

endmodule

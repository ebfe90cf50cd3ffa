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

  localparam int unsigned Aw = Cw + Guard;

  // Sign extension of a RW-bit regressor / Aw-bit accumulator / Cw-bit coefficient.
  function automatic logic signed [63:0] sxr(input logic [RW-1:0] v);
    sxr = $signed({{(64-RW){v[RW-1]}}, v});
  endfunction
  function automatic logic signed [63:0] sxa(input logic [Aw-1:0] v);
    sxa = $signed({{(64-Aw){v[Aw-1]}}, v});
  endfunction
  function automatic logic signed [63:0] sxc(input logic [Cw-1:0] v);
    sxc = $signed({{(64-Cw){v[Cw-1]}}, v});
  endfunction
  // Saturate to Aw / Cw bits and slice.
  function automatic logic [Aw-1:0] sata(input logic signed [63:0] x);
    logic signed [63:0] hi;
    hi = (64'sd1 <<< (Aw - 1)) - 64'sd1;
    if (x > hi) sata = {1'b0, {(Aw-1){1'b1}}};
    else if (x < -hi - 64'sd1) sata = {1'b1, {(Aw-1){1'b0}}};
    else sata = x[Aw-1:0];
  endfunction
  function automatic logic [Cw-1:0] satc(input logic signed [63:0] x);
    logic signed [63:0] hi;
    hi = (64'sd1 <<< (Cw - 1)) - 64'sd1;
    if (x > hi) satc = {1'b0, {(Cw-1){1'b1}}};
    else if (x < -hi - 64'sd1) satc = {1'b1, {(Cw-1){1'b0}}};
    else satc = x[Cw-1:0];
  endfunction

  always_comb begin
    logic signed [63:0] e, g, acc;
    logic [Aw-1:0]      wk;
    w_o = w_i;
    c_o = c_i;
    y_o = '0;
    e = '0; g = '0; acc = '0; wk = '0;
    for (int unsigned j = 0; j < P; j++) begin
      if (upd_en_i) begin
        e = halo_fixed_pkg::sx13(err_i[13*j +: 13]);
        for (int unsigned i = 0; i < NC; i++) begin
          g  = halo_fixed_pkg::lms_gradient(lms_mode_i, e, sxr(reg_upd_i[RW*(NC*j + i) +: RW]));
          wk = sata(sxa(w_o[Aw*i +: Aw]) - halo_fixed_pkg::rshift_round(g, halo_fixed_pkg::shamt(mu_i)));
          w_o[Aw*i +: Aw] = wk;
          c_o[Cw*i +: Cw] = satc(halo_fixed_pkg::rshift_round(sxa(wk), Guard));
        end
      end
      acc = '0;
      for (int unsigned i = 0; i < NC; i++) begin
        acc = acc + sxc(c_o[Cw*i +: Cw]) * sxr(reg_dot_i[RW*(NC*j + i) +: RW]);
      end
      y_o[12*j +: 12] = halo_fixed_pkg::sat12(halo_fixed_pkg::rshift_round(acc, OutShift));
    end
  end

endmodule

// P-parallel baud-rate Mueller-Muller phase detector with its 2nd-order (PI) loop filter and
// phase accumulator. Golden model: halo::dsp::CdrMm (cmodel/dsp/cdr.cpp).
//
// Per symbol n (lane order; v_n: PD sample input, S12.3; a = 2s - 3; D = Delay):
//   u_n   = v_{n-D}                                              (0 after init)
//   pd_n  = u_n a_{n-1} - u_{n-1} a_n                            S16 (type A)
//   f_n   = sat(f_{n-1} + pd_n, 32)                               S32 integral path
//   phi_n = phi_{n-1} + rshift_round(pd_n 2^16, kp) + rshift_round(f_n 2^16, ki)  mod 2^32
//   code_n = phi_n >> (32 - phase_bits)
// freeze_i holds f and phi. The per-lane recursions are unrolled chains (the phase sum is
// modular, the integral saturates, so the chain is kept in lane order).
// In retimer_rx, v is the ADC sample before the FFE (x << 3) and Delay the chain latency
// (FFE pre-cursors + Volterra latency), so the PD sees the channel pulse, not the adapting
// FFE output (the golden model's fix for the CDR/FFE drift; see cmodel/include/halo/dsp/cdr.hpp).
`include "halo_assert.svh"

module cdr_mm #(
  // Symbols per beat
  parameter int unsigned P = 1,
  // PD sample delay D in symbols, 0..64 (CdrConfig::sample_delay)
  parameter int unsigned Delay = 0
) (
  // Clock and active-low asynchronous reset
  input  logic            clk_i,
  input  logic            rst_ni,
  // Configuration: proportional / integral shifts (0..40 / 0..48), phase resolution (4..12),
  // freeze, init pulse (history and f cleared, phi := init_phase_i)
  input  logic [5:0]      kp_shift_i,
  input  logic [5:0]      ki_shift_i,
  input  logic [3:0]      phase_bits_i,
  input  logic            freeze_i,
  input  logic            init_i,
  input  logic [31:0]     init_phase_i,
  // Input stream: PD samples (S12.3, delayed by Delay inside) and decisions (2 b) per lane
  input  logic            in_valid_i,
  output logic            in_ready_o,
  input  logic [P*12-1:0] in_v_i,
  input  logic [P*2-1:0]  in_sym_i,
  // Output stream: phase command per lane (phase_bits_i LSBs used)
  output logic            out_valid_o,
  input  logic            out_ready_i,
  output logic [P*12-1:0] out_code_o,
  // Loop state: phase (2^32 = 1 UI) and integral path
  output logic [31:0]     phase_o,
  output logic [31:0]     integral_o
);

  logic [11:0]     v1_q, v1_d;
  logic [2:0]      a1_q, a1_d;      // previous amplitude {-3,-1,0,1,3} (0 after init)
  logic [31:0]     f_q, f_d, phi_q, phi_d;
  logic [P*12-1:0] code;
  logic            accept;
  logic [31:0]     unused_step_hi;  // the phase accumulator is modulo 2^32 (one UI)
  logic [(Delay+P)*12-1:0] win;     // sample t: v_{n0-Delay+t} (n0: lane 0 of the beat)

  `HALO_ASSERT_INIT(ParamCheck_A, Delay <= 64)

  if (Delay > 0) begin : g_delay
    logic [Delay*12-1:0] hist_q;    // sample i: v_{n0-Delay+i}
    assign win = {in_v_i, hist_q};
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        hist_q <= '0;
      end else if (init_i) begin
        hist_q <= '0;
      end else if (accept) begin
        hist_q <= win[(Delay+P)*12-1 -: Delay*12];
      end
    end
  end else begin : g_no_delay
    assign win = in_v_i;
  end

  always_comb begin
    logic signed [63:0] v, a, pd, f, step;
    logic [31:0]        phi;
    logic [3:0]         sh;
    v = '0; a = '0; pd = '0; step = '0;
    unused_step_hi = '0;
    f = halo_fixed_pkg::sx32(f_q);
    phi = phi_q;
    v1_d = v1_q;
    a1_d = a1_q;
    code = '0;
    sh = 4'd12 - phase_bits_i;
    for (int unsigned i = 0; i < P; i++) begin
      v = halo_fixed_pkg::sx12(win[12*i +: 12]);
      a = halo_fixed_pkg::pam4_amp(in_sym_i[2*i +: 2]);
      pd = v * $signed({{61{a1_d[2]}}, a1_d}) - halo_fixed_pkg::sx12(v1_d) * a;
      v1_d = win[12*i +: 12];
      a1_d = a[2:0];
      if (!freeze_i) begin
        f = halo_fixed_pkg::sat(f + pd, 32);
        step = halo_fixed_pkg::rshift_round(pd <<< 16, {26'd0, kp_shift_i}) +
               halo_fixed_pkg::rshift_round(f <<< 16, {26'd0, ki_shift_i});
        phi = phi + step[31:0];
        unused_step_hi = unused_step_hi ^ step[63:32];
      end
      code[12*i +: 12] = phi[31:20] >> sh;  // phi >> (32 - phase_bits)
    end
    f_d = f[31:0];
    phi_d = phi;
  end

  halo_pipe_reg #(.Width(P*12)) u_out (
    .clk_i,
    .rst_ni,
    .clear_i    (init_i),
    .in_valid_i,
    .in_ready_o,
    .in_data_i  (code),
    .accept_o   (accept),
    .out_valid_o,
    .out_ready_i,
    .out_data_o (out_code_o)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      v1_q  <= '0;
      a1_q  <= '0;
      f_q   <= '0;
      phi_q <= '0;
    end else if (init_i) begin
      v1_q  <= '0;
      a1_q  <= '0;
      f_q   <= '0;
      phi_q <= init_phase_i;
    end else if (accept) begin
      v1_q  <= v1_d;
      a1_q  <= a1_d;
      f_q   <= f_d;
      phi_q <= phi_d;
    end
  end

  assign phase_o    = phi_q;
  assign integral_o = f_q;

endmodule

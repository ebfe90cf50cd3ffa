// P-parallel feed-forward equalizer (FFE) on ADC codes with LMS adaptation through a fixed
// 64-symbol error delay. Golden model: halo::dsp::Ffe (cmodel/dsp/ffe.cpp, docs/dsp.md).
//
// Per symbol n (lane order inside a beat; output n is symbol n - Pre):
//   x_n = sat(code_n, N) << (8 - N)                                   S8.0
//   if adapting and n >= 64, with m = n - 64 and the slicer error e_m (S13.3):
//     W_k <- sat(W_k - rshift_round(g(e_m, x_{m-k}), mu), 24)          S24.20
//     c_k  = sat(rshift_round(W_k, 12), 12)                            S12.8
//   y_n = sat(rshift_round(sum_k c_k x_{n-k}, 5), 12)                 S12.3
// The coefficient update of lane j feeds the dot product of lane j (unrolled chain of P
// updates per beat). Errors arrive as beats (err_valid_i, lane j = output bP + j) in output
// order; since P divides 64, output beat b uses error beat b - 64/P. With adaptation on the
// input stalls (in_ready_o low) until that error beat is present. Errors must be supplied for
// every output beat while adaptation is on (toggle adapt_en_i only then).
`include "halo_assert.svh"

module ffe #(
  // Symbols per beat (divides 64)
  parameter int unsigned P = 1,
  // Number of taps T
  parameter int unsigned T = 16,
  // Pre-cursor taps (main tap index, latency in symbols)
  parameter int unsigned Pre = 5
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

  localparam int unsigned D = halo_fixed_pkg::AdaptDelay / P;          // error delay in beats
  localparam int unsigned H = T - 1 + halo_fixed_pkg::AdaptDelay;      // history samples kept
  localparam int unsigned Win = H + P;                 // window of one beat
  localparam int unsigned Cw = halo_fixed_pkg::FfeTapBits;
  localparam int unsigned Aw = halo_fixed_pkg::FfeAccBits;
  localparam int unsigned Ew = halo_fixed_pkg::ErrBits;
  localparam int unsigned Yw = halo_fixed_pkg::SigBits;
  localparam int unsigned OutShift = halo_fixed_pkg::FfeTapFrac - halo_fixed_pkg::SigFrac;
  localparam int unsigned FifoDepth = (2 * D < 2) ? 2 : 2 * D;
  localparam int unsigned Dw = $clog2(D + 1);
  localparam logic [Dw-1:0] DBeats = D[Dw-1:0];
  localparam int unsigned CoefOneI = 1 << halo_fixed_pkg::FfeTapFrac;
  localparam logic [Cw-1:0] CoefOne = CoefOneI[Cw-1:0];
  localparam logic [T*Cw-1:0] CoefReset = {{(T*Cw-Cw){1'b0}}, CoefOne} << (Cw * Pre);
  localparam logic [T*Aw-1:0] AccReset =
      {{(T*Aw-Aw){1'b0}}, CoefOne, {halo_fixed_pkg::FfeGuard{1'b0}}} << (Aw * Pre);

  `HALO_ASSERT_INIT(ParamCheck_A, (halo_fixed_pkg::AdaptDelay % P == 0) && P <= halo_fixed_pkg::MaxBeat && T >= 1 && Pre < T)

  logic [H*halo_fixed_pkg::XBits-1:0]   hist_q;         // sample i: x_{n0-1-i}
  logic [Win*halo_fixed_pkg::XBits-1:0] xw;             // sample t: x_{n0+P-1-t}
  logic [T*Aw-1:0]      w_q, w_d;       // accumulator k at [Aw*k +: Aw]
  logic [T*Cw-1:0]      c_q, c_d;       // tap k at [Cw*k +: Cw]
  logic [Dw-1:0]       beats_q;         // output beats produced, saturating at D
  logic [P*Yw-1:0]     y;
  logic                fifo_rvalid, fifo_full, need_err, pipe_ready, accept;
  logic [P*Ew-1:0]     fifo_head;
  logic                unused_full;
  logic [T*Aw-1:0]     coef_acc;

  assign unused_full = fifo_full;

  // Error queue: one entry per output beat.
  halo_fifo #(.Width(P*Ew), .Depth(FifoDepth)) u_err_q (
    .clk_i,
    .rst_ni,
    .wvalid_i (err_valid_i),
    .wdata_i  (err_i),
    .full_o   (fifo_full),
    .rvalid_o (fifo_rvalid),
    .rready_i (accept && beats_q == DBeats),
    .rdata_o  (fifo_head)
  );

  assign need_err   = adapt_en_i && (beats_q == DBeats);
  assign in_ready_o = pipe_ready && (!need_err || fifo_rvalid);

  // Window of the beat: normalised current samples and the history.
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
      xw[halo_fixed_pkg::XBits*(P-1-j) +: halo_fixed_pkg::XBits] = code <<< up;
    end
    xw[Win*halo_fixed_pkg::XBits-1:P*halo_fixed_pkg::XBits] = hist_q;
  end

  // Regressors of the beat: lane j uses x_{n-k} (output) and x_{n-64-k} (update).
  logic [P*T*halo_fixed_pkg::XBits-1:0] reg_dot, reg_upd;
  always_comb begin
    for (int unsigned j = 0; j < P; j++) begin
      for (int unsigned k = 0; k < T; k++) begin
        reg_dot[halo_fixed_pkg::XBits*(T*j + k) +: halo_fixed_pkg::XBits] = xw[halo_fixed_pkg::XBits*(P - 1 - j + k) +: halo_fixed_pkg::XBits];
        reg_upd[halo_fixed_pkg::XBits*(T*j + k) +: halo_fixed_pkg::XBits] = xw[halo_fixed_pkg::XBits*(P - 1 - j + halo_fixed_pkg::AdaptDelay + k) +: halo_fixed_pkg::XBits];
      end
    end
  end

  // Unrolled lane chain: LMS update (delayed error), then the dot product.
  lms_dot_lanes #(
    .P        (P),
    .NC       (T),
    .RW       (halo_fixed_pkg::XBits),
    .Cw       (Cw),
    .Guard    (halo_fixed_pkg::FfeGuard),
    .OutShift (OutShift)
  ) u_lanes (
    .w_i        (w_q),
    .c_i        (c_q),
    .upd_en_i   (adapt_en_i && (beats_q == DBeats)),
    .lms_mode_i,
    .mu_i,
    .err_i      (fifo_head),
    .reg_upd_i  (reg_upd),
    .reg_dot_i  (reg_dot),
    .w_o        (w_d),
    .c_o        (c_d),
    .y_o        (y)
  );

  halo_pipe_reg #(.Width(P*Yw)) u_out (
    .clk_i,
    .rst_ni,
    .clear_i    (1'b0),
    .in_valid_i (in_valid_i && (!need_err || fifo_rvalid)),
    .in_ready_o (pipe_ready),
    .in_data_i  (y),
    .accept_o   (accept),
    .out_valid_o,
    .out_ready_i,
    .out_data_o (out_y_o)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      hist_q  <= '0;
      c_q     <= CoefReset;
      w_q     <= AccReset;
      beats_q <= '0;
    end else begin
      if (coef_load_i) begin
        c_q <= coef_i;
        w_q <= coef_acc;
      end else if (accept) begin
        c_q <= c_d;
        w_q <= w_d;
      end
      if (accept) begin
        hist_q <= xw[H*halo_fixed_pkg::XBits-1:0];
        if (beats_q != DBeats) beats_q <= beats_q + 1'b1;
      end
    end
  end

  assign coef_o = c_q;

  always_comb begin
    for (int unsigned k = 0; k < T; k++) begin
      coef_acc[Aw*k +: Aw] = {coef_i[Cw*k +: Cw], {halo_fixed_pkg::FfeGuard{1'b0}}};
    end
  end

endmodule

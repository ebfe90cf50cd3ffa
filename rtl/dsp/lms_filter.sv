// Adapted feed-forward filter core shared by the FFE and the Volterra compensator: the input
// sample history, the delayed-error queue (AdaptDelay-symbol adaptation delay,
// halo::dsp::ErrorQueue), the coefficient and accumulator registers, the LMS update + output
// chain (lms_dot_lanes) and the output register. The parent turns the sample window of the
// beat on the input (win_o: the P new samples and the H before them) into the regressors of
// each lane's output (reg_dot_i) and of the output AdaptDelay symbols earlier (reg_upd_i).
//
// Output beat b uses error beat b - AdaptDelay/P (P divides AdaptDelay); with adaptation on,
// the input stalls until that error beat is present. Errors must be supplied for every output beat while
// adaptation is on. coef_load_i sets coefficients and accumulators (W = c << Guard); reset
// sets coefficient ResetIndex to ResetValue, the others to 0.
`include "halo_assert.svh"

module lms_filter #(
  // Symbols per beat (divides 64)
  parameter int unsigned P = 1,
  // Number of coefficients, regressor width
  parameter int unsigned NC = 16,
  parameter int unsigned RW = 8,
  // Coefficient width, accumulator guard bits, output rounding shift (lms_dot_lanes)
  parameter int unsigned Cw = 12,
  parameter int unsigned Guard = 12,
  parameter int unsigned OutShift = 5,
  // Reset coefficients: index and value of the single non-zero coefficient
  parameter int unsigned ResetIndex = 0,
  parameter int unsigned ResetValue = 256,
  // Input sample width and number of past samples kept (history)
  parameter int unsigned Sw = 8,
  parameter int unsigned H = 79,
  // Adaptation delay in symbols (golden model AdaptConfig::delay: 64, or 128 for P >= 16)
  parameter int unsigned AdaptDelay = halo_fixed_pkg::AdaptDelay
) (
  // Clock and active-low asynchronous reset
  input  logic                  clk_i,
  input  logic                  rst_ni,
  // Adaptation enable / rule (halo_fixed_pkg::Lms*) / step shift (0..30)
  input  logic                  adapt_en_i,
  input  logic [1:0]            lms_mode_i,
  input  logic [4:0]            mu_i,
  // Coefficients: load pulse, values in, current values out (coefficient i at [Cw*i +: Cw])
  input  logic                  coef_load_i,
  input  logic [NC*Cw-1:0]      coef_i,
  output logic [NC*Cw-1:0]      coef_o,
  // Input beat: handshake, P samples (lane 0 first), the window they form with the history
  // (sample t at [Sw*t +: Sw] is x_{n0+P-1-t}, n0 = first sample of the beat) and the
  // regressors of its P outputs computed from it by the parent
  input  logic                  in_valid_i,
  output logic                  in_ready_o,
  input  logic [P*Sw-1:0]       in_x_i,
  output logic [(H+P)*Sw-1:0]   win_o,
  input  logic [P*NC*RW-1:0]    reg_dot_i,
  input  logic [P*NC*RW-1:0]    reg_upd_i,
  // Slicer errors for the outputs, in output order, S13.3 per lane (no backpressure)
  input  logic                  err_valid_i,
  input  logic [P*13-1:0]       err_i,
  // Output stream: P samples, S12.3
  output logic                  out_valid_o,
  input  logic                  out_ready_i,
  output logic [P*12-1:0]       out_y_o
);

  localparam int unsigned Aw = Cw + Guard;
  localparam int unsigned D = AdaptDelay / P;   // error delay in beats
  localparam int unsigned FifoDepth = (2 * D < 2) ? 2 : 2 * D;
  localparam int unsigned Dw = $clog2(D + 1);
  localparam logic [Dw-1:0] DBeats = D[Dw-1:0];
  localparam logic [Cw-1:0] One = ResetValue[Cw-1:0];
  localparam logic [NC*Cw-1:0] CoefReset = {{(NC*Cw-Cw){1'b0}}, One} << (Cw * ResetIndex);
  localparam logic [NC*Aw-1:0] AccReset =
      {{(NC*Aw-Aw){1'b0}}, One, {Guard{1'b0}}} << (Aw * ResetIndex);

  `HALO_ASSERT_INIT(ParamCheck_A, (AdaptDelay % P == 0) && AdaptDelay >= P &&
                    P <= halo_fixed_pkg::MaxBeat && ResetIndex < NC)

  logic [NC*Aw-1:0] w_q, w_d, coef_acc;
  logic [NC*Cw-1:0] c_q, c_d;
  logic [Dw-1:0]    beats_q;           // output beats produced, saturating at D
  logic [P*12-1:0]  y;
  logic [P*13-1:0]  err_head;
  logic             err_present, err_full, need_err, pipe_ready, unused_full, accept;
  logic [H*Sw-1:0]  hist_q;            // sample i: x_{n0-1-i}

  // Window of the beat: the new samples (latest first) above the history.
  always_comb begin
    for (int unsigned j = 0; j < P; j++) win_o[Sw*(P-1-j) +: Sw] = in_x_i[Sw*j +: Sw];
    win_o[(H+P)*Sw-1:P*Sw] = hist_q;
  end

  assign unused_full = err_full;

  // Error queue: one entry per output beat; an error beat arriving while the queue is empty
  // is usable in the same cycle (fall-through), so the chain FFE -> Volterra -> DFE -> error
  // runs at full rate when AdaptDelay / P beats cover its pipeline (docs/dsp_rtl.md).
  halo_fifo #(.Width(P*13), .Depth(FifoDepth), .FallThrough(1'b1)) u_err_q (
    .clk_i,
    .rst_ni,
    .wvalid_i (err_valid_i),
    .wdata_i  (err_i),
    .full_o   (err_full),
    .rvalid_o (err_present),
    .rready_i (accept && beats_q == DBeats),
    .rdata_o  (err_head)
  );

  assign need_err   = adapt_en_i && (beats_q == DBeats);
  assign in_ready_o = pipe_ready && (!need_err || err_present);

  lms_dot_lanes #(
    .P        (P),
    .NC       (NC),
    .RW       (RW),
    .Cw       (Cw),
    .Guard    (Guard),
    .OutShift (OutShift)
  ) u_lanes (
    .w_i        (w_q),
    .c_i        (c_q),
    .upd_en_i   (need_err),
    .lms_mode_i,
    .mu_i,
    .err_i      (err_head),
    .reg_upd_i,
    .reg_dot_i,
    .w_o        (w_d),
    .c_o        (c_d),
    .y_o        (y)
  );

  halo_pipe_reg #(.Width(P*12)) u_out (
    .clk_i,
    .rst_ni,
    .clear_i    (1'b0),
    .in_valid_i (in_valid_i && (!need_err || err_present)),
    .in_ready_o (pipe_ready),
    .in_data_i  (y),
    .accept_o   (accept),
    .out_valid_o,
    .out_ready_i,
    .out_data_o (out_y_o)
  );

  always_comb begin
    for (int unsigned k = 0; k < NC; k++) begin
      coef_acc[Aw*k +: Aw] = {coef_i[Cw*k +: Cw], {Guard{1'b0}}};
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      c_q     <= CoefReset;
      w_q     <= AccReset;
      beats_q <= '0;
      hist_q  <= '0;
    end else begin
      if (accept) hist_q <= win_o[H*Sw-1:0];
      if (coef_load_i) begin
        c_q <= coef_i;
        w_q <= coef_acc;
      end else if (accept) begin
        c_q <= c_d;
        w_q <= w_d;
      end
      if (accept && beats_q != DBeats) beats_q <= beats_q + 1'b1;
    end
  end

  assign coef_o = c_q;

endmodule

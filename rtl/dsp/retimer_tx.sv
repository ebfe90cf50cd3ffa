// Retimer transmit path, P symbols per clock (golden model halo::retimer::RetimerTx,
// cmodel/retimer/retimer_tx.cpp, docs/dsp_rtl.md "retimer_tx"):
//   bits {A, B} -> gray_code (map) -> precoder (1/(1+D) mod 4, precoding_i) -> tx_ffe -> DAC codes
// Three valid/ready register stages: latency 3 cycles from an accepted input beat to its DAC
// beat at full rate (measured in test_dsp_tx_cosim); output backpressure stalls the input.
// State (precoder P(j-1), FFE history) starts from reset, as a newly constructed RetimerTx.
module retimer_tx #(
  // Symbols per beat
  parameter int unsigned P = 1,
  // TX FFE taps (2..16)
  parameter int unsigned T = 16
) (
  // Clock and active-low asynchronous reset
  input  logic            clk_i,
  input  logic            rst_ni,
  // Configuration: precoding on, DAC resolution (4..12), TX FFE taps (tap k at [12k +: 12], S12.4)
  input  logic            precoding_i,
  input  logic [3:0]      dac_bits_i,
  input  logic [T*12-1:0] ffe_coef_i,
  // Input stream: P bit pairs, lane l at [2l+1:2l], [2l+1] = A (first in time), [2l] = B
  input  logic            in_valid_i,
  output logic            in_ready_o,
  input  logic [2*P-1:0]  in_bits_i,
  // Output stream: P signed DAC codes, lane l at [12l +: 12]
  output logic            out_valid_o,
  input  logic            out_ready_i,
  output logic [12*P-1:0] out_dac_o
);

  logic           gray_valid, gray_ready, line_valid, line_ready;
  logic [2*P-1:0] gray_sym, line_sym;

  gray_code #(.P(P), .Demap(1'b0)) u_gray (
    .clk_i,
    .rst_ni,
    .in_valid_i,
    .in_ready_o,
    .in_i        (in_bits_i),
    .out_valid_o (gray_valid),
    .out_ready_i (gray_ready),
    .out_o       (gray_sym)
  );

  precoder #(.P(P), .Decode(1'b0)) u_precoder (
    .clk_i,
    .rst_ni,
    .enable_i    (precoding_i),
    .in_valid_i  (gray_valid),
    .in_ready_o  (gray_ready),
    .in_sym_i    (gray_sym),
    .out_valid_o (line_valid),
    .out_ready_i (line_ready),
    .out_sym_o   (line_sym)
  );

  tx_ffe #(.P(P), .T(T)) u_ffe (
    .clk_i,
    .rst_ni,
    .dac_bits_i,
    .coef_i      (ffe_coef_i),
    .in_valid_i  (line_valid),
    .in_ready_o  (line_ready),
    .in_sym_i    (line_sym),
    .out_valid_o,
    .out_ready_i,
    .out_dac_o
  );

endmodule

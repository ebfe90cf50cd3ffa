// Gearbox from P PAM4 bit pairs per beat (2P bits) to Q 10-bit RS-FEC symbols per beat, with
// an initial skip for codeword alignment. Bit order (IEEE 802.3-2022 119.2.4.6): the bits of
// the line in transmission order (per PAM4 symbol A then B, lane 0 first) fill FEC symbols
// LSB first; FEC symbol q of an output beat is at [10q +: 10], lane 0 first. The first
// skip_i PAM4 symbols after init_i are dropped (the codeword boundary is given, no alignment
// marker search). Requires 2P <= 10Q.
`include "halo_assert.svh"

module fec_gearbox #(
  // PAM4 symbols per input beat
  parameter int unsigned P = 8,
  // FEC symbols per output beat
  parameter int unsigned Q = 2
) (
  // Clock and active-low asynchronous reset
  input  logic            clk_i,
  input  logic            rst_ni,
  // Initialisation: clear the buffer and load the skip count (PAM4 symbols)
  input  logic            init_i,
  input  logic [15:0]     skip_i,
  // Input stream: lane l bits [2l+1] = A (first), [2l] = B
  input  logic            in_valid_i,
  output logic            in_ready_o,
  input  logic [2*P-1:0]  in_bits_i,
  // Output stream: Q FEC symbols
  output logic            out_valid_o,
  input  logic            out_ready_i,
  output logic [10*Q-1:0] out_sym_o
);

  logic [2*P-1:0] stream;   // input bits in time order, bit 0 first

  `HALO_ASSERT_INIT(ParamCheck_A, 2 * P <= 10 * Q)

  always_comb begin
    for (int unsigned l = 0; l < P; l++) begin
      stream[2*l]   = in_bits_i[2*l+1];
      stream[2*l+1] = in_bits_i[2*l];
    end
  end

  // one-bit lanes: 2P in, 10Q out; the skip counts bits (2 per PAM4 symbol)
  lane_gearbox #(.InL(2 * P), .OutL(10 * Q), .W(1), .SkipW(17)) u_gb (
    .clk_i, .rst_ni,
    .init_i,
    .skip_i      ({skip_i, 1'b0}),
    .in_valid_i,
    .in_ready_o,
    .in_data_i   (stream),
    .out_valid_o,
    .out_ready_i,
    .out_data_o  (out_sym_o)
  );

endmodule

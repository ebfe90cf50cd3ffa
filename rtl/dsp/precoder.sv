// P-parallel 1/(1+D) mod 4 precoder (transmitter) and its inverse (receiver), IEEE 802.3-2022
// 120.5.7.2 / 135.5.7.2. Decode = 0: P(j) = (G(j) - P(j-1)) mod 4; Decode = 1:
// G(j) = (P(j) + P(j-1)) mod 4. State P(j-1) (2 bits), reset 0. The lane chain is unrolled.
// Golden model: halo::dsp::Precoder / halo::dsp::PrecodeDecoder.
module precoder #(
  // Symbols per beat
  parameter int unsigned P = 1,
  // 0: precoder (TX), 1: precoding inverse (RX, after the slicer)
  parameter bit Decode = 1'b0
) (
  // Clock and active-low asynchronous reset
  input  logic           clk_i,
  input  logic           rst_ni,
  // Enable: 0 passes symbols through unchanged (precoding off)
  input  logic           enable_i,
  // Input stream: lane l symbol at [2l+1:2l], lane 0 first
  input  logic           in_valid_i,
  output logic           in_ready_o,
  input  logic [2*P-1:0] in_sym_i,
  // Output stream
  output logic           out_valid_o,
  input  logic           out_ready_i,
  output logic [2*P-1:0] out_sym_o
);

  logic [1:0]     prev_q, prev_d;
  logic [2*P-1:0] sym;
  logic           accept;

  always_comb begin
    logic [1:0] prev, cur;
    prev = prev_q;
    sym = '0;
    for (int unsigned l = 0; l < P; l++) begin
      cur = in_sym_i[2*l +: 2];
      if (Decode) begin
        sym[2*l +: 2] = cur + prev;
        prev = cur;
      end else begin
        prev = cur - prev;
        sym[2*l +: 2] = prev;
      end
    end
    prev_d = prev;
    if (!enable_i) sym = in_sym_i;
  end

  halo_pipe_reg #(.Width(2*P)) u_out (
    .clk_i,
    .rst_ni,
    .clear_i    (1'b0),
    .in_valid_i,
    .in_ready_o,
    .in_data_i  (sym),
    .accept_o   (accept),
    .out_valid_o,
    .out_ready_i,
    .out_data_o (out_sym_o)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      prev_q <= '0;
    end else if (accept && enable_i) begin
      prev_q <= prev_d;
    end
  end

endmodule

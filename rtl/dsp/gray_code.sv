// P-parallel PAM4 Gray mapper / demapper (IEEE 802.3-2022 120.5.7.1): bit pair {A, B} (A first
// in time) <-> symbol index, 00 <-> 0, 01 <-> 1, 11 <-> 2, 10 <-> 3. Golden model:
// halo::dsp::gray_map / gray_demap.
module gray_code #(
  // Symbols per beat
  parameter int unsigned P = 1,
  // 0: map (bits -> symbols), 1: demap (symbols -> bits)
  parameter bit Demap = 1'b0
) (
  // Clock and active-low asynchronous reset
  input  logic           clk_i,
  input  logic           rst_ni,
  // Input stream: lane l at [2l+1:2l]; bits: [2l+1] = A, [2l] = B; symbols: index 0..3
  input  logic           in_valid_i,
  output logic           in_ready_o,
  input  logic [2*P-1:0] in_i,
  // Output stream: lane l at [2l+1:2l] (symbols when mapping, bits {A, B} when demapping)
  output logic           out_valid_o,
  input  logic           out_ready_i,
  output logic [2*P-1:0] out_o
);

  logic [2*P-1:0] coded;
  logic           unused_accept;

  always_comb begin
    for (int unsigned l = 0; l < P; l++) begin
      if (Demap) coded[2*l +: 2] = halo_fixed_pkg::gray_demap(in_i[2*l +: 2]);
      else       coded[2*l +: 2] = halo_fixed_pkg::gray_map(in_i[2*l+1], in_i[2*l]);
    end
  end

  halo_pipe_reg #(.Width(2*P)) u_out (
    .clk_i,
    .rst_ni,
    .clear_i    (1'b0),
    .in_valid_i,
    .in_ready_o,
    .in_data_i  (coded),
    .accept_o   (unused_accept),
    .out_valid_o,
    .out_ready_i,
    .out_data_o (out_o)
  );

endmodule

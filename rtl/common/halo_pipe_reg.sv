// One valid/ready register stage (the output register of every rtl/dsp block).
//
// in_ready_o = !out_valid_o || out_ready_i: full throughput, output backpressure stalls
// the producer cleanly. A beat is accepted (`accept_o`) when in_valid_i && in_ready_o; the
// instantiating block advances its own state on accept_o only.
`include "halo_assert.svh"

module halo_pipe_reg #(
  // Payload width in bits
  parameter int unsigned Width = 8
) (
  // Clock and active-low asynchronous reset
  input  logic             clk_i,
  input  logic             rst_ni,
  // Synchronous clear of the stage (drops a held beat)
  input  logic             clear_i,
  // Input side
  input  logic             in_valid_i,
  output logic             in_ready_o,
  input  logic [Width-1:0] in_data_i,
  output logic             accept_o,
  // Output side
  output logic             out_valid_o,
  input  logic             out_ready_i,
  output logic [Width-1:0] out_data_o
);

  logic             valid_q, valid_d;
  logic [Width-1:0] data_q, data_d;

  assign in_ready_o = !valid_q || out_ready_i;
  assign accept_o   = in_valid_i && in_ready_o && !clear_i;

  always_comb begin
    valid_d = valid_q;
    data_d  = data_q;
    if (clear_i) begin
      valid_d = 1'b0;
    end else if (in_ready_o) begin
      valid_d = in_valid_i;
      if (in_valid_i) data_d = in_data_i;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= 1'b0;
      data_q  <= '0;
    end else begin
      valid_q <= valid_d;
      data_q  <= data_d;
    end
  end

  assign out_valid_o = valid_q;
  assign out_data_o  = data_q;

  `HALO_ASSERT(OutStable_A, valid_q && !out_ready_i && !clear_i |=> valid_q, clk_i, rst_ni)

endmodule

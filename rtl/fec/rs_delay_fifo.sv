// Data delay buffer of the RS decoder: a FIFO of beats with a registered (synchronous)
// read port, so that it maps to block RAM. rd_data_o holds the beat popped in the previous
// cycle (rd_en_i) and keeps it until the next pop.
`include "halo_assert.svh"

module rs_delay_fifo #(
  // Beat width in bits.
  parameter int unsigned Width = 10,
  // Capacity in beats (any value >= 2).
  parameter int unsigned Depth = 16
) (
  // Clock and active-low asynchronous reset
  input  logic             clk_i,
  input  logic             rst_ni,
  // Write side
  input  logic             wr_en_i,
  input  logic [Width-1:0] wr_data_i,
  output logic             full_o,
  // Read side (data one cycle after rd_en_i)
  input  logic             rd_en_i,
  output logic [Width-1:0] rd_data_o,
  output logic             empty_o
);
  localparam int unsigned PtrW = $clog2(Depth);
  localparam int unsigned LastI = Depth - 1;
  localparam logic [PtrW-1:0] LastPtr = LastI[PtrW-1:0];
  localparam int unsigned DepthI = Depth;
  localparam logic [PtrW:0] DepthC = DepthI[PtrW:0];

  logic [Width-1:0] mem_q [Depth];
  logic [Width-1:0] rd_data_q;
  logic [PtrW-1:0]  wr_ptr_q, rd_ptr_q;
  logic [PtrW:0]    count_q;

  assign full_o  = (count_q == DepthC);
  assign empty_o = (count_q == '0);

  always_ff @(posedge clk_i) begin
    if (wr_en_i) mem_q[wr_ptr_q] <= wr_data_i;
    if (rd_en_i) rd_data_q <= mem_q[rd_ptr_q];
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_ptr_q <= '0;
      rd_ptr_q <= '0;
      count_q  <= '0;
    end else begin
      if (wr_en_i) wr_ptr_q <= (wr_ptr_q == LastPtr) ? '0 : wr_ptr_q + 1'b1;
      if (rd_en_i) rd_ptr_q <= (rd_ptr_q == LastPtr) ? '0 : rd_ptr_q + 1'b1;
      if (wr_en_i && !rd_en_i) count_q <= count_q + 1'b1;
      else if (!wr_en_i && rd_en_i) count_q <= count_q - 1'b1;
    end
  end

  assign rd_data_o = rd_data_q;

  `HALO_ASSERT(NoOverflow_A, !(wr_en_i && full_o && !rd_en_i), clk_i, rst_ni)
  `HALO_ASSERT(NoUnderflow_A, !(rd_en_i && empty_o), clk_i, rst_ni)

endmodule : rs_delay_fifo

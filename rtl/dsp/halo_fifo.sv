// Small synchronous FIFO (register array) used for the delayed-error queues.
// Depth must be a power of two. No fall-through: rdata_o shows the head entry.
`include "halo_assert.svh"

module halo_fifo #(
  // Entry width in bits
  parameter int unsigned Width = 8,
  // Number of entries (power of two, >= 2)
  parameter int unsigned Depth = 4
) (
  // Clock and active-low asynchronous reset
  input  logic             clk_i,
  input  logic             rst_ni,
  // Write side (must not write when full: checked by an assertion)
  input  logic             wvalid_i,
  input  logic [Width-1:0] wdata_i,
  output logic             full_o,
  // Read side: head entry, pop when rready_i (ignored when empty)
  output logic             rvalid_o,
  input  logic             rready_i,
  output logic [Width-1:0] rdata_o
);

  localparam int unsigned AW = $clog2(Depth);

  `HALO_ASSERT_INIT(ParamCheck_A, Depth >= 2 && (Depth & (Depth - 1)) == 0)

  logic [Width-1:0] mem_q [Depth];
  logic [AW:0]      wptr_q, rptr_q;
  logic             push, pop;

  assign full_o   = (wptr_q[AW] != rptr_q[AW]) && (wptr_q[AW-1:0] == rptr_q[AW-1:0]);
  assign rvalid_o = wptr_q != rptr_q;
  assign rdata_o  = mem_q[rptr_q[AW-1:0]];
  assign push     = wvalid_i && !full_o;
  assign pop      = rready_i && rvalid_o;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wptr_q <= '0;
      rptr_q <= '0;
    end else begin
      if (push) wptr_q <= wptr_q + 1'b1;
      if (pop)  rptr_q <= rptr_q + 1'b1;
    end
  end

  always_ff @(posedge clk_i) begin
    if (push) mem_q[wptr_q[AW-1:0]] <= wdata_i;
  end

  `HALO_ASSERT(NoOverflow_A, !(wvalid_i && full_o), clk_i, rst_ni)

endmodule

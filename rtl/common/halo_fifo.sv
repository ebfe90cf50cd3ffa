// Synchronous FIFO (register array / block RAM), the one FIFO of the HaloLink RTL: the
// delayed-error queues of the adapted DSP filters (RegRead = 0, head entry visible
// combinationally) and the data delay buffer of the RS decoder (RegRead = 1, registered read
// port so that it maps to block RAM).
//   RegRead = 0: rdata_o shows the head entry; a pop (rready_i && rvalid_o) removes it.
//   RegRead = 1: a pop loads the head entry into the read register; rdata_o shows it from
//                the next cycle on and keeps it until the next pop.
//   FallThrough = 1 (with RegRead = 0): an entry written into the empty FIFO is visible
//                (rvalid_o, rdata_o) in the same cycle; popped then, it is never stored.
`include "halo_assert.svh"

module halo_fifo #(
  // Entry width in bits
  parameter int unsigned Width = 8,
  // Number of entries (any value >= 2)
  parameter int unsigned Depth = 4,
  // 1: registered read port (data one cycle after the pop), 0: combinational head entry
  parameter bit RegRead = 1'b0,
  // 1: write-to-read bypass when empty (RegRead = 0 only)
  parameter bit FallThrough = 1'b0
) (
  // Clock and active-low asynchronous reset (the memory and read register are not reset)
  input  logic             clk_i,
  input  logic             rst_ni,
  // Write side: push when wvalid_i (must not push when full unless popping in the same cycle)
  input  logic             wvalid_i,
  input  logic [Width-1:0] wdata_i,
  output logic             full_o,
  // Read side: rvalid_o = not empty; pop when rready_i (ignored when empty)
  output logic             rvalid_o,
  input  logic             rready_i,
  output logic [Width-1:0] rdata_o
);

  localparam int unsigned PtrW = (Depth > 2) ? $clog2(Depth) : 1;
  localparam int unsigned LastI = Depth - 1;
  localparam logic [PtrW-1:0] LastPtr = LastI[PtrW-1:0];
  localparam int unsigned DepthI = Depth;
  localparam logic [PtrW:0] DepthC = DepthI[PtrW:0];

  `HALO_ASSERT_INIT(ParamCheck_A, Depth >= 2 && !(RegRead && FallThrough))

  logic [Width-1:0] mem_q [Depth];
  logic [PtrW-1:0]  wptr_q, rptr_q;
  logic [PtrW:0]    count_q;
  logic             pop, push, empty, bypass;

  assign empty    = (count_q == '0);
  assign full_o   = (count_q == DepthC);
  assign bypass   = FallThrough && empty && wvalid_i;   // the write is read in this cycle
  assign rvalid_o = !empty || bypass;
  assign pop      = rready_i && !empty;                  // removes a stored entry
  assign push     = wvalid_i && !(bypass && rready_i);   // stores the write

  always_ff @(posedge clk_i) begin
    if (push) mem_q[wptr_q] <= wdata_i;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wptr_q  <= '0;
      rptr_q  <= '0;
      count_q <= '0;
    end else begin
      if (push) wptr_q <= (wptr_q == LastPtr) ? '0 : wptr_q + 1'b1;
      if (pop)  rptr_q <= (rptr_q == LastPtr) ? '0 : rptr_q + 1'b1;
      if (push && !pop) count_q <= count_q + 1'b1;
      else if (!push && pop) count_q <= count_q - 1'b1;
    end
  end

  if (RegRead) begin : g_reg_read
    logic [Width-1:0] rdata_q;
    always_ff @(posedge clk_i) begin
      if (pop) rdata_q <= mem_q[rptr_q];
    end
    assign rdata_o = rdata_q;
  end else begin : g_comb_read
    assign rdata_o = (FallThrough && empty) ? wdata_i : mem_q[rptr_q];
  end

  `HALO_ASSERT(NoOverflow_A, !(push && full_o && !pop), clk_i, rst_ni)

endmodule : halo_fifo

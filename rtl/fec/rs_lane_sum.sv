// Sum of P unsigned lane values as a balanced adder tree (depth ceil(log2 P)), for the
// per-beat status counts of rs_corrector. Combinational; the caller registers the result.
module rs_lane_sum #(
  // Number of lanes (symbols per beat), >= 1.
  parameter int unsigned P  = 1,
  // Width of each lane value.
  parameter int unsigned Iw = 1,
  // Width of the sum; the caller guarantees the sum fits (higher bits are dropped).
  parameter int unsigned Ow = 6
) (
  // Lane values, lane l in bits [l*Iw +: Iw]
  input  logic [P*Iw-1:0] in_i,
  // Sum over the lanes
  output logic [Ow-1:0]   sum_o
);
  localparam int unsigned Levels = (P > 1) ? $clog2(P) : 0;
  localparam int unsigned Leaves = 1 << Levels;
  localparam int unsigned Nodes  = 2 * Leaves - 1;
  localparam int          Inner  = Leaves - 1;  // nodes 0 .. Inner-1 are adders

  // Heap order: node 0 is the root, node i has children 2i+1 and 2i+2, the leaves are
  // nodes Leaves-1 .. 2 Leaves-2 (lanes beyond P are zero).
  logic [Nodes*Ow-1:0] node;

  always_comb begin
    node = '0;
    for (int unsigned l = 0; l < P; l++) node[(Leaves - 1 + l)*Ow +: Iw] = in_i[l*Iw +: Iw];
    for (int i = Inner - 1; i >= 0; i--) begin
      node[i*Ow +: Ow] = node[(2*i + 1)*Ow +: Ow] + node[(2*i + 2)*Ow +: Ow];
    end
  end

  assign sum_o = node[0 +: Ow];

endmodule : rs_lane_sum

// Drops the first skip_i lanes (symbols) of a P-lane valid/ready beat stream after init_i and
// re-packs the rest into P-lane beats, lane 0 first (a runtime-skip, backpressured lane_skip).
// Buffer of 2P lanes; the output beat is registered (one cycle from the input beat that
// completes it). Used to align the inner FEC codewords with the slicer output (retimer_rx).
module lane_align #(
  // Lanes per beat
  parameter int unsigned P = 8,
  // Lane width in bits
  parameter int unsigned W = 14,
  // Width of the skip count (lanes)
  parameter int unsigned SkipW = 6
) (
  // Clock and active-low asynchronous reset
  input  logic             clk_i,
  input  logic             rst_ni,
  // Initialisation: empty the buffer and load the skip count
  input  logic             init_i,
  input  logic [SkipW-1:0] skip_i,
  // Input stream
  input  logic             in_valid_i,
  output logic             in_ready_o,
  input  logic [P*W-1:0]   in_data_i,
  // Output stream
  output logic             out_valid_o,
  input  logic             out_ready_i,
  output logic [P*W-1:0]   out_data_o
);
  localparam int unsigned CntW = $clog2(2 * P + 1);
  localparam int unsigned SW = (SkipW > CntW) ? SkipW : CntW;
  localparam logic [CntW-1:0] Pc = P[CntW-1:0];
  localparam logic [SW-1:0] Ps = P[SW-1:0];

  logic [2*P*W-1:0] buf_q, buf_d;
  logic [CntW-1:0]  cnt_q, cnt_d;
  logic [SW-1:0]    skip_q, skip_d;   // lanes still to drop
  logic             in_fire, out_fire;

  assign out_valid_o = cnt_q >= Pc;
  assign out_data_o  = buf_q[P*W-1:0];
  assign in_ready_o  = (cnt_q < Pc) || out_ready_i;
  assign out_fire    = out_valid_o && out_ready_i;
  assign in_fire     = in_valid_i && in_ready_o;

  always_comb begin
    logic [2*P*W-1:0] add;
    logic [CntW-1:0]  sk;
    buf_d  = buf_q;
    cnt_d  = cnt_q;
    skip_d = skip_q;
    add    = '0;
    sk     = '0;
    if (out_fire) begin
      buf_d = buf_q >> (P * W);
      cnt_d = cnt_q - Pc;
    end
    if (in_fire) begin
      if (skip_q >= Ps) begin
        skip_d = skip_q - Ps;
      end else begin
        sk     = skip_q[CntW-1:0];
        add    = {{(P*W){1'b0}}, in_data_i} >> (W * sk);
        skip_d = '0;
        buf_d  = buf_d | (add << (W * cnt_d));
        cnt_d  = cnt_d + Pc - sk;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      buf_q  <= '0;
      cnt_q  <= '0;
      skip_q <= '0;
    end else if (init_i) begin
      buf_q  <= '0;
      cnt_q  <= '0;
      skip_q <= {{(SW-SkipW){1'b0}}, skip_i};
    end else begin
      buf_q  <= buf_d;
      cnt_q  <= cnt_d;
      skip_q <= skip_d;
    end
  end

endmodule : lane_align

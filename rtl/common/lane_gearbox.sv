// Gearbox of a valid/ready lane stream: InL lanes of W bits per input beat, OutL lanes per
// output beat, lane 0 first, with an initial skip: the first skip_i lanes after init_i are
// dropped (codeword alignment). Buffer of InL + OutL lanes; the output beat is registered (one
// cycle from the input beat that completes it). Requires InL <= OutL. Used by fec_gearbox
// (PAM4 bits -> FEC symbols, W = 1) and retimer_rx's inner FEC path (LLR beats, InL = OutL = P).
module lane_gearbox #(
  // Lanes per input and per output beat
  parameter int unsigned InL = 8,
  parameter int unsigned OutL = 8,
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
  input  logic [InL*W-1:0] in_data_i,
  // Output stream
  output logic             out_valid_o,
  input  logic             out_ready_i,
  output logic [OutL*W-1:0] out_data_o
);
  localparam int unsigned BufL = InL + OutL;
  localparam int unsigned CntW = $clog2(BufL + 1);
  localparam int unsigned SW = (SkipW > CntW) ? SkipW : CntW;
  localparam logic [CntW-1:0] OutLc = OutL[CntW-1:0];
  localparam logic [CntW-1:0] InLc = InL[CntW-1:0];
  localparam logic [SW-1:0] InLs = InL[SW-1:0];

  logic [BufL*W-1:0] buf_q, buf_d;
  logic [CntW-1:0]   cnt_q, cnt_d;
  logic [SW-1:0]     skip_q, skip_d;   // lanes still to drop
  logic              in_fire, out_fire;

  assign out_valid_o = cnt_q >= OutLc;
  assign out_data_o  = buf_q[OutL*W-1:0];
  assign in_ready_o  = (cnt_q < OutLc) || out_ready_i;
  assign out_fire    = out_valid_o && out_ready_i;
  assign in_fire     = in_valid_i && in_ready_o;

  always_comb begin
    logic [BufL*W-1:0] add;
    logic [CntW-1:0]   sk;
    buf_d  = buf_q;
    cnt_d  = cnt_q;
    skip_d = skip_q;
    add    = '0;
    sk     = '0;
    if (out_fire) begin
      buf_d = buf_q >> (OutL * W);
      cnt_d = cnt_q - OutLc;
    end
    if (in_fire) begin
      if (skip_q >= InLs) begin
        skip_d = skip_q - InLs;
      end else begin
        sk     = skip_q[CntW-1:0];
        add    = {{(OutL*W){1'b0}}, in_data_i} >> (W * sk);
        skip_d = '0;
        buf_d  = buf_d | (add << (W * cnt_d));
        cnt_d  = cnt_d + InLc - sk;
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

endmodule : lane_gearbox

// Drops the first Skip symbols of a P-lane beat stream and re-packs the rest into P-lane
// beats (lane 0 first). Used to align the slicer errors with the FFE outputs when a block
// with latency Skip (the Volterra compensator) sits between them: FFE output m gets the error
// of DFE output m + Skip (halo::retimer::RetimerRx). Output beat k is emitted, combinationally,
// with input beat k + ceil(Skip / P). No backpressure (the consumer has a FIFO).
module lane_skip #(
  // Symbols per beat
  parameter int unsigned P = 1,
  // Symbol width in bits
  parameter int unsigned W = 13,
  // Symbols to drop
  parameter int unsigned Skip = 0
) (
  // Clock and active-low asynchronous reset
  input  logic           clk_i,
  input  logic           rst_ni,
  // Synchronous restart (start dropping again)
  input  logic           init_i,
  // Input beats
  input  logic           in_valid_i,
  input  logic [P*W-1:0] in_data_i,
  // Output beats
  output logic           out_valid_o,
  output logic [P*W-1:0] out_data_o
);

  localparam int unsigned S = (Skip + P - 1) / P;     // beats held back
  localparam int unsigned Full = (S + 1) * P;         // symbols visible per input beat
  localparam int unsigned CntW = (S > 0) ? $clog2(S + 1) : 1;
  localparam logic [CntW-1:0] SBeats = S[CntW-1:0];

  logic [Full*W-1:0] full;   // symbol t (0 = newest) at [W*t +: W]
  logic [CntW-1:0]   cnt_q;

  always_comb begin
    for (int unsigned l = 0; l < P; l++) full[W*(P-1-l) +: W] = in_data_i[W*l +: W];
    for (int unsigned i = 0; i < P; i++) begin
      out_data_o[W*i +: W] = full[W*(Full - 1 - Skip - i) +: W];
    end
  end

  assign out_valid_o = in_valid_i && (cnt_q == SBeats);

  if (S > 0) begin : g_hold
    logic [S*P*W-1:0] hold_q;
    assign full[Full*W-1:P*W] = hold_q;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        hold_q <= '0;
        cnt_q  <= '0;
      end else if (init_i) begin
        hold_q <= '0;
        cnt_q  <= '0;
      end else if (in_valid_i) begin
        hold_q <= full[S*P*W-1:0];
        if (cnt_q != SBeats) cnt_q <= cnt_q + 1'b1;
      end
    end
  end else begin : g_pass
    assign cnt_q = '0;
    logic unused_clk;
    assign unused_clk = clk_i ^ rst_ni ^ init_i;
  end

endmodule

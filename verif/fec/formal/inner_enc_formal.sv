// Formal check (yosys `sat -seq 4 -prove-asserts`, run_formal.sh inner): rtl/fec/inner_enc.sv equals the
// generation matrix of IEEE P802.3dj Table 177-1. Free inputs every cycle: input valid, the
// P input symbols (message and ignored parity slots) and output ready (random stalls on
// both sides). P = 64: one beat is one codeword. The wrapper predicts each output beat from
// the accepted input beat: message lanes unchanged, parity lanes (p_{2i}, p_{2i+1}) with
// p_j = parity(x & Col_j), x(k) = A ^ B of symbol k. Col_j are the matrix columns,
// transcribed here from the second transcription of the table (tests/fec/test_inner_fec.cpp),
// not from the RTL's inner_pkg. Every output beat is asserted equal to the prediction, with
// first/last set and no framing error. BMC of 4 cycles from reset (every input value and
// stall combination); at P = 64 the encoder's datapath state (beat 0, parity cleared) is the
// same before every beat, so this covers every codeword value. z3 through write_smt2 +
// yosys-smtbmc did not finish depth 3 in 4 minutes (as for the RS step check), hence sat. Smaller P share the per-lane datapath and differ in the beat counter, which the
// co-simulation covers (verif/fec/test_inner_cosim.cpp). Mutate = 1 flips
// one matrix entry of the prediction: the check must then fail (run_formal.sh checks it).
module inner_enc_formal #(
  parameter bit Mutate = 1'b0
) (
  input logic           clk_i,
  input logic           in_valid_i,
  input logic [2*P-1:0] in_data_i,
  input logic           out_ready_i
);
  localparam int unsigned P = 64;
  // Table 177-1 column p_j at [60*j +: 60], bit k = G(k, j)
  localparam logic [8*60-1:0] Cols = {60'he275a0abd218d4c, 60'h934f70fe3b14bea, 60'h49a7b87f1d8a5f5, 60'h24d3dc3f8ec52fa, 60'hf01c4eb4157a431, 60'h9a7b87f1d8a5f54, 60'h4d3dc3f8ec52faa, 60'hc4eb4157a431a99};

  logic rst_ni = 1'b0;
  always @(posedge clk_i) rst_ni <= 1'b1;

  logic           in_ready, out_valid, out_first, out_last, out_frame_err;
  logic [2*P-1:0] out_data;
  logic [2*P-1:0] exp_q = '0;

  inner_enc #(.P(P)) dut (
    .clk_i, .rst_ni,
    .in_valid_i, .in_ready_o(in_ready), .in_data_i,
    .in_first_i(1'b1), .in_last_i(1'b1),
    .out_valid_o(out_valid), .out_ready_i, .out_data_o(out_data),
    .out_first_o(out_first), .out_last_o(out_last), .out_frame_err_o(out_frame_err)
  );

  // prediction of the beat accepted now
  logic [59:0]    x;
  logic [7:0]     par;
  logic [2*P-1:0] exp_d;
  always @* begin
    for (int k = 0; k < 60; k++) x[k] = in_data_i[2*k+1] ^ in_data_i[2*k];
    for (int j = 0; j < 8; j++) par[j] = ^(x & Cols[60*j +: 60]);
    if (Mutate) par[0] = par[0] ^ x[59];
    exp_d = in_data_i;
    for (int i = 0; i < 4; i++) begin
      exp_d[2*(60+i)+1] = par[2*i];
      exp_d[2*(60+i)]   = par[2*i+1];
    end
  end

  always @(posedge clk_i) begin
    if (rst_ni && in_valid_i && in_ready) exp_q <= exp_d;
  end

  always @* begin
    if (rst_ni && out_valid) begin
      assert (out_data == exp_q);
      assert (out_first && out_last);
      assert (!out_frame_err);
    end
  end
endmodule

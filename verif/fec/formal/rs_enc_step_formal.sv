// Formal check (yosys `sat -prove-asserts`, combinational: one step): one beat of the
// P-parallel encoder datapath (rs_enc_step, P lanes) equals P chained applications of the
// serial datapath (rs_enc_step, P = 1) at codeword positions beat P + l, for every remainder,
// every input beat and every beat index of the codeword. rs_encoder registers beat index and
// remainder identically for every P (reset to 0, remainder cleared at beat 0), so by
// induction over beats the P-parallel encoder produces the same codewords as the P = 1 one.
module rs_enc_step_formal #(
  // Codeword length, message length, parallelism under test
  parameter int unsigned N = 544,
  parameter int unsigned K = 514,
  parameter int unsigned P = 32,
  // Self-test of the check: 1 shifts the serial positions by one symbol (must fail)
  parameter int unsigned PosOffset = 0,
  localparam int unsigned Np = N - K,
  localparam int unsigned BeatW = (N / P > 1) ? $clog2(N / P) : 1,
  localparam int unsigned SerW = $clog2(N)
) (
  // Free inputs: beat index, remainder before the beat, input symbols
  input logic [BeatW-1:0] beat_i,
  input logic [Np*10-1:0] state_i,
  input logic [P*10-1:0]  data_i
);
  localparam int unsigned LastBeatI = N / P - 1;
  localparam logic [BeatW-1:0] LastBeat = LastBeatI[BeatW-1:0];

  logic [Np*10-1:0] par_state;
  logic [P*10-1:0]  par_data, ser_data;
  logic [Np*10-1:0] chain [P+1];
  logic [SerW-1:0]  pos [P];

  rs_enc_step #(.N(N), .K(K), .P(P)) u_par (
    .beat_i, .state_i, .data_i, .state_o(par_state), .data_o(par_data)
  );

  assign chain[0] = state_i;
  for (genvar l = 0; l < P; l++) begin : g_ser
    localparam int unsigned LI = l + PosOffset;
    assign pos[l] = {{(SerW-BeatW){1'b0}}, beat_i} * P[SerW-1:0] + LI[SerW-1:0];
    rs_enc_step #(.N(N), .K(K), .P(1)) u_ser (
      .beat_i(pos[l]), .state_i(chain[l]), .data_i(data_i[10*l +: 10]),
      .state_o(chain[l+1]), .data_o(ser_data[10*l +: 10])
    );
  end

  always @* begin
    assume (beat_i <= LastBeat);
    assert (par_state == chain[P]);
    assert (par_data == ser_data);
  end
endmodule

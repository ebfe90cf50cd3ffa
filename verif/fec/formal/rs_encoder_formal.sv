// Formal check (yosys write_smt2 + yosys-smtbmc BMC): a P-parallel rs_encoder produces,
// beat for beat, the same symbols as the P = 1 encoder fed with the same free input
// symbols. The P = 1 encoder takes one symbol per cycle; every P cycles the wrapper hands
// the last P symbols to the P-parallel encoder as one beat. Both run without stalls.
// Parameters N/K select a further-shortened code with the KP4 generator (2t = 30) so
// that BMC covers complete codewords (e.g. RS(36,6), P = 4: the message/parity boundary
// falls inside a beat, as for RS(544,514) with P >= 4).
module rs_encoder_formal #(
  // Codeword length (symbols), message length, parallelism of the encoder under test
  parameter int unsigned N = 36,
  parameter int unsigned K = 6,
  parameter int unsigned P = 4
) (
  input logic       clk_i,
  input logic [9:0] sym_i   // free input symbol (one per cycle)
);
  localparam int unsigned PhW = (P > 1) ? $clog2(P) : 1;
  localparam int unsigned LastPhI = P - 1;
  localparam logic [PhW-1:0] LastPh = LastPhI[PhW-1:0];

  logic rst_n_q = 1'b0;
  logic [PhW-1:0] phase_q = '0;
  logic [(P-1)*10-1:0] buf_q = '0;     // symbols of the current beat so far, lane 0 lowest
  logic [(P-1)*10-1:0] sr_q = '0;      // last P-1 outputs of the serial encoder
  logic [P-2:0] fsr_q = '0;            // out_first flags of those outputs

  logic        s_valid, s_ready, s_first, s_last, s_ferr;
  logic [9:0]  s_data;
  logic        p_in_valid, p_ready, p_valid, p_first, p_last, p_ferr;
  logic [P*10-1:0] p_data;

  rs_encoder #(.N(N), .K(K), .P(1)) u_serial (
    .clk_i, .rst_ni(rst_n_q),
    .in_valid_i(rst_n_q), .in_ready_o(s_ready), .in_data_i(sym_i),
    .in_first_i(1'b0), .in_last_i(1'b0),
    .out_valid_o(s_valid), .out_ready_i(1'b1), .out_data_o(s_data),
    .out_first_o(s_first), .out_last_o(s_last), .out_frame_err_o(s_ferr)
  );

  assign p_in_valid = rst_n_q && (phase_q == LastPh);

  rs_encoder #(.N(N), .K(K), .P(P)) u_parallel (
    .clk_i, .rst_ni(rst_n_q),
    .in_valid_i(p_in_valid), .in_ready_o(p_ready), .in_data_i({sym_i, buf_q}),
    .in_first_i(1'b0), .in_last_i(1'b0),
    .out_valid_o(p_valid), .out_ready_i(1'b1), .out_data_o(p_data),
    .out_first_o(p_first), .out_last_o(p_last), .out_frame_err_o(p_ferr)
  );

  always @(posedge clk_i) begin
    rst_n_q <= 1'b1;
    if (rst_n_q) begin
      phase_q <= (phase_q == LastPh) ? '0 : phase_q + 1'b1;
      if (phase_q != LastPh) buf_q[phase_q*10 +: 10] <= sym_i;
    end
    if (s_valid) begin
      sr_q  <= {s_data, sr_q[(P-1)*10-1:10]};
      fsr_q <= {s_first, fsr_q[P-2:1]};
    end
  end

  always @(posedge clk_i) begin
    if (rst_n_q) begin
      assert (s_ready && p_ready);
      // the parallel encoder outputs a beat exactly when the serial one completes it
      assert (p_valid == (s_valid && (phase_q == '0)));
      if (p_valid) begin
        assert (p_data == {s_data, sr_q});
        assert (p_first == fsr_q[0]);   // lane 0 of the beat is the first symbol
        assert (p_last == s_last);      // lane P-1 is the last symbol
      end
    end
  end
endmodule

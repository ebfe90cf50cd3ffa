// One beat of the P-parallel RS(N,K) encoder LFSR (combinational): the textbook division
// circuit applied to the P symbols of beat beat_i, lane by lane. Lane l holds codeword
// position q = beat_i P + l: a message symbol (q < K) is passed through and divided into the
// remainder; a parity position outputs the top remainder symbol and shifts the remainder.
// rs_enc_step with P lanes equals P chained applications of rs_enc_step with P = 1 (proved
// by verif/fec/formal: rs_enc_step_formal.sv). Golden model: halo::fec::RsEncoder::encode_lfsr.
module rs_enc_step #(
  // Codeword length, message length (symbols)
  parameter int unsigned N = 544,
  parameter int unsigned K = 514,
  // Symbols per beat
  parameter int unsigned P = 1,
  // Derived: parity symbols, beat counter width
  localparam int unsigned Np = N - K,
  localparam int unsigned BeatW = (N / P > 1) ? $clog2(N / P) : 1
) (
  // Beat index within the codeword (0 .. N/P-1)
  input  logic [BeatW-1:0] beat_i,
  // Remainder before the beat (symbol i at [10*i +: 10]; zero at the start of a codeword)
  input  logic [Np*10-1:0] state_i,
  // Input symbols of the beat (lane l at [10*l +: 10]; parity positions ignored)
  input  logic [P*10-1:0]  data_i,
  // Remainder after the beat, output symbols (message or parity)
  output logic [Np*10-1:0] state_o,
  output logic [P*10-1:0]  data_o
);

  logic [31:0] beat32;
  assign beat32 = {{(32 - BeatW){1'b0}}, beat_i};

  always_comb begin
    logic [Np*10-1:0] st;
    logic [9:0]       fb;
    fb = '0;
    data_o = '0;
    st = state_i;
    for (int unsigned l = 0; l < P; l++) begin
      if (beat32 * P + l < K) begin
        data_o[l*10 +: 10] = data_i[l*10 +: 10];
        fb = data_i[l*10 +: 10] ^ st[(Np-1)*10 +: 10];
        for (int unsigned i = Np - 1; i > 0; i--) begin
          st[i*10 +: 10] = st[(i-1)*10 +: 10] ^ rs_pkg::gf_mul(fb, rs_pkg::rs_gen_coef(Np, i));
        end
        st[9:0] = rs_pkg::gf_mul(fb, rs_pkg::rs_gen_coef(Np, 0));
      end else begin
        data_o[l*10 +: 10] = st[(Np-1)*10 +: 10];
        st = {st[(Np-1)*10-1:0], 10'd0};
      end
    end
    state_o = st;
  end

endmodule : rs_enc_step

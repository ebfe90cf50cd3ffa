// IEEE 802.3dj Clause 177 inner FEC encoder (Figure 177-5, Table 177-1), P PAM4 symbols per
// clock: 120 message bits (60 symbols) -> 128-bit codeword (64 symbols), "Hamming(128,120)".
//
// Stream (docs/inner_fec.md, "RTL"): one codeword = 64/P beats of P symbols, P in
// {1, 2, 4, 8, 16, 32, 64}; lane l at [2*l +: 2] = {A, B} (A = bit 1, sent first), lane 0 is
// the earliest symbol. The input is codeword-shaped like rs_encoder's: symbols 0..59 carry
// the message (the 60 pairs InnerFecTx takes), the 4 parity slots 60..63 are ignored; the
// output is the codeword InnerFecTx produces: the message unchanged, then (p0,p1), (p2,p3),
// (p4,p5), (p6,p7) as (A, B), with p_j = XOR_k (A_k ^ B_k) G(k, j).
//
// Datapath: the parity accumulates over the beats (XOR of the Table 177-1 rows selected by
// the XOR-domain bits of the beat's message lanes); the parity lanes take it after the
// beat's own message lanes, so P = 64 encodes a whole codeword in one beat. One register
// stage; in_ready_o = !out_valid_o || out_ready_i: full rate back to back, clean output
// backpressure. Latency 1 cycle. Golden model: halo::fec::inner::InnerFecTx / encode_pairs;
// formal proof against the generation matrix: verif/fec/formal/inner_enc_formal.sv.
`include "halo_assert.svh"

module inner_enc #(
  // Symbols per beat; must divide 64.
  parameter int unsigned P = 8
) (
  // Clock and active-low asynchronous reset
  input  logic           clk_i,
  input  logic           rst_ni,
  // Input stream (codeword-shaped: message in symbols 0..59, parity slots ignored)
  input  logic           in_valid_i,
  output logic           in_ready_o,
  input  logic [2*P-1:0] in_data_i,
  input  logic           in_first_i,   // first beat of a codeword (checked)
  input  logic           in_last_i,    // last beat of a codeword (checked)
  // Output stream (codeword with parity)
  output logic           out_valid_o,
  input  logic           out_ready_i,
  output logic [2*P-1:0] out_data_o,
  output logic           out_first_o,
  output logic           out_last_o,
  // Framing check: the output beat's input first/last flags disagreed with the beat count
  output logic           out_frame_err_o
);

  localparam int unsigned Beats = inner_pkg::CwSymbols / P;   // beats per codeword
  localparam int unsigned BeatW = (Beats > 1) ? $clog2(Beats) : 1;
  localparam int unsigned LastBeatI = Beats - 1;
  localparam logic [BeatW-1:0] LastBeat = LastBeatI[BeatW-1:0];

  `HALO_ASSERT_INIT(ParamCheck_A, (P >= 1) && (P <= 64) && (64 % P == 0))

  logic [BeatW-1:0] beat_q, beat_d;
  logic [7:0]       par_q, par_d;     // parity of the message lanes so far, bit j = p_j
  logic [2*P-1:0]   enc_data;
  logic             accept;
  logic [31:0]      beat32;

  logic             out_valid_q;
  logic [2*P-1:0]   out_data_q;
  logic             out_first_q, out_last_q, out_frame_err_q;

  assign in_ready_o = !out_valid_q || out_ready_i;
  assign accept     = in_valid_i && in_ready_o;
  assign beat32     = {{(32 - BeatW){1'b0}}, beat_q};

  // Lane l holds codeword symbol q = beat * P + l.
  always_comb begin
    logic [7:0] par;
    par      = (beat_q == '0) ? 8'd0 : par_q;
    enc_data = in_data_i;
    for (int unsigned l = 0; l < P; l++) begin
      if (beat32 * P + l < inner_pkg::MsgSymbols) begin
        if (in_data_i[2*l+1] ^ in_data_i[2*l]) begin
          par = par ^ inner_pkg::gen_row(beat32 * P + l);
        end
      end
    end
    for (int unsigned l = 0; l < P; l++) begin
      if (beat32 * P + l >= inner_pkg::MsgSymbols) begin
        // parity symbol i = q - 60 carries (p_{2i}, p_{2i+1}) as (A, B)
        enc_data[2*l+1] = par[2*(beat32*P + l - inner_pkg::MsgSymbols)];
        enc_data[2*l]   = par[2*(beat32*P + l - inner_pkg::MsgSymbols) + 1];
      end
    end
    par_d = par;
  end
  assign beat_d = (beat_q == LastBeat) ? '0 : beat_q + 1'b1;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      beat_q          <= '0;
      par_q           <= '0;
      out_valid_q     <= 1'b0;
      out_data_q      <= '0;
      out_first_q     <= 1'b0;
      out_last_q      <= 1'b0;
      out_frame_err_q <= 1'b0;
    end else if (in_ready_o) begin
      out_valid_q <= in_valid_i;
      if (accept) begin
        beat_q          <= beat_d;
        par_q           <= par_d;
        out_data_q      <= enc_data;
        out_first_q     <= (beat_q == '0);
        out_last_q      <= (beat_q == LastBeat);
        out_frame_err_q <= (in_first_i != (beat_q == '0)) || (in_last_i != (beat_q == LastBeat));
      end
    end
  end

  assign out_valid_o     = out_valid_q;
  assign out_data_o      = out_data_q;
  assign out_first_o     = out_first_q;
  assign out_last_o      = out_last_q;
  assign out_frame_err_o = out_frame_err_q;

  // A stalled output beat must not change.
  `HALO_ASSERT(OutStable_A, (out_valid_q && !out_ready_i) |=> $stable(out_data_q), clk_i, rst_ni)

endmodule : inner_enc

// P-parallel systematic RS(N,K) encoder over GF(2^10): KP4 RS(544,514) by default, KR4
// RS(528,514) with N = 528 (IEEE 802.3-2022 91.5.2.5 / 119.2.4.6).
//
// Stream: one codeword = N/P beats of P symbols; lane 0 (bits [9:0]) is sent first. The
// input carries the K message symbols (transmission order, m_{K-1} first) in codeword
// positions 0..K-1; the N-K parity positions of the input are ignored and the output
// carries c(x) = x^(N-K) m(x) + (x^(N-K) m(x) mod g(x)) with p_{N-K-1} first. Because
// K = 514 is not a multiple of P > 2, the message/parity boundary may fall inside a beat,
// hence the codeword-shaped input.
//
// Datapath: the textbook LFSR division circuit unrolled P times per clock (lane by lane,
// rs_enc_step); after the last message symbol the LFSR shifts out the parity. One register stage;
// in_ready_o = !out_valid_o || out_ready_i, so back-to-back codewords pass at full rate and
// output backpressure stalls cleanly. Golden model: halo::fec::RsEncoder::encode_lfsr.
`include "halo_assert.svh"

module rs_encoder #(
  // Codeword length in symbols (544: KP4, 528: KR4).
  parameter int unsigned N = 544,
  // Message length in symbols.
  parameter int unsigned K = 514,
  // Symbols per beat; N must be a multiple of P.
  parameter int unsigned P = 1
) (
  // Clock and active-low asynchronous reset
  input  logic            clk_i,
  input  logic            rst_ni,
  // Input stream (codeword-shaped: message in positions 0..K-1, parity slots ignored)
  input  logic            in_valid_i,
  output logic            in_ready_o,
  input  logic [P*10-1:0] in_data_i,
  input  logic            in_first_i,   // first beat of a codeword (checked)
  input  logic            in_last_i,    // last beat of a codeword (checked)
  // Output stream (codeword with parity)
  output logic            out_valid_o,
  input  logic            out_ready_i,
  output logic [P*10-1:0] out_data_o,
  output logic            out_first_o,
  output logic            out_last_o,
  // Framing check: the output beat's input first/last flags disagreed with the beat count
  output logic            out_frame_err_o
);

  localparam int unsigned Np = N - K;            // number of parity symbols, 2t
  localparam int unsigned Beats = N / P;         // beats per codeword
  localparam int unsigned BeatW = (Beats > 1) ? $clog2(Beats) : 1;
  localparam int unsigned LastBeatI = Beats - 1;
  localparam logic [BeatW-1:0] LastBeat = LastBeatI[BeatW-1:0];

  `HALO_ASSERT_INIT(ParamCheck_A, (N % P == 0) && (N > K) && ((N - K == 30) || (N - K == 14)))

  logic [BeatW-1:0]       beat_q, beat_d;
  logic [Np*10-1:0]       par_q, par_d;     // LFSR, symbol i at [10*i +: 10]
  logic [P*10-1:0]        enc_data;
  logic                   accept;

  logic                   out_valid_q;
  logic [P*10-1:0]        out_data_q;
  logic                   out_first_q, out_last_q, out_frame_err_q;

  assign in_ready_o = !out_valid_q || out_ready_i;
  assign accept     = in_valid_i && in_ready_o;

  // Unrolled LFSR: lane l holds codeword position beat*P + l (rs_enc_step).
  rs_enc_step #(.N(N), .K(K), .P(P)) u_step (
    .beat_i  (beat_q),
    .state_i ((beat_q == '0) ? '0 : par_q),
    .data_i  (in_data_i),
    .state_o (par_d),
    .data_o  (enc_data)
  );
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

endmodule : rs_encoder

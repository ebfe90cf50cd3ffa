// Codeword-interleaved RS(N,K) decoder: Ways independent rs_decoder cores, each with P symbols
// per beat, on a stream that interleaves Ways codewords symbol by symbol (IEEE 802.3-2022
// Clause 119: the 400GBASE-R PCS interleaves codewords A and B 10-bit symbol by 10-bit symbol;
// Clause 172 800GBASE-R runs two such flows). The stream carries Ways * P symbols per clock,
// so the throughput is Ways * P * 10 bits per clock with the timing paths of a P-wide core.
//
// Symbol order (halo::fec::interleave_symbols, cmodel/include/halo/fec/codeword_io.hpp):
// stream symbol j of a group of Ways codewords is symbol j / Ways (transmission order) of
// codeword j mod Ways. In a beat, stream lane m (bits [m*10 +: 10], lane 0 first) is lane
// m / Ways of core m mod Ways. A group of Ways codewords takes N / P beats; first/last mark the
// group's first and last beat.
//
// The cores run in lock step (their timing does not depend on the data): a beat enters all of
// them or none, and leaves all of them or none. Each core therefore takes the stream's
// in_valid_i and out_ready_i directly (no AND of the cores' handshakes on the way in, which
// would put one core's ready in every other core's enables); in_ready_o and out_valid_o are
// core 0's, and assertions check that the others agree on every cycle. Status outputs are per
// codeword of the group (way w = codeword w) and valid with out_valid_o && out_last_o.
// Golden model: halo::fec::RsDecoder per codeword, after halo::fec::deinterleave_symbols.
`include "halo_assert.svh"

module rs_decoder_ilv #(
  // Codeword length in symbols (544: KP4, 528: KR4).
  parameter int unsigned N = 544,
  // Message length in symbols.
  parameter int unsigned K = 514,
  // Symbols per beat of each core; N must be a multiple of P.
  parameter int unsigned P = 8,
  // Codewords interleaved (1, 2 or 4).
  parameter int unsigned Ways = 2,
  // Key-equation solver of each core (rs_decoder: 0 = parallel riBM, Pe > 0 = folded).
  parameter int unsigned KesPe = 0
) (
  // Clock and active-low asynchronous reset
  input  logic                 clk_i,
  input  logic                 rst_ni,
  // Configuration: 1 = correct, 0 = bypass correction (flag only); sampled per codeword
  input  logic                 correct_en_i,
  // Input stream (interleaved received codewords, transmission order, lane 0 first)
  input  logic                 in_valid_i,
  output logic                 in_ready_o,
  input  logic [Ways*P*10-1:0] in_data_i,
  input  logic                 in_first_i,
  input  logic                 in_last_i,
  output logic                 in_frame_err_o,  // some core saw first/last disagree with its count
  // Output stream (interleaved corrected codewords)
  output logic                 out_valid_o,
  input  logic                 out_ready_i,
  output logic [Ways*P*10-1:0] out_data_o,
  output logic                 out_first_o,
  output logic                 out_last_o,
  // Per-codeword status (field w = codeword w of the group), valid with out_valid_o && out_last_o
  output logic [Ways-1:0]      out_uncorr_o,     // uncorrectable: data passed through unmodified
  output logic [Ways*5-1:0]    out_errors_o,     // symbol errors located (0 when uncorrectable)
  output logic [Ways*5-1:0]    out_corr_sym_o,   // symbols corrected (0 in bypass mode)
  output logic [Ways*9-1:0]    out_corr_bits_o   // bits flipped by the correction (0 in bypass)
);
  `HALO_ASSERT_INIT(WaysCheck_A, (Ways == 1) || (Ways == 2) || (Ways == 4))

  logic [Ways-1:0]      core_in_ready, core_frame_err, core_out_valid, core_out_first;
  logic [Ways-1:0]      core_out_last;

  // A beat moves into (out of) every core at once: the cores are in lock step.
  assign in_ready_o     = core_in_ready[0];
  assign out_valid_o    = core_out_valid[0];
  assign in_frame_err_o = |core_frame_err;
  assign out_first_o    = core_out_first[0];
  assign out_last_o     = core_out_last[0];

  for (genvar w = 0; w < Ways; w++) begin : g_way
    logic [P*10-1:0] core_in, core_out;

    // Lane l of core w is stream lane l * Ways + w.
    for (genvar l = 0; l < P; l++) begin : g_lane
      assign core_in[l*10 +: 10]              = in_data_i[(l*Ways+w)*10 +: 10];
      assign out_data_o[(l*Ways+w)*10 +: 10] = core_out[l*10 +: 10];
    end

    rs_decoder #(
      .N    (N),
      .K    (K),
      .P    (P),
      .KesPe(KesPe)
    ) u_core (
      .clk_i,
      .rst_ni,
      .correct_en_i,
      .in_valid_i,
      .in_ready_o     (core_in_ready[w]),
      .in_data_i      (core_in),
      .in_first_i,
      .in_last_i,
      .in_frame_err_o (core_frame_err[w]),
      .out_valid_o    (core_out_valid[w]),
      .out_ready_i,
      .out_data_o     (core_out),
      .out_first_o    (core_out_first[w]),
      .out_last_o     (core_out_last[w]),
      .out_uncorr_o   (out_uncorr_o[w]),
      .out_errors_o   (out_errors_o[w*5 +: 5]),
      .out_corr_sym_o (out_corr_sym_o[w*5 +: 5]),
      .out_corr_bits_o(out_corr_bits_o[w*9 +: 9])
    );
  end

  // Lock step: the cores agree on every handshake and frame flag.
  `HALO_ASSERT(LockStepIn_A, (core_in_ready == '0) || (core_in_ready == '1), clk_i, rst_ni)
  `HALO_ASSERT(LockStepOut_A, ((core_out_valid == '0) || (core_out_valid == '1))
               && (!out_valid_o || ((core_out_first == '0) || (core_out_first == '1))
                                && ((core_out_last == '0) || (core_out_last == '1))),
               clk_i, rst_ni)

endmodule : rs_decoder_ilv

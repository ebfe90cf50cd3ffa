// Few-pin out-of-context wrapper of rs_decoder (Ways = 1) or of the codeword-interleaved
// rs_decoder_ilv (Ways > 1) for place and route (Fmax estimates only;
// not a functional test bench). Synthesis-only: fpga/synth/fec_synth.sh ... --ooc.
//
// A device has far fewer pins than the decoder's 2 x 10P x Ways data bits, so the wrapper
//  * shifts the Ways x P x 10-bit input beat in from one pin (`sin_i`): a 10 x P x Ways-bit shift register
//    whose full width drives `in_data_i` every cycle (each bit a distinct flip-flop, so no
//    input bit is constant and nothing of the decoder is optimised away);
//  * registers every decoder output (data, flags, status) and XOR-reduces the registered
//    vector into one registered pin (`xor_o`), so every output bit is observable;
//  * takes the stream controls (valid, ready, first, last, correct enable) from pins.
// Every timing path of the decoder therefore starts and ends at a flip-flop inside the
// device; the I/O paths (pin -> shift register, xor_o) are one register deep.
module rs_decoder_ooc #(
  // Codeword length in symbols (544: KP4, 528: KR4).
  parameter int unsigned N = 544,
  // Symbols per beat of each decoder core.
  parameter int unsigned P = 8,
  // Codewords interleaved (rs_decoder_ilv cores); 1 = plain rs_decoder.
  parameter int unsigned Ways = 1
) (
  // Clock and active-low asynchronous reset
  input  logic clk_i,
  input  logic rst_ni,
  // Serial data in, stream controls
  input  logic sin_i,
  input  logic correct_en_i,
  input  logic in_valid_i,
  input  logic in_first_i,
  input  logic in_last_i,
  input  logic out_ready_i,
  // Observed outputs: in_ready, out_valid and the XOR of all other registered outputs
  output logic in_ready_o,
  output logic out_valid_o,
  output logic xor_o
);

  localparam int unsigned W = Ways * P * 10;    // beat width in bits
  // data, first/last, frame error, per codeword: uncorrectable and status
  localparam int unsigned OW = W + 2 + 1 + Ways * (1 + 5 + 5 + 9);

  logic [W-1:0]         sh_q;
  logic [W-1:0]         out_data;
  logic                 out_first, out_last, frame_err;
  logic [Ways-1:0]      uncorr;
  logic [Ways*5-1:0]    errors, corr_sym;
  logic [Ways*9-1:0]    corr_bits;
  logic [OW-1:0]        obs_q;
  logic          xor_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sh_q  <= '0;
      obs_q <= '0;
      xor_q <= 1'b0;
    end else begin
      sh_q  <= {sh_q[W-2:0], sin_i};
      obs_q <= {out_data, out_first, out_last, frame_err, uncorr, errors, corr_sym, corr_bits};
      xor_q <= ^obs_q;
    end
  end

  rs_decoder_ilv #(
    .N   (N),
    .P   (P),
    .Ways(Ways)
  ) u_dec (
    .clk_i,
    .rst_ni,
    .correct_en_i,
    .in_valid_i,
    .in_ready_o,
    .in_data_i      (sh_q),
    .in_first_i,
    .in_last_i,
    .in_frame_err_o (frame_err),
    .out_valid_o,
    .out_ready_i,
    .out_data_o     (out_data),
    .out_first_o    (out_first),
    .out_last_o     (out_last),
    .out_uncorr_o   (uncorr),
    .out_errors_o   (errors),
    .out_corr_sym_o (corr_sym),
    .out_corr_bits_o(corr_bits)
  );

  assign xor_o = xor_q;

endmodule : rs_decoder_ooc

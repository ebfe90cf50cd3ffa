// Few-pin out-of-context wrapper of the Clause 177 inner decoders for place and route (Fmax
// estimates only; not a functional test bench). Synthesis-only:
// fpga/synth/inner_synth.sh ecp5 <inner_dec_hard|inner_dec_chase> P [L] --ooc.
// As rs_decoder_ooc: the 2 x P x LlrW-bit input beat is shifted in from one pin (each bit a
// distinct flip-flop, so nothing of the decoder is constant), every decoder output is
// registered and XOR-reduced into one registered pin, the stream controls come from pins.
module inner_dec_ooc #(
  // Symbols per beat
  parameter int unsigned P = 8,
  // 1: inner_dec_chase (Chase-2, ChaseL), 0: inner_dec_hard
  parameter bit Chase = 1'b1,
  // Chase-2 L
  parameter int unsigned ChaseL = 4
) (
  // Clock and active-low asynchronous reset
  input  logic clk_i,
  input  logic rst_ni,
  // Serial LLR bits in, stream controls
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

  localparam int unsigned LlrW = halo_fixed_pkg::LlrBits;
  localparam int unsigned W = 2 * P * LlrW;            // input beat width
  // data, first, last, frame error, corrected, uncorrectable, status (flips + metric or position)
  localparam int unsigned SW = Chase ? 68 + 9 : 7;
  localparam int unsigned OW = 2 * P + 2 + 1 + 2 + SW;

  logic [W-1:0]    sh_q;
  logic [2*P-1:0]  out_data;
  logic            out_first, out_last, frame_err, corr, uncorr;
  logic [SW-1:0]   status;
  logic [OW-1:0]   obs_q;
  logic            xor_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sh_q  <= '0;
      obs_q <= '0;
      xor_q <= 1'b0;
    end else begin
      sh_q  <= {sh_q[W-2:0], sin_i};
      obs_q <= {out_data, out_first, out_last, frame_err, corr, uncorr, status};
      xor_q <= ^obs_q;
    end
  end

  if (Chase) begin : g_chase
    inner_dec_chase #(
      .P     (P),
      .ChaseL(ChaseL)
    ) u_dec (
      .clk_i,
      .rst_ni,
      .correct_en_i,
      .in_valid_i,
      .in_ready_o,
      .in_llr_i       (sh_q),
      .in_first_i,
      .in_last_i,
      .in_frame_err_o (frame_err),
      .out_valid_o,
      .out_ready_i,
      .out_data_o     (out_data),
      .out_first_o    (out_first),
      .out_last_o     (out_last),
      .out_corrected_o(corr),
      .out_uncorr_o   (uncorr),
      .out_flips_o    (status[SW-1 -: 68]),
      .out_metric_o   (status[8:0])
    );
  end else begin : g_hard
    inner_dec_hard #(
      .P(P)
    ) u_dec (
      .clk_i,
      .rst_ni,
      .correct_en_i,
      .in_valid_i,
      .in_ready_o,
      .in_llr_i       (sh_q),
      .in_first_i,
      .in_last_i,
      .in_frame_err_o (frame_err),
      .out_valid_o,
      .out_ready_i,
      .out_data_o     (out_data),
      .out_first_o    (out_first),
      .out_last_o     (out_last),
      .out_corrected_o(corr),
      .out_uncorr_o   (uncorr),
      .out_pos_o      (status)
    );
  end

  assign xor_o = xor_q;

endmodule : inner_dec_ooc

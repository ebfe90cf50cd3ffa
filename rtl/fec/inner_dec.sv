// Clause 177 inner decoder with the decoder chosen at elaboration (and, with both, at run
// time): Dec = 1 inner_dec_hard, 2 inner_dec_chase (ChaseL), 3 both (chase_i selects; the idle
// one gets no beats; chase_i must not change while codewords are in flight). Streams, bypass and
// latency of the selected decoder (docs/inner_fec.md, "RTL"); status on the beat with
// out_last_o as a set: out_flips_o bit k = XOR-domain position k changed (the hard decoder's
// located position as a one-hot set when corrected). Used by retimer_rx (inner_rx) and the
// concatenated BER emulator (emu_cat_link).
module inner_dec #(
  // Symbols per beat (divides 64)
  parameter int unsigned P = 8,
  // Decoders: 1 hard, 2 Chase-2, 3 both
  parameter int unsigned Dec = 3,
  // Chase-2 L (2..6)
  parameter int unsigned ChaseL = 4,
  // LLR word length
  parameter int unsigned LlrW = halo_fixed_pkg::LlrBits
) (
  // Clock and active-low asynchronous reset
  input  logic                clk_i,
  input  logic                rst_ni,
  // Chase (1) or hard (0) with Dec = 3; 1: correct, 0: bypass
  input  logic                chase_i,
  input  logic                correct_en_i,
  // Input stream: two LlrW-bit LLRs per symbol, codeword framing
  input  logic                in_valid_i,
  output logic                in_ready_o,
  input  logic [2*P*LlrW-1:0] in_llr_i,
  input  logic                in_first_i,
  input  logic                in_last_i,
  output logic                in_frame_err_o,
  // Output stream: corrected symbol pairs, framing, status
  output logic                out_valid_o,
  input  logic                out_ready_i,
  output logic [2*P-1:0]      out_data_o,
  output logic                out_first_o,
  output logic                out_last_o,
  output logic                out_corrected_o,
  output logic                out_uncorr_o,
  output logic [67:0]         out_flips_o
);
  localparam bit HasHard = (Dec != 2);
  localparam bit HasChase = (Dec != 1);

  logic           sel_c;
  logic           h_in_ready, h_valid, h_first, h_last, h_corr, h_unc, h_ferr;
  logic           c_in_ready, c_valid, c_first, c_last, c_corr, c_unc, c_ferr;
  logic [2*P-1:0] h_data, c_data;
  logic [67:0]    h_flips, c_flips;

  assign sel_c = HasChase && (!HasHard || chase_i);

  if (HasHard) begin : g_hard
    logic [6:0] pos;
    inner_dec_hard #(.P(P), .LlrW(LlrW)) u_dec (
      .clk_i, .rst_ni,
      .correct_en_i,
      .in_valid_i     (in_valid_i && !sel_c),
      .in_ready_o     (h_in_ready),
      .in_llr_i,
      .in_first_i,
      .in_last_i,
      .in_frame_err_o (h_ferr),
      .out_valid_o    (h_valid),
      .out_ready_i    (out_ready_i && !sel_c),
      .out_data_o     (h_data),
      .out_first_o    (h_first),
      .out_last_o     (h_last),
      .out_corrected_o(h_corr),
      .out_uncorr_o   (h_unc),
      .out_pos_o      (pos)
    );
    always_comb begin
      h_flips = '0;
      if (h_corr) h_flips[pos] = 1'b1;
    end
  end else begin : g_no_hard
    assign {h_in_ready, h_valid, h_first, h_last, h_corr, h_unc, h_ferr, h_data, h_flips} = '0;
  end

  if (HasChase) begin : g_chase
    logic [8:0] unused_metric;
    inner_dec_chase #(.P(P), .ChaseL(ChaseL), .LlrW(LlrW)) u_dec (
      .clk_i, .rst_ni,
      .correct_en_i,
      .in_valid_i     (in_valid_i && sel_c),
      .in_ready_o     (c_in_ready),
      .in_llr_i,
      .in_first_i,
      .in_last_i,
      .in_frame_err_o (c_ferr),
      .out_valid_o    (c_valid),
      .out_ready_i    (out_ready_i && sel_c),
      .out_data_o     (c_data),
      .out_first_o    (c_first),
      .out_last_o     (c_last),
      .out_corrected_o(c_corr),
      .out_uncorr_o   (c_unc),
      .out_flips_o    (c_flips),
      .out_metric_o   (unused_metric)
    );
  end else begin : g_no_chase
    assign {c_in_ready, c_valid, c_first, c_last, c_corr, c_unc, c_ferr, c_data, c_flips} = '0;
  end

  assign in_ready_o      = sel_c ? c_in_ready : h_in_ready;
  assign in_frame_err_o  = h_ferr || c_ferr;
  assign out_valid_o     = sel_c ? c_valid : h_valid;
  assign out_data_o      = sel_c ? c_data : h_data;
  assign out_first_o     = sel_c ? c_first : h_first;
  assign out_last_o      = sel_c ? c_last : h_last;
  assign out_corrected_o = sel_c ? c_corr : h_corr;
  assign out_uncorr_o    = sel_c ? c_unc : h_unc;
  assign out_flips_o     = sel_c ? c_flips : h_flips;

endmodule : inner_dec

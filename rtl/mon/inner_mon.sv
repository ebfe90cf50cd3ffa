// Clause 177 inner FEC monitor counters as the register map exposes them
// (rtl/regmap/halo_retimer.rdl, INNER_CW .. INNER_POS_HIST): codewords, corrected codewords,
// detected-uncorrectable codewords, corrected XOR-domain positions (32-bit saturating) and the
// 68-bin per-position histogram (16-bit saturating bins). Golden model:
// halo::fec::inner::InnerFecMonitor as read by halo::retimer::RetimerDevice (sat32, bins
// min(count, 0xffff)).
module inner_mon (
  // Clock and active-low asynchronous reset
  input  logic           clk_i,
  input  logic           rst_ni,
  // Clear all counters
  input  logic           clear_i,
  // One codeword's verdict: corrected (flips = the XOR-domain positions changed, bit k =
  // position k) or detected-uncorrectable; neither = clean
  input  logic           cw_valid_i,
  input  logic           corrected_i,
  input  logic           uncorr_i,
  input  logic [67:0]    flips_i,
  // Counters
  output logic [31:0]    cw_o,
  output logic [31:0]    corr_cw_o,
  output logic [31:0]    uncorr_o,
  output logic [31:0]    corr_pos_o,
  output logic [68*16-1:0] hist_o
);

  function automatic logic [31:0] sat_add(input logic [31:0] a, input logic [31:0] b);
    logic [32:0] s;
    s = {1'b0, a} + {1'b0, b};
    sat_add = s[32] ? 32'hffff_ffff : s[31:0];
  endfunction

  logic [31:0]       cw_q, corr_cw_q, uncorr_q, corr_pos_q;
  logic [68*16-1:0]  hist_q;
  logic [31:0]       nflips;

  always_comb begin
    nflips = '0;
    for (int unsigned k = 0; k < 68; k++) nflips = nflips + {31'd0, flips_i[k]};
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cw_q       <= '0;
      corr_cw_q  <= '0;
      uncorr_q   <= '0;
      corr_pos_q <= '0;
      hist_q     <= '0;
    end else if (clear_i) begin
      cw_q       <= '0;
      corr_cw_q  <= '0;
      uncorr_q   <= '0;
      corr_pos_q <= '0;
      hist_q     <= '0;
    end else if (cw_valid_i) begin
      cw_q <= sat_add(cw_q, 32'd1);
      if (uncorr_i) uncorr_q <= sat_add(uncorr_q, 32'd1);
      if (corrected_i) begin
        corr_cw_q  <= sat_add(corr_cw_q, 32'd1);
        corr_pos_q <= sat_add(corr_pos_q, nflips);
        for (int unsigned k = 0; k < 68; k++) begin
          if (flips_i[k] && hist_q[16*k +: 16] != 16'hffff) hist_q[16*k +: 16] <= hist_q[16*k +: 16] + 16'd1;
        end
      end
    end
  end

  assign cw_o       = cw_q;
  assign corr_cw_o  = corr_cw_q;
  assign uncorr_o   = uncorr_q;
  assign corr_pos_o = corr_pos_q;
  assign hist_o     = hist_q;

endmodule : inner_mon

// KP4 RS-FEC monitor counters as the register map exposes them (rtl/regmap/halo_retimer.rdl):
// codewords, corrected / uncorrectable codewords, corrected symbols and bits, symbol errors
// (uncorrectable = t + 1 = 16), the symbol-errors-per-codeword histogram (bins 0..15, bin 16
// uncorrectable) and hi_ser over windows of 8192 codewords (threshold 6380, IEEE 802.3-2022
// 119.2.5.3). All counters 32-bit saturating. Golden model: halo::fec::FecMonitor as read by
// halo::retimer::RetimerDevice.
module fec_mon (
  // Clock and active-low asynchronous reset
  input  logic          clk_i,
  input  logic          rst_ni,
  // Clear all counters and the hi_ser state
  input  logic          clear_i,
  // One codeword's decoder status (strobe with the codeword's last beat)
  input  logic          cw_valid_i,
  input  logic          uncorr_i,
  input  logic [4:0]    errors_i,
  input  logic [4:0]    corr_sym_i,
  input  logic [8:0]    corr_bits_i,
  // Counters
  output logic [31:0]   cw_o,
  output logic [31:0]   corr_cw_o,
  output logic [31:0]   uncorr_o,
  output logic [31:0]   corr_sym_o,
  output logic [31:0]   corr_bits_o,
  output logic [31:0]   sym_err_o,
  output logic [31:0]   hi_ser_win_o,
  output logic [17*32-1:0] hist_o,
  output logic          hi_ser_o
);

  localparam logic [12:0] WindowLast = 13'd8191;
  localparam logic [17:0] HiSerThreshold = 18'd6380;

  function automatic logic [31:0] sat_add(input logic [31:0] a, input logic [31:0] b);
    logic [32:0] s;
    s = {1'b0, a} + {1'b0, b};
    sat_add = s[32] ? 32'hffff_ffff : s[31:0];
  endfunction

  logic [31:0] cw_q, corr_cw_q, uncorr_q, corr_sym_q, corr_bits_q, sym_err_q, hi_ser_win_q;
  logic [17*32-1:0] hist_q;
  logic [12:0] win_cnt_q;
  logic [17:0] win_err_q;
  logic        hi_ser_q;

  // symbol errors of this codeword as counted for hi_ser
  logic [4:0]  sym_err;
  logic [17:0] win_err_next;
  assign sym_err      = uncorr_i ? 5'd16 : errors_i;
  assign win_err_next = win_err_q + {13'd0, sym_err};

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      {cw_q, corr_cw_q, uncorr_q, corr_sym_q, corr_bits_q, sym_err_q, hi_ser_win_q, hist_q,
       win_cnt_q, win_err_q, hi_ser_q} <= '0;
    end else if (clear_i) begin
      {cw_q, corr_cw_q, uncorr_q, corr_sym_q, corr_bits_q, sym_err_q, hi_ser_win_q, hist_q,
       win_cnt_q, win_err_q, hi_ser_q} <= '0;
    end else if (cw_valid_i) begin
      cw_q      <= sat_add(cw_q, 32'd1);
      sym_err_q <= sat_add(sym_err_q, {27'd0, sym_err});
      if (uncorr_i) begin
        uncorr_q               <= sat_add(uncorr_q, 32'd1);
        hist_q[16*32 +: 32]    <= sat_add(hist_q[16*32 +: 32], 32'd1);
      end else begin
        if (errors_i != 5'd0) corr_cw_q <= sat_add(corr_cw_q, 32'd1);
        corr_sym_q  <= sat_add(corr_sym_q, {27'd0, corr_sym_i});
        corr_bits_q <= sat_add(corr_bits_q, {23'd0, corr_bits_i});
        for (int b = 0; b < 16; b++) begin
          if (errors_i == b[4:0]) hist_q[b*32 +: 32] <= sat_add(hist_q[b*32 +: 32], 32'd1);
        end
      end
      if (win_cnt_q == WindowLast) begin
        hi_ser_q  <= win_err_next > HiSerThreshold;
        if (win_err_next > HiSerThreshold) hi_ser_win_q <= sat_add(hi_ser_win_q, 32'd1);
        win_cnt_q <= '0;
        win_err_q <= '0;
      end else begin
        win_cnt_q <= win_cnt_q + 13'd1;
        win_err_q <= win_err_next;
      end
    end
  end

  assign cw_o         = cw_q;
  assign corr_cw_o    = corr_cw_q;
  assign uncorr_o     = uncorr_q;
  assign corr_sym_o   = corr_sym_q;
  assign corr_bits_o  = corr_bits_q;
  assign sym_err_o    = sym_err_q;
  assign hi_ser_win_o = hi_ser_win_q;
  assign hist_o       = hist_q;
  assign hi_ser_o     = hi_ser_q;

endmodule

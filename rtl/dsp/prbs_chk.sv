// P-parallel self-synchronising PRBS13Q / PRBS31Q checker (IEEE 802.3-2022 120.5.11.2).
//
// Per symbol, in lane order (the golden model's state machine unrolled P times per clock):
//  search:    the last received bits (Gray demapped) seed the reference LFSR once at least
//             `order` bits were seen since the last (re)search -> verify
//  verify:    lock_symbols_i predicted symbols must match (else search) -> locked (locks++)
//  locked:    the reference runs freely; every symbol is compared, symbol / bit errors are
//             counted exactly; >= loss_threshold_i symbol errors within a window of
//             loss_window_i symbols -> search (losses++)
// Golden model: halo::dsp::PatternChecker (PRBS modes; SSPRQ is not in the RTL).
`include "halo_assert.svh"

module prbs_chk #(
  // Symbols per beat
  parameter int unsigned P = 1
) (
  // Clock and active-low asynchronous reset
  input  logic           clk_i,
  input  logic           rst_ni,
  // Configuration (static while running): 1 = PRBS31Q, 0 = PRBS13Q; lock and loss settings
  input  logic           prbs31_i,
  input  logic [20:0]    lock_symbols_i,    // 1..2^20
  input  logic [24:0]    loss_window_i,     // 1..2^24
  input  logic [24:0]    loss_threshold_i,  // 1..loss_window_i
  // Input stream: received Gray symbols, lane 0 first
  input  logic           in_valid_i,
  output logic           in_ready_o,
  input  logic [2*P-1:0] in_sym_i,
  // Output stream: per-lane symbol error flags (locked only)
  output logic           out_valid_o,
  input  logic           out_ready_i,
  output logic [P-1:0]   out_err_o,
  // Status and counters (halo::dsp::CheckerCounts; bits = 2 * symbols)
  output logic           locked_o,
  output logic [63:0]    symbols_o,
  output logic [63:0]    symbol_errors_o,
  output logic [63:0]    bit_errors_o,
  output logic [31:0]    locks_o,
  output logic [31:0]    losses_o
);

  typedef enum logic [1:0] {
    StSearch = 2'd0,
    StVerify = 2'd1,
    StLocked = 2'd2
  } state_e;

  state_e      state_q, state_d;
  logic [30:0] lfsr_q, lfsr_d, mask;
  logic [30:0] hist_q, hist_d;        // last received bits, newest in bit 0
  logic [6:0]  hist_cnt_q, hist_cnt_d;
  logic [20:0] verify_q, verify_d;
  logic [24:0] win_cnt_q, win_cnt_d, win_err_q, win_err_d;
  logic [63:0] sym_q, sym_d, serr_q, serr_d, berr_q, berr_d;
  logic [31:0] locks_q, locks_d, losses_q, losses_d;
  logic [P-1:0] err;
  logic        accept;

  assign mask = prbs31_i ? 31'h7fff_ffff : 31'h0000_1fff;

  always_comb begin
    logic [1:0] s, e, ab, diff;
    logic       fb;
    s = '0; e = '0; ab = '0; diff = '0; fb = 1'b0;
    state_d    = state_q;
    lfsr_d     = lfsr_q;
    hist_d     = hist_q;
    hist_cnt_d = hist_cnt_q;
    verify_d   = verify_q;
    win_cnt_d  = win_cnt_q;
    win_err_d  = win_err_q;
    sym_d      = sym_q;
    serr_d     = serr_q;
    berr_d     = berr_q;
    locks_d    = locks_q;
    losses_d   = losses_q;
    err        = '0;
    for (int unsigned l = 0; l < P; l++) begin
      s = in_sym_i[2*l +: 2];
      if (state_d != StSearch) begin
        // next reference symbol: two LFSR steps, Gray mapped
        for (int unsigned b = 0; b < 2; b++) begin
          fb = prbs31_i ? (lfsr_d[30] ^ lfsr_d[27])
                        : (lfsr_d[0] ^ lfsr_d[1] ^ lfsr_d[11] ^ lfsr_d[12]);
          lfsr_d = {lfsr_d[29:0], fb} & mask;
          ab[1-b] = fb ^ prbs31_i;
        end
        e = halo_fixed_pkg::gray_map(ab[1], ab[0]);
        if (state_d == StVerify) begin
          if (e != s) begin
            state_d = StSearch;
          end else begin
            verify_d = verify_d - 21'd1;
            if (verify_d == '0) begin
              state_d   = StLocked;
              locks_d   = locks_d + 32'd1;
              win_cnt_d = '0;
              win_err_d = '0;
            end
          end
        end else begin
          diff = halo_fixed_pkg::gray_demap(e) ^ halo_fixed_pkg::gray_demap(s);
          sym_d = sym_d + 64'd1;
          if (diff != 2'b00) begin
            err[l]    = 1'b1;
            serr_d    = serr_d + 64'd1;
            berr_d    = berr_d + {63'd0, diff[0]} + {63'd0, diff[1]};
            win_err_d = win_err_d + 25'd1;
          end
          if (win_err_d >= loss_threshold_i) begin
            state_d    = StSearch;
            losses_d   = losses_d + 32'd1;
            hist_cnt_d = '0;
          end else begin
            win_cnt_d = win_cnt_d + 25'd1;
            if (win_cnt_d == loss_window_i) begin
              win_cnt_d = '0;
              win_err_d = '0;
            end
          end
        end
      end
      hist_d = {hist_d[28:0], halo_fixed_pkg::gray_demap(s)};
      if (state_d == StSearch) begin
        if (hist_cnt_d < 7'd64) hist_cnt_d = hist_cnt_d + 7'd1;
        if ({hist_cnt_d, 1'b0} >= (prbs31_i ? 8'd31 : 8'd13)) begin
          lfsr_d   = (hist_d ^ (prbs31_i ? mask : 31'd0)) & mask;
          state_d  = StVerify;
          verify_d = lock_symbols_i;
        end
      end
    end
  end

  halo_pipe_reg #(.Width(P)) u_out (
    .clk_i,
    .rst_ni,
    .clear_i    (1'b0),
    .in_valid_i,
    .in_ready_o,
    .in_data_i  (err),
    .accept_o   (accept),
    .out_valid_o,
    .out_ready_i,
    .out_data_o (out_err_o)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q    <= StSearch;
      lfsr_q     <= 31'd1;
      hist_q     <= '0;
      hist_cnt_q <= '0;
      verify_q   <= '0;
      win_cnt_q  <= '0;
      win_err_q  <= '0;
      sym_q      <= '0;
      serr_q     <= '0;
      berr_q     <= '0;
      locks_q    <= '0;
      losses_q   <= '0;
    end else if (accept) begin
      state_q    <= state_d;
      lfsr_q     <= lfsr_d;
      hist_q     <= hist_d;
      hist_cnt_q <= hist_cnt_d;
      verify_q   <= verify_d;
      win_cnt_q  <= win_cnt_d;
      win_err_q  <= win_err_d;
      sym_q      <= sym_d;
      serr_q     <= serr_d;
      berr_q     <= berr_d;
      locks_q    <= locks_d;
      losses_q   <= losses_d;
    end
  end

  assign locked_o        = state_q == StLocked;
  assign symbols_o       = sym_q;
  assign symbol_errors_o = serr_q;
  assign bit_errors_o    = berr_q;
  assign locks_o         = locks_q;
  assign losses_o        = losses_q;

endmodule

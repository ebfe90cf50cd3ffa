// Register-programmed PAM4 retimer receive path: the generated register block
// (rtl/regmap/halo_retimer_reg_top.sv, from rtl/regmap/halo_retimer.rdl) in front of retimer_rx,
// with the FEC monitor counters (fec_mon), the windowed level monitor / CDR lock (level_mon)
// and the low-power standby state. Golden model: halo::retimer::RetimerDevice (cmodel), whose
// registers read the same for the same writes and ADC stimulus (verif/regmap).
//
// CTRL.INIT: latches the INIT-time configuration (ADC_CFG, SLICER_CTRL, CDR gains/phase bits,
// CDR_INIT_PHASE, PRECODING, FEC_SKIP, WINDOW_LOG2) and one cycle later initialises
// retimer_rx (coefficients from FFE_COEF/VOL_COEF/DFE_COEF) and clears the monitors.
// Adaptation controls, CDR freeze and FEC correction act directly.
// Standby: CTRL.STANDBY = 1 gates the input (beats are accepted and dropped, nothing enters
// the datapath, so counters and adaptation freeze once the pipeline has drained); clearing it
// drops the next WakeSymbols input symbols (STATE = WAKING), then processing resumes.
module retimer_rx_regs #(
  // Symbols per beat (1, 4, 8, 16, 32); must divide WakeSymbols and 64
  parameter int unsigned P = 8,
  // Wake time in input symbols; mirrors halo::retimer::kWakeSymbols (retimer_device.hpp)
  parameter int unsigned WakeSymbols = 1024,
  // Clause 177 inner FEC decoders in retimer_rx (0 none: INNER_CTRL is held, the counters read
  // 0; 1 hard, 2 Chase-2 with ChaseL, 3 both; docs/retimer_rtl.md, "Inner FEC")
  parameter int unsigned InnerFec = 0,
  parameter int unsigned ChaseL = 4,
  // Derived: FEC symbols per decoder beat
  localparam int unsigned Q = (P < 4) ? 1 : P / 4
) (
  // Clock and active-low asynchronous reset
  input  logic            clk_i,
  input  logic            rst_ni,
  // Register bus (see halo_retimer_reg_top)
  input  logic            reg_req_i,
  input  logic            reg_we_i,
  input  logic [9:0]      reg_addr_i,
  input  logic [31:0]     reg_wdata_i,
  output logic [31:0]     reg_rdata_o,
  output logic            reg_error_o,
  // Input stream: P signed ADC codes (8-bit port, ADC_CFG.ADC_BITS significant)
  input  logic            in_valid_i,
  output logic            in_ready_o,
  input  logic [P*8-1:0]  in_adc_i,
  // Output stream: corrected FEC symbols (transmission order) and codeword framing
  output logic            out_valid_o,
  input  logic            out_ready_i,
  output logic [Q*10-1:0] out_data_o,
  output logic            out_first_o,
  output logic            out_last_o
);

  localparam int unsigned NumCoef = 16;
  localparam logic [15:0] WakeLen = WakeSymbols[15:0];
  localparam logic [15:0] PStep = P[15:0];

  `HALO_ASSERT_INIT(WakeCheck_A, (WakeSymbols % P == 0) && (WakeSymbols < 65536))

  // ---------------------------------------------------------------- register block
  logic        ctrl_init, ctrl_clear, ctrl_standby;
  logic [1:0]  state_q;
  logic        cdr_lock, hi_ser;
  logic [15:0] wake_left_q;
  logic [3:0]  r_adc_bits;
  logic        r_ffe_en, r_vol_en, r_dfe_en;
  logic [1:0]  r_ffe_mode, r_vol_mode, r_dfe_mode;
  logic [4:0]  r_ffe_mu, r_vol_mu, r_dfe_mu;
  logic [9:0]  r_level_a;
  logic        r_slicer_adaptive;
  logic [4:0]  r_level_mu;
  logic [5:0]  r_kp, r_ki;
  logic [3:0]  r_phase_bits;
  logic        r_freeze;
  logic [31:0] r_init_phase;
  logic        r_precoding, r_correct_en;
  logic [15:0] r_fec_skip;
  logic [4:0]  r_window_log2;
  logic [15:0] r_lock_tol;
  logic [NumCoef*12-1:0] r_ffe_coef, r_vol_coef, ffe_coef, vol_coef;
  logic [11:0] r_dfe_coef, dfe_tap;
  logic [31:0] fec_cw, fec_corr_cw, fec_uncorr, fec_corr_sym, fec_corr_bits, fec_sym_err;
  logic [31:0] fec_hi_ser_win, mon_windows, cdr_phase;
  logic [17*32-1:0] fec_hist;
  logic [15:0] cdr_delta;
  logic [4*32-1:0] lvl_count, lvl_sum;
  logic [4*64-1:0] lvl_sumsq;
  logic [4*32-1:0] lvl_sumsq_lo, lvl_sumsq_hi;
  // INNER_CTRL / INNER_* (Clause 177 inner FEC): applied by CTRL.INIT; INNER_CTRL.L is held
  // and read back, the Chase decoder's L is the ChaseL parameter (docs/retimer_rtl.md)
  logic        r_inner_en, r_inner_chase, r_inner_correct_en;
  logic [2:0]  unused_inner_l;
  logic [5:0]  r_inner_skip;
  logic [31:0] inner_cw, inner_corr_cw, inner_uncorr, inner_corr_pos;
  logic [68*16-1:0] inner_hist;
  logic [34*16-1:0] inner_hist_lo, inner_hist_hi;

  for (genvar k = 0; k < 34; k++) begin : g_ihist
    assign inner_hist_lo[16*k +: 16] = inner_hist[16*(2*k) +: 16];
    assign inner_hist_hi[16*k +: 16] = inner_hist[16*(2*k+1) +: 16];
  end

  for (genvar k = 0; k < 4; k++) begin : g_sq
    assign lvl_sumsq_lo[k*32 +: 32] = lvl_sumsq[k*64 +: 32];
    assign lvl_sumsq_hi[k*32 +: 32] = lvl_sumsq[k*64 + 32 +: 32];
  end

  halo_retimer_reg_top u_regs (
    .clk_i, .rst_ni,
    .reg_req_i, .reg_we_i, .reg_addr_i, .reg_wdata_i, .reg_rdata_o, .reg_error_o,
    .ctrl_init_o                (ctrl_init),
    .ctrl_clear_o               (ctrl_clear),
    .ctrl_standby_o             (ctrl_standby),
    .status_state_i             (state_q),
    .status_cdr_lock_i          (cdr_lock),
    .status_hi_ser_i            (hi_ser),
    .status_wake_left_i         ((state_q == 2'd2) ? wake_left_q : 16'd0),
    .adc_cfg_adc_bits_o         (r_adc_bits),
    .ffe_ctrl_adapt_en_o        (r_ffe_en),
    .ffe_ctrl_lms_mode_o        (r_ffe_mode),
    .ffe_ctrl_mu_o              (r_ffe_mu),
    .vol_ctrl_adapt_en_o        (r_vol_en),
    .vol_ctrl_lms_mode_o        (r_vol_mode),
    .vol_ctrl_mu_o              (r_vol_mu),
    .dfe_ctrl_adapt_en_o        (r_dfe_en),
    .dfe_ctrl_lms_mode_o        (r_dfe_mode),
    .dfe_ctrl_mu_o              (r_dfe_mu),
    .slicer_ctrl_level_a_o      (r_level_a),
    .slicer_ctrl_adaptive_o     (r_slicer_adaptive),
    .slicer_ctrl_level_mu_o     (r_level_mu),
    .cdr_ctrl_kp_shift_o        (r_kp),
    .cdr_ctrl_ki_shift_o        (r_ki),
    .cdr_ctrl_phase_bits_o      (r_phase_bits),
    .cdr_ctrl_freeze_o          (r_freeze),
    .cdr_init_phase_phase_o     (r_init_phase),
    .line_ctrl_precoding_o      (r_precoding),
    .line_ctrl_fec_correct_en_o (r_correct_en),
    .line_ctrl_fec_skip_o       (r_fec_skip),
    .mon_ctrl_window_log2_o     (r_window_log2),
    .mon_ctrl_lock_tol_o        (r_lock_tol),
    .inner_ctrl_en_o            (r_inner_en),
    .inner_ctrl_chase_o         (r_inner_chase),
    .inner_ctrl_correct_en_o    (r_inner_correct_en),
    .inner_ctrl_l_o             (unused_inner_l),
    .inner_ctrl_skip_o          (r_inner_skip),
    .ffe_coef_value_o           (r_ffe_coef),
    .vol_coef_value_o           (r_vol_coef),
    .dfe_coef_value_o           (r_dfe_coef),
    .fec_cw_count_i             (fec_cw),
    .fec_corr_cw_count_i        (fec_corr_cw),
    .fec_uncorr_cw_count_i      (fec_uncorr),
    .fec_corr_sym_count_i       (fec_corr_sym),
    .fec_corr_bits_count_i      (fec_corr_bits),
    .fec_sym_err_count_i        (fec_sym_err),
    .fec_hi_ser_win_count_i     (fec_hi_ser_win),
    .fec_hist_count_i           (fec_hist),
    .mon_windows_count_i        (mon_windows),
    .cdr_phase_phase_i          (cdr_phase),
    .cdr_delta_delta_i          (cdr_delta),
    .lvl_count_count_i          (lvl_count),
    .lvl_sum_sum_i              (lvl_sum),
    .lvl_sumsq_lo_sumsq_i       (lvl_sumsq_lo),
    .lvl_sumsq_hi_sumsq_i       (lvl_sumsq_hi),
    .inner_cw_count_i           (inner_cw),
    .inner_corr_cw_count_i      (inner_corr_cw),
    .inner_uncorr_cw_count_i    (inner_uncorr),
    .inner_corr_pos_count_i     (inner_corr_pos),
    .inner_pos_hist_bin_lo_i    (inner_hist_lo),
    .inner_pos_hist_bin_hi_i    (inner_hist_hi),
    .ffe_tap_value_i            (ffe_coef),
    .vol_tap_value_i            (vol_coef),
    .dfe_tap_value_i            (dfe_tap)
  );

  // ---------------------------------------------------------------- INIT-time configuration
  logic        init_q;
  logic [3:0]  s_adc_bits, s_phase_bits;
  logic [9:0]  s_level_a;
  logic        s_slicer_adaptive, s_precoding;
  logic [4:0]  s_level_mu, s_window_log2;
  logic [5:0]  s_kp, s_ki;
  logic [31:0] s_init_phase;
  logic [15:0] s_fec_skip;
  logic        s_inner_en, s_inner_chase, s_inner_correct_en;
  logic [5:0]  s_inner_skip;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      init_q <= 1'b0;
      s_adc_bits <= 4'd8; s_level_a <= 10'd256; s_slicer_adaptive <= 1'b1; s_level_mu <= 5'd8;
      s_kp <= 6'd2; s_ki <= 6'd12; s_phase_bits <= 4'd7; s_init_phase <= '0;
      s_precoding <= 1'b0; s_fec_skip <= '0; s_window_log2 <= 5'd12;
      s_inner_en <= 1'b0; s_inner_chase <= 1'b0; s_inner_correct_en <= 1'b1; s_inner_skip <= '0;
    end else begin
      init_q <= ctrl_init;
      if (ctrl_init) begin
        s_adc_bits <= r_adc_bits; s_level_a <= r_level_a; s_slicer_adaptive <= r_slicer_adaptive;
        s_level_mu <= r_level_mu; s_kp <= r_kp; s_ki <= r_ki; s_phase_bits <= r_phase_bits;
        s_init_phase <= r_init_phase; s_precoding <= r_precoding; s_fec_skip <= r_fec_skip;
        s_window_log2 <= r_window_log2;
        s_inner_en <= r_inner_en; s_inner_chase <= r_inner_chase;
        s_inner_correct_en <= r_inner_correct_en; s_inner_skip <= r_inner_skip;
      end
    end
  end

  // ---------------------------------------------------------------- power state
  localparam logic [1:0] StActive = 2'd0, StStandby = 2'd1, StWaking = 2'd2;
  logic in_fire;
  assign in_fire = in_valid_i && in_ready_o;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q     <= StActive;
      wake_left_q <= '0;
    end else if (ctrl_standby) begin
      state_q <= StStandby;
    end else if (state_q == StStandby) begin
      state_q     <= StWaking;
      wake_left_q <= WakeLen;
    end else if (state_q == StWaking && in_fire) begin
      wake_left_q <= wake_left_q - PStep;
      if (wake_left_q == PStep) state_q <= StActive;
    end
  end

  logic rx_in_valid, rx_in_ready, active;
  assign active      = (state_q == StActive);
  assign rx_in_valid = in_valid_i && active;
  assign in_ready_o  = active ? rx_in_ready : 1'b1;

  // ---------------------------------------------------------------- datapath
  logic            mon_valid;
  logic [P*2-1:0]  mon_sym, unused_rx_sym;
  logic [P*13-1:0] mon_z;
  logic [P*12-1:0] unused_cdr_code;
  logic            unused_rx_sym_valid;
  logic            unused_inner_cw_valid, unused_inner_cw_corrected, unused_inner_cw_uncorr;
  logic [67:0]     unused_inner_cw_flips;
  logic            out_uncorr;
  logic [4:0]      out_errors, out_corr_sym;
  logic [8:0]      out_corr_bits;

  retimer_rx #(.P(P), .InnerFec(InnerFec), .ChaseL(ChaseL)) u_rx (
    .clk_i, .rst_ni,
    .init_i            (init_q),
    .adc_bits_i        (s_adc_bits),
    .ffe_adapt_en_i    (r_ffe_en),
    .ffe_lms_mode_i    (r_ffe_mode),
    .ffe_mu_i          (r_ffe_mu),
    .ffe_coef_i        (r_ffe_coef),
    .ffe_coef_o        (ffe_coef),
    .vol_adapt_en_i    (r_vol_en),
    .vol_lms_mode_i    (r_vol_mode),
    .vol_mu_i          (r_vol_mu),
    .vol_coef_i        (r_vol_coef),
    .vol_coef_o        (vol_coef),
    .level_a_i         (s_level_a),
    .slicer_adaptive_i (s_slicer_adaptive),
    .level_mu_i        (s_level_mu),
    .dfe_adapt_en_i    (r_dfe_en),
    .dfe_lms_mode_i    (r_dfe_mode),
    .dfe_mu_i          (r_dfe_mu),
    .dfe_tap_i         (r_dfe_coef),
    .dfe_tap_o         (dfe_tap),
    .cdr_kp_shift_i    (s_kp),
    .cdr_ki_shift_i    (s_ki),
    .cdr_phase_bits_i  (s_phase_bits),
    .cdr_freeze_i      (r_freeze),
    .cdr_init_phase_i  (s_init_phase),
    .cdr_code_o        (unused_cdr_code),
    .cdr_phase_o       (cdr_phase),
    .precoding_i       (s_precoding),
    .fec_correct_en_i  (r_correct_en),
    .fec_skip_i        (s_fec_skip),
    .inner_en_i        (s_inner_en),
    .inner_chase_i     (s_inner_chase),
    .inner_correct_en_i(s_inner_correct_en),
    .inner_skip_i      (s_inner_skip),
    .inner_clear_i     (ctrl_clear),
    .inner_cw_valid_o  (unused_inner_cw_valid),
    .inner_cw_corrected_o (unused_inner_cw_corrected),
    .inner_cw_uncorr_o (unused_inner_cw_uncorr),
    .inner_cw_flips_o  (unused_inner_cw_flips),
    .inner_cnt_cw_o    (inner_cw),
    .inner_cnt_corr_cw_o (inner_corr_cw),
    .inner_cnt_uncorr_o (inner_uncorr),
    .inner_cnt_corr_pos_o (inner_corr_pos),
    .inner_cnt_hist_o  (inner_hist),
    .in_valid_i        (rx_in_valid),
    .in_ready_o        (rx_in_ready),
    .in_adc_i,
    .rx_sym_valid_o    (unused_rx_sym_valid),
    .rx_sym_o          (unused_rx_sym),
    .mon_valid_o       (mon_valid),
    .mon_sym_o         (mon_sym),
    .mon_z_o           (mon_z),
    .out_valid_o,
    .out_ready_i,
    .out_data_o,
    .out_first_o,
    .out_last_o,
    .out_uncorr_o      (out_uncorr),
    .out_errors_o      (out_errors),
    .out_corr_sym_o    (out_corr_sym),
    .out_corr_bits_o   (out_corr_bits)
  );

  // ---------------------------------------------------------------- monitors
  logic mon_clear;
  assign mon_clear = init_q || ctrl_clear;

  fec_mon u_fec_mon (
    .clk_i, .rst_ni,
    .clear_i      (mon_clear),
    .cw_valid_i   (out_valid_o && out_ready_i && out_last_o),
    .uncorr_i     (out_uncorr),
    .errors_i     (out_errors),
    .corr_sym_i   (out_corr_sym),
    .corr_bits_i  (out_corr_bits),
    .cw_o         (fec_cw),
    .corr_cw_o    (fec_corr_cw),
    .uncorr_o     (fec_uncorr),
    .corr_sym_o   (fec_corr_sym),
    .corr_bits_o  (fec_corr_bits),
    .sym_err_o    (fec_sym_err),
    .hi_ser_win_o (fec_hi_ser_win),
    .hist_o       (fec_hist),
    .hi_ser_o     (hi_ser)
  );

  level_mon #(.P(P)) u_level_mon (
    .clk_i, .rst_ni,
    .clear_i       (mon_clear),
    .clear_phase_i (init_q ? s_init_phase : cdr_phase),
    .window_log2_i (s_window_log2),
    .lock_tol_i    (r_lock_tol),
    .phase_i       (cdr_phase),
    .in_valid_i    (mon_valid),
    .in_sym_i      (mon_sym),
    .in_z_i        (mon_z),
    .windows_o     (mon_windows),
    .count_o       (lvl_count),
    .sum_o         (lvl_sum),
    .sumsq_o       (lvl_sumsq),
    .delta_o       (cdr_delta),
    .lock_o        (cdr_lock)
  );

endmodule

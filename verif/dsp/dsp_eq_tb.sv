// Co-simulation wrapper (not synthesised): FFE, 1-tap DFE/slicer and Mueller-Muller CDR of
// rtl/dsp side by side in one verilated model per P (ports prefixed per block). The harness
// drives them independently or closes the FFE <- DFE error loop itself.
module dsp_eq_tb #(
  // Symbols per beat
  parameter int unsigned P = 1,
  // FFE taps and pre-cursors
  parameter int unsigned T = 16,
  parameter int unsigned Pre = 5,
  // 0: no FFE instance (a P = 32 model for the DFE and CDR without the heavy FFE)
  parameter bit FfeEnable = 1'b1,
  // CDR PD sample delay (cdr_mm Delay)
  parameter int unsigned CdrDelay = 0
) (
  // Clock and active-low asynchronous reset (shared)
  input  logic                      clk_i,
  input  logic                      rst_ni,
  // ffe
  input  logic [3:0]                ffe_adc_bits_i,
  input  logic                      ffe_adapt_en_i,
  input  logic [1:0]                ffe_lms_mode_i,
  input  logic [4:0]                ffe_mu_i,
  input  logic                      ffe_coef_load_i,
  input  logic [T*12-1:0]           ffe_coef_i,
  output logic [T*12-1:0]           ffe_coef_o,
  input  logic                      ffe_in_valid_i,
  output logic                      ffe_in_ready_o,
  input  logic [P*8-1:0]            ffe_in_adc_i,
  input  logic                      ffe_err_valid_i,
  input  logic [P*13-1:0]           ffe_err_i,
  output logic                      ffe_out_valid_o,
  input  logic                      ffe_out_ready_i,
  output logic [P*12-1:0]           ffe_out_y_o,
  // dfe
  input  logic [9:0]                dfe_level_a_i,
  input  logic                      dfe_slicer_adaptive_i,
  input  logic [4:0]                dfe_level_mu_i,
  input  logic                      dfe_adapt_en_i,
  input  logic [1:0]                dfe_lms_mode_i,
  input  logic [4:0]                dfe_mu_i,
  input  logic                      dfe_init_i,
  input  logic [11:0]               dfe_tap_i,
  output logic [11:0]               dfe_tap_o,
  input  logic                      dfe_in_valid_i,
  output logic                      dfe_in_ready_o,
  input  logic [P*12-1:0]           dfe_in_y_i,
  output logic                      dfe_out_valid_o,
  input  logic                      dfe_out_ready_i,
  output logic [P*2-1:0]            dfe_out_sym_o,
  output logic [P*13-1:0]           dfe_out_z_o,
  output logic [P*13-1:0]           dfe_out_e_o,
  // cdr_mm
  input  logic [5:0]                cdr_kp_shift_i,
  input  logic [5:0]                cdr_ki_shift_i,
  input  logic [3:0]                cdr_phase_bits_i,
  input  logic                      cdr_freeze_i,
  input  logic                      cdr_init_i,
  input  logic [31:0]               cdr_init_phase_i,
  input  logic                      cdr_in_valid_i,
  output logic                      cdr_in_ready_o,
  input  logic [P*12-1:0]           cdr_in_v_i,
  input  logic [P*2-1:0]            cdr_in_sym_i,
  output logic                      cdr_out_valid_o,
  input  logic                      cdr_out_ready_i,
  output logic [P*12-1:0]           cdr_out_code_o,
  output logic [31:0]               cdr_phase_o,
  output logic [31:0]               cdr_integral_o
);

  if (FfeEnable) begin : g_ffe
    ffe #(.P(P), .T(T), .Pre(Pre)) u_ffe (
      .clk_i, .rst_ni,
      .adc_bits_i  (ffe_adc_bits_i),
      .adapt_en_i  (ffe_adapt_en_i),
      .lms_mode_i  (ffe_lms_mode_i),
      .mu_i        (ffe_mu_i),
      .coef_load_i (ffe_coef_load_i),
      .coef_i      (ffe_coef_i),
      .coef_o      (ffe_coef_o),
      .in_valid_i  (ffe_in_valid_i),
      .in_ready_o  (ffe_in_ready_o),
      .in_adc_i    (ffe_in_adc_i),
      .err_valid_i (ffe_err_valid_i),
      .err_i       (ffe_err_i),
      .out_valid_o (ffe_out_valid_o),
      .out_ready_i (ffe_out_ready_i),
      .out_y_o     (ffe_out_y_o)
    );
  end else begin : g_no_ffe
    assign ffe_coef_o = ffe_coef_i;
    assign ffe_in_ready_o = 1'b0;
    assign ffe_out_valid_o = 1'b0;
    assign ffe_out_y_o = '0;
    logic unused_ffe;
    assign unused_ffe = ^{ffe_adc_bits_i, ffe_adapt_en_i, ffe_lms_mode_i, ffe_mu_i,
                          ffe_coef_load_i, ffe_in_valid_i, ffe_in_adc_i, ffe_err_valid_i,
                          ffe_err_i, ffe_out_ready_i};
  end

  logic [3*13-1:0] unused_dfe_t;  // slicer thresholds (used by retimer_rx's inner FEC)

  dfe #(.P(P)) u_dfe (
    .clk_i, .rst_ni,
    .level_a_i         (dfe_level_a_i),
    .slicer_adaptive_i (dfe_slicer_adaptive_i),
    .level_mu_i        (dfe_level_mu_i),
    .adapt_en_i        (dfe_adapt_en_i),
    .lms_mode_i        (dfe_lms_mode_i),
    .mu_i              (dfe_mu_i),
    .init_i            (dfe_init_i),
    .tap_i             (dfe_tap_i),
    .tap_o             (dfe_tap_o),
    .in_valid_i        (dfe_in_valid_i),
    .in_ready_o        (dfe_in_ready_o),
    .in_y_i            (dfe_in_y_i),
    .out_valid_o       (dfe_out_valid_o),
    .out_ready_i       (dfe_out_ready_i),
    .out_sym_o         (dfe_out_sym_o),
    .out_z_o           (dfe_out_z_o),
    .out_e_o           (dfe_out_e_o),
    .out_t_o           (unused_dfe_t)
  );

  cdr_mm #(.P(P), .Delay(CdrDelay)) u_cdr (
    .clk_i, .rst_ni,
    .kp_shift_i   (cdr_kp_shift_i),
    .ki_shift_i   (cdr_ki_shift_i),
    .phase_bits_i (cdr_phase_bits_i),
    .freeze_i     (cdr_freeze_i),
    .init_i       (cdr_init_i),
    .init_phase_i (cdr_init_phase_i),
    .in_valid_i   (cdr_in_valid_i),
    .in_ready_o   (cdr_in_ready_o),
    .in_v_i       (cdr_in_v_i),
    .in_sym_i     (cdr_in_sym_i),
    .out_valid_o  (cdr_out_valid_o),
    .out_ready_i  (cdr_out_ready_i),
    .out_code_o   (cdr_out_code_o),
    .phase_o      (cdr_phase_o),
    .integral_o   (cdr_integral_o)
  );

endmodule

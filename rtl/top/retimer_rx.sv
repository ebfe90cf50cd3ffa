// PAM4 retimer receive datapath: ADC codes -> FFE -> Volterra -> DFE/slicer -> precoding
// inverse -> Gray demap -> FEC gearbox -> KP4 RS(544,514) decoder, with the Mueller-Muller
// CDR on the ADC samples (before the FFE, aligned with the decisions) and the slicer errors fed back to the Volterra compensator and
// (re-aligned by its latency) to the FFE. Golden model: halo::retimer::RetimerRx with
// nlc = kVolterra (or kNone), cdr and precoding as configured, followed by
// halo::fec::RsDecoder on the bits (docs/retimer_rtl.md).
//
// Every stage is a valid/ready stream with one register (full rate, backpressure from the
// decoder output stalls the chain). Throughput: one beat per clock while the FFE's 64-symbol
// error delay covers the pipeline, i.e. 4 P + Volterra latency <= 64 (P <= 8 here); larger P
// still runs bit-exactly with stalls. The decoder takes Q = max(1, P/4) FEC symbols per beat
// (2P <= 10Q bits). Codeword alignment: the first fec_skip_i PAM4 symbols after init_i are
// dropped and the next bit starts a codeword (no alignment-marker lock in this top).
`include "halo_assert.svh"

module retimer_rx #(
  // Symbols per beat (1, 4, 8, 16, 32)
  parameter int unsigned P = 8,
  // FFE taps and pre-cursors
  parameter int unsigned T = 16,
  parameter int unsigned FfePre = 5,
  // Volterra compensator present, and its memories / pre-cursors (see volterra.sv)
  parameter bit VolEnable = 1'b1,
  parameter int N1 = 1,
  parameter int Pre1 = 0,
  parameter int N2 = 5,
  parameter int Pre2 = 2,
  parameter int N3 = 0,
  parameter int Pre3 = 0,
  // FFE / Volterra adaptation delay in symbols (golden model AdaptConfig::delay): the chain
  // runs at full rate when AdaptDelay >= P x 4 (docs/dsp_rtl.md), hence 128 at P = 32
  parameter int unsigned AdaptDelay = (P >= 32) ? 128 : 64,
  // Clause 177 inner FEC between the slicer and the KP4 gearbox (docs/retimer_rtl.md, "Inner
  // FEC"): 0 absent (the KP4-only top), 1 hard-decision decoder, 2 Chase-2 decoder (ChaseL),
  // 3 both (inner_chase_i selects). Present, it is used while inner_en_i = 1.
  parameter int unsigned InnerFec = 0,
  parameter int unsigned ChaseL = 4,
  // Derived: Volterra coefficients and latency, FEC symbols per decoder beat
  localparam int unsigned NumCoef = N1 + N2 * (N2 + 1) / 2 + N3 * (N3 + 1) * (N3 + 2) / 6,
  localparam int unsigned VolLat = !VolEnable ? 0 :
      ((Pre1 > Pre2) ? ((Pre1 > Pre3) ? Pre1 : Pre3) : ((Pre2 > Pre3) ? Pre2 : Pre3)),
  localparam int unsigned Q = (P < 4) ? 1 : P / 4,
  // Derived: pairs per beat from the inner path's deinterleaver into its KP4 gearbox
  localparam int unsigned InnerOutP = (5 * Q < 20) ? 5 * Q : 20
) (
  // Clock and active-low asynchronous reset
  input  logic                  clk_i,
  input  logic                  rst_ni,
  // Initialisation pulse: loads FFE / Volterra coefficients and the DFE tap, initialises
  // slicer, CDR (init phase), error aligner and FEC gearbox (skip count)
  input  logic                  init_i,
  // FFE configuration and coefficients (S12.8)
  input  logic [3:0]            adc_bits_i,
  input  logic                  ffe_adapt_en_i,
  input  logic [1:0]            ffe_lms_mode_i,
  input  logic [4:0]            ffe_mu_i,
  input  logic [T*12-1:0]       ffe_coef_i,
  output logic [T*12-1:0]       ffe_coef_o,
  // Volterra configuration and coefficients (S12.10, regressor order)
  input  logic                  vol_adapt_en_i,
  input  logic [1:0]            vol_lms_mode_i,
  input  logic [4:0]            vol_mu_i,
  input  logic [NumCoef*12-1:0] vol_coef_i,
  output logic [NumCoef*12-1:0] vol_coef_o,
  // DFE / slicer configuration and tap (S12.3 per unit amplitude)
  input  logic [9:0]            level_a_i,
  input  logic                  slicer_adaptive_i,
  input  logic [4:0]            level_mu_i,
  input  logic                  dfe_adapt_en_i,
  input  logic [1:0]            dfe_lms_mode_i,
  input  logic [4:0]            dfe_mu_i,
  input  logic [11:0]           dfe_tap_i,
  output logic [11:0]           dfe_tap_o,
  // CDR configuration and state
  input  logic [5:0]            cdr_kp_shift_i,
  input  logic [5:0]            cdr_ki_shift_i,
  input  logic [3:0]            cdr_phase_bits_i,
  input  logic                  cdr_freeze_i,
  input  logic [31:0]           cdr_init_phase_i,
  output logic [P*12-1:0]       cdr_code_o,    // phase command per lane of the last beat
  output logic [31:0]           cdr_phase_o,
  // Line coding: precoding in use; FEC: correction enable, PAM4 symbols before codeword 0
  input  logic                  precoding_i,
  input  logic                  fec_correct_en_i,
  input  logic [15:0]           fec_skip_i,
  // Inner FEC (InnerFec > 0; stable from init_i on): enable (precoding must be off), Chase (1)
  // or hard (0) decoder, correct (0: bypass), PAM4 symbols before inner codeword 0 (with the
  // inner FEC, fec_skip_i counts deinterleaved pairs); clear of the inner counters (also
  // cleared by init_i)
  input  logic                  inner_en_i,
  input  logic                  inner_chase_i,
  input  logic                  inner_correct_en_i,
  input  logic [5:0]            inner_skip_i,
  input  logic                  inner_clear_i,
  // Inner FEC verdict per decoded codeword (strobe) and counters (inner_mon; 0 if InnerFec = 0)
  output logic                  inner_cw_valid_o,
  output logic                  inner_cw_corrected_o,
  output logic                  inner_cw_uncorr_o,
  output logic [67:0]           inner_cw_flips_o,
  output logic [31:0]           inner_cnt_cw_o,
  output logic [31:0]           inner_cnt_corr_cw_o,
  output logic [31:0]           inner_cnt_uncorr_o,
  output logic [31:0]           inner_cnt_corr_pos_o,
  output logic [68*16-1:0]      inner_cnt_hist_o,
  // Input stream: P signed ADC codes (8-bit port, adc_bits_i significant)
  input  logic                  in_valid_i,
  output logic                  in_ready_o,
  input  logic [P*8-1:0]        in_adc_i,
  // Observation: decoded Gray symbols (after the precoding inverse), one strobe per beat
  output logic                  rx_sym_valid_o,
  output logic [P*2-1:0]        rx_sym_o,
  // Observation: slicer decisions (0..3) and slicer inputs z (S13.3) of each DFE output beat
  // (level monitor), strobed with mon_valid_o
  output logic                  mon_valid_o,
  output logic [P*2-1:0]        mon_sym_o,
  output logic [P*13-1:0]       mon_z_o,
  // Output stream: corrected FEC symbols (transmission order), codeword framing and status
  output logic                  out_valid_o,
  input  logic                  out_ready_i,
  output logic [Q*10-1:0]       out_data_o,
  output logic                  out_first_o,
  output logic                  out_last_o,
  output logic                  out_uncorr_o,
  output logic [4:0]            out_errors_o,
  output logic [4:0]            out_corr_sym_o,
  output logic [8:0]            out_corr_bits_o
);

  localparam int unsigned Beats = 544 / Q;
  localparam int unsigned BeatW = $clog2(Beats);
  localparam int unsigned LastBeatI = Beats - 1;
  localparam logic [BeatW-1:0] LastBeat = LastBeatI[BeatW-1:0];

  `HALO_ASSERT_INIT(ParamCheck_A, (544 % Q == 0) && (2 * P <= 10 * Q) && (AdaptDelay % P == 0))

  // ---------------------------------------------------------------- FFE
  logic            ffe_valid, ffe_ready;
  logic [P*12-1:0] ffe_y;
  logic            ffe_err_valid;
  logic [P*13-1:0] ffe_err;

  // ADC beats wait here until the DFE emits the decisions of the same beat (the CDR's PD
  // samples: x << 3 per lane, x = sat(code, adc_bits) << (8 - adc_bits), as in the FFE). At most
  // three beats are in flight (FFE, Volterra, DFE registers); the input stalls if it is full.
  logic           ffe_in_ready, adcq_full, adcq_valid;
  logic [P*8-1:0] adcq_data;
  logic           dfe_out_valid, dfe_out_ready, dfe_fire;

  assign in_ready_o = ffe_in_ready && !adcq_full;

  halo_fifo #(.Width(P*8), .Depth(4)) u_adc_q (
    .clk_i, .rst_ni,
    .wvalid_i (in_valid_i && in_ready_o),
    .wdata_i  (in_adc_i),
    .full_o   (adcq_full),
    .rvalid_o (adcq_valid),
    .rready_i (dfe_fire),
    .rdata_o  (adcq_data)
  );

  logic [P*12-1:0] cdr_x;
  always_comb begin
    logic signed [7:0]  code, amax, amin;
    logic signed [11:0] xx;
    amax = 8'sd127 >>> (4'd8 - adc_bits_i);
    amin = -amax - 8'sd1;
    for (int unsigned j = 0; j < P; j++) begin
      code = adcq_data[8*j +: 8];
      if (code > amax) code = amax;
      if (code < amin) code = amin;
      xx = {{4{code[7]}}, code};
      cdr_x[12*j +: 12] = xx <<< (4'd11 - adc_bits_i);  // << (8 - adc_bits) << 3
    end
  end

  ffe #(.P(P), .T(T), .Pre(FfePre), .AdaptDelay(AdaptDelay)) u_ffe (
    .clk_i, .rst_ni,
    .adc_bits_i,
    .adapt_en_i  (ffe_adapt_en_i),
    .lms_mode_i  (ffe_lms_mode_i),
    .mu_i        (ffe_mu_i),
    .coef_load_i (init_i),
    .coef_i      (ffe_coef_i),
    .coef_o      (ffe_coef_o),
    .in_valid_i  (in_valid_i && !adcq_full),
    .in_ready_o  (ffe_in_ready),
    .in_adc_i,
    .err_valid_i (ffe_err_valid),
    .err_i       (ffe_err),
    .out_valid_o (ffe_valid),
    .out_ready_i (ffe_ready),
    .out_y_o     (ffe_y)
  );

  // ---------------------------------------------------------------- Volterra
  logic            eq_valid, eq_ready;
  logic [P*12-1:0] eq_v;
  logic [P*13-1:0] dfe_e, dfe_z;
  logic [P*2-1:0]  dfe_sym;
  logic [3*13-1:0] dfe_t;

  if (VolEnable) begin : g_vol
    volterra #(.P(P), .N1(N1), .Pre1(Pre1), .N2(N2), .Pre2(Pre2), .N3(N3), .Pre3(Pre3),
               .AdaptDelay(AdaptDelay)) u_vol (
      .clk_i, .rst_ni,
      .adapt_en_i  (vol_adapt_en_i),
      .lms_mode_i  (vol_lms_mode_i),
      .mu_i        (vol_mu_i),
      .coef_load_i (init_i),
      .coef_i      (vol_coef_i),
      .coef_o      (vol_coef_o),
      .in_valid_i  (ffe_valid),
      .in_ready_o  (ffe_ready),
      .in_u_i      (ffe_y),
      .err_valid_i (dfe_fire),
      .err_i       (dfe_e),
      .out_valid_o (eq_valid),
      .out_ready_i (eq_ready),
      .out_v_o     (eq_v)
    );
  end else begin : g_no_vol
    assign eq_valid   = ffe_valid;
    assign ffe_ready  = eq_ready;
    assign eq_v       = ffe_y;
    assign vol_coef_o = vol_coef_i;
    logic unused_vol;
    assign unused_vol = vol_adapt_en_i ^ ^vol_lms_mode_i ^ ^vol_mu_i;
  end

  // ---------------------------------------------------------------- DFE / slicer

  dfe #(.P(P)) u_dfe (
    .clk_i, .rst_ni,
    .level_a_i,
    .slicer_adaptive_i,
    .level_mu_i,
    .adapt_en_i  (dfe_adapt_en_i),
    .lms_mode_i  (dfe_lms_mode_i),
    .mu_i        (dfe_mu_i),
    .init_i,
    .tap_i       (dfe_tap_i),
    .tap_o       (dfe_tap_o),
    .in_valid_i  (eq_valid),
    .in_ready_o  (eq_ready),
    .in_y_i      (eq_v),
    .out_valid_o (dfe_out_valid),
    .out_ready_i (dfe_out_ready),
    .out_sym_o   (dfe_sym),
    .out_z_o     (dfe_z),
    .out_e_o     (dfe_e),
    .out_t_o     (dfe_t)
  );


  assign dfe_fire = dfe_out_valid && dfe_out_ready;

  assign mon_valid_o = dfe_fire;
  assign mon_sym_o   = dfe_sym;
  assign mon_z_o     = dfe_z;

  // Slicer errors to the FFE: drop the first VolLat errors (FFE output m <-> DFE m + VolLat).
  lane_skip #(.P(P), .W(13), .Skip(VolLat)) u_err_align (
    .clk_i, .rst_ni,
    .init_i,
    .in_valid_i  (dfe_fire),
    .in_data_i   (dfe_e),
    .out_valid_o (ffe_err_valid),
    .out_data_o  (ffe_err)
  );

  // ---------------------------------------------------------------- CDR
  logic [P*12-1:0] cdr_codes;
  logic            cdr_valid, unused_cdr_ready;
  logic [31:0]     unused_cdr_integral;

  logic unused_adcq_valid;
  assign unused_adcq_valid = adcq_valid;  // a DFE beat always has its ADC beat queued

  cdr_mm #(.P(P), .Delay(FfePre + VolLat)) u_cdr (
    .clk_i, .rst_ni,
    .kp_shift_i   (cdr_kp_shift_i),
    .ki_shift_i   (cdr_ki_shift_i),
    .phase_bits_i (cdr_phase_bits_i),
    .freeze_i     (cdr_freeze_i),
    .init_i,
    .init_phase_i (cdr_init_phase_i),
    .in_valid_i   (dfe_fire),
    .in_ready_o   (unused_cdr_ready),
    .in_v_i       (cdr_x),
    .in_sym_i     (dfe_sym),
    .out_valid_o  (cdr_valid),
    .out_ready_i  (1'b1),
    .out_code_o   (cdr_codes),
    .phase_o      (cdr_phase_o),
    .integral_o   (unused_cdr_integral)
  );

  logic unused_cdr_valid;
  assign unused_cdr_valid = cdr_valid;  // the CDR register updates with every DFE beat
  assign cdr_code_o = cdr_codes;

  // ---------------------------------------------------------------- line decoding
  logic           g_valid, g_ready, b_valid, b_ready;
  logic [P*2-1:0] g_sym, b_bits;
  // the DFE output beat forks to the line decoding and (inner_act) the inner FEC path
  logic           inner_act, pre_valid, pre_ready, inn_valid, inn_ready;

  assign inner_act     = (InnerFec != 0) && inner_en_i;
  assign pre_valid     = dfe_out_valid && (!inner_act || inn_ready);
  assign inn_valid     = dfe_out_valid && inner_act && pre_ready;
  assign dfe_out_ready = pre_ready && (!inner_act || inn_ready);

  precoder #(.P(P), .Decode(1'b1)) u_predec (
    .clk_i, .rst_ni,
    .enable_i    (precoding_i),
    .in_valid_i  (pre_valid),
    .in_ready_o  (pre_ready),
    .in_sym_i    (dfe_sym),
    .out_valid_o (g_valid),
    .out_ready_i (g_ready),
    .out_sym_o   (g_sym)
  );

  assign rx_sym_valid_o = g_valid && g_ready;
  assign rx_sym_o       = g_sym;

  gray_code #(.P(P), .Demap(1'b1)) u_demap (
    .clk_i, .rst_ni,
    .in_valid_i  (g_valid),
    .in_ready_o  (g_ready),
    .in_i        (g_sym),
    .out_valid_o (b_valid),
    .out_ready_i (b_ready),
    .out_o       (b_bits)
  );

  // ---------------------------------------------------------------- KP4 RS-FEC
  logic            f_valid, f_ready;
  logic [Q*10-1:0] f_sym;
  logic [BeatW-1:0] beat_q;
  logic            unused_frame_err;

  logic            l_valid, l_ready;
  logic [Q*10-1:0] l_sym;

  fec_gearbox #(.P(P), .Q(Q)) u_gearbox (
    .clk_i, .rst_ni,
    .init_i,
    .skip_i      (fec_skip_i),
    .in_valid_i  (b_valid && !inner_act),
    .in_ready_o  (l_ready),
    .in_bits_i   (b_bits),
    .out_valid_o (l_valid),
    .out_ready_i (f_ready && !inner_act),
    .out_sym_o   (l_sym)
  );

  // ---------------------------------------------------------------- Clause 177 inner FEC
  if (InnerFec != 0) begin : g_inner
    logic                   i_valid, i_ready, ig_valid;
    logic [2*InnerOutP-1:0] i_bits;
    logic [Q*10-1:0]        ig_sym;
    logic                   unused_frame;

    inner_rx #(.P(P), .Dec(InnerFec), .ChaseL(ChaseL), .OutP(InnerOutP)) u_inner (
      .clk_i, .rst_ni,
      .init_i,
      .chase_i        (inner_chase_i),
      .correct_en_i   (inner_correct_en_i),
      .skip_i         (inner_skip_i),
      .in_valid_i     (inn_valid),
      .in_ready_o     (inn_ready),
      .in_z_i         (dfe_z),
      .in_t_i         (dfe_t),
      .out_valid_o    (i_valid),
      .out_ready_i    (i_ready),
      .out_bits_o     (i_bits),
      .cw_valid_o     (inner_cw_valid_o),
      .cw_corrected_o (inner_cw_corrected_o),
      .cw_uncorr_o    (inner_cw_uncorr_o),
      .cw_flips_o     (inner_cw_flips_o),
      .frame_err_o    (unused_frame)
    );

    fec_gearbox #(.P(InnerOutP), .Q(Q)) u_gearbox_i (
      .clk_i, .rst_ni,
      .init_i,
      .skip_i      (fec_skip_i),
      .in_valid_i  (i_valid),
      .in_ready_o  (i_ready),
      .in_bits_i   (i_bits),
      .out_valid_o (ig_valid),
      .out_ready_i (f_ready && inner_act),
      .out_sym_o   (ig_sym)
    );

    inner_mon u_inner_mon (
      .clk_i, .rst_ni,
      .clear_i     (init_i || inner_clear_i),
      .cw_valid_i  (inner_cw_valid_o),
      .corrected_i (inner_cw_corrected_o),
      .uncorr_i    (inner_cw_uncorr_o),
      .flips_i     (inner_cw_flips_o),
      .cw_o        (inner_cnt_cw_o),
      .corr_cw_o   (inner_cnt_corr_cw_o),
      .uncorr_o    (inner_cnt_uncorr_o),
      .corr_pos_o  (inner_cnt_corr_pos_o),
      .hist_o      (inner_cnt_hist_o)
    );

    assign f_valid = inner_act ? ig_valid : l_valid;
    assign f_sym   = inner_act ? ig_sym : l_sym;
    assign b_ready = inner_act ? 1'b1 : l_ready;
  end else begin : g_no_inner
    assign inn_ready            = 1'b1;
    assign f_valid              = l_valid;
    assign f_sym                = l_sym;
    assign b_ready              = l_ready;
    assign inner_cw_valid_o     = 1'b0;
    assign inner_cw_corrected_o = 1'b0;
    assign inner_cw_uncorr_o    = 1'b0;
    assign inner_cw_flips_o     = '0;
    assign inner_cnt_cw_o       = '0;
    assign inner_cnt_corr_cw_o  = '0;
    assign inner_cnt_uncorr_o   = '0;
    assign inner_cnt_corr_pos_o = '0;
    assign inner_cnt_hist_o     = '0;
    logic unused_inner;
    assign unused_inner = ^{inner_en_i, inner_chase_i, inner_correct_en_i, inner_skip_i,
                            inner_clear_i, inn_valid, dfe_t};
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      beat_q <= '0;
    end else if (init_i) begin
      beat_q <= '0;
    end else if (f_valid && f_ready) begin
      beat_q <= (beat_q == LastBeat) ? '0 : beat_q + 1'b1;
    end
  end

  rs_decoder #(.N(544), .K(514), .P(Q)) u_rs_dec (
    .clk_i, .rst_ni,
    .correct_en_i   (fec_correct_en_i),
    .in_valid_i     (f_valid),
    .in_ready_o     (f_ready),
    .in_data_i      (f_sym),
    .in_first_i     (beat_q == '0),
    .in_last_i      (beat_q == LastBeat),
    .in_frame_err_o (unused_frame_err),
    .out_valid_o,
    .out_ready_i,
    .out_data_o,
    .out_first_o,
    .out_last_o,
    .out_uncorr_o,
    .out_errors_o,
    .out_corr_sym_o,
    .out_corr_bits_o
  );

endmodule

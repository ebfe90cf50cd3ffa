// P-parallel streaming RS(N,K) decoder over GF(2^10): KP4 RS(544,514) by default, KR4
// RS(528,514) with N = 528 (IEEE 802.3-2022 91.5.3 RS-FEC receive function, 119.2.5).
//
// Pipeline (each stage takes at most one codeword time, N/P cycles, so codewords stream
// back to back at P symbols per clock):
//   rs_syndrome    P-parallel syndromes S_0..S_{2t-1}
//   rs_ribm        riBM key-equation solver, 2t/U + 1 cycles (U = 2 for N/P < 2t + 1),
//                  or rs_ribm_folded (KesPe > 0) for small P
//   rs_chien_count Chien pass 1: root count at the N valid positions -> correctable?
//   rs_corrector   Chien pass 2 + Forney, aligned with the data from the delay buffer
//   halo_fifo      data delay buffer (rtl/common, registered read) (block RAM, 2N/P + 2t/U + 16 beats)
// Uncorrectable codewords (root count != deg Lambda) leave unmodified and are flagged;
// correct_en_i = 0 is the 802.3 bypass-correction mode (detect and flag only).
// Streams are AXI-Stream style: a beat moves when valid && ready; first/last mark the
// codeword's first/last beat. The decoder counts beats itself; input first/last flags that
// disagree with the count are reported on in_frame_err_o (one cycle after the beat).
// Status outputs are valid on the output beat with out_last_o = 1.
// Golden model: halo::fec::RsDecoder (cmodel/include/halo/fec/rs_decoder.hpp).
`include "halo_assert.svh"

module rs_decoder #(
  // Codeword length in symbols (544: KP4, 528: KR4).
  parameter int unsigned N = 544,
  // Message length in symbols.
  parameter int unsigned K = 514,
  // Symbols per beat; N must be a multiple of P.
  parameter int unsigned P = 1,
  // Key-equation solver: 0 = fully parallel riBM (rs_ribm, 2t/U + 1 cycles); Pe > 0 =
  // folded riBM with Pe cells per clock (rs_ribm_folded, 2t*ceil((3t+1)/Pe) + 1 cycles, for
  // small P where a codeword is long enough, e.g. KP4 P = 1 with Pe = 4: 361 <= 544).
  parameter int unsigned KesPe = 0
) (
  // Clock and active-low asynchronous reset
  input  logic            clk_i,
  input  logic            rst_ni,
  // Configuration: 1 = correct, 0 = bypass correction (flag only); sampled per codeword
  input  logic            correct_en_i,
  // Input stream (received codewords, transmission order, lane 0 first)
  input  logic            in_valid_i,
  output logic            in_ready_o,
  input  logic [P*10-1:0] in_data_i,
  input  logic            in_first_i,
  input  logic            in_last_i,
  output logic            in_frame_err_o,
  // Output stream (corrected codewords)
  output logic            out_valid_o,
  input  logic            out_ready_i,
  output logic [P*10-1:0] out_data_o,
  output logic            out_first_o,
  output logic            out_last_o,
  // Per-codeword status, valid with out_valid_o && out_last_o
  output logic            out_uncorr_o,     // uncorrectable: data passed through unmodified
  output logic [4:0]      out_errors_o,     // symbol errors located (0 when uncorrectable)
  output logic [4:0]      out_corr_sym_o,   // symbols corrected (0 in bypass mode)
  output logic [8:0]      out_corr_bits_o   // bits flipped by the correction (0 in bypass)
);
  localparam int unsigned Np = N - K;
  localparam int unsigned T = Np / 2;
  localparam int unsigned Beats = N / P;
  localparam int unsigned U = (Np + 1 > Beats) ? 2 : 1;       // riBM iterations per cycle
  localparam int unsigned KesCycles = (KesPe == 0) ? Np / U
                                     : Np * ((3 * (Np / 2) + KesPe) / KesPe);
  localparam int unsigned FifoDepth = 2 * Beats + KesCycles + 16;
  localparam int unsigned BeatW = (Beats > 1) ? $clog2(Beats) : 1;
  localparam int unsigned LastBeatI = Beats - 1;
  localparam logic [BeatW-1:0] LastBeat = LastBeatI[BeatW-1:0];

  `HALO_ASSERT_INIT(ParamCheck_A, (N % P == 0) && (N > K) && ((N - K == 30) || (N - K == 14))
                                  && (KesCycles + 1 <= Beats))

  logic [BeatW-1:0]      in_beat_q;
  logic                  accept, in_first, in_last, frame_err_q;
  logic                  fifo_full, fifo_empty, fifo_nonempty, fifo_pop, syn_can_end;
  logic [P*10-1:0]       fifo_data;
  // Syndrome and key-equation handshakes; readable by the co-simulation, which compares
  // them with the golden model's DecodeTrace (verif/fec/fec_cosim.hpp).
  logic                  syn_valid /* verilator public_flat_rd */;
  logic                  syn_ready /* verilator public_flat_rd */;
  logic [Np*10-1:0]      syn /* verilator public_flat_rd */;
  logic                  kes_valid /* verilator public_flat_rd */;
  logic                  kes_ready /* verilator public_flat_rd */;
  logic [(T+1)*10-1:0]   kes_lambda /* verilator public_flat_rd */;
  logic [T*10-1:0]       kes_omega /* verilator public_flat_rd */;
  logic                  kes_nz;
  logic [(T+1)*10-1:0]   cnt_lambda;
  logic [T*10-1:0]       cnt_omega;
  logic                  cnt_valid, cnt_ready, cnt_uncorr;
  logic [4:0]            cnt_deg;

  assign in_first   = (in_beat_q == '0);
  assign in_last    = (in_beat_q == LastBeat);
  assign in_ready_o = !fifo_full && (!in_last || syn_can_end);
  assign accept     = in_valid_i && in_ready_o;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      in_beat_q   <= '0;
      frame_err_q <= 1'b0;
    end else begin
      frame_err_q <= accept && ((in_first_i != in_first) || (in_last_i != in_last));
      if (accept) in_beat_q <= in_last ? '0 : in_beat_q + 1'b1;
    end
  end
  assign in_frame_err_o = frame_err_q;

  halo_fifo #(
    .Width  (P * 10),
    .Depth  (FifoDepth),
    .RegRead(1'b1)
  ) u_fifo (
    .clk_i,
    .rst_ni,
    .wvalid_i(accept),
    .wdata_i (in_data_i),
    .full_o  (fifo_full),
    .rvalid_o(fifo_nonempty),
    .rready_i(fifo_pop),
    .rdata_o (fifo_data)
  );
  assign fifo_empty = !fifo_nonempty;
  `HALO_ASSERT(FifoNoUnderflow_A, !(fifo_pop && fifo_empty), clk_i, rst_ni)

  rs_syndrome #(
    .N(N),
    .K(K),
    .P(P)
  ) u_syndrome (
    .clk_i,
    .rst_ni,
    .beat_valid_i(accept),
    .beat_data_i (in_data_i),
    .beat_first_i(in_first),
    .beat_last_i (in_last),
    .can_end_o   (syn_can_end),
    .syn_valid_o (syn_valid),
    .syn_ready_i (syn_ready),
    .syn_o       (syn)
  );

  if (KesPe == 0) begin : g_kes_par
    rs_ribm #(
      .Np(Np),
      .U (U)
    ) u_ribm (
      .clk_i,
      .rst_ni,
      .syn_valid_i(syn_valid),
      .syn_ready_o(syn_ready),
      .syn_i      (syn),
      .kes_valid_o(kes_valid),
      .kes_ready_i(kes_ready),
      .kes_nz_o   (kes_nz),
      .lambda_o   (kes_lambda),
      .omega_o    (kes_omega)
    );
  end else begin : g_kes_folded
    rs_ribm_folded #(
      .Np(Np),
      .Pe(KesPe)
    ) u_ribm (
      .clk_i,
      .rst_ni,
      .syn_valid_i(syn_valid),
      .syn_ready_o(syn_ready),
      .syn_i      (syn),
      .kes_valid_o(kes_valid),
      .kes_ready_i(kes_ready),
      .kes_nz_o   (kes_nz),
      .lambda_o   (kes_lambda),
      .omega_o    (kes_omega)
    );
  end

  rs_chien_count #(
    .N(N),
    .K(K),
    .P(P)
  ) u_chien_count (
    .clk_i,
    .rst_ni,
    .job_valid_i (kes_valid),
    .job_ready_o (kes_ready),
    .syn_nz_i    (kes_nz),
    .lambda_i    (kes_lambda),
    .omega_i     (kes_omega),
    .out_valid_o (cnt_valid),
    .out_ready_i (cnt_ready),
    .out_lambda_o(cnt_lambda),
    .out_omega_o (cnt_omega),
    .out_uncorr_o(cnt_uncorr),
    .out_deg_o   (cnt_deg)
  );

  rs_corrector #(
    .N(N),
    .K(K),
    .P(P)
  ) u_corrector (
    .clk_i,
    .rst_ni,
    .correct_en_i,
    .job_valid_i    (cnt_valid),
    .job_ready_o    (cnt_ready),
    .lambda_i       (cnt_lambda),
    .omega_i        (cnt_omega),
    .uncorr_i       (cnt_uncorr),
    .deg_i          (cnt_deg),
    .fifo_empty_i   (fifo_empty),
    .fifo_pop_o     (fifo_pop),
    .fifo_data_i    (fifo_data),
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

  // A stalled output beat must not change.
  `HALO_ASSERT(OutStable_A, (out_valid_o && !out_ready_i) |=> (out_valid_o && $stable(out_data_o)),
               clk_i, rst_ni)

endmodule : rs_decoder

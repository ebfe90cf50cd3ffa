// Second Chien pass with Forney error evaluation, aligned with the data leaving the
// delay buffer; applies the corrections and produces the output stream and the
// per-codeword status (on the last beat).
//
// For position idx with X = alpha^(N-1-idx) (lane l of beat b, idx = b*P + l):
//   Lambda(X^-1) = even(X^-1) + odd(X^-1)   -- a root marks an error location;
//   e = X^-(2t-1) Omega^h(X^-1) / Lambda'(X^-1)
//     = [sum_i Omega^h_i X^-(i+2t)] / odd(X^-1)   (char. 2: x Lambda'(x) = odd part),
// the riBM form of the Forney formula (Sarwate & Shanbhag 2001), identical to the golden
// model (halo::fec::RsDecoder). Pipeline (stall-all), one short step per stage so that no
// path crosses more than one of a ROM read, a GF(2^10) multiply or an adder tree (Fmax on
// FPGAs, docs/fec_rtl.md):
//   1 pop + evaluate -> 2 invert (ROM read) -> 3 ROM output register -> 4 multiply + correct,
//   per-lane popcount -> 5 beat sums (adder trees) -> output register (codeword totals).
// The output register has a one-beat skid register behind it: the pipeline advances while
// the skid register is empty (en = !skid_valid_q, a flip-flop), so out_ready_i only steers
// the two output registers and never reaches the pipeline's clock enables, the delay-buffer
// pop or the job handshake (no combinational ready chain through the decoder). At full
// rate (out_ready_i = 1) the skid register stays empty and the timing is unchanged.
`include "halo_assert.svh"

module rs_corrector #(
  // Codeword length in symbols.
  parameter int unsigned N = 544,
  // Message length in symbols.
  parameter int unsigned K = 514,
  // Symbols per beat.
  parameter int unsigned P = 1
) (
  // Clock and active-low asynchronous reset
  input  logic                        clk_i,
  input  logic                        rst_ni,
  // Correction enable (0 = bypass correction: detect and flag only); sampled per codeword
  input  logic                        correct_en_i,
  // Job from the root counter
  input  logic                        job_valid_i,
  output logic                        job_ready_o,
  input  logic [((N-K)/2+1)*10-1:0]   lambda_i,   // Lambda_i alpha^(-i(N-1)) (rs_chien_count)
  input  logic [((N-K)/2)*10-1:0]     omega_i,    // Omega^h_i alpha^(-(i+2t)(N-1)) (rs_chien_count)
  input  logic                        uncorr_i,
  input  logic [4:0]                  deg_i,
  // Delay buffer read port (data one cycle after fifo_pop_o)
  input  logic                        fifo_empty_i,
  output logic                        fifo_pop_o,
  input  logic [P*10-1:0]             fifo_data_i,
  // Output stream
  output logic                        out_valid_o,
  input  logic                        out_ready_i,
  output logic [P*10-1:0]             out_data_o,
  output logic                        out_first_o,
  output logic                        out_last_o,
  // Per-codeword status, valid with out_last_o
  output logic                        out_uncorr_o,    // uncorrectable, data unmodified
  output logic [4:0]                  out_errors_o,    // error symbols located (0 if uncorr.)
  output logic [4:0]                  out_corr_sym_o,  // symbols changed (0 in bypass)
  output logic [8:0]                  out_corr_bits_o  // bits flipped (0 in bypass)
);
  localparam int unsigned Np = N - K;
  localparam int unsigned T = Np / 2;
  localparam int unsigned Beats = N / P;
  localparam int unsigned BeatW = (Beats > 1) ? $clog2(Beats) : 1;
  localparam int unsigned LastBeatI = Beats - 1;
  localparam logic [BeatW-1:0] LastBeat = LastBeatI[BeatW-1:0];

  // Job and Chien registers
  logic                job_q, apply_q, uncorr_q;
  logic [4:0]          deg_q;
  logic [BeatW-1:0]    beat_q;
  logic [(T+1)*10-1:0] lam_q, lam_d, lam_load;
  logic [T*10-1:0]     om_q, om_d, om_load;
  logic                en, pop, load, last;
  // Stage 1: evaluations (data arrive from the FIFO register)
  logic                v1_q, apply1_q, uncorr1_q, first1_q, last1_q;
  logic [4:0]          deg1_q;
  logic [P*10-1:0]     even1_q, odd1_q, num1_q, even1_d, odd1_d, num1_d;
  // Stage 2: inverse of the odd part (ROM read)
  logic                v2_q, apply2_q, uncorr2_q, first2_q, last2_q;
  logic [4:0]          deg2_q;
  logic [P-1:0]        root2_q;
  logic [P*10-1:0]     inv2_q, num2_q, data2_q, inv1;
  // Stage 3: ROM output registered
  logic                v3_q, apply3_q, uncorr3_q, first3_q, last3_q;
  logic [4:0]          deg3_q;
  logic [P-1:0]        root3_q;
  logic [P*10-1:0]     inv3_q, num3_q, data3_q;
  // Stage 4: corrected data, per-lane changed-symbol flag and flipped-bit count
  logic                v4_q, uncorr4_q, first4_q, last4_q;
  logic [4:0]          deg4_q;
  logic [P-1:0]        fix4_q, fix_d;
  logic [P*4-1:0]      pc4_q, pc_d;
  logic [P*10-1:0]     data4_q, corr_data;
  // Stage 5: beat sums
  logic                v5_q, uncorr5_q, first5_q, last5_q;
  logic [4:0]          deg5_q;
  logic [4:0]          nsym5_q, nsym_d;  // <= t: symbols changed lie at roots of Lambda
  logic [8:0]          nbits5_q, nbits_d;
  logic [P*10-1:0]     data5_q;
  // Output and skid registers: one beat {data, first, last, uncorr, errors, symbols, bits}
  // (OutW bits; fields unpacked at the ports), and the status accumulators
  localparam int unsigned OutW = P * 10 + 22;
  logic                out_valid_q, skid_valid_q, out_free;
  logic [OutW-1:0]     out_q, skid_q, beat5;
  logic [4:0]          sym_acc_q, sym_sum;
  logic [8:0]          bits_acc_q, bits_sum;

  assign en          = !skid_valid_q;
  assign out_free    = !out_valid_q || out_ready_i;
  assign last        = (beat_q == LastBeat);
  assign pop         = en && job_q && !fifo_empty_i;
  assign job_ready_o = !job_q || (pop && last);
  assign load        = job_valid_i && job_ready_o;
  assign fifo_pop_o  = pop;

  // Chien/Forney evaluation of the current beat, register stepping and loading.
  always_comb begin
    logic [9:0] ev, od, nm;
    for (int l = 0; l < P; l++) begin
      ev = '0;
      od = '0;
      nm = '0;
      for (int i = 0; i <= T; i++) begin
        if (i % 2 == 0) ev = ev ^ rs_pkg::gf_mul(lam_q[i*10 +: 10], rs_pkg::gf_alpha_pow(i * l));
        else            od = od ^ rs_pkg::gf_mul(lam_q[i*10 +: 10], rs_pkg::gf_alpha_pow(i * l));
      end
      for (int i = 0; i < T; i++) begin
        nm = nm ^ rs_pkg::gf_mul(om_q[i*10 +: 10], rs_pkg::gf_alpha_pow((i + Np) * l));
      end
      even1_d[l*10 +: 10] = ev;
      odd1_d[l*10 +: 10]  = od;
      num1_d[l*10 +: 10]  = nm;
    end
    for (int i = 0; i <= T; i++) begin
      lam_d[i*10 +: 10]    = rs_pkg::gf_mul(lam_q[i*10 +: 10], rs_pkg::gf_alpha_pow(i * P));
      lam_load[i*10 +: 10] = lambda_i[i*10 +: 10];   // start values from rs_chien_count
    end
    for (int i = 0; i < T; i++) begin
      om_d[i*10 +: 10]    = rs_pkg::gf_mul(om_q[i*10 +: 10], rs_pkg::gf_alpha_pow((i + Np) * P));
      om_load[i*10 +: 10] = omega_i[i*10 +: 10];     // start values from rs_chien_count
    end
  end

  // Divider ROM (generated case function).
  always_comb begin
    for (int l = 0; l < P; l++) begin
      inv1[l*10 +: 10] = gf1024_pkg::gf_inv(odd1_q[l*10 +: 10]);
    end
  end

  // Stage 3 -> 4: error values and corrected data; per lane whether the symbol changes and
  // how many bits flip (0 for lanes without a root, in bypass and for uncorrectable words).
  always_comb begin
    logic [9:0] e;
    corr_data = data3_q;
    fix_d = '0;
    pc_d = '0;
    for (int l = 0; l < P; l++) begin
      e = rs_pkg::gf_mul(num3_q[l*10 +: 10], inv3_q[l*10 +: 10]);
      if (root3_q[l] && !uncorr3_q && apply3_q) begin
        corr_data[l*10 +: 10] = data3_q[l*10 +: 10] ^ e;
        fix_d[l] = (e != 10'd0);
        pc_d[l*4 +: 4] = rs_pkg::popcount10(e);
      end
    end
  end

  // Stage 4 -> 5: sums over the P lanes of the beat (balanced adder trees, rs_lane_sum).
  rs_lane_sum #(
    .P (P),
    .Iw(1),
    .Ow(5)
  ) u_sym_sum (
    .in_i (fix4_q),
    .sum_o(nsym_d)
  );
  rs_lane_sum #(
    .P (P),
    .Iw(4),
    .Ow(9)
  ) u_bits_sum (
    .in_i (pc4_q),
    .sum_o(nbits_d)
  );

  // Stage 5 -> output: codeword totals (at most t = 15 symbols and 150 bits per codeword).
  assign sym_sum  = (first5_q ? 5'd0 : sym_acc_q) + nsym5_q;
  assign bits_sum = (first5_q ? 9'd0 : bits_acc_q) + nbits5_q;
  assign beat5    = {data5_q, first5_q, last5_q, uncorr5_q, uncorr5_q ? 5'd0 : deg5_q, sym_sum,
                     bits_sum};

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      job_q <= 1'b0;  apply_q <= 1'b0;  uncorr_q <= 1'b0;  deg_q <= '0;  beat_q <= '0;
      lam_q <= '0;    om_q <= '0;
      v1_q <= 1'b0;   apply1_q <= 1'b0; uncorr1_q <= 1'b0; first1_q <= 1'b0; last1_q <= 1'b0;
      deg1_q <= '0;   even1_q <= '0;    odd1_q <= '0;      num1_q <= '0;
      v2_q <= 1'b0;   apply2_q <= 1'b0; uncorr2_q <= 1'b0; first2_q <= 1'b0; last2_q <= 1'b0;
      deg2_q <= '0;   root2_q <= '0;    inv2_q <= '0;      num2_q <= '0;     data2_q <= '0;
      v3_q <= 1'b0;   apply3_q <= 1'b0; uncorr3_q <= 1'b0; first3_q <= 1'b0; last3_q <= 1'b0;
      deg3_q <= '0;   root3_q <= '0;    inv3_q <= '0;      num3_q <= '0;     data3_q <= '0;
      v4_q <= 1'b0;   uncorr4_q <= 1'b0; first4_q <= 1'b0; last4_q <= 1'b0;  deg4_q <= '0;
      fix4_q <= '0;   pc4_q <= '0;      data4_q <= '0;
      v5_q <= 1'b0;   uncorr5_q <= 1'b0; first5_q <= 1'b0; last5_q <= 1'b0;  deg5_q <= '0;
      nsym5_q <= '0;  nbits5_q <= '0;   data5_q <= '0;
      out_valid_q <= 1'b0; skid_valid_q <= 1'b0; out_q <= '0; skid_q <= '0;
      sym_acc_q <= '0;     bits_acc_q <= '0;
    end else begin
      if (pop) begin
        lam_q  <= lam_d;
        om_q   <= om_d;
        beat_q <= beat_q + 1'b1;
        if (last) job_q <= 1'b0;
      end
      if (load) begin
        job_q    <= 1'b1;
        apply_q  <= correct_en_i;
        uncorr_q <= uncorr_i;
        deg_q    <= deg_i;
        beat_q   <= '0;
        lam_q    <= lam_load;
        om_q     <= om_load;
      end
      if (en) begin
        // stage 1
        v1_q      <= pop;
        apply1_q  <= apply_q;
        uncorr1_q <= uncorr_q;
        deg1_q    <= deg_q;
        first1_q  <= (beat_q == '0);
        last1_q   <= last;
        even1_q   <= even1_d;
        odd1_q    <= odd1_d;
        num1_q    <= num1_d;
        // stage 2
        v2_q      <= v1_q;
        apply2_q  <= apply1_q;
        uncorr2_q <= uncorr1_q;
        deg2_q    <= deg1_q;
        first2_q  <= first1_q;
        last2_q   <= last1_q;
        root2_q   <= '0;
        for (int l = 0; l < P; l++) root2_q[l] <= (even1_q[l*10 +: 10] == odd1_q[l*10 +: 10]);
        inv2_q    <= inv1;
        num2_q    <= num1_q;
        data2_q   <= fifo_data_i;
        // stage 3
        v3_q      <= v2_q;
        apply3_q  <= apply2_q;
        uncorr3_q <= uncorr2_q;
        deg3_q    <= deg2_q;
        first3_q  <= first2_q;
        last3_q   <= last2_q;
        root3_q   <= root2_q;
        inv3_q    <= inv2_q;
        num3_q    <= num2_q;
        data3_q   <= data2_q;
        // stage 4
        v4_q      <= v3_q;
        uncorr4_q <= uncorr3_q;
        deg4_q    <= deg3_q;
        first4_q  <= first3_q;
        last4_q   <= last3_q;
        fix4_q    <= fix_d;
        pc4_q     <= pc_d;
        data4_q   <= corr_data;
        // stage 5
        v5_q      <= v4_q;
        uncorr5_q <= uncorr4_q;
        deg5_q    <= deg4_q;
        first5_q  <= first4_q;
        last5_q   <= last4_q;
        nsym5_q   <= nsym_d;
        nbits5_q  <= nbits_d;
        data5_q   <= data4_q;
        // stage 5 -> output register, or -> skid register while the output beat is held
        if (v5_q) begin
          sym_acc_q  <= sym_sum;
          bits_acc_q <= bits_sum;
          if (out_free) out_q <= beat5;
          else          skid_q <= beat5;
        end
        if (out_free) out_valid_q <= v5_q;
        else          skid_valid_q <= v5_q;
      end else if (out_ready_i) begin
        // the skid beat moves up (en = 0: skid full, so the output register is full)
        out_q        <= skid_q;
        skid_valid_q <= 1'b0;
      end
    end
  end

  assign out_valid_o = out_valid_q;
  `HALO_ASSERT(SkidBehindOut_A, !skid_valid_q || out_valid_q, clk_i, rst_ni)
  assign {out_data_o, out_first_o, out_last_o, out_uncorr_o, out_errors_o, out_corr_sym_o,
          out_corr_bits_o} = out_q;

endmodule : rs_corrector

// Second Chien pass with Forney error evaluation, aligned with the data leaving the
// delay buffer; applies the corrections and produces the output stream and the
// per-codeword status (on the last beat).
//
// For position idx with X = alpha^(N-1-idx) (lane l of beat b, idx = b*P + l):
//   Lambda(X^-1) = even(X^-1) + odd(X^-1)   -- a root marks an error location;
//   e = X^-(2t-1) Omega^h(X^-1) / Lambda'(X^-1)
//     = [sum_i Omega^h_i X^-(i+2t)] / odd(X^-1)   (char. 2: x Lambda'(x) = odd part),
// the riBM form of the Forney formula (Sarwate & Shanbhag 2001), identical to the golden
// model (halo::fec::RsDecoder). Pipeline (stall-all, advances when the output register is
// free or read): pop+evaluate -> invert (ROM) -> multiply+correct -> output register.
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
  // Stage 2: inverse of the odd part
  logic                v2_q, apply2_q, uncorr2_q, first2_q, last2_q;
  logic [4:0]          deg2_q;
  logic [P-1:0]        root2_q;
  logic [P*10-1:0]     inv2_q, num2_q, data2_q, inv1;
  // Output register and status accumulators
  logic                out_valid_q, out_first_q, out_last_q, out_uncorr_q;
  logic [P*10-1:0]     out_data_q, corr_data;
  logic [4:0]          out_errors_q, out_sym_q, sym_acc_q, sym_sum;
  logic [8:0]          out_bits_q, bits_acc_q, bits_sum;

  assign en          = !out_valid_q || out_ready_i;
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

  // Error values, corrected data and status counts of the beat in stage 2.
  always_comb begin
    logic [9:0] e;
    logic [3:0] nsym;
    logic [8:0] nbits;
    corr_data = data2_q;
    nsym = '0;
    nbits = '0;
    for (int l = 0; l < P; l++) begin
      e = rs_pkg::gf_mul(num2_q[l*10 +: 10], inv2_q[l*10 +: 10]);
      if (root2_q[l] && !uncorr2_q && apply2_q) begin
        corr_data[l*10 +: 10] = data2_q[l*10 +: 10] ^ e;
        nsym = nsym + {3'd0, (e != 10'd0)};
        nbits = nbits + {5'd0, rs_pkg::popcount10(e)};
      end
    end
    sym_sum  = (first2_q ? 5'd0 : sym_acc_q) + {1'b0, nsym};
    bits_sum = (first2_q ? 9'd0 : bits_acc_q) + nbits;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      job_q <= 1'b0;  apply_q <= 1'b0;  uncorr_q <= 1'b0;  deg_q <= '0;  beat_q <= '0;
      lam_q <= '0;    om_q <= '0;
      v1_q <= 1'b0;   apply1_q <= 1'b0; uncorr1_q <= 1'b0; first1_q <= 1'b0; last1_q <= 1'b0;
      deg1_q <= '0;   even1_q <= '0;    odd1_q <= '0;      num1_q <= '0;
      v2_q <= 1'b0;   apply2_q <= 1'b0; uncorr2_q <= 1'b0; first2_q <= 1'b0; last2_q <= 1'b0;
      deg2_q <= '0;   root2_q <= '0;    inv2_q <= '0;      num2_q <= '0;     data2_q <= '0;
      out_valid_q <= 1'b0; out_first_q <= 1'b0; out_last_q <= 1'b0; out_uncorr_q <= 1'b0;
      out_data_q <= '0;    out_errors_q <= '0;  out_sym_q <= '0;   out_bits_q <= '0;
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
        // output register
        out_valid_q <= v2_q;
        if (v2_q) begin
          out_data_q   <= corr_data;
          out_first_q  <= first2_q;
          out_last_q   <= last2_q;
          out_uncorr_q <= uncorr2_q;
          out_errors_q <= uncorr2_q ? 5'd0 : deg2_q;
          out_sym_q    <= sym_sum;
          out_bits_q   <= bits_sum;
          sym_acc_q    <= sym_sum;
          bits_acc_q   <= bits_sum;
        end
      end
    end
  end

  assign out_valid_o     = out_valid_q;
  assign out_data_o      = out_data_q;
  assign out_first_o     = out_first_q;
  assign out_last_o      = out_last_q;
  assign out_uncorr_o    = out_uncorr_q;
  assign out_errors_o    = out_errors_q;
  assign out_corr_sym_o  = out_sym_q;
  assign out_corr_bits_o = out_bits_q;

endmodule : rs_corrector

// First Chien pass of the RS decoder: counts the roots of Lambda(x) at the N valid
// positions of the (shortened) codeword, P positions per clock, and decides whether the
// codeword is correctable (root count == deg Lambda, and deg Lambda > 0 unless all
// syndromes are zero) before any data leave the decoder. With Lambda_0 = 0 or a multiple
// root the count cannot reach deg Lambda, so these cases are flagged too (as in the cmodel).
// Lambda and Omega^h, as the corrector's Chien start values Lambda_i alpha^(-i(N-1)) and
// Omega^h_i alpha^(-(i+2t)(N-1)) (computed here at load, so the corrector loads them without
// multipliers), and the verdict go to the corrector (rs_corrector), which repeats the search
// aligned with the data and applies the Forney values.
//
// Position idx (transmission order, 0 = c_{N-1}) has locator X = alpha^(N-1-idx); lane l of
// beat b evaluates Lambda(X^-1) = sum_i Lambda_i alpha^(i*(idx-(N-1))), idx = b*P + l,
// with registers initialised to Lambda_i alpha^(-i(N-1)) and multiplied by alpha^(iP)
// per beat. One codeword takes exactly N/P cycles; a new one is loaded in the last cycle.
// The beat's root flags are registered and counted one cycle later (count stage), so the
// Lambda evaluation and the root count + verdict are separate register-to-register paths;
// the verdict and the job to the corrector follow the last beat by one cycle.
module rs_chien_count #(
  // Codeword length in symbols.
  parameter int unsigned N = 544,
  // Message length in symbols.
  parameter int unsigned K = 514,
  // Symbols per beat (positions searched per clock).
  parameter int unsigned P = 1
) (
  // Clock and active-low asynchronous reset
  input  logic                        clk_i,
  input  logic                        rst_ni,
  // Job from the key-equation solver
  input  logic                        job_valid_i,
  output logic                        job_ready_o,
  input  logic                        syn_nz_i,       // some syndrome was non-zero
  input  logic [((N-K)/2+1)*10-1:0]   lambda_i,
  input  logic [((N-K)/2)*10-1:0]     omega_i,
  // Job to the corrector: the polynomials and the verdict
  output logic                        out_valid_o,
  input  logic                        out_ready_i,
  output logic [((N-K)/2+1)*10-1:0]   out_lambda_o,   // Lambda_i alpha^(-i(N-1))
  output logic [((N-K)/2)*10-1:0]     out_omega_o,    // Omega^h_i alpha^(-(i+2t)(N-1))
  output logic                        out_uncorr_o,   // root count != deg Lambda, or
                                                      // deg Lambda = 0 with S != 0
  output logic [4:0]                  out_deg_o       // deg Lambda (errors located)
);
  localparam int unsigned T = (N - K) / 2;
  localparam int unsigned Beats = N / P;
  localparam int unsigned BeatW = (Beats > 1) ? $clog2(Beats) : 1;
  localparam int unsigned LastBeatI = Beats - 1;
  localparam logic [BeatW-1:0] LastBeat = LastBeatI[BeatW-1:0];
  localparam int unsigned RootW = $clog2(P + 1);

  logic [(T+1)*10-1:0] reg_q, reg_d, load_val, lam_q;
  logic [T*10-1:0]     om_q, om_load;
  logic [BeatW-1:0]    beat_q;
  logic [9:0]          rem_q, rem_d;      // roots still to find: deg Lambda - count (mod 2^10)
  logic [4:0]          deg_q, deg_in;
  logic [P-1:0]        is_root, root_q;   // root flags of the beat; registered (count stage)
  logic [RootW-1:0]    roots;
  logic [9:0]          rem_base;
  logic                busy_q, nz_q, last, step, load;
  logic                rv_q, rfirst_q, rlast_q, zero_nz_q;

  logic                out_valid_q, out_uncorr_q;
  logic [(T+1)*10-1:0] out_lambda_q;
  logic [T*10-1:0]     out_omega_q;
  logic [4:0]          out_deg_q;

  // Roots among this beat's positions and next register values.
  always_comb begin
    logic [9:0] ev;
    for (int l = 0; l < P; l++) begin
      ev = '0;
      for (int i = 0; i <= T; i++) begin
        ev = ev ^ rs_pkg::gf_mul(reg_q[i*10 +: 10], rs_pkg::gf_alpha_pow(i * l));
      end
      is_root[l] = (ev == 10'd0);
    end
    for (int i = 0; i <= T; i++) begin
      reg_d[i*10 +: 10]    = rs_pkg::gf_mul(reg_q[i*10 +: 10], rs_pkg::gf_alpha_pow(i * P));
      load_val[i*10 +: 10] = rs_pkg::gf_mul(lambda_i[i*10 +: 10],
                                            rs_pkg::gf_alpha_pow(-i * (N - 1)));
    end
    for (int i = 0; i < T; i++) begin
      om_load[i*10 +: 10] = rs_pkg::gf_mul(omega_i[i*10 +: 10],
                                           rs_pkg::gf_alpha_pow(-(i + 2 * T) * (N - 1)));
    end
    deg_in = '0;
    for (int i = 1; i <= T; i++) begin
      if (lambda_i[i*10 +: 10] != 10'd0) deg_in = i[4:0];
    end
  end

  // Count stage: root count of the registered beat as a balanced adder tree (depth
  // ceil(log2 P), not a P-long chain).
  rs_lane_sum #(
    .P (P),
    .Iw(1),
    .Ow(RootW)
  ) u_root_sum (
    .in_i (root_q),
    .sum_o(roots)
  );

  // The verdict compares the last beat's count with the roots still missing, so no adder
  // sits between the count and out_uncorr_q: count + roots == deg <=> roots == deg - count
  // (mod 2^10; the count never exceeds N < 2^10). The first beat of a codeword starts from
  // deg Lambda (deg_q: the next codeword is loaded only at this codeword's last search beat).
  assign rem_base    = rfirst_q ? {5'd0, deg_q} : rem_q;
  assign rem_d       = rem_base - {{(10-RootW){1'b0}}, roots};
  assign last        = (beat_q == LastBeat);
  // The last beat waits until the output register is empty (no out_ready_i term: the ready of
  // the corrector does not reach the riBM's load through this block combinationally; the
  // next codeword's last beat is N/P >= 17 cycles later, so full rate is kept).
  assign step        = busy_q && !(last && out_valid_q);
  assign job_ready_o = !busy_q || (step && last);
  assign load        = job_valid_i && job_ready_o;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      reg_q        <= '0;
      lam_q        <= '0;
      om_q         <= '0;
      beat_q       <= '0;
      rem_q        <= '0;
      deg_q        <= '0;
      busy_q       <= 1'b0;
      nz_q         <= 1'b0;
      root_q       <= '0;
      rv_q         <= 1'b0;
      rfirst_q     <= 1'b0;
      rlast_q      <= 1'b0;
      zero_nz_q    <= 1'b0;
      out_valid_q  <= 1'b0;
      out_uncorr_q <= 1'b0;
      out_lambda_q <= '0;
      out_omega_q  <= '0;
      out_deg_q    <= '0;
    end else begin
      if (out_valid_q && out_ready_i) out_valid_q <= 1'b0;
      // search stage
      rv_q     <= step;
      rfirst_q <= step && (beat_q == '0);
      rlast_q  <= step && last;
      if (step) begin
        reg_q  <= reg_d;
        beat_q <= beat_q + 1'b1;
        root_q <= is_root;
        if (last) begin
          busy_q       <= 1'b0;
          out_lambda_q <= lam_q;
          out_omega_q  <= om_q;
          out_deg_q    <= deg_q;
          zero_nz_q    <= nz_q && (deg_q == '0);
        end
      end
      if (load) begin
        reg_q  <= load_val;
        lam_q  <= load_val;
        om_q   <= om_load;
        deg_q  <= deg_in;
        nz_q   <= syn_nz_i;
        beat_q <= '0;
        busy_q <= 1'b1;
      end
      // count stage (one cycle behind); the output register was empty when the last beat
      // was searched (step waits for it), and codewords are at least 17 beats apart
      if (rv_q) rem_q <= rem_d;
      if (rlast_q) begin
        out_valid_q  <= 1'b1;
        out_uncorr_q <= (rem_base != {{(10-RootW){1'b0}}, roots}) || zero_nz_q;
      end
    end
  end

  assign out_valid_o  = out_valid_q;
  assign out_lambda_o = out_lambda_q;
  assign out_omega_o  = out_omega_q;
  assign out_uncorr_o = out_uncorr_q;
  assign out_deg_o    = out_deg_q;

endmodule : rs_chien_count

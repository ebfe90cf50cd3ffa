// Key-equation solver of the RS decoder: reformulated inversionless Berlekamp-Massey
// (riBM), D. V. Sarwate and N. R. Shanbhag, "High-speed architectures for Reed-Solomon
// decoders", IEEE Trans. VLSI 9(5), 2001 -- the same algorithm as the golden model
// (halo::fec::RsDecoder, DecodeTrace::lambda/omega), so the results compare bit-exactly.
//
// 3t+1 registers delta/theta; init delta_i = theta_i = S_i (i < 2t), delta_3t = theta_3t = 1,
// k = 0, gamma = 1; 2t iterations:
//   delta_i <- gamma*delta_{i+1} - delta_0*theta_i
//   if delta_0 != 0 and k >= 0: theta_i <- delta_{i+1}, gamma <- delta_0, k <- -k-1
//   else k <- k+1
// Lambda_i = delta_{t+i} (i = 0..t), Omega^h_i = delta_i (i = 0..t-1).
// U iterations per clock (U = 2 when a codeword is shorter than 2t+1 beats, e.g. P = 32),
// so one codeword is solved in 2t/U + 1 cycles, within one codeword time.
`include "halo_assert.svh"

module rs_ribm #(
  // Number of parity symbols 2t (30: KP4, 14: KR4).
  parameter int unsigned Np = 30,
  // riBM iterations per clock cycle; must divide Np.
  parameter int unsigned U = 1
) (
  // Clock and active-low asynchronous reset
  input  logic                    clk_i,
  input  logic                    rst_ni,
  // Syndromes S_0..S_{2t-1} (S_j at [10*j +: 10])
  input  logic                    syn_valid_i,
  output logic                    syn_ready_o,
  input  logic [Np*10-1:0]        syn_i,
  // Error locator Lambda_0..Lambda_t and evaluator Omega^h_0..Omega^h_{t-1}
  output logic                    kes_valid_o,
  input  logic                    kes_ready_i,
  output logic                    kes_nz_o,      // some syndrome was non-zero
  output logic [(Np/2+1)*10-1:0]  lambda_o,
  output logic [(Np/2)*10-1:0]    omega_o
);
  localparam int unsigned T = Np / 2;
  localparam int unsigned R = 3 * T + 1;          // delta/theta registers
  localparam int unsigned Iters = Np / U;         // clock cycles per codeword
  localparam int unsigned CntW = $clog2(Iters + 1);
  localparam int unsigned LastIterI = Iters - 1;
  localparam logic [CntW-1:0] LastIter = LastIterI[CntW-1:0];

  `HALO_ASSERT_INIT(ParamCheck_A, (Np % U == 0) && (Np % 2 == 0))

  logic [R*10-1:0] delta_q, delta_d, theta_q, theta_d;
  logic [9:0]      gamma_q, gamma_d;
  logic [6:0]      k_q, k_d;                      // two's complement, |k| <= 2t
  logic [CntW-1:0] cnt_q;
  logic            run_q, done_q, nz_q, load;

  assign syn_ready_o = !run_q && (!done_q || kes_ready_i);
  assign load        = syn_valid_i && syn_ready_o;

  always_comb begin
    logic [R*10-1:0] d, th, nd;
    logic [9:0]      g, d0, dn;
    logic [6:0]      k;
    d = delta_q;
    th = theta_q;
    g = gamma_q;
    k = k_q;
    nd = '0;
    for (int u = 0; u < U; u++) begin
      d0 = d[9:0];
      for (int i = 0; i < R; i++) begin
        dn = (i + 1 < R) ? d[(i+1)*10 +: 10] : 10'd0;
        nd[i*10 +: 10] = rs_pkg::gf_mul(g, dn) ^ rs_pkg::gf_mul(d0, th[i*10 +: 10]);
      end
      if (d0 != 10'd0 && !k[6]) begin
        th = {10'd0, d[R*10-1:10]};
        g = d0;
        k = ~k;                                   // -k-1
      end else begin
        k = k + 7'd1;
      end
      d = nd;
    end
    delta_d = d;
    theta_d = th;
    gamma_d = g;
    k_d = k;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      delta_q <= '0;
      theta_q <= '0;
      gamma_q <= '0;
      k_q     <= '0;
      cnt_q   <= '0;
      run_q   <= 1'b0;
      done_q  <= 1'b0;
      nz_q    <= 1'b0;
    end else if (load) begin
      nz_q    <= |syn_i;
      delta_q <= {10'd1, {(T*10){1'b0}}, syn_i};
      theta_q <= {10'd1, {(T*10){1'b0}}, syn_i};
      gamma_q <= 10'd1;
      k_q     <= '0;
      cnt_q   <= '0;
      run_q   <= 1'b1;
      done_q  <= 1'b0;
    end else if (run_q) begin
      delta_q <= delta_d;
      theta_q <= theta_d;
      gamma_q <= gamma_d;
      k_q     <= k_d;
      cnt_q   <= cnt_q + 1'b1;
      if (cnt_q == LastIter) begin
        run_q  <= 1'b0;
        done_q <= 1'b1;
      end
    end else if (done_q && kes_ready_i) begin
      done_q <= 1'b0;
    end
  end

  assign kes_valid_o = done_q;
  assign kes_nz_o    = nz_q;
  assign lambda_o    = delta_q[T*10 +: (T+1)*10];
  assign omega_o     = delta_q[0 +: T*10];

endmodule : rs_ribm

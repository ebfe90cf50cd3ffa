// Area-reduced (folded) key-equation solver of the RS decoder for small P: the same riBM
// as rs_ribm (D. V. Sarwate and N. R. Shanbhag, "High-speed architectures for Reed-Solomon
// decoders", IEEE Trans. VLSI 9(5), 2001; golden model halo::fec::RsDecoder,
// DecodeTrace::lambda/omega), but only Pe of the 3t+1 processing elements are built. The
// delta/theta registers form a rotating array; each clock updates the Pe entries at the head
// and writes them to the tail, so one riBM iteration takes G = ceil((3t+1)/Pe) cycles and
// one codeword Np*G + 1 cycles (KP4, Pe = 4: 361 cycles, 8 general GF multipliers instead
// of 92). The intermediate values after every iteration equal those of rs_ribm.
//
// Per iteration r (delta_0, gamma, k of the iteration start are held in d0_q, gamma_q, k_q):
//   delta_i <- gamma*delta_{i+1} - delta_0*theta_i        (delta_{3t+1} = 0)
//   if delta_0 != 0 and k >= 0: theta_i <- delta_{i+1}, gamma <- delta_0, k <- -k-1
//   else k <- k+1
// Entries i >= 3t+1 (padding to G*Pe) stay zero. Entry i is processed in group i / Pe; the
// array is processed in increasing i, so delta_{i+1} is still the old value when delta_i is
// updated (the head of the next group), except for the last group, where it is zero.
`include "halo_assert.svh"

module rs_ribm_folded #(
  // Number of parity symbols 2t (30: KP4, 14: KR4).
  parameter int unsigned Np = 30,
  // Processing elements (riBM cells) evaluated per clock cycle; at least 2 cycles per
  // iteration (Pe < 3t+1).
  parameter int unsigned Pe = 4
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
  localparam int unsigned R = 3 * T + 1;          // riBM cells
  localparam int unsigned G = (R + Pe - 1) / Pe;  // cycles per iteration
  localparam int unsigned Rp = G * Pe;            // cells including zero padding
  localparam int unsigned GrpW = (G > 1) ? $clog2(G) : 1;
  localparam int unsigned ItW = $clog2(Np + 1);
  localparam int unsigned LastGrpI = G - 1;
  localparam int unsigned LastItI = Np - 1;
  localparam logic [GrpW-1:0] LastGrp = LastGrpI[GrpW-1:0];
  localparam logic [ItW-1:0]  LastIt = LastItI[ItW-1:0];

  `HALO_ASSERT_INIT(ParamCheck_A, (Np % 2 == 0) && (Pe >= 1) && (G >= 2))

  logic [Rp*10-1:0] delta_q, delta_d, theta_q, theta_d, init;
  logic [9:0]       gamma_q, d0_q, d0;
  logic [6:0]       k_q;                          // two's complement, |k| <= 2t
  logic [GrpW-1:0]  grp_q;
  logic [ItW-1:0]   it_q;
  logic             run_q, done_q, nz_q, load, swap_q, swap, last_grp;

  assign syn_ready_o = !run_q && (!done_q || kes_ready_i);
  assign load        = syn_valid_i && syn_ready_o;
  assign last_grp    = (grp_q == LastGrp);
  // delta_0 and the theta-update decision of the current iteration
  assign d0          = (grp_q == '0) ? delta_q[9:0] : d0_q;
  assign swap        = (grp_q == '0) ? (delta_q[9:0] != 10'd0 && !k_q[6]) : swap_q;

  // Initial array: S_0..S_{2t-1}, zeros, 1 at cell 3t, zero padding.
  always_comb begin
    init = '0;
    init[0 +: Np*10] = syn_i;
    init[3*T*10 +: 10] = 10'd1;
  end

  // Head group update, then rotate the array by Pe entries (new values go to the tail).
  always_comb begin
    logic [Pe*10-1:0] nd, nt;
    logic [9:0]       dn;
    for (int unsigned j = 0; j < Pe; j++) begin
      dn = (j + 1 < Pe) ? delta_q[(j+1)*10 +: 10]
         : (last_grp ? 10'd0 : delta_q[Pe*10 +: 10]);
      nd[j*10 +: 10] = rs_pkg::gf_mul(gamma_q, dn) ^ rs_pkg::gf_mul(d0, theta_q[j*10 +: 10]);
      nt[j*10 +: 10] = swap ? dn : theta_q[j*10 +: 10];
    end
    delta_d = {nd, delta_q[Rp*10-1:Pe*10]};
    theta_d = {nt, theta_q[Rp*10-1:Pe*10]};
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      delta_q <= '0;
      theta_q <= '0;
      gamma_q <= '0;
      d0_q    <= '0;
      swap_q  <= 1'b0;
      k_q     <= '0;
      grp_q   <= '0;
      it_q    <= '0;
      run_q   <= 1'b0;
      done_q  <= 1'b0;
      nz_q    <= 1'b0;
    end else if (load) begin
      nz_q    <= |syn_i;
      delta_q <= init;
      theta_q <= init;
      gamma_q <= 10'd1;
      k_q     <= '0;
      grp_q   <= '0;
      it_q    <= '0;
      run_q   <= 1'b1;
      done_q  <= 1'b0;
    end else if (run_q) begin
      delta_q <= delta_d;
      theta_q <= theta_d;
      d0_q    <= d0;
      swap_q  <= swap;
      if (last_grp) begin
        grp_q <= '0;
        if (swap) begin
          gamma_q <= d0;
          k_q     <= ~k_q;                        // -k-1
        end else begin
          k_q     <= k_q + 7'd1;
        end
        it_q <= it_q + 1'b1;
        if (it_q == LastIt) begin
          run_q  <= 1'b0;
          done_q <= 1'b1;
        end
      end else begin
        grp_q <= grp_q + 1'b1;
      end
    end else if (done_q && kes_ready_i) begin
      done_q <= 1'b0;
    end
  end

  assign kes_valid_o = done_q;
  assign kes_nz_o    = nz_q;
  assign lambda_o    = delta_q[T*10 +: (T+1)*10];
  assign omega_o     = delta_q[0 +: T*10];

endmodule : rs_ribm_folded

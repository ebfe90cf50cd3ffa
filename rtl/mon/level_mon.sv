// Windowed PAM4 level monitor and CDR lock detector of the register map: over windows of
// 2^window_log2_i symbols (from clear_i on), per decided level k the symbol count, the sum of
// the slicer input z (S13.3, low 32 bits) and the sum of z^2 (64 bits) are accumulated; at
// the end of each window they are latched into the outputs, the CDR phase change over the
// window into delta_o (bits 31:16 of the modulo-2^32 difference, 2^-16 UI) and
// lock_o = |delta_o| <= lock_tol_i. Golden model: halo::retimer::RetimerDevice (end_window).
// The window length must be a multiple of P (window_log2_i >= 6, P <= 64).
module level_mon #(
  // Symbols per beat
  parameter int unsigned P = 8
) (
  // Clock and active-low asynchronous reset
  input  logic             clk_i,
  input  logic             rst_ni,
  // Clear accumulators and results; clear_phase_i is the CDR phase the next window starts at
  input  logic             clear_i,
  input  logic [31:0]      clear_phase_i,
  // Window length 2^window_log2_i symbols (6..16), lock tolerance (2^-16 UI)
  input  logic [4:0]       window_log2_i,
  input  logic [15:0]      lock_tol_i,
  // CDR phase accumulator (updated the cycle after each beat)
  input  logic [31:0]      phase_i,
  // Slicer beat: decisions (0..3) and slicer inputs z (S13.3)
  input  logic             in_valid_i,
  input  logic [P*2-1:0]   in_sym_i,
  input  logic [P*13-1:0]  in_z_i,
  // Results of the last completed window
  output logic [31:0]      windows_o,
  output logic [4*32-1:0]  count_o,
  output logic [4*32-1:0]  sum_o,
  output logic [4*64-1:0]  sumsq_o,
  output logic [15:0]      delta_o,
  output logic             lock_o
);

  localparam int unsigned PosW = 17;
  localparam logic [PosW-1:0] PStep = P[PosW-1:0];

  // per-beat contributions
  logic [4*32-1:0] b_cnt, b_sum;
  logic [4*64-1:0] b_sq;
  always_comb begin
    b_cnt = '0;
    b_sum = '0;
    b_sq  = '0;
    for (int l = 0; l < P; l++) begin
      logic signed [12:0] z;
      logic signed [31:0] zs;
      logic signed [25:0] zz;
      logic [25:0]        zzu;
      z   = in_z_i[l*13 +: 13];
      zs  = {{19{z[12]}}, z};
      zz  = z * z;
      zzu = zz;
      for (int k = 0; k < 4; k++) begin
        if (in_sym_i[l*2 +: 2] == k[1:0]) begin
          b_cnt[k*32 +: 32] = b_cnt[k*32 +: 32] + 32'd1;
          b_sum[k*32 +: 32] = b_sum[k*32 +: 32] + zs;
          b_sq[k*64 +: 64]  = b_sq[k*64 +: 64] + {38'd0, zzu};
        end
      end
    end
  end

  logic [4*32-1:0] a_cnt_q, a_sum_q, cnt_q, sum_q;
  logic [4*64-1:0] a_sq_q, sq_q;
  logic [4*32-1:0] n_cnt, n_sum;
  logic [4*64-1:0] n_sq;
  always_comb begin
    for (int k = 0; k < 4; k++) begin
      n_cnt[k*32 +: 32] = a_cnt_q[k*32 +: 32] + b_cnt[k*32 +: 32];
      n_sum[k*32 +: 32] = a_sum_q[k*32 +: 32] + b_sum[k*32 +: 32];
      n_sq[k*64 +: 64]  = a_sq_q[k*64 +: 64] + b_sq[k*64 +: 64];
    end
  end

  logic [PosW-1:0] pos_q, pos_next, win_len;
  assign pos_next = pos_q + PStep;
  assign win_len  = {{(PosW-1){1'b0}}, 1'b1} << window_log2_i;
  logic win_end, win_end_q;
  assign win_end = in_valid_i && (pos_next == win_len);

  logic [31:0] win_phase_q, windows_q, phase_diff;
  logic [15:0] unused_phase_frac;
  assign unused_phase_frac = phase_diff[15:0];
  logic [15:0] delta_q;
  logic [16:0] delta_mag;
  logic        lock_q;
  assign phase_diff = phase_i - win_phase_q;
  assign delta_mag  = phase_diff[31] ? (17'd0 - {phase_diff[31], phase_diff[31:16]})
                                     : {1'b0, phase_diff[31:16]};

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      {a_cnt_q, a_sum_q, a_sq_q, cnt_q, sum_q, sq_q, pos_q, win_end_q, win_phase_q, windows_q,
       delta_q, lock_q} <= '0;
    end else if (clear_i) begin
      {a_cnt_q, a_sum_q, a_sq_q, cnt_q, sum_q, sq_q, pos_q, win_end_q, windows_q, delta_q,
       lock_q} <= '0;
      win_phase_q <= clear_phase_i;
    end else begin
      win_end_q <= win_end;
      if (win_end) begin
        cnt_q   <= n_cnt;
        sum_q   <= n_sum;
        sq_q    <= n_sq;
        a_cnt_q <= '0;
        a_sum_q <= '0;
        a_sq_q  <= '0;
        pos_q   <= '0;
      end else if (in_valid_i) begin
        a_cnt_q <= n_cnt;
        a_sum_q <= n_sum;
        a_sq_q  <= n_sq;
        pos_q   <= pos_next;
      end
      // the CDR phase reflects the window's last beat one cycle later
      if (win_end_q) begin
        delta_q     <= phase_diff[31:16];
        lock_q      <= delta_mag <= {1'b0, lock_tol_i};
        win_phase_q <= phase_i;
        windows_q   <= (windows_q == 32'hffff_ffff) ? windows_q : windows_q + 32'd1;
      end
    end
  end

  assign windows_o = windows_q;
  assign count_o   = cnt_q;
  assign sum_o     = sum_q;
  assign sumsq_o   = sq_q;
  assign delta_o   = delta_q;
  assign lock_o    = lock_q;

endmodule

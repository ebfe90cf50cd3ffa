// P-parallel 1-tap decision-feedback equalizer (DFE) with the adaptive PAM4 slicer and LMS
// tap adaptation. Golden model: halo::dsp::Dfe with taps = 1 (cmodel/dsp/dfe.cpp).
//
// Per symbol n (lane order; a = 2s - 3, a_{-1} = 0 after init):
//   z_n = sat(y_n - B a_{n-1}, 13)                          S13.3
//   s_n = [z_n >= t0] + [z_n >= t1] + [z_n >= t2]           symbol index (ties go up)
//   e_n = sat(z_n - A a_n, 13)                              S13.3 (fixed targets)
//   slicer tracking (adaptive): M_s += rshift_round((z << 8) - M_s, level_mu)   S21.11
//   tap adaptation:             W   = sat(W + rshift_round(g(e_n, a_{n-1}), mu), 20)  S20.11
// Every 32 symbols the thresholds t_k = rshift_round(M_k + M_{k+1}, 9) and the tap
// B = sat(rshift_round(W, 8), 12) are refreshed. P divides 32, so t and B are constant inside
// a beat and the decision loop is the standard loop-unrolled (speculative) structure: every
// lane computes z and the decision for each of the 4 possible previous symbols in parallel,
// then a chain of 4:1 multiplexers resolves the lanes in order. The level-mean and
// accumulator updates then run as unrolled chains off the decision loop.
`include "halo_assert.svh"

module dfe #(
  // Symbols per beat (divides 32)
  parameter int unsigned P = 1
) (
  // Clock and active-low asynchronous reset
  input  logic                      clk_i,
  input  logic                      rst_ni,
  // Configuration: level spacing A (16..600, S13.3), adaptive slicer, level-mean step
  // shift (1..16), tap adaptation enable / rule / step shift (0..30)
  input  logic [9:0]                level_a_i,
  input  logic                      slicer_adaptive_i,
  input  logic [4:0]                level_mu_i,
  input  logic                      adapt_en_i,
  input  logic [1:0]                lms_mode_i,
  input  logic [4:0]                mu_i,
  // Initialisation pulse (halo::dsp::Dfe::reset with init tap tap_i, S12.3): tap and
  // accumulator, level means A{-3,-1,1,3}, thresholds {-2A, 0, 2A}, history and counters.
  input  logic                      init_i,
  input  logic [11:0]               tap_i,
  output logic [11:0]               tap_o,
  // Input stream: P equalised samples y, S12.3, lane 0 first
  input  logic                      in_valid_i,
  output logic                      in_ready_o,
  input  logic [P*12-1:0]           in_y_i,
  // Output stream: decisions (2 b), slicer input z and error e (S13.3) per lane
  output logic                      out_valid_o,
  input  logic                      out_ready_i,
  output logic [P*2-1:0]            out_sym_o,
  output logic [P*13-1:0]           out_z_o,
  output logic [P*13-1:0]           out_e_o
);

  localparam int unsigned Ow = P * (2 + 2 * halo_fixed_pkg::ErrBits);
  localparam int unsigned Cw = $clog2(halo_fixed_pkg::ThresholdPeriod);
  localparam int unsigned PI = P;
  localparam logic [Cw:0] PBeat = PI[Cw:0];
  localparam logic [Cw:0] Period = halo_fixed_pkg::ThresholdPeriod[Cw:0];
  // Reset slicer state for the default level spacing (init_i applies level_a_i).
  localparam int unsigned TPosI = 2 * halo_fixed_pkg::DefaultLevelA;
  localparam int unsigned M1I = halo_fixed_pkg::DefaultLevelA << halo_fixed_pkg::LevelGuard;
  localparam int unsigned M3I = 3 * M1I;
  localparam logic [halo_fixed_pkg::ErrBits-1:0] TPos = TPosI[halo_fixed_pkg::ErrBits-1:0];
  localparam logic [halo_fixed_pkg::LevelBits-1:0] M1 = M1I[halo_fixed_pkg::LevelBits-1:0];
  localparam logic [halo_fixed_pkg::LevelBits-1:0] M3 = M3I[halo_fixed_pkg::LevelBits-1:0];

  `HALO_ASSERT_INIT(ParamCheck_A, halo_fixed_pkg::ThresholdPeriod % P == 0)

  logic [halo_fixed_pkg::DfeTapBits-1:0] b_q, b_d;
  logic [halo_fixed_pkg::DfeAccBits-1:0] w_q, w_d;
  logic [2:0]            a_q, a_d;        // previous amplitude {-3,-1,0,1,3}, S3
  logic [3*halo_fixed_pkg::ErrBits-1:0]  t_q, t_d;        // thresholds, S13.3
  logic [4*halo_fixed_pkg::LevelBits-1:0] m_q, m_d;       // level means, S21.11
  logic [Cw-1:0]         scnt_q, scnt_d, dcnt_q, dcnt_d;
  logic [P*2-1:0]        sym;
  logic [P*halo_fixed_pkg::ErrBits-1:0]  zv, ev;
  logic                  accept;

  // Speculative slicing: candidates for every previous symbol, resolved lane by lane.
  always_comb begin
    logic signed [63:0] y, z, zs, fb, bv, t0, t1, t2, av, lvl;
    logic [1:0]         s;
    logic [halo_fixed_pkg::ErrBits-1:0] zc [4];
    logic [1:0]         sc [4];
    bv = halo_fixed_pkg::sx12(b_q);
    t0 = halo_fixed_pkg::sx13(t_q[0 +: halo_fixed_pkg::ErrBits]);
    t1 = halo_fixed_pkg::sx13(t_q[halo_fixed_pkg::ErrBits +: halo_fixed_pkg::ErrBits]);
    t2 = halo_fixed_pkg::sx13(t_q[2*halo_fixed_pkg::ErrBits +: halo_fixed_pkg::ErrBits]);
    lvl = $signed({54'd0, level_a_i});
    sym = '0;
    zv = '0;
    ev = '0;
    z = '0; fb = '0; av = '0; s = '0; y = '0; zs = '0;
    for (int unsigned c = 0; c < 4; c++) begin
      zc[c] = '0;
      sc[c] = '0;
    end
    for (int unsigned i = 0; i < P; i++) begin
      y = halo_fixed_pkg::sx12(in_y_i[12*i +: 12]);
      if (i == 0) begin
        // lane 0: the previous amplitude is a register (also 0 after init)
        fb = bv * $signed({{61{a_q[2]}}, a_q});
        zs = halo_fixed_pkg::sat(y - fb, halo_fixed_pkg::ErrBits);
        s = {1'b0, zs >= t0} + {1'b0, zs >= t1} + {1'b0, zs >= t2};
      end else begin
        for (int unsigned c = 0; c < 4; c++) begin
          fb = bv * halo_fixed_pkg::pam4_amp(c[1:0]);
          z = halo_fixed_pkg::sat(y - fb, halo_fixed_pkg::ErrBits);
          zc[c] = halo_fixed_pkg::sat13(z);
          sc[c] = {1'b0, z >= t0} + {1'b0, z >= t1} + {1'b0, z >= t2};
        end
        // 4:1 selection by the previous lane's decision
        zs = halo_fixed_pkg::sx13(zc[sym[2*(i-1) +: 2]]);
        s = sc[sym[2*(i-1) +: 2]];
      end
      av = halo_fixed_pkg::pam4_amp(s);
      sym[2*i +: 2] = s;
      ev[halo_fixed_pkg::ErrBits*i +: halo_fixed_pkg::ErrBits] = halo_fixed_pkg::sat13(zs - lvl * av);
      zv[halo_fixed_pkg::ErrBits*i +: halo_fixed_pkg::ErrBits] = halo_fixed_pkg::sat13(zs);
    end
  end

  // Adaptation chains (level means, tap accumulator) and the refresh at the beat end.
  always_comb begin
    logic signed [63:0] z, e, mv, ap, g;
    logic [1:0]         s;
    m_d = m_q;
    w_d = w_q;
    t_d = t_q;
    b_d = b_q;
    a_d = a_q;
    scnt_d = scnt_q;
    dcnt_d = dcnt_q;
    z = '0; e = '0; mv = '0; g = '0;
    ap = $signed({{61{a_q[2]}}, a_q});
    for (int unsigned i = 0; i < P; i++) begin
      s = sym[2*i +: 2];
      z = halo_fixed_pkg::sx13(zv[halo_fixed_pkg::ErrBits*i +: halo_fixed_pkg::ErrBits]);
      e = halo_fixed_pkg::sx13(ev[halo_fixed_pkg::ErrBits*i +: halo_fixed_pkg::ErrBits]);
      if (slicer_adaptive_i) begin
        mv = halo_fixed_pkg::sx21(m_d[halo_fixed_pkg::LevelBits*s +: halo_fixed_pkg::LevelBits]);
        m_d[halo_fixed_pkg::LevelBits*s +: halo_fixed_pkg::LevelBits] =
            halo_fixed_pkg::sat21(mv + halo_fixed_pkg::rshift_round((z <<< halo_fixed_pkg::LevelGuard) - mv, halo_fixed_pkg::shamt(level_mu_i)));
      end
      if (adapt_en_i) begin
        g = halo_fixed_pkg::lms_gradient(lms_mode_i, e, ap);
        w_d = halo_fixed_pkg::sat20(halo_fixed_pkg::sx20(w_d) + halo_fixed_pkg::rshift_round(g, halo_fixed_pkg::shamt(mu_i)));
      end
      ap = halo_fixed_pkg::pam4_amp(s);
    end
    a_d = ap[2:0];
    if (slicer_adaptive_i) begin
      if ({1'b0, scnt_q} + PBeat == Period) begin
        scnt_d = '0;
        for (int unsigned k = 0; k < 3; k++) begin
          t_d[halo_fixed_pkg::ErrBits*k +: halo_fixed_pkg::ErrBits] = halo_fixed_pkg::sat13(halo_fixed_pkg::rshift_round(
              halo_fixed_pkg::sx21(m_d[halo_fixed_pkg::LevelBits*k +: halo_fixed_pkg::LevelBits]) + halo_fixed_pkg::sx21(m_d[halo_fixed_pkg::LevelBits*(k+1) +: halo_fixed_pkg::LevelBits]),
              halo_fixed_pkg::LevelGuard + 1));
        end
      end else begin
        scnt_d = scnt_q + PBeat[Cw-1:0];
      end
    end
    if (adapt_en_i) begin
      if ({1'b0, dcnt_q} + PBeat == Period) begin
        dcnt_d = '0;
        b_d = halo_fixed_pkg::sat12(halo_fixed_pkg::rshift_round(halo_fixed_pkg::sx20(w_d), halo_fixed_pkg::DfeGuard));
      end else begin
        dcnt_d = dcnt_q + PBeat[Cw-1:0];
      end
    end
  end

  logic [Ow-1:0] out_data;

  halo_pipe_reg #(.Width(Ow)) u_out (
    .clk_i,
    .rst_ni,
    .clear_i    (init_i),
    .in_valid_i,
    .in_ready_o,
    .in_data_i  ({ev, zv, sym}),
    .accept_o   (accept),
    .out_valid_o,
    .out_ready_i,
    .out_data_o (out_data)
  );
  assign {out_e_o, out_z_o, out_sym_o} = out_data;

  // Initial slicer state from level_a_i.
  logic [4*halo_fixed_pkg::LevelBits-1:0] m_init;
  logic [3*halo_fixed_pkg::ErrBits-1:0]   t_init;
  always_comb begin
    logic signed [63:0] lv;
    lv = $signed({54'd0, level_a_i});
    for (int unsigned k = 0; k < 4; k++) begin
      m_init[halo_fixed_pkg::LevelBits*k +: halo_fixed_pkg::LevelBits] = halo_fixed_pkg::sat21((halo_fixed_pkg::pam4_amp(k[1:0]) * lv) <<< halo_fixed_pkg::LevelGuard);
    end
    t_init[0 +: halo_fixed_pkg::ErrBits] = halo_fixed_pkg::sat13(-(lv <<< 1));
    t_init[halo_fixed_pkg::ErrBits +: halo_fixed_pkg::ErrBits] = '0;
    t_init[2*halo_fixed_pkg::ErrBits +: halo_fixed_pkg::ErrBits] = halo_fixed_pkg::sat13(lv <<< 1);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      b_q    <= '0;
      w_q    <= '0;
      a_q    <= '0;
      t_q    <= {TPos, {halo_fixed_pkg::ErrBits{1'b0}}, -TPos};
      m_q    <= {M3, M1, -M1, -M3};
      scnt_q <= '0;
      dcnt_q <= '0;
    end else if (init_i) begin
      b_q    <= tap_i;
      w_q    <= {tap_i, {halo_fixed_pkg::DfeGuard{1'b0}}};
      a_q    <= '0;
      t_q    <= t_init;
      m_q    <= m_init;
      scnt_q <= '0;
      dcnt_q <= '0;
    end else if (accept) begin
      b_q    <= b_d;
      w_q    <= w_d;
      a_q    <= a_d;
      t_q    <= t_d;
      m_q    <= m_d;
      scnt_q <= scnt_d;
      dcnt_q <= dcnt_d;
    end
  end

  assign tap_o = b_q;

endmodule

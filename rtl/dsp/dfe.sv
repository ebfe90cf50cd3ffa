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
  output logic [P*13-1:0]           out_e_o,
  // Slicer thresholds t0, t1, t2 (S13.3, [13k +: 13]) the beat's decisions used (constant in
  // a beat; the inner FEC's LLRs, retimer_rx)
  output logic [3*13-1:0]           out_t_o
);

  localparam int unsigned Ow = P * (2 + 2 * halo_fixed_pkg::ErrBits) + 3 * halo_fixed_pkg::ErrBits;
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

  // ------------------------------------------------------------------ exact narrow arithmetic
  // Every intermediate below is held exactly in the stated width (worst case in the comment),
  // so the results equal the golden model's int32 arithmetic; the only saturations are the
  // golden model's (sat to 13, 20, 21 and 12 bits).
  localparam int unsigned Ew = halo_fixed_pkg::ErrBits;
  localparam int unsigned Lw = halo_fixed_pkg::LevelBits;

  // Saturate a 16-bit value to S13.
  function automatic logic [Ew-1:0] sat13n(input logic signed [15:0] x);
    if (x > 16'sd4095) sat13n = {1'b0, {(Ew-1){1'b1}}};
    else if (x < -16'sd4096) sat13n = {1'b1, {(Ew-1){1'b0}}};
    else sat13n = x[Ew-1:0];
  endfunction
  // rshift_round(x, s) for a run-time s = floor((floor(x / 2^(s-1)) + 1) / 2), s >= 1: the
  // rounding add follows the first s - 1 shifted bits, so the width never grows beyond one bit.
  function automatic logic signed [21:0] rsr22(input logic signed [21:0] x, input logic [4:0] s);
    logic signed [22:0] t;
    logic [4:0]         m1;
    m1 = s - 5'd1;
    t = $signed({x[21], x}) >>> m1;
    t = (t + 23'sd1) >>> 1;
    rsr22 = (s == 5'd0) ? x : t[21:0];
  endfunction
  function automatic logic signed [17:0] rsr18(input logic signed [17:0] x, input logic [4:0] s);
    logic signed [18:0] t;
    logic [4:0]         m1;
    m1 = s - 5'd1;
    t = $signed({x[17], x}) >>> m1;
    t = (t + 19'sd1) >>> 1;
    rsr18 = (s == 5'd0) ? x : t[17:0];
  endfunction
  // LMS gradient g(e, a) of the tap (halo::dsp::lms_gradient with r = a in {-3..3}):
  // sign-sign +-2^16 (18 bits), sign-data +-e (|e| <= 2^12, 14 bits), full e a (|e a| <=
  // 3 2^12, 15 bits): 18 bits hold all three.
  function automatic logic signed [17:0] grad18(input logic [1:0] mode,
                                                input logic [Ew-1:0] e,
                                                input logic signed [2:0] a);
    logic signed [17:0] ex;
    ex = $signed({{(18-Ew){e[Ew-1]}}, e});
    case (mode)
      halo_fixed_pkg::LmsSignSign: grad18 = (e[Ew-1] ^ a[2]) ? -18'sd65536 : 18'sd65536;
      halo_fixed_pkg::LmsSignData: grad18 = a[2] ? -ex : ex;
      default:                     grad18 = ex * $signed({{15{a[2]}}, a});
    endcase
  endfunction
  // PAM4 amplitude 2s - 3 as a 3-bit and a 16-bit signed value.
  function automatic logic signed [2:0] amp3(input logic [1:0] sym_idx);
    amp3 = $signed({sym_idx, 1'b1}) + 3'sd4;   // {s, 1} - 4 = 2s - 3 (mod 8)
  endfunction
  function automatic logic signed [15:0] amp16(input logic [1:0] sym_idx);
    amp16 = $signed({13'd0, sym_idx, 1'b0}) - 16'sd3;
  endfunction

  // Speculative slicing: candidates for every previous symbol, resolved lane by lane.
  // z = sat(y - B a, 13): |B a| <= 2^11 3 (15 bits with y); e = sat(z - A a, 13):
  // |A a| <= 1023 3 (A is a 10-bit port), 16 bits with z.
  always_comb begin
    logic signed [15:0] yv, fb, bv, lvl, ew;
    logic [Ew-1:0]      zs;
    logic [1:0]         s;
    logic [Ew-1:0]      zc [4];
    logic [1:0]         sc [4];
    logic signed [Ew-1:0] t0, t1, t2;
    bv  = $signed({{4{b_q[11]}}, b_q});
    t0  = $signed(t_q[0 +: Ew]);
    t1  = $signed(t_q[Ew +: Ew]);
    t2  = $signed(t_q[2*Ew +: Ew]);
    lvl = $signed({6'd0, level_a_i});
    sym = '0;
    zv = '0;
    ev = '0;
    fb = '0; s = '0; yv = '0; zs = '0; ew = '0;
    for (int unsigned c = 0; c < 4; c++) begin
      zc[c] = '0;
      sc[c] = '0;
    end
    for (int unsigned i = 0; i < P; i++) begin
      yv = $signed({{4{in_y_i[12*i+11]}}, in_y_i[12*i +: 12]});
      if (i == 0) begin
        // lane 0: the previous amplitude is a register (also 0 after init)
        fb = bv * $signed({{13{a_q[2]}}, a_q});
        zs = sat13n(yv - fb);
        s = {1'b0, $signed(zs) >= t0} + {1'b0, $signed(zs) >= t1} + {1'b0, $signed(zs) >= t2};
      end else begin
        for (int unsigned c = 0; c < 4; c++) begin
          fb = bv * amp16(c[1:0]);
          zc[c] = sat13n(yv - fb);
          sc[c] = {1'b0, $signed(zc[c]) >= t0} + {1'b0, $signed(zc[c]) >= t1} +
                  {1'b0, $signed(zc[c]) >= t2};
        end
        // 4:1 selection by the previous lane's decision
        zs = zc[sym[2*(i-1) +: 2]];
        s = sc[sym[2*(i-1) +: 2]];
      end
      sym[2*i +: 2] = s;
      ew = $signed({{3{zs[Ew-1]}}, zs}) - lvl * amp16(s);
      ev[Ew*i +: Ew] = sat13n(ew);
      zv[Ew*i +: Ew] = zs;
    end
  end

  // Adaptation chains (level means, tap accumulator) and the refresh at the beat end.
  // Level mean: (z << 8) - M needs 22 bits (both are 21-bit), M + step 23 bits (sat 21).
  // Tap accumulator: W (20 bits) + step (18 bits) needs 21 bits (sat 20). Thresholds:
  // M_k + M_k+1 + 2^8 needs 23 bits; tap refresh: W + 2^7 needs 21 bits.
  always_comb begin
    logic signed [21:0] mz, mv, ms;
    logic signed [22:0] mn, tsum;
    logic signed [17:0] g;
    logic signed [20:0] wn, wr;
    logic signed [2:0]  ap;
    logic [1:0]         s;
    m_d = m_q;
    w_d = w_q;
    t_d = t_q;
    b_d = b_q;
    a_d = a_q;
    scnt_d = scnt_q;
    dcnt_d = dcnt_q;
    mz = '0; mv = '0; ms = '0; mn = '0; tsum = '0; g = '0; wn = '0; wr = '0;
    ap = $signed(a_q);
    for (int unsigned i = 0; i < P; i++) begin
      s = sym[2*i +: 2];
      if (slicer_adaptive_i) begin
        mv = $signed({m_d[Lw*s + Lw - 1], m_d[Lw*s +: Lw]});
        mz = $signed({zv[Ew*i + Ew - 1], zv[Ew*i +: Ew], {halo_fixed_pkg::LevelGuard{1'b0}}});
        ms = rsr22(mz - mv, level_mu_i);
        mn = $signed({mv[21], mv}) + $signed({ms[21], ms});
        if (mn > 23'sd1048575) m_d[Lw*s +: Lw] = {1'b0, {(Lw-1){1'b1}}};
        else if (mn < -23'sd1048576) m_d[Lw*s +: Lw] = {1'b1, {(Lw-1){1'b0}}};
        else m_d[Lw*s +: Lw] = mn[Lw-1:0];
      end
      if (adapt_en_i) begin
        g = rsr18(grad18(lms_mode_i, ev[Ew*i +: Ew], ap), mu_i);
        wn = $signed({w_d[19], w_d}) + $signed({{3{g[17]}}, g});
        if (wn > 21'sd524287) w_d = {1'b0, {19{1'b1}}};
        else if (wn < -21'sd524288) w_d = {1'b1, {19{1'b0}}};
        else w_d = wn[19:0];
      end
      ap = amp3(s);
    end
    a_d = ap;
    if (slicer_adaptive_i) begin
      if ({1'b0, scnt_q} + PBeat == Period) begin
        scnt_d = '0;
        for (int unsigned k = 0; k < 3; k++) begin
          tsum = $signed({{2{m_d[Lw*k + Lw - 1]}}, m_d[Lw*k +: Lw]}) +
                 $signed({{2{m_d[Lw*(k+1) + Lw - 1]}}, m_d[Lw*(k+1) +: Lw]}) + 23'sd256;
          tsum = tsum >>> (halo_fixed_pkg::LevelGuard + 1);
          if (tsum > 23'sd4095) t_d[Ew*k +: Ew] = {1'b0, {(Ew-1){1'b1}}};
          else if (tsum < -23'sd4096) t_d[Ew*k +: Ew] = {1'b1, {(Ew-1){1'b0}}};
          else t_d[Ew*k +: Ew] = tsum[Ew-1:0];
        end
      end else begin
        scnt_d = scnt_q + PBeat[Cw-1:0];
      end
    end
    if (adapt_en_i) begin
      if ({1'b0, dcnt_q} + PBeat == Period) begin
        dcnt_d = '0;
        wr = ($signed({w_d[19], w_d}) + 21'sd128) >>> halo_fixed_pkg::DfeGuard;
        if (wr > 21'sd2047) b_d = 12'h7ff;
        else if (wr < -21'sd2048) b_d = 12'h800;
        else b_d = wr[11:0];
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
    .in_data_i  ({t_q, ev, zv, sym}),
    .accept_o   (accept),
    .out_valid_o,
    .out_ready_i,
    .out_data_o (out_data)
  );
  assign {out_t_o, out_e_o, out_z_o, out_sym_o} = out_data;

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

// P-parallel pattern-dependent LUT nonlinear compensator with LMS adaptation through a fixed
// error delay of AdaptDelay symbols. Golden model: halo::nlc::LutNlc (cmodel/nlc/lut_nlc.cpp,
// docs/nlc.md); co-simulated in verif/nlc (test_lut_nlc_cosim).
//
// Per symbol n of a beat, lanes in time order (lane 0 first), as the golden model's loop:
//   1. adaptation (adapt_en_i, after the first AdaptDelay symbols): with a = addr_{n-D},
//      W[a] <- sat(W[a] + rshift_round(g(e_{n-D}), mu), LutEntryBits + LutGuard)    S20.11
//      g(e) = e (full LMS, sign-data), sgn(e) 2^SignSignScale (sign-sign)
//   2. d_n = tentative decision of u_n against {-2A, 0, 2A} (A = level_a_i), 2 bits
//      addr_n = (addr_{n-1} << 2 | d_n) mod 4^L   (newest decision in the LSBs)
//   3. v_n = sat(u_{n-Pre} - T[addr_n], 12),  T = sat(rshift_round(W, LutGuard), LutEntryBits)
// so lane j reads the table after the updates of lanes 0..j (several lanes of one beat may hit
// the same entry: the updates are chained in lane order, saturating at each step). Only the
// accumulators W are stored: T is their rounded top bits, recomputed on each read (the golden
// model's T is always round_sat(W)). Output n is symbol n - Pre (algorithmic latency Pre).
// Timing: one register stage (the output register, halo_pipe_reg): an accepted input beat
// is on the output one cycle later; errors as in lms_filter (output beat b is adapted with
// error beat b - AdaptDelay/P, and the input stalls while that beat is missing).
`include "halo_assert.svh"

module lut_nlc #(
  // Symbols per beat (divides AdaptDelay, at most halo_fixed_pkg::MaxBeat)
  parameter int unsigned P = 1,
  // Pattern length L (address = the last L decisions, 4^L entries), 1..7
  parameter int unsigned L = 3,
  // Later symbols in the pattern (= latency in symbols), 0..L-1
  parameter int unsigned Pre = 0,
  // Adaptation delay in symbols (golden model AdaptConfig::delay; a multiple of P)
  parameter int unsigned AdaptDelay = halo_fixed_pkg::AdaptDelay,
  // Table entries 4^L (derived)
  localparam int unsigned Entries = 1 << (2 * L)
) (
  // Clock and active-low asynchronous reset (reset: every entry 0, as a new LutNlc)
  input  logic                      clk_i,
  input  logic                      rst_ni,
  // Adaptation enable / rule (halo_fixed_pkg::Lms*) / step shift (0..30)
  input  logic                      adapt_en_i,
  input  logic [1:0]                lms_mode_i,
  input  logic [4:0]                mu_i,
  // Level spacing A of the tentative slicer (16..600; thresholds -2A, 0, 2A)
  input  logic [9:0]                level_a_i,
  // Table T (S12.3), entry a at [LutEntryBits*a +: LutEntryBits]
  output logic [Entries*halo_fixed_pkg::LutEntryBits-1:0] table_o,
  // Input stream: P samples u, S12.3, lane 0 first
  input  logic                      in_valid_i,
  output logic                      in_ready_o,
  input  logic [P*halo_fixed_pkg::SigBits-1:0] in_u_i,
  // Slicer errors for the outputs, in output order, S13.3 per lane (no backpressure)
  input  logic                      err_valid_i,
  input  logic [P*halo_fixed_pkg::ErrBits-1:0] err_i,
  // Output stream: P compensated samples v, S12.3
  output logic                      out_valid_o,
  input  logic                      out_ready_i,
  output logic [P*halo_fixed_pkg::SigBits-1:0] out_v_o
);

  localparam int unsigned Sw = halo_fixed_pkg::SigBits;            // u, v, T: 12
  localparam int unsigned Ew = halo_fixed_pkg::ErrBits;            // e: 13
  localparam int unsigned Tw = halo_fixed_pkg::LutEntryBits;       // T: 12
  localparam int unsigned Gd = halo_fixed_pkg::LutGuard;           // 8
  localparam int unsigned Ww = Tw + Gd;                            // W: 20
  localparam int unsigned Aw = 2 * L;                              // address bits
  localparam int unsigned D = AdaptDelay / P;                      // error delay in beats
  localparam int unsigned FifoDepth = (2 * D < 2) ? 2 : 2 * D;
  localparam int unsigned Dw = $clog2(D + 1);
  localparam logic [Dw-1:0] DBeats = D[Dw-1:0];
  // Gradient: e (13 bits) or +-2^SignSignScale (SignSignScale + 2 bits signed)
  localparam int unsigned SsW = halo_fixed_pkg::SignSignScale + 2;
  localparam int unsigned Gw = (Ew > SsW) ? Ew : SsW;
  localparam int SsPosI = 1 << halo_fixed_pkg::SignSignScale;
  localparam logic signed [Gw-1:0] SsPos = SsPosI[Gw-1:0];
  localparam logic signed [Gw:0]   One = {{Gw{1'b0}}, 1'b1};
  // W + step needs one bit more than the wider operand; then saturated to Ww
  localparam int unsigned Uw = ((Ww > Gw) ? Ww : Gw) + 1;
  localparam logic signed [Uw-1:0] WHi = {{(Uw-Ww+1){1'b0}}, {(Ww-1){1'b1}}};
  localparam logic signed [Uw-1:0] WLo = {{(Uw-Ww+1){1'b1}}, {(Ww-1){1'b0}}};
  // T = sat(rshift_round(W, Gd), Tw): W + 2^(Gd-1) needs Ww + 1 bits
  localparam logic signed [Ww:0] GHalf = {{(Ww+1-Gd){1'b0}}, 1'b1, {(Gd-1){1'b0}}};
  localparam logic signed [Ww:0] THi = {{(Ww+2-Tw){1'b0}}, {(Tw-1){1'b1}}};
  localparam logic signed [Ww:0] TLo = {{(Ww+2-Tw){1'b1}}, {(Tw-1){1'b0}}};
  // v = sat(u - T, Sw): Sw + 1 bits
  localparam logic signed [Sw:0] VHi = {2'b00, {(Sw-1){1'b1}}};
  localparam logic signed [Sw:0] VLo = {2'b11, {(Sw-1){1'b0}}};

  `HALO_ASSERT_INIT(ParamCheck_A, (AdaptDelay % P == 0) && AdaptDelay >= P &&
                    P <= halo_fixed_pkg::MaxBeat && L >= 1 && L <= 7 && Pre < L &&
                    Sw == Tw)

  // T of accumulator w.
  function automatic logic [Tw-1:0] entry(input logic [Ww-1:0] w);
    logic signed [Ww:0] q;
    q = $signed({w[Ww-1], w} + GHalf) >>> Gd;
    if (q > THi) entry = THi[Tw-1:0];
    else if (q < TLo) entry = TLo[Tw-1:0];
    else entry = q[Tw-1:0];
  endfunction

  // Entry a of the accumulators: a 4^L:1 mux over constant slices (a variable part-select
  // w[Ww*a +: Ww] maps the index product onto multipliers in Yosys).
  function automatic logic [Ww-1:0] rd(input logic [Entries*Ww-1:0] w, input logic [Aw-1:0] a);
    rd = '0;
    for (int unsigned k = 0; k < Entries; k++) begin
      if ({{(32-Aw){1'b0}}, a} == k) rd = w[Ww*k +: Ww];
    end
  endfunction

  // rshift_round(g(e), mu) of rule mode (halo::dsp::lms_gradient with r = 1); for mu >= 1
  // floor((floor(g / 2^(mu-1)) + 1) / 2), exact in Gw + 1 bits for any mu.
  function automatic logic signed [Gw-1:0] step(input logic [1:0] mode,
                                                input logic signed [Ew-1:0] e,
                                                input logic [4:0] mu);
    logic signed [Gw-1:0] g;
    logic signed [Gw:0]   t;
    logic [4:0]           m1;
    if (mode == halo_fixed_pkg::LmsSignSign) g = e[Ew-1] ? -SsPos : SsPos;
    else g = {{(Gw-Ew){e[Ew-1]}}, e};
    m1 = mu - 5'd1;
    t = $signed({g[Gw-1], g}) >>> m1;
    t = (t + One) >>> 1;
    step = (mu == 5'd0) ? g : t[Gw-1:0];
  endfunction

  logic [Entries*Ww-1:0] w_q, w_d;
  logic [Aw-1:0]         addr_q, addr_d;      // address of the last symbol of the last beat
  logic [P*Aw-1:0]       addr_beat;           // addresses of this beat's symbols
  logic [D*P*Aw-1:0]     ahist_q;             // beat b-1-k at [P*Aw*k +: P*Aw]
  logic [(Pre+P)*Sw-1:0] cen;                 // u_{n0-Pre} .. u_{n0+P-1}, oldest at the LSBs
  logic [P*Sw-1:0]       v;
  logic [P*Ew-1:0]       err_head;
  logic [Dw-1:0]         beats_q;             // output beats produced, saturating at D
  logic                  err_present, err_full, need_err, pipe_ready, accept;

  // Samples u_{n-Pre} of the beat's outputs: the last Pre samples of earlier beats (0 after
  // reset, as the golden model's zeroed delay line) below the new ones.
  if (Pre > 0) begin : g_hist
    logic [Pre*Sw-1:0] sh_q;
    assign cen = {in_u_i, sh_q};
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) sh_q <= '0;
      else if (accept) sh_q <= cen[P*Sw +: Pre*Sw];
    end
  end else begin : g_nohist
    assign cen = in_u_i;
  end

  // Error queue: one entry per output beat; fall-through so that an error beat arriving while
  // the queue is empty is usable in the same cycle (as lms_filter).
  halo_fifo #(.Width(P*Ew), .Depth(FifoDepth), .FallThrough(1'b1)) u_err_q (
    .clk_i,
    .rst_ni,
    .wvalid_i (err_valid_i),
    .wdata_i  (err_i),
    .full_o   (err_full),
    .rvalid_o (err_present),
    .rready_i (accept && beats_q == DBeats),
    .rdata_o  (err_head)
  );

  assign need_err   = adapt_en_i && (beats_q == DBeats);
  assign in_ready_o = pipe_ready && (!need_err || err_present);

  // The beat: chained updates, decisions, addresses and outputs in lane order.
  always_comb begin
    logic signed [Ew:0]   xs, ta;
    logic [1:0]           d;
    logic [Aw-1:0]        a, ua, dz;
    logic [Ww-1:0]        wv, wn;
    logic signed [Gw-1:0] st;
    logic signed [Uw-1:0] s;
    logic [Tw-1:0]        t;
    logic signed [Sw:0]   y;
    w_d = w_q;
    a = addr_q;
    addr_beat = '0;
    v = '0;
    xs = '0; ta = '0; d = '0; ua = '0; dz = '0; wv = '0; wn = '0; st = '0; s = '0; t = '0; y = '0;
    ta = {{(Ew-10){1'b0}}, level_a_i, 1'b0};          // 2A, positive
    for (int unsigned j = 0; j < P; j++) begin
      if (need_err) begin
        ua = ahist_q[Aw*(P*(D-1) + j) +: Aw];
        wv = rd(w_d, ua);
        st = step(lms_mode_i, err_head[Ew*j +: Ew], mu_i);
        s  = $signed({{(Uw-Ww){wv[Ww-1]}}, wv}) + {{(Uw-Gw){st[Gw-1]}}, st};
        if (s > WHi) wn = WHi[Ww-1:0];
        else if (s < WLo) wn = WLo[Ww-1:0];
        else wn = s[Ww-1:0];
        for (int unsigned k = 0; k < Entries; k++) begin
          if ({{(32-Aw){1'b0}}, ua} == k) w_d[Ww*k +: Ww] = wn;
        end
      end
      xs = {{(Ew+1-Sw){in_u_i[Sw*(j+1)-1]}}, in_u_i[Sw*j +: Sw]};
      d = {1'b0, xs >= -ta} + {1'b0, xs >= 0} + {1'b0, xs >= ta};
      dz[1:0] = d;
      a = (a << 2) | dz;
      addr_beat[Aw*j +: Aw] = a;
      t = entry(rd(w_d, a));
      y = $signed({cen[Sw*(j+1)-1], cen[Sw*j +: Sw]}) - $signed({t[Tw-1], t});
      if (y > VHi) v[Sw*j +: Sw] = VHi[Sw-1:0];
      else if (y < VLo) v[Sw*j +: Sw] = VLo[Sw-1:0];
      else v[Sw*j +: Sw] = y[Sw-1:0];
    end
    addr_d = a;
  end

  halo_pipe_reg #(.Width(P*Sw)) u_out (
    .clk_i,
    .rst_ni,
    .clear_i    (1'b0),
    .in_valid_i (in_valid_i && (!need_err || err_present)),
    .in_ready_o (pipe_ready),
    .in_data_i  (v),
    .accept_o   (accept),
    .out_valid_o,
    .out_ready_i,
    .out_data_o (out_v_o)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      w_q     <= '0;
      addr_q  <= '0;
      ahist_q <= '0;
      beats_q <= '0;
    end else if (accept) begin
      w_q     <= w_d;
      addr_q  <= addr_d;
      ahist_q <= {ahist_q[(D-1)*P*Aw-1:0], addr_beat};
      if (beats_q != DBeats) beats_q <= beats_q + 1'b1;
    end
  end

  always_comb begin
    for (int unsigned k = 0; k < Entries; k++) table_o[Tw*k +: Tw] = entry(w_q[Ww*k +: Ww]);
  end

  logic unused_full;
  assign unused_full = err_full;

endmodule

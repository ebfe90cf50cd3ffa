// Fixed-point definitions of the HaloLink DSP RTL: the SystemVerilog mirror of
// cmodel/include/halo/fixed.hpp (and of the block word lengths in cmodel/include/halo/dsp/*.hpp).
// One place for word lengths, rounding and saturation; every rtl/dsp and rtl/nlc block uses
// these functions, so RTL and golden model share one definition (docs/dsp.md, docs/dsp_rtl.md).
//
//  * two's complement; S<W>.<F> = signed W-bit word with F fraction bits
//  * rounding: round-half-up, rshift_round(x, s) = (x + 2^(s-1)) >>> s (s = 0: x)
//  * saturation: sat(x, w) clamps to [-2^(w-1), 2^(w-1)-1]; nothing wraps except the
//    documented modular registers (CDR phase, LFSRs)
//  * sign: sgn(x) = -1 if x < 0 else +1 (the MSB)
// The functions work on 64-bit signed values; callers slice the result to the word length
// they saturated to. Shift amounts and widths are constants at every call site in the
// datapath (Yosys folds them) except the LMS step mu, a plain control port.
package halo_fixed_pkg;

  // ---------------------------------------------------------------- datapath word lengths
  // ADC codes are normalised to 8 bits: x = sat(code, N) << (8 - N), S8.0.
  parameter int unsigned XBits = 8;
  // Equalised signal (FFE / NLC output), S12.3.
  parameter int unsigned SigBits = 12;
  parameter int unsigned SigFrac = 3;
  // Slicer input and error, S13.3.
  parameter int unsigned ErrBits = 13;
  // Default PAM4 level spacing A (targets A * {-3, -1, 1, 3}).
  parameter int unsigned DefaultLevelA = 256;
  // Largest beat with adaptation on, and the fixed adaptation delay of feed-forward blocks.
  parameter int unsigned MaxBeat = 32;
  parameter int unsigned AdaptDelay = 64;
  // Sign-sign LMS gradient scale 2^16.
  parameter int unsigned SignSignScale = 16;

  // ---------------------------------------------------------------- block word lengths
  // FFE taps S12.8, accumulators S24.20 (FfeTapBits + FfeGuard bits, see lms_filter).
  parameter int unsigned FfeTapBits = 12;
  parameter int unsigned FfeTapFrac = 8;
  parameter int unsigned FfeGuard = 12;
  // DFE taps S12.3 per unit amplitude, accumulators S20.11 (guard 8).
  parameter int unsigned DfeTapBits = 12;
  parameter int unsigned DfeGuard = 8;
  parameter int unsigned DfeAccBits = DfeTapBits + DfeGuard;
  // Slicer level means S21.11 (guard 8), threshold / DFE tap refresh period in symbols.
  parameter int unsigned LevelGuard = 8;
  parameter int unsigned LevelBits = ErrBits + LevelGuard;
  parameter int unsigned ThresholdPeriod = 32;

  // LMS update rule (halo::dsp::LmsMode): sign-sign, sign-data, full LMS. Plain 2-bit codes
  // (Yosys 0.23 resolves neither package enum types on ports nor enum items in functions).
  parameter logic [1:0] LmsSignSign = 2'd0;
  parameter logic [1:0] LmsSignData = 2'd1;
  parameter logic [1:0] LmsFull     = 2'd2;

  // ---------------------------------------------------------------- arithmetic
  // Saturate x to a signed w-bit word (2 <= w <= 63).
  function automatic logic signed [63:0] sat(input logic signed [63:0] x, input int unsigned w);
    logic signed [63:0] hi, lo;
    hi = (64'sd1 <<< (w - 1)) - 64'sd1;
    lo = -hi - 64'sd1;
    if (x > hi) sat = hi;
    else if (x < lo) sat = lo;
    else sat = x;
  endfunction

  // Round-half-up arithmetic right shift by s (s = 0 returns x).
  function automatic logic signed [63:0] rshift_round(input logic signed [63:0] x,
                                                      input int unsigned s);
    if (s == 0) rshift_round = x;
    else rshift_round = (x + (64'sd1 <<< (s - 1))) >>> s;
  endfunction

  // Round then saturate: the standard requantisation step.
  function automatic logic signed [63:0] round_sat(input logic signed [63:0] x,
                                                   input int unsigned s, input int unsigned w);
    round_sat = sat(rshift_round(x, s), w);
  endfunction

  // LMS gradient g(e, r) (halo::dsp::lms_gradient): sign-sign sgn(e) sgn(r) 2^16,
  // sign-data e sgn(r), full e r. e and r are at most 16 bits. mode: an Lms* code
  // (Lms* code).
  function automatic logic signed [63:0] lms_gradient(input logic [1:0] mode,
                                                      input logic signed [63:0] e,
                                                      input logic signed [63:0] r);
    logic neg;
    neg = e[63] ^ r[63];
    case (mode)
      LmsSignSign: lms_gradient = neg ? -(64'sd1 <<< SignSignScale) : (64'sd1 <<< SignSignScale);
      LmsSignData: lms_gradient = r[63] ? -e : e;
      LmsFull:     lms_gradient = e * r;
      default:     lms_gradient = e * r;  // unused code 3 behaves as full LMS
    endcase
  endfunction

  // Sign extension of the package's word lengths to the 64-bit working width.
  function automatic logic signed [63:0] sx8(input logic [7:0] v);
    sx8 = $signed({{56{v[7]}}, v});
  endfunction
  function automatic logic signed [63:0] sx12(input logic [11:0] v);
    sx12 = $signed({{52{v[11]}}, v});
  endfunction
  function automatic logic signed [63:0] sx13(input logic [12:0] v);
    sx13 = $signed({{51{v[12]}}, v});
  endfunction
  function automatic logic signed [63:0] sx20(input logic [19:0] v);
    sx20 = $signed({{44{v[19]}}, v});
  endfunction
  function automatic logic signed [63:0] sx21(input logic [20:0] v);
    sx21 = $signed({{43{v[20]}}, v});
  endfunction
  function automatic logic signed [63:0] sx24(input logic [23:0] v);
    sx24 = $signed({{40{v[23]}}, v});
  endfunction
  function automatic logic signed [63:0] sx32(input logic [31:0] v);
    sx32 = $signed({{32{v[31]}}, v});
  endfunction
  // Saturating narrowing to the package's word lengths: sat(x, w) sliced to w bits.
  function automatic logic [11:0] sat12(input logic signed [63:0] x);
    if (x > 64'sd2047) sat12 = {1'b0, {11{1'b1}}};
    else if (x < -64'sd2048) sat12 = {1'b1, {11{1'b0}}};
    else sat12 = x[11:0];
  endfunction
  function automatic logic [12:0] sat13(input logic signed [63:0] x);
    if (x > 64'sd4095) sat13 = {1'b0, {12{1'b1}}};
    else if (x < -64'sd4096) sat13 = {1'b1, {12{1'b0}}};
    else sat13 = x[12:0];
  endfunction
  function automatic logic [19:0] sat20(input logic signed [63:0] x);
    if (x > 64'sd524287) sat20 = {1'b0, {19{1'b1}}};
    else if (x < -64'sd524288) sat20 = {1'b1, {19{1'b0}}};
    else sat20 = x[19:0];
  endfunction
  function automatic logic [20:0] sat21(input logic signed [63:0] x);
    if (x > 64'sd1048575) sat21 = {1'b0, {20{1'b1}}};
    else if (x < -64'sd1048576) sat21 = {1'b1, {20{1'b0}}};
    else sat21 = x[20:0];
  endfunction
  function automatic logic [23:0] sat24(input logic signed [63:0] x);
    if (x > 64'sd8388607) sat24 = {1'b0, {23{1'b1}}};
    else if (x < -64'sd8388608) sat24 = {1'b1, {23{1'b0}}};
    else sat24 = x[23:0];
  endfunction

  // Zero extension of a 5-bit shift control.
  function automatic int unsigned shamt(input logic [4:0] v);
    shamt = {27'd0, v};
  endfunction

  // PAM4 amplitude of symbol index s: 2s - 3 in {-3, -1, 1, 3}.
  function automatic logic signed [63:0] pam4_amp(input logic [1:0] s);
    pam4_amp = $signed({61'd0, s, 1'b0}) - 64'sd3;
  endfunction

  // Gray map of the bit pair (A first): 00 -> 0, 01 -> 1, 11 -> 2, 10 -> 3 (802.3 120.5.7.1).
  function automatic logic [1:0] gray_map(input logic a, input logic b);
    gray_map = {a, a ^ b};
  endfunction

  // Inverse Gray map: symbol -> {A, B}.
  function automatic logic [1:0] gray_demap(input logic [1:0] s);
    gray_demap = {s[1], s[1] ^ s[0]};
  endfunction

endpackage

// Fixed-point helpers: the ONE definition of word lengths, rounding and saturation used by
// every bit-exact block of the HaloLink golden model (cmodel/dsp, cmodel/nlc, cmodel/mon,
// cmodel/retimer). The RTL mirrors this file in one SystemVerilog package (rtl/dsp/halo_fixed_pkg.sv,
// a later issue); keep every operation RTL-shaped: integer add, multiply, arithmetic shift,
// saturation. No floating point anywhere in cmodel/ (monitors' report functions excepted).
//
// Rules (documented once, used everywhere):
//  * Signed values are two's complement. "S<W>" means a signed W-bit word; "S<W>.<F>" a signed
//    W-bit word with F fraction bits (value = integer * 2^-F).
//  * Rounding: round-half-up. rshift_round(x, s) = floor((x + 2^(s-1)) / 2^s) for s > 0, i.e.
//    add half an output LSB, then arithmetic shift right. Ties go towards +infinity
//    (-2.5 -> -2, +2.5 -> +3). s == 0 returns x unchanged. This is the RTL's
//    `(x + (1 << (s-1))) >>> s` with a wide enough intermediate.
//  * Saturation: sat(x, W) clamps to [-2^(W-1), 2^(W-1) - 1]. Every narrowing in the model goes
//    through sat() (never a silent wrap); the only modular quantities are those documented as
//    such (CDR phase accumulator, PRBS registers).
//  * Sign: sgn(x) = -1 if x < 0 else +1 (the sign bit; zero counts as positive, as in RTL that
//    only looks at the MSB).
#pragma once

#include <cstdint>

namespace halo::fx {

/// Saturate a value to a signed W-bit word, W in [2, 63]: result in [-2^(W-1), 2^(W-1)-1].
constexpr std::int64_t sat(std::int64_t x, int w) noexcept {
  const std::int64_t hi = (std::int64_t{1} << (w - 1)) - 1;
  const std::int64_t lo = -hi - 1;
  return x > hi ? hi : (x < lo ? lo : x);
}

/// Saturate to a signed W-bit word, returned as int32 (W <= 32).
constexpr std::int32_t sat32(std::int64_t x, int w) noexcept {
  return static_cast<std::int32_t>(sat(x, w));
}

/// True iff x fits a signed W-bit word without saturation.
constexpr bool fits(std::int64_t x, int w) noexcept { return sat(x, w) == x; }

/// Round-half-up arithmetic right shift by s >= 0 (see the header comment).
constexpr std::int64_t rshift_round(std::int64_t x, int s) noexcept {
  return s <= 0 ? x : ((x + (std::int64_t{1} << (s - 1))) >> s);
}

/// 32-bit version of rshift_round for hot loops; the caller guarantees x + 2^(s-1) fits int32.
constexpr std::int32_t rshift_round32(std::int32_t x, int s) noexcept {
  return s <= 0 ? x : static_cast<std::int32_t>((x + (std::int32_t{1} << (s - 1))) >> s);
}

/// Round-half-up shift then saturate to W bits: the standard "requantise" step.
constexpr std::int32_t round_sat(std::int64_t x, int s, int w) noexcept {
  return static_cast<std::int32_t>(sat(rshift_round(x, s), w));
}

/// Sign bit as +-1 (zero is +1).
constexpr std::int32_t sgn(std::int64_t x) noexcept { return x < 0 ? -1 : 1; }

// ---------------------------------------------------------------------------------------------
// Datapath word lengths shared by the receive chain. All signals between blocks use these.
// ---------------------------------------------------------------------------------------------

/// ADC resolution range (signed N-bit codes, N configurable).
inline constexpr int kAdcBitsMin = 6;
inline constexpr int kAdcBitsMax = 8;
/// ADC codes are first normalised to 8 bits: x = code << (8 - N)  -> S8.0 "x units".
inline constexpr int kXBits = 8;
/// Equalised-signal word (FFE/NLC output, slicer input, DFE error): S12.3 in x units, i.e.
/// 1 LSB = 1/8 of an 8-bit ADC LSB, range [-2048, 2047] = [-256, 256) x units.
inline constexpr int kSigBits = 12;
inline constexpr int kSigFrac = 3;
/// DFE error word (z - target, up to twice the signal range): S13.3.
inline constexpr int kErrBits = 13;
/// Default ideal PAM4 level spacing in signal units: targets are A*{-3,-1,+1,+3}, default
/// A = 256 -> outer level +-768 (= 96 LSB of an 8-bit ADC, 75 % of full scale).
inline constexpr int kDefaultLevelA = 256;

/// Maximum beat (symbols per call) that a block with delayed adaptation accepts.
inline constexpr int kMaxBeat = 32;
/// Default adaptation delay (symbols) of feed-forward blocks (FFE, Volterra, LUT): the update
/// for output n is applied just before output n + delay is computed. Must be >= the largest
/// beat plus the latency of any block between the adapted block and the slicer (see docs/dsp.md).
/// Configurable per block (dsp::AdaptConfig::delay, a multiple of kMaxBeat up to
/// kMaxAdaptDelay): a P-parallel pipeline needs delay >= P x (its pipeline stages + 1), so the
/// RTL uses 128 at P = 32 (docs/dsp_rtl.md).
inline constexpr int kAdaptDelay = 64;
/// Largest configurable adaptation delay.
inline constexpr int kMaxAdaptDelay = 128;

/// PAM4 symbol index s in {0,1,2,3} -> amplitude a = 2s - 3 in {-3,-1,+1,+3}.
constexpr std::int32_t pam4_amp(std::uint32_t s) noexcept {
  return 2 * static_cast<std::int32_t>(s) - 3;
}

}  // namespace halo::fx

// Bit LLRs for the Clause 177 inner FEC decoders from equalised PAM4 samples (the slicer's input).
//
// Format (halo/fixed.hpp: fx::kLlrBits = 7, fx::kLlrShift = 3): one signed LLR word per bit,
// held in int8, positive = bit 0 (LLR = log P(0)/P(1) up to a positive scale). For a sample z
// (S13.3 signal units) and the slicer thresholds t0 < t1 < t2 (dsp::Slicer: level = #(z >= t_i),
// Gray bits A = level >= 2, B = level in {1, 2}):
//   d_A = t1 - 1 - z                               (d_A >= 0 <=> A = 0)
//   d_B = z >= t1 ? z - t2 : t0 - 1 - z            (d_B >= 0 <=> B = 0)
//   L   = sat(d >> kLlrShift, kLlrBits)            (arithmetic shift: floor)
// so the sign bit of L is the slicer's decision, L stands for (L + 1/2) 2^kLlrShift signal LSB
// (a mid-rise quantiser: no zero, no tie) and the reliability rel = L >= 0 ? L : -1 - L is the
// distance to the deciding threshold in LLR LSBs (max-log with equal noise on every level, up
// to the factor 2A/sigma^2, which the decoders do not need). min(rel_A, rel_B) is the distance
// to the nearest threshold: the reliability of the XOR-domain bit A ^ B. Precoding is off
// under the inner FEC (the symbol after the slicer is the transmitted Gray symbol).
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "halo/fixed.hpp"

namespace halo::fec::inner {

inline constexpr int kLlrMax = (1 << (fx::kLlrBits - 1)) - 1;  ///< 63
inline constexpr int kLlrMin = -kLlrMax - 1;                    ///< -64

/// The two bit LLRs (A, B) of one sample against thresholds t (ascending).
constexpr std::array<std::int8_t, 2> sample_llrs(std::int32_t z, const std::array<std::int32_t, 3>& t) noexcept {
  const std::int64_t da = std::int64_t{t[1]} - 1 - z;
  const std::int64_t db = z >= t[1] ? std::int64_t{z} - t[2] : std::int64_t{t[0]} - 1 - z;
  return {static_cast<std::int8_t>(fx::sat(da >> fx::kLlrShift, fx::kLlrBits)),
          static_cast<std::int8_t>(fx::sat(db >> fx::kLlrShift, fx::kLlrBits))};
}

/// Reliability of an LLR word (0 .. kLlrMax).
constexpr unsigned llr_reliability(std::int8_t l) noexcept { return static_cast<unsigned>(l >= 0 ? l : -1 - l); }
/// Hard decision of an LLR word (its sign bit).
constexpr std::uint8_t llr_bit(std::int8_t l) noexcept { return l < 0 ? 1 : 0; }

/// Ideal thresholds for level spacing A: {-2A, 0, 2A} (targets A * {-3, -1, 1, 3}).
constexpr std::array<std::int32_t, 3> ideal_thresholds(std::int32_t level_a = fx::kDefaultLevelA) noexcept {
  return {-2 * level_a, 0, 2 * level_a};
}

/// Streaming LLR block: samples in, 2 LLRs per sample out (A then B, transmission order).
/// Stateless apart from the thresholds, which the owner sets (e.g. from dsp::Slicer::thresholds()
/// after each block, as the slicer refreshes them).
class LlrCalc {
 public:
  /// Throws std::invalid_argument unless t0 < t1 < t2.
  explicit LlrCalc(const std::array<std::int32_t, 3>& thresholds = ideal_thresholds());
  void configure(const std::array<std::int32_t, 3>& thresholds);
  [[nodiscard]] const std::array<std::int32_t, 3>& thresholds() const noexcept { return t_; }
  /// z: slicer inputs (S13.3); llr: 2 * z.size() words out. Throws std::invalid_argument on
  /// a size mismatch.
  void process(std::span<const std::int32_t> z, std::span<std::int8_t> llr) const;
  void process(std::span<const std::int16_t> z, std::span<std::int8_t> llr) const;

 private:
  std::array<std::int32_t, 3> t_;
};

}  // namespace halo::fec::inner

// PAM4 slicer with adaptive thresholds, and decision-feedback equalizer (DFE) with LMS.
//
// Slicer (per symbol, input z in S13.3):
//   s = [z >= t0] + [z >= t1] + [z >= t2]                     symbol index 0..3 (ties go up)
//   adaptive: M_s <- M_s + rshift_round((z << 8) - M_s, level_mu_shift)   S21.11 level means
//             t_k  = rshift_round(M_k + M_{k+1}, 9)                         S13.3 midpoints,
//             refreshed after every kThresholdPeriod (32) symbols (keeps the threshold
//             update off the symbol-rate decision loop)
//   fixed:    t = {-2A, 0, +2A}
// DFE (per symbol, y in S12.3; a_j = 2 s_j - 3 in {-3,-1,1,3}, multiplies by a are shift-adds):
//   z_n = sat(y_n - sum_{j=1}^{L} B_j a_{n-j}, 13)                        S13.3
//   s_n = slicer(z_n);  e_n = sat(z_n - A a_n, 13)                        S13.3 (A: level_a)
//   adaptation: W_j <- sat(W_j + rshift_round(g(e_n, a_{n-j}), mu_shift), 20)   S20.11
//               B_j  = sat(rshift_round(W_j, 8), 12)                       S12.3 per unit a,
//               refreshed after every kThresholdPeriod (32) adapted symbols (counted from
//               reset): B is constant inside any RTL beat (P divides 32), which the P-parallel
//               speculative (loop-unrolled) DFE of rtl/dsp needs
// (B_j is the post-cursor ISI in signal units per unit amplitude: b_j = B_j / A relative to
// the level spacing; the 802.3 limit |b_1| <= 0.85 is B_1 <= 0.85 A.) The error uses the FIXED
// targets A*{-3,-1,1,3} (so the FFE also sets the gain); the slicer thresholds track the
// measured levels (RLM, nonlinearity).
// State: L taps (12 b) + L accumulators (20 b) + L decisions (2 b) + 4 level means (21 b).
// Ops per symbol: L + 1 adds (feedback, no multiplier), 3 compares, 1 error add; adaptation
// 2L adds (kLms on a: shift-adds), level tracking 2 adds + 3 threshold adds.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "halo/dsp/common.hpp"

namespace halo::dsp {

inline constexpr int kDfeMaxTaps = 4;
// word lengths: halo/fixed.hpp (generated from scripts/fixed_formats.yaml)
using fx::kDfeTapBits;
using fx::kDfeGuard;
using fx::kLevelGuard;
/// The adaptive thresholds are refreshed from the level means every kThresholdPeriod symbols
/// (counted from reset, independent of the beat size).
using fx::kThresholdPeriod;

struct SlicerConfig {
  int level_a = fx::kDefaultLevelA;  ///< A: targets A*{-3,-1,1,3} (S13.3), 16..600
  bool adaptive = true;              ///< adapt thresholds to the measured level means
  int level_mu_shift = 8;            ///< level-mean tracking step 2^-shift, 1..16
};

class Slicer {
 public:
  explicit Slicer(const SlicerConfig& cfg = {});
  void configure(const SlicerConfig& cfg);
  void reset() noexcept;
  std::uint8_t decide(std::int32_t z) const noexcept {
    return static_cast<std::uint8_t>((z >= t_[0]) + (z >= t_[1]) + (z >= t_[2]));
  }
  /// Level-mean update after a decision (adaptive slicers only; the caller counts the symbol
  /// with advance()). Block-wise callers keep the thresholds constant in between.
  void track_level(std::int32_t z, std::uint8_t s) noexcept {
    // all terms fit int32: z S13, M S21 -> differences and sums S22
    m_[s] += fx::rshift_round32(z * (1 << kLevelGuard) - m_[s], cfg_.level_mu_shift);
  }
  /// Tracked symbols until the next threshold refresh (1..kThresholdPeriod).
  [[nodiscard]] int symbols_to_refresh() const noexcept { return kThresholdPeriod - count_; }
  /// Counts n <= symbols_to_refresh() tracked symbols; refreshes the thresholds from the level
  /// means when the period completes.
  void advance(int n) noexcept {
    count_ += n;
    if (count_ == kThresholdPeriod) {
      count_ = 0;
      constexpr int sh = kLevelGuard + 1;
      for (int k = 0; k < 3; ++k) t_[k] = fx::rshift_round32(m_[k] + m_[k + 1], sh);
    }
  }
  [[nodiscard]] const std::array<std::int32_t, 3>& thresholds() const noexcept { return t_; }
  /// Level means, S21.11 (divide by 2^8 for signal units).
  [[nodiscard]] const std::array<std::int32_t, 4>& level_means() const noexcept { return m_; }
  [[nodiscard]] const SlicerConfig& config() const noexcept { return cfg_; }
  [[nodiscard]] OpCounts ops() const noexcept;

 private:
  SlicerConfig cfg_;
  std::array<std::int32_t, 3> t_{};
  std::array<std::int32_t, 4> m_{};
  int count_ = 0;
};

struct DfeConfig {
  int taps = 1;  ///< L, 0..4 (0 = slicer only); 802.3dj reference receiver: 1
  AdaptConfig adapt{true, LmsMode::kSignData, 6};
  /// Initial taps B_j (S12.3 per unit amplitude), empty = zeros.
  std::vector<std::int32_t> init_taps{};
  SlicerConfig slicer{};
};

/// Outputs of the DFE for a beat; each span has the beat's length (z and e may be empty).
struct DfeOut {
  std::span<std::uint8_t> decisions;  ///< symbol index 0..3 (the line symbol, P domain)
  std::span<std::int16_t> z;          ///< slicer input, S13.3
  std::span<std::int16_t> e;          ///< slicer error z - A a, S13.3
};

class Dfe {
 public:
  explicit Dfe(const DfeConfig& cfg = {});
  void configure(const DfeConfig& cfg);
  void reset();
  /// y (S12.3) in; decisions (required), z and e (optional, empty or same size) out.
  void process(std::span<const std::int16_t> y, const DfeOut& out);
  [[nodiscard]] std::vector<std::int32_t> taps() const;
  void set_taps(std::span<const std::int32_t> b);
  void set_adapt(const AdaptConfig& a);
  [[nodiscard]] const Slicer& slicer() const noexcept { return slicer_; }
  [[nodiscard]] std::uint64_t clips() const noexcept { return clips_; }
  [[nodiscard]] OpCounts ops() const noexcept;
  [[nodiscard]] const DfeConfig& config() const noexcept { return cfg_; }

 private:
  template <int L>
  void run(std::span<const std::int16_t> y, const DfeOut& out) noexcept;
  template <int L, bool Adapt, LmsMode M>
  void run_segment(std::span<const std::int16_t> y, std::size_t i, std::size_t end, const DfeOut& out,
                   std::array<std::int32_t, kDfeMaxTaps>& w, std::array<std::int32_t, kDfeMaxTaps>& ah,
                   const std::array<std::int32_t, kDfeMaxTaps>& b, Slicer& sl, std::uint64_t& clips) const noexcept;
  DfeConfig cfg_;
  Slicer slicer_;
  std::array<std::int32_t, kDfeMaxTaps> b_{}, w_{};
  std::array<std::int32_t, kDfeMaxTaps> a_{};  // a_{n-1}..a_{n-L}
  int count_ = 0;                               // symbols since the last tap refresh
  std::uint64_t clips_ = 0;
};

}  // namespace halo::dsp

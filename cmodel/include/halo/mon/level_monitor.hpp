// Per-level statistics of the slicer input: level means, sigmas, effective SNR (eSNR) and the
// level separation mismatch ratio RLM (IEEE 802.3-2022 120D.3.1.2).
//
// Accumulators (integers, exact, mergeable by summing): per decided level k = 0..3 the count
// (u64), sum of z (s64) and sum of z^2 (u64), z in S13.3. Exact for up to 2^38 symbols per
// level (z^2 < 2^24). report() computes the figures in double:
//   mu_k = sum_k / n_k, var_k = sumsq_k / n_k - mu_k^2 (signal units / 8 -> returned in S13.3 LSBs)
//   eSNR = 10 log10( (1/4) sum_k (mu_k - mu_bar)^2 / (sum_k n_k var_k / sum_k n_k) )  [dB]
//          with mu_bar the unweighted mean of the four level means (= 10 log10(5 A^2 / sigma^2)
//          for ideal levels A{-3,-1,1,3})
//   RLM  = min(3 ES1, 3 ES2, 2 - 3 ES1, 2 - 3 ES2), Vmid = (mu_0 + mu_3)/2,
//          ES1 = (mu_1 - Vmid)/(mu_0 - Vmid), ES2 = (mu_2 - Vmid)/(mu_3 - Vmid)
// Ops per symbol: 3 adds + 1 multiply (z^2); registers 4 x (64 + 64 + 64) bits.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "halo/dsp/common.hpp"

namespace halo::mon {

struct LevelReport {
  std::array<std::uint64_t, 4> count{};
  std::array<double, 4> mean{};   ///< S13.3 LSBs (divide by 8 for 8-bit ADC LSBs)
  std::array<double, 4> sigma{};  ///< S13.3 LSBs
  double esnr_db = 0.0;           ///< NaN if a level is empty or the noise is zero
  double rlm = 0.0;               ///< NaN if a level is empty
};

/// The figures above from accumulators (per level count, sum z, sum z^2; z in S13.3), e.g.
/// read back from the LVL_* registers of the retimer register map.
LevelReport level_report(const std::array<std::uint64_t, 4>& counts,
                         const std::array<std::int64_t, 4>& sums,
                         const std::array<std::uint64_t, 4>& sums_sq);

class LevelMonitor {
 public:
  void reset() noexcept { *this = LevelMonitor{}; }
  /// z (slicer input, S13.3) and decisions (0..3), same size (std::invalid_argument otherwise).
  void process(std::span<const std::int16_t> z, std::span<const std::uint8_t> decisions);
  LevelMonitor& operator+=(const LevelMonitor& o) noexcept;
  [[nodiscard]] LevelReport report() const;
  [[nodiscard]] const std::array<std::uint64_t, 4>& counts() const noexcept { return n_; }
  [[nodiscard]] const std::array<std::int64_t, 4>& sums() const noexcept { return s_; }
  [[nodiscard]] const std::array<std::uint64_t, 4>& sums_sq() const noexcept { return q_; }
  [[nodiscard]] dsp::OpCounts ops() const noexcept { return {1, 3, 4 * 192, 0}; }

 private:
  std::array<std::uint64_t, 4> n_{};
  std::array<std::int64_t, 4> s_{};
  std::array<std::uint64_t, 4> q_{};
};

}  // namespace halo::mon

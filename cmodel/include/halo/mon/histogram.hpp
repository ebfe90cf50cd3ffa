// Histogram of the slicer input (or any S13.3 signal).
// bin(z) = clamp((z >> bin_shift) + num_bins/2, 0, num_bins - 1): arithmetic shift (floor), the
// two edge bins also collect everything beyond them (counted separately in overflows()).
// Counters u64. Ops per symbol: 1 shift + 1 add + 1 compare pair + 1 increment.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "halo/dsp/common.hpp"

namespace halo::mon {

struct HistogramConfig {
  int bin_shift = 4;    ///< bin width 2^bin_shift S13.3 LSBs, 0..12
  int num_bins = 512;   ///< 2..65536, even
};

class Histogram {
 public:
  explicit Histogram(const HistogramConfig& cfg = {});
  void configure(const HistogramConfig& cfg);
  void reset();
  void process(std::span<const std::int16_t> z) noexcept;
  Histogram& operator+=(const Histogram& o);
  [[nodiscard]] const std::vector<std::uint64_t>& bins() const noexcept { return bins_; }
  /// Lower edge of bin i in S13.3 LSBs.
  [[nodiscard]] std::int32_t bin_lower_edge(int i) const noexcept {
    return (i - cfg_.num_bins / 2) * (1 << cfg_.bin_shift);
  }
  [[nodiscard]] std::uint64_t overflows() const noexcept { return overflows_; }
  [[nodiscard]] dsp::OpCounts ops() const noexcept;
  [[nodiscard]] const HistogramConfig& config() const noexcept { return cfg_; }

 private:
  HistogramConfig cfg_;
  std::vector<std::uint64_t> bins_;
  std::uint64_t overflows_ = 0;
};

}  // namespace halo::mon

// Internal: the time-domain engine's checker stage. Compares the receiver's line-symbol
// decisions with the transmitted symbols (symbol and bit errors after the (1+D) mod 4
// precoding decoder and the golden model's Gray demapping), collects the level statistics and
// the slicer histogram by transmitted symbol, and hands on each symbol's bit-error pattern
// (for the FEC receive stage, which decodes it: exact by linearity of the code).
// Kept out of the engine loop's function so that its per-symbol state lives in registers.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "stages/block.hpp"

namespace halo::sim::detail {

class DecisionChecker {
 public:
  /// gray: Gray coding in use; precoding: 1/(1+D) mod 4 precoding in use.
  DecisionChecker(bool gray, bool precoding);

  /// Sets the line symbol before the first checked decision (the precoding decoder's memory).
  void set_previous(std::uint8_t p) noexcept { prev_p_ = p; }

  /// Checks the decisions dec[k] for k in [k0, dec.size()) against the transmitted symbols
  /// tx(n0 + k - delay) = ring[(n0 + k - delay) & (ring.size() - 1)] (ring.size(): a power of
  /// two), with the slicer inputs slicer[k] (level units, outer level 1). err (dec.size()):
  /// receives the bit-error pattern (A << 1) | B of each checked decision (entries < k0 are
  /// left alone).
  void check(std::span<const TxRecord> ring, std::uint64_t n0, std::uint64_t delay, std::size_t k0,
             std::span<const std::uint8_t> dec, std::span<const float> slicer, std::span<std::uint8_t> err);

  [[nodiscard]] std::uint64_t symbol_errors() const noexcept { return serr_; }
  [[nodiscard]] std::uint64_t bit_errors() const noexcept { return berr_; }
  /// Per transmitted line symbol l: sum and sum of squares of the slicer input, count.
  [[nodiscard]] const std::array<double, 4>& level_sum() const noexcept { return lsum_; }
  [[nodiscard]] const std::array<double, 4>& level_sum_sq() const noexcept { return lsq_; }
  [[nodiscard]] const std::array<std::uint64_t, 4>& level_count() const noexcept { return lcnt_; }
  /// Slicer histogram per transmitted line symbol: 200 bins over [-1.6, 1.6).
  [[nodiscard]] const std::array<std::array<std::uint64_t, 200>, 4>& slicer_hist() const noexcept { return shist_; }

 private:
  bool gray_, precoding_;
  std::uint8_t prev_p_ = 0;
  std::uint64_t serr_ = 0, berr_ = 0;
  std::array<double, 4> lsum_{}, lsq_{};
  std::array<std::uint64_t, 4> lcnt_{};
  std::array<std::array<std::uint64_t, 200>, 4> shist_{};
};

}  // namespace halo::sim::detail

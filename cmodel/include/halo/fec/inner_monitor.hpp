// Inner FEC monitor: counters per decoded Clause 177 codeword, as a DSP module exposes them
// (corrected, detected-uncorrectable, per-position histogram of the corrected XOR-domain bits).
#pragma once

#include <array>
#include <cstdint>

#include "halo/fec/inner_code.hpp"

namespace halo::fec::inner {

/// 64-bit counters, updated once per codeword (InnerFecRx, `halolink fec decode --code inner`).
class InnerFecMonitor {
 public:
  /// Accounts one decoder verdict.
  void update(const InnerDecodeResult& r) noexcept {
    ++codewords_;
    switch (r.status) {
      case InnerStatus::clean: break;
      case InnerStatus::corrected:
        ++corrected_cw_;
        corrected_positions_ += r.num_flips;
        for (unsigned i = 0; i < r.num_flips; ++i) ++pos_hist_[r.flips[i]];
        ++flips_hist_[r.num_flips < kMaxFlips + 1 ? r.num_flips : kMaxFlips];
        break;
      case InnerStatus::uncorrectable: ++uncorrectable_; break;
      case InnerStatus::unresolved: ++unresolved_; break;
    }
  }
  /// Adds another monitor's counters (shards of a run).
  void merge(const InnerFecMonitor& o) noexcept {
    codewords_ += o.codewords_;
    corrected_cw_ += o.corrected_cw_;
    uncorrectable_ += o.uncorrectable_;
    unresolved_ += o.unresolved_;
    corrected_positions_ += o.corrected_positions_;
    for (unsigned i = 0; i < kXorBits; ++i) pos_hist_[i] += o.pos_hist_[i];
    for (unsigned i = 0; i <= kMaxFlips; ++i) flips_hist_[i] += o.flips_hist_[i];
  }

  [[nodiscard]] std::uint64_t codewords() const noexcept { return codewords_; }
  /// Codewords the decoder changed (status corrected).
  [[nodiscard]] std::uint64_t corrected_codewords() const noexcept { return corrected_cw_; }
  /// Codewords with a detected error that was not corrected.
  [[nodiscard]] std::uint64_t uncorrectable_codewords() const noexcept { return uncorrectable_; }
  /// Hard-bit decoding only: errors located in an inner-level data symbol, not resolved.
  [[nodiscard]] std::uint64_t unresolved_codewords() const noexcept { return unresolved_; }
  /// XOR-domain positions changed, summed over codewords.
  [[nodiscard]] std::uint64_t corrected_positions() const noexcept { return corrected_positions_; }
  /// Bin i (0..67): corrections at XOR-domain position i (0..59 data symbols, 60 + j = p_j).
  [[nodiscard]] const std::array<std::uint64_t, kXorBits>& position_histogram() const noexcept { return pos_hist_; }
  /// Bin n (1..7): corrected codewords with n positions changed (bin 0 unused).
  [[nodiscard]] const std::array<std::uint64_t, kMaxFlips + 1>& flips_histogram() const noexcept { return flips_hist_; }

 private:
  std::uint64_t codewords_ = 0, corrected_cw_ = 0, uncorrectable_ = 0, unresolved_ = 0, corrected_positions_ = 0;
  std::array<std::uint64_t, kXorBits> pos_hist_{};
  std::array<std::uint64_t, kMaxFlips + 1> flips_hist_{};
};

}  // namespace halo::fec::inner

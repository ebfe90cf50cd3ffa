// Symbol-error burst statistics (DFE error propagation): bursts of symbol errors from the
// pattern checker's per-symbol error flags.
// A burst starts at an errored symbol and ends when more than max_gap consecutive correct
// symbols follow; its length is the number of errored symbols in it. Histogram of lengths
// 1..max_len (index 0 unused; bin max_len also counts longer bursts). finish() closes an open
// burst (end of record). State: in-burst flag, length and gap counters (16 b each).
// Ops per symbol: 2 adds (counters) + 1 compare.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "halo/dsp/common.hpp"

namespace halo::mon {

struct BurstConfig {
  int max_gap = 0;    ///< correct symbols allowed inside a burst, 0..1024
  int max_len = 64;   ///< histogram range, 1..65536
};

class BurstMonitor {
 public:
  explicit BurstMonitor(const BurstConfig& cfg = {});
  void configure(const BurstConfig& cfg);
  void reset();
  void process(std::span<const std::uint8_t> err_flags) noexcept;
  void finish() noexcept;
  BurstMonitor& operator+=(const BurstMonitor& o);
  [[nodiscard]] const std::vector<std::uint64_t>& histogram() const noexcept { return hist_; }
  [[nodiscard]] std::uint64_t bursts() const noexcept { return bursts_; }
  [[nodiscard]] std::uint64_t errors() const noexcept { return errors_; }
  /// Mean burst length (errored symbols per burst), NaN without bursts.
  [[nodiscard]] double mean_length() const noexcept;
  [[nodiscard]] dsp::OpCounts ops() const noexcept { return {0, 3, 1 + 16 + 16, 0}; }

 private:
  void close() noexcept;
  BurstConfig cfg_;
  std::vector<std::uint64_t> hist_;
  std::uint64_t bursts_ = 0, errors_ = 0;
  bool in_ = false;
  std::uint32_t len_ = 0, gap_ = 0;
};

}  // namespace halo::mon

// Windowed PAM4 level monitor and CDR lock detector: the golden model of rtl/top/level_mon.sv
// (the LVL_*, CDR_DELTA, STATUS.CDR_LOCK and MON_WINDOWS registers of rtl/regmap/
// halo_retimer.rdl, read through halo::retimer::RetimerDevice).
//
// From clear(phase) on, the symbols are cut into windows of 2^window_log2 symbols. Over a
// window, per decided level k = 0..3 (the slicer decision, before the precoding decoder) the
// symbol count, the sum of the slicer input z (S13.3) and the sum of z^2 accumulate (exact,
// 64-bit; the RTL's 32-bit count / sum and 64-bit sum of squares hold them exactly for windows
// up to 2^16 symbols). At the end of each window they are latched as the results, the CDR
// phase change over the window into delta() = bits 31:16 of the modulo-2^32 difference of the
// phase accumulator (2^-16 UI, two's complement) and lock() = |delta()| <= lock_tol.
// The figures (means, sigmas, eSNR, RLM) follow from the latched sums with
// mon::level_report() (level_monitor.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "halo/mon/level_monitor.hpp"

namespace halo::mon {

struct LevelWindowConfig {
  unsigned window_log2 = 12;   ///< window length 2^window_log2 symbols, 6..16 (MON_CTRL.WINDOW_LOG2)
  std::uint32_t lock_tol = 0;  ///< lock tolerance, 2^-16 UI, 0..65535 (MON_CTRL.LOCK_TOL)
};

class LevelWindowMonitor {
 public:
  /// Throws std::invalid_argument (naming the field) on a window_log2 outside 6..16 or a
  /// lock_tol above 65535.
  explicit LevelWindowMonitor(const LevelWindowConfig& cfg = {}) { configure(cfg); }
  /// New configuration (validated as in the constructor), then clear(0).
  void configure(const LevelWindowConfig& cfg);
  /// Changes the lock tolerance; applies from the next window end on (MON_CTRL is live).
  void set_lock_tol(std::uint32_t tol);
  /// Clears accumulators and results; the next window starts at CDR phase `phase`.
  void clear(std::uint32_t phase) noexcept;
  /// Symbols left in the current window (1..2^window_log2): process() spans must not be longer.
  [[nodiscard]] std::uint64_t window_left() const noexcept { return (1ull << cfg_.window_log2) - pos_; }
  /// One stretch of symbols: slicer inputs z (S13.3) and decisions (0..3, two LSBs used), the
  /// same size, at most window_left(); phase: the CDR phase accumulator after the last of them.
  /// Throws std::invalid_argument on a size mismatch or a span crossing the window end.
  void process(std::span<const std::int16_t> z, std::span<const std::uint8_t> decisions,
               std::uint32_t phase);

  [[nodiscard]] const LevelWindowConfig& config() const noexcept { return cfg_; }
  /// Completed windows since clear().
  [[nodiscard]] std::uint64_t windows() const noexcept { return windows_; }
  /// Per-level count, sum z, sum z^2 of the last completed window (zero before the first).
  [[nodiscard]] const std::array<std::uint64_t, 4>& counts() const noexcept { return n_; }
  [[nodiscard]] const std::array<std::int64_t, 4>& sums() const noexcept { return s_; }
  [[nodiscard]] const std::array<std::uint64_t, 4>& sums_sq() const noexcept { return q_; }
  /// CDR phase change over the last completed window, 2^-16 UI.
  [[nodiscard]] std::int16_t delta() const noexcept { return delta_; }
  [[nodiscard]] bool lock() const noexcept { return lock_; }

 private:
  LevelWindowConfig cfg_;
  LevelMonitor acc_;              // the current window
  std::uint64_t pos_ = 0;         // symbols into the current window
  std::uint64_t windows_ = 0;
  std::uint32_t phase0_ = 0;      // CDR phase at the start of the window
  std::array<std::uint64_t, 4> n_{}, q_{};
  std::array<std::int64_t, 4> s_{};
  std::int16_t delta_ = 0;
  bool lock_ = false;
};

}  // namespace halo::mon

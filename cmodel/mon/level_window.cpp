// Windowed level monitor and CDR lock detector. See halo/mon/level_window.hpp.
#include "halo/mon/level_window.hpp"

#include <string>

#include "halo/dsp/common.hpp"

namespace halo::mon {

void LevelWindowMonitor::configure(const LevelWindowConfig& cfg) {
  dsp::require(cfg.window_log2 >= 6 && cfg.window_log2 <= 16, "LevelWindowMonitor", "window_log2",
               "6..16", static_cast<long long>(cfg.window_log2));
  cfg_.window_log2 = cfg.window_log2;
  set_lock_tol(cfg.lock_tol);
  clear(0);
}

void LevelWindowMonitor::set_lock_tol(std::uint32_t tol) {
  dsp::require(tol <= 0xffffu, "LevelWindowMonitor", "lock_tol", "0..65535", static_cast<long long>(tol));
  cfg_.lock_tol = tol;
}

void LevelWindowMonitor::clear(std::uint32_t phase) noexcept {
  acc_.reset();
  pos_ = 0;
  windows_ = 0;
  phase0_ = phase;
  n_ = {};
  s_ = {};
  q_ = {};
  delta_ = 0;
  lock_ = false;
}

void LevelWindowMonitor::process(std::span<const std::int16_t> z, std::span<const std::uint8_t> decisions,
                                 std::uint32_t phase) {
  dsp::require(z.size() <= window_left(), "LevelWindowMonitor", "process.z.size",
               "<= window_left() (" + std::to_string(window_left()) + ")", static_cast<long long>(z.size()));
  acc_.process(z, decisions);  // checks decisions.size() == z.size()
  pos_ += z.size();
  if (pos_ < (1ull << cfg_.window_log2)) return;
  n_ = acc_.counts();
  s_ = acc_.sums();
  q_ = acc_.sums_sq();
  acc_.reset();
  // phase change over the window in 2^-16 UI: bits 31:16 of the modulo-2^32 difference
  delta_ = static_cast<std::int16_t>(static_cast<std::uint16_t>((phase - phase0_) >> 16));
  phase0_ = phase;
  lock_ = static_cast<std::uint32_t>(delta_ < 0 ? -delta_ : delta_) <= cfg_.lock_tol;
  pos_ = 0;
  ++windows_;
}

}  // namespace halo::mon

// Pattern-dependent LUT nonlinear compensator, usable alone (input: adc_to_signal()) or after
// the FFE. It learns the mean deviation of each received symbol given its neighbours and
// subtracts it.
//
// Per input n (u S12.3; A = level_a):
//   d_n    = tentative decision of u_n with fixed thresholds {-2A, 0, 2A}   (2 bits)
//   addr_n = (d_n, d_{n-1}, ..., d_{n-L+1}) packed 2 bits each, newest in the LSBs (2L bits)
//   v_n    = sat(u_{n-pre} - T[addr_n], 12)                                 S12.3
// Output n represents symbol n - pre (latency pre): the pattern holds `pre` later symbols, the
// current one and L - 1 - pre earlier ones.
// Adaptation (delay kAdaptDelay, slicer error e S13.3 via adapt()):
//   W[addr_m] <- sat(W[addr_m] + rshift_round(g(e_m, 1), mu_shift), 20)     S20.11
//   T[addr_m]  = sat(rshift_round(W[addr_m], 8), 12)                        S12.3
// (g(e,1) = e for kLms/kSignData, sgn(e) 2^16 for kSignSign.)
// State: 2L-bit address register, (pre+1) x 12-bit delay line; memory 4^L x (12 + 20) bits.
// Ops per symbol: 3 compares + 1 subtract + 1 table read; adaptation 2 adds + 1 table write.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "halo/dsp/common.hpp"

namespace halo::nlc {

inline constexpr int kLutEntryBits = fx::kLutEntryBits;  ///< T: S12.3 (scripts/fixed_formats.yaml)
inline constexpr int kLutGuard = fx::kLutGuard;          ///< W = T + guard bits: S20.11
inline constexpr int kLutMaxPattern = 7;

struct LutNlcConfig {
  int pattern_len = 3;  ///< L symbols in the address, 1..7 (4^L entries)
  int pre = 0;          ///< later symbols in the pattern, 0..L-1 (= latency)
  int level_a = fx::kDefaultLevelA;  ///< A of the tentative slicer, 16..600
  dsp::AdaptConfig adapt{true, dsp::LmsMode::kLms, 2};
};

class LutNlc {
 public:
  explicit LutNlc(const LutNlcConfig& cfg = {});
  void configure(const LutNlcConfig& cfg);
  void reset();
  void process(std::span<const std::int16_t> u, std::span<std::int16_t> v);
  void adapt(std::span<const std::int16_t> e);
  [[nodiscard]] const std::vector<std::int16_t>& table() const noexcept { return t_; }
  void set_adapt(const dsp::AdaptConfig& a);
  [[nodiscard]] int latency() const noexcept { return cfg_.pre; }
  [[nodiscard]] std::uint64_t clips() const noexcept { return clips_; }
  [[nodiscard]] dsp::OpCounts ops() const noexcept;
  [[nodiscard]] const LutNlcConfig& config() const noexcept { return cfg_; }

 private:
  LutNlcConfig cfg_;
  std::vector<std::int16_t> t_;
  std::vector<std::int32_t> w_;
  std::vector<std::int16_t> delay_;  // u_{n-pre..n} ring
  std::uint32_t addr_ = 0, mask_ = 0;
  std::vector<std::uint16_t> ahist_;  // addresses, ErrorQueue::kSize ring
  std::uint64_t produced_ = 0;
  dsp::ErrorQueue eq_;
  std::uint64_t clips_ = 0;
};

}  // namespace halo::nlc

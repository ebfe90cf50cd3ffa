// Feed-forward equalizer (FFE) on ADC codes, LMS-adapted with a fixed adaptation delay.
//
// Operation, per input sample n (output n represents symbol n - pre, latency = pre symbols):
//   x_n   = sat(code_n, adc_bits) << (8 - adc_bits)                       S8.0  (x units)
//   acc_n = sum_{k=0}^{T-1} c_k * x_{n-k}                                 S24.8 (exact)
//   y_n   = sat(rshift_round(acc_n, 5), 12)                               S12.3 (signal)
// Adaptation (if enabled), applied before output n is computed, for m = n - kAdaptDelay >= 0,
// using the slicer error e_m (S13.3) supplied through adapt():
//   W_k  <- sat(W_k - rshift_round(g(e_m, x_{m-k}), mu_shift), 24)         S24.20
//   c_k   = sat(rshift_round(W_k, 12), 12)                                  S12.8, range [-8, 8)
// with g() the LMS gradient of AdaptConfig::mode (common.hpp). The coefficient update sign
// makes the squared slicer error decrease: z = y - DFE feedback, e = z - target, dz/dc_k = x.
// State: T taps (12 b) + T accumulators (24 b) + delay line (T - 1 + kAdaptDelay) x 8 b.
// Ops per symbol: T multiplies + (T - 1) adds (+1 rounding add); adaptation adds T updates
// (T multiplies in kLms mode, none in the sign modes) + T coefficient requantisations.
// Saturation: out-of-range ADC codes are clamped to N bits and counted (input_clips());
// y saturates to S12.3 (counted in output_clips()).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "halo/dsp/common.hpp"

namespace halo::dsp {

// word lengths: halo/fixed.hpp (generated from scripts/fixed_formats.yaml)
using fx::kFfeTapBits;
using fx::kFfeTapFrac;
using fx::kFfeGuard;
using fx::kFfeAccBits;
inline constexpr int kFfeMaxTaps = 64;

struct FfeConfig {
  int taps = 16;     ///< T, 1..64 (802.3dj reference receiver: 16)
  int pre = 5;       ///< pre-cursor taps; main tap index, 0..T-1 (802.3dj: 5)
  int adc_bits = 8;  ///< N, 6..8: input codes are signed N-bit
  AdaptConfig adapt{true, LmsMode::kSignData, 3};
  /// Initial taps, S12.8 (256 = 1.0); empty = main tap 1.0, others 0.
  std::vector<std::int32_t> init_taps{};
};

class Ffe {
 public:
  explicit Ffe(const FfeConfig& cfg = {});
  /// Validates (std::invalid_argument naming the field) and resets all state.
  void configure(const FfeConfig& cfg);
  void reset();
  /// ADC codes in, equalised samples (S12.3) out; sizes must match. With adaptation on, the
  /// beat is at most kMaxBeat and adapt() must have been called for the previous outputs.
  void process(std::span<const std::int16_t> adc, std::span<std::int16_t> y);
  /// Slicer errors (S13.3) for the next outputs, in order.
  void adapt(std::span<const std::int16_t> e);
  /// Current taps c_0..c_{T-1}, S12.8.
  [[nodiscard]] std::vector<std::int32_t> taps() const;
  /// Overwrites the taps (and accumulators); size must be T, values S12.8.
  void set_taps(std::span<const std::int32_t> c);
  void set_adapt(const AdaptConfig& a);
  [[nodiscard]] int latency() const noexcept { return cfg_.pre; }
  [[nodiscard]] std::uint64_t input_clips() const noexcept { return in_clips_; }
  [[nodiscard]] std::uint64_t output_clips() const noexcept { return out_clips_; }
  [[nodiscard]] OpCounts ops() const noexcept;
  [[nodiscard]] const FfeConfig& config() const noexcept { return cfg_; }

 private:
  FfeConfig cfg_;
  std::vector<std::int16_t> crev_;  // c_{T-1-i}: reversed so the window is contiguous
  std::vector<std::int32_t> wrev_;  // accumulators, same order
  std::vector<std::int16_t> xb_;    // delay line (linear buffer, compacted when full)
  std::size_t len_ = 0;
  std::uint64_t produced_ = 0;
  ErrorQueue eq_;
  std::uint64_t in_clips_ = 0, out_clips_ = 0;
};

}  // namespace halo::dsp

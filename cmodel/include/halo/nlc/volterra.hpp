// Fixed-point Volterra equalizer (orders 1..3, symmetric kernels, LMS-adapted), usable alone
// (input: ADC codes converted with adc_to_signal()) or after the FFE (input: FFE output).
//
// Windows: order k has memory N_k and pre-cursors M_k (M_k < N_k); latency L = max M_k over
// enabled orders; output n represents symbol c = n - L; order-k window w_k[i] = u_{c + M_k - i},
// i = 0..N_k-1. Symmetric kernels: one coefficient per unordered index set, so the regressor
// vector r has N1 + N2(N2+1)/2 + N3(N3+1)(N3+2)/6 entries:
//   r = [ w1[i] ]                                                  S12.3 (signal units)
//     + [ p2_ij = sat(rshift_round(w2[i] w2[j], 11), 12) ], i <= j  S12.3 (u^2 / 2048)
//     + [ sat(rshift_round(sat(rshift_round(w3[i] w3[j], 11), 12) w3[k], 11), 12) ], i<=j<=k
//   v_n = sat(rshift_round(sum h r, 10), 12)                        h: S12.10, v: S12.3
// Adaptation (delay kAdaptDelay, errors from the slicer through adapt(), e S13.3):
//   W <- sat(W - rshift_round(g(e_m, r_m), mu_shift), 24)   S24.22;  h = sat(rshift_round(W, 12), 12)
// State: coefficients (12 b) + accumulators (24 b) per coefficient, input delay line (12 b),
// regressor history 128 x ncoef x 12 b (the RTL keeps only kAdaptDelay+1 rows).
// Ops per symbol: N1 + P2 + P3 + T3 multiplies for the regressors/products (P2 = pairs of
// order 2, P3 = pairs of order 3, T3 = triples) + ncoef MACs; adaptation ncoef adds
// (+ ncoef multiplies in kLms mode).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "halo/dsp/common.hpp"

namespace halo::nlc {

using dsp::AdaptConfig;
using dsp::OpCounts;

// word lengths: halo/fixed.hpp (generated from scripts/fixed_formats.yaml)
using fx::kVolCoefBits;
using fx::kVolCoefFrac;
using fx::kVolGuard;
using fx::kVolProdShift;
inline constexpr int kVolMaxMemory1 = 32;
inline constexpr int kVolMaxMemory2 = 9;
inline constexpr int kVolMaxMemory3 = 5;

struct VolterraConfig {
  int n1 = 1, pre1 = 0;  ///< linear memory (1..32) and pre-cursors
  int n2 = 5, pre2 = 2;  ///< 2nd-order memory (0 = off, up to 9) and pre-cursors
  int n3 = 0, pre3 = 0;  ///< 3rd-order memory (0 = off, up to 5) and pre-cursors
  AdaptConfig adapt{true, dsp::LmsMode::kLms, 7};
  /// Initial coefficients (S12.10) in regressor order, empty = linear tap pre1 = 1.0.
  std::vector<std::int32_t> init_coefs{};
};

/// Number of symmetric-kernel coefficients N1 + N2(N2+1)/2 + N3(N3+1)(N3+2)/6.
int volterra_num_coefs(int n1, int n2, int n3) noexcept;

/// Converts ADC codes (signed adc_bits) to the signal format S12.3 (x << 3 after normalising
/// to 8 bits, saturating to adc_bits first). Returns the number of clipped input codes.
std::uint64_t adc_to_signal(std::span<const std::int16_t> adc, int adc_bits,
                            std::span<std::int16_t> u);

class Volterra {
 public:
  explicit Volterra(const VolterraConfig& cfg = {});
  void configure(const VolterraConfig& cfg);
  void reset();
  /// u (S12.3) in, v (S12.3) out, same size; adaptation rules as Ffe::process.
  void process(std::span<const std::int16_t> u, std::span<std::int16_t> v);
  void adapt(std::span<const std::int16_t> e);
  [[nodiscard]] std::vector<std::int32_t> coefs() const;
  void set_coefs(std::span<const std::int32_t> h);
  void set_adapt(const AdaptConfig& a);
  [[nodiscard]] int num_coefs() const noexcept { return static_cast<int>(h_.size()); }
  [[nodiscard]] int latency() const noexcept { return lat_; }
  [[nodiscard]] std::uint64_t clips() const noexcept { return clips_; }
  [[nodiscard]] OpCounts ops() const noexcept;
  [[nodiscard]] const VolterraConfig& config() const noexcept { return cfg_; }

 private:
  VolterraConfig cfg_;
  int lat_ = 0;
  std::size_t depth_ = 0;  // delay line span needed
  std::vector<std::int16_t> h_;
  std::vector<std::int32_t> w_;
  std::vector<std::int16_t> ub_;
  std::size_t len_ = 0;
  std::vector<std::int16_t> rhist_;  // regressor rows of outputs row_base_, row_base_+1, ...
  std::uint64_t row_base_ = 0;
  std::size_t stride_ = 0;  // row stride: num_coefs rounded up to 4
  std::uint64_t produced_ = 0;
  dsp::ErrorQueue eq_;
  std::uint64_t clips_ = 0;
};

}  // namespace halo::nlc

// Baud-rate Mueller-Muller clock and data recovery (CDR): phase detector, 2nd-order (PI) loop
// filter, integer phase command for the sampler (phase interpolator / ADC clock, or the link
// simulator's sampling instant).
//
// Per symbol n (v_n: PD sample input, S12.3; a_n = 2 s_n - 3 decisions; D = sample_delay):
//   u_n    = v_{n-D}                                        (0 before the first D inputs)
//   pd_n   = u_n a_{n-1} - u_{n-1} a_n                      S16 (Mueller-Muller type A:
//            E[pd] ~ h(+1) - h(-1) of the pulse seen in u; negative when sampling late)
//   f_n    = sat(f_{n-1} + pd_n, 32)                         S32 integral path
//   phi_n  = phi_{n-1} + rshift_round(pd_n * 2^16, kp_shift)
//                      + rshift_round(f_n * 2^16, ki_shift)  mod 2^32 (phase, 2^32 = 1 UI)
//   code_n = phi_n >> (32 - phase_bits)                      unsigned phase_bits, mod 2^phase_bits
// A larger code means a later sampling instant (code / 2^phase_bits UI). The phase accumulator
// wraps modulo one UI by design (a phase interpolator is circular); nothing else wraps.
// Freeze (cfg.freeze) holds phi and f.
//
// Which sample feeds the PD (RetimerRx, docs/dsp.md "CDR"): the ADC sample of the decided
// symbol's main cursor BEFORE the FFE, x << 3 in S12.3, aligned by sample_delay = the chain
// latency (FFE pre-cursors + NLC latency). The lock point h(+1) = h(-1) is then a property
// of the channel pulse alone. Feeding the adapted FFE output instead couples the loop to the
// FFE/DFE adaptation: with the DFE cancelling h(+1) and the FFE zeroing h(-1), the PD target
// h(+1) - h(-1) = b_1 is never reached and CDR and FFE walk together by whole UIs (measured
// 6 UI in 1.4e6 symbols on the 802.3ck C2M channel); the slicer input after the DFE has no
// restoring force (h(+1) - b_1 - h(-1) ~ 0 at any phase: slow monotonic drift).
// State: (D + 1) x 12-bit sample history, 2-bit decision, f (32 b), phi (32 b).
// Ops per symbol: 2 multiplies by +-1/+-3 (shift-add: 2 adds each), 1 subtract, 3 adds
// (integral, two phase terms) and 2 rounding adds.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "halo/dsp/common.hpp"

namespace halo::dsp {

inline constexpr int kCdrMaxDelay = 64;

struct CdrConfig {
  int kp_shift = 2;     ///< proportional gain 2^16 / 2^kp_shift per unit pd, 0..40
  int ki_shift = 12;   ///< integral gain 2^16 / 2^ki_shift, 0..48
  int phase_bits = 7;   ///< phase command resolution, 2^phase_bits codes per UI, 4..12
  std::uint32_t init_phase = 0;  ///< initial phi (2^32 = 1 UI)
  bool freeze = false;
  int sample_delay = 0;  ///< D, 0..kCdrMaxDelay: the PD uses v delayed by D symbols (see above)
};

class CdrMm {
 public:
  explicit CdrMm(const CdrConfig& cfg = {});
  void configure(const CdrConfig& cfg);
  void reset() noexcept;
  /// v (S12.3, index n = decision index n; delayed internally by sample_delay) and decisions
  /// in; phase command per symbol out (empty allowed). Sizes must match.
  void process(std::span<const std::int16_t> v, std::span<const std::uint8_t> decisions,
               std::span<std::uint16_t> phase_code = {});
  [[nodiscard]] std::uint16_t phase_code() const noexcept {
    return static_cast<std::uint16_t>(phi_ >> (32 - cfg_.phase_bits));
  }
  [[nodiscard]] std::uint32_t phase() const noexcept { return phi_; }
  [[nodiscard]] std::int32_t integral() const noexcept { return f_; }
  void set_freeze(bool f) noexcept { cfg_.freeze = f; }
  [[nodiscard]] OpCounts ops() const noexcept {
    return {0, 10, static_cast<std::uint64_t>(12 * cfg_.sample_delay) + 12 + 2 + 12 + 2 + 32 + 32, 0};
  }
  [[nodiscard]] const CdrConfig& config() const noexcept { return cfg_; }

 private:
  CdrConfig cfg_;
  std::int32_t v1_ = 0, a1_ = 0, f_ = 0;
  std::array<std::int16_t, 128> vh_{};  // v history ring (>= kCdrMaxDelay + kMaxBeat)
  std::uint32_t n_ = 0;                 // input count modulo the ring
  std::uint32_t phi_ = 0;
};

}  // namespace halo::dsp

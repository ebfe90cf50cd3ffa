// Baud-rate Mueller-Muller clock and data recovery (CDR): phase detector, 2nd-order (PI) loop
// filter, integer phase command for the sampler (phase interpolator / ADC clock, or the link
// simulator's sampling instant).
//
// Per symbol n (v: equalised sample before DFE feedback, S12.3; a = 2 s - 3 decisions):
//   pd_n   = v_n a_{n-1} - v_{n-1} a_n                      S16 (Mueller-Muller type A:
//            E[pd] ~ h(+1) - h(-1); negative when sampling late)
//   f_n    = sat(f_{n-1} + pd_n, 32)                         S32 integral path
//   phi_n  = phi_{n-1} + rshift_round(pd_n * 2^16, kp_shift)
//                      + rshift_round(f_n * 2^16, ki_shift)  mod 2^32 (phase, 2^32 = 1 UI)
//   code_n = phi_n >> (32 - phase_bits)                      unsigned phase_bits, mod 2^phase_bits
// A larger code means a later sampling instant (code / 2^phase_bits UI). The phase accumulator
// wraps modulo one UI by design (a phase interpolator is circular); nothing else wraps.
// Freeze (cfg.freeze) holds phi and f. State: 2 x 12-bit sample/2-bit decision history,
// f (32 b), phi (32 b). Ops per symbol: 2 multiplies by +-1/+-3 (shift-add: 2 adds each),
// 1 subtract, 3 adds (integral, two phase terms) and 2 rounding adds.
#pragma once

#include <cstdint>
#include <span>

#include "halo/dsp/common.hpp"

namespace halo::dsp {

struct CdrConfig {
  int kp_shift = 2;     ///< proportional gain 2^16 / 2^kp_shift per unit pd, 0..40
  int ki_shift = 12;   ///< integral gain 2^16 / 2^ki_shift, 0..48
  int phase_bits = 7;   ///< phase command resolution, 2^phase_bits codes per UI, 4..12
  std::uint32_t init_phase = 0;  ///< initial phi (2^32 = 1 UI)
  bool freeze = false;
};

class CdrMm {
 public:
  explicit CdrMm(const CdrConfig& cfg = {});
  void configure(const CdrConfig& cfg);
  void reset() noexcept;
  /// v (S12.3) and decisions in; phase command per symbol out (empty allowed). Sizes must match.
  void process(std::span<const std::int16_t> v, std::span<const std::uint8_t> decisions,
               std::span<std::uint16_t> phase_code = {});
  [[nodiscard]] std::uint16_t phase_code() const noexcept {
    return static_cast<std::uint16_t>(phi_ >> (32 - cfg_.phase_bits));
  }
  [[nodiscard]] std::uint32_t phase() const noexcept { return phi_; }
  [[nodiscard]] std::int32_t integral() const noexcept { return f_; }
  void set_freeze(bool f) noexcept { cfg_.freeze = f; }
  [[nodiscard]] OpCounts ops() const noexcept { return {0, 10, 12 + 2 + 12 + 2 + 32 + 32, 0}; }
  [[nodiscard]] const CdrConfig& config() const noexcept { return cfg_; }

 private:
  CdrConfig cfg_;
  std::int32_t v1_ = 0, a1_ = 0, f_ = 0;
  std::uint32_t phi_ = 0;
};

}  // namespace halo::dsp

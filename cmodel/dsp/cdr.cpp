#include "halo/dsp/cdr.hpp"

namespace halo::dsp {

CdrMm::CdrMm(const CdrConfig& cfg) { configure(cfg); }

void CdrMm::configure(const CdrConfig& cfg) {
  require(cfg.kp_shift >= 0 && cfg.kp_shift <= 40, "CdrConfig", "kp_shift", "0..40", cfg.kp_shift);
  require(cfg.ki_shift >= 0 && cfg.ki_shift <= 48, "CdrConfig", "ki_shift", "0..48", cfg.ki_shift);
  require(cfg.phase_bits >= 4 && cfg.phase_bits <= 12, "CdrConfig", "phase_bits", "4..12",
          cfg.phase_bits);
  require(cfg.sample_delay >= 0 && cfg.sample_delay <= kCdrMaxDelay, "CdrConfig", "sample_delay",
          "0..64", cfg.sample_delay);
  cfg_ = cfg;
  reset();
}

void CdrMm::reset() noexcept {
  v1_ = a1_ = f_ = 0;
  vh_.fill(0);
  n_ = 0;
  phi_ = cfg_.init_phase;
}

void CdrMm::process(std::span<const std::int16_t> v, std::span<const std::uint8_t> decisions,
                    std::span<std::uint16_t> phase_code) {
  require(decisions.size() == v.size(), "CdrMm", "process.decisions.size", "v.size()",
          static_cast<long long>(decisions.size()));
  require(phase_code.empty() || phase_code.size() == v.size(), "CdrMm", "process.phase_code.size",
          "0 or v.size()", static_cast<long long>(phase_code.size()));
  const int kp = cfg_.kp_shift, ki = cfg_.ki_shift;
  const int sh = 32 - cfg_.phase_bits;
  const std::uint32_t dly = static_cast<std::uint32_t>(cfg_.sample_delay);
  constexpr std::uint32_t mask = static_cast<std::uint32_t>(std::tuple_size_v<decltype(vh_)>) - 1;
  // the loop state in locals (written back below): the stores to the history may alias members
  std::uint32_t n = n_, phi = phi_;
  std::int32_t v1 = v1_, a1 = a1_, f = f_;
  const bool freeze = cfg_.freeze;
  std::int16_t* const vh = vh_.data();
  for (std::size_t i = 0; i < v.size(); ++i) {
    vh[n & mask] = v[i];
    const std::int32_t u = vh[(n - dly) & mask];  // zeros before the first D inputs (reset)
    ++n;
    const std::int32_t a = fx::pam4_amp(decisions[i] & 3u);
    const std::int32_t pd = u * a1 - v1 * a;
    v1 = u;
    a1 = a;
    if (!freeze) {
      f = fx::sat32(std::int64_t{f} + pd, 32);
      const std::int64_t step = fx::rshift_round(std::int64_t{pd} * 65536, kp) +
                                fx::rshift_round(std::int64_t{f} * 65536, ki);
      phi += static_cast<std::uint32_t>(step);  // modulo 2^32 = one UI (documented)
    }
    if (!phase_code.empty()) phase_code[i] = static_cast<std::uint16_t>(phi >> sh);
  }
  n_ = n;
  phi_ = phi;
  v1_ = v1;
  a1_ = a1;
  f_ = f;
}

}  // namespace halo::dsp

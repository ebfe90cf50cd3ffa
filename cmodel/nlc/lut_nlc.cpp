#include "halo/nlc/lut_nlc.hpp"

namespace halo::nlc {

using dsp::require;
namespace fx = halo::fx;

LutNlc::LutNlc(const LutNlcConfig& cfg) { configure(cfg); }

void LutNlc::configure(const LutNlcConfig& cfg) {
  require(cfg.pattern_len >= 1 && cfg.pattern_len <= kLutMaxPattern, "LutNlcConfig",
          "pattern_len", "1..7", cfg.pattern_len);
  require(cfg.pre >= 0 && cfg.pre < cfg.pattern_len, "LutNlcConfig", "pre", "0..pattern_len-1",
          cfg.pre);
  require(cfg.level_a >= 16 && cfg.level_a <= 600, "LutNlcConfig", "level_a", "16..600",
          cfg.level_a);
  dsp::check_adapt(cfg.adapt, "LutNlcConfig");
  cfg_ = cfg;
  reset();
}

void LutNlc::reset() {
  const std::size_t entries = std::size_t{1} << (2 * cfg_.pattern_len);
  t_.assign(entries, 0);
  w_.assign(entries, 0);
  delay_.assign(static_cast<std::size_t>(cfg_.pre) + 1, 0);
  mask_ = static_cast<std::uint32_t>(entries - 1);
  addr_ = 0;
  ahist_.assign(dsp::ErrorQueue::kSize, 0);
  produced_ = 0;
  eq_.reset();
  clips_ = 0;
}

void LutNlc::set_adapt(const dsp::AdaptConfig& a) {
  dsp::check_set_adapt(a, cfg_.adapt, "LutNlc");
  cfg_.adapt = a;
}

void LutNlc::adapt(std::span<const std::int16_t> e) {
  eq_.push(produced_, e.data(), e.size(), "LutNlc");
}

void LutNlc::process(std::span<const std::int16_t> u, std::span<std::int16_t> v) {
  require(u.size() == v.size(), "LutNlc", "process.v.size", "u.size()",
          static_cast<long long>(v.size()));
  const bool adapting = cfg_.adapt.enable;
  if (adapting) eq_.check_beat(produced_, u.size(), cfg_.adapt.delay, "LutNlc");
  const auto delay = static_cast<std::uint64_t>(cfg_.adapt.delay);
  const std::int32_t ta = 2 * cfg_.level_a;
  const int mu = cfg_.adapt.mu_shift;
  const dsp::LmsMode mode = cfg_.adapt.mode;
  const std::size_t dn = delay_.size();
  constexpr std::int32_t wlo = -(1 << (kLutEntryBits + kLutGuard - 1));
  constexpr std::int32_t whi = (1 << (kLutEntryBits + kLutGuard - 1)) - 1;
  for (std::size_t i = 0; i < u.size(); ++i) {
    if (adapting && produced_ >= delay) {
      const std::uint64_t m = produced_ - delay;
      const std::uint32_t a = ahist_[m & (dsp::ErrorQueue::kSize - 1)];
      std::int32_t w = w_[a] + fx::rshift_round32(dsp::lms_gradient(mode, eq_.at(m), 1), mu);
      w = w < wlo ? wlo : (w > whi ? whi : w);
      w_[a] = w;
      t_[a] = static_cast<std::int16_t>(fx::round_sat(w, kLutGuard, kLutEntryBits));
    }
    const std::int32_t x = u[i];
    const std::uint32_t d = static_cast<std::uint32_t>((x >= -ta) + (x >= 0) + (x >= ta));
    addr_ = ((addr_ << 2) | d) & mask_;
    // delay line: slot (produced_ % dn) holds u_{n-dn+1} before overwrite -> u_{n-pre}
    const std::size_t slot = static_cast<std::size_t>(produced_ % dn);
    const std::int32_t center = dn == 1 ? x : delay_[(slot + 1) % dn];
    delay_[slot] = static_cast<std::int16_t>(x);
    std::int32_t y = center - t_[addr_];
    if (y > 2047 || y < -2048) {
      ++clips_;
      y = y > 2047 ? 2047 : -2048;
    }
    v[i] = static_cast<std::int16_t>(y);
    ahist_[produced_ & (dsp::ErrorQueue::kSize - 1)] = static_cast<std::uint16_t>(addr_);
    ++produced_;
  }
}

dsp::OpCounts LutNlc::ops() const noexcept {
  const std::uint64_t entries = std::uint64_t{1} << (2 * cfg_.pattern_len);
  dsp::OpCounts o;
  o.adds = 4;
  o.register_bits = 2 * static_cast<std::uint64_t>(cfg_.pattern_len) +
                    static_cast<std::uint64_t>(cfg_.pre + 1) * fx::kSigBits;
  o.memory_bits = entries * kLutEntryBits;
  if (cfg_.adapt.enable) {
    o.adds += 2;
    o.memory_bits += entries * (kLutEntryBits + kLutGuard);
    o.register_bits += static_cast<std::uint64_t>(cfg_.adapt.delay + 1) * 2 *
                       static_cast<std::uint64_t>(cfg_.pattern_len);
  }
  return o;
}

}  // namespace halo::nlc

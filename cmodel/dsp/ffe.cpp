#include "halo/dsp/ffe.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "kernels.hpp"

namespace halo::dsp {

namespace {
constexpr std::size_t kBufExtra = 1024;
constexpr int kOutShift = kFfeTapFrac - fx::kSigFrac;
}  // namespace

Ffe::Ffe(const FfeConfig& cfg) { configure(cfg); }

void Ffe::configure(const FfeConfig& cfg) {
  require(cfg.taps >= 1 && cfg.taps <= kFfeMaxTaps, "FfeConfig", "taps", "1..64", cfg.taps);
  require(cfg.pre >= 0 && cfg.pre < cfg.taps, "FfeConfig", "pre", "0..taps-1", cfg.pre);
  require(cfg.adc_bits >= fx::kAdcBitsMin && cfg.adc_bits <= fx::kAdcBitsMax, "FfeConfig",
          "adc_bits", "6..8", cfg.adc_bits);
  check_adapt(cfg.adapt, "FfeConfig");
  require(cfg.init_taps.empty() || cfg.init_taps.size() == static_cast<std::size_t>(cfg.taps),
          "FfeConfig", "init_taps.size", "0 or taps", static_cast<long long>(cfg.init_taps.size()));
  for (auto c : cfg.init_taps) {
    require(fx::fits(c, kFfeTapBits), "FfeConfig", "init_taps[]", "S12.8 value", c);
  }
  cfg_ = cfg;
  reset();
}

void Ffe::reset() {
  const auto t = static_cast<std::size_t>(cfg_.taps);
  std::vector<std::int32_t> c(t, 0);
  if (cfg_.init_taps.empty()) {
    c[static_cast<std::size_t>(cfg_.pre)] = 1 << kFfeTapFrac;
  } else {
    c = cfg_.init_taps;
  }
  crev_.assign(t, 0);
  wrev_.assign(t, 0);
  set_taps(c);
  const auto delay = static_cast<std::size_t>(cfg_.adapt.delay);
  xb_.assign(t - 1 + delay + kBufExtra + fx::kMaxBeat, 0);
  len_ = t - 1 + delay;  // zero history
  produced_ = 0;
  eq_.reset();
  in_clips_ = out_clips_ = 0;
}

void Ffe::set_taps(std::span<const std::int32_t> c) {
  require(c.size() == crev_.size(), "Ffe", "set_taps.size", "taps", static_cast<long long>(c.size()));
  const std::size_t t = crev_.size();
  for (std::size_t k = 0; k < t; ++k) {
    require(fx::fits(c[k], kFfeTapBits), "Ffe", "set_taps[]", "S12.8 value", c[k]);
    crev_[t - 1 - k] = static_cast<std::int16_t>(c[k]);
    wrev_[t - 1 - k] = c[k] * (1 << kFfeGuard);
  }
}

void Ffe::set_adapt(const AdaptConfig& a) {
  check_set_adapt(a, cfg_.adapt, "Ffe");
  cfg_.adapt = a;
}

std::vector<std::int32_t> Ffe::taps() const {
  std::vector<std::int32_t> c(crev_.size());
  for (std::size_t k = 0; k < c.size(); ++k) c[k] = crev_[c.size() - 1 - k];
  return c;
}

void Ffe::adapt(std::span<const std::int16_t> e) {
  eq_.push(produced_, e.data(), e.size(), "Ffe");
}

void Ffe::process(std::span<const std::int16_t> adc, std::span<std::int16_t> y) {
  require(adc.size() == y.size(), "Ffe", "process.y.size", "adc.size()",
          static_cast<long long>(y.size()));
  const bool adapting = cfg_.adapt.enable;
  if (adapting) eq_.check_beat(produced_, adc.size(), cfg_.adapt.delay, "Ffe");
  const std::size_t t = crev_.size();
  const auto delay = static_cast<std::size_t>(cfg_.adapt.delay);
  const std::size_t hist = t - 1 + delay;
  const int nb = cfg_.adc_bits;
  const std::int32_t amax = (1 << (nb - 1)) - 1, amin = -(1 << (nb - 1));
  const int up = fx::kXBits - nb;
  const auto kD = static_cast<std::uint64_t>(delay);
  const kern::CoefFormat fmt{cfg_.adapt.mu_shift, kFfeGuard, kFfeAccBits, kFfeTapBits};
  std::array<const std::int16_t*, fx::kMaxBeat> dot, upd;  // filled before use
  std::array<std::int16_t, fx::kMaxBeat> err;
  for (std::size_t done = 0; done < adc.size();) {
    const std::size_t m = std::min<std::size_t>(adc.size() - done, fx::kMaxBeat);
    if (len_ + m > xb_.size()) {
      std::memmove(xb_.data(), xb_.data() + len_ - hist, hist * sizeof(std::int16_t));
      len_ = hist;
    }
    // input saturation (branch-free: vectorises), the beat's windows and delayed errors
    std::int16_t* xin = &xb_[len_];
    std::uint32_t clips = 0;
    for (std::size_t j = 0; j < m; ++j) {
      const std::int32_t code = adc[done + j];
      const bool hi = code > amax, lo = code < amin;
      clips += static_cast<std::uint32_t>(hi | lo);
      xin[j] = static_cast<std::int16_t>((hi ? amax : (lo ? amin : code)) * (1 << up));
    }
    in_clips_ += clips;
    for (std::size_t j = 0; j < m; ++j) {
      dot[j] = xin + j + 1 - t;
      upd[j] = dot[j] - delay;
    }
    if (adapting) {  // outputs n >= kD: the error of output n - kD
      const std::size_t j0 = produced_ >= kD ? 0 : static_cast<std::size_t>(std::min<std::uint64_t>(m, kD - produced_));
      if (j0 < m) eq_.read(produced_ + j0 - kD, &err[j0], m - j0);
    }
    out_clips_ += kern::filter_beat(wrev_.data(), crev_.data(), t, upd.data(), err.data(),
                                    dot.data(), m, adapting, produced_, kD, cfg_.adapt.mode, fmt,
                                    kOutShift, &y[done]);
    len_ += m;
    produced_ += m;
    done += m;
  }
}

OpCounts Ffe::ops() const noexcept {
  const auto t = static_cast<std::uint64_t>(cfg_.taps);
  OpCounts o;
  o.multiplies = t;
  o.adds = t;  // T-1 accumulation adds + rounding
  o.register_bits = t * kFfeTapBits + (t - 1 + static_cast<std::uint64_t>(cfg_.adapt.delay)) * fx::kXBits;
  if (cfg_.adapt.enable) {
    if (cfg_.adapt.mode == LmsMode::kLms) o.multiplies += t;
    o.adds += 2 * t;  // accumulator update + requantisation
    // error queue: 2 x delay errors (the RTL's 2 D / P beats of P errors; 128 at delay 64)
    o.register_bits += t * kFfeAccBits +
                       2 * static_cast<std::uint64_t>(cfg_.adapt.delay) * fx::kErrBits;
  }
  return o;
}

}  // namespace halo::dsp

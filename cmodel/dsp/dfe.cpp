#include "halo/dsp/dfe.hpp"

#include <algorithm>

namespace halo::dsp {

Slicer::Slicer(const SlicerConfig& cfg) { configure(cfg); }

void Slicer::configure(const SlicerConfig& cfg) {
  require(cfg.level_a >= 16 && cfg.level_a <= 600, "SlicerConfig", "level_a", "16..600",
          cfg.level_a);
  require(cfg.level_mu_shift >= 1 && cfg.level_mu_shift <= 16, "SlicerConfig", "level_mu_shift",
          "1..16", cfg.level_mu_shift);
  cfg_ = cfg;
  reset();
}

void Slicer::reset() noexcept {
  const std::int32_t a = cfg_.level_a;
  for (std::uint32_t k = 0; k < 4; ++k) m_[k] = fx::pam4_amp(k) * a * (1 << kLevelGuard);
  t_ = {-2 * a, 0, 2 * a};
  count_ = 0;
}

OpCounts Slicer::ops() const noexcept {
  OpCounts o{0, 3, 3 * fx::kErrBits, 0};
  if (cfg_.adaptive) {
    o.adds += 4;  // level update (sub, add) + 2 threshold sums
    o.register_bits += 4 * (fx::kErrBits + kLevelGuard);
  }
  return o;
}

Dfe::Dfe(const DfeConfig& cfg) { configure(cfg); }

void Dfe::configure(const DfeConfig& cfg) {
  require(cfg.taps >= 0 && cfg.taps <= kDfeMaxTaps, "DfeConfig", "taps", "0..4", cfg.taps);
  check_adapt(cfg.adapt, "DfeConfig");
  require(cfg.init_taps.empty() || cfg.init_taps.size() == static_cast<std::size_t>(cfg.taps),
          "DfeConfig", "init_taps.size", "0 or taps", static_cast<long long>(cfg.init_taps.size()));
  for (auto b : cfg.init_taps) require(fx::fits(b, kDfeTapBits), "DfeConfig", "init_taps[]", "S12.3", b);
  slicer_.configure(cfg.slicer);
  cfg_ = cfg;
  reset();
}

void Dfe::reset() {
  slicer_.reset();
  b_.fill(0);
  w_.fill(0);
  a_.fill(0);
  count_ = 0;
  for (std::size_t j = 0; j < cfg_.init_taps.size(); ++j) {
    b_[j] = cfg_.init_taps[j];
    w_[j] = b_[j] * (1 << kDfeGuard);
  }
  clips_ = 0;
}

void Dfe::set_taps(std::span<const std::int32_t> b) {
  require(b.size() == static_cast<std::size_t>(cfg_.taps), "Dfe", "set_taps.size", "taps",
          static_cast<long long>(b.size()));
  for (std::size_t j = 0; j < b.size(); ++j) {
    require(fx::fits(b[j], kDfeTapBits), "Dfe", "set_taps[]", "S12.3", b[j]);
    b_[j] = b[j];
    w_[j] = b[j] * (1 << kDfeGuard);
  }
}

void Dfe::set_adapt(const AdaptConfig& a) {
  check_adapt(a, "Dfe");
  cfg_.adapt = a;
}

std::vector<std::int32_t> Dfe::taps() const {
  return {b_.begin(), b_.begin() + cfg_.taps};
}

// One stretch of symbols in which the taps B and the slicer thresholds are constant (no
// refresh falls inside it): the per-symbol recursion of the header, with the refresh counts
// left to the caller.
template <int L, bool Adapt, LmsMode M>
void Dfe::run_segment(std::span<const std::int16_t> y, std::size_t i, std::size_t end, const DfeOut& out,
                      std::array<std::int32_t, kDfeMaxTaps>& w, std::array<std::int32_t, kDfeMaxTaps>& ah,
                      const std::array<std::int32_t, kDfeMaxTaps>& b, Slicer& sl,
                      std::uint64_t& clips) const noexcept {
  const int taps = L >= 0 ? L : cfg_.taps;
  const int mu = cfg_.adapt.mu_shift;
  const std::int32_t level_a = cfg_.slicer.level_a;
  const bool adaptive = sl.config().adaptive;
  constexpr std::int32_t wlo = -(1 << (kDfeTapBits + kDfeGuard - 1));
  constexpr std::int32_t whi = (1 << (kDfeTapBits + kDfeGuard - 1)) - 1;
  std::int16_t* const zo = out.z.empty() ? nullptr : out.z.data();
  std::int16_t* const eo = out.e.empty() ? nullptr : out.e.data();
  std::uint8_t* const d = out.decisions.data();
  for (; i < end; ++i) {
    std::int32_t fb = 0;
    for (int j = 0; j < taps; ++j) fb += b[j] * ah[j];
    std::int32_t z = y[i] - fb;
    if (z > 4095 || z < -4096) {
      ++clips;
      z = z > 4095 ? 4095 : -4096;
    }
    const std::uint8_t s = sl.decide(z);
    const std::int32_t a = fx::pam4_amp(s);
    const std::int32_t e = fx::sat32(z - level_a * a, fx::kErrBits);
    if (adaptive) sl.track_level(z, s);
    if constexpr (Adapt) {
      for (int j = 0; j < taps; ++j) {
        std::int32_t v = w[j] + fx::rshift_round32(lms_gradient(M, e, ah[j]), mu);
        w[j] = std::min(std::max(v, wlo), whi);
      }
    }
    for (int j = taps - 1; j > 0; --j) ah[j] = ah[j - 1];
    ah[0] = a;
    d[i] = s;
    if (zo) zo[i] = static_cast<std::int16_t>(z);
    if (eo) eo[i] = static_cast<std::int16_t>(e);
  }
}

template <int L>
void Dfe::run(std::span<const std::int16_t> y, const DfeOut& out) noexcept {
  const int taps = L >= 0 ? L : cfg_.taps;
  const bool adapting = cfg_.adapt.enable && taps > 0;
  const LmsMode mode = cfg_.adapt.mode;
  // Local copies: the uint8 decision output may alias any member, which would force the
  // compiler to reload the state from memory every symbol.
  std::array<std::int32_t, kDfeMaxTaps> b = b_, w = w_, ah = a_;
  Slicer sl = slicer_;
  const bool adaptive = sl.config().adaptive;
  int count = count_;
  std::uint64_t clips = 0;
  const std::size_t n = y.size();
  for (std::size_t i = 0; i < n;) {
    // up to the next refresh of the taps (every kThresholdPeriod adapted symbols) or of the
    // slicer thresholds (every kThresholdPeriod tracked symbols)
    std::size_t end = n;
    if (adapting) end = std::min(end, i + static_cast<std::size_t>(kThresholdPeriod - count));
    if (adaptive) end = std::min(end, i + static_cast<std::size_t>(sl.symbols_to_refresh()));
    if (!adapting) {
      run_segment<L, false, LmsMode::kLms>(y, i, end, out, w, ah, b, sl, clips);
    } else if (mode == LmsMode::kLms) {
      run_segment<L, true, LmsMode::kLms>(y, i, end, out, w, ah, b, sl, clips);
    } else if (mode == LmsMode::kSignData) {
      run_segment<L, true, LmsMode::kSignData>(y, i, end, out, w, ah, b, sl, clips);
    } else {
      run_segment<L, true, LmsMode::kSignSign>(y, i, end, out, w, ah, b, sl, clips);
    }
    const int seg = static_cast<int>(end - i);
    if (adaptive) sl.advance(seg);
    // Taps are refreshed from the accumulators every kThresholdPeriod symbols (like the
    // slicer thresholds), so that they are constant inside any beat of a P-parallel RTL
    // (P divides 32) and the decision loop can use the speculative structure.
    if (adapting && (count += seg) == kThresholdPeriod) {
      count = 0;
      for (int j = 0; j < taps; ++j)
        b[j] = std::min((w[j] + (1 << (kDfeGuard - 1))) >> kDfeGuard, (1 << (kDfeTapBits - 1)) - 1);
    }
    i = end;
  }
  b_ = b;
  w_ = w;
  a_ = ah;
  count_ = count;
  slicer_ = sl;
  clips_ += clips;
}

void Dfe::process(std::span<const std::int16_t> y, const DfeOut& out) {
  const std::size_t n = y.size();
  require(out.decisions.size() == n, "Dfe", "process.decisions.size", "y.size()",
          static_cast<long long>(out.decisions.size()));
  require(out.z.empty() || out.z.size() == n, "Dfe", "process.z.size", "0 or y.size()",
          static_cast<long long>(out.z.size()));
  require(out.e.empty() || out.e.size() == n, "Dfe", "process.e.size", "0 or y.size()",
          static_cast<long long>(out.e.size()));
  switch (cfg_.taps) {
    case 0: run<0>(y, out); break;
    case 1: run<1>(y, out); break;
    default: run<-1>(y, out); break;
  }
}

OpCounts Dfe::ops() const noexcept {
  const auto l = static_cast<std::uint64_t>(cfg_.taps);
  OpCounts o = slicer_.ops();
  o.adds += 2 * l + 2;  // a*B as shift-add (2 adds each: B*3 = B + 2B), feedback sum, error
  o.register_bits += l * (kDfeTapBits + 2);
  if (cfg_.adapt.enable && l > 0) {
    o.adds += 2 * l;
    o.register_bits += l * (kDfeTapBits + kDfeGuard);
  }
  return o;
}

}  // namespace halo::dsp

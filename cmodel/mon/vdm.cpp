// CMIS VDM link-health monitor (see halo/mon/vdm.hpp for every formula and format).
#include <algorithm>
#include <stdexcept>
#include <string>

#include "halo/dsp/common.hpp"
#include "halo/mon/vdm.hpp"
#include "halo/mon/vdm_format.hpp"

namespace halo::mon {

using dsp::require;

namespace {
constexpr std::uint64_t kMaxWindowSymbols = std::uint64_t{1} << 24;
constexpr const char* kNames[kVdmObsCount] = {"esnr",     "ltp",      "ber_cur",  "ber_min",
                                              "ber_max",  "ber_avg",  "ferc_cur", "ferc_min",
                                              "ferc_max", "ferc_avg", "fec_tail"};
constexpr std::size_t idx(VdmObs o) { return static_cast<std::size_t>(o); }
}  // namespace

const char* vdm_obs_name(VdmObs o) noexcept { return kNames[idx(o)]; }

bool vdm_obs_is_f16(VdmObs o) noexcept {
  return o != VdmObs::kEsnr && o != VdmObs::kLtp && o != VdmObs::kFecTail;
}

VdmMonitor::VdmMonitor(const VdmConfig& cfg) { configure(cfg); }

void VdmMonitor::configure(const VdmConfig& cfg) {
  require(cfg.level_a >= 1 && cfg.level_a <= 4095, "VdmConfig", "level_a", "1..4095", cfg.level_a);
  for (int i = 0; i < kVdmObsCount; ++i) {
    const auto o = static_cast<VdmObs>(i);
    const VdmThresholds& t = cfg.thresholds[static_cast<std::size_t>(i)];
    if (!t.enabled) continue;
    const std::string f = std::string("thresholds.") + vdm_obs_name(o);
    const auto lt = [&](std::uint16_t a, std::uint16_t b) {
      return vdm_obs_is_f16(o) ? !f16_less(b, a) : a <= b;  // a <= b
    };
    require(lt(t.lo_alarm, t.lo_warn), "VdmConfig", (f + ".lo_alarm").c_str(), "<= lo_warn", t.lo_alarm);
    require(lt(t.lo_warn, t.hi_warn), "VdmConfig", (f + ".lo_warn").c_str(), "<= hi_warn", t.lo_warn);
    require(lt(t.hi_warn, t.hi_alarm), "VdmConfig", (f + ".hi_warn").c_str(), "<= hi_alarm", t.hi_warn);
    require(!vdm_obs_is_f16(o) || t.hysteresis == 0, "VdmConfig", (f + ".hysteresis").c_str(),
            "0 for an F16 observable", t.hysteresis);
  }
  cfg_ = cfg;
  reset();
}

void VdmMonitor::reset() {
  n_ = {};
  s_ = {};
  q_ = {};
  symbols_ = bits_ = bit_err_ = frames_ = frame_err_ = 0;
  hist_ = {};
  clear_statistics();
  active_ = {};
  latched_ = {};
  window_ = 0;
}

void VdmMonitor::process(std::span<const std::int16_t> z, std::span<const std::uint8_t> d) {
  require(z.size() == d.size(), "VdmMonitor", "process.decisions.size", "z.size()",
          static_cast<long long>(d.size()));
  require(symbols_ + z.size() <= kMaxWindowSymbols, "VdmMonitor", "window_symbols", "<= 2^24 per window",
          static_cast<long long>(symbols_ + z.size()));
  const std::int64_t a = cfg_.level_a;
  for (std::size_t i = 0; i < z.size(); ++i) {
    const unsigned k = d[i] & 3u;
    const std::int64_t e = static_cast<std::int64_t>(z[i]) - a * fx::pam4_amp(k);
    ++n_[k];
    s_[k] += e;
    q_[k] += static_cast<std::uint64_t>(e * e);
  }
  symbols_ += z.size();
}

void VdmMonitor::add_bits(std::uint64_t bits, std::uint64_t bit_errors) noexcept {
  bits_ += bits;
  bit_err_ += bit_errors;
}

void VdmMonitor::add_codeword(unsigned symbol_errors, bool uncorrectable) noexcept {
  ++frames_;
  if (uncorrectable) {
    ++frame_err_;
    ++hist_[16];
  } else {
    ++hist_[std::min(symbol_errors, 15u)];
  }
}

void VdmMonitor::clear_statistics() noexcept {
  ber_ = {};
  ferc_ = {};
}

std::uint16_t VdmMonitor::RatioStat::update(std::uint64_t n, std::uint64_t d) noexcept {
  const std::uint16_t cur = f16_from_ratio(n, d);
  if (!have) {
    min = max = cur;
    have = true;
  } else {
    if (f16_less(cur, min)) min = cur;
    if (f16_less(max, cur)) max = cur;
  }
  num += n;
  den += d;
  return cur;
}

VdmLevelFigures vdm_level_figures(const std::array<std::uint32_t, 4>& n, const std::array<std::int64_t, 4>& s,
                                  const std::array<std::uint64_t, 4>& q, std::int32_t level_a) noexcept {
  VdmLevelFigures f;
  f.valid = n[0] && n[1] && n[2] && n[3];
  if (f.valid) {
    std::array<std::int64_t, 4> mu{};
    std::array<std::uint64_t, 4> sig{};
    std::uint64_t wsum = 0, ntot = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const auto nk = static_cast<std::int64_t>(n[k]);
      const std::int64_t num = s[k] * 256;
      // round half up: floor((2 num + n) / (2 n))
      const std::int64_t m = (2 * num + nk) >= 0 ? (2 * num + nk) / (2 * nk) : -((-(2 * num + nk) + 2 * nk - 1) / (2 * nk));
      const std::int64_t cross = (m * s[k]) >> 8;
      const std::int64_t w = static_cast<std::int64_t>(q[k]) - cross;
      const std::uint64_t wk = w > 0 ? static_cast<std::uint64_t>(w) : 0;
      const std::uint64_t var = (wk << 8) / n[k];
      sig[k] = isqrt_u64(var << 8);
      mu[k] = 256 * level_a * fx::pam4_amp(static_cast<std::uint32_t>(k)) + m;
      wsum += wk;
      ntot += n[k];
    }
    const std::uint64_t noise = (wsum << 8) / ntot;
    const std::int64_t tot = mu[0] + mu[1] + mu[2] + mu[3];
    std::uint64_t signal = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const std::int64_t dk = 4 * mu[k] - tot;
      signal += static_cast<std::uint64_t>(dk * dk);
    }
    f.esnr = noise ? db_u16_from_ratio(signal, noise * 64 * 256) : 0xFFFF;
    std::uint16_t ltp = 0xFFFF;
    for (std::size_t i = 0; i < 3; ++i) {
      const std::int64_t diff = mu[i + 1] - mu[i];
      const std::uint64_t den = sig[i] + sig[i + 1];
      std::uint16_t x = 0;
      if (diff > 0) x = den ? db_u16_from_ratio(static_cast<std::uint64_t>(diff * diff), den * den) : 0xFFFF;
      ltp = std::min(ltp, x);
    }
    f.ltp = ltp;
  }
  return f;
}

VdmSample VdmMonitor::end_window() {
  VdmSample s;
  s.window = window_++;
  s.symbols = symbols_;
  s.bits = bits_;
  s.bit_errors = bit_err_;
  s.frames = frames_;
  s.errored_frames = frame_err_;
  s.fec_hist = hist_;
  auto& v = s.value;
  // --- eSNR and LTP from the per-level slicer error statistics
  const VdmLevelFigures lf = vdm_level_figures(n_, s_, q_, cfg_.level_a);
  s.levels_valid = lf.valid;
  if (lf.valid) {
    v[idx(VdmObs::kEsnr)] = lf.esnr;
    v[idx(VdmObs::kLtp)] = lf.ltp;
  }
  // --- pre-FEC BER and errored frames: current, min, max, interval average
  if (bits_ > 0) v[idx(VdmObs::kBerCur)] = ber_.update(bit_err_, bits_);
  v[idx(VdmObs::kBerMin)] = ber_.min;
  v[idx(VdmObs::kBerMax)] = ber_.max;
  v[idx(VdmObs::kBerAvg)] = f16_from_ratio(ber_.num, ber_.den);
  if (frames_ > 0) v[idx(VdmObs::kFercCur)] = ferc_.update(frame_err_, frames_);
  v[idx(VdmObs::kFercMin)] = ferc_.min;
  v[idx(VdmObs::kFercMax)] = ferc_.max;
  v[idx(VdmObs::kFercAvg)] = f16_from_ratio(ferc_.num, ferc_.den);
  std::uint16_t tail = 0;
  for (std::uint16_t b = 0; b < 17; ++b)
    if (hist_[b]) tail = b;
  v[idx(VdmObs::kFecTail)] = tail;

  eval_flags(s);
  // next window
  n_ = {};
  s_ = {};
  q_ = {};
  symbols_ = bits_ = bit_err_ = frames_ = frame_err_ = 0;
  hist_ = {};
  return s;
}

void VdmMonitor::eval_flags(VdmSample& s) {
  for (int i = 0; i < kVdmObsCount; ++i) {
    const auto o = static_cast<VdmObs>(i);
    const auto ui = static_cast<std::size_t>(i);
    const VdmThresholds& t = cfg_.thresholds[ui];
    std::uint8_t act = 0;
    const bool skip = !t.enabled || ((o == VdmObs::kEsnr || o == VdmObs::kLtp) && !s.levels_valid) ||
                      ((o == VdmObs::kBerCur) && s.bits == 0) || ((o == VdmObs::kFercCur) && s.frames == 0);
    if (!skip) {
      const std::uint16_t x = s.value[ui];
      const bool f16 = vdm_obs_is_f16(o);
      const auto gt = [&](std::uint16_t a, std::uint16_t b) { return f16 ? f16_less(b, a) : a > b; };
      const int h = t.hysteresis;
      const std::uint8_t prev = active_[ui];
      // a high condition: set when x > thr; if it was active, it stays until x <= thr - h
      const auto high = [&](std::uint16_t thr, std::uint8_t bit) {
        const bool was = (prev & bit) != 0;
        const bool on = gt(x, thr) || (was && h > 0 && static_cast<int>(x) > static_cast<int>(thr) - h);
        if (on) act |= bit;
      };
      const auto low = [&](std::uint16_t thr, std::uint8_t bit) {
        const bool was = (prev & bit) != 0;
        const bool on = gt(thr, x) || (was && h > 0 && static_cast<int>(x) < static_cast<int>(thr) + h);
        if (on) act |= bit;
      };
      high(t.hi_alarm, kHighAlarm);
      high(t.hi_warn, kHighWarning);
      low(t.lo_warn, kLowWarning);
      low(t.lo_alarm, kLowAlarm);
    }
    active_[ui] = act;
    latched_[ui] = static_cast<std::uint8_t>(latched_[ui] | act);
  }
  s.active = active_;
  s.latched = latched_;
}

std::array<std::uint8_t, kVdmObsCount> VdmMonitor::read_and_clear_flags() noexcept {
  const auto f = latched_;
  latched_ = {};
  return f;
}

}  // namespace halo::mon

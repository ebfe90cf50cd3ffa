// Link-health monitoring of a drifting simulated link (see halo/sim/link_monitor.hpp).
#include "halo/sim/link_monitor.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "halo/mon/vdm_format.hpp"

namespace halo::sim {
namespace {

using mon::VdmObs;

constexpr const char* kFlagNames[4] = {"high_alarm", "low_alarm", "high_warning", "low_warning"};

std::string flag_list(std::uint8_t f) {
  std::string s;
  for (int b = 0; b < 4; ++b)
    if (f & (1u << b)) s += std::string(s.empty() ? "" : ",") + kFlagNames[b];
  return s;
}

}  // namespace

double vdm_value(VdmObs o, std::uint16_t raw) {
  if (mon::vdm_obs_is_f16(o)) return mon::f16_to_double(raw);
  if (o == VdmObs::kFecTail) return raw;
  return mon::db_u16_to_double(raw);
}

MonitorSeries run_monitor(const MonitorConfig& cfg_in) {
  if (cfg_in.temperature_c.enabled && !cfg_in.link.optical.enabled)
    throw ConfigError("monitor.drift.temperature_c: needs an optical link (optical.enabled: true)");
  LinkConfig link = cfg_in.link;
  const std::uint64_t W = cfg_in.window_symbols;
  const std::uint64_t span = W * cfg_in.windows;
  const std::uint64_t train = link.rx.training_symbols;
  // measurement starts after training (run_time_domain trains min(training, symbols / 2))
  link.symbols = std::max<std::uint64_t>(train + span + 2 * link.block_symbols, 2 * train);
  if (cfg_in.temperature_c.enabled) link.optical.temperature_c = cfg_in.temperature_c.start;
  if (cfg_in.rx_noise_mv.enabled) link.rx.noise_rms_mv = cfg_in.rx_noise_mv.start;
  validate(link, link.name);
  const LinkModel model = build_model(link);

  MonitorSeries out;
  mon::VdmMonitor vdm(cfg_in.vdm);
  std::vector<std::int16_t> zbuf;
  std::vector<std::uint8_t> dbuf;
  zbuf.reserve(link.block_symbols);
  dbuf.reserve(link.block_symbols);
  std::uint64_t in_window = 0, bits = 0, bit_err = 0;
  const auto flush = [&] {
    vdm.process(zbuf, dbuf);
    vdm.add_bits(bits, bit_err);
    zbuf.clear();
    dbuf.clear();
    bits = bit_err = 0;
  };
  TdHooks hooks;
  hooks.conditions = [&](std::uint64_t n0, TdConditions& c) {
    const double f = n0 < train ? 0.0 : std::min(1.0, static_cast<double>(n0 - train) / static_cast<double>(span));
    if (cfg_in.temperature_c.enabled) c.temperature_c = cfg_in.temperature_c.at(f);
    if (cfg_in.rx_noise_mv.enabled) c.rx_noise_mv = cfg_in.rx_noise_mv.at(f);
  };
  hooks.block = [&](const TdBlockView& b) {
    std::size_t cw = 0;
    for (std::size_t k = 0; k < b.decisions.size(); ++k) {
      if (out.samples.size() >= cfg_in.windows) return;
      if (b.bit_errors[k] == 255) continue;
      const long q = std::lround(static_cast<double>(b.slicer[k]) * 768.0);
      zbuf.push_back(static_cast<std::int16_t>(std::clamp(q, -4096l, 4095l)));
      dbuf.push_back(b.decisions[k]);
      bits += 2;
      bit_err += b.bit_errors[k];
      for (; cw < b.codewords.size() && b.codewords[cw].symbol == k; ++cw)
        vdm.add_codeword(b.codewords[cw].symbol_errors, b.codewords[cw].uncorrectable);
      if (++in_window == W) {
        flush();
        out.samples.push_back(vdm.end_window());
        in_window = 0;
      } else if (zbuf.size() >= 4096) {
        vdm.process(zbuf, dbuf);
        zbuf.clear();
        dbuf.clear();
      }
    }
  };
  out.td = run_time_domain(link, model, {}, nullptr, &hooks);
  if (out.samples.size() != cfg_in.windows)
    throw std::runtime_error("run_monitor: " + std::to_string(out.samples.size()) + " of " +
                             std::to_string(cfg_in.windows) + " windows measured");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::array<std::uint8_t, mon::kVdmObsCount> prev{};
  for (unsigned w = 0; w < cfg_in.windows; ++w) {
    const double f = (w + 0.5) / cfg_in.windows;
    out.temperature_c.push_back(cfg_in.temperature_c.enabled ? cfg_in.temperature_c.at(f) : nan);
    out.rx_noise_mv.push_back(cfg_in.rx_noise_mv.enabled ? cfg_in.rx_noise_mv.at(f) : nan);
    const auto& s = out.samples[w];
    for (int i = 0; i < mon::kVdmObsCount; ++i) {
      const auto ui = static_cast<std::size_t>(i);
      for (std::uint8_t b = 0; b < 4; ++b) {
        const std::uint8_t bit = static_cast<std::uint8_t>(1u << b);
        const bool now = s.active[ui] & bit, was = prev[ui] & bit;
        if (now != was)
          out.events.push_back({w, mon::vdm_obs_name(static_cast<VdmObs>(i)), kFlagNames[b], now ? "set" : "clear",
                                vdm_value(static_cast<VdmObs>(i), s.value[ui])});
      }
    }
    prev = s.active;
  }
  return out;
}

nlohmann::json monitor_json(const MonitorConfig& cfg, const MonitorSeries& s) {
  using nlohmann::json;
  const double t_window_us = static_cast<double>(cfg.window_symbols) / (cfg.link.symbol_rate_gbd * 1e3);
  json th = json::object();
  for (int i = 0; i < mon::kVdmObsCount; ++i) {
    const auto o = static_cast<VdmObs>(i);
    const auto& t = cfg.vdm.thresholds[static_cast<std::size_t>(i)];
    if (!t.enabled) continue;
    th[mon::vdm_obs_name(o)] = {{"hi_alarm", vdm_value(o, t.hi_alarm)}, {"hi_warn", vdm_value(o, t.hi_warn)},
                                {"lo_warn", vdm_value(o, t.lo_warn)}, {"lo_alarm", vdm_value(o, t.lo_alarm)},
                                {"hysteresis", vdm_value(o, t.hysteresis)},
                                {"raw", {t.hi_alarm, t.hi_warn, t.lo_warn, t.lo_alarm, t.hysteresis}}};
  }
  const auto opt = [](double x) { return std::isnan(x) ? json(nullptr) : json(x); };
  json wins = json::array();
  for (std::size_t w = 0; w < s.samples.size(); ++w) {
    const auto& v = s.samples[w];
    json j = {{"window", v.window},
              {"t_start_us", t_window_us * static_cast<double>(w)},
              {"t_end_us", t_window_us * static_cast<double>(w + 1)},
              {"temperature_c", opt(s.temperature_c[w])},
              {"rx_noise_mv", opt(s.rx_noise_mv[w])},
              {"symbols", v.symbols}, {"bits", v.bits}, {"bit_errors", v.bit_errors},
              {"frames", v.frames}, {"errored_frames", v.errored_frames},
              {"levels_valid", v.levels_valid}, {"fec_hist", v.fec_hist}};
    json raw = json::object(), act = json::object(), lat = json::object();
    for (int i = 0; i < mon::kVdmObsCount; ++i) {
      const auto o = static_cast<VdmObs>(i);
      const auto ui = static_cast<std::size_t>(i);
      const std::string nm = mon::vdm_obs_name(o);
      const bool valid = v.levels_valid || (o != VdmObs::kEsnr && o != VdmObs::kLtp);
      if (o == VdmObs::kFecTail) j[nm] = v.value[ui];  // symbol errors (integer)
      else j[nm + (mon::vdm_obs_is_f16(o) ? "" : "_db")] = valid ? json(vdm_value(o, v.value[ui])) : json(nullptr);
      raw[nm] = v.value[ui];
      if (v.active[ui]) act[nm] = flag_list(v.active[ui]);
      if (v.latched[ui]) lat[nm] = flag_list(v.latched[ui]);
    }
    j["raw"] = raw;
    j["active"] = act;
    j["latched"] = lat;
    wins.push_back(j);
  }
  json ev = json::array();
  for (const auto& e : s.events)
    ev.push_back({{"window", e.window}, {"observable", e.observable}, {"flag", e.flag}, {"edge", e.edge},
                  {"value", e.value}});
  const auto ramp = [](const Ramp& r) { return r.enabled ? json({r.start, r.end}) : json(nullptr); };
  return {{"name", cfg.link.name},
          {"symbol_rate_gbd", cfg.link.symbol_rate_gbd},
          {"windows", cfg.windows},
          {"window_symbols", cfg.window_symbols},
          {"window_us", t_window_us},
          {"drift", {{"temperature_c", ramp(cfg.temperature_c)}, {"rx_noise_mv", ramp(cfg.rx_noise_mv)}}},
          {"thresholds", th},
          {"samples", wins},
          {"events", ev},
          {"time_domain", {{"measured_symbols", s.td.measured}, {"ber", s.td.ber}, {"ser", s.td.ser},
                           {"codewords", s.td.codewords}, {"uncorrectable", s.td.uncorrectable},
                           {"receiver", s.td.rx_name}, {"seconds", s.td.seconds}}}};
}

}  // namespace halo::sim

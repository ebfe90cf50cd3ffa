// Loader of the `halolink monitor` config (halo/sim/link_monitor.hpp): the link config plus a
// `monitor:` section, checked against monitor_schema() (schema_link.cpp).
#include <cmath>
#include <limits>

#include "halo/config/schemas.hpp"
#include "halo/mon/vdm_format.hpp"
#include "halo/sim/link_monitor.hpp"
#include "link_loader.hpp"

namespace halo::sim {
namespace {

using config::Node;
using mon::VdmObs;

Ramp read_ramp(const Node& d, const char* key) {
  Ramp r;
  if (!d.has(key)) return r;
  const auto v = d.list(key);  // [start, end], range checked by the schema
  r.enabled = true;
  r.start = v[0];
  r.end = v[1];
  return r;
}

// one observable's thresholds in engineering units -> raw register values
mon::VdmThresholds read_thresholds(const Node& n, VdmObs o) {
  const bool f16 = mon::vdm_obs_is_f16(o), tail = o == VdmObs::kFecTail;
  // ordering lo_alarm <= lo_warn <= hi_warn <= hi_alarm, omitted warnings at their alarm level
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const double hi_alarm = n.has("hi_alarm") ? n.num("hi_alarm") : kInf;
  const double hi_warn = n.has("hi_warn") ? n.num("hi_warn") : hi_alarm;
  const double lo_alarm = n.has("lo_alarm") ? n.num("lo_alarm") : -kInf;
  const double lo_warn = n.has("lo_warn") ? n.num("lo_warn") : lo_alarm;
  if (lo_alarm > lo_warn) n.fail("lo_alarm", "lo_alarm <= lo_warn (" + config::fmt_number(lo_warn) + ")", config::fmt_number(lo_alarm));
  if (lo_warn > hi_warn) n.fail("lo_warn", "lo_warn <= hi_warn (" + config::fmt_number(hi_warn) + ")", config::fmt_number(lo_warn));
  if (hi_warn > hi_alarm) n.fail("hi_warn", "hi_warn <= hi_alarm (" + config::fmt_number(hi_alarm) + ")", config::fmt_number(hi_warn));
  const auto raw = [&](const char* key, std::uint16_t def) -> std::uint16_t {
    if (!n.has(key)) return def;
    if (f16) return mon::f16_from_double(n.num(key));
    if (tail) return static_cast<std::uint16_t>(n.uint(key));
    return static_cast<std::uint16_t>(std::lround(n.num(key) * 256));
  };
  mon::VdmThresholds t;
  t.enabled = true;
  t.hi_alarm = raw("hi_alarm", 0xFFFF);
  t.hi_warn = raw("hi_warn", t.hi_alarm);
  t.lo_alarm = raw("lo_alarm", 0);
  t.lo_warn = raw("lo_warn", t.lo_alarm);
  if (!f16 && n.has("hysteresis")) t.hysteresis = raw("hysteresis", 0);  // F16 schema has no hysteresis
  return t;
}

MonitorConfig read_monitor(const config::Document& doc) {
  MonitorConfig cfg;
  cfg.link = detail::read_link(doc);
  const Node m = doc.root().sub("monitor");
  if (!m.present()) return cfg;
  cfg.windows = static_cast<unsigned>(m.uint("windows"));
  cfg.window_symbols = m.uint("window_symbols");
  if (const Node d = m.sub("drift"); d.present()) {
    cfg.temperature_c = read_ramp(d, "temperature_c");
    cfg.rx_noise_mv = read_ramp(d, "rx_noise_mv");
    if (cfg.temperature_c.enabled && !cfg.link.optical.enabled)
      d.fail("temperature_c",
             "an optical link (optical.enabled: true): the temperature drives the modulator bias drift",
             "an electrical link");
  }
  if (const Node t = m.sub("thresholds"); t.present())
    for (int i = 0; i < mon::kVdmObsCount; ++i) {
      const auto o = static_cast<VdmObs>(i);
      if (const Node n = t.sub(mon::vdm_obs_name(o)); n.present())
        cfg.vdm.thresholds[static_cast<std::size_t>(i)] = read_thresholds(n, o);
    }
  try {
    mon::VdmMonitor check(cfg.vdm);
  } catch (const std::invalid_argument& e) {  // "VdmConfig.thresholds.esnr.lo_warn: expected ..."
    std::string w = e.what();
    if (w.rfind("VdmConfig.", 0) == 0) w = w.substr(10);
    const std::string path = "monitor." + w.substr(0, w.find(':'));
    throw config::ConfigError(doc.file(), doc.line_of(path), path, "a valid VDM configuration", w,
                              w.substr(std::min(w.size(), w.find(':') + 2)));
  }
  return cfg;
}

}  // namespace

MonitorConfig parse_monitor_config(const std::string& text, const std::string& name,
                                   const std::filesystem::path& base) {
  return read_monitor(config::Document::parse(text, name, config::monitor_schema(), base));
}

MonitorConfig load_monitor_config(const std::filesystem::path& file) {
  return read_monitor(config::Document::load(file, config::monitor_schema()));
}

}  // namespace halo::sim

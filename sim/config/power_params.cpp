// Loader of the power parameter file (halo/sim/power_model.hpp) over the schema-checked reader
// (power_params_schema(), schema_compare.cpp).
#include "halo/config/schemas.hpp"
#include "halo/sim/power_model.hpp"

namespace halo::sim {
namespace {

std::string fmt_range(double lo, double v, double hi) {
  return "low " + config::fmt_number(lo) + ", value " + config::fmt_number(v) + ", high " + config::fmt_number(hi);
}

std::map<std::string, Param> read_section(const config::Node& sec) {
  std::map<std::string, Param> out;
  for (const auto& key : sec.keys()) {
    const config::Node e = sec.entry(key);
    Param p;
    p.value = e.num("value");
    p.source = e.str("source");
    if (p.source.empty()) e.fail("source", "the source of the number (non-empty text)", "an empty text");
    if (e.has("low")) p.low = e.num("low");
    if (e.has("high")) p.high = e.num("high");
    if (e.has("bounds")) p.bounds = e.str("bounds");
    if (p.low.has_value() != p.high.has_value())
      e.fail(p.low ? "high" : "low", "low and high together (the sensitivity range)", "only one of them");
    if (p.low && !(*p.low <= p.value && p.value <= *p.high))
      e.fail("low", "low <= value <= high", fmt_range(*p.low, p.value, *p.high));
    out[key] = p;
  }
  return out;
}

PowerParams read_power_params(const config::Document& doc) {
  const config::Node r = doc.root();
  PowerParams p;
  p.file = doc.file();
  p.energy_45nm = read_section(r.sub("energy_45nm"));
  p.node_scale = read_section(r.sub("node_scale"));
  p.digital = read_section(r.sub("digital"));
  p.analog = read_section(r.sub("analog"));
  p.fec = read_section(r.sub("fec"));
  p.latency = read_section(r.sub("latency"));
  p.standby = read_section(r.sub("standby"));
  return p;
}

}  // namespace

const Param& PowerParams::get(const std::string& section, const std::string& key) const {
  const std::map<std::string, Param>* m = nullptr;
  if (section == "energy_45nm") m = &energy_45nm;
  else if (section == "node_scale") m = &node_scale;
  else if (section == "digital") m = &digital;
  else if (section == "analog") m = &analog;
  else if (section == "fec") m = &fec;
  else if (section == "latency") m = &latency;
  else if (section == "standby") m = &standby;
  if (!m) throw config::ConfigError(file, 0, section, "a section of the power parameters", "no such section");
  const auto it = m->find(key);
  if (it == m->end()) throw config::ConfigError(file, 0, section + "." + key, "{value, source}", "no such key");
  return it->second;
}

Param& PowerParams::at(const std::string& section, const std::string& key) {
  return const_cast<Param&>(get(section, key));
}

std::vector<std::pair<std::string, std::string>> PowerParams::keys() const {
  std::vector<std::pair<std::string, std::string>> out;
  const std::pair<const char*, const std::map<std::string, Param>*> secs[] = {
      {"energy_45nm", &energy_45nm}, {"node_scale", &node_scale}, {"digital", &digital}, {"analog", &analog},
      {"fec", &fec},                 {"latency", &latency},       {"standby", &standby}};
  for (const auto& [name, m] : secs)
    for (const auto& kv : *m) out.emplace_back(name, kv.first);
  return out;
}

Calibration load_calibration(const std::filesystem::path& file) {
  const config::Document doc = config::Document::load(file, config::calibration_schema());
  const config::Node r = doc.root();
  Calibration c;
  c.file = doc.file();
  c.tolerance = r.num("tolerance");
  for (const config::Node& n : r.items("rows")) {
    CalibrationRow row;
    row.id = n.str("id");
    row.module = n.str("module");
    row.arch = n.str("arch");
    row.node = n.str("node");
    row.lanes = static_cast<unsigned>(n.uint("lanes"));
    row.symbol_rate_gbd = n.num("symbol_rate_gbd");
    row.lane_rate_gbps = n.num("lane_rate_gbps");
    row.published_w = n.num("published_w");
    row.source = n.str("source");
    if (row.source.empty()) n.fail("source", "where the figure is published (non-empty)", "an empty text");
    c.rows.push_back(row);
  }
  return c;
}

PowerParams parse_power_params(const std::string& text, const std::string& name) {
  return read_power_params(config::Document::parse(text, name, config::power_params_schema(), "."));
}

PowerParams load_power_params(const std::filesystem::path& file) {
  return read_power_params(config::Document::load(file, config::power_params_schema()));
}

}  // namespace halo::sim

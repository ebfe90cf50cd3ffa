// Loader of the power parameter file (halo/sim/power_model.hpp) over the schema-checked reader
// (power_params_schema(), schema_compare.cpp).
#include "halo/config/schemas.hpp"
#include "halo/sim/power_model.hpp"

namespace halo::sim {
namespace {

std::map<std::string, Param> read_section(const config::Node& sec) {
  std::map<std::string, Param> out;
  for (const auto& key : sec.keys()) {
    const config::Node e = sec.entry(key);
    Param p;
    p.value = e.num("value");
    p.source = e.str("source");
    if (p.source.empty()) e.fail("source", "the source of the number (non-empty text)", "an empty text");
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

PowerParams parse_power_params(const std::string& text, const std::string& name) {
  return read_power_params(config::Document::parse(text, name, config::power_params_schema(), "."));
}

PowerParams load_power_params(const std::filesystem::path& file) {
  return read_power_params(config::Document::load(file, config::power_params_schema()));
}

}  // namespace halo::sim

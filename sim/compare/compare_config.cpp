// YAML loader of the compare configuration and the claims file (compare_config.hpp).
#include "halo/sim/compare_config.hpp"

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

namespace halo::sim {
namespace {

/// A YAML map with its field path; rejects unknown keys and names the field in every error.
class Node {
 public:
  Node(YAML::Node n, std::string path, std::string file) : n_(std::move(n)), path_(std::move(path)), file_(std::move(file)) {
    if (n_ && !n_.IsNull() && !n_.IsMap()) fail("", "expected a map");
  }
  [[noreturn]] void fail(const std::string& key, const std::string& what) const {
    throw ConfigError(file_ + ": " + field(key) + ": " + what);
  }
  std::string field(const std::string& key) const { return path_.empty() ? key : (key.empty() ? path_ : path_ + "." + key); }
  bool has(const std::string& key) {
    seen_.insert(key);
    return n_ && n_.IsMap() && n_[key] && !n_[key].IsNull();
  }
  double num(const std::string& key, double def, double lo = -1e300, double hi = 1e300) {
    if (!has(key)) return def;
    double v = 0;
    try {
      v = n_[key].as<double>();
    } catch (const YAML::Exception&) {
      fail(key, "expected a number");
    }
    if (!std::isfinite(v) || v < lo || v > hi) {
      std::ostringstream os;
      os << "expected a number in [" << lo << ", " << hi << "], got " << v;
      fail(key, os.str());
    }
    return v;
  }
  unsigned uint(const std::string& key, unsigned def, unsigned lo, unsigned hi) {
    const double v = num(key, def, lo, hi);
    if (v != std::floor(v)) fail(key, "expected an integer");
    return static_cast<unsigned>(v);
  }
  bool flag(const std::string& key, bool def) {
    if (!has(key)) return def;
    try {
      return n_[key].as<bool>();
    } catch (const YAML::Exception&) {
      fail(key, "expected true or false");
    }
  }
  std::string str(const std::string& key, const std::string& def) {
    if (!has(key)) return def;
    try {
      return n_[key].as<std::string>();
    } catch (const YAML::Exception&) {
      fail(key, "expected a string");
    }
  }
  std::vector<double> list(const std::string& key, std::vector<double> def) {
    if (!has(key)) return def;
    if (!n_[key].IsSequence()) fail(key, "expected a list of numbers");
    std::vector<double> v;
    for (const auto& e : n_[key]) {
      try {
        v.push_back(e.as<double>());
      } catch (const YAML::Exception&) {
        fail(key, "expected a list of numbers");
      }
      if (!std::isfinite(v.back())) fail(key, "expected finite numbers");
    }
    return v;
  }
  Node sub(const std::string& key) {
    has(key);
    return Node(n_ ? n_[key] : YAML::Node(), field(key), file_);
  }
  YAML::Node raw(const std::string& key) {
    has(key);
    return n_ ? n_[key] : YAML::Node();
  }
  /// Call after reading: unknown keys are errors (typos must not be ignored silently).
  void done() const {
    if (!n_ || !n_.IsMap()) return;
    for (const auto& kv : n_) {
      const auto k = kv.first.as<std::string>();
      if (!seen_.count(k)) fail(k, "unknown field");
    }
  }

 private:
  YAML::Node n_;
  std::string path_, file_;
  std::set<std::string> seen_;
};

CompareTx read_tx(Node n, CompareTx d) {
  d.ffe = n.list("ffe", d.ffe);
  if (d.ffe.empty()) n.fail("ffe", "expected at least one tap");
  d.ffe_main = n.uint("ffe_main", d.ffe_main, 0, static_cast<unsigned>(d.ffe.size() - 1));
  d.swing_v = n.num("swing_v", d.swing_v, 1e-3, 5);
  d.snr_db = n.num("snr_db", d.snr_db, 10, 80);
  n.done();
  return d;
}

CtleConfig read_ctle(Node n) {
  CtleConfig c;
  c.enabled = n.flag("enabled", false);
  c.dc_gain_db = n.num("dc_gain_db", 0, -30, 0);
  c.fz_ghz = n.num("fz_ghz", 0, 0, 1000);
  c.fp1_ghz = n.num("fp1_ghz", 0, 0, 1000);
  c.fp2_ghz = n.num("fp2_ghz", 0, 0, 1000);
  if (c.enabled && (c.fz_ghz <= 0 || c.fp1_ghz <= 0 || c.fp2_ghz <= 0))
    n.fail("", "enabled CTLE needs fz_ghz, fp1_ghz and fp2_ghz > 0");
  n.done();
  return c;
}

CompareRx read_rx(Node n, CompareRx d) {
  d.noise_rms_mv = n.num("noise_rms_mv", d.noise_rms_mv, 0, 1000);
  d.bandwidth_ghz = n.num("bandwidth_ghz", d.bandwidth_ghz, 0, 1000);
  d.ctle = read_ctle(n.sub("ctle"));
  d.adc_enob = n.num("adc_enob", d.adc_enob, 2, 16);
  d.agc_target_rms = n.num("agc_target_rms", d.agc_target_rms, 0.01, 1);
  Node f = n.sub("ffe");
  d.eq.ffe_taps = f.uint("taps", d.eq.ffe_taps, 1, 64);
  d.eq.ffe_pre = f.uint("pre", d.eq.ffe_pre, 0, 63);
  if (d.eq.ffe_pre >= d.eq.ffe_taps) f.fail("pre", "expected pre < taps");
  f.done();
  Node b = n.sub("dfe");
  d.eq.dfe_taps = b.uint("taps", d.eq.dfe_taps, 0, 16);
  d.eq.dfe_limit = b.num("limit", d.eq.dfe_limit, 0, 0.99);
  b.done();
  n.done();
  return d;
}

}  // namespace

CompareConfig parse_compare_config(const std::string& text, const std::string& name,
                                   const std::filesystem::path& base_dir) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw ConfigError(name + ": YAML syntax: " + e.what());
  }
  if (!root.IsMap()) throw ConfigError(name + ": expected a YAML map at the top level");
  Node r(root, "", name);
  CompareConfig c;
  c.base_dir = base_dir;
  c.name = r.str("name", c.name);
  c.symbol_rate_gbd = r.num("symbol_rate_gbd", c.symbol_rate_gbd, 1, 300);
  c.osr = r.uint("osr", c.osr, 4, 64);
  c.seed = r.uint("seed", 1, 0, 4000000000u);
  {
    Node m = r.sub("module");
    c.module.name = m.str("name", c.module.name);
    c.module.lanes = m.uint("lanes", c.module.lanes, 1, 64);
    c.module.lane_rate_gbps = m.num("lane_rate_gbps", c.module.lane_rate_gbps, 1, 1000);
    c.module.node = m.str("node", c.module.node);
    c.module.fec_in_module = m.flag("fec_in_module", c.module.fec_in_module);
    c.module.rx_volterra = m.flag("line_volterra", c.module.rx_volterra);
    c.module.adc_bits = static_cast<int>(m.uint("adc_bits", 8, 6, 8));
    m.done();
  }
  c.module.symbol_rate_gbd = c.symbol_rate_gbd;
  {
    Node t = r.sub("traffic");
    c.precoding = t.flag("precoding", c.precoding);
    c.interleave = t.uint("interleave", c.interleave, 1, 4);
    if (c.interleave == 3) t.fail("interleave", "expected 1, 2 or 4");
    c.ber_threshold = t.num("ber_threshold", c.ber_threshold, 1e-12, 0.1);
    t.done();
  }
  {
    Node ch = r.sub("c2m");
    if (!ch.has("file")) ch.fail("file", "required (Touchstone .s4p of the host-module channel)");
    c.c2m.file = base_dir / ch.str("file", "");
    const std::string ports = ch.str("ports", "auto");
    c.c2m.ports = ports == "auto" ? "" : ports;
    c.c2m_extra_loss_db = ch.num("extra_loss_db", 0, 0, 40);
    c.c2m_loss_db = ch.num("loss_db", 0, 0, 40);
    ch.done();
  }
  c.host_tx = read_tx(r.sub("host_tx"), c.host_tx);
  c.host_rx = read_rx(r.sub("host_rx"), c.host_rx);
  c.module_tx = read_tx(r.sub("module_tx"), c.module_tx);
  c.module_rx = read_rx(r.sub("module_rx"), c.module_rx);
  c.line_tx = read_tx(r.sub("line_tx"), c.line_tx);
  c.line_rx = read_rx(r.sub("line_rx"), c.line_rx);
  c.module.rx_ffe_taps = static_cast<int>(c.module_rx.eq.ffe_taps);
  c.module.rx_ffe_pre = static_cast<int>(c.module_rx.eq.ffe_pre);
  c.module.rx_dfe_taps = static_cast<int>(std::min(4u, c.module_rx.eq.dfe_taps));
  c.module.tx_ffe_taps = static_cast<int>(c.module_tx.ffe.size());
  c.module.adc_enob = c.module_rx.adc_enob;
  {
    Node o = r.sub("optical");
    auto& p = c.optical;
    p.launch_power_dbm = o.num("launch_power_dbm", p.launch_power_dbm, -20, 15);
    p.extinction_ratio_db = o.num("extinction_ratio_db", p.extinction_ratio_db, 1, 30);
    p.fiber_km = o.num("fiber_km", p.fiber_km, 0, 100);
    p.fiber_loss_db_km = o.num("fiber_loss_db_km", p.fiber_loss_db_km, 0, 10);
    p.connector_loss_db = o.num("connector_loss_db", p.connector_loss_db, 0, 20);
    p.dispersion_ps_nm_km = o.num("dispersion_ps_nm_km", p.dispersion_ps_nm_km, -100, 100);
    p.wavelength_nm = o.num("wavelength_nm", p.wavelength_nm, 700, 1700);
    p.rin_db_hz = o.num("rin_db_hz", p.rin_db_hz, -180, -100);
    p.responsivity_a_w = o.num("responsivity_a_w", p.responsivity_a_w, 0.01, 1.5);
    p.thermal_noise_pa_rthz = o.num("thermal_noise_pa_rthz", p.thermal_noise_pa_rthz, 0, 200);
    p.tia_gain_ohm = o.num("tia_gain_ohm", p.tia_gain_ohm, 1, 1e6);
    p.tia_bw_ghz = o.num("tia_bw_ghz", p.tia_bw_ghz, 1, 500);
    p.driver_bw_ghz = o.num("driver_bw_ghz", p.driver_bw_ghz, 1, 500);
    p.modulator_bw_ghz = o.num("modulator_bw_ghz", p.modulator_bw_ghz, 1, 500);
    o.done();
  }
  {
    Node l = r.sub("lpo");
    c.lpo.driver_noise_nv_rthz = l.num("driver_noise_nv_rthz", c.lpo.driver_noise_nv_rthz, 0, 1000);
    c.lpo.driver_ctle = read_ctle(l.sub("driver_ctle"));
    c.lpo.tia_ctle = read_ctle(l.sub("tia_ctle"));
    c.lpo.tia_output_swing_v = l.num("tia_output_swing_v", c.lpo.tia_output_swing_v, 0.01, 5);
    c.lpo.host_rx = read_rx(l.sub("host_rx"), c.host_rx);
    l.done();
  }
  {
    Node s = r.sub("sweep");
    c.sweep.fiber_km = s.list("fiber_km", {});
    c.sweep.c2m_loss_db = s.list("c2m_loss_db", {});
    c.sweep.reach_c2m_loss_db = s.num("reach_c2m_loss_db", 0, 0, 40);
    for (double v : c.sweep.fiber_km)
      if (v < 0 || v > 100) s.fail("fiber_km", "expected values in [0, 100] km");
    for (double v : c.sweep.c2m_loss_db)
      if (v <= 0 || v > 40) s.fail("c2m_loss_db", "expected values in (0, 40] dB");
    s.done();
  }
  {
    Node t = r.sub("time_domain");
    c.time_domain.enabled = t.flag("enabled", c.time_domain.enabled);
    c.time_domain.symbols = t.uint("symbols", static_cast<unsigned>(c.time_domain.symbols), 10000, 100000000);
    c.time_domain.training = t.uint("training", static_cast<unsigned>(c.time_domain.training), 1000, 100000000);
    if (c.time_domain.training >= c.time_domain.symbols) t.fail("training", "expected training < symbols");
    c.time_domain.rx_model = t.str("rx_model", c.time_domain.rx_model);
    c.time_domain.stress_noise_mv = t.num("stress_noise_mv", 0, 0, 100);
    if (c.time_domain.rx_model != "float" && c.time_domain.rx_model != "cmodel" && c.time_domain.rx_model != "auto")
      t.fail("rx_model", "expected float, cmodel or auto");
    t.done();
  }
  {
    Node d = r.sub("duty_cycle");
    c.duty_cycle.standby_fraction = d.num("standby_fraction", c.duty_cycle.standby_fraction, 0, 1);
    c.duty_cycle.period_us = d.num("period_us", c.duty_cycle.period_us, 1e-3, 1e9);
    d.done();
  }
  if (c.time_domain.enabled && c.c2m_loss_db > 0)
    throw ConfigError(name + ": time_domain.enabled: the time-domain engine runs the Touchstone channel as is; "
                      "expected c2m.loss_db = 0 (or time_domain.enabled: false)");
  c.hops = r.uint("hops", c.hops, 1, 100);
  if (!r.has("power_params")) r.fail("power_params", "required (path to the power parameter file)");
  c.power_params = base_dir / r.str("power_params", "");
  if (r.has("claims")) c.claims = base_dir / r.str("claims", "");
  r.done();
  return c;
}

CompareConfig load_compare_config(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw ConfigError(file.string() + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_compare_config(ss.str(), file.string(), file.parent_path());
}

ClaimsFile load_claims(const std::filesystem::path& file) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::Exception& e) {
    throw ConfigError(file.string() + ": " + e.what());
  }
  ClaimsFile cf;
  cf.file = file.string();
  Node r(root, "", cf.file);
  const YAML::Node cl = r.raw("clusters");
  if (!cl || !cl.IsSequence()) r.fail("clusters", "expected a list");
  for (std::size_t i = 0; i < cl.size(); ++i) {
    Node n(cl[i], "clusters[" + std::to_string(i) + "]", cf.file);
    ClusterSpec c;
    c.name = n.str("name", "");
    if (c.name.empty()) n.fail("name", "required");
    c.modules = n.num("modules", -1, 0, 1e9);
    if (c.modules < 0) n.fail("modules", "required");
    c.hours_per_year = n.num("hours_per_year", c.hours_per_year, 0, 8784);
    c.price_usd_per_kwh = n.num("price_usd_per_kwh", c.price_usd_per_kwh, 0, 10);
    c.pue = n.num("pue", c.pue, 1, 5);
    c.carbon_kg_per_kwh = n.num("carbon_kg_per_kwh", c.carbon_kg_per_kwh, 0, 5);
    n.str("source", "");
    n.done();
    cf.clusters.push_back(c);
  }
  const YAML::Node ch = r.raw("checks");
  if (!ch || !ch.IsSequence()) r.fail("checks", "expected a list");
  for (std::size_t i = 0; i < ch.size(); ++i) {
    Node n(ch[i], "checks[" + std::to_string(i) + "]", cf.file);
    ClaimCheck k;
    k.id = n.str("id", "");
    k.text = n.str("claim", "");
    k.quantity = n.str("quantity", "");
    k.cluster = n.str("cluster", "");
    k.source = n.str("source", "");
    if (n.has("min")) k.min = n.num("min", 0);
    if (n.has("max")) k.max = n.num("max", 0);
    if (k.id.empty() || k.quantity.empty()) n.fail("", "id and quantity are required");
    if (!k.min && !k.max) n.fail("", "min or max is required");
    n.done();
    cf.checks.push_back(k);
  }
  r.done();
  return cf;
}

}  // namespace halo::sim

// YAML loader and validation for LinkConfig.
#include "halo/sim/link_config.hpp"
#include "yaml_fields.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

namespace halo::sim {
namespace {

using namespace detail;  // YAML field readers (yaml_fields.hpp)

TouchstoneSegment get_segment(const Ctx& c, const YAML::Node& n, const std::string& path, const std::filesystem::path& base) {
  check_keys(c, n, path, {"file", "ports", "kind", "swing_v"});
  TouchstoneSegment s;
  const std::string f = get_str(c, n, "file", path, "");
  if (f.empty()) c.fail(join(path, "file"), "expected the path of a .s4p/.s2p file");
  s.file = std::filesystem::path(f).is_absolute() ? std::filesystem::path(f) : base / f;
  if (!std::filesystem::exists(s.file)) c.fail(join(path, "file"), "file not found: " + s.file.string());
  const auto p = n["ports"];
  if (p) {
    if (p.IsSequence()) {
      for (std::size_t i = 0; i < p.size(); ++i) s.ports += (i ? "," : "") + p[i].Scalar();
    } else if (p.IsScalar() && p.Scalar() != "auto") {
      s.ports = p.Scalar();
    }
  }
  return s;
}

}  // namespace

LinkConfig parse_config(const std::string& text, const std::string& name, const std::filesystem::path& base) {
  Ctx c{name};
  YAML::Node root = load_yaml(text, name);
  if (!root || root.IsNull()) c.fail("(top level)", "empty document (expected a mapping)");
  check_keys(c, root, "", {"name", "symbol_rate_gbd", "osr", "seed", "symbols", "block_symbols", "tx", "channel",
                           "extra_loss_db", "crosstalk", "optical", "rx", "fec", "ber_floor", "sweep"});
  LinkConfig cfg;
  cfg.base_dir = base;
  cfg.name = get_str(c, root, "name", "", "link");
  cfg.symbol_rate_gbd = get_num_range(c, root, "symbol_rate_gbd", "", 53.125, 1, 500);
  cfg.osr = static_cast<unsigned>(get_uint(c, root, "osr", "", 32, 4, 256));
  cfg.seed = get_uint(c, root, "seed", "", 1, 0, ~0ul >> 1);
  cfg.symbols = get_uint(c, root, "symbols", "", 1000000, 1, 1ul << 50);
  cfg.block_symbols = static_cast<unsigned>(get_uint(c, root, "block_symbols", "", 4096, 64, 1u << 20));
  cfg.extra_loss_db = get_num_range(c, root, "extra_loss_db", "", 0, 0, 80);
  cfg.ber_floor = get_num_range(c, root, "ber_floor", "", 1e-18, 1e-300, 1e-3);
  cfg.fec = get_str(c, root, "fec", "", "kp4", {"kp4", "none"});

  if (const auto t = root["tx"]) {
    const std::string p = "tx";
    check_keys(c, t, p, {"pattern", "gray", "precoding", "ffe", "ffe_main", "swing_v", "snr_db", "rj_ui", "sj_ui", "sj_freq_mhz"});
    const auto pat = get_str(c, t, "pattern", p, "prbs31q", {"prbs13q", "prbs31q", "ssprq", "random", "kp4"});
    cfg.tx.pattern = pat == "prbs13q" ? DataPattern::kPrbs13q : pat == "prbs31q" ? DataPattern::kPrbs31q
                     : pat == "ssprq" ? DataPattern::kSsprq : pat == "random" ? DataPattern::kRandom : DataPattern::kKp4;
    cfg.tx.gray = get_bool(c, t, "gray", p, true);
    cfg.tx.precoding = get_bool(c, t, "precoding", p, false);
    if (t["ffe"]) cfg.tx.ffe = get_list(c, t, "ffe", p);
    cfg.tx.ffe_main = static_cast<unsigned>(get_uint(c, t, "ffe_main", p, 0, 0, 16));
    cfg.tx.swing_v = get_num_range(c, t, "swing_v", p, 0.8, 1e-3, 10);
    if (t["snr_db"]) cfg.tx.snr_db = get_num_range(c, t, "snr_db", p, 33, 0, 100);
    cfg.tx.rj_ui = get_num_range(c, t, "rj_ui", p, 0, 0, 0.2);
    cfg.tx.sj_ui = get_num_range(c, t, "sj_ui", p, 0, 0, 2);
    cfg.tx.sj_freq_mhz = get_num_range(c, t, "sj_freq_mhz", p, 0, 0, 1e5);
  }
  if (const auto ch = root["channel"]) {
    if (!ch.IsSequence()) c.fail("channel", "expected a list of segments ({file: ..., ports: ...})");
    for (std::size_t i = 0; i < ch.size(); ++i)
      cfg.channel.push_back(get_segment(c, ch[i], "channel[" + std::to_string(i) + "]", base));
  }
  if (const auto xt = root["crosstalk"]) {
    if (!xt.IsSequence()) c.fail("crosstalk", "expected a list of aggressors ({file, kind, ports})");
    for (std::size_t i = 0; i < xt.size(); ++i) {
      const std::string p = "crosstalk[" + std::to_string(i) + "]";
      AggressorConfig a;
      a.channel = get_segment(c, xt[i], p, base);
      a.kind = get_str(c, xt[i], "kind", p, "fext", {"fext", "next"});
      a.swing_v = get_num_range(c, xt[i], "swing_v", p, 0, 0, 10);
      cfg.crosstalk.push_back(a);
    }
  }
  if (const auto o = root["optical"]) {
    const std::string p = "optical";
    check_keys(c, o, p, {"enabled", "modulator", "driver_gain", "driver_sat_v", "driver_bw_ghz", "vpi_v", "bias",
                         "bias_drift_per_c", "temperature_c", "extinction_ratio_db", "eml_compression",
                         "laser_power_dbm", "rin_db_hz", "fiber_km", "fiber_loss_db_km", "dispersion_ps_nm_km",
                         "wavelength_nm", "responsivity_a_w", "thermal_noise_pa_rthz", "shot_noise", "tia_gain_ohm",
                         "tia_bw_ghz", "tia_sat_v"});
    auto& q = cfg.optical;
    q.enabled = get_bool(c, o, "enabled", p, true);
    q.modulator = get_str(c, o, "modulator", p, "mzm", {"mzm", "eml"});
    q.driver_gain = get_num_range(c, o, "driver_gain", p, 1, 0, 100);
    q.driver_sat_v = get_num_range(c, o, "driver_sat_v", p, 0, 0, 100);
    q.driver_bw_ghz = get_num_range(c, o, "driver_bw_ghz", p, 0, 0, 1000);
    q.vpi_v = get_num_range(c, o, "vpi_v", p, 2, 0.01, 100);
    q.bias = get_num_range(c, o, "bias", p, 0.5, 0, 1);
    q.bias_drift_per_c = get_num_range(c, o, "bias_drift_per_c", p, 0, -0.1, 0.1);
    q.temperature_c = get_num_range(c, o, "temperature_c", p, 25, -40, 125);
    q.extinction_ratio_db = get_num_range(c, o, "extinction_ratio_db", p, 4.5, 0.5, 60);
    q.eml_compression = get_num_range(c, o, "eml_compression", p, 0, 0, 1);
    q.laser_power_dbm = get_num_range(c, o, "laser_power_dbm", p, 3, -20, 20);
    q.rin_db_hz = get_num_range(c, o, "rin_db_hz", p, -145, -200, -100);
    q.fiber_km = get_num_range(c, o, "fiber_km", p, 0.5, 0, 100);
    q.fiber_loss_db_km = get_num_range(c, o, "fiber_loss_db_km", p, 0.4, 0, 10);
    q.dispersion_ps_nm_km = get_num_range(c, o, "dispersion_ps_nm_km", p, -1, -100, 100);
    q.wavelength_nm = get_num_range(c, o, "wavelength_nm", p, 1310, 800, 1700);
    q.responsivity_a_w = get_num_range(c, o, "responsivity_a_w", p, 0.8, 0.01, 2);
    q.thermal_noise_pa_rthz = get_num_range(c, o, "thermal_noise_pa_rthz", p, 15, 0, 1000);
    q.shot_noise = get_bool(c, o, "shot_noise", p, true);
    q.tia_gain_ohm = get_num_range(c, o, "tia_gain_ohm", p, 1000, 1, 1e6);
    q.tia_bw_ghz = get_num_range(c, o, "tia_bw_ghz", p, 0, 0, 1000);
    q.tia_sat_v = get_num_range(c, o, "tia_sat_v", p, 0, 0, 100);
  }
  if (const auto r = root["rx"]) {
    const std::string p = "rx";
    check_keys(c, r, p, {"model", "noise_rms_mv", "bandwidth_ghz", "ctle", "agc_target_rms", "adc", "ffe", "dfe", "volterra",
                         "cdr", "adapt"});
    auto& x = cfg.rx;
    x.model = get_str(c, r, "model", p, "cmodel", {"float", "cmodel"});
    x.noise_rms_mv = get_num_range(c, r, "noise_rms_mv", p, 0, 0, 1e4);
    x.bandwidth_ghz = get_num_range(c, r, "bandwidth_ghz", p, 0, -1, 1000);
    x.agc_target_rms = get_num_range(c, r, "agc_target_rms", p, 0.25, 0.01, 1);
    if (const auto ct = r["ctle"]) {
      const std::string pc = "rx.ctle";
      check_keys(c, ct, pc, {"dc_gain_db", "fz_ghz", "fp1_ghz", "fp2_ghz", "zeros_ghz", "poles_ghz"});
      x.ctle.enabled = true;
      x.ctle.dc_gain_db = get_num_range(c, ct, "dc_gain_db", pc, 0, -40, 20);
      x.ctle.fz_ghz = get_num_range(c, ct, "fz_ghz", pc, 0, 0, 1000);
      x.ctle.fp1_ghz = get_num_range(c, ct, "fp1_ghz", pc, 0, 0, 1000);
      x.ctle.fp2_ghz = get_num_range(c, ct, "fp2_ghz", pc, 0, 0, 1000);
      x.ctle.zeros_ghz = get_list(c, ct, "zeros_ghz", pc);
      x.ctle.poles_ghz = get_list(c, ct, "poles_ghz", pc);
      if (x.ctle.fz_ghz > 0 && (x.ctle.fp1_ghz <= 0 || x.ctle.fp2_ghz <= 0))
        c.fail("rx.ctle", "COM form needs fz_ghz, fp1_ghz and fp2_ghz all > 0");
      for (double v : x.ctle.zeros_ghz) if (!(v > 0)) c.fail("rx.ctle.zeros_ghz", "expected frequencies > 0");
      for (double v : x.ctle.poles_ghz) if (!(v > 0)) c.fail("rx.ctle.poles_ghz", "expected frequencies > 0");
    }
    if (const auto a = r["adc"]) {
      const std::string pa = "rx.adc";
      check_keys(c, a, pa, {"bits", "enob", "full_scale_v"});
      x.adc_bits = static_cast<unsigned>(get_uint(c, a, "bits", pa, 8, 2, 14));
      x.adc_enob = get_num_range(c, a, "enob", pa, 0, 0, 14);
      x.adc_full_scale_v = get_num_range(c, a, "full_scale_v", pa, 1, 1e-3, 10);
      if (x.adc_enob > x.adc_bits) c.fail("rx.adc.enob", "expected enob <= bits (" + std::to_string(x.adc_bits) + ")");
    }
    if (const auto f = r["ffe"]) {
      check_keys(c, f, "rx.ffe", {"taps", "pre"});
      x.ffe_taps = static_cast<unsigned>(get_uint(c, f, "taps", "rx.ffe", 16, 1, 128));
      x.ffe_pre = static_cast<unsigned>(get_uint(c, f, "pre", "rx.ffe", 5, 0, 127));
      if (x.ffe_pre >= x.ffe_taps) c.fail("rx.ffe.pre", "expected pre < taps (" + std::to_string(x.ffe_taps) + ")");
    }
    if (const auto d = r["dfe"]) {
      check_keys(c, d, "rx.dfe", {"taps", "limit"});
      x.dfe_taps = static_cast<unsigned>(get_uint(c, d, "taps", "rx.dfe", 1, 0, 16));
      x.dfe_limit = get_num_range(c, d, "limit", "rx.dfe", 0.85, 0, 2);
    }
    if (const auto v = r["volterra"]) {
      check_keys(c, v, "rx.volterra", {"enabled", "memory", "memory3"});
      x.volterra_memory3 = static_cast<unsigned>(get_uint(c, v, "memory3", "rx.volterra", 0, 0, 8));
      x.volterra = get_bool(c, v, "enabled", "rx.volterra", true);
      x.volterra_memory = static_cast<unsigned>(get_uint(c, v, "memory", "rx.volterra", 5, 1, 16));
    }
    if (const auto d = r["cdr"]) {
      check_keys(c, d, "rx.cdr", {"type", "gain", "initial_offset_ui"});
      x.cdr = get_str(c, d, "type", "rx.cdr", "mm", {"mm", "fixed"});
      x.cdr_gain = get_num_range(c, d, "gain", "rx.cdr", 2e-5, 0, 1e-2);
      x.cdr_initial_offset_ui = get_num_range(c, d, "initial_offset_ui", "rx.cdr", 0, -0.5, 0.5);
    }
    if (const auto a = r["adapt"]) {
      check_keys(c, a, "rx.adapt", {"mu_ffe", "mu_dfe", "mu_volterra", "training_symbols", "freeze_after_training", "init"});
      x.init_mmse = get_str(c, a, "init", "rx.adapt", "main", {"main", "mmse"}) == "mmse";
      x.freeze_after_training = get_bool(c, a, "freeze_after_training", "rx.adapt", false);
      x.mu_ffe = get_num_range(c, a, "mu_ffe", "rx.adapt", 2e-3, 0, 1);
      x.mu_dfe = get_num_range(c, a, "mu_dfe", "rx.adapt", 2e-3, 0, 1);
      x.mu_volterra = get_num_range(c, a, "mu_volterra", "rx.adapt", 5e-4, 0, 1);
      x.training_symbols = get_uint(c, a, "training_symbols", "rx.adapt", 200000, 0, 1ul << 40);
    }
  }
  if (const auto s = root["sweep"]) {
    check_keys(c, s, "sweep", {"parameter", "values"});
    SweepConfig sw;
    sw.parameter = get_str(c, s, "parameter", "sweep", "", {"rx.noise_rms_mv", "tx.snr_db", "extra_loss_db"});
    if (sw.parameter.empty()) c.fail("sweep.parameter", "expected rx.noise_rms_mv | tx.snr_db | extra_loss_db");
    sw.values = get_list(c, s, "values", "sweep");
    if (sw.values.empty()) c.fail("sweep.values", "expected a non-empty list of numbers");
    cfg.sweep = sw;
  }
  validate(cfg, name);
  return cfg;
}

void validate(const LinkConfig& cfg, const std::string& name) {
  Ctx c{name};
  if (cfg.tx.ffe.empty() || cfg.tx.ffe.size() > 8) c.fail("tx.ffe", "expected 1..8 taps (3-5 typical)");
  if (cfg.tx.ffe_main >= cfg.tx.ffe.size()) c.fail("tx.ffe_main", "expected an index < the number of tx.ffe taps");
  double s = 0;
  for (double v : cfg.tx.ffe) s += std::abs(v);
  if (!(s > 0) || s > 1.0 + 1e-9) c.fail("tx.ffe", "expected sum |c_i| in (0, 1] (peak swing constraint)");
  if (cfg.channel.empty() && !cfg.optical.enabled && cfg.crosstalk.size() > 0)
    c.fail("crosstalk", "crosstalk needs at least one channel segment");
  if (!cfg.crosstalk.empty() && cfg.optical.enabled)
    c.fail("crosstalk", "crosstalk aggressors are supported on electrical links only");
  if (cfg.rx.volterra && cfg.rx.volterra_memory > cfg.rx.ffe_taps)
    c.fail("rx.volterra.memory", "expected memory <= rx.ffe.taps");
  if (cfg.symbols < cfg.block_symbols) c.fail("symbols", "expected at least block_symbols symbols");
  if (cfg.rx.model == "cmodel") {  // the golden model's limits (cmodel/retimer, docs/dsp.md)
    if (cfg.rx.adc_bits < 6 || cfg.rx.adc_bits > 8)
      c.fail("rx.adc.bits", "expected 6..8 with rx.model: cmodel (the golden model's ADC; model: float takes 2..14), got " +
                                std::to_string(cfg.rx.adc_bits));
    if (cfg.rx.ffe_taps > 64) c.fail("rx.ffe.taps", "expected <= 64 with rx.model: cmodel");
    if (cfg.rx.dfe_taps > 4) c.fail("rx.dfe.taps", "expected <= 4 with rx.model: cmodel");
  }
}

LinkConfig load_config(const std::filesystem::path& file) {
  return parse_config(read_text(file), file.string(), file.parent_path());
}

void set_parameter(LinkConfig& cfg, const std::string& path, double v) {
  if (path == "rx.noise_rms_mv") cfg.rx.noise_rms_mv = v;
  else if (path == "tx.snr_db") cfg.tx.snr_db = v;
  else if (path == "extra_loss_db") cfg.extra_loss_db = v;
  else throw ConfigError("sweep.parameter: unknown parameter '" + path + "'");
}

}  // namespace halo::sim

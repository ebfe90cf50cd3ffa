// Loader of the link simulator config (halo/sim/link_config.hpp) over the schema-checked reader
// (halo/config, schema_link.cpp): the schema has checked keys, types, ranges and defaults; this
// file maps sections to LinkConfig and checks what spans fields.
#include "halo/sim/link_config.hpp"

#include <cmath>
#include <functional>
#include <regex>

#include "halo/config/schemas.hpp"
#include "link_loader.hpp"

namespace halo::sim {
namespace {

using config::Node;

TouchstoneSegment read_segment(const Node& n) {
  TouchstoneSegment s;
  s.file = n.file_path("file");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(s.file, ec))
    n.fail("file", "an existing Touchstone file", "no file " + s.file.string() + (ec ? " (" + ec.message() + ")" : ""));
  s.ports = n.ports("ports");
  detail::check_ports(n, s.ports, s.file);
  return s;
}

DataPattern pattern_of(const std::string& p) {
  return p == "prbs13q" ? DataPattern::kPrbs13q : p == "prbs31q" ? DataPattern::kPrbs31q
         : p == "ssprq"  ? DataPattern::kSsprq   : p == "random"  ? DataPattern::kRandom
                                                                  : DataPattern::kKp4;
}

void read_tx(const Node& t, TxConfig& tx) {
  tx.pattern = pattern_of(t.str("pattern"));
  tx.gray = t.flag("gray");
  tx.precoding = t.flag("precoding");
  tx.ffe = t.list("ffe");
  tx.ffe_main = static_cast<unsigned>(t.uint("ffe_main"));
  tx.swing_v = t.num("swing_v");
  if (t.has("snr_db")) tx.snr_db = t.num("snr_db");
  tx.rj_ui = t.num("rj_ui");
  tx.dj_ui = t.num("dj_ui");
  tx.sj_ui = t.num("sj_ui");
  tx.sj_freq_mhz = t.num("sj_freq_mhz");
}

void read_optical(const Node& o, OpticalConfig& q) {
  if (!o.present()) return;  // electrical link (OpticalConfig::enabled = false)
  q.enabled = o.flag("enabled");
  q.modulator = o.str("modulator");
  q.driver_gain = o.num("driver_gain");
  q.driver_sat_v = o.num("driver_sat_v");
  q.driver_bw_ghz = o.num("driver_bw_ghz");
  q.vpi_v = o.num("vpi_v");
  q.bias = o.num("bias");
  q.bias_drift_per_c = o.num("bias_drift_per_c");
  q.temperature_c = o.num("temperature_c");
  q.extinction_ratio_db = o.num("extinction_ratio_db");
  q.eml_compression = o.num("eml_compression");
  q.laser_power_dbm = o.num("laser_power_dbm");
  q.rin_db_hz = o.num("rin_db_hz");
  q.fiber_km = o.num("fiber_km");
  q.fiber_loss_db_km = o.num("fiber_loss_db_km");
  q.dispersion_ps_nm_km = o.num("dispersion_ps_nm_km");
  q.wavelength_nm = o.num("wavelength_nm");
  q.responsivity_a_w = o.num("responsivity_a_w");
  q.thermal_noise_pa_rthz = o.num("thermal_noise_pa_rthz");
  q.shot_noise = o.flag("shot_noise");
  q.tia_gain_ohm = o.num("tia_gain_ohm");
  q.tia_bw_ghz = o.num("tia_bw_ghz");
  q.tia_sat_v = o.num("tia_sat_v");
}

void read_rx(const Node& r, RxConfig& x) {
  x.model = r.str("model");
  x.noise_rms_mv = r.num("noise_rms_mv");
  x.bandwidth_ghz = r.num("bandwidth_ghz");
  x.agc_target_rms = r.num("agc_target_rms");
  if (const Node ct = r.sub("ctle"); ct.present()) {
    x.ctle.enabled = true;
    x.ctle.dc_gain_db = ct.num("dc_gain_db");
    x.ctle.fz_ghz = ct.num("fz_ghz");
    x.ctle.fp1_ghz = ct.num("fp1_ghz");
    x.ctle.fp2_ghz = ct.num("fp2_ghz");
    x.ctle.zeros_ghz = ct.list("zeros_ghz");
    x.ctle.poles_ghz = ct.list("poles_ghz");
    if (x.ctle.fz_ghz > 0 && (x.ctle.fp1_ghz <= 0 || x.ctle.fp2_ghz <= 0))
      ct.fail(x.ctle.fp1_ghz <= 0 ? "fp1_ghz" : "fp2_ghz", "fp1_ghz and fp2_ghz > 0 with fz_ghz > 0 (COM form)",
              config::fmt_number(x.ctle.fp1_ghz <= 0 ? x.ctle.fp1_ghz : x.ctle.fp2_ghz));
  }
  const Node a = r.sub("adc");
  x.adc_bits = static_cast<unsigned>(a.uint("bits"));
  x.adc_enob = a.num("enob");
  x.adc_full_scale_v = a.num("full_scale_v");
  const Node f = r.sub("ffe");
  x.ffe_taps = static_cast<unsigned>(f.uint("taps"));
  x.ffe_pre = static_cast<unsigned>(f.uint("pre"));
  const Node d = r.sub("dfe");
  x.dfe_taps = static_cast<unsigned>(d.uint("taps"));
  x.dfe_limit = d.num("limit");
  if (const Node v = r.sub("volterra"); v.present()) {
    x.volterra = v.flag("enabled");
    x.volterra_memory = static_cast<unsigned>(v.uint("memory"));
    x.volterra_memory3 = static_cast<unsigned>(v.uint("memory3"));
  }
  if (const Node v = r.sub("lut"); v.present()) {
    x.lut = v.flag("enabled");
    x.lut_pattern_len = static_cast<unsigned>(v.uint("pattern_len"));
    x.lut_pre = static_cast<unsigned>(v.uint("pre"));
  }
  const Node c = r.sub("cdr");
  x.cdr = c.str("type");
  x.cdr_gain = c.num("gain");
  x.cdr_initial_offset_ui = c.num("initial_offset_ui");
  const Node ad = r.sub("adapt");
  x.init_mmse = ad.str("init") == "mmse";
  x.freeze_after_training = ad.flag("freeze_after_training");
  x.mu_ffe = ad.num("mu_ffe");
  x.mu_dfe = ad.num("mu_dfe");
  x.mu_volterra = ad.num("mu_volterra");
  x.training_symbols = ad.uint("training_symbols");
}

/// Cross-field checks; fail(key_path, expected, found) raises the error.
using Fail = std::function<void(const std::string&, const std::string&, const std::string&)>;

void check(const LinkConfig& cfg, const Fail& fail) {
  const auto n = [](auto v) { return std::to_string(v); };
  if (cfg.tx.ffe.empty() || cfg.tx.ffe.size() > 8)
    fail("tx.ffe", "1..8 taps (3-5 typical)", n(cfg.tx.ffe.size()) + " taps");
  if (cfg.tx.ffe_main >= cfg.tx.ffe.size())
    fail("tx.ffe_main", "an index < the number of tx.ffe taps (" + n(cfg.tx.ffe.size()) + ")", n(cfg.tx.ffe_main));
  double s = 0;
  for (double v : cfg.tx.ffe) s += std::abs(v);
  if (!(s > 0) || s > 1.0 + 1e-9)
    fail("tx.ffe", "sum |c_i| in (0, 1] (peak swing constraint)", "sum " + config::fmt_number(s));
  if (cfg.channel.empty() && !cfg.optical.enabled && !cfg.crosstalk.empty())
    fail("crosstalk", "at least one channel segment with crosstalk", "an empty channel list");
  if (!cfg.crosstalk.empty() && cfg.optical.enabled)
    fail("crosstalk", "no crosstalk on an optical link (electrical links only)", n(cfg.crosstalk.size()) + " aggressors");
  if (cfg.rx.adc_enob > cfg.rx.adc_bits)
    fail("rx.adc.enob", "enob <= bits (" + n(cfg.rx.adc_bits) + ")", config::fmt_number(cfg.rx.adc_enob));
  if (cfg.rx.ffe_pre >= cfg.rx.ffe_taps)
    fail("rx.ffe.pre", "pre < taps (" + n(cfg.rx.ffe_taps) + ")", n(cfg.rx.ffe_pre));
  if (cfg.rx.volterra && cfg.rx.volterra_memory > cfg.rx.ffe_taps)
    fail("rx.volterra.memory", "memory <= rx.ffe.taps (" + n(cfg.rx.ffe_taps) + ")", n(cfg.rx.volterra_memory));
  if (cfg.rx.lut && cfg.rx.lut_pre >= cfg.rx.lut_pattern_len)
    fail("rx.lut.pre", "pre < pattern_len (" + n(cfg.rx.lut_pattern_len) + ")", n(cfg.rx.lut_pre));
  if (cfg.rx.lut && cfg.rx.volterra)
    fail("rx.lut", "one NLC: rx.volterra or rx.lut, not both", "both enabled");
  if (cfg.rx.lut && cfg.rx.model != "cmodel")
    fail("rx.lut", "rx.model: cmodel (the LUT NLC exists in the golden model only)", "rx.model: " + cfg.rx.model);
  if (cfg.symbols < cfg.block_symbols)
    fail("symbols", "at least block_symbols (" + n(cfg.block_symbols) + ") symbols", n(cfg.symbols));
  if (cfg.rx.model == "cmodel") {  // the golden model's limits (cmodel/retimer, docs/dsp.md)
    if (cfg.rx.adc_bits < 6 || cfg.rx.adc_bits > 8)
      fail("rx.adc.bits", "6..8 with rx.model: cmodel (the golden model's ADC; model: float takes 2..14)",
           n(cfg.rx.adc_bits));
    if (cfg.rx.ffe_taps > 64) fail("rx.ffe.taps", "<= 64 with rx.model: cmodel", n(cfg.rx.ffe_taps));
    if (cfg.rx.dfe_taps > 4) fail("rx.dfe.taps", "<= 4 with rx.model: cmodel", n(cfg.rx.dfe_taps));
  }
}

}  // namespace

namespace detail {

/// Port map of a segment: 4 distinct ports within the `.sNp` file's N.
void check_ports(const Node& n, const std::string& ports, const std::filesystem::path& file) {
  if (ports.empty()) return;
  static const std::regex kExt(R"(\.[sS]([0-9]{1,4})[pP]$)");
  std::smatch m;
  const std::string f = file.filename().string();
  if (!std::regex_search(f, m, kExt)) return;
  const unsigned long np = std::stoul(m[1].str());
  std::size_t pos = 0;
  for (int i = 0; i < 4; ++i) {
    const unsigned long p = std::stoul(ports.substr(pos));  // format checked by the schema
    if (p > np)
      n.fail("ports", "4 distinct port numbers 1.." + std::to_string(np) + " of " + f, "port " + std::to_string(p));
    pos = ports.find(',', pos);
    if (pos == std::string::npos) break;
    ++pos;
  }
}

LinkConfig read_link(const config::Document& doc) {
  const Node root = doc.root();
  LinkConfig cfg;
  cfg.base_dir = doc.base();
  cfg.name = root.str("name");
  cfg.symbol_rate_gbd = root.num("symbol_rate_gbd");
  cfg.osr = static_cast<unsigned>(root.uint("osr"));
  cfg.seed = root.uint("seed");
  cfg.symbols = root.uint("symbols");
  cfg.block_symbols = static_cast<unsigned>(root.uint("block_symbols"));
  cfg.extra_loss_db = root.num("extra_loss_db");
  cfg.ber_floor = root.num("ber_floor");
  cfg.fec = root.str("fec");
  read_tx(root.sub("tx"), cfg.tx);
  for (const Node& s : root.items("channel")) cfg.channel.push_back(read_segment(s));
  for (const Node& x : root.items("crosstalk")) {
    AggressorConfig a;
    a.channel = read_segment(x);
    a.kind = x.str("kind");
    a.swing_v = x.num("swing_v");
    cfg.crosstalk.push_back(a);
  }
  read_optical(root.sub("optical"), cfg.optical);
  read_rx(root.sub("rx"), cfg.rx);
  if (root.schema().find("sweep")) {
    if (const Node s = root.sub("sweep"); s.present()) {
      SweepConfig sw;
      sw.parameter = s.str("parameter");
      sw.values = s.list("values");
      // each value within the range of the field it sweeps (noise -5 mV is an error)
      const config::Field* f = config::find_field(config::link_schema(), sw.parameter);
      for (std::size_t i = 0; i < sw.values.size(); ++i)
        if (!f->in_range(sw.values[i]))
          doc.fail("sweep.values[" + std::to_string(i) + "]", f->expectation() + " (as " + sw.parameter + ")",
                   config::fmt_number(sw.values[i]));
      cfg.sweep = sw;
    }
  }
  check(cfg, [&](const std::string& p, const std::string& e, const std::string& f) { doc.fail(p, e, f); });
  if (!root.has("channel") && !cfg.optical.enabled)
    root.fail("channel",
              "a list of channel segments for an electrical link (`channel: []` for a back-to-back link with no "
              "channel; or an enabled optical section)",
              "no `channel` key");
  return cfg;
}

}  // namespace detail

LinkConfig parse_config(const std::string& text, const std::string& name, const std::filesystem::path& base) {
  return detail::read_link(config::Document::parse(text, name, config::link_schema(), base));
}

void validate(const LinkConfig& cfg, const std::string& name) {
  check(cfg, [&](const std::string& p, const std::string& e, const std::string& f) {
    throw ConfigError(name, 0, p, e, f);
  });
}

LinkConfig load_config(const std::filesystem::path& file) {
  return detail::read_link(config::Document::load(file, config::link_schema()));
}

void set_parameter(LinkConfig& cfg, const std::string& path, double v) {
  if (path == "rx.noise_rms_mv") cfg.rx.noise_rms_mv = v;
  else if (path == "tx.snr_db") cfg.tx.snr_db = v;
  else if (path == "extra_loss_db") cfg.extra_loss_db = v;
  else throw ConfigError("sweep.parameter: unknown parameter '" + path + "'");
}

}  // namespace halo::sim

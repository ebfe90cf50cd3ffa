// The configuration layer (sim/config): one error shape (file, line, key path, expected, found)
// for every kind of bad input, a typo'd key in every section of every shipped config, schema
// defaults equal to the config structs' defaults, and the fuzz harness on mutated shipped files.
#include <gtest/gtest.h>

#include <algorithm>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "halo/config/schemas.hpp"
#include "halo/sim/compare_config.hpp"
#include "halo/sim/link_config.hpp"
#include "halo/sim/link_monitor.hpp"
#include "halo/sim/power_model.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace hs = halo::sim;
namespace hc = halo::config;
namespace fs = std::filesystem;

namespace {

const fs::path kRoot = HALO_SOURCE_DIR;
const fs::path kConfigs = kRoot / "sim/configs";
const fs::path kChannels = kRoot / "sim/data/channels";

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Loads text as the given kind; returns the ConfigError (fails the test when none is thrown).
hc::ConfigError error_of(hc::ConfigKind kind, const std::string& text, const fs::path& base = kConfigs) {
  try {
    switch (kind) {
      case hc::ConfigKind::kLink: (void)hs::parse_config(text, "t.yaml", base); break;
      case hc::ConfigKind::kMonitor: (void)hs::parse_monitor_config(text, "t.yaml", base); break;
      case hc::ConfigKind::kCompare: (void)hs::parse_compare_config(text, "t.yaml", base); break;
      case hc::ConfigKind::kPowerParams: (void)hs::parse_power_params(text, "t.yaml"); break;
      case hc::ConfigKind::kClaims: (void)hs::parse_claims(text, "t.yaml"); break;
      case hc::ConfigKind::kCom: break;  // tests/sim/test_com.cpp
    }
  } catch (const hc::ConfigError& e) {
    return e;
  }
  ADD_FAILURE() << "no ConfigError for:\n" << text;
  return hc::ConfigError("none");
}

void expect_error(const hc::ConfigError& e, int line, const std::string& path, const std::string& fragment) {
  EXPECT_EQ(e.file(), "t.yaml") << e.what();
  EXPECT_EQ(e.line(), line) << e.what();
  EXPECT_EQ(e.path(), path) << e.what();
  EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what() << "\n  lacks: " << fragment;
  EXPECT_EQ(std::string(e.what()).rfind("t.yaml" + (line ? ":" + std::to_string(line) : std::string()) + ": " + path + ": ", 0), 0u)
      << e.what();
}

const std::string kLinkOk = "channel:\n  - {file: ../data/channels/C2M__Z100_IL14_WC_BOR_H_L_H_THRU.s4p}\n";
const std::string kCompareOk = "c2m: {file: x.s4p}\npower_params: p.yaml\n";

// ---- shipped files ------------------------------------------------------------------------
struct Shipped {
  fs::path file;
  hc::ConfigKind kind;
};

std::vector<Shipped> shipped() {
  std::vector<Shipped> v;
  for (const auto& e : fs::directory_iterator(kConfigs)) {
    if (e.path().extension() != ".yaml") continue;
    const std::string n = e.path().stem().string();
    if (n.rfind("sweep_", 0) == 0) continue;  // `halolink sweep` files: python/halolink/sweep.py, tests/python
    v.push_back({e.path(), n.rfind("compare_", 0) == 0   ? hc::ConfigKind::kCompare
                           : n.rfind("monitor_", 0) == 0 ? hc::ConfigKind::kMonitor
                                                         : hc::ConfigKind::kLink});
  }
  v.push_back({kRoot / "sim/data/power/params.yaml", hc::ConfigKind::kPowerParams});
  v.push_back({kRoot / "sim/data/power/claims_800g.yaml", hc::ConfigKind::kClaims});
  std::sort(v.begin(), v.end(), [](const Shipped& a, const Shipped& b) { return a.file < b.file; });
  return v;
}

void load(const Shipped& s, const std::string& text) {
  const fs::path base = s.file.parent_path();
  switch (s.kind) {
    case hc::ConfigKind::kLink: (void)hs::parse_config(text, s.file.string(), base); break;
    case hc::ConfigKind::kMonitor: (void)hs::parse_monitor_config(text, s.file.string(), base); break;
    case hc::ConfigKind::kCompare: (void)hs::parse_compare_config(text, s.file.string(), base); break;
    case hc::ConfigKind::kPowerParams: (void)hs::parse_power_params(text, s.file.string()); break;
    case hc::ConfigKind::kClaims: (void)hs::parse_claims(text, s.file.string()); break;
    case hc::ConfigKind::kCom: break;  // tests/sim/test_com.cpp
  }
}

/// Every mapping of a YAML tree with its key path.
void sections(const YAML::Node& n, const std::string& path, std::vector<std::pair<std::string, YAML::Node>>& out) {
  if (n.IsMap()) {
    out.push_back({path, n});
    for (const auto& kv : n) sections(kv.second, path.empty() ? kv.first.Scalar() : path + "." + kv.first.Scalar(), out);
  } else if (n.IsSequence()) {
    for (std::size_t i = 0; i < n.size(); ++i) sections(n[i], path + "[" + std::to_string(i) + "]", out);
  }
}

/// "noise_rms_mv" -> "noise_rsm_mv": two neighbouring letters swapped near the middle.
std::string typo(const std::string& k) {
  for (std::size_t i = k.size() / 2; i + 1 < k.size() + k.size() / 2; ++i) {
    const std::size_t p = i % (k.size() - 1);
    if (k[p] != k[p + 1]) {
      std::string t = k;
      std::swap(t[p], t[p + 1]);
      return t;
    }
  }
  return k + "x";
}

}  // namespace

// Each shipped config loads; a typo in the first key of each of its sections (every mapping
// the file has, list entries included) is an error at that key's line naming the key path and
// the key it should have been.
TEST(ConfigSchema, TypoInEverySectionOfEveryShippedConfig) {
  int sections_checked = 0;
  for (const auto& s : shipped()) {
    SCOPED_TRACE(s.file.string());
    const std::string text = read(s.file);
    ASSERT_NO_THROW(load(s, text));
    std::vector<std::pair<std::string, YAML::Node>> secs;
    sections(YAML::Load(text), "", secs);
    for (const auto& [path, node] : secs) {
      const YAML::Node key = node.begin()->first;
      const std::string k = key.Scalar(), bad = typo(k);
      // rewrite the key at its position in the text
      std::vector<std::string> lines;
      std::stringstream ss(text);
      for (std::string l; std::getline(ss, l);) lines.push_back(l);
      const auto line = static_cast<std::size_t>(key.Mark().line), col = static_cast<std::size_t>(key.Mark().column);
      ASSERT_EQ(lines.at(line).compare(col, k.size(), k), 0) << path << ": key '" << k << "' not at its mark";
      lines[line].replace(col, k.size(), bad);
      std::string mutated;
      for (const auto& l : lines) mutated += l + "\n";
      const std::string key_path = path.empty() ? bad : path + "." + bad;
      try {
        load(s, mutated);
        ADD_FAILURE() << key_path << ": typo accepted";
      } catch (const hc::ConfigError& e) {
        EXPECT_EQ(e.file(), s.file.string());
        EXPECT_EQ(e.line(), static_cast<int>(line) + 1) << e.what();
        EXPECT_EQ(e.path(), key_path) << e.what();
        const std::string w = e.what();
        EXPECT_EQ(w.rfind(s.file.string() + ":" + std::to_string(line + 1) + ": " + key_path + ": unknown key", 0), 0u) << w;
        if (path != "node_scale")  // free keys (technology nodes): the rule is named instead
          EXPECT_NE(w.find("did you mean `" + k + "`?"), std::string::npos) << w;
        else
          EXPECT_NE(w.find("expected technology nodes"), std::string::npos) << w;
      }
      ++sections_checked;
    }
  }
  EXPECT_GT(sections_checked, 100);  // 8 configs + params + claims: about 130 sections
}

TEST(ConfigSchema, UnknownKeyNamesTheClosestKnownKey) {
  const auto e = error_of(hc::ConfigKind::kCompare, kCompareOk + "host_rx:\n  noize_rms_mv: 1\n");
  expect_error(e, 4, "host_rx.noize_rms_mv", "host_rx.noize_rms_mv: unknown key; did you mean `noise_rms_mv`?");
  EXPECT_EQ(e.found(), "`noize_rms_mv`");
  // nothing close: the known keys, no guess
  const auto f = error_of(hc::ConfigKind::kLink, kLinkOk + "zzzzzz: 1\n");
  expect_error(f, 3, "zzzzzz", "unknown key (known keys: name, symbol_rate_gbd,");
  EXPECT_EQ(hc::closest_key("fee", {"taps", "ffe", "dfe"}), "ffe");  // a swapped pair counts 1
  EXPECT_EQ(hc::closest_key("volterra_memroy", {"volterra", "memory"}), "");
}

TEST(ConfigSchema, DuplicateKeysAreErrors) {
  expect_error(error_of(hc::ConfigKind::kLink, kLinkOk + "osr: 8\nseed: 1\nosr: 16\n"), 5, "osr",
               "osr: duplicate key (first on line 3)");
  expect_error(error_of(hc::ConfigKind::kLink, kLinkOk + "rx: {noise_rms_mv: 1, noise_rms_mv: 2}\n"), 3,
               "rx.noise_rms_mv", "duplicate key (first on line 3)");
  {
    // the appended key is on the line after the file's last; the first node_scale where the file has it
    const std::string params = read(kRoot / "sim/data/power/params.yaml");
    const int lines = static_cast<int>(std::count(params.begin(), params.end(), '\n'));
    const int first = static_cast<int>(std::count(params.begin(), params.begin() + static_cast<std::ptrdiff_t>(
                                                                                      params.find("\nnode_scale:") + 1),
                                                  '\n')) + 1;
    expect_error(error_of(hc::ConfigKind::kPowerParams, params + "node_scale:\n  5nm: {value: 1, source: x}\n"), lines + 1,
                 "node_scale", "node_scale: duplicate key (first on line " + std::to_string(first) + ")");
  }
}

TEST(ConfigSchema, NullIsAnErrorNotTheDefault) {
  const auto e = error_of(hc::ConfigKind::kCompare, kCompareOk + "symbol_rate_gbd: ~\n");
  expect_error(e, 3, "symbol_rate_gbd", "expected a number in [1, 300] GBd, found null");
  EXPECT_EQ(e.found(), "null (leave the key out for the default 53.125)");
  expect_error(error_of(hc::ConfigKind::kLink, kLinkOk + "rx:\n  adc:\n    bits:\n"), 5, "rx.adc.bits",
               "expected an integer in [2, 14], found null");
  expect_error(error_of(hc::ConfigKind::kLink, kLinkOk + "tx:\n"), 3, "tx", "expected a mapping (tx), found null");
}

TEST(ConfigSchema, NonFiniteNumbersAreRejected) {
  expect_error(error_of(hc::ConfigKind::kLink, kLinkOk + "tx: {ffe: [0.1, .inf]}\n"), 3, "tx.ffe[1]",
               "expected a list of numbers in [-1, 1] with 1..8 entries, found `.inf` (not finite)");
  expect_error(error_of(hc::ConfigKind::kLink, kLinkOk + "rx:\n  noise_rms_mv: .nan\n"), 4, "rx.noise_rms_mv",
               "found `.nan` (not finite)");
  expect_error(error_of(hc::ConfigKind::kCompare, kCompareOk + "sweep:\n  fiber_km: [1, -.inf]\n"), 4,
               "sweep.fiber_km[1]", "not finite");
}

TEST(ConfigSchema, SweepValuesAreRangeCheckedAsTheirField) {
  const auto e = error_of(hc::ConfigKind::kLink, kLinkOk + "sweep:\n  parameter: rx.noise_rms_mv\n  values: [8, 9,\n    -5]\n");
  expect_error(e, 6, "sweep.values[2]", "expected a number in [0, 10000] mV rms (as rx.noise_rms_mv), found -5");
  expect_error(error_of(hc::ConfigKind::kLink, kLinkOk + "sweep: {parameter: tx.snr_db, values: [20, 120]}\n"), 3,
               "sweep.values[1]", "[0, 100] dB (as tx.snr_db), found 120");
  expect_error(error_of(hc::ConfigKind::kLink, kLinkOk + "sweep: {parameter: extra_loss_db, values: []}\n"), 3,
               "sweep.values", "with 1..10000 entries, found 0 entries");
  // in range: accepted
  EXPECT_EQ(hs::parse_config(kLinkOk + "sweep: {parameter: rx.noise_rms_mv, values: [0, 5]}\n", "t.yaml", kConfigs)
                .sweep->values.size(),
            2u);
}

TEST(ConfigSchema, MissingChannelIsAnErrorForAnElectricalLink) {
  expect_error(error_of(hc::ConfigKind::kLink, "rx: {noise_rms_mv: 1}\n"), 1, "channel",
               "expected a list of channel segments for an electrical link");
  // stated explicitly: back-to-back
  EXPECT_TRUE(hs::parse_config("channel: []\n", "t.yaml", kConfigs).channel.empty());
  // optical link: no electrical channel needed
  EXPECT_TRUE(hs::parse_config("optical: {fiber_km: 1}\n", "t.yaml", kConfigs).optical.enabled);
  // compare: c2m is required
  expect_error(error_of(hc::ConfigKind::kCompare, "power_params: p.yaml\n"), 1, "c2m",
               "expected a mapping (c2m) (required key), found no `c2m` key");
}

TEST(ConfigSchema, WrongTypesAndRanges) {
  expect_error(error_of(hc::ConfigKind::kLink, kLinkOk + "osr: [1]\n"), 3, "osr", "expected an integer in [4, 256], found a list");
  expect_error(error_of(hc::ConfigKind::kLink, kLinkOk + "rx: {adc: {bits: eight}}\n"), 3, "rx.adc.bits",
               "expected an integer in [2, 14], found `eight`");
  expect_error(error_of(hc::ConfigKind::kLink, kLinkOk + "symbol_rate_gbd: 0.1\n"), 3, "symbol_rate_gbd",
               "expected a number in [1, 500] GBd, found 0.1");
  expect_error(error_of(hc::ConfigKind::kLink, kLinkOk + "tx: {pattern: prbs7}\n"), 3, "tx.pattern",
               "expected one of prbs13q | prbs31q | ssprq | random | kp4, found `prbs7`");
  expect_error(error_of(hc::ConfigKind::kLink, kLinkOk + "rx: {volterra: {enabled: maybe}}\n"), 3, "rx.volterra.enabled",
               "expected true or false, found `maybe`");
  expect_error(error_of(hc::ConfigKind::kLink, "- 1\n- 2\n"), 1, "(top level)", "expected a mapping (link config), found a list");
  // long bad tokens are quoted as a short excerpt
  const auto e = error_of(hc::ConfigKind::kLink, kLinkOk + "name: [1]\nosr: " + std::string(5000, 'x') + "\n");
  EXPECT_EQ(e.path(), "name");
  EXPECT_LT(std::string(error_of(hc::ConfigKind::kLink, kLinkOk + "osr: " + std::string(5000, 'x') + "\n").what()).size(), 200u);
}

TEST(ConfigSchema, PortMapsCarryFileAndField) {
  const std::string seg = "channel:\n  - file: ../data/channels/C2M__Z100_IL14_WC_BOR_H_L_H_THRU.s4p\n    ports: ";
  expect_error(error_of(hc::ConfigKind::kLink, seg + "\"1,1,2,4\"\n"), 3, "channel[0].ports",
               "expected auto or 4 distinct port numbers \"in+,in-,out+,out-\", found `1,1,2,4`");
  expect_error(error_of(hc::ConfigKind::kLink, seg + "[1, 3, 2, 5]\n"), 3, "channel[0].ports",
               "expected 4 distinct port numbers 1..4 of C2M__Z100_IL14_WC_BOR_H_L_H_THRU.s4p, found port 5");
  expect_error(error_of(hc::ConfigKind::kLink, seg + "\"1,3,2\"\n"), 3, "channel[0].ports", "found `1,3,2`");
  EXPECT_EQ(hs::parse_config(seg + "[1, 3, 2, 4]\n", "t.yaml", kConfigs).channel[0].ports, "1,3,2,4");
  expect_error(error_of(hc::ConfigKind::kCompare, "power_params: p.yaml\nc2m:\n  file: x.s4p\n  ports: 1,3,2,5\n"), 4,
               "c2m.ports", "expected 4 distinct port numbers 1..4 of x.s4p, found port 5");
  expect_error(error_of(hc::ConfigKind::kLink, "channel:\n  - {file: nope.s4p}\n"), 2, "channel[0].file",
               "expected an existing Touchstone file, found no file");
}

TEST(ConfigSchema, CrossFieldErrorsCarryTheLine) {
  expect_error(error_of(hc::ConfigKind::kLink, kLinkOk + "rx:\n  ffe: {taps: 16,\n    pre: 20}\n"), 5, "rx.ffe.pre",
               "expected pre < taps (16), found 20");
  expect_error(error_of(hc::ConfigKind::kLink, kLinkOk + "tx:\n  ffe: [0.5, 0.9]\n"), 4, "tx.ffe",
               "expected sum |c_i| in (0, 1] (peak swing constraint), found sum 1.4");
  expect_error(error_of(hc::ConfigKind::kCompare, kCompareOk + "traffic: {interleave: 3}\n"), 3, "traffic.interleave",
               "expected 1, 2 or 4, found 3");
  expect_error(error_of(hc::ConfigKind::kClaims, "clusters: []\nchecks:\n  - {id: a, quantity: dsp_module_w}\n"), 3,
               "checks[0]", "expected min or max (or both), found neither");
  expect_error(error_of(hc::ConfigKind::kMonitor, "optical: {}\nmonitor:\n  thresholds:\n    ber_cur: {hi_warn: 1e-3,\n"
                                                  "      hi_alarm: 1e-4}\n"),
               4, "monitor.thresholds.ber_cur.hi_warn", "expected hi_warn <= hi_alarm (0.0001), found 0.001");
  // a value set after loading (command line) has no line: "NAME: key.path: ..."
  hs::LinkConfig c = hs::parse_config(kLinkOk, "t.yaml", kConfigs);
  c.symbols = 10;
  try {
    hs::validate(c, "t.yaml");
    ADD_FAILURE();
  } catch (const hc::ConfigError& e) {
    expect_error(e, 0, "symbols", "expected at least block_symbols (4096) symbols, found 10");
  }
}

TEST(ConfigSchema, PowerParamsAndClaims) {
  const std::string params = read(kRoot / "sim/data/power/params.yaml");
  const auto p = hs::parse_power_params(params, "t.yaml");
  EXPECT_DOUBLE_EQ(p("analog", "dcdc_efficiency"), 0.9);
  EXPECT_EQ(p.node_scale.size(), 4u);
  // a leaf without source, a fraction above 1, a missing required key
  std::string bad = params;
  bad.replace(bad.find("digital_fraction: {value: 0.05,"), 31, "digital_fraction: {value: 1.05,");
  expect_error(error_of(hc::ConfigKind::kPowerParams, bad), 78, "standby.digital_fraction.value",
               "expected a number in [0, 1], found 1.05");
  expect_error(error_of(hc::ConfigKind::kPowerParams, "energy_45nm:\n  add8_pj: {value: 0.03}\n"), 2,
               "energy_45nm.add8_pj.source", "expected a text (required key), found no `source` key");
  expect_error(error_of(hc::ConfigKind::kPowerParams, "energy_45nm:\n  add8_pj: {value: 0.03, source: x}\n"), 1,
               "energy_45nm.mult8_pj", "(required key)");
  const auto c = hs::parse_claims(read(kRoot / "sim/data/power/claims_800g.yaml"), "t.yaml");
  EXPECT_EQ(c.checks.size(), 14u);
  EXPECT_EQ(c.clusters.size(), 2u);
  EXPECT_EQ(hs::parse_claims(read(kRoot / "sim/data/power/claims_1p6t.yaml"), "t.yaml").checks.size(), 11u);
}

// The schema defaults (docs/config.md) are the loaders' defaults: a minimal file loads to the
// config structs' own default values.
TEST(ConfigSchema, DefaultsAreTheStructDefaults) {
  const hs::LinkConfig a = hs::parse_config("channel: []\n", "t.yaml", kConfigs), d;
  EXPECT_EQ(a.name, d.name);
  EXPECT_EQ(a.symbol_rate_gbd, d.symbol_rate_gbd);
  EXPECT_EQ(a.osr, d.osr);
  EXPECT_EQ(a.seed, d.seed);
  EXPECT_EQ(a.symbols, d.symbols);
  EXPECT_EQ(a.block_symbols, d.block_symbols);
  EXPECT_EQ(a.extra_loss_db, d.extra_loss_db);
  EXPECT_EQ(a.fec, d.fec);
  EXPECT_EQ(a.ber_floor, d.ber_floor);
  EXPECT_EQ(a.tx.pattern, d.tx.pattern);
  EXPECT_EQ(a.tx.gray, d.tx.gray);
  EXPECT_EQ(a.tx.precoding, d.tx.precoding);
  EXPECT_EQ(a.tx.ffe, d.tx.ffe);
  EXPECT_EQ(a.tx.ffe_main, d.tx.ffe_main);
  EXPECT_EQ(a.tx.swing_v, d.tx.swing_v);
  EXPECT_EQ(a.tx.snr_db, d.tx.snr_db);
  EXPECT_EQ(a.tx.rj_ui, d.tx.rj_ui);
  EXPECT_EQ(a.optical.enabled, d.optical.enabled);
  const auto& r = a.rx;
  const auto& q = d.rx;
  EXPECT_EQ(r.model, q.model);
  EXPECT_EQ(r.noise_rms_mv, q.noise_rms_mv);
  EXPECT_EQ(r.bandwidth_ghz, q.bandwidth_ghz);
  EXPECT_EQ(r.ctle.enabled, q.ctle.enabled);
  EXPECT_EQ(r.agc_target_rms, q.agc_target_rms);
  EXPECT_EQ(r.adc_bits, q.adc_bits);
  EXPECT_EQ(r.adc_enob, q.adc_enob);
  EXPECT_EQ(r.adc_full_scale_v, q.adc_full_scale_v);
  EXPECT_EQ(r.ffe_taps, q.ffe_taps);
  EXPECT_EQ(r.ffe_pre, q.ffe_pre);
  EXPECT_EQ(r.dfe_taps, q.dfe_taps);
  EXPECT_EQ(r.dfe_limit, q.dfe_limit);
  EXPECT_EQ(r.volterra, q.volterra);
  EXPECT_EQ(r.volterra_memory, q.volterra_memory);
  EXPECT_EQ(r.volterra_memory3, q.volterra_memory3);
  EXPECT_EQ(r.cdr, q.cdr);
  EXPECT_EQ(r.cdr_gain, q.cdr_gain);
  EXPECT_EQ(r.mu_ffe, q.mu_ffe);
  EXPECT_EQ(r.mu_dfe, q.mu_dfe);
  EXPECT_EQ(r.mu_volterra, q.mu_volterra);
  EXPECT_EQ(r.training_symbols, q.training_symbols);
  EXPECT_EQ(r.freeze_after_training, q.freeze_after_training);
  EXPECT_EQ(r.init_mmse, q.init_mmse);
  EXPECT_EQ(r.cdr_initial_offset_ui, q.cdr_initial_offset_ui);
  // an optical section with only `enabled` takes OpticalConfig's values
  const hs::OpticalConfig o = hs::parse_config("optical: {}\n", "t.yaml", kConfigs).optical, od;
  EXPECT_EQ(o.modulator, od.modulator);
  for (auto [x, y] : {std::pair{o.driver_gain, od.driver_gain}, {o.vpi_v, od.vpi_v}, {o.bias, od.bias},
                      {o.temperature_c, od.temperature_c}, {o.extinction_ratio_db, od.extinction_ratio_db},
                      {o.laser_power_dbm, od.laser_power_dbm}, {o.rin_db_hz, od.rin_db_hz}, {o.fiber_km, od.fiber_km},
                      {o.fiber_loss_db_km, od.fiber_loss_db_km}, {o.dispersion_ps_nm_km, od.dispersion_ps_nm_km},
                      {o.wavelength_nm, od.wavelength_nm}, {o.responsivity_a_w, od.responsivity_a_w},
                      {o.thermal_noise_pa_rthz, od.thermal_noise_pa_rthz}, {o.tia_gain_ohm, od.tia_gain_ohm},
                      {o.tia_bw_ghz, od.tia_bw_ghz}, {o.tia_sat_v, od.tia_sat_v}})
    EXPECT_EQ(x, y);
  // monitor
  const hs::MonitorConfig m = hs::parse_monitor_config("optical: {}\nmonitor: {}\n", "t.yaml", kConfigs), md;
  EXPECT_EQ(m.windows, md.windows);
  EXPECT_EQ(m.window_symbols, md.window_symbols);
  // compare
  const hs::CompareConfig c = hs::parse_compare_config(kCompareOk, "t.yaml", kConfigs), cd;
  EXPECT_EQ(c.name, cd.name);
  EXPECT_EQ(c.symbol_rate_gbd, cd.symbol_rate_gbd);
  EXPECT_EQ(c.osr, cd.osr);
  EXPECT_EQ(c.seed, cd.seed);
  EXPECT_EQ(c.module.name, cd.module.name);
  EXPECT_EQ(c.module.lanes, cd.module.lanes);
  EXPECT_EQ(c.module.node, cd.module.node);
  EXPECT_EQ(c.module.adc_bits, cd.module.adc_bits);
  EXPECT_EQ(c.precoding, cd.precoding);
  EXPECT_EQ(c.interleave, cd.interleave);
  EXPECT_EQ(c.ber_threshold, cd.ber_threshold);
  for (const auto* t : {&c.host_tx, &c.module_tx, &c.line_tx}) {
    EXPECT_EQ(t->ffe, cd.host_tx.ffe);
    EXPECT_EQ(t->swing_v, cd.host_tx.swing_v);
    EXPECT_EQ(t->snr_db, cd.host_tx.snr_db);
  }
  for (const auto* x : {&c.host_rx, &c.module_rx, &c.line_rx, &c.lpo.host_rx}) {
    EXPECT_EQ(x->noise_rms_mv, cd.host_rx.noise_rms_mv);
    EXPECT_EQ(x->adc_enob, cd.host_rx.adc_enob);
    EXPECT_EQ(x->agc_target_rms, cd.host_rx.agc_target_rms);
    EXPECT_EQ(x->eq.ffe_taps, cd.host_rx.eq.ffe_taps);
    EXPECT_EQ(x->eq.dfe_limit, cd.host_rx.eq.dfe_limit);
  }
  EXPECT_EQ(c.optical.launch_power_dbm, cd.optical.launch_power_dbm);
  EXPECT_EQ(c.optical.connector_loss_db, cd.optical.connector_loss_db);
  EXPECT_EQ(c.optical.dispersion_ps_nm_km, cd.optical.dispersion_ps_nm_km);
  EXPECT_EQ(c.optical.tia_bw_ghz, cd.optical.tia_bw_ghz);
  EXPECT_EQ(c.lpo.driver_noise_nv_rthz, cd.lpo.driver_noise_nv_rthz);
  EXPECT_EQ(c.lpo.tia_output_swing_v, cd.lpo.tia_output_swing_v);
  EXPECT_EQ(c.time_domain.enabled, cd.time_domain.enabled);
  EXPECT_EQ(c.time_domain.symbols, cd.time_domain.symbols);
  EXPECT_EQ(c.time_domain.training, cd.time_domain.training);
  EXPECT_EQ(c.time_domain.rx_model, cd.time_domain.rx_model);
  EXPECT_EQ(c.duty_cycle.standby_fraction, cd.duty_cycle.standby_fraction);
  EXPECT_EQ(c.duty_cycle.period_us, cd.duty_cycle.period_us);
  EXPECT_EQ(c.hops, cd.hops);
}

TEST(ConfigSchema, HelpListsEveryTopLevelSection) {
  for (const auto kind : hc::kAllKinds) {
    const std::string h = hc::config_sections_help(kind);
    for (const auto& f : hc::schema_of(kind).fields) EXPECT_NE(h.find("\n  " + f.key + " "), std::string::npos) << f.key;
  }
  EXPECT_NE(hc::config_markdown().find("| `noise_rms_mv` | a number in [0, 10000] mV rms | `0` |"), std::string::npos);
}

// The fuzz harness (tests/fuzz/fuzz_config.cpp) on the shipped files and 600 byte-level
// mutations of them: only ConfigError may escape the loaders (anything else fails the test).
TEST(ConfigFuzzHarness, ShippedFilesAndMutations) {
  constexpr std::string_view kYamlChars = "{}[]:,-~ \n&*!|>'\"#";  // YAML indicators
  std::mt19937 rng(20);
  for (const auto& s : shipped()) {
    const std::string text = read(s.file);
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
    for (int i = 0; i < 60; ++i) {
      std::string m = text;
      const int edits = 1 + static_cast<int>(rng() % 4);
      for (int k = 0; k < edits && !m.empty(); ++k) {
        const std::size_t p = rng() % m.size();
        switch (rng() % 4) {
          case 0: m[p] = static_cast<char>(rng() % 256); break;
          case 1: m.erase(p, 1 + rng() % 8); break;
          case 2: m.insert(p, std::string(1 + rng() % 3, kYamlChars[rng() % kYamlChars.size()])); break;
          default: m.insert(p, m.substr(rng() % m.size(), 1 + rng() % 40)); break;
        }
      }
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(m.data()), m.size());
    }
  }
}

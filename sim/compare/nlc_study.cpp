// NLC on the nonlinear optical front end (nlc_study.hpp).
#include "halo/sim/nlc_study.hpp"

#include <cmath>
#include <sstream>

#include "halo/sim/link.hpp"
#include "halo/sim/link_config.hpp"
#include "halo/sim/power_model.hpp"

namespace halo::sim {
namespace {

std::string num(double x) {
  std::ostringstream os;
  os.precision(17);
  os << x;
  return os.str();
}

std::string list(const std::vector<double>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + num(v[i]);
  return s + "]";
}

}  // namespace

std::string nlc_link_yaml(const CompareConfig& c, double t, NlcRun nlc, bool lut_receiver) {
  const bool volterra = nlc == NlcRun::kVolterra, lut = nlc == NlcRun::kLut;
  const bool lut_rx = lut || lut_receiver;  // golden-model FFE (+ LUT), no DFE
  const CompareNlc& n = c.nlc;
  const CompareOptical& o = c.optical;
  const double km = o.fiber_km;
  const double loss_km = o.fiber_loss_db_km + (km > 0 ? o.connector_loss_db / km : 0.0);
  const double laser = o.launch_power_dbm + (n.modulator == "mzm" ? 3.0 : 0.0);
  std::ostringstream y;
  // the line runs at the inner-FEC line rate when the module adds the Clause 177 code
  const double rate = c.inner_fec.enabled ? c.inner_fec.line_symbol_rate_gbd : c.symbol_rate_gbd;
  y << "name: nlc_line\nsymbol_rate_gbd: " << num(rate) << "\nosr: 8\nseed: " << c.seed
    << "\nsymbols: " << n.symbols << "\nfec: kp4\n"
    << "tx: {pattern: prbs31q, ffe: " << list(c.line_tx.ffe) << ", ffe_main: " << c.line_tx.ffe_main
    << ", swing_v: " << num(c.line_tx.swing_v) << ", snr_db: " << num(c.line_tx.snr_db) << "}\n"
    << "optical: {enabled: true, modulator: " << n.modulator << ", driver_gain: " << num(n.driver_gain)
    << ", driver_bw_ghz: " << num(o.driver_bw_ghz) << ", vpi_v: " << num(n.vpi_v) << ", bias: " << num(n.bias)
    << ", bias_drift_per_c: " << num(n.bias_drift_per_c) << ", temperature_c: " << num(t)
    << ", extinction_ratio_db: " << num(n.extinction_ratio_db) << ", eml_compression: " << num(n.eml_compression)
    << ", laser_power_dbm: " << num(laser) << ", rin_db_hz: " << num(o.rin_db_hz) << ", fiber_km: " << num(km)
    << ", fiber_loss_db_km: " << num(loss_km) << ", dispersion_ps_nm_km: " << num(o.dispersion_ps_nm_km)
    << ", wavelength_nm: " << num(o.wavelength_nm) << ", responsivity_a_w: " << num(o.responsivity_a_w)
    << ", thermal_noise_pa_rthz: " << num(o.thermal_noise_pa_rthz) << ", tia_gain_ohm: " << num(o.tia_gain_ohm)
    << ", tia_bw_ghz: " << num(o.tia_bw_ghz) << "}\n"
    << "rx: {model: " << (lut_rx ? std::string("cmodel") : n.rx_model) << ", adc: {bits: 8, enob: " << num(c.line_rx.adc_enob)
    << "}, ffe: {taps: " << c.line_rx.eq.ffe_taps << ", pre: " << c.line_rx.eq.ffe_pre
    << "}, dfe: {taps: " << (lut_rx ? 0u : c.line_rx.eq.dfe_taps) << "}, volterra: {enabled: " << (volterra ? "true" : "false")
    << ", memory: " << n.volterra_memory << "}, lut: {enabled: " << (lut ? "true" : "false") << "}, cdr: {type: fixed}, adapt: {training_symbols: " << n.training
    << ", freeze_after_training: true, mu_volterra: 3.0e-4}}\n";
  return y.str();
}

nlohmann::json run_nlc_study(const CompareConfig& cfg, const PowerParams& params) {
  const CompareNlc& n = cfg.nlc;
  nlohmann::json j;
  j["operating_point"] = {{"modulator", n.modulator},         {"driver_gain", n.driver_gain},
                          {"vpi_v", n.vpi_v},                 {"bias", n.bias},
                          {"bias_drift_per_c", n.bias_drift_per_c}, {"eml_compression", n.eml_compression},
                          {"extinction_ratio_db", n.extinction_ratio_db},
                          {"drive_peak_over_vpi", n.driver_gain * cfg.line_tx.swing_v / 2 / n.vpi_v},
                          {"symbols", n.symbols},             {"training", n.training},
                          {"volterra_memory", n.volterra_memory}, {"rx_model", n.rx_model}};
  struct Point {
    double t, gain;
  };
  std::vector<Point> points;
  for (double t : n.temperatures_c) points.push_back({t, n.driver_gain});
  if (n.stress_driver_gain > 0 && !n.temperatures_c.empty())
    points.push_back({n.temperatures_c.back(), n.stress_driver_gain});
  for (const Point& pt : points) {
    const double t = pt.t;
    CompareConfig c = cfg;
    c.nlc.driver_gain = pt.gain;
    nlohmann::json row = {{"temperature_c", t},
                          {"driver_gain", pt.gain},
                          {"drive_peak_over_vpi", pt.gain * cfg.line_tx.swing_v / 2 / n.vpi_v},
                          {"stress", pt.gain != n.driver_gain}};
    struct Run {
      NlcRun nlc;
      bool lut_rx;
      const char* key;
    };
    // the LUT and its reference without NLC: the golden-model FFE without DFE (lut_ffe_only)
    const std::vector<Run> runs = {{NlcRun::kNone, false, "off"},
                                   {NlcRun::kVolterra, false, "on"},
                                   {NlcRun::kNone, true, "lut_ref"},
                                   {NlcRun::kLut, true, "lut"}};
    // the four runs differ in the receiver only (fixed CDR): the first records the ADC codes,
    // the other three replay them (TdReplay; identical results, the optical front end runs once)
    TdReplay replay;
    TdHooks hooks;
    hooks.replay = &replay;
    for (const Run& run : runs) {
      const std::string y = nlc_link_yaml(c, t, run.nlc, run.lut_rx);
      hooks.replay_key = y.substr(0, y.find("\nrx: ")) + "\nadc_enob: " + num(c.line_rx.adc_enob);
      const LinkConfig lc = parse_config(y, "compare nlc (T = " + num(t) + " C)", ".");
      const LinkModel m = build_model(lc);
      if (run.nlc == NlcRun::kNone && !run.lut_rx)
        row["ber_stat_off"] = analyze_optical(lc, m).ber;  // statistical engine, distortion as per-level PDFs
      const TdResult r = run_time_domain(lc, m, {}, nullptr, &hooks);
      const std::string k = run.key;
      row["ber_" + k] = r.ber;
      row["bit_errors_" + k] = r.bit_errors;
      row["ber_upper_95_" + k] = r.bits ? 3.0 / static_cast<double>(r.bits) : 1.0;
      row["bits"] = r.bits;
      row["rx_" + k] = r.rx_name;
    }
    row["rx"] = row["rx_off"];
    // gain in decades where errors without NLC are countable; with zero errors with NLC it is
    // a lower bound against the 95 % upper bound 3 / bits; null when the link without NLC has
    // no errors either (nothing for the NLC to earn at this resolution), and null when the
    // lower bound is not positive (fewer errors without NLC than the 3 of the bound)
    auto gain = [&](const std::string& off, const std::string& on, const std::string& name) {
      const auto e_off = row["bit_errors_" + off].get<std::uint64_t>(), e_on = row["bit_errors_" + on].get<std::uint64_t>();
      const double b_on = e_on ? row["ber_" + on].get<double>() : row["ber_upper_95_" + on].get<double>();
      const double g = e_off ? std::log10(row["ber_" + off].get<double>() / b_on) : 0.0;
      const bool lower = e_off > 0 && e_on == 0;
      row[name] = e_off && (!lower || g > 0) ? nlohmann::json(g) : nlohmann::json(nullptr);
      row[name == "gain_decades" ? std::string("gain_is_lower_bound") : name + "_is_lower_bound"] = lower && g > 0;
    };
    gain("off", "on", "gain_decades");
    gain("lut_ref", "lut", "gain_lut_decades");
    j["rows"].push_back(row);
  }
  ModuleSpec m = cfg.module;
  m.rx_volterra = false;
  m.rx_lut = false;
  const double base = dsp_module_power(params, m).total_w;
  m.rx_volterra = true;
  const double vol = dsp_module_power(params, m).total_w;
  m.rx_volterra = false;
  m.rx_lut = true;
  const double lut = dsp_module_power(params, m).total_w;
  j["power"] = {{"dsp_w", base}, {"dsp_volterra_w", vol}, {"dsp_lut_w", lut}, {"volterra_cost_w", vol - base},
                {"lut_cost_w", lut - base}};
  return j;
}

}  // namespace halo::sim

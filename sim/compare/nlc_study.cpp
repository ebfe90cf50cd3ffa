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

std::string nlc_link_yaml(const CompareConfig& c, double t, bool volterra) {
  const CompareNlc& n = c.nlc;
  const CompareOptical& o = c.optical;
  const double km = o.fiber_km;
  const double loss_km = o.fiber_loss_db_km + (km > 0 ? o.connector_loss_db / km : 0.0);
  const double laser = o.launch_power_dbm + (n.modulator == "mzm" ? 3.0 : 0.0);
  std::ostringstream y;
  y << "name: nlc_line\nsymbol_rate_gbd: " << num(c.symbol_rate_gbd) << "\nosr: 8\nseed: " << c.seed
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
    << "rx: {model: " << n.rx_model << ", adc: {bits: 8, enob: " << num(c.line_rx.adc_enob)
    << "}, ffe: {taps: " << c.line_rx.eq.ffe_taps << ", pre: " << c.line_rx.eq.ffe_pre
    << "}, dfe: {taps: " << c.line_rx.eq.dfe_taps << "}, volterra: {enabled: " << (volterra ? "true" : "false")
    << ", memory: " << n.volterra_memory << "}, cdr: {type: fixed}, adapt: {training_symbols: " << n.training
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
    for (bool v : {false, true}) {
      const LinkConfig lc = parse_config(nlc_link_yaml(c, t, v), "compare nlc (T = " + num(t) + " C)", ".");
      const LinkModel m = build_model(lc);
      if (!v) row["ber_stat_off"] = analyze_optical(lc, m).ber;  // statistical engine, distortion as per-level PDFs
      const TdResult r = run_time_domain(lc, m);
      const char* k = v ? "on" : "off";
      row[std::string("ber_") + k] = r.ber;
      row[std::string("bit_errors_") + k] = r.bit_errors;
      row[std::string("ber_upper_95_") + k] = r.bits ? 3.0 / static_cast<double>(r.bits) : 1.0;
      row["bits"] = r.bits;
      row["rx"] = r.rx_name;
    }
    // gain in decades where errors without NLC are countable; with zero errors with NLC it is
    // a lower bound against the 95 % upper bound 3 / bits; null when the link without NLC has
    // no errors either (nothing for the NLC to earn at this resolution)
    const auto e_off = row["bit_errors_off"].get<std::uint64_t>(), e_on = row["bit_errors_on"].get<std::uint64_t>();
    const double on = e_on ? row["ber_on"].get<double>() : row["ber_upper_95_on"].get<double>();
    row["gain_decades"] = e_off ? nlohmann::json(std::log10(row["ber_off"].get<double>() / on)) : nlohmann::json(nullptr);
    row["gain_is_lower_bound"] = e_off > 0 && e_on == 0;
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

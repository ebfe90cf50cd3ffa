// Power model: op-count energies, module breakdowns, cluster roll-up (power_model.hpp).
#include "halo/sim/power_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include "halo/retimer/retimer_rx.hpp"
#include "halo/retimer/retimer_tx.hpp"

namespace halo::sim {
OpEnergy op_energy(const PowerParams& p, const std::string& node) {
  const auto it = p.node_scale.find(node);
  if (it == p.node_scale.end()) {
    std::string known;
    for (const auto& kv : p.node_scale) known += (known.empty() ? "" : ", ") + kv.first;
    throw std::invalid_argument(p.file + ": node '" + node + "' not in node_scale (known: " + known + ")");
  }
  const double s = it->second.value;
  OpEnergy e;
  e.mult_pj = s * p("energy_45nm", "mult8_pj") * p("digital", "mult_bits_a") * p("digital", "mult_bits_b") / 64.0;
  e.add_pj = s * p("energy_45nm", "add8_pj") * p("digital", "add_bits") / 8.0;
  e.register_bit_pj = s * p("energy_45nm", "register_bit_pj");
  e.memory_bit_pj = s * p("energy_45nm", "memory_bit_pj");
  return e;
}

double energy_per_symbol_pj(const PowerParams& p, const std::string& node, const dsp::OpCounts& ops) {
  const OpEnergy e = op_energy(p, node);
  // a fraction digital.register_clock_fraction of the register bits toggles per symbol; tables
  // are accessed digital.memory_access_bits_per_symbol bits per symbol when the block has any
  const double regf = p("digital", "register_clock_fraction");
  const double mem = ops.memory_bits ? p("digital", "memory_access_bits_per_symbol") : 0.0;
  return p("digital", "overhead_factor") *
         (static_cast<double>(ops.multiplies) * e.mult_pj + static_cast<double>(ops.adds) * e.add_pj +
          static_cast<double>(ops.register_bits) * regf * e.register_bit_pj + mem * e.memory_bit_pj);
}

dsp::OpCounts dsp_rx_ops(const ModuleSpec& m) {
  retimer::RxConfig c;
  c.adc_bits = m.adc_bits;
  c.ffe.taps = m.rx_ffe_taps;
  c.ffe.pre = m.rx_ffe_pre;
  c.ffe.adc_bits = m.adc_bits;
  c.dfe.taps = m.rx_dfe_taps;
  c.nlc = m.rx_volterra ? retimer::NlcKind::kVolterra : (m.rx_lut ? retimer::NlcKind::kLut : retimer::NlcKind::kNone);
  return retimer::RetimerRx(c).ops();
}

dsp::OpCounts dsp_tx_ops(const ModuleSpec& m) {
  retimer::TxConfig c;
  c.ffe.taps.assign(static_cast<std::size_t>(std::max(1, m.tx_ffe_taps)), 0);
  c.ffe.taps[c.ffe.taps.size() / 2] = 672;
  c.ffe.pre = static_cast<int>(c.ffe.taps.size() / 2);
  return retimer::RetimerTx(c).ops();
}

namespace {

void add(ModulePower& mp, const std::string& name, double w, const std::string& basis, const std::string& cls,
         bool chip = false) {
  mp.items.push_back({name, w, basis, cls, chip});
}

void finish(ModulePower& mp, const PowerParams& p, const ModuleSpec& m) {
  const double misc = p("analog", "module_misc_w");
  add(mp, "MCU, monitoring, misc", misc, "analog.module_misc_w", "misc");
  double sum = 0;
  for (const auto& it : mp.items) sum += it.watts;
  const double eff = p("analog", "dcdc_efficiency");
  if (eff <= 0 || eff > 1) throw std::invalid_argument(p.file + ": analog.dcdc_efficiency: expected 0 < x <= 1");
  add(mp, "DC-DC conversion loss", sum / eff - sum, "sum x (1/analog.dcdc_efficiency - 1)", "dcdc");
  mp.total_w = sum / eff;
  mp.pj_per_bit = mp.total_w / (m.lanes * m.lane_rate_gbps * 1e9) * 1e12;
}

// Per-lane pieces shared by the DSP and LRO modules (one direction each).
struct Pieces {
  double adc_w, rx_dig_w, host_rx_dig_w, tx_dig_w, dac_w, pll_w, c2m_w, drv_w, tia_w, laser_w, lpo_drv_w, lpo_tia_w;
  std::string rs;  // rate-scaling note
};

Pieces pieces(const PowerParams& p, const ModuleSpec& m, ModulePower& mp) {
  const double fs = m.symbol_rate_gbd * 1e9;
  const double kp = rate_factor(p, m.symbol_rate_gbd, p("analog", "pll_rate_exponent"));
  const double kd = rate_factor(p, m.symbol_rate_gbd, p("analog", "driver_tia_rate_exponent"));
  mp.rx_ops = dsp_rx_ops(m);
  mp.tx_ops = dsp_tx_ops(m);
  mp.rx_pj_per_symbol = energy_per_symbol_pj(p, m.node, mp.rx_ops);
  mp.tx_pj_per_symbol = energy_per_symbol_pj(p, m.node, mp.tx_ops);
  Pieces q;
  ModuleSpec host_side = m;  // the host-side receivers never run the NLC (C2M is linear)
  host_side.rx_volterra = false;
  host_side.rx_lut = false;
  q.host_rx_dig_w = energy_per_symbol_pj(p, m.node, dsp_rx_ops(host_side)) * 1e-12 * fs;
  q.adc_w = p("analog", "adc_fom_fj_per_step") * 1e-15 * std::pow(2.0, m.adc_enob) * fs;
  q.rx_dig_w = mp.rx_pj_per_symbol * 1e-12 * fs;
  q.tx_dig_w = mp.tx_pj_per_symbol * 1e-12 * fs;
  q.dac_w = p("analog", "dac_pj_per_symbol") * 1e-12 * fs;
  q.pll_w = p("analog", "pll_cdr_mw") * 1e-3 * kp;
  q.c2m_w = p("analog", "c2m_tx_driver_mw") * 1e-3 * kd;
  q.drv_w = p("analog", "dsp_driver_mw") * 1e-3 * kd;
  q.tia_w = p("analog", "tia_mw") * 1e-3 * kd;
  q.laser_w = p("analog", "laser_mw") * 1e-3;
  q.lpo_drv_w = p("analog", "lpo_driver_mw") * 1e-3 * kd;
  q.lpo_tia_w = p("analog", "lpo_tia_mw") * 1e-3 * kd;
  char b[160];
  std::snprintf(b, sizeof b, " (x %.3g rate factor: PLL (f/f_ref)^%g, drivers/TIAs (f/f_ref)^%g)", kp,
                p("analog", "pll_rate_exponent"), p("analog", "driver_tia_rate_exponent"));
  q.rs = b;
  return q;
}

std::string rate_note(double k) {
  char b[64];
  std::snprintf(b, sizeof b, " x %.3g (lane-rate factor)", k);
  return b;
}

}  // namespace

double rate_factor(const PowerParams& p, double symbol_rate_gbd, double exponent) {
  const double ref = p("analog", "ref_symbol_rate_gbd");
  if (!(ref > 0)) throw std::invalid_argument(p.file + ": analog.ref_symbol_rate_gbd: expected > 0");
  return std::pow(symbol_rate_gbd / ref, exponent);
}

ModulePower dsp_module_power(const PowerParams& p, const ModuleSpec& m) {
  ModulePower mp;
  mp.arch = "DSP";
  const double L = m.lanes, fs = m.symbol_rate_gbd * 1e9;
  const Pieces q = pieces(p, m, mp);
  const double kp = rate_factor(p, m.symbol_rate_gbd, p("analog", "pll_rate_exponent"));
  const double kd = rate_factor(p, m.symbol_rate_gbd, p("analog", "driver_tia_rate_exponent"));
  add(mp, "ADC (host-side + line-side RX)", 2 * L * q.adc_w,
      "2 x lanes x FOM x 2^ENOB x f_sym (analog.adc_fom_fj_per_step, Walden)", "adc_dac", true);
  add(mp, "DSP RX datapath, host side (FFE, DFE, CDR logic)", L * q.host_rx_dig_w,
      "lanes x f_sym x E(RetimerRx::ops(), no NLC) at node " + m.node, "digital", true);
  add(mp, std::string("DSP RX datapath, line side (FFE, DFE") + (m.rx_volterra ? ", Volterra NLC" : m.rx_lut ? ", LUT NLC" : "") + ", CDR logic)",
      L * q.rx_dig_w, "lanes x f_sym x E(RetimerRx::ops()) at node " + m.node, "digital", true);
  add(mp, "DSP TX datapath (TX FFE)", 2 * L * q.tx_dig_w,
      "2 x lanes x f_sym x E(RetimerTx::ops()) at node " + m.node, "digital", true);
  add(mp, "DAC (host-side + line-side TX)", 2 * L * q.dac_w, "2 x lanes x f_sym x analog.dac_pj_per_symbol", "adc_dac",
      true);
  add(mp, "PLL + CDR analog (per direction)", 2 * L * q.pll_w, "2 x lanes x analog.pll_cdr_mw" + rate_note(kp),
      "pll_cdr", true);
  add(mp, "C2M TX driver (to host)", L * q.c2m_w, "lanes x analog.c2m_tx_driver_mw" + rate_note(kd), "driver_tia", true);
  add(mp, "optical modulator driver", L * q.drv_w, "lanes x analog.dsp_driver_mw" + rate_note(kd), "driver_tia");
  add(mp, "TIA", L * q.tia_w, "lanes x analog.tia_mw" + rate_note(kd), "driver_tia");
  add(mp, "laser", L * q.laser_w, "lanes x analog.laser_mw (no rate scaling)", "laser");
  if (m.fec_in_module) {
    const double s = op_energy(p, m.node).add_pj / (p("energy_45nm", "add8_pj") * p("digital", "add_bits") / 8.0);
    add(mp, "KP4 RS-FEC decode + encode", 2 * L * m.lane_rate_gbps * 1e9 * s * p("fec", "codec_pj_per_bit_45nm") * 1e-12,
        "2 x lanes x lane rate x node scale x fec.codec_pj_per_bit_45nm", "fec", true);
  }
  if (m.inner_fec)
    add(mp, "inner FEC (Clause 177) encode + decode", L * energy_per_symbol_pj(p, m.node, m.inner_fec_ops) * 1e-12 * fs,
        "lanes x f_sym x E(inner FEC encoder + decoder ops per symbol) at node " + m.node, "fec", true);
  finish(mp, p, m);
  return mp;
}

ModulePower lpo_module_power(const PowerParams& p, const ModuleSpec& m) {
  ModulePower mp;
  mp.arch = "LPO";
  const double L = m.lanes;
  const double kd = rate_factor(p, m.symbol_rate_gbd, p("analog", "driver_tia_rate_exponent"));
  add(mp, "linear modulator driver (with CTLE)", L * p("analog", "lpo_driver_mw") * 1e-3 * kd,
      "lanes x analog.lpo_driver_mw" + rate_note(kd), "driver_tia");
  add(mp, "linear TIA (with output driver)", L * p("analog", "lpo_tia_mw") * 1e-3 * kd,
      "lanes x analog.lpo_tia_mw" + rate_note(kd), "driver_tia");
  add(mp, "laser", L * p("analog", "laser_mw") * 1e-3, "lanes x analog.laser_mw (no rate scaling)", "laser");
  finish(mp, p, m);
  return mp;
}

ModulePower lro_module_power(const PowerParams& p, const ModuleSpec& m) {
  ModulePower mp;
  mp.arch = "LRO";
  const double L = m.lanes, fs = m.symbol_rate_gbd * 1e9;
  const Pieces q = pieces(p, m, mp);
  const double kp = rate_factor(p, m.symbol_rate_gbd, p("analog", "pll_rate_exponent"));
  const double kd = rate_factor(p, m.symbol_rate_gbd, p("analog", "driver_tia_rate_exponent"));
  add(mp, "ADC (host-side RX)", L * q.adc_w, "lanes x FOM x 2^ENOB x f_sym", "adc_dac", true);
  add(mp, "DSP RX datapath (host-side)", L * q.host_rx_dig_w,
      "lanes x f_sym x E(RetimerRx::ops(), no NLC) at node " + m.node, "digital", true);
  add(mp, "DSP TX datapath (line-side TX FFE)", L * q.tx_dig_w, "lanes x f_sym x E(RetimerTx::ops()) at node " + m.node,
      "digital", true);
  add(mp, "DAC (line-side TX)", L * q.dac_w, "lanes x f_sym x analog.dac_pj_per_symbol", "adc_dac", true);
  add(mp, "PLL + CDR analog (transmit direction)", L * q.pll_w, "lanes x analog.pll_cdr_mw" + rate_note(kp), "pll_cdr",
      true);
  add(mp, "optical modulator driver", L * q.drv_w, "lanes x analog.dsp_driver_mw" + rate_note(kd), "driver_tia");
  add(mp, "laser", L * q.laser_w, "lanes x analog.laser_mw (no rate scaling)", "laser");
  add(mp, "linear TIA (with output driver)", L * q.lpo_tia_w, "lanes x analog.lpo_tia_mw" + rate_note(kd), "driver_tia");
  if (m.inner_fec)
    add(mp, "inner FEC (Clause 177) encode", 0.0,
        "not charged: the inner FEC needs its decoder in the linear receive path, which LRO does not have", "fec", true);
  (void)fs;
  finish(mp, p, m);
  return mp;
}

ModulePower module_power(const PowerParams& p, const ModuleSpec& m, const std::string& arch) {
  if (arch == "DSP") return dsp_module_power(p, m);
  if (arch == "LPO") return lpo_module_power(p, m);
  if (arch == "LRO") return lro_module_power(p, m);
  throw std::invalid_argument("module_power: architecture '" + arch + "': expected DSP, LPO or LRO");
}

ModulePower host_serdes_rx_power(const PowerParams& p, const ModuleSpec& m, const HostRx& h) {
  ModuleSpec hm = m;
  hm.rx_ffe_taps = h.ffe_taps;
  hm.rx_ffe_pre = h.ffe_pre;
  hm.rx_dfe_taps = std::min(4, h.dfe_taps);
  hm.rx_volterra = false;
  hm.adc_enob = h.adc_enob;
  ModulePower mp;
  mp.arch = "host";
  const double L = m.lanes, fs = m.symbol_rate_gbd * 1e9;
  mp.rx_ops = dsp_rx_ops(hm);
  mp.rx_pj_per_symbol = energy_per_symbol_pj(p, m.node, mp.rx_ops);
  const double kp = rate_factor(p, m.symbol_rate_gbd, p("analog", "pll_rate_exponent"));
  add(mp, "host ADC", L * p("analog", "adc_fom_fj_per_step") * 1e-15 * std::pow(2.0, h.adc_enob) * fs,
      "lanes x FOM x 2^ENOB x f_sym", "adc_dac");
  add(mp, "host RX equalizer (FFE " + std::to_string(h.ffe_taps) + " taps, DFE " + std::to_string(h.dfe_taps) + ")",
      L * mp.rx_pj_per_symbol * 1e-12 * fs, "lanes x f_sym x E(RetimerRx::ops() at these sizes) at node " + m.node,
      "digital");
  add(mp, "host PLL + CDR", L * p("analog", "pll_cdr_mw") * 1e-3 * kp, "lanes x analog.pll_cdr_mw" + rate_note(kp),
      "pll_cdr");
  double sum = 0;
  for (const auto& it : mp.items) sum += it.watts;
  mp.total_w = sum;  // host supply losses are not the module's DC-DC
  mp.pj_per_bit = sum / (m.lanes * m.lane_rate_gbps * 1e9) * 1e12;
  return mp;
}

void calibrate(const PowerParams& p, const ModuleSpec& base, Calibration& c) {
  for (auto& r : c.rows) {
    ModuleSpec m = base;
    m.name = r.module;
    m.node = r.node;
    m.lanes = r.lanes;
    m.symbol_rate_gbd = r.symbol_rate_gbd;
    m.lane_rate_gbps = r.lane_rate_gbps;
    m.rx_volterra = false;
    m.fec_in_module = false;
    m.inner_fec = false;
    r.model_w = module_power(p, m, r.arch).total_w;
    r.ratio = r.model_w / r.published_w;
  }
}

std::vector<SensitivityRow> sensitivity(const PowerParams& p,
                                        const std::function<std::vector<double>(const PowerParams&)>& figures) {
  std::vector<SensitivityRow> out;
  for (const auto& [sec, key] : p.keys()) {
    const Param& q = p.get(sec, key);
    if (!q.low) continue;
    SensitivityRow r{sec, key, q.value, *q.low, *q.high, {}, {}};
    PowerParams v = p;
    v.at(sec, key).value = *q.low;
    r.at_low = figures(v);
    v.at(sec, key).value = *q.high;
    r.at_high = figures(v);
    out.push_back(std::move(r));
  }
  return out;
}

DeepStandby deep_standby(const PowerParams& p, const ModuleSpec& m, const std::string& arch) {
  DeepStandby d;
  d.standby_w = p("standby", "deep_residual_mw") * 1e-3;
  const double relock_ns = p("standby", "pll_relock_us") * 1e3, laser_ns = p("standby", "laser_settle_us") * 1e3;
  if (arch == "LPO")  // no PLL in the module: laser settling, then the linear bias
    d.wake_ns = laser_ns + p("standby", "lpo_wake_ns");
  else
    d.wake_ns = std::max(relock_ns, laser_ns) + wake_time_ns(p, m, "DSP");
  return d;
}

ClusterFigures cluster_rollup(const ClusterSpec& c, double module_w) {
  if (!(c.modules >= 0)) throw std::invalid_argument("cluster '" + c.name + "': modules: expected >= 0");
  if (!(c.hours_per_year >= 0 && c.hours_per_year <= 8784))
    throw std::invalid_argument("cluster '" + c.name + "': hours_per_year: expected 0..8784");
  if (!(c.price_usd_per_kwh >= 0)) throw std::invalid_argument("cluster '" + c.name + "': price_usd_per_kwh: expected >= 0");
  if (!(c.pue >= 1)) throw std::invalid_argument("cluster '" + c.name + "': pue: expected >= 1");
  if (!(c.carbon_kg_per_kwh >= 0)) throw std::invalid_argument("cluster '" + c.name + "': carbon_kg_per_kwh: expected >= 0");
  ClusterFigures f;
  f.it_mw = c.modules * module_w * 1e-6;
  f.facility_mw = f.it_mw * c.pue;
  f.kwh_per_year = f.facility_mw * 1e3 * c.hours_per_year;
  f.usd_per_year = f.kwh_per_year * c.price_usd_per_kwh;
  f.t_co2_per_year = f.kwh_per_year * c.carbon_kg_per_kwh * 1e-3;
  return f;
}

double standby_power_w(const PowerParams& p, const ModulePower& mp) {
  double sum = 0;
  for (const auto& it : mp.items) {
    if (it.standby_class == "dcdc") continue;
    const double f = p("standby", it.standby_class + "_fraction");
    if (f > 1) throw std::invalid_argument(p.file + ": standby." + it.standby_class + "_fraction: expected 0..1");
    sum += f * it.watts;
  }
  return sum / p("analog", "dcdc_efficiency");
}

double wake_time_ns(const PowerParams& p, const ModuleSpec& m, const std::string& arch) {
  if (arch == "LPO") return p("standby", "lpo_wake_ns");
  return p("standby", "wake_cycles") * p("latency", "dsp_parallelism") / m.symbol_rate_gbd;
}

StandbyFigures duty_cycle(const PowerParams& p, const ModuleSpec& m, const ModulePower& mp, double s, double period_us) {
  if (!(s >= 0 && s <= 1)) throw std::invalid_argument("duty_cycle.standby_fraction: expected 0..1");
  if (!(period_us > 0)) throw std::invalid_argument("duty_cycle.period_us: expected > 0");
  StandbyFigures f;
  f.active_w = mp.total_w;
  f.standby_w = standby_power_w(p, mp);
  f.wake_ns = wake_time_ns(p, m, mp.arch);
  f.standby_share = s;
  f.period_us = period_us;
  const double T = period_us * 1e-6, tw = s > 0 ? f.wake_ns * 1e-9 : 0.0;
  if (s > 0 && tw > s * T)
    throw std::invalid_argument("duty_cycle: standby interval " + std::to_string(s * period_us * 1e3) +
                                " ns is shorter than the " + mp.arch + " wake time " + std::to_string(f.wake_ns) + " ns");
  const double e = f.active_w * ((1 - s) * T + tw) + f.standby_w * (s * T - tw);  // J
  f.energy_per_period_uj = e * 1e6;
  f.average_w = e / T;
  const double bits = (1 - s) * T * m.lanes * m.lane_rate_gbps * 1e9;
  f.pj_per_delivered_bit = bits > 0 ? e / bits * 1e12 : std::numeric_limits<double>::infinity();
  f.saving_w = f.active_w - f.average_w;
  return f;
}

nlohmann::json to_json(const StandbyFigures& f) {
  return {{"active_w", f.active_w}, {"standby_w", f.standby_w}, {"wake_ns", f.wake_ns},
          {"standby_fraction", f.standby_share}, {"period_us", f.period_us}, {"average_w", f.average_w},
          {"energy_per_period_uj", f.energy_per_period_uj},
          {"pj_per_delivered_bit", std::isfinite(f.pj_per_delivered_bit) ? nlohmann::json(f.pj_per_delivered_bit) : nlohmann::json(nullptr)},
          {"saving_w", f.saving_w}};
}

nlohmann::json to_json(const ModulePower& p) {
  nlohmann::json j;
  j["arch"] = p.arch;
  j["total_w"] = p.total_w;
  j["pj_per_bit"] = p.pj_per_bit;
  double chip = 0, pre = 0;
  for (const auto& it : p.items) {
    if (it.standby_class != "dcdc") pre += it.watts;
    j["items"].push_back({{"name", it.name}, {"w", it.watts}, {"basis", it.basis}, {"standby_class", it.standby_class},
                          {"dsp_chip", it.dsp_chip}});
    if (it.dsp_chip) chip += it.watts;
  }
  // the DSP chip's share of module power (its items over all items, both before the DC-DC loss,
  // which every item carries in proportion)
  j["dsp_chip_share"] = pre > 0 ? chip / pre : 0.0;
  if (p.arch == "DSP" || p.arch == "LRO" || p.arch == "host") {
    auto ops = [](const dsp::OpCounts& o) {
      return nlohmann::json{{"multiplies", o.multiplies}, {"adds", o.adds}, {"register_bits", o.register_bits},
                            {"memory_bits", o.memory_bits}};
    };
    j["rx_ops_per_symbol"] = ops(p.rx_ops);
    j["tx_ops_per_symbol"] = ops(p.tx_ops);
    j["rx_pj_per_symbol"] = p.rx_pj_per_symbol;
    j["tx_pj_per_symbol"] = p.tx_pj_per_symbol;
  }
  return j;
}

nlohmann::json to_json(const Calibration& c) {
  nlohmann::json j = {{"file", c.file}, {"tolerance", c.tolerance}};
  j["rows"] = nlohmann::json::array();
  for (const auto& r : c.rows)
    j["rows"].push_back({{"id", r.id}, {"module", r.module}, {"arch", r.arch}, {"node", r.node}, {"lanes", r.lanes},
                         {"symbol_rate_gbd", r.symbol_rate_gbd}, {"lane_rate_gbps", r.lane_rate_gbps},
                         {"published_w", r.published_w}, {"model_w", r.model_w}, {"ratio", r.ratio},
                         {"within", std::abs(r.ratio - 1) <= c.tolerance}, {"source", r.source}});
  return j;
}

nlohmann::json to_json(const ClusterFigures& c) {
  return {{"it_mw", c.it_mw}, {"facility_mw", c.facility_mw}, {"kwh_per_year", c.kwh_per_year},
          {"usd_per_year", c.usd_per_year}, {"t_co2_per_year", c.t_co2_per_year}};
}

}  // namespace halo::sim

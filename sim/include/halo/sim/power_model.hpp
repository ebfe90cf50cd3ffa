// Power model of a DSP-retimed and a linear-drive (LPO) pluggable module, and the cluster
// roll-up.
//
// Digital DSP power is bottom-up: the golden model's per-symbol operation counts
// (halo::retimer::RetimerRx/RetimerTx::ops(): multiplies, adds, register bits, memory bits)
// times an energy per operation at 45 nm (Horowitz, ISSCC 2014), scaled to the technology
// node, times the symbol rate, times an overhead factor for clocking/control:
//   E_mult(a x b bits) = E_mult8 * a b / 64        (array multiplier: energy ~ a b)
//   E_add(n bits)      = E_add8 * n / 8
//   P_dig = f_sym * s_node * k_ovh * (M E_mult + A E_add + f_R R E_reg + B_acc E_mem)  [W]
// with R the block's register (flip-flop) bits and f_R = digital.register_clock_fraction the
// share clocked per symbol (1/P: state clocked once per cycle of P symbols), and B_acc = digital.memory_access_bits_per_symbol when the block
// has table memory (ops().memory_bits > 0 is storage, not traffic).
// Analog terms (ADC via the Walden figure of merit P = FOM 2^ENOB f_s, DAC, SerDes PLL/CDR,
// optical driver, TIA, laser, microcontroller, DC-DC efficiency) come from the parameter file
// (sim/data/power/params.yaml), every number with its source.
//
// Units: W, pJ, pJ/bit, GBd, Gb/s; cluster: MW, kWh/year, USD/year, t CO2/year.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include <functional>

#include <nlohmann/json.hpp>

#include "halo/dsp/common.hpp"

namespace halo::sim {

/// A documented number: value and where it comes from.
struct Param {
  double value = 0;
  std::string source;
  /// Sensitivity range (every "assumption" has one): low <= value <= high, and the reasoning.
  std::optional<double> low, high;
  std::string bounds;
  [[nodiscard]] bool is_assumption() const { return source.rfind("assumption", 0) == 0; }
};

/// Contents of sim/data/power/params.yaml (see the file for each field's meaning and source).
struct PowerParams {
  std::map<std::string, Param> energy_45nm;  ///< add8_pj, mult8_pj, mult32_pj, register_bit_pj, memory_bit_pj
  std::map<std::string, Param> node_scale;   ///< "45nm", "7nm", "5nm", "3nm" -> energy factor vs 45 nm
  std::map<std::string, Param> digital;      ///< mult_bits_a, mult_bits_b, add_bits, overhead_factor
  std::map<std::string, Param> analog;       ///< per-lane analog and optical terms
  std::map<std::string, Param> fec;          ///< decoder_pj_per_bit_45nm, ...
  std::map<std::string, Param> latency;      ///< pipeline cycles, clock parallelism, analog delays
  std::map<std::string, Param> standby;      ///< low-power state: per-class power fractions, wake time
  std::string file;

  /// Value of section.key; throws std::invalid_argument naming "file: section.key" if absent.
  [[nodiscard]] const Param& get(const std::string& section, const std::string& key) const;
  [[nodiscard]] double operator()(const std::string& section, const std::string& key) const {
    return get(section, key).value;
  }
  /// Mutable access (sensitivity runs); same errors as get().
  Param& at(const std::string& section, const std::string& key);
  /// Every (section, key) in file order of sections, keys sorted.
  [[nodiscard]] std::vector<std::pair<std::string, std::string>> keys() const;
};

/// Loads a parameter file checked against its schema (docs/config.md): every leaf is
/// {value: number, source: non-empty text}; throws halo::config::ConfigError
/// ("FILE:LINE: section.key: expected ..., found ...") otherwise.
PowerParams load_power_params(const std::filesystem::path& file);
/// Parses parameter YAML text (name used in messages).
PowerParams parse_power_params(const std::string& yaml_text, const std::string& name);

/// Energy per operation at a node (pJ), from the 45 nm table and the node factor.
struct OpEnergy {
  double mult_pj = 0, add_pj = 0, register_bit_pj = 0, memory_bit_pj = 0;
};
/// Throws std::invalid_argument for an unknown node (names the known ones).
OpEnergy op_energy(const PowerParams& p, const std::string& node);

/// Energy per symbol (pJ) of a block with these op counts, including the overhead factor.
double energy_per_symbol_pj(const PowerParams& p, const std::string& node, const dsp::OpCounts& ops);

/// What the module is built of (from the compare config).
struct ModuleSpec {
  std::string name = "800G DR8";
  unsigned lanes = 8;             ///< electrical = optical lanes (DR8: 8 x 100G)
  double symbol_rate_gbd = 53.125;
  double lane_rate_gbps = 100;    ///< payload rate per lane for pJ/bit (100G lane)
  std::string node = "5nm";
  // DSP receiver / transmitter shape (op counts from the cmodel)
  int rx_ffe_taps = 16, rx_ffe_pre = 5, rx_dfe_taps = 1, adc_bits = 8;
  bool rx_volterra = false;       ///< line-side NLC (Volterra) enabled
  bool rx_lut = false;            ///< line-side NLC as a LUT (power only; rx_volterra wins)
  int tx_ffe_taps = 3;
  double adc_enob = 6.0;
  bool fec_in_module = false;     ///< KP4 terminated (decoded + re-encoded) in the module
  /// Clause 177 inner FEC in the module DSP (encoded on the line TX, decoded on the line RX):
  /// inner_fec_ops are the golden model's encoder + decoder operations per line symbol of one
  /// lane (set by the 1.6T configs); charged like the other DSP blocks (energy_per_symbol_pj).
  bool inner_fec = false;
  dsp::OpCounts inner_fec_ops;
};

/// One line of a power breakdown.
struct PowerItem {
  std::string name;
  double watts = 0;       ///< per module
  std::string basis;      ///< how it was computed (formula and parameters)
  /// Standby class: the item draws standby.<standby_class>_fraction of its power in the
  /// low-power state (digital, adc_dac, pll_cdr, driver_tia, laser, misc, fec); "dcdc" for the
  /// conversion loss (recomputed from the other items).
  std::string standby_class;
  bool dsp_chip = false;  ///< part of the DSP chip (ADC, DAC, datapath, PLL/CDR, C2M driver, FEC)
};

struct ModulePower {
  std::string arch;                 ///< "DSP" | "LPO" | "LRO"
  std::vector<PowerItem> items;     ///< before DC-DC loss
  double total_w = 0;               ///< including DC-DC conversion loss
  double pj_per_bit = 0;            ///< total_w / (lanes x lane rate)
  dsp::OpCounts rx_ops, tx_ops;     ///< per symbol (DSP only)
  double rx_pj_per_symbol = 0, tx_pj_per_symbol = 0;
};

/// Per-symbol op counts of the module DSP receiver / transmitter (cmodel RetimerRx/Tx::ops()).
dsp::OpCounts dsp_rx_ops(const ModuleSpec& m);
dsp::OpCounts dsp_tx_ops(const ModuleSpec& m);

/// DSP-retimed module: per lane host-side RX (ADC + DSP + CDR) and TX (DSP TX FFE + DAC),
/// line-side TX (DSP TX FFE + DAC + driver + laser) and RX (TIA + ADC + DSP + CDR).
ModulePower dsp_module_power(const PowerParams& p, const ModuleSpec& m);
/// LPO module: per lane linear driver (with its CTLE), laser, linear TIA; no DSP, no CDR.
ModulePower lpo_module_power(const PowerParams& p, const ModuleSpec& m);
/// LRO module (linear receive optics, OIF 112G/224G-RTLR): the DSP retimes the transmit
/// direction only (host-side RX: ADC + RX DSP + PLL/CDR; line TX: TX DSP + DAC + driver +
/// laser); the receive direction is a linear TIA driving the host (as LPO).
ModulePower lro_module_power(const PowerParams& p, const ModuleSpec& m);
/// Module power of an architecture by name ("DSP", "LPO", "LRO"); throws for another name.
ModulePower module_power(const PowerParams& p, const ModuleSpec& m, const std::string& arch);

/// Rate factor of the per-lane analog figures: (f_sym / analog.ref_symbol_rate_gbd)^k.
double rate_factor(const PowerParams& p, double symbol_rate_gbd, double exponent);

/// Host SerDes receive side for the system view (host + module power): per lane the host RX
/// equalizer's digital power from its op counts (RetimerRx with these sizes) plus its ADC and
/// PLL/CDR, at the module's node and symbol rate. An LPO host equalizes the whole link
/// (lpo.host_rx), a DSP/LRO host only its C2M segment (host_rx).
struct HostRx {
  int ffe_taps = 16, ffe_pre = 5, dfe_taps = 1;
  double adc_enob = 6.5;
};
ModulePower host_serdes_rx_power(const PowerParams& p, const ModuleSpec& m, const HostRx& h);

/// Published module figure for the calibration (sim/data/power/calibration.yaml).
struct CalibrationRow {
  std::string id, module, arch, node, source;
  unsigned lanes = 8;
  double symbol_rate_gbd = 53.125, lane_rate_gbps = 100;
  double published_w = 0;
  double model_w = 0;     ///< filled by calibrate()
  double ratio = 0;       ///< model / published
};
struct Calibration {
  std::vector<CalibrationRow> rows;
  double tolerance = 0.15;  ///< |model / published - 1| allowed
  std::string file;
};
/// Loads calibration.yaml (schema: calibration_schema()); errors name file, line, key path.
Calibration load_calibration(const std::filesystem::path& file);
/// Fills model_w and ratio of every row from a base spec (taps, ENOB) with the row's arch,
/// node, lanes and rates.
void calibrate(const PowerParams& p, const ModuleSpec& base, Calibration& c);

/// One-at-a-time sensitivity over every parameter with {low, high}: the figure f(params)
/// at the low and at the high end of each, the others at their values.
struct SensitivityRow {
  std::string section, key;
  double value = 0, low = 0, high = 0;
  std::vector<double> at_low, at_high;  ///< one entry per figure
};
std::vector<SensitivityRow> sensitivity(const PowerParams& p,
                                        const std::function<std::vector<double>(const PowerParams&)>& figures);

/// Sub-mW (deep) standby: everything off but standby.deep_residual_mw; the wake time is the PLL
/// relock or the laser settling (whichever is longer; the laser is off only when the module
/// has one) plus the DSP's own wake (DSP, LRO) or the LPO bias settling.
struct DeepStandby {
  double standby_w = 0, wake_ns = 0;
};
DeepStandby deep_standby(const PowerParams& p, const ModuleSpec& m, const std::string& arch);

/// Cluster roll-up inputs.
struct ClusterSpec {
  std::string name;
  double modules = 0;          ///< number of modules
  double hours_per_year = 8760;
  double price_usd_per_kwh = 0.08;
  double pue = 1.0;
  double carbon_kg_per_kwh = 0.4;
  double household_kwh_per_year = 0;  ///< > 0: the roll-up also gives "households" (kWh / this)
};
struct ClusterFigures {
  double it_mw = 0;            ///< modules x W / 1e6
  double facility_mw = 0;      ///< x PUE
  double kwh_per_year = 0;     ///< facility energy
  double usd_per_year = 0;
  double t_co2_per_year = 0;
};
/// Throws std::invalid_argument for negative modules/hours/price/carbon or PUE < 1.
ClusterFigures cluster_rollup(const ClusterSpec& c, double module_w);

/// Low-power (standby) state and a duty-cycled link.
///
/// In standby every breakdown item draws standby.<class>_fraction of its active power
/// (params.yaml), the DC-DC loss recomputed on the reduced sum. Waking takes
///   DSP: t_wake = standby.wake_cycles x P / f_sym   (DSP clock cycles at P symbols per clock,
///        latency.dsp_parallelism; the wake constant of the cmodel's low-power mode)
///   LPO: t_wake = standby.lpo_wake_ns              (analog bias settling)
/// at full (active) power without traffic. A link that spends the fraction s of each period T
/// in standby (the wake included) uses per period
///   E = P_active ((1 - s) T + t_wake) + P_standby (s T - t_wake)       (needs t_wake <= s T)
/// so P_avg = E / T and the energy per delivered bit is E / ((1 - s) T x lanes x lane rate).
struct StandbyFigures {
  double active_w = 0, standby_w = 0;   ///< module power, W
  double wake_ns = 0;                   ///< standby -> traffic
  double standby_share = 0;             ///< s, 0..1
  double period_us = 0;                 ///< T
  double average_w = 0;                 ///< P_avg
  double energy_per_period_uj = 0;      ///< E
  double pj_per_delivered_bit = 0;      ///< E / delivered bits (inf when s = 1)
  double saving_w = 0;                  ///< active_w - average_w
};
/// Standby power of a module breakdown (W, DC-DC loss included). Throws std::invalid_argument
/// naming a missing standby.* parameter or a fraction outside [0, 1].
double standby_power_w(const PowerParams& p, const ModulePower& mp);
/// Wake time (ns) of the architecture ("DSP" or "LPO").
double wake_time_ns(const PowerParams& p, const ModuleSpec& m, const std::string& arch);
/// Duty-cycled link figures. Throws std::invalid_argument for s outside [0, 1], T <= 0 or a
/// standby interval shorter than the wake time (s T < t_wake, s > 0).
StandbyFigures duty_cycle(const PowerParams& p, const ModuleSpec& m, const ModulePower& mp, double standby_share,
                          double period_us);

nlohmann::json to_json(const ModulePower& p);
nlohmann::json to_json(const StandbyFigures& f);
nlohmann::json to_json(const ClusterFigures& c);
nlohmann::json to_json(const Calibration& c);

}  // namespace halo::sim

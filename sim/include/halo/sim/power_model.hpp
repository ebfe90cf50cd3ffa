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
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "halo/dsp/common.hpp"

namespace halo::sim {

/// A documented number: value and where it comes from.
struct Param {
  double value = 0;
  std::string source;
};

/// Contents of sim/data/power/params.yaml (see the file for each field's meaning and source).
struct PowerParams {
  std::map<std::string, Param> energy_45nm;  ///< add8_pj, mult8_pj, mult32_pj, register_bit_pj, memory_bit_pj
  std::map<std::string, Param> node_scale;   ///< "45nm", "7nm", "5nm", "3nm" -> energy factor vs 45 nm
  std::map<std::string, Param> digital;      ///< mult_bits_a, mult_bits_b, add_bits, overhead_factor
  std::map<std::string, Param> analog;       ///< per-lane analog and optical terms
  std::map<std::string, Param> fec;          ///< decoder_pj_per_bit_45nm, ...
  std::map<std::string, Param> latency;      ///< pipeline cycles, clock parallelism, analog delays
  std::string file;

  /// Value of section.key; throws std::invalid_argument naming "file: section.key" if absent.
  [[nodiscard]] const Param& get(const std::string& section, const std::string& key) const;
  [[nodiscard]] double operator()(const std::string& section, const std::string& key) const {
    return get(section, key).value;
  }
};

/// Loads a parameter file. Every leaf must be {value: number, source: text}; throws
/// std::invalid_argument ("FILE: section.key: expectation") otherwise.
PowerParams load_power_params(const std::filesystem::path& file);

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
  int tx_ffe_taps = 3;
  double adc_enob = 6.0;
  bool fec_in_module = false;     ///< KP4 terminated (decoded + re-encoded) in the module
};

/// One line of a power breakdown.
struct PowerItem {
  std::string name;
  double watts = 0;       ///< per module
  std::string basis;      ///< how it was computed (formula and parameters)
};

struct ModulePower {
  std::string arch;                 ///< "DSP" | "LPO"
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

/// Cluster roll-up inputs.
struct ClusterSpec {
  std::string name;
  double modules = 0;          ///< number of modules
  double hours_per_year = 8760;
  double price_usd_per_kwh = 0.08;
  double pue = 1.0;
  double carbon_kg_per_kwh = 0.4;
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

nlohmann::json to_json(const ModulePower& p);
nlohmann::json to_json(const ClusterFigures& c);

}  // namespace halo::sim

// Latency model of one link hop (host -> module -> fiber -> module -> host) for the
// DSP-retimed and the LPO module. Host SerDes and fiber flight time are common to both and
// reported separately (not part of the difference).
//
// DSP module (per module, one direction):
//   RX DSP pipeline   = latency.dsp_rx_pipeline_cycles x T_clk,  T_clk = P / f_sym
//   TX DSP pipeline   = latency.dsp_tx_pipeline_cycles x T_clk
//   CDR/elastic FIFO  = latency.cdr_fifo_cycles x T_clk
//   ADC/DAC + analog  = latency.dsp_analog_ps
//   FEC (when terminated in the module): codeword accumulation n m / R_lane
//     (5440 bits / 106.25 Gb/s = 51.2 ns per 100G lane, kp4-fec.md) + decoder pipeline
//     latency.fec_decoder_ns + encoder latency.fec_encoder_ns (measured RTL cycles at the FEC
//     clock, 332 MHz at P = 32 for a 100G lane, converted to ns in params.yaml)
// LPO module: latency.lpo_analog_ps (linear driver + TIA group delay).
// A hop crosses two modules; K hops multiply. Units: ns.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "halo/sim/power_model.hpp"

namespace halo::sim {

struct LatencyItem {
  std::string name;
  double ns = 0;       ///< per module
  std::string basis;
};

struct LatencyFigures {
  std::vector<LatencyItem> dsp_items, lpo_items;  ///< per module
  double clock_ghz = 0;                           ///< DSP clock = f_sym / parallelism
  double dsp_module_ns = 0, lpo_module_ns = 0;    ///< per module
  double dsp_hop_ns = 0, lpo_hop_ns = 0;          ///< two modules per hop
  double fiber_ns = 0;                            ///< flight time (common)
  double diff_hop_ns = 0;                         ///< DSP - LPO per hop
  unsigned hops = 1;
  double diff_path_ns = 0;                        ///< x hops
};

/// Throws std::invalid_argument (from PowerParams::get) when a latency parameter is missing,
/// or for a parallelism of 0.
LatencyFigures latency_model(const PowerParams& p, const ModuleSpec& m, double fiber_km, unsigned hops);

nlohmann::json to_json(const LatencyFigures& l);

}  // namespace halo::sim

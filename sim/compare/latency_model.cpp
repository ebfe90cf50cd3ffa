// Latency model (latency_model.hpp).
#include "halo/sim/latency_model.hpp"

#include <stdexcept>
#include <utility>

namespace halo::sim {

LatencyFigures latency_model(const PowerParams& p, const ModuleSpec& m, double fiber_km, unsigned hops) {
  LatencyFigures f;
  const double par = p("latency", "dsp_parallelism");
  if (par < 1) throw std::invalid_argument(p.file + ": latency.dsp_parallelism: expected >= 1");
  f.clock_ghz = m.symbol_rate_gbd / par;
  const double tclk = 1.0 / f.clock_ghz;  // ns
  auto cyc = [&](const char* key, const char* name) {
    const double c = p("latency", key);
    f.dsp_items.push_back({name, c * tclk, std::string("latency.") + key + " x T_clk (" + p.get("latency", key).source + ")"});
  };
  cyc("dsp_rx_pipeline_cycles", "RX DSP pipeline (FFE, NLC, DFE, decode)");
  cyc("dsp_tx_pipeline_cycles", "TX DSP pipeline (map, precode, TX FFE)");
  cyc("cdr_fifo_cycles", "CDR / elastic FIFO");
  f.dsp_items.push_back({"ADC + DAC + analog front end", p("latency", "dsp_analog_ps") * 1e-3, "latency.dsp_analog_ps"});
  if (m.fec_in_module) {
    // KP4: n = 544 symbols of m = 10 bits; lane bit rate = 2 bits/symbol x f_sym
    const double acc = 5440.0 / (2 * m.symbol_rate_gbd);
    f.dsp_items.push_back({"FEC codeword accumulation", acc, "5440 bits / (2 x f_sym) (IEEE 802.3 Clause 91/119 KP4)"});
    // measured RTL latencies converted to ns at the 100G-lane FEC clock (params.yaml)
    for (const auto& [key, name] : {std::pair{"fec_decoder_ns", "FEC decoder pipeline"},
                                    std::pair{"fec_encoder_ns", "FEC encoder pipeline"}})
      f.dsp_items.push_back({name, p("latency", key), std::string("latency.") + key + " (" + p.get("latency", key).source + ")"});
  }
  f.lpo_items.push_back({"linear driver + TIA (analog)", p("latency", "lpo_analog_ps") * 1e-3, "latency.lpo_analog_ps"});
  for (const auto& it : f.dsp_items) f.dsp_module_ns += it.ns;
  for (const auto& it : f.lpo_items) f.lpo_module_ns += it.ns;
  f.dsp_hop_ns = 2 * f.dsp_module_ns;
  f.lpo_hop_ns = 2 * f.lpo_module_ns;
  f.fiber_ns = fiber_km * 1e3 * p("latency", "fiber_ns_per_m");
  f.diff_hop_ns = f.dsp_hop_ns - f.lpo_hop_ns;
  f.hops = hops;
  f.diff_path_ns = f.diff_hop_ns * hops;
  return f;
}

nlohmann::json to_json(const LatencyFigures& l) {
  nlohmann::json j;
  for (const auto& it : l.dsp_items) j["dsp_items"].push_back({{"name", it.name}, {"ns", it.ns}, {"basis", it.basis}});
  for (const auto& it : l.lpo_items) j["lpo_items"].push_back({{"name", it.name}, {"ns", it.ns}, {"basis", it.basis}});
  j["clock_ghz"] = l.clock_ghz;
  j["dsp_module_ns"] = l.dsp_module_ns;
  j["lpo_module_ns"] = l.lpo_module_ns;
  j["dsp_hop_ns"] = l.dsp_hop_ns;
  j["lpo_hop_ns"] = l.lpo_hop_ns;
  j["fiber_ns"] = l.fiber_ns;
  j["diff_hop_ns"] = l.diff_hop_ns;
  j["hops"] = l.hops;
  j["diff_path_ns"] = l.diff_path_ns;
  return j;
}

}  // namespace halo::sim

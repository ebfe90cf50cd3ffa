// 1.6T pieces of the comparison (gen_1p6t.hpp).
#include "halo/sim/gen_1p6t.hpp"

#include <cmath>
#include <stdexcept>

namespace halo::sim {

double inner_fec_output_ser(double p) {
  if (!(p >= 0 && p <= 1)) throw std::invalid_argument("inner_fec_output_ser: input SER must be in [0, 1]");
  constexpr int n = 64;
  double out = 0;
  // binomial pmf by logs (p may be tiny)
  if (p == 0) return 0;
  if (p == 1) return (n + 0.0) * 60 / 64 / 60;
  const double lp = std::log(p), lq = std::log1p(-p);
  for (int k = 2; k <= n; ++k) {
    const double lc = std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0);
    const double pk = std::exp(lc + k * lp + (n - k) * lq);
    out += pk * (k + (k % 2 ? 1 : 0)) * 60.0 / 64.0;
  }
  return std::min(1.0, out / 60.0);
}

InnerFecOps inner_fec_ops(unsigned L) {
  InnerFecOps o;
  o.encoder_bitops = 60 + (252 - 8);
  const double tp = std::ldexp(1.0, static_cast<int>(L));
  o.decoder_bitops = (60 + 252) + 64 * 6 + 64.0 * L * 6 + tp * (8.0 * L + 8.0 * L + 8) + 120;
  o.register_bits = 2 * (64 * 6 + 128);
  return o;
}

PowerItem inner_fec_power_item(const PowerParams& p, const ModuleSpec& m, const CompareInnerFec& f) {
  const OpEnergy e = op_energy(p, m.node);
  const double bit_pj = e.add_pj / p("digital", "add_bits");
  const InnerFecOps o = inner_fec_ops(f.chase_l);
  const double cw_pj = p("digital", "overhead_factor") * ((o.encoder_bitops + o.decoder_bitops) * bit_pj +
                                                          o.register_bits * e.register_bit_pj);
  const double cw_per_s = 2 * f.line_symbol_rate_gbd * 1e9 / 128;  // 128-bit codewords on the line
  PowerItem it;
  it.name = "inner FEC (Clause 177 Hamming(128,120) encoder + Chase decoder)";
  it.watts = m.lanes * cw_per_s * cw_pj * 1e-12;
  char b[320];
  std::snprintf(b, sizeof b,
                "lanes x (2 f_line / 128) codewords/s x overhead x (%.0f enc + %.0f dec bit-ops x E_add/add_bits + "
                "%.0f register bits x E_reg) at node %s, Chase L = %u (gen_1p6t.hpp)",
                o.encoder_bitops, o.decoder_bitops, o.register_bits, m.node.c_str(), f.chase_l);
  it.basis = b;
  it.standby_class = "digital";
  return it;
}

PowerItem inner_fec_rate_item(const PowerParams& p, const ModuleSpec& m, const CompareInnerFec& f) {
  const double df = (f.line_symbol_rate_gbd - m.symbol_rate_gbd) * 1e9;  // extra line symbols/s
  const double adc_per_hz = p("analog", "adc_fom_fj_per_step") * 1e-15 * std::pow(2.0, m.adc_enob);
  const double per_symbol_pj = energy_per_symbol_pj(p, m.node, dsp_rx_ops(m)) + energy_per_symbol_pj(p, m.node, dsp_tx_ops(m)) +
                               p("analog", "dac_pj_per_symbol");
  PowerItem it;
  it.name = "line side at the inner-FEC rate (ADC, DSP RX/TX, DAC)";
  it.watts = m.lanes * df * (adc_per_hz + per_symbol_pj * 1e-12);
  it.basis = "lanes x (f_line - f_sym) x (ADC FOM 2^ENOB + E(RetimerRx) + E(RetimerTx) + analog.dac_pj_per_symbol): the "
             "line-side ADC, DSP and DAC run at the inner-FEC line rate";
  it.standby_class = "digital";
  return it;
}

std::vector<LatencyItem> inner_fec_latency_items(const PowerParams& p, const CompareInnerFec& f) {
  const double par = p("latency", "dsp_parallelism");
  const double tclk = par / f.line_symbol_rate_gbd;  // ns
  // A hop has one encoding module and one decoding module; per module (the hop is 2 modules) half of each.
  return {{"inner FEC codeword accumulation (half per module)", 0.5 * 128.0 / (2 * f.line_symbol_rate_gbd),
           "128 bits / (2 x f_line) / 2 (Clause 177; at the decoding module)"},
          {"inner FEC encoder + decoder pipeline (half per module)",
           0.5 * (f.encoder_pipeline_cycles + f.decoder_pipeline_cycles) * tclk,
           "(inner_fec.encoder_pipeline_cycles + decoder_pipeline_cycles) x T_clk at f_line / 2 (assumption until the inner RTL)"},
          {"inner FEC interleaver + deinterleaver (half per module)", 0.5 * f.interleaver_latency_ns,
           "inner_fec.interleaver_latency_ns / 2 (assumption)"}};
}

void add_power_item(ModulePower& mp, const PowerParams& p, const ModuleSpec& m, const PowerItem& item) {
  std::size_t at = mp.items.size();
  for (std::size_t i = 0; i < mp.items.size(); ++i)
    if (mp.items[i].standby_class == "dcdc") at = i;
  if (at == mp.items.size()) throw std::invalid_argument("add_power_item: breakdown without a DC-DC item");
  mp.items.insert(mp.items.begin() + static_cast<long>(at), item);
  double sum = 0;
  for (std::size_t i = 0; i < mp.items.size(); ++i)
    if (mp.items[i].standby_class != "dcdc") sum += mp.items[i].watts;
  const double eff = p("analog", "dcdc_efficiency");
  mp.items[at + 1].watts = sum / eff - sum;
  mp.total_w = sum / eff;
  mp.pj_per_bit = mp.total_w / (m.lanes * m.lane_rate_gbps * 1e9) * 1e12;
}

ModulePower lro_module_power(const PowerParams& p, const ModuleSpec& m) {
  ModulePower mp;
  mp.arch = "LRO";
  const double L = m.lanes, fs = m.symbol_rate_gbd * 1e9;
  mp.rx_ops = dsp_rx_ops(m);
  mp.tx_ops = dsp_tx_ops(m);
  mp.rx_pj_per_symbol = energy_per_symbol_pj(p, m.node, mp.rx_ops);
  mp.tx_pj_per_symbol = energy_per_symbol_pj(p, m.node, mp.tx_ops);
  auto add = [&](const std::string& n, double w, const std::string& basis, const std::string& cls) {
    mp.items.push_back({n, w, basis, cls});
  };
  const double adc_w = p("analog", "adc_fom_fj_per_step") * 1e-15 * std::pow(2.0, m.adc_enob) * fs;
  add("ADC (host-side RX)", L * adc_w, "lanes x FOM x 2^ENOB x f_sym (analog.adc_fom_fj_per_step, Walden)", "adc_dac");
  add("DSP RX datapath (host side)", L * mp.rx_pj_per_symbol * 1e-12 * fs, "lanes x f_sym x E(RetimerRx::ops()) at node " + m.node,
      "digital");
  add("DSP TX datapath (line side)", L * mp.tx_pj_per_symbol * 1e-12 * fs, "lanes x f_sym x E(RetimerTx::ops()) at node " + m.node,
      "digital");
  add("DAC (line-side TX)", L * p("analog", "dac_pj_per_symbol") * 1e-12 * fs, "lanes x f_sym x analog.dac_pj_per_symbol", "adc_dac");
  add("PLL + CDR analog (transmit direction)", L * p("analog", "pll_cdr_mw") * 1e-3, "lanes x analog.pll_cdr_mw", "pll_cdr");
  add("optical modulator driver", L * p("analog", "dsp_driver_mw") * 1e-3, "lanes x analog.dsp_driver_mw", "driver_tia");
  add("linear TIA (with output driver)", L * p("analog", "lpo_tia_mw") * 1e-3, "lanes x analog.lpo_tia_mw", "driver_tia");
  add("laser", L * p("analog", "laser_mw") * 1e-3, "lanes x analog.laser_mw", "laser");
  add("MCU, monitoring, misc", p("analog", "module_misc_w"), "analog.module_misc_w", "misc");
  double sum = 0;
  for (const auto& it : mp.items) sum += it.watts;
  const double eff = p("analog", "dcdc_efficiency");
  add("DC-DC conversion loss", sum / eff - sum, "sum x (1/analog.dcdc_efficiency - 1)", "dcdc");
  mp.total_w = sum / eff;
  mp.pj_per_bit = mp.total_w / (m.lanes * m.lane_rate_gbps * 1e9) * 1e12;
  return mp;
}

double lro_hop_ns(const LatencyFigures& l) { return l.dsp_module_ns + l.lpo_module_ns; }

}  // namespace halo::sim

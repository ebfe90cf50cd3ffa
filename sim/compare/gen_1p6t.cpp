// 1.6T pieces of the comparison (gen_1p6t.hpp).
#include "halo/sim/gen_1p6t.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "halo/sim/burst_fec.hpp"

namespace halo::sim {

double inner_fec_output_ser(double p) { return inner_fec_output_ser(p, 0.0); }

double inner_fec_output_ser(double p_first, double p_c) {
  if (!(p_first >= 0 && p_first <= 1)) throw std::invalid_argument("inner_fec_output_ser: input SER must be in [0, 1]");
  if (!(p_c >= 0 && p_c < 1)) throw std::invalid_argument("inner_fec_output_ser: propagation probability must be in [0, 1)");
  constexpr int n = 64;
  if (p_first == 0) return 0;
  const double p_in = std::min(1.0, p_first / (1 - p_c));  // symbol errors per symbol, bursts included
  // every error is left except a codeword's lone single-symbol event (corrected):
  // E[errors left] = 64 p_in - 64 p_first (1 - p_first)^63 (1 - p_c)
  double left = n * p_in - n * p_first * std::pow(1 - p_first, n - 1) * (1 - p_c);
  // odd totals >= 3 may be miscorrected: one more error (worst case), with the independent-error
  // count K ~ Bin(64, p_in)
  if (p_in < 1) {
    const double lp = std::log(p_in), lq = std::log1p(-p_in);
    for (int k = 3; k <= n; k += 2)
      left += std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) + k * lp + (n - k) * lq);
  }
  return std::clamp(left * (60.0 / 64.0) / 60.0, 0.0, 1.0);
}

InnerFecTransfer inner_fec_transfer(const std::string& decoder, unsigned chase_l, double ser, double b1) {
  if (decoder != "chase" && decoder != "hard")
    throw std::invalid_argument("inner_fec_transfer: decoder must be chase or hard, found '" + decoder + "'");
  const double ps = std::min(ser, 0.5);
  const double pc = dfe_propagation_probability(ps, std::clamp(b1, -0.99, 0.99));
  InnerFecTransfer t;
  t.ser_in = std::min(1.0, ps / (1 - pc));
  if (decoder == "chase") {
    t.ser_out = inner_fec_measured_output_ser(chase_l, ps, b1);
    t.model = "Chase-" + std::to_string(chase_l) + ", measured transfer (gen_1p6t.hpp)";
  } else {
    t.ser_out = inner_fec_output_ser(ps, pc);
    t.model = "hard decision, closed form (gen_1p6t.hpp)";
  }
  return t;
}

InnerFecOps inner_fec_ops(unsigned L) {
  InnerFecOps o;
  o.encoder_bitops = 60 + (252 - 8);
  const double tp = std::ldexp(1.0, static_cast<int>(L));
  o.decoder_bitops = (60 + 252) + 64 * 6 + 64.0 * L * 6 + tp * (8.0 * L + 8.0 * L + 8) + 120;
  o.register_bits = 2 * (64 * 6 + 128);
  return o;
}

dsp::OpCounts inner_fec_op_counts(unsigned chase_l, double add_bits) {
  if (!(add_bits >= 1)) throw std::invalid_argument("inner_fec_op_counts: add_bits must be >= 1");
  const InnerFecOps o = inner_fec_ops(chase_l);
  dsp::OpCounts c;
  // per host symbol: a codeword carries 120 message bits = 60 PAM4 symbols at the host rate
  c.adds = static_cast<std::uint64_t>(std::ceil((o.encoder_bitops + o.decoder_bitops) / add_bits / 60));
  c.register_bits = static_cast<std::uint64_t>(std::ceil(o.register_bits / 60));
  return c;
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
  it.dsp_chip = true;
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
           "(inner_fec.encoder_pipeline_cycles + decoder_pipeline_cycles) x T_clk at f_line / 2 (cycles: the inner FEC RTL, docs/inner_fec.md)"},
          {"inner FEC interleaver + deinterleaver (half per module)", 0.5 * f.interleaver_latency_ns,
           "inner_fec.interleaver_latency_ns / 2 (ConvInterleaver, docs/inner_fec.md)"}};
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

double lro_hop_ns(const LatencyFigures& l) { return l.dsp_module_ns + l.lpo_module_ns; }

}  // namespace halo::sim

// Post-FEC figures for bursty PAM4 symbol errors (DFE error propagation), with precoding and
// symbol interleaving, for the KP4 RS(544,514) code (m = 10-bit symbols, 5 PAM4 symbols each).
//
// Error-event model:
//  * First errors (not caused by a previous error) occur independently with probability
//    p_first per PAM4 symbol (the statistical engine's SER, which assumes correct past
//    decisions).
//  * After an error, a 1-tap DFE with tap b (main cursor = 1, levels +-1, +-1/3) feeds back a
//    wrong value offset by +-2b/3; the next decision errs with
//      p_c = 0.75 [Q((1/3 - 2|b|/3)/sigma) + Q((1/3 + 2|b|/3)/sigma)],
//    sigma the Gaussian-equivalent slicer noise that gives p_first = 1.5 Q(1/(3 sigma)).
//    Burst length L is geometric: P(L = l) = (1 - p_c) p_c^(l-1).
//  * Without precoding a burst of L symbol errors hits PAM4 symbols 0..L-1; with 1/(1+D)
//    precoding it becomes 2 errors, at symbols 0 and L (IEEE 802.3 135.5.7.2 rationale).
//  * PAM4 symbols map 5 per FEC symbol (uniform phase 0..4); FEC symbols are dealt round-robin
//    over L_int codewords (Clause 119 A/B interleave, Clause 172: 4).
// Per codeword the number of symbol errors is compound binomial: an event starts in each of
// the N = 544 L_int FEC-symbol positions of the codeword's interleaved span with probability
// 1 - (1 - p_first)^5 (p_first summed over segments), adding k >= 0 symbol errors to this
// codeword with the enumerated pmf q(k) (rate-weighted mixture over segments). Its pmf
// follows from Panjer's recursion; CER = P(S > t), t = 15. The FLR uses flr_from_cer()
// (fec_analysis.hpp). With p_c = 0, no precoding and L_int = 1 this is exactly the
// random-error CER with Ps = 1 - (1 - p_first)^5 (tested against fec_analysis).
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

namespace halo::sim {

struct BurstSource {
  double p_first = 0;     ///< first-error probability per PAM4 symbol (0..0.5)
  double dfe_tap = 0;     ///< b1 of the receiver's DFE (0: no propagation)
};

struct BurstFecResult {
  double ser = 0;                 ///< PAM4 SER including propagation (line symbols, after decoding)
  double ber = 0;                 ///< pre-FEC BER (Gray: one bit per symbol error)
  double mean_burst = 1;          ///< mean PAM4 errors per event (rate-weighted)
  double fec_symbol_error_ratio = 0;
  double cer = 0, flr = 0;
  std::vector<double> errors_per_codeword;  ///< pmf of symbol errors per codeword, 0..16 (16 = more)
  unsigned interleave = 1;
  bool precoding = false;
};

/// Combines independent segments (errors of retimed segments add; each keeps its own burst
/// statistics). Throws std::invalid_argument for p_first outside [0, 0.5], |dfe_tap| >= 1,
/// or interleave not in {1, 2, 4}.
BurstFecResult burst_post_fec(const std::vector<BurstSource>& segments, bool precoding, unsigned interleave);

/// DFE propagation probability p_c for first-error probability p_first and tap b (see above).
double dfe_propagation_probability(double p_first, double dfe_tap);

nlohmann::json to_json(const BurstFecResult& r);

}  // namespace halo::sim

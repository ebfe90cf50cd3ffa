// Bursty-error post-FEC model (burst_fec.hpp).
#include "halo/sim/burst_fec.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

#include <boost/math/special_functions/erf.hpp>

#include "halo/fec/rs_code.hpp"
#include "halo/sim/fec_analysis.hpp"

namespace halo::sim {
namespace {

constexpr unsigned kPam4PerFec = 5;     // 10-bit FEC symbol = 5 PAM4 symbols
constexpr unsigned kMaxK = 64;          // severity support per codeword
double q_func(double x) { return 0.5 * std::erfc(x / std::sqrt(2.0)); }

/// pmf of the FEC-symbol errors an event adds to one given codeword.
std::vector<double> severity_pmf(double p_c, bool precoding, unsigned inter, double* mean_pam4) {
  std::vector<double> q(kMaxK + 1, 0.0);
  double mass = 0, mean = 0;
  for (unsigned L = 1; L <= 200; ++L) {
    const double pl = (1 - p_c) * std::pow(p_c, L - 1);
    if (L > 1 && pl < 1e-15) break;
    std::vector<unsigned> pos;
    if (precoding) pos = {0, L};
    else
      for (unsigned i = 0; i < L; ++i) pos.push_back(i);
    mean += pl * static_cast<double>(pos.size());
    for (unsigned ph = 0; ph < kPam4PerFec; ++ph) {
      std::set<unsigned> fs;
      for (unsigned p : pos) fs.insert((ph + p) / kPam4PerFec);
      for (unsigned r = 0; r < inter; ++r) {
        unsigned k = 0;
        for (unsigned f : fs) k += ((r + f) % inter == 0) ? 1 : 0;
        q[std::min(k, kMaxK)] += pl / (kPam4PerFec * inter);
      }
    }
    mass += pl;
  }
  for (double& v : q) v /= mass;  // renormalise the truncated geometric tail
  *mean_pam4 = mean / mass;
  return q;
}

}  // namespace

double dfe_propagation_probability(double p_first, double b) {
  if (!(p_first >= 0 && p_first <= 0.5)) throw std::invalid_argument("burst model: p_first: expected 0..0.5");
  if (!(std::abs(b) < 1)) throw std::invalid_argument("burst model: dfe_tap: expected |b| < 1");
  if (p_first <= 0 || b == 0) return p_first;
  // sigma such that 1.5 Q(1/(3 sigma)) = p_first
  const double arg = std::min(p_first / 1.5, 0.5);
  const double x = std::sqrt(2.0) * boost::math::erfc_inv(2 * arg);  // Q^-1
  if (x <= 0) return 0.75;
  const double sigma = (1.0 / 3.0) / x, d = 2 * std::abs(b) / 3;
  return std::min(0.75 * (q_func((1.0 / 3 - d) / sigma) + q_func((1.0 / 3 + d) / sigma)), 0.99);
}

BurstFecResult burst_post_fec(const std::vector<BurstSource>& segments, bool precoding, unsigned inter) {
  if (inter != 1 && inter != 2 && inter != 4) throw std::invalid_argument("burst model: interleave: expected 1, 2 or 4");
  BurstFecResult r;
  r.interleave = inter;
  r.precoding = precoding;
  const double span = 544.0 * kPam4PerFec * inter;
  std::vector<double> q(kMaxK + 1, 0.0);
  double lambda = 0, first = 0;
  for (const auto& s : segments) {
    const double pc = dfe_propagation_probability(s.p_first, s.dfe_tap);
    double mean_pam4 = 1;
    const auto qs = severity_pmf(s.p_first > 0 && s.dfe_tap != 0 ? pc : 0.0, precoding, inter, &mean_pam4);
    const double l = s.p_first * span;
    for (unsigned k = 0; k <= kMaxK; ++k) q[k] += l * qs[k];
    lambda += l;
    first += s.p_first;
    r.ser += s.p_first * mean_pam4;
  }
  r.ser = std::min(r.ser, 0.75);
  r.ber = r.ser / 2;
  r.mean_burst = first > 0 ? r.ser / first : 1.0;
  r.errors_per_codeword.assign(17, 0.0);
  if (lambda <= 0) {
    r.errors_per_codeword[0] = 1;
    return r;
  }
  for (double& v : q) v /= lambda;
  // events that touch this codeword: Binomial(N, p') over the N = 544 L_int FEC-symbol
  // positions of its span; an event starts in a FEC symbol with 1 - (1 - p_first)^5
  const double n_pos = 544.0 * inter;
  const double p_start = -std::expm1(kPam4PerFec * std::log1p(-std::min(first, 0.999)));
  const double p_touch = std::min(0.999, p_start * (1 - q[0]));
  const double lam = n_pos * p_touch;
  double ek = 0;
  for (unsigned k = 1; k <= kMaxK; ++k) ek += k * q[k] / (1 - q[0]);
  r.fec_symbol_error_ratio = std::min(1.0, lam * ek / 544.0);
  if (lam * ek > 300) {  // mean far above t = 15: every codeword fails
    r.cer = 1;
    r.errors_per_codeword[16] = 1;
  } else {
    // Panjer recursion for a compound binomial: a = -p/(1-p), b = (N+1) p/(1-p)
    const double a = -p_touch / (1 - p_touch), bb = (n_pos + 1) * p_touch / (1 - p_touch);
    std::vector<double> g(545, 0.0);
    g[0] = std::exp(n_pos * std::log1p(-p_touch));
    for (unsigned n = 1; n <= 544; ++n) {
      double acc = 0;
      for (unsigned k = 1; k <= std::min(n, kMaxK); ++k) acc += (a + bb * k / n) * q[k] / (1 - q[0]) * g[n - k];
      g[n] = std::max(acc, 0.0);
    }
    double tail = 0;
    for (unsigned n = 544; n >= 16; --n) tail += g[n];  // small terms first
    r.cer = std::min(1.0, tail);
    for (unsigned n = 0; n < 16; ++n) r.errors_per_codeword[n] = g[n];
    r.errors_per_codeword[16] = r.cer;
  }
  r.flr = flr_from_cer(fec::kKp4, r.cer, inter, 672);
  return r;
}

nlohmann::json to_json(const BurstFecResult& r) {
  return {{"ser", r.ser},           {"pre_fec_ber", r.ber},       {"mean_burst_pam4_errors", r.mean_burst},
          {"fec_symbol_error_ratio", r.fec_symbol_error_ratio},  {"cer", r.cer},
          {"flr", r.flr},           {"errors_per_codeword", r.errors_per_codeword},
          {"interleave", r.interleave}, {"precoding", r.precoding}};
}

}  // namespace halo::sim

// Statistical PAM4 link analysis. See halo/sim/statistical.hpp for the model.
#include "halo/sim/statistical.hpp"

#include "physics/front_end.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <utility>

namespace halo::sim {
namespace detail {

// Solves R x = b for the symmetric positive definite covariance R (n x n, row-major) by
// Cholesky decomposition R = L L^T, then forward and back substitution.
std::vector<double> solve_spd(std::vector<double> r, std::vector<double> b, std::size_t n) {
  for (std::size_t j = 0; j < n; ++j) {  // L overwrites the lower triangle of r
    double d = r[j * n + j];
    for (std::size_t k = 0; k < j; ++k) d -= r[j * n + k] * r[j * n + k];
    if (!(d > 0)) throw std::runtime_error("statistical: MMSE covariance (or least-squares fit) is not positive definite");
    const double l = std::sqrt(d);
    r[j * n + j] = l;
    for (std::size_t i = j + 1; i < n; ++i) {
      double v = r[i * n + j];
      for (std::size_t k = 0; k < j; ++k) v -= r[i * n + k] * r[j * n + k];
      r[i * n + j] = v / l;
    }
  }
  for (std::size_t i = 0; i < n; ++i) {  // L y = b
    for (std::size_t k = 0; k < i; ++k) b[i] -= r[i * n + k] * b[k];
    b[i] /= r[i * n + i];
  }
  for (std::size_t i = n; i-- > 0;) {  // L^T x = y
    for (std::size_t k = i + 1; k < n; ++k) b[i] -= r[k * n + i] * b[k];
    b[i] /= r[i * n + i];
  }
  return b;
}

namespace {
double qfunc_erfc(double x) { return 0.5 * std::erfc(x / std::sqrt(2.0)); }

double find_qfunc_zero() {
  // positive doubles order as their bit patterns: bisection on the patterns between 1 (Q > 0)
  // and 100 (Q underflows to 0) ends at the first double with Q == 0
  std::uint64_t lo = std::bit_cast<std::uint64_t>(1.0), hi = std::bit_cast<std::uint64_t>(100.0);
  if (!(qfunc_erfc(1.0) > 0) || qfunc_erfc(100.0) != 0) return std::numeric_limits<double>::infinity();
  while (hi - lo > 1) {
    const std::uint64_t mid = lo + (hi - lo) / 2;
    (qfunc_erfc(std::bit_cast<double>(mid)) == 0 ? hi : lo) = mid;
  }
  return std::bit_cast<double>(hi);
}
}  // namespace

double qfunc_zero_from() {
  static const double z = find_qfunc_zero();
  return z;
}

double qfunc(double x) {
  static const double z = qfunc_zero_from();
  return x >= z ? 0.0 : qfunc_erfc(x);
}

double pam4_level_tails_ser(const std::vector<double>& pmf, long center, double delta, const std::array<double, 4>& off,
                            double sigma, double& p_tail) {
  // The upper tails of levels 0..2 come first; the lower tail of level li at bin x has the
  // argument of the upper tail of level 3 - li at bin 2 center - x whenever the deviations are
  // exact negatives (no level offsets), and then reuses its Q value (same argument, same double).
  // The top level's upper tail and the bottom level's lower tail are not in the SER.
  const std::size_t bins = pmf.size();
  std::vector<double> q_arg, q_val;
  if (sigma > 0) {
    q_arg.assign(3 * bins, std::numeric_limits<double>::quiet_NaN());
    q_val.assign(3 * bins, 0.0);
    for (std::size_t li = 0; li < 3; ++li)
      for (std::size_t x = 0; x < bins; ++x) {
        if (pmf[x] < 1e-300) continue;
        const double dev = (static_cast<long>(x) - center) * delta + off[li];
        const double a = (1.0 / 3 - dev) / sigma;
        q_arg[li * bins + x] = a;
        q_val[li * bins + x] = qfunc(a);
      }
  }
  double ser = 0;
  for (std::size_t li = 0; li < 4; ++li) {
    double up = 0, dn = 0;
    for (std::size_t x = 0; x < bins; ++x) {
      const double pm = pmf[x];
      if (pm < 1e-300) continue;
      const double dev = (static_cast<long>(x) - center) * delta + off[li];
      if (sigma > 0) {
        if (li < 3) up += pm * q_val[li * bins + x];
        if (li > 0) {
          const double a = (1.0 / 3 + dev) / sigma;
          const long xm = 2 * center - static_cast<long>(x);
          const bool mirrored = xm >= 0 && xm < static_cast<long>(bins) &&
                                q_arg[(3 - li) * bins + static_cast<std::size_t>(xm)] == a;
          dn += pm * (mirrored ? q_val[(3 - li) * bins + static_cast<std::size_t>(xm)] : qfunc(a));
        }
      } else {
        up += dev > 1.0 / 3 ? pm : 0;
        dn += dev < -1.0 / 3 ? pm : 0;
      }
    }
    if (li < 3) ser += 0.25 * up;
    if (li > 0) ser += 0.25 * dn;
    if (li == 2) p_tail = up;
  }
  return ser;
}

}  // namespace detail

namespace {

using detail::qfunc;
using detail::solve_spd;

constexpr double kLevels[4] = {-1.0, -1.0 / 3, 1.0 / 3, 1.0};
constexpr double kVarA = 5.0 / 9.0;  // variance of unit PAM4 levels

// Symbol-spaced samples of a pulse at absolute sample s: g[j - jmin] = p[s + j osr].
struct Spaced {
  long jmin = 0;
  std::vector<double> g;
  [[nodiscard]] double at(long j) const {
    const long i = j - jmin;
    return (i < 0 || i >= static_cast<long>(g.size())) ? 0.0 : g[static_cast<std::size_t>(i)];
  }
};

Spaced spaced(const SymbolPulse& p, long s) {
  Spaced r;
  const long osr = p.osr;
  r.jmin = -(s / osr) - (s % osr < 0 ? 1 : 0);
  while (s + r.jmin * osr < 0) ++r.jmin;
  for (long j = r.jmin;; ++j) {
    const long m = s + j * osr;
    if (m >= static_cast<long>(p.p.size())) break;
    r.g.push_back(p.p[static_cast<std::size_t>(m)]);
  }
  return r;
}

long worst_phase_impl(const SymbolPulse& a) {
  long best = 0;
  double be = -1;
  for (long ph = 0; ph < static_cast<long>(a.osr); ++ph) {
    double e = 0;
    for (long k = 0; k < a.num_ui(); ++k) e += a.at(k, ph) * a.at(k, ph);
    if (e > be) { be = e; best = ph; }
  }
  return best;
}

std::vector<double> conv(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> r(a.size() + b.size() - 1, 0.0);
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t j = 0; j < b.size(); ++j) r[i + j] += a[i] * b[j];
  return r;
}

// Sampled front-end impairments filtered by the FFE c at cursor sample s (see
// SampledImpairments): per transmitted level, the distortion at the slicer (level units) binned
// on the grid step delta (bin k holds deviation (lo + k) delta) and the noise variance.
struct LevelTerms {
  std::array<std::vector<double>, 4> pmf;
  std::array<long, 4> lo{};
  std::array<double, 4> var_noise{};
  double mean_sq = 0;  // mean square of the filtered distortion over all levels
};

LevelTerms sampled_terms(const SampledImpairments& si, const std::vector<double>& c, long pre, long s, double delta) {
  const long N = static_cast<long>(c.size());
  const long osr = si.osr;
  const long size = static_cast<long>(si.distortion.size());
  std::array<std::vector<long>, 4> bins;
  std::array<double, 4> nsq{};
  LevelTerms t;
  std::size_t total = 0;
  for (long n = std::max(si.first_symbol + N - 1 - pre, 0L); n < static_cast<long>(si.level.size()); ++n) {
    const long m_lo = (n + pre - (N - 1)) * osr + s, m_hi = (n + pre) * osr + s;
    if (m_lo < 0) continue;
    if (m_hi >= size) break;
    double yd = 0, ye = 0;
    for (long i = 0; i < N; ++i) {
      const std::size_t m = static_cast<std::size_t>((n + pre - i) * osr + s);
      yd += c[static_cast<std::size_t>(i)] * si.distortion[m];
      ye += c[static_cast<std::size_t>(i)] * si.noise[m];
    }
    const std::size_t li = si.level[static_cast<std::size_t>(n)] & 3u;
    bins[li].push_back(std::lround(yd / delta));
    nsq[li] += ye * ye;
    t.mean_sq += yd * yd;
    ++total;
  }
  if (total == 0) throw std::runtime_error("statistical: sampled impairments do not cover the FFE span at this cursor");
  t.mean_sq /= static_cast<double>(total);
  for (std::size_t li = 0; li < 4; ++li) {
    const auto& b = bins[li];
    if (b.empty()) throw std::runtime_error("statistical: sampled impairments miss a PAM4 level");
    const auto [mn, mx] = std::minmax_element(b.begin(), b.end());
    t.lo[li] = *mn;
    t.pmf[li].assign(static_cast<std::size_t>(*mx - *mn + 1), 0.0);
    const double w = 1.0 / static_cast<double>(b.size());
    for (long k : b) t.pmf[li][static_cast<std::size_t>(k - *mn)] += w;
    t.var_noise[li] = nsq[li] / static_cast<double>(b.size());
  }
  return t;
}

struct Core {
  double ser = 0;
  double p_tail = 0;       // P(dev > 1/3)
  double sigma_noise = 0;  // level units
  double sigma_isi = 0, sigma_xt = 0;
  std::vector<double> pmf; // ISI+xtalk PMF on grid
  double delta = 0;        // grid step
  long center = 0;
  std::vector<double> f;   // equalized pulse (level units), index q - qmin
  long qmin = 0;
  // sampled impairments only: per level, PMF of the deviation from the ideal level (ISI,
  // crosstalk, main-cursor error, distortion; bin z holds (z + llo) delta) and the noise sigma
  bool per_level = false;
  std::array<std::vector<double>, 4> lpmf;
  std::array<long, 4> llo{};
  std::array<double, 4> lsigma{};
};

// P(dev + noise > thr) and P(dev + noise < -thr) over a deviation PMF (bin z at (z + lo) delta
// + off) with Gaussian noise sigma; a tail not wanted (want_up / want_dn false) is returned as 0
// without evaluating it.
std::pair<double, double> tails(const std::vector<double>& pmf, long lo, double delta, double off, double sigma,
                                double thr, bool want_up = true, bool want_dn = true) {
  double up = 0, dn = 0;
  for (std::size_t z = 0; z < pmf.size(); ++z) {
    const double pm = pmf[z];
    if (pm < 1e-300) continue;
    const double dev = static_cast<double>(static_cast<long>(z) + lo) * delta + off;
    if (sigma > 0) {
      if (want_up) up += pm * qfunc((thr - dev) / sigma);
      if (want_dn) dn += pm * qfunc((thr + dev) / sigma);
    } else {
      up += dev > thr ? pm : 0;
      dn += dev < -thr ? pm : 0;
    }
  }
  return {up, dn};
}

// Residual ISI/xtalk terms and Gaussian noise for taps c (level-normalised), DFE b (levels),
// cursor sample s.
Core core_eval(const SymbolPulse& pulse, const StatNoise& nz, const StatOptions& opt,
               const std::vector<double>& c, const std::vector<double>& b, long s, unsigned bins) {
  const double A = opt.amplitude_v;
  const long N = static_cast<long>(c.size());
  const long pre = static_cast<long>(opt.eq.ffe_pre);
  const Spaced g = spaced(pulse, s);
  Core r;
  // f_q = sum_i c_i g[q + pre - i], in level units (times A).
  const long jmax = g.jmin + static_cast<long>(g.g.size()) - 1;
  r.qmin = g.jmin - pre;
  const long qmax = jmax + N - 1 - pre;
  r.f.assign(static_cast<std::size_t>(qmax - r.qmin + 1), 0.0);
  std::vector<double> fd(r.f.size(), 0.0);  // derivative per UI
  const long osr = pulse.osr;
  auto dp = [&](long m) {
    auto v = [&](long k) { return (k < 0 || k >= static_cast<long>(pulse.p.size())) ? 0.0 : pulse.p[static_cast<std::size_t>(k)]; };
    return (v(m + 1) - v(m - 1)) * 0.5 * static_cast<double>(osr);
  };
  // symbol-spaced impulse response (derivative of the step response, per UI) of the pulse
  // without TX FFE: h(jT) = sum_{k <= j} p'(kT), since p(t) = s(t) - s(t - T)
  const SymbolPulse& jp = opt.jitter_pulse.p.empty() ? pulse : opt.jitter_pulse;
  const long js = opt.jitter_pulse.p.empty() ? s : s - opt.jitter_offset;
  auto djp = [&](long m) {
    auto v = [&](long k) { return (k < 0 || k >= static_cast<long>(jp.p.size())) ? 0.0 : jp.p[static_cast<std::size_t>(k)]; };
    return (v(m + 1) - v(m - 1)) * 0.5 * static_cast<double>(osr);
  };
  std::vector<double> hs(g.g.size(), 0.0);
  for (long j = g.jmin, k = 0; j <= jmax; ++j, ++k)
    hs[static_cast<std::size_t>(k)] = (k ? hs[static_cast<std::size_t>(k - 1)] : 0.0) + djp(js + j * osr);
  auto hat = [&](long j) { return (j < g.jmin || j > jmax) ? 0.0 : hs[static_cast<std::size_t>(j - g.jmin)]; };
  std::vector<double> fh(r.f.size(), 0.0);  // equalized impulse response per UI
  std::vector<double> fr(r.f.size(), 0.0);  // equalized pulse without TX FFE (TX noise after the FFE)
  auto jat = [&](long j) {
    const long mm = js + j * osr;
    return (mm < 0 || mm >= static_cast<long>(jp.p.size())) ? 0.0 : jp.p[static_cast<std::size_t>(mm)];
  };
  for (long q = r.qmin; q <= qmax; ++q) {
    double acc = 0, accd = 0, acch = 0, accr = 0;
    for (long i = 0; i < N; ++i) {
      const long j = q + pre - i;
      acc += c[static_cast<std::size_t>(i)] * g.at(j);
      accd += c[static_cast<std::size_t>(i)] * dp(s + j * osr);
      acch += c[static_cast<std::size_t>(i)] * hat(j);
      accr += c[static_cast<std::size_t>(i)] * jat(j);
    }
    fr[static_cast<std::size_t>(q - r.qmin)] = accr;
    r.f[static_cast<std::size_t>(q - r.qmin)] = acc * A;
    fd[static_cast<std::size_t>(q - r.qmin)] = accd * A;
    fh[static_cast<std::size_t>(q - r.qmin)] = acch * A;
  }
  const double f0 = r.f[static_cast<std::size_t>(-r.qmin)];
  std::vector<double> terms;
  for (long q = r.qmin; q <= qmax; ++q) {
    if (q == 0) continue;
    double v = r.f[static_cast<std::size_t>(q - r.qmin)];
    if (q >= 1 && q <= static_cast<long>(b.size())) v -= b[static_cast<std::size_t>(q - 1)];
    terms.push_back(v);
  }
  // main cursor deviation from 1 (level units) acts on the current symbol: fold into terms as
  // a data-dependent scale (exact for equiprobable levels by symmetry is not possible; treat as ISI)
  const double main_err = f0 - 1.0;
  double var_isi = 0;
  for (double t : terms) var_isi += kVarA * t * t;
  // crosstalk
  double var_xt = 0;
  std::vector<double> xt_terms;
  for (const auto& agg : opt.aggressors) {
    const long ph = worst_phase_impl(agg);
    std::vector<double> ga;
    for (long k = 0; k < agg.num_ui(); ++k) ga.push_back(agg.at(k, ph));
    for (double v : conv(c, ga)) {
      xt_terms.push_back(v * A);
      var_xt += kVarA * v * v * A * A;
    }
  }
  r.sigma_isi = std::sqrt(var_isi + var_xt);
  r.sigma_xt = std::sqrt(var_xt);
  // Gaussian noise
  double cc = 0;
  for (double v : c) cc += v * v;
  double ff = 0, fdd = 0, fhh = 0;
  for (double v : r.f) ff += v * v;
  for (double v : fd) fdd += v * v;
  for (double v : fh) fhh += v * v;
  double var_n = (nz.sigma_rx_v * nz.sigma_rx_v + nz.sigma_q_v * nz.sigma_q_v) * cc;
  double frr = 0;
  for (double v : fr) frr += v * v;
  var_n += nz.sigma_tx_v * nz.sigma_tx_v * frr;  // TX noise is added after the TX FFE
  // TX random jitter moves every edge independently: y changes by -(u_k - u_{k-1}) h(t - kT) tau_k,
  // E[(u_k - u_{k-1})^2] = edge_var sigma_a^2 (2 without TX FFE). Slow SJ moves all edges together, like a sampling offset.
  var_n += nz.edge_var * kVarA * (nz.rj_ui * nz.rj_ui + nz.dd_ui * nz.dd_ui) * fhh;
  var_n += 0.5 * nz.sj_ui * nz.sj_ui * kVarA * fdd;
  // memoryless level-dependent offsets (optical nonlinearity) at the ADC input: through the main
  // tap they shift the current level; through the other taps they act as random ISI
  const double cmain = c[static_cast<std::size_t>(pre)];
  double off_var = 0;
  for (double o : nz.level_offset_v) off_var += 0.25 * o * o;
  var_n += off_var * (cc - cmain * cmain);
  // PMF of residual ISI + crosstalk; tiny terms go to the Gaussian part.
  std::vector<double> all = terms;
  all.insert(all.end(), xt_terms.begin(), xt_terms.end());
  double range = 0;
  for (double t : all) range += std::abs(t);
  range = std::max(range, 1e-9);
  r.delta = 2 * range / static_cast<double>(bins - 1);
  r.center = static_cast<long>(bins / 2);
  r.pmf.assign(bins, 0.0);
  r.pmf[static_cast<std::size_t>(r.center)] = 1.0;
  std::vector<double> tmp(bins);
  for (double t : all) {
    if (std::abs(t) < 2 * r.delta) {
      var_n += kVarA * t * t;
      continue;
    }
    std::fill(tmp.begin(), tmp.end(), 0.0);
    for (double lv : kLevels) {
      const long sh = std::lround(lv * t / r.delta);
      for (long x = 0; x < static_cast<long>(bins); ++x) {
        const long y = x + sh;
        if (y < 0 || y >= static_cast<long>(bins)) continue;
        tmp[static_cast<std::size_t>(y)] += 0.25 * r.pmf[static_cast<std::size_t>(x)];
      }
    }
    r.pmf.swap(tmp);
  }
  r.sigma_noise = std::sqrt(var_n);
  if (nz.sampled) {
    // Sampled front-end impairments: per level, ISI PMF (x) distortion PMF, noise sigma.
    const LevelTerms lt = sampled_terms(*nz.sampled, c, pre, s, r.delta);
    r.per_level = true;
    double ser = 0, vn = 0;
    for (std::size_t li = 0; li < 4; ++li) {
      const auto& dp = lt.pmf[li];
      auto& cv = r.lpmf[li];
      cv.assign(r.pmf.size() + dp.size() - 1, 0.0);
      for (std::size_t x = 0; x < r.pmf.size(); ++x) {
        const double pm = r.pmf[x];
        if (pm < 1e-300) continue;
        for (std::size_t k = 0; k < dp.size(); ++k) cv[x + k] += pm * dp[k];
      }
      r.llo[li] = lt.lo[li] - r.center;
      r.lsigma[li] = std::sqrt(var_n + lt.var_noise[li]);
      vn += 0.25 * lt.var_noise[li];
      // the top level has no upper tail in the SER, the bottom level no lower one
      const auto [up, dn] = tails(cv, r.llo[li], r.delta, main_err * kLevels[li], r.lsigma[li], 1.0 / 3, li < 3, li > 0);
      if (li < 3) ser += 0.25 * up;
      if (li > 0) ser += 0.25 * dn;
      if (li == 2) r.p_tail = up;
    }
    r.sigma_noise = std::sqrt(var_n + vn);
    r.sigma_isi = std::sqrt(var_isi + var_xt + lt.mean_sq);
    r.ser = ser;
    return r;
  }
  // SER: each level sees deviation main_err * level + ISI + noise.
  std::array<double, 4> off{};
  for (std::size_t li = 0; li < 4; ++li) off[li] = main_err * kLevels[li] + nz.level_offset_v[li] * cmain;
  const double ser = detail::pam4_level_tails_ser(r.pmf, r.center, r.delta, off, r.sigma_noise, r.p_tail);
  r.ser = ser;
  return r;
}

// MMSE FFE with DFE columns removed; returns level-normalised c and DFE b.
void design_mmse(const SymbolPulse& pulse, const StatNoise& nz, const StatOptions& opt, long s,
                 std::vector<double>& c, std::vector<double>& b) {
  const double A = opt.amplitude_v;
  const long N = opt.eq.ffe_taps, pre = opt.eq.ffe_pre, nb = opt.eq.dfe_taps;
  const Spaced g = spaced(pulse, s);
  const long jmax = g.jmin + static_cast<long>(g.g.size()) - 1;
  const long slo = g.jmin - pre, shi = jmax + N - 1 - pre;
  const std::size_t n = static_cast<std::size_t>(N);
  std::vector<double> R(n * n, 0.0), rv(n, 0.0);
  const double sa2 = kVarA * A * A;
  auto G = [&](long i, long sidx) { return g.at(sidx + pre - i); };
  for (long sidx = slo; sidx <= shi; ++sidx) {
    const bool cancelled = sidx >= 1 && sidx <= nb;
    const double w = sa2 * (cancelled ? 0.0 : 1.0) + nz.sigma_tx_v * nz.sigma_tx_v;
    for (long i = 0; i < N; ++i) {
      const double gi = G(i, sidx);
      if (gi == 0) continue;
      for (long k = 0; k < N; ++k) R[static_cast<std::size_t>(i) * n + static_cast<std::size_t>(k)] += w * gi * G(k, sidx);
    }
  }
  for (const auto& agg : opt.aggressors) {
    const long ph = worst_phase_impl(agg);
    std::vector<double> ga;
    for (long k = 0; k < agg.num_ui(); ++k) ga.push_back(agg.at(k, ph));
    const long L = static_cast<long>(ga.size());
    for (long t = -N; t < L + N; ++t)
      for (long i = 0; i < N; ++i) {
        const long ji = t - i;
        if (ji < 0 || ji >= L) continue;
        for (long k = 0; k < N; ++k) {
          const long jk = t - k;
          if (jk < 0 || jk >= L) continue;
          R[static_cast<std::size_t>(i) * n + static_cast<std::size_t>(k)] += sa2 * ga[static_cast<std::size_t>(ji)] * ga[static_cast<std::size_t>(jk)];
        }
      }
  }
  const double w2 = nz.sigma_rx_v * nz.sigma_rx_v + nz.sigma_q_v * nz.sigma_q_v + nz.sigma_design_v * nz.sigma_design_v;
  double trace = 0;
  for (std::size_t i = 0; i < n; ++i) trace += R[i * n + i];
  for (std::size_t i = 0; i < n; ++i) R[i * n + i] += w2 + 1e-12 * trace / static_cast<double>(n) + 1e-30;
  for (long i = 0; i < N; ++i) rv[static_cast<std::size_t>(i)] = sa2 * G(i, 0);
  c = solve_spd(R, rv, n);
  double f0 = 0;
  for (long i = 0; i < N; ++i) f0 += c[static_cast<std::size_t>(i)] * G(i, 0);
  if (f0 == 0) throw std::runtime_error("statistical: zero main cursor");
  for (auto& v : c) v /= f0 * A;
  b.assign(static_cast<std::size_t>(nb), 0.0);
  for (long l = 1; l <= nb; ++l) {
    double fl = 0;
    for (long i = 0; i < N; ++i) fl += c[static_cast<std::size_t>(i)] * G(i, l);
    fl *= A;
    b[static_cast<std::size_t>(l - 1)] = std::clamp(fl, -opt.eq.dfe_limit, opt.eq.dfe_limit);
  }
}

long peak_index(const SymbolPulse& p) {
  return static_cast<long>(std::max_element(p.p.begin(), p.p.end(),
                                            [](double a, double b) { return std::abs(a) < std::abs(b); }) -
                           p.p.begin());
}

void validate(const SymbolPulse& pulse, const StatOptions& opt) {
  if (pulse.p.empty() || pulse.osr == 0) throw std::invalid_argument("statistical: empty pulse response");
  if (!(opt.amplitude_v > 0)) throw std::invalid_argument("statistical: amplitude_v must be > 0");
  if (opt.eq.ffe_taps == 0 || opt.eq.ffe_pre >= opt.eq.ffe_taps)
    throw std::invalid_argument("statistical: need ffe_taps >= 1 and ffe_pre < ffe_taps");
}

}  // namespace

long aggressor_phase(const SymbolPulse& a) { return worst_phase_impl(a); }

double tx_edge_variance(const std::vector<double>& ffe) {
  double ev = 0;
  for (std::size_t i = 0; i <= ffe.size(); ++i) {
    const double d = (i < ffe.size() ? ffe[i] : 0.0) - (i ? ffe[i - 1] : 0.0);
    ev += d * d;
  }
  return ev;
}

double pam4_ser_awgn(double d, double sigma) { return 0.75 * std::erfc(d / (sigma * std::sqrt(2.0))); }

long mueller_muller_lock(const SymbolPulse& p) {
  const long pk = peak_index(p);
  const long osr = p.osr;
  long best = pk;
  double bv = std::numeric_limits<double>::infinity();
  for (long s = pk - osr; s <= pk + osr; ++s) {
    const double e = p.at(0, s + osr) - p.at(0, s - osr);  // h(+1) - h(-1)
    if (std::abs(e) < bv) { bv = std::abs(e); best = s; }
  }
  return best;
}

StatResult evaluate(const SymbolPulse& pulse, const StatNoise& nz, const StatOptions& opt,
                    const std::vector<double>& c, const std::vector<double>& b, long s, bool with_eye) {
  validate(pulse, opt);
  if (c.size() != opt.eq.ffe_taps) throw std::invalid_argument("statistical: ffe size != ffe_taps");
  StatResult r;
  const Core k = core_eval(pulse, nz, opt, c, b, s, opt.pdf_bins);
  r.cursor_sample = s;
  r.phase_index = ((s % pulse.osr) + pulse.osr) % pulse.osr;
  r.ffe = c;
  r.dfe = b;
  r.equalized = k.f;
  r.decision_delay = opt.eq.ffe_pre;
  r.main_cursor_v = pulse.at(0, s) * opt.amplitude_v;
  r.sigma_noise = k.sigma_noise;
  r.sigma_isi = k.sigma_isi;
  r.sigma_xtalk = k.sigma_xt;
  if (k.per_level) r.sigma_noise_level = k.lsigma;
  r.ser = std::max(k.ser, opt.ber_floor);
  r.ber = std::max(k.ser / 2, opt.ber_floor);
  r.snr_db = 10 * std::log10(kVarA / (k.sigma_noise * k.sigma_noise + k.sigma_isi * k.sigma_isi));
  if (!with_eye) return r;
  const long osr = pulse.osr;
  const unsigned vb = 256;
  for (unsigned i = 0; i < vb; ++i) r.eye_v.push_back(-1.6 + 3.2 * (i + 0.5) / vb);
  for (long d = -osr / 2; d <= osr / 2; ++d) {
    const Core kk = core_eval(pulse, nz, opt, c, b, s + d, 1024);
    r.bathtub_phase_ui.push_back(static_cast<double>(d) / static_cast<double>(osr));
    r.bathtub_ser.push_back(std::max(kk.ser, opt.ber_floor));
    std::vector<double> dens(vb, 0.0);
    const double main = kk.f[static_cast<std::size_t>(-kk.qmin)];
    const double sg = std::max(kk.sigma_noise, 1e-6);
    // each level: its deviation PMF (per level with sampled impairments, else the shared one)
    // with Gaussian noise
    for (std::size_t li = 0; li < 4; ++li) {
      const auto& pmf = kk.per_level ? kk.lpmf[li] : kk.pmf;
      const long lo = kk.per_level ? kk.llo[li] : -kk.center;
      const double sl = kk.per_level ? std::max(kk.lsigma[li], 1e-6) : sg;
      for (std::size_t x = 0; x < pmf.size(); ++x) {
        const double pm = pmf[x];
        if (pm < 1e-30) continue;
        const double mu = kLevels[li] * main + static_cast<double>(static_cast<long>(x) + lo) * kk.delta;
        for (unsigned i = 0; i < vb; ++i) {
          const double z = (r.eye_v[i] - mu) / sl;
          if (std::abs(z) > 40) continue;
          dens[i] += 0.25 * pm * std::exp(-0.5 * z * z) / (sl * std::sqrt(2 * M_PI));
        }
      }
    }
    for (auto& v : dens) v = std::log10(std::max(v, 1e-300));
    r.eye_log10_pdf.push_back(std::move(dens));
  }
  // voltage bathtub at the cursor: middle eye, P(dev > 1/3 - t)
  for (int i = 0; i <= 60; ++i) {
    const double t = (1.0 / 3) * i / 60.0;
    double p = 0;
    if (k.per_level) {  // level -1/3 crossing up, level 1/3 crossing down (main-cursor error included)
      const double me = k.f[static_cast<std::size_t>(-k.qmin)] - 1.0;
      p = 0.5 * (tails(k.lpmf[1], k.llo[1], k.delta, me * kLevels[1], k.lsigma[1], 1.0 / 3 - t, true, false).first +
                 tails(k.lpmf[2], k.llo[2], k.delta, me * kLevels[2], k.lsigma[2], 1.0 / 3 - t, false, true).second);
      r.vbathtub_offset.push_back(t);
      r.vbathtub_ber.push_back(std::max(p, opt.ber_floor));
      continue;
    }
    for (std::size_t x = 0; x < k.pmf.size(); ++x) {
      const double dev = (static_cast<long>(x) - k.center) * k.delta;
      p += k.pmf[x] * (k.sigma_noise > 0 ? qfunc((1.0 / 3 - t - dev) / k.sigma_noise) : (dev > 1.0 / 3 - t));
    }
    r.vbathtub_offset.push_back(t);
    r.vbathtub_ber.push_back(std::max(p, opt.ber_floor));
  }
  return r;
}

StatResult analyze(const SymbolPulse& pulse, const StatNoise& nz, const StatOptions& opt) {
  validate(pulse, opt);
  std::vector<long> cands;
  const long pk = peak_index(pulse);
  switch (opt.phase_mode) {
    case PhaseMode::kFixed: cands = {opt.fixed_phase}; break;
    case PhaseMode::kMuellerMuller: cands = {mueller_muller_lock(pulse)}; break;
    case PhaseMode::kBest:
      for (long s = pk - static_cast<long>(pulse.osr) / 2; s < pk + static_cast<long>(pulse.osr) / 2; ++s) cands.push_back(s);
      break;
  }
  double best = std::numeric_limits<double>::infinity();
  long bs = cands.front();
  std::vector<double> bc, bb;
  for (long s : cands) {
    std::vector<double> c, b;
    if (pulse.at(0, s) == 0) continue;  // outside the pulse
    design_mmse(pulse, nz, opt, s, c, b);
    const Core k = core_eval(pulse, nz, opt, c, b, s, 1024);
    const double m = k.ser + 1e-30 * (k.sigma_noise + k.sigma_isi);
    if (m < best) { best = m; bs = s; bc = c; bb = b; }
  }
  if (bc.empty()) throw std::runtime_error("statistical: no usable sampling phase (zero pulse)");
  return evaluate(pulse, nz, opt, bc, bb, bs, opt.with_eye);
}

}  // namespace halo::sim

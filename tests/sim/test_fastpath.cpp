// The exact fast paths of the statistical engine and TDECQ (docs/compare.md "Speed") against the
// plain evaluations written out in this test, bit for bit (EXPECT_EQ on doubles):
// - detail::qfunc: 0 without erfc from qfunc_zero_from() on; the cut-off is the first double at
//   which 0.5 erfc(x / sqrt 2) is exactly 0, and the two agree on a grid crossing it.
// - detail::pam4_level_tails_ser: the lower tails reuse the mirrored upper tails' Q values; equal
//   to the eight-Q-per-bin loop with and without level offsets, and across the cut-off.
// - tdecq::detail::sigma_g: SER sums that stop above target, a bisection that stops once it
//   cannot move; equal to the full 60 / 30-step bisection on max(SER_L, SER_R).
// - tdecq::analyze's search shortcut: the same result with and without it; erfc accurate.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "halo/sim/tdecq.hpp"
#include "physics/front_end.hpp"

namespace {

double q_ref(double x) { return 0.5 * std::erfc(x / std::sqrt(2.0)); }

TEST(QfuncCutoff, ZeroFromIsTheFirstDoubleWhereErfcUnderflows) {
  const double z = halo::sim::detail::qfunc_zero_from();
  EXPECT_EQ(q_ref(z), 0.0);
  EXPECT_GT(q_ref(std::nextafter(z, 0.0)), 0.0);
  // Q(x) < exp(-x^2 / 2) / 2 drops below the smallest subnormal (2^-1074) near x = 38.6; the
  // rounded result reaches 0 a little earlier
  EXPECT_GT(z, 38.0);
  EXPECT_LT(z, 39.0);
}

TEST(QfuncCutoff, EqualsErfcOnAGridAcrossTheCutoff) {
  using halo::sim::detail::qfunc;
  const double z = halo::sim::detail::qfunc_zero_from();
  std::vector<double> xs;
  for (int i = -400000; i <= 400000; ++i) xs.push_back(i * 1e-4);  // -40 .. 40
  double a = z, b = z;
  for (int i = 0; i < 200000; ++i) {  // every double within 2e5 ulps of the cut-off
    a = std::nextafter(a, 0.0);
    b = std::nextafter(b, 100.0);
    xs.push_back(a);
    xs.push_back(b);
  }
  for (double x = 39; x < 1e300; x *= 1.37) xs.push_back(x);
  xs.push_back(std::numeric_limits<double>::max());
  xs.push_back(std::numeric_limits<double>::infinity());
  xs.push_back(-std::numeric_limits<double>::infinity());
  for (double x : xs) ASSERT_EQ(qfunc(x), q_ref(x)) << "x = " << x;
  EXPECT_TRUE(std::isnan(qfunc(std::numeric_limits<double>::quiet_NaN())));
}

// the statistical engine's SER loop as it was: both tails of every level, Q from erfc each time
double tails_ser_ref(const std::vector<double>& pmf, long center, double delta, const std::array<double, 4>& off, double sigma,
                     double& p_tail) {
  double ser = 0;
  for (std::size_t li = 0; li < 4; ++li) {
    double up = 0, dn = 0;
    for (std::size_t x = 0; x < pmf.size(); ++x) {
      const double pm = pmf[x];
      if (pm < 1e-300) continue;
      const double dev = (static_cast<long>(x) - center) * delta + off[li];
      if (sigma > 0) {
        up += pm * q_ref((1.0 / 3 - dev) / sigma);
        dn += pm * q_ref((1.0 / 3 + dev) / sigma);
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

TEST(StatTails, MirroredQValuesEqualTheFullEvaluation) {
  std::mt19937_64 g(7);
  std::uniform_real_distribution<double> u(0, 1);
  for (unsigned bins : {64u, 1024u, 4096u}) {
    // a PMF of ISI terms: binomial-like around the centre, with empty bins and tiny tails
    std::vector<double> pmf(bins, 0.0);
    const long c = static_cast<long>(bins / 2);
    double s = 0;
    for (long x = 0; x < static_cast<long>(bins); ++x) {
      const double d = static_cast<double>(x - c) / (bins / 8.0);
      pmf[static_cast<std::size_t>(x)] = (x % 7 == 3) ? 0.0 : std::exp(-d * d * 4) * (0.5 + u(g));
      s += pmf[static_cast<std::size_t>(x)];
    }
    for (auto& v : pmf) v /= s;
    const double delta = 0.6 / bins;
    for (double main_err : {0.0, 0.013, -0.021}) {
      const std::array<double, 4> sym = {-main_err, -main_err / 3, main_err / 3, main_err};  // mirrored
      std::array<double, 4> asym = sym;
      asym[1] += 0.004;  // a level offset (optical nonlinearity): no mirror for levels 1 / 2
      asym[3] -= 0.002;
      // sigma: typical, small enough for most arguments to pass the cut-off, and none
      for (double sigma : {0.03, 0.004, 0.0}) {
        for (const auto& off : {sym, asym}) {
          double pt_ref = -1, pt = -2;
          const double ref = tails_ser_ref(pmf, c, delta, off, sigma, pt_ref);
          const double got = halo::sim::detail::pam4_level_tails_ser(pmf, c, delta, off, sigma, pt);
          EXPECT_EQ(got, ref) << "bins " << bins << " sigma " << sigma << " main_err " << main_err;
          EXPECT_EQ(pt, pt_ref);
        }
      }
    }
  }
}

// sigma_G by the plain bisection (121.8.5.3 as analyze() did it): full sums, fixed step counts
double ser_ref(const halo::sim::tdecq::detail::WeightedPoints& p, const std::array<double, 3>& th, double s) {
  auto err = [&](double y) {
    if (y < th[0]) return q_ref((th[0] - y) / s);
    if (y < th[1]) return q_ref((y - th[0]) / s) + q_ref((th[1] - y) / s);
    if (y < th[2]) return q_ref((y - th[1]) / s) + q_ref((th[2] - y) / s);
    return q_ref((y - th[2]) / s);
  };
  double e = 0;
  for (std::size_t i = 0; i < p.y.size(); ++i) e += p.w[i] * err(p.y[i]);
  return e;
}

double sigma_g_ref(const halo::sim::tdecq::detail::WeightedPoints& l, const halo::sim::tdecq::detail::WeightedPoints& r,
                   const std::array<double, 3>& th, double target, double scale, double hint) {
  auto ser = [&](double s) { return std::max(ser_ref(l, th, s), ser_ref(r, th, s)); };
  double lo = scale * 1e-9, hi = scale;
  int iters = 60;
  if (hint > 0 && ser(hint / 1.25) <= target && ser(hint * 1.25) > target) {
    lo = hint / 1.25;
    hi = hint * 1.25;
    iters = 30;
  } else {
    if (ser(lo) > target) return 0.0;
    if (ser(hi) <= target) return hi;
  }
  for (int i = 0; i < iters; ++i) {
    const double mid = std::sqrt(lo * hi);
    (ser(mid) <= target ? lo : hi) = mid;
  }
  return lo;
}

TEST(TdecqSigmaG, EarlyStopsEqualTheFullBisection) {
  std::mt19937_64 g(11);
  std::normal_distribution<double> n(0, 1);
  const std::array<double, 3> th = {-1.0 / 3, 0.0, 1.0 / 3};
  int checked = 0;
  for (int trial = 0; trial < 12; ++trial) {
    // two histogram sides: the four levels with ISI-like spread and an eye-closing skew
    const double spread = 0.02 + 0.01 * trial;
    halo::sim::tdecq::detail::WeightedPoints l, r;
    for (int i = 0; i < 400; ++i) {
      const double lv = -1.0 + (2.0 / 3) * (i % 4);
      l.y.push_back(lv * 0.5 + spread * n(g));
      r.y.push_back(lv * 0.5 + spread * n(g) + 0.01);
      l.w.push_back(1.0 / 400);
      r.w.push_back(1.0 / 400);
    }
    for (double target : {4.8e-4, 1e-2}) {
      const double ref = sigma_g_ref(l, r, th, target, 1.0, 0);
      const double got = halo::sim::tdecq::detail::sigma_g(l, r, th, target, 1.0);
      EXPECT_EQ(got, ref) << "trial " << trial << " target " << target;
      // the bracketed search of the final figure, from a hint near the answer and from a wrong one
      for (double hint : {ref * 1.1, ref * 3}) {
        EXPECT_EQ(halo::sim::tdecq::detail::sigma_g(l, r, th, target, 1.0, hint), sigma_g_ref(l, r, th, target, 1.0, hint));
      }
      checked += ref > 0;
    }
  }
  EXPECT_GT(checked, 12);  // most cases have an open eye (sigma_G > 0)
}

// The search shortcut relies on the computed SER being within 1e-9 of the exact one, so on
// erfc's accuracy (glibc's is not monotone at the ulp level, e.g. near 1.25 and in the
// subnormal range, so the shortcut does not assume it is): std::erfc against the 64-bit-mantissa
// erfcl within 1e-13 relative wherever the result is a normal double (0 .. 26.5, step 1e-5,
// and every double within 1e5 ulps of the ranges where glibc changes its approximation).
TEST(TdecqSearch, ErfcIsAccurateWhereTheSearchUsesIt) {
  auto check = [](double x) {
    const long double ref = erfcl(static_cast<long double>(x));
    const long double got = std::erfc(x);
    ASSERT_LE(std::fabs(static_cast<double>((got - ref) / ref)), 1e-13) << "erfc(" << x << ")";
  };
  for (int i = 0; i <= 2650000; ++i) check(i * 1e-5);
  for (double b : {0.84375, 1.25, 1 / 0.35, 6.0}) {
    double a = b;
    for (int i = 0; i < 100000; ++i) a = std::nextafter(a, 0.0);
    for (int i = 0; i < 200000; ++i, a = std::nextafter(a, 100.0)) check(a);
  }
}

// analyze() with the search shortcut (a trial rejected by one SER check) and without it (every
// trial through the sigma_G bisection): the same taps, figure, sigma_G, SERs and evaluation
// count, bit for bit, for the 100G and the 200G presets on transmitters with ISI and noise.
TEST(TdecqSearch, ShortcutGivesTheSameResultAsTheFullSearch) {
  namespace tdecq = halo::sim::tdecq;
  const unsigned osr = 16;
  int runs = 0;
  for (double bw_100g_hz : {18e9, 30e9}) {
    for (const char* preset : {"ieee8023cd_100g", "ieee8023dj_200g"}) {
      tdecq::Params p = tdecq::preset(preset);
      std::vector<double> pulse(12 * osr, 0.0);
      const double rate = p.symbol_rate_hz;
      const double bw = bw_100g_hz * rate / 53.125e9;
      const double a = 1 - std::exp(-2 * std::acos(-1.0) * bw / (rate * osr));  // 1-pole transmitter
      double y = 0, y2 = 0;
      for (std::size_t i = 0; i < pulse.size(); ++i) {
        const double xin = i < osr ? 1.0 : 0.0;
        y += a * (xin - y);
        y2 += a * (y - y2);  // 2 poles
        pulse[i] = 1e-3 * y2;
      }
      const auto w = tdecq::linear_waveform(pulse, osr, rate, 2e-3, 0.03, -140, 2048, 5);
      tdecq::detail::set_search_shortcut(false);
      const auto full = tdecq::analyze(p, w);
      tdecq::detail::set_search_shortcut(true);
      const auto fast = tdecq::analyze(p, w);
      EXPECT_EQ(fast.tdecq_db, full.tdecq_db) << preset << " " << bw_100g_hz;
      EXPECT_EQ(fast.taps, full.taps);
      EXPECT_EQ(fast.main_index, full.main_index);
      EXPECT_EQ(fast.sigma_g, full.sigma_g);
      EXPECT_EQ(fast.ser_left, full.ser_left);
      EXPECT_EQ(fast.ser_right, full.ser_right);
      EXPECT_EQ(fast.evaluations, full.evaluations);
      runs += std::isfinite(full.tdecq_db) && full.evaluations > 20;
    }
  }
  EXPECT_GE(runs, 3);  // open eyes with a real search
}

}  // namespace

// Tail accuracy of the BER emulator's noise generator (emu_noise_chan.sv, modelled by
// emu_noise_sample in emu_model.hpp, which the co-simulation ties to the RTL through the
// error counters): n = 2 sum_{m<12} u_m - 12*15, u_m uniform 4-bit words from the
// x^127 + x + 1 LFSR. The exact distribution is the 8-fold convolution of the discrete uniform; the test
// checks (1) the simulated histogram against that exact distribution (chi-square) and the
// simulated tail probabilities against the exact ones, (2) the exact distribution against
// the Gaussian of the same variance, with the truncation |n| <= 180 = 5.64 sigma.
// Label unit.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "emu_model.hpp"

using namespace halo::verif;

namespace {

constexpr unsigned kTerms = 12, kUBits = 4;
constexpr int kMax = kTerms * ((1 << kUBits) - 1);  // |n| <= kMax

/// Exact pmf of n over -kMax..kMax (index n + kMax; odd n have probability 0... n is even
/// iff kMax is even): convolution of kTerms uniforms on 0..2^UBits-1, n = 2 S - kMax.
std::vector<double> exact_pmf() {
  std::vector<double> s{1.0};
  const unsigned w = 1u << kUBits;
  for (unsigned t = 0; t < kTerms; ++t) {
    std::vector<double> r(s.size() + w - 1, 0.0);
    for (std::size_t i = 0; i < s.size(); ++i)
      for (unsigned u = 0; u < w; ++u) r[i + u] += s[i] / w;
    s = r;
  }
  std::vector<double> pmf(2 * kMax + 1, 0.0);
  for (std::size_t sv = 0; sv < s.size(); ++sv) pmf[2 * sv] = s[sv];  // n = 2 S - kMax
  return pmf;
}

double sigma() { return std::sqrt(kTerms * (std::pow(4.0, kUBits) - 1.0) / 3.0); }

/// P(n >= x) from the pmf.
double tail(const std::vector<double>& pmf, double x) {
  double p = 0;
  for (int n = -kMax; n <= kMax; ++n)
    if (n >= x) p += pmf[n + kMax];
  return p;
}

double gauss_tail(double k) { return 0.5 * std::erfc(k / std::sqrt(2.0)); }

}  // namespace

TEST(EmuNoise, ExactDistributionMoments) {
  const auto pmf = exact_pmf();
  double sum = 0, mean = 0, var = 0;
  for (int n = -kMax; n <= kMax; ++n) {
    sum += pmf[n + kMax];
    mean += n * pmf[n + kMax];
    var += double(n) * n * pmf[n + kMax];
  }
  EXPECT_NEAR(sum, 1.0, 1e-12);
  EXPECT_NEAR(mean, 0.0, 1e-9);
  EXPECT_NEAR(var, 1020.0, 1e-6);  // 12 (4^4 - 1) / 3
  EXPECT_NEAR(sigma(), 31.937, 0.001);
}

TEST(EmuNoise, HardwareGeneratorMatchesExactDistribution) {
  const auto pmf = exact_pmf();
  EmuLfsr l(127);
  l.load(emu_lfsr_seed(12345, 2));
  constexpr unsigned kSamples = 1000000;
  std::vector<unsigned> hist(2 * kMax + 1, 0);
  for (unsigned i = 0; i < kSamples; ++i) {
    const int n = emu_noise_sample(l, kTerms, kUBits);
    ASSERT_LE(std::abs(n), kMax);
    ++hist[n + kMax];
  }
  // chi-square over bins of 16 consecutive values (expected counts >= 5, merged tails)
  double chi2 = 0;
  unsigned dof = 0;
  double e = 0, o = 0;
  for (int n = -kMax; n <= kMax; ++n) {
    e += pmf[n + kMax] * kSamples;
    o += hist[n + kMax];
    if ((n + kMax) % 16 == 15 || n == kMax) {
      if (e >= 5 || n == kMax) {
        chi2 += (o - e) * (o - e) / e;
        ++dof;
        e = o = 0;
      }
    }
  }
  --dof;
  std::printf("[noise] chi-square %.1f with %u degrees of freedom\n", chi2, dof);
  EXPECT_LT(chi2, dof + 6.0 * std::sqrt(2.0 * dof));  // ~6 sigma of the chi-square law
  // tail probabilities P(n >= k sigma): simulated vs exact (5 standard errors)
  const double s = sigma();
  for (double k : {1.0, 2.0, 3.0, 3.5}) {
    const double pe = tail(pmf, k * s);
    unsigned cnt = 0;
    for (int n = -kMax; n <= kMax; ++n)
      if (n >= k * s) cnt += hist[n + kMax];
    const double ps = double(cnt) / kSamples, se = std::sqrt(pe * (1 - pe) / kSamples);
    std::printf("[noise] P(n >= %.1f sigma): simulated %.3e, exact %.3e, Gaussian %.3e\n", k, ps, pe, gauss_tail(k));
    EXPECT_NEAR(ps, pe, 5 * se + 1e-7) << "k = " << k;
  }
}

// Exact generator versus the Gaussian: the documented tail accuracy (docs/fpga.md).
TEST(EmuNoise, ExactTailVersusGaussian) {
  const auto pmf = exact_pmf();
  const double s = sigma();
  for (double k : {1.0, 2.0, 3.0, 3.5, 4.0, 4.5, 4.8}) {
    const double pe = tail(pmf, k * s), pg = gauss_tail(k);
    std::printf("[noise] k = %.1f: exact %.4e Gaussian %.4e ratio %.3f\n", k, pe, pg, pe / pg);
  }
  // within 10 % up to 2.5 sigma, below the Gaussian beyond (lighter tails of CLT-8) ...
  for (double k : {1.0, 1.5, 2.0, 2.5}) EXPECT_NEAR(tail(pmf, k * s) / gauss_tail(k), 1.0, 0.10) << k;
  for (double k : {3.0, 3.5, 4.0, 4.5}) EXPECT_LT(tail(pmf, k * s), gauss_tail(k)) << k;
  // ... and truncated: nothing beyond kMax = 5.64 sigma
  EXPECT_NEAR(kMax / s, 5.636, 0.001);
  EXPECT_EQ(tail(pmf, kMax + 1), 0.0);
  EXPECT_GT(tail(pmf, kMax), 0.0);
}

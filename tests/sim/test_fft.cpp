// The link simulator's radix-2 FFT (sim/channel/numeric/fft.cpp) against the DFT written out in
// the test (X[k] = sum_n x[n] e^(-+2 pi i n k / N), inverse scaled by 1/N), every power-of-two size from 1 to
// 1024, both directions; forward then inverse returns the input; bad sizes are an error.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <numbers>
#include <random>
#include <stdexcept>
#include <vector>

#include "halo/sim/fft.hpp"

namespace {

using Cx = std::complex<double>;

std::vector<Cx> dft(const std::vector<Cx>& x, bool inverse) {
  const std::size_t n = x.size();
  std::vector<Cx> y(n);
  for (std::size_t k = 0; k < n; ++k) {
    long double re = 0, im = 0;
    for (std::size_t j = 0; j < n; ++j) {
      const long double a = (inverse ? 2 : -2) * std::numbers::pi_v<long double> * static_cast<long double>((j * k) % n) /
                            static_cast<long double>(n);
      re += x[j].real() * std::cos(a) - x[j].imag() * std::sin(a);
      im += x[j].real() * std::sin(a) + x[j].imag() * std::cos(a);
    }
    y[k] = inverse ? Cx(static_cast<double>(re / n), static_cast<double>(im / n)) : Cx(static_cast<double>(re), static_cast<double>(im));
  }
  return y;
}

std::vector<Cx> random_vector(std::size_t n, unsigned seed) {
  std::mt19937_64 g(seed);
  std::normal_distribution<double> d;
  std::vector<Cx> x(n);
  for (auto& v : x) v = {d(g), d(g)};
  return x;
}

}  // namespace

TEST(SimFft, EqualsTheDftAtEveryPowerOfTwoUpTo1024) {
  for (std::size_t n = 1; n <= 1024; n *= 2)
    for (bool inverse : {false, true}) {
      const auto x = random_vector(n, static_cast<unsigned>(n) + (inverse ? 7u : 0u));
      const auto ref = dft(x, inverse);
      auto y = x;
      halo::sim::fft(y, inverse);
      double err = 0, mag = 0;
      for (std::size_t k = 0; k < n; ++k) {
        err = std::max(err, std::abs(y[k] - ref[k]));
        mag = std::max(mag, std::abs(ref[k]));
      }
      EXPECT_LE(err, 1e-12 * std::max(mag, 1.0)) << "n = " << n << (inverse ? " inverse" : " forward");
    }
}

TEST(SimFft, InverseOfForwardIsTheInput) {
  const auto x = random_vector(1u << 16, 3);
  auto y = x;
  halo::sim::fft(y);
  halo::sim::fft(y, true);
  for (std::size_t k = 0; k < x.size(); ++k) ASSERT_LE(std::abs(y[k] - x[k]), 1e-12) << k;
}

TEST(SimFft, SizeNotAPowerOfTwoIsAnError) {
  std::vector<Cx> x(12);
  EXPECT_THROW(halo::sim::fft(x), std::invalid_argument);
  std::vector<Cx> e;
  EXPECT_THROW(halo::sim::fft(e), std::invalid_argument);
}

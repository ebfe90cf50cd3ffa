// Numeric kernels of the time-domain engine: the single-precision pulse superposition
// (dot_sliding_f32) on every dispatch path the host has (AVX-512, AVX2 + FMA, scalar; selected
// with halo::isa::set_level) must give exactly the bits of the fused scalar reference dot_f32() for every
// length (vector tails included), and dot_f32 the double dot() within float rounding; the
// Gaussian generators (Rng's ziggurat and the 8-lane GaussLanes) must be reproducible from
// (seed, stream) and standard normal (moments and tail probabilities against erfc, bins tested
// with their binomial sigma); GaussLanes' lanes are the jumped Rng streams, bit for bit.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "halo/isa.hpp"
#include "halo/sim/rng.hpp"
#include "kernels.hpp"

namespace {

using halo::sim::Rng;
using halo::isa::Level;
namespace d = halo::sim::detail;
// every dispatch level; set_level() clamps to what the host has, so on a smaller host some
// iterations repeat a lower path
constexpr Level kLevels[] = {Level::kBaseline, Level::kV3, Level::kV4};

TEST(SimKernels, DotSlidingF32BitIdenticalToFusedReferenceOnEveryPath) {
  // the dispatched (AVX-512 / AVX2 + FMA) and the scalar path against dot_f32 (std::fma chains),
  // bitwise; dot_f32 against the double dot() within float rounding (and not equal to the
  // unfused float sum everywhere: the fused path is really fused)
  Rng r(8, 0);
  std::size_t unfused_differs = 0;
  for (std::size_t n : {1u, 3u, 7u, 8u, 9u, 16u, 17u, 63u, 203u}) {
    for (std::size_t m : {1u, 2u, 5u, 15u, 16u, 17u, 31u, 32u, 33u, 64u, 101u}) {
      std::vector<float> x(n - 1 + m), c(n);
      std::vector<double> xd(x.size()), cd(n), a(m, -1.0), b(m, -2.0);
      for (std::size_t i = 0; i < x.size(); ++i) xd[i] = x[i] = static_cast<float>(r.gauss() * 0.4);
      for (std::size_t i = 0; i < n; ++i) cd[i] = c[i] = static_cast<float>(r.gauss() * 1e-2);
      for (const Level l : kLevels) {
        const Level before = halo::isa::set_level(l);
        d::dot_sliding_f32(x.data(), c.data(), n, b.data(), m);
        halo::isa::set_level(before);
        for (std::size_t j = 0; j < m; ++j)
          ASSERT_EQ(b[j], static_cast<double>(d::dot_f32(x.data() + j, c.data(), n)))
              << "level " << static_cast<int>(l) << " n=" << n << " m=" << m << " j=" << j;
      }
      d::dot_sliding_f32(x.data(), c.data(), n, a.data(), m);
      for (std::size_t j = 0; j < m; ++j) {
        const float ref = d::dot_f32(x.data() + j, c.data(), n);
        ASSERT_EQ(a[j], static_cast<double>(ref)) << "dispatched n=" << n << " m=" << m << " j=" << j;
        const double exact = d::dot(xd.data() + j, cd.data(), n);  // products of floats are exact in double
        double mag = 0;
        for (std::size_t i = 0; i < n; ++i) mag += std::abs(xd[j + i] * cd[i]);
        EXPECT_LE(std::abs(a[j] - exact), 4 * (n / 8 + 4) * 0x1p-24 * mag) << "n=" << n << " j=" << j;
        float s[8] = {0, 0, 0, 0, 0, 0, 0, 0};  // the same order without fusing
        std::size_t i = 0;
        for (; i < n; ++i) {
          volatile float p = x[j + i] * c[i];
          s[i % 8] += p;
        }
        const float unf = ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]));
        unfused_differs += unf != ref;
      }
    }
  }
  EXPECT_GT(unfused_differs, 50u);
}

TEST(SimKernels, QuantizeIsFloorThenSaturate) {
  // against floor() and a clamp, for 8- and 6-bit codes: integers, their neighbours one ulp
  // away, half LSBs, far out of range (both signs) and random values
  for (const int bits : {8, 6}) {
    const std::int32_t cmin = -(1 << (bits - 1)), cmax = (1 << (bits - 1)) - 1;
    const double scale = 1.0 / (1.0 / 256);
    std::vector<double> x;
    for (int k = -200; k <= 200; ++k) {
      const double q = k;
      for (const double v : {q, std::nextafter(q, -1e9), std::nextafter(q, 1e9), q + 0.5})
        x.push_back(v / scale);
    }
    for (const double v : {1e300, -1e300, 3e9, -3e9, 0.0, -0.0}) x.push_back(v);
    Rng r(11, 0);
    for (int i = 0; i < 1000; ++i) x.push_back((r.uniform() - 0.5) * 3);
    std::vector<std::int16_t> out(x.size());
    d::quantize(x.data(), x.size(), scale, cmin, cmax, out.data());
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double f = std::floor(x[i] * scale);
      const double want = f < cmin ? cmin : (f > cmax ? cmax : f);
      ASSERT_EQ(out[i], static_cast<std::int16_t>(want)) << "x = " << x[i] << ", bits " << bits;
    }
  }
}

TEST(SimRng, GaussReproducibleFromSeedAndStream) {
  Rng a(12345, 2), b(12345, 2), c(12345, 3), e(12346, 2);
  int same_c = 0, same_e = 0;
  for (int i = 0; i < 1000; ++i) {
    const double x = a.gauss();
    ASSERT_EQ(x, b.gauss());
    same_c += x == c.gauss();
    same_e += x == e.gauss();
  }
  EXPECT_LT(same_c, 5);
  EXPECT_LT(same_e, 5);
}

// n draws from next() are standard normal: moments and tail probabilities (5 sigma bounds)
template <class Next>
void expect_standard_normal(std::size_t n, Next next) {
  // P(|X| > t) for t where the ziggurat switches regime (layer edges, the 3.44 base strip
  // r = Zig::kR and its tail algorithm) and a far tail bin
  const double ts[] = {0.5, 1.0, 2.0, 3.0, 3.442619855899, 4.0, 4.5};
  std::vector<std::uint64_t> above(std::size(ts), 0);
  double s1 = 0, s2 = 0, s3 = 0, s4 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = next();
    const double x2 = x * x;
    s1 += x;
    s2 += x2;
    s3 += x2 * x;
    s4 += x2 * x2;
    for (std::size_t k = 0; k < std::size(ts); ++k) above[k] += std::abs(x) > ts[k];
  }
  const double N = static_cast<double>(n);
  // sample moments: standard errors 1/sqrt(N), sqrt(2/N), sqrt(15/N), sqrt(96/N); 5 sigma
  EXPECT_NEAR(s1 / N, 0.0, 5 * std::sqrt(1 / N));
  EXPECT_NEAR(s2 / N, 1.0, 5 * std::sqrt(2 / N));
  EXPECT_NEAR(s3 / N, 0.0, 5 * std::sqrt(15 / N));
  EXPECT_NEAR(s4 / N, 3.0, 5 * std::sqrt(96 / N));
  for (std::size_t k = 0; k < std::size(ts); ++k) {
    const double p = std::erfc(ts[k] / std::sqrt(2.0));
    const double sd = std::sqrt(N * p * (1 - p));
    EXPECT_NEAR(static_cast<double>(above[k]), N * p, 5 * sd + 1) << "P(|X| > " << ts[k] << ")";
  }
}


TEST(SimRng, GaussIsStandardNormal) {
  Rng r(99, 5);
  expect_standard_normal(4'000'000, [&] { return r.gauss(); });
}

TEST(SimRng, JumpIsALinearMapThatCommutesWithTheStep) {
  // jump() = p(T) for the xoshiro transition T, so it commutes with T; and it moves the stream
  Rng a(5, 1), b(5, 1), c(5, 1);
  a.jump();
  a.next();
  b.next();
  b.jump();
  for (int i = 0; i < 100; ++i) ASSERT_EQ(a.next(), b.next());
  c.jump();
  Rng d(5, 1);
  int same = 0;
  for (int i = 0; i < 1000; ++i) same += c.next() == d.next();
  EXPECT_EQ(same, 0);
}

TEST(SimRng, GaussLanesAreJumpedRngStreams) {
  // independent reference: lane l is Rng(seed, stream) jumped l times, drawing gauss() (fast
  // path, wedges and the exact tail); output index 8 q + l; any split into fill() calls gives
  // the same sequence, on the dispatched and on the plain-code path
  const std::size_t n = 200'000;
  std::vector<Rng> lanes;
  Rng r(31, 2);
  for (std::size_t l = 0; l < halo::sim::GaussLanes::kLanes; ++l) {
    lanes.push_back(r);
    r.jump();
  }
  std::vector<double> want(n);
  for (std::size_t i = 0; i < n; ++i) want[i] = lanes[i % 8].gauss();
  halo::sim::GaussLanes a(31, 2);
  std::vector<double> got(n, 0.0);
  std::size_t i = 0;
  for (std::size_t k = 0; i < n; ++k) {  // uneven chunks: 0, 1, 2, ... 13, 0, 1, ... draws
    const std::size_t c = std::min(n - i, k % 14 * (k % 3 == 0 ? 61 : 1));
    a.fill(got.data() + i, c);
    i += c;
  }
  std::size_t tails = 0;
  for (std::size_t k = 0; k < n; ++k) {
    ASSERT_EQ(got[k], want[k]) << "dispatched, draw " << k;
    tails += std::abs(want[k]) > 3.442619855899;
  }
  EXPECT_GT(tails, 20u);  // the exact tail steps were exercised on the lanes
  for (const Level l : kLevels) {
    const Level before = halo::isa::set_level(l);
    halo::sim::GaussLanes b(31, 2);
    std::vector<double> p(n, 0.0);
    for (std::size_t j = 0; j < n; j += 4096) b.fill(p.data() + j, std::min<std::size_t>(4096, n - j));
    halo::isa::set_level(before);
    for (std::size_t k = 0; k < n; ++k) ASSERT_EQ(p[k], want[k]) << "level " << static_cast<int>(l) << ", draw " << k;
  }
}

TEST(SimRng, GaussLanesIsStandardNormal) {
  halo::sim::GaussLanes g(99, 5);
  std::vector<double> buf(4096);
  std::size_t pos = buf.size();
  expect_standard_normal(4'000'000, [&] {
    if (pos == buf.size()) {
      g.fill(buf.data(), buf.size());
      pos = 0;
    }
    return buf[pos++];
  });
}

TEST(SimRng, GaussLanesAreUncorrelated) {
  // neighbouring outputs come from different lanes (lag 1..7) or the same lane (lag 8): sample
  // correlations within 5 standard errors (1/sqrt(N)) of 0
  const std::size_t n = 1'000'000;
  std::vector<double> x(n);
  halo::sim::GaussLanes(4, 9).fill(x.data(), n);
  for (std::size_t lag = 1; lag <= 9; ++lag) {
    double s = 0;
    for (std::size_t i = lag; i < n; ++i) s += x[i] * x[i - lag];
    EXPECT_NEAR(s / static_cast<double>(n - lag), 0.0, 5 / std::sqrt(static_cast<double>(n))) << "lag " << lag;
  }
}

}  // namespace

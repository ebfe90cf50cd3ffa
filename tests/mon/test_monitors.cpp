// Monitors: level means / eSNR / RLM against closed-form values, histogram, burst statistics,
// pre-FEC error ratios, merging of shards, bit-exactness across beat sizes.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "halo/mon/burst_monitor.hpp"
#include "halo/mon/error_ratio.hpp"
#include "halo/mon/histogram.hpp"
#include "halo/mon/level_monitor.hpp"
#include "halo_test_util.hpp"

using namespace halo;

TEST(LevelMonitor, MeansSnrAndRlmMatchClosedForm) {
  // levels A{-3,-1,1,3} with A = 256 plus Gaussian noise sigma = 40: eSNR = 10 log10(5 A^2/s^2)
  const auto s = test::random_symbols(400000, 1);
  std::mt19937_64 g(2);
  std::normal_distribution<double> nd(0.0, 40.0);
  std::vector<std::int16_t> z(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) z[i] = static_cast<std::int16_t>(std::lround(256 * test::amp(s[i]) + nd(g)));
  mon::LevelMonitor m;
  m.process(z, s);
  const auto r = m.report();
  for (int k = 0; k < 4; ++k) {
    EXPECT_NEAR(r.mean[k], 256 * (2 * k - 3), 0.5);
    EXPECT_NEAR(r.sigma[k], 40.0, 0.5);
  }
  EXPECT_NEAR(r.esnr_db, 10 * std::log10(5.0 * 256 * 256 / (40.0 * 40.0 + 1.0 / 12)), 0.05);
  EXPECT_NEAR(r.rlm, 1.0, 0.01);
  // compressed outer levels: V = {-600, -256, 256, 600}: ES1 = 256/600 -> RLM = 3 * 256/600
  std::vector<std::int16_t> c(s.size());
  const int lv[4] = {-600, -256, 256, 600};
  for (std::size_t i = 0; i < s.size(); ++i) c[i] = static_cast<std::int16_t>(lv[s[i]]);
  mon::LevelMonitor mc;
  mc.process(c, s);
  EXPECT_NEAR(mc.report().rlm, 2.0 - 3.0 * 256.0 / 600.0, 1e-9);
  EXPECT_TRUE(std::isinf(mc.report().esnr_db) || std::isnan(mc.report().esnr_db));
  // shards merge exactly
  mon::LevelMonitor a, b;
  a.process(std::span(z).first(1000), std::span(s).first(1000));
  b.process(std::span(z).subspan(1000), std::span(s).subspan(1000));
  a += b;
  EXPECT_EQ(a.sums(), m.sums());
  EXPECT_EQ(a.sums_sq(), m.sums_sq());
  EXPECT_EQ(a.counts(), m.counts());
  mon::LevelMonitor empty;
  EXPECT_TRUE(std::isnan(empty.report().rlm));
}

TEST(LevelMonitor, SumsEqualPerSymbolAccumulation) {
  // exact integer sums against a per-symbol reference, over calls of every length 0..69 with
  // full-range slicer inputs and decisions whose upper bits are set (only d & 3 counts)
  std::mt19937_64 g(7);
  std::array<std::uint64_t, 4> n{}, q{};
  std::array<std::int64_t, 4> s{};
  mon::LevelMonitor m;
  for (std::size_t len = 0; len < 70; ++len) {
    std::vector<std::int16_t> z(len);
    std::vector<std::uint8_t> d(len);
    for (std::size_t i = 0; i < len; ++i) {
      z[i] = static_cast<std::int16_t>(static_cast<int>(g() % 8192) - 4096);
      d[i] = static_cast<std::uint8_t>(g());
      const unsigned k = d[i] & 3u;
      ++n[k];
      s[k] += z[i];
      q[k] += static_cast<std::uint64_t>(std::int64_t{z[i]} * z[i]);
    }
    m.process(z, d);
  }
  EXPECT_EQ(m.counts(), n);
  EXPECT_EQ(m.sums(), s);
  EXPECT_EQ(m.sums_sq(), q);
}

TEST(Histogram, BinsAndEdgeSaturation) {
  mon::Histogram h({4, 8});  // bins of 16 LSB, 8 bins: [-64, 64)
  std::vector<std::int16_t> z{-64, -33, -1, 0, 15, 16, 63, 64, -65, 4095, -4096};
  h.process(z);
  const auto& b = h.bins();
  EXPECT_EQ(b[0], 1u + 2u);  // -64, -65, -4096 (two clamped)
  EXPECT_EQ(b[1], 1u);       // -33 (floor(-33/16) = -3)
  EXPECT_EQ(b[3], 1u);       // -1
  EXPECT_EQ(b[4], 2u);       // 0, 15
  EXPECT_EQ(b[5], 1u);       // 16
  EXPECT_EQ(b[7], 1u + 2u);  // 63, 64, 4095
  EXPECT_EQ(h.overflows(), 4u);
  EXPECT_EQ(h.bin_lower_edge(0), -64);
  EXPECT_THROW(mon::Histogram({4, 7}), std::invalid_argument);
}

TEST(BurstMonitor, CountsBurstsWithGapRule) {
    std::vector<std::uint8_t> f{0, 1, 1, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 1, 1};
  mon::BurstMonitor m({0, 8});
  m.process(f);
  m.finish();
  EXPECT_EQ(m.bursts(), 5u);  // 3, 1, 1, 1, 2
  EXPECT_EQ(m.errors(), 8u);
  EXPECT_EQ(m.histogram()[3], 1u);
  EXPECT_EQ(m.histogram()[1], 3u);
  EXPECT_EQ(m.histogram()[2], 1u);
  EXPECT_DOUBLE_EQ(m.mean_length(), 8.0 / 5.0);
  mon::BurstMonitor g1({1, 8});  // one correct symbol allowed inside a burst
  g1.process(f);
  g1.finish();
  EXPECT_EQ(g1.bursts(), 4u);  // {1,1,1} {1} {1,0,1} {1,1}
  EXPECT_EQ(g1.histogram()[2], 2u);
  // beat-size independence
  std::mt19937_64 r(3);
  std::vector<std::uint8_t> big(50000);
  for (auto& v : big) v = (r() % 20) == 0;
  mon::BurstMonitor ref({2, 16});
  ref.process(big);
  for (std::size_t p : test::beat_sizes()) {
    mon::BurstMonitor m2({2, 16});
    for (std::size_t o = 0; o < big.size(); o += p) m2.process(std::span(big).subspan(o, std::min(p, big.size() - o)));
    EXPECT_EQ(m2.histogram(), ref.histogram()) << p;
  }
  // long bursts land in the last bin
  mon::BurstMonitor lb({0, 4});
  std::vector<std::uint8_t> ones(10, 1);
  lb.process(ones);
  lb.finish();
  EXPECT_EQ(lb.histogram()[4], 1u);
  EXPECT_EQ(lb.errors(), 10u);
}

TEST(ErrorRatios, FromCheckerCounts) {
  dsp::CheckerCounts c;
  c.symbols = 1000;
  c.bits = 2000;
  c.symbol_errors = 3;
  c.bit_errors = 4;
  const auto r = mon::error_ratios(c);
  EXPECT_DOUBLE_EQ(r.ber, 4.0 / 2000.0);
  EXPECT_DOUBLE_EQ(r.ser, 3.0 / 1000.0);
  EXPECT_TRUE(std::isnan(mon::error_ratios({}).ber));
}

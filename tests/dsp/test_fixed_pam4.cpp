#include <gtest/gtest.h>

#include <vector>

#include "halo/dsp/pam4.hpp"
#include "halo/fixed.hpp"
#include "halo_test_util.hpp"

using namespace halo;

TEST(Fixed, SaturateClampsToSignedRange) {
  EXPECT_EQ(fx::sat(127, 8), 127);
  EXPECT_EQ(fx::sat(128, 8), 127);
  EXPECT_EQ(fx::sat(-128, 8), -128);
  EXPECT_EQ(fx::sat(-129, 8), -128);
  EXPECT_EQ(fx::sat(1'000'000'000'000LL, 12), 2047);
  EXPECT_EQ(fx::sat(-1'000'000'000'000LL, 12), -2048);
  EXPECT_TRUE(fx::fits(-2048, 12));
  EXPECT_FALSE(fx::fits(2048, 12));
}

TEST(Fixed, RoundHalfUpShift) {
  // ties go towards +infinity: 2.5 -> 3, -2.5 -> -2, -2.75 -> -3
  EXPECT_EQ(fx::rshift_round(5, 1), 3);
  EXPECT_EQ(fx::rshift_round(-5, 1), -2);
  EXPECT_EQ(fx::rshift_round(-11, 2), -3);
  EXPECT_EQ(fx::rshift_round(7, 0), 7);
  EXPECT_EQ(fx::rshift_round32(-1, 4), 0);
  for (long long x = -300; x <= 300; ++x) {
    for (int s = 1; s < 6; ++s) {
      const double ref = std::floor(static_cast<double>(x) / (1 << s) + 0.5);
      ASSERT_EQ(fx::rshift_round(x, s), static_cast<long long>(ref)) << x << " >> " << s;
      ASSERT_EQ(fx::rshift_round32(static_cast<std::int32_t>(x), s), ref);
    }
  }
  EXPECT_EQ(fx::round_sat(1 << 20, 4, 12), 2047);  // requantise then saturate, never wrap
  EXPECT_EQ(fx::round_sat(-(1 << 20), 4, 12), -2048);
  EXPECT_EQ(fx::sgn(0), 1);
  EXPECT_EQ(fx::sgn(-3), -1);
}

TEST(Pam4, GrayMapMatchesSpecTable) {
  // 802.3 120.5.7.1: 00->0, 01->1, 11->2, 10->3
  EXPECT_EQ(dsp::gray_map(0, 0), 0);
  EXPECT_EQ(dsp::gray_map(0, 1), 1);
  EXPECT_EQ(dsp::gray_map(1, 1), 2);
  EXPECT_EQ(dsp::gray_map(1, 0), 3);
  for (std::uint8_t s = 0; s < 4; ++s) {
    const auto ab = dsp::gray_demap(s);
    EXPECT_EQ(dsp::gray_map(static_cast<std::uint8_t>(ab >> 1), ab & 1u), s);
  }
  // adjacent levels differ in exactly one bit
  for (std::uint8_t s = 0; s < 3; ++s) {
    EXPECT_EQ(__builtin_popcount(dsp::gray_demap(s) ^ dsp::gray_demap(s + 1)), 1);
  }
  std::vector<std::uint8_t> bits{0, 0, 0, 1, 1, 1, 1, 0}, sym(4), back(8);
  dsp::gray_map(bits, sym);
  EXPECT_EQ(sym, (std::vector<std::uint8_t>{0, 1, 2, 3}));
  dsp::gray_demap(sym, back);
  EXPECT_EQ(back, bits);
  std::vector<std::uint8_t> bad{0, 2};
  std::vector<std::uint8_t> one(1);
  EXPECT_THROW(dsp::gray_map(bad, one), std::invalid_argument);
  EXPECT_THROW(dsp::gray_map(bits, one), std::invalid_argument);
}

TEST(Pam4, PrecoderFollowsDefinitionAndInverts) {
  const auto g = test::random_symbols(5000, 3);
  for (std::size_t p : test::beat_sizes()) {
    dsp::Precoder pre;
    dsp::PrecodeDecoder dec;
    std::vector<std::uint8_t> pc(g.size()), back(g.size());
    for (std::size_t o = 0; o < g.size(); o += p) {
      const std::size_t n = std::min(p, g.size() - o);
      pre.process(std::span(g).subspan(o, n), std::span(pc).subspan(o, n));
      dec.process(std::span(pc).subspan(o, n), std::span(back).subspan(o, n));
    }
    // P(j) = (G(j) - P(j-1)) mod 4, P(-1) = 0, checked directly
    int prev = 0;
    for (std::size_t j = 0; j < g.size(); ++j) {
      const int expect = ((g[j] - prev) % 4 + 4) % 4;
      ASSERT_EQ(pc[j], expect) << j;
      prev = expect;
    }
    EXPECT_EQ(back, g);
  }
}

TEST(Pam4, PrecodingTurnsAlternatingErrorRunIntoTwoErrors) {
  // A DFE error run on the line alternates by +-2 levels mod 4; after (1+D) decoding only the
  // first and the last symbol of the run are wrong.
  const auto g = test::random_symbols(64, 9);
  std::vector<std::uint8_t> p(g.size()), back(g.size());
  dsp::Precoder pre;
  pre.process(g, p);
  for (std::size_t j = 20; j < 27; ++j) p[j] = static_cast<std::uint8_t>((p[j] + 2) & 3);
  dsp::PrecodeDecoder dec;
  dec.process(p, back);
  int errs = 0;
  for (std::size_t j = 0; j < g.size(); ++j) errs += back[j] != g[j];
  EXPECT_EQ(errs, 2);
  EXPECT_NE(back[20], g[20]);
  EXPECT_NE(back[27], g[27]);
}

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "halo/dsp/pam4.hpp"
#include "halo/dsp/prbs.hpp"

using namespace halo;

namespace {
std::vector<std::uint8_t> gen(dsp::Pattern p, std::size_t n, std::uint32_t seed = 0) {
  dsp::PatternGenerator g({p, seed});
  std::vector<std::uint8_t> s(n);
  g.process(s);
  return s;
}
std::vector<std::uint8_t> to_bits(const std::vector<std::uint8_t>& s) {
  std::vector<std::uint8_t> b(2 * s.size());
  dsp::gray_demap(s, b);
  return b;
}
}  // namespace

TEST(Prbs, Prbs13qSatisfiesPolynomialAndPeriod) {
  const auto s = gen(dsp::Pattern::kPrbs13q, 3 * 8191);
  const auto b = to_bits(s);
  // G(x) = 1 + x + x^2 + x^12 + x^13: b[n] = b[n-1] ^ b[n-2] ^ b[n-12] ^ b[n-13]
  for (std::size_t n = 13; n < b.size(); ++n) {
    ASSERT_EQ(b[n], b[n - 1] ^ b[n - 2] ^ b[n - 12] ^ b[n - 13]) << n;
  }
  for (std::size_t n = 0; n < 8191; ++n) ASSERT_EQ(s[n], s[n + 8191]);
  // minimal period: 8191 is prime, so only a constant sequence could repeat earlier
  int ones = 0;
  for (std::size_t n = 0; n < 8191; ++n) ones += b[n];
  EXPECT_EQ(ones, 4096);  // maximal-length: 2^(13-1) ones per period
}

TEST(Prbs, Prbs31qSatisfiesPolynomialWithInverter) {
  const auto s = gen(dsp::Pattern::kPrbs31q, 20000, 0x1234567);
  const auto b = to_bits(s);
  // inverted output q = NOT p with p[n] = p[n-31] ^ p[n-28]  =>  q[n] = NOT(q[n-31] ^ q[n-28])
  for (std::size_t n = 31; n < b.size(); ++n) {
    ASSERT_EQ(b[n], 1 ^ b[n - 31] ^ b[n - 28]) << n;
  }
  // Gray pairs: symbol = map(b[2i], b[2i+1])
  for (std::size_t i = 0; i < 100; ++i) EXPECT_EQ(s[i], dsp::gray_map(b[2 * i], b[2 * i + 1]));
  // level balance
  std::array<int, 4> cnt{};
  for (auto v : s) ++cnt[v];
  for (int c : cnt) EXPECT_NEAR(c, 5000, 300);
}

TEST(Prbs, SsprqMatchesDefinition) {
  const auto& t = dsp::ssprq_symbols();
  ASSERT_EQ(t.size(), 65535u);
  // independent reconstruction: PRBS31 sections as an explicit bit array recurrence
  // p[i] = p[i-31] ^ p[i-28], window preset MSB-first from the seed, output NOT p.
  const std::uint32_t seeds[3] = {0x00000002u, 0x34013FF7u, 0x0CCCCCCCu};
  const int lens[3] = {10924, 10922, 10922};
  std::vector<int> a;
  for (int k = 0; k < 3; ++k) {
    std::vector<int> p;
    for (int j = 0; j < 31; ++j) p.push_back(static_cast<int>((seeds[k] >> (30 - j)) & 1u));
    for (int i = 0; i < lens[k]; ++i) {
      const std::size_t m = p.size();
      p.push_back(p[m - 31] ^ p[m - 28]);
      a.push_back(1 - p.back());
    }
  }
  ASSERT_EQ(a.size(), 32768u);
  std::vector<int> bits;
  for (int r = 0; r < 4; ++r) {
    const std::size_t b0 = r == 2 ? 1 : 0, b1 = r == 3 ? a.size() - 1 : a.size();
    for (std::size_t i = b0; i < b1; ++i) bits.push_back(a[i]);
  }
  ASSERT_EQ(bits.size(), 131070u);
  for (std::size_t i = 0; i < 65535; ++i) {
    int s = dsp::gray_map(static_cast<std::uint8_t>(bits[2 * i]), static_cast<std::uint8_t>(bits[2 * i + 1]));
    const bool inv = (i >= 16384 && i < 32768) || i >= 49151;
    if (inv) s = 3 - s;
    ASSERT_EQ(t[i], s) << i;
  }
  // structural properties: 2nd repetition is the level-inverse of the 1st
  for (std::size_t i = 0; i < 16384; ++i) ASSERT_EQ(t[i + 16384], 3 - t[i]);
  // generator wraps at 65535
  const auto s = gen(dsp::Pattern::kSsprq, 70000);
  for (std::size_t i = 0; i < 4465; ++i) ASSERT_EQ(s[65535 + i], s[i]);
}

class CheckerTest : public ::testing::TestWithParam<dsp::Pattern> {};

TEST_P(CheckerTest, LocksFromAnyPhaseAndCountsInjectedErrorsExactly) {
  const dsp::Pattern pat = GetParam();
  auto s = gen(pat, 200000, pat == dsp::Pattern::kSsprq ? 12345u : 0x15A5u);
  // drop an arbitrary prefix: the checker must lock to any phase
  s.erase(s.begin(), s.begin() + 777);
  std::mt19937_64 g(7);
  std::uint64_t inj_sym = 0, inj_bits = 0;
  for (std::size_t i = 1000; i < s.size(); i += 50 + g() % 300) {
    const std::uint8_t old = s[i];
    const std::uint8_t nw = static_cast<std::uint8_t>((old + 1 + g() % 3) & 3u);
    s[i] = nw;
    ++inj_sym;
    inj_bits += static_cast<unsigned>(__builtin_popcount(dsp::gray_demap(old) ^ dsp::gray_demap(nw)));
  }
  for (std::size_t p : {1u, 7u, 32u, 1000u}) {
    dsp::PatternChecker c({pat});
    std::vector<std::uint8_t> flags(s.size());
    for (std::size_t o = 0; o < s.size(); o += p) {
      const std::size_t n = std::min(p, s.size() - o);
      c.process(std::span(s).subspan(o, n), std::span(flags).subspan(o, n));
    }
    EXPECT_TRUE(c.locked());
    EXPECT_EQ(c.counts().locks, 1u);
    EXPECT_EQ(c.counts().losses, 0u);
    EXPECT_EQ(c.counts().symbol_errors, inj_sym);
    EXPECT_EQ(c.counts().bit_errors, inj_bits);
    EXPECT_GT(c.counts().symbols, s.size() - 200);
    EXPECT_EQ(c.counts().bits, 2 * c.counts().symbols);
    std::uint64_t f = 0;
    for (auto v : flags) f += v;
    EXPECT_EQ(f, inj_sym);
  }
}

TEST_P(CheckerTest, DoesNotLockOnRandomDataAndRelocksAfterSlip) {
  const dsp::Pattern pat = GetParam();
  std::mt19937_64 g(99);
  std::vector<std::uint8_t> rnd(100000);
  for (auto& v : rnd) v = static_cast<std::uint8_t>(g() & 3u);
  dsp::PatternChecker c({pat});
  c.process(rnd);
  EXPECT_FALSE(c.locked());
  EXPECT_EQ(c.counts().symbols, 0u);
  // pattern, then a slip (symbols deleted): loss of lock, then re-lock
  auto s = gen(pat, 60000);
  s.erase(s.begin() + 30000, s.begin() + 30003);
  dsp::PatternChecker d({pat});
  d.process(s);
  EXPECT_TRUE(d.locked());
  EXPECT_EQ(d.counts().locks, 2u);
  EXPECT_EQ(d.counts().losses, 1u);
}

INSTANTIATE_TEST_SUITE_P(Patterns, CheckerTest,
                         ::testing::Values(dsp::Pattern::kPrbs13q, dsp::Pattern::kPrbs31q,
                                           dsp::Pattern::kSsprq));

TEST(Prbs, RejectsBadConfig) {
  EXPECT_THROW(dsp::PatternGenerator({dsp::Pattern::kSsprq, 70000}), std::invalid_argument);
  EXPECT_THROW(dsp::PatternGenerator({dsp::Pattern::kPrbs13q, 1u << 20}), std::invalid_argument);
  dsp::CheckerConfig c;
  c.loss_threshold = 0;
  EXPECT_THROW(dsp::PatternChecker{c}, std::invalid_argument);
}

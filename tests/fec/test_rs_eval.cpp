// The private evaluation engine against independent references: Horner evaluation with the
// scalar multiplier, and the syndromes of a sparse error pattern against a full evaluation of
// the same pattern written into a word.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <utility>
#include <vector>

#include "../../cmodel/fec/chien.hpp"
#include "../../cmodel/fec/rs_eval.hpp"

using namespace halo::fec;

namespace {
/// w(alpha^j) by Horner with the bit-serial multiplier (w[0] = highest degree).
gf_t horner(const std::vector<gf_t>& w, unsigned j) {
  const gf_t x = gf_alpha_pow(j);
  gf_t acc = 0;
  for (gf_t c : w) acc = static_cast<gf_t>(gf_mul_bitserial(acc, x) ^ (c & 0x3ffu));
  return acc;
}
}  // namespace

TEST(RsEval, EvaluateMatchesScalarHornerForEveryLengthClass) {
  std::mt19937 rng(11);
  for (unsigned len : {1u, 2u, 15u, 16u, 17u, 514u, 528u, 544u, 1023u}) {
    std::vector<gf_t> w(len);
    for (auto& c : w) c = static_cast<gf_t>(rng());  // bits above 9 must be ignored
    detail::Row s;
    detail::evaluate(w.data(), len, s);
    for (unsigned j = 0; j < detail::kLanes; ++j) ASSERT_EQ(s[j], horner(w, j)) << "len " << len << " lane " << j;
  }
}

TEST(RsEval, ErrorSyndromesEqualTheEvaluationOfTheErrorWord) {
  std::mt19937 rng(12);
  const unsigned n = 1023;
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<gf_t> word(n, 0);
    unsigned degs[40];
    gf_t vals[40];
    const unsigned cnt = static_cast<unsigned>(rng() % 40);
    for (unsigned q = 0; q < cnt; ++q) {
      degs[q] = static_cast<unsigned>(rng() % n);
      vals[q] = static_cast<gf_t>(rng() % 1024);  // zero values allowed (contribute nothing)
      word[n - 1 - degs[q]] ^= vals[q];            // repeated degrees add up in both paths
    }
    detail::Row a, b;
    detail::error_syndromes(degs, vals, cnt, a);
    detail::evaluate(word.data(), n, b);
    for (unsigned j = 0; j < detail::kLanes; ++j) ASSERT_EQ(a[j], b[j]) << "trial " << trial << " lane " << j;
  }
}

// Every dispatch path of the evaluation engine (halo/isa.hpp: baseline, AVX2, AVX-512, and the
// GF(2)-affine GFNI kernel for words of at most 544 symbols), forced with set_level(), against
// the scalar Horner reference: bit-identical for every length class, including lengths that
// leave the GFNI kernel's zero padding partly inside a 32-symbol block. set_level() clamps to
// the host, so on a CPU without GFNI the higher levels repeat a lower path (the test says which).
TEST(RsEval, EveryIsaPathMatchesScalarHorner) {
  using halo::isa::Level;
  std::mt19937 rng(25);
  const Level host = halo::isa::host();
  std::printf("host ISA level: %s\n", halo::isa::name(host));
  for (const Level l : {Level::kBaseline, Level::kV3, Level::kV4, Level::kGfni}) {
    const Level before = halo::isa::set_level(l);
    for (unsigned len : {1u, 7u, 8u, 9u, 31u, 32u, 33u, 67u, 68u, 69u, 255u, 513u, 514u, 527u, 528u, 543u, 544u, 545u,
                         1023u}) {
      for (int trial = 0; trial < 4; ++trial) {
        std::vector<gf_t> w(len);
        for (auto& c : w) c = static_cast<gf_t>(rng());  // bits above 9 must be ignored
        if (trial == 1) std::fill(w.begin(), w.end(), static_cast<gf_t>(0xffff));
        detail::Row s;
        detail::evaluate(w.data(), len, s);
        for (unsigned j = 0; j < detail::kLanes; ++j)
          ASSERT_EQ(s[j], horner(w, j)) << "level " << halo::isa::name(l) << " len " << len << " lane " << j;
      }
    }
    halo::isa::set_level(before);
  }
}

// The Chien search against brute force (every position d < n evaluated with the bit-serial
// multiplier): degree 1 (closed form in ChienTables::roots) for every Lambda_1 and random
// Lambda_0, and random locators of degree 2..t (the block search, which stops at the deg-th
// root), with deg distinct roots below n, random roots, repeated roots and the zero polynomial,
// KP4 and KR4, on every ISA path (set_level clamps to the host): the same roots in ascending
// order and Lambda_odd at each.
TEST(ChienTables, RootsAndOddValuesMatchBruteForce) {
  using halo::isa::Level;
  for (const Level l : {Level::kBaseline, Level::kV3, Level::kV4, Level::kGfni}) {
  const Level before = halo::isa::set_level(l);
  SCOPED_TRACE(halo::isa::name(l));
  std::mt19937 rng(26);
  for (const auto& nt : {std::pair{544u, 15u}, std::pair{528u, 7u}}) {
    const unsigned n = nt.first, t = nt.second;  // not a structured binding: the lambda captures n
    const detail::ChienTables tab(n, t);
    auto check = [&](const std::vector<gf_t>& lam) {
      const unsigned deg = static_cast<unsigned>(lam.size()) - 1;
      std::vector<unsigned> want;
      std::vector<gf_t> want_odd;
      for (unsigned d = 0; d < n; ++d) {
        const gf_t x = gf_alpha_pow(-static_cast<long>(d));
        gf_t v = 0, o = 0, p = 1;
        for (unsigned i = 0; i <= deg; ++i) {
          const gf_t term = gf_mul_bitserial(lam[i], p);
          v ^= term;
          if (i % 2) o ^= term;
          p = gf_mul_bitserial(p, x);
        }
        if (v == 0) {
          want.push_back(d);
          want_odd.push_back(o);
        }
      }
      unsigned degs[32];
      gf_t odd[32];
      const unsigned got = tab.roots(lam.data(), deg, degs, odd, 32);
      ASSERT_EQ(got, want.size()) << "n " << n << " deg " << deg;
      for (unsigned q = 0; q < got && q < 32; ++q) {
        ASSERT_EQ(degs[q], want[q]) << "n " << n << " deg " << deg << " root " << q;
        ASSERT_EQ(odd[q], want_odd[q]) << "n " << n << " deg " << deg << " root " << q;
      }
    };
    for (unsigned l1 = 1; l1 < 1024; ++l1) check({static_cast<gf_t>(1 + rng() % 1023), static_cast<gf_t>(l1)});
    for (unsigned d = 0; d < 1023; d += 7) {  // degree-1 locators 1 + alpha^d x: one root at d (if d < n)
      check({1, gf_alpha_pow(static_cast<long>(d))});
    }
    for (int trial = 0; trial < 200; ++trial) {
      // a locator with deg distinct roots at positions below n, and random ones
      const unsigned deg = 2 + static_cast<unsigned>(trial) % (t - 1);
      std::vector<gf_t> lam{1};
      for (unsigned q = 0; q < deg; ++q) {
        const gf_t x = trial % 2 ? gf_alpha_pow(static_cast<long>(rng() % n)) : static_cast<gf_t>(1 + rng() % 1023);
        lam.push_back(0);
        for (std::size_t i = lam.size() - 1; i > 0; --i) lam[i] ^= gf_mul_bitserial(lam[i - 1], x);  // (1 + x X)
      }
      check(lam);
    }
    // a double root (1 + x X)^2 = 1 + X^2 x^2: one distinct root, fewer than the degree
    for (unsigned d = 0; d < n; d += 37) check({1, 0, gf_alpha_pow(2 * static_cast<long>(d))});
    // the zero polynomial of degree t: every position is a root (no early stop)
    check(std::vector<gf_t>(t + 1, 0));
  }
  halo::isa::set_level(before);
  }
}

// ChienTables::eval_many (Forney's numerator at the roots; AVX-512 gathers on v4/gfni) against
// poly(alpha^-d) with the bit-serial multiplier, for 0..40 positions (partial 16-lane groups),
// zero and non-zero coefficients, on every ISA path.
TEST(ChienTables, EvalManyMatchesBitSerialOnEveryIsaPath) {
  using halo::isa::Level;
  const detail::ChienTables tab(544, 15);
  for (const Level l : {Level::kBaseline, Level::kV3, Level::kV4, Level::kGfni}) {
    const Level before = halo::isa::set_level(l);
    std::mt19937 rng(27);
    for (int trial = 0; trial < 300; ++trial) {
      const unsigned len = 1 + static_cast<unsigned>(trial) % 16;
      const unsigned cnt = static_cast<unsigned>(trial) % 41;
      std::vector<gf_t> poly(len);
      for (auto& c : poly) c = rng() % 3 == 0 ? gf_t{0} : static_cast<gf_t>(rng() % 1024);
      std::vector<unsigned> logs(len, 0);
      for (unsigned i = 1; i < len; ++i) logs[i] = detail::kGfLogOf(poly[i]);
      std::vector<unsigned> degs(cnt);
      for (auto& d : degs) d = static_cast<unsigned>(rng() % 1023);
      std::vector<gf_t> got(cnt + 1, 0xbeef);
      tab.eval_many(poly[0], logs.data(), len, degs.data(), cnt, got.data());
      ASSERT_EQ(got[cnt], 0xbeef) << "wrote past cnt, level " << halo::isa::name(l);
      for (unsigned q = 0; q < cnt; ++q) {
        const gf_t x = gf_alpha_pow(-static_cast<long>(degs[q]));
        gf_t v = 0, p = 1;
        for (unsigned i = 0; i < len; ++i) {
          v ^= gf_mul_bitserial(poly[i], p);
          p = gf_mul_bitserial(p, x);
        }
        ASSERT_EQ(got[q], v) << "level " << halo::isa::name(l) << " trial " << trial << " q " << q;
      }
    }
    halo::isa::set_level(before);
  }
}

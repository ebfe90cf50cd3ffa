#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "halo/fec/error_injector.hpp"
#include "halo/fec/rs_decoder.hpp"
#include "halo/fec/rs_encoder.hpp"
#include "rs_test_util.hpp"

using namespace halo::fec;

namespace {

struct Fixture {
  RsCode code;
  RsEncoder enc;
  RsDecoder dec;
  ErrorInjector inj;
  std::vector<gf_t> msg, cw, rx;
  Fixture(RsCode c, std::uint64_t seed, DecoderOptions o = {})
      : code(c), enc(c), dec(c, o), inj(seed), msg(c.k), cw(c.n), rx(c.n) {}
  void fresh() {
    inj.random_symbols(msg);
    enc.encode(msg, cw);
    rx = cw;
  }
  unsigned diff() const {
    unsigned d = 0;
    for (unsigned i = 0; i < code.n; ++i) d += rx[i] != cw[i];
    return d;
  }
  bool is_codeword(const std::vector<gf_t>& w) const {
    std::vector<gf_t> s(code.parity());
    dec.syndromes(w, s);
    return std::all_of(s.begin(), s.end(), [](gf_t v) { return v == 0; });
  }
};

}  // namespace

TEST(RsDecoder, CorrectsUpToTRandomSymbolErrors) {
  for (const RsCode& c : {kKp4, kKr4}) {
    Fixture f(c, 42);
    for (unsigned ne = 0; ne <= c.t(); ++ne) {
      for (int trial = 0; trial < 60; ++trial) {
        f.fresh();
        f.inj.symbol_errors(f.rx, ne);
        std::vector<gf_t> before = f.rx;
        const DecodeResult r = f.dec.decode(f.rx);
        ASSERT_FALSE(r.uncorrectable) << "n=" << c.n << " errors=" << ne;
        ASSERT_EQ(r.corrected_symbols, ne);
        ASSERT_EQ(f.rx, f.cw);
        unsigned bits = 0;
        for (unsigned i = 0; i < c.n; ++i) bits += std::popcount(static_cast<unsigned>(before[i] ^ f.cw[i]));
        ASSERT_EQ(r.corrected_bits, bits);
        for (unsigned q = 0; q < r.num_errors; ++q) {
          ASSERT_NE(before[r.positions[q]], f.cw[r.positions[q]]);
          ASSERT_EQ(before[r.positions[q]] ^ r.values[q], f.cw[r.positions[q]]);
          if (q) ASSERT_LT(r.positions[q - 1], r.positions[q]);
        }
      }
    }
  }
}

TEST(RsDecoder, CorrectsErrorsInParityAndBursts) {
  Fixture f(kKp4, 5);
  for (int trial = 0; trial < 200; ++trial) {
    f.fresh();
    const unsigned len = 1 + trial % 15;
    if (trial % 2) {
      for (unsigned i = 0; i < len; ++i) f.rx[543 - i] ^= static_cast<gf_t>(1 + (trial * 37 + i) % 1023);
    } else {
      f.inj.burst(f.rx, len);
    }
    const DecodeResult r = f.dec.decode(f.rx);
    ASSERT_FALSE(r.uncorrectable);
    ASSERT_EQ(r.corrected_symbols, len);
    ASSERT_EQ(f.rx, f.cw);
  }
}

TEST(RsDecoder, FlagsBeyondTAndNeverMiscorrectsInThisRun) {
  // Miscorrection probability beyond t is about 5e-17 for KP4 (kp4-fec.md): in a
  // test-sized run every word with 16..40 errors must be flagged, data untouched.
  Fixture f(kKp4, 99);
  unsigned flagged = 0, total = 0;
  for (unsigned ne = 16; ne <= 40; ++ne) {
    for (int trial = 0; trial < 80; ++trial) {
      f.fresh();
      f.inj.symbol_errors(f.rx, ne);
      const std::vector<gf_t> before = f.rx;
      const DecodeResult r = f.dec.decode(f.rx);
      ++total;
      if (r.uncorrectable) {
        ++flagged;
        ASSERT_EQ(f.rx, before) << "uncorrectable word was modified";
        ASSERT_EQ(r.corrected_symbols, 0u);
      } else {
        // a miscorrection would still have to be a codeword; report it either way
        ADD_FAILURE() << "miscorrection with " << ne << " errors; result is codeword: " << f.is_codeword(f.rx);
      }
    }
  }
  EXPECT_EQ(flagged, total);
}

TEST(RsDecoder, KR4BeyondTFlaggedOrCodeword) {
  // KR4 (t = 7) miscorrects with probability ~1e-5 per word beyond t, so a miscorrection may
  // happen; whenever the decoder claims success the output must be a codeword.
  Fixture f(kKr4, 3);
  for (int trial = 0; trial < 2000; ++trial) {
    f.fresh();
    f.inj.symbol_errors(f.rx, 8 + trial % 20);
    const DecodeResult r = f.dec.decode(f.rx);
    if (!r.uncorrectable) ASSERT_TRUE(f.is_codeword(f.rx)) << "trial " << trial;
  }
}

TEST(RsDecoder, AllZeroAndAllOnesWords) {
  RsDecoder dec(kKp4);
  std::vector<gf_t> w(544, 0);
  EXPECT_FALSE(dec.decode(w).uncorrectable);
  EXPECT_EQ(w, std::vector<gf_t>(544, 0));
  // all-ones (1023 everywhere) is a codeword iff the all-ones polynomial's remainder is 0;
  // either way the decoder must not crash and must be consistent with the syndromes.
  std::vector<gf_t> ones(544, 1023), s(30);
  dec.syndromes(ones, s);
  const bool is_cw = std::all_of(s.begin(), s.end(), [](gf_t v) { return v == 0; });
  const DecodeResult r = dec.decode(ones);
  if (is_cw) EXPECT_EQ(r.num_errors, 0u);
  if (!r.uncorrectable) {
    dec.syndromes(ones, s);
    EXPECT_TRUE(std::all_of(s.begin(), s.end(), [](gf_t v) { return v == 0; }));
  }
}

TEST(RsDecoder, TraceLocatorRootsAreTheErrorPositions) {
  Fixture f(kKp4, 11);
  for (int trial = 0; trial < 100; ++trial) {
    f.fresh();
    const unsigned ne = 1 + trial % 15;
    f.inj.symbol_errors(f.rx, ne);
    std::set<unsigned> where;
    for (unsigned i = 0; i < 544; ++i)
      if (f.rx[i] != f.cw[i]) where.insert(i);
    DecodeTrace tr;
    const DecodeResult r = f.dec.decode(f.rx, &tr);
    ASSERT_FALSE(r.uncorrectable);
    EXPECT_EQ(tr.lambda_degree, ne);
    EXPECT_EQ(tr.chien_roots, ne);
    for (unsigned i : where) {
      // Lambda(X^-1) = 0 with X = alpha^(n-1-i)
      gf_t acc = 0;
      for (unsigned d = 16; d-- > 0;) acc = static_cast<gf_t>(gf_mul(acc, gf_alpha_pow(-(543L - i))) ^ tr.lambda[d]);
      EXPECT_EQ(acc, 0u) << "position " << i;
    }
  }
}

TEST(RsDecoder, BypassCorrectionOnlyFlags) {
  Fixture f(kKp4, 8, DecoderOptions{.correct = false});
  f.fresh();
  f.inj.symbol_errors(f.rx, 7);
  const auto before = f.rx;
  const DecodeResult r = f.dec.decode(f.rx);
  EXPECT_FALSE(r.uncorrectable);
  EXPECT_EQ(r.num_errors, 7u);
  EXPECT_EQ(r.corrected_symbols, 0u);
  EXPECT_EQ(f.rx, before);
}

TEST(RsDecoder, ErrorsAndErasures) {
  Fixture f(kKp4, 77);
  for (int trial = 0; trial < 300; ++trial) {
    f.fresh();
    // choose e erasures and v errors with 2v + e <= 30
    const unsigned e = trial % 31;
    const unsigned vmax = (30 - e) / 2;
    const unsigned v = vmax == 0 ? 0 : static_cast<unsigned>(trial / 31) % (vmax + 1);
    std::vector<unsigned> idx(544);
    for (unsigned i = 0; i < 544; ++i) idx[i] = i;
    std::shuffle(idx.begin(), idx.end(), f.inj.rng());
    std::vector<std::uint16_t> er;
    for (unsigned q = 0; q < e; ++q) {
      er.push_back(static_cast<std::uint16_t>(idx[q]));
      if (q % 3 != 0) f.rx[idx[q]] ^= static_cast<gf_t>(1 + (q * 91) % 1023);  // some erasures are correct
    }
    for (unsigned q = 0; q < v; ++q) f.rx[idx[e + q]] ^= static_cast<gf_t>(1 + (q * 13 + 5) % 1023);
    const unsigned actual = f.diff();
    const DecodeResult r = f.dec.decode_erasures(f.rx, er);
    ASSERT_FALSE(r.uncorrectable) << "e=" << e << " v=" << v;
    ASSERT_EQ(f.rx, f.cw) << "e=" << e << " v=" << v;
    ASSERT_EQ(r.corrected_symbols, actual);
  }
}

TEST(RsDecoder, ErasureArgumentErrors) {
  RsDecoder dec(kKp4);
  std::vector<gf_t> w(544, 0);
  std::vector<std::uint16_t> dup{3, 3};
  EXPECT_THROW(dec.decode_erasures(w, dup), std::invalid_argument);
  std::vector<std::uint16_t> oor{544};
  EXPECT_THROW(dec.decode_erasures(w, oor), std::invalid_argument);
  std::vector<std::uint16_t> many(31);
  for (unsigned i = 0; i < 31; ++i) many[i] = static_cast<std::uint16_t>(i);
  EXPECT_THROW(dec.decode_erasures(w, many), std::invalid_argument);
  std::vector<gf_t> shortw(543);
  EXPECT_THROW(dec.decode(shortw), std::invalid_argument);
}

TEST(RsDecoder, ArbitraryWordsNeverCrashAndClaimsAreCodewords) {
  Fixture f(kKp4, 2024);
  unsigned ok = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    f.inj.random_symbols(f.rx);
    if (trial % 7 == 0)
      for (auto& s : f.rx) s = static_cast<gf_t>(s | 0xfc00u);  // junk in the upper bits
    const DecodeResult r = f.dec.decode(f.rx);
    for (auto s : f.rx) ASSERT_LT(s, 1024u);
    if (!r.uncorrectable) {
      ++ok;
      ASSERT_TRUE(f.is_codeword(f.rx));
    }
  }
  EXPECT_EQ(ok, 0u);  // a random word is within distance 15 of a codeword with p ~ 5e-17
}

// The single-error shortcut of decode() (no riBM / Chien / Forney when the syndromes are
// those of one symbol error at a valid position) against the full path, which decode() takes
// when a DecodeTrace is requested: identical DecodeResult and word for one error at every
// position with random values, for words whose syndromes fit one error beyond n (uncorrectable
// in both), and for 2..t+2 errors and random words, KP4 and KR4, correct and bypass.
TEST(RsDecoder, SingleErrorShortcutEqualsFullPath) {
  std::mt19937 rng(2526);
  for (const RsCode& c : {kKp4, kKr4}) {
    for (const bool correct : {true, false}) {
      RsDecoder dec(c, DecoderOptions{.correct = correct});
      RsEncoder enc(c);
      ErrorInjector inj(77);
      std::vector<gf_t> msg(c.k), cw(c.n);
      auto same = [&](const std::vector<gf_t>& rx, const char* what, unsigned idx) {
        test::expect_same_as_full_path(dec, rx, std::string(what) + " " + std::to_string(idx));
      };
      for (unsigned pos = 0; pos < c.n; ++pos) {
        inj.random_symbols(msg);
        enc.encode(msg, cw);
        std::vector<gf_t> rx = cw;
        rx[pos] ^= static_cast<gf_t>(1 + rng() % 1023);
        same(rx, "one error at", pos);
        if (correct) {
          std::vector<gf_t> w = rx;
          const DecodeResult r = dec.decode(w);
          ASSERT_TRUE(!r.uncorrectable && r.corrected_symbols == 1 && r.positions[0] == pos && w == cw) << pos;
        }
      }
      // a word whose syndromes are those of one error e at a degree d >= n: r(x) = e x^d mod
      // g(x) in the parity positions, from the LFSR division of e x^(d - 2t) (which gives
      // x^2t m(x) mod g(x), as the systematic encoder)
      for (unsigned d = c.n; d < 1023; d += 17) {
        std::vector<gf_t> rx(c.n, 0);
        test::add_error_remainder(c, d, static_cast<gf_t>(1 + rng() % 1023), rx);
        same(rx, "syndromes of one error beyond n, d =", d);
        std::vector<gf_t> w = rx;
        ASSERT_TRUE(dec.decode(w).uncorrectable) << "one error beyond n, d = " << d;
      }
      for (int trial = 0; trial < 400; ++trial) {
        inj.random_symbols(msg);
        enc.encode(msg, cw);
        std::vector<gf_t> rx = cw;
        if (trial % 4 == 3)
          inj.random_symbols(rx);
        else
          inj.symbol_errors(rx, 2 + static_cast<unsigned>(trial) % (c.t() + 1));
        same(rx, "trial", static_cast<unsigned>(trial));
      }
    }
  }
}

// The two-error closed form (Peterson's solution, quadratic roots from a table) gives exactly the
// result of riBM + Chien + Forney (the full path, forced by a DecodeTrace): two errors at random
// position pairs (including the first and last symbols) with random values, words whose
// syndromes are those of two errors with one beyond n (uncorrectable in both), and 3..t+2 errors,
// KP4 and KR4, correct and bypass.
TEST(RsDecoder, TwoErrorShortcutEqualsFullPath) {
  std::mt19937 rng(2527);
  for (const RsCode& c : {kKp4, kKr4}) {
    for (const bool correct : {true, false}) {
      RsDecoder dec(c, DecoderOptions{.correct = correct});
      RsEncoder enc(c);
      ErrorInjector inj(78);
      std::vector<gf_t> msg(c.k), cw(c.n);
      auto same = [&](const std::vector<gf_t>& rx, unsigned idx) {
        test::expect_same_as_full_path(dec, rx, "case " + std::to_string(idx));
      };
      for (unsigned trial = 0; trial < 3000; ++trial) {
        inj.random_symbols(msg);
        enc.encode(msg, cw);
        std::vector<gf_t> rx = cw;
        unsigned p1 = rng() % c.n, p2 = rng() % c.n;
        if (trial < 4) {
          p1 = trial % 2 ? 0 : c.n - 1;
          p2 = trial / 2 ? 1 : c.n - 2;
        }
        if (p1 == p2) continue;
        rx[p1] ^= static_cast<gf_t>(1 + rng() % 1023);
        rx[p2] ^= static_cast<gf_t>(1 + rng() % 1023);
        same(rx, trial);
        if (correct) {
          std::vector<gf_t> w = rx;
          const DecodeResult r = dec.decode(w);
          ASSERT_TRUE(!r.uncorrectable && r.corrected_symbols == 2 && w == cw) << trial;
        }
      }
      for (unsigned d = c.n; d < 1023; d += 13) {  // one error in the word, one beyond n
        std::vector<gf_t> rx(c.n, 0);
        rx[rng() % c.n] = static_cast<gf_t>(1 + rng() % 1023);
        test::add_error_remainder(c, d, static_cast<gf_t>(1 + rng() % 1023), rx);
        same(rx, d);
        std::vector<gf_t> w = rx;
        ASSERT_TRUE(dec.decode(w).uncorrectable) << "two errors, one beyond n, d = " << d;
      }
      for (int trial = 0; trial < 300; ++trial) {
        inj.random_symbols(msg);
        enc.encode(msg, cw);
        std::vector<gf_t> rx = cw;
        inj.symbol_errors(rx, 3 + static_cast<unsigned>(trial) % c.t());
        same(rx, 10000 + static_cast<unsigned>(trial));
      }
    }
  }
}

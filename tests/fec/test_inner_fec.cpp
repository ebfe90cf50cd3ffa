// IEEE 802.3dj Clause 177 inner FEC golden model (halo/fec/inner_*.hpp, conv_interleaver.hpp)
// against independent references written here: the draft's published test vector, a second
// transcription of Table 177-1 with a matrix encoder, exhaustive single/double error patterns
// from samples on both sides of the slicer thresholds, the closed-form hard word-failure
// rate, a floating-point Chase-2 reference on AWGN PAM4, and the binomial RS(544,514)
// codeword-error prediction from the measured inner-decoder output.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

#include "halo/fec/conv_interleaver.hpp"
#include "halo/fec/inner_code.hpp"
#include "halo/fec/inner_fec.hpp"
#include "halo/fec/inner_llr.hpp"
#include "halo/fec/inner_monitor.hpp"
#include "inner_chain.hpp"

using namespace halo::fec::inner;
using namespace halo_test_inner;

namespace {

// Table 177-1 transcribed a second time, as rows of the draft (p0 .. p7), for the reference
// encoder of this test (independent of the model's table).
const char* const kRows[60] = {
    "10010100", "01001010", "00100101", "11001011", "10111100", "01011110", "00101111", "11001110", "01100111",
    "11101010", "01110101", "11100011", "10101000", "01010100", "00101010", "00010101", "11010011", "10110000",
    "01011000", "00101100", "00010110", "00001011", "11011100", "01101110", "00110111", "11000010", "01100001",
    "11101001", "10101101", "10001111", "10011110", "01001111", "11111110", "01111111", "11100110", "01110011",
    "11100000", "01110000", "00111000", "00011100", "00001110", "00000111", "11011010", "01101101", "11101111",
    "10101110", "01010111", "11110010", "01111001", "11100101", "10101011", "10001100", "01000110", "00100011",
    "11001000", "01100100", "00110010", "00011001", "11010101", "10110011"};

std::vector<int> ref_parity(const std::vector<int>& msg) {  // 120 bits -> p0..p7
  std::vector<int> p(8, 0);
  for (int k = 0; k < 60; ++k) {
    const int x = msg[2 * k] ^ msg[2 * k + 1];
    for (int j = 0; j < 8; ++j) p[j] ^= x & (kRows[k][j] - '0');
  }
  return p;
}

// The published test vector: IEEE P802.3dj draft, Clause 177 test vector 1 (120 message bits
// and their 8 parity bits), as quoted in github.com/Omer-Sella/802.3 ieeeConstants.py
// (tv1_tp4, tv1_parity).
const std::vector<int> kTv1 = {0,1,0,1,1,0,0,0,1,1,0,0,1,1,0,0,1,1,0,1,0,1,1,0,1,0,1,0,1,0,1,1,0,1,1,0,1,1,0,1,
                               1,0,1,0,1,1,1,0,1,0,1,1,1,0,1,1,0,0,1,1,0,1,1,1,1,0,1,0,1,0,1,0,1,1,1,1,1,0,1,1,
                               0,1,1,0,1,0,0,1,0,1,1,1,0,1,0,1,1,0,0,0,0,0,1,0,1,1,0,1,0,1,0,0,1,0,1,1,0,0,0,0};
const std::vector<int> kTv1Parity = {0, 1, 0, 1, 0, 0, 0, 1};


std::int32_t level_z(unsigned level) { return (2 * static_cast<int>(level) - 3) * kA; }

std::vector<std::uint8_t> random_codeword(std::mt19937_64& rng) {
  std::vector<std::uint8_t> msg(kMsgSymbols), cw(kCwSymbols);
  for (auto& p : msg) p = static_cast<std::uint8_t>(rng() & 3u);
  encode_pairs(msg, cw);
  return cw;
}

std::vector<std::int8_t> llrs_of(const std::vector<std::int32_t>& z) {
  std::vector<std::int8_t> l(2 * z.size());
  LlrCalc(kT).process(std::span<const std::int32_t>(z), l);
  return l;
}

std::vector<std::int32_t> ideal_samples(const std::vector<std::uint8_t>& cw) {
  std::vector<std::int32_t> z(cw.size());
  for (std::size_t k = 0; k < cw.size(); ++k) z[k] = level_z(gray_level(cw[k]));
  return z;
}

// A sample of `level` moved across the threshold towards neighbour `to`, by `past` signal LSB
// beyond the threshold (past >= 0: the slicer decides `to`).
std::int32_t crossed(unsigned level, unsigned to, int past) {
  const std::int32_t t = kT[std::min(level, to)];
  return to > level ? t + past : t - 1 - past;
}

std::vector<InnerDecoder> all_decoders() {
  std::vector<InnerDecoder> d{InnerDecoder({InnerAlgo::hard, 0, true})};
  for (unsigned l = kMinChase; l <= kMaxChase; ++l) d.emplace_back(InnerDecoderConfig{InnerAlgo::chase, l, true});
  return d;
}

}  // namespace

TEST(InnerCode, PublishedTestVector) {
  ASSERT_EQ(kTv1.size(), 120u);
  std::vector<std::uint8_t> msg(kTv1.begin(), kTv1.end()), cw(128);
  encode_bits(msg, cw);
  for (unsigned j = 0; j < 8; ++j) EXPECT_EQ(cw[120 + j], kTv1Parity[j]) << "p" << j;
  EXPECT_TRUE(std::equal(msg.begin(), msg.end(), cw.begin()));
  EXPECT_EQ(ref_parity(kTv1), kTv1Parity);  // the second transcription agrees too
  // packed and pair forms give the same codeword
  std::array<std::uint64_t, 2> packed{};
  for (unsigned b = 0; b < 120; ++b) packed[b / 64] |= std::uint64_t(msg[b]) << (b % 64);
  const auto pc = encode_packed(packed);
  for (unsigned j = 0; j < 8; ++j) EXPECT_EQ((pc[1] >> (56 + j)) & 1u, std::uint64_t(kTv1Parity[j]));
  std::vector<std::uint8_t> pairs(60), cwp(64);
  for (unsigned k = 0; k < 60; ++k) pairs[k] = static_cast<std::uint8_t>((msg[2 * k] << 1) | msg[2 * k + 1]);
  encode_pairs(pairs, cwp);
  for (unsigned j = 0; j < 8; ++j) EXPECT_EQ((cwp[60 + j / 2] >> ((j & 1) ? 0 : 1)) & 1u, unsigned(kTv1Parity[j]));
  EXPECT_EQ(syndrome_of_pairs(std::span<const std::uint8_t, 64>(cwp.data(), 64)), 0);
}

TEST(InnerCode, TableIsExtendedHammingAndMatchesSecondTranscription) {
  std::array<int, 256> seen{};
  for (unsigned i = 0; i < kXorBits; ++i) {
    const unsigned c = h_column(i);
    EXPECT_EQ(__builtin_popcount(c) % 2, 1) << "column " << i << " has even weight";
    EXPECT_EQ(seen[c]++, 0) << "column " << i << " repeats";
    EXPECT_EQ(syndrome_position(static_cast<std::uint8_t>(c)), int(i));
    if (i < 60)
      for (int j = 0; j < 8; ++j) EXPECT_EQ((kG[i] >> j) & 1, kRows[i][j] - '0') << i << "," << j;
  }
  int odd_non_columns = 0;
  for (unsigned s = 1; s < 256; ++s)
    if (__builtin_popcount(s) % 2 == 1 && !seen[s]) {
      ++odd_non_columns;
      EXPECT_EQ(syndrome_position(static_cast<std::uint8_t>(s)), -1);
    }
  EXPECT_EQ(odd_non_columns, 60);
}

TEST(InnerCode, RandomMessagesAgainstMatrixReference) {
  std::mt19937_64 rng(11);
  for (int n = 0; n < 2000; ++n) {
    std::vector<int> m(120);
    std::vector<std::uint8_t> mb(120), cw(128);
    std::array<std::uint64_t, 2> packed{};
    for (unsigned b = 0; b < 120; ++b) {
      m[b] = static_cast<int>(rng() & 1u);
      mb[b] = static_cast<std::uint8_t>(m[b]);
      packed[b / 64] |= std::uint64_t(m[b]) << (b % 64);
    }
    encode_bits(mb, cw);
    const auto ref = ref_parity(m);
    const auto pc = encode_packed(packed);
    for (unsigned j = 0; j < 8; ++j) {
      ASSERT_EQ(cw[120 + j], ref[j]);
      ASSERT_EQ((pc[1] >> (56 + j)) & 1u, std::uint64_t(ref[j]));
    }
  }
  std::vector<std::uint8_t> bad(120, 0), cw(128);
  bad[77] = 2;
  try {
    encode_bits(bad, cw);
    FAIL() << "no throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("bit 77"), std::string::npos) << e.what();
  }
  EXPECT_THROW(encode_bits(std::vector<std::uint8_t>(119), cw), std::invalid_argument);
}

TEST(InnerLlr, SignIsTheSlicerDecisionOnBothSidesOfEveryThreshold) {
  for (std::int32_t z = -1200; z <= 1200; ++z) {
    const unsigned level = static_cast<unsigned>((z >= kT[0]) + (z >= kT[1]) + (z >= kT[2]));
    const unsigned pair = level ^ (level >> 1);  // Gray demap
    const auto l = sample_llrs(z, kT);
    ASSERT_EQ(llr_bit(l[0]), (pair >> 1) & 1u) << z;
    ASSERT_EQ(llr_bit(l[1]), pair & 1u) << z;
    // reliability of the XOR bit = floor(distance to the nearest threshold / 8), saturated
    int dist = 1 << 30;
    for (auto t : kT) dist = std::min(dist, z >= t ? z - t : t - 1 - z);
    ASSERT_EQ(std::min(llr_reliability(l[0]), llr_reliability(l[1])), unsigned(std::min(dist >> 3, 63))) << z;
  }
}

// Every single XOR-domain error, for every position, every transmitted level and both
// neighbours, with the sample just across (0, 1 LSB) and well across (A/2) the threshold:
// corrected by the hard and every Chase decoder; the hard-bit decoder corrects parity and
// outer-level symbols and flags the inner ones.
TEST(InnerDecoder, EverySingleErrorCorrected) {
  std::mt19937_64 rng(5);
  const auto decs = all_decoders();
  const InnerDecoder hardbits({InnerAlgo::hard, 0, true});
  std::vector<std::uint8_t> out(64);
  int cases = 0;
  for (unsigned pos = 0; pos < kXorBits; ++pos) {
    for (unsigned level = 0; level < 4; ++level) {
      for (int dir : {-1, 1}) {
        if ((level == 0 && dir < 0) || (level == 3 && dir > 0)) continue;
        for (int past : {0, 1, kA / 2}) {
          auto cw = random_codeword(rng);
          const unsigned sym = pos < 60 ? pos : 60 + (pos - 60) / 2;
          if (pos < 60) {  // force data symbol `pos` to `level`, re-encode
            cw[sym] = static_cast<std::uint8_t>(level ^ (level >> 1));
            std::vector<std::uint8_t> msg(cw.begin(), cw.begin() + 60);
            encode_pairs(msg, cw);
          } else {
            // parity symbols: draw codewords until the symbol sits on `level`; the move must
            // flip the position's own bit (A across the centre threshold, B across an outer one)
            for (int t = 0; t < 400 && gray_level(cw[sym]) != level; ++t) cw = random_codeword(rng);
            if (gray_level(cw[sym]) != level) continue;
            const unsigned to = static_cast<unsigned>(static_cast<int>(level) + dir);
            const unsigned np = to ^ (to >> 1);
            if (((np ^ cw[sym]) & ((((pos - 60) & 1u) == 0) ? 2u : 1u)) == 0) continue;
          }
          auto z = ideal_samples(cw);
          const unsigned lv = gray_level(cw[sym]);
          z[sym] = crossed(lv, static_cast<unsigned>(static_cast<int>(lv) + dir), past);
          const auto llr = llrs_of(z);
          for (const auto& d : decs) {
            const auto r = d.decode(llr, out);
            ASSERT_EQ(r.status, InnerStatus::corrected) << "pos " << pos << " level " << lv << " dir " << dir;
            ASSERT_EQ(r.num_flips, 1);
            ASSERT_EQ(r.flips[0], pos);
            ASSERT_EQ(out, cw) << "pos " << pos << " L " << d.config().chase_l;
          }
          // hard bits only
          std::vector<std::uint8_t> rx(64);
          for (unsigned k = 0; k < 64; ++k)
            rx[k] = static_cast<std::uint8_t>((llr_bit(llr[2 * k]) << 1) | llr_bit(llr[2 * k + 1]));
          const auto r = hardbits.decode_hard_bits(rx, out);
          const unsigned rxlevel = gray_level(rx[sym]);
          if (pos < 60 && (rxlevel == 1 || rxlevel == 2)) {
            ASSERT_EQ(r.status, InnerStatus::unresolved);
            ASSERT_EQ(out, rx);
          } else {
            ASSERT_EQ(r.status, InnerStatus::corrected);
            ASSERT_EQ(out, cw);
          }
          ++cases;
        }
      }
    }
  }
  EXPECT_GT(cases, 60 * 6 * 3);
}

// Every pair of XOR-domain positions, each error just across its threshold on a random side:
// the hard decoder flags all (never a "correction").
TEST(InnerDecoder, EveryDoubleErrorDetected) {
  std::mt19937_64 rng(9);
  const InnerDecoder hard({InnerAlgo::hard, 0, true});
  std::vector<std::uint8_t> out(64);
  auto move = [&](std::vector<std::uint8_t>& cw, std::vector<std::int32_t>& z, unsigned pos, int past) {
    const unsigned sym = pos < 60 ? pos : 60 + (pos - 60) / 2;
    const unsigned lv = gray_level(cw[sym]);
    for (int tries = 0; tries < 2; ++tries) {
      int dir = (rng() & 1u) ? 1 : -1;
      if (tries) dir = -dir;
      const int to = static_cast<int>(lv) + dir;
      if (to < 0 || to > 3) continue;
      const unsigned np = static_cast<unsigned>(to) ^ (static_cast<unsigned>(to) >> 1);
      if (pos >= 60 && ((np ^ cw[sym]) & ((((pos - 60) & 1u) == 0) ? 2u : 1u)) == 0) continue;
      z[sym] = crossed(lv, static_cast<unsigned>(to), past);
      return true;
    }
    return false;
  };
  int cases = 0;
  for (unsigned p1 = 0; p1 < kXorBits; ++p1)
    for (unsigned p2 = p1 + 1; p2 < kXorBits; ++p2) {
      // two parity bits of one symbol cannot both flip with one level move: skip that pair
      if (p1 >= 60 && (p1 - 60) / 2 == (p2 - 60) / 2) continue;
      for (int past : {0, kA / 2}) {
        std::vector<std::uint8_t> cw;
        std::vector<std::int32_t> z;
        bool ok = false;
        for (int t = 0; t < 400 && !ok; ++t) {
          cw = random_codeword(rng);
          z = ideal_samples(cw);
          ok = move(cw, z, p1, past) && move(cw, z, p2, past);
        }
        ASSERT_TRUE(ok);
        const auto r = hard.decode(llrs_of(z), out);
        ASSERT_EQ(r.status, InnerStatus::uncorrectable) << p1 << "," << p2;
        ++cases;
      }
    }
  EXPECT_GT(cases, 4000);
}

// Hard-decision word failure on iid XOR-domain errors: 1 - (1-p)^68 - 68 p (1-p)^67, within
// the 99 % interval (normal approximation of the binomial count).
TEST(InnerDecoder, HardWordFailureMatchesClosedForm) {
  const InnerDecoder hard({InnerAlgo::hard, 0, true});
  std::vector<std::uint8_t> out(64);
  for (const double p : {1e-3, 3e-3, 1e-2}) {
    std::mt19937_64 rng(static_cast<std::uint64_t>(p * 1e6));
    std::bernoulli_distribution flip(p);
    const int n = p < 2e-3 ? 400000 : 150000;
    int fails = 0;
    for (int w = 0; w < n; ++w) {
      const auto cw = random_codeword(rng);
      auto z = ideal_samples(cw);
      for (unsigned pos = 0; pos < kXorBits; ++pos) {
        if (!flip(rng)) continue;
        if (pos < 60) {
          const unsigned lv = gray_level(cw[pos]);
          const int to = lv == 0 ? 1 : lv == 3 ? 2 : static_cast<int>(lv) + ((rng() & 1u) ? 1 : -1);
          z[pos] = crossed(lv, static_cast<unsigned>(to), kA / 4);
        } else {
          // parity bit p_j: sample of symbol 60 + j/2 moved across the threshold of that bit
          const unsigned sym = 60 + (pos - 60) / 2;
          const std::int32_t zs = z[sym];
          const unsigned lv = static_cast<unsigned>((zs >= kT[0]) + (zs >= kT[1]) + (zs >= kT[2]));
          const bool bitA = ((pos - 60) & 1u) == 0;
          // A: cross the centre threshold; B: cross the outer threshold on the sample's side
          std::int32_t nz;
          if (bitA) nz = zs >= kT[1] ? kT[1] - 1 - (zs - kT[1]) : kT[1] + (kT[1] - 1 - zs);
          else nz = zs >= kT[1] ? (zs >= kT[2] ? kT[2] - 1 - (zs - kT[2]) : kT[2] + (kT[2] - 1 - zs))
                                : (zs >= kT[0] ? kT[0] - 1 - (zs - kT[0]) : kT[0] + (kT[0] - 1 - zs));
          (void)lv;
          z[sym] = nz;
        }
      }
      const auto r = hard.decode(llrs_of(z), out);
      fails += out != cw;
      (void)r;
    }
    const double pf = 1 - std::pow(1 - p, 68) - 68 * p * std::pow(1 - p, 67);
    const double mean = n * pf, sd = std::sqrt(n * pf * (1 - pf));
    EXPECT_NEAR(fails, mean, 2.576 * sd + 1) << "p = " << p << ": " << fails << " failures of " << n;
  }
}

namespace {

// Floating-point reference decoder: XOR-domain Chase-2 with real-valued reliabilities (the
// distance of the unquantised sample to its nearest threshold), written independently of the
// model (bit-by-bit syndromes from kRows, recursive pattern enumeration). L = 0: hard.
struct RefDecoder {
  int L;
  static int syndrome(const std::array<int, 68>& x) {
    int s = 0;
    for (int k = 0; k < 60; ++k)
      if (x[k])
        for (int j = 0; j < 8; ++j) s ^= (kRows[k][j] - '0') << j;
    for (int j = 0; j < 8; ++j) s ^= x[60 + j] << j;
    return s;
  }
  static int column_to_pos(int s) {
    for (int k = 0; k < 68; ++k) {
      int c = 0;
      if (k < 60)
        for (int j = 0; j < 8; ++j) c |= (kRows[k][j] - '0') << j;
      else
        c = 1 << (k - 60);
      if (c == s) return k;
    }
    return -1;
  }
  // z: 64 float samples (level units: thresholds -2, 0, 2); returns decided levels
  std::vector<int> decode(const std::vector<double>& z) const {
    std::vector<int> lv(64);
    std::array<int, 68> x{};
    std::array<double, 68> r{};
    std::vector<int> toward(64);
    for (int k = 0; k < 64; ++k) {
      lv[k] = (z[k] >= -2) + (z[k] >= 0) + (z[k] >= 2);
      const double da = std::fabs(z[k]), db = std::fabs(std::fabs(z[k]) - 2);
      const int a = lv[k] >= 2, b = lv[k] == 1 || lv[k] == 2;
      if (k < 60) {
        x[k] = a ^ b;
        r[k] = std::min(da, db);
        // the neighbour on the side of the sample: the nearest threshold
        const double t = da < db ? 0.0 : (z[k] >= 0 ? 2.0 : -2.0);
        toward[k] = z[k] >= t ? lv[k] - 1 : lv[k] + 1;
      } else {
        x[60 + 2 * (k - 60)] = a;
        r[60 + 2 * (k - 60)] = da;
        x[61 + 2 * (k - 60)] = b;
        r[61 + 2 * (k - 60)] = db;
      }
    }
    const int s0 = syndrome(x);
    if (s0 == 0) return lv;
    std::vector<int> order(68);
    for (int i = 0; i < 68; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return r[a] < r[b]; });
    double best = 1e300;
    std::vector<int> best_set;
    bool found = false;
    std::vector<int> set;
    // enumerate subsets of the L least reliable recursively
    auto eval = [&](const std::vector<int>& flips) {
      std::array<int, 68> y = x;
      for (int p : flips) y[p] ^= 1;
      const int s = syndrome(y);
      std::vector<int> f = flips;
      if (s != 0) {
        const int q = column_to_pos(s);
        if (q < 0) return;
        auto it = std::find(f.begin(), f.end(), q);
        if (it != f.end()) f.erase(it); else f.push_back(q);
      }
      double m = 0;
      for (int p : f) m += r[p];
      if (m < best) { best = m; best_set = f; found = true; }
    };
    for (int mask = 0; mask < (1 << L); ++mask) {
      set.clear();
      for (int i = 0; i < L; ++i)
        if (mask >> i & 1) set.push_back(order[i]);
      eval(set);
    }
    if (!found) return lv;
    for (int p : best_set) {
      if (p < 60) {
        lv[p] = toward[p];
      } else {
        const int sym = 60 + (p - 60) / 2;
        int pair = lv[sym] ^ (lv[sym] >> 1);
        pair ^= ((p - 60) % 2 == 0) ? 2 : 1;
        lv[sym] = pair ^ (pair >> 1);
      }
    }
    return lv;
  }
};

}  // namespace

// AWGN PAM4: message bit error ratio after hard and Chase (L = 2..6) decoding, model (S13.3
// samples, S7 LLRs) against the float reference on the same noise: equal within the
// quantisation effect and the statistics; raw > hard > Chase L = 2 > ... > L = 6.
TEST(InnerDecoder, AwgnBerAgainstFloatReference) {
  const double sigma = 0.37;  // noise rms in units of A (thresholds at 0, +-2 A)
  std::mt19937_64 rng(2024);
  std::normal_distribution<double> gauss(0.0, sigma);
  const int n = 30000;
  const auto decs = all_decoders();
  std::vector<long> err_model(decs.size(), 0), err_ref(decs.size(), 0);
  long raw = 0;
  std::vector<std::uint8_t> out(64);
  for (int w = 0; w < n; ++w) {
    const auto cw = random_codeword(rng);
    std::vector<double> zf(64);
    std::vector<std::int32_t> zq(64);
    for (int k = 0; k < 64; ++k) {
      zq[k] = static_cast<std::int32_t>(std::lround((2.0 * gray_level(cw[k]) - 3.0 + gauss(rng)) * kA));
      zf[k] = zq[k] / double(kA);  // the reference sees the same (ADC) sample, unquantised LLRs
    }
    const auto llr = llrs_of(zq);
    for (int k = 0; k < 60; ++k) {
      const unsigned lv = static_cast<unsigned>((zq[k] >= kT[0]) + (zq[k] >= kT[1]) + (zq[k] >= kT[2]));
      raw += __builtin_popcount((lv ^ (lv >> 1)) ^ cw[k]);
    }
    for (std::size_t d = 0; d < decs.size(); ++d) {
      decs[d].decode(llr, out);
      for (int k = 0; k < 60; ++k) err_model[d] += __builtin_popcount(out[k] ^ cw[k]);
      const RefDecoder ref{d == 0 ? 0 : static_cast<int>(decs[d].config().chase_l)};
      const auto lv = ref.decode(zf);
      for (int k = 0; k < 60; ++k) err_ref[d] += __builtin_popcount(static_cast<unsigned>(lv[k] ^ (lv[k] >> 1)) ^ cw[k]);
    }
  }
  const double bits = 120.0 * n;
  std::printf("raw BER %.3e\n", raw / bits);
  for (std::size_t d = 0; d < decs.size(); ++d) {
    std::printf("%s L=%u: model %.3e  float reference %.3e\n", d == 0 ? "hard " : "chase", decs[d].config().chase_l,
                err_model[d] / bits, err_ref[d] / bits);
    // same noise: the counts differ only where quantised and float reliabilities rank
    // differently (at most a few percent of the errors)
    EXPECT_NEAR(err_model[d], err_ref[d], 0.08 * err_ref[d] + 12) << d;
  }
  EXPECT_LT(err_model[0], raw / 2);
  EXPECT_LT(err_model[1], err_model[0]);
  for (std::size_t d = 2; d < decs.size(); ++d) EXPECT_LE(err_model[d], err_model[d - 1] * 1.05 + 5) << d;
  EXPECT_LT(err_model.back(), err_model[1]);
}

TEST(ConvInterleaver, DeinterleaverInvertsWithTheStatedLatencyAndSpreadsBursts) {
  ConvInterleaver tx({3, 192, false}), rx({3, 192, true});
  ASSERT_EQ(tx.pair_latency(), 20u * 3 * 2 * 192);
  std::mt19937_64 rng(3);
  const std::size_t n = 60000;
  std::vector<std::uint8_t> in(n), mid(n), out(n);
  for (auto& v : in) v = static_cast<std::uint8_t>(1 + (rng() % 3));  // nonzero: zeros are fill
  // odd call splits
  for (std::size_t k = 0; k < n;) {
    const std::size_t c = std::min<std::size_t>(n - k, 1 + rng() % 977);
    tx.process(std::span(in).subspan(k, c), std::span(mid).subspan(k, c));
    rx.process(std::span(mid).subspan(k, c), std::span(out).subspan(k, c));
    k += c;
  }
  const std::size_t lat = tx.pair_latency();
  for (std::size_t k = 0; k < lat; ++k) ASSERT_EQ(out[k], 0) << k;
  for (std::size_t k = lat; k < n; ++k) ASSERT_EQ(out[k], in[k - lat]) << k;
  // interleaver: output block i is input block i - P (P - 1 - b) D, b = i mod 3
  for (std::size_t blk = 0; blk < n / 20; ++blk) {
    const std::size_t b = blk % 3, d = 3 * (2 - b) * 192;
    for (std::size_t q = 0; q < 20; ++q) {
      const std::size_t k = blk * 20 + q;
      ASSERT_EQ(mid[k], blk >= d ? in[k - 20 * d] : 0) << k;
    }
  }
  // a burst of 3 consecutive line blocks lands in 3 blocks >= P D blocks apart after deinterleaving
  EXPECT_THROW(ConvInterleaver({0, 1, false}), std::invalid_argument);
}

TEST(InnerFecRx, StreamingEqualsDecoderAndMonitorCounts) {
  std::mt19937_64 rng(17);
  const int ncw = 300;
  std::vector<std::uint8_t> msgs(60 * ncw), line;
  for (auto& v : msgs) v = static_cast<std::uint8_t>(rng() & 3u);
  InnerFecTx tx;
  for (std::size_t k = 0; k < msgs.size();) {  // odd splits
    const std::size_t c = std::min<std::size_t>(msgs.size() - k, 1 + rng() % 100);
    tx.process(std::span(msgs).subspan(k, c), line);
    k += c;
  }
  ASSERT_EQ(line.size(), 64u * ncw);
  std::vector<std::int32_t> z(line.size());
  std::normal_distribution<double> g(0, 0.33);
  for (std::size_t k = 0; k < z.size(); ++k)
    z[k] = static_cast<std::int32_t>(std::lround((2.0 * gray_level(line[k]) - 3 + g(rng)) * kA));
  const auto llr = llrs_of(z);
  const std::uint64_t skip = 6;  // 3 symbols of junk before codeword 0
  std::vector<std::int8_t> stream(skip, 5);
  stream.insert(stream.end(), llr.begin(), llr.end());
  InnerFecRx rx({{InnerAlgo::chase, 4, true}, skip});
  std::vector<std::uint8_t> dec;
  std::vector<InnerFecRxCodeword> st;
  for (std::size_t k = 0; k < stream.size();) {
    const std::size_t c = std::min<std::size_t>(stream.size() - k, 1 + rng() % 300);
    rx.process(std::span(stream).subspan(k, c), {&dec, &st});
    k += c;
  }
  ASSERT_EQ(dec.size(), 60u * ncw);
  ASSERT_EQ(st.size(), std::size_t(ncw));
  const InnerDecoder ref({InnerAlgo::chase, 4, true});
  InnerFecMonitor mon;
  std::vector<std::uint8_t> out(64);
  for (int c = 0; c < ncw; ++c) {
    const auto r = ref.decode(std::span(llr).subspan(128 * c, 128), out);
    mon.update(r);
    ASSERT_EQ(st[c].end, skip + 128u * (c + 1));
    ASSERT_TRUE(std::equal(out.begin(), out.begin() + 60, dec.begin() + 60 * c));
  }
  EXPECT_EQ(rx.monitor().codewords(), std::uint64_t(ncw));
  EXPECT_EQ(rx.monitor().corrected_codewords(), mon.corrected_codewords());
  EXPECT_GT(mon.corrected_codewords(), 0u);
  std::uint64_t h = 0;
  for (auto v : rx.monitor().position_histogram()) h += v;
  EXPECT_EQ(h, rx.monitor().corrected_positions());
  EXPECT_THROW(InnerFecRx({{InnerAlgo::chase, 7, true}, 0}), std::invalid_argument);
}

// Concatenated: the RS(544,514) codeword error ratio predicted from the measured inner-decoder
// output (per CI block symbol-error distribution through the deinterleaver, blocks of one RS
// codeword independent) against the measured ratio, at a noise where failures are countable.
TEST(InnerConcatenated, RsCerPredictionMatchesMeasurement) {
  const auto st = run_chain(0.44, 1500, 77);
  const double pred = predicted_cer(st.block_dist);
  const double meas = static_cast<double>(st.rs_failed) / static_cast<double>(st.rs_codewords);
  std::printf("raw BER %.3e  P(block errors 0..4) %.4e %.3e %.3e %.3e %.3e  CER measured %.4f predicted %.4f\n",
              st.raw_ber, st.block_dist[0], st.block_dist[1], st.block_dist[2], st.block_dist[3], st.block_dist[4],
              meas, pred);
  ASSERT_GT(st.rs_failed, 20u) << "noise too low to count failures";
  ASSERT_LT(st.rs_failed, 1400u) << "noise too high";
  const double sd = std::sqrt(static_cast<double>(st.rs_codewords) * pred * (1 - pred));
  EXPECT_NEAR(static_cast<double>(st.rs_failed), st.rs_codewords * pred, 3.0 * sd + 3);
}


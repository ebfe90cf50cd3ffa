#include <gtest/gtest.h>

#include <vector>

#include "halo/fec/error_injector.hpp"
#include "halo/fec/rs_decoder.hpp"
#include "halo/fec/rs_encoder.hpp"
#include "halo/isa.hpp"

using namespace halo::fec;

// Reference vector from kp4-fec.md (checked with two independent implementations):
// m_i = (7 i + 1) mod 1024, i = 0 sent first; parity p29 first.
TEST(RsEncoder, Kp4ReferenceVector) {
  RsEncoder enc(kKp4);
  std::vector<gf_t> msg(514), cw(544);
  for (unsigned i = 0; i < 514; ++i) msg[i] = static_cast<gf_t>((7 * i + 1) % 1024);
  enc.encode(msg, cw);
  const unsigned parity[30] = {689, 111, 94,  988, 625, 740, 896, 781, 1012, 590, 20,  850, 296, 30,  222,
                               811, 134, 716, 134, 474, 624, 974, 735, 460,  318, 682, 557, 601, 886, 95};
  for (unsigned i = 0; i < 514; ++i) ASSERT_EQ(cw[i], msg[i]);
  for (unsigned j = 0; j < 30; ++j) EXPECT_EQ(cw[514 + j], parity[j]) << "p" << 29 - j;
}

TEST(RsEncoder, TableEncoderMatchesLfsrAndGivesZeroSyndromes) {
  for (const RsCode& c : {kKp4, kKr4}) {
    RsEncoder enc(c);
    RsDecoder dec(c);
    ErrorInjector inj(1234);
    std::vector<gf_t> msg(c.k), a(c.n), b(c.n), s(c.parity()), rem(c.parity());
    for (int trial = 0; trial < 300; ++trial) {
      inj.random_symbols(msg);
      if (trial == 0) std::fill(msg.begin(), msg.end(), 0);
      if (trial == 1) std::fill(msg.begin(), msg.end(), 1023);
      enc.encode(msg, a);
      enc.encode_lfsr(msg, b);
      ASSERT_EQ(a, b) << "trial " << trial;
      dec.syndromes(a, s);
      for (auto v : s) ASSERT_EQ(v, 0u);
      enc.remainder(a, rem);
      for (auto v : rem) ASSERT_EQ(v, 0u);
    }
  }
}

TEST(RsEncoder, IsLinear) {
  RsEncoder enc(kKp4);
  ErrorInjector inj(7);
  std::vector<gf_t> m1(514), m2(514), m3(514), c1(544), c2(544), c3(544);
  for (int trial = 0; trial < 50; ++trial) {
    inj.random_symbols(m1);
    inj.random_symbols(m2);
    for (unsigned i = 0; i < 514; ++i) m3[i] = static_cast<gf_t>(m1[i] ^ m2[i]);
    enc.encode(m1, c1);
    enc.encode(m2, c2);
    enc.encode(m3, c3);
    for (unsigned i = 0; i < 544; ++i) ASSERT_EQ(c3[i], c1[i] ^ c2[i]);
  }
}

TEST(RsEncoder, WrongLengthsThrow) {
  RsEncoder enc(kKp4);
  std::vector<gf_t> msg(513), cw(544), par(30);
  EXPECT_THROW(enc.encode(msg, cw), std::invalid_argument);
  msg.resize(514);
  cw.resize(543);
  EXPECT_THROW(enc.encode(msg, cw), std::invalid_argument);
  EXPECT_THROW(enc.parity(msg, std::span<gf_t>(par).first(29)), std::invalid_argument);
  EXPECT_THROW(RsEncoder(RsCode{100, 100}), std::invalid_argument);
}

// The whole encoder and decoder on every dispatch path (halo/isa.hpp levels forced with
// set_level; clamped to the host): encode equals the LFSR encoder, and the decoder's outputs
// (corrected word and every DecodeResult field) are identical on every path for clean words,
// 1..15 symbol errors and uncorrectable words, KP4 and KR4.
TEST(RsEncoder, EncoderAndDecoderBitIdenticalOnEveryIsaPath) {
  using halo::isa::Level;
  for (const RsCode& c : {kKp4, kKr4}) {
    RsEncoder enc(c);
    RsDecoder dec(c);
    ErrorInjector inj(2525);
    std::vector<gf_t> msg(c.k), lfsr(c.n), cw(c.n);
    for (int trial = 0; trial < 120; ++trial) {
      inj.random_symbols(msg);
      enc.encode_lfsr(msg, lfsr);
      std::vector<gf_t> rx = lfsr;
      inj.symbol_errors(rx, static_cast<unsigned>(trial) % (c.t() + 4));
      std::vector<gf_t> ref_word;
      DecodeResult ref{};
      for (const Level l : {Level::kBaseline, Level::kV3, Level::kV4, Level::kGfni}) {
        const Level before = halo::isa::set_level(l);
        enc.encode(msg, cw);
        std::vector<gf_t> w = rx;
        const DecodeResult r = dec.decode(w);
        halo::isa::set_level(before);
        ASSERT_EQ(cw, lfsr) << "level " << halo::isa::name(l) << " trial " << trial;
        if (l == Level::kBaseline) {
          ref_word = w;
          ref = r;
          continue;
        }
        ASSERT_EQ(w, ref_word) << "level " << halo::isa::name(l) << " trial " << trial;
        ASSERT_EQ(r.uncorrectable, ref.uncorrectable);
        ASSERT_EQ(r.corrected_symbols, ref.corrected_symbols);
        ASSERT_EQ(r.corrected_bits, ref.corrected_bits);
        ASSERT_EQ(r.num_errors, ref.num_errors);
        ASSERT_EQ(r.positions, ref.positions);
        ASSERT_EQ(r.values, ref.values);
      }
    }
  }
}

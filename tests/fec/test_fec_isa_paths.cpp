// Every run-time ISA path of the RS FEC kernels (halo/isa.hpp: baseline = scalar/SSE2, v3 =
// AVX2, v4 = AVX-512, gfni = the carry-less + GF(2)-affine evaluation) forced in turn and
// compared, output for output, with the baseline path and with independent references written
// here: parity symbols (the textbook LFSR encoder), syndromes (Horner's rule with the bit-serial
// multiplier), corrected codewords and error counts (the transmitted codeword and the injected
// pattern), on random codewords with 0..t+3 symbol errors and random bit errors, KP4 and KR4,
// and the errors-and-erasures decoder on the same words with some of the error positions (and
// sometimes a correct symbol) flagged.
// A path the CPU lacks is skipped with GTEST_SKIP naming the missing feature.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "halo/fec/error_injector.hpp"
#include "halo/fec/rs_decoder.hpp"
#include "halo/fec/rs_encoder.hpp"
#include "halo/isa.hpp"
#include "rs_test_util.hpp"

using namespace halo::fec;
using halo::isa::Level;

namespace {

const char* features(Level l) {
  switch (l) {
    case Level::kGfni:
      return "x86-64-v4 (AVX-512 F/BW/CD/DQ/VL) + GFNI + AVX-512 VBMI + AVX-512 VBMI2 + VPCLMULQDQ";
    case Level::kV4:
      return "x86-64-v4 (AVX-512 F/BW/CD/DQ/VL)";
    case Level::kV3:
      return "x86-64-v3 (AVX2, BMI2, FMA)";
    default:
      return "nothing";
  }
}

/// S_j = r(alpha^j) by Horner's rule with the bit-serial multiplier (the RTL's model)
std::vector<gf_t> horner_syndromes(const std::vector<gf_t>& r, unsigned np) {
  std::vector<gf_t> s(np);
  for (unsigned j = 0; j < np; ++j) {
    const gf_t a = gf_alpha_pow(static_cast<long>(j));
    gf_t v = 0;
    for (gf_t c : r) v = static_cast<gf_t>(gf_mul_bitserial(v, a) ^ (c & 0x3ffu));
    s[j] = v;
  }
  return s;
}

struct Outputs {
  std::vector<gf_t> cw, syndromes, decoded, decoded_traced, decoded_erasures;
  DecodeResult res, res_traced, res_erasures;
};

class FecIsaPath : public testing::TestWithParam<Level> {
 protected:
  void SetUp() override {
    if (halo::isa::host() < GetParam())
      GTEST_SKIP() << "this CPU lacks " << features(GetParam()) << ", or HALO_ISA lowers the level (host level "
                   << halo::isa::name(halo::isa::host()) << ")";
  }
};

Outputs run(Level l, const RsEncoder& enc, const RsDecoder& dec, const std::vector<gf_t>& msg,
            const std::vector<gf_t>& err, const std::vector<std::uint16_t>& erasures, unsigned n) {
  const Level before = halo::isa::set_level(l);
  Outputs o;
  o.cw.resize(n);
  enc.encode(msg, o.cw);
  std::vector<gf_t> rx(n);
  for (unsigned i = 0; i < n; ++i) rx[i] = static_cast<gf_t>(o.cw[i] ^ err[i]);
  o.decoded = rx;
  o.res = dec.decode(o.decoded);
  o.decoded_traced = rx;
  DecodeTrace tr;
  o.res_traced = dec.decode(o.decoded_traced, &tr);
  o.syndromes.assign(tr.syndromes.begin(), tr.syndromes.begin() + (n - msg.size()));
  o.decoded_erasures = rx;
  o.res_erasures = dec.decode_erasures(o.decoded_erasures, erasures);
  halo::isa::set_level(before);
  return o;
}

}  // namespace

TEST_P(FecIsaPath, EveryOutputEqualsTheScalarPathAndTheReferences) {
  const Level l = GetParam();
  for (const RsCode& c : {kKp4, kKr4}) {
    const unsigned n = c.n, k = c.k, t = c.t();
    RsEncoder enc(c);
    RsDecoder dec(c);
    ErrorInjector inj(4000 + static_cast<unsigned>(l));
    std::mt19937 rng(77 + static_cast<unsigned>(l));
    std::vector<gf_t> msg(k), lfsr(n), err(n);
    for (int trial = 0; trial < 150; ++trial) {
      inj.random_symbols(msg);
      enc.encode_lfsr(msg, lfsr);
      std::fill(err.begin(), err.end(), gf_t{0});
      unsigned nerr = 0;
      if (trial % 5 == 4) {
        inj.bit_errors(err, 2.4e-3);
        for (gf_t e : err) nerr += e != 0;
      } else {
        nerr = static_cast<unsigned>(trial) % (t + 4);
        inj.symbol_errors(err, nerr);
      }
      // erasures: e of the error positions (and, every third trial, one correct symbol) flagged,
      // so 2 v + e <= 2t whenever nerr - e <= (2t - e) / 2
      std::vector<std::uint16_t> erasures;
      for (unsigned i = 0; i < n && erasures.size() < (static_cast<unsigned>(trial) % (2 * t + 1)) / 2; ++i)
        if (err[i] != 0) erasures.push_back(static_cast<std::uint16_t>(i));
      if (trial % 3 == 0)
        for (unsigned i = 0; i < n; ++i)
          if (err[i] == 0) {
            erasures.push_back(static_cast<std::uint16_t>(i));
            break;
          }
      const Outputs ref = run(Level::kBaseline, enc, dec, msg, err, erasures, n);
      const Outputs o = run(l, enc, dec, msg, err, erasures, n);
      SCOPED_TRACE(testing::Message() << "code n=" << n << " trial " << trial << " errors " << nerr << " level "
                                      << halo::isa::name(l));
      // independent references
      ASSERT_EQ(o.cw, lfsr);
      std::vector<gf_t> rx(n);
      for (unsigned i = 0; i < n; ++i) rx[i] = static_cast<gf_t>(lfsr[i] ^ err[i]);
      ASSERT_EQ(o.syndromes, horner_syndromes(rx, n - k));
      unsigned flagged_errors = 0;
      for (auto e : erasures) flagged_errors += err[e] != 0;
      if (2 * (nerr - flagged_errors) + erasures.size() <= 2 * t) {  // errors and erasures within reach
        EXPECT_FALSE(o.res_erasures.uncorrectable);
        EXPECT_EQ(o.decoded_erasures, lfsr);
      }
      if (nerr <= t) {
        EXPECT_FALSE(o.res.uncorrectable);
        EXPECT_EQ(o.decoded, lfsr);
        EXPECT_EQ(o.decoded_traced, lfsr);
        EXPECT_EQ(o.res.corrected_symbols, nerr);
      }
      // the scalar path, output for output
      EXPECT_EQ(o.cw, ref.cw);
      EXPECT_EQ(o.syndromes, ref.syndromes);
      EXPECT_EQ(o.decoded, ref.decoded);
      EXPECT_EQ(o.decoded_traced, ref.decoded_traced);
      test::expect_same_result(o.res, ref.res, "decode");
      test::expect_same_result(o.res_traced, ref.res_traced, "traced decode");
      EXPECT_EQ(o.decoded_erasures, ref.decoded_erasures);
      test::expect_same_result(o.res_erasures, ref.res_erasures, "errors-and-erasures decode");
      if (testing::Test::HasFailure()) return;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Levels, FecIsaPath, testing::Values(Level::kBaseline, Level::kV3, Level::kV4, Level::kGfni),
                         [](const testing::TestParamInfo<Level>& i) { return std::string(halo::isa::name(i.param)); });

// HALO_ISA names: the (scalar, avx2, avx512, gfni) and the levels' own; an unknown name
// never selects code the CPU may lack.
TEST(IsaOverride, NamesParseToLevels) {
  EXPECT_EQ(halo::isa::parse_level("scalar"), Level::kBaseline);
  EXPECT_EQ(halo::isa::parse_level("baseline"), Level::kBaseline);
  EXPECT_EQ(halo::isa::parse_level("avx2"), Level::kV3);
  EXPECT_EQ(halo::isa::parse_level("v3"), Level::kV3);
  EXPECT_EQ(halo::isa::parse_level("avx512"), Level::kV4);
  EXPECT_EQ(halo::isa::parse_level("v4"), Level::kV4);
  EXPECT_EQ(halo::isa::parse_level("gfni"), Level::kGfni);
  EXPECT_EQ(halo::isa::parse_level("AVX512"), Level::kBaseline);
  EXPECT_EQ(halo::isa::parse_level(""), Level::kBaseline);
}

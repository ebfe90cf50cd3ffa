// Clause 177 inner FEC RTL vs golden model (label cosim): rtl/fec/inner_enc.sv against
// halo::fec::inner::InnerFecTx and rtl/fec/inner_dec_hard.sv against InnerDecoder (hard) and
// InnerFecRx, every output beat and every codeword status compared (inner_cosim.hpp), at full
// rate and with random stalls on both sides. The decoder also gets every XOR-domain error
// pattern of weight <= 3 built from PAM4 samples on the far side of a slicer threshold, and
// the test checks what the code guarantees independently of both implementations: weight 1
// corrected back to the sent codeword, weight 2 detected. HALO_COSIM_SEED overrides the seed.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <random>
#include <vector>

#include "Vinner_dec_p1.h"
#include "Vinner_dec_p64.h"
#include "Vinner_dec_p8.h"
#include "Vinner_enc_p1.h"
#include "Vinner_enc_p64.h"
#include "Vinner_enc_p8.h"
#include "halo/fec/inner_fec.hpp"
#include "halo/fec/inner_llr.hpp"
#include "inner_cosim.hpp"
#include "inner_dec_stim.hpp"

using namespace halo::verif::inner;
namespace hi = halo::fec::inner;

namespace {

void print(const char* what, const InnerCosimReport& r) {
  std::printf("[cosim] %s: %u codewords, %llu beats, %llu cycles, latency %ld, corrected %u, uncorrectable %u, "
              "input stalls %llu, output gaps %llu\n",
              what, r.codewords, static_cast<unsigned long long>(r.beats), static_cast<unsigned long long>(r.cycles),
              r.latency, r.corrected, r.uncorrectable, static_cast<unsigned long long>(r.input_stalls),
              static_cast<unsigned long long>(r.output_gaps));
}

// IEEE P802.3dj Clause 177 test vector 1 (as quoted in github.com/Omer-Sella/802.3,
// ieeeConstants.py tv1_tp4 / tv1_parity): 120 message bits and their 8 parity bits.
const std::array<int, 120> kTv1 = {0,1,0,1,1,0,0,0,1,1,0,0,1,1,0,0,1,1,0,1,0,1,1,0,1,0,1,0,1,0,1,1,0,1,1,0,1,1,0,1,
                                   1,0,1,0,1,1,1,0,1,0,1,1,1,0,1,1,0,0,1,1,0,1,1,1,1,0,1,0,1,0,1,0,1,1,1,1,1,0,1,1,
                                   0,1,1,0,1,0,0,1,0,1,1,1,0,1,0,1,1,0,0,0,0,0,1,0,1,1,0,1,0,1,0,0,1,0,1,1,0,0,0,0};
const std::array<int, 8> kTv1Parity = {0, 1, 0, 1, 0, 0, 0, 1};

/// Encoder stimulus: codeword 0 is the published test vector, the others random messages;
/// the 4 parity slots of the input carry random pairs (the RTL must ignore them). Expected
/// output from InnerFecTx fed the 60 message pairs.
struct EncStim {
  std::mt19937_64 rng;
  hi::InnerFecTx tx;
  unsigned n = 0;
  explicit EncStim(std::uint64_t s) : rng(s) {}
  InnerItem next() {
    InnerItem it;
    it.pairs.resize(hi::kCwSymbols);
    for (auto& v : it.pairs) v = static_cast<std::uint8_t>(rng() & 3u);
    if (n++ == 0)
      for (unsigned k = 0; k < hi::kMsgSymbols; ++k)
        it.pairs[k] = static_cast<std::uint8_t>((kTv1[2 * k] << 1) | kTv1[2 * k + 1]);
    tx.process(std::span<const std::uint8_t>(it.pairs.data(), hi::kMsgSymbols), it.out);
    return it;
  }
};

template <class Model>
void encoder_case(unsigned p, unsigned n, double pv, double pr, std::uint64_t seed, const char* name) {
  EncStim stim(seed_of(seed));
  std::vector<std::uint8_t> first;
  const auto o = opts(p, n, pv, pr, seed);
  const auto rep = run<Model, false>(o, [&] {
    InnerItem it = stim.next();
    if (first.empty()) first = it.out;
    return it;
  });
  print(name, rep);
  ASSERT_TRUE(rep.ok) << rep.error;
  EXPECT_EQ(rep.codewords, n);
  // the published vector's parity, p0..p7 in symbols 60..63 as (A, B)
  for (unsigned j = 0; j < 8; ++j)
    EXPECT_EQ((first[60 + j / 2] >> ((j & 1u) ? 0 : 1)) & 1u, static_cast<unsigned>(kTv1Parity[j])) << "p" << j;
  if (pv == 1.0 && pr == 1.0) {
    EXPECT_EQ(rep.input_stalls, 0u);
    EXPECT_EQ(rep.output_gaps, 0u);
    EXPECT_EQ(rep.latency, 1);
  }
}

template <class Model>
void decoder_random_case(unsigned p, unsigned n, double pv, double pr, std::uint64_t seed, const char* name,
                         bool correct = true) {
  DecStim stim(seed_of(seed) ^ 0xabcdefull);
  stim.configure({hi::InnerAlgo::hard, 4, correct});
  std::vector<std::uint8_t> msgs;  // the expected message pairs of every item
  auto o = opts(p, n, pv, pr, seed);
  o.correct = correct;
  const auto rep = run<Model, true>(o, [&] {
    InnerItem it = stim.random();
    msgs.insert(msgs.end(), it.out.begin(), it.out.begin() + hi::kMsgSymbols);
    return it;
  });
  print(name, rep);
  ASSERT_TRUE(rep.ok) << rep.error;
  EXPECT_EQ(rep.codewords, n);
  EXPECT_GT(rep.corrected, n / 10);
  EXPECT_GT(rep.uncorrectable, n / 20);
  EXPECT_EQ(stim.rx_pairs, msgs) << "InnerFecRx's stream output differs from InnerDecoder's codewords";
  if (pv == 1.0 && pr == 1.0) {
    EXPECT_EQ(rep.input_stalls, 0u);
    EXPECT_EQ(rep.output_gaps, 0u);
    EXPECT_EQ(rep.latency, static_cast<long>(64 / p + 1));
  }
}

/// Every XOR-domain error pattern of weight 0..3 (52,463 codewords).
template <class Model>
void decoder_exhaustive_case(unsigned p, double pv, double pr, std::uint64_t seed, const char* name) {
  const auto pats = error_patterns_up_to_weight3();
  ASSERT_EQ(pats.size(), 1u + 68u + 2278u + 50116u);
  DecStim stim(seed_of(seed));
  std::size_t i = 0;
  unsigned bad1 = 0, bad2 = 0, corrected3 = 0;
  const auto rep = run<Model, true>(opts(p, static_cast<unsigned>(pats.size()), pv, pr, seed), [&] {
    const auto& e = pats[i++];
    InnerItem it = stim.make(e);
    // what the code guarantees, checked on the golden model's answer (the RTL must equal it)
    if (e.size() <= 1 && (it.out != stim.sent || it.result.status != (e.empty() ? hi::InnerStatus::clean
                                                                                 : hi::InnerStatus::corrected)))
      ++bad1;
    if (e.size() == 2 && it.result.status != hi::InnerStatus::uncorrectable) ++bad2;
    if (e.size() == 3 && it.result.status == hi::InnerStatus::corrected) ++corrected3;
    return it;
  });
  print(name, rep);
  ASSERT_TRUE(rep.ok) << rep.error;
  EXPECT_EQ(rep.codewords, pats.size());
  EXPECT_EQ(bad1, 0u) << "single errors not corrected back to the sent codeword";
  EXPECT_EQ(bad2, 0u) << "double errors not detected";
  EXPECT_EQ(rep.uncorrectable + rep.corrected, pats.size() - 1);
  std::printf("[cosim] weight-3 patterns miscorrected (decoded to another codeword): %u of 50116\n", corrected3);
}

}  // namespace

TEST(InnerCosim, EncoderP1) {
  encoder_case<Vinner_enc_p1>(1, 2000, 1.0, 1.0, 1, "enc P=1 full rate");
  encoder_case<Vinner_enc_p1>(1, 2000, 0.6, 0.5, 2, "enc P=1 stalls");
}
TEST(InnerCosim, EncoderP8) {
  encoder_case<Vinner_enc_p8>(8, 20000, 1.0, 1.0, 3, "enc P=8 full rate");
  encoder_case<Vinner_enc_p8>(8, 20000, 0.7, 0.6, 4, "enc P=8 stalls");
}
TEST(InnerCosim, EncoderP64) {
  encoder_case<Vinner_enc_p64>(64, 50000, 1.0, 1.0, 5, "enc P=64 full rate");
  encoder_case<Vinner_enc_p64>(64, 50000, 0.5, 0.5, 6, "enc P=64 stalls");
}
TEST(InnerCosim, DecoderHardP1) {
  decoder_random_case<Vinner_dec_p1>(1, 3000, 1.0, 1.0, 11, "dec P=1 full rate");
  decoder_random_case<Vinner_dec_p1>(1, 3000, 0.7, 0.5, 12, "dec P=1 stalls");
}
TEST(InnerCosim, DecoderHardP8) {
  decoder_random_case<Vinner_dec_p8>(8, 20000, 1.0, 1.0, 13, "dec P=8 full rate");
  decoder_random_case<Vinner_dec_p8>(8, 20000, 0.6, 0.7, 14, "dec P=8 stalls");
  decoder_random_case<Vinner_dec_p8>(8, 5000, 0.8, 0.8, 15, "dec P=8 bypass", false);
}
TEST(InnerCosim, DecoderHardP64) {
  decoder_random_case<Vinner_dec_p64>(64, 30000, 1.0, 1.0, 16, "dec P=64 full rate");
  decoder_random_case<Vinner_dec_p64>(64, 30000, 0.5, 0.5, 17, "dec P=64 stalls");
}
TEST(InnerCosim, DecoderHardAllErrorPatternsUpToWeight3P8) {
  decoder_exhaustive_case<Vinner_dec_p8>(8, 0.8, 0.7, 21, "dec P=8 all weight <= 3, stalls");
}
TEST(InnerCosim, DecoderHardAllErrorPatternsUpToWeight3P64) {
  decoder_exhaustive_case<Vinner_dec_p64>(64, 1.0, 1.0, 22, "dec P=64 all weight <= 3, full rate");
}

// Clause 177 inner FEC Chase-2 decoder RTL vs golden model (label cosim): rtl/fec/inner_dec_chase.sv
// (P = 8 at ChaseL = 2, 4, 6; P = 1 and 32 at 4 (32: the comparison's DSP parallelism); P = 64 at 6) against halo::fec::inner::InnerDecoder (chase) and InnerFecRx,
// every output beat (pairs, first, last) and every codeword's verdict (corrected,
// uncorrectable, the set of changed XOR-domain positions, the metric) compared
// (inner_cosim.hpp), at full rate (no input stall, no output gap, latency checked) and with
// random stalls on both sides; random messages with 0..3 XOR-domain errors or uniformly random
// LLRs (ties of reliabilities are frequent in the 7-bit format), bypass, and every XOR-domain
// error pattern of weight <= 3. Independently of both implementations the test checks every
// corrected verdict: the output is a codeword of the Table 177-1 code (its own syndrome, from
// the test's parity-check columns), it differs from the hard decisions exactly in the flip
// set, and the metric is the sum of the flipped positions' reliabilities computed here from
// the LLRs. HALO_COSIM_SEED overrides the seed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <cstdlib>
#include <vector>

#include "Vinner_chase_p1_l4.h"
#include "Vinner_chase_p32_l4.h"
#include "Vinner_chase_p64_l6.h"
#include "Vinner_chase_p8_l2.h"
#include "Vinner_chase_p8_l4.h"
#include "Vinner_chase_p8_l6.h"
#include "inner_cosim.hpp"
#include "inner_dec_stim.hpp"

using namespace halo::verif::inner;
namespace hi = halo::fec::inner;

namespace {

void print(const char* what, const InnerCosimReport& r) {
  std::printf("[cosim] %s: %u codewords, %llu cycles, latency %ld, corrected %u, uncorrectable %u, "
              "input stalls %llu, output gaps %llu\n",
              what, r.codewords, static_cast<unsigned long long>(r.cycles), r.latency, r.corrected, r.uncorrectable,
              static_cast<unsigned long long>(r.input_stalls), static_cast<unsigned long long>(r.output_gaps));
}

/// Checks of a corrected verdict written from the definitions (not the golden model's code):
/// returns an empty string or what is wrong.
std::string check_corrected(const InnerItem& it) {
  if (it.result.status != hi::InnerStatus::corrected) return {};
  // parity-check column of XOR position i: the Table 177-1 row for data (hi::kG, checked against
  // a second transcription in tests/fec), the unit vector for parity
  auto col = [](unsigned i) { return i < 60 ? hi::kG[i] : static_cast<std::uint8_t>(1u << (i - 60)); };
  auto rel = [](int l) { return l >= 0 ? l : -1 - l; };
  std::uint8_t syn = 0;
  unsigned metric = 0;
  for (unsigned k = 0; k < hi::kXorBits; ++k) {
    unsigned out_x, hard_x;
    int r;
    if (k < 60) {
      out_x = ((it.out[k] >> 1) ^ it.out[k]) & 1u;
      hard_x = static_cast<unsigned>((it.llr[2 * k] < 0) != (it.llr[2 * k + 1] < 0));
      r = std::min(rel(it.llr[2 * k]), rel(it.llr[2 * k + 1]));
    } else {
      const unsigned j = k - 60;
      out_x = (it.out[60 + j / 2] >> ((j & 1u) ? 0 : 1)) & 1u;
      hard_x = static_cast<unsigned>(it.llr[120 + j] < 0);
      r = rel(it.llr[120 + j]);
    }
    if (out_x) syn = static_cast<std::uint8_t>(syn ^ col(k));
    bool flipped = false;
    for (unsigned f = 0; f < it.result.num_flips; ++f) flipped |= it.result.flips[f] == k;
    if (flipped != (out_x != hard_x)) return "flip set differs from the changed positions at " + std::to_string(k);
    if (flipped) metric += static_cast<unsigned>(r);
  }
  if (syn != 0) return "corrected output is not a codeword";
  if (metric != it.result.metric) return "metric is not the sum of the flipped reliabilities";
  return {};
}

template <class Model>
void random_case(unsigned p, unsigned l, unsigned n, double pv, double pr, std::uint64_t seed, const char* name,
                 bool correct = true) {
  DecStim stim(seed_of(seed) ^ 0x5eedc4a5eull);
  stim.configure({hi::InnerAlgo::chase, l, correct});
  std::vector<std::uint8_t> msgs;
  std::string bad;
  const auto rep = run<Model, true, true>(opts(p, n, pv, pr, seed, correct), [&] {
    InnerItem it = stim.random();
    msgs.insert(msgs.end(), it.out.begin(), it.out.begin() + hi::kMsgSymbols);
    if (bad.empty() && correct) bad = check_corrected(it);
    return it;
  });
  print(name, rep);
  ASSERT_TRUE(rep.ok) << rep.error;
  EXPECT_EQ(rep.codewords, n);
  EXPECT_TRUE(bad.empty()) << bad;
  EXPECT_GT(rep.corrected, n / 4);
  // (uncorrectable verdicts are rare with Chase-2: some test pattern almost always reaches a codeword)
  EXPECT_EQ(stim.rx_pairs, msgs) << "InnerFecRx's stream output differs from InnerDecoder's codewords";
  if (pv == 1.0 && pr == 1.0) {
    const unsigned beats = 64 / p, groups = std::min(1u << l, beats);
    EXPECT_EQ(rep.input_stalls, 0u);
    EXPECT_EQ(rep.output_gaps, 0u);
    EXPECT_EQ(rep.latency, static_cast<long>(beats + groups + 7));
  }
}

/// Every XOR-domain error pattern of weight 0..3 (52,463 codewords).
template <class Model>
void exhaustive_case(unsigned p, unsigned l, double pv, double pr, std::uint64_t seed, const char* name) {
  const auto pats = error_patterns_up_to_weight3();
  ASSERT_EQ(pats.size(), 1u + 68u + 2278u + 50116u);
  DecStim stim(seed_of(seed));
  stim.configure({hi::InnerAlgo::chase, l, true});
  std::size_t i = 0;
  unsigned clean_bad = 0, fixed[4] = {0, 0, 0, 0};
  std::string bad;
  const auto rep = run<Model, true, true>(opts(p, static_cast<unsigned>(pats.size()), pv, pr, seed), [&] {
    const auto& e = pats[i++];
    InnerItem it = stim.make(e);
    if (e.empty() && it.result.status != hi::InnerStatus::clean) ++clean_bad;
    if (it.out == stim.sent) ++fixed[e.size()];
    if (bad.empty()) bad = check_corrected(it);
    return it;
  });
  print(name, rep);
  ASSERT_TRUE(rep.ok) << rep.error;
  EXPECT_EQ(rep.codewords, pats.size());
  EXPECT_EQ(clean_bad, 0u);
  EXPECT_TRUE(bad.empty()) << bad;
  EXPECT_EQ(rep.uncorrectable + rep.corrected, pats.size() - 1);
  std::printf("[cosim] decoded back to the sent codeword: weight 1 %u of 68, weight 2 %u of 2278, weight 3 %u of "
              "50116\n", fixed[1], fixed[2], fixed[3]);
}

}  // namespace

TEST(InnerChaseCosim, P8L2) {
  random_case<Vinner_chase_p8_l2>(8, 2, 4000, 1.0, 1.0, 31, "chase P=8 L=2 full rate");
  random_case<Vinner_chase_p8_l2>(8, 2, 4000, 0.6, 0.7, 32, "chase P=8 L=2 stalls");
}
TEST(InnerChaseCosim, P8L4) {
  random_case<Vinner_chase_p8_l4>(8, 4, 8000, 1.0, 1.0, 35, "chase P=8 L=4 full rate");
  random_case<Vinner_chase_p8_l4>(8, 4, 8000, 0.6, 0.6, 36, "chase P=8 L=4 stalls");
  random_case<Vinner_chase_p8_l4>(8, 4, 3000, 0.8, 0.8, 37, "chase P=8 L=4 bypass", false);
}
TEST(InnerChaseCosim, P8L6) {
  random_case<Vinner_chase_p8_l6>(8, 6, 4000, 1.0, 1.0, 40, "chase P=8 L=6 full rate");
  random_case<Vinner_chase_p8_l6>(8, 6, 4000, 0.5, 0.7, 41, "chase P=8 L=6 stalls");
}
TEST(InnerChaseCosim, P1L4) {
  random_case<Vinner_chase_p1_l4>(1, 4, 1500, 1.0, 1.0, 42, "chase P=1 L=4 full rate");
  random_case<Vinner_chase_p1_l4>(1, 4, 1500, 0.7, 0.6, 43, "chase P=1 L=4 stalls");
}
TEST(InnerChaseCosim, P32L4) {
  random_case<Vinner_chase_p32_l4>(32, 4, 8000, 1.0, 1.0, 48, "chase P=32 L=4 full rate");
  random_case<Vinner_chase_p32_l4>(32, 4, 8000, 0.6, 0.6, 49, "chase P=32 L=4 stalls");
}
TEST(InnerChaseCosim, P64L6) {
  random_case<Vinner_chase_p64_l6>(64, 6, 10000, 1.0, 1.0, 46, "chase P=64 L=6 full rate");
  random_case<Vinner_chase_p64_l6>(64, 6, 10000, 0.6, 0.5, 47, "chase P=64 L=6 stalls");
}
TEST(InnerChaseCosim, AllErrorPatternsUpToWeight3P8L4) {
  exhaustive_case<Vinner_chase_p8_l4>(8, 4, 0.8, 0.7, 51, "chase P=8 L=4 all weight <= 3, stalls");
}
TEST(InnerChaseCosim, AllErrorPatternsUpToWeight3P64L6) {
  exhaustive_case<Vinner_chase_p64_l6>(64, 6, 1.0, 1.0, 52, "chase P=64 L=6 all weight <= 3, full rate");
}

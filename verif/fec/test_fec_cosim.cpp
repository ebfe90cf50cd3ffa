// RS-FEC RTL vs golden model, CI-sized (label cosim): every output beat and status word of
// rs_encoder / rs_decoder is compared with halo::fec::RsEncoder / RsDecoder, and for the
// decoder also the syndromes, Lambda and Omega^h of every codeword (DecodeTrace).
// Per configuration at least 20,000 codewords in total (full rate + random stalls).
// HALO_COSIM_CODEWORDS / HALO_COSIM_SEED override count and seed (docs/fec_rtl.md).
#include <gtest/gtest.h>

#ifdef HALO_COSIM_KR4
#include "Vfec_dec_kr4_p16.h"
#include "Vfec_dec_kr4_p16___024root.h"
#endif
#include "Vfec_dec_p1.h"
#include "Vfec_dec_p1___024root.h"
#include "Vfec_dec_p1_folded.h"
#include "Vfec_dec_p1_folded___024root.h"
#include "Vfec_dec_p32.h"
#include "Vfec_dec_p32___024root.h"
#include "Vfec_dec_p8.h"
#include "Vfec_dec_p8___024root.h"
#include "Vfec_dec_ilv2_p8.h"
#include "Vfec_dec_ilv4_p1.h"
#include "Vfec_enc_p1.h"
#include "Vfec_enc_p32.h"
#include "Vfec_enc_p8.h"
#include "fec_cosim.hpp"

using namespace halo::verif;
using halo::fec::kKp4;
using halo::fec::kKr4;

namespace {

CosimOptions opts(unsigned p, std::uint64_t seed, unsigned codewords, double pv, double pr,
                  halo::fec::RsCode code = kKp4) {
  CosimOptions o;
  o.code = code;
  o.p = p;
  o.seed = seed;
  o.codewords = codewords;
  o.in_valid_prob = pv;
  o.out_ready_prob = pr;
  return env_overrides(o);
}

void print(const char* what, const CosimReport& r) {
  std::printf("[cosim] %s: %u codewords, %llu beats, %llu cycles, latency %ld cycles, "
              "%u uncorrectable, input stalls %llu, output gaps %llu\n",
              what, r.codewords, static_cast<unsigned long long>(r.beats),
              static_cast<unsigned long long>(r.cycles), r.latency, r.uncorrectable,
              static_cast<unsigned long long>(r.input_stalls),
              static_cast<unsigned long long>(r.output_gaps));
}

/// Full-rate checks: every word compared, no stall on either side (throughput P symbols per
/// clock), the first-symbol latency within its bound, every kind of word seen.
void expect_full_rate(const CosimReport& r, const CosimOptions& o, long max_latency) {
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.codewords, o.codewords);
  EXPECT_EQ(r.input_stalls, 0u) << "decoder stalled its input at full rate";
  EXPECT_EQ(r.output_gaps, 0u) << "bubbles in the output at full rate";
  EXPECT_LE(r.latency, max_latency);
  for (unsigned k = 0; k < static_cast<unsigned>(WordKind::kCount); ++k)
    EXPECT_GT(r.kind_count[k], 0u) << to_string(static_cast<WordKind>(k));
}

/// Full rate, with the intermediate values (syndromes, Lambda, Omega) compared as well.
template <class M>
void full_rate_decoder(unsigned p, unsigned codewords, long max_latency,
                       halo::fec::RsCode code = kKp4) {
  const auto o = opts(p, 11 + p, codewords, 1.0, 1.0, code);
  unsigned traced = 0;
  const auto r = run_decoder<M>(o, &traced);
  print("decoder full rate", r);
  expect_full_rate(r, o, max_latency);
  EXPECT_GE(traced, o.codewords) << "syndromes/Lambda/Omega compared for every codeword";
}

template <class M>
void stalled_decoder(unsigned p, unsigned codewords, double pv, double pr, bool correct = true,
                     halo::fec::RsCode code = kKp4) {
  auto o = opts(p, 1000 + p + (correct ? 0 : 7), codewords, pv, pr, code);
  o.correct = correct;
  const auto r = run_decoder<M>(o);
  print(correct ? "decoder stalls" : "decoder bypass", r);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.codewords, o.codewords);
  EXPECT_GT(r.uncorrectable, 0u);
}

/// Codeword-interleaved decoder (rs_decoder_ilv): every output beat and every codeword's
/// status against the golden model, at full rate (no stall, no bubble, latency bound) and
/// with random stalls on both sides.
template <class M>
void interleaved_decoder(unsigned ways, unsigned p, unsigned groups, long max_latency) {
  auto o = opts(p, 300 + ways * 40 + p, groups, 1.0, 1.0);
  o.ways = ways;
  const auto r = run_decoder_ilv<M>(o);
  print("interleaved decoder full rate", r);
  expect_full_rate(r, o, max_latency);
  auto s = opts(p, 400 + ways * 40 + p, groups / 2, 0.8, 0.6);
  s.ways = ways;
  const auto q = run_decoder_ilv<M>(s);
  print("interleaved decoder stalls", q);
  ASSERT_TRUE(q.ok) << q.error;
  EXPECT_EQ(q.codewords, s.codewords);
  EXPECT_GT(q.uncorrectable, 0u);
}

template <class M>
void encoder(unsigned p, unsigned full, unsigned stalled) {
  const auto oa = opts(p, 21, full, 1.0, 1.0), ob = opts(p, 22, stalled, 0.7, 0.6);
  const auto a = run_encoder<M>(oa);
  print("encoder full rate", a);
  ASSERT_TRUE(a.ok) << a.error;
  EXPECT_EQ(a.input_stalls, 0u);
  EXPECT_EQ(a.output_gaps, 0u);
  EXPECT_EQ(a.latency, 1);
  const auto b = run_encoder<M>(ob);
  print("encoder stalls", b);
  ASSERT_TRUE(b.ok) << b.error;
  EXPECT_EQ(a.codewords, oa.codewords);
  EXPECT_EQ(b.codewords, ob.codewords);
}

}  // namespace

// Latency bound for P = 32: 2 codeword times + 40 cycles (a codeword is 17 beats).
constexpr long kP32LatencyBound = 2 * 17 + 40;

TEST(FecCosim, EncoderP1) { encoder<Vfec_enc_p1>(1, 10000, 10000); }
TEST(FecCosim, EncoderP8) { encoder<Vfec_enc_p8>(8, 10000, 10000); }
TEST(FecCosim, EncoderP32) { encoder<Vfec_enc_p32>(32, 10000, 10000); }

TEST(FecCosim, DecoderP1FullRate) { full_rate_decoder<Vfec_dec_p1>(1, 10000, 3 * 544); }
TEST(FecCosim, DecoderP1Stalls) { stalled_decoder<Vfec_dec_p1>(1, 8000, 0.8, 0.7); }
TEST(FecCosim, DecoderP1Bypass) { stalled_decoder<Vfec_dec_p1>(1, 2000, 0.9, 0.9, false); }

// P = 1 with the folded riBM (KesPe = 4): 2t * ceil((3t+1)/4) + 1 = 361 cycles per codeword
TEST(FecCosim, DecoderP1FoldedFullRate) { full_rate_decoder<Vfec_dec_p1_folded>(1, 10000, 3 * 544); }
TEST(FecCosim, DecoderP1FoldedStalls) { stalled_decoder<Vfec_dec_p1_folded>(1, 8000, 0.8, 0.7); }
TEST(FecCosim, DecoderP1FoldedBypass) { stalled_decoder<Vfec_dec_p1_folded>(1, 2000, 0.9, 0.9, false); }

TEST(FecCosim, DecoderP8FullRate) { full_rate_decoder<Vfec_dec_p8>(8, 10000, 3 * 68); }
TEST(FecCosim, DecoderP8Stalls) { stalled_decoder<Vfec_dec_p8>(8, 8000, 0.8, 0.7); }
TEST(FecCosim, DecoderP8Bypass) { stalled_decoder<Vfec_dec_p8>(8, 2000, 0.9, 0.5, false); }

TEST(FecCosim, DecoderP32FullRate) { full_rate_decoder<Vfec_dec_p32>(32, 10000, kP32LatencyBound); }
TEST(FecCosim, DecoderP32Stalls) { stalled_decoder<Vfec_dec_p32>(32, 8000, 0.6, 0.5); }
TEST(FecCosim, DecoderP32Bypass) { stalled_decoder<Vfec_dec_p32>(32, 2000, 0.9, 0.3, false); }

// Two KP4 codewords interleaved symbol by symbol (Clause 119 A/B), 2 x 8 symbols per clock: the
// ECP5 throughput configuration (docs/fec_rtl.md); four ways at P = 1 check the lane order.
TEST(FecCosim, DecoderIlv2P8) { interleaved_decoder<Vfec_dec_ilv2_p8>(2, 8, 5000, 3 * 68); }
TEST(FecCosim, DecoderIlv4P1) { interleaved_decoder<Vfec_dec_ilv4_p1>(4, 1, 600, 3 * 544); }

#ifdef HALO_COSIM_KR4  // -DHALO_COSIM_LONG=ON
TEST(FecCosim, DecoderKr4P16FullRate) { full_rate_decoder<Vfec_dec_kr4_p16>(16, 10000, 3 * 33, kKr4); }
TEST(FecCosim, DecoderKr4P16Stalls) { stalled_decoder<Vfec_dec_kr4_p16>(16, 10000, 0.7, 0.7, true, kKr4); }
#endif

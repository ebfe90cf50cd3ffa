// The Clause 177 inner FEC inside the retimer receive chain (RxConfig::inner_enable,
// retimer_rx.hpp) against the stand-alone chain built from the blocks (LlrCalc -> InnerFecRx ->
// ConvInterleaver{deinterleave} -> FecRx) fed by the same slicer inputs: every LLR, every inner
// verdict and message pair, every KP4 codeword and both monitors equal, in random call splits.
// Stimulus: KP4 codewords -> ConvInterleaver -> InnerFecTx -> Gray PAM4 -> ADC codes with
// Gaussian noise (built here from the TX blocks; the RX side is what is under test).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "halo/dsp/dfe.hpp"
#include "halo/fec/codeword_io.hpp"
#include "halo/fec/conv_interleaver.hpp"
#include "halo/fec/fec_rx.hpp"
#include "halo/fec/inner_fec.hpp"
#include "halo/fec/inner_llr.hpp"
#include "halo/fec/rs_encoder.hpp"
#include "halo/retimer/retimer_rx.hpp"

using namespace halo::fec;
using namespace halo::fec::inner;
using halo::retimer::RetimerRx;
using halo::retimer::RxConfig;
using halo::retimer::RxOut;

namespace {

constexpr int kAdcA = 32;  // ADC codes per unit amplitude: (32 << 3) = 256 = the slicer's level A

struct Stimulus {
  std::vector<gf_t> sent;            // KP4 codewords back to back
  std::vector<std::int16_t> adc;     // one code per line symbol
  std::uint64_t fec_skip = 0;        // deinterleaved pairs before the first RS codeword
};

// `cws` KP4 codewords of random messages after `lead` random pairs, interleaved (P, D),
// inner-encoded, Gray mapped and sent as ADC codes (2 level - 3) * 32 + N(0, sigma * 32).
Stimulus make_stimulus(unsigned cws, unsigned lead, unsigned depth, double sigma, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  Stimulus s;
  const RsEncoder enc(kKp4);
  std::vector<std::uint8_t> pairs;
  for (unsigned i = 0; i < lead; ++i) pairs.push_back(static_cast<std::uint8_t>(rng() & 3u));
  std::vector<gf_t> msg(kKp4.k), cw(kKp4.n);
  std::vector<std::uint8_t> bits(kKp4.codeword_bits());
  for (unsigned c = 0; c < cws; ++c) {
    for (auto& m : msg) m = static_cast<gf_t>(rng() & 1023u);
    enc.encode(msg, cw);
    s.sent.insert(s.sent.end(), cw.begin(), cw.end());
    symbols_to_bits(cw, bits);
    for (std::size_t b = 0; b < bits.size(); b += 2) pairs.push_back(static_cast<std::uint8_t>((bits[b] << 1) | bits[b + 1]));
  }
  ConvInterleaver il({3, depth, false});
  const std::size_t lat = il.pair_latency();
  pairs.resize((pairs.size() + lat + 59) / 60 * 60, 0);  // flush the interleaver, whole messages
  s.fec_skip = lead + lat;
  std::vector<std::uint8_t> mid(pairs.size()), line;
  il.process(pairs, mid);
  InnerFecTx tx;
  tx.process(mid, line);
  std::normal_distribution<double> g(0.0, sigma * kAdcA);
  for (const std::uint8_t p : line) {
    const int level = p ^ (p >> 1);  // Gray (A << 1) | B -> level 0..3
    const long v = std::lround((2 * level - 3) * kAdcA + g(rng));
    s.adc.push_back(static_cast<std::int16_t>(std::clamp<long>(v, -128, 127)));
  }
  return s;
}

RxConfig base_config() {
  RxConfig c;
  c.ffe_enable = false;  // ADC codes << 3 straight to the DFE
  c.cdr_enable = false;
  c.checker_enable = false;
  c.fec_enable = true;
  return c;
}

struct ChainOut {
  std::vector<std::int8_t> llr;
  std::vector<std::uint8_t> inner_pairs;
  std::vector<InnerFecRxCodeword> inner_status;
  std::vector<gf_t> cws;
  std::vector<FecRxCodeword> fec_status;
};

void expect_same_inner(const InnerFecRxCodeword& a, const InnerFecRxCodeword& b, std::size_t k) {
  EXPECT_EQ(a.end, b.end) << "inner codeword " << k;
  EXPECT_EQ(a.result.status, b.result.status) << "inner codeword " << k;
  EXPECT_EQ(a.result.num_flips, b.result.num_flips) << "inner codeword " << k;
  EXPECT_EQ(a.result.flips, b.result.flips) << "inner codeword " << k;
  EXPECT_EQ(a.result.metric, b.result.metric) << "inner codeword " << k;
}

void expect_same_monitors(const RetimerRx& rx, const InnerFecRx& inner, const FecRx& fec) {
  const InnerFecMonitor& a = rx.inner().monitor();
  const InnerFecMonitor& b = inner.monitor();
  EXPECT_EQ(a.codewords(), b.codewords());
  EXPECT_EQ(a.corrected_codewords(), b.corrected_codewords());
  EXPECT_EQ(a.uncorrectable_codewords(), b.uncorrectable_codewords());
  EXPECT_EQ(a.corrected_positions(), b.corrected_positions());
  EXPECT_EQ(a.position_histogram(), b.position_histogram());
  EXPECT_EQ(a.flips_histogram(), b.flips_histogram());
  EXPECT_EQ(rx.fec().monitor().codewords(), fec.monitor().codewords());
  EXPECT_EQ(rx.fec().monitor().corrected_symbols(), fec.monitor().corrected_symbols());
  EXPECT_EQ(rx.fec().monitor().uncorrectable_codewords(), fec.monitor().uncorrectable_codewords());
  EXPECT_EQ(rx.fec().monitor().histogram(), fec.monitor().histogram());
}

// RetimerRx in random call sizes (1..max_call symbols), every inner/FEC output collected.
ChainOut run_retimer(RetimerRx& rx, const std::vector<std::int16_t>& adc, std::vector<std::int16_t>& z,
                     std::vector<std::uint8_t>& d, std::uint64_t seed, std::size_t max_call) {
  std::mt19937_64 g(seed);
  ChainOut o;
  o.llr.resize(2 * adc.size());
  z.resize(adc.size());
  d.resize(adc.size());
  for (std::size_t off = 0; off < adc.size();) {
    const std::size_t n = std::min<std::size_t>(adc.size() - off, 1 + g() % max_call);
    RxOut out;
    out.slicer_in = std::span(z).subspan(off, n);
    out.decisions = std::span(d).subspan(off, n);
    out.llr = std::span(o.llr).subspan(2 * off, 2 * n);
    out.inner = {&o.inner_pairs, &o.inner_status};
    out.fec = {&o.cws, &o.fec_status};
    rx.process(std::span(adc).subspan(off, n), out);
    off += n;
  }
  return o;
}

// The stand-alone chain after the slicer: llr -> InnerFecRx -> deinterleaver -> FecRx.
void run_blocks(const std::vector<std::int8_t>& llr, const RxConfig& c, InnerFecRx& inner, FecRx& fec, ChainOut& o) {
  inner.process(llr, {&o.inner_pairs, &o.inner_status});
  ConvInterleaver deint({c.inner_interleaver.branches, c.inner_interleaver.depth, true});
  std::vector<std::uint8_t> rs(o.inner_pairs.size());
  deint.process(o.inner_pairs, rs);
  fec.process(rs, {&o.cws, &o.fec_status});
}

void expect_same_outputs(const ChainOut& got, const ChainOut& ref) {
  EXPECT_EQ(got.llr, ref.llr);
  EXPECT_EQ(got.inner_pairs, ref.inner_pairs);
  ASSERT_EQ(got.inner_status.size(), ref.inner_status.size());
  for (std::size_t k = 0; k < got.inner_status.size(); ++k) expect_same_inner(got.inner_status[k], ref.inner_status[k], k);
  EXPECT_EQ(got.cws, ref.cws);
  ASSERT_EQ(got.fec_status.size(), ref.fec_status.size());
  for (std::size_t k = 0; k < got.fec_status.size(); ++k) {
    EXPECT_EQ(got.fec_status[k].end, ref.fec_status[k].end) << "RS codeword " << k;
    EXPECT_EQ(got.fec_status[k].result.uncorrectable, ref.fec_status[k].result.uncorrectable) << "RS codeword " << k;
    EXPECT_EQ(got.fec_status[k].result.positions, ref.fec_status[k].result.positions) << "RS codeword " << k;
  }
}

// The chain under test: DFE with `taps`, fixed or adaptive slicer, the inner FEC with `dec`
// and a (3, depth) deinterleaver, the KP4 block aligned to the stimulus.
RxConfig inner_config(int taps, bool adaptive, InnerDecoderConfig dec, unsigned depth, const Stimulus& s) {
  RxConfig c = base_config();
  c.dfe.taps = taps;
  c.dfe.slicer.adaptive = adaptive;
  c.inner_enable = true;
  c.inner.decoder = dec;
  c.inner.skip = 0;
  c.inner_interleaver = {3, depth, false};
  c.fec.skip = s.fec_skip;
  return c;
}

// The stand-alone blocks on the reference LLRs give every output and counter of the chain, and
// the inner decoder had work to do.
void expect_chain_equals_blocks(const RetimerRx& rx, const RxConfig& c, const Stimulus& s, const ChainOut& got,
                                ChainOut& ref) {
  InnerFecRx inner({c.inner.decoder, 0});
  FecRx fec({kKp4, s.fec_skip, true});
  run_blocks(ref.llr, c, inner, fec, ref);
  expect_same_outputs(got, ref);
  expect_same_monitors(rx, inner, fec);
  EXPECT_GT(rx.inner().monitor().corrected_codewords(), 20u);
  EXPECT_EQ(got.cws.size(), s.sent.size());
}

}  // namespace

TEST(InnerRetimerRx, HardDecoderEqualsStandAloneChainOnFixedThresholds) {
  // fixed slicer, no DFE feedback: z = ADC << 3 exactly, thresholds {-512, 0, 512} throughout
  const Stimulus s = make_stimulus(6, 77, 192, 0.33, 1);
  const RxConfig c = inner_config(0, false, {InnerAlgo::hard, 4, true}, 192, s);
  RetimerRx rx(c);
  std::vector<std::int16_t> z;
  std::vector<std::uint8_t> d;
  const ChainOut got = run_retimer(rx, s.adc, z, d, 2, 3000);
  // the reference's slicer inputs computed from the ADC codes alone
  std::vector<std::int32_t> zr(s.adc.size());
  for (std::size_t i = 0; i < zr.size(); ++i) zr[i] = s.adc[i] * 8;
  ASSERT_TRUE(std::equal(zr.begin(), zr.end(), z.begin()));
  ChainOut ref;
  ref.llr.resize(2 * zr.size());
  LlrCalc(ideal_thresholds(256)).process(std::span<const std::int32_t>(zr), ref.llr);
  expect_chain_equals_blocks(rx, c, s, got, ref);
  EXPECT_EQ(got.cws, s.sent);  // every KP4 codeword recovered
}

TEST(InnerRetimerRx, ChaseWithAdaptiveSlicerAndDfeEqualsStandAloneChain) {
  // adaptive thresholds (refreshed every 32 symbols) and an adapting 1-tap DFE; the reference
  // walks a replica dsp::Slicer over the chain's slicer inputs for each symbol's thresholds
  const Stimulus s = make_stimulus(5, 13, 16, 0.36, 3);
  const RxConfig c = inner_config(1, true, {InnerAlgo::chase, 3, true}, 16, s);
  RetimerRx rx(c);
  std::vector<std::int16_t> z;
  std::vector<std::uint8_t> d;
  const ChainOut got = run_retimer(rx, s.adc, z, d, 4, 70);
  halo::dsp::Slicer sl(c.dfe.slicer);
  ChainOut ref;
  ref.llr.resize(2 * z.size());
  bool moved = false;
  LlrCalc calc;
  for (std::size_t i = 0; i < z.size(); ++i) {
    moved = moved || sl.thresholds() != ideal_thresholds(256);
    calc.configure(sl.thresholds());
    const std::int32_t zi = z[i];
    calc.process(std::span<const std::int32_t>(&zi, 1), std::span(ref.llr).subspan(2 * i, 2));
    const std::uint8_t dec = sl.decide(zi);
    ASSERT_EQ(dec, d[i]) << "symbol " << i;  // the replica reproduces the chain's slicer
    sl.track_level(zi, dec);
    sl.advance(1);
  }
  EXPECT_TRUE(moved);  // the thresholds did adapt
  expect_chain_equals_blocks(rx, c, s, got, ref);
}

TEST(InnerRetimerRx, OffLeavesTheChainUnchanged) {
  // inner settings without inner_enable change nothing (the default-off guarantee)
  const Stimulus s = make_stimulus(2, 0, 16, 0.36, 5);
  RxConfig a = base_config();
  a.fec.skip = 100;
  RxConfig b = a;
  b.inner.decoder = {InnerAlgo::hard, 2, false};
  b.inner.skip = 7;
  b.inner_interleaver = {2, 5, false};
  RetimerRx ra(a), rb(b);
  std::vector<std::int16_t> za, zb;
  std::vector<std::uint8_t> da, db;
  const ChainOut oa = run_retimer(ra, s.adc, za, da, 6, 500);
  const ChainOut ob = run_retimer(rb, s.adc, zb, db, 7, 500);
  EXPECT_EQ(za, zb);
  EXPECT_EQ(da, db);
  EXPECT_EQ(oa.cws, ob.cws);
  EXPECT_TRUE(ob.inner_status.empty());
  EXPECT_TRUE(std::all_of(ob.llr.begin(), ob.llr.end(), [](std::int8_t v) { return v == 0; }));
  EXPECT_EQ(rb.inner().monitor().codewords(), 0u);
}

TEST(InnerRetimerRx, InvalidCombinationsThrow) {
  RxConfig c = base_config();
  c.inner_enable = true;
  c.precoding = true;
  EXPECT_THROW(RetimerRx{c}, std::invalid_argument);
  c.precoding = false;
  c.inner.decoder = {InnerAlgo::chase, 7, true};
  EXPECT_THROW(RetimerRx{c}, std::invalid_argument);
  c.inner.decoder = {InnerAlgo::chase, 6, true};
  c.inner_interleaver.branches = 0;
  EXPECT_THROW(RetimerRx{c}, std::invalid_argument);
}

TEST(InnerRetimerRx, OpsCountTheInnerDecoderPerCodeword) {
  // RetimerRx::ops() with inner_enable = the same chain without it + the decoder's per-codeword
  // operations over the codeword's 64 line symbols (adds rounded up), for hard and Chase L = 2..6.
  // The per-codeword adds, term by term as decode() performs them (docs/inner_fec.md):
  const auto expected_adds = [](InnerAlgo a, unsigned l) -> std::uint64_t {
    const std::uint64_t front = 60 * 4          // sign XOR, rel A, rel B, rel A < rel B per data symbol
                                + 8 + 8         // syndrome of the 60 XOR bits: 8 byte look-ups, 8 XORs
                                + 8 * 2;        // parity bits: reliability and syndrome bit
    if (a == InnerAlgo::hard) return front + 1 + 1;  // syndrome -> position, one flip
    std::uint64_t pats = 0;
    for (unsigned e = 0; e < (1u << l); ++e) pats += (e == 0) ? 5 : 7;
    return front + 68 * 2          // pre-pass: compare and count per position
           + 68 * (1 + l)          // insertion: threshold test + at most L compare-and-shift steps
           + pats                  // test patterns
           + 3 * (l + 1);          // at most L + 1 flips: toggle, metric add, output XOR
  };
  const std::vector<InnerDecoderConfig> cfgs = {{InnerAlgo::hard, 4, true},  {InnerAlgo::chase, 2, true},
                                                {InnerAlgo::chase, 3, true}, {InnerAlgo::chase, 4, true},
                                                {InnerAlgo::chase, 5, true}, {InnerAlgo::chase, 6, true}};
  for (const auto& d : cfgs) {
    SCOPED_TRACE(std::string(d.algo == InnerAlgo::hard ? "hard" : "chase") + " L = " + std::to_string(d.chase_l));
    RxConfig c = base_config();
    c.inner.decoder = d;
    const halo::dsp::OpCounts off = RetimerRx(c).ops();
    c.inner_enable = true;
    const halo::dsp::OpCounts on = RetimerRx(c).ops();
    const InnerDecoder dec(d);
    const std::uint64_t cw = expected_adds(d.algo, d.chase_l);
    EXPECT_EQ(dec.ops_per_codeword().adds, cw);
    EXPECT_EQ(on.adds - off.adds, (cw + 63) / 64);
    EXPECT_EQ(on.multiplies, off.multiplies);
    EXPECT_EQ(on.register_bits - off.register_bits, 128u * 7u);  // one codeword of 7-bit LLR words (fx::kLlrBits)
    EXPECT_EQ(on.memory_bits - off.memory_bits, 9u * 256u * 8u);
  }
  // anchors: hard 274, Chase-4 873 adds per codeword (14 per line symbol)
  EXPECT_EQ(InnerDecoder({InnerAlgo::hard, 4, true}).ops_per_codeword().adds, 274u);
  EXPECT_EQ(InnerDecoder({InnerAlgo::chase, 4, true}).ops_per_codeword().adds, 873u);
}

// Line-coding and pattern blocks of rtl/dsp vs the golden model (label cosim): every output
// symbol of prbs_gen, prbs_chk (error flags and counters), gray_map, gray_demap, precoder
// and its inverse is compared with halo::dsp, for P = 1, 8, 32, with random input gaps and
// output backpressure.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "Vdsp_line_p1.h"
#include "Vdsp_line_p32.h"
#include "Vdsp_line_p8.h"
#include "cosim_driver.hpp"
#include "halo/dsp/pam4.hpp"
#include "halo/dsp/prbs.hpp"
#include "vl_bits.hpp"

using namespace halo::verif;
namespace dsp = halo::dsp;

namespace {

constexpr std::uint64_t kSymbols = 96 * 1024;  // per case, a multiple of 32

template <class M>
void idle(Harness<M>& h) {
  auto& m = *h.m;
  m.gen_out_ready_i = 0;
  m.gen_load_i = 0;
  m.chk_in_valid_i = 0;
  m.chk_out_ready_i = 0;
  m.map_in_valid_i = 0;
  m.map_out_ready_i = 0;
  m.demap_in_valid_i = 0;
  m.demap_out_ready_i = 0;
  m.pre_in_valid_i = 0;
  m.pre_out_ready_i = 0;
  m.dec_in_valid_i = 0;
  m.dec_out_ready_i = 0;
  m.pre_enable_i = 1;
  m.dec_enable_i = 1;
}

template <class M, unsigned P>
void generator(dsp::Pattern pat, std::uint32_t seed) {
  Harness<M> h;
  idle(h);
  auto& m = *h.m;
  m.gen_prbs31_i = pat == dsp::Pattern::kPrbs31q;
  m.gen_seed_i = seed;
  m.gen_load_i = 1;
  h.tick();
  m.gen_load_i = 0;
  dsp::PatternGenerator ref({pat, seed});
  std::vector<std::uint8_t> exp(P);
  std::uint64_t mism = 0;
  StreamPorts io{nullptr, nullptr, [&](bool r) { m.gen_out_ready_i = r; },
                 [&] { return m.gen_out_valid_o != 0; }};
  const std::uint64_t beats = kSymbols / P;
  ASSERT_TRUE(run_stream(h, io, beats, 1.0, 0.7, seed + P, {}, [&](std::uint64_t) {
    ref.process(exp);
    for (unsigned l = 0; l < P; ++l) mism += get_bits(m.gen_out_sym_o, 2 * l, 2) != exp[l];
  }));
  EXPECT_EQ(mism, 0u);
  print_compared(dsp::pattern_name(pat), P, beats * P);
}

template <class M, unsigned P>
void gray(std::uint64_t seed) {
  Harness<M> h;
  idle(h);
  auto& m = *h.m;
  std::mt19937_64 rng(seed);
  const std::uint64_t beats = kSymbols / P;
  std::vector<std::uint8_t> bits(2 * beats * P), syms(beats * P);
  for (auto& b : bits) b = static_cast<std::uint8_t>(rng() & 1u);
  for (auto& s : syms) s = static_cast<std::uint8_t>(rng() & 3u);
  std::vector<std::uint8_t> exp_sym(beats * P), exp_bits(2 * beats * P);
  dsp::gray_map(bits, exp_sym);
  dsp::gray_demap(syms, exp_bits);
  std::uint64_t mism = 0;
  ASSERT_TRUE(run_stream(
      h, HALO_STREAM_PORTS(h, map_), beats, 0.8, 0.8, seed + 1,
      [&](std::uint64_t b) {
        for (unsigned l = 0; l < P; ++l) {
          put_bits(m.map_in_bits_i, 2 * l, 2, (bits[2 * (b * P + l)] << 1) | bits[2 * (b * P + l) + 1]);
        }
      },
      [&](std::uint64_t k) {
        for (unsigned l = 0; l < P; ++l) mism += get_bits(m.map_out_sym_o, 2 * l, 2) != exp_sym[k * P + l];
      }));
  ASSERT_TRUE(run_stream(
      h, HALO_STREAM_PORTS(h, demap_), beats, 0.8, 0.8, seed + 2,
      [&](std::uint64_t b) {
        for (unsigned l = 0; l < P; ++l) put_bits(m.demap_in_sym_i, 2 * l, 2, syms[b * P + l]);
      },
      [&](std::uint64_t k) {
        for (unsigned l = 0; l < P; ++l) {
          const std::uint64_t ab = (exp_bits[2 * (k * P + l)] << 1) | exp_bits[2 * (k * P + l) + 1];
          mism += get_bits(m.demap_out_bits_o, 2 * l, 2) != ab;
        }
      }));
  EXPECT_EQ(mism, 0u);
  print_compared("gray_map+gray_demap", P, 2 * beats * P);
}

template <class M, unsigned P>
void precoding(std::uint64_t seed) {
  Harness<M> h;
  idle(h);
  auto& m = *h.m;
  std::mt19937_64 rng(seed);
  const std::uint64_t beats = kSymbols / P;
  std::vector<std::uint8_t> g(beats * P), pexp(beats * P), gexp(beats * P);
  for (auto& s : g) s = static_cast<std::uint8_t>(rng() & 3u);
  dsp::Precoder pre;
  dsp::PrecodeDecoder dec;
  pre.process(g, pexp);
  dec.process(pexp, gexp);
  ASSERT_EQ(gexp, g);  // the golden pair is an identity (independent check)
  std::vector<std::uint8_t> prtl(beats * P);
  std::uint64_t mism = 0;
  ASSERT_TRUE(run_stream(
      h, HALO_STREAM_PORTS(h, pre_), beats, 0.8, 0.8, seed + 1,
      [&](std::uint64_t b) {
        for (unsigned l = 0; l < P; ++l) put_bits(m.pre_in_sym_i, 2 * l, 2, g[b * P + l]);
      },
      [&](std::uint64_t k) {
        for (unsigned l = 0; l < P; ++l) {
          prtl[k * P + l] = static_cast<std::uint8_t>(get_bits(m.pre_out_sym_o, 2 * l, 2));
          mism += prtl[k * P + l] != pexp[k * P + l];
        }
      }));
  ASSERT_TRUE(run_stream(
      h, HALO_STREAM_PORTS(h, dec_), beats, 0.8, 0.8, seed + 2,
      [&](std::uint64_t b) {
        for (unsigned l = 0; l < P; ++l) put_bits(m.dec_in_sym_i, 2 * l, 2, prtl[b * P + l]);
      },
      [&](std::uint64_t k) {
        for (unsigned l = 0; l < P; ++l) mism += get_bits(m.dec_out_sym_o, 2 * l, 2) != gexp[k * P + l];
      }));
  EXPECT_EQ(mism, 0u);
  print_compared("precoder+precoding inverse", P, 2 * beats * P);
}

template <class M, unsigned P>
void checker(dsp::Pattern pat, std::uint64_t seed) {
  Harness<M> h;
  idle(h);
  auto& m = *h.m;
  dsp::CheckerConfig cfg;
  cfg.pattern = pat;
  cfg.lock_symbols = 32;
  cfg.loss_window = 1024;
  cfg.loss_threshold = 64;
  m.chk_prbs31_i = pat == dsp::Pattern::kPrbs31q;
  m.chk_lock_symbols_i = cfg.lock_symbols;
  m.chk_loss_window_i = cfg.loss_window;
  m.chk_loss_threshold_i = cfg.loss_threshold;
  // random preamble, pattern with sparse errors, a garbage burst (loss of lock), a slip
  std::mt19937_64 rng(seed);
  const std::uint64_t beats = kSymbols / P;
  std::vector<std::uint8_t> rx(beats * P);
  dsp::PatternGenerator gen({pat, 0});
  gen.process(rx);
  for (std::size_t i = 0; i < 300; ++i) rx[i] = static_cast<std::uint8_t>(rng() & 3u);
  for (std::size_t i = 300; i < rx.size(); ++i) {
    if (rng() % 2000 == 0) rx[i] ^= static_cast<std::uint8_t>(1u + rng() % 3u);
  }
  for (std::size_t i = 40000; i < 42000 && i < rx.size(); ++i) rx[i] = static_cast<std::uint8_t>(rng() & 3u);
  rx.erase(rx.begin() + 60000);  // slip by one symbol
  rx.push_back(0);
  dsp::PatternChecker ref(cfg);
  std::vector<std::uint8_t> flags(rx.size());
  ref.process(rx, flags);
  std::uint64_t mism = 0;
  ASSERT_TRUE(run_stream(
      h, HALO_STREAM_PORTS(h, chk_), beats, 0.9, 0.9, seed + 1,
      [&](std::uint64_t b) {
        for (unsigned l = 0; l < P; ++l) put_bits(m.chk_in_sym_i, 2 * l, 2, rx[b * P + l]);
      },
      [&](std::uint64_t k) {
        for (unsigned l = 0; l < P; ++l) mism += get_bits(m.chk_out_err_o, l, 1) != flags[k * P + l];
      }));
  EXPECT_EQ(mism, 0u);
  const auto& c = ref.counts();
  EXPECT_EQ(m.chk_symbols_o, c.symbols);
  EXPECT_EQ(m.chk_symbol_errors_o, c.symbol_errors);
  EXPECT_EQ(m.chk_bit_errors_o, c.bit_errors);
  EXPECT_EQ(m.chk_locks_o, c.locks);
  EXPECT_EQ(m.chk_losses_o, c.losses);
  EXPECT_EQ(m.chk_locked_o != 0, ref.locked());
  EXPECT_GE(c.locks, 2u);  // the stimulus exercises re-lock
  EXPECT_GT(c.symbol_errors, 10u);
  std::printf("[cosim] checker counts: %llu symbols, %llu symbol errors, %llu bit errors, "
              "%llu locks, %llu losses\n",
              static_cast<unsigned long long>(c.symbols),
              static_cast<unsigned long long>(c.symbol_errors),
              static_cast<unsigned long long>(c.bit_errors),
              static_cast<unsigned long long>(c.locks),
              static_cast<unsigned long long>(c.losses));
  print_compared(dsp::pattern_name(pat), P, beats * P);
}

}  // namespace

#define LINE_TESTS(M, P)                                                                   \
  TEST(DspLineCosim, Prbs13qGenerator_P##P) { generator<M, P>(dsp::Pattern::kPrbs13q, 0x155); } \
  TEST(DspLineCosim, Prbs31qGenerator_P##P) { generator<M, P>(dsp::Pattern::kPrbs31q, 0x1234567); } \
  TEST(DspLineCosim, GrayMapDemap_P##P) { gray<M, P>(7 + P); }                             \
  TEST(DspLineCosim, Precoding_P##P) { precoding<M, P>(17 + P); }                          \
  TEST(DspLineCosim, Prbs31qChecker_P##P) { checker<M, P>(dsp::Pattern::kPrbs31q, 27 + P); } \
  TEST(DspLineCosim, Prbs13qChecker_P##P) { checker<M, P>(dsp::Pattern::kPrbs13q, 37 + P); }

LINE_TESTS(Vdsp_line_p1, 1)
LINE_TESTS(Vdsp_line_p8, 8)
LINE_TESTS(Vdsp_line_p32, 32)

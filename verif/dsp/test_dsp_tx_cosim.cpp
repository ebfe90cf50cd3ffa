// rtl/dsp/retimer_tx (Gray map -> precoder -> TX FFE, P symbols per clock) against the golden
// model halo::retimer::RetimerTx (label cosim): random bits, random taps (S12.4) and DAC
// widths, precoding on and off, random input gaps and output backpressure; every DAC code of
// every output beat is compared. P = 1, 8, 32. The full-rate cases measure the latency
// (cycles from the acceptance of input beat 0 to output beat 0, docs/dsp_rtl.md) and assert
// that the input never stalls; a case with large taps and a 6-bit DAC exercises saturation,
// and a case with the golden model's main tap off by half an output LSB shows that the
// comparison can fail (1 LSB of S12.4 is invisible with taps that are multiples of 16).
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "cosim_driver.hpp"
#include "halo/retimer/retimer_tx.hpp"
#include "vl_bits.hpp"
#include "Vretimer_tx_p1.h"
#if !HALO_TX_COV_SMOKE  // the coverage smoke build (verif/dsp/CMakeLists.txt) has P = 1 and 8 only
#include "Vretimer_tx_p32.h"
#endif
#include "Vretimer_tx_p8.h"

using namespace halo::verif;

namespace {

struct TxCase {
  bool precoding = true;
  int dac_bits = 8;
  std::vector<std::int32_t> taps;  // 16, S12.4
  std::size_t symbols = 32768;
  double p_valid = 1.0, p_ready = 1.0;
  std::uint64_t seed = 1;
  int golden_tap_offset = 0;  // > 0: the golden model's main tap is off by this (must fail)
};

struct TxResult {
  std::uint64_t compared = 0, mismatches = 0, cycles = 0, input_stalls = 0, clips = 0;
  std::int64_t latency = -1;
  std::size_t first_mismatch = 0;
};

template <class M, unsigned P>
TxResult run_tx(const TxCase& c) {
  std::mt19937_64 rng(c.seed);
  std::vector<std::uint8_t> bits(2 * c.symbols);
  for (auto& b : bits) b = static_cast<std::uint8_t>(rng() & 1u);
  // golden model
  halo::retimer::TxConfig tc;
  tc.precoding = c.precoding;
  tc.ffe.taps = c.taps;
  tc.ffe.taps[1] += c.golden_tap_offset;
  tc.ffe.pre = 1;
  tc.ffe.dac_bits = c.dac_bits;
  halo::retimer::RetimerTx tx(tc);
  std::vector<std::int16_t> dac(c.symbols);
  tx.process_bits(bits, dac);
  TxResult r;
  r.clips = tx.clips();
  // RTL
  Harness<M> h;
  M& m = *h.m;
  m.precoding_i = c.precoding;
  m.dac_bits_i = static_cast<std::uint8_t>(c.dac_bits);
  for (unsigned k = 0; k < 16; ++k) put_bits(m.ffe_coef_i, 12 * k, 12, static_cast<std::uint64_t>(c.taps[k]));
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const std::size_t beats = c.symbols / P;
  std::size_t in_b = 0, out_b = 0;
  std::int64_t first_in = -1;
  halo::verif::cov::StallSampler stalls;
  while ((in_b < beats || out_b < beats) && r.cycles < 20 * beats + 1000) {
    const bool v = in_b < beats && u(rng) < c.p_valid;
    m.in_valid_i = v;
    if (v) {
      for (unsigned l = 0; l < P; ++l) {
        const std::size_t s = in_b * P + l;
        put_bits(m.in_bits_i, 2 * l, 2, (static_cast<std::uint64_t>(bits[2 * s]) << 1) | bits[2 * s + 1]);
      }
    }
    const bool rd = u(rng) < c.p_ready;
    m.out_ready_i = rd;
    m.eval();
    const bool fin = v && m.in_ready_o;
    if (v && !fin) ++r.input_stalls;
    stalls.sample(v, m.in_ready_o, m.out_valid_o, rd);
    if (fin && first_in < 0) first_in = static_cast<std::int64_t>(r.cycles);
    if (m.out_valid_o && rd && out_b < beats) {
      if (out_b == 0) r.latency = static_cast<std::int64_t>(r.cycles) - first_in;
      for (unsigned l = 0; l < P; ++l) {
        const std::size_t s = out_b * P + l;
        if (get_signed(m.out_dac_o, 12 * l, 12) != dac[s] && r.mismatches++ == 0) r.first_mismatch = s;
        ++r.compared;
      }
      ++out_b;
    }
    h.tick();
    ++r.cycles;
    if (fin) ++in_b;
  }
  return r;
}

std::vector<std::int32_t> random_taps(std::uint64_t seed, int main, int spread) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> d(-spread, spread);
  std::vector<std::int32_t> t(16);
  for (auto& x : t) x = d(rng);
  t[1] = main;
  return t;
}

template <class M, unsigned P>
void tx_case(const TxCase& c, bool expect_clips = false) {
  const TxResult r = run_tx<M, P>(c);
  EXPECT_EQ(r.compared, c.symbols);
  EXPECT_EQ(r.mismatches, 0u) << "first mismatch at symbol " << r.first_mismatch;
  if (c.p_valid == 1.0 && c.p_ready == 1.0) {
    EXPECT_EQ(r.input_stalls, 0u) << "the TX path stalled at full rate";
    EXPECT_EQ(r.latency, 3) << "Gray map, precoder, TX FFE: one register each";
  }
  if (expect_clips) EXPECT_GT(r.clips, c.symbols / 100) << "the saturation case must saturate";
  std::printf("[cosim] retimer_tx P=%u precoding %d DAC %d bits: %llu DAC codes compared, %llu clipped by the "
              "golden model, %llu cycles, %llu input stall cycles, latency %lld cycles\n",
              P, c.precoding, c.dac_bits, static_cast<unsigned long long>(r.compared),
              static_cast<unsigned long long>(r.clips), static_cast<unsigned long long>(r.cycles),
              static_cast<unsigned long long>(r.input_stalls), static_cast<long long>(r.latency));
}

// 802.3-like 3-tap TX FFE (c(-1) = -0.1, c0 = 0.8, c(+1) = -0.1 of 16 = 1.0) as S12.4 x 10
const std::vector<std::int32_t> kThreeTap = {-16, 128, -16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

}  // namespace

TEST(DspTxCosim, FullRate_P1) { tx_case<Vretimer_tx_p1, 1>({true, 8, kThreeTap, 16384, 1.0, 1.0, 1}); }
TEST(DspTxCosim, Stalls_P1) { tx_case<Vretimer_tx_p1, 1>({false, 10, random_taps(2, 300, 60), 16384, 0.7, 0.6, 2}); }
TEST(DspTxCosim, FullRate_P8) { tx_case<Vretimer_tx_p8, 8>({true, 8, kThreeTap, 32768, 1.0, 1.0, 3}); }
TEST(DspTxCosim, Stalls_P8) { tx_case<Vretimer_tx_p8, 8>({true, 12, random_taps(4, 900, 200), 32768, 0.8, 0.7, 4}); }
TEST(DspTxCosim, StallsNoPrecoding_P8) {
  tx_case<Vretimer_tx_p8, 8>({false, 8, random_taps(5, 200, 40), 32768, 0.5, 0.9, 5});
}
TEST(DspTxCosim, Saturation_P8) {
  tx_case<Vretimer_tx_p8, 8>({true, 6, random_taps(6, 2047, 2047), 32768, 0.9, 0.8, 6}, true);
}
#if !HALO_TX_COV_SMOKE
TEST(DspTxCosim, FullRate_P32) { tx_case<Vretimer_tx_p32, 32>({true, 8, kThreeTap, 65536, 1.0, 1.0, 7}); }
TEST(DspTxCosim, Stalls_P32) { tx_case<Vretimer_tx_p32, 32>({true, 9, random_taps(8, 500, 100), 65536, 0.8, 0.7, 8}); }
#endif
TEST(DspTxCosim, MismatchIsDetected_P8) {
  TxCase c{true, 8, kThreeTap, 8192, 0.9, 0.9, 9};
  c.golden_tap_offset = 8;  // half an output LSB (taps are S12.4, the DAC code is the sum >> 4)
  const TxResult r = run_tx<Vretimer_tx_p8, 8>(c);
  EXPECT_GT(r.mismatches, c.symbols / 4) << "a half-LSB tap difference must show in the comparison";
  std::printf("[cosim] golden tap c1 + 8 (S12.4): %llu of %llu DAC codes differ\n",
              static_cast<unsigned long long>(r.mismatches), static_cast<unsigned long long>(r.compared));
}

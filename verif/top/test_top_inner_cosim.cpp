// retimer_rx with the Clause 177 inner FEC (InnerFec = 3: hard and Chase-2 L = 4 decoders,
// P = 8) end to end vs the golden model (label cosim): a KP4 stream interleaved (3 x 192),
// inner-encoded, Gray mapped (no precoding) over the ISI + noise line; every decoded Gray
// symbol and CDR phase command, every inner verdict (status and the set of XOR-domain
// positions changed), every corrected FEC symbol and codeword status, the inner counters
// (INNER_CW .. INNER_POS_HIST) and the final coefficients are compared with
// halo::retimer::RetimerRx (inner_enable, InnerFecRx, ConvInterleaver, FecRx); random input gaps
// and output backpressure. docs/retimer_rtl.md, "Inner FEC".
#include <gtest/gtest.h>

#include <cstdio>

#include "cosim_driver.hpp"
#include "dsp_stimulus.hpp"
#include "top_driver.hpp"
#include "Vretimer_rx_p8_inner.h"

using namespace halo::verif;

namespace {

void inner_case(int inner, bool correct, double pv, double pr, double sigma, unsigned codewords,
                std::uint64_t seed) {
  ScenarioConfig cfg;
  cfg.codewords = codewords;
  cfg.sigma = sigma;
  cfg.seed = seed;
  cfg.precoding = false;
  cfg.inner = inner;
  cfg.chase_l = 4;
  cfg.inner_correct = correct;
  const Scenario s = make_scenario(cfg);
  unsigned corr = 0, unc = 0;
  for (const auto& v : s.inner) {
    corr += v.status == 1;
    unc += v.status == 2;
  }
  std::printf("[cosim] golden: %s; inner: %zu codewords, pre-inner BER %.3g, %u corrected, %u uncorrectable\n",
              summary(s).c_str(), s.inner.size(),
              static_cast<double>(s.pre_inner_bit_errors) / (128.0 * static_cast<double>(s.inner.size())), corr, unc);
  // the scenario exercises the decoder
  if (correct) EXPECT_GT(corr, 10u);
  Harness<Vretimer_rx_p8_inner> h;
  const auto r = run_top<8, 2>(*h.m, [&] { h.tick(); }, s, pv, pr, seed + 3);
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.mismatches, 0u);
  EXPECT_EQ(r.codewords, codewords);
  EXPECT_EQ(r.symbols_compared, s.adc.size());
  EXPECT_EQ(r.inner_compared, s.inner.size());
  if (pv == 1.0 && pr == 1.0) EXPECT_EQ(r.input_stall_cycles, 0u) << "the inner path stalled at full rate";
  std::printf("[cosim] retimer_rx P=8 inner %s%s: %llu PAM4 symbols, %llu inner verdicts, %llu FEC symbols "
              "(%llu codewords) compared bit-exactly, %llu cycles, %llu input stall cycles; cycles from "
              "ADC beat 0: first inner verdict %lld, first FEC output beat %lld\n",
              inner == 2 ? "Chase-4" : "hard", correct ? "" : " (bypass)",
              static_cast<unsigned long long>(r.symbols_compared),
              static_cast<unsigned long long>(r.inner_compared),
              static_cast<unsigned long long>(r.fec_symbols_compared),
              static_cast<unsigned long long>(r.codewords), static_cast<unsigned long long>(r.cycles),
              static_cast<unsigned long long>(r.input_stall_cycles),
              static_cast<long long>(r.first_inner_cycle), static_cast<long long>(r.first_fec_cycle));
}

}  // namespace

TEST(TopInnerCosim, HardFullRate_P8) { inner_case(1, true, 1.0, 1.0, 9.5, 4, 41); }
TEST(TopInnerCosim, HardStalls_P8) { inner_case(1, true, 0.8, 0.7, 9.5, 4, 42); }
TEST(TopInnerCosim, ChaseFullRate_P8) { inner_case(2, true, 1.0, 1.0, 10.0, 4, 43); }
TEST(TopInnerCosim, ChaseStalls_P8) { inner_case(2, true, 0.8, 0.7, 10.0, 4, 44); }
TEST(TopInnerCosim, ChaseBypass_P8) { inner_case(2, false, 0.9, 0.8, 8.0, 2, 45); }

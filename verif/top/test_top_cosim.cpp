// retimer_rx (rtl/top) end to end vs the golden model (label cosim): KP4 codewords over a
// precoded PAM4 line with ISI and noise; every decoded Gray symbol and CDR phase command, every corrected FEC
// symbol, every codeword status, the final FFE / Volterra / DFE coefficients and the CDR phase
// are compared with halo::retimer::RetimerRx and its halo::fec::FecRx. Label cosim: P = 8
// (adaptation delay 64) and P = 32 (delay 128), both also at full rate without a stall;
// test_top_cosim_long (label cosim-long): P = 1 and P = 16 (delay 64, full rate).
#include <gtest/gtest.h>

#include <cstdio>

#include "cosim_driver.hpp"
#include "top_driver.hpp"
#if defined(HALO_TOP_LONG)
#include "Vretimer_rx_p1.h"
#include "Vretimer_rx_p16.h"
#elif defined(HALO_TOP_P32)
#include "Vretimer_rx_p32.h"
#else
#include "Vretimer_rx_p8.h"
#endif

using namespace halo::verif;

namespace {

template <class M, unsigned P, unsigned Q>
void top_case(double pv, double pr, double sigma, unsigned codewords, std::uint64_t seed) {
  ScenarioConfig cfg;
  cfg.codewords = codewords;
  cfg.sigma = sigma;
  cfg.seed = seed;
  cfg.adapt_delay = P >= 32 ? 128 : 64;  // retimer_rx AdaptDelay default
  const Scenario s = make_scenario(cfg);
  std::printf("[cosim] golden: %s\n", summary(s).c_str());
  Harness<M> h;
  const auto r = run_top<P, Q>(*h.m, [&] { h.tick(); }, s, pv, pr, seed + 3);
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.mismatches, 0u);
  EXPECT_EQ(r.codewords, codewords);
  EXPECT_EQ(r.symbols_compared, s.adc.size());
  if (pv == 1.0 && pr == 1.0) {
    EXPECT_EQ(r.input_stall_cycles, 0u) << "the chain stalled at full rate (P=" << P << ")";
    EXPECT_EQ(r.pipeline_latency, 4) << "FFE, Volterra, DFE, precoding inverse: one register each";
  }
  std::printf("[cosim] retimer_rx P=%u: %llu PAM4 symbols and %llu FEC symbols (%llu codewords) "
              "compared bit-exactly, %llu cycles, %llu input stall cycles, pipeline latency "
              "ADC beat -> decoded symbols %lld cycles\n",
              P, static_cast<unsigned long long>(r.symbols_compared),
              static_cast<unsigned long long>(r.fec_symbols_compared),
              static_cast<unsigned long long>(r.codewords),
              static_cast<unsigned long long>(r.cycles),
              static_cast<unsigned long long>(r.input_stall_cycles),
              static_cast<long long>(r.pipeline_latency));
}

}  // namespace

#if !defined(HALO_TOP_LONG) && !defined(HALO_TOP_P32)
// Full rate: the chain must not stall its input. The FFE error of output m comes from DFE
// output m + 2 (Volterra latency), one beat later; with the error queue's fall-through the
// loop needs AdaptDelay / P >= 4 beats (FFE, Volterra, DFE registers + the beat of look-ahead).
TEST(TopCosim, RetimerRxFullRate_P8) { top_case<Vretimer_rx_p8, 8, 2>(1.0, 1.0, 7.0, 6, 11); }
// Random gaps / backpressure and a noisier line (more FEC corrections).
TEST(TopCosim, RetimerRxStalls_P8) { top_case<Vretimer_rx_p8, 8, 2>(0.8, 0.7, 9.0, 6, 12); }
#elif defined(HALO_TOP_P32)
TEST(TopCosim, RetimerRxFullRate_P32) { top_case<Vretimer_rx_p32, 32, 8>(1.0, 1.0, 7.0, 6, 14); }
TEST(TopCosim, RetimerRxStalls_P32) { top_case<Vretimer_rx_p32, 32, 8>(0.8, 0.7, 9.0, 4, 15); }
#else
TEST(TopCosimLong, RetimerRx_P1) { top_case<Vretimer_rx_p1, 1, 1>(0.9, 0.9, 8.0, 3, 13); }
TEST(TopCosimLong, RetimerRxFullRate_P16) { top_case<Vretimer_rx_p16, 16, 4>(1.0, 1.0, 7.0, 6, 16); }
#endif

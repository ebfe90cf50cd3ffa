// Precoding versus DFE error propagation (IEEE 802.3 120.5.7.2 motivation): with a 1-tap DFE
// whose tap is at the 802.3 limit b1 = 0.85, precoding reduces the mean symbol-error burst
// length, compared at the same symbol error ratio (the noise of each configuration is set by
// bisection so that its SER is 2e-3 +- 15 %).
//
// Stated result: mean burst length with precoding < 0.6 x without.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "halo/mon/error_ratio.hpp"
#include "halo/retimer/retimer_rx.hpp"
#include "halo/retimer/retimer_tx.hpp"
#include "halo_test_util.hpp"

using namespace halo;

namespace {
constexpr std::size_t kN = 300000;
constexpr double kLsbPerUnit = 20.0;  // ADC LSB per unit amplitude; signal A = 160

struct Point {
  double ser, mean_burst;
};

Point run(bool precoding, double sigma) {
  const auto line = test::tx_line_symbols(kN, precoding, dsp::Pattern::kPrbs31q, 0x1234);
  test::Channel ch;
  ch.h = {1.0, 0.85};  // post-cursor at the 802.3 DFE limit
  ch.sigma = sigma;
  ch.lsb_per_unit = kLsbPerUnit;
  ch.seed = 5;
  const auto adc = ch.run(line);
  retimer::RxConfig rc;
  rc.ffe_enable = false;
  rc.cdr_enable = false;
  rc.precoding = precoding;
  rc.dfe.taps = 1;
  rc.dfe.adapt.enable = false;
  rc.dfe.slicer.level_a = 160;
  rc.dfe.slicer.adaptive = false;
  rc.dfe.init_taps = {136};  // 0.85 * 160
  rc.burst.max_gap = 0;
  retimer::RetimerRx rx(rc);
  rx.process(adc);
  rx.finish();
  return {mon::error_ratios(rx.checker().counts()).ser, rx.bursts().mean_length()};
}

Point at_ser(bool precoding, double target) {
  double lo = 0.05, hi = 1.0;
  Point p{};
  for (int it = 0; it < 30; ++it) {
    const double mid = std::sqrt(lo * hi);
    p = run(precoding, mid);
    if (std::fabs(p.ser / target - 1.0) < 0.15) return p;
    (p.ser > target ? hi : lo) = mid;
  }
  ADD_FAILURE() << "SER target not reached";
  return p;
}
}  // namespace

TEST(Precoding, ReducesDfeErrorBurstLengthAtEqualSer) {
  const Point plain = at_ser(false, 2e-3);
  const Point pre = at_ser(true, 2e-3);
  std::printf("no precoding: SER %.3g mean burst %.3f; precoding: SER %.3g mean burst %.3f\n",
              plain.ser, plain.mean_burst, pre.ser, pre.mean_burst);
  EXPECT_NEAR(plain.ser / pre.ser, 1.0, 0.35);
  EXPECT_GT(plain.mean_burst, 2.0);  // DFE error propagation with b1 = 0.85 is real
  EXPECT_LT(pre.mean_burst, 0.6 * plain.mean_burst);
}

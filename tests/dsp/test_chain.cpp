// Whole receive chain (and transmit side): bit-exact for any call size, error-free end to end,
// configuration errors, operation counts.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "halo/mon/error_ratio.hpp"
#include "halo/retimer/retimer_rx.hpp"
#include "halo/retimer/retimer_tx.hpp"
#include "halo_test_util.hpp"

using namespace halo;

namespace {
std::vector<std::int16_t> link_adc(std::size_t n, bool precoding, double sigma, int adc_bits,
                                   dsp::Pattern pat = dsp::Pattern::kPrbs31q) {
  const auto line = test::tx_line_symbols(n, precoding, pat);
  test::Channel ch;
  ch.h = {0.1, 1.0, 0.4, 0.15};
  ch.cursor = 1;
  ch.sigma = sigma;
  ch.adc_bits = adc_bits;
  ch.lsb_per_unit = 20.0;
  ch.nonlin = [](double r, double) { return r - 0.012 * r * r * r / 3.0 + 0.02 * r * r; };
  ch.seed = 17;
  return ch.run(line);
}

struct ChainRun {
  std::vector<std::uint8_t> bits, sym;
  std::vector<std::uint16_t> phase;
  std::vector<std::int16_t> z;
  std::vector<std::int32_t> ffe, dfe, nlc;
  dsp::CheckerCounts counts;
  std::vector<std::uint64_t> hist, burst;
  std::array<std::int64_t, 4> level_sums;
};

ChainRun run_chain(const retimer::RxConfig& rc, const std::vector<std::int16_t>& adc,
                   std::size_t p) {
  retimer::RetimerRx rx(rc);
  const std::size_t n = adc.size();
  ChainRun r;
  r.bits.resize(2 * n);
  r.sym.resize(n);
  r.phase.resize(n);
  r.z.resize(n);
  for (std::size_t o = 0; o < n; o += p) {
    const std::size_t m = std::min(p, n - o);
    rx.process(std::span(adc).subspan(o, m),
               {std::span(r.bits).subspan(2 * o, 2 * m), std::span(r.sym).subspan(o, m),
                std::span(r.phase).subspan(o, m), std::span(r.z).subspan(o, m)});
  }
  rx.finish();
  r.ffe = rx.ffe().taps();
  r.dfe = rx.dfe().taps();
  r.nlc = rc.nlc == retimer::NlcKind::kVolterra ? rx.volterra().coefs()
                                                 : std::vector<std::int32_t>(rx.lut().table().begin(), rx.lut().table().end());
  r.counts = rx.checker().counts();
  r.hist = rx.histogram().bins();
  r.burst = rx.bursts().histogram();
  r.level_sums = rx.levels().sums();
  return r;
}

// every output of two runs but the level monitor and the slicer histogram
void expect_same_datapath(const ChainRun& r, const ChainRun& ref, const std::string& what) {
  EXPECT_EQ(r.bits, ref.bits) << what;
  EXPECT_EQ(r.sym, ref.sym) << what;
  EXPECT_EQ(r.phase, ref.phase) << what;
  EXPECT_EQ(r.z, ref.z) << what;
  EXPECT_EQ(r.ffe, ref.ffe) << what;
  EXPECT_EQ(r.dfe, ref.dfe) << what;
  EXPECT_EQ(r.nlc, ref.nlc) << what;
  EXPECT_EQ(r.counts.bit_errors, ref.counts.bit_errors) << what;
  EXPECT_EQ(r.counts.symbols, ref.counts.symbols) << what;
  EXPECT_EQ(r.burst, ref.burst) << what;
}

retimer::RxConfig default_rx() {
  retimer::RxConfig rc;
  rc.ffe.adapt = {true, dsp::LmsMode::kLms, 4};
  rc.dfe.adapt = {true, dsp::LmsMode::kLms, 1};
  rc.dfe.slicer.level_a = 160;  // 20 LSB per unit amplitude x 8
  rc.lut.level_a = 160;
  return rc;
}
}  // namespace

TEST(Chain, BitExactForAnyCallSize) {
  const auto adc = link_adc(20000, true, 0.25, 8);
  for (auto nlc : {retimer::NlcKind::kNone, retimer::NlcKind::kVolterra, retimer::NlcKind::kLut}) {
    retimer::RxConfig rc = default_rx();
    rc.precoding = true;
    rc.nlc = nlc;
    const ChainRun ref = run_chain(rc, adc, 1);
    EXPECT_GT(ref.counts.symbols, 15000u);
    for (std::size_t p : {4u, 8u, 16u, 32u, 7u, 1000u, 20000u}) {
      const ChainRun r = run_chain(rc, adc, p);
      const std::string what = "P=" + std::to_string(p);
      expect_same_datapath(r, ref, what);
      EXPECT_EQ(r.hist, ref.hist) << what;
      EXPECT_EQ(r.level_sums, ref.level_sums) << what;
    }
  }
}

// monitors_enable = false (the link simulator's setting) skips the level monitor and the slicer
// histogram only: every other output is the same bit for bit, the two monitors stay empty, and
// ops() loses exactly their counts.
TEST(Chain, MonitorsOffChangesNothingElse) {
  const auto adc = link_adc(6000, true, 0.25, 8);
  for (auto nlc : {retimer::NlcKind::kNone, retimer::NlcKind::kVolterra}) {
    retimer::RxConfig rc = default_rx();
    rc.precoding = true;
    rc.nlc = nlc;
    const ChainRun on = run_chain(rc, adc, 32);
    rc.monitors_enable = false;
    const ChainRun off = run_chain(rc, adc, 32);
    expect_same_datapath(off, on, "monitors off");
    std::uint64_t hist_on = 0, hist_off = 0;
    for (auto v : on.hist) hist_on += v;
    for (auto v : off.hist) hist_off += v;
    EXPECT_GT(hist_on, 5000u);
    EXPECT_EQ(hist_off, 0u);
    EXPECT_NE(on.level_sums, (std::array<std::int64_t, 4>{}));
    EXPECT_EQ(off.level_sums, (std::array<std::int64_t, 4>{}));
    retimer::RetimerRx a(default_rx());
    retimer::RxConfig rc_off = default_rx();
    rc_off.monitors_enable = false;
    retimer::RetimerRx b(rc_off);
    const dsp::OpCounts mon = a.levels().ops() + a.histogram().ops();
    EXPECT_EQ(a.ops().adds, b.ops().adds + mon.adds);
    EXPECT_EQ(a.ops().multiplies, b.ops().multiplies + mon.multiplies);
    EXPECT_EQ(a.ops().register_bits, b.ops().register_bits + mon.register_bits);
  }
}

TEST(Chain, ErrorFreeLinkForEveryAdcWidthAndPattern) {
  for (int bits : {6, 7, 8}) {
    for (bool pre : {false, true}) {
      for (auto pat : {dsp::Pattern::kPrbs13q, dsp::Pattern::kPrbs31q, dsp::Pattern::kSsprq}) {
        const auto adc = link_adc(40000, pre, 0.05, bits, pat);
        retimer::RxConfig rc = default_rx();
        rc.adc_bits = bits;
        rc.precoding = pre;
        rc.checker.pattern = pat;
        retimer::RetimerRx rx(rc);
        std::vector<std::uint8_t> out(2 * adc.size());
        rx.process(adc, {out, {}, {}, {}});
        const auto& c = rx.checker().counts();
        EXPECT_TRUE(rx.checker().locked()) << bits << " " << pre << " " << dsp::pattern_name(pat);
        EXPECT_GT(c.symbols, 30000u);
        // after convergence the link is error free (errors only during the first symbols)
        EXPECT_LT(mon::error_ratios(c).ber, 1e-3) << bits << " " << pre;
        const auto lv = rx.levels().report();
        EXPECT_GT(lv.esnr_db, 12.0);
        // the channel compresses the levels: f(r) = r - 0.004 r^3 + 0.02 r^2 gives analytically
        // RLM = 2 - 3 (f(-1) - Vmid)/(f(-3) - Vmid) = 0.801 (the linear FFE cannot undo it)
        EXPECT_NEAR(lv.rlm, 0.801, 0.02);
        EXPECT_EQ(rx.input_clips(), 0u);
        std::printf("adc %d pre %d %s: BER %.3g eSNR %.1f RLM %.3f\n", bits, pre, dsp::pattern_name(pat), mon::error_ratios(c).ber, lv.esnr_db, lv.rlm);
      }
    }
  }
}

TEST(Chain, TxBitsAndPatternPathsAgree) {
  retimer::TxConfig tc;
  tc.precoding = true;
  tc.ffe.taps = {-40, 600, -100};
  tc.ffe.pre = 1;
  retimer::RetimerTx a(tc), b(tc);
  std::vector<std::int16_t> da(999), db(999);
  std::vector<std::uint8_t> ga(999);
  a.process_pattern(da, ga);
  std::vector<std::uint8_t> bits(2 * 999);
  dsp::gray_demap(ga, bits);
  b.process_bits(bits, db);
  EXPECT_EQ(da, db);
  EXPECT_EQ(a.ops().adds, b.ops().adds);
}

TEST(Chain, ConfigErrorsAndOps) {
  retimer::RxConfig rc;
  rc.adc_bits = 5;
  EXPECT_THROW(retimer::RetimerRx{rc}, std::invalid_argument);
  rc = {};
  rc.volterra.n2 = 12;
  EXPECT_THROW(retimer::RetimerRx{rc}, std::invalid_argument);
  rc = {};
  retimer::RetimerRx rx(rc);
  std::vector<std::int16_t> adc(10);
  std::vector<std::uint8_t> bad(3);
  EXPECT_THROW(rx.process(adc, {bad, {}, {}, {}}), std::invalid_argument);
  const auto o = rx.ops();
  EXPECT_EQ(rx.ffe().ops().multiplies, 16u);  // FFE16, sign-data adaptation: no multiplier
  EXPECT_EQ(o.multiplies, rx.ffe().ops().multiplies + rx.levels().ops().multiplies);
  EXPECT_GT(o.register_bits, 16u * 12u);
  EXPECT_EQ(rx.latency(), 5);
}

TEST(Chain, ArbitraryInputSaturatesNeverWraps) {
  // Arbitrary int16 "ADC codes" (most far outside 6 bits): every out-of-range code is clamped
  // and counted, every slicer input stays in S13.3, the chain never wraps (UBSan checks the
  // arithmetic in the sanitizer build).
  std::mt19937_64 g(123);
  std::vector<std::int16_t> adc(20000);
  for (auto& v : adc) v = static_cast<std::int16_t>(static_cast<std::uint16_t>(g()));
  adc[0] = 32767;
  adc[1] = -32768;
  std::uint64_t out_of_range = 0;
  for (auto v : adc) out_of_range += (v > 31 || v < -32);
  for (auto nlc : {retimer::NlcKind::kNone, retimer::NlcKind::kVolterra, retimer::NlcKind::kLut}) {
    retimer::RxConfig rc;
    rc.adc_bits = 6;
    rc.nlc = nlc;
    rc.ffe.adapt = {true, dsp::LmsMode::kLms, 0};  // largest steps: drives the rails
    rc.dfe.adapt = {true, dsp::LmsMode::kLms, 0};
    rc.volterra.adapt.mu_shift = 0;
    rc.lut.adapt.mu_shift = 0;
    retimer::RetimerRx rx(rc);
    std::vector<std::int16_t> z(adc.size());
    std::vector<std::uint8_t> bits(2 * adc.size());
    rx.process(adc, {bits, {}, {}, z});
    EXPECT_EQ(rx.input_clips(), out_of_range);
    for (auto v : z) {
      ASSERT_GE(v, -4096);
      ASSERT_LE(v, 4095);
    }
    for (auto c : rx.ffe().taps()) {
      ASSERT_GE(c, -2048);
      ASSERT_LE(c, 2047);
    }
    for (auto b : bits) ASSERT_LE(b, 1);
  }
}

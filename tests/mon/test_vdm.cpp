// CMIS VDM link-health monitor: register formats against double-precision references,
// eSNR and LTP against the analytic values for Gaussian noise (and against LevelMonitor),
// windowed pre-FEC BER / errored frames against counted errors, threshold flags, hysteresis
// and latching, configuration errors.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "halo/mon/level_monitor.hpp"
#include "halo/mon/vdm.hpp"
#include "halo/mon/vdm_format.hpp"
#include "halo_test_util.hpp"

using namespace halo;
using mon::VdmObs;

namespace {
std::size_t ix(VdmObs o) { return static_cast<std::size_t>(o); }
}

TEST(VdmFormat, F16EncodesRatiosToHalfAMantissaLsb) {
  // worked examples: 2.4e-4 = 240 x 10^-6 (s = 18); 1/3 = 333 x 10^-3 (m 2047 max -> 333.3 -> 333)
  EXPECT_EQ(mon::f16_from_ratio(24, 100000), (18u << 11) | 240u);
  EXPECT_EQ(mon::f16_from_ratio(1, 3), (21u << 11) | 333u);
  EXPECT_EQ(mon::f16_from_ratio(0, 5), 0u);
  EXPECT_EQ(mon::f16_from_ratio(2047, 1), (24u << 11) | 2047u);
  EXPECT_EQ(mon::f16_from_ratio(20475, 10), (25u << 11) | 205u);  // 2047.5 rounds to 205 x 10^1
  std::mt19937_64 g(7);
  for (int i = 0; i < 20000; ++i) {
    const std::uint64_t den = 1 + g() % (std::uint64_t{1} << (1 + g() % 50));
    const std::uint64_t num = g() % (den + 1);
    const std::uint16_t c = mon::f16_from_ratio(num, den);
    const double exact = static_cast<double>(num) / static_cast<double>(den);
    const int s = c >> 11, m = c & 0x7FF;
    if (num == 0) {
      EXPECT_EQ(c, 0);
      continue;
    }
    EXPECT_LE(std::abs(mon::f16_to_double(c) - exact), 0.5 * std::pow(10.0, s - 24) * (1 + 1e-9)) << num << "/" << den;
    if (s > 0) EXPECT_GE(m, 205);  // normalised
  }
}

TEST(VdmFormat, F16OrderingMatchesValues) {
  std::mt19937_64 g(3);
  for (int i = 0; i < 20000; ++i) {
    const auto a = static_cast<std::uint16_t>(g()), b = static_cast<std::uint16_t>(g());
    const double x = mon::f16_to_double(a), y = mon::f16_to_double(b);
    EXPECT_EQ(mon::f16_less(a, b), x < y * (1 - 1e-12)) << a << " " << b;
  }
  EXPECT_FALSE(mon::f16_less((20u << 11) | 100u, (19u << 11) | 1000u));  // equal values
  EXPECT_EQ(mon::f16_from_double(2.4e-4), mon::f16_from_ratio(24, 100000));
}

TEST(VdmFormat, LogAndDbAgainstLibm) {
  std::mt19937_64 g(5);
  for (int i = 0; i < 20000; ++i) {
    const std::uint64_t x = 1 + (g() >> (g() % 63));
    EXPECT_NEAR(mon::log2_q16(x) / 65536.0, std::log2(static_cast<double>(x)), 3.0 / 65536) << x;
    const std::uint64_t y = 1 + (g() >> (8 + g() % 55));
    const double db = 10 * std::log10(static_cast<double>(x) / static_cast<double>(y));
    const double want = std::clamp(db, 0.0, 65535 / 256.0);
    EXPECT_NEAR(mon::db_u16_to_double(mon::db_u16_from_ratio(x, y)), want, 1.0 / 256 + 1e-3) << x << "/" << y;
  }
  for (std::uint64_t v : {0ull, 1ull, 2ull, 99ull, 1ull << 40, 123456789012345ull, ~0ull})
    EXPECT_EQ(mon::isqrt_u64(v), static_cast<std::uint64_t>(std::floor(std::sqrt(static_cast<long double>(v)))));
}

TEST(Vdm, EsnrAndLtpMatchGaussianNoiseAnalytically) {
  // levels A{-3,-1,1,3}, A = 256, Gaussian noise sigma = 40 LSB (+ 1/12 rounding):
  // eSNR = 10 log10(5 A^2 / s^2), LTP = 20 log10(2A / 2s)
  const auto sym = test::random_symbols(1000000, 11);
  std::mt19937_64 g(12);
  std::normal_distribution<double> nd(0.0, 40.0);
  std::vector<std::int16_t> z(sym.size());
  for (std::size_t i = 0; i < sym.size(); ++i)
    z[i] = static_cast<std::int16_t>(std::lround(256 * test::amp(sym[i]) + nd(g)));
  mon::VdmMonitor v;
  for (std::size_t i = 0; i < z.size(); i += 32)  // beats of 32: same as one call
    v.process(std::span(z).subspan(i, 32), std::span<const std::uint8_t>(sym).subspan(i, 32));
  const auto s = v.end_window();
  ASSERT_TRUE(s.levels_valid);
  const double var = 40.0 * 40.0 + 1.0 / 12;
  const double esnr = mon::db_u16_to_double(s.value[ix(VdmObs::kEsnr)]);
  const double ltp = mon::db_u16_to_double(s.value[ix(VdmObs::kLtp)]);
  EXPECT_NEAR(esnr, 10 * std::log10(5.0 * 256 * 256 / var), 0.03);
  EXPECT_NEAR(ltp, 20 * std::log10(256.0 / std::sqrt(var)), 0.05);
  // the double-precision LevelMonitor (independent formulas) agrees to the register LSB
  mon::LevelMonitor lm;
  lm.process(z, sym);
  EXPECT_NEAR(esnr, lm.report().esnr_db, 1.5 / 256);
  // the window restarted: an empty window has no valid levels
  EXPECT_FALSE(v.end_window().levels_valid);
}

TEST(Vdm, LtpIsTheWorstEye) {
  // compressed top level (3A -> 2.4A) with sigma 20: eye 2 has separation 1.4A over 2 sigma
  const auto sym = test::random_symbols(400000, 21);
  std::mt19937_64 g(22);
  std::normal_distribution<double> nd(0.0, 20.0);
  const double lv[4] = {-768, -256, 256, 614.4};
  std::vector<std::int16_t> z(sym.size());
  for (std::size_t i = 0; i < sym.size(); ++i) z[i] = static_cast<std::int16_t>(std::lround(lv[sym[i]] + nd(g)));
  mon::VdmMonitor v;
  v.process(z, sym);
  const auto s = v.end_window();
  const double sig = std::sqrt(400.0 + 1.0 / 12);
  EXPECT_NEAR(mon::db_u16_to_double(s.value[ix(VdmObs::kLtp)]), 20 * std::log10((614.4 - 256) / (2 * sig)), 0.06);
}

TEST(Vdm, BerAndFramesOverWindowsMatchCountedErrors) {
  // random bit errors at a different rate per window; the window value, min, max and the
  // interval average come from the counted errors
  std::mt19937_64 g(31);
  const double rates[] = {1e-5, 3e-4, 3e-3, 5e-5, 8e-4};
  mon::VdmMonitor v;
  std::uint64_t tb = 0, te = 0, tf = 0, tu = 0;
  double mn = 1, mx = 0;
  for (double p : rates) {
    std::bernoulli_distribution bd(p);
    std::uint64_t errs = 0, uncorr = 0;
    const std::uint64_t frames = 40;
    for (std::uint64_t f = 0; f < frames; ++f) {  // 40 KP4 codewords of 5440 bits
      unsigned sym_err = 0;
      for (int sidx = 0; sidx < 544; ++sidx) {
        bool bad = false;
        for (int b = 0; b < 10; ++b)
          if (bd(g)) {
            ++errs;
            bad = true;
          }
        sym_err += bad;
      }
      uncorr += sym_err > 15;
      v.add_codeword(sym_err, sym_err > 15);
    }
    v.add_bits(frames * 5440, errs);
    const auto s = v.end_window();
    const double ber = static_cast<double>(errs) / (frames * 5440.0);
    mn = std::min(mn, ber);
    mx = std::max(mx, ber);
    tb += frames * 5440;
    te += errs;
    tf += frames;
    tu += uncorr;
    const auto near = [](std::uint16_t c, double x) {
      EXPECT_NEAR(mon::f16_to_double(c), x, 0.5 * std::pow(10.0, (c >> 11) - 24) * 1.000001 + 1e-30);
    };
    near(s.value[ix(VdmObs::kBerCur)], ber);
    near(s.value[ix(VdmObs::kBerMin)], mn);
    near(s.value[ix(VdmObs::kBerMax)], mx);
    near(s.value[ix(VdmObs::kBerAvg)], static_cast<double>(te) / static_cast<double>(tb));
    near(s.value[ix(VdmObs::kFercCur)], static_cast<double>(uncorr) / frames);
    near(s.value[ix(VdmObs::kFercAvg)], static_cast<double>(tu) / static_cast<double>(tf));
    std::uint64_t hsum = 0;
    for (auto h : s.fec_hist) hsum += h;
    EXPECT_EQ(hsum, frames);
    EXPECT_EQ(s.fec_hist[16], uncorr);
    // FEC tail = highest non-empty histogram bin
    unsigned tail = 0;
    for (unsigned b = 0; b < 17; ++b)
      if (s.fec_hist[b]) tail = b;
    EXPECT_EQ(s.value[ix(VdmObs::kFecTail)], tail);
  }
  EXPECT_GT(tu, 0u);  // the 3e-3 window has uncorrectable codewords (mean 16 symbol errors)
  // a new statistics interval restarts min/max/avg
  v.clear_statistics();
  v.add_bits(1000000, 7);
  const auto s = v.end_window();
  EXPECT_EQ(s.value[ix(VdmObs::kBerMin)], mon::f16_from_ratio(7, 1000000));
  EXPECT_EQ(s.value[ix(VdmObs::kBerMax)], mon::f16_from_ratio(7, 1000000));
  EXPECT_EQ(s.value[ix(VdmObs::kBerAvg)], mon::f16_from_ratio(7, 1000000));
}

TEST(Vdm, AlarmsFireExactlyAtThresholdCrossingsAndLatchUntilRead) {
  mon::VdmConfig c;
  auto& t = c.thresholds[ix(VdmObs::kBerCur)];
  t.enabled = true;
  t.hi_warn = mon::f16_from_double(2e-4);
  t.hi_alarm = mon::f16_from_double(5e-4);
  t.lo_warn = mon::f16_from_double(1e-9);
  t.lo_alarm = 0;
  mon::VdmMonitor v(c);
  // window errors per 1e6 bits -> BER
  const std::uint64_t errs[] = {1, 100, 300, 1000, 300, 10, 0};
  const std::uint8_t want_active[] = {0, 0, mon::kHighWarning, mon::kHighWarning | mon::kHighAlarm,
                                      mon::kHighWarning, 0, mon::kLowWarning};
  std::uint8_t latched = 0;
  for (std::size_t w = 0; w < std::size(errs); ++w) {
    v.add_bits(1000000, errs[w]);
    const auto s = v.end_window();
    EXPECT_EQ(s.active[ix(VdmObs::kBerCur)], want_active[w]) << "window " << w;
    latched |= want_active[w];
    EXPECT_EQ(s.latched[ix(VdmObs::kBerCur)], latched) << "window " << w;
    if (w == 4) {  // host reads (clear on read): the still-active warning re-latches next window
      EXPECT_EQ(v.read_and_clear_flags()[ix(VdmObs::kBerCur)], latched);
      latched = 0;
    }
  }
  // no other observable has thresholds enabled -> no flags
  for (int i = 0; i < mon::kVdmObsCount; ++i)
    if (i != static_cast<int>(ix(VdmObs::kBerCur))) EXPECT_EQ(v.latched()[static_cast<std::size_t>(i)], 0);
}

TEST(Vdm, HysteresisKeepsAConditionUntilTheReleaseLevel) {
  const auto run = [](std::uint16_t hyst, std::uint16_t lo_warn, const std::vector<unsigned>& tails) {
    mon::VdmConfig c;
    auto& t = c.thresholds[ix(VdmObs::kFecTail)];
    t.enabled = true;
    t.hi_warn = 10;
    t.hi_alarm = 15;
    t.lo_warn = lo_warn;
    t.hysteresis = hyst;
    mon::VdmMonitor v(c);
    std::vector<std::uint8_t> act;
    for (unsigned x : tails) {
      v.add_codeword(x, x > 15);
      act.push_back(v.end_window().active[ix(VdmObs::kFecTail)]);
    }
    return act;
  };
  const std::uint8_t H = mon::kHighWarning, L = mon::kLowWarning;
  // high warning > 10; with hysteresis 2 it stays until <= 8
  EXPECT_EQ(run(0, 0, {3, 10, 12, 11, 9, 7}), (std::vector<std::uint8_t>{0, 0, H, H, 0, 0}));
  EXPECT_EQ(run(2, 0, {3, 10, 12, 11, 9, 7}), (std::vector<std::uint8_t>{0, 0, H, H, H, 0}));
  // low warning < 5; with hysteresis 2 it stays until >= 7
  EXPECT_EQ(run(0, 5, {6, 4, 6, 7, 8}), (std::vector<std::uint8_t>{0, L, 0, 0, 0}));
  EXPECT_EQ(run(2, 5, {6, 4, 6, 7, 8}), (std::vector<std::uint8_t>{0, L, L, 0, 0}));
  // uncorrectable codeword -> tail 16 > hi_alarm 15
  EXPECT_EQ(run(0, 0, {16}), (std::vector<std::uint8_t>{static_cast<std::uint8_t>(H | mon::kHighAlarm)}));
}

TEST(Vdm, ConfigErrorsNameTheField) {
  mon::VdmConfig c;
  auto& t = c.thresholds[ix(VdmObs::kBerCur)];
  t.enabled = true;
  t.hi_warn = mon::f16_from_double(1e-3);
  t.hi_alarm = mon::f16_from_double(1e-4);
  try {
    mon::VdmMonitor v(c);
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("thresholds.ber_cur.hi_warn"), std::string::npos) << e.what();
  }
  t.hi_alarm = mon::f16_from_double(1e-2);
  t.hysteresis = 3;
  EXPECT_THROW(mon::VdmMonitor{c}, std::invalid_argument);
  mon::VdmConfig a;
  a.level_a = 0;
  EXPECT_THROW(mon::VdmMonitor{a}, std::invalid_argument);
  mon::VdmMonitor v;
  std::vector<std::int16_t> z(4);
  std::vector<std::uint8_t> d(3);
  EXPECT_THROW(v.process(z, d), std::invalid_argument);
}

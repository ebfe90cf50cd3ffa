// LMS adaptation of FFE + DFE on a synthetic ISI channel with AWGN converges to the MMSE
// solution computed here in double precision from the same data.
//
// Stated tolerance (full LMS, kLms): every FFE tap within 3 % of the MMSE main tap, the DFE tap
// within 3 % of the level spacing A, and the slicer-error MSE within 0.5 dB of the MMSE.
// Sign-sign and sign-data LMS converge to nearby (not MMSE) points: MSE within 1 dB.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "halo/dsp/dfe.hpp"
#include "halo/dsp/ffe.hpp"
#include "halo_test_util.hpp"

using namespace halo;

namespace {

// The delayed-error ring: push() and read() against at() and a plain array, across the wrap, for
// pushes of every size 1..300 (more than kSize = 256: only the last kSize errors remain).
TEST(ErrorQueue, PushAndReadAcrossTheWrap) {
  constexpr std::size_t kN = dsp::ErrorQueue::kSize;
  dsp::ErrorQueue q;
  std::vector<std::int16_t> all;  // every error pushed, in order
  std::uint64_t produced = 0;
  for (std::size_t n = 1; n <= 300; n += 7) {
    std::vector<std::int16_t> e(n);
    for (std::size_t i = 0; i < n; ++i) e[i] = static_cast<std::int16_t>((all.size() + i) * 37 % 4001 - 2000);
    produced += n;
    q.push(produced, e.data(), n, "test");
    all.insert(all.end(), e.begin(), e.end());
    ASSERT_EQ(q.pushed(), all.size());
    const std::size_t lo = all.size() > kN ? all.size() - kN : 0;
    for (std::size_t k = lo; k < all.size(); ++k) ASSERT_EQ(q.at(k), all[k]) << "output " << k;
    const std::size_t cnt = std::min<std::size_t>(32, all.size() - lo);
    std::vector<std::int16_t> r(cnt);
    q.read(all.size() - cnt, r.data(), cnt);
    for (std::size_t i = 0; i < cnt; ++i) ASSERT_EQ(r[i], all[all.size() - cnt + i]);
  }
}
constexpr int kT = 16, kPre = 5;
constexpr std::size_t kN = 400000;
constexpr std::size_t kFine = 300000, kMeasure = 340000;

struct Data {
  std::vector<std::uint8_t> s;
  std::vector<std::int16_t> adc;
};

Data make_data() {
  Data d;
  d.s = test::random_symbols(kN, 21);
  test::Channel ch;
  ch.h = {0.1, 1.0, 0.45, 0.2, -0.08, 0.04};
  ch.cursor = 1;
  ch.sigma = 0.12;
  ch.lsb_per_unit = 20.0;
  ch.seed = 22;
  d.adc = ch.run(d.s);
  return d;
}

/// MMSE FFE (S12.8 units) + DFE tap (S12.3 per unit a) and the MMSE, from sample statistics
/// over symbols [from, to), assuming correct past decisions.
struct Mmse {
  std::vector<double> w;  // kT FFE taps then B
  double mse;
};
Mmse mmse(const Data& d, std::size_t from, std::size_t to) {
  const std::size_t m = kT + 1;
  std::vector<double> r(m * m, 0.0), p(m, 0.0), u(m);
  double tt = 0.0;
  for (std::size_t n = from; n < to; ++n) {
    for (int k = 0; k < kT; ++k) u[static_cast<std::size_t>(k)] = d.adc[n - static_cast<std::size_t>(k)] / 32.0;
    u[kT] = -test::amp(d.s[n - kPre - 1]);
    const double t = 256.0 * test::amp(d.s[n - kPre]);
    for (std::size_t i = 0; i < m; ++i) {
      p[i] += u[i] * t;
      for (std::size_t j = 0; j < m; ++j) r[i * m + j] += u[i] * u[j];
    }
    tt += t * t;
  }
  Mmse out;
  out.w = test::solve(r, p);
  double wp = 0.0;
  for (std::size_t i = 0; i < m; ++i) wp += out.w[i] * p[i];
  out.mse = (tt - wp) / static_cast<double>(to - from);
  return out;
}

struct LmsResult {
  std::vector<std::int32_t> c, b;
  double mse;
  std::uint64_t errors;
};
LmsResult run_lms(const Data& d, dsp::LmsMode mode, int mu_ffe_coarse, int mu_ffe_fine,
                  int mu_dfe_coarse, int mu_dfe_fine) {
  dsp::FfeConfig fc;
  fc.adapt = {true, mode, mu_ffe_coarse};
  dsp::DfeConfig dc;
  dc.adapt = {true, mode, mu_dfe_coarse};
  dsp::Ffe f(fc);
  dsp::Dfe dfe(dc);
  std::vector<std::int16_t> y(16), z(16), e(16);
  std::vector<std::uint8_t> dec(16);
  double se = 0.0;
  std::size_t cnt = 0;
  std::uint64_t errs = 0;
  for (std::size_t o = 0; o < kN; o += 16) {
    if (o == kFine) {
      f.set_adapt({true, mode, mu_ffe_fine});
      dfe.set_adapt({true, mode, mu_dfe_fine});
    }
    f.process(std::span(d.adc).subspan(o, 16), y);
    dfe.process(y, {dec, z, e});
    f.adapt(e);
    if (o >= kMeasure) {
      for (std::size_t i = 0; i < 16; ++i) {
        se += static_cast<double>(e[i]) * e[i];
        errs += dec[i] != d.s[o + i - kPre];
        ++cnt;
      }
    }
  }
  return {f.taps(), dfe.taps(), se / static_cast<double>(cnt), errs};
}
}  // namespace

TEST(Adaptation, LmsFfeDfeConvergesToMmse) {
  const Data d = make_data();
  const Mmse ref = mmse(d, kMeasure, kN);
  const LmsResult r = run_lms(d, dsp::LmsMode::kLms, 2, 5, 0, 2);
  for (double w : ref.w) std::printf("%.1f ", w);
  std::printf("mmse %.1f lms %.1f\n", ref.mse, r.mse);
  for (auto c : r.c) std::printf("%d ", c);
  std::printf("b %d\n", r.b[0]);
  const double main = ref.w[kPre];
  for (int k = 0; k < kT; ++k) {
    EXPECT_NEAR(r.c[static_cast<std::size_t>(k)], ref.w[static_cast<std::size_t>(k)], 0.03 * main) << "FFE tap " << k;
  }
  EXPECT_NEAR(r.b[0], ref.w[kT], 0.03 * 256) << "DFE tap";
  EXPECT_LT(10 * std::log10(r.mse / ref.mse), 0.5);
  EXPECT_EQ(r.errors, 0u);
  // the MMSE solution is a real equaliser: the DFE tap is near the 0.45 post-cursor
  EXPECT_GT(ref.w[kT], 0.3 * 256);
}

TEST(Adaptation, SignModesConvergeNearMmse) {
  const Data d = make_data();
  const Mmse ref = mmse(d, kMeasure, kN);
  for (auto mode : {dsp::LmsMode::kSignData, dsp::LmsMode::kSignSign}) {
    const bool ss = mode == dsp::LmsMode::kSignSign;
    const LmsResult r = ss ? run_lms(d, mode, 8, 11, 12, 15) : run_lms(d, mode, 0, 3, 4, 7);
    EXPECT_LT(10 * std::log10(r.mse / ref.mse), 1.0) << (ss ? "sign-sign" : "sign-data");
    EXPECT_EQ(r.errors, 0u);
  }
}

TEST(Adaptation, FreezeHoldsTaps) {
  const Data d = make_data();
  dsp::FfeConfig fc;
  fc.adapt.enable = false;
  dsp::Ffe f(fc);
  std::vector<std::int16_t> y(32);
  for (std::size_t o = 0; o < 3200; o += 32) f.process(std::span(d.adc).subspan(o, 32), y);
  auto c = f.taps();
  EXPECT_EQ(c[kPre], 256);
  for (int k = 0; k < kT; ++k) if (k != kPre) EXPECT_EQ(c[static_cast<std::size_t>(k)], 0);
}

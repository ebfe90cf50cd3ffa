// TDECQ (sim/tdecq/, docs/tdecq.md): closed forms, the waveform file format and the trend of
// the link's measured SER over temperature corners.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>

#include "halo/sim/link.hpp"
#include "halo/sim/link_config.hpp"
#include "halo/sim/tdecq.hpp"

namespace {

using namespace halo::sim;

double qf(double x) { return 0.5 * std::erfc(x / std::sqrt(2.0)); }

// Ideal PAM4 levels (0, 1/3, 2/3, 1) x oma + p0, constant over each UI, plus per-UI Gaussian
// noise sigma: a Gaussian-noise-only eye (no ISI, no reference receiver filtering).
tdecq::Waveform noise_only_eye(double oma, double sigma, std::size_t n, unsigned osr, std::uint32_t seed) {
  std::mt19937_64 g(seed);
  std::normal_distribution<double> nd(0.0, sigma);
  std::uniform_int_distribution<int> sym(0, 3);
  tdecq::Waveform w;
  w.symbol_rate_hz = 53.125e9;
  w.osr = osr;
  for (std::size_t k = 0; k < n; ++k) {
    const int s = sym(g);
    w.symbols.push_back(static_cast<std::uint8_t>(s));
    const double v = 1e-3 + oma * s / 3.0 + nd(g);
    for (unsigned j = 0; j < osr; ++j) w.samples.push_back(v);
  }
  return w;
}

tdecq::Params no_filter() {
  tdecq::Params p = tdecq::preset("ieee8023cd_100g");
  p.ref_rx_bw_hz = 0;  // the eye is already "through the reference receiver"
  return p;
}

TEST(TdecqMethod, QtIsTheGaussianQOfTheTargetSer) {
  // independent: 1.5 Q(3.414) = 4.8e-4 to the digits the standard quotes
  EXPECT_NEAR(tdecq::q_target(4.8e-4), 3.414, 2e-3);
  const double q = tdecq::q_target(1e-3);
  EXPECT_NEAR(1.5 * qf(q), 1e-3, 1e-9);
  EXPECT_THROW(tdecq::q_target(0.0), std::invalid_argument);
}

// Gaussian noise only: the largest added sigma_G with SER = SER_t. Closed form (true symbol
// errors): 1.5 Q(OMA / (6 sqrt(sigma_n^2 + sigma_G^2))) = SER_t, so sigma_G^2 = sigma_ideal^2 -
// sigma_n^2 and TDECQ = -5 log10(1 - sigma_n^2 / sigma_ideal^2). The method's blind histogram
// SER differs by the samples already beyond a threshold; the test also integrates that
// expectation itself (trapezoid over the Gaussian) and solves it for sigma_G.
TEST(TdecqMethod, GaussianNoiseOnlyEyeFollowsTheClosedForm) {
  const double oma = 2e-3, qt = tdecq::q_target(4.8e-4), s_ideal = oma / (6 * qt);
  // 40000 symbols: the sampling spread of the SER estimate grows as sigma_n nears sigma_ideal
  // (about 0.03 dB at 0.5, 0.06 dB at 0.7, 0.1 dB at 0.8)
  for (double ratio : {0.3, 0.5, 0.7}) {
    const double sn = ratio * s_ideal;
    const auto w = noise_only_eye(oma, sn, 40000, 4, 11 + static_cast<std::uint32_t>(ratio * 10));
    const auto r = tdecq::analyze(no_filter(), w);
    const double closed = -5 * std::log10(1 - ratio * ratio);
    // blind expectation: levels at d = OMA/6 from their thresholds (inner levels have two)
    auto blind_ser = [&](double sg) {
      double e = 0;
      const int M = 4000;
      const double h = 16.0 * sn / M;
      for (int i = 0; i <= M; ++i) {
        const double x = -8 * sn + i * h, wgt = std::exp(-0.5 * x * x / (sn * sn)) / (sn * std::sqrt(2 * M_PI)) * h *
                                                  (i == 0 || i == M ? 0.5 : 1.0);
        const double d = oma / 6;
        // a sample of an outer level at distance d - x from its threshold (x towards it)
        const double outer = qf(std::abs(d - x) / sg);
        // an inner level: thresholds at d - x and d + x
        const double inner = qf(std::abs(d - x) / sg) + qf(std::abs(d + x) / sg);
        e += wgt * (2 * outer + 2 * inner) / 4;
      }
      return e;
    };
    double lo = 1e-9, hi = s_ideal * 2;
    for (int i = 0; i < 80; ++i) {
      const double mid = 0.5 * (lo + hi);
      (blind_ser(mid) <= 4.8e-4 ? lo : hi) = mid;
    }
    const double expect = 10 * std::log10(s_ideal / lo);
    EXPECT_NEAR(r.tdecq_db, expect, 0.08) << "sigma_n / sigma_ideal = " << ratio;
    EXPECT_NEAR(r.tdecq_db, closed, 0.1) << "sigma_n / sigma_ideal = " << ratio;
    EXPECT_NEAR(r.oma_outer, oma, 0.02 * oma);
    EXPECT_NEAR(r.taps[r.main_index], 1.0, 0.05);
    EXPECT_NEAR(r.c_eq, 1.0, 0.05);
    EXPECT_LE(std::max(r.ser_left, r.ser_right), 4.8e-4 * 1.001);
  }
}

TEST(TdecqMethod, NoiseEnhancementIsTheTapNormForWhiteNoise) {
  tdecq::ReferenceEqualizer eq(5, 1);
  eq.configure({-0.1, 1.3, -0.2, 0.0, 0.0});  // sum 1.0
  const std::vector<double> white = {1, 0, 0, 0, 0};
  EXPECT_NEAR(eq.noise_enhancement(white), std::sqrt(0.01 + 1.69 + 0.04), 1e-12);
  // Bessel-Thomson at half the symbol rate: neighbouring T-spaced noise samples correlate
  const tdecq::ReferenceReceiver rr(26.5625e9, 53.125e9, 16);
  const auto r = rr.noise_correlation(5);
  EXPECT_DOUBLE_EQ(r[0], 1.0);
  EXPECT_GT(r[1], 0.01);
  EXPECT_LT(r[1], 0.1);
  EXPECT_LT(std::abs(r[3]), 0.01);
}

// ISI from a slow transmitter: the reference receiver plus a 1-tap "equalizer" sees a more closed
// eye than the 5-tap reference equalizer; both are finite and above the noise-only figure.
TEST(TdecqMethod, EqualizerRecoversIsiPenalty) {
  const unsigned osr = 16;
  std::vector<double> pulse(8 * osr, 0.0);
  const double a = 1 - std::exp(-2 * M_PI * 22e9 / (53.125e9 * osr));  // 22 GHz 1-pole transmitter
  double y = 0;
  for (std::size_t i = 0; i < pulse.size(); ++i) {
    const double x = i < osr ? 1.0 : 0.0;
    y += a * (x - y);
    pulse[i] = 1e-3 * y;  // OMA 2 mW at DC
  }
  const auto w = tdecq::linear_waveform(pulse, osr, 53.125e9, 2e-3, 0.02, -400, 20000, 3);
  tdecq::Params p5 = tdecq::preset("ieee8023cd_100g"), p1 = p5;
  p1.ffe_taps = 1;
  p1.max_main_index = 0;
  const auto r5 = tdecq::analyze(p5, w), r1 = tdecq::analyze(p1, w);
  EXPECT_TRUE(std::isfinite(r5.tdecq_db));
  EXPECT_LT(r5.tdecq_db + 0.3, r1.tdecq_db);
  EXPECT_GT(r5.tdecq_db, 0.0);
  double sum = 0;
  for (double c : r5.taps) sum += c;
  EXPECT_NEAR(sum, 1.0, 1e-12);
}

TEST(TdecqFile, RoundTripAndErrorsNameFileAndLine) {
  const auto w = noise_only_eye(1e-3, 1e-5, 1200, 4, 5);
  const std::string text = tdecq::format_waveform(w);
  const auto back = tdecq::parse_waveform(text, "x.txt");
  EXPECT_EQ(back.symbols, w.symbols);
  EXPECT_EQ(back.samples, w.samples);
  EXPECT_EQ(back.osr, 4u);
  auto err = [](const std::string& t) {
    try {
      (void)tdecq::parse_waveform(t, "w.txt");
    } catch (const tdecq::WaveformError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string head = "# halolink tdecq waveform 1\nsymbol_rate_gbd 53.125\nsamples_per_ui 4\n";
  EXPECT_NE(err("hello\n").find("w.txt:1: expected the first line"), std::string::npos);
  EXPECT_NE(err(head + "symbols 0 1 4\n").find("w.txt:4: expected a PAM4 symbol 0..3, found '4'"), std::string::npos);
  EXPECT_NE(err(head + "symbols 0 1\nsamples\n1 2 3 4 5 6 7 x\n").find("w.txt:6: expected a finite sample value, found 'x'"),
            std::string::npos);
  EXPECT_NE(err(head + "symbols 0 1\nsamples\n1 2 3\n").find("expected symbols x samples_per_ui = 2 x 4 = 8 samples, found 3"),
            std::string::npos);
  EXPECT_NE(err("# halolink tdecq waveform 1\nsamples_per_ui 2\n").find("w.txt:2: expected 'samples_per_ui N' with 4 <= N"),
            std::string::npos);
  EXPECT_NE(err(head + "colour red\n").find("w.txt:4: expected symbol_rate_gbd, samples_per_ui, symbols or samples"),
            std::string::npos);
}

// The link's optical transmitter over temperature corners: the MZM bias drifts away from
// quadrature as the module heats, compressing one side of the eye. The time-domain SER of the
// link (counted) rises from the cool to the hot corner, and TDECQ of the same transmitter rises
// with it.
TEST(TdecqLink, RisesWithTheMeasuredSerOverTemperatureCorners) {
  const std::string base = R"(name: tdecq_corners
symbol_rate_gbd: 53.125
osr: 8
seed: 3
symbols: 160000
tx: {pattern: prbs31q, ffe: [1.0], swing_v: 0.8, snr_db: 33}
optical: {enabled: true, modulator: mzm, driver_gain: 2.3, driver_bw_ghz: 45, vpi_v: 2.0, bias: 0.5,
          bias_drift_per_c: 0.0025, temperature_c: 25, extinction_ratio_db: 25, laser_power_dbm: -3,
          rin_db_hz: -140, fiber_km: 0.5, fiber_loss_db_km: 0.4, dispersion_ps_nm_km: -1.5, wavelength_nm: 1310,
          responsivity_a_w: 0.8, thermal_noise_pa_rthz: 40, tia_gain_ohm: 1000, tia_bw_ghz: 40}
rx: {model: float, bandwidth_ghz: 0, adc: {bits: 8, enob: 6.0}, ffe: {taps: 9, pre: 2}, dfe: {taps: 1},
     cdr: {type: fixed}, adapt: {training_symbols: 60000, freeze_after_training: true}}
fec: none
)";
  std::vector<double> ser, tq;
  std::vector<std::uint64_t> errs;
  for (double t : {25.0, 70.0, 85.0}) {
    std::string y = base;
    y.replace(y.find("temperature_c: 25"), 17, "temperature_c: " + std::to_string(static_cast<int>(t)));
    const LinkConfig cfg = parse_config(y, "corners", ".");
    const TdResult r = run_time_domain(cfg, build_model(cfg));
    ser.push_back(r.ser);
    errs.push_back(r.symbol_errors);
    const auto w = tdecq::link_waveform(cfg, 8192, 9);
    tq.push_back(tdecq::analyze(tdecq::preset("ieee8023cd_100g"), w).tdecq_db);
    std::printf("T %g C: SER %.3e (%llu errors), TDECQ %.2f dB\n", t, r.ser, static_cast<unsigned long long>(r.symbol_errors),
                tq.back());
  }
  ASSERT_GE(errs.back(), 50u) << "the hot corner must have countable errors";
  EXPECT_GT(ser[2], 2 * ser[0]) << "premise: the hot corner is worse";
  for (std::size_t i = 1; i < ser.size(); ++i)
    if (ser[i] > 1.5 * ser[i - 1]) EXPECT_GT(tq[i], tq[i - 1]) << "corner " << i;
  EXPECT_GT(tq[2], tq[0] + 0.3);
}

}  // namespace

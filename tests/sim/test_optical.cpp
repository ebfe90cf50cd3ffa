// Optical link (MZM, fiber, PD, TIA): nonlinear compensation gain and physical sanity.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "halo/sim/link.hpp"

using namespace halo::sim;

namespace {
std::string optical_yaml(bool volterra, double temp_c, unsigned long symbols, const std::string& model = "float") {
  return "name: dr\nsymbol_rate_gbd: 106.25\nosr: 8\nseed: 5\nsymbols: " + std::to_string(symbols) +
         "\nfec: kp4\ntx: {pattern: prbs31q, ffe: [0, 1, 0], ffe_main: 1, swing_v: 0.8, snr_db: 33}\n"
         "optical: {enabled: true, modulator: mzm, driver_gain: 2.0, driver_bw_ghz: 60, vpi_v: 2.0, bias: 0.5,"
         " bias_drift_per_c: 0.002, temperature_c: " + std::to_string(temp_c) +
         ", extinction_ratio_db: 25, laser_power_dbm: 1, rin_db_hz: -145, fiber_km: 0.5, fiber_loss_db_km: 0.4,"
         " dispersion_ps_nm_km: -1.5, wavelength_nm: 1310, responsivity_a_w: 0.8, thermal_noise_pa_rthz: 20,"
         " tia_gain_ohm: 1000, tia_bw_ghz: 70}\n"
         "rx: {model: " + model + ", adc: {bits: 8, enob: 6.0}, ffe: {taps: 16, pre: 5}, dfe: {taps: 1}, volterra: {enabled: " +
         std::string(volterra ? "true" : "false") +
         ", memory: 5}, cdr: {type: fixed}, adapt: {training_symbols: 400000, freeze_after_training: true, mu_volterra: 3.0e-4}}\n";
}
TdResult run(const std::string& y) {
  const LinkConfig c = parse_config(y, "optical.yaml", ".");
  const LinkModel m = build_model(c);
  return run_time_domain(c, m);
}
}  // namespace

// MZM driven into its sine compression (+-0.4 Vpi drive) at the 85 C corner, where the bias
// drifts to 0.62 Vpi (even-order distortion): a 2nd-order Volterra (memory 5) with the FFE
// lowers the SER at the same settings (sampling phase fixed at the calibrated cursor).
class OpticalVolterra : public ::testing::TestWithParam<const char*> {};

TEST_P(OpticalVolterra, ImprovesOnFfeAloneInCompression) {
  const std::string model = GetParam();
  const TdResult ffe = run(optical_yaml(false, 85, 1000000, model));
  const TdResult vol = run(optical_yaml(true, 85, 1000000, model));
  std::printf("[%s] MZM compression, 85 C: FFE+DFE SER %.3e (%llu errors), FFE+Volterra(5)+DFE SER %.3e (%llu errors) -> %.0f %% fewer\n",
              vol.rx_name.c_str(), ffe.ser, static_cast<unsigned long long>(ffe.symbol_errors), vol.ser,
              static_cast<unsigned long long>(vol.symbol_errors), 100.0 * (1 - vol.ser / ffe.ser));
  ASSERT_GT(ffe.symbol_errors, 80u);
  // counting noise is ~sqrt(N) (< 12 %); require at least 40 % fewer errors
  EXPECT_LT(vol.ser, 0.6 * ffe.ser);
}
INSTANTIATE_TEST_SUITE_P(Receivers, OpticalVolterra, ::testing::Values("float", "cmodel"));

// The 25 C link is far better than the 85 C corner (bias drift of the MZM).
TEST(OpticalLink, TemperatureCornerDegrades) {
  const TdResult cold = run(optical_yaml(false, 25, 400000));
  const TdResult hot = run(optical_yaml(false, 85, 400000));
  std::printf("25 C SER %.3e, 85 C SER %.3e\n", cold.ser, hot.ser);
  EXPECT_LT(cold.ser * 10, hot.ser);
}

// Statistical mode (`halolink sim --statistical`) against the time domain on the DR example
// config (golden-model receiver, MM CDR, 16-tap FFE + 1-tap DFE): the calibrated nonlinear
// distortion is carried as a per-level discrete PDF and the noise with per-level sigmas. At its
// nominal 25 C / 0 dBm the example is error free in both engines (statistical ~5e-11), so two
// points with a countable SER are checked: less laser power (noise dominated) and the 85 C MZM
// bias-drift corner (distortion dominated; the former white-Gaussian treatment of the distortion
// was ~500x pessimistic on the example). The prediction must lie within a factor of 3 of the
// measured SER (counting noise at >= 60 errors is < +-30 % at 2 sigma).
TEST(OpticalStatistical, MatchesTimeDomainWithinFactor3) {
  struct Point {
    double laser_dbm, temp_c;
  };
  for (const Point pt : {Point{-6.0, 25.0}, Point{-4.0, 85.0}}) {
    LinkConfig c = load_config(std::string(HALO_SOURCE_DIR) + "/sim/configs/optical_dr_106g.yaml");
    c.optical.laser_power_dbm = pt.laser_dbm;
    c.optical.temperature_c = pt.temp_c;
    c.symbols = 1300000;
    validate(c, "optical_dr_106g.yaml");
    const LinkModel m = build_model(c);
    const StatResult st = analyze_optical(c, m);
    const TdResult td = run_time_domain(c, m);
    std::printf("DR %.0f dBm, %.0f C: statistical SER %.3e (SNR %.2f dB), time domain %.3e (%llu errors in %llu, SNR %.2f dB), "
                "ratio %.2f\n",
                pt.laser_dbm, pt.temp_c, st.ser, st.snr_db, td.ser, static_cast<unsigned long long>(td.symbol_errors),
                static_cast<unsigned long long>(td.measured), td.snr_monitor_db, st.ser / td.ser);
    ASSERT_GE(td.symbol_errors, 60u) << "operating point too clean to compare";
    EXPECT_LT(st.ser, 3 * td.ser);
    EXPECT_GT(st.ser, td.ser / 3);
  }
}

// TdReplay (the NLC study's four receivers on one link): a run replaying the recorded ADC codes
// gives the same results as a full run of the same link with that receiver (errors, BER, slicer
// statistics); another link (key) and a CDR that moves the sampling phase are refused.
TEST(OpticalLink, ReplayedRunEqualsFullRun) {
  const std::string a = optical_yaml(false, 85, 60000), b = optical_yaml(true, 85, 60000, "cmodel");
  auto key = [](const std::string& y) { return y.substr(0, y.find("\nrx: ")); };
  TdReplay replay;
  TdHooks hooks;
  hooks.replay = &replay;
  hooks.replay_key = key(a);
  const LinkConfig ca = parse_config(a, "a.yaml", "."), cb = parse_config(b, "b.yaml", ".");
  const TdResult rec = run_time_domain(ca, build_model(ca), {}, nullptr, &hooks);
  ASSERT_TRUE(replay.filled);
  ASSERT_GE(replay.codes.size(), 60000u);  // whole blocks
  hooks.replay_key = key(b);
  const TdResult rep = run_time_domain(cb, build_model(cb), {}, nullptr, &hooks);
  const TdResult full_a = run(a), full_b = run(b);
  for (const auto& [x, y] : {std::pair{&rec, &full_a}, std::pair{&rep, &full_b}}) {
    EXPECT_EQ(x->rx_name, y->rx_name);
    EXPECT_EQ(x->bits, y->bits);
    EXPECT_EQ(x->bit_errors, y->bit_errors);
    EXPECT_EQ(x->symbol_errors, y->symbol_errors);
    EXPECT_EQ(x->ber, y->ber);
    for (std::size_t l = 0; l < 4; ++l) EXPECT_EQ(x->level_mean[l], y->level_mean[l]);
    EXPECT_EQ(x->slicer_hist, y->slicer_hist);
  }
  // the two receivers differ (float FFE + DFE against the golden model with Volterra)
  EXPECT_NE(full_a.rx_name, full_b.rx_name);
  EXPECT_NE(full_a.level_mean[0], full_b.level_mean[0]);
  // another link up to the ADC (hotter corner): refused
  const std::string other = optical_yaml(false, 70, 60000);
  const LinkConfig co = parse_config(other, "o.yaml", ".");
  hooks.replay_key = key(other);
  EXPECT_THROW(run_time_domain(co, build_model(co), {}, nullptr, &hooks), std::invalid_argument);
  // a moving CDR (the sampling phase would depend on the receiver): refused
  std::string mm = a;
  mm.replace(mm.find("cdr: {type: fixed}"), 18, "cdr: {type: mm}");
  const LinkConfig cm = parse_config(mm, "mm.yaml", ".");
  TdReplay fresh;
  hooks.replay = &fresh;
  hooks.replay_key = key(mm);
  EXPECT_THROW(run_time_domain(cm, build_model(cm), {}, nullptr, &hooks), std::invalid_argument);
}

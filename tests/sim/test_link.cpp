// Link simulator correctness: AWGN PAM4 SER, statistical vs time domain on the real C2M
// channel, crosstalk, configuration errors.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "halo/sim/link.hpp"

using namespace halo::sim;

namespace {
const std::string kData = std::string(HALO_SOURCE_DIR) + "/sim/data/channels/";

LinkConfig cfg_of(const std::string& yaml) { return parse_config(yaml, "test.yaml", kData); }

std::string c2m_yaml(double noise_mv, bool xtalk, unsigned long symbols) {
  std::string y =
      "name: c2m\nsymbol_rate_gbd: 53.125\nseed: 7\nsymbols: " + std::to_string(symbols) +
      "\ntx: {pattern: prbs31q, ffe: [-0.08, 0.84, -0.08], ffe_main: 1, swing_v: 0.8, snr_db: 33}\n"
      "channel:\n  - {file: C2M__Z100_IL14_WC_BOR_H_L_H_THRU.s4p}\n"
      "rx: {noise_rms_mv: " + std::to_string(noise_mv) +
      ", adc: {bits: 8, enob: 6.5}, ffe: {taps: 16, pre: 5}, dfe: {taps: 1}, cdr: {type: mm},"
      " adapt: {training_symbols: 300000}}\nfec: kp4\n";
  if (xtalk)
    y += "crosstalk:\n  - {file: C2M__Z100_IL14_WC_BOR_H_L_H_FEXT1.s4p, kind: fext, ports: \"1,3,2,4\"}\n"
         "  - {file: C2M__Z100_IL14_WC_BOR_H_L_H_NEXT1.s4p, kind: next, ports: \"1,3,2,4\"}\n";
  return y;
}

double stat_ser(const LinkConfig& c) {
  const LinkModel m = build_model(c);
  return analyze(m.pulse, stat_noise(c, m), stat_options(c, m)).ser;
}

std::string config_error(const std::string& yaml) {
  try {
    cfg_of(yaml);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

// SER = 1.5 Q(d/sigma) for PAM4 in white Gaussian noise (d = half the level spacing), at 5 SNR
// points, within the 99% confidence interval of the measured count.
TEST(LinkAwgn, Pam4SerMatchesTheory) {
  for (double sigma_mv : {50.0, 57.0, 65.0, 75.0, 90.0}) {
    const std::string y = "channel: []\nsymbols: 1000000\nsymbol_rate_gbd: 53.125\nosr: 8\nseed: 3\nfec: none\n"
                          "tx: {pattern: prbs31q, swing_v: 1.2}\n"
                          "rx: {model: float, noise_rms_mv: " + std::to_string(sigma_mv) +
                          ", bandwidth_ghz: -1, agc_target_rms: 0.2, adc: {bits: 12}, ffe: {taps: 1, pre: 0},"
                          " dfe: {taps: 0}, cdr: {type: fixed}, adapt: {init: mmse, mu_ffe: 0, training_symbols: 0}}\n";
    const LinkConfig c = cfg_of(y);
    const LinkModel m = build_model(c);
    const TdResult r = run_time_domain(c, m);
    const double d = 0.6 / 3, s = sigma_mv * 1e-3;
    const double sq = m.sigma_q_v;  // ideal 12-bit quantizer, pre-AGC
    const double p = pam4_ser_awgn(d, std::sqrt(s * s + sq * sq));
    const double n = static_cast<double>(r.measured);
    const double ci = 2.576 * std::sqrt(n * p * (1 - p));
    std::printf("sigma %.0f mV: d/sigma %.3f, SER theory %.4e, measured %.4e (%llu errors / %.0f), 99%% CI +-%.1f\n",
                sigma_mv, d / s, p, r.ser, static_cast<unsigned long long>(r.symbol_errors), n, ci);
    EXPECT_NEAR(static_cast<double>(r.symbol_errors), n * p, ci) << "sigma " << sigma_mv << " mV";
    EXPECT_NEAR(r.ber, r.ser / 2, 0.1 * r.ser);  // Gray: one bit per adjacent-level error
  }
}

// The RX noise (before the AGC) and the ADC's ENOB noise (after it) are drawn as one Gaussian of
// variance sigma_rx^2 agc^2 + sigma_enob^2: with ENOB noise comparable to the RX noise, the SER
// must be 1.5 Q(d / sigma) for sigma^2 = sigma_rx^2 + (FS 2^-ENOB / sqrt(12) / agc)^2 (ENOB noise
// + the 12-bit quantiser, referred to the ADC input), within the 99 % CI; without the ENOB term
// the expected count would be ~1e3 times smaller, with the ENOB variance counted twice ~7x larger.
TEST(LinkAwgn, RxAndEnobNoiseVariancesAdd) {
  for (const double enob : {3.6, 4.0}) {
    const std::string y = "channel: []\nsymbols: 1000000\nsymbol_rate_gbd: 53.125\nosr: 8\nseed: 5\nfec: none\n"
                          "tx: {pattern: prbs31q, swing_v: 1.2}\n"
                          "rx: {model: float, noise_rms_mv: 40, bandwidth_ghz: -1, agc_target_rms: 0.2,"
                          " adc: {bits: 12, enob: " + std::to_string(enob) + ", full_scale_v: 1.0}, ffe: {taps: 1, pre: 0},"
                          " dfe: {taps: 0}, cdr: {type: fixed}, adapt: {init: mmse, mu_ffe: 0, training_symbols: 0}}\n";
    const LinkConfig c = cfg_of(y);
    const TdResult r = run_time_domain(c, build_model(c));
    const double d = 0.6 / 3, s_rx = 40e-3;
    const double s_adc = 1.0 / std::pow(2.0, enob) / std::sqrt(12.0) / r.agc_gain;  // V before the AGC
    const double p = pam4_ser_awgn(d, std::sqrt(s_rx * s_rx + s_adc * s_adc));
    const double n = static_cast<double>(r.measured);
    const double ci = 2.576 * std::sqrt(n * p * (1 - p));
    std::printf("ENOB %.1f: agc %.4f, ADC noise %.1f mV at the input, SER theory %.4e (RX only %.2e), measured %.4e\n",
                enob, r.agc_gain, s_adc * 1e3, p, pam4_ser_awgn(d, s_rx), r.ser);
    EXPECT_GT(s_adc, 0.6 * s_rx);  // the check is sensitive to the ENOB term
    EXPECT_NEAR(static_cast<double>(r.symbol_errors), n * p, ci) << "ENOB " << enob;
  }
}

// 1/(1+D) mod 4 precoding: one slicer error becomes two Gray-symbol errors after the (1+D)
// decoder, so BER ~ SER (one bit each) instead of SER/2; the slicer SER is unchanged.
TEST(LinkAwgn, PrecodingDoublesBitErrorsPerSymbolError) {
  for (bool pre : {false, true}) {
    const std::string y = std::string("channel: []\nsymbols: 1000000\nsymbol_rate_gbd: 53.125\nosr: 8\nseed: 4\nfec: none\n") +
                          "tx: {pattern: prbs31q, swing_v: 1.2, precoding: " + (pre ? "true" : "false") + "}\n"
                          "rx: {model: float, noise_rms_mv: 75, bandwidth_ghz: -1, agc_target_rms: 0.2, adc: {bits: 12}, ffe: {taps: 1, pre: 0},"
                          " dfe: {taps: 0}, cdr: {type: fixed}, adapt: {init: mmse, mu_ffe: 0, training_symbols: 0}}\n";
    const LinkConfig c = cfg_of(y);
    const TdResult r = run_time_domain(c, build_model(c));
    std::printf("precoding %d: SER %.4e BER %.4e BER/SER %.3f\n", pre, r.ser, r.ber, r.ber / r.ser);
    EXPECT_NEAR(r.ser, pam4_ser_awgn(0.2, 0.075), 0.1 * r.ser);
    EXPECT_NEAR(r.ber / r.ser, pre ? 1.0 : 0.5, 0.05);
  }
}

// Statistical prediction (MMSE 16-tap FFE + 1-tap DFE at the Mueller-Muller lock) vs the
// time-domain run (default receiver: the bit-exact golden model, LMS-adapted, MM CDR locked) on
// the real C2M channel near SER 1e-4.
TEST(LinkC2m, TimeDomainMatchesStatisticalWithinFactor2) {
  double lo = 5, hi = 20;  // mV
  for (int i = 0; i < 12; ++i) {
    const double mid = 0.5 * (lo + hi);
    (stat_ser(cfg_of(c2m_yaml(mid, false, 1000000))) < 1e-4 ? lo : hi) = mid;
  }
  const double noise = 0.5 * (lo + hi);
  const LinkConfig c = cfg_of(c2m_yaml(noise, false, 3000000));
  const LinkModel m = build_model(c);
  const StatResult st = analyze(m.pulse, stat_noise(c, m), stat_options(c, m));
  const TdResult td = run_time_domain(c, m);
  // the statistical figure for the taps the time-domain receiver adapted
  std::vector<double> ffe = td.rx.ffe;
  for (auto& v : ffe) v *= m.agc_gain / (c.rx.adc_full_scale_v / 2) / td.rx.slicer_gain;
  std::vector<double> dfe = td.rx.dfe;
  for (auto& v : dfe) v /= td.rx.slicer_gain;
  const long s = td.cursor_sample_start + std::lround(td.phase_mean_ui * m.osr);
  const StatResult st_td = evaluate(m.pulse, stat_noise(c, m), stat_options(c, m), ffe, dfe, s);
  std::printf("C2M THRU, rx noise %.2f mV rms: statistical SER %.3e (MMSE), %.3e (adapted taps); time domain %.3e "
              "(%llu errors in %llu), CDR %.3f +- %.3f UI, KP4 cw %llu uncorrectable %llu\n",
              noise, st.ser, st_td.ser, td.ser, static_cast<unsigned long long>(td.symbol_errors),
              static_cast<unsigned long long>(td.measured), td.phase_mean_ui, td.phase_std_ui,
              static_cast<unsigned long long>(td.codewords), static_cast<unsigned long long>(td.uncorrectable));
  RecordProperty("noise_mv", std::to_string(noise));
  RecordProperty("stat_ser", std::to_string(st.ser));
  RecordProperty("td_ser", std::to_string(td.ser));
  EXPECT_NEAR(st.ser, 1e-4, 2e-5);
  EXPECT_GT(td.symbol_errors, 100u);
  EXPECT_GT(td.ser, st.ser / 2);
  EXPECT_LT(td.ser, st.ser * 2);
  EXPECT_GT(td.ser, st_td.ser / 2);
  EXPECT_LT(td.ser, st_td.ser * 2);
  EXPECT_EQ(td.rx_name.rfind("cmodel", 0), 0u);
  EXPECT_LT(td.phase_max_ui - td.phase_min_ui, 0.05);  // locked

  // FEXT + NEXT aggressors: both engines see a higher SER at the same settings
  const LinkConfig cx = cfg_of(c2m_yaml(noise, true, 3000000));
  const LinkModel mx = build_model(cx);
  const StatResult stx = analyze(mx.pulse, stat_noise(cx, mx), stat_options(cx, mx));
  const TdResult tdx = run_time_domain(cx, mx);
  std::printf("with FEXT+NEXT: statistical SER %.3e, time domain %.3e (%llu errors)\n", stx.ser, tdx.ser,
              static_cast<unsigned long long>(tdx.symbol_errors));
  EXPECT_GT(stx.ser, st.ser * 1.2);
  EXPECT_GT(tdx.ser, td.ser);
  EXPECT_GT(tdx.ser, stx.ser / 2);
  EXPECT_LT(tdx.ser, stx.ser * 2);
}

// The floating-point reference receiver (the simulator's default is the bit-exact golden model,
// tested above): on the C2M channel with its own MM CDR and LMS, started from the MMSE taps, the
// measured SER is within a factor 2 of the statistical prediction.
TEST(LinkC2m, FloatReceiverMatchesStatistical) {
  double lo = 5, hi = 20;
  auto yaml = [](double n, unsigned long s) {
    std::string y = c2m_yaml(n, false, s);
    y.replace(y.find("rx: {"), 5, "rx: {model: float, ");
    return y;
  };
  for (int i = 0; i < 12; ++i) {
    const double mid = 0.5 * (lo + hi);
    (stat_ser(cfg_of(yaml(mid, 1000000))) < 1e-4 ? lo : hi) = mid;
  }
  const LinkConfig c = cfg_of(yaml(0.5 * (lo + hi), 3000000));
  const LinkModel m = build_model(c);
  const StatResult st = analyze(m.pulse, stat_noise(c, m), stat_options(c, m));
  const TdResult td = run_time_domain(c, m);
  std::printf("[%s] C2M, rx noise %.2f mV: statistical SER %.3e, time domain %.3e (%llu errors)\n", td.rx_name.c_str(),
              0.5 * (lo + hi), st.ser, td.ser, static_cast<unsigned long long>(td.symbol_errors));
  EXPECT_EQ(td.rx_name.rfind("float", 0), 0u);
  EXPECT_GT(td.ser, st.ser / 2);
  EXPECT_LT(td.ser, st.ser * 2);
}

// The golden-model CDR stays locked while its FFE and DFE adapt (the session-1 defect: with
// the Mueller-Muller PD on the adapted FFE output the phase walked 2-6 UI on C2M). Real C2M and
// cable channels, decision-directed LMS on, 1e6 symbols measured after 3e5 training symbols:
// phase wander (max - min of the per-block phase command) below 0.02 UI, and the lock point
// within 0.01 UI of the floating-point receiver's (MM on the FFE input as well).
TEST(LinkCdr, GoldenModelCdrStaysLockedWhileAdapting) {
  const std::string c2m = c2m_yaml(9.0, false, 1320000);
  const std::string cable =
      "name: cable\nsymbol_rate_gbd: 53.125\nseed: 5\nsymbols: 1320000\n"
      "tx: {pattern: prbs31q, ffe: [-0.1, 0.8, -0.1], ffe_main: 1, swing_v: 0.8, snr_db: 33}\n"
      "channel:\n  - {file: CA_19p75dB_thru.s4p}\n"
      "rx: {noise_rms_mv: 3.0, ctle: {dc_gain_db: -6, fz_ghz: 13.28, fp1_ghz: 13.28, fp2_ghz: 53.125},"
      " adc: {bits: 8, enob: 6.5}, ffe: {taps: 16, pre: 5}, dfe: {taps: 1}, cdr: {type: mm},"
      " adapt: {training_symbols: 300000}}\nfec: none\n";
  for (const std::string& base : {c2m, cable}) {
    double mean[2] = {0, 0};
    for (const char* model : {"cmodel", "float"}) {
      std::string y = base;
      y.replace(y.find("rx: {"), 5, std::string("rx: {model: ") + model + ", ");
      const LinkConfig c = cfg_of(y);
      const TdResult td = run_time_domain(c, build_model(c));
      const double pp = td.phase_max_ui - td.phase_min_ui;
      std::printf("[%s] %s: %llu symbols measured, CDR phase %.4f UI (std %.4f, p-p %.4f), SER %.3e\n",
                  td.rx_name.c_str(), c.name.c_str(), static_cast<unsigned long long>(td.measured),
                  td.phase_mean_ui, td.phase_std_ui, pp, td.ser);
      EXPECT_GE(td.measured, 1000000u);
      EXPECT_LT(pp, 0.02) << model << " " << c.name;
      EXPECT_LT(td.ser, 1e-4) << model << " " << c.name;
      mean[std::string(model) == "float"] = td.phase_mean_ui;
    }
    EXPECT_NEAR(mean[0], mean[1], 0.01);
  }
}

// TX random jitter (every edge independently, step-response form in the time domain; per-edge
// Gaussian term in the statistical engine) raises the SER in both, and they stay consistent.
TEST(LinkC2m, RandomJitterBothEnginesAgree) {
  auto run = [](double rj) {
    std::string y = c2m_yaml(10.5, false, 2000000);
    y.replace(y.find("snr_db: 33}"), 11, "snr_db: 33, rj_ui: " + std::to_string(rj) + "}");
    const LinkConfig c = cfg_of(y);
    const LinkModel m = build_model(c);
    const StatResult st = analyze(m.pulse, stat_noise(c, m), stat_options(c, m));
    const TdResult td = run_time_domain(c, m);
    std::printf("RJ %.3f UI rms: statistical SER %.3e (SNR %.2f dB), time domain %.3e (%llu errors, SNR monitor %.2f dB)\n",
                rj, st.ser, st.snr_db, td.ser, static_cast<unsigned long long>(td.symbol_errors), td.snr_monitor_db);
    return std::pair{st, td};
  };
  const auto [s0, t0] = run(0.0);
  const auto [s1, t1] = run(0.025);
  EXPECT_GT(s1.ser, 2 * s0.ser);
  EXPECT_GT(t1.ser, 2 * t0.ser);
  EXPECT_GT(t1.ser, s1.ser / 2.5);
  EXPECT_LT(t1.ser, s1.ser * 2.5);
  EXPECT_NEAR(t1.snr_monitor_db - t0.snr_monitor_db, s1.snr_db - s0.snr_db, 0.25);  // jitter penalty, dB
}

TEST(LinkConfigErrors, NameFieldAndExpectation) {
  // every error: "FILE:LINE: key.path: expected ..., found ..." (more cases: tests/config)
  const std::string ch = "channel: []\n";
  EXPECT_NE(config_error(ch + "rx: {ffe: {taps: 16, pre: 20}}").find("test.yaml:2: rx.ffe.pre: expected pre < taps (16), found 20"), std::string::npos);
  EXPECT_NE(config_error(ch + "rx: {fee: 3}").find("test.yaml:2: rx.fee: unknown key; did you mean `ffe`?"), std::string::npos);
  EXPECT_NE(config_error(ch + "symbol_rate_gbd: fast").find("symbol_rate_gbd: expected a number in [1, 500] GBd, found `fast`"), std::string::npos);
  EXPECT_NE(config_error(ch + "symbol_rate_gbd: 0.1").find("symbol_rate_gbd: expected a number in [1, 500] GBd, found 0.1"), std::string::npos);
  EXPECT_NE(config_error(ch + "tx: {pattern: prbs7}").find("tx.pattern: expected one of"), std::string::npos);
  EXPECT_NE(config_error("channel:\n  - {file: nope.s4p}").find("test.yaml:2: channel[0].file: expected an existing Touchstone file"), std::string::npos);
  EXPECT_NE(config_error(ch + "tx: {ffe: [0.5, 0.9]}").find("tx.ffe: expected sum |c_i| in (0, 1]"), std::string::npos);
  EXPECT_NE(config_error("rx: [1, 2").find("YAML syntax error"), std::string::npos);
  EXPECT_NE(config_error(ch + "rx: {adc: {bits: 6, enob: 7}}").find("rx.adc.enob: expected enob <= bits (6)"), std::string::npos);
  EXPECT_NE(config_error("").find("empty document"), std::string::npos);
  EXPECT_NE(config_error(ch + "rx: {model: gpu}").find("rx.model: expected one of cmodel | float, found `gpu`"), std::string::npos);
  EXPECT_NE(config_error("rx: {model: float}").find("test.yaml:1: channel: expected a list of channel segments"), std::string::npos);
  // a crosstalk-only file without declared ports names the file and the fix
  try {
    const auto c = cfg_of("channel:\n  - {file: C2M__Z100_IL14_WC_BOR_H_L_H_FEXT1.s4p}\n");
    build_model(c);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("FEXT1.s4p: cannot detect the port order"), std::string::npos);
  }
}

// Same config + seed -> identical results; another seed -> different noise.
TEST(LinkReproducibility, ConfigAndSeed) {
  LinkConfig c = cfg_of(c2m_yaml(14, false, 200000));
  c.rx.training_symbols = 50000;
  const LinkModel m = build_model(c);
  const TdResult a = run_time_domain(c, m), b = run_time_domain(c, m);
  EXPECT_EQ(a.symbol_errors, b.symbol_errors);
  EXPECT_EQ(a.rx.ffe, b.rx.ffe);
  c.seed = 8;
  const TdResult d = run_time_domain(c, m);
  EXPECT_NE(a.rx.ffe, d.rx.ffe);
}

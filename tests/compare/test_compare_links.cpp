// Link comparison on the bundled 802.3ck C2M channel: directions of change (loss, noise,
// reach), the LPO failing first, and a cross-check of a retimed C2M segment against the link
// simulator's own statistical run of the same link.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "halo/sim/compare_report.hpp"
#include "halo/sim/compare_run.hpp"
#include "halo/sim/link.hpp"
#include "halo/sim/link_compare.hpp"
#include "halo/sim/nlc_study.hpp"

namespace hs = halo::sim;

namespace {

const std::filesystem::path kRoot = HALO_SOURCE_DIR;

hs::CompareConfig base_config() {
  auto c = hs::load_compare_config(kRoot / "sim/configs/compare_default.yaml");
  c.osr = 8;  // faster; the pulse at 8 samples/UI is plenty for the MM phase
  return c;
}

}  // namespace

TEST(CompareLinks, MoreC2mLossWorsensBothAndLpoFailsFirst) {
  // the bare channel (no jitter, package, crosstalk): with the reference receiver's
  // impairments the LPO fails at every loss of this range (test_c2m_impairments.cpp)
  auto cfg = base_config();
  cfg.c2m_impairments.enabled = false;
  const hs::CompareLinks links(cfg);
  EXPECT_NEAR(links.c2m_nyquist_loss_db(), 14.0, 0.5);  // channels README: ~14 dB at 26.56 GHz
  const auto a = links.evaluate(0.5, 8), b = links.evaluate(0.5, 14), c = links.evaluate(0.5, 20);
  EXPECT_LT(a.lpo.pre_fec_ber, b.lpo.pre_fec_ber);
  EXPECT_LT(b.lpo.pre_fec_ber, c.lpo.pre_fec_ber);
  EXPECT_LT(a.dsp.segments[0].ber, c.dsp.segments[0].ber);  // host->module C2M segment
  EXPECT_LT(a.dsp.segments[2].ber, c.dsp.segments[2].ber);
  // at every loss the end-to-end LPO link is worse than the retimed link
  for (const auto* p : {&a, &b, &c}) EXPECT_GT(p->lpo.pre_fec_ber, p->dsp.pre_fec_ber);
  // LPO stops meeting the threshold by 20 dB per side while the DSP link still meets it
  EXPECT_TRUE(a.lpo.meets);
  EXPECT_FALSE(c.lpo.meets);
  EXPECT_TRUE(c.dsp.meets);
  // segment error ratios add in the retimed link
  double sum = 0;
  for (const auto& s : c.dsp.segments) sum += s.ber;
  EXPECT_GE(c.dsp.pre_fec_ber, sum * (1 - 1e-12));
  // the KP4 CER follows the BER
  EXPECT_LT(a.lpo.fec.cer, c.lpo.fec.cer);
}

TEST(CompareLinks, MoreNoiseAndMoreReachWorsen) {
  auto cfg = base_config();
  const hs::CompareLinks links(cfg);
  const auto ref = links.evaluate(0.5, 12);
  const auto far = links.evaluate(15, 12);
  EXPECT_LT(ref.dsp.segments[1].ber, far.dsp.segments[1].ber);  // optical segment
  EXPECT_LT(ref.lpo.pre_fec_ber, far.lpo.pre_fec_ber);
  EXPECT_LT(far.dsp.segments[1].received_oma_dbm, ref.dsp.segments[1].received_oma_dbm);
  cfg.lpo.host_rx.noise_rms_mv *= 4;
  cfg.optical.rin_db_hz += 6;
  const auto noisy = hs::CompareLinks(cfg).evaluate(0.5, 12);
  EXPECT_GT(noisy.lpo.pre_fec_ber, ref.lpo.pre_fec_ber);
  EXPECT_GT(noisy.dsp.segments[1].ber, ref.dsp.segments[1].ber);
}

TEST(CompareLinks, RetimedC2mSegmentAgreesWithLinkSimulator) {
  // The same host->module C2M link through the link simulator's own model builder.
  auto cfg = base_config();
  cfg.module_rx.noise_rms_mv = 12;  // errors well above the engine's 1e-18 reporting floor
  cfg.c2m_impairments.enabled = false;  // the bare channel; with them: C2mImpairments.* (the same check)
  const hs::CompareLinks links(cfg);
  const auto pt = links.evaluate(0.5, 0);
  const std::string yaml = "symbol_rate_gbd: 53.125\nosr: 8\ntx:\n  ffe: [-0.08, 0.84, -0.08]\n  ffe_main: 1\n"
                           "  swing_v: 0.8\n  snr_db: 33\nchannel:\n  - file: " + cfg.c2m.file.string() +
                           "\nrx:\n  noise_rms_mv: 12\n  adc: {bits: 8, enob: 6.5}\n  ffe: {taps: 16, pre: 5}\n"
                           "  dfe: {taps: 1, limit: 0.85}\n  cdr: {type: mm}\n";
  const auto lc = hs::parse_config(yaml, "xcheck", kRoot);
  const auto m = hs::build_model(lc);
  const auto st = hs::analyze(m.pulse, hs::stat_noise(lc, m), hs::stat_options(lc, m));
  EXPECT_NEAR(pt.dsp.segments[0].snr_db, st.snr_db, 0.5);
  ASSERT_GT(st.ser, 1e-15);
  EXPECT_NEAR(std::log10(pt.dsp.segments[0].ser), std::log10(st.ser), 0.5);
}

TEST(CompareRun, ReportHasEveryFigureAndClaims) {
  auto cfg = base_config();
  cfg.sweep.fiber_km = {0.5, 30};
  cfg.sweep.c2m_loss_db = {8, 20};
  cfg.time_domain.enabled = false;  // covered by TimeDomainCheck below
  cfg.nlc.temperatures_c = {25, 85};  // the study's mapping and physics: NlcStudy.* (unit)
  cfg.nlc.symbols = 100000;
  cfg.nlc.training = 50000;
  cfg.c2m_impairments.ctle_search_db = {-6};  // the search itself: C2mImpairments.* (speed)
  const auto r = hs::run_compare(cfg);
  for (const char* k : {"headline", "sweeps", "power", "latency", "clusters", "claims", "params"}) EXPECT_TRUE(r.contains(k)) << k;
  EXPECT_EQ(r["claims"].size(), 14u);
  for (const char* k : {"calibration", "sensitivity", "system", "nlc"}) EXPECT_TRUE(r.contains(k)) << k;
  EXPECT_EQ(r["nlc"]["rows"].size(), 3u);  // 25 C, 85 C and the 85 C stress drive
  for (const auto& row : r["nlc"]["rows"])
    for (const char* k : {"ber_off", "ber_on", "ber_lut_ref", "ber_lut", "gain_decades", "gain_lut_decades"})
      EXPECT_TRUE(row.contains(k)) << k;
  EXPECT_NE(hs::report_markdown(r).find("BER, LUT receiver with LUT"), std::string::npos);
  EXPECT_NE(hs::report_markdown(r).find("NLC on the nonlinear optical front end"), std::string::npos);
  // the LPO stops meeting the threshold within the C2M sweep, the DSP link does not
  EXPECT_TRUE(r["sweeps"]["c2m_loss_db"]["lpo_limit"].is_number());
  EXPECT_TRUE(r["sweeps"]["c2m_loss_db"]["dsp_limit"].is_null());
  const std::string table = hs::summary_table(r);
  EXPECT_NE(table.find("pre-FEC BER"), std::string::npos);
  EXPECT_NE(table.find("holds"), std::string::npos);
  const std::string md = hs::report_markdown(r);
  EXPECT_NE(md.find("Parameters (every number with its source)"), std::string::npos);
  for (const char* sec : {"Calibration against published modules", "Sensitivity over the assumption bounds (tornado)",
                          "System view: host SerDes receive side + module", "Power breakdown: LRO module",
                          "Public claims judged under the model", "tornado.png"})
    EXPECT_NE(md.find(sec), std::string::npos) << sec;
  // the LPO TDECQ row names the tuned driver CTLE and the figure as configured (docs/tdecq.md)
  EXPECT_NE(md.find("| transmitter setting |"), std::string::npos);
  EXPECT_NE(md.find("driver CTLE g_dc"), std::string::npos);
  EXPECT_NE(md.find("; as configured: "), std::string::npos);
  EXPECT_NE(table.find("(band over bounds)"), std::string::npos);
  // issue 28: COM beside the BER, the impairments cited, the model limits
  EXPECT_NE(table.find("COM per C2M segment (dB)"), std::string::npos);
  for (const char* sec : {"C2M impairments (reference receiver, COM table)", "Model limits", "Annex 120F"})
    EXPECT_NE(md.find(sec), std::string::npos) << sec;
  ASSERT_TRUE(r["c2m_impairments"].contains("com"));
  EXPECT_TRUE(std::isfinite(r["c2m_impairments"]["com"]["com_db"].get<double>()));
  EXPECT_EQ(r["headline"]["dsp"]["segments"][0]["com_db"], r["c2m_impairments"]["com"]["com_db"]);
  EXPECT_FALSE(r["model_limits"]["not_modeled"].empty());
}

TEST(TimeDomainCheck, CmodelReceiverAgreesWithStatisticalAtStressedPoint) {
  // Both retimed C2M segments at 12 mV RX noise: the bit-exact golden-model receiver in the
  // link simulator's time-domain engine against the statistical engine (same channel, CTLE,
  // TX FFE and equalizer sizes). LMS noise, CDR jitter and DFE bursts make the measured BER
  // somewhat higher; it must stay within one decade.
  auto cfg = base_config();
  cfg.module_rx.noise_rms_mv = cfg.host_rx.noise_rms_mv = 12;
  cfg.time_domain.enabled = true;
  cfg.time_domain.symbols = 1400000;
  cfg.time_domain.training = 1000000;
  cfg.time_domain.rx_model = "cmodel";
  auto pt = hs::CompareLinks(cfg).evaluate(0.5);
  hs::time_domain_check(cfg, pt);
  for (std::size_t i : {0u, 2u}) {
    const auto& s = pt.dsp.segments[i];
    ASSERT_TRUE(s.td_run);
    EXPECT_GT(s.td_bit_errors, 30u) << s.name;
    EXPECT_NEAR(std::log10(s.td_ber), std::log10(s.ber), 1.0) << s.name;
  }
}

// The LUT NLC earns on a compressed corner: the 800G line segment at 85 C with the stress drive
// (0.47 Vpi into the MZM's sine, bias drifted to 0.62 Vpi), the study's LUT receiver (golden
// model, 16-tap FFE, no DFE) without and with the LUT (L = 3). Counted errors, so it can fail:
// at least 100 errors without the LUT, and at most half as many with it (docs/compare.md: 1,111
// against 316 in 200,704 measured symbols).
TEST(NlcStudy, LutLowersBerAtTheCompressedCorner) {
  auto c = base_config();
  ASSERT_TRUE(c.nlc.enabled);
  ASSERT_GT(c.nlc.stress_driver_gain, c.nlc.driver_gain);
  c.nlc.driver_gain = c.nlc.stress_driver_gain;
  auto run = [&](hs::NlcRun nlc) {
    const auto lc = hs::parse_config(hs::nlc_link_yaml(c, 85, nlc, true), "nlc.yaml", ".");
    EXPECT_EQ(lc.rx.lut, nlc == hs::NlcRun::kLut);
    return hs::run_time_domain(lc, hs::build_model(lc));
  };
  const auto off = run(hs::NlcRun::kNone), lut = run(hs::NlcRun::kLut);
  EXPECT_EQ(off.bits, lut.bits);
  EXPECT_GE(off.bit_errors, 100u) << "the corner must be compressed enough to count errors";
  EXPECT_LE(2 * lut.bit_errors, off.bit_errors) << "without LUT " << off.ber << ", with LUT " << lut.ber;
  std::printf("LUT NLC at 85 C, 0.47 Vpi: BER %.3g (%llu errors) -> %.3g (%llu errors)\n", off.ber,
              static_cast<unsigned long long>(off.bit_errors), lut.ber, static_cast<unsigned long long>(lut.bit_errors));
}

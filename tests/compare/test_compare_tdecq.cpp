// TDECQ rows of the compare (docs/tdecq.md "In the compare"): every optical segment of the
// DSP, LPO and LRO links of both generations carries TDECQ of its transmitter, with the preset
// of its lane rate; the figure follows the transmitter's bandwidth and the fiber's dispersion;
// the LPO transmitter is tuned for its optical output (driver CTLE search) and its figure is a
// minimum over the driver CTLE family.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "halo/sim/compare_config.hpp"
#include "halo/sim/link_compare.hpp"

namespace hs = halo::sim;

namespace {

const std::filesystem::path kRoot = HALO_SOURCE_DIR;

// osr 8 for speed; `native`: the config's own osr (the LPO's tuned TDECQ depends on it: 800G
// 2.9 dB at the shipped osr 16, 3.7 dB at osr 8, against the 3.4 dB limit)
hs::CompareConfig load(const char* name, bool native = false) {
  auto c = hs::load_compare_config(kRoot / "sim/configs" / name);
  if (!native) c.osr = 8;
  return c;
}

double dsp_tdecq(const hs::CompareConfig& c) {
  return hs::CompareLinks(c).evaluate(c.optical.fiber_km, 0, true).dsp.segments.at(1).tdecq_db;
}

}  // namespace

static void every_optical_segment_has_tdecq(const char* f, bool native_osr = false) {
  {
    const auto c = load(f, native_osr);
    const auto pt = hs::CompareLinks(c).evaluate(c.optical.fiber_km, 0, true);
    const bool gen200 = c.symbol_rate_gbd > 80;
    // optical segments carry it, electrical ones do not
    EXPECT_FALSE(pt.dsp.segments.at(0).tdecq_run) << f;
    EXPECT_FALSE(pt.dsp.segments.at(2).tdecq_run) << f;
    const auto& d = pt.dsp.segments.at(1);
    ASSERT_TRUE(d.tdecq_run) << f;
    EXPECT_TRUE(std::isfinite(d.tdecq_db) && d.tdecq_db > 0 && d.tdecq_db < 10) << f << ": " << d.tdecq_db;
    EXPECT_EQ(d.tdecq_preset, gen200 ? "ieee8023dj_200g" : "ieee8023cd_100g") << f;
    EXPECT_EQ(d.tdecq_taps.size(), gen200 ? 15u : 5u) << f;
    const auto& l = pt.lpo.segments.at(0);
    ASSERT_TRUE(l.tdecq_run) << f;
    // the LPO transmitter is tuned for the optical output (driver CTLE search): far below the
    // figure with the driver CTLE as configured (off); at 800G (checked at the config's osr)
    // compliant. At 1.6T the tuned LPO with the host device in its C2M path is not (4.3 dB at
    // osr 16; docs/tdecq.md), so compliance is not asserted there.
    if (native_osr) EXPECT_LT(l.tdecq_db, l.tdecq_max_db) << f << ": " << l.tdecq_setting;
    EXPECT_LT(l.tdecq_db, l.tdecq_untuned_db - 5) << f;
    EXPECT_NE(l.tdecq_setting.find("driver CTLE g_dc"), std::string::npos) << f;
    EXPECT_EQ(hs::to_json(pt.lpo)["segments"][0]["tdecq"]["driver_ctle_dc_gain_db"], l.tdecq_ctle_dc_gain_db) << f;
    if (pt.has_lro) {
      ASSERT_TRUE(pt.lro.segments.at(1).tdecq_run) << f;
      EXPECT_FALSE(pt.lro.segments.at(0).tdecq_run) << f;
    }
    const auto j = hs::to_json(pt.dsp);
    EXPECT_TRUE(j["segments"][1].contains("tdecq")) << f;
    EXPECT_FALSE(j["segments"][0].contains("tdecq")) << f;
  }
}

TEST(CompareTdecq, EveryOpticalSegmentHasTdecq800g) {
  every_optical_segment_has_tdecq("compare_default.yaml", true);
  // without the flag (the sweeps) nothing is computed
  const auto c = load("compare_default.yaml");
  EXPECT_FALSE(hs::CompareLinks(c).evaluate(c.optical.fiber_km).dsp.segments.at(1).tdecq_run);
}
TEST(CompareTdecq, EveryOpticalSegmentHasTdecq1p6t) { every_optical_segment_has_tdecq("compare_1p6t_dr8.yaml"); }
TEST(CompareTdecq, EveryOpticalSegmentHasTdecq1p6t2km) { every_optical_segment_has_tdecq("compare_1p6t_dr8_2km.yaml"); }

TEST(CompareTdecq, FollowsTransmitterBandwidthAndDispersion) {
  auto c = load("compare_default.yaml");
  c.lpo.driver_ctle.enabled = true;  // a configured LPO driver CTLE: no search (only the DSP figure is used)
  c.lpo.driver_ctle.dc_gain_db = -10;
  c.lpo.driver_ctle.fz_ghz = c.lpo.driver_ctle.fp1_ghz = 21.25;
  c.lpo.driver_ctle.fp2_ghz = 53.125;
  const double base = dsp_tdecq(c);
  auto slow = c;
  slow.optical.driver_bw_ghz /= 2;
  slow.optical.modulator_bw_ghz /= 2;
  EXPECT_GT(dsp_tdecq(slow), base + 0.3) << "a slower transmitter closes the eye";
  auto far = c;
  far.optical.fiber_km = 10;
  far.optical.dispersion_ps_nm_km = -6;
  EXPECT_GT(dsp_tdecq(far), base + 0.1) << "more dispersion closes the eye";
}

// The search's choice, configured as the LPO driver CTLE (the as-configured path, no search),
// gives the same figure, and the settings 2 dB either side are no better (up to the short
// search waveform's spread): the reported setting is a minimum of TDECQ over the family.
TEST(CompareTdecq, LpoDriverCtleChoiceIsAMinimum) {
  const auto c = load("compare_default.yaml");
  const auto l = hs::CompareLinks(c).evaluate(c.optical.fiber_km, 0, true).lpo.segments.at(0);
  const double g = l.tdecq_ctle_dc_gain_db;
  ASSERT_LE(g, 0);
  ASSERT_GE(g, -20);
  const auto configured = [&](double dc_gain_db) {
    auto k = c;
    k.lpo.driver_ctle.enabled = true;
    k.lpo.driver_ctle.dc_gain_db = dc_gain_db;
    k.lpo.driver_ctle.fz_ghz = k.lpo.driver_ctle.fp1_ghz = c.symbol_rate_gbd / 2.5;  // 802.3ck COM: f_b/2.5
    k.lpo.driver_ctle.fp2_ghz = c.symbol_rate_gbd;
    const auto s = hs::CompareLinks(k).evaluate(c.optical.fiber_km, 0, true).lpo.segments.at(0);
    EXPECT_EQ(s.tdecq_setting, "driver CTLE as configured");
    EXPECT_DOUBLE_EQ(s.tdecq_db, s.tdecq_untuned_db);
    return s.tdecq_db;
  };
  EXPECT_NEAR(configured(g), l.tdecq_db, 1e-9);
  for (double n : {g - 2, g + 2})
    if (n >= -20 && n <= 0) EXPECT_GT(configured(n), l.tdecq_db - 0.2) << "g_dc " << n << " dB";
}

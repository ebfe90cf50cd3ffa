// TDECQ rows of the compare (docs/tdecq.md "In the compare"): every optical segment of the
// DSP, LPO and LRO links of both generations carries TDECQ of its transmitter, with the preset
// of its lane rate; the figure follows the transmitter's bandwidth and the fiber's dispersion.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "halo/sim/compare_config.hpp"
#include "halo/sim/link_compare.hpp"

namespace hs = halo::sim;

namespace {

const std::filesystem::path kRoot = HALO_SOURCE_DIR;

hs::CompareConfig load(const char* name) {
  auto c = hs::load_compare_config(kRoot / "sim/configs" / name);
  c.osr = 8;
  return c;
}

double dsp_tdecq(const hs::CompareConfig& c) {
  return hs::CompareLinks(c).evaluate(c.optical.fiber_km, 0, true).dsp.segments.at(1).tdecq_db;
}

}  // namespace

static void every_optical_segment_has_tdecq(const char* f) {
  {
    const auto c = load(f);
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
    EXPECT_TRUE(pt.lpo.segments.at(0).tdecq_run) << f;
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
  every_optical_segment_has_tdecq("compare_default.yaml");
  // without the flag (the sweeps) nothing is computed
  const auto c = load("compare_default.yaml");
  EXPECT_FALSE(hs::CompareLinks(c).evaluate(c.optical.fiber_km).dsp.segments.at(1).tdecq_run);
}
TEST(CompareTdecq, EveryOpticalSegmentHasTdecq1p6t) { every_optical_segment_has_tdecq("compare_1p6t_dr8.yaml"); }
TEST(CompareTdecq, EveryOpticalSegmentHasTdecq1p6t2km) { every_optical_segment_has_tdecq("compare_1p6t_dr8_2km.yaml"); }

TEST(CompareTdecq, FollowsTransmitterBandwidthAndDispersion) {
  auto c = load("compare_default.yaml");
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

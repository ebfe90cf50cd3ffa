// Power, latency, cluster roll-up, burst post-FEC and config error tests (hand-computed
// independent values; directions of change).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "halo/fec/rs_code.hpp"
#include "halo/nlc/lut_nlc.hpp"
#include "halo/retimer/retimer_device.hpp"
#include "halo/sim/burst_fec.hpp"
#include "halo/sim/compare_config.hpp"
#include "halo/sim/compare_report.hpp"
#include "halo/sim/compare_run.hpp"
#include "halo/sim/fec_analysis.hpp"
#include "halo/sim/latency_model.hpp"
#include "halo/sim/link_compare.hpp"
#include "halo/sim/power_model.hpp"
#include "halo/sim/link.hpp"
#include "halo/sim/nlc_study.hpp"

namespace hs = halo::sim;

namespace {

const std::filesystem::path kRoot = HALO_SOURCE_DIR;
hs::PowerParams params() { return hs::load_power_params(kRoot / "sim/data/power/params.yaml"); }

std::filesystem::path write_tmp(const std::string& name, const std::string& text) {
  const auto p = std::filesystem::temp_directory_path() / name;
  std::ofstream(p) << text;
  return p;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(ClusterRollup, HandComputed) {
  hs::ClusterSpec c;
  c.name = "t";
  c.modules = 50000;
  c.hours_per_year = 8760;
  c.price_usd_per_kwh = 0.10;
  c.pue = 1.2;
  c.carbon_kg_per_kwh = 0.5;
  const auto f = hs::cluster_rollup(c, 15.0);
  // 50,000 x 15 W = 750 kW IT; x 1.2 = 900 kW; x 8760 h = 7,884,000 kWh; x 0.10 = 788,400 USD;
  // x 0.5 kg = 3,942 t CO2
  EXPECT_NEAR(f.it_mw, 0.75, 1e-12);
  EXPECT_NEAR(f.facility_mw, 0.9, 1e-12);
  EXPECT_NEAR(f.kwh_per_year, 7884000.0, 1e-6);
  EXPECT_NEAR(f.usd_per_year, 788400.0, 1e-6);
  EXPECT_NEAR(f.t_co2_per_year, 3942.0, 1e-9);
  // the public 6 GWh figure: 50,000 x 13.7 W x 8760 h = 6.0 GWh
  c.pue = 1.0;
  EXPECT_NEAR(hs::cluster_rollup(c, 13.7).kwh_per_year * 1e-6, 6.0006, 1e-4);
}

TEST(ClusterRollup, RejectsBadInputs) {
  hs::ClusterSpec c;
  c.name = "bad";
  c.modules = 10;
  c.pue = 0.9;
  EXPECT_NE(error_of([&] { hs::cluster_rollup(c, 1); }).find("pue"), std::string::npos);
  c.pue = 1.1;
  c.hours_per_year = 9000;
  EXPECT_NE(error_of([&] { hs::cluster_rollup(c, 1); }).find("hours_per_year"), std::string::npos);
}

TEST(PowerModel, OpEnergyFromHorowitzTable) {
  const auto p = params();
  // 45 nm: 8x12-bit multiply = 0.2 pJ x 96/64 = 0.3 pJ; 24-bit add = 0.03 x 3 = 0.09 pJ
  const auto e45 = hs::op_energy(p, "45nm");
  EXPECT_NEAR(e45.mult_pj, 0.3, 1e-12);
  EXPECT_NEAR(e45.add_pj, 0.09, 1e-12);
  // 32x32 multiply by the same rule is within 5 % of the table's 3.1 pJ
  EXPECT_NEAR(0.2 * 32 * 32 / 64, p("energy_45nm", "mult32_pj"), 0.05 * 3.1);
  // per symbol: overhead k x (2 x 0.3 + 3 x 0.09 + 64 register bits / 32 x 0.005) = 0.88 k pJ
  halo::dsp::OpCounts ops{2, 3, 64, 0};
  const double k = p("digital", "overhead_factor");
  EXPECT_NEAR(hs::energy_per_symbol_pj(p, "45nm", ops), 0.88 * k, 1e-9);
  EXPECT_NEAR(hs::energy_per_symbol_pj(p, "7nm", ops), 0.88 * k * 0.25, 1e-9);
  EXPECT_NE(error_of([&] { hs::op_energy(p, "2nm"); }).find("node '2nm'"), std::string::npos);
}

TEST(PowerModel, SmallerNodeLowersDspPowerOnly) {
  const auto p = params();
  hs::ModuleSpec m;
  double prev = 1e9;
  for (const char* node : {"45nm", "7nm", "5nm", "3nm"}) {
    m.node = node;
    const double w = hs::dsp_module_power(p, m).total_w;
    EXPECT_LT(w, prev) << node;
    prev = w;
  }
  m.node = "7nm";
  const double lpo7 = hs::lpo_module_power(p, m).total_w;
  m.node = "3nm";
  EXPECT_DOUBLE_EQ(hs::lpo_module_power(p, m).total_w, lpo7);
  EXPECT_GT(hs::dsp_module_power(p, m).total_w, lpo7);
}

TEST(PowerModel, BreakdownSumsAndPerBit) {
  const auto p = params();
  hs::ModuleSpec m;
  const auto d = hs::dsp_module_power(p, m);
  double sum = 0;
  for (const auto& it : d.items) sum += it.watts;
  EXPECT_NEAR(sum, d.total_w, 1e-9);
  EXPECT_NEAR(d.pj_per_bit, d.total_w / 800e9 * 1e12, 1e-9);
  // the DSP RX ops come from the cmodel: a 16-tap FFE has at least 16 multiplies per symbol
  EXPECT_GE(d.rx_ops.multiplies, 16u);
  // a Volterra NLC and more FFE taps cost power
  hs::ModuleSpec v = m;
  v.rx_volterra = true;
  EXPECT_GT(hs::dsp_module_power(p, v).total_w, d.total_w);
  v = m;
  v.rx_ffe_taps = 32;
  EXPECT_GT(hs::dsp_module_power(p, v).total_w, d.total_w);
  // KP4 terminated in the module adds power
  v = m;
  v.fec_in_module = true;
  EXPECT_GT(hs::dsp_module_power(p, v).total_w, d.total_w);
}

TEST(LatencyModel, HandComputed) {
  const auto p = params();
  hs::ModuleSpec m;  // 53.125 GBd
  const auto l = hs::latency_model(p, m, 0.5, 3);
  const double tclk = 32 / 53.125;                // ns
  const double module = (6 + 6 + 16) * tclk + 1.0;  // RX 6 + TX 6 (retimer_tx RTL 3 + DAC 3) + FIFO 16, + 1000 ps analog
  EXPECT_NEAR(l.dsp_module_ns, module, 1e-9);
  EXPECT_NEAR(l.dsp_hop_ns, 2 * module, 1e-9);
  EXPECT_NEAR(l.lpo_hop_ns, 0.2, 1e-12);
  EXPECT_NEAR(l.diff_path_ns, 3 * (2 * module - 0.2), 1e-9);
  EXPECT_NEAR(l.fiber_ns, 2450, 1e-9);
  // + 5440 bits / 106.25 Gb/s = 51.2 ns accumulation + the RTL decoder (docs/fec_rtl.md: 59
  // cycles at P = 32 including the 544/32 = 17-cycle accumulation) and encoder (1 cycle) at the
  // FEC clock 106.25 Gb/s / (10 b x 32) -> T_FEC = 320 / 106.25 ns
  m.fec_in_module = true;
  const auto f = hs::latency_model(p, m, 0.5, 1);
  const double t_fec = 320 / 106.25;
  EXPECT_NEAR(f.dsp_module_ns - module, 51.2 + (59 - 17) * t_fec + 1 * t_fec, 2e-3);
}

TEST(StandbyPower, FractionsAndWakeTime) {
  auto p = params();
  hs::ModuleSpec m;  // 53.125 GBd, 5 nm
  const auto d = hs::dsp_module_power(p, m), l = hs::lpo_module_power(p, m);
  // every class at 1 -> standby = active; every class at 0 -> 0
  auto all = p;
  for (auto& [k, v] : all.standby)
    if (k.size() > 9 && k.substr(k.size() - 9) == "_fraction") v.value = 1.0;
  EXPECT_NEAR(hs::standby_power_w(all, d), d.total_w, 1e-9);
  for (auto& [k, v] : all.standby)
    if (k.size() > 9 && k.substr(k.size() - 9) == "_fraction") v.value = 0.0;
  EXPECT_NEAR(hs::standby_power_w(all, d), 0.0, 1e-12);
  // only the laser stays on: standby = lanes x laser_mw / efficiency (by hand from the parameters)
  all.standby["laser_fraction"].value = 1.0;
  const double laser_only = 8 * p("analog", "laser_mw") * 1e-3 / p("analog", "dcdc_efficiency");
  EXPECT_NEAR(hs::standby_power_w(all, d), laser_only, 1e-9);
  EXPECT_NEAR(hs::standby_power_w(all, l), laser_only, 1e-9);
  // the shipped fractions: strictly between
  const double sd = hs::standby_power_w(p, d);
  EXPECT_GT(sd, laser_only);
  EXPECT_LT(sd, 0.5 * d.total_w);
  // wake: the golden model's kWakeSymbols at the symbol rate (1024 / 53.125 GBd = 19.3 ns);
  // the power parameters must agree with the cmodel constant (cycles x symbols per clock)
  EXPECT_EQ(p("standby", "wake_cycles") * p("latency", "dsp_parallelism"),
            static_cast<double>(halo::retimer::kWakeSymbols));
  EXPECT_NEAR(hs::wake_time_ns(p, m, "DSP"), halo::retimer::kWakeSymbols / 53.125, 1e-9);
  EXPECT_NEAR(hs::wake_time_ns(p, m, "LPO"), p("standby", "lpo_wake_ns"), 1e-12);
  // missing parameter and out-of-range fraction name the field
  auto bad = p;
  bad.standby.erase("tia_fraction");
  bad.standby.erase("driver_tia_fraction");
  EXPECT_NE(error_of([&] { hs::standby_power_w(bad, d); }).find("standby.driver_tia_fraction"), std::string::npos);
  bad = p;
  bad.standby["laser_fraction"].value = 1.5;
  EXPECT_NE(error_of([&] { hs::standby_power_w(bad, d); }).find("standby.laser_fraction"), std::string::npos);
}

TEST(StandbyPower, DutyCycleEnergyByHand) {
  const auto p = params();
  hs::ModuleSpec m;
  const auto d = hs::dsp_module_power(p, m);
  const double pa = d.total_w, ps = hs::standby_power_w(p, d),
               tw = halo::retimer::kWakeSymbols / 53.125e9;  // s (19.3 ns)
  // always on: average = active, energy per delivered bit = the module's pJ/bit
  const auto on = hs::duty_cycle(p, m, d, 0.0, 10);
  EXPECT_NEAR(on.average_w, pa, 1e-12);
  EXPECT_NEAR(on.pj_per_delivered_bit, d.pj_per_bit, 1e-9);
  // half the time in standby, 10 us period: E = Pa (5 us + t_wake) + Ps (5 us - t_wake)
  const auto h = hs::duty_cycle(p, m, d, 0.5, 10);
  const double e = pa * (5e-6 + tw) + ps * (5e-6 - tw);
  EXPECT_NEAR(h.energy_per_period_uj, e * 1e6, 1e-9);
  EXPECT_NEAR(h.average_w, e / 10e-6, 1e-9);
  EXPECT_NEAR(h.pj_per_delivered_bit, e / (5e-6 * 800e9) * 1e12, 1e-6);
  EXPECT_LT(h.average_w, pa);
  EXPECT_GT(h.pj_per_delivered_bit, on.pj_per_delivered_bit);  // standby power is spread over fewer bits
  // a longer period amortises the wake: lower average power at the same share
  EXPECT_LT(hs::duty_cycle(p, m, d, 0.5, 100).average_w, h.average_w);
  // a standby interval shorter than the wake time is an error: 10 ns < 19.3 ns (DSP), 50 ns <
  // 100 ns (LPO); 100 ns fits the DSP and 200 ns the LPO
  EXPECT_NE(error_of([&] { hs::duty_cycle(p, m, d, 0.001, 10); }).find("wake time"), std::string::npos);
  EXPECT_NO_THROW(hs::duty_cycle(p, m, d, 0.01, 10));
  EXPECT_NE(error_of([&] { hs::duty_cycle(p, m, hs::lpo_module_power(p, m), 0.005, 10); }).find("wake time"),
            std::string::npos);
  EXPECT_NO_THROW(hs::duty_cycle(p, m, hs::lpo_module_power(p, m), 0.02, 10));
  EXPECT_NE(error_of([&] { hs::duty_cycle(p, m, d, 1.2, 10); }).find("standby_fraction"), std::string::npos);
}

TEST(BurstFec, RandomErrorsMatchBinomialModel) {
  // no propagation, no precoding, no interleave: Ps = 5 p (one PAM4 error -> one FEC symbol)
  for (double p : {1e-4, 2e-4, 3e-4}) {
    const auto r = hs::burst_post_fec({{p, 0.0}}, false, 1);
    const auto ref = hs::post_fec_from_ser(halo::fec::kKp4, 1 - std::pow(1 - p, 5), 1);
    EXPECT_NEAR(std::log10(r.cer), std::log10(ref.codeword_error_ratio), 1e-6) << p;
    EXPECT_NEAR(r.ber, p / 2, 1e-15);
  }
}

TEST(BurstFec, PropagationProbabilityIndependentFormula) {
  const double p = 1e-4, b = 0.5;
  // sigma from 1.5 Q(1/(3 sigma)) = p, by bisection (independent of the erfc_inv path)
  auto q = [](double x) { return 0.5 * std::erfc(x / std::sqrt(2.0)); };
  double lo = 1e-3, hi = 1.0;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (1.5 * q(1 / (3 * mid)) > p ? hi : lo) = mid;
  }
  const double s = lo, expect = 0.75 * (q((1.0 / 3 - 1.0 / 3) / s) + q((1.0 / 3 + 1.0 / 3) / s));
  EXPECT_NEAR(hs::dfe_propagation_probability(p, b), expect, 1e-9);
  EXPECT_DOUBLE_EQ(hs::dfe_propagation_probability(p, 0.0), p);
}

TEST(BurstFec, BurstsHurtAndInterleaveHelps) {
  const double p = 1e-4;
  const auto none = hs::burst_post_fec({{p, 0.0}}, false, 1);
  const auto dfe = hs::burst_post_fec({{p, 0.6}}, false, 1);
  EXPECT_GT(dfe.ber, none.ber);       // propagated errors
  EXPECT_GT(dfe.cer, none.cer);
  const auto dfe4 = hs::burst_post_fec({{p, 0.6}}, false, 4);
  EXPECT_LT(dfe4.cer, dfe.cer);       // interleave spreads bursts
  // precoding turns an isolated error into two
  EXPECT_NEAR(hs::burst_post_fec({{p, 0.0}}, true, 1).ser, 2 * p, 1e-15);
  // segments add
  EXPECT_NEAR(hs::burst_post_fec({{p, 0.0}, {p, 0.0}}, false, 1).ser, 2 * p, 1e-15);
  // pmf sums to one
  double s = 0;
  for (double v : dfe.errors_per_codeword) s += v;
  EXPECT_NEAR(s, 1.0, 1e-9);
  EXPECT_THROW(hs::burst_post_fec({{0.6, 0.0}}, false, 1), std::invalid_argument);
  EXPECT_THROW(hs::burst_post_fec({{p, 0.0}}, false, 3), std::invalid_argument);
}

TEST(SweepLimit, LogInterpolation) {
  EXPECT_NEAR(hs::sweep_limit({0, 1, 2}, {1e-6, 1e-5, 1e-3}, 1e-4), 1.5, 1e-12);
  EXPECT_TRUE(std::isnan(hs::sweep_limit({0, 1}, {1e-6, 1e-5}, 1e-4)));
  EXPECT_TRUE(std::isinf(hs::sweep_limit({0, 1}, {1e-3, 1e-2}, 1e-4)));
}

TEST(CompareConfig, DefaultLoadsAndBadFieldsAreNamed) {
  const auto c = hs::load_compare_config(kRoot / "sim/configs/compare_default.yaml");
  EXPECT_EQ(c.module.lanes, 8u);
  EXPECT_TRUE(std::filesystem::exists(c.c2m.file));
  const auto base = kRoot / "sim/configs";
  const std::string ok = "c2m: {file: x.s4p}\npower_params: p.yaml\n";
  EXPECT_NO_THROW(hs::parse_compare_config(ok, "t.yaml", base));
  auto err = [&](const std::string& extra) {
    return error_of([&] { hs::parse_compare_config(ok + extra, "t.yaml", base); });
  };
  EXPECT_NE(err("optical: {fiber_km: abc}\n").find("t.yaml:3: optical.fiber_km: expected a number"), std::string::npos);
  EXPECT_NE(err("optical: {fiber_km: -1}\n").find("optical.fiber_km"), std::string::npos);
  EXPECT_NE(err("optcal: {fiber_km: 1}\n").find("t.yaml:3: optcal: unknown key; did you mean `optical`?"), std::string::npos);
  EXPECT_NE(err("host_rx: {ffe: {taps: 4, pre: 4}}\n").find("host_rx.ffe.pre"), std::string::npos);
  EXPECT_NE(err("traffic: {interleave: 3}\n").find("traffic.interleave"), std::string::npos);
  EXPECT_NE(err("sweep: {c2m_loss_db: [1, x]}\n").find("sweep.c2m_loss_db"), std::string::npos);
  EXPECT_NE(err("duty_cycle: {standby_fraction: 1.5}\n").find("t.yaml:3: duty_cycle.standby_fraction"), std::string::npos);
  EXPECT_NE(err("duty_cycle: {period: 3}\n").find("duty_cycle.period: unknown key; did you mean `period_us`?"), std::string::npos);
  EXPECT_DOUBLE_EQ(hs::parse_compare_config(ok + "duty_cycle: {standby_fraction: 0.25, period_us: 7}\n", "t.yaml", base)
                       .duty_cycle.period_us, 7.0);
  EXPECT_NE(error_of([&] {
              hs::parse_compare_config("c2m: {file: x.s4p, loss_db: 10}\npower_params: p.yaml\ntime_domain: {enabled: true}\n",
                                       "t.yaml", base);
            }).find("time_domain.enabled"),
            std::string::npos);
  EXPECT_NO_THROW(hs::load_compare_config(kRoot / "sim/configs/compare_short_host.yaml"));
  EXPECT_NE(error_of([&] { hs::parse_compare_config("power_params: p.yaml\n", "t.yaml", base); }).find("t.yaml:1: c2m: expected"),
            std::string::npos);
  EXPECT_NE(error_of([&] { hs::parse_compare_config("c2m: [1\n", "t.yaml", base); }).find(": (YAML syntax): YAML syntax error"),
            std::string::npos);
}

TEST(PowerParams, EveryNumberNeedsASource) {
  const auto f = write_tmp("halo_params_nosrc.yaml", "energy_45nm:\n  add8_pj: {value: 0.03}\n");
  EXPECT_NE(error_of([&] { hs::load_power_params(f); }).find("energy_45nm.add8_pj.source: expected a text (required key)"),
            std::string::npos);
  const auto g = write_tmp("halo_params_missing.yaml", "energy_45nm:\n  add8_pj: {value: 0.03, source: x}\n");
  EXPECT_NE(error_of([&] { hs::load_power_params(g); }).find("energy_45nm.mult8_pj: expected a mapping ({value, source}) (required key)"), std::string::npos);
  // the bundled file: every entry has a non-empty source (enforced by the loader)
  const auto p = params();
  for (const auto& [k, v] : p.analog) EXPECT_FALSE(v.source.empty()) << k;
}

TEST(Claims, FileLoadsAndQuantitiesResolve) {
  const auto cf = hs::load_claims(kRoot / "sim/data/power/claims_800g.yaml");
  ASSERT_GE(cf.checks.size(), 12u);
  nlohmann::json r;
  r["power"] = {{"dsp", {{"total_w", 15.0}}}, {"lpo", {{"total_w", 8.0}}}, {"saving_w", 7.0}};
  r["clusters"] = nlohmann::json::array(
      {{{"name", "c"}, {"dsp", {{"it_mw", 1.0}, {"facility_mw", 1.2}, {"kwh_per_year", 6.0e6}}}, {"lpo", {{"it_mw", 0.5}}}}});
  EXPECT_DOUBLE_EQ(hs::claim_quantity(r, "dsp_module_w", ""), 15.0);
  EXPECT_DOUBLE_EQ(hs::claim_quantity(r, "dsp_cluster_gwh_per_year", "c"), 6.0);
  EXPECT_DOUBLE_EQ(hs::claim_quantity(r, "lpo_cluster_it_mw", "c"), 0.5);
  EXPECT_THROW(hs::claim_quantity(r, "dsp_cluster_it_mw", "nope"), std::invalid_argument);
  EXPECT_THROW(hs::claim_quantity(r, "bogus", ""), std::invalid_argument);
  const auto bad = write_tmp("halo_claims_bad.yaml", "clusters: []\nchecks:\n  - {id: a, quantity: dsp_module_w}\n");
  EXPECT_NE(error_of([&] { hs::load_claims(bad); }).find("checks[0]: expected min or max (or both), found neither"), std::string::npos);
}

// ---- calibration, lane-rate scaling, sensitivity, system view, claims (issue 23) ----------

TEST(PowerCalibration, EveryPublishedModuleWithinTolerance) {
  const auto p = params();
  auto cal = hs::load_calibration(kRoot / "sim/data/power/calibration.yaml");
  ASSERT_GE(cal.rows.size(), 6u);
  // the DSP shape of the shipped compare config (taps, ENOB), as the report's calibration table
  hs::calibrate(p, hs::load_compare_config(kRoot / "sim/configs/compare_default.yaml").module, cal);
  bool dsp7 = false, dsp5 = false, lpo = false, dsp3_1p6 = false;
  for (const auto& r : cal.rows) {
    EXPECT_FALSE(r.source.empty()) << r.id;
    EXPECT_NEAR(r.ratio, 1.0, cal.tolerance) << r.id << ": model " << r.model_w << " W, published " << r.published_w;
    dsp7 |= r.arch == "DSP" && r.node == "7nm" && r.lane_rate_gbps == 100;
    dsp5 |= r.arch == "DSP" && r.node == "5nm" && r.lane_rate_gbps == 100;
    lpo |= r.arch == "LPO" && r.lane_rate_gbps == 100;
    dsp3_1p6 |= r.arch == "DSP" && r.node == "3nm" && r.lane_rate_gbps == 200;
  }
  EXPECT_TRUE(dsp7 && dsp5 && lpo && dsp3_1p6) << "the issue's required rows";
}

TEST(PowerCalibration, LpoByHandAndLaneRateScaling) {
  const auto p = params();
  hs::ModuleSpec m;
  const double a = p("analog", "lpo_driver_mw") + p("analog", "lpo_tia_mw"), las = p("analog", "laser_mw");
  const double misc = p("analog", "module_misc_w"), eff = p("analog", "dcdc_efficiency");
  EXPECT_NEAR(hs::lpo_module_power(p, m).total_w, (8 * (a + las) * 1e-3 + misc) / eff, 1e-9);
  // 106.25 GBd: drivers/TIAs x 2^k (k = driver_tia_rate_exponent), laser and misc unchanged
  m.symbol_rate_gbd = 106.25;
  m.lane_rate_gbps = 200;
  const double k = std::pow(2.0, p("analog", "driver_tia_rate_exponent"));
  EXPECT_NEAR(hs::lpo_module_power(p, m).total_w, (8 * (a * k + las) * 1e-3 + misc) / eff, 1e-9);
  // DSP: the ADC item doubles exactly (Walden, f_s), PLL scales by 2^pll_rate_exponent
  hs::ModuleSpec m1;
  const auto d1 = hs::dsp_module_power(p, m1), d2 = hs::dsp_module_power(p, m);
  EXPECT_NEAR(d2.items[0].watts, 2 * d1.items[0].watts, 1e-12);
  auto item = [](const hs::ModulePower& mp, const std::string& prefix) {
    for (const auto& it : mp.items)
      if (it.name.rfind(prefix, 0) == 0) return it.watts;
    ADD_FAILURE() << "no item " << prefix;
    return 0.0;
  };
  EXPECT_NEAR(item(d2, "PLL"), item(d1, "PLL") * std::pow(2.0, p("analog", "pll_rate_exponent")), 1e-12);
  EXPECT_GT(d2.total_w, d1.total_w);
}

TEST(PowerModel, VolterraChargedToLineSideReceiversOnly) {
  const auto p = params();
  hs::ModuleSpec m;
  const double off = hs::dsp_module_power(p, m).total_w;
  const double e_off = hs::energy_per_symbol_pj(p, m.node, hs::dsp_rx_ops(m));
  m.rx_volterra = true;
  const double e_on = hs::energy_per_symbol_pj(p, m.node, hs::dsp_rx_ops(m));
  ASSERT_GT(e_on, e_off);
  // lanes (8 line-side receivers), not 2 x lanes, carry the NLC's extra operations
  EXPECT_NEAR(hs::dsp_module_power(p, m).total_w - off,
              8 * (e_on - e_off) * 1e-12 * m.symbol_rate_gbd * 1e9 / p("analog", "dcdc_efficiency"), 1e-9);
}

// The LUT NLC's power cost is exactly its operation counts at the per-operation energies,
// charged to the 8 line-side receivers only. The counts are checked against the formula of
// docs/nlc.md (3 compares + 1 subtract, + 2 adds when adapting; 2L-bit address, (pre + 1)
// samples, the addresses of the adaptation delay; 4^L x (12 + 20) table bits), the energies
// are recomputed here from the parameter file (docs/compare.md "Power model").
TEST(PowerModel, LutNlcCostEqualsItsOperationCounts) {
  const auto p = params();
  hs::ModuleSpec m;
  namespace dsp = halo::dsp;
  const dsp::OpCounts base = hs::dsp_rx_ops(m);
  const double off = hs::dsp_module_power(p, m).total_w;
  m.rx_lut = true;
  const dsp::OpCounts with = hs::dsp_rx_ops(m);
  const halo::nlc::LutNlcConfig lc;  // the power model's LUT: L = 3, pre 0, adapting, delay 64
  ASSERT_EQ(lc.pattern_len, 3);
  ASSERT_EQ(lc.pre, 0);
  ASSERT_EQ(lc.adapt.delay, 64);
  EXPECT_EQ(with.multiplies - base.multiplies, 0u);
  EXPECT_EQ(with.adds - base.adds, 6u);
  constexpr std::uint64_t kRegBits = 2 * 3 + 1 * 12 + 65 * 2 * 3;  // 408
  EXPECT_EQ(with.register_bits - base.register_bits, kRegBits);
  EXPECT_EQ(with.memory_bits - base.memory_bits, 64u * (12 + 20));
  const double node = p.node_scale.at(m.node).value;
  const double e_add = node * p("energy_45nm", "add8_pj") * p("digital", "add_bits") / 8.0;
  const double e_reg = node * p("energy_45nm", "register_bit_pj") * p("digital", "register_clock_fraction");
  // one table access per symbol is charged when the receiver has table memory at all
  const double e_mem = base.memory_bits ? 0.0 : node * p("energy_45nm", "memory_bit_pj") * p("digital", "memory_access_bits_per_symbol");
  const double pj = p("digital", "overhead_factor") * (6 * e_add + static_cast<double>(kRegBits) * e_reg + e_mem);
  const double w = 8 * pj * 1e-12 * m.symbol_rate_gbd * 1e9 / p("analog", "dcdc_efficiency");
  EXPECT_NEAR(hs::dsp_module_power(p, m).total_w - off, w, 1e-9);
  EXPECT_GT(w, 0.0);
  // Volterra wins when both are set (one NLC per receiver)
  m.rx_volterra = true;
  hs::ModuleSpec v;
  v.rx_volterra = true;
  EXPECT_DOUBLE_EQ(hs::dsp_module_power(p, m).total_w, hs::dsp_module_power(p, v).total_w);
}

TEST(PowerCalibration, LroBetweenLpoAndDspAndInnerFecCharged) {
  const auto p = params();
  hs::ModuleSpec m;
  const double d = hs::dsp_module_power(p, m).total_w, l = hs::lpo_module_power(p, m).total_w,
               r = hs::lro_module_power(p, m).total_w;
  EXPECT_LT(l, r);
  EXPECT_LT(r, d);
  // the inner FEC adds exactly lanes x f_sym x E(ops) before DC-DC
  m.inner_fec = true;
  m.inner_fec_ops.adds = 100;
  m.inner_fec_ops.multiplies = 0;
  const double e = hs::energy_per_symbol_pj(p, m.node, m.inner_fec_ops);
  EXPECT_NEAR(hs::dsp_module_power(p, m).total_w - d, 8 * e * 1e-12 * m.symbol_rate_gbd * 1e9 / p("analog", "dcdc_efficiency"),
              1e-9);
}

namespace {
hs::CompareConfig power_only_cfg(const char* claims) {
  hs::CompareConfig c;
  c.power_params = kRoot / "sim/data/power/params.yaml";
  c.claims = kRoot / "sim/data/power" / claims;
  return c;
}
}  // namespace

TEST(PowerSensitivity, EveryAssumptionHasBoundsAndIsInTheTornado) {
  const auto p = params();
  const hs::CompareConfig cfg = power_only_cfg("claims_800g.yaml");
  const auto claims = hs::load_claims(cfg.claims);
  const hs::HostRx h;
  nlohmann::json r;
  const auto sens = hs::sensitivity_json(
      p, [&](const hs::PowerParams& pp) { return hs::power_figures(pp, cfg, claims, h, h); }, claims, r);
  std::set<std::string> in_tornado;
  for (const auto& row : sens["rows"]) in_tornado.insert(row["param"].get<std::string>());
  int assumptions = 0;
  for (const auto& [sec, key] : p.keys()) {
    const auto& q = p.get(sec, key);
    if (!q.is_assumption()) continue;
    ++assumptions;
    EXPECT_TRUE(q.low && q.high) << sec << "." << key << " is an assumption without low/high";
    EXPECT_FALSE(q.bounds.empty()) << sec << "." << key << ": bounds need their reasoning";
    EXPECT_TRUE(in_tornado.count(sec + "." + key)) << sec << "." << key << " missing from the tornado";
  }
  EXPECT_GT(assumptions, 20);
  // the tornado's ends are the model at the bounds: check one by hand (laser_mw moves DSP and
  // LPO by the same lanes x delta / eff, so the saving does not move)
  for (const auto& row : sens["rows"])
    if (row["param"] == "analog.laser_mw") {
      const double dl = (p.get("analog", "laser_mw").high.value() - p("analog", "laser_mw")) * 8e-3 / p("analog", "dcdc_efficiency");
      EXPECT_NEAR(row["dsp_w"][1].get<double>() - sens["bands"]["dsp_w"]["value"].get<double>(), dl, 1e-9);
      EXPECT_NEAR(row["saving_w"][1].get<double>(), sens["bands"]["saving_w"]["value"].get<double>(), 1e-9);
    }
  // bands bracket the value
  for (const auto& [k, b] : sens["bands"].items()) {
    EXPECT_LE(b["low"].get<double>(), b["value"].get<double>()) << k;
    EXPECT_GE(b["high"].get<double>(), b["value"].get<double>()) << k;
  }
}

TEST(PowerSensitivity, BoundsOutsideTheValueAreRejected) {
  const std::string txt = [] {
    std::ifstream f(kRoot / "sim/data/power/params.yaml");
    return std::string(std::istreambuf_iterator<char>(f), {});
  }();
  std::string bad = txt;
  const std::string from = "  tia_mw: {value: 80, low: 50,";
  const auto at = bad.find(from);
  ASSERT_NE(at, std::string::npos);
  bad.replace(at, from.size(), "  tia_mw: {value: 80, low: 90,");
  EXPECT_NE(error_of([&] { hs::parse_power_params(bad, "p.yaml"); }).find("analog.tia_mw.low: expected low <= value <= high"),
            std::string::npos);
}

TEST(PowerClaims, EveryClaimHasASourceAndAVerdict) {
  for (const char* file : {"claims_800g.yaml", "claims_1p6t.yaml"}) {
    const auto p = params();
    hs::CompareConfig cfg = power_only_cfg(file);
    if (std::string(file) == "claims_1p6t.yaml") {
      cfg.module.symbol_rate_gbd = 106.25;
      cfg.module.lane_rate_gbps = 200;
      cfg.module.node = "3nm";
    }
    const auto claims = hs::load_claims(cfg.claims);
    ASSERT_GE(claims.checks.size(), std::string(file) == "claims_800g.yaml" ? 12u : 6u) << file;
    const hs::HostRx h;
    nlohmann::json r;
    hs::sensitivity_json(p, [&](const hs::PowerParams& pp) { return hs::power_figures(pp, cfg, claims, h, h); }, claims, r);
    ASSERT_EQ(r["claims"].size(), claims.checks.size());
    for (const auto& k : r["claims"]) {
      const std::string v = k["verdict"];
      std::printf("[%s] %s = %.4g: %s\n", file, k["id"].get<std::string>().c_str(), k["value"].get<double>(), v.c_str());
      EXPECT_FALSE(k["source"].get<std::string>().empty()) << k["id"];
      EXPECT_FALSE(k["claim"].get<std::string>().empty()) << k["id"];
      EXPECT_TRUE(v == "holds" || v == "does not hold" || v.rfind("depends on ", 0) == 0) << k["id"] << ": " << v;
      // "depends on X": the verdict really flips inside the span over the bounds
      if (v.rfind("depends on ", 0) == 0) {
        const double lo = k["value_min"], hi = k["value_max"];
        const bool a = (!k.contains("min") || lo >= k["min"].get<double>()) && (!k.contains("max") || lo <= k["max"].get<double>());
        const bool b = (!k.contains("min") || hi >= k["min"].get<double>()) && (!k.contains("max") || hi <= k["max"].get<double>());
        EXPECT_TRUE(a != b || !k["flips"].empty()) << k["id"];
      }
    }
  }
}

TEST(PowerClaims, DeepStandbyWakeIsRelockOrLaserSettling) {
  auto p = params();
  hs::ModuleSpec m;
  const auto d = hs::deep_standby(p, m, "DSP");
  const double dsp_wake = p("standby", "wake_cycles") * p("latency", "dsp_parallelism") / m.symbol_rate_gbd;
  EXPECT_NEAR(d.wake_ns, std::max(p("standby", "pll_relock_us"), p("standby", "laser_settle_us")) * 1e3 + dsp_wake, 1e-9);
  EXPECT_LE(d.standby_w, 1e-3);
  p.at("standby", "laser_settle_us").value = 0;
  EXPECT_NEAR(hs::deep_standby(p, m, "DSP").wake_ns, p("standby", "pll_relock_us") * 1e3 + dsp_wake, 1e-9);
}

TEST(PowerSystem, HostEqualizationFromOpCounts) {
  const auto p = params();
  hs::ModuleSpec m;
  hs::HostRx small, big;
  big.ffe_taps = 32;
  const auto a = hs::host_serdes_rx_power(p, m, small), b = hs::host_serdes_rx_power(p, m, big);
  // 16 more FFE taps: 16 more multiplies and at least 16 more adds per symbol
  EXPECT_EQ(b.rx_ops.multiplies - a.rx_ops.multiplies, 16u);
  EXPECT_GT(b.total_w, a.total_w);
  // ADC and PLL items do not depend on the equalizer size
  EXPECT_DOUBLE_EQ(a.items[0].watts, b.items[0].watts);
  EXPECT_DOUBLE_EQ(a.items[2].watts, b.items[2].watts);
}

// The NLC study's line segment: the compare config mapped onto the link simulator's optical
// link, and the physics it must show (MZM bias drift makes the hot corner worse).
TEST(NlcStudy, LineSegmentConfigAndHotCornerDegrades) {
  hs::CompareConfig c = hs::load_compare_config(kRoot / "sim/configs/compare_default.yaml");
  ASSERT_TRUE(c.nlc.enabled);
  const auto lc = hs::parse_config(hs::nlc_link_yaml(c, 85, true), "nlc.yaml", ".");
  EXPECT_TRUE(lc.optical.enabled);
  EXPECT_DOUBLE_EQ(lc.optical.temperature_c, 85);
  EXPECT_DOUBLE_EQ(lc.optical.laser_power_dbm, c.optical.launch_power_dbm + 3.0);  // MZM at quadrature
  EXPECT_NEAR(lc.optical.fiber_loss_db_km * lc.optical.fiber_km,
              c.optical.fiber_loss_db_km * c.optical.fiber_km + c.optical.connector_loss_db, 1e-9);
  EXPECT_TRUE(lc.rx.volterra);
  EXPECT_EQ(lc.rx.ffe_taps, c.line_rx.eq.ffe_taps);
  EXPECT_FALSE(hs::parse_config(hs::nlc_link_yaml(c, 25, false), "nlc.yaml", ".").rx.volterra);
  auto stat_ber = [&](double t) {
    const auto l = hs::parse_config(hs::nlc_link_yaml(c, t, false), "nlc.yaml", ".");
    return hs::analyze_optical(l, hs::build_model(l)).ber;
  };
  const double b25 = stat_ber(25), b85 = stat_ber(85);
  EXPECT_GT(b85, 100 * b25) << "25 C " << b25 << ", 85 C " << b85;
  // the LUT run: golden-model FFE (no DFE) with the LUT, never with Volterra; its reference
  // without NLC on the same receiver
  const auto lut = hs::parse_config(hs::nlc_link_yaml(c, 85, hs::NlcRun::kLut), "nlc.yaml", ".");
  EXPECT_TRUE(lut.rx.lut);
  EXPECT_FALSE(lut.rx.volterra);
  EXPECT_EQ(lut.rx.model, "cmodel");
  EXPECT_EQ(lut.rx.dfe_taps, 0u);
  EXPECT_EQ(lut.rx.ffe_taps, c.line_rx.eq.ffe_taps);
  const auto ref = hs::parse_config(hs::nlc_link_yaml(c, 85, hs::NlcRun::kNone, true), "nlc.yaml", ".");
  EXPECT_FALSE(ref.rx.lut);
  EXPECT_EQ(ref.rx.model, "cmodel");
  EXPECT_EQ(ref.rx.dfe_taps, 0u);
}

// Both 1.6T configs carry the NLC study like the 800G one; the 2 km link's line runs at the
// inner-FEC line rate.
TEST(NlcStudy, OneSixTConfigsCarryTheStudy) {
  for (const char* f : {"compare_1p6t_dr8.yaml", "compare_1p6t_dr8_2km.yaml"}) {
    const hs::CompareConfig c = hs::load_compare_config(kRoot / "sim/configs" / f);
    EXPECT_TRUE(c.nlc.enabled) << f;
    EXPECT_EQ(c.nlc.temperatures_c, (std::vector<double>{-40, 0, 25, 70, 85})) << f;
    const auto lc = hs::parse_config(hs::nlc_link_yaml(c, 85, hs::NlcRun::kLut), "nlc.yaml", ".");
    EXPECT_DOUBLE_EQ(lc.symbol_rate_gbd, c.inner_fec.enabled ? c.inner_fec.line_symbol_rate_gbd : c.symbol_rate_gbd) << f;
    EXPECT_DOUBLE_EQ(lc.symbol_rate_gbd, std::string(f).find("2km") != std::string::npos ? 113.4375 : 106.25) << f;
  }
}

// rx.lut needs the golden-model receiver and excludes Volterra (errors name the key).
TEST(NlcStudy, LutConfigErrors) {
  const std::string base = "name: x\nsymbol_rate_gbd: 53.125\nsymbols: 100000\noptical: {enabled: true}\n";
  auto err = [&](const std::string& rx) {
    try {
      (void)hs::parse_config(base + rx, "lut.yaml", ".");
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(err("rx: {model: float, lut: {enabled: true}}\n").find("rx.lut"), std::string::npos);
  EXPECT_NE(err("rx: {lut: {enabled: true}, volterra: {enabled: true}}\n").find("rx.lut"), std::string::npos);
  EXPECT_NE(err("rx: {lut: {pattern_len: 2, pre: 2}}\n").find("rx.lut.pre"), std::string::npos);
  EXPECT_TRUE(hs::parse_config(base + "rx: {lut: {pattern_len: 4, pre: 1}}\n", "lut.yaml", ".").rx.lut);
}

// Runs the DSP-retimed versus LPO comparison: link evaluation (statistical, time-domain
// checks), sweeps, power, latency, clusters and claims (compare_run.hpp). The report is
// rendered by compare_report.cpp.
#include "halo/sim/compare_run.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>

#include "halo/sim/gen_1p6t.hpp"
#include "halo/sim/latency_model.hpp"
#include "halo/sim/link_compare.hpp"
#include "halo/sim/nlc_study.hpp"
#include "halo/sim/power_model.hpp"

namespace halo::sim {
namespace {

using json = nlohmann::json;

json num_or_null(double v) { return std::isfinite(v) || std::isinf(v) ? json(v) : json(nullptr); }

json params_json(const PowerParams& p) {
  json j;
  auto sec = [&](const char* name, const std::map<std::string, Param>& m) {
    for (const auto& [k, v] : m) j[name][k] = {{"value", v.value}, {"source", v.source}};
  };
  sec("energy_45nm", p.energy_45nm);
  sec("node_scale", p.node_scale);
  sec("digital", p.digital);
  sec("analog", p.analog);
  sec("fec", p.fec);
  sec("latency", p.latency);
  sec("standby", p.standby);
  for (const auto& [sec_name, key] : p.keys()) {
    const Param& q = p.get(sec_name, key);
    if (q.low) {
      j[sec_name][key]["low"] = *q.low;
      j[sec_name][key]["high"] = *q.high;
      j[sec_name][key]["bounds"] = q.bounds;
    }
  }
  return j;
}

}  // namespace

json run_compare(const CompareConfig& cfg_in, const std::function<void(const std::string&)>& log) {
  CompareConfig cfg = cfg_in;
  auto say = [&](const std::string& s) {
    if (log) log(s);
  };
  const auto t0 = std::chrono::steady_clock::now();
  json r;
  r["name"] = cfg.name;
  r["threshold_ber"] = cfg.ber_threshold;
  const PowerParams params = load_power_params(cfg.power_params);
  if (cfg.inner_fec.enabled) {
    // the DSP module adds and removes the Clause 177 inner FEC: charged from its op counts
    cfg.module.inner_fec = true;
    cfg.module.inner_fec_ops = inner_fec_op_counts(cfg.inner_fec.chase_l, params("digital", "add_bits"));
  }
  ClaimsFile claims;
  if (!cfg.claims.empty()) claims = load_claims(cfg.claims);
  // the claims are about one generation: a 1.6T run must not check the 800G claims
  if (claims.lane_rate_gbps > 0 && std::abs(claims.lane_rate_gbps - cfg.module.lane_rate_gbps) > 1e-9)
    throw std::invalid_argument(claims.file + ": lane_rate_gbps: expected " + std::to_string(cfg.module.lane_rate_gbps).substr(0, 6) +
                                " (module.lane_rate_gbps of " + cfg.name + "), found " +
                                std::to_string(claims.lane_rate_gbps).substr(0, 6) +
                                ": the claims file is about another generation (claims: in the compare config)");

  CompareLinks links(cfg);
  r["config"] = {{"symbol_rate_gbd", cfg.symbol_rate_gbd}, {"c2m_file", cfg.c2m.file.filename().string()},
                 {"c2m_nyquist_loss_db", cfg.c2m_loss_db > 0 ? cfg.c2m_loss_db : links.c2m_nyquist_loss_db()}, {"c2m_extra_loss_db", cfg.c2m_extra_loss_db},
                 {"fiber_km", cfg.optical.fiber_km}, {"launch_power_dbm", cfg.optical.launch_power_dbm},
                 {"module", cfg.module.name}, {"lanes", cfg.module.lanes}, {"node", cfg.module.node},
                 {"precoding", cfg.precoding}, {"interleave", cfg.interleave}, {"hops", cfg.hops},
                 {"fec_in_module", cfg.module.fec_in_module}, {"power_params", cfg.power_params.string()},
                 {"claims", cfg.claims.string()}, {"lane_rate_gbps", cfg.module.lane_rate_gbps},
                 {"inner_fec", cfg.inner_fec.enabled}, {"lro", cfg.lro.enabled}};
  if (cfg.inner_fec.enabled) r["config"]["line_symbol_rate_gbd"] = cfg.inner_fec.line_symbol_rate_gbd;

  say("headline point (statistical engine)");
  const ComparePoint head = links.evaluate(cfg.optical.fiber_km, 0, true);  // with TDECQ of the optical TXs
  ComparePoint hp = head;
  if (cfg.time_domain.enabled) {
    say("time-domain check of the retimed C2M segments (" + std::to_string(cfg.time_domain.symbols) + " symbols each, rx " +
        cfg.time_domain.rx_model + ")");
    time_domain_check(cfg, hp);
    if (cfg.time_domain.stress_noise_mv > 0) {
      CompareConfig sc = cfg;
      sc.module_rx.noise_rms_mv = sc.host_rx.noise_rms_mv = cfg.time_domain.stress_noise_mv;
      // the receivers keep the CTLE gains chosen at the headline point (no second search)
      auto keep = [](CompareRx& rx, const SegmentResult& s) {
        if (!std::isnan(s.ctle_dc_gain_db)) rx.ctle.dc_gain_db = s.ctle_dc_gain_db;
      };
      keep(sc.module_rx, head.dsp.segments.at(0));
      keep(sc.host_rx, head.dsp.segments.at(2));
      keep(sc.lpo.host_rx, head.lpo.segments.at(0));
      sc.c2m_impairments.ctle_search_db.clear();
      char noise[32];
      std::snprintf(noise, sizeof noise, "%.1f", sc.host_rx.noise_rms_mv);
      say(std::string("stressed time-domain check (RX noise ") + noise + " mV)");
      ComparePoint sp = CompareLinks(sc).evaluate(cfg.optical.fiber_km);
      for (int i : {0, 2})
        sp.dsp.segments[static_cast<std::size_t>(i)].ctle_dc_gain_db = head.dsp.segments[static_cast<std::size_t>(i)].ctle_dc_gain_db;
      time_domain_check(sc, sp);
      json st = {{"noise_rms_mv", sc.host_rx.noise_rms_mv}};
      for (int i : {0, 2}) st["segments"].push_back(to_json(sp.dsp.segments[static_cast<std::size_t>(i)]));
      r["time_domain_stress"] = st;
    }
  }
  r["headline"] = {{"dsp", to_json(hp.dsp)}, {"lpo", to_json(hp.lpo)}};
  if (hp.has_lro) r["headline"]["lro"] = to_json(hp.lro);
  // the C2M impairments, COM of the C2M channel beside each electrical segment's BER, model limits
  r["c2m_impairments"] = to_json(links.impairments(), links.c2m_channel());
  if (links.impairments().enabled && links.impairments().com) {
    say("COM of the C2M channel (" + links.impairments().params.name + ")");
    const auto com = links.c2m_com();
    r["c2m_impairments"]["com"] = json::parse(com::to_json(*com, links.impairments().params, false));
    for (auto& [arch, a] : r["headline"].items())
      for (auto& sg : a["segments"])
        if (sg["name"].get<std::string>().find("C2M") != std::string::npos || arch == "lpo") sg["com_db"] = com->com_db;
  }
  r["model_limits"] = model_limits(cfg, links.impairments());

  // sweeps
  auto sweep = [&](const std::vector<double>& xs, bool reach, const char* key) {
    json s;
    std::vector<double> bd, bl, br;
    for (double x : xs) {
      const ComparePoint p = reach ? links.evaluate(x, cfg.sweep.reach_c2m_loss_db) : links.evaluate(cfg.optical.fiber_km, x);
      bd.push_back(p.dsp.pre_fec_ber);
      bl.push_back(p.lpo.pre_fec_ber);
      if (p.has_lro) {
        br.push_back(p.lro.pre_fec_ber);
        s["lro_cer"].push_back(p.lro.fec.cer);
      }
      if (cfg.inner_fec.enabled) s["dsp_inner_ber_in"].push_back(p.dsp.segments.at(1).inner_ser_in / 2);
      s["dsp_cer"].push_back(p.dsp.fec.cer);
      s["lpo_cer"].push_back(p.lpo.fec.cer);
      json segs;
      for (const auto& sg : p.dsp.segments) segs.push_back(sg.ber);
      s["dsp_segment_ber"].push_back(segs);
    }
    s["x"] = xs;
    if (reach) s["c2m_loss_db"] = cfg.sweep.reach_c2m_loss_db > 0 ? cfg.sweep.reach_c2m_loss_db : links.c2m_nyquist_loss_db();
    s["dsp_ber"] = bd;
    s["lpo_ber"] = bl;
    s["dsp_limit"] = num_or_null(sweep_limit(xs, bd, cfg.ber_threshold));
    s["lpo_limit"] = num_or_null(sweep_limit(xs, bl, cfg.ber_threshold));
    if (cfg.lro.enabled) {
      s["lro_ber"] = br;
      s["lro_limit"] = num_or_null(sweep_limit(xs, br, cfg.ber_threshold));
    }
    // compare.json writes a non-finite limit as null, as it writes "beyond the sweep": say which
    for (const auto& [a, b] : {std::pair{"dsp", &bd}, std::pair{"lpo", &bl}, std::pair{"lro", &br}})
      if (!b->empty()) s[std::string(a) + "_fails_everywhere"] = std::isinf(sweep_limit(xs, *b, cfg.ber_threshold));
    r["sweeps"][key] = s;
  };
  say("reach sweep: " + std::to_string(cfg.sweep.fiber_km.size()) + " points");
  sweep(cfg.sweep.fiber_km, true, "fiber_km");
  say("C2M loss sweep: " + std::to_string(cfg.sweep.c2m_loss_db.size()) + " points");
  sweep(cfg.sweep.c2m_loss_db, false, "c2m_loss_db");

  // power, latency, clusters, system view (power_figures), calibration, sensitivity, claims
  const HostRx host_dsp{static_cast<int>(cfg.host_rx.eq.ffe_taps), static_cast<int>(cfg.host_rx.eq.ffe_pre),
                        static_cast<int>(cfg.host_rx.eq.dfe_taps), cfg.host_rx.adc_enob};
  const HostRx host_lpo{static_cast<int>(cfg.lpo.host_rx.eq.ffe_taps), static_cast<int>(cfg.lpo.host_rx.eq.ffe_pre),
                        static_cast<int>(cfg.lpo.host_rx.eq.dfe_taps), cfg.lpo.host_rx.adc_enob};
  auto figures = [&](const PowerParams& pp) { return power_figures(pp, cfg, claims, host_dsp, host_lpo); };
  const json f = figures(params);
  for (const char* k : {"power", "latency", "clusters", "system"})
    if (f.contains(k)) r[k] = f[k];
  const std::filesystem::path cal_file = cfg.power_params.parent_path() / "calibration.yaml";
  if (std::filesystem::exists(cal_file)) {
    // Rows of this run's generation (lane rate) are modelled with this config's DSP shape (taps,
    // ENOB); rows of another generation with the default equalizer sizes (ModuleSpec{}: 16-tap
    // FFE, 1-tap DFE, 3-tap TX FFE) at this config's ADC ENOB, so a 1.6T run does not judge the
    // 800G modules with its 200G receiver (docs/compare.md, calibration).
    Calibration cal = load_calibration(cal_file), other = cal;
    calibrate(params, cfg.module, cal);
    ModuleSpec ref;
    ref.adc_enob = cfg.module.adc_enob;
    calibrate(params, ref, other);
    std::vector<bool> own(cal.rows.size());
    for (std::size_t i = 0; i < cal.rows.size(); ++i) {
      own[i] = std::abs(cal.rows[i].lane_rate_gbps - cfg.module.lane_rate_gbps) < 1e-9;
      if (!own[i]) cal.rows[i] = other.rows[i];
    }
    r["calibration"] = to_json(cal);
    for (std::size_t i = 0; i < own.size(); ++i)
      r["calibration"]["rows"][i]["dsp_shape"] = own[i] ? "this config" : "default equalizer sizes";
  }
  if (cfg.nlc.enabled) {
    say("NLC on the nonlinear optics: " + std::to_string(cfg.nlc.temperatures_c.size()) +
        " temperature corners, without NLC, with Volterra and with the LUT (time domain)");
    r["nlc"] = run_nlc_study(cfg, params);
  }
  say("sensitivity: every parameter with {low, high} (one at a time)");
  r["sensitivity"] = sensitivity_json(params, figures, claims, r);
  {
    // bands of the figures linear in a module's power (pJ/bit, cluster MW and GWh/year): the
    // module band scaled by the same factor, stored here so every report figure is a JSON field
    json& bands = r["sensitivity"]["bands"];
    for (const char* a : {"dsp", "lpo", "lro"}) {
      const std::string key = std::string(a) + "_w";
      if (!bands.contains(key)) continue;
      const double w = r["power"][a]["total_w"], lo = bands[key]["low"], hi = bands[key]["high"];
      const double k = r["power"][a]["pj_per_bit"].get<double>() / w;
      bands[std::string(a) + "_pj_per_bit"] = {{"value", w * k}, {"low", lo * k}, {"high", hi * k}};
      if (r.contains("clusters"))
        for (auto& cl : r["clusters"]) {
          if (!cl.contains(a)) continue;
          const double mw = cl[a]["facility_mw"], gwh = cl[a]["kwh_per_year"].get<double>() * 1e-6;
          cl[a]["facility_mw_band"] = {lo * mw / w, hi * mw / w};
          cl[a]["gwh_per_year_band"] = {lo * gwh / w, hi * gwh / w};
        }
    }
  }
  r["params"] = params_json(params);
  r["run_seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

json power_figures(const PowerParams& params, const CompareConfig& cfg, const ClaimsFile& claims, const HostRx& host_dsp,
                   const HostRx& host_lpo) {
  json r;
  // The DSP module carries the Clause 177 inner FEC when the PMD does (cfg.module.inner_fec, set
  // by the config loader with its op counts, gen_1p6t.hpp); its share is the codec item plus
  // the line side at the higher line rate. The LPO and LRO cannot carry it.
  ModulePower pd = dsp_module_power(params, cfg.module);
  ModuleSpec linear = cfg.module;
  linear.inner_fec = false;
  const ModulePower pl = lpo_module_power(params, linear), pr = lro_module_power(params, linear);
  double dsp_without_inner_w = pd.total_w;
  if (cfg.inner_fec.enabled) {
    dsp_without_inner_w = dsp_module_power(params, linear).total_w;
    add_power_item(pd, params, cfg.module, inner_fec_rate_item(params, cfg.module, cfg.inner_fec));
  }
  r["power"] = {{"dsp", to_json(pd)},
                {"lpo", to_json(pl)},
                {"lro", to_json(pr)},
                {"saving_w", pd.total_w - pl.total_w},
                {"saving_pct", 100.0 * (pd.total_w - pl.total_w) / pd.total_w},
                {"lro_saving_pct", 100.0 * (pd.total_w - pr.total_w) / pd.total_w},
                {"node", cfg.module.node}};
  if (cfg.inner_fec.enabled) r["power"]["dsp_without_inner_fec_w"] = dsp_without_inner_w;
  for (const auto& [node, _] : params.node_scale) {
    ModuleSpec m = cfg.module;
    m.node = node;
    ModulePower x = dsp_module_power(params, m);  // with the inner FEC's line-rate item, as pd
    if (cfg.inner_fec.enabled) add_power_item(x, params, m, inner_fec_rate_item(params, m, cfg.inner_fec));
    r["power"]["dsp_w_by_node"][node] = x.total_w;
  }
  // low-power (standby) state and the duty-cycled link; the sub-mW (deep) state
  r["power"]["standby"] = {
      {"dsp", to_json(duty_cycle(params, cfg.module, pd, cfg.duty_cycle.standby_fraction, cfg.duty_cycle.period_us))},
      {"lpo", to_json(duty_cycle(params, cfg.module, pl, cfg.duty_cycle.standby_fraction, cfg.duty_cycle.period_us))},
      {"wake_cycles", params("standby", "wake_cycles")}};
  for (const char* a : {"DSP", "LPO"}) {
    const DeepStandby d = deep_standby(params, cfg.module, a);
    r["power"]["deep_standby"][a == std::string("DSP") ? "dsp" : "lpo"] = {{"standby_w", d.standby_w}, {"wake_ns", d.wake_ns}};
  }
  // system view: host SerDes receive side + module, per architecture
  const ModulePower hd = host_serdes_rx_power(params, cfg.module, host_dsp), hl = host_serdes_rx_power(params, cfg.module, host_lpo);
  r["system"] = {{"host_dsp", to_json(hd)},
                 {"host_lpo", to_json(hl)},
                 {"dsp_w", pd.total_w + hd.total_w},
                 {"lro_w", pr.total_w + hl.total_w},
                 {"lpo_w", pl.total_w + hl.total_w},
                 {"host_extra_eq_w", hl.total_w - hd.total_w},
                 {"saving_w", pd.total_w + hd.total_w - pl.total_w - hl.total_w}};
  if (cfg.lro.enabled) {
    ModulePower as_dsp = pr;  // wakes like the DSP module (its DSP half)
    as_dsp.arch = "DSP";
    r["power"]["standby"]["lro"] =
        to_json(duty_cycle(params, cfg.module, as_dsp, cfg.duty_cycle.standby_fraction, cfg.duty_cycle.period_us));
  }
  // latency; with the inner FEC its items join the DSP module's (gen_1p6t.hpp)
  LatencyFigures lat = latency_model(params, cfg.module, cfg.optical.fiber_km, cfg.hops);
  const double dsp_hop_without_inner_ns = lat.dsp_hop_ns;
  if (cfg.inner_fec.enabled) {
    for (const auto& it : inner_fec_latency_items(params, cfg.inner_fec)) {
      lat.dsp_items.push_back(it);
      lat.dsp_module_ns += it.ns;
    }
    lat.dsp_hop_ns = 2 * lat.dsp_module_ns;
    lat.diff_hop_ns = lat.dsp_hop_ns - lat.lpo_hop_ns;
    lat.diff_path_ns = lat.diff_hop_ns * lat.hops;
  }
  r["latency"] = to_json(lat);
  if (cfg.inner_fec.enabled) r["latency"]["dsp_hop_without_inner_fec_ns"] = dsp_hop_without_inner_ns;
  if (cfg.lro.enabled) {
    const LatencyFigures l0 = latency_model(params, linear, cfg.optical.fiber_km, cfg.hops);
    r["latency"]["lro_hop_ns"] = lro_hop_ns(l0);
    r["latency"]["lro_diff_path_ns"] = (lro_hop_ns(l0) - lat.lpo_hop_ns) * lat.hops;
  }
  for (const auto& c : claims.clusters) {
    const ClusterFigures d = cluster_rollup(c, pd.total_w), l = cluster_rollup(c, pl.total_w);
    json cj = {{"name", c.name}, {"modules", c.modules}, {"hours_per_year", c.hours_per_year},
               {"price_usd_per_kwh", c.price_usd_per_kwh}, {"pue", c.pue}, {"carbon_kg_per_kwh", c.carbon_kg_per_kwh},
               {"dsp", to_json(d)}, {"lpo", to_json(l)}};
    if (c.household_kwh_per_year > 0) {
      cj["household_kwh_per_year"] = c.household_kwh_per_year;
      cj["dsp"]["households"] = d.kwh_per_year / c.household_kwh_per_year;
      cj["lpo"]["households"] = l.kwh_per_year / c.household_kwh_per_year;
    }
    if (cfg.lro.enabled) cj["lro"] = to_json(cluster_rollup(c, pr.total_w));
    r["clusters"].push_back(cj);
  }
  return r;
}

namespace {

std::string claim_verdict(bool holds) { return holds ? "holds" : "does not hold"; }

bool claim_holds(const ClaimCheck& k, double v) { return (!k.min || v >= *k.min) && (!k.max || v <= *k.max); }

/// RSS of the one-at-a-time deviations on each side: the band of a figure.
json band(double v, const std::vector<double>& dev) {
  double lo = 0, hi = 0;
  for (double d : dev) (d < 0 ? lo : hi) += d * d;
  return {{"value", v}, {"low", v - std::sqrt(lo)}, {"high", v + std::sqrt(hi)}};
}

}  // namespace

json sensitivity_json(const PowerParams& params, const std::function<json(const PowerParams&)>& figures,
                      const ClaimsFile& claims, json& r) {
  // figures per variant (kFigures of them, names below), then one per claim check
  auto vec = [&](const PowerParams& pp) {
    const json f = figures(pp);
    std::vector<double> v = {f["power"]["dsp"]["total_w"],          f["power"]["lpo"]["total_w"],
                             f["power"]["saving_w"],                f["power"]["lro"]["total_w"],
                             f["system"]["saving_w"],               f["system"]["dsp_w"],
                             f["system"]["lpo_w"],                  f["power"]["standby"]["dsp"]["standby_w"],
                             f["power"]["standby"]["lpo"]["standby_w"], f["power"]["standby"]["dsp"]["average_w"],
                             f["power"]["standby"]["lpo"]["average_w"], f["system"]["lro_w"]};
    for (const auto& k : claims.checks) v.push_back(claim_quantity(f, k.quantity, k.cluster));
    return v;
  };
  const std::vector<double> base = vec(params);
  const auto rows = sensitivity(params, vec);
  json out;
  out["method"] = "one parameter at a time at its low and high bound (params.yaml low/high), the others at their values; "
                  "band = value -/+ root-sum-square of the one-at-a-time decreases/increases";
  constexpr std::size_t kFigures = 12;
  const char* names[kFigures] = {"dsp_w",           "lpo_w",           "saving_w",         "lro_w",
                                 "system_saving_w", "system_dsp_w",    "system_lpo_w",     "dsp_standby_w",
                                 "lpo_standby_w",   "dsp_average_w",   "lpo_average_w",    "system_lro_w"};
  std::vector<std::vector<double>> dev(kFigures);
  for (const auto& row : rows) {
    json j = {{"param", row.section + "." + row.key}, {"value", row.value}, {"low", row.low}, {"high", row.high},
              {"source", params.get(row.section, row.key).source}, {"bounds", params.get(row.section, row.key).bounds},
              {"assumption", params.get(row.section, row.key).is_assumption()}};
    for (std::size_t i = 0; i < kFigures; ++i) {
      j[names[i]] = {row.at_low[i], row.at_high[i]};
      const double a = row.at_low[i] - base[i], b = row.at_high[i] - base[i];
      // the larger decrease and the larger increase of this parameter
      const double dn = std::min({a, b, 0.0}), up = std::max({a, b, 0.0});
      if (dn < 0) dev[i].push_back(dn);
      if (up > 0) dev[i].push_back(up);
    }
    out["rows"].push_back(j);
  }
  for (std::size_t i = 0; i < kFigures; ++i) out["bands"][names[i]] = band(base[i], dev[i]);
  // claims: holds / does not hold / depends on <parameter> (the verdict flips inside its bounds)
  for (std::size_t c = 0; c < claims.checks.size(); ++c) {
    const ClaimCheck& k = claims.checks[c];
    const double v = base[kFigures + c];
    const bool holds = claim_holds(k, v);
    std::vector<std::string> flips;
    double vmin = v, vmax = v;
    for (const auto& row : rows) {
      for (double x : {row.at_low[kFigures + c], row.at_high[kFigures + c]}) {
        vmin = std::min(vmin, x);
        vmax = std::max(vmax, x);
      }
      if (claim_holds(k, row.at_low[kFigures + c]) != holds || claim_holds(k, row.at_high[kFigures + c]) != holds)
        flips.push_back(row.section + "." + row.key);
    }
    std::string verdict = claim_verdict(holds);
    if (!flips.empty()) {
      verdict = "depends on " + flips.front();
      for (std::size_t i = 1; i < flips.size() && i < 3; ++i) verdict += ", " + flips[i];
      if (flips.size() > 3) verdict += " (+" + std::to_string(flips.size() - 3) + " more)";
    }
    json j = {{"id", k.id}, {"claim", k.text}, {"quantity", k.quantity}, {"value", v}, {"holds", holds},
              {"verdict", verdict}, {"flips", flips}, {"value_min", vmin}, {"value_max", vmax}, {"source", k.source}};
    if (k.min) j["min"] = *k.min;
    if (k.max) j["max"] = *k.max;
    if (!k.cluster.empty()) j["cluster"] = k.cluster;
    r["claims"].push_back(j);
  }
  return out;
}

double claim_quantity(const json& r, const std::string& q, const std::string& cluster) {
  if (q == "dsp_module_w") return r["power"]["dsp"]["total_w"];
  if (q == "lpo_module_w") return r["power"]["lpo"]["total_w"];
  if (q == "lro_module_w") return r["power"]["lro"]["total_w"];
  if (q == "saving_per_module_w") return r["power"]["saving_w"];
  if (q == "saving_pct") return r["power"]["saving_pct"];
  if (q == "lro_saving_pct") return r["power"]["lro_saving_pct"];
  if (q == "dsp_chip_share") return r["power"]["dsp"]["dsp_chip_share"];
  if (q == "system_saving_w") return r["system"]["saving_w"];
  if (q == "latency_diff_per_hop_ns") return r["latency"]["diff_hop_ns"];
  if (q == "latency_removed_per_module_ns")
    return r["latency"]["dsp_module_ns"].get<double>() - r["latency"]["lpo_module_ns"].get<double>();
  if (q == "lpo_module_latency_ps") return r["latency"]["lpo_module_ns"].get<double>() * 1e3;
  if (q == "dsp_deep_standby_mw") return r["power"]["deep_standby"]["dsp"]["standby_w"].get<double>() * 1e3;
  if (q == "lpo_deep_standby_mw") return r["power"]["deep_standby"]["lpo"]["standby_w"].get<double>() * 1e3;
  if (q == "dsp_deep_wake_ns") return r["power"]["deep_standby"]["dsp"]["wake_ns"];
  if (q == "lpo_deep_wake_ns") return r["power"]["deep_standby"]["lpo"]["wake_ns"];
  if (q == "dsp_pj_per_bit") return r["power"]["dsp"]["pj_per_bit"];
  if (q == "lpo_pj_per_bit") return r["power"]["lpo"]["pj_per_bit"];
  if (q == "dsp_latency_per_hop_ns") return r["latency"]["dsp_hop_ns"];
  if (q == "lro_latency_per_hop_ns") {
    if (!r["latency"].contains("lro_hop_ns"))
      throw std::invalid_argument("claim quantity '" + q + "': needs lro.enabled in the compare config");
    return r["latency"]["lro_hop_ns"];
  }
  const std::string pre = q.substr(0, 4);
  if ((pre == "dsp_" || pre == "lpo_" || pre == "lro_") && q.rfind("cluster_", 4) == 4) {
    const std::string arch = q.substr(0, 3), what = q.substr(12);
    if (r.contains("clusters"))
      for (const auto& c : r["clusters"]) {
        if (c["name"] != cluster) continue;
        if (!c.contains(arch)) throw std::invalid_argument("claim quantity '" + q + "': no " + arch + " figures (lro.enabled?)");
        const json& f = c[arch];
        if (what == "it_mw") return f["it_mw"];
        if (what == "facility_mw") return f["facility_mw"];
        if (what == "gwh_per_year") return f["kwh_per_year"].get<double>() * 1e-6;
        if (what == "usd_per_year") return f["usd_per_year"];
        if (what == "t_co2_per_year") return f["t_co2_per_year"];
        if (what == "households") {
          if (!f.contains("households"))
            throw std::invalid_argument("claim quantity '" + q + "': cluster '" + cluster + "' has no household_kwh_per_year");
          return f["households"];
        }
        throw std::invalid_argument("claim quantity '" + q + "': unknown cluster figure '" + what + "'");
      }
    throw std::invalid_argument("claim quantity '" + q + "': unknown cluster '" + cluster + "'");
  }
  throw std::invalid_argument("claim quantity '" + q + "': unknown (see docs/compare.md)");
}

}  // namespace halo::sim

// Runs the DSP-retimed versus LPO comparison: link evaluation (statistical, time-domain
// checks), sweeps, power, latency, clusters and claims (compare_run.hpp). The report is
// rendered by compare_report.cpp.
#include "halo/sim/compare_run.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>

#include "halo/sim/gen_1p6t.hpp"
#include "halo/sim/latency_model.hpp"
#include "halo/sim/link_compare.hpp"
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
  return j;
}

}  // namespace

json run_compare(const CompareConfig& cfg, const std::function<void(const std::string&)>& log) {
  auto say = [&](const std::string& s) {
    if (log) log(s);
  };
  const auto t0 = std::chrono::steady_clock::now();
  json r;
  r["name"] = cfg.name;
  r["threshold_ber"] = cfg.ber_threshold;
  const PowerParams params = load_power_params(cfg.power_params);
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
  const ComparePoint head = links.evaluate(cfg.optical.fiber_km);
  ComparePoint hp = head;
  if (cfg.time_domain.enabled) {
    say("time-domain check of the retimed C2M segments (" + std::to_string(cfg.time_domain.symbols) + " symbols each, rx " +
        cfg.time_domain.rx_model + ")");
    time_domain_check(cfg, hp);
    if (cfg.time_domain.stress_noise_mv > 0) {
      CompareConfig sc = cfg;
      sc.module_rx.noise_rms_mv = sc.host_rx.noise_rms_mv = cfg.time_domain.stress_noise_mv;
      char noise[32];
      std::snprintf(noise, sizeof noise, "%.1f", sc.host_rx.noise_rms_mv);
      say(std::string("stressed time-domain check (RX noise ") + noise + " mV)");
      ComparePoint sp = CompareLinks(sc).evaluate(cfg.optical.fiber_km);
      time_domain_check(sc, sp);
      json st = {{"noise_rms_mv", sc.host_rx.noise_rms_mv}};
      for (int i : {0, 2}) st["segments"].push_back(to_json(sp.dsp.segments[static_cast<std::size_t>(i)]));
      r["time_domain_stress"] = st;
    }
  }
  r["headline"] = {{"dsp", to_json(hp.dsp)}, {"lpo", to_json(hp.lpo)}};
  if (hp.has_lro) r["headline"]["lro"] = to_json(hp.lro);

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
    r["sweeps"][key] = s;
  };
  say("reach sweep: " + std::to_string(cfg.sweep.fiber_km.size()) + " points");
  sweep(cfg.sweep.fiber_km, true, "fiber_km");
  say("C2M loss sweep: " + std::to_string(cfg.sweep.c2m_loss_db.size()) + " points");
  sweep(cfg.sweep.c2m_loss_db, false, "c2m_loss_db");

  // power
  ModulePower pd = dsp_module_power(params, cfg.module);
  const ModulePower pl = lpo_module_power(params, cfg.module);
  const double dsp_without_inner_w = pd.total_w;
  if (cfg.inner_fec.enabled) {
    // the inner FEC's modeled share: its codec and the line side at the higher line rate
    add_power_item(pd, params, cfg.module, inner_fec_rate_item(params, cfg.module, cfg.inner_fec));
    add_power_item(pd, params, cfg.module, inner_fec_power_item(params, cfg.module, cfg.inner_fec));
  }
  r["power"] = {{"dsp", to_json(pd)}, {"lpo", to_json(pl)}, {"saving_w", pd.total_w - pl.total_w},
                {"saving_percent", 100 * (pd.total_w - pl.total_w) / pd.total_w}, {"node", cfg.module.node}};
  if (cfg.inner_fec.enabled) r["power"]["dsp_without_inner_fec_w"] = dsp_without_inner_w;
  ModulePower plro;
  if (cfg.lro.enabled) {
    plro = lro_module_power(params, cfg.module);
    r["power"]["lro"] = to_json(plro);
    r["power"]["lro_saving_w"] = pd.total_w - plro.total_w;
    r["power"]["lro_saving_percent"] = 100 * (pd.total_w - plro.total_w) / pd.total_w;
  }
  for (const auto& [node, _] : params.node_scale) {
    ModuleSpec m = cfg.module;
    m.node = node;
    r["power"]["dsp_w_by_node"][node] = dsp_module_power(params, m).total_w;
  }
  // low-power (standby) state and the duty-cycled link
  r["power"]["standby"] = {
      {"dsp", to_json(duty_cycle(params, cfg.module, pd, cfg.duty_cycle.standby_fraction, cfg.duty_cycle.period_us))},
      {"lpo", to_json(duty_cycle(params, cfg.module, pl, cfg.duty_cycle.standby_fraction, cfg.duty_cycle.period_us))},
      {"wake_cycles", params("standby", "wake_cycles")}};
  if (cfg.lro.enabled) {
    ModulePower as_dsp = plro;  // wakes like the DSP module (its DSP half)
    as_dsp.arch = "DSP";
    r["power"]["standby"]["lro"] = to_json(duty_cycle(params, cfg.module, as_dsp, cfg.duty_cycle.standby_fraction, cfg.duty_cycle.period_us));
  }
  // latency
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
    LatencyFigures l0 = latency_model(params, cfg.module, cfg.optical.fiber_km, cfg.hops);
    r["latency"]["lro_hop_ns"] = lro_hop_ns(l0);
    r["latency"]["lro_diff_path_ns"] = (lro_hop_ns(l0) - lat.lpo_hop_ns) * lat.hops;
  }
  // clusters and claims
  for (const auto& c : claims.clusters) {
    const ClusterFigures d = cluster_rollup(c, pd.total_w), l = cluster_rollup(c, pl.total_w);
    r["clusters"].push_back({{"name", c.name}, {"modules", c.modules}, {"hours_per_year", c.hours_per_year},
                             {"price_usd_per_kwh", c.price_usd_per_kwh}, {"pue", c.pue},
                             {"carbon_kg_per_kwh", c.carbon_kg_per_kwh}, {"dsp", to_json(d)}, {"lpo", to_json(l)}});
    if (cfg.lro.enabled) r["clusters"].back()["lro"] = to_json(cluster_rollup(c, plro.total_w));
  }
  for (const auto& k : claims.checks) {
    const double v = claim_quantity(r, k.quantity, k.cluster);
    const bool holds = (!k.min || v >= *k.min) && (!k.max || v <= *k.max);
    json j = {{"id", k.id}, {"claim", k.text}, {"quantity", k.quantity}, {"value", v},
              {"holds", holds}, {"source", k.source}};
    if (k.min) j["min"] = *k.min;
    if (k.max) j["max"] = *k.max;
    if (!k.cluster.empty()) j["cluster"] = k.cluster;
    r["claims"].push_back(j);
  }
  r["params"] = params_json(params);
  r["run_seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

double claim_quantity(const json& r, const std::string& q, const std::string& cluster) {
  if (q == "dsp_module_w") return r["power"]["dsp"]["total_w"];
  if (q == "lpo_module_w") return r["power"]["lpo"]["total_w"];
  if (q == "saving_per_module_w") return r["power"]["saving_w"];
  if (q == "latency_diff_per_hop_ns") return r["latency"]["diff_hop_ns"];
  if (q == "saving_percent") return r["power"]["saving_percent"];
  if (q == "dsp_pj_per_bit") return r["power"]["dsp"]["pj_per_bit"];
  if (q == "lpo_pj_per_bit") return r["power"]["lpo"]["pj_per_bit"];
  if (q == "dsp_latency_per_hop_ns") return r["latency"]["dsp_hop_ns"];
  if (q == "lro_module_w" || q == "lro_saving_percent" || q == "lro_latency_per_hop_ns") {
    if (!r["power"].contains("lro")) throw std::invalid_argument("claim quantity '" + q + "': needs lro.enabled in the compare config");
    if (q == "lro_module_w") return r["power"]["lro"]["total_w"];
    if (q == "lro_saving_percent") return r["power"]["lro_saving_percent"];
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
        throw std::invalid_argument("claim quantity '" + q + "': unknown cluster figure '" + what + "'");
      }
    throw std::invalid_argument("claim quantity '" + q + "': unknown cluster '" + cluster + "'");
  }
  throw std::invalid_argument("claim quantity '" + q + "': unknown (see docs/compare.md)");
}

}  // namespace halo::sim

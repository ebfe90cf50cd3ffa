// Loader of the compare configuration and the claims file (compare_config.hpp) over the
// schema-checked reader (schema_compare.cpp).
#include "halo/sim/compare_config.hpp"

#include <algorithm>

#include "halo/config/schemas.hpp"
#include "link_loader.hpp"

namespace halo::sim {
namespace {

using config::Node;

CompareTx read_tx(const Node& n) {
  CompareTx d;
  d.ffe = n.list("ffe");
  d.ffe_main = static_cast<unsigned>(n.uint("ffe_main"));
  if (d.ffe_main >= d.ffe.size())
    n.fail("ffe_main", "an index < the number of ffe taps (" + std::to_string(d.ffe.size()) + ")",
           std::to_string(d.ffe_main));
  d.swing_v = n.num("swing_v");
  d.snr_db = n.num("snr_db");
  return d;
}

CtleConfig read_ctle(const Node& n) {
  CtleConfig c;
  c.enabled = n.flag("enabled");
  c.dc_gain_db = n.num("dc_gain_db");
  c.fz_ghz = n.num("fz_ghz");
  c.fp1_ghz = n.num("fp1_ghz");
  c.fp2_ghz = n.num("fp2_ghz");
  if (c.enabled)
    for (const char* k : {"fz_ghz", "fp1_ghz", "fp2_ghz"})
      if (n.num(k) <= 0) n.fail(k, "> 0 with enabled: true (fz_ghz, fp1_ghz and fp2_ghz)", config::fmt_number(n.num(k)));
  return c;
}

/// A receiver; absent keys take `d`'s values (CompareRx{} = the schema defaults, or host_rx).
CompareRx read_rx(const Node& n, CompareRx d) {
  d.noise_rms_mv = n.num_or("noise_rms_mv", d.noise_rms_mv);
  d.bandwidth_ghz = n.num_or("bandwidth_ghz", d.bandwidth_ghz);
  d.ctle = read_ctle(n.sub("ctle"));  // not inherited: absent = no CTLE
  d.adc_enob = n.num_or("adc_enob", d.adc_enob);
  d.agc_target_rms = n.num_or("agc_target_rms", d.agc_target_rms);
  const Node f = n.sub("ffe");
  d.eq.ffe_taps = static_cast<unsigned>(f.uint_or("taps", d.eq.ffe_taps));
  d.eq.ffe_pre = static_cast<unsigned>(f.uint_or("pre", d.eq.ffe_pre));
  if (d.eq.ffe_pre >= d.eq.ffe_taps)
    f.fail("pre", "pre < taps (" + std::to_string(d.eq.ffe_taps) + ")", std::to_string(d.eq.ffe_pre));
  const Node b = n.sub("dfe");
  d.eq.dfe_taps = static_cast<unsigned>(b.uint_or("taps", d.eq.dfe_taps));
  d.eq.dfe_limit = b.num_or("limit", d.eq.dfe_limit);
  return d;
}

CompareConfig read_compare(const config::Document& doc) {
  const Node r = doc.root();
  CompareConfig c;
  c.base_dir = doc.base();
  c.name = r.str("name");
  c.symbol_rate_gbd = r.num("symbol_rate_gbd");
  c.osr = static_cast<unsigned>(r.uint("osr"));
  c.seed = r.uint("seed");
  {
    const Node m = r.sub("module");
    c.module.name = m.str("name");
    c.module.lanes = static_cast<unsigned>(m.uint("lanes"));
    c.module.lane_rate_gbps = m.num("lane_rate_gbps");
    c.module.node = m.str("node");
    c.module.fec_in_module = m.flag("fec_in_module");
    c.module.rx_volterra = m.flag("line_volterra");
    c.module.adc_bits = static_cast<int>(m.uint("adc_bits"));
  }
  c.module.symbol_rate_gbd = c.symbol_rate_gbd;
  {
    const Node t = r.sub("traffic");
    c.precoding = t.flag("precoding");
    c.interleave = static_cast<unsigned>(t.uint("interleave"));
    if (c.interleave == 3) t.fail("interleave", "1, 2 or 4", "3");
    c.ber_threshold = t.num("ber_threshold");
  }
  {
    const Node ch = r.sub("c2m");
    c.c2m.file = ch.file_path("file");
    c.c2m.ports = ch.ports("ports");
    detail::check_ports(ch, c.c2m.ports, c.c2m.file);
    c.c2m_extra_loss_db = ch.num("extra_loss_db");
    c.c2m_loss_db = ch.num("loss_db");
  }
  c.host_tx = read_tx(r.sub("host_tx"));
  c.host_rx = read_rx(r.sub("host_rx"), CompareRx{});
  c.module_tx = read_tx(r.sub("module_tx"));
  c.module_rx = read_rx(r.sub("module_rx"), CompareRx{});
  c.line_tx = read_tx(r.sub("line_tx"));
  c.line_rx = read_rx(r.sub("line_rx"), CompareRx{});
  c.module.rx_ffe_taps = static_cast<int>(c.module_rx.eq.ffe_taps);
  c.module.rx_ffe_pre = static_cast<int>(c.module_rx.eq.ffe_pre);
  c.module.rx_dfe_taps = static_cast<int>(std::min(4u, c.module_rx.eq.dfe_taps));
  c.module.tx_ffe_taps = static_cast<int>(c.module_tx.ffe.size());
  c.module.adc_enob = c.module_rx.adc_enob;
  {
    const Node o = r.sub("optical");
    auto& p = c.optical;
    p.launch_power_dbm = o.num("launch_power_dbm");
    p.extinction_ratio_db = o.num("extinction_ratio_db");
    p.fiber_km = o.num("fiber_km");
    p.fiber_loss_db_km = o.num("fiber_loss_db_km");
    p.connector_loss_db = o.num("connector_loss_db");
    p.dispersion_ps_nm_km = o.num("dispersion_ps_nm_km");
    p.wavelength_nm = o.num("wavelength_nm");
    p.rin_db_hz = o.num("rin_db_hz");
    p.responsivity_a_w = o.num("responsivity_a_w");
    p.thermal_noise_pa_rthz = o.num("thermal_noise_pa_rthz");
    p.tia_gain_ohm = o.num("tia_gain_ohm");
    p.tia_bw_ghz = o.num("tia_bw_ghz");
    p.driver_bw_ghz = o.num("driver_bw_ghz");
    p.modulator_bw_ghz = o.num("modulator_bw_ghz");
  }
  {
    const Node l = r.sub("lpo");
    c.lpo.driver_noise_nv_rthz = l.num("driver_noise_nv_rthz");
    c.lpo.driver_ctle = read_ctle(l.sub("driver_ctle"));
    c.lpo.tia_ctle = read_ctle(l.sub("tia_ctle"));
    c.lpo.tia_output_swing_v = l.num("tia_output_swing_v");
    c.lpo.host_rx = read_rx(l.sub("host_rx"), c.host_rx);
  }
  {
    const Node s = r.sub("sweep");
    c.sweep.fiber_km = s.list("fiber_km");
    c.sweep.c2m_loss_db = s.list("c2m_loss_db");
    c.sweep.reach_c2m_loss_db = s.num("reach_c2m_loss_db");
  }
  {
    const Node t = r.sub("time_domain");
    c.time_domain.enabled = t.flag("enabled");
    c.time_domain.symbols = t.uint("symbols");
    c.time_domain.training = t.uint("training");
    if (c.time_domain.training >= c.time_domain.symbols)
      t.fail("training", "training < symbols (" + std::to_string(c.time_domain.symbols) + ")",
             std::to_string(c.time_domain.training));
    c.time_domain.rx_model = t.str("rx_model");
    c.time_domain.stress_noise_mv = t.num("stress_noise_mv");
    if (c.time_domain.enabled && c.c2m_loss_db > 0)
      t.fail("enabled",
             "c2m.loss_db = 0 with the time-domain engine (it runs the Touchstone channel as is), or enabled: false",
             "c2m.loss_db " + config::fmt_number(c.c2m_loss_db));
  }
  {
    const Node d = r.sub("duty_cycle");
    c.duty_cycle.standby_fraction = d.num("standby_fraction");
    c.duty_cycle.period_us = d.num("period_us");
  }
  if (r.has("inner_fec")) {
    const Node f = r.sub("inner_fec");
    auto& x = c.inner_fec;
    x.enabled = f.flag("enabled");
    x.line_symbol_rate_gbd = f.num("line_symbol_rate_gbd");
    x.chase_l = static_cast<unsigned>(f.uint("chase_l"));
    x.decoder = f.str("decoder");
    x.decoder_pipeline_cycles = f.num("decoder_pipeline_cycles");
    x.encoder_pipeline_cycles = f.num("encoder_pipeline_cycles");
    x.interleaver_latency_ns = f.num("interleaver_latency_ns");
    if (x.enabled && x.line_symbol_rate_gbd <= c.symbol_rate_gbd)
      f.fail("line_symbol_rate_gbd", "a rate above symbol_rate_gbd (" + std::to_string(c.symbol_rate_gbd) +
                                         " GBd): the inner code adds overhead",
             std::to_string(x.line_symbol_rate_gbd));
  }
  if (r.has("lro")) c.lro.enabled = r.sub("lro").flag("enabled");
  {
    const Node m = r.sub("c2m_impairments");
    auto& x = c.c2m_impairments;
    x.enabled = m.flag("enabled");
    x.preset = m.str("preset");
    if (m.has("rj_ui")) x.rj_ui = m.num("rj_ui");
    if (m.has("dd_ui")) x.dd_ui = m.num("dd_ui");
    if (m.has("snr_tx_db")) x.snr_tx_db = m.num("snr_tx_db");
    if (m.has("eta0_v2_per_ghz")) x.eta0_v2_per_ghz = m.num("eta0_v2_per_ghz");
    x.package = m.flag("package");
    if (m.has("host_package_zp_mm")) x.host_package_zp_mm = m.num("host_package_zp_mm");
    if (m.has("module_package_zp_mm")) x.module_package_zp_mm = m.num("module_package_zp_mm");
    x.crosstalk = m.str("crosstalk") == "auto";
    x.com = m.flag("com");
    x.ctle_search_db = m.list("ctle_search_db");
  }
  if (r.has("nlc")) {
    const Node n = r.sub("nlc");
    CompareNlc& q = c.nlc;
    q.enabled = n.flag("enabled");
    q.modulator = n.str("modulator");
    q.driver_gain = n.num("driver_gain");
    q.vpi_v = n.num("vpi_v");
    q.bias = n.num("bias");
    q.bias_drift_per_c = n.num("bias_drift_per_c");
    q.eml_compression = n.num("eml_compression");
    q.extinction_ratio_db = n.num("extinction_ratio_db");
    q.temperatures_c = n.list("temperatures_c");
    q.stress_driver_gain = n.num("stress_driver_gain");
    q.symbols = n.uint("symbols");
    q.training = n.uint("training");
    q.volterra_memory = static_cast<unsigned>(n.uint("volterra_memory"));
    q.rx_model = n.str("rx_model");
    if (q.training >= q.symbols)
      n.fail("training", "training < symbols (" + std::to_string(q.symbols) + ")", std::to_string(q.training));
    if (q.enabled && q.temperatures_c.empty()) n.fail("temperatures_c", "at least one temperature", "an empty list");
  }
  c.hops = static_cast<unsigned>(r.uint("hops"));
  c.power_params = r.file_path("power_params");
  if (r.has("claims")) c.claims = r.file_path("claims");
  return c;
}

ClaimsFile read_claims(const config::Document& doc) {
  ClaimsFile cf;
  cf.file = doc.file();
  const Node r = doc.root();
  if (r.has("lane_rate_gbps")) cf.lane_rate_gbps = r.num("lane_rate_gbps");
  for (const Node& n : r.items("clusters")) {
    ClusterSpec c;
    c.name = n.str("name");
    if (c.name.empty()) n.fail("name", "a non-empty name", "an empty text");
    c.modules = n.num("modules");
    c.hours_per_year = n.num("hours_per_year");
    c.price_usd_per_kwh = n.num("price_usd_per_kwh");
    c.pue = n.num("pue");
    c.carbon_kg_per_kwh = n.num("carbon_kg_per_kwh");
    if (n.has("household_kwh_per_year")) c.household_kwh_per_year = n.num("household_kwh_per_year");
    cf.clusters.push_back(c);
  }
  for (const Node& n : r.items("checks")) {
    ClaimCheck k;
    k.id = n.str("id");
    k.text = n.str("claim");
    k.quantity = n.str("quantity");
    k.cluster = n.str("cluster");
    k.source = n.str("source");
    if (n.has("min")) k.min = n.num("min");
    if (n.has("max")) k.max = n.num("max");
    if (k.id.empty()) n.fail("id", "a non-empty id", "an empty text");
    if (k.quantity.empty()) n.fail("quantity", "a quantity name (docs/compare.md)", "an empty text");
    if (!k.min && !k.max) n.fail("", "min or max (or both)", "neither");
    cf.checks.push_back(k);
  }
  return cf;
}

}  // namespace

CompareConfig parse_compare_config(const std::string& text, const std::string& name,
                                   const std::filesystem::path& base_dir) {
  return read_compare(config::Document::parse(text, name, config::compare_schema(), base_dir));
}

CompareConfig load_compare_config(const std::filesystem::path& file) {
  return read_compare(config::Document::load(file, config::compare_schema()));
}

ClaimsFile parse_claims(const std::string& text, const std::string& name) {
  return read_claims(config::Document::parse(text, name, config::claims_schema(), "."));
}

ClaimsFile load_claims(const std::filesystem::path& file) {
  return read_claims(config::Document::load(file, config::claims_schema()));
}

}  // namespace halo::sim

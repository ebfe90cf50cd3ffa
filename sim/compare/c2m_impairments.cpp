// The reference receiver's impairments on the compare's C2M segments (c2m_impairments.hpp).
#include "halo/sim/c2m_impairments.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "halo/sim/com_config.hpp"
#include "halo/sim/package_model.hpp"
#include "halo/sim/touchstone.hpp"

namespace halo::sim {
namespace {

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.4g", v);
  return b;
}

/// Terminated H21 (93A-18) of tx device -> channel -> rx device at every data frequency, with
/// the SDD21 convention of sdd21(): H(0) = |H(f_0)| prepended when the data start above DC.
/// The module end's device per `m` (ModuleEnd): none at a linear end, whose port is terminated
/// in R_0 (reflection 0). `next`: a NEXT aggressor (both ends at the receiving end; see
/// C2mChannel::aggressors).
std::shared_ptr<const FreqResponse> cascade_response(const com::Channel& ch, const C2mImpairments& imp, double a,
                                                     const std::vector<double>* unwrapped, C2mDirection d, ModuleEnd m,
                                                     bool next = false) {
  auto r = std::make_shared<FreqResponse>();
  const double r0 = imp.params.r0;
  const bool h2m = d == C2mDirection::kHostToModule;
  const DeviceModel* module = m == ModuleEnd::kSerdes ? &imp.module_device : nullptr;
  const DeviceModel* txd = h2m ? &imp.host_device : module;
  const DeviceModel* rxd = h2m ? module : &imp.host_device;
  // NEXT at a linear module end: the module's own linear output into its linear input; NEXT into
  // the host RX is driven by the host TX (a SerDes): the kSerdes devices
  if (next && m == ModuleEnd::kLinear) txd = h2m ? nullptr : &imp.module_device;
  const double g_tx = txd ? termination_gamma(txd->rd_ohm, r0) : 0.0;
  const double g_rx = rxd ? termination_gamma(rxd->rd_ohm, r0) : 0.0;
  for (std::size_t k = 0; k < ch.freq_hz.size(); ++k) {
    const double f = ch.freq_hz[k];
    TwoPort t = ch.s[k];
    if (a != 1.0 && unwrapped) {  // length scaling of the transmission terms
      const double ph = (*unwrapped)[k];
      t.s21 = std::polar(std::pow(std::abs(t.s21), a), a * ph);
      t.s12 = t.s21;
    }
    std::complex<double> h;
    if (imp.package) {
      TwoPort c = t;
      if (txd) c = cascade(tx_device(*txd, f, r0), c);
      if (rxd) c = cascade(c, rx_device(*rxd, f, r0));
      h = terminated_h21(c, g_tx, g_rx);
    } else {
      h = t.s21;
    }
    r->freq_hz.push_back(f);
    r->h.push_back(h);
  }
  if (!r->freq_hz.empty() && r->freq_hz.front() > 0) {
    r->freq_hz.insert(r->freq_hz.begin(), 0.0);
    r->h.insert(r->h.begin(), std::abs(r->h.front()));
  }
  r->finalize();
  return r;
}

}  // namespace

C2mImpairments resolve_c2m_impairments(const CompareConfig& cfg) {
  namespace fs = std::filesystem;
  const CompareC2mImpairments& x = cfg.c2m_impairments;
  C2mImpairments m;
  m.enabled = x.enabled;
  if (!x.enabled) return m;
  std::string preset = x.preset;
  if (preset == "auto") preset = cfg.symbol_rate_gbd < 80 ? "ieee8023ck_c2c" : "ieee8023dj_kr";
  fs::path dir = cfg.base_dir / ".." / "data" / "com";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) dir = com::installed_preset_dir();
  if (preset.size() > 5 && preset.substr(preset.size() - 5) == ".yaml" && fs::path(preset).is_relative())
    preset = (cfg.base_dir / preset).string();
  m.params = com::load_preset(preset, dir);
  m.preset = x.preset == "auto" ? preset + " (auto)" : preset;
  m.source = m.params.source;
  const std::string tbl = " (" + m.params.name + ": " + m.source + ")";
  auto pick = [&](const std::optional<double>& v, double preset_value, const char* name, const char* unit, double& out) {
    out = v ? *v : preset_value;
    m.cited.push_back(std::string(name) + " " + num(out) + " " + unit + (v ? " (config c2m_impairments)" : tbl));
  };
  pick(x.rj_ui, m.params.sigma_rj, "sigma_RJ", "UI rms", m.rj_ui);
  pick(x.dd_ui, m.params.a_dd, "A_DD", "UI", m.dd_ui);
  pick(x.snr_tx_db, m.params.snr_tx_db, "SNR_TX", "dB", m.snr_tx_db);
  pick(x.eta0_v2_per_ghz, m.params.eta0, "eta_0", "V^2/GHz", m.eta0_v2_per_ghz);
  m.package = x.package;
  if (m.package) {
    const auto& cases = m.params.zp1_cases_mm;
    const double longest = cases.empty() ? 0.0 : *std::max_element(cases.begin(), cases.end());
    const double shortest = cases.empty() ? 0.0 : *std::min_element(cases.begin(), cases.end());
    m.host_zp_mm = x.host_package_zp_mm ? *x.host_package_zp_mm : longest;
    m.module_zp_mm = x.module_package_zp_mm ? *x.module_package_zp_mm : shortest;
    auto with = [](DeviceModel d, double zp) {
      if (d.has_package && !d.package.segments.empty()) d.package.segments[0].length_mm = zp;
      return d;
    };
    m.host_device = with(m.params.tx_device, m.host_zp_mm);
    m.module_device = with(m.params.tx_device, m.module_zp_mm);
    m.cited.push_back("die + package at each end: R_d " + num(m.params.tx_device.rd_ohm) + " ohm, " +
                      std::to_string(m.params.tx_device.die.cd_f.size()) + "-stage die ladder, package line z_p " +
                      num(m.host_zp_mm) + " mm at the host" + (x.host_package_zp_mm ? " (config)" : " (longest test case)") + ", " +
                      num(m.module_zp_mm) + " mm at the module" + (x.module_package_zp_mm ? " (config)" : " (shortest test case)") + tbl);
  } else {
    m.cited.push_back("die + package: not applied (config c2m_impairments.package: false)");
  }
  m.com = x.com;
  m.ctle_search_db = x.ctle_search_db;
  return m;
}

C2mChannel::C2mChannel(const CompareConfig& cfg, const C2mImpairments& imp) : imp_(imp) {
  const SParams sp = read_touchstone(cfg.c2m.file);
  require_coverage(sp, cfg.symbol_rate_gbd * 1e9);
  const PortMap map = cfg.c2m.ports.empty() ? detect_port_map(sp) : parse_port_map(cfg.c2m.ports, sp.num_ports);
  thru_ = com::differential_channel(sp, map, com::Channel::Kind::kThru);
  bare_sdd21_ = std::make_shared<const FreqResponse>(sdd21(sp, map));
  if (!imp.enabled || !cfg.c2m_impairments.crosstalk) return;
  for (const C2mDirection d : {C2mDirection::kHostToModule, C2mDirection::kModuleToHost})
  for (const auto& spec : com::specs_for_thru(cfg.c2m.file, true)) {
    if (spec.kind == com::Channel::Kind::kThru) continue;
    const SParams as = read_touchstone(spec.file);
    require_coverage(as, cfg.symbol_rate_gbd * 1e9);
    const std::string ports = spec.ports.empty() ? "1,3,2,4" : spec.ports;
    const com::Channel c = com::differential_channel(as, parse_port_map(ports, as.num_ports), spec.kind);
    if (d == C2mDirection::kHostToModule) agg_two_ports_.push_back(c);
    for (const ModuleEnd m : {ModuleEnd::kSerdes, ModuleEnd::kLinear}) {
      C2mAggressor a;
      a.name = spec.file.filename().string();
      a.next = spec.kind == com::Channel::Kind::kNext;
      a.response = cascade_response(c, imp, 1.0, nullptr, d, m, a.next);
      a.amplitude_ratio = (a.next ? imp.params.ane : imp.params.afe) / imp.params.av;
      a.file = {spec.file, ports};
      aggressors_[d == C2mDirection::kHostToModule ? 0 : 1][m == ModuleEnd::kSerdes ? 0 : 1].push_back(std::move(a));
    }
  }
}

double C2mChannel::loss_db(double f_hz) const { return -loss_db_nearest(*bare_sdd21_, f_hz); }

std::shared_ptr<const FreqResponse> C2mChannel::victim(double a, C2mDirection d, ModuleEnd m) const {
  if (!imp_.enabled || !imp_.package) {
    if (a == 1.0) return bare_sdd21_;
    // the bare SDD21 scaled in length (as the compare always did)
    auto s = std::make_shared<FreqResponse>();
    s->freq_hz = bare_sdd21_->freq_hz;
    s->h.resize(bare_sdd21_->h.size());
    for (std::size_t k = 0; k < s->h.size(); ++k)
      s->h[k] = std::polar(std::pow(std::abs(bare_sdd21_->h[k]), a), a * bare_sdd21_->unwrapped_phase[k]);
    s->finalize();
    return s;
  }
  // unwrapped phase of the file's S21 at its own points
  FreqResponse s21;
  s21.freq_hz = thru_.freq_hz;
  for (const auto& t : thru_.s) s21.h.push_back(t.s21);
  s21.finalize();
  return cascade_response(thru_, imp_, a, &s21.unwrapped_phase, d, m);
}

std::vector<com::Channel> C2mChannel::com_channels(double a) const {
  std::vector<com::Channel> v;
  com::Channel t = thru_;
  if (a != 1.0) {
    FreqResponse s21;
    s21.freq_hz = thru_.freq_hz;
    for (const auto& x : thru_.s) s21.h.push_back(x.s21);
    s21.finalize();
    for (std::size_t k = 0; k < t.s.size(); ++k) {
      t.s[k].s21 = std::polar(std::pow(std::abs(t.s[k].s21), a), a * s21.unwrapped_phase[k]);
      t.s[k].s12 = t.s[k].s21;
    }
  }
  v.push_back(std::move(t));
  for (const auto& c : agg_two_ports_) v.push_back(c);
  return v;
}

double eta0_noise_var(double eta0_v2_per_ghz, const FreqFunction& h, double fmax_hz) {
  const int n = 4000;
  double s = 0;
  for (int i = 0; i <= n; ++i) {
    const double f = fmax_hz * i / n;
    s += ((i == 0 || i == n) ? 0.5 : 1.0) * std::norm(h(f));
  }
  return eta0_v2_per_ghz * s * (fmax_hz / n) * 1e-9;
}

nlohmann::json to_json(const C2mImpairments& imp, const C2mChannel& ch) {
  nlohmann::json j = {{"enabled", imp.enabled}};
  if (!imp.enabled) return j;
  j.update({{"preset", imp.preset}, {"source", imp.source}, {"rj_ui", imp.rj_ui}, {"dd_ui", imp.dd_ui},
            {"snr_tx_db", imp.snr_tx_db}, {"eta0_v2_per_ghz", imp.eta0_v2_per_ghz}, {"package", imp.package},
            {"cited", imp.cited}, {"ctle_search_db", imp.ctle_search_db}});
  if (imp.package) j.update({{"host_package_zp_mm", imp.host_zp_mm}, {"module_package_zp_mm", imp.module_zp_mm}});
  j["aggressors"] = nlohmann::json::array();
  for (const auto& a : ch.aggressors(C2mDirection::kHostToModule, ModuleEnd::kSerdes))
    j["aggressors"].push_back({{"file", a.name}, {"kind", a.next ? "NEXT" : "FEXT"}, {"amplitude_ratio", a.amplitude_ratio}});
  return j;
}

nlohmann::json model_limits(const CompareConfig& cfg, const C2mImpairments& imp) {
  std::vector<std::string> yes = {
      "C2M channel: the Touchstone SDD two-port, scaled in length for the loss sweep (|S21|^a, a x phase)",
      "optical lane: driver and modulator bandwidth, fiber loss and chromatic dispersion (chirp-free), PD, TIA, "
      "thermal, shot and RIN noise; OMA from the launch power and extinction ratio",
      "receivers: CTLE, ADC ENOB, MMSE FFE + DFE, Mueller-Muller phase; DFE bursts in the KP4 CER/FLR"};
  std::vector<std::string> no = {
      "optical nonlinearity, TDECQ-style transmitter penalties and laser chirp in the headline and sweeps (the NLC study "
      "only)",
      "CDR jitter tracking and LMS adaptation noise in the statistical engine (the time-domain check has them)",
      "time-domain runs of the optical segment and of the LPO/LRO linear chains"};
  if (imp.enabled) {
    yes.push_back("TX jitter on the retimed C2M transmitters and the LPO host TX: sigma_RJ " + num(imp.rj_ui) + " UI, A_DD " +
                  num(imp.dd_ui) + " UI (Gaussian of the same variance in the statistical engine, dual-Dirac per edge in the "
                  "time domain)");
    yes.push_back("SNR_TX " + num(imp.snr_tx_db) + " dB on the C2M transmitters; eta_0 " + num(imp.eta0_v2_per_ghz) +
                  " V^2/GHz through each C2M receiver's filters, added to its noise_rms_mv");
    if (imp.package)
      yes.push_back("Annex 93A die + package at every SerDes end of a C2M channel: z_p " + num(imp.host_zp_mm) + " mm (host), " +
                    num(imp.module_zp_mm) + " mm (module DSP); the LPO/LRO module's linear driver input and TIA output "
                    "terminated in R_0 without die or package (specified at the connector)");
    else
      no.push_back("package and die models (c2m_impairments.package: false)");
    if (cfg.c2m_impairments.crosstalk)
      yes.push_back("crosstalk: the FEXT/NEXT files beside the THRU file (none when the channel has none), at A_fe/A_v "
                    "and A_ne/A_v of the victim, worst-case phase, not scaled with the loss sweep");
    else
      no.push_back("crosstalk (c2m_impairments.crosstalk: none)");
    if (!imp.ctle_search_db.empty()) yes.push_back("the C2M receivers' CTLE DC gain chosen per channel (best BER)");
    no.push_back("TX jitter on the LRO's linear TIA output and crosstalk into the LPO/LRO module's linear driver input");
    no.push_back("COM: the preset's own reference receiver (CTLE + DFE, package test cases), not the compare's receivers");
  } else {
    no.push_back("the reference receiver's impairments (c2m_impairments.enabled: false): TX jitter, package and die, "
                 "crosstalk, eta_0");
  }
  if (cfg.inner_fec.enabled) yes.push_back("Clause 177 inner FEC on the optical segment (hard-decision transfer)");
  return {{"modeled", yes}, {"not_modeled", no}};
}

}  // namespace halo::sim

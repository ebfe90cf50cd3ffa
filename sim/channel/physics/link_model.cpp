// Builds the linear link model: cascaded SDD21 segments x CTLE x RX filter, pulse responses,
// crosstalk, noise terms and the analytic AGC gain.
#include <algorithm>
#include <cmath>
#include <memory>

#include "halo/sim/link.hpp"

namespace halo::sim {
namespace {

constexpr double kVarA = 5.0 / 9.0;

struct Segment {
  std::shared_ptr<const FreqResponse> r;
  PortMap map;
};

// Reads one channel file; its data must reach the Nyquist frequency of the run's symbol rate.
Segment load_segment(const TouchstoneSegment& s, double symbol_rate_hz) {
  const SParams sp = read_touchstone(s.file);
  require_coverage(sp, symbol_rate_hz);
  Segment seg;
  seg.map = s.ports.empty() ? detect_port_map(sp) : parse_port_map(s.ports, sp.num_ports);
  seg.r = std::make_shared<FreqResponse>(sdd21(sp, seg.map));
  return seg;
}

FreqFunction rx_chain(const LinkConfig& cfg) {
  const double fb = cfg.symbol_rate_gbd * 1e9;
  std::vector<FreqFunction> fs;
  if (cfg.rx.bandwidth_ghz >= 0)
    fs.push_back(bessel_thomson4(cfg.rx.bandwidth_ghz > 0 ? cfg.rx.bandwidth_ghz * 1e9 : 0.75 * fb));
  const auto& c = cfg.rx.ctle;
  if (c.enabled) {
    if (c.fz_ghz > 0)
      fs.push_back(ctle_com(c.dc_gain_db, c.fz_ghz * 1e9, c.fp1_ghz * 1e9, c.fp2_ghz * 1e9));
    else {
      std::vector<double> z, p;
      for (double v : c.zeros_ghz) z.push_back(v * 1e9);
      for (double v : c.poles_ghz) p.push_back(v * 1e9);
      fs.push_back(ctle_pz(c.dc_gain_db, z, p));
    }
  }
  const double flat = std::pow(10.0, -cfg.extra_loss_db / 20);
  return [fs, flat](double f) {
    std::complex<double> v = flat;
    for (const auto& g : fs) v *= g(f);
    return v;
  };
}

SymbolPulse to_pulse(const ImpulseResponse& ir, unsigned osr, const std::vector<double>& ffe, double scale) {
  const auto p = pulse_response(ir, osr);
  SymbolPulse sp;
  sp.osr = osr;
  sp.p.assign(p.size() + (ffe.size() - 1) * osr, 0.0);
  for (std::size_t i = 0; i < ffe.size(); ++i)
    for (std::size_t m = 0; m < p.size(); ++m) sp.p[m + i * osr] += scale * ffe[i] * p[m];
  return sp;
}

}  // namespace

LinkModel build_model(const LinkConfig& cfg) {
  LinkModel m;
  m.symbol_rate_hz = cfg.symbol_rate_gbd * 1e9;
  m.osr = cfg.osr;
  m.amplitude_v = cfg.tx.swing_v / 2;
  m.optical = cfg.optical.enabled;
  const double nyq = m.symbol_rate_hz / 2;
  std::vector<Segment> segs;
  for (const auto& s : cfg.channel) {
    segs.push_back(load_segment(s, m.symbol_rate_hz));
    m.segment_loss_db.push_back(loss_db_nearest(*segs.back().r, nyq));
    m.segment_info.push_back(s.file.filename().string() + " ports " + segs.back().map.str());
  }
  ImpulseOptions io;
  io.fs_hz = m.symbol_rate_hz * m.osr;
  io.df_hz = 10e6;
  io.max_length_s = 0;
  const FreqFunction rx = rx_chain(cfg);
  auto chain = [&](const std::vector<Segment>& ss, std::size_t skip_first) {
    return [ss, rx, skip_first](double f) {
      std::complex<double> v = rx(f);
      for (std::size_t i = skip_first; i < ss.size(); ++i) v *= (*ss[i].r)(f);
      return v;
    };
  };
  if (!m.optical) {
    m.impulse = cfg.victim_response ? impulse_response(cfg.victim_response.get(), rx, io)
                : segs.empty()      ? impulse_response(nullptr, rx, io)
                                    : impulse_response(segs[0].r.get(), chain(segs, 1), io);
    // cap the length to 200 UI
    const std::size_t cap = 200u * m.osr;
    if (m.impulse.h.size() > cap) m.impulse.h.resize(cap);
    // drop the settled tail: the last samples below 1e-4 of the peak pulse (both engines use
    // the same truncated response)
    {
      const auto p = pulse_response(m.impulse, m.osr);
      double pk = 0;
      for (double v : p) pk = std::max(pk, std::abs(v));
      std::size_t last = p.size();
      while (last > 1 && std::abs(p[last - 1]) < 1e-4 * pk) --last;
      if (last < m.impulse.h.size()) m.impulse.h.resize(last);
    }
    m.pulse = to_pulse(m.impulse, m.osr, cfg.tx.ffe, 1.0);
    for (std::size_t i = 0; i < cfg.crosstalk.size(); ++i) {
      const auto& a = cfg.crosstalk[i];
      Segment s = load_segment(a.channel, m.symbol_rate_hz);
      if (i < cfg.aggressor_responses.size() && cfg.aggressor_responses[i]) s.r = cfg.aggressor_responses[i];
      ImpulseOptions ao = io;
      ao.trim_delay = false;
      // aggressor path: aggressor channel, then the victim's receiver
      ImpulseResponse air = impulse_response(s.r.get(), rx, ao);
      if (air.h.size() > cap) air.h.resize(cap);
      const double ratio = a.swing_v > 0 ? a.swing_v / cfg.tx.swing_v : 1.0;
      m.aggressors.push_back(to_pulse(air, m.osr, cfg.tx.ffe, ratio));
      m.segment_info.push_back(a.kind + ": " + a.channel.file.filename().string() + " ports " + s.map.str());
      m.segment_loss_db.push_back(loss_db_nearest(*s.r, nyq));
    }
  }
  const double A = m.amplitude_v;
  if (cfg.tx.snr_db) m.sigma_tx_v = A * std::sqrt(kVarA) * std::pow(10.0, -*cfg.tx.snr_db / 20);
  m.sigma_rx_v = cfg.rx.noise_rms_mv * 1e-3;
  // Analytic AGC: rms at the ADC input (worst-case-free: signal + crosstalk + noise).
  double var = 0;
  if (!m.optical) {
    const long pk = static_cast<long>(std::max_element(m.pulse.p.begin(), m.pulse.p.end()) - m.pulse.p.begin());
    const long ph = pk % m.osr;
    for (long k = 0; k < m.pulse.num_ui(); ++k) var += kVarA * A * A * m.pulse.at(k, ph) * m.pulse.at(k, ph);
    for (const auto& ag : m.aggressors)
      for (long k = 0; k < ag.num_ui(); ++k) var += kVarA * A * A * ag.at(k, ph) * ag.at(k, ph);
    var += m.sigma_rx_v * m.sigma_rx_v;
    m.agc_gain = cfg.rx.agc_target_rms * cfg.rx.adc_full_scale_v / std::sqrt(var);
    const double enob = cfg.rx.adc_enob > 0 ? cfg.rx.adc_enob : cfg.rx.adc_bits;
    m.sigma_q_v = cfg.rx.adc_full_scale_v / std::pow(2.0, enob) / std::sqrt(12.0) / m.agc_gain;
  }
  return m;
}

StatNoise stat_noise(const LinkConfig& cfg, const LinkModel& m) {
  StatNoise n;
  n.sigma_rx_v = m.sigma_rx_v;
  n.sigma_q_v = m.sigma_q_v;
  n.sigma_tx_v = m.sigma_tx_v;
  n.rj_ui = cfg.tx.rj_ui;
  n.dd_ui = cfg.tx.dj_ui;
  n.edge_var = tx_edge_variance(cfg.tx.ffe);
  n.sj_ui = cfg.tx.sj_ui;
  return n;
}

StatOptions stat_options(const LinkConfig& cfg, const LinkModel& m) {
  StatOptions o;
  o.amplitude_v = m.amplitude_v;
  o.eq.ffe_taps = cfg.rx.ffe_taps;
  o.eq.ffe_pre = cfg.rx.ffe_pre;
  o.eq.dfe_taps = cfg.rx.dfe_taps;
  o.eq.dfe_limit = cfg.rx.dfe_limit;
  o.phase_mode = cfg.rx.cdr == "mm" ? PhaseMode::kMuellerMuller : PhaseMode::kBest;
  o.aggressors = m.aggressors;
  if (!m.optical && !m.impulse.h.empty()) {  // raw pulse (no TX FFE) for TX edge jitter
    o.jitter_pulse.osr = m.osr;
    o.jitter_pulse.p = pulse_response(m.impulse, m.osr);
    o.jitter_offset = static_cast<long>(cfg.tx.ffe_main) * m.osr;
  }
  o.ber_floor = cfg.ber_floor;
  return o;
}

}  // namespace halo::sim

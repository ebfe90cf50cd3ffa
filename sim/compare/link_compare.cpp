// DSP-retimed versus LPO link evaluation on the statistical engine (link_compare.hpp).
#include "halo/sim/link_compare.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <mutex>
#include <tuple>
#include <stdexcept>

#include "halo/sim/c2m_impairments.hpp"
#include "halo/sim/channel_response.hpp"
#include "halo/sim/gen_1p6t.hpp"
#include "halo/sim/rng.hpp"
#include "halo/sim/tdecq.hpp"
#include "halo/sim/touchstone.hpp"

namespace halo::sim {
namespace {

constexpr double kVarA = 5.0 / 9.0;
constexpr double kQ = 1.602176634e-19;   // C
constexpr double kC = 299792458.0;       // m/s

using Cx = std::complex<double>;

FreqFunction product(std::vector<FreqFunction> fs, double flat = 1.0) {
  return [fs = std::move(fs), flat](double f) {
    Cx v = flat;
    for (const auto& g : fs) v *= g(f);
    return v;
  };
}

/// Appends the COM-form CTLE when enabled.
void add_ctle(std::vector<FreqFunction>& fs, const CtleConfig& c) {
  if (c.enabled) fs.push_back(ctle_com(c.dc_gain_db, c.fz_ghz * 1e9, c.fp1_ghz * 1e9, c.fp2_ghz * 1e9));
}

FreqFunction rx_filters(const CompareRx& rx, double fb, std::vector<FreqFunction> fs = {}) {
  fs.push_back(bessel_thomson4(rx.bandwidth_ghz > 0 ? rx.bandwidth_ghz * 1e9 : 0.75 * fb));
  add_ctle(fs, rx.ctle);
  return product(std::move(fs));
}

FreqFunction cd_response(const CompareOptical& o, double km) {
  // H(f) = cos(pi D L lambda^2 f^2 / c), D in s/m^2, L in m, lambda in m
  const double d = o.dispersion_ps_nm_km * 1e-12 / 1e-9 / 1e3;
  const double k = M_PI * d * km * 1e3 * std::pow(o.wavelength_nm * 1e-9, 2) / kC;
  return [k](double f) { return Cx(std::cos(k * f * f), 0.0); };
}

/// Frequency step (Hz) of make_pulse()'s impulse responses: 10 MHz (a 100 ns window); the
/// CTLE search ranks its candidates on 40 MHz (25 ns, longer than every compare pulse's
/// 200 UI cap) and evaluates the chosen gain on 10 MHz (CoarsePulses).
constexpr double kPulseDfHz = 10e6, kSearchDfHz = 40e6;
double g_pulse_df_hz = kPulseDfHz;

/// Scope in which make_pulse() uses the search's coarse frequency step.
struct CoarsePulses {
  CoarsePulses() { g_pulse_df_hz = kSearchDfHz; }
  ~CoarsePulses() { g_pulse_df_hz = kPulseDfHz; }
  CoarsePulses(const CoarsePulses&) = delete;
  CoarsePulses& operator=(const CoarsePulses&) = delete;
};

/// Symbol pulses of one channel for several TX FFEs: the impulse response (the costly part:
/// the response on the whole frequency grid and its inverse FFT) once, each FFE applied to the
/// pulse response as make_pulse() does (the same doubles as separate make_pulse() calls).
std::vector<SymbolPulse> make_pulses(const FreqResponse* data, const FreqFunction& extra, double fb, unsigned osr,
                                     const std::vector<std::vector<double>>& ffes, double scale, bool trim_delay = true) {
  ImpulseOptions io;
  io.fs_hz = fb * osr;
  io.df_hz = g_pulse_df_hz;
  io.trim_delay = trim_delay;
  ImpulseResponse ir = impulse_response(data, extra, io);
  const std::size_t cap = 200u * osr;
  if (ir.h.size() > cap) ir.h.resize(cap);
  const auto p = pulse_response(ir, osr);
  std::vector<SymbolPulse> out;
  for (const auto& ffe : ffes) {
    SymbolPulse sp;
    sp.osr = osr;
    sp.p.assign(p.size() + (ffe.size() - 1) * osr, 0.0);
    for (std::size_t i = 0; i < ffe.size(); ++i)
      for (std::size_t m = 0; m < p.size(); ++m) sp.p[m + i * osr] += scale * ffe[i] * p[m];
    out.push_back(std::move(sp));
  }
  return out;
}

SymbolPulse make_pulse(const FreqResponse* data, const FreqFunction& extra, double fb, unsigned osr,
                       const std::vector<double>& ffe, double scale, bool trim_delay = true) {
  return std::move(make_pulses(data, extra, fb, osr, {ffe}, scale, trim_delay).front());
}

/// Integral of |H(f)|^2 df over 0..fmax (Hz), trapezoid on 4000 points.
double noise_bandwidth(const FreqFunction& h, double fmax) {
  const int n = 4000;
  double s = 0;
  for (int i = 0; i <= n; ++i) {
    const double f = fmax * i / n;
    const double w = (i == 0 || i == n) ? 0.5 : 1.0;
    s += w * std::norm(h(f));
  }
  return s * fmax / n;
}

/// rms at the ADC input (V): signal at the pulse-peak phase plus the given noise.
double adc_input_rms(const SymbolPulse& p, double amplitude, double noise_var) {
  const long pk = static_cast<long>(std::max_element(p.p.begin(), p.p.end()) - p.p.begin());
  const long ph = pk % static_cast<long>(p.osr);
  double var = noise_var;
  for (long k = 0; k < p.num_ui(); ++k) var += kVarA * amplitude * amplitude * p.at(k, ph) * p.at(k, ph);
  return std::sqrt(var);
}

/// C2M impairments of one segment for the statistical engine (c2m_impairments.hpp).
struct SegmentImpairments {
  double rj_ui = 0, dd_ui = 0;          ///< TX jitter (needs `raw`)
  double edge_var = 2.0;                ///< tx_edge_variance of the TX FFE
  std::vector<SymbolPulse> aggressors;  ///< crosstalk pulses at the receiver (per unit of `amplitude`)
};

/// Statistical evaluation of one equalized receiver.
/// `raw` (optional): the same channel's pulse without the TX FFE, whose main tap is
/// `ffe_main` UI late; TX noise and TX jitter are added after the TX FFE and are filtered by
/// it, as in the link simulator's stat_options().
SegmentResult run_stat(const std::string& name, const SymbolPulse& pulse, double amplitude, double snr_tx_db,
                       double other_noise_var, const CompareRx& rx, const SymbolPulse* raw = nullptr,
                       long ffe_main = 0, const SegmentImpairments* imp = nullptr) {
  StatNoise n;
  if (imp) {
    n.rj_ui = imp->rj_ui;
    n.dd_ui = imp->dd_ui;
    n.edge_var = imp->edge_var;
  }
  n.sigma_tx_v = amplitude * std::sqrt(kVarA) * std::pow(10.0, -snr_tx_db / 20);
  const double rx_v = rx.noise_rms_mv * 1e-3;
  n.sigma_rx_v = std::sqrt(rx_v * rx_v + other_noise_var);
  const double rms = adc_input_rms(pulse, amplitude, n.sigma_rx_v * n.sigma_rx_v);
  n.sigma_q_v = rms / (rx.agc_target_rms * std::pow(2.0, rx.adc_enob) * std::sqrt(12.0));
  StatOptions o;
  o.amplitude_v = amplitude;
  o.eq = rx.eq;
  o.phase_mode = PhaseMode::kMuellerMuller;
  if (raw) {
    o.jitter_pulse = *raw;
    o.jitter_offset = ffe_main * static_cast<long>(raw->osr);
  }
  if (imp) o.aggressors = imp->aggressors;
  o.ber_floor = 1e-30;
  o.with_eye = false;  // the compare uses SER, SNR and taps only (the eye and bathtubs are ~2/3 of the time)
  const StatResult st = analyze(pulse, n, o);
  SegmentResult s;
  s.name = name;
  s.ser = st.ser;
  s.ber = st.ber;
  s.snr_db = st.snr_db;
  s.dfe_b1 = st.dfe.empty() ? 0.0 : st.dfe[0];
  s.sigma_noise = st.sigma_noise;
  s.sigma_isi = st.sigma_isi;
  return s;
}

struct OpticalBudget {
  double p_avg_w = 0, oma_w = 0, oma_dbm = 0, loss_db = 0;
};

OpticalBudget budget(const CompareOptical& o, double km) {
  OpticalBudget b;
  b.loss_db = km * o.fiber_loss_db_km + o.connector_loss_db;
  b.p_avg_w = 1e-3 * std::pow(10.0, (o.launch_power_dbm - b.loss_db) / 10);
  const double r = std::pow(10.0, o.extinction_ratio_db / 10);
  b.oma_w = 2 * b.p_avg_w * (r - 1) / (r + 1);
  b.oma_dbm = 10 * std::log10(b.oma_w / 1e-3);
  return b;
}

/// Optical noise current PSD (A^2/Hz) at the TIA input.
double optical_noise_psd(const CompareOptical& o, const OpticalBudget& b) {
  const double i = o.responsivity_a_w * b.p_avg_w;
  const double th = o.thermal_noise_pa_rthz * 1e-12;
  return th * th + 2 * kQ * i + std::pow(10.0, o.rin_db_hz / 10) * i * i;
}

}  // namespace

struct CompareLinks::Impl {
  C2mImpairments imp;
  std::unique_ptr<C2mChannel> ch;
  double loss_db = 0;
  // the retimed C2M segments depend on the C2M loss only (not on the reach): computed once per
  // loss (key: loss, segment 0 host->module, 2 module->host); CTLE gains chosen per segment,
  // loss and reach (key: segment 1 LPO, 3 LRO)
  std::mutex mu;
  std::map<std::pair<double, int>, SegmentResult> c2m_segments;
  // the DSP module's optical segment depends on the reach only (not on the C2M loss): once per reach
  std::map<double, SegmentResult> optical_segments;
  std::map<std::tuple<double, double, int>, double> ctle_choice;
};

CompareLinks::CompareLinks(const CompareConfig& cfg) : cfg_(cfg), impl_(std::make_unique<Impl>()) {
  impl_->imp = resolve_c2m_impairments(cfg);
  impl_->ch = std::make_unique<C2mChannel>(cfg, impl_->imp);
  impl_->loss_db = impl_->ch->loss_db(cfg.symbol_rate_gbd * 1e9 / 2);
}

const C2mImpairments& CompareLinks::impairments() const { return impl_->imp; }
const C2mChannel& CompareLinks::c2m_channel() const { return *impl_->ch; }

CompareLinks::~CompareLinks() = default;

double CompareLinks::c2m_nyquist_loss_db() const { return impl_->loss_db; }

namespace {
/// A linear optical transmitter up to the fiber output, for TDECQ: the data channel `data`
/// (nullptr: none) and the response `tx` (the DC gain of both is normalised away: the driver's
/// gain sets the optical OMA), TX FFE and SNR_TX (level units, per symbol); optionally white
/// noise of `noise_v_rthz` (V/sqrt(Hz), one-sided) at the input of the stage `noise_path` (its
/// response to the fiber output) on a signal of `amp_v` V per unit level (the LPO driver noise).
struct LinearTx {
  const FreqResponse* data = nullptr;
  FreqFunction tx;
  std::vector<double> ffe;
  double snr_tx_db = 0;
  FreqFunction noise_path;
  double noise_v_rthz = 0, amp_v = 1;
};

/// Waveform of `t` at symbol rate fb in units of OMA/2 on a mean of (r + 1)/(r - 1) (extinction
/// ratio r), TX noise, laser RIN and the stage noise; `symbols` random PAM4 symbols; its TDECQ
/// with the preset of the rate (tdecq.hpp).
tdecq::Result tdecq_of(const CompareConfig& c, const LinearTx& t, double fb, std::size_t symbols) {
  const SymbolPulse sp = make_pulse(t.data, t.tx, fb, c.osr, t.ffe, 1.0);
  const long osr = static_cast<long>(c.osr);
  double dc = 0;
  for (double v : sp.p) dc += v;
  dc /= static_cast<double>(osr);
  if (!(std::abs(dc) > 1e-9)) throw std::invalid_argument("tdecq: the transmitter has no DC gain");
  const auto window = [osr](const std::vector<double>& p, double k) {
    const long pk = static_cast<long>(std::max_element(p.begin(), p.end()) - p.begin());
    const long b = std::max(0L, pk - 8 * osr), e = std::min(static_cast<long>(p.size()), pk + 24 * osr);
    std::vector<double> w(p.begin() + b, p.begin() + e);
    for (double& v : w) v *= k;
    return w;
  };
  const std::vector<double> pulse = window(sp.p, 1 / dc);
  const double r = std::pow(10.0, c.optical.extinction_ratio_db / 10);
  const double sigma_tx = std::sqrt(kVarA) * std::pow(10.0, -t.snr_tx_db / 20);
  tdecq::Waveform w =
      tdecq::linear_waveform(pulse, c.osr, fb, (r + 1) / (r - 1), sigma_tx, c.optical.rin_db_hz, symbols, c.seed + 17);
  if (t.noise_path && t.noise_v_rthz > 0) {
    // one-sided PSD e_n^2 white to fb/2: e_n sqrt(fb/2) per symbol, in level units
    const std::vector<double> np = window(make_pulse(nullptr, t.noise_path, fb, c.osr, {1.0}, 1.0).p, 1 / dc);
    const double sigma = t.noise_v_rthz * std::sqrt(fb / 2) / t.amp_v;
    Rng g(c.seed + 29, 4244);
    const std::size_t M = w.samples.size();
    for (std::size_t k = 0; k < symbols; ++k) {
      const double e = sigma * g.gauss();
      for (std::size_t i = 0; i < np.size(); ++i) w.samples[(k * c.osr + i) % M] += e * np[i];
    }
  }
  return tdecq::analyze(tdecq::preset_for_rate(fb), w);
}

constexpr std::size_t kTdecqSymbols = 16384;

void set_tdecq(SegmentResult& seg, const tdecq::Result& t, double fb) {
  const tdecq::Params p = tdecq::preset_for_rate(fb);
  seg.tdecq_run = true;
  seg.tdecq_db = t.tdecq_db;
  seg.tdecq_taps = t.taps;
  seg.tdecq_preset = p.name;
  seg.tdecq_max_db = p.tdecq_max_db;
}

/// TDECQ of the LPO transmitter: host TX FFE (the link's), C2M, linear driver (CTLE, input
/// noise), modulator, fiber. With the driver CTLE configured, that CTLE; otherwise the driver
/// CTLE is tuned for the optical output: the COM-form family of the 802.3ck/dj COM tables
/// (f_z = f_p1 = f_b/2.5, f_p2 = f_b, g_dc 0..-20 dB in 1 dB steps; sim/data/com/) searched for
/// the least TDECQ (every 4 dB, then +-2 and +-1 dB around the best, on 4096 symbols), and the
/// chosen g_dc evaluated on the full waveform. docs/tdecq.md "In the compare".
void tdecq_lpo(const CompareConfig& c, SegmentResult& seg, const FreqResponse* ch, double flat,
               const std::vector<FreqFunction>& after_ctle, double fb) {
  const auto tx_with = [&](const CtleConfig& ctle) {
    std::vector<FreqFunction> fs = {[flat](double) { return Cx(flat); }};
    add_ctle(fs, ctle);
    std::vector<FreqFunction> ns;
    add_ctle(ns, ctle);
    for (const auto& f : after_ctle) {
      fs.push_back(f);
      ns.push_back(f);
    }
    LinearTx t;
    t.data = ch;
    t.tx = product(fs);
    t.ffe = c.host_tx.ffe;
    t.snr_tx_db = c.host_tx.snr_db;
    t.noise_path = product(ns);
    t.noise_v_rthz = c.lpo.driver_noise_nv_rthz * 1e-9;
    t.amp_v = c.host_tx.swing_v / 2;
    return t;
  };
  const tdecq::Result as_configured = tdecq_of(c, tx_with(c.lpo.driver_ctle), fb, kTdecqSymbols);
  seg.tdecq_untuned_db = as_configured.tdecq_db;
  if (c.lpo.driver_ctle.enabled) {
    set_tdecq(seg, as_configured, fb);
    seg.tdecq_setting = "driver CTLE as configured";
    return;
  }
  CtleConfig k;
  k.enabled = true;
  k.fz_ghz = k.fp1_ghz = fb / 2.5e9;
  k.fp2_ghz = fb * 1e-9;
  std::vector<double> score(21, std::numeric_limits<double>::quiet_NaN());
  const auto at = [&](int g) {  // g = -g_dc in dB, 0..20
    if (std::isnan(score[g])) {
      k.dc_gain_db = -g;
      score[g] = tdecq_of(c, tx_with(k), fb, 4096).tdecq_db;
    }
    return score[g];
  };
  int best = 0;
  for (int g = 0; g <= 20; g += 4)
    if (at(g) < at(best)) best = g;
  for (int step : {2, 1})
    for (int g : {best - step, best + step})  // best moves at most once per step
      if (g >= 0 && g <= 20 && at(g) < at(best)) best = g;
  k.dc_gain_db = -best;
  seg.tdecq_ctle_dc_gain_db = k.dc_gain_db;
  set_tdecq(seg, tdecq_of(c, tx_with(k), fb, kTdecqSymbols), fb);
  char buf[160];
  std::snprintf(buf, sizeof buf, "driver CTLE g_dc %d dB (f_z = f_p1 = %.2f GHz, f_p2 = %.2f GHz), host TX FFE as the link's",
                -best, k.fz_ghz, k.fp2_ghz);
  seg.tdecq_setting = buf;
}
}  // namespace

ComparePoint CompareLinks::evaluate(double km, double c2m_loss_db, bool with_tdecq) const {
  const double extra_db = cfg_.c2m_extra_loss_db;
  if (c2m_loss_db <= 0) c2m_loss_db = cfg_.c2m_loss_db;
  const CompareConfig& c = cfg_;
  const double fb = c.symbol_rate_gbd * 1e9;
  const unsigned osr = c.osr;
  const double fmax = fb * osr / 2;
  const double flat = std::pow(10.0, -extra_db / 20);
  const double scale_a = (c2m_loss_db > 0 && std::abs(c2m_loss_db - impl_->loss_db) > 1e-9) ? c2m_loss_db / impl_->loss_db : 1.0;
  // the C2M channel ending at a module DSP (SerDes: die + package) and at a linear module's
  // driver input / TIA output (no die or package: ModuleEnd, c2m_impairments.hpp)
  const std::shared_ptr<const FreqResponse> h2m_ptr = impl_->ch->victim(scale_a, C2mDirection::kHostToModule, ModuleEnd::kSerdes);
  const std::shared_ptr<const FreqResponse> m2h_ptr = impl_->ch->victim(scale_a, C2mDirection::kModuleToHost, ModuleEnd::kSerdes);
  const std::shared_ptr<const FreqResponse> h2m_lin = impl_->ch->victim(scale_a, C2mDirection::kHostToModule, ModuleEnd::kLinear);
  const std::shared_ptr<const FreqResponse> m2h_lin = impl_->ch->victim(scale_a, C2mDirection::kModuleToHost, ModuleEnd::kLinear);
  const FreqResponse* ch = h2m_ptr.get();       // host -> module DSP
  const FreqResponse* ch_m2h = m2h_ptr.get();   // module DSP -> host
  const FreqResponse* ch_lin = h2m_lin.get();   // host -> linear driver input (LPO)
  const FreqFunction c2m_fn = [m2h_lin](double f) { return (*m2h_lin)(f); };  // linear TIA output -> host (LPO, LRO)
  const C2mImpairments& imp = impl_->imp;
  // C2M impairments of a segment whose receiver is `rx` and transmitter `tx` (amplitude A, V);
  // aggressors drive at their ratio of `agg_amplitude` (V), expressed per unit of `A`
  auto seg_imp = [&](C2mDirection dir, ModuleEnd end, const std::vector<double>& tx_ffe, double A, double agg_amplitude,
                     const FreqFunction& rx_side, bool tx_jitter) {
    SegmentImpairments s;
    if (!imp.enabled) return s;
    if (tx_jitter) {
      s.rj_ui = imp.rj_ui;
      s.dd_ui = imp.dd_ui;
    }
    s.edge_var = tx_edge_variance(tx_ffe);
    for (const auto& a : impl_->ch->aggressors(dir, end))
      s.aggressors.push_back(make_pulse(a.response.get(), rx_side, fb, osr, tx_ffe, a.amplitude_ratio * agg_amplitude / A, false));
    return s;
  };
  // eta_0 through a receiver's filters (93A-35), V^2
  auto eta0_var = [&](const CompareRx& rx) {
    return imp.enabled ? eta0_noise_var(imp.eta0_v2_per_ghz, rx_filters(rx, fb), fmax) : 0.0;
  };
  auto snr_tx = [&](const CompareTx& tx) { return imp.enabled ? imp.snr_tx_db : tx.snr_db; };
  // a C2M receiver's CTLE DC gain chosen per channel (the g_DC search of COM, 93A.1.6): lowest
  // BER, then highest SNR (several candidates at the BER floor). The candidates are ranked on
  // coarse pulses (kSearchDfHz); the two best are evaluated on the full grid and the better
  // kept, so the search costs about 3.75 full evaluations instead of one per candidate.
  // `key` (segment id): the choice is kept per (C2M loss, reach, segment).
  auto better = [](const SegmentResult& a, const SegmentResult& b) {
    return a.ber < b.ber || (a.ber == b.ber && a.snr_db > b.snr_db);
  };
  auto best_ctle = [&](int key, const CompareRx& rx0, const std::function<SegmentResult(const CompareRx&)>& eval) {
    if (!imp.enabled || !rx0.ctle.enabled || imp.ctle_search_db.empty()) return eval(rx0);
    auto with_gain = [&](double g) {
      CompareRx r = rx0;
      r.ctle.dc_gain_db = g;
      SegmentResult s = eval(r);
      s.ctle_dc_gain_db = g;
      return s;
    };
    const auto ck = std::make_tuple(c2m_loss_db, km, key);
    std::optional<double> chosen;
    {
      std::lock_guard<std::mutex> lk(impl_->mu);
      const auto it = impl_->ctle_choice.find(ck);
      if (it != impl_->ctle_choice.end()) chosen = it->second;
    }
    if (chosen) return with_gain(*chosen);
    std::vector<std::pair<SegmentResult, double>> ranked;
    if (imp.ctle_search_db.size() == 1) {
      ranked.push_back({SegmentResult{}, imp.ctle_search_db.front()});
    } else {
      CoarsePulses coarse;
      for (double g : imp.ctle_search_db) ranked.push_back({with_gain(g), g});
      std::stable_sort(ranked.begin(), ranked.end(), [&](const auto& a, const auto& b) { return better(a.first, b.first); });
    }
    SegmentResult best = with_gain(ranked[0].second);
    if (ranked.size() > 1) {
      SegmentResult second = with_gain(ranked[1].second);
      if (better(second, best)) best = second;
    }
    std::lock_guard<std::mutex> lk(impl_->mu);
    impl_->ctle_choice[ck] = best.ctle_dc_gain_db;
    return best;
  };
  // a retimed C2M segment (independent of the reach): once per C2M loss
  auto c2m_segment = [&](int key, const CompareRx& rx0, const std::function<SegmentResult(const CompareRx&)>& eval) {
    const auto k = std::make_pair(c2m_loss_db, key);
    {
      std::lock_guard<std::mutex> lk(impl_->mu);
      const auto it = impl_->c2m_segments.find(k);
      if (it != impl_->c2m_segments.end()) return it->second;
    }
    SegmentResult s = best_ctle(key, rx0, eval);
    std::lock_guard<std::mutex> lk(impl_->mu);
    impl_->c2m_segments[k] = s;
    return s;
  };
  const double c2m_loss = (c2m_loss_db > 0 ? c2m_loss_db : impl_->loss_db) + extra_db;
  const CompareOptical& o = c.optical;
  const OpticalBudget b = budget(o, km);
  const FreqFunction drv = lowpass1(o.driver_bw_ghz * 1e9), mod = lowpass1(o.modulator_bw_ghz * 1e9);
  const FreqFunction tia = bessel_thomson4(o.tia_bw_ghz * 1e9), cd = cd_response(o, km);
  const double i_psd = optical_noise_psd(o, b);
  // the DSP module's optical lane runs at the inner-FEC line rate when the PMD carries it
  const bool inner = c.inner_fec.enabled;
  const double fb_line = inner ? c.inner_fec.line_symbol_rate_gbd * 1e9 : fb;

  ComparePoint pt;
  pt.fiber_km = km;
  pt.c2m_loss_db = c2m_loss - extra_db;

  // ---- DSP-retimed: three segments
  {
    ArchResult& a = pt.dsp;
    a.arch = "DSP";
    // 1. host -> module (module DSP receiver)
    a.segments.push_back(c2m_segment(0, c.module_rx, [&](const CompareRx& mrx) {
      const double A = c.host_tx.swing_v / 2;
      const FreqFunction rx = rx_filters(mrx, fb, {[flat](double) { return Cx(flat); }});
      const std::vector<SymbolPulse> pr = make_pulses(ch, rx, fb, osr, {{1.0}, c.host_tx.ffe}, 1.0);  // raw, with TX FFE
      const SegmentImpairments si = seg_imp(C2mDirection::kHostToModule, ModuleEnd::kSerdes, c.host_tx.ffe, A, A, rx, true);
      SegmentResult s = run_stat("host->module C2M", pr[1], A, snr_tx(c.host_tx), eta0_var(mrx), mrx, &pr[0],
                                 static_cast<long>(c.host_tx.ffe_main), &si);
      s.nyquist_loss_db = c2m_loss;
      return s;
    }));
    // 2. optical (module DSP TX -> ... -> module DSP RX), once per reach
    std::optional<SegmentResult> cached;
    {
      std::lock_guard<std::mutex> lk(impl_->mu);
      const auto it = impl_->optical_segments.find(km);
      if (it != impl_->optical_segments.end()) cached = it->second;
    }
    if (cached) {
      a.segments.push_back(*cached);
    } else {
      const double scale = o.responsivity_a_w * o.tia_gain_ohm * b.oma_w / 2;  // V at the TIA output per unit drive
      std::vector<FreqFunction> chain = {drv, mod, cd, tia};
      if (c.line_rx.bandwidth_ghz > 0) chain.push_back(bessel_thomson4(c.line_rx.bandwidth_ghz * 1e9));
      add_ctle(chain, c.line_rx.ctle);
      std::vector<FreqFunction> after = {tia};
      if (c.line_rx.bandwidth_ghz > 0) after.push_back(bessel_thomson4(c.line_rx.bandwidth_ghz * 1e9));
      const double opt_var = i_psd * o.tia_gain_ohm * o.tia_gain_ohm * noise_bandwidth(product(after), fb_line * osr / 2);
      SegmentResult s = run_stat("optical (module DSP)", make_pulse(nullptr, product(chain), fb_line, osr, c.line_tx.ffe, scale),
                                 1.0, c.line_tx.snr_db, opt_var, c.line_rx);
      s.nyquist_loss_db = b.loss_db;
      s.received_oma_dbm = b.oma_dbm;
      s.symbol_rate_gbd = fb_line * 1e-9;
      if (inner) {
        // the inner decoder sees the line's DFE bursts (the interleaver is on the RS side); its
        // output errors are spread over RS codewords by the deinterleaver (gen_1p6t.hpp)
        const InnerFecTransfer t = inner_fec_transfer(c.inner_fec.decoder, c.inner_fec.chase_l, s.ser, s.dfe_b1);
        s.inner_fec = true;
        s.inner_ser_in = t.ser_in;
        s.inner_ser_out = t.ser_out;
        s.inner_decoder = t.model;
      }
      a.segments.push_back(s);
      std::lock_guard<std::mutex> lk(impl_->mu);
      impl_->optical_segments[km] = s;
    }
    // 3. module -> host (host receiver)
    a.segments.push_back(c2m_segment(2, c.host_rx, [&](const CompareRx& hrx) {
      const double A = c.module_tx.swing_v / 2;
      const FreqFunction rx = rx_filters(hrx, fb, {[flat](double) { return Cx(flat); }});
      const std::vector<SymbolPulse> pr = make_pulses(ch_m2h, rx, fb, osr, {{1.0}, c.module_tx.ffe}, 1.0);  // raw, with TX FFE
      const SegmentImpairments si = seg_imp(C2mDirection::kModuleToHost, ModuleEnd::kSerdes, c.module_tx.ffe, A, A, rx, true);
      SegmentResult s = run_stat("module->host C2M", pr[1], A, snr_tx(c.module_tx), eta0_var(hrx), hrx, &pr[0],
                                 static_cast<long>(c.module_tx.ffe_main), &si);
      s.nyquist_loss_db = c2m_loss;
      return s;
    }));
  }
  // ---- LPO: one end-to-end channel
  {
    ArchResult& a = pt.lpo;
    a.arch = "LPO";
    a.segments.push_back(best_ctle(1, c.lpo.host_rx, [&](const CompareRx& hrx) {
    const double A = c.host_tx.swing_v / 2;
    const double out_gain = (c.lpo.tia_output_swing_v / 2) / A;  // host volts per driver-input volt (AGC)
    std::vector<FreqFunction> opt = {drv, mod, cd, tia};
    add_ctle(opt, c.lpo.driver_ctle);
    std::vector<FreqFunction> tia_out = {c2m_fn, [flat](double) { return Cx(flat); }};
    add_ctle(tia_out, c.lpo.tia_ctle);
    const FreqFunction host_side = rx_filters(hrx, fb, tia_out);
    // signal: C2M (data) x flat x optical chain x C2M x flat x host filters
    std::vector<FreqFunction> all = opt;
    all.push_back(host_side);
    // host TX jitter through the whole linear chain (raw: the chain without the TX FFE); crosstalk
    // at the host RX: FEXT from the neighbouring lane's linear TIA output, NEXT from the host TX
    const std::vector<SymbolPulse> pr = make_pulses(ch_lin, product(all, flat * out_gain), fb, osr, {c.host_tx.ffe, {1.0}}, 1.0);
    const SymbolPulse& pulse = pr[0];
    const SymbolPulse& raw = pr[1];
    SegmentImpairments si = seg_imp(C2mDirection::kModuleToHost, ModuleEnd::kLinear, c.host_tx.ffe, A, A, rx_filters(hrx, fb, {[flat](double) { return Cx(flat); }}), true);
    if (imp.enabled)
      for (std::size_t i = 0; i < si.aggressors.size(); ++i)
        if (!impl_->ch->aggressors(C2mDirection::kModuleToHost, ModuleEnd::kLinear)[i].next)
          for (double& v : si.aggressors[i].p) v *= (c.lpo.tia_output_swing_v / 2) / A;
    // driver input noise through the optical chain and the host side
    const double en = c.lpo.driver_noise_nv_rthz * 1e-9;
    const double drv_var = en * en * out_gain * out_gain * noise_bandwidth(product(all), fmax);
    // optical noise: TIA input current -> (AGC) volts at the TIA output -> C2M -> host
    const double tia_to_host = (c.lpo.tia_output_swing_v / 2) / (o.responsivity_a_w * b.oma_w / 2);  // V per A
    const double opt_var = i_psd * tia_to_host * tia_to_host * noise_bandwidth(product({tia, host_side}), fmax);
    SegmentResult s = run_stat("end to end (host RX)", pulse, A, snr_tx(c.host_tx), drv_var + opt_var + eta0_var(hrx), hrx, &raw,
                               static_cast<long>(c.host_tx.ffe_main), &si);
    s.nyquist_loss_db = 2 * c2m_loss;
    s.received_oma_dbm = b.oma_dbm;
    return s;
    }));
  }
  // ---- LRO: retimed transmit (module DSP RX + DSP TX), linear receive (TIA -> C2M -> host RX)
  if (c.lro.enabled) {
    pt.has_lro = true;
    ArchResult& a = pt.lro;
    a.arch = "LRO";
    a.segments.push_back(pt.dsp.segments.at(0));  // host -> module: the same retimed C2M segment
    a.segments.push_back(best_ctle(3, c.lpo.host_rx, [&](const CompareRx& hrx) {
    std::vector<FreqFunction> tia_out = {c2m_fn, [flat](double) { return Cx(flat); }};
    add_ctle(tia_out, c.lpo.tia_ctle);
    const FreqFunction host_side = rx_filters(hrx, fb, tia_out);
    const double scale = c.lpo.tia_output_swing_v / 2;  // AGC: outer level at the TIA output, V
    const SymbolPulse pulse = make_pulse(nullptr, product({drv, mod, cd, tia, host_side}), fb, osr, c.line_tx.ffe, scale);
    const double tia_to_host = (c.lpo.tia_output_swing_v / 2) / (o.responsivity_a_w * b.oma_w / 2);  // V per A
    const double opt_var = i_psd * tia_to_host * tia_to_host * noise_bandwidth(product({tia, host_side}), fmax);
    // no TX jitter on the linear TIA output; crosstalk at the host RX: FEXT from the
    // neighbouring lane's TIA, NEXT from the host TX (per unit of the run's amplitude 1 V)
    SegmentImpairments si = seg_imp(C2mDirection::kModuleToHost, ModuleEnd::kLinear, c.line_tx.ffe, 1.0, scale, rx_filters(hrx, fb, {[flat](double) { return Cx(flat); }}), false);
    if (imp.enabled)
      for (std::size_t i = 0; i < si.aggressors.size(); ++i)
        if (impl_->ch->aggressors(C2mDirection::kModuleToHost, ModuleEnd::kLinear)[i].next)
          for (double& v : si.aggressors[i].p) v *= (c.host_tx.swing_v / 2) / scale;
    SegmentResult s = run_stat("optical + C2M, linear (host RX)", pulse, 1.0, c.line_tx.snr_db, opt_var + eta0_var(hrx), hrx,
                               nullptr, 0, &si);
    s.nyquist_loss_db = c2m_loss;
    s.received_oma_dbm = b.oma_dbm;
    return s;
    }));
  }
  std::vector<ArchResult*> archs = {&pt.dsp, &pt.lpo};
  if (pt.has_lro) archs.push_back(&pt.lro);
  for (ArchResult* a : archs) {
    std::vector<BurstSource> src;
    for (const auto& s : a->segments)
      src.push_back(s.inner_fec ? BurstSource{std::min(s.inner_ser_out, 0.5), 0.0}
                                : BurstSource{std::min(s.ser, 0.5), std::clamp(s.dfe_b1, -0.99, 0.99)});
    a->fec = burst_post_fec(src, c.precoding, c.interleave);
    a->pre_fec_ber = a->fec.ber;
    a->margin_decades = a->pre_fec_ber > 0 ? std::log10(c.ber_threshold / a->pre_fec_ber) : 30.0;
    a->meets = a->pre_fec_ber <= c.ber_threshold;
    if (inner && a->arch != "DSP") {
      a->supported = false;
      a->meets = false;
      a->note = "this PMD carries the Clause 177 inner FEC (" + std::to_string(c.inner_fec.line_symbol_rate_gbd).substr(0, 8) +
                " GBd on the fiber); a module with a linear " + std::string(a->arch == "LPO" ? "transmit and receive" : "receive") +
                " path cannot " + (a->arch == "LPO" ? "add or remove it" : "remove it") +
                " and the host has no inner decoder: figures are for end-to-end KP4 at the host rate on this fiber";
    }
  }
  if (with_tdecq) {  // the optical transmitters, up to the fiber output (TX FFE, driver, modulator, CD)
    const auto retimed = [&](double rate) {
      LinearTx t;
      t.tx = product({drv, mod, cd});
      t.ffe = c.line_tx.ffe;
      t.snr_tx_db = c.line_tx.snr_db;
      return tdecq_of(c, t, rate, kTdecqSymbols);
    };
    const tdecq::Result dsp_tx = retimed(fb_line);
    set_tdecq(pt.dsp.segments.at(1), dsp_tx, fb_line);
    tdecq_lpo(c, pt.lpo.segments.at(0), ch_lin, flat, {drv, mod, cd}, fb);
    // the LRO's retimed transmitter is the DSP module's: the same TDECQ when the line runs at
    // the host rate (no inner FEC), computed once
    if (pt.has_lro) set_tdecq(pt.lro.segments.at(1), fb_line == fb ? dsp_tx : retimed(fb), fb);
  }
  return pt;
}

std::optional<com::Result> CompareLinks::c2m_com(double c2m_loss_db) const {
  const C2mImpairments& imp = impl_->imp;
  if (!imp.enabled || !imp.com) return std::nullopt;
  if (c2m_loss_db <= 0) c2m_loss_db = cfg_.c2m_loss_db;
  const double a = (c2m_loss_db > 0 && std::abs(c2m_loss_db - impl_->loss_db) > 1e-9) ? c2m_loss_db / impl_->loss_db : 1.0;
  com::Params p = imp.params;
  // the preset's own package cases, as COM defines them (the link uses one length: imp.zp_mm)
  return com::compute(p, impl_->ch->com_channels(a));
}

LinkConfig c2m_segment_link(const CompareLinks& links, C2mDirection dir, const CompareTx& tx, const CompareRx& rx,
                            const std::string& name, std::uint64_t seed) {
  const CompareConfig& c = links.config();
  const C2mImpairments& imp = links.impairments();
  LinkConfig lc;
  lc.name = c.name + ": " + name;
  lc.symbol_rate_gbd = c.symbol_rate_gbd;
  lc.osr = c.osr;
  lc.seed = seed;
  lc.symbols = c.time_domain.symbols;
  lc.tx.pattern = DataPattern::kPrbs31q;
  lc.tx.ffe = tx.ffe;
  lc.tx.ffe_main = tx.ffe_main;
  lc.tx.swing_v = tx.swing_v;
  lc.tx.snr_db = imp.enabled ? imp.snr_tx_db : tx.snr_db;
  lc.channel = {c.c2m};
  lc.extra_loss_db = c.c2m_extra_loss_db;
  double noise_var = rx.noise_rms_mv * rx.noise_rms_mv * 1e-6;
  if (imp.enabled) {
    const double fb = c.symbol_rate_gbd * 1e9;
    noise_var += eta0_noise_var(imp.eta0_v2_per_ghz, rx_filters(rx, fb), fb * c.osr / 2);
    lc.tx.rj_ui = imp.rj_ui;
    lc.tx.dj_ui = imp.dd_ui;
    lc.victim_response = links.c2m_channel().victim(1.0, dir, ModuleEnd::kSerdes);  // retimed: module DSP
    for (const auto& a : links.c2m_channel().aggressors(dir, ModuleEnd::kSerdes)) {
      lc.crosstalk.push_back({a.file, a.next ? "next" : "fext", a.amplitude_ratio * tx.swing_v});
      lc.aggressor_responses.push_back(a.response);
    }
  }
  lc.rx.noise_rms_mv = std::sqrt(noise_var) * 1e3;
  lc.rx.bandwidth_ghz = rx.bandwidth_ghz;
  lc.rx.ctle = rx.ctle;
  lc.rx.agc_target_rms = rx.agc_target_rms;
  lc.rx.adc_bits = 8;
  lc.rx.adc_enob = rx.adc_enob;
  lc.rx.ffe_taps = rx.eq.ffe_taps;
  lc.rx.ffe_pre = rx.eq.ffe_pre;
  lc.rx.dfe_taps = rx.eq.dfe_taps;
  lc.rx.dfe_limit = rx.eq.dfe_limit;
  lc.rx.model = c.time_domain.rx_model;
  lc.rx.training_symbols = c.time_domain.training;
  lc.rx.init_mmse = true;
  validate(lc, lc.name);
  return lc;
}

void time_domain_check(const CompareConfig& c, ComparePoint& pt) {
  const CompareLinks links(c);
  auto run = [&](C2mDirection dir, const CompareTx& tx, CompareRx rx, SegmentResult& seg, std::uint64_t seed) {
    if (!std::isnan(seg.ctle_dc_gain_db)) rx.ctle.dc_gain_db = seg.ctle_dc_gain_db;  // the CTLE the search chose
    const LinkConfig lc = c2m_segment_link(links, dir, tx, rx, seg.name, seed);
    const LinkModel m = build_model(lc);
    const TdResult r = run_time_domain(lc, m);
    seg.td_run = true;
    seg.td_ber = r.ber;
    seg.td_bits = r.bits;
    seg.td_bit_errors = r.bit_errors;
    seg.td_rx = r.rx_name;
  };
  run(C2mDirection::kHostToModule, c.host_tx, c.module_rx, pt.dsp.segments.at(0), c.seed);
  run(C2mDirection::kModuleToHost, c.module_tx, c.host_rx, pt.dsp.segments.at(2), c.seed + 1);
}

double sweep_limit(const std::vector<double>& x, const std::vector<double>& ber, double thr) {
  if (x.size() != ber.size()) throw std::invalid_argument("sweep_limit: x and ber sizes differ");
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (ber[i] <= thr) continue;
    if (i == 0) return -std::numeric_limits<double>::infinity();
    const double l0 = std::log10(std::max(ber[i - 1], 1e-300)), l1 = std::log10(ber[i]), lt = std::log10(thr);
    const double t = l1 > l0 ? (lt - l0) / (l1 - l0) : 1.0;
    return x[i - 1] + t * (x[i] - x[i - 1]);
  }
  return std::numeric_limits<double>::quiet_NaN();
}

nlohmann::json to_json(const SegmentResult& s) {
  nlohmann::json j = {{"name", s.name},        {"loss_db", s.nyquist_loss_db}, {"ser", s.ser},
                      {"ber", s.ber},          {"snr_db", s.snr_db},           {"dfe_b1", s.dfe_b1},
                      {"sigma_noise", s.sigma_noise}, {"sigma_isi", s.sigma_isi}, {"engine", s.engine}};
  if (s.received_oma_dbm != 0) j["received_oma_dbm"] = s.received_oma_dbm;
  if (s.tdecq_run)
    j["tdecq"] = {{"db", std::isfinite(s.tdecq_db) ? nlohmann::json(s.tdecq_db) : nlohmann::json(nullptr)},
                  {"max_db", s.tdecq_max_db}, {"taps", s.tdecq_taps}, {"preset", s.tdecq_preset}};
  if (!s.tdecq_setting.empty()) {
    j["tdecq"]["setting"] = s.tdecq_setting;
    if (s.tdecq_setting.starts_with("driver CTLE g_dc")) j["tdecq"]["driver_ctle_dc_gain_db"] = s.tdecq_ctle_dc_gain_db;
    j["tdecq"]["untuned_db"] = std::isfinite(s.tdecq_untuned_db) ? nlohmann::json(s.tdecq_untuned_db) : nlohmann::json(nullptr);
  }
  if (!std::isnan(s.ctle_dc_gain_db)) j["ctle_dc_gain_db"] = s.ctle_dc_gain_db;
  if (s.symbol_rate_gbd > 0) j["symbol_rate_gbd"] = s.symbol_rate_gbd;
  if (s.inner_fec)
    j["inner_fec"] = {{"ser_in", s.inner_ser_in}, {"ber_in", s.inner_ser_in / 2}, {"ser_out", s.inner_ser_out},
                      {"ber_out", s.inner_ser_out / 2}, {"decoder_model", s.inner_decoder}};
  if (s.td_run) {
    // 95 % upper bound: 3 / bits with no errors (rule of three), else the measured ratio
    j["time_domain"] = {{"ber", s.td_ber}, {"bits", s.td_bits}, {"bit_errors", s.td_bit_errors}, {"rx", s.td_rx},
                        {"ber_upper_95", s.td_bit_errors ? s.td_ber : 3.0 / std::max<double>(1.0, static_cast<double>(s.td_bits))}};
  }
  return j;
}

nlohmann::json to_json(const ArchResult& a) {
  nlohmann::json j = {{"arch", a.arch}, {"pre_fec_ber", a.pre_fec_ber}, {"margin_decades", a.margin_decades},
                      {"meets_threshold", a.meets}, {"fec", to_json(a.fec)}};
  if (!a.supported) {
    j["supported"] = false;
    j["note"] = a.note;
  }
  for (const auto& s : a.segments) j["segments"].push_back(to_json(s));
  return j;
}

}  // namespace halo::sim

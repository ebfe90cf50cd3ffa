// Optical front end: oversampled waveform through driver, modulator, laser RIN, fiber,
// photodiode and TIA, then the RX filter/CTLE and the ADC sampler (linear interpolation at
// the CDR phase). Streaming: every filter keeps its state between blocks.
//
// Equations (dt = T/osr, fs = 1/dt, noise bandwidth B = fs/2 per sample):
//   driver   v = Vsat tanh(g x / Vsat) after a 1-pole low-pass (g = driver_gain)
//   MZM      P = P0 (eps + (1 - eps) sin^2(pi/2 (b + v/Vpi))),  b = bias + drift (T - 25 C),
//            eps = 10^(-ER/10) (finite extinction), field sqrt(P) (push-pull, chirp-free)
//   EML      P = P0 ((1+r)/2 + (1-r)/2 clip(x - c x^3)),  x = v/Vpi, r = 10^(-ER/10)
//   RIN      P <- P (1 + sqrt(10^(RIN/10) B) N(0,1))
//   fiber    E <- E 10^(-alpha L/20) * h_CD,  H_CD(f) = exp(j pi D L lambda^2 f^2 / c)
//   PD       I = R |E|^2 + sqrt(2 q I B) N + i_th sqrt(B) N
//   TIA      V = Z I, 1-pole low-pass, Vsat tanh(V/Vsat), AC coupled
//   RX       Bessel-Thomson / CTLE FIR (same definitions as the electrical path)
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <cmath>
#include <complex>
#include <numbers>
#include <stdexcept>

#include "physics/front_end.hpp"
#include "halo/sim/fft.hpp"

namespace halo::sim::detail {
namespace {

using cd = std::complex<double>;
constexpr double kQ = 1.602176634e-19;
constexpr double kC = 299792458.0;

// Streaming FIR with a mirrored history (the window is contiguous, newest sample last);
// taps are stored reversed.
template <class T>
struct StreamFir {
  std::vector<T> taps, hist;
  std::size_t pos = 0;
  void set(std::vector<T> reversed_taps) {
    taps = std::move(reversed_taps);
    hist.assign(2 * taps.size(), T(0));
    pos = 0;
  }
  void clear() { std::fill(hist.begin(), hist.end(), T(0)); }
  T step(T x) {
    const std::size_t L = taps.size();
    hist[pos] = hist[pos + L] = x;
    pos = (pos + 1) % L;
    T acc = 0;
    const T* h = &hist[pos];
    for (std::size_t k = 0; k < L; ++k) acc += taps[k] * h[k];
    return acc;
  }
};

struct OnePole {
  double a = 1, y = 0;
  void set(double f3db, double fs) { a = f3db > 0 ? 1 - std::exp(-2 * std::numbers::pi * f3db / fs) : 1; }
  double step(double x) { return y += a * (x - y); }
};

class OpticalFrontEnd final : public FrontEnd {
 public:
  OpticalFrontEnd(const LinkConfig& cfg, const LinkModel& m)
      : cfg_(cfg), o_(cfg.optical), osr_(m.osr), rng_(cfg.seed, 77, cfg.shard) {
    fs_ = m.symbol_rate_hz * osr_;
    const double bw = fs_ / 2;
    drv_.set(o_.driver_bw_ghz * 1e9, fs_);
    tia_.set(o_.tia_bw_ghz > 0 ? o_.tia_bw_ghz * 1e9 : 0.75 * m.symbol_rate_hz, fs_);
    ac_.set(m.symbol_rate_hz * 1e-5, fs_);
    p0_ = 1e-3 * std::pow(10.0, o_.laser_power_dbm / 10);
    eps_ = std::pow(10.0, -o_.extinction_ratio_db / 10);
    set_temperature_c(o_.temperature_c);
    rin_ = std::sqrt(std::pow(10.0, o_.rin_db_hz / 10) * bw);
    fiber_gain_ = std::pow(10.0, -o_.fiber_loss_db_km * o_.fiber_km / 20);
    th_ = o_.thermal_noise_pa_rthz * 1e-12 * std::sqrt(bw);
    shot_k_ = o_.shot_noise ? 2 * kQ * bw : 0.0;
    design_cd(m);
    // RX filter + CTLE as an FIR (same frequency functions as the electrical path)
    FreqFunction rx;
    {
      std::vector<FreqFunction> fs;
      if (cfg.rx.bandwidth_ghz >= 0)
        fs.push_back(bessel_thomson4(cfg.rx.bandwidth_ghz > 0 ? cfg.rx.bandwidth_ghz * 1e9 : 0.75 * m.symbol_rate_hz));
      const auto& c = cfg.rx.ctle;
      if (c.enabled)
        fs.push_back(c.fz_ghz > 0 ? ctle_com(c.dc_gain_db, c.fz_ghz * 1e9, c.fp1_ghz * 1e9, c.fp2_ghz * 1e9)
                                  : ctle_pz(c.dc_gain_db, [&] { std::vector<double> z; for (double v : c.zeros_ghz) z.push_back(v * 1e9); return z; }(),
                                            [&] { std::vector<double> p; for (double v : c.poles_ghz) p.push_back(v * 1e9); return p; }()));
      rx = [fs](double f) { cd v = 1; for (const auto& g : fs) v *= g(f); return v; };
    }
    ImpulseOptions io;
    io.fs_hz = fs_;
    io.df_hz = m.symbol_rate_hz / 64;
    io.max_length_s = 0;  // energy criterion (1e-7)
    io.trim_delay = false;
    std::vector<double> h = impulse_response(nullptr, rx, io).h;
    if (h.size() > 16u * osr_) h.resize(16u * osr_);
    std::reverse(h.begin(), h.end());
    rx_.set(std::move(h));
  }

  // sample n is taken one UI late so that the CDR can move +-1 UI inside the block's waveform
  long cursor_delay() const override { return delay_ + 1; }  // the calibration includes the TX FFE
  const SymbolPulse* linear_pulse() const override { return &pulse_; }
  long linear_cursor() const override { return cursor_; }
  double signal_rms() const override { return rms_; }
  unsigned eye_phases() const override { return 2 * osr_; }

  // Waveform of one block: B*osr ADC-input samples (V), appended to wave_.
  void waveform(std::span<const double> u, std::span<const double> tau) {
    const std::size_t B = u.size();
    const double g = o_.driver_gain;
    for (std::size_t n = 0; n < B; ++n) {
      const double tn = tau.empty() ? 0.0 : std::clamp(tau[n], -0.49, 0.49);
      const double tn1 = (tau.empty() || n + 1 >= B) ? 0.0 : std::clamp(tau[n + 1], -0.49, 0.49);
      for (unsigned j = 0; j < osr_; ++j) {
        const double f = (j + 0.5) / osr_;
        double x = u[n];
        if (f < tn) x = prev_u_;
        else if (f >= 1 + tn1 && n + 1 < B) x = u[n + 1];
        // driver
        double v = drv_.step(g * x);
        if (o_.driver_sat_v > 0) v = o_.driver_sat_v * std::tanh(v / o_.driver_sat_v);
        // modulator (power)
        double p;
        if (o_.modulator == "mzm") {
          const double s = std::sin(0.5 * std::numbers::pi * (bias_ + v / o_.vpi_v));
          p = p0_ * (eps_ + (1 - eps_) * s * s);
        } else {
          double xx = v / o_.vpi_v;
          xx = std::clamp(xx - o_.eml_compression * xx * xx * xx, -1.0, 1.0);
          p = p0_ * ((1 + eps_) / 2 + (1 - eps_) / 2 * xx);
        }
        if (noise_ && rin_ > 0) p *= 1 + rin_ * rng_.gauss();
        cd e = std::sqrt(std::max(p, 0.0)) * fiber_gain_;
        // chromatic dispersion (complex FIR on the field)
        if (cd_.taps.size() > 1) e = cd_.step(e);
        if (power_tap_) power_tap_->push_back(std::norm(e));  // optical power at the fiber output (W)
        // photodiode
        double i = o_.responsivity_a_w * std::norm(e);
        if (noise_) i += std::sqrt(shot_k_ * std::max(i, 0.0)) * rng_.gauss() + th_ * rng_.gauss();
        // TIA
        double vt = tia_.step(o_.tia_gain_ohm * i);
        dc_sum_ += vt;
        ++dc_n_;
        vt -= ac_.step(vt);  // AC coupling
        if (o_.tia_sat_v > 0) vt = o_.tia_sat_v * std::tanh(vt / o_.tia_sat_v);
        // RX filter / CTLE FIR
        wave_.push_back(sign_ * rx_.step(vt));
      }
      prev_u_ = u[n];
    }
  }

  void process(std::span<const double> u, std::span<const double> tau, double delta, std::span<double> out,
               std::vector<double>* eye) override {
    const std::size_t B = u.size();
    // keep a history so that samples up to 2 UI before the block are available
    const std::size_t keep = 4 * osr_;
    if (wave_.size() > keep) wave_.erase(wave_.begin(), wave_.end() - static_cast<std::ptrdiff_t>(keep));
    const std::size_t off = wave_.size();  // index of the first sample of this block
    waveform(u, tau);
    // sample n sees the cursor of symbol n - delay_: position (n - delay_) * osr + base
    // within this block's time frame, plus the CDR offset
    auto at = [&](double pos) {
      const double q = pos + static_cast<double>(off);
      if (q <= 0) return wave_.front();
      const std::size_t i = static_cast<std::size_t>(q);
      if (i + 1 >= wave_.size()) return wave_.back();
      const double a = q - static_cast<double>(i);
      return (1 - a) * wave_[i] + a * wave_[i + 1];
    };
    for (std::size_t n = 0; n < B; ++n)
      out[n] = at((static_cast<double>(n) - 1) * osr_ + base_ + delta);
    if (eye) {
      const unsigned P = eye_phases();
      eye->resize(B * P);
      for (std::size_t n = 0; n < B; ++n)
        for (unsigned j = 0; j < P; ++j)
          (*eye)[n * P + j] = at((static_cast<double>(n) - 2) * osr_ + base_ + delta + j);
    }
  }

  // Timing calibration by cross-correlation of the noise-free waveform with the TX symbols.
  // Returns the linearised (Bussgang) pulse response at the ADC input (V per V), osr/UI.
  // Calibration on nsym random symbols: settles the filters and the AC coupling at the link's DC
  // level (its corner is ~1e-5 of the symbol rate), then, on copies of the settled state,
  //  * timing and the Bussgang pulse c[l] = E[a_n w(n osr + l)] / E[a^2] (V per V of TX
  //    amplitude, TX FFE included) from the noise-free waveform w,
  //  * the sample-by-sample record of the statistical engine (record_impairments: least-squares
  //    pulse, nonlinear distortion, noise = noisy minus noise-free waveform, same data).
  void calibrate(std::size_t nsym, double A) {
    Rng r(cfg_.seed, 99);
    static constexpr double kLv[4] = {-1.0, -1.0 / 3, 1.0 / 3, 1.0};
    std::vector<double> a(nsym), u(nsym, 0.0);
    for (auto& x : a) x = A * kLv[r.next() >> 62];
    const auto& ffe = cfg_.tx.ffe;
    for (std::size_t n = 0; n < nsym; ++n)
      for (std::size_t i = 0; i < ffe.size() && i <= n; ++i) u[n] += ffe[i] * a[n - i];
    noise_ = false;
    wave_.clear();
    dc_sum_ = 0;
    dc_n_ = 0;
    waveform(u, {});
    ac_.y = dc_sum_ / static_cast<double>(dc_n_);
    wave_.clear();
    OpticalFrontEnd clean = *this, noisy = *this;
    noisy.noise_ = true;
    clean.waveform(u, {});
    noisy.waveform(u, {});
    const std::vector<double>& w = clean.wave_;
    const std::size_t maxlag = 48 * osr_, skip = 64;
    double mean = 0, sq = 0;
    for (double x : w) mean += x;
    mean /= static_cast<double>(w.size());
    for (std::size_t i = skip * osr_; i < w.size(); ++i) sq += (w[i] - mean) * (w[i] - mean);
    rms_ = std::sqrt(sq / static_cast<double>(w.size() - skip * osr_));
    std::vector<double> c(maxlag, 0.0);
    for (std::size_t l = 0; l < maxlag; ++l) {
      double acc = 0;
      for (std::size_t n = skip; n + 48 < nsym; ++n) acc += a[n] * (w[n * osr_ + l] - mean);
      c[l] = acc / (static_cast<double>(nsym - skip - 48) * A * A * 5.0 / 9.0);
    }
    std::size_t pk = 0;
    for (std::size_t l = 0; l < maxlag; ++l)
      if (std::abs(c[l]) > std::abs(c[pk])) pk = l;
    // the sign of the link (inverting slope) is absorbed here
    sign_ = c[pk] < 0 ? -1.0 : 1.0;
    pulse_.osr = osr_;
    pulse_.p = c;
    for (auto& x : pulse_.p) x *= sign_;
    record_impairments(a, w, noisy.wave_, A, skip);
    cursor_ = static_cast<long>(pk);
    delay_ = static_cast<long>(pk / osr_);
    base_ = static_cast<double>(pk % osr_);
    if (std::getenv("HALO_SIM_DEBUG"))
      std::fprintf(stderr, "optical calibration: cursor lag %zu (delay %ld UI + %g), c %g, rms %g\n", pk, delay_,
                   base_, c[pk], rms_);
    noise_ = true;  // this object keeps the settled filter state: the link ran before the record
  }
  std::shared_ptr<const SampledImpairments> sampled_impairments() const override { return sampled_; }
  /// Transmitter + fiber only (optical_power_waveform): the power at the fiber output per
  /// T/osr sample, RIN included when `noise`; nothing after the fiber is used.
  std::vector<double> power_waveform(std::span<const double> u, bool noise) {
    std::vector<double> p;
    p.reserve(u.size() * osr_);
    noise_ = noise;
    power_tap_ = &p;
    waveform(u, {});
    power_tap_ = nullptr;
    return p;
  }
  void set_temperature_c(double t) override { bias_ = o_.bias + o_.bias_drift_per_c * (t - 25.0); }

 private:
  // Sample-by-sample record of the calibration for the statistical engine. The linear part is the
  // least-squares fit w[t osr + l] ~ mu + sum_{k<K} a[t-k] p[k osr + l] (K = 48 UI, one fit per
  // phase l, in the link's sign): unlike the cross-correlation pulse it carries no self-noise
  // from the other symbols of a finite record, which would otherwise pose as distortion.
  // distortion = noise-free waveform minus that fit, noise = noisy minus noise-free waveform.
  void record_impairments(const std::vector<double>& a, const std::vector<double>& w, const std::vector<double>& wn,
                          double A, std::size_t skip) {
    constexpr std::size_t K = 48;
    auto si = std::make_shared<SampledImpairments>();
    si->osr = osr_;
    const std::size_t nsym = std::min(a.size(), w.size() / osr_);
    const std::size_t t0 = skip + K, n = K + 1;
    if (nsym < t0 + 4 * n) throw std::runtime_error("optical calibration: too few symbols");
    // normal equations (the same matrix for every phase); regressors x = (1, a[t], ..., a[t-K+1]) / A
    std::vector<double> R(n * n, 0.0), x(n);
    std::vector<std::vector<double>> rhs(osr_, std::vector<double>(n, 0.0));
    for (std::size_t t = t0; t < nsym; ++t) {
      x[0] = 1.0;
      for (std::size_t k = 0; k < K; ++k) x[k + 1] = a[t - k] / A;
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j <= i; ++j) R[i * n + j] += x[i] * x[j];
      for (unsigned l = 0; l < osr_; ++l) {
        const double y = sign_ * w[t * osr_ + l];
        for (std::size_t i = 0; i < n; ++i) rhs[l][i] += x[i] * y;
      }
    }
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < i; ++j) R[j * n + i] = R[i * n + j];
    std::vector<double> mu(osr_);
    SymbolPulse& p = si->pulse;
    p.osr = osr_;
    p.p.assign(K * osr_, 0.0);
    for (unsigned l = 0; l < osr_; ++l) {
      const std::vector<double> sol = solve_spd(R, rhs[l], n);
      mu[l] = sol[0];
      for (std::size_t k = 0; k < K; ++k) p.p[k * osr_ + l] = sol[k + 1] / A;
    }
    si->level.resize(nsym);
    for (std::size_t j = 0; j < nsym; ++j)
      si->level[j] = static_cast<std::uint8_t>(std::clamp<long>(std::lround((a[j] / A + 1) * 1.5), 0, 3));
    si->distortion.assign(nsym * osr_, 0.0);
    si->noise.assign(nsym * osr_, 0.0);
    for (std::size_t m = 0; m < nsym * osr_; ++m) {
      const std::size_t t = m / osr_, l = m % osr_;
      if (t < K) continue;  // prediction incomplete (outside first_symbol anyway)
      double lin = mu[l];
      for (std::size_t k = 0; k < K; ++k) lin += a[t - k] * p.p[k * osr_ + l];
      si->distortion[m] = sign_ * w[m] - lin;
      si->noise[m] = sign_ * (wn[m] - w[m]);
    }
    si->first_symbol = static_cast<long>(t0);
    sampled_ = std::move(si);
  }

  void design_cd(const LinkModel& m) {
    const double lam = o_.wavelength_nm * 1e-9;
    const double D = o_.dispersion_ps_nm_km * 1e-6;  // s/m^2 (ps/nm/km -> s/m/m)
    const double L = o_.fiber_km * 1e3;
    const double k = std::numbers::pi * D * L * lam * lam / kC;  // phase = k f^2
    if (std::abs(k) * fs_ * fs_ / 4 < 1e-3) { cd_.set({cd(1)}); return; }
    const double spread = std::abs(D) * L * lam * lam * fs_ / kC;  // s, delay spread over fs
    std::size_t n = next_pow2(static_cast<std::size_t>(2 * spread * fs_) + 16);
    std::vector<cd> h(n);
    for (std::size_t i = 0; i < n; ++i) {
      const double f = (i < n / 2 ? static_cast<double>(i) : static_cast<double>(i) - static_cast<double>(n)) * fs_ / static_cast<double>(n);
      h[i] = std::polar(1.0, k * f * f);
    }
    fft(h, true);
    std::vector<cd> taps(n);
    for (std::size_t i = 0; i < n; ++i) {  // centre and window (Hann)
      const std::size_t src = (i + n - n / 2) % n;
      const double w = 0.5 - 0.5 * std::cos(2 * std::numbers::pi * (static_cast<double>(i) + 0.5) / static_cast<double>(n));
      taps[i] = h[src] * w;
    }
    std::reverse(taps.begin(), taps.end());
    cd_.set(std::move(taps));
    (void)m;
  }

  const LinkConfig& cfg_;
  const OpticalConfig& o_;
  unsigned osr_;
  bool noise_ = true;
  std::vector<double>* power_tap_ = nullptr;
  Rng rng_;
  double fs_ = 0, p0_ = 0, eps_ = 0, bias_ = 0, rin_ = 0, fiber_gain_ = 1, th_ = 0, shot_k_ = 0;
  OnePole drv_, tia_, ac_;
  StreamFir<cd> cd_;
  StreamFir<double> rx_;
  std::vector<double> wave_;
  double prev_u_ = 0, base_ = 0, sign_ = 1;
  long delay_ = 0, cursor_ = 0;
  double rms_ = 0, dc_sum_ = 0;
  std::uint64_t dc_n_ = 0;
  SymbolPulse pulse_;
  std::shared_ptr<const SampledImpairments> sampled_;
};

}  // namespace

std::vector<double> optical_power_waveform(const LinkConfig& cfg, const LinkModel& m, std::span<const double> u,
                                           bool noise, double temperature_c) {
  OpticalFrontEnd fe(cfg, m);
  if (!std::isnan(temperature_c)) fe.set_temperature_c(temperature_c);
  return fe.power_waveform(u, noise);
}

std::unique_ptr<FrontEnd> make_optical_front_end(const LinkConfig& cfg, const LinkModel& m) {
  auto fe = std::make_unique<OpticalFrontEnd>(cfg, m);
  fe->calibrate(6000, m.amplitude_v);
  return fe;
}

}  // namespace halo::sim::detail

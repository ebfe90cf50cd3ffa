// Statistical analysis of an optical link: the optical front end is linearised (least-squares
// pulse of the noise-free calibration waveform); the nonlinear distortion (noise-free waveform
// minus that linear prediction) and the noise (RIN, shot, thermal: noisy minus noise-free waveform) are
// recorded sample by sample in the calibration, filtered by the FFE at the chosen cursor and
// carried per transmitted level: the distortion as a discrete PDF convolved with the residual
// ISI PDF, the noise as a Gaussian with a per-level (signal-dependent) sigma. Approximations:
// distortion and linear ISI are treated as independent, the distortion PDF is that of the 6000
// calibration symbols (its tails beyond them are not represented).
#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <utility>
#include <vector>

#include "physics/front_end.hpp"
#include "halo/sim/link.hpp"

namespace halo::sim {
namespace {

// x'[m] = (1 - f) x[m] + f x[m + 1] (x = 0 past the end): the linear interpolation the
// time-domain optical sampler applies between its T/osr samples at the CDR's phase.
std::vector<double> shift_fraction(const std::vector<double>& x, double f) {
  std::vector<double> y(x.size());
  for (std::size_t m = 0; m < x.size(); ++m) y[m] = (1 - f) * x[m] + f * (m + 1 < x.size() ? x[m + 1] : 0.0);
  return y;
}

// Where the time-domain MM CDR settles on the interpolated pulse: sample s0 plus fraction f in
// [0, 1) with e = g(t + T) - g(t - T) = 0; e is linear in f between two samples.
std::pair<long, double> mm_lock_fractional(const SymbolPulse& p) {
  const long osr = p.osr;
  auto e = [&](long s) { return p.at(0, s + osr) - p.at(0, s - osr); };
  const long sm = mueller_muller_lock(p);
  for (long s0 : {sm, sm - 1}) {
    const double a = e(s0), b = e(s0 + 1);
    if (a == 0) return {s0, 0.0};
    if ((a > 0) != (b > 0) && a != b) return {s0, a / (a - b)};
  }
  return {sm, 0.0};
}

}  // namespace

StatResult analyze_optical(const LinkConfig& cfg, const LinkModel& m) {
  if (!m.optical) throw std::invalid_argument("analyze_optical: the link has no optical segment");
  const auto fe = detail::make_optical_front_end(cfg, m);
  const auto rec = fe->sampled_impairments();
  if (!rec) throw std::logic_error("analyze_optical: the optical front end recorded no calibration");
  StatOptions o = stat_options(cfg, m);
  o.jitter_pulse = {};  // the pulse already includes the TX FFE
  o.phase_mode = PhaseMode::kFixed;
  // sampling point: the calibrated cursor (cdr: fixed), or the MM lock between two T/osr samples
  // (cdr: mm), where the time-domain sampler interpolates; pulse and record are resampled there
  auto [s0, f] = cfg.rx.cdr == "mm" ? mm_lock_fractional(rec->pulse) : std::pair<long, double>{fe->linear_cursor(), 0.0};
  auto at = std::make_shared<SampledImpairments>(*rec);
  if (f > 0) {
    at->pulse.p = shift_fraction(rec->pulse.p, f);
    at->distortion = shift_fraction(rec->distortion, f);
    at->noise = shift_fraction(rec->noise, f);
  }
  o.fixed_phase = s0;
  StatNoise nz = stat_noise(cfg, m);
  // rms of the recorded noise and distortion at the sampling point (V)
  double nn = 0, dd = 0;
  std::size_t cnt = 0;
  for (std::size_t j = static_cast<std::size_t>(at->first_symbol); j * at->osr + static_cast<std::size_t>(s0) < at->noise.size(); ++j) {
    const std::size_t i = j * at->osr + static_cast<std::size_t>(s0);
    nn += at->noise[i] * at->noise[i];
    dd += at->distortion[i] * at->distortion[i];
    ++cnt;
  }
  const double nr = std::sqrt(nn / static_cast<double>(std::max<std::size_t>(cnt, 1)));
  const double dr = std::sqrt(dd / static_cast<double>(std::max<std::size_t>(cnt, 1)));
  // front-end noise and distortion sample by sample from the calibration (PDF per level at the
  // slicer); their rms only shapes the MMSE design
  nz.sigma_rx_v = m.sigma_rx_v;
  nz.sampled = at;
  nz.sigma_design_v = std::sqrt(nr * nr + dr * dr);
  const double fs = cfg.rx.adc_full_scale_v;
  const double agc = cfg.rx.agc_target_rms * fs / fe->signal_rms();
  const double enob = cfg.rx.adc_enob > 0 ? cfg.rx.adc_enob : cfg.rx.adc_bits;
  nz.sigma_q_v = fs / std::pow(2.0, enob) / std::sqrt(12.0) / agc;
  StatResult r = analyze(at->pulse, nz, o);
  r.optical_noise_v = nr;
  r.optical_distortion_v = dr;
  r.optical_phase_fraction = f;
  r.pulse = at->pulse;
  return r;
}

}  // namespace halo::sim

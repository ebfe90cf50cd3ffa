// Statistical analysis of an optical link: the optical front end is linearised (Bussgang pulse
// from the noise-free calibration waveform); the nonlinear distortion (noise-free waveform minus
// its linear prediction) and the noise (RIN, shot, thermal: noisy minus noise-free waveform) are
// recorded sample by sample in the calibration, filtered by the FFE at the chosen cursor and
// carried per transmitted level: the distortion as a discrete PDF convolved with the residual
// ISI PDF, the noise as a Gaussian with a per-level (signal-dependent) sigma. Approximations:
// distortion and linear ISI are treated as independent, the distortion PDF is that of the 6000
// calibration symbols (its tails beyond them are not represented).
#include <cmath>

#include "front_end.hpp"
#include "halo/sim/link.hpp"

namespace halo::sim {

StatResult analyze_optical(const LinkConfig& cfg, const LinkModel& m) {
  if (!m.optical) throw std::invalid_argument("analyze_optical: the link has no optical segment");
  const auto fe = detail::make_optical_front_end(cfg, m);
  const auto sampled = fe->sampled_impairments();
  const SymbolPulse& p = sampled ? sampled->pulse : *fe->linear_pulse();
  StatOptions o = stat_options(cfg, m);
  o.jitter_pulse = {};  // the Bussgang pulse already includes the TX FFE
  if (cfg.rx.cdr == "mm") {
    o.phase_mode = PhaseMode::kMuellerMuller;
    o.mm_dither = true;  // the optical sampler is quantised to T/osr (osr 8 typical)
  } else {
    o.phase_mode = PhaseMode::kFixed;
    o.fixed_phase = fe->linear_cursor();
  }
  StatNoise nz = stat_noise(cfg, m);
  const double nr = fe->noise_rms(), dr = fe->distortion_rms();
  // front-end noise and distortion sample by sample from the calibration (PDF per level at the
  // slicer); their rms only shapes the MMSE design
  nz.sigma_rx_v = m.sigma_rx_v;
  nz.sampled = sampled;
  nz.sigma_design_v = std::sqrt(nr * nr + dr * dr);
  const double fs = cfg.rx.adc_full_scale_v;
  const double agc = cfg.rx.agc_target_rms * fs / fe->signal_rms();
  const double enob = cfg.rx.adc_enob > 0 ? cfg.rx.adc_enob : cfg.rx.adc_bits;
  nz.sigma_q_v = fs / std::pow(2.0, enob) / std::sqrt(12.0) / agc;
  StatResult r = analyze(p, nz, o);
  r.optical_noise_v = nr;
  r.optical_distortion_v = dr;
  r.pulse = p;
  return r;
}

}  // namespace halo::sim

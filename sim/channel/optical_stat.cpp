// Statistical analysis of an optical link: the optical front end is linearised (Bussgang pulse
// from the noise-free calibration waveform); its memoryless nonlinearity enters as per-level
// offsets (level compression), the remaining distortion and the noise (RIN, shot, thermal)
// measured at the sampling phase as Gaussian terms. An approximation (compare with the time
// domain, which is the reference for nonlinear links).
#include <cmath>

#include "front_end.hpp"
#include "halo/sim/link.hpp"

namespace halo::sim {

StatResult analyze_optical(const LinkConfig& cfg, const LinkModel& m) {
  if (!m.optical) throw std::invalid_argument("analyze_optical: the link has no optical segment");
  const auto fe = detail::make_optical_front_end(cfg, m);
  const SymbolPulse& p = *fe->linear_pulse();
  StatOptions o = stat_options(cfg, m);
  o.jitter_pulse = {};  // the Bussgang pulse already includes the TX FFE
  if (cfg.rx.cdr == "mm") {
    o.phase_mode = PhaseMode::kMuellerMuller;
  } else {
    o.phase_mode = PhaseMode::kFixed;
    o.fixed_phase = fe->linear_cursor();
  }
  StatNoise nz = stat_noise(cfg, m);
  const double nr = fe->noise_rms(), dr = fe->distortion_rms();
  nz.sigma_rx_v = std::sqrt(nr * nr + dr * dr + m.sigma_rx_v * m.sigma_rx_v);
  nz.level_offset_v = fe->level_offsets();
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

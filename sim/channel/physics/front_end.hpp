// Internal: analog front ends of the time-domain engine (ADC-input samples per symbol).
#pragma once

#include <array>
#include <memory>
#include <span>
#include <vector>

#include "halo/sim/link.hpp"
#include "halo/sim/rng.hpp"

namespace halo::sim::detail {

class FrontEnd {
 public:
  virtual ~FrontEnd() = default;
  /// u: TX amplitudes (V, after TX FFE and TX noise) of this block; tau: TX edge jitter (UI)
  /// per symbol or empty; delta: sampler offset (1/osr UI) relative to the start, i.e. the CDR
  /// phase x osr: the linear front end rounds it to the nearest sample (its pulse columns are
  /// per T/osr phase), the optical one interpolates linearly between the T/osr samples;
  /// out: one ADC-input sample per symbol (V, before RX noise). eye (optional): eye_phases()
  /// samples per symbol at offsets delta + j, j = 0..eye_phases()-1.
  virtual void process(std::span<const double> u, std::span<const double> tau, double delta,
                       std::span<double> out, std::vector<double>* eye) = 0;
  /// Symbols between a TX symbol and the ADC sample holding its main cursor.
  [[nodiscard]] virtual long cursor_delay() const = 0;
  [[nodiscard]] virtual unsigned eye_phases() const = 0;
  /// Linearised (Bussgang) pulse at the ADC input and its main-cursor sample, for front ends
  /// that are not described by the model's pulse (optical); nullptr otherwise.
  [[nodiscard]] virtual const SymbolPulse* linear_pulse() const { return nullptr; }
  [[nodiscard]] virtual long linear_cursor() const { return 0; }
  /// Noise-free rms at the ADC input (V) measured at calibration; 0 if not measured.
  [[nodiscard]] virtual double signal_rms() const { return 0; }
  /// Optical: calibration distortion and noise sample by sample (see SampledImpairments), or
  /// null.
  [[nodiscard]] virtual std::shared_ptr<const SampledImpairments> sampled_impairments() const { return nullptr; }
  /// Optical: device temperature (C) from the next block on (MZM bias drift); electrical: no
  /// temperature-dependent element, ignored.
  virtual void set_temperature_c(double /*t*/) {}
};

/// Solves R x = b for a symmetric positive definite R (n x n, row-major) by Cholesky
/// decomposition; throws std::runtime_error if R is not positive definite.
std::vector<double> solve_spd(std::vector<double> r, std::vector<double> b, std::size_t n);

/// Gaussian tail Q(x) = 0.5 erfc(x / sqrt 2), bit for bit: 0 for x >= qfunc_zero_from()
/// without calling erfc (the statistical engine and TDECQ sum many tails far beyond it).
double qfunc(double x);
/// The smallest double x at which 0.5 erfc(x / sqrt 2) is exactly 0 (38.4753657304 with glibc),
/// found once by bisection over the doubles with this library's erfc.
double qfunc_zero_from();
/// PAM4 SER of the statistical engine (statistical.cpp): each level l (0..3, -1, -1/3, 1/3, 1)
/// with deviation (x - center) delta + off[l] at PMF bin x and Gaussian noise sigma (level
/// units; 0: none) is in error across the thresholds +-1/3 next to it:
/// SER = 1/4 sum_l [P_up(l), l < 3] + [P_dn(l), l > 0]; p_tail receives P_up of level 2.
/// Bins below 1e-300 are skipped.
double pam4_level_tails_ser(const std::vector<double>& pmf, long center, double delta, const std::array<double, 4>& off,
                            double sigma, double& p_tail);

/// Electrical link: pulse superposition (exact for a linear channel), aggressors with their
/// own random data, step-response form with per-edge jitter.
std::unique_ptr<FrontEnd> make_linear_front_end(const LinkConfig& cfg, const LinkModel& m, long start_sample);

/// The front end of a link (electrical or optical) as the time-domain engine builds it;
/// start: the first sampling point (electrical: pulse sample of the MM lock estimate for
/// rx.cdr mm, the best-SER phase otherwise, plus rx.cdr.initial_offset_ui; optical: 0).
std::shared_ptr<FrontEnd> make_front_end(const LinkConfig& cfg, const LinkModel& m, long& start);

/// AGC gain (V/V) before the ADC: analytic for electrical links, from the optical front
/// end's calibration rms otherwise.
double front_end_agc(const LinkConfig& cfg, const LinkModel& m, const FrontEnd& fe);

/// Optical link: oversampled waveform (driver, modulator, RIN, fiber, photodiode, TIA, CTLE).
std::unique_ptr<FrontEnd> make_optical_front_end(const LinkConfig& cfg, const LinkModel& m);

/// Optical power (W) at the fiber output of an optical link (driver, modulator, RIN when
/// `noise`, fiber loss and chromatic dispersion; no photodiode, TIA or RX filter), osr
/// samples per symbol, for the TX amplitudes u (V, TX FFE applied). temperature_c: device
/// temperature (MZM bias drift), NaN = optical.temperature_c. Used by TDECQ (halo/sim/tdecq.hpp).
std::vector<double> optical_power_waveform(const LinkConfig& cfg, const LinkModel& m, std::span<const double> u,
                                           bool noise, double temperature_c);

}  // namespace halo::sim::detail

// Mixed-mode conversion, frequency responses of linear blocks, and causal impulse and pulse
// responses at a chosen symbol rate and oversampling.
//
// Units: frequency in Hz, time in s (dt = 1 / (symbol_rate * osr)), gains dimensionless
// (V/V). The discrete impulse response h[m] is the response to a unit sample at rate
// 1/dt (sum_m h[m] = H(0)); the pulse response p[n] = sum_{m=0}^{osr-1} h[n-m] is the
// response to a 1-UI rectangular pulse of amplitude 1.
#pragma once

#include <complex>
#include <functional>
#include <string>
#include <vector>

#include "halo/sim/touchstone.hpp"

namespace halo::sim {

/// Differential port assignment (0-based port indices): input pair (in_p, in_n), output pair
/// (out_p, out_n). SDD21 = (S[out_p][in_p] - S[out_p][in_n] - S[out_n][in_p] + S[out_n][in_n]) / 2.
struct PortMap {
  unsigned in_p = 0, in_n = 2, out_p = 1, out_n = 3;  ///< default: through S21/S43
  [[nodiscard]] std::string str() const;            ///< "1,3->2,4" (1-based)
};

/// Detects the through paths of a 4-port from the lowest-frequency point: each port's
/// strongest transmission partner must be mutual and |S| > 0.5. The pair with the lowest port
/// number gives the positive leg; within a through pair the lower port is the input.
/// Throws std::invalid_argument (naming the file) if no clear through pairing exists
/// (e.g. crosstalk-only files: declare the ports then).
PortMap detect_port_map(const SParams& sp);

/// Parses "1,3,2,4" (in_p,in_n,out_p,out_n, 1-based). Throws std::invalid_argument.
PortMap parse_port_map(const std::string& text, unsigned num_ports);

/// A sampled frequency response H(f_k), f strictly increasing, f[0] == 0 after extrapolation.
struct FreqResponse {
  std::vector<double> freq_hz;
  std::vector<std::complex<double>> h;
  /// Interpolated value: linear in magnitude and unwrapped phase; 0 above the last point.
  [[nodiscard]] std::complex<double> operator()(double f) const;
  std::vector<double> unwrapped_phase;  ///< filled by finalize()
  void finalize();                      ///< computes unwrapped_phase (call after filling)
};

/// SDD21 of a 4-port (2-port: S21) with DC extrapolation: when the first point is above DC,
/// H(0) = |H(f_0)| (real, phase 0) is prepended. Throws std::invalid_argument for a port map
/// out of range.
FreqResponse sdd21(const SParams& sp, const PortMap& map);

/// 20 log10 |H| at the data point nearest f (the channels README convention).
double loss_db_nearest(const FreqResponse& r, double f_hz);

/// A linear block's response as a function of frequency (Hz).
using FreqFunction = std::function<std::complex<double>(double)>;

/// CTLE in the IEEE 802.3 COM form (93A.1.4.3):
///   H(f) = (g_dc + j f/f_z) / ((1 + j f/f_p1)(1 + j f/f_p2)),  g_dc = 10^(dc_gain_db/20).
FreqFunction ctle_com(double dc_gain_db, double fz_hz, double fp1_hz, double fp2_hz);
/// General pole/zero CTLE: H(f) = k prod(1 + j f/z_i) / prod(1 + j f/p_i); k = 10^(gain_db/20).
FreqFunction ctle_pz(double gain_db, std::vector<double> zeros_hz, std::vector<double> poles_hz);
/// 4th-order Bessel-Thomson low-pass with 3 dB frequency f3db (COM receiver filter, 93A.1.4.2).
FreqFunction bessel_thomson4(double f3db_hz);
/// First-order low-pass, 3 dB at f3db.
FreqFunction lowpass1(double f3db_hz);

/// Causal discrete impulse response at sample interval dt.
struct ImpulseResponse {
  double dt_s = 0;
  std::vector<double> h;        ///< h[0] at t = delay_s
  double delay_s = 0;           ///< pure delay removed from the front
  double acausal_energy = 0;    ///< energy at negative time (dropped), relative to total
  double truncated_energy = 0;  ///< tail energy beyond h.size(), relative to total
};

struct ImpulseOptions {
  double fs_hz = 0;          ///< sample rate (symbol_rate * osr); required
  double df_hz = 10e6;       ///< frequency step of the IFFT grid (time span 1/df)
  double max_length_s = 0;   ///< 0: automatic (energy 1e-7 criterion, <= 1/(2 df))
  double taper_start = 0.9;  ///< raised-cosine taper from taper_start*f_max to f_max of the data
  bool trim_delay = true;    ///< remove the pure delay before the first significant sample
};

/// Impulse response of H_data(f) * extra(f) (extra may be empty) sampled at opt.fs_hz.
/// h = real(IFFT) of the response on a uniform grid (N = power of two >= fs/df); the part at
/// negative time (wrapped to the end) is dropped and reported as acausal_energy.
ImpulseResponse impulse_response(const FreqResponse* data, const FreqFunction& extra,
                                 const ImpulseOptions& opt);

/// Pulse response for a 1-UI rectangular pulse: p[n] = sum_{m=0}^{osr-1} h[n-m].
std::vector<double> pulse_response(const ImpulseResponse& ir, unsigned osr);

}  // namespace halo::sim

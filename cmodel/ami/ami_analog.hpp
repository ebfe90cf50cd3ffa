// The RX model's analog front end (docs/ami.md): a rational transfer function
//   H(s) = K prod_j (s - z_j) / prod_i (s - p_i),   fewer zeros than poles, distinct poles,
// built from the CTLE in the IEEE 802.3 COM form (93A-22)
//   H(f) = (g_dc + j f/f_z) / ((1 + j f/f_p1)(1 + j f/f_p2)),  g_dc = 10^(dc_gain_db/20)
// and, optionally, the 4th-order Bessel-Thomson receiver filter of COM (93A-20), 3 dB at f3db:
//   H(s') = 105 / (s'^4 + 10 s'^3 + 45 s'^2 + 105 s' + 105),  s' = s * 2.1139 / (2 pi f3db)
// (the same responses as halo::sim::ctle_com / bessel_thomson4 of `halolink sim`).
//
// Discretisation at the simulator's sample interval dt: partial fractions
// H(s) = sum_i r_i / (s - p_i), r_i = K prod_j (p_i - z_j) / prod_{l != i} (p_i - p_l); each
// pole's impulse response r_i e^{p_i t} is integrated over every sample interval, so the
// discrete response to one sample is g[m] = sum_i c_i a_i^m with a_i = e^{p_i dt},
// c_i = r_i (a_i - 1) / p_i (sum_m g[m] = H(0) exactly), run as one complex first-order
// recursion per pole, y_i[n] = a_i y_i[n-1] + c_i x[n], output Re sum_i y_i[n]. Streaming: the
// state carries over between calls. Units: Hz, s; the output has the input's unit.
#pragma once

#include <cmath>
#include <complex>
#include <span>
#include <stdexcept>
#include <vector>

namespace halo::ami {

class AnalogFilter {
 public:
  using cd = std::complex<double>;
  AnalogFilter() = default;
  /// Throws std::invalid_argument for a pole not in the left half plane, repeated poles, or
  /// as many zeros as poles.
  AnalogFilter(double k, const std::vector<cd>& zeros, const std::vector<cd>& poles, double dt) {
    if (zeros.size() >= poles.size() && !poles.empty())
      throw std::invalid_argument("analog filter: needs fewer zeros than poles");
    for (std::size_t i = 0; i < poles.size(); ++i) {
      if (!(poles[i].real() < 0)) throw std::invalid_argument("analog filter: pole not in the left half plane");
      cd r = k;
      for (const cd& z : zeros) r *= poles[i] - z;
      for (std::size_t l = 0; l < poles.size(); ++l)
        if (l != i) {
          const cd d = poles[i] - poles[l];
          if (std::abs(d) <= 1e-9 * std::abs(poles[i])) throw std::invalid_argument("analog filter: repeated pole");
          r /= d;
        }
      const cd a = std::exp(poles[i] * dt);
      a_.push_back(a);
      c_.push_back(r * (a - 1.0) / poles[i]);
    }
    y_.assign(a_.size(), cd(0, 0));
  }
  [[nodiscard]] bool empty() const noexcept { return a_.empty(); }
  /// Filters x in place (no-op for an empty filter).
  void process(std::span<double> x) {
    if (a_.empty()) return;
    for (double& v : x) {
      double out = 0;
      for (std::size_t i = 0; i < a_.size(); ++i) {
        y_[i] = a_[i] * y_[i] + c_[i] * v;
        out += y_[i].real();
      }
      v = out;
    }
  }
  void reset() { y_.assign(a_.size(), cd(0, 0)); }

 private:
  std::vector<cd> a_, c_, y_;
};

/// Front end of the RX model: CTLE (COM form; enabled when fz_hz > 0) cascaded with the
/// Bessel-Thomson filter (f3db_hz > 0), as one rational H(s) (see above). fp1 == fp2 is
/// moved apart by 1e-6 relative (a double pole has no first-order partial fraction).
inline AnalogFilter make_front_end(double dc_gain_db, double fz_hz, double fp1_hz, double fp2_hz,
                                   double f3db_hz, double dt) {
  using cd = std::complex<double>;
  constexpr double kTwoPi = 6.283185307179586;
  double k = 1;
  std::vector<cd> zeros, poles;
  if (fz_hz > 0) {
    const double g = std::pow(10.0, dc_gain_db / 20), wz = kTwoPi * fz_hz, w1 = kTwoPi * fp1_hz;
    double w2 = kTwoPi * fp2_hz;
    if (std::fabs(w2 - w1) <= 1e-6 * w1) w2 = w1 * (1 + 1e-6);
    k *= w1 * w2 / wz;
    zeros.emplace_back(-g * wz, 0);
    poles.emplace_back(-w1, 0);
    poles.emplace_back(-w2, 0);
  }
  if (f3db_hz > 0) {
    const double w0 = kTwoPi * f3db_hz / 2.113917674904;
    // roots of s^4 + 10 s^3 + 45 s^2 + 105 s + 105
    const cd q[4] = {{-2.1037893971796, 2.6574180418567},
                     {-2.1037893971796, -2.6574180418567},
                     {-2.8962106028204, 0.8672341289345},
                     {-2.8962106028204, -0.8672341289345}};
    k *= 105 * w0 * w0 * w0 * w0;
    for (const cd& r : q) poles.push_back(r * w0);
  }
  if (poles.empty()) return {};
  return AnalogFilter(k, zeros, poles, dt);
}

}  // namespace halo::ami

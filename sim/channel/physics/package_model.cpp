// Annex 93A transmission-line, package and die two-ports (see halo/sim/package_model.hpp).
#include "halo/sim/package_model.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace halo::sim {

using cd = std::complex<double>;

TwoPort cascade(const TwoPort& a, const TwoPort& b) {
  const cd den = 1.0 - a.s22 * b.s11;
  if (std::abs(den) == 0.0) throw std::domain_error("cascade: 1 - S22(a) S11(b) = 0 (lossless resonance)");
  TwoPort r;
  r.s11 = a.s11 + a.s12 * a.s21 * b.s11 / den;
  r.s21 = a.s21 * b.s21 / den;
  r.s12 = a.s12 * b.s12 / den;
  r.s22 = b.s22 + b.s21 * b.s12 * a.s22 / den;
  return r;
}

cd tline_gamma(const TlineParams& p, double f_hz) {
  const double f = f_hz / 1e9;  // the formula's f is in GHz
  if (f <= 0.0) return {p.gamma0_per_mm, 0.0};
  const cd j(0.0, 1.0);
  const cd g1 = p.a1 * (1.0 + j);
  const cd g2 = p.a2 * (1.0 - j * (2.0 / std::numbers::pi) * std::log(f)) + j * 2.0 * std::numbers::pi * p.tau_ns_per_mm;
  return p.gamma0_per_mm + g1 * std::sqrt(f) + g2 * f;
}

TwoPort tline(const TlineParams& p, double f_hz, double r0_ohm) {
  if (!(p.length_mm >= 0.0)) throw std::invalid_argument("tline: length z_p must be >= 0 mm, got " + std::to_string(p.length_mm));
  if (!(p.zc_ohm > 0.0)) throw std::invalid_argument("tline: Z_c must be > 0 ohm, got " + std::to_string(p.zc_ohm));
  if (!(r0_ohm > 0.0)) throw std::invalid_argument("tline: R_0 must be > 0 ohm, got " + std::to_string(r0_ohm));
  const double rho = (p.zc_ohm - 2.0 * r0_ohm) / (p.zc_ohm + 2.0 * r0_ohm);
  const cd gz = tline_gamma(p, f_hz) * p.length_mm;
  const cd e1 = std::exp(-gz), e2 = std::exp(-2.0 * gz);
  const cd den = 1.0 - rho * rho * e2;
  TwoPort t;
  t.s11 = t.s22 = rho * (1.0 - e2) / den;
  t.s21 = t.s12 = (1.0 - rho * rho) * e1 / den;
  return t;
}

TwoPort shunt_c(double c_f, double f_hz, double r0_ohm) {
  const cd x(0.0, 2.0 * std::numbers::pi * f_hz * c_f * r0_ohm);  // j w C R0
  TwoPort t;
  t.s11 = t.s22 = -x / (2.0 + x);
  t.s21 = t.s12 = 2.0 / (2.0 + x);
  return t;
}

TwoPort series_l(double l_h, double f_hz, double r0_ohm) {
  const cd x(0.0, 2.0 * std::numbers::pi * f_hz * l_h);  // j w L
  TwoPort t;
  t.s11 = t.s22 = x / (2.0 * r0_ohm + x);
  t.s21 = t.s12 = 2.0 * r0_ohm / (2.0 * r0_ohm + x);
  return t;
}

TwoPort die_two_port(const DieModel& d, double f_hz, double r0_ohm) {
  if (d.cd_f.size() != d.ls_h.size())
    throw std::invalid_argument("die model: C_d has " + std::to_string(d.cd_f.size()) + " stages but L_s has " +
                                std::to_string(d.ls_h.size()));
  TwoPort s;  // through
  for (std::size_t n = 0; n < d.cd_f.size(); ++n) {
    s = cascade(s, shunt_c(d.cd_f[n], f_hz, r0_ohm));
    s = cascade(s, series_l(d.ls_h[n], f_hz, r0_ohm));
  }
  return cascade(s, shunt_c(d.cb_f, f_hz, r0_ohm));
}

TwoPort package_two_port(const PackageModel& p, double f_hz, double r0_ohm) {
  TwoPort s;
  for (const auto& seg : p.segments) s = cascade(s, tline(seg, f_hz, r0_ohm));
  return cascade(s, shunt_c(p.cp_f, f_hz, r0_ohm));
}

TwoPort tx_device(const DeviceModel& d, double f_hz, double r0_ohm) {
  TwoPort s = die_two_port(d.die, f_hz, r0_ohm);
  if (d.has_package) s = cascade(s, package_two_port(d.package, f_hz, r0_ohm));
  if (d.has_host) {
    s = cascade(s, shunt_c(d.host_c0_f, f_hz, r0_ohm));
    s = cascade(s, tline(d.host_line, f_hz, r0_ohm));
    s = cascade(s, shunt_c(d.host_c1_f, f_hz, r0_ohm));
  }
  return s;
}

TwoPort rx_device(const DeviceModel& d, double f_hz, double r0_ohm) { return tx_device(d, f_hz, r0_ohm).flipped(); }

double termination_gamma(double rd_ohm, double r0_ohm) { return (rd_ohm - r0_ohm) / (rd_ohm + r0_ohm); }

cd terminated_h21(const TwoPort& s, double g1, double g2) {
  const cd den = 1.0 - s.s11 * g1 - s.s22 * g2 + g1 * g2 * (s.s11 * s.s22 - s.s12 * s.s21);
  return s.s21 * (1.0 - g1) * (1.0 + g2) / den;
}

}  // namespace halo::sim

// Annex 93A transmission-line / package / die two-ports against independent closed forms:
// ABCD (chain) matrices of the same circuits written here, the lossless limit, the matched
// line's insertion loss from Re(gamma), reciprocity and passivity.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <complex>
#include <numbers>

#include "halo/sim/package_model.hpp"

namespace {

using cd = std::complex<double>;
using halo::sim::TwoPort;
constexpr double kPi = std::numbers::pi;

// Chain matrix [A B; C D] and its conversion to S at reference z0 (Pozar, Table 4.2).
struct Abcd {
  cd a{1.0}, b{0.0}, c{0.0}, d{1.0};
  Abcd operator*(const Abcd& o) const {
    return {a * o.a + b * o.c, a * o.b + b * o.d, c * o.a + d * o.c, c * o.b + d * o.d};
  }
  [[nodiscard]] TwoPort to_s(double z0) const {
    const cd den = a + b / z0 + c * z0 + d;
    TwoPort s;
    s.s11 = (a + b / z0 - c * z0 - d) / den;
    s.s12 = 2.0 * (a * d - b * c) / den;
    s.s21 = 2.0 / den;
    s.s22 = (-a + b / z0 - c * z0 + d) / den;
    return s;
  }
};
Abcd line_abcd(cd gamma_l, double zc) {
  return {std::cosh(gamma_l), zc * std::sinh(gamma_l), std::sinh(gamma_l) / zc, std::cosh(gamma_l)};
}
// differential view of single-ended elements on both legs: shunt C per leg -> Y = j w C / 2
// across the pair; series L per leg -> Z = 2 j w L
Abcd shunt_abcd(double c, double f) { return {1.0, 0.0, cd(0, 2 * kPi * f * c / 2), 1.0}; }
Abcd series_abcd(double l, double f) { return {1.0, cd(0, 2 * kPi * f * 2 * l), 0.0, 1.0}; }

void expect_near(const TwoPort& a, const TwoPort& b, double tol) {
  EXPECT_NEAR(std::abs(a.s11 - b.s11), 0.0, tol);
  EXPECT_NEAR(std::abs(a.s12 - b.s12), 0.0, tol);
  EXPECT_NEAR(std::abs(a.s21 - b.s21), 0.0, tol);
  EXPECT_NEAR(std::abs(a.s22 - b.s22), 0.0, tol);
}

// 802.3ck / 802.3dj class A package line parameters (Table 93A-1 as amended; 178A)
halo::sim::TlineParams class_a(double zc, double len) { return {5e-4, 8.9e-4, 2e-4, 6.141e-3, zc, len}; }

TEST(PackageModel, LosslessLineIsAPureDelayWhenMatched) {
  const double r0 = 50.0;
  halo::sim::TlineParams p{0, 0, 0, 6.141e-3, 2 * r0, 12.0};
  for (double f : {1e8, 1e9, 13.28e9, 26.5625e9, 53.125e9}) {
    const TwoPort s = halo::sim::tline(p, f, r0);
    EXPECT_NEAR(std::abs(s.s11), 0.0, 1e-15);
    const cd expect = std::exp(cd(0, -2 * kPi * (f / 1e9) * 6.141e-3 * 12.0));
    EXPECT_NEAR(std::abs(s.s21 - expect), 0.0, 1e-12) << f;
  }
}

TEST(PackageModel, LosslessMismatchedLineMatchesAbcdAndConservesPower) {
  const double r0 = 46.25;
  halo::sim::TlineParams p{0, 0, 0, 6.141e-3, 87.5, 33.0};
  for (double f = 0.05e9; f < 60e9; f += 1.37e9) {
    const TwoPort s = halo::sim::tline(p, f, r0);
    const cd gl(0, 2 * kPi * (f / 1e9) * p.tau_ns_per_mm * p.length_mm);
    expect_near(s, line_abcd(gl, p.zc_ohm).to_s(2 * r0), 1e-12);
    EXPECT_NEAR(std::norm(s.s11) + std::norm(s.s21), 1.0, 1e-12);
  }
}

TEST(PackageModel, LossyLineMatchesAbcdWithTheFormulaGamma) {
  const double r0 = 50.0;
  const auto p = class_a(92.5, 1.8);
  for (double f : {0.0, 0.01e9, 1e9, 10e9, 26.5625e9, 53.125e9}) {
    const double fg = f / 1e9;
    // (93A-9..12), written out here
    cd gamma(p.gamma0_per_mm, 0.0);
    if (fg > 0)
      gamma += p.a1 * std::sqrt(fg) * cd(1, 1) +
               fg * (p.a2 * cd(1.0, -(2 / kPi) * std::log(fg)) + cd(0, 2 * kPi * p.tau_ns_per_mm));
    EXPECT_NEAR(std::abs(halo::sim::tline_gamma(p, f) - gamma), 0.0, 1e-15);
    expect_near(halo::sim::tline(p, f, r0), line_abcd(gamma * p.length_mm, p.zc_ohm).to_s(2 * r0), 1e-12);
  }
}

TEST(PackageModel, MatchedLineInsertionLossFollowsRealGamma) {
  // matched (Z_c = 2 R_0): IL(f) = 20 log10(e) Re(gamma) z_p, Re(gamma) = g0 + a1 sqrt(f) + a2 f
  const double r0 = 50.0;
  auto p = class_a(100.0, 30.0);
  const double f = 26.5625e9, fg = 26.5625;
  const double il_db = 20.0 / std::log(10.0) * (5e-4 + 8.9e-4 * std::sqrt(fg) + 2e-4 * fg) * 30.0;
  EXPECT_NEAR(il_db, 2.71, 0.01);  // by hand: (5e-4 + 4.587e-3 + 5.3125e-3) /mm * 30 mm * 8.686 dB/Np
  const TwoPort s = halo::sim::tline(p, f, r0);
  EXPECT_NEAR(-20 * std::log10(std::abs(s.s21)), il_db, 1e-9);
  // twice the length, twice the loss in dB
  p.length_mm = 60.0;
  EXPECT_NEAR(-20 * std::log10(std::abs(halo::sim::tline(p, f, r0).s21)), 2 * il_db, 1e-9);
}

TEST(PackageModel, LumpedElementsMatchAbcd) {
  const double r0 = 50.0;
  for (double f : {1e9, 26.5625e9, 53.125e9}) {
    expect_near(halo::sim::shunt_c(1.1e-13, f, r0), shunt_abcd(1.1e-13, f).to_s(2 * r0), 1e-14);
    expect_near(halo::sim::series_l(0.15e-9, f, r0), series_abcd(0.15e-9, f).to_s(2 * r0), 1e-14);
  }
}

TEST(PackageModel, DeviceCascadeMatchesAbcdProductAndIsPassiveAndReciprocal) {
  const double r0 = 50.0;
  halo::sim::DeviceModel dev;
  dev.rd_ohm = 50.0;
  dev.die = {{4e-14, 9e-14, 1.1e-13}, {0.13e-9, 0.15e-9, 0.14e-9}, 3e-14};
  dev.package = {{class_a(87.5, 12.0), class_a(92.5, 1.8)}, 8.7e-14};
  for (double f = 0.0; f <= 60e9; f += 2.5e9) {
    Abcd m;
    for (int n = 0; n < 3; ++n) m = m * shunt_abcd(dev.die.cd_f[n], f) * series_abcd(dev.die.ls_h[n], f);
    m = m * shunt_abcd(dev.die.cb_f, f);
    for (const auto& seg : dev.package.segments) m = m * line_abcd(halo::sim::tline_gamma(seg, f) * seg.length_mm, seg.zc_ohm);
    m = m * shunt_abcd(dev.package.cp_f, f);
    const TwoPort s = halo::sim::tx_device(dev, f, r0);
    expect_near(s, m.to_s(2 * r0), 1e-11);
    EXPECT_NEAR(std::abs(s.s12 - s.s21), 0.0, 1e-13);
    // passive: both columns carry at most unit power
    EXPECT_LE(std::norm(s.s11) + std::norm(s.s21), 1.0 + 1e-12);
    EXPECT_LE(std::norm(s.s22) + std::norm(s.s12), 1.0 + 1e-12);
    const TwoPort r = halo::sim::rx_device(dev, f, r0);
    EXPECT_EQ(r.s11, s.s22);
    EXPECT_EQ(r.s21, s.s12);
  }
}

TEST(PackageModel, TerminatedTransferReducesToVoltageDivider) {
  // a through between R_d source and load: H = (1 - g)(1 + g) / (1 - g^2) = 1 ... and with a
  // matched line and mismatched terminations: H = S21 (1-g1)(1+g2) / (1 - g1 g2 S21^2)
  const double g = halo::sim::termination_gamma(55.0, 50.0);
  EXPECT_NEAR(g, 5.0 / 105.0, 1e-15);
  EXPECT_NEAR(std::abs(halo::sim::terminated_h21(TwoPort{}, g, g) - 1.0), 0.0, 1e-15);
  const TwoPort line = halo::sim::tline({0, 0, 0, 6e-3, 100.0, 10.0}, 10e9, 50.0);
  const cd expect = line.s21 * (1 - g) * (1 + g) / (1.0 - g * g * line.s21 * line.s21);
  EXPECT_NEAR(std::abs(halo::sim::terminated_h21(line, g, g) - expect), 0.0, 1e-15);
}

TEST(PackageModel, BadArgumentsThrow) {
  EXPECT_THROW(halo::sim::tline({0, 0, 0, 6e-3, 100.0, -1.0}, 1e9, 50.0), std::invalid_argument);
  EXPECT_THROW(halo::sim::tline({0, 0, 0, 6e-3, 0.0, 1.0}, 1e9, 50.0), std::invalid_argument);
  halo::sim::DieModel bad{{1e-13, 1e-13}, {1e-10}, 0};
  EXPECT_THROW(halo::sim::die_two_port(bad, 1e9, 50.0), std::invalid_argument);
}

}  // namespace

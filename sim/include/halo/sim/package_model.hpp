// IEEE 802.3 Annex 93A transmission-line, package and die models as differential two-port
// S-parameters, and their cascade.
//
// Conventions (as in Annex 93A and its 802.3ck / 802.3dj amendments, Annex 178A):
//  - Every two-port here is a differential-mode two-port referenced to 2 * r0_ohm, where r0_ohm
//    is the single-ended reference resistance R_0 of the COM parameter table (50 ohm for 802.3ck,
//    46.25 ohm for 802.3dj). Capacitances and inductances are the tabulated single-ended values
//    (one per leg), characteristic impedances Z_c are differential, exactly as in the tables; the
//    single-ended formulae of 93A.1.2.2 - 93A.1.2.4 then give the differential S-parameters.
//  - Port 1 faces the device (transmitter) side, port 2 the channel, for transmitter models;
//    rx_device() returns the port-reversed cascade (port 1 faces the channel).
//  - SI units at the API (Hz, F, H, ohm); the transmission-line parameters keep the table
//    units (gamma_0 in 1/mm, a_1 in ns^(1/2)/mm, a_2 and tau in ns/mm, length in mm) because the
//    formula (93A-9..93A-14) is written with f in GHz.
//
// Sources: IEEE Std 802.3-2022 Annex 93A (93A.1.2.1 - 93A.1.2.4, Table 93A-1); IEEE Std
// 802.3ck-2022 (the die ladder C_d / L_s / C_b in its COM tables: 120F (C2C), 162 (CR),
// 163 (KR)); IEEE P802.3dj Annex 178A (178A.1.4: device termination, package with several line
// segments, partial host channel). Parameter values live in sim/data/com/*.yaml (docs/com.md).
//
// Use: build per-frequency two-ports, cascade them with a channel's SDD two-port
// (cascade(tx_device(...), channel), then rx_device(...)), and take terminated_h21() with
// termination_gamma(R_d, R_0) at both ends for the voltage transfer function.
#pragma once

#include <complex>
#include <vector>

namespace halo::sim {

/// A two-port at one frequency (differential, reference 2 * R_0).
struct TwoPort {
  std::complex<double> s11{0.0}, s12{1.0}, s21{1.0}, s22{0.0};  ///< default: a through
  /// The same network seen from the other side (ports swapped).
  [[nodiscard]] TwoPort flipped() const { return TwoPort{s22, s21, s12, s11}; }
};

/// Cascade a then b (port 2 of a into port 1 of b), same reference impedance.
/// Standard two-port S-parameter cascade; throws std::domain_error if 1 - a.s22 b.s11 == 0
/// (a lossless resonance of two total reflectors).
TwoPort cascade(const TwoPort& a, const TwoPort& b);

/// Transmission-line segment of 93A.1.2.3 (package) / 178A.1.4.2 (one package stage).
struct TlineParams {
  double gamma0_per_mm = 0;  ///< gamma_0, 1/mm (frequency-independent loss)
  double a1 = 0;             ///< a_1, ns^(1/2)/mm (skin-effect loss)
  double a2 = 0;             ///< a_2, ns/mm (dielectric loss)
  double tau_ns_per_mm = 0;  ///< tau, ns/mm (propagation delay)
  double zc_ohm = 100;       ///< Z_c, differential characteristic impedance, ohm
  double length_mm = 0;      ///< z_p, length, mm
};

/// Propagation constant gamma(f) in 1/mm (93A-9..93A-12), f in Hz (used as f/1 GHz):
///   gamma(f) = gamma_0 + a_1 (1 + j) sqrt(f) + f (a_2 (1 - j (2/pi) ln f) + j 2 pi tau),
/// with gamma(0) = gamma_0.
std::complex<double> tline_gamma(const TlineParams& p, double f_hz);

/// Transmission-line two-port (93A-13, 93A-14): rho = (Z_c - 2 R_0)/(Z_c + 2 R_0),
///   S11 = S22 = rho (1 - e^{-2 gamma z}) / (1 - rho^2 e^{-2 gamma z}),
///   S21 = S12 = (1 - rho^2) e^{-gamma z} / (1 - rho^2 e^{-2 gamma z}).
/// Throws std::invalid_argument for z_p < 0, Z_c <= 0 or R_0 <= 0.
TwoPort tline(const TlineParams& p, double f_hz, double r0_ohm);

/// Shunt capacitance c_f (single-ended, on each leg) (93A-8):
///   S11 = S22 = -j w C R_0 / (2 + j w C R_0), S21 = S12 = 2 / (2 + j w C R_0).
TwoPort shunt_c(double c_f, double f_hz, double r0_ohm);

/// Series inductance l_h (single-ended, in each leg) (802.3ck 93A.1.2.2 die ladder):
///   S11 = S22 = j w L / (2 R_0 + j w L), S21 = S12 = 2 R_0 / (2 R_0 + j w L).
TwoPort series_l(double l_h, double f_hz, double r0_ohm);

/// Die (device termination) model: a ladder of (shunt C_d[n], series L_s[n]) stages from the
/// device's termination outwards, ending in the bump capacitance C_b (802.3ck 93A.1.2.2,
/// 178A.1.4.1). The 802.3-2022 single-C_d die is cd_f = {C_d}, ls_h = {0}, cb_f = 0.
struct DieModel {
  std::vector<double> cd_f;  ///< C_d per stage, F (single-ended)
  std::vector<double> ls_h;  ///< L_s per stage, H (single-ended); same length as cd_f
  double cb_f = 0;           ///< C_b, F
};

/// Package model: line segments from the die outwards, ending in C_p at the package-to-board
/// interface (93A.1.2.3; 178A.1.4.2 allows several segments).
struct PackageModel {
  std::vector<TlineParams> segments;
  double cp_f = 0;  ///< C_p, F (single-ended)
};

/// One end of the link: termination R_d, die, package, optional partial host channel
/// (178A.1.4.3: C_0, a line, C_1; has_host false = none).
struct DeviceModel {
  double rd_ohm = 50;  ///< R_d, single-ended termination resistance, ohm
  DieModel die;
  bool has_package = true;
  PackageModel package;
  bool has_host = false;
  double host_c0_f = 0, host_c1_f = 0;
  TlineParams host_line;
};

/// Die model two-port: S(C_d[0]) S(L_s[0]) ... S(C_d[N-1]) S(L_s[N-1]) S(C_b).
/// Throws std::invalid_argument if cd_f and ls_h differ in length.
TwoPort die_two_port(const DieModel& d, double f_hz, double r0_ohm);
/// Package two-port: segment 1 .. segment N, then S(C_p).
TwoPort package_two_port(const PackageModel& p, double f_hz, double r0_ohm);
/// Transmitter-side device model (93A-15 / 178A-7): die, package, host. Port 1: device.
TwoPort tx_device(const DeviceModel& d, double f_hz, double r0_ohm);
/// Receiver-side device model: the same cascade built from the receiver's parameters and
/// port-reversed (port 1 faces the channel, port 2 the device).
TwoPort rx_device(const DeviceModel& d, double f_hz, double r0_ohm);

/// Reflection coefficient of the termination (93A-18 / 178A-3): (R_d - R_0)/(R_d + R_0).
double termination_gamma(double rd_ohm, double r0_ohm);

/// Voltage transfer function of a two-port between source and load reflection coefficients
/// g1, g2 (93A-18):
///   H21 = S21 (1 - g1)(1 + g2) / (1 - S11 g1 - S22 g2 + g1 g2 (S11 S22 - S12 S21)).
/// (For g1 = g2 = 0 this is S21.)
std::complex<double> terminated_h21(const TwoPort& s, double g1, double g2);

}  // namespace halo::sim

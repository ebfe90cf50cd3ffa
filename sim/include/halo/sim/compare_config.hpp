// Configuration of `halolink compare` (plain data) and its YAML loader.
//
// One file describes the channels and traffic that both architectures see (C2M channel
// Touchstone file, optical DR link), the host SerDes, the module DSP, the LPO analog parts,
// the sweeps, the module and hop count, and points at the power parameter file and the
// public-claims scenario file. Field reference: docs/compare.md. Units as in the field names
// (GBd, V, mV, dB, dBm, km, ps/nm/km, nm, dB/Hz, pA/sqrt(Hz), nV/sqrt(Hz), ohm, GHz).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "halo/sim/link_config.hpp"
#include "halo/sim/power_model.hpp"
#include "halo/sim/statistical.hpp"

namespace halo::sim {

struct CompareTx {
  std::vector<double> ffe = {1.0};
  unsigned ffe_main = 0;
  double swing_v = 0.8;            ///< peak-to-peak differential
  double snr_db = 33;              ///< SNR_TX
};

struct CompareRx {
  double noise_rms_mv = 0;         ///< white Gaussian at the ADC input
  double bandwidth_ghz = 0;        ///< 4th-order Bessel-Thomson (0 = 0.75 x symbol rate)
  CtleConfig ctle;                 ///< optional CTLE (COM form)
  double adc_enob = 6.5;
  double agc_target_rms = 0.25;    ///< rms at the ADC as a fraction of full scale
  StatEqualizer eq;                ///< FFE taps/pre, DFE taps/limit
};

struct CompareOptical {
  double launch_power_dbm = 2.0;   ///< average launch power per lane
  double extinction_ratio_db = 4.5;
  double fiber_km = 0.5;
  double fiber_loss_db_km = 0.4;
  double connector_loss_db = 1.0;  ///< total connector/splice loss
  double dispersion_ps_nm_km = -1.5;
  double wavelength_nm = 1310;
  double rin_db_hz = -145;
  double responsivity_a_w = 0.8;
  double thermal_noise_pa_rthz = 15;
  double tia_gain_ohm = 1000;
  double tia_bw_ghz = 40;
  double driver_bw_ghz = 45;       ///< modulator driver (1 pole)
  double modulator_bw_ghz = 40;    ///< modulator (1 pole)
};

struct CompareLpo {
  double driver_noise_nv_rthz = 15;  ///< linear driver input-referred noise density
  CtleConfig driver_ctle;            ///< optional CTLE in the linear driver (host-side C2M pre-compensation)
  CtleConfig tia_ctle;               ///< optional CTLE in the linear TIA output stage (module->host C2M)
  double tia_output_swing_v = 0.5;   ///< linear TIA output (AGC), peak-to-peak, into the C2M
  CompareRx host_rx;                 ///< host receiver used in the LPO link (CTLE + FFE + DFE)
};

struct CompareSweep {
  std::vector<double> fiber_km;           ///< reach sweep (other settings as configured)
  double reach_c2m_loss_db = 0;           ///< C2M Nyquist loss during the reach sweep (0 = the file's)
  /// C2M channel loss at Nyquist (dB) per point: the Touchstone SDD21 scaled as a shorter or
  /// longer trace of the same construction, H^a with a = loss / file loss (magnitude in dB and
  /// unwrapped phase scale with length).
  std::vector<double> c2m_loss_db;
};

struct CompareTimeDomain {
  bool enabled = false;
  std::uint64_t symbols = 300000;   ///< per segment, including training
  std::uint64_t training = 100000;
  std::string rx_model = "float";   ///< link simulator receiver: float | cmodel | auto
  /// > 0: also run both C2M segments with this RX noise (mV rms) so errors are countable, and
  /// compare the time-domain BER with the statistical BER at the same point.
  double stress_noise_mv = 0;
};

/// Duty-cycled link for the low-power (standby) figures (power_model.hpp duty_cycle()).
struct CompareDutyCycle {
  double standby_fraction = 0;  ///< share of each period in standby, wake included (0..1)
  double period_us = 100;       ///< period of the active/standby cycle, us
};

/// Clause 177 inner FEC on the optical segment (802.3dj 2 km class PMDs, e.g. 1.6TBASE-DR8-2):
/// the DSP module adds it on transmit and removes it on receive; the optical lane then runs at
/// line_symbol_rate_gbd. LPO and LRO modules cannot terminate it (docs/compare.md, "1.6T").
struct CompareInnerFec {
  bool enabled = false;
  double line_symbol_rate_gbd = 113.4375;  ///< 106.25 x 128/120 x 1089/1088 (docs/inner_fec.md)
  unsigned chase_l = 4;                    ///< Chase-2 least-reliable positions (op counts, transfer)
  std::string decoder = "chase";           ///< chase (measured transfer, gen_1p6t.hpp) | hard (closed form)
  double decoder_pipeline_cycles = 6;      ///< DSP clock cycles (assumption until the inner RTL)
  double encoder_pipeline_cycles = 2;
  double interleaver_latency_ns = 216.6;   ///< interleaver + deinterleaver: 24576 line symbols (docs/inner_fec.md)
};

/// The linear-receive-optics (LRO, OIF "RTLR": retimed transmit, linear receive) module as a
/// third architecture.
struct CompareLro {
  bool enabled = false;
};

/// NLC on the nonlinear optical front end (nlc_study.hpp): the line segment run in the link
/// simulator's time domain with the MZM/EML compression at a documented operating point and at
/// temperature corners, the line receiver with and without the Volterra NLC.
struct CompareNlc {
  bool enabled = false;
  std::string modulator = "mzm";     ///< mzm | eml
  double driver_gain = 2.0;          ///< V/V: TX levels (+-swing/2) to modulator drive
  double vpi_v = 2.0;                ///< MZM half-wave voltage
  double bias = 0.5;                 ///< MZM bias at 25 C (fraction of Vpi; 0.5 = quadrature)
  double bias_drift_per_c = 0.002;   ///< MZM bias drift per C away from 25 C (fraction of Vpi)
  double eml_compression = 0.0;      ///< EML cubic compression
  double extinction_ratio_db = 25;   ///< MZM finite-ER floor / EML static ER
  std::vector<double> temperatures_c = {-40, 0, 25, 70, 85};
  /// > 0: one more pair of runs at the last temperature with this driver gain (a drive deep
  /// enough into compression that errors are countable without NLC)
  double stress_driver_gain = 0;
  std::uint64_t symbols = 700000;    ///< per run, training included
  std::uint64_t training = 400000;
  unsigned volterra_memory = 5;
  std::string rx_model = "float";    ///< float | cmodel
};

/// The reference receiver's impairments on the C2M segments (c2m_impairments.hpp): absent
/// optional values take the COM preset's (IEEE 802.3 Annex 93A / 802.3ck / 802.3dj tables).
struct CompareC2mImpairments {
  bool enabled = true;
  std::string preset = "auto";           ///< preset name or .yaml path; auto: by symbol rate
  std::optional<double> rj_ui, dd_ui;    ///< sigma_RJ (UI rms), A_DD (UI)
  std::optional<double> snr_tx_db;       ///< SNR_TX of the C2M transmitters, dB
  std::optional<double> eta0_v2_per_ghz; ///< eta_0, V^2/GHz
  bool package = true;                   ///< Annex 93A die + package at both ends
  std::optional<double> host_package_zp_mm;    ///< host-end package line-1 length (absent: longest test case)
  std::optional<double> module_package_zp_mm;  ///< module-end package line-1 length (absent: shortest test case)
  bool crosstalk = true;                 ///< FEXT/NEXT siblings of a THRU file
  bool com = true;                       ///< COM row per electrical segment
  /// CTLE DC gains (dB) searched per channel by the C2M receivers (best BER), as COM searches
  /// g_DC (93A.1.6); empty: each receiver's configured dc_gain_db
  std::vector<double> ctle_search_db = {0, -2, -4, -6, -8, -10, -12};
};

struct ClaimCheck {
  std::string id, text, quantity;  ///< quantity: see docs/compare.md (e.g. dsp_module_w)
  std::optional<double> min, max;  ///< holds when min <= value <= max
  std::string cluster;             ///< cluster scenario name for cluster quantities
  std::string source;
};

struct ClaimsFile {
  double lane_rate_gbps = 0;       ///< generation the claims are about (0: not stated)
  std::vector<ClusterSpec> clusters;
  std::vector<ClaimCheck> checks;
  std::string file;
};

struct CompareConfig {
  std::string name = "compare";
  std::filesystem::path base_dir;
  double symbol_rate_gbd = 53.125;
  unsigned osr = 16;
  std::uint64_t seed = 1;
  ModuleSpec module;
  bool precoding = false;
  unsigned interleave = 2;
  TouchstoneSegment c2m;             ///< host <-> module channel (used in both directions)
  double c2m_extra_loss_db = 0;
  double c2m_loss_db = 0;            ///< scale the channel to this Nyquist loss (0 = the file's)
  CompareTx host_tx, module_tx;      ///< host SerDes TX; module DSP TX toward the host (C2M)
  CompareRx host_rx, module_rx;      ///< host RX (DSP link); module DSP RX (host-side)
  CompareTx line_tx;                 ///< module DSP TX into the optical driver (ffe, snr)
  CompareRx line_rx;                 ///< module DSP RX after the TIA (ENOB, FFE, DFE)
  CompareOptical optical;
  CompareLpo lpo;
  CompareSweep sweep;
  CompareTimeDomain time_domain;
  CompareDutyCycle duty_cycle;
  CompareInnerFec inner_fec;
  CompareLro lro;
  CompareNlc nlc;
  CompareC2mImpairments c2m_impairments;
  unsigned hops = 3;
  double ber_threshold = 2.4e-4;
  std::filesystem::path power_params, claims;
};

/// Loads and validates a compare YAML file against the compare schema (docs/config.md).
/// Throws ConfigError ("FILE:LINE: key.path: expected ..., found ..."), including for unknown,
/// duplicate and null keys.
CompareConfig load_compare_config(const std::filesystem::path& file);
/// Parses YAML text (name used in messages; base_dir resolves relative paths).
CompareConfig parse_compare_config(const std::string& yaml_text, const std::string& name,
                                   const std::filesystem::path& base_dir);
/// Loads the claims/cluster scenario file. Throws ConfigError naming file, line and key path.
ClaimsFile load_claims(const std::filesystem::path& file);
/// Parses claims YAML text (name used in messages).
ClaimsFile parse_claims(const std::string& yaml_text, const std::string& name);

}  // namespace halo::sim

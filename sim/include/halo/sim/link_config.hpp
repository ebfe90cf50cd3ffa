// Link simulator configuration (plain data) and its YAML loader.
//
// Units: GBd, V, dB, UI (jitter), GHz (filter corners), ps/nm/km, km, dBm, mW, A/W, C.
// Every field, with its type, range and default, is in docs/config.md (generated from the
// schema in sim/config/schema_link.cpp). Relative paths in the YAML (channel files) resolve
// against the YAML file's folder.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "halo/config/config.hpp"

namespace halo::sim {

/// Configuration error (the one error type of the configuration layer): what() is
/// "FILE:LINE: key.path: expected ..., found ..."; file(), line(), path() give the parts.
using ConfigError = config::ConfigError;

enum class DataPattern { kPrbs13q, kPrbs31q, kSsprq, kRandom, kKp4 };

struct TxConfig {
  DataPattern pattern = DataPattern::kPrbs31q;
  bool gray = true;
  bool precoding = false;
  std::vector<double> ffe = {1.0};  ///< symbol-spaced taps
  unsigned ffe_main = 0;            ///< index of the main tap in ffe
  double swing_v = 0.8;             ///< peak-to-peak differential: levels +-swing/2, +-swing/6
  std::optional<double> snr_db;     ///< SNR_TX (signal power 5/9 A^2 over TX noise power)
  double rj_ui = 0;                 ///< random jitter rms, UI
  /// Dual-Dirac deterministic jitter, UI: every edge moves by +dj_ui or -dj_ui with equal
  /// probability, independently (the A_DD term of IEEE 802.3 Annex 93A, 93A.1.7).
  double dj_ui = 0;
  double sj_ui = 0;                 ///< sinusoidal jitter amplitude, UI
  double sj_freq_mhz = 0;
};

struct FreqResponse;

struct TouchstoneSegment {
  std::filesystem::path file;
  std::string ports;  ///< "" = detect; else "in+,in-,out+,out-" (1-based)
};

struct AggressorConfig {
  TouchstoneSegment channel;
  std::string kind = "fext";   ///< fext | next (documentation; both drive their own data)
  double swing_v = 0;          ///< 0 = same as tx.swing_v
};

struct OpticalConfig {
  bool enabled = false;
  std::string modulator = "mzm";  ///< mzm | eml
  double driver_gain = 1.0;        ///< V/V from TX levels to modulator drive
  double driver_sat_v = 0;         ///< tanh compression voltage (0 = linear)
  double driver_bw_ghz = 0;        ///< 1-pole bandwidth (0 = none)
  double vpi_v = 2.0;              ///< MZM half-wave voltage
  double bias = 0.5;               ///< MZM bias, fraction of Vpi from null (0.5 = quadrature)
  double bias_drift_per_c = 0.0;   ///< bias change per C away from 25 C (fraction of Vpi)
  double temperature_c = 25.0;
  double extinction_ratio_db = 4.5;///< EML: static ER; MZM: finite-ER floor
  double eml_compression = 0.0;    ///< EML: cubic compression coefficient
  double laser_power_dbm = 3.0;
  double rin_db_hz = -145;         ///< laser RIN, dB/Hz
  double fiber_km = 0.5;
  double fiber_loss_db_km = 0.4;
  double dispersion_ps_nm_km = -1.0; ///< D at the laser wavelength
  double wavelength_nm = 1310;
  double responsivity_a_w = 0.8;
  double thermal_noise_pa_rthz = 15; ///< PD/TIA input-referred, pA/sqrt(Hz)
  bool shot_noise = true;
  double tia_gain_ohm = 1000;
  double tia_bw_ghz = 0;            ///< 0 = 0.75 * symbol rate
  double tia_sat_v = 0;             ///< tanh compression at the TIA output (0 = linear)
};

struct CtleConfig {
  bool enabled = false;
  // COM form when fz_ghz > 0; otherwise pole/zero lists
  double dc_gain_db = 0;
  double fz_ghz = 0, fp1_ghz = 0, fp2_ghz = 0;
  std::vector<double> zeros_ghz, poles_ghz;
};

struct RxConfig {
  double noise_rms_mv = 0;          ///< white Gaussian at the ADC input (pre-AGC), mV rms
  double bandwidth_ghz = 0;         ///< 4th-order Bessel-Thomson (0 = 0.75 * symbol rate, <0 = off)
  CtleConfig ctle;
  double agc_target_rms = 0.25;     ///< AGC target rms, fraction of ADC full scale (peak-to-peak)
  unsigned adc_bits = 8;
  double adc_enob = 0;              ///< 0 = ideal quantizer with adc_bits
  double adc_full_scale_v = 1.0;    ///< peak-to-peak, V
  unsigned ffe_taps = 16, ffe_pre = 5;
  unsigned dfe_taps = 1;
  double dfe_limit = 0.85;
  bool volterra = false;
  unsigned volterra_memory = 5;
  unsigned volterra_memory3 = 0;    ///< 3rd-order memory (0 = off)
  bool lut = false;                 ///< pattern-dependent LUT NLC (rx.model cmodel only; halo::nlc::LutNlc)
  unsigned lut_pattern_len = 3;     ///< L decisions in the LUT address (4^L entries)
  unsigned lut_pre = 0;             ///< later symbols in the pattern (= LUT latency)
  std::string model = "cmodel";     ///< cmodel (bit-exact golden model, default) | float (reference receiver)
  std::string cdr = "mm";           ///< mm | fixed
  double cdr_gain = 2e-5;           ///< UI per unit timing error per symbol (loop gain per block = gain * block_symbols, keep < 0.1)
  double mu_ffe = 2e-3, mu_dfe = 2e-3, mu_volterra = 5e-4;
  unsigned long training_symbols = 200000;
  bool freeze_after_training = false;  ///< stop LMS adaptation when measurement starts
  bool init_mmse = false;           ///< float receiver: start from the statistical MMSE taps
  double cdr_initial_offset_ui = 0; ///< start offset from the pulse peak
};

struct SweepConfig {
  std::string parameter;            ///< rx.noise_rms_mv | tx.snr_db | channel.extra_loss_db
  std::vector<double> values;
};

struct LinkConfig {
  std::string name = "link";
  std::filesystem::path base_dir;   ///< folder of the YAML (for relative paths)
  double symbol_rate_gbd = 53.125;
  unsigned osr = 32;                ///< samples per UI of the channel model
  std::uint64_t seed = 1;
  /// Monte Carlo shard (not a YAML key: `halolink sim --shard`, halolink.sim.run(shard=...)):
  /// every random stream starts shard x 2^192 draws further (rng.hpp); 0 = the plain run.
  std::uint64_t shard = 0;
  std::uint64_t symbols = 1000000;
  unsigned block_symbols = 4096;
  TxConfig tx;
  std::vector<TouchstoneSegment> channel;  ///< electrical segments in series
  double extra_loss_db = 0;         ///< flat extra loss (for loss sweeps)
  std::vector<AggressorConfig> crosstalk;
  OpticalConfig optical;
  RxConfig rx;
  std::string fec = "kp4";          ///< kp4 | kp4_inner_hard | kp4_inner_chase | none
  double ber_floor = 1e-18;
  std::optional<SweepConfig> sweep;
  /// Programmatic (not YAML keys): when set, the victim's electrical response replaces the
  /// cascade of `channel`'s files (which still name the segments in the results), and
  /// aggressor_responses[i] (when non-null) replaces crosstalk[i]'s file; e.g. `halolink
  /// compare`'s C2M channel cascaded with the Annex 93A device models (c2m_impairments.hpp).
  std::shared_ptr<const FreqResponse> victim_response;
  std::vector<std::shared_ptr<const FreqResponse>> aggressor_responses;
};

/// Loads and validates a YAML file against the link schema. Throws ConfigError
/// ("FILE:LINE: key.path: expected ..., found ..."): unknown (with the closest known key),
/// duplicate or null keys, wrong types, non-finite or out-of-range values (sweep values
/// included), a missing `channel` on an electrical link, cross-field constraints.
LinkConfig load_config(const std::filesystem::path& file);
/// Parses YAML text (name used in messages; base_dir for relative paths).
LinkConfig parse_config(const std::string& yaml_text, const std::string& name,
                        const std::filesystem::path& base_dir);
/// Validates cross-field constraints of a config (e.g. after command-line overrides).
/// Throws ConfigError("NAME: key.path: expected ..., found ...").
void validate(const LinkConfig& cfg, const std::string& name = "config");

/// Sets a sweepable parameter by path. Throws ConfigError for unknown paths.
void set_parameter(LinkConfig& cfg, const std::string& path, double value);

}  // namespace halo::sim

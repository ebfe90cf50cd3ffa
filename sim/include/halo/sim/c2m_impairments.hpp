// The reference receiver's impairments on the C2M (host electrical) segments of `halolink
// compare`, taken from the COM parameter tables (sim/data/com/*.yaml, com_config.hpp):
//   - TX random jitter sigma_RJ and dual-Dirac jitter A_DD (93A.1.7, Table 93A-1 layout),
//   - SNR_TX of the C2M transmitters (93A-30),
//   - receiver noise eta_0 (V^2/GHz) through the receiver's filters (93A-35),
//   - the Annex 93A die + package models at both ends of the channel (93A.1.2.2-93A.1.2.3; the
//     802.3ck die ladder; 802.3dj 178A.1.4), cascaded with the channel's SDD two-port and
//     terminated in R_d (93A-18),
//   - FEXT/NEXT aggressors: the files beside a THRU channel file (com::specs_for_thru), each
//     through the same device models, driven at A_fe / A_v (FEXT) or A_ne / A_v (NEXT) of the
//     victim's swing with the victim's TX FFE.
// Every value absent from the compare config's `c2m_impairments` section is the preset's
// (auto: ieee8023ck_c2c, 802.3ck Annex 120F, below 80 GBd; ieee8023dj_kr, P802.3dj Clause 178,
// above: 802.3dj has no C2M COM method, docs/com.md). Field reference: docs/compare.md
// "C2M impairments".
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "halo/sim/channel_response.hpp"
#include "halo/sim/com.hpp"
#include "halo/sim/compare_config.hpp"

namespace halo::sim {

/// Resolved impairments (every value, with where it came from).
struct C2mImpairments {
  bool enabled = false;
  std::string preset;               ///< preset name (or path) used
  std::string source;               ///< the standard table the preset transcribes
  com::Params params;               ///< the preset after the config's overrides; devices with z_p set
  double rj_ui = 0, dd_ui = 0;      ///< sigma_RJ (UI rms), A_DD (UI)
  double snr_tx_db = 33;            ///< SNR_TX, dB
  double eta0_v2_per_ghz = 0;       ///< eta_0, V^2/GHz
  bool package = false;             ///< die + package models applied
  /// Package line-1 length, mm, of the host end (the host ASIC: the preset's longest test case)
  /// and of the module end (module DSP, linear driver or TIA: the shortest test case).
  double host_zp_mm = 0, module_zp_mm = 0;
  DeviceModel host_device, module_device;  ///< the preset's device with those lengths
  bool com = false;                 ///< report COM
  std::vector<double> ctle_search_db;  ///< C2M receivers' CTLE DC gains searched (empty: fixed)
  /// One line per value: "name value unit (preset table | config)".
  std::vector<std::string> cited;
};

/// Resolves cfg.c2m_impairments against its preset: a name is looked up in
/// `cfg.base_dir/../data/com` (the repository layout of sim/configs) and then in
/// com::installed_preset_dir(); a .yaml path is relative to cfg.base_dir. Throws ConfigError
/// (unknown preset, listing the known ones) or std::runtime_error (no presets folder).
C2mImpairments resolve_c2m_impairments(const CompareConfig& cfg);

/// One crosstalk aggressor at the victim receiver.
struct C2mAggressor {
  std::string name;                 ///< file name
  bool next = false;                ///< NEXT (else FEXT)
  std::shared_ptr<const FreqResponse> response;  ///< with the device models (when enabled)
  double amplitude_ratio = 1;       ///< aggressor amplitude / victim amplitude (A_fe / A_v or A_ne / A_v)
  TouchstoneSegment file;           ///< the file and port order (for the link simulator)
};

/// Direction of a C2M channel: which end transmits.
enum class C2mDirection { kHostToModule, kModuleToHost };

/// What sits at the module end of a C2M channel.
///   kSerdes: a module DSP's SerDes: the Annex 93A die + package device model (imp.module_device),
///            terminated in R_d, as at the host end.
///   kLinear: a linear module's driver input or TIA output (LPO both ends, LRO module->host): no
///            die or package; the channel is terminated in the reference impedance R_0
///            (reflection 0). A linear module is specified at its connector (802.3 / OIF
///            practice for module interfaces: TP1a/TP4), and its front end's bandwidth is already
///            in the optical chain (optical.driver_bw_ghz / tia_bw_ghz). docs/compare.md
///            "C2M impairments".
enum class ModuleEnd { kSerdes, kLinear };

/// The C2M channel as the compare uses it: the THRU file's SDD two-port, cascaded with the
/// transmitter and receiver device models when imp.package (host end: imp.host_device,
/// module end: imp.module_device when the module end is a SerDes, none when it is linear),
/// and the aggressors.
class C2mChannel {
 public:
  /// Reads cfg.c2m.file (and its FEXT<n>/NEXT<n> siblings when enabled). Throws
  /// TouchstoneError / std::invalid_argument.
  C2mChannel(const CompareConfig& cfg, const C2mImpairments& imp);
  /// Bare channel SDD21 loss at f (dB, positive), nearest data point.
  [[nodiscard]] double loss_db(double f_hz) const;
  /// Victim transfer function with the channel scaled in length by a (|S21|^a, a x unwrapped
  /// phase of S21 and S12; reflections unchanged), cascaded with the devices (when enabled)
  /// and terminated (93A-18). a = 1: the file. `m`: the module end's device (ModuleEnd).
  [[nodiscard]] std::shared_ptr<const FreqResponse> victim(double a, C2mDirection d, ModuleEnd m) const;
  /// Aggressors at the receiving end of direction d (unscaled: the measured coupling of the
  /// file, at every loss point). kSerdes: each through the same devices as the victim.
  /// kLinear: FEXT through the victim's devices (no module-end device); NEXT, whose two ends
  /// are both at the receiving end: module->host (the host TX into the host RX, both SerDes)
  /// the kSerdes response, host->module (the module's linear output into its linear input)
  /// no device.
  [[nodiscard]] const std::vector<C2mAggressor>& aggressors(C2mDirection d, ModuleEnd m) const {
    return aggressors_[d == C2mDirection::kHostToModule ? 0 : 1][m == ModuleEnd::kSerdes ? 0 : 1];
  }
  /// The COM channels (THRU + aggressors, THRU scaled by a) for com::compute.
  [[nodiscard]] std::vector<com::Channel> com_channels(double a) const;

 private:
  com::Channel thru_;
  std::vector<com::Channel> agg_two_ports_;
  std::vector<C2mAggressor> aggressors_[2][2];  // [direction][module end]
  C2mImpairments imp_;
  std::shared_ptr<const FreqResponse> bare_sdd21_;
};

/// The impairments as JSON: enabled, preset, source, every value with its citation (`cited`),
/// package lengths, the aggressors (file, kind, amplitude ratio), the CTLE search list.
nlohmann::json to_json(const C2mImpairments& imp, const C2mChannel& ch);

/// The report's "Model limits": what the compare models and what it does not, as
/// {"modeled": [...], "not_modeled": [...]} (strings), for this config.
nlohmann::json model_limits(const CompareConfig& cfg, const C2mImpairments& imp);

/// Receiver noise variance (V^2) of eta_0 (V^2/GHz, one-sided) through the receiver's
/// filters h: eta_0 x integral_0^fmax |h(f)|^2 df (93A-35), trapezoid on 4000 points.
double eta0_noise_var(double eta0_v2_per_ghz, const FreqFunction& h, double fmax_hz);

}  // namespace halo::sim

// NLC on the nonlinear optical front end for `halolink compare` (config section `nlc`):
// the DSP module's line segment (DSP TX -> driver -> MZM/EML -> fiber -> PD/TIA -> DSP RX) run
// in the link simulator's time domain (run_time_domain) with the modulator's compression at
// the configured operating point and at temperature corners, the line receiver with and
// without NLC, with the Volterra NLC and with the pattern-dependent LUT NLC (golden-model
// receiver, halo::nlc::LutNlc L = 3, pre 0, as in the power model); with each NLC's power cost
// from the op counts (power_model.hpp).
//
// Mapping of the compare config onto the link simulator's optical link (docs/compare.md
// "NLC on the nonlinear optics"): symbol rate, line_tx (FFE, swing, SNR), optical (fiber,
// dispersion, wavelength, RIN, responsivity, thermal noise, TIA gain and bandwidth, driver
// bandwidth), line_rx (ADC ENOB, FFE, DFE) as configured; the connector loss is folded into
// the fiber loss per km; the CW laser power is the launch power + 3 dB for an MZM (quadrature
// transmits half) and the launch power for an EML; sampling phase fixed at the calibrated
// cursor (cdr: fixed), adaptation frozen after training.
#pragma once

#include <nlohmann/json.hpp>

#include "halo/sim/compare_config.hpp"

namespace halo::sim {

/// NLC of one run of the study's line receiver.
enum class NlcRun { kNone, kVolterra, kLut };

/// The link simulator config (YAML text) of the line segment at temperature t with the given
/// NLC. kLut runs on the LUT's receiver: the golden model (rx.model cmodel: the LUT exists only
/// there) with the configured FFE and no DFE (the LUT's tentative decisions need the post-cursor
/// removed, docs/nlc.md); `lut_receiver` selects that receiver for a run without NLC too (the
/// LUT's reference).
std::string nlc_link_yaml(const CompareConfig& cfg, double temperature_c, NlcRun nlc, bool lut_receiver = false);
/// Without (false) or with (true) the Volterra NLC, on nlc.rx_model.
inline std::string nlc_link_yaml(const CompareConfig& cfg, double temperature_c, bool volterra) {
  return nlc_link_yaml(cfg, temperature_c, volterra ? NlcRun::kVolterra : NlcRun::kNone);
}

/// Runs every corner without NLC and with Volterra (nlc.rx_model, FFE + DFE), and on the LUT's
/// receiver (golden-model FFE, no DFE) without NLC (lut_ref) and with the LUT. JSON: operating
/// point, rows {temperature_c, ber_stat_off, ber_off, ber_on (Volterra), ber_lut_ref, ber_lut,
/// bit_errors_*, ber_upper_95_* (3 / bits),
/// bits, gain_decades (Volterra), gain_lut_decades, gain_*is_lower_bound}, power {dsp_w,
/// dsp_volterra_w, dsp_lut_w, volterra_cost_w, lut_cost_w}. A gain is null when its reference
/// without NLC has no counted errors. Throws ConfigError / std::invalid_argument from the link
/// simulator's validation.
nlohmann::json run_nlc_study(const CompareConfig& cfg, const PowerParams& params);

}  // namespace halo::sim

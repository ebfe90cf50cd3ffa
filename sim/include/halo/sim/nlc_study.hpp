// NLC on the nonlinear optical front end for `halolink compare` (config section `nlc`):
// the DSP module's line segment (DSP TX -> driver -> MZM/EML -> fiber -> PD/TIA -> DSP RX) run
// in the link simulator's time domain (run_time_domain) with the modulator's compression at
// the configured operating point and at temperature corners, the line receiver with and
// without the Volterra NLC; with the NLC's power cost from the op counts (power_model.hpp).
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

/// The link simulator config (YAML text) of the line segment at temperature t with or without
/// the Volterra NLC.
std::string nlc_link_yaml(const CompareConfig& cfg, double temperature_c, bool volterra);

/// Runs every corner with and without NLC; JSON: operating point, rows {temperature_c,
/// ber_off, ber_on, bit_errors_off/on, bits, ber_upper_95_on (zero errors), gain_decades},
/// power {dsp_w, dsp_volterra_w, dsp_lut_w, volterra_cost_w, lut_cost_w}. Throws ConfigError /
/// std::invalid_argument from the link simulator's validation.
nlohmann::json run_nlc_study(const CompareConfig& cfg, const PowerParams& params);

}  // namespace halo::sim

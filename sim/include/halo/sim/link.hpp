// Link model (built from a LinkConfig), statistical and time-domain runs, JSON results.
//
// Signal chain (time domain, per block of B symbols, constant memory):
//   bits (PRBS31Q/PRBS13Q/random/KP4 codewords) -> Gray -> [precode] -> levels A{-1,-1/3,1/3,1}
//   -> TX FFE -> + TX noise (SNR_TX) -> edge jitter (RJ, SJ)
//   -> electrical: pulse superposition over the cascaded SDD21 x CTLE x RX filter
//      (+ FEXT/NEXT aggressors with their own data)          | optical: oversampled waveform
//   -> + RX noise -> AGC -> ADC (bits, ENOB) at the CDR phase -> RxDsp -> decisions
//   -> [precode^-1] -> Gray demap -> BER/SER, KP4 decoding of the error pattern, monitors.
// Each step is a stage of sim/channel/stages/, assembled by the engine (docs/sim.md, "Structure").
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "halo/sim/channel_response.hpp"
#include "halo/sim/link_config.hpp"
#include "halo/sim/rx_dsp.hpp"
#include "halo/sim/statistical.hpp"

namespace halo::sim {

struct LinkModel {
  double symbol_rate_hz = 0;
  unsigned osr = 32;
  double amplitude_v = 0.4;               ///< A = swing/2 (outer level at the TX)
  ImpulseResponse impulse;                ///< victim chain without TX FFE (dt = T/osr)
  SymbolPulse pulse;                      ///< unit-amplitude pulse incl. TX FFE (V per V)
  std::vector<SymbolPulse> aggressors;    ///< incl. TX FFE and swing ratio
  std::vector<double> segment_loss_db;    ///< SDD21 at the Nyquist frequency, per segment
  std::vector<std::string> segment_info;  ///< file + port map
  double sigma_tx_v = 0;                  ///< TX noise per symbol (V, TX amplitude)
  double sigma_rx_v = 0;                  ///< RX noise at the ADC input, pre-AGC
  double agc_gain = 1;                    ///< analytic AGC gain (V/V)
  double sigma_q_v = 0;                   ///< ADC noise referred to the pre-AGC input
  bool optical = false;
};

/// Builds the linear model (reads the Touchstone files). Throws ConfigError/TouchstoneError.
LinkModel build_model(const LinkConfig& cfg);

/// Statistical analysis of an optical link: least-squares linear pulse of the front end from a
/// calibration run, the nonlinear distortion of that run filtered by the FFE and carried as a
/// discrete PDF per transmitted level, its noise as a Gaussian with a per-level sigma, sampled
/// at the MM lock point (interpolated between T/osr samples) or the calibrated cursor (cdr:
/// fixed). Within 1.1-3.7x of the time-domain SER on the DR example's tested corners
/// (docs/sim.md); DFE error propagation is not modelled. Throws std::invalid_argument for an
/// electrical link, std::runtime_error if the calibration record is too short.
StatResult analyze_optical(const LinkConfig& cfg, const LinkModel& m);

/// Statistical noise terms of a model.
StatNoise stat_noise(const LinkConfig& cfg, const LinkModel& m);
/// Statistical options (equalizer, aggressors) of a config.
StatOptions stat_options(const LinkConfig& cfg, const LinkModel& m);

struct TdResult {
  std::uint64_t symbols = 0, measured = 0, symbol_errors = 0, bits = 0, bit_errors = 0;
  double ser = 0, ber = 0;
  // FEC (KP4 decoding of each codeword's error pattern; exact by linearity)
  std::uint64_t codewords = 0, uncorrectable = 0, corrected_symbols = 0, corrected_bits = 0;
  std::array<std::uint64_t, 17> fec_hist{};
  // Clause 177 inner FEC before KP4 (fec: kp4_inner_hard | kp4_inner_chase): LLRs from the
  // slicer input, golden-model InnerFecRx, deinterleaver; the KP4 figures above are then after it
  std::uint64_t inner_codewords = 0, inner_in_bit_errors = 0, inner_out_bits = 0, inner_out_bit_errors = 0;
  RxState rx;
  std::string rx_name;
  long cursor_sample_start = 0;
  double phase_mean_ui = 0, phase_std_ui = 0, phase_min_ui = 0, phase_max_ui = 0;
  std::vector<double> phase_trace_ui;     ///< per block (decimated)
  std::vector<double> phase_hist_ui;      ///< distinct sampler offsets (UI) after training
  std::vector<double> phase_hist_frac;    ///< fraction of measured symbols at each offset
  std::array<double, 4> level_mean{}, level_std{};
  std::vector<double> slicer_hist_edges;  ///< 201 edges from -1.6 to 1.6
  std::array<std::vector<std::uint64_t>, 4> slicer_hist;
  unsigned eye_phases = 0;                ///< 2 * osr columns over 2 UI
  std::vector<double> eye_v_edges;        ///< voltage bin edges (ADC input, V)
  std::vector<std::vector<std::uint32_t>> eye_hist;  ///< [phase][vbin]
  /// Eye at the slicer input (adapted linear FFE + DFE applied to the eye window), [phase][bin],
  /// 128 bins from -1.6 to 1.6 level units.
  std::vector<std::vector<std::uint32_t>> eye_slicer_hist;
  double snr_monitor_db = 0;              ///< (5/9) / slicer MSE
  double seconds = 0;
  double agc_gain = 0;
};

using Progress = std::function<void(double fraction)>;

/// Link conditions a run may change between blocks (drift): NaN leaves the config value.
struct TdConditions {
  double rx_noise_mv = std::numeric_limits<double>::quiet_NaN();    ///< rx.noise_rms_mv
  double temperature_c = std::numeric_limits<double>::quiet_NaN();  ///< optical.temperature_c (MZM bias drift)
};

/// One FEC codeword decoded during a block: index of the block symbol that completed it.
struct TdCodeword {
  unsigned symbol = 0;           ///< index in the block
  unsigned symbol_errors = 0;    ///< 0..15 (corrected)
  bool uncorrectable = false;
};

/// What the receiver saw in one block, for observers (link-health monitors). All spans have
/// the block length; bit_errors[k] = 255 marks symbols that were not measured (training,
/// pipeline start).
struct TdBlockView {
  std::uint64_t first_symbol = 0;
  std::span<const float> slicer;               ///< slicer input, level units (outer level 1)
  std::span<const std::uint8_t> decisions;     ///< line-symbol decisions 0..3
  std::span<const std::uint8_t> bit_errors;    ///< 0..2 per measured symbol, 255 = not measured
  std::span<const TdCodeword> codewords;       ///< KP4 codewords completed in this block
  std::span<const std::int16_t> adc_codes;     ///< the receiver's input: signed rx.adc.bits codes
  /// ADC code k of the run samples line symbol k - cursor_delay (channel + sampler delay).
  long cursor_delay = 0;
};

/// The receiver input of one time-domain run (ADC codes, eye samples), recorded by the first
/// run that is given it and replayed by later runs of the same link with another receiver
/// (TdHooks::replay): the transmitter, front end and ADC are not run again, the results are
/// those of a full run (identical codes). Valid only where the sampling phase does not depend
/// on the receiver: rx.cdr "fixed" (checked), no `conditions` hook (checked), and the same link
/// up to the ADC (same seed, symbols, block length, transmitter, front end and ADC): `key`
/// names it and a replay with another key is an error (std::invalid_argument).
struct TdReplay {
  std::string key;                  ///< the link up to the ADC (caller's text); set by the first run
  bool filled = false;              ///< recorded (the next run replays)
  std::vector<std::int16_t> codes;  ///< ADC codes, one per symbol
  std::vector<std::vector<double>> eye_clean, eye_noisy;  ///< eye-window blocks, before / after RX noise
  std::shared_ptr<void> front_end;  ///< the recording run's front end (delays, calibration), internal
  long start = 0;                   ///< the recording run's first sampling point, internal
};

/// Optional observers of a time-domain run: `conditions` is called before each block (first
/// symbol index; may change the conditions), `block` after it; `replay` (optional) records or
/// replays the receiver input (TdReplay).
struct TdHooks {
  std::function<void(std::uint64_t first_symbol, TdConditions&)> conditions;
  std::function<void(const TdBlockView&)> block;
  TdReplay* replay = nullptr;
  std::string replay_key;  ///< the link up to the ADC, compared with replay->key
};

/// Time-domain run of cfg.symbols symbols (training first, then measurement). `rx` may be
/// null (the floating-point reference receiver is used). Memory does not grow with
/// cfg.symbols.
TdResult run_time_domain(const LinkConfig& cfg, const LinkModel& m, const Progress& progress = {},
                         RxDsp* rx = nullptr, const TdHooks* hooks = nullptr);

/// Results as JSON (schema in docs/sim.md).
nlohmann::json to_json(const LinkConfig& cfg, const LinkModel& m, const StatResult* stat, const TdResult* td);

}  // namespace halo::sim

// Link model (built from a LinkConfig), statistical and time-domain runs, JSON results.
//
// Signal chain (time domain, per block of B symbols, constant memory):
//   bits (PRBS31Q/PRBS13Q/random/KP4 codewords) -> Gray -> [precode] -> levels A{-1,-1/3,1/3,1}
//   -> TX FFE -> + TX noise (SNR_TX) -> edge jitter (RJ, SJ)
//   -> electrical: pulse superposition over the cascaded SDD21 x CTLE x RX filter
//      (+ FEXT/NEXT aggressors with their own data)          | optical: oversampled waveform
//   -> + RX noise -> AGC -> ADC (bits, ENOB) at the CDR phase -> RxDsp -> decisions
//   -> [precode^-1] -> Gray demap -> BER/SER, KP4 decoding of the error pattern, monitors.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
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
  double snr_monitor_db = 0;              ///< (5/9) / slicer MSE
  double seconds = 0;
  double agc_gain = 0;
};

using Progress = std::function<void(double fraction)>;

/// Time-domain run of cfg.symbols symbols (training first, then measurement). `rx` may be
/// null (the floating-point reference receiver is used). Memory does not grow with
/// cfg.symbols.
TdResult run_time_domain(const LinkConfig& cfg, const LinkModel& m, const Progress& progress = {},
                         RxDsp* rx = nullptr);

/// Results as JSON (schema in docs/sim.md).
nlohmann::json to_json(const LinkConfig& cfg, const LinkModel& m, const StatResult* stat, const TdResult* td);

}  // namespace halo::sim

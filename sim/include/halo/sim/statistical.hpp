// Statistical link analysis (as IEEE 802.3 COM, Annex 93A, and statistical-eye tools):
// from the pulse response at the ADC input, the equalizer, noise and jitter, compute the
// PAM4 SER/BER, eye and bathtub without Monte Carlo.
//
// Model (all amplitudes in V at the ADC input, time in UI):
//   x_n   = sum_k g_k a_{n-k} + sum_agg sum_k g^agg_k a^agg_{n-k} + w_n       (FFE input)
//   y_n   = sum_i c_i x_{n-i} - sum_l b_l ahat_{n-d-l}                         (slicer input)
// with g_k = p(k T + phase) the symbol-spaced samples of the unit-amplitude pulse response,
// a in A{-1,-1/3,1/3,1} equiprobable (sigma_a^2 = 5/9 A^2), w white Gaussian with
// variance sigma_rx^2 + sigma_q^2 (+ TX noise filtered by the pulse, sigma_tx^2 sum f_j^2).
// The equalized response f_j = sum_i c_i g_{j-i} is normalised to f_d = 1/A so decision
// levels are {-1,-1/3,1/3,1}; DFE taps b_l = f_{d+l} (clamped to +-limit) assume correct
// past decisions (no error propagation). The residual ISI and crosstalk terms are
// convolved into an exact discrete PDF; noise and random jitter
// (sigma_J^2 = sigma_RJ^2 sigma_a^2 sum_j f'_j^2, COM 93A-28 style) are Gaussian.
//   SER = 1.5 P(ISI + noise > 1/3)  (Gray PAM4: inner levels have two neighbours),
//   BER = SER / 2 (one bit per adjacent-level symbol error with Gray coding).
#pragma once

#include <string>
#include <vector>

namespace halo::sim {

/// Unit-amplitude pulse response sampled osr times per UI (p[m] at t = m T/osr).
struct SymbolPulse {
  unsigned osr = 32;
  std::vector<double> p;
  /// Sample at symbol k and phase index ph (0..osr-1); 0 outside the table.
  [[nodiscard]] double at(long k, long ph) const {
    const long m = k * static_cast<long>(osr) + ph;
    return (m < 0 || m >= static_cast<long>(p.size())) ? 0.0 : p[static_cast<std::size_t>(m)];
  }
  /// Number of UI covered.
  [[nodiscard]] long num_ui() const { return static_cast<long>((p.size() + osr - 1) / osr); }
};

struct StatNoise {
  double sigma_rx_v = 0;   ///< white Gaussian at the ADC input, rms V (per sample)
  double sigma_q_v = 0;    ///< ADC quantization/ENOB noise, rms V at the ADC input
  double sigma_tx_v = 0;   ///< TX noise per symbol, rms V of TX amplitude (filtered by p)
  double rj_ui = 0;        ///< random jitter, rms UI
  double sj_ui = 0;        ///< sinusoidal jitter amplitude, UI (Gaussian, variance sj^2/2)
};

struct StatEqualizer {
  unsigned ffe_taps = 16;
  unsigned ffe_pre = 5;       ///< pre-cursor taps; main tap index = ffe_pre
  unsigned dfe_taps = 1;
  double dfe_limit = 0.85;    ///< |b_l| limit relative to the main cursor (802.3 b_max)
};

/// How the sampling phase is chosen.
enum class PhaseMode { kBest, kMuellerMuller, kFixed };

struct StatOptions {
  double amplitude_v = 0.4;   ///< A: outer PAM4 level at the TX, V
  StatEqualizer eq;
  PhaseMode phase_mode = PhaseMode::kBest;
  long fixed_phase = 0;       ///< absolute sample index of the cursor for kFixed
  std::vector<SymbolPulse> aggressors;  ///< crosstalk pulses, each driven by its own data at amplitude_v
  double ber_floor = 1e-18;   ///< probabilities below are clipped when reporting
  unsigned pdf_bins = 4096;
};

struct StatResult {
  long cursor_sample = 0;        ///< absolute index into p of the main-cursor sampling point
  long phase_index = 0;          ///< cursor_sample mod osr
  std::vector<double> ffe;       ///< FFE taps (V/V), normalised so f_d = 1/A
  std::vector<double> dfe;       ///< DFE taps in units of the main cursor (levels +-1, +-1/3)
  std::vector<double> equalized; ///< f_j * A (symbol-spaced equalized pulse, main = 1)
  long decision_delay = 0;       ///< d
  double main_cursor_v = 0;      ///< g at the cursor times A (V at the ADC input)
  double sigma_noise = 0;        ///< total Gaussian noise at the slicer (level units)
  double sigma_isi = 0;          ///< rms residual ISI + crosstalk (level units)
  double sigma_xtalk = 0;        ///< rms crosstalk part (level units)
  double ser = 0, ber = 0;
  double snr_db = 0;             ///< 10 log10((5/9) / (sigma_noise^2 + sigma_isi^2)), as the SNR monitor
  std::vector<double> bathtub_phase_ui;  ///< phase offsets (UI) for the bathtub
  std::vector<double> bathtub_ser;       ///< SER at each offset (equalizer held)
  std::vector<double> eye_v;             ///< slicer-input voltage grid (level units)
  std::vector<std::vector<double>> eye_log10_pdf;  ///< [phase][v] log10 density of y
  std::vector<double> vbathtub_offset;   ///< threshold offsets (level units), middle eye
  std::vector<double> vbathtub_ber;      ///< P(error) at the offset
};

/// Designs the MMSE FFE + DFE at the chosen phase and evaluates it. Throws
/// std::invalid_argument for ffe_pre >= ffe_taps, empty pulse, amplitude <= 0.
StatResult analyze(const SymbolPulse& pulse, const StatNoise& noise, const StatOptions& opt);

/// Evaluates given equalizer taps at cursor sample `cursor_sample` (no design).
/// `dfe` in level units; `ffe` as produced by analyze() or by the time-domain receiver
/// (V/V, scaled so decision levels are +-1, +-1/3).
StatResult evaluate(const SymbolPulse& pulse, const StatNoise& noise, const StatOptions& opt,
                    const std::vector<double>& ffe, const std::vector<double>& dfe,
                    long cursor_sample, bool with_eye = false);

/// Cursor sample where the Mueller-Muller type-A detector on the FFE input settles:
/// g(t - T) = g(t + T) near the pulse peak.
long mueller_muller_lock(const SymbolPulse& pulse);

/// Phase index (0..osr-1) of an aggressor pulse with the largest symbol-spaced energy (the
/// worst case for an asynchronous aggressor; used by both engines).
long aggressor_phase(const SymbolPulse& aggressor);

/// PAM4 SER for Gaussian noise only: 1.5 Q(d / sigma) = 0.75 erfc(d / (sigma sqrt 2)).
double pam4_ser_awgn(double d, double sigma);

}  // namespace halo::sim

// Statistical link analysis (as IEEE 802.3 COM, Annex 93A, and statistical-eye tools):
// from the pulse response at the ADC input, the equalizer, noise and jitter, compute the
// PAM4 SER/BER, eye and bathtub without Monte Carlo.
//
// Model (all amplitudes in V at the ADC input, time in UI):
//   x_n   = sum_k g_k a_{n-k} + sum_agg sum_k g^agg_k a^agg_{n-k} + w_n       (FFE input)
//   y_n   = sum_i c_i x_{n-i} - sum_l b_l ahat_{n-d-l}                         (slicer input)
// with g_k = p(k T + phase) the symbol-spaced samples of the unit-amplitude pulse response,
// a in A{-1,-1/3,1/3,1} equiprobable (sigma_a^2 = 5/9 A^2), w white Gaussian with
// variance sigma_rx^2 + sigma_q^2 (+ TX noise after the TX FFE, filtered by the pulse without it).
// The equalized response f_j = sum_i c_i g_{j-i} is normalised to f_d = 1/A so decision
// levels are {-1,-1/3,1/3,1}; DFE taps b_l = f_{d+l} (clamped to +-limit) assume correct
// past decisions (no error propagation). The residual ISI and crosstalk terms are
// convolved into an exact discrete PDF; noise and jitter are Gaussian: TX random jitter moves
// each edge independently, sigma^2 = 2 sigma_a^2 sigma_RJ^2 sum_j (c * h)_j^2 with h the
// symbol-spaced impulse response (per UI); slow sinusoidal jitter moves all edges together
// like a sampling offset, sigma^2 = (A_SJ^2 / 2) sigma_a^2 sum_j f'_j^2 (COM 93A-28 style).
//   SER = 1.5 P(ISI + noise > 1/3)  (Gray PAM4: inner levels have two neighbours),
//   BER = SER / 2 (one bit per adjacent-level symbol error with Gray coding).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
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

/// Front-end impairments recorded sample by sample in a calibration run (optical links): the
/// noise-free waveform minus its linear (pulse) prediction and the noisy minus the noise-free
/// waveform, both at the ADC input (V), osr samples per UI in the pulse's time frame (sample
/// j osr + s holds the cursor of symbol j when s is a cursor sample of the pulse). The
/// statistical engine filters them with the FFE at the chosen cursor and carries them as a
/// discrete PDF (distortion) and a Gaussian variance (noise) per transmitted level.
struct SampledImpairments {
  unsigned osr = 8;
  /// Least-squares linear pulse (V per V of TX amplitude) the distortion is measured against;
  /// analyze_optical() uses it as the link's pulse.
  SymbolPulse pulse;
  std::vector<std::uint8_t> level;  ///< level index of symbol j: 0..3 = -1, -1/3, 1/3, 1
  std::vector<double> distortion;   ///< V, size level.size() x osr
  std::vector<double> noise;        ///< V, size level.size() x osr
  long first_symbol = 64;           ///< symbols before it are not settled (filters, prediction)
};

struct StatNoise {
  double sigma_rx_v = 0;   ///< white Gaussian at the ADC input, rms V (per sample)
  double sigma_q_v = 0;    ///< ADC quantization/ENOB noise, rms V at the ADC input
  double sigma_tx_v = 0;   ///< TX noise per symbol, rms V, added after the TX FFE (filtered by
                           ///< StatOptions::jitter_pulse, the pulse without TX FFE)
  double rj_ui = 0;        ///< TX random jitter (every edge independently), rms UI
  /// TX dual-Dirac jitter (every edge independently +-dd_ui), UI; carried as a Gaussian of the
  /// same variance, as the figure of merit of IEEE 802.3 93A.1.6 does (sigma_J^2 =
  /// (A_DD^2 + sigma_RJ^2) x slope energy, 93A-28/29): its sum over the edges of the equalized
  /// impulse response is near-Gaussian when no single edge dominates.
  double dd_ui = 0;
  /// E[(u_k - u_{k-1})^2] / sigma_a^2 of the TX output u = ffe * a (2 without a TX FFE).
  double edge_var = 2.0;
  double sj_ui = 0;        ///< sinusoidal jitter amplitude, UI (Gaussian, variance sj^2/2)
  /// Memoryless level-dependent offsets at the ADC input (V) for levels -1, -1/3, 1/3, 1 (zero
  /// mean), e.g. modulator compression: shift the level through the main tap, random ISI
  /// through the others.
  std::array<double, 4> level_offset_v{};
  /// Sampled front-end distortion and noise (optical links), or null. When set they replace
  /// level_offset_v; sigma_design_v is their rms (V), used only as white noise when designing
  /// the MMSE FFE.
  std::shared_ptr<const SampledImpairments> sampled;
  double sigma_design_v = 0;
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
  /// Pulse without the TX FFE (same timing as the pulse's main tap), for TX edge jitter; empty:
  /// the pulse itself is used.
  SymbolPulse jitter_pulse;
  long jitter_offset = 0;    ///< jitter_pulse sample = pulse sample - jitter_offset
  double ber_floor = 1e-18;   ///< probabilities below are clipped when reporting
  unsigned pdf_bins = 4096;
  bool with_eye = true;       ///< analyze(): also compute the eye and the bathtubs
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
  // optical links only (analyze_optical): linearised pulse, rms of the front-end noise and
  // distortion at the sampling phase (V) and per level: noise at the slicer (level units)
  SymbolPulse pulse;
  std::array<double, 4> sigma_noise_level{};
  /// Sampling point between cursor_sample and cursor_sample + 1 (fraction of T/osr) where the
  /// record was interpolated (MM lock of the optical sampler).
  double optical_phase_fraction = 0;
  double optical_noise_v = 0, optical_distortion_v = 0;
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

/// StatNoise::edge_var of a TX FFE: E[(u_k - u_{k-1})^2] / sigma_a^2 of u = ffe * a, the sum
/// of the squared taps of ffe * (1 - D); 2 for a single unit tap.
double tx_edge_variance(const std::vector<double>& ffe);

/// PAM4 SER for Gaussian noise only: 1.5 Q(d / sigma) = 0.75 erfc(d / (sigma sqrt 2)).
double pam4_ser_awgn(double d, double sigma);

}  // namespace halo::sim

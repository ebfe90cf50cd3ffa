// TDECQ: transmitter and dispersion eye closure for PAM4 (IEEE 802.3 121.8.5, the method the
// 100G- and 200G-per-lane optical PMD clauses refer to), docs/tdecq.md.
//
// Blocks (create / configure / process):
//   ReferenceReceiver  4th-order Bessel-Thomson low-pass (3 dB at params.ref_rx_bw_hz), as a
//                      circular FIR on one period of a pattern-locked waveform
//   ReferenceEqualizer T-spaced FFE (params.ffe_taps taps, coefficients sum to 1), applied to
//                      the waveform at any phase
//   analyze()          alignment, eye centre, OMA_outer and P_ave, the two vertical
//                      histograms at centre -/+ hist_offset_ui (each hist_window_ui wide), the
//                      largest added Gaussian noise sigma_G that keeps the SER of both <= the
//                      target, and the equalizer search that minimises TDECQ:
//     TDECQ = 10 log10( C_eq OMA_outer / (6 Q_t sqrt(sigma_G^2 + sigma_S^2)) ),
//     Q_t = Q^-1(SER_t / 1.5)   (3.414 at SER_t = 4.8e-4),
//     C_eq = noise enhancement of the equalizer for noise shaped by the reference receiver.
// Units: the waveform's (W for optical power, V for an electrical capture); TDECQ is a ratio.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "halo/sim/link_config.hpp"

namespace halo::sim::tdecq {

/// Method parameters (one preset per PMD family; docs/tdecq.md cites each value).
struct Params {
  std::string name;                 ///< preset name
  std::string source;               ///< clause / table the values come from
  double symbol_rate_hz = 53.125e9;
  double ref_rx_bw_hz = 26.5625e9;  ///< Bessel-Thomson 3 dB frequency; 0: the waveform already went through it
  unsigned ffe_taps = 5;            ///< reference equalizer length (T-spaced)
  unsigned max_main_index = 2;      ///< the largest tap is one of taps 0..max_main_index (0-based)
  double target_ser = 4.8e-4;       ///< SER_t
  double hist_offset_ui = 0.05;     ///< histograms at eye centre -/+ this (0.45 / 0.55 UI)
  double hist_window_ui = 0.04;     ///< width of each histogram window
  double scope_noise = 0;           ///< sigma_S (waveform units): noise of the O/E + scope, credited back
  double tdecq_max_db = 3.4;        ///< the PMD's limit (reported, not enforced)
};

/// Preset names: "ieee8023cd_100g" (53.125 GBd, 100G per lane), "ieee8023dj_200g" (113.4375 GBd).
std::vector<std::string> preset_names();
/// Throws std::invalid_argument naming the known presets.
Params preset(std::string_view name);
/// The preset of a lane's symbol rate (> 80 GBd: 802.3dj), with symbol_rate_hz and the
/// reference receiver's bandwidth (half the symbol rate) set to that rate.
Params preset_for_rate(double symbol_rate_hz);

/// Q_t for a target SER: 1.5 Q(Q_t) = SER_t (PAM4, 3 thresholds, Gaussian noise).
double q_target(double target_ser);

/// One period of a pattern-locked waveform: samples[n osr + j] lies in symbol n's UI
/// (any fixed delay is found by correlation); symbols: PAM4 levels 0..3 (0 = lowest power).
struct Waveform {
  double symbol_rate_hz = 0;
  unsigned osr = 0;                    ///< samples per UI
  std::vector<double> samples;         ///< symbols.size() * osr
  std::vector<std::uint8_t> symbols;
  std::string source;                  ///< file name or "link CONFIG"
};

/// A waveform file that cannot be read: "FILE:LINE: what was expected, what was found".
struct WaveformError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Parses the waveform text format (docs/tdecq.md, "Waveform file"); name is used in messages.
Waveform parse_waveform(std::string_view text, const std::string& name);
/// Reads and parses a waveform file. Throws WaveformError.
Waveform read_waveform(const std::filesystem::path& file);
/// Writes the waveform text format (17 significant digits).
std::string format_waveform(const Waveform& w);

/// Optical power waveform at the fiber output of an optical link config (its driver,
/// modulator, RIN, fiber; halo::sim::build_model), `symbols` random PAM4 symbols (seed),
/// periodic (the pattern is sent twice and the second period kept). temperature_c: NaN = the
/// config's. Throws ConfigError / std::invalid_argument for an electrical link.
Waveform link_waveform(const LinkConfig& cfg, std::size_t symbols, std::uint64_t seed,
                       double temperature_c = std::numeric_limits<double>::quiet_NaN());

/// Synthetic waveform of a linear transmitter: pulse p (osr samples per UI, per unit of
/// level in {-1,-1/3,1/3,1}) plus a mean `p_ave`, TX noise `sigma_tx` (level units, per
/// symbol) and RIN (dB/Hz, relative to the instantaneous power, white over fs/2); periodic.
Waveform linear_waveform(std::span<const double> pulse, unsigned osr, double symbol_rate_hz, double p_ave,
                         double sigma_tx, double rin_db_hz, std::size_t symbols, std::uint64_t seed);

/// Reference receiver (121.8.5.2): 4th-order Bessel-Thomson, circular over one period.
class ReferenceReceiver {
 public:
  /// create: f3db_hz <= 0 is a pass-through.
  ReferenceReceiver(double f3db_hz, double symbol_rate_hz, unsigned osr);
  [[nodiscard]] std::vector<double> process(std::span<const double> x) const;
  /// Autocorrelation of the impulse response at lags k T, normalised to lag 0 (white noise
  /// through the filter, T-spaced); {1, 0, 0, ...} for the pass-through.
  [[nodiscard]] std::vector<double> noise_correlation(unsigned lags) const;

 private:
  std::vector<double> h_;  ///< impulse response, T/osr samples (empty: pass-through)
  unsigned osr_;
};

/// Reference equalizer (121.8.5.4): T-spaced FFE, taps sum to 1.
class ReferenceEqualizer {
 public:
  ReferenceEqualizer(unsigned taps, unsigned main);
  /// configure: taps (renormalised to sum 1); throws std::invalid_argument on a zero sum.
  void configure(std::vector<double> taps);
  /// process: output at UI n of the phase samples y[n] (one value per UI at a fixed phase):
  ///   z[n] = sum_k c_k y[n - k + main] (circular).
  [[nodiscard]] std::vector<double> process(std::span<const double> y) const;
  [[nodiscard]] const std::vector<double>& taps() const { return c_; }
  [[nodiscard]] unsigned main() const { return main_; }
  /// C_eq = sqrt(sum_ij c_i c_j r[|i-j|]) for the noise correlation r (r[0] = 1).
  [[nodiscard]] double noise_enhancement(std::span<const double> r) const;

 private:
  std::vector<double> c_;
  unsigned main_;
};

struct Histogram {
  double lo = 0, hi = 0;              ///< bin edges span [lo, hi)
  std::vector<double> counts;         ///< fraction of the samples per bin (sums to 1)
};

struct Result {
  double tdecq_db = 0;                ///< +inf when no noise can be added (sigma_G = 0)
  double oma_outer = 0, p_ave = 0;    ///< waveform units
  double sigma_g = 0, sigma_ideal = 0, q_t = 0, c_eq = 1;
  double ser_left = 0, ser_right = 0; ///< at sigma_G
  std::array<double, 3> thresholds{}; ///< P_ave - OMA/3, P_ave, P_ave + OMA/3
  std::vector<double> taps;           ///< reference equalizer found
  unsigned main_index = 0;
  double centre_ui = 0;               ///< eye centre relative to the correlation cursor (UI)
  Histogram left, right;              ///< at centre - / + hist_offset_ui
  std::string oma_method;             ///< which runs of identical symbols gave the outer levels
  unsigned eye_phases = 0;            ///< eye: phases over 2 UI
  std::vector<std::vector<std::uint32_t>> eye;  ///< [phase][bin], equalized, edges lo..hi of `left`
  double eye_lo = 0, eye_hi = 0;
  std::size_t symbols = 0;
  unsigned evaluations = 0;           ///< TDECQ evaluations of the equalizer search
};

/// The whole measurement. Throws std::invalid_argument for a waveform the method cannot use
/// (fewer than 1000 symbols, osr < 4, sizes that disagree, a level missing).
Result analyze(const Params& p, const Waveform& w);

/// SER of one histogram with added Gaussian noise sigma (121.8.5.3): each bin's samples are
/// in error when the noise takes them across one of the thresholds around them (blind: the
/// histogram does not know the symbol sent).
double histogram_ser(const Histogram& h, const std::array<double, 3>& th, double sigma);

nlohmann::json to_json(const Result& r, const Params& p);

namespace detail {
/// Weighted samples of one histogram side: values y (OMA units of the waveform) and weights w
/// (summing to 1).
struct WeightedPoints {
  std::vector<double> y, w;
};
/// analyze()'s sigma_G search (121.8.5.3), exposed for its test: the largest sigma with
/// max(SER_L, SER_R) <= target by bisection on log sigma over [1e-9 scale, scale] (60 steps,
/// or 30 in [hint / 1.25, 1.25 hint] when that brackets the answer); 0 if even 1e-9 scale is
/// above target, scale if scale is not. Each SER sum stops at its first partial sum above
/// target, and the bisection stops once it can no longer move (the result is the full search's).
double sigma_g(const WeightedPoints& l, const WeightedPoints& r, const std::array<double, 3>& th, double target,
               double scale, double hint = 0);
/// analyze()'s equalizer search rejects a trial tap set whose TDECQ cannot beat the current
/// one by one SER check instead of the sigma_G bisection (docs/tdecq.md "Search"); off: every
/// trial is evaluated in full. The result is the same either way (test TdecqSearch.*); the
/// switch exists for that test. Not thread-safe: set it before any analyze() runs.
void set_search_shortcut(bool on);
}  // namespace detail

}  // namespace halo::sim::tdecq

// Link-health monitoring as a pluggable module reports it: CMIS Versatile Diagnostics
// Monitoring (OIF-CMIS 5.x VDM) observables for one lane, accumulated over consecutive
// sample windows, with four thresholds per observable and latched flags.
//
// Observables (register format in vdm_format.hpp; CMIS VDM observable type in brackets):
//   eSNR      [5 media / 6 host]  U16 1/256 dB  per-level slicer error statistics of the window
//   LTP       [7 / 8]             U16 1/256 dB  PAM4 level transition parameter of the window
//   BER cur/min/max/avg [9-16]    F16           pre-FEC BER: window value; min and max over the
//                                               windows of the statistics interval; avg =
//                                               total errors / total bits of the interval
//   FERC cur/min/max/avg [17-24]  F16           errored (uncorrectable) FEC frames / frames
//   FEC tail (HaloLink)           U16           largest symbol errors per codeword in the window
//                                               (0..15; 16 = an uncorrectable codeword), with the
//                                               window's errors-per-codeword histogram bins
//
// Window accumulators (integers, what the DSP holds per lane; per level k = 0..3 of the
// decision d): n_k (u32), S_k = sum e (s64), Q_k = sum e^2 (u64) with the slicer error
// e = z - A (2k - 3), z the slicer input S13.3 (fixed.hpp) and A the ideal level spacing
// (S13.3 LSBs, default fx::kDefaultLevelA). Window length <= 2^24 symbols keeps every
// intermediate below 2^63. Bit/frame counters u64.
//
// End-of-window figures (integer arithmetic, bit-exact, as firmware computes them):
//   m_k  = round(256 S_k / n_k)                      level offset, Q8 S13.3 LSBs (half up)
//   W_k  = max(0, Q_k - ((m_k S_k) >> 8))            within-level sum of squares (S13.3^2)
//   v_k  = floor(256 W_k / n_k)                      level variance, Q8
//   sigma_k = isqrt(256 v_k)                         Q8
//   mu_k = 256 A (2k - 3) + m_k                      level mean, Q8
//   noise = floor(256 sum_k W_k / sum_k n_k)         pooled noise variance, Q8
//   signal = sum_k (4 mu_k - sum_j mu_j)^2           = 64 x (1/4) sum (mu_k - mu_bar)^2, Q16
//   eSNR = 10 log10(signal / (64 x 256 noise))       (same definition as LevelMonitor:
//          10 log10(5 A^2 / sigma^2) for ideal levels), db_u16_from_ratio
//   LTP  = min_i 20 log10((mu_{i+1} - mu_i) / (sigma_i + sigma_{i+1})), i = 0..2 (CMIS leaves
//          the exact computation to the implementer; this is the worst of the three eyes'
//          level separation over the summed level sigmas), db_u16_from_ratio(diff^2, sum^2)
//   A level without symbols in the window makes eSNR and LTP invalid (0, flags not evaluated).
//
// Thresholds and flags (CMIS: high alarm, low alarm, high warning, low warning per
// observable; flags latched until read):
//   condition "high alarm" is true in a window when value > hi_alarm, "high warning" when
//   value > hi_warn, "low warning" when value < lo_warn, "low alarm" when value < lo_alarm
//   (F16 compared by value). With hysteresis h > 0 (U16 observables only, raw LSBs) an
//   active high condition stays active until value <= threshold - h, a low one until
//   value >= threshold + h. The latched flag is set in every window where its condition is
//   active and cleared only by read_and_clear_flags() (clear on read). Disabled thresholds
//   (enabled = false) never set flags.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "halo/dsp/common.hpp"
#include "halo/fixed.hpp"

namespace halo::mon {

enum class VdmObs : std::uint8_t {
  kEsnr, kLtp, kBerCur, kBerMin, kBerMax, kBerAvg, kFercCur, kFercMin, kFercMax, kFercAvg, kFecTail
};
inline constexpr int kVdmObsCount = 11;
/// Field-style names ("esnr", "ltp", "ber_cur", ..., "fec_tail").
const char* vdm_obs_name(VdmObs o) noexcept;
/// True for F16 observables (BER, FERC), false for U16.
bool vdm_obs_is_f16(VdmObs o) noexcept;

enum VdmFlag : std::uint8_t {
  kHighAlarm = 1u << 0, kLowAlarm = 1u << 1, kHighWarning = 1u << 2, kLowWarning = 1u << 3
};

/// Thresholds in the observable's raw format (U16 1/256 dB or count, or F16 code).
struct VdmThresholds {
  bool enabled = false;
  std::uint16_t hi_alarm = 0xFFFF, hi_warn = 0xFFFF, lo_warn = 0, lo_alarm = 0;
  std::uint16_t hysteresis = 0;  ///< U16 observables only (raw LSBs); must be 0 for F16
};

struct VdmConfig {
  std::int32_t level_a = fx::kDefaultLevelA;  ///< ideal level spacing A, S13.3 LSBs, 1..4095
  std::array<VdmThresholds, kVdmObsCount> thresholds{};
};

/// One VDM sample (end of a window).
struct VdmSample {
  std::uint32_t window = 0;                       ///< index since reset
  std::array<std::uint16_t, kVdmObsCount> value{};  ///< raw register values by VdmObs
  bool levels_valid = false;                      ///< eSNR/LTP valid (every level seen)
  std::uint64_t symbols = 0, bits = 0, bit_errors = 0, frames = 0, errored_frames = 0;
  std::array<std::uint64_t, 17> fec_hist{};       ///< codewords by symbol errors 0..15, 16 = uncorrectable
  std::array<std::uint8_t, kVdmObsCount> active{};   ///< conditions active in this window (VdmFlag bits)
  std::array<std::uint8_t, kVdmObsCount> latched{};  ///< latched flags after this window
};

/// eSNR and LTP of one window (raw U16 1/256 dB) from its per-level slicer-error accumulators
/// n_k, S_k = sum e, Q_k = sum e^2 (e = z - A (2k - 3), A = level_a in S13.3 LSBs): the
/// end-of-window arithmetic above. valid = false (values 0) when a level has no symbol.
/// VdmMonitor::end_window and the C API's halo_vdm_report_read (from the LVL_* registers) use it.
struct VdmLevelFigures {
  bool valid = false;
  std::uint16_t esnr = 0, ltp = 0;
};
VdmLevelFigures vdm_level_figures(const std::array<std::uint32_t, 4>& n, const std::array<std::int64_t, 4>& s,
                                  const std::array<std::uint64_t, 4>& q, std::int32_t level_a) noexcept;

class VdmMonitor {
 public:
  explicit VdmMonitor(const VdmConfig& cfg = {});
  /// Validates (std::invalid_argument naming the field) and resets everything.
  void configure(const VdmConfig& cfg);
  void reset();
  /// Slicer input z (S13.3) and decisions (0..3), same size (std::invalid_argument otherwise).
  void process(std::span<const std::int16_t> z, std::span<const std::uint8_t> decisions);
  /// Pre-FEC bit counts of the window (from the FEC decoder's corrected bits or a checker).
  void add_bits(std::uint64_t bits, std::uint64_t bit_errors) noexcept;
  /// One FEC codeword: symbol errors (0..15) or uncorrectable.
  void add_codeword(unsigned symbol_errors, bool uncorrectable) noexcept;
  /// Closes the window: computes the observables, updates min/max/avg and the flags, and
  /// starts the next window.
  VdmSample end_window();
  /// Starts a new statistics interval (min/max/avg), as a CMIS host does.
  void clear_statistics() noexcept;
  /// Returns the latched flags by VdmObs and clears them (CMIS clear on read).
  std::array<std::uint8_t, kVdmObsCount> read_and_clear_flags() noexcept;
  [[nodiscard]] const std::array<std::uint8_t, kVdmObsCount>& latched() const noexcept { return latched_; }
  [[nodiscard]] const VdmConfig& config() const noexcept { return cfg_; }
  /// Per-symbol datapath cost: 1 multiply (e^2), 4 adds (e, n_k, S_k, Q_k); window registers
  /// 4 x (32 + 64 + 64) bits.
  [[nodiscard]] dsp::OpCounts ops() const noexcept { return {1, 4, 4 * 160, 0}; }

 private:
  /// Interval statistics of one F16 ratio observable (BER, FERC).
  struct RatioStat {
    bool have = false;
    std::uint16_t min = 0, max = 0;
    std::uint64_t num = 0, den = 0;  ///< totals since clear_statistics()
    /// Window with num/den (den > 0): returns the current F16 value, updates min/max/totals.
    std::uint16_t update(std::uint64_t n, std::uint64_t d) noexcept;
  };
  void eval_flags(VdmSample& s);
  VdmConfig cfg_;
  // window accumulators
  std::array<std::uint32_t, 4> n_{};
  std::array<std::int64_t, 4> s_{};
  std::array<std::uint64_t, 4> q_{};
  std::uint64_t symbols_ = 0, bits_ = 0, bit_err_ = 0, frames_ = 0, frame_err_ = 0;
  std::array<std::uint64_t, 17> hist_{};
  // interval statistics
  RatioStat ber_, ferc_;
  // flags
  std::array<std::uint8_t, kVdmObsCount> active_{}, latched_{};
  std::uint32_t window_ = 0;
};

}  // namespace halo::mon

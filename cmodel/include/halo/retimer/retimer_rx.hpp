// Retimer receive chain: ADC codes -> FFE -> [Volterra | LUT] -> DFE/slicer -> (1+D) mod 4
// decoder -> Gray demap -> bits, with the Mueller-Muller CDR, the pattern checker and the
// monitors, all configured from ONE RxConfig. Bit-exact: any call size gives the same outputs
// (internally the chain runs beats of kMaxBeat symbols or fewer).
//
// Adaptation wiring: the DFE error e_n (S13.3) of output n adapts the DFE immediately, the NLC
// block (its output n) and the FFE (its output n - L_nlc) through their delayed-error queues.
// The CDR's Mueller-Muller PD sees the ADC samples before the FFE (x << 3, S12.3, delayed by the
// chain latency to line up with the decisions) and the decisions: its lock point depends on the
// channel only, not on the adapting FFE/DFE (see cdr.hpp).
// Latency (symbols, ADC sample -> bit): ffe.pre + NLC latency; the chain emits one symbol per
// input symbol (the first `latency()` outputs come from the initial zero history).
//
// FEC receive (optional, fec_enable): the decoded bit pairs of every symbol feed the RS-FEC
// receive block halo::fec::FecRx (alignment/gearbox -> KP4 RS decoder -> FEC monitor), as
// rtl/top/retimer_rx.sv feeds fec_gearbox -> rs_decoder; its per-call outputs go to RxOut::fec,
// its counters are read through fec(). Off: the `bits` output (2 per symbol, A first,
// transmission order) is the seam for an external FEC.
//
// Inner FEC (optional, inner_enable; IEEE 802.3dj Clause 177, docs/inner_fec.md "In the retimer
// receive chain"): between the slicer and the FEC receive block. Each slicer input z gives two
// LLRs (fec::inner::sample_llrs with the slicer thresholds in effect for that symbol, so the
// LLR signs are the slicer's decisions) -> fec::inner::InnerFecRx (hard or Chase-2 decoder,
// inner-FEC monitor; 128 LLRs per codeword, 60 message pairs out) -> fec::inner::ConvInterleaver
// (deinterleave) -> FecRx, which then sees the RS stream (fec.skip counts deinterleaved pairs:
// the interleaver pair's latency for an interleaver that starts with zero delay lines). The
// `bits`/`symbols` outputs stay the line's slicer decisions. Requires precoding = false (the inner
// code protects the Gray symbols on the line). Off by default: nothing changes.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "halo/dsp/cdr.hpp"
#include "halo/dsp/dfe.hpp"
#include "halo/dsp/ffe.hpp"
#include "halo/dsp/pam4.hpp"
#include "halo/dsp/prbs.hpp"
#include "halo/fec/conv_interleaver.hpp"
#include "halo/fec/fec_rx.hpp"
#include "halo/fec/inner_fec.hpp"
#include "halo/fec/inner_llr.hpp"
#include "halo/mon/burst_monitor.hpp"
#include "halo/mon/histogram.hpp"
#include "halo/mon/level_monitor.hpp"
#include "halo/nlc/lut_nlc.hpp"
#include "halo/nlc/volterra.hpp"

namespace halo::retimer {

enum class NlcKind : std::uint8_t { kNone, kVolterra, kLut };

struct RxConfig {
  int adc_bits = 8;            ///< N, 6..8 (overrides ffe.adc_bits)
  bool ffe_enable = true;      ///< false: ADC codes go straight to the NLC/DFE (x << 3)
  dsp::FfeConfig ffe{};
  NlcKind nlc = NlcKind::kNone;
  nlc::VolterraConfig volterra{};
  nlc::LutNlcConfig lut{};
  dsp::DfeConfig dfe{};
  bool cdr_enable = true;
  dsp::CdrConfig cdr{};
  bool precoding = false;      ///< 1/(1+D) mod 4 precoding in use (decode after the slicer)
  bool checker_enable = true;
  dsp::CheckerConfig checker{};
  mon::HistogramConfig histogram{};
  mon::BurstConfig burst{};
  /// Level monitor and slicer histogram (levels(), histogram()). A model-only switch for
  /// callers that never read them (the link simulator): off skips their work and their ops();
  /// no other output changes.
  bool monitors_enable = true;
  bool fec_enable = false;     ///< run the FEC receive block on the decoded bits
  fec::FecRxConfig fec{};      ///< its configuration (skip counts output symbols)
  bool inner_enable = false;   ///< Clause 177 inner FEC between the slicer and the FEC block
  /// Inner decoder (hard | Chase-2 with L = 2..6, bypass) and its skip (LLR entries, 2 per
  /// symbol, dropped after reset before inner codeword 0).
  fec::inner::InnerFecRxConfig inner{};
  /// Deinterleaver after the inner decoder (branches P, depth D; `deinterleave` is forced on).
  fec::inner::ConvInterleaverConfig inner_interleaver{};
};

/// Per-call outputs; every span is empty or sized for the call (bits: 2 per symbol).
struct RxOut {
  std::span<std::uint8_t> bits{};        ///< decoded bits, A first
  std::span<std::uint8_t> symbols{};     ///< decoded Gray symbols 0..3
  std::span<std::uint16_t> phase{};      ///< CDR phase command after each symbol
  std::span<std::int16_t> slicer_in{};   ///< z, S13.3
  std::span<std::uint8_t> decisions{};   ///< slicer decisions 0..3 (line symbols, before the
                                         ///< precoding decoder)
  fec::FecRxOut fec{};                   ///< FEC receive outputs (fec_enable only)
  std::span<std::int8_t> llr{};          ///< inner-FEC LLRs, 2 per symbol, A first (inner_enable only)
  fec::inner::InnerFecRxOut inner{};     ///< inner decoder outputs (appended; inner_enable only):
                                         ///< 60 message pairs per codeword before the deinterleaver
};

class RetimerRx {
 public:
  explicit RetimerRx(const RxConfig& cfg = {});
  /// Validates every sub-configuration (std::invalid_argument naming the field) and resets.
  void configure(const RxConfig& cfg);
  void reset();
  /// ADC codes (signed adc_bits) in; any length.
  void process(std::span<const std::int16_t> adc, const RxOut& out = {});
  /// Closes open error bursts (end of a record).
  void finish() noexcept { bursts_.finish(); }

  [[nodiscard]] int latency() const noexcept;
  [[nodiscard]] std::uint16_t phase_code() const noexcept { return cdr_.phase_code(); }
  [[nodiscard]] const RxConfig& config() const noexcept { return cfg_; }
  [[nodiscard]] dsp::Ffe& ffe() noexcept { return ffe_; }
  [[nodiscard]] nlc::Volterra& volterra() noexcept { return vol_; }
  [[nodiscard]] nlc::LutNlc& lut() noexcept { return lut_; }
  [[nodiscard]] dsp::Dfe& dfe() noexcept { return dfe_; }
  [[nodiscard]] const dsp::CdrMm& cdr() const noexcept { return cdr_; }
  [[nodiscard]] dsp::CdrMm& cdr() noexcept { return cdr_; }
  [[nodiscard]] const dsp::PatternChecker& checker() const noexcept { return checker_; }
  [[nodiscard]] const mon::LevelMonitor& levels() const noexcept { return levels_; }
  [[nodiscard]] const mon::Histogram& histogram() const noexcept { return hist_; }
  [[nodiscard]] const mon::BurstMonitor& bursts() const noexcept { return bursts_; }
  /// The FEC receive block (in use when config().fec_enable).
  [[nodiscard]] const fec::FecRx& fec() const noexcept { return fec_; }
  [[nodiscard]] fec::FecRx& fec() noexcept { return fec_; }
  /// The inner FEC decoder block and its monitor (in use when config().inner_enable).
  [[nodiscard]] const fec::inner::InnerFecRx& inner() const noexcept { return inner_; }
  [[nodiscard]] fec::inner::InnerFecRx& inner() noexcept { return inner_; }
  /// Input codes clipped to adc_bits (saturation, never wrapped).
  [[nodiscard]] std::uint64_t input_clips() const noexcept;
  /// Per-symbol operation counts of the enabled blocks (power model).
  [[nodiscard]] dsp::OpCounts ops() const noexcept;

 private:
  void process_beat(std::span<const std::int16_t> adc, const RxOut& out, std::size_t off);
  void inner_beat(std::span<const std::int16_t> eq, std::span<std::uint8_t> d, std::span<std::int16_t> z,
                  std::span<std::int16_t> e, const RxOut& out, std::size_t off);
  RxConfig cfg_;
  dsp::Ffe ffe_;
  nlc::Volterra vol_;
  nlc::LutNlc lut_;
  dsp::Dfe dfe_;
  dsp::CdrMm cdr_;
  dsp::PrecodeDecoder dec_;
  dsp::PatternChecker checker_;
  mon::LevelMonitor levels_;
  mon::Histogram hist_;
  mon::BurstMonitor bursts_;
  fec::FecRx fec_;
  fec::inner::InnerFecRx inner_;
  fec::inner::ConvInterleaver deint_;
  std::uint64_t ffe_skip_ = 0;  // DFE errors that precede FFE output 0 (NLC latency)
  std::uint64_t adc_clips_ = 0;
  // scratch for one beat (no allocation in process)
  std::array<std::int16_t, fx::kMaxBeat> y_{}, v_{}, z_{}, e_{}, x_{};
  std::array<std::uint8_t, fx::kMaxBeat> d_{}, g_{}, f_{}, ab_{};
  std::array<std::uint16_t, fx::kMaxBeat> ph_{};
  std::array<std::int8_t, 2 * fx::kMaxBeat> llr_{};
  std::vector<std::uint8_t> msg_, deint_out_;  // inner decoder output of a beat (<= 60 pairs)
};

}  // namespace halo::retimer

// Internal: the time-domain engine's monitors (last stages, beside the checker).
//  * EyeMonitor: the eye at the ADC input (all eye phases of the front end, RX noise added)
//    over a window of whole blocks after training (up to 8000 symbols), as a histogram per
//    phase; at the end the eye at the slicer input from the same window (adapted linear FFE
//    and DFE fed with the transmitted symbols).
//  * PhaseMonitor: the CDR phase per block after training (mean, std, range, histogram of the
//    sampler offsets) and a decimated trace over the whole run.
//  * BlockObserver: what the receiver saw in each block, for a run's TdHooks::block observer.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "stages/block.hpp"
#include "halo/sim/link.hpp"

namespace halo::sim::detail {

class EyeMonitor {
 public:
  /// phases: eye samples per symbol (the front end's eye_phases()); block: B.
  EyeMonitor(unsigned phases, unsigned block) : phases_(phases), block_(block) {}
  /// Whether block b is in the eye window (then the front end delivers eye samples for it).
  [[nodiscard]] bool wants(const BlockInfo& b) const noexcept { return !b.training && done_ < kSymbols; }
  /// At the first block of the window: fixes the voltage range from the noise-free samples
  /// (phases() per symbol, V at the ADC input).
  void begin(std::span<const double> clean);
  /// noisy: the block's samples with the RX noise; hist: the TX record.
  void record(const BlockInfo& b, std::span<const double> noisy, const TxHistory& hist);
  /// Writes eye_phases, eye_v_edges, eye_hist and, from the receiver's adapted state rx,
  /// eye_slicer_hist (agc: V/V, full_scale_v: ADC full scale, V).
  void finish(const RxState& rx, double agc, double full_scale_v, TdResult& res) const;

 private:
  static constexpr std::uint64_t kSymbols = 8000;
  unsigned phases_, block_;
  std::uint64_t done_ = 0;
  double lo_ = 0, hi_ = 0;
  std::vector<double> edges_;
  std::vector<std::vector<std::uint32_t>> hist_;  // [phase][vbin]
  std::vector<double> store_;       // ADC-input samples at every eye phase (bounded: kSymbols)
  std::vector<std::uint8_t> txp_;   // line symbol each eye column's decision refers to
};

class PhaseMonitor {
 public:
  /// osr: samples per UI (the histogram's resolution); blocks: blocks in the run.
  PhaseMonitor(unsigned osr, std::uint64_t blocks)
      : osr_(osr), trace_every_(std::max<std::uint64_t>(1, blocks / 1000)) {}
  /// The CDR phase ph (UI) after block `index` (b: that block).
  void record(const BlockInfo& b, std::uint64_t index, double ph);
  /// Writes the phase statistics, histogram and trace.
  void finish(TdResult& res) const;

 private:
  unsigned osr_;
  std::uint64_t trace_every_;
  std::map<long, std::uint64_t> counts_;
  double sum_ = 0, sq_ = 0, min_ = 1e9, max_ = -1e9;
  std::uint64_t n_ = 0;
  std::vector<double> trace_;
};

class BlockObserver {
 public:
  /// hooks: may be null or without a block observer (then inactive); block: B.
  BlockObserver(const TdHooks* hooks, unsigned block);
  [[nodiscard]] bool active() const noexcept { return active_; }
  /// Starts a block: no symbol measured, no codeword.
  void begin();
  /// Where the FEC receive stage appends the block's codewords (null when inactive).
  [[nodiscard]] std::vector<TdCodeword>* codewords() noexcept { return active_ ? &cws_ : nullptr; }
  /// Bit-error patterns (A << 1) | B of the block's checked decisions [k0, err.size()).
  void errors(std::size_t k0, std::span<const std::uint8_t> err);
  /// Ends block n0: calls the observer. codes: the block's ADC codes; cursor_delay: see
  /// TdBlockView.
  void end(std::uint64_t n0, std::span<const float> slicer, std::span<const std::uint8_t> dec,
           std::span<const std::int16_t> codes, long cursor_delay);

 private:
  const TdHooks* hooks_;
  bool active_;
  std::vector<std::uint8_t> bit_err_;  // 0..2 per measured symbol, 255 = not measured
  std::vector<TdCodeword> cws_;
};

}  // namespace halo::sim::detail

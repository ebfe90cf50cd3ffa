// Internal: the time-domain engine's transmitter, two stages.
//  * LineCoder: data symbols -> line symbols with the golden model's Gray mapping and
//    1/(1+D) mod 4 precoder (halo::dsp, IEEE 802.3-2022 120.5.7.1/120.5.7.2); records both in
//    the TxHistory.
//  * AnalogTx: line symbols -> TX amplitudes A{-1,-1/3,1/3,1} (V) -> TX FFE (a floating-point
//    FIR on the analog levels, taps tx.ffe, causal, main tap delayed by tx.ffe_main symbols) ->
//    + TX noise (snr_db, Gaussian per symbol) and the edge jitter per symbol (RJ Gaussian, SJ
//    sine; UI). (The golden model's dsp::TxFfe is an integer DAC FIR; the simulator's analog
//    TX FFE is not quantised.)
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "stages/block.hpp"
#include "stages/source.hpp"
#include "halo/dsp/pam4.hpp"
#include "halo/sim/link.hpp"
#include "halo/sim/rng.hpp"

namespace halo::sim::detail {

class LineCoder {
 public:
  /// gray: Gray mapping (tx.gray); precoding: 1/(1+D) mod 4 precoding (tx.precoding).
  LineCoder(bool gray, bool precoding, unsigned block);
  /// data: one block from a source in format `fmt`; writes the line symbols (0..3, one per
  /// data symbol) to `line` and records the block in `hist` from TX symbol n0 on.
  void process(std::uint64_t n0, std::span<const std::uint8_t> data, SourceFormat fmt, TxHistory& hist,
               std::span<std::uint8_t> line);

 private:
  bool gray_, precoding_;
  dsp::Precoder precoder_;
  std::vector<std::uint8_t> g_;  // data symbols before precoding
};

class AnalogTx {
 public:
  /// From the config's TX section and the model's amplitude and TX noise. Seeds: TX noise
  /// GaussLanes(seed, 3), jitter Rng(seed, 4).
  AnalogTx(const LinkConfig& cfg, const LinkModel& m);
  /// Symbol edge jitter in use (tau is written).
  [[nodiscard]] bool jitter() const noexcept { return jitter_; }
  /// line: the block's line symbols; u: TX amplitude per symbol (V); tau: edge offset per
  /// symbol (UI), written when jitter() (then of the block's size), else empty.
  void process(std::uint64_t n0, std::span<const std::uint8_t> line, std::span<double> u, std::span<double> tau);

 private:
  double amplitude_;
  std::vector<double> ffe_;
  std::vector<double> lev_;  // TX levels after the FFE history (ffe.size() - 1 symbols, zero at start)
  double sigma_tx_;
  GaussLanes noise_;
  std::vector<double> g_;    // a block of Gaussian draws
  bool jitter_;
  double rj_ui_, dj_ui_, sj_ui_, sj_w_;
  Rng jit_rng_;
  Rng dj_rng_;               // dual-Dirac signs (stream 5)
};

}  // namespace halo::sim::detail

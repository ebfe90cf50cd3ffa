// Internal: the time-domain engine's receiver stage: ADC codes -> RxDsp (the golden-model
// receiver halo::retimer::RetimerRx, or the floating-point reference) -> line-symbol
// decisions, slicer inputs and the CDR phase for the next block. While training, the RxDsp
// gets the known line symbols its decisions refer to (from the TxHistory).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "stages/block.hpp"
#include "halo/sim/link.hpp"
#include "halo/sim/rx_dsp.hpp"

namespace halo::sim::detail {

class FrontEnd;

/// The receiver a config asks for (rx.model: cmodel | float), started by the simulator's "link
/// training": MMSE FFE/DFE taps from the statistical engine at the starting phase (fixed
/// phase `start` for an electrical link, the front end's linearised pulse and cursor for an
/// optical one); agc (V/V) and lsb (V) scale them to ADC codes. init_out (optional): receives
/// the golden model's start-up values (rx.model cmodel only; untouched for float).
std::unique_ptr<RxDsp> make_link_rx(const LinkConfig& cfg, const LinkModel& m, const FrontEnd& fe, long start,
                                    double agc, double lsb, CmodelRxInit* init_out = nullptr);

/// The golden model's MM CDR loop gains (halo::dsp::CdrConfig kp_shift / ki_shift) for
/// rx.cdr.gain (UI per unit timing error per symbol, > 0) at slicer amplitude level_a:
/// kp_shift = round(log2(9 level_a / (gain 2^16))) clamped to 0..40, ki_shift = kp_shift + 20
/// clamped to 0..48 (scaling: rx_dsp_cmodel.cpp).
struct CdrShifts {
  int kp_shift = 0, ki_shift = 0;
};
CdrShifts cmodel_cdr_shifts(double cdr_gain, int level_a);

class Receiver {
 public:
  /// rx: the receiver (not owned; outlives this stage); freeze_after_training: rx's
  /// adaptation stops when training ends; block: B.
  Receiver(RxDsp& rx, bool freeze_after_training, unsigned block);
  /// codes: the block's ADC codes; dec/slicer: decisions 0..3 and slicer inputs (level units),
  /// same length.
  void process(const BlockInfo& b, std::span<const std::int16_t> codes, const TxHistory& hist,
               std::span<std::uint8_t> dec, std::span<float> slicer);
  /// CDR phase command (UI, relative to the start) for the next block.
  [[nodiscard]] double phase_ui() const { return rx_.phase_ui(); }
  [[nodiscard]] RxDsp& dsp() const noexcept { return rx_; }

 private:
  RxDsp& rx_;
  bool freeze_;
  std::vector<std::uint8_t> train_;
};

}  // namespace halo::sim::detail

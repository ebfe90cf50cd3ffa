// The link simulator's transmitter and front end up to the ADC, stepped by an external
// receiver that chooses the sampling phase (co-simulation: the RTL's CDR closes the loop,
// verif/systemc, docs/retimer_rtl.md). The same stages as the time-domain engine
// (run_time_domain): DataSource -> LineCoder -> AnalogTx -> FrontEnd (pulse superposition |
// optical waveform) -> Adc (RX noise, AGC, quantiser), built from the same LinkConfig, with
// the sampling phase given per call instead of by the engine's RxDsp.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "halo/sim/link.hpp"

namespace halo::sim {

/// Start-up values of a golden-model receiver on this link (the simulator's "link training":
/// the statistical MMSE taps at the starting phase, as make_link_rx computes them).
struct ChannelStreamTraining {
  std::vector<double> ffe;  ///< FFE taps, RxState units (level units per code / 2^(adc_bits-1))
  std::vector<double> dfe;  ///< DFE taps, level units
  int level_a = 256;        ///< the simulator receiver's slicer amplitude A (S13.3)
  int cdr_kp_shift = 0;     ///< CDR gains for rx.cdr.gain at level_a (cmodel_cdr_shifts)
  int cdr_ki_shift = 0;
};

class ChannelStream {
 public:
  /// cfg must be a validated electrical or optical link config with rx.model cmodel (the
  /// training values come from the golden model's start-up); m = build_model(cfg). Seeds and
  /// streams as in run_time_domain (data: seed stream 1, RX noise 2, TX noise 3, jitter 4):
  /// at the engine's phase the codes equal a time-domain run's code for code, whatever the
  /// sizes of the calls (tests/sim/test_channel_stream.cpp), except after the engine's eye
  /// monitor has drawn RX noise for its eye samples (the first measured blocks of a run).
  /// Throws std::invalid_argument for rx.model float or rx.cdr.gain <= 0.
  ChannelStream(const LinkConfig& cfg, const LinkModel& m);
  ~ChannelStream();
  ChannelStream(const ChannelStream&) = delete;
  ChannelStream& operator=(const ChannelStream&) = delete;

  /// The next codes.size() ADC codes (signed rx.adc.bits), sampled phase_ui UI after the
  /// starting sampling point (positive = later; the electrical front end rounds to T/osr, the
  /// optical one interpolates). Any size per call.
  void next(double phase_ui, std::span<std::int16_t> codes);
  /// Code k samples the main cursor of line symbol k - cursor_delay().
  [[nodiscard]] long cursor_delay() const;
  /// Codes produced so far.
  [[nodiscard]] std::uint64_t position() const;
  [[nodiscard]] const ChannelStreamTraining& training() const;
  [[nodiscard]] double agc_gain() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace halo::sim

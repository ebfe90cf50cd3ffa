// C++17 face of the link simulator's channel (halo::sim::ChannelStream, C++20) for the
// SystemC system model: a link config (the YAML of `halolink sim`) -> ADC codes sampled at a
// phase the caller gives per call. No sim or cmodel types here, so SystemC translation units
// can include it. See docs/retimer_rtl.md, "SystemC channel of the link simulator".
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace halo::verif {

struct LinkChannelOptions {
  std::string config;            ///< link config YAML (electrical or optical, not a sweep)
  std::uint64_t seed = 0;        ///< 0: the config's seed
  bool set_phase_offset = false; ///< override rx.cdr.initial_offset_ui with phase_offset_ui
  double phase_offset_ui = 0;    ///< starting sampling offset from the lock estimate (UI)
};

/// The channel of one link. The config's tx.pattern is replaced by kp4 (KP4 codewords from
/// line symbol 0, so that the FEC decodes real codewords) and its rx.model by cmodel (the
/// start-up taps are the golden model's link training). Throws std::runtime_error with the
/// config error's text (file, line, key) on a bad config.
class LinkChannel {
 public:
  explicit LinkChannel(const LinkChannelOptions& o);
  ~LinkChannel();
  /// n codes sampled phase_ui UI after the starting point (positive = later).
  void next(double phase_ui, std::int16_t* codes, std::size_t n);
  long cursor_delay() const;
  int adc_bits() const;
  bool precoding() const;
  double symbol_rate_gbd() const;
  const std::string& name() const;
  /// link-training start values (RxState units: FFE per code / 2^(bits-1), DFE level units)
  const std::vector<double>& ffe_levels() const;
  const std::vector<double>& dfe_levels() const;
  int cdr_kp_shift() const;
  int cdr_ki_shift() const;
  unsigned osr() const;
  /// An optical link: its front end starts at the calibrated cursor and ignores
  /// rx.cdr.initial_offset_ui (electrical links only).
  bool optical() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace halo::verif

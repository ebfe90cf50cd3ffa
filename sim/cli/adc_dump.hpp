// `halolink sim --dump-adc FILE`: the time-domain run's ADC codes in the HALO_COSIM_ADC_FILE
// format read by the co-simulation (verif/dsp/dsp_stimulus.hpp, docs/sim.md "ADC-code dump"):
// text, '#' header lines "# key: value" (format, config, name, adc_bits, symbol_rate_gbd,
// seed, pattern, gray, precoding, cursor_delay, block_symbols, codes), then one signed
// decimal code per line, in symbol order, then trailer comments (rx_ffe, rx_dfe,
// rx_slicer_gain: the simulator receiver's adapted state). Written through an AtomicFile: a failed run leaves
// no file behind; every write is checked.
#pragma once

#include <cstdint>
#include <string>

#include "atomic_file.hpp"
#include "halo/sim/link.hpp"

namespace halo::cli {

class AdcDump {
 public:
  /// Opens the temporary of `path` (throws std::runtime_error with the OS reason).
  AdcDump(const std::string& path, const std::string& config_file, const sim::LinkConfig& cfg);
  /// Appends a block's codes (the header first, on the first block).
  void block(const sim::TdBlockView& v);
  /// Appends the trailer: the simulator receiver's adapted state at the end of the run, in
  /// RxState units (docs/sim.md): "# rx_ffe: c_0 ... c_{T-1}" (level units per code /
  /// 2^(bits-1)), "# rx_dfe: b_1 ...", "# rx_slicer_gain: g" -- the "link training" values a
  /// replaying receiver may start from.
  void trailer(const sim::RxState& st);
  /// Checks the count against the header and renames the file into place.
  void commit();
  [[nodiscard]] std::uint64_t codes() const noexcept { return written_; }

 private:
  AtomicFile file_;
  std::string header_;
  std::uint64_t expected_ = 0, written_ = 0;
  bool started_ = false;
  std::string buf_;
};

}  // namespace halo::cli

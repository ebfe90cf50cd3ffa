// libFuzzer harness: the TDECQ waveform file parser (sim/tdecq/tdecq_waveform.cpp,
// docs/tdecq.md "Waveform file"). The input is the file text. Accepted files must hold
// symbols 0..3, finite samples, symbols x samples_per_ui samples, and survive a format/parse
// round trip unchanged; small accepted waveforms are also analysed (only
// std::invalid_argument, a documented rejection, may leave analyze). Any other exception, a
// sanitizer report or a failed check is a finding.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "halo/sim/tdecq.hpp"

namespace {
void check(bool ok) {
  if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  halo::sim::tdecq::Waveform w;
  try {
    w = halo::sim::tdecq::parse_waveform(text, "fuzz.txt");
  } catch (const halo::sim::tdecq::WaveformError&) {
    return 0;
  }
  check(w.osr >= 4 && w.samples.size() == w.symbols.size() * w.osr);
  check(std::isfinite(w.symbol_rate_hz) && w.symbol_rate_hz > 0);
  for (auto s : w.symbols) check(s <= 3);
  for (double x : w.samples) check(std::isfinite(x));
  const auto back = halo::sim::tdecq::parse_waveform(halo::sim::tdecq::format_waveform(w), "round.txt");
  check(back.symbols == w.symbols && back.samples == w.samples && back.osr == w.osr);
  if (w.samples.size() <= 8000) {
    try {
      auto p = halo::sim::tdecq::preset("ieee8023cd_100g");
      p.ffe_taps = 3;
      p.max_main_index = 1;
      (void)halo::sim::tdecq::analyze(p, w);
    } catch (const std::invalid_argument&) {
    }
  }
  return 0;
}

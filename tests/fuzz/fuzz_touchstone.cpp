// libFuzzer harness: the Touchstone 1.x reader (sim/channel/touchstone.cpp) and the channel
// response built from what it accepts. The input is the file text; it is parsed as a 1-, 2-
// and 4-port file, and once through read_touchstone (a temporary .s4p, line-by-line reader),
// which must agree with parse_touchstone. Accepted data must be finite and strictly
// increasing in frequency. Any other exception, a sanitizer report or a failed check is a
// finding.
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>

#include "halo/sim/channel_response.hpp"
#include "halo/sim/touchstone.hpp"

namespace {

using halo::sim::SParams;
using halo::sim::TouchstoneError;

void check(bool ok) {
  if (!ok) std::abort();
}

std::optional<SParams> parse(std::string_view text, unsigned ports) {
  try {
    return halo::sim::parse_touchstone(text, ports, "fuzz.s4p");
  } catch (const TouchstoneError&) {
    return std::nullopt;
  }
}

void validate(const SParams& sp) {
  check(!sp.freq_hz.empty());
  check(sp.s.size() == sp.freq_hz.size() * sp.num_ports * sp.num_ports);
  for (std::size_t k = 0; k < sp.freq_hz.size(); ++k) {
    check(std::isfinite(sp.freq_hz[k]) && sp.freq_hz[k] >= 0);
    if (k) check(sp.freq_hz[k] > sp.freq_hz[k - 1]);
  }
  for (const auto& v : sp.s) check(std::isfinite(v.real()) && std::isfinite(v.imag()));
  check(std::isfinite(sp.z0_ohm) && sp.z0_ohm > 0);
  try {
    halo::sim::require_coverage(sp, 53.125e9);
  } catch (const TouchstoneError&) {
  }
  try {
    const auto map = sp.num_ports == 4 ? halo::sim::detect_port_map(sp) : halo::sim::PortMap{};
    const auto r = halo::sim::sdd21(sp, map);
    (void)halo::sim::loss_db_nearest(r, 26.5625e9);
    (void)r(1e9);
  } catch (const std::invalid_argument&) {  // port map not detectable: a documented error
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::optional<SParams> four;
  for (unsigned ports : {1u, 2u, 4u}) {
    auto sp = parse(text, ports);
    if (sp) validate(*sp);
    if (ports == 4) four = std::move(sp);
  }
  static const std::filesystem::path tmp =
      std::filesystem::temp_directory_path() / ("halo_fuzz_touchstone_" + std::to_string(getpid()) + ".s4p");
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(text.data(), static_cast<std::streamsize>(text.size()));
  }
  std::optional<SParams> streamed;
  try {
    streamed = halo::sim::read_touchstone(tmp);
  } catch (const TouchstoneError&) {
  }
  check(streamed.has_value() == four.has_value());
  if (streamed) {
    check(streamed->freq_hz == four->freq_hz);
    check(streamed->s == four->s);
  }
  return 0;
}

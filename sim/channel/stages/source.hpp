// Internal: the time-domain engine's data source (first stage).
//  * PRBS13Q / PRBS31Q / SSPRQ (IEEE 802.3-2022 120.5.11.2): the golden model's generator
//    (halo::dsp::PatternGenerator). These patterns are defined as Gray-coded symbols, so the
//    source delivers them as such (SourceFormat::kGraySymbols);
//  * random: uniform bit pairs;
//  * KP4: random payload, RS(544,514) encoded (halo::fec::RsEncoder), the codeword's 10-bit
//    symbols bit 0 first (119.2.4.7) as bit pairs, A first on the line.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "halo/sim/link_config.hpp"

namespace halo::sim::detail {

/// What a source's symbols are: bit pairs (A << 1) | B, or Gray-coded PAM4 symbols 0..3.
enum class SourceFormat : std::uint8_t { kBitPairs, kGraySymbols };

class DataSource {
 public:
  virtual ~DataSource() = default;
  /// The next out.size() symbols, in format().
  virtual void fill(std::span<std::uint8_t> out) = 0;
  [[nodiscard]] virtual SourceFormat format() const noexcept = 0;
};

/// The source of a pattern with its seed (streams derived from it as the engine always has).
/// Throws std::invalid_argument (from halo::dsp) on a pattern seed the generator rejects.
std::unique_ptr<DataSource> make_source(DataPattern pattern, std::uint64_t seed, std::uint64_t shard = 0);

}  // namespace halo::sim::detail

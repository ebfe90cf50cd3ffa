// PAM4 Gray mapping and 1/(1+D) mod 4 precoding.
//
// Gray mapping (IEEE 802.3-2022 120.5.7.1): two bits {A, B}, A first in time, map to the
// symbol index s = 0,1,2,3 for levels -1, -1/3, +1/3, +1: 00 -> 0, 01 -> 1, 11 -> 2, 10 -> 3.
// Precoding (IEEE 802.3-2022 120.5.7.2, 135.5.7.2): transmitter P(j) = (G(j) - P(j-1)) mod 4,
// receiver G(j) = (P(j) + P(j-1)) mod 4 after slicing; initial state P(-1) = 0.
//
// Formats: bits are uint8 0/1, symbols uint8 0..3 (higher bits are rejected by the mappers'
// callers only where noted; the precoder uses the two LSBs). State: 2 bits (precoder/decoder).
// Operation counts per symbol: Gray map/demap 1 XOR (counted as 1 add); precoder/decoder one
// 2-bit add (1 add), 2 register bits.
#pragma once

#include <cstdint>
#include <span>

#include "halo/dsp/common.hpp"

namespace halo::dsp {

/// Gray-map one bit pair (A first). a, b must be 0 or 1.
constexpr std::uint8_t gray_map(std::uint8_t a, std::uint8_t b) noexcept {
  return static_cast<std::uint8_t>((a << 1) | (a ^ b));
}
/// Inverse Gray map: symbol 0..3 -> two bits packed as (A << 1) | B.
constexpr std::uint8_t gray_demap(std::uint8_t s) noexcept {
  return static_cast<std::uint8_t>(s ^ ((s >> 1) & 1u));
}

/// Bits (2 per symbol, A first) -> Gray symbols. Throws std::invalid_argument unless
/// bits.size() == 2 * symbols.size() and every bit is 0 or 1.
void gray_map(std::span<const std::uint8_t> bits, std::span<std::uint8_t> symbols);
/// Gray symbols -> bits (2 per symbol, A first). Throws std::invalid_argument unless
/// bits.size() == 2 * symbols.size(); symbols use their two LSBs.
void gray_demap(std::span<const std::uint8_t> symbols, std::span<std::uint8_t> bits);
/// Per-symbol cost of gray_map / gray_demap.
OpCounts gray_ops() noexcept;

/// 1/(1+D) mod 4 precoder (transmitter). State: P(j-1), 2 bits.
class Precoder {
 public:
  void reset() noexcept { prev_ = 0; }
  /// G symbols in, P symbols out (same length; in == out allowed). Throws on length mismatch.
  void process(std::span<const std::uint8_t> g, std::span<std::uint8_t> p);
  [[nodiscard]] OpCounts ops() const noexcept { return {0, 1, 2, 0}; }

 private:
  std::uint8_t prev_ = 0;
};

/// (1+D) mod 4 decoder (receiver, after the slicer). State: P(j-1), 2 bits.
class PrecodeDecoder {
 public:
  void reset() noexcept { prev_ = 0; }
  /// P symbols in, G symbols out (same length; in == out allowed). Throws on length mismatch.
  void process(std::span<const std::uint8_t> p, std::span<std::uint8_t> g);
  [[nodiscard]] OpCounts ops() const noexcept { return {0, 1, 2, 0}; }

 private:
  std::uint8_t prev_ = 0;
};

}  // namespace halo::dsp

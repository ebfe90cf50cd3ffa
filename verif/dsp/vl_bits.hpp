// Bit-field access to Verilator port values of any width (CData/SData/IData/QData or
// VlWide<N>), used by the DSP co-simulation harnesses to pack and unpack P-lane beats.
#pragma once

#include <cstdint>
#include <type_traits>

#include "verilated.h"

namespace halo::verif {

/// Writes the low `w` bits of v (w <= 64) at bit offset lsb of an integral port.
template <class T, std::enable_if_t<std::is_integral_v<T>, int> = 0>
inline void put_bits(T& port, unsigned lsb, unsigned w, std::uint64_t v) {
  const std::uint64_t mask = w >= 64 ? ~std::uint64_t{0} : ((std::uint64_t{1} << w) - 1);
  std::uint64_t p = static_cast<std::uint64_t>(port);
  p = (p & ~(mask << lsb)) | ((v & mask) << lsb);
  port = static_cast<T>(p);
}

/// Writes the low `w` bits of v (w <= 64) at bit offset lsb of a wide port.
template <std::size_t N>
inline void put_bits(VlWide<N>& port, unsigned lsb, unsigned w, std::uint64_t v) {
  for (unsigned b = 0; b < w; ++b) {
    const unsigned pos = lsb + b;
    const std::uint32_t bit = 1u << (pos % 32);
    if ((v >> b) & 1u) {
      port[pos / 32] |= bit;
    } else {
      port[pos / 32] &= ~bit;
    }
  }
}

/// Reads `w` bits (w <= 64) at offset lsb of an integral port, zero-extended.
template <class T, std::enable_if_t<std::is_integral_v<T>, int> = 0>
inline std::uint64_t get_bits(const T& port, unsigned lsb, unsigned w) {
  const std::uint64_t mask = w >= 64 ? ~std::uint64_t{0} : ((std::uint64_t{1} << w) - 1);
  return (static_cast<std::uint64_t>(port) >> lsb) & mask;
}

/// Reads `w` bits (w <= 64) at offset lsb of a wide port, zero-extended.
template <std::size_t N>
inline std::uint64_t get_bits(const VlWide<N>& port, unsigned lsb, unsigned w) {
  std::uint64_t v = 0;
  for (unsigned b = 0; b < w; ++b) {
    const unsigned pos = lsb + b;
    v |= static_cast<std::uint64_t>((port[pos / 32] >> (pos % 32)) & 1u) << b;
  }
  return v;
}

/// Sign-extends a w-bit field.
inline std::int64_t sext(std::uint64_t v, unsigned w) {
  const std::uint64_t m = std::uint64_t{1} << (w - 1);
  return static_cast<std::int64_t>((v ^ m) - m);
}

/// Reads a signed w-bit field.
template <class T>
inline std::int64_t get_signed(const T& port, unsigned lsb, unsigned w) {
  return sext(get_bits(port, lsb, w), w);
}

}  // namespace halo::verif

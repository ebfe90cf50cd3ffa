#include "halo/fec/codeword_io.hpp"

#include <stdexcept>
#include <string>

namespace halo::fec {
namespace {
void need(bool ok, const char* fn, std::size_t a, std::size_t b) {
  if (!ok)
    throw std::invalid_argument(std::string(fn) + ": length mismatch (" + std::to_string(a) + " symbols vs " +
                                std::to_string(b) + " bits/bytes)");
}

void check_interleave(const char* fn, std::size_t a, unsigned ways, std::size_t b) {
  if (ways == 0 || a % ways != 0 || a != b)
    throw std::invalid_argument(std::string(fn) + ": expected ways >= 1 dividing " + std::to_string(a) +
                                " symbols and equal lengths, got ways = " + std::to_string(ways) + " and " +
                                std::to_string(b) + " symbols");
}
}  // namespace

void interleave_symbols(std::span<const gf_t> codewords, unsigned ways, std::span<gf_t> stream) {
  check_interleave("interleave_symbols", codewords.size(), ways, stream.size());
  const std::size_t n = codewords.size() / ways;
  for (std::size_t j = 0; j < stream.size(); ++j) stream[j] = codewords[(j % ways) * n + j / ways];
}

void deinterleave_symbols(std::span<const gf_t> stream, unsigned ways, std::span<gf_t> codewords) {
  check_interleave("deinterleave_symbols", codewords.size(), ways, stream.size());
  const std::size_t n = codewords.size() / ways;
  for (std::size_t j = 0; j < stream.size(); ++j) codewords[(j % ways) * n + j / ways] = stream[j];
}

void symbols_to_bits(std::span<const gf_t> symbols, std::span<std::uint8_t> bits) {
  need(bits.size() == symbols.size() * kGfBits, "symbols_to_bits", symbols.size(), bits.size());
  for (std::size_t i = 0; i < symbols.size(); ++i)
    for (unsigned j = 0; j < kGfBits; ++j) bits[i * kGfBits + j] = static_cast<std::uint8_t>((symbols[i] >> j) & 1u);
}

void bits_to_symbols(std::span<const std::uint8_t> bits, std::span<gf_t> symbols) {
  need(bits.size() == symbols.size() * kGfBits, "bits_to_symbols", symbols.size(), bits.size());
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    unsigned v = 0;
    for (unsigned j = 0; j < kGfBits; ++j) {
      const std::uint8_t b = bits[i * kGfBits + j];
      if (b > 1) throw std::invalid_argument("bits_to_symbols: bit " + std::to_string(i * kGfBits + j) + " is not 0/1");
      v |= static_cast<unsigned>(b) << j;
    }
    symbols[i] = static_cast<gf_t>(v);
  }
}

void symbols_to_bytes(std::span<const gf_t> symbols, std::span<std::uint8_t> bytes) {
  need(symbols.size() * kGfBits == bytes.size() * 8, "symbols_to_bytes", symbols.size(), bytes.size());
  std::uint32_t acc = 0;
  unsigned nacc = 0;
  std::size_t o = 0;
  for (gf_t s : symbols) {
    acc |= static_cast<std::uint32_t>(s & 0x3ffu) << nacc;
    nacc += kGfBits;
    while (nacc >= 8) {
      bytes[o++] = static_cast<std::uint8_t>(acc & 0xffu);
      acc >>= 8;
      nacc -= 8;
    }
  }
}

void bytes_to_symbols(std::span<const std::uint8_t> bytes, std::span<gf_t> symbols) {
  need(symbols.size() * kGfBits == bytes.size() * 8, "bytes_to_symbols", symbols.size(), bytes.size());
  std::uint32_t acc = 0;
  unsigned nacc = 0;
  std::size_t o = 0;
  for (std::uint8_t b : bytes) {
    acc |= static_cast<std::uint32_t>(b) << nacc;
    nacc += 8;
    if (nacc >= kGfBits) {
      symbols[o++] = static_cast<gf_t>(acc & 0x3ffu);
      acc >>= kGfBits;
      nacc -= kGfBits;
    }
  }
}

std::size_t find_invalid_symbol(std::span<const gf_t> symbols) noexcept {
  for (std::size_t i = 0; i < symbols.size(); ++i)
    if (symbols[i] >= kGfSize) return i;
  return symbols.size();
}

}  // namespace halo::fec

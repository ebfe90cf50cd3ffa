#include "halo/dsp/pam4.hpp"

#include <stdexcept>
#include <string>

namespace halo::dsp {

namespace {
void check_len(std::size_t a, std::size_t b, const char* what) {
  if (a != b) {
    throw std::invalid_argument(std::string(what) + ": length mismatch, " + std::to_string(a) +
                                " vs " + std::to_string(b));
  }
}
}  // namespace

void gray_map(std::span<const std::uint8_t> bits, std::span<std::uint8_t> symbols) {
  check_len(bits.size(), 2 * symbols.size(), "gray_map: bits vs 2*symbols");
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    const std::uint8_t a = bits[2 * i], b = bits[2 * i + 1];
    if ((a | b) > 1) {
      throw std::invalid_argument("gray_map: bit " + std::to_string(a > 1 ? 2 * i : 2 * i + 1) +
                                  " is not 0/1");
    }
    symbols[i] = gray_map(a, b);
  }
}

void gray_demap(std::span<const std::uint8_t> symbols, std::span<std::uint8_t> bits) {
  check_len(bits.size(), 2 * symbols.size(), "gray_demap: bits vs 2*symbols");
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    const std::uint8_t ab = gray_demap(static_cast<std::uint8_t>(symbols[i] & 3u));
    bits[2 * i] = static_cast<std::uint8_t>(ab >> 1);
    bits[2 * i + 1] = static_cast<std::uint8_t>(ab & 1u);
  }
}

OpCounts gray_ops() noexcept { return {0, 1, 0, 0}; }

void Precoder::process(std::span<const std::uint8_t> g, std::span<std::uint8_t> p) {
  check_len(g.size(), p.size(), "Precoder::process");
  std::uint8_t prev = prev_;
  for (std::size_t i = 0; i < g.size(); ++i) {
    prev = static_cast<std::uint8_t>((g[i] - prev) & 3u);
    p[i] = prev;
  }
  prev_ = prev;
}

void PrecodeDecoder::process(std::span<const std::uint8_t> p, std::span<std::uint8_t> g) {
  check_len(g.size(), p.size(), "PrecodeDecoder::process");
  std::uint8_t prev = prev_;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const std::uint8_t cur = static_cast<std::uint8_t>(p[i] & 3u);
    g[i] = static_cast<std::uint8_t>((cur + prev) & 3u);
    prev = cur;
  }
  prev_ = prev;
}

}  // namespace halo::dsp

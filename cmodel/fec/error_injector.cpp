#include "halo/fec/error_injector.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace halo::fec {

unsigned ErrorInjector::symbol_errors(std::span<gf_t> word, unsigned count) {
  if (count > word.size())
    throw std::invalid_argument("ErrorInjector: " + std::to_string(count) + " symbol errors in a word of " +
                                std::to_string(word.size()));
  // partial Fisher-Yates over positions, without allocation for words up to 1023 symbols
  std::uint16_t pos[kGfOrder];
  const unsigned n = static_cast<unsigned>(std::min<std::size_t>(word.size(), kGfOrder));
  for (unsigned i = 0; i < n; ++i) pos[i] = static_cast<std::uint16_t>(i);
  for (unsigned q = 0; q < count; ++q) {
    std::uniform_int_distribution<unsigned> pick(q, n - 1);
    std::swap(pos[q], pos[pick(rng_)]);
    std::uniform_int_distribution<unsigned> val(1, kGfSize - 1);
    word[pos[q]] = static_cast<gf_t>(word[pos[q]] ^ val(rng_));
  }
  return count;
}

unsigned ErrorInjector::burst(std::span<gf_t> word, unsigned length) {
  const unsigned n = static_cast<unsigned>(word.size());
  length = std::min(length, n);
  if (length == 0) return 0;
  std::uniform_int_distribution<unsigned> start(0, n - length);
  std::uniform_int_distribution<unsigned> val(1, kGfSize - 1);
  const unsigned s = start(rng_);
  for (unsigned i = 0; i < length; ++i) word[s + i] = static_cast<gf_t>(word[s + i] ^ val(rng_));
  return length;
}

unsigned ErrorInjector::bit_errors(std::span<gf_t> word, double ber) {
  if (!(ber >= 0.0 && ber < 1.0)) throw std::invalid_argument("ErrorInjector: ber must be in [0, 1)");
  if (ber == 0.0) return 0;
  const double total = static_cast<double>(word.size()) * kGfBits;
  const double lq = std::log1p(-ber);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  auto gap = [&] { return std::floor(std::log1p(-u(rng_)) / lq); };  // bits before next error
  if (carry_ < 0) carry_ = gap();
  unsigned changed = 0;
  int last_sym = -1;
  double b = carry_;
  while (b < total) {
    const auto bit = static_cast<std::size_t>(b);
    const std::size_t sym = bit / kGfBits;
    word[sym] = static_cast<gf_t>(word[sym] ^ (1u << (bit % kGfBits)));
    if (static_cast<int>(sym) != last_sym) ++changed;
    last_sym = static_cast<int>(sym);
    b += 1.0 + gap();
  }
  carry_ = b - total;
  return changed;
}

void ErrorInjector::random_symbols(std::span<gf_t> out) {
  std::uniform_int_distribution<unsigned> d(0, kGfSize - 1);
  for (auto& s : out) s = static_cast<gf_t>(d(rng_));
}

}  // namespace halo::fec

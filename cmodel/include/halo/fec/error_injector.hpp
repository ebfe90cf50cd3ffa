// Deterministic error injection into RS-FEC codewords, for tests, benchmarks, the
// `halolink fec` demo and co-simulation stimulus. Reproducible from the seed
// (std::mt19937_64, whose output sequence is fixed by the C++ standard).
#pragma once

#include <cstdint>
#include <random>
#include <span>

#include "halo/fec/gf1024.hpp"

namespace halo::fec {

class ErrorInjector {
 public:
  explicit ErrorInjector(std::uint64_t seed) : rng_(seed) {}

  /// XORs `count` distinct symbols (uniform positions) with uniform non-zero 10-bit values.
  /// Returns count. Throws std::invalid_argument if count > word.size().
  unsigned symbol_errors(std::span<gf_t> word, unsigned count);

  /// A burst: `length` consecutive symbols starting at a uniform position, each XORed with
  /// a uniform non-zero value. length is clipped to the word size.
  unsigned burst(std::span<gf_t> word, unsigned length);

  /// Independent bit errors with probability `ber` per bit (geometric skipping, so cost is
  /// proportional to the number of errors). Returns the number of symbols changed.
  /// Throws std::invalid_argument unless 0 <= ber < 1.
  unsigned bit_errors(std::span<gf_t> word, double ber);

  /// Uniform random symbols (0..1023).
  void random_symbols(std::span<gf_t> out);

  std::mt19937_64& rng() noexcept { return rng_; }

 private:
  std::mt19937_64 rng_;
  double carry_ = -1;  // remaining geometric gap (bits) carried across words
};

}  // namespace halo::fec

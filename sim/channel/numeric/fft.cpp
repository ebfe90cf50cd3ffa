#include "halo/sim/fft.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <utility>
#include <vector>

namespace halo::sim {

std::size_t next_pow2(std::size_t n) {
  std::size_t p = 1;
  while (p < n) p <<= 1;
  return p;
}

void fft(std::span<std::complex<double>> x, bool inverse) {
  const std::size_t n = x.size();
  if (n == 0 || (n & (n - 1)) != 0)
    throw std::invalid_argument("fft: size must be a power of two, got " + std::to_string(n));
  for (std::size_t i = 1, j = 0; i < n; ++i) {  // bit reversal
    std::size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(x[i], x[j]);
  }
  // The twiddles of a stage depend on k only: computed once per stage by the same recurrence
  // (re-anchored every 64 steps to limit drift) and reused by every block of the stage.
  std::vector<std::complex<double>> tw(n / 2);
  for (std::size_t len = 2; len <= n; len <<= 1) {
    const double ang = 2 * std::numbers::pi / static_cast<double>(len) * (inverse ? 1 : -1);
    const std::complex<double> wl(std::cos(ang), std::sin(ang));
    const std::size_t half = len / 2;
    std::complex<double> w(1, 0);
    for (std::size_t k = 0; k < half; ++k) {
      tw[k] = w;
      w = (k % 64 == 63) ? std::polar(1.0, ang * static_cast<double>(k + 1)) : w * wl;
    }
    for (std::size_t i = 0; i < n; i += len) {
      std::complex<double>* a = x.data() + i;
      std::complex<double>* b = a + half;
      for (std::size_t k = 0; k < half; ++k) {
        const auto u = a[k], v = b[k] * tw[k];
        a[k] = u + v;
        b[k] = u - v;
      }
    }
  }
  if (inverse)
    for (auto& v : x) v /= static_cast<double>(n);
}

}  // namespace halo::sim

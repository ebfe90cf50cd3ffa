// Radix-2 complex FFT (in place), for channel impulse responses and optical dispersion.
// Sizes must be powers of two. Forward: X_k = sum_n x_n e^{-j 2 pi k n / N};
// inverse includes the 1/N factor.
#pragma once

#include <complex>
#include <cstddef>
#include <span>

namespace halo::sim {

/// In-place FFT. Throws std::invalid_argument unless x.size() is a power of two >= 1.
void fft(std::span<std::complex<double>> x, bool inverse = false);

/// Smallest power of two >= n (n >= 1).
std::size_t next_pow2(std::size_t n);

}  // namespace halo::sim

#include "kernels.hpp"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define HALO_CLONES __attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#else
#define HALO_CLONES
#endif

namespace halo::sim::detail {

HALO_CLONES double dot(const double* a, const double* b, std::size_t n) noexcept {
  double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (std::size_t k = 0; k < 8; ++k) s[k] += a[i + k] * b[i + k];
  for (std::size_t k = 0; i < n; ++i, ++k) s[k] += a[i] * b[i];
  return ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]));
}

// The 8 partial sums s[0..7] of dot() as one vector: lane k accumulates a[i] b[i] for i = k mod 8
// in the same order, so every clone (AVX-512: one zmm; AVX2: two ymm; baseline: four xmm) gives
// the bits of dot(). Only local variables (no vector ABI across calls).
typedef double v8d __attribute__((vector_size(64)));

namespace {

[[gnu::always_inline]] inline void load8(v8d& v, const double* p) noexcept { __builtin_memcpy(&v, p, sizeof v); }

// the final reduction of dot(): ((s0 + s4) + (s1 + s5)) + ((s2 + s6) + (s3 + s7))
[[gnu::always_inline]] inline double reduce8(const v8d& s) noexcept {
  return ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]));
}

// K outputs out[j] = dot(x + j, c, n), j < K, sharing each load of c (K independent chains).
template <std::size_t K>
[[gnu::always_inline]] inline void dot_block(const double* x, const double* c, std::size_t n,
                                             double* out) noexcept {
  v8d acc[K] = {};
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    v8d cv, xv;
    load8(cv, c + i);
    for (std::size_t q = 0; q < K; ++q) {
      load8(xv, x + q + i);
      acc[q] += xv * cv;
    }
  }
  for (std::size_t k = 0; i < n; ++i, ++k)  // tail: partial sum k, as in dot()
    for (std::size_t q = 0; q < K; ++q) acc[q][k] += x[q + i] * c[i];
  for (std::size_t q = 0; q < K; ++q) out[q] = reduce8(acc[q]);
}

}  // namespace

HALO_CLONES void dot_sliding(const double* x, const double* c, std::size_t n, double* out,
                             std::size_t m) noexcept {
  std::size_t j = 0;
  for (; j + 8 <= m; j += 8) dot_block<8>(x + j, c, n, out + j);
  for (; j < m; ++j) out[j] = dot(x + j, c, n);
}

HALO_CLONES void axpy(double* y, double k, const double* x, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) y[i] += k * x[i];
}

}  // namespace halo::sim::detail

#include "kernels.hpp"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define HALO_CLONES __attribute__((target_clones("avx2", "default")))
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

typedef double v4d __attribute__((vector_size(32)));  // only local variables (no vector ABI)


HALO_CLONES void dot_sliding(const double* x, const double* c, std::size_t n, double* out,
                             std::size_t m) noexcept {
  std::size_t j = 0;
  for (; j + 4 <= m; j += 4) {
    v4d l0{}, h0{}, l1{}, h1{}, l2{}, h2{}, l3{}, h3{};
    const double* xj = x + j;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      v4d cl, ch, x0, x1, x2, x3, x4, x5, x6, x7;
      __builtin_memcpy(&cl, c + i, sizeof cl);
      __builtin_memcpy(&ch, c + i + 4, sizeof ch);
      __builtin_memcpy(&x0, xj + i, sizeof x0);
      __builtin_memcpy(&x1, xj + i + 1, sizeof x1);
      __builtin_memcpy(&x2, xj + i + 2, sizeof x2);
      __builtin_memcpy(&x3, xj + i + 3, sizeof x3);
      __builtin_memcpy(&x4, xj + i + 4, sizeof x4);
      __builtin_memcpy(&x5, xj + i + 5, sizeof x5);
      __builtin_memcpy(&x6, xj + i + 6, sizeof x6);
      __builtin_memcpy(&x7, xj + i + 7, sizeof x7);
      l0 += x0 * cl;
      h0 += x4 * ch;
      l1 += x1 * cl;
      h1 += x5 * ch;
      l2 += x2 * cl;
      h2 += x6 * ch;
      l3 += x3 * cl;
      h3 += x7 * ch;
    }
    for (std::size_t k = 0; i < n; ++i, ++k) {  // tail: partial sum k, as in dot()
      const double ci = c[i];
      if (k < 4) {
        l0[k] += xj[i] * ci;
        l1[k] += xj[i + 1] * ci;
        l2[k] += xj[i + 2] * ci;
        l3[k] += xj[i + 3] * ci;
      } else {
        h0[k - 4] += xj[i] * ci;
        h1[k - 4] += xj[i + 1] * ci;
        h2[k - 4] += xj[i + 2] * ci;
        h3[k - 4] += xj[i + 3] * ci;
      }
    }
    // the final reduction of dot(): ((s0 + s4) + (s1 + s5)) + ((s2 + s6) + (s3 + s7))
    const v4d t0 = l0 + h0, t1 = l1 + h1, t2 = l2 + h2, t3 = l3 + h3;
    out[j] = (t0[0] + t0[1]) + (t0[2] + t0[3]);
    out[j + 1] = (t1[0] + t1[1]) + (t1[2] + t1[3]);
    out[j + 2] = (t2[0] + t2[1]) + (t2[2] + t2[3]);
    out[j + 3] = (t3[0] + t3[1]) + (t3[2] + t3[3]);
  }
  for (; j < m; ++j) out[j] = dot(x + j, c, n);
}

HALO_CLONES void axpy(double* y, double k, const double* x, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) y[i] += k * x[i];
}

}  // namespace halo::sim::detail

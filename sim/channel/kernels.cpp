#include "kernels.hpp"

#include <cmath>

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

// dot_sliding with the outputs in the vector lanes: s[k] holds partial sum k of dot() for W
// consecutive outputs, accumulated over i = k mod 8 in the same order as dot(), then the same
// final reduction; so every path gives the bits of dot() (no FMA: fp-contract is off here).
// Only local vector variables (no vector ABI across calls).
namespace {

// R x W consecutive outputs out[0..R W) from x[0..): R vectors of W outputs share each
// coefficient broadcast (fewer loads per MAC on AVX-512); each output's partial sums are still
// accumulated in the order of dot().
template <class V, std::size_t W, std::size_t R>
[[gnu::always_inline]] inline void slide_pass(const double* xj, const double* c, std::size_t n,
                                              double* out) noexcept {
  V s[R][8] = {};
  V xv;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (std::size_t k = 0; k < 8; ++k)
      for (std::size_t r = 0; r < R; ++r) {
        __builtin_memcpy(&xv, xj + r * W + i + k, sizeof xv);
        s[r][k] += xv * c[i + k];
      }
  for (std::size_t k = 0; i < n; ++i, ++k)  // tail: partial sum k, as in dot()
    for (std::size_t r = 0; r < R; ++r) {
      __builtin_memcpy(&xv, xj + r * W + i, sizeof xv);
      s[r][k] += xv * c[i];
    }
  for (std::size_t r = 0; r < R; ++r) {
    const V v = ((s[r][0] + s[r][4]) + (s[r][1] + s[r][5])) + ((s[r][2] + s[r][6]) + (s[r][3] + s[r][7]));
    __builtin_memcpy(out + r * W, &v, sizeof v);
  }
}

template <class V, std::size_t W, std::size_t R>
[[gnu::always_inline]] inline void slide(const double* x, const double* c, std::size_t n, double* out,
                                         std::size_t m) noexcept {
  std::size_t j = 0;
  if constexpr (R > 1)
    for (; j + R * W <= m; j += R * W) slide_pass<V, W, R>(x + j, c, n, out + j);
  for (; j + W <= m; j += W) slide_pass<V, W, 1>(x + j, c, n, out + j);
  for (; j < m; ++j) out[j] = dot(x + j, c, n);
}

typedef double v2d __attribute__((vector_size(16)));
void slide_base(const double* x, const double* c, std::size_t n, double* out, std::size_t m) noexcept {
  slide<v2d, 2, 1>(x, c, n, out, m);
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define HALO_SLIDE_DISPATCH 1
typedef double v4d __attribute__((vector_size(32)));
typedef double v8d __attribute__((vector_size(64)));
__attribute__((target("avx2"))) void slide_avx2(const double* x, const double* c, std::size_t n, double* out,
                                                std::size_t m) noexcept {
  slide<v4d, 4, 1>(x, c, n, out, m);
}
__attribute__((target("arch=x86-64-v4"))) void slide_avx512(const double* x, const double* c, std::size_t n,
                                                            double* out, std::size_t m) noexcept {
  slide<v8d, 8, 2>(x, c, n, out, m);
}
#endif

using SlideFn = void (*)(const double*, const double*, std::size_t, double*, std::size_t) noexcept;
SlideFn pick_slide() noexcept {
#ifdef HALO_SLIDE_DISPATCH
  __builtin_cpu_init();
  if (__builtin_cpu_supports("x86-64-v4")) return slide_avx512;
  if (__builtin_cpu_supports("avx2")) return slide_avx2;
#endif
  return slide_base;
}

}  // namespace

void dot_sliding(const double* x, const double* c, std::size_t n, double* out, std::size_t m) noexcept {
  static const SlideFn fn = pick_slide();
  fn(x, c, n, out, m);
}

void dot_sliding_baseline(const double* x, const double* c, std::size_t n, double* out, std::size_t m) noexcept {
  slide_base(x, c, n, out, m);
}

HALO_CLONES void quantize(const double* x, std::size_t n, double scale, std::int32_t cmin, std::int32_t cmax,
                          std::int16_t* out) noexcept {
  const double lo = cmin - 1.0, hi = cmax + 1.0;
  for (std::size_t i = 0; i < n; ++i) {
    double q = x[i] * scale;
    q = q < lo ? lo : q;
    q = q > hi ? hi : q;
    std::int32_t c = static_cast<std::int32_t>(q);  // toward zero, then floor
    c -= q < static_cast<double>(c);
    c = c < cmin ? cmin : c;
    c = c > cmax ? cmax : c;
    out[i] = static_cast<std::int16_t>(c);
  }
}

double adc_noise_sigma(double sigma_rx, double agc, double sigma_enob) noexcept {
  const double r = sigma_rx * agc;
  return std::sqrt(r * r + sigma_enob * sigma_enob);
}

HALO_CLONES void adc_input(double* v, const double* g, std::size_t n, double agc, double sigma) noexcept {
  for (std::size_t i = 0; i < n; ++i) v[i] = v[i] * agc + sigma * g[i];
}

HALO_CLONES void axpy(double* y, double k, const double* x, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) y[i] += k * x[i];
}

}  // namespace halo::sim::detail

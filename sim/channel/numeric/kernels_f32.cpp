// Single-precision pulse superposition with fused multiply-adds (see kernels.hpp). Built with
// -ffp-contract=fast: the vector paths are compiled only for targets with FMA, so `s += x c`
// becomes one fused multiply-add there, and the scalar reference uses std::fma explicitly; every
// path therefore gives the same bits (tested).
#include <cmath>

#include "halo/isa.hpp"
#include "numeric/kernels.hpp"

namespace halo::sim::detail {

float dot_f32(const float* a, const float* b, std::size_t n) noexcept {
  float s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (std::size_t k = 0; k < 8; ++k) s[k] = std::fma(a[i + k], b[i + k], s[k]);
  for (std::size_t k = 0; i < n; ++i, ++k) s[k] = std::fma(a[i], b[i], s[k]);
  return ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]));
}

namespace {

void slide_f32_base(const float* x, const float* c, std::size_t n, double* out, std::size_t m) noexcept {
  for (std::size_t j = 0; j < m; ++j) out[j] = dot_f32(x + j, c, n);
}

#if HALO_ISA_X86 && !defined(__clang__)
#define HALO_SLIDE_F32_DISPATCH 1
// R vectors of W consecutive outputs; lane j of vector r keeps dot_f32()'s eight partial sums of
// output r W + j (fused, in the same order) and the same final reduction.
template <class V, std::size_t W, std::size_t R>
[[gnu::always_inline]] inline void slide_pass_f32(const float* xj, const float* c, std::size_t n,
                                                  double* out) noexcept {
  V s[R][8] = {};
  V xv;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (std::size_t k = 0; k < 8; ++k)
      for (std::size_t r = 0; r < R; ++r) {
        __builtin_memcpy(&xv, xj + r * W + i + k, sizeof xv);
        s[r][k] += xv * c[i + k];  // contracted to an FMA (-ffp-contract=fast, FMA targets only)
      }
  for (std::size_t k = 0; i < n; ++i, ++k)
    for (std::size_t r = 0; r < R; ++r) {
      __builtin_memcpy(&xv, xj + r * W + i, sizeof xv);
      s[r][k] += xv * c[i];
    }
  for (std::size_t r = 0; r < R; ++r) {
    const V v = ((s[r][0] + s[r][4]) + (s[r][1] + s[r][5])) + ((s[r][2] + s[r][6]) + (s[r][3] + s[r][7]));
    for (std::size_t l = 0; l < W; ++l) out[r * W + l] = v[l];
  }
}

template <class V, std::size_t W, std::size_t R>
[[gnu::always_inline]] inline void slide_f32(const float* x, const float* c, std::size_t n, double* out,
                                             std::size_t m) noexcept {
  std::size_t j = 0;
  for (; j + R * W <= m; j += R * W) slide_pass_f32<V, W, R>(x + j, c, n, out + j);
  for (; j + W <= m; j += W) slide_pass_f32<V, W, 1>(x + j, c, n, out + j);
  for (; j < m; ++j) out[j] = dot_f32(x + j, c, n);
}

typedef float v8f __attribute__((vector_size(32)));
typedef float v16f __attribute__((vector_size(64)));
HALO_TARGET_V3 void slide_f32_avx2(const float* x, const float* c, std::size_t n,
                                   double* out, std::size_t m) noexcept {
  slide_f32<v8f, 8, 2>(x, c, n, out, m);
}
HALO_TARGET_V4 void slide_f32_avx512(const float* x, const float* c, std::size_t n,
                                     double* out, std::size_t m) noexcept {
  slide_f32<v16f, 16, 2>(x, c, n, out, m);
}
#endif

}  // namespace

void dot_sliding_f32(const float* x, const float* c, std::size_t n, double* out, std::size_t m) noexcept {
#ifdef HALO_SLIDE_F32_DISPATCH
  isa::pick(slide_f32_avx512, slide_f32_avx2, slide_f32_base)(x, c, n, out, m);
#else
  slide_f32_base(x, c, n, out, m);
#endif
}

}  // namespace halo::sim::detail

#include "kernels.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "halo/isa.hpp"
#if HALO_ISA_X86
#include <immintrin.h>
#define HALO_DOT16_AVX2 1
#endif

namespace halo::dsp::kern {

namespace {

constexpr std::size_t kMaxT = 128;  // >= kFfeMaxTaps and the largest Volterra kernel (112)

#ifdef HALO_DOT16_AVX2
/// dot_products for t = 16 on AVX2: eight outputs per pass, each one multiply-add (vpmaddwd) of
/// its 16 coefficient/sample pairs into 8 partial sums, then one transposing add tree over the
/// eight outputs (6 hadd + 1 add for 8 outputs, instead of a 4-step horizontal reduction per
/// output). Integer sums: the order of the additions does not change a bit.
HALO_TARGET_V3 std::size_t dot16_avx2(const std::int16_t* c, std::size_t stride,
                                      const std::int16_t* const* dot,
                                      std::int32_t* acc, std::size_t n) noexcept {
  std::size_t j = 0;
  for (; j + 8 <= n; j += 8) {
    __m256i s[8];
    for (std::size_t k = 0; k < 8; ++k) {
      const __m256i ck = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(c + (j + k) * stride));
      const __m256i xk = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(dot[j + k]));
      s[k] = _mm256_madd_epi16(ck, xk);
    }
    // hadd(a, b) = [a0+a1, a2+a3, b0+b1, b2+b3 | a4+a5, a6+a7, b4+b5, b6+b7]
    const __m256i q0 = _mm256_hadd_epi32(_mm256_hadd_epi32(s[0], s[1]), _mm256_hadd_epi32(s[2], s[3]));
    const __m256i q1 = _mm256_hadd_epi32(_mm256_hadd_epi32(s[4], s[5]), _mm256_hadd_epi32(s[6], s[7]));
    // q0 = [sums of outputs 0..3 over taps 0..7 | the same over taps 8..15]; likewise q1 (4..7)
    const __m256i lo = _mm256_permute2x128_si256(q0, q1, 0x20);
    const __m256i hi = _mm256_permute2x128_si256(q0, q1, 0x31);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(acc + j), _mm256_add_epi32(lo, hi));
  }
  return j;
}
#endif

/// acc[j] = sum_i c[j * stride + i] * dot[j][i]. Kept out of line with a run-time length: when
/// inlined with a constant 16, GCC fully unrolls the reduction and then fails to vectorise it
/// (measured 2x slower); as a loop it becomes a multiply-add (pmaddwd) reduction. The common
/// t = 16 (16-tap FFE, Volterra with 16 coefficients) takes the AVX2 eight-output path where the
/// CPU has it.
template <bool kAvx2>
[[gnu::always_inline]] inline void dot_products_body(const std::int16_t* c, std::size_t stride,
                                                     const std::int16_t* const* dot, std::int32_t* acc,
                                                     std::size_t n, std::size_t t) noexcept {
  std::size_t j0 = 0;
#ifdef HALO_DOT16_AVX2
  if constexpr (kAvx2)
    if (t == 16) j0 = dot16_avx2(c, stride, dot, acc, n);
#endif
  for (std::size_t j = j0; j < n; ++j) {
    const std::int16_t* __restrict cj = c + j * stride;
    const std::int16_t* __restrict x = dot[j];
    std::int32_t a = 0;
    for (std::size_t i = 0; i < t; ++i) a += static_cast<std::int32_t>(cj[i]) * x[i];
    acc[j] = a;
  }
}

// one build per level (halo/isa.hpp), out of line (see above); the AVX2 and AVX-512 builds take
// the eight-output path for t = 16
[[gnu::noinline]] HALO_TARGET_V4 void dot_products_v4(const std::int16_t* c, std::size_t stride,
                                                      const std::int16_t* const* dot, std::int32_t* acc,
                                                      std::size_t n, std::size_t t) noexcept {
  dot_products_body<true>(c, stride, dot, acc, n, t);
}
[[gnu::noinline]] HALO_TARGET_V3 void dot_products_v3(const std::int16_t* c, std::size_t stride,
                                                      const std::int16_t* const* dot, std::int32_t* acc,
                                                      std::size_t n, std::size_t t) noexcept {
  dot_products_body<true>(c, stride, dot, acc, n, t);
}
[[gnu::noinline]] void dot_products_base(const std::int16_t* c, std::size_t stride, const std::int16_t* const* dot,
                                         std::int32_t* acc, std::size_t n, std::size_t t) noexcept {
  dot_products_body<false>(c, stride, dot, acc, n, t);
}
typedef std::int32_t v16si __attribute__((vector_size(64)));
typedef std::int16_t v16hi __attribute__((vector_size(32)));

/// The full-LMS update of 16 coefficients from the products p[i] = e r[i], W (accumulators) and
/// C (coefficients) held in 16-lane vectors across the beat: the loop in run() element for
/// element (same integer operations, same bits). GCC's vectoriser otherwise splits it into
/// 256-bit halves with a widening-multiply shuffle sequence.
[[gnu::always_inline]] inline void lms16_update(v16si& wv, v16hi& cv, v16si p, int mu, std::int32_t half,
                                                std::int32_t wlo, std::int32_t whi, int guard, std::int32_t ghalf,
                                                std::int32_t chi) noexcept {
  v16si v = wv - ((p + half) >> mu);
  for (int i = 0; i < 16; ++i) v[i] = std::min(std::max(v[i], wlo), whi);  // lane-wise: vpmaxsd, vpminsd
  wv = v;
  v16si q = (v + ghalf) >> guard;
  for (int i = 0; i < 16; ++i) q[i] = std::min(q[i], chi);  // q >= clo: W is saturated
  cv = __builtin_convertvector(q, v16hi);
}
[[gnu::always_inline]] inline void lms16(v16si& wv, v16hi& cv, const std::int16_t* r, std::int32_t e,
                                         int mu, std::int32_t half, std::int32_t wlo, std::int32_t whi,
                                         int guard, std::int32_t ghalf, std::int32_t chi) noexcept {
  v16hi rv;
  std::memcpy(&rv, r, sizeof rv);
  lms16_update(wv, cv, e * __builtin_convertvector(rv, v16si), mu, half, wlo, whi, guard, ghalf, chi);
}

#ifdef HALO_DOT16_AVX2
/// run()'s full-LMS 16-coefficient beat loop on AVX-512 with the products e r[i] from one
/// vpmaddwd (1 uop) instead of vpmulld (2): r sign-extended to 32-bit lanes (low half r, high
/// half its sign) times the 16-bit pair (e, 0) is r e + sign x 0 = r e exactly (e and r are
/// int16, |r e| <= 2^30). Otherwise lms16() operation for operation (same bits).
[[gnu::noinline]] HALO_TARGET_V4 void lms16_beat_v4(v16si& wv, v16hi& cv, const std::int16_t* const* upd,
                                                    const std::int16_t* err, std::size_t first_update, std::size_t n,
                                                    std::int16_t (*snap)[kMaxT], int mu, std::int32_t half,
                                                    std::int32_t wlo, std::int32_t whi, int guard,
                                                    std::int32_t ghalf, std::int32_t chi) noexcept {
  v16si w = wv;
  v16hi c = cv;
  for (std::size_t j = 0; j < n; ++j) {
    if (j >= first_update) {
      v16hi rv;
      std::memcpy(&rv, upd[j], sizeof rv);
      const __m512i r32 = reinterpret_cast<__m512i>(__builtin_convertvector(rv, v16si));  // vpmovsxwd
      const __m512i ep = _mm512_set1_epi32(static_cast<std::int32_t>(static_cast<std::uint16_t>(err[j])));
      lms16_update(w, c, reinterpret_cast<v16si>(_mm512_madd_epi16(r32, ep)), mu, half, wlo, whi, guard, ghalf, chi);
    }
    std::memcpy(snap[j], &c, sizeof c);
  }
  wv = w;
  cv = c;
}
#endif

template <LmsMode M, std::size_t kT, isa::Level L>
__attribute__((always_inline)) inline void run(std::int32_t* __restrict w,
                                               std::int16_t* __restrict c, std::size_t t_dyn,
                                               const std::int16_t* const* upd,
                                               const std::int16_t* err, std::size_t first_update,
                                               const std::int16_t* const* dot,
                                               std::int32_t* acc, std::size_t n,
                                               const CoefFormat& f) noexcept {
  const std::size_t t = kT != 0 ? kT : t_dyn;  // compile-time trip count for common sizes
  const int mu = f.mu, guard = f.guard;
  const std::int32_t wlo = -(1 << (f.acc_bits - 1)), whi = (1 << (f.acc_bits - 1)) - 1;
  const std::int32_t chi = (1 << (f.coef_bits - 1)) - 1;
  const std::int32_t half = mu > 0 ? (1 << (mu - 1)) : 0;
  const std::int32_t ghalf = 1 << (guard - 1);
  // Phase 1: per-symbol coefficient updates and a snapshot of the coefficients each output
  // uses. Phase 2: the output dot products (independent of each other: better overlap).
  alignas(64) std::int16_t snap[fx::kMaxBeat][kMaxT];
  if constexpr (M == LmsMode::kLms && kT == 16) {
    v16si wv;
    v16hi cv;
    std::memcpy(&wv, w, sizeof wv);
    std::memcpy(&cv, c, sizeof cv);
#ifdef HALO_DOT16_AVX2
    if constexpr (L >= isa::Level::kV4) {
      lms16_beat_v4(wv, cv, upd, err, first_update, n, snap, mu, half, wlo, whi, guard, ghalf, chi);
    } else
#endif
    {
      for (std::size_t j = 0; j < n; ++j) {
        if (j >= first_update) lms16(wv, cv, upd[j], err[j], mu, half, wlo, whi, guard, ghalf, chi);
        std::memcpy(snap[j], &cv, sizeof cv);
      }
    }
    std::memcpy(w, &wv, sizeof wv);
    std::memcpy(c, &cv, sizeof cv);
    isa::at<L>(dot_products_v4, dot_products_v3, dot_products_base)(&snap[0][0], kMaxT, dot, acc, n, t);
    return;
  }
  for (std::size_t j = 0; j < n; ++j) {
    if (j >= first_update) {
      const std::int16_t* __restrict r = upd[j];
      const std::int32_t e = err[j];
      if constexpr (M == LmsMode::kLms) {
        for (std::size_t i = 0; i < t; ++i) {
          std::int32_t v = w[i] - ((e * r[i] + half) >> mu);
          v = std::min(std::max(v, wlo), whi);
          w[i] = v;
          c[i] = static_cast<std::int16_t>(std::min((v + ghalf) >> guard, chi));  // q >= clo: W is saturated
        }
      } else {
        const std::int32_t g = M == LmsMode::kSignSign ? fx::sgn(e) * (1 << kSignSignScale) : e;
        const std::int32_t pos = (g + half) >> mu, neg = (-g + half) >> mu;  // r >= 0 / r < 0
        for (std::size_t i = 0; i < t; ++i) {
          std::int32_t v = w[i] - (r[i] < 0 ? neg : pos);
          v = std::min(std::max(v, wlo), whi);
          w[i] = v;
          c[i] = static_cast<std::int16_t>(std::min((v + ghalf) >> guard, chi));
        }
      }
    }
    std::memcpy(snap[j], c, t * sizeof(std::int16_t));
  }
  isa::at<L>(dot_products_v4, dot_products_v3, dot_products_base)(&snap[0][0], kMaxT, dot, acc, n, t);
}

template <isa::Level L>
[[gnu::always_inline]] inline void run_ss_body(std::int32_t* w, std::int16_t* c, std::size_t t,
                        const std::int16_t* const* upd, const std::int16_t* err, std::size_t fu,
                        const std::int16_t* const* dot, std::int32_t* acc, std::size_t n,
                        const CoefFormat& f) noexcept {
  if (t == 16) return run<LmsMode::kSignSign, 16, L>(w, c, t, upd, err, fu, dot, acc, n, f);
  if (t == 15) return run<LmsMode::kSignSign, 15, L>(w, c, t, upd, err, fu, dot, acc, n, f);
  run<LmsMode::kSignSign, 0, L>(w, c, t, upd, err, fu, dot, acc, n, f);
}
template <isa::Level L>
[[gnu::always_inline]] inline void run_sd_body(std::int32_t* w, std::int16_t* c, std::size_t t,
                        const std::int16_t* const* upd, const std::int16_t* err, std::size_t fu,
                        const std::int16_t* const* dot, std::int32_t* acc, std::size_t n,
                        const CoefFormat& f) noexcept {
  if (t == 16) return run<LmsMode::kSignData, 16, L>(w, c, t, upd, err, fu, dot, acc, n, f);
  if (t == 15) return run<LmsMode::kSignData, 15, L>(w, c, t, upd, err, fu, dot, acc, n, f);
  run<LmsMode::kSignData, 0, L>(w, c, t, upd, err, fu, dot, acc, n, f);
}
template <isa::Level L>
[[gnu::always_inline]] inline void run_lms_body(std::int32_t* w, std::int16_t* c, std::size_t t,
                         const std::int16_t* const* upd, const std::int16_t* err, std::size_t fu,
                         const std::int16_t* const* dot, std::int32_t* acc, std::size_t n,
                         const CoefFormat& f) noexcept {
  if (t == 16) return run<LmsMode::kLms, 16, L>(w, c, t, upd, err, fu, dot, acc, n, f);
  if (t == 15) return run<LmsMode::kLms, 15, L>(w, c, t, upd, err, fu, dot, acc, n, f);
  run<LmsMode::kLms, 0, L>(w, c, t, upd, err, fu, dot, acc, n, f);
}

#define HALO_RUN_PARAMS                                                                                \
  (std::int32_t * w, std::int16_t * c, std::size_t t, const std::int16_t* const* upd, const std::int16_t* err, \
   std::size_t fu, const std::int16_t* const* dot, std::int32_t* acc, std::size_t n, const CoefFormat& f)
HALO_ISA_VARIANTS(void, run_ss, HALO_RUN_PARAMS, (w, c, t, upd, err, fu, dot, acc, n, f))
HALO_ISA_VARIANTS(void, run_sd, HALO_RUN_PARAMS, (w, c, t, upd, err, fu, dot, acc, n, f))
HALO_ISA_VARIANTS(void, run_lms, HALO_RUN_PARAMS, (w, c, t, upd, err, fu, dot, acc, n, f))
#undef HALO_RUN_PARAMS

/// lms_dot_beat of level L: calls that level's run_* directly
template <isa::Level L>
[[gnu::always_inline]] inline void lms_dot_beat_body(std::int32_t* w, std::int16_t* c, std::size_t t,
                                                     const std::int16_t* const* upd, const std::int16_t* err,
                                                     std::size_t fu, const std::int16_t* const* dot,
                                                     std::int32_t* acc, std::size_t n, LmsMode mode,
                                                     const CoefFormat& f) noexcept {
  switch (mode) {
    case LmsMode::kSignSign:
      isa::at<L>(run_ss_v4, run_ss_v3, run_ss_base)(w, c, t, upd, err, fu, dot, acc, n, f);
      return;
    case LmsMode::kSignData:
      isa::at<L>(run_sd_v4, run_sd_v3, run_sd_base)(w, c, t, upd, err, fu, dot, acc, n, f);
      return;
    case LmsMode::kLms:
      isa::at<L>(run_lms_v4, run_lms_v3, run_lms_base)(w, c, t, upd, err, fu, dot, acc, n, f);
      return;
  }
}
HALO_ISA_VARIANTS(void, lms_dot_beat,
                  (std::int32_t * w, std::int16_t* c, std::size_t t, const std::int16_t* const* upd,
                   const std::int16_t* err, std::size_t fu, const std::int16_t* const* dot, std::int32_t* acc,
                   std::size_t n, LmsMode mode, const CoefFormat& f),
                  (w, c, t, upd, err, fu, dot, acc, n, mode, f))

}  // namespace

void lms_dot_beat(std::int32_t* w, std::int16_t* c, std::size_t t,
                  const std::int16_t* const* upd, const std::int16_t* err,
                  std::size_t first_update, const std::int16_t* const* dot, std::int32_t* acc,
                  std::size_t n, LmsMode mode, const CoefFormat& f) noexcept {
  isa::pick(lms_dot_beat_v4, lms_dot_beat_v3, lms_dot_beat_base)(w, c, t, upd, err, first_update, dot, acc, n, mode,
                                                                  f);
}

namespace {

template <isa::Level L>
[[gnu::always_inline]] inline std::uint64_t filter_beat_body(std::int32_t* w, std::int16_t* c, std::size_t t,
                                                             const std::int16_t* const* upd, const std::int16_t* err,
                                                             const std::int16_t* const* dot, std::size_t m,
                                                             bool adapting, std::uint64_t produced, std::uint64_t delay,
                                                             LmsMode mode, const CoefFormat& f, int out_shift,
                                                             std::int16_t* out) noexcept {
  const std::uint64_t kD = delay;
  const std::size_t first = !adapting      ? m
                            : produced >= kD ? 0
                                             : static_cast<std::size_t>(std::min<std::uint64_t>(m, kD - produced));
  std::array<std::int32_t, fx::kMaxBeat> acc;
  lms_dot_beat_body<L>(w, c, t, upd, err, first, dot, acc.data(), m, mode, f);
  // output rounding and saturation, branch-free so that it vectorises
  std::uint32_t clips = 0;
  const std::int32_t rnd = 1 << (out_shift - 1);
  for (std::size_t j = 0; j < m; ++j) {
    const std::int32_t v = (acc[j] + rnd) >> out_shift;
    const bool hi = v > 2047, lo = v < -2048;
    clips += static_cast<std::uint32_t>(hi | lo);
    out[j] = static_cast<std::int16_t>(hi ? 2047 : (lo ? -2048 : v));
  }
  return clips;
}

#define HALO_FILTER_PARAMS                                                                                   \
  (std::int32_t * w, std::int16_t * c, std::size_t t, const std::int16_t* const* upd, const std::int16_t* err,       \
   const std::int16_t* const* dot, std::size_t m, bool adapting, std::uint64_t produced, std::uint64_t delay, \
   LmsMode mode, const CoefFormat& f, int out_shift, std::int16_t* out)
HALO_ISA_VARIANTS(std::uint64_t, filter_beat, HALO_FILTER_PARAMS,
                  (w, c, t, upd, err, dot, m, adapting, produced, delay, mode, f, out_shift, out))
#undef HALO_FILTER_PARAMS

}  // namespace

std::uint64_t filter_beat(std::int32_t* w, std::int16_t* c, std::size_t t, const std::int16_t* const* upd,
                          const std::int16_t* err, const std::int16_t* const* dot, std::size_t m, bool adapting,
                          std::uint64_t produced, std::uint64_t delay, LmsMode mode, const CoefFormat& f,
                          int out_shift, std::int16_t* out) noexcept {
  return isa::pick(filter_beat_v4, filter_beat_v3, filter_beat_base)(w, c, t, upd, err, dot, m, adapting, produced,
                                                                     delay, mode, f, out_shift, out);
}

}  // namespace halo::dsp::kern

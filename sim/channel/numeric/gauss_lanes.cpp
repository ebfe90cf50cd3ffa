// GaussLanes: 8 xoshiro256** lanes and the ziggurat's fast path in vector registers (see
// halo/sim/rng.hpp). Only integer operations and one double multiply per draw (x = hz wn[iz],
// exact as in Rng::gauss), so every dispatch path gives the same bits.
#include <cstring>

#include "halo/isa.hpp"
#include "halo/sim/rng.hpp"
#if HALO_ISA_X86 && !defined(__clang__)
#include <immintrin.h>
#endif

namespace halo::sim {
namespace {

constexpr std::size_t L = GaussLanes::kLanes;
using SlowFn = double (*)(std::uint64_t*, std::int32_t, std::uint32_t) noexcept;
struct Tables {
  const std::uint32_t* kn;
  const double* wn;
  SlowFn slow;
};

typedef std::uint64_t u64x8 __attribute__((vector_size(64)));
typedef std::int64_t i64x8 __attribute__((vector_size(64)));
typedef std::int32_t i32x8 __attribute__((vector_size(32)));
typedef double f64x8 __attribute__((vector_size(64)));

// (a macro, not a function: a vector-returning function outside the AVX-512 target changes the ABI)
#define HALO_ROTL(x, k) (((x) << (k)) | ((x) >> (64 - (k))))

// The lanes set in miss (bit l: lane l) finish their draw out[l] with Rng's rejection / tail
// steps on their own stream; st[word][lane]: the lanes' states (updated), hz and iz: the draws'
// abscissas and layers.
void finish_misses(std::uint64_t (*st)[L], const std::int32_t* hz, const std::uint32_t* iz, unsigned miss,
                   double* out, const Tables& z) noexcept {
  for (std::size_t l = 0; l < L; ++l) {
    if (!((miss >> l) & 1u)) continue;
    std::uint64_t ls[4] = {st[0][l], st[1][l], st[2][l], st[3][l]};
    out[l] = z.slow(ls, hz[l], iz[l]);
    for (std::size_t w = 0; w < 4; ++w) st[w][l] = ls[w];
  }
}

// ng groups of 8 draws into out[0..8 ng); s: the lanes' states s[word][lane]
[[gnu::always_inline]] inline void groups(std::uint64_t (*s)[L], double* out, std::size_t ng,
                                          const Tables& z) noexcept {
  u64x8 s0, s1, s2, s3;
  std::memcpy(&s0, s[0], sizeof s0);
  std::memcpy(&s1, s[1], sizeof s1);
  std::memcpy(&s2, s[2], sizeof s2);
  std::memcpy(&s3, s[3], sizeof s3);
  for (std::size_t q = 0; q < ng; ++q) {
    // xoshiro256** (x 5 and x 9 as shift-and-add: no 64-bit vector multiply needed)
    u64x8 r = s1 + (s1 << 2);
    r = HALO_ROTL(r, 7);
    r = r + (r << 3);
    const u64x8 t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = HALO_ROTL(s3, 45);
    // ziggurat split: signed abscissa hz (high 32 bits), layer iz (low 7 bits)
    const i64x8 h = reinterpret_cast<i64x8>(r) >> 32;
    const i64x8 iz = reinterpret_cast<i64x8>(r & 127);
    i64x8 kn;
    f64x8 wn;
    for (std::size_t l = 0; l < L; ++l) {
      kn[l] = z.kn[iz[l]];
      wn[l] = z.wn[iz[l]];
    }
    const i64x8 ah = h < 0 ? -h : h;
    const i64x8 miss = ah >= kn;
    const f64x8 x = __builtin_convertvector(__builtin_convertvector(h, i32x8), f64x8) * wn;
    std::memcpy(out + q * L, &x, sizeof x);
    unsigned m = 0;
    for (std::size_t l = 0; l < L; ++l) m |= static_cast<unsigned>(miss[l] & 1) << l;
    if (m) [[unlikely]] {
      std::uint64_t st[4][L];
      std::int32_t hv[L];
      std::uint32_t izv[L];
      std::memcpy(st[0], &s0, sizeof s0);
      std::memcpy(st[1], &s1, sizeof s1);
      std::memcpy(st[2], &s2, sizeof s2);
      std::memcpy(st[3], &s3, sizeof s3);
      for (std::size_t l = 0; l < L; ++l) {
        hv[l] = static_cast<std::int32_t>(h[l]);
        izv[l] = static_cast<std::uint32_t>(iz[l]);
      }
      finish_misses(st, hv, izv, m, out + q * L, z);
      std::memcpy(&s0, st[0], sizeof s0);
      std::memcpy(&s1, st[1], sizeof s1);
      std::memcpy(&s2, st[2], sizeof s2);
      std::memcpy(&s3, st[3], sizeof s3);
    }
  }
  std::memcpy(s[0], &s0, sizeof s0);
  std::memcpy(s[1], &s1, sizeof s1);
  std::memcpy(s[2], &s2, sizeof s2);
  std::memcpy(s[3], &s3, sizeof s3);
}

void groups_base(std::uint64_t (*s)[L], double* out, std::size_t ng, const Tables& z) noexcept {
  groups(s, out, ng, z);
}
#if HALO_ISA_X86 && !defined(__clang__)
#define HALO_GAUSS_LANES_DISPATCH 1
// GCC 12 warns on the intrinsics' undefined pass-through operands (GCC bug 105593)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
// AVX-512 with intrinsics (GCC's generic vectors extract the lanes one by one for the table
// look-ups): the same operations, with two gathers for the layer tables
HALO_TARGET_V4 void groups_avx512(std::uint64_t (*s)[L], double* out, std::size_t ng, const Tables& z) noexcept {
  __m512i s0 = _mm512_loadu_si512(s[0]), s1 = _mm512_loadu_si512(s[1]);
  __m512i s2 = _mm512_loadu_si512(s[2]), s3 = _mm512_loadu_si512(s[3]);
  const __m512i m127 = _mm512_set1_epi64(127);
  for (std::size_t q = 0; q < ng; ++q) {
    __m512i r = _mm512_add_epi64(s1, _mm512_slli_epi64(s1, 2));
    r = _mm512_rol_epi64(r, 7);
    r = _mm512_add_epi64(r, _mm512_slli_epi64(r, 3));
    const __m512i t = _mm512_slli_epi64(s1, 17);
    s2 = _mm512_xor_si512(s2, s0);
    s3 = _mm512_xor_si512(s3, s1);
    s1 = _mm512_xor_si512(s1, s2);
    s0 = _mm512_xor_si512(s0, s3);
    s2 = _mm512_xor_si512(s2, t);
    s3 = _mm512_rol_epi64(s3, 45);
    const __m512i h = _mm512_srai_epi64(r, 32);
    const __m512i iz = _mm512_and_si512(r, m127);
    const __m512i kn = _mm512_cvtepu32_epi64(_mm512_mask_i64gather_epi32(_mm256_setzero_si256(), 0xff, iz, z.kn, 4));
    const __m512d wn = _mm512_mask_i64gather_pd(_mm512_setzero_pd(), 0xff, iz, z.wn, 8);
    const __mmask8 miss = _mm512_cmpge_epi64_mask(_mm512_abs_epi64(h), kn);
    _mm512_storeu_pd(out + q * L, _mm512_mul_pd(_mm512_cvtepi64_pd(h), wn));
    if (miss) [[unlikely]] {
      alignas(64) std::uint64_t st[4][L];
      alignas(32) std::int32_t hv[L];
      alignas(32) std::uint32_t izv[L];
      _mm512_store_si512(st[0], s0);
      _mm512_store_si512(st[1], s1);
      _mm512_store_si512(st[2], s2);
      _mm512_store_si512(st[3], s3);
      _mm256_store_si256(reinterpret_cast<__m256i*>(hv), _mm512_cvtepi64_epi32(h));
      _mm256_store_si256(reinterpret_cast<__m256i*>(izv), _mm512_cvtepi64_epi32(iz));
      finish_misses(st, hv, izv, miss, out + q * L, z);
      s0 = _mm512_load_si512(st[0]);
      s1 = _mm512_load_si512(st[1]);
      s2 = _mm512_load_si512(st[2]);
      s3 = _mm512_load_si512(st[3]);
    }
  }
  _mm512_storeu_si512(s[0], s0);
  _mm512_storeu_si512(s[1], s1);
  _mm512_storeu_si512(s[2], s2);
  _mm512_storeu_si512(s[3], s3);
}
#pragma GCC diagnostic pop

// AVX2 with intrinsics: the 8 lanes as two vectors of 4; no 64-bit rotate, arithmetic shift or
// abs in AVX2, so the abscissa hz is taken as the 32-bit high halves (abs and an unsigned compare
// via max_epu32 on 4 x int32: |INT32_MIN| = 2^31 misses as in the scalar code)
HALO_TARGET_V3 inline __m256i rotl_avx2(__m256i x, int k) noexcept {
  return _mm256_or_si256(_mm256_slli_epi64(x, k), _mm256_srli_epi64(x, 64 - k));
}
HALO_TARGET_V3 void groups_avx2(std::uint64_t (*s)[L], double* out, std::size_t ng,
                                                           const Tables& z) noexcept {
  __m256i st[4][2];
  for (std::size_t w = 0; w < 4; ++w)
    for (std::size_t h = 0; h < 2; ++h)
      st[w][h] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s[w] + 4 * h));
  const __m256i m127 = _mm256_set1_epi64x(127);
  const __m256i hi_idx = _mm256_setr_epi32(1, 3, 5, 7, 0, 0, 0, 0);  // the high 32-bit halves
  const __m256i lo_idx = _mm256_setr_epi32(0, 2, 4, 6, 0, 0, 0, 0);  // the low 32-bit halves
  for (std::size_t q = 0; q < ng; ++q) {
    unsigned miss = 0;
    __m128i hzs[2];
    __m256i izs[2];
    for (std::size_t h = 0; h < 2; ++h) {
      __m256i &s0 = st[0][h], &s1 = st[1][h], &s2 = st[2][h], &s3 = st[3][h];
      __m256i r = _mm256_add_epi64(s1, _mm256_slli_epi64(s1, 2));
      r = rotl_avx2(r, 7);
      r = _mm256_add_epi64(r, _mm256_slli_epi64(r, 3));
      const __m256i t = _mm256_slli_epi64(s1, 17);
      s2 = _mm256_xor_si256(s2, s0);
      s3 = _mm256_xor_si256(s3, s1);
      s1 = _mm256_xor_si256(s1, s2);
      s0 = _mm256_xor_si256(s0, s3);
      s2 = _mm256_xor_si256(s2, t);
      s3 = rotl_avx2(s3, 45);
      const __m128i hz = _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(r, hi_idx));
      const __m256i iz = _mm256_and_si256(r, m127);
      const __m128i kn = _mm256_mask_i64gather_epi32(_mm_setzero_si128(), reinterpret_cast<const int*>(z.kn), iz,
                                                     _mm_set1_epi32(-1), 4);
      const __m256d wn = _mm256_mask_i64gather_pd(_mm256_setzero_pd(), z.wn, iz, _mm256_castsi256_pd(_mm256_set1_epi64x(-1)), 8);
      const __m128i ahz = _mm_abs_epi32(hz);
      const __m128i m = _mm_cmpeq_epi32(_mm_max_epu32(ahz, kn), ahz);  // |hz| >= kn (unsigned)
      miss |= static_cast<unsigned>(_mm_movemask_ps(_mm_castsi128_ps(m))) << (4 * h);
      _mm256_storeu_pd(out + q * L + 4 * h, _mm256_mul_pd(_mm256_cvtepi32_pd(hz), wn));
      hzs[h] = hz;
      izs[h] = iz;
    }
    if (miss) [[unlikely]] {
      alignas(32) std::uint64_t sv[4][L];
      alignas(16) std::int32_t hv[L];
      alignas(16) std::uint32_t izv[L];
      for (std::size_t h = 0; h < 2; ++h) {
        for (std::size_t w = 0; w < 4; ++w) _mm256_store_si256(reinterpret_cast<__m256i*>(sv[w] + 4 * h), st[w][h]);
        _mm_store_si128(reinterpret_cast<__m128i*>(izv + 4 * h),
                        _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(izs[h], lo_idx)));
        _mm_store_si128(reinterpret_cast<__m128i*>(hv + 4 * h), hzs[h]);
      }
      finish_misses(sv, hv, izv, miss, out + q * L, z);
      for (std::size_t w = 0; w < 4; ++w)
        for (std::size_t h = 0; h < 2; ++h)
          st[w][h] = _mm256_load_si256(reinterpret_cast<const __m256i*>(sv[w] + 4 * h));
    }
  }
  for (std::size_t w = 0; w < 4; ++w)
    for (std::size_t h = 0; h < 2; ++h) _mm256_storeu_si256(reinterpret_cast<__m256i*>(s[w] + 4 * h), st[w][h]);
}

#endif

}  // namespace

GaussLanes::GaussLanes(std::uint64_t seed, std::uint64_t stream, std::uint64_t shard) {
  Rng r(seed, stream, shard);
  for (std::size_t l = 0; l < L; ++l) {
    for (std::size_t w = 0; w < 4; ++w) s_[w][l] = r.s_[w];
    r.jump();
  }
}

template <class GroupsFn>
void GaussLanes::fill_with(GroupsFn fn, double* out, std::size_t n) noexcept {
  const Tables z{Rng::zig().kn, Rng::zig().wn, &Rng::gauss_slow};
  std::size_t i = 0;
  for (; i < n && used_ < L; ++i) out[i] = pend_[used_++];
  const std::size_t ng = (n - i) / L;
  fn(s_, out + i, ng, z);
  i += ng * L;
  if (i < n) {
    fn(s_, pend_, 1, z);
    used_ = 0;
    for (; i < n; ++i) out[i] = pend_[used_++];
  }
}

void GaussLanes::fill(double* out, std::size_t n) noexcept {
#ifdef HALO_GAUSS_LANES_DISPATCH
  fill_with(isa::pick(groups_avx512, groups_avx2, groups_base), out, n);
#else
  fill_with(groups_base, out, n);
#endif
}

}  // namespace halo::sim

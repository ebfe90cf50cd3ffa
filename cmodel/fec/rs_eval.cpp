#include "rs_eval.hpp"

#include <array>
#include <cstring>
#if HALO_ISA_X86
#include <immintrin.h>
#endif
#include <stdexcept>
#include <string>

namespace halo::fec::detail {

void lfsr_step(gf_t* rem, unsigned np, const gf_t* g, gf_t sym) noexcept {
  const gf_t fb = static_cast<gf_t>((sym & 0x3ffu) ^ rem[0]);
  for (unsigned j = 0; j + 1 < np; ++j) rem[j] = static_cast<gf_t>(rem[j + 1] ^ gf_mul(fb, g[np - 1 - j]));
  rem[np - 1] = gf_mul(fb, g[0]);
}

void check_span_len(const char* who, const char* what, std::size_t got, std::size_t want) {
  if (got != want)
    throw std::invalid_argument(std::string(who) + ": " + what + " has " + std::to_string(got) +
                                " symbols, expected " + std::to_string(want));
}

namespace {

/// Code-independent tables of the evaluation engine (built once, 105 KiB).
struct EvalTables {
  /// pos[(e * 2 + half) * 32 + v], lane j: (v << 5 half) * alpha^(j e)
  std::array<RowSlot, kChunk * 64> pos;
  /// step[b], lane j: alpha^(j C + b), the bit-sliced multiply by alpha^(j C)
  std::array<RowSlot, 10> step;
  /// chunk[c * 10 + b], lane j: alpha^(j C c + b), the multiply by alpha^(j C c) that moves a
  /// relative degree e to the degree C c + e (c < 64 covers every degree below 1024)
  std::array<RowSlot, 64 * 10> chunk;
  EvalTables() {
    for (unsigned c = 0; c < 64; ++c)
      for (unsigned b = 0; b < 10; ++b) {
        Row r{};
        for (unsigned j = 0; j < kLanes; ++j) r[j] = gf_alpha_pow(static_cast<long>(j) * kChunk * c + b);
        chunk[c * 10 + b].v = r;
      }
    for (unsigned e = 0; e < kChunk; ++e)
      for (unsigned half = 0; half < 2; ++half)
        for (unsigned v = 0; v < 32; ++v) {
          const gf_t c = static_cast<gf_t>(v << (5 * half));
          Row r{};
          for (unsigned j = 0; j < kLanes; ++j) r[j] = gf_mul(c, gf_alpha_pow(static_cast<long>(j) * e));
          pos[(e * 2 + half) * 32 + v].v = r;
        }
    for (unsigned b = 0; b < 10; ++b) {
      Row r{};
      for (unsigned j = 0; j < kLanes; ++j) r[j] = gf_alpha_pow(static_cast<long>(j) * kChunk + b);
      step[b].v = r;
    }
  }
};

const EvalTables& tables() {
  static const EvalTables t;
  return t;
}

/// XORs the row pair of symbol value v (bits above 9 ignored) in the block at byte offset `blk`:
/// the low half selects row (v & 31), the high half row 32 + (v >> 5); as byte offsets
/// (v & 31) * 64 and 2048 + (v & 0x3e0) * 2 (one AND and an address scale).
[[gnu::always_inline]] inline void xor_row_pair(Row& acc, const char* blk, unsigned v) noexcept {
  const Row& lo = *reinterpret_cast<const Row*>(blk + ((v & 31u) << 6));
  const Row& hi = *reinterpret_cast<const Row*>(blk + 2048 + (v & 0x3e0u) * 2);
  acc ^= lo ^ hi;
}

/// Sum over the len <= C symbols of one chunk; symbol m[i] has relative degree len-1-i.
[[gnu::always_inline]] inline void chunk_sum(const RowSlot* pos, const gf_t* m, unsigned len, Row& out) noexcept {
  const char* base = reinterpret_cast<const char*>(pos);
  constexpr std::size_t kBlock = 64 * sizeof(RowSlot);  // bytes per relative degree
  Row a0{}, a1{};
  unsigned i = 0;
  for (; i + 1 < len; i += 2) {
    const char* blk = base + (len - 1 - i) * kBlock;
    xor_row_pair(a0, blk, m[i]);
    xor_row_pair(a1, blk - kBlock, m[i + 1]);
  }
  if (i < len) xor_row_pair(a0, base + (len - 1 - i) * kBlock, m[i]);
  out = a0 ^ a1;
}

template <bool kMaskRegs>
[[gnu::always_inline]] inline void evaluate_body(const gf_t* w, unsigned len, Row& out) noexcept {
  const EvalTables& t = tables();
  const RowSlot* pos = t.pos.data();
  const RowSlot* step = t.step.data();
  const unsigned first = len % kChunk;
  Row s{};
  unsigned i = 0;
  if (first) {
    chunk_sum(pos, w, first, s);
    i = first;
  }
  for (; i < len; i += kChunk) {
    Row c;
    chunk_sum(pos, w + i, kChunk, c);
    mul_lanes<kMaskRegs>(step, s);  // S_j * alpha^(j C)
    s ^= c;
  }
  out = s;
}

/// S_j = sum_q vals[q] alpha^(j degs[q]): the row pair of vals[q] at relative degree
/// degs[q] mod C, moved to degs[q] by a lane-wise multiply.
template <bool kMaskRegs>
[[gnu::always_inline]] inline void error_syndromes_body(const unsigned* degs, const gf_t* vals, unsigned cnt,
                                                        Row& out) noexcept {
  const EvalTables& t = tables();
  const char* base = reinterpret_cast<const char*>(t.pos.data());
  constexpr std::size_t kBlock = 64 * sizeof(RowSlot);
  Row acc{};
  for (unsigned q = 0; q < cnt; ++q) {
    const unsigned d = degs[q] & 1023u;
    Row r{};
    xor_row_pair(r, base + (d % kChunk) * kBlock, vals[q]);
    mul_lanes<kMaskRegs>(&t.chunk[(d / kChunk) * 10], r);
    acc ^= r;
  }
  out = acc;
}

#if HALO_ISA_X86
HALO_TARGET_V4 void error_syndromes_v4(const unsigned* degs, const gf_t* vals, unsigned cnt, Row& out) noexcept {
  error_syndromes_body<true>(degs, vals, cnt, out);
}
HALO_TARGET_V3 void error_syndromes_v3(const unsigned* degs, const gf_t* vals, unsigned cnt, Row& out) noexcept {
  error_syndromes_body<false>(degs, vals, cnt, out);
}
#endif

#if HALO_ISA_X86
HALO_TARGET_V4 void evaluate_v4(const gf_t* w, unsigned len, Row& out) noexcept { evaluate_body<true>(w, len, out); }
HALO_TARGET_V3 void evaluate_v3(const gf_t* w, unsigned len, Row& out) noexcept {
  evaluate_body<false>(w, len, out);
}
#endif

#if HALO_ISA_X86
// GCC 12 warns about the intrinsics headers' own _mm*_undefined_* operands
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
// ---- Carry-less reduction + GF(2)-affine evaluation (Level::kGfni: VPCLMULQDQ + GFNI) -----
//
// The word (at most 544 symbols), zero-extended at the front to 576 symbols (buf[k] has degree
// 575 - k), is split into 10 bit planes Q_b(x) = sum_k (bit b of buf[k]) x^k, binary
// polynomials of 576 bits; r(y) = sum_b alpha^b y^575 Q_b(1/y), so
//   S_j = r(alpha^j) = sum_b alpha^b alpha^(575 j) Q_b(alpha^-j).
// Q_b is binary, so Q_b(alpha^-j) depends only on Q_b modulo the minimal polynomial of
// alpha^-j over GF(2) (degree 10; x + 1 for j = 0; conjugates alpha^-2j, alpha^-4j, ... share it).
// The 32 points j = 0..31 fall in 17 conjugacy classes, put in 4 groups (4, 8, 8 and 12 points)
// whose minimal polynomials multiply to binary P_g of degree 40 or 41. Per group and plane:
//  1. fold (VPCLMULQDQ): u = sum_q chunk_q(Q_b) * (x^(64 q) mod P_g), 9 chunks of 64 bits,
//     a 128-bit value congruent to Q_b mod P_g (8 carry-less products, four per instruction);
//  2. Barrett reduction to u_b,g = Q_b mod P_g (degree < 41: 6 bytes; 2 products);
//  3. E_g: u -> (alpha^(575 j) u(alpha^-j)), j in group g, is one GF(2)-linear map for the ten
//     planes: vgf2p8affineqb with byte p of u for planes 0..7 in the 8 bytes of a broadcast
//     qword and, in the 8 lanes of an accumulator, the matrices of 8 output bytes (4 points x
//     (bits 0-7, bits 8-9)); planes 8 and 9 take 2 bytes of a second accumulator shared by 4.
//     6 input bytes x 8 accumulators x 2 = 96 affine operations per word (the previous
//     phase-split kernel: 425);
//  4. the accumulators are transposed to rows R_b (32 lanes = the 32 points, 16 bits) and
//     S = sum_b alpha^b R_b by Horner's rule (x * alpha: shift, conditional XOR of 0x409).
// The planes are extracted with GFNI as well: the low (high) bytes of 64 symbols, an 8 x 8 bit
// transpose per qword (vgf2p8affineqb with the data as the matrix), and one vpermb.
// All tables (matrices, x^(64 q) mod P_g, Barrett constants) are built at first use from the
// field arithmetic; the result equals the scalar Horner evaluation bit for bit (tests).
inline constexpr unsigned kClGroups = 4, kClAccs = 8, kClSyms = 576, kClIn = 6;
/// longest word of the kernel (a KP4 codeword; longer test words take the AVX-512 path)
inline constexpr unsigned kGfniMax = 544;
/// accumulators (4 points each) of each group and the first one's index
inline constexpr unsigned kClNacc[kClGroups] = {1, 2, 2, 3}, kClAcc0[kClGroups] = {0, 1, 3, 5};

struct ClmulTables {
  /// K[g][q] = x^(64 q) mod P_g; Kl[g][q - 1] = the same in the low qword of a 128-bit lane
  alignas(64) std::uint64_t K[kClGroups][9]{};
  alignas(64) std::uint64_t Kl[kClGroups][8][2]{};
  /// P_g, its degree, and the Barrett constant floor(x^(64 + deg) / P_g) - x^64
  std::uint64_t poly[kClGroups]{}, mu[kClGroups]{};
  unsigned deg_[kClGroups]{};
  /// mat[g][p * nacc + a]: the 8 lane matrices of input byte p, accumulator a of group g
  std::vector<std::array<std::uint64_t, 8>> mat[kClGroups];
  /// slot of lane j (32 slots = 8 accumulators x 4 words)
  alignas(64) std::uint16_t slot_of_j[32]{};
  /// byte permutations: the low / high bytes of 64 symbols, 8 at a time in reverse order (the
  /// bit transpose's row order); the transposed bytes to planes; remainders to input qwords
  alignas(64) std::uint8_t idx_lo[64], idx_hi[64], idx_pl[64], xidx[2][64];
  ClmulTables() {
    for (unsigned qw = 0; qw < 8; ++qw)
      for (unsigned s = 0; s < 8; ++s) {
        idx_lo[8 * qw + s] = static_cast<std::uint8_t>(2 * (8 * qw + 7 - s));
        idx_hi[8 * qw + s] = static_cast<std::uint8_t>(2 * (8 * qw + 7 - s) + 1);
        idx_pl[8 * s + qw] = static_cast<std::uint8_t>(8 * qw + s);
      }
    for (unsigned p = 0; p < 8; ++p)
      for (unsigned r = 0; r < 8; ++r) {
        xidx[0][8 * p + r] = static_cast<std::uint8_t>((r % 2 ? 64 : 0) + 16 * (r / 2) + p);
        xidx[1][8 * p + r] = static_cast<std::uint8_t>(r < 2 ? 16 * r + p : 0);
      }
    static constexpr unsigned kReps[kClGroups][5] = {{19, 21, 23, 31, 0xffff}, {5, 7, 27, 29, 0xffff},
                                                     {0, 9, 13, 15, 25}, {1, 3, 11, 17, 0xffff}};
    unsigned acc = 0;
    for (unsigned g = 0; g < kClGroups; ++g) {
      std::uint64_t P = 1;  // binary polynomial, bit i = coefficient of x^i
      unsigned deg = 0;
      std::vector<unsigned> js;
      for (unsigned r : kReps[g]) {
        if (r == 0xffff) break;
        std::vector<unsigned> coset;
        for (unsigned e = r;;) {
          if (e < 32) js.push_back(e);
          coset.push_back(e);
          e = (2 * e) % 1023;
          if (e == r) break;
        }
        // minimal polynomial of alpha^-r: prod (x + alpha^-e), e in the coset; binary
        std::vector<gf_t> m{1};
        for (unsigned e : coset) {
          const gf_t root = gf_alpha_pow(-static_cast<long>(e));
          std::vector<gf_t> n(m.size() + 1, 0);
          for (std::size_t i = 0; i < m.size(); ++i) {
            n[i + 1] ^= m[i];
            n[i] ^= gf_mul(m[i], root);
          }
          m = n;
        }
        std::uint64_t mb = 0;
        for (std::size_t i = 0; i < m.size(); ++i) {
          if (m[i] > 1) throw std::logic_error("ClmulTables: minimal polynomial not binary");
          mb |= static_cast<std::uint64_t>(m[i]) << i;
        }
        std::uint64_t prod = 0;  // P * mb (carry-less), degrees stay below 64
        for (unsigned i = 0; i < 64; ++i)
          if ((mb >> i) & 1u) prod ^= P << i;
        P = prod;
        deg += static_cast<unsigned>(m.size()) - 1;
      }
      if ((deg + 7) / 8 > kClIn || js.size() != 4 * kClNacc[g] || acc != kClAcc0[g])
        throw std::logic_error("ClmulTables: group layout");
      // x^(64 q) mod P
      std::uint64_t v = 1;  // x^0
      for (unsigned q = 0; q < 9; ++q) {
        K[g][q] = v;
        if (q > 0) Kl[g][q - 1][0] = v;
        for (unsigned s = 0; s < 64; ++s) {  // v *= x mod P
          const bool top = (v >> (deg - 1)) & 1u;
          v <<= 1;
          if (top) v ^= P;
          v &= (deg == 64) ? ~0ull : ((1ull << deg) - 1);
        }
      }
      poly[g] = P;
      deg_[g] = deg;
      {  // floor(x^(64 + deg) / P) by long division; the quotient has degree 64
        // after the quotient's x^64 term the remainder is x^64 (P - x^deg) = r x^64; before
        // quotient bit i it is r x^(i+1), r of degree < deg
        std::uint64_t quo = 0;
        std::uint64_t r = P & ((1ull << deg) - 1);
        for (int i = 63; i >= 0; --i) {
          const bool top = (r >> (deg - 1)) & 1u;
          r = (r << 1) & ((1ull << deg) - 1);
          if (top) {
            quo |= 1ull << i;
            r ^= P & ((1ull << deg) - 1);
          }
        }
        mu[g] = quo;
      }
      for (unsigned m = 0; m < js.size(); ++m) slot_of_j[js[m]] = static_cast<std::uint16_t>(4 * acc + m);
      mat[g].resize(static_cast<std::size_t>(kClIn) * kClNacc[g]);
      for (unsigned p = 0; p < kClIn; ++p)
        for (unsigned a = 0; a < kClNacc[g]; ++a)
          for (unsigned l = 0; l < 8; ++l) {
            const unsigned j = js[4 * a + l / 2], h = l % 2;
            std::uint64_t A = 0;
            for (unsigned k = 0; k < 8; ++k) {  // output bit k of the byte: row k in byte 7 - k
              std::uint64_t row = 0;
              if (h == 0 || k < 2)
                for (unsigned b = 0; b < 8; ++b) {
                  const long kk = 8L * p + b;  // bit kk of u
                  const gf_t e = gf_alpha_pow(static_cast<long>(j) * (575L - kk));
                  row |= static_cast<std::uint64_t>((e >> (8 * h + k)) & 1u) << b;
                }
              A |= row << (8 * (7 - k));
            }
            mat[g][p * kClNacc[g] + a][l] = A;
          }
      acc += kClNacc[g];
    }
    if (acc != kClAccs) throw std::logic_error("ClmulTables: slot count");
  }
};

const ClmulTables& clmul_tables() {
  static const ClmulTables t;
  return t;
}

/// Lane-wise x * alpha (16-bit lanes holding 10-bit values)
HALO_TARGET_GFNI inline __m512i mul_alpha_epi16(__m512i x) noexcept {
  const __mmask32 m = _mm512_test_epi16_mask(x, _mm512_set1_epi16(0x200));
  return _mm512_xor_si512(_mm512_slli_epi16(x, 1), _mm512_maskz_mov_epi16(m, _mm512_set1_epi16(0x409)));
}

/// XOR of the four 128-bit lanes
HALO_TARGET_GFNI inline __m128i xor_lanes128(__m512i v) noexcept {
  const __m256i x = _mm256_xor_si256(_mm512_castsi512_si256(v), _mm512_extracti64x4_epi64(v, 1));
  return _mm_xor_si128(_mm256_castsi256_si128(x), _mm256_extracti128_si256(x, 1));
}

/// Per 128-bit lane, v (degree < 64 + d) mod P (degree d) in the low qword (Barrett:
/// Q = T + hi64(T mu'), T = v / x^d, mu' = floor(x^(64+d) / P) - x^64; v + Q P has degree < d).
HALO_TARGET_GFNI inline __m512i barrett(__m512i v, __m512i pv, __m512i mv, __m512i dv) noexcept {
  const __m512i tq = _mm512_shrdv_epi64(v, _mm512_bsrli_epi128(v, 8), dv);
  const __m512i q = _mm512_xor_si512(_mm512_bsrli_epi128(_mm512_clmulepi64_epi128(tq, mv, 0x00), 8), tq);
  return _mm512_xor_si512(v, _mm512_clmulepi64_epi128(q, pv, 0x00));
}

/// w[start .. start + 31] with zeros at negative indices (the front padding; start + 31 must be
/// inside w): an expand-load for the partly padded block reads only w[0 .. start + 31].
HALO_TARGET_GFNI inline __m512i load32(const gf_t* w, int start) noexcept {
  if (start >= 0) return _mm512_loadu_si512(w + start);
  if (start <= -32) return _mm512_setzero_si512();
  return _mm512_maskz_expandloadu_epi16(~0u << (-start), w);
}

HALO_TARGET_GFNI void evaluate_clmul(const gf_t* w, unsigned len, Row& out) noexcept {
  const ClmulTables& t = clmul_tables();
  const int pad = static_cast<int>(kClSyms - len);
  // 1. bit planes: pl[q] qword b = plane b, chunk q (bit s = symbol 64 q + s); h89[q] = planes 8, 9
  alignas(64) std::uint64_t pl[9][8];
  alignas(64) std::uint64_t h89[9][2];
  const __m512i ilo = _mm512_load_si512(t.idx_lo), ihi = _mm512_load_si512(t.idx_hi), ipl = _mm512_load_si512(t.idx_pl);
  const __m512i bits = _mm512_set1_epi64(static_cast<long long>(0x8040201008040201ull));
  const __m512i ten = _mm512_set1_epi16(0x3ff);
  for (unsigned q = 0; q < 9; ++q) {
    const __m512i z0 = _mm512_and_si512(load32(w, static_cast<int>(64 * q) - pad), ten);
    const __m512i z1 = _mm512_and_si512(load32(w, static_cast<int>(64 * q) + 32 - pad), ten);
    const __m512i lo = _mm512_permutex2var_epi8(z0, ilo, z1), hi = _mm512_permutex2var_epi8(z0, ihi, z1);
    const __m512i plo = _mm512_permutexvar_epi8(ipl, _mm512_gf2p8affine_epi64_epi8(bits, lo, 0));
    const __m512i phi = _mm512_permutexvar_epi8(ipl, _mm512_gf2p8affine_epi64_epi8(bits, hi, 0));
    _mm512_store_si512(pl[q], plo);
    _mm_store_si128(reinterpret_cast<__m128i*>(h89[q]), _mm512_castsi512_si128(phi));
  }
  // 2. folds and 3. the E maps, group by group
  // acc[a] lane l byte r: output byte l of accumulator a for plane r; planes 8 and 9 of
  // accumulator a are bytes 2 (a % 4) and 2 (a % 4) + 1 of acc89[a / 4]
  __m512i acc[kClAccs], acc89[2];
  for (unsigned a = 0; a < kClAccs; ++a) acc[a] = _mm512_setzero_si512();
  acc89[0] = acc89[1] = _mm512_setzero_si512();
  const __m512i ha = _mm512_loadu_si512(h89[1]), hb = _mm512_loadu_si512(h89[5]);
  const __m512i p0 = _mm512_load_si512(pl[0]);
  const __m512i x0i = _mm512_load_si512(t.xidx[0]), x89i = _mm512_load_si512(t.xidx[1]);
#pragma GCC unroll 4
  for (unsigned g = 0; g < kClGroups; ++g) {
    __m512i ae = _mm512_maskz_mov_epi64(0x55, p0), ao = _mm512_bsrli_epi128(p0, 8);
    for (unsigned q = 1; q < 9; ++q) {
      const __m512i k = _mm512_set1_epi64(static_cast<long long>(t.K[g][q]));
      const __m512i pq = _mm512_load_si512(pl[q]);
      ae = _mm512_xor_si512(ae, _mm512_clmulepi64_epi128(pq, k, 0x00));
      ao = _mm512_xor_si512(ao, _mm512_clmulepi64_epi128(pq, k, 0x01));
    }
    const __m512i ka = _mm512_load_si512(t.Kl[g][0]), kb = _mm512_load_si512(t.Kl[g][4]);
    const __m512i a8 = _mm512_xor_si512(_mm512_clmulepi64_epi128(ha, ka, 0x00), _mm512_clmulepi64_epi128(hb, kb, 0x00));
    const __m512i a9 = _mm512_xor_si512(_mm512_clmulepi64_epi128(ha, ka, 0x01), _mm512_clmulepi64_epi128(hb, kb, 0x01));
    const __m128i h0 = _mm_load_si128(reinterpret_cast<const __m128i*>(h89[0]));
    const __m128i u8 = _mm_xor_si128(xor_lanes128(a8), _mm_move_epi64(h0));
    const __m128i u9 = _mm_xor_si128(xor_lanes128(a9), _mm_srli_si128(h0, 8));
    // Barrett reduction of the 128-bit remainders to degree < deg P_g (6 bytes)
    const __m512i pv = _mm512_set1_epi64(static_cast<long long>(t.poly[g]));
    const __m512i mv = _mm512_set1_epi64(static_cast<long long>(t.mu[g]));
    const __m512i dv = _mm512_set1_epi64(t.deg_[g]);
    ae = barrett(ae, pv, mv, dv);
    ao = barrett(ao, pv, mv, dv);
    const __m512i u89 = barrett(_mm512_inserti64x2(_mm512_castsi128_si512(u8), u9, 1), pv, mv, dv);
    // x qwords: byte r of qword p = byte p of u_r (planes 0..7); x89: bytes 0, 1 = byte p of u_8, u_9
    alignas(64) std::uint64_t xq[8], x89[4][8];
    _mm512_store_si512(xq, _mm512_permutex2var_epi8(ae, x0i, ao));
    const __m512i x89v = _mm512_maskz_permutexvar_epi8(0x0303030303030303ull, x89i, u89);
    _mm512_store_si512(x89[0], x89v);
    _mm512_store_si512(x89[1], _mm512_slli_epi64(x89v, 16));
    _mm512_store_si512(x89[2], _mm512_slli_epi64(x89v, 32));
    _mm512_store_si512(x89[3], _mm512_slli_epi64(x89v, 48));
    const unsigned na = kClNacc[g], a0 = kClAcc0[g];
    const std::array<std::uint64_t, 8>* m = t.mat[g].data();
    // read back through memory: broadcast loads use the load ports, not the shuffle port
    // that GFNI and VPCLMULQDQ need (the compiler would otherwise extract from registers)
    const std::uint64_t* xr = xq;
    const std::uint64_t* xr89 = &x89[0][0];
    asm("" : "+r"(xr), "+r"(xr89)::"memory");
#pragma GCC unroll 6
    for (unsigned p = 0; p < kClIn; ++p) {
      const __m512i xb = _mm512_set1_epi64(static_cast<long long>(xr[p]));
#pragma GCC unroll 3
      for (unsigned a = 0; a < na; ++a) {
        const unsigned ga = a0 + a;
        const __m512i mm = _mm512_loadu_si512(m[p * na + a].data());
        const __m512i xb89 = _mm512_set1_epi64(static_cast<long long>(xr89[(ga % 4) * 8 + p]));
        acc[ga] = _mm512_xor_si512(acc[ga], _mm512_gf2p8affine_epi64_epi8(xb, mm, 0));
        acc89[ga / 4] = _mm512_xor_si512(acc89[ga / 4], _mm512_gf2p8affine_epi64_epi8(xb89, mm, 0));
      }
    }
  }
  // 4. rows R_b (32 slots of 16 bits) = plane b of every accumulator; Horner over the planes
  const __m512i tr = _mm512_set_epi8(63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29,
                                     21, 13, 5, 60, 52, 44, 36, 28, 20, 12, 4, 59, 51, 43, 35, 27, 19, 11, 3, 58, 50, 42,
                                     34, 26, 18, 10, 2, 57, 49, 41, 33, 25, 17, 9, 1, 56, 48, 40, 32, 24, 16, 8, 0);
  __m512i T[8];
  for (unsigned a = 0; a < 8; ++a) T[a] = _mm512_permutexvar_epi8(tr, acc[a]);
  const __m512i ie = _mm512_setr_epi64(0, 8, 2, 10, 4, 12, 6, 14), io = _mm512_setr_epi64(1, 9, 3, 11, 5, 13, 7, 15);
  const __m512i ib0 = _mm512_setr_epi64(0, 1, 8, 9, 4, 5, 12, 13), ib1 = _mm512_setr_epi64(2, 3, 10, 11, 6, 7, 14, 15);
  const __m512i ic0 = _mm512_setr_epi64(0, 1, 2, 3, 8, 9, 10, 11), ic1 = _mm512_setr_epi64(4, 5, 6, 7, 12, 13, 14, 15);
  __m512i U[8], V[8], R[10];
  for (unsigned k = 0; k < 4; ++k) {
    U[2 * k] = _mm512_permutex2var_epi64(T[2 * k], ie, T[2 * k + 1]);
    U[2 * k + 1] = _mm512_permutex2var_epi64(T[2 * k], io, T[2 * k + 1]);
  }
  // V[4h + c]: qwords of T[4h..4h+3] at indices (c-th pair)
  for (unsigned h = 0; h < 2; ++h) {
    V[4 * h + 0] = _mm512_permutex2var_epi64(U[4 * h], ib0, U[4 * h + 2]);      // [0], [4]
    V[4 * h + 1] = _mm512_permutex2var_epi64(U[4 * h + 1], ib0, U[4 * h + 3]);  // [1], [5]
    V[4 * h + 2] = _mm512_permutex2var_epi64(U[4 * h], ib1, U[4 * h + 2]);      // [2], [6]
    V[4 * h + 3] = _mm512_permutex2var_epi64(U[4 * h + 1], ib1, U[4 * h + 3]);  // [3], [7]
  }
  for (unsigned c = 0; c < 4; ++c) {
    R[c] = _mm512_permutex2var_epi64(V[c], ic0, V[4 + c]);
    R[c + 4] = _mm512_permutex2var_epi64(V[c], ic1, V[4 + c]);
  }
  {  // qword 2 (a % 4) + h of the transposed acc89[a / 4] is plane 8 + h of accumulator a
    const __m512i t0 = _mm512_permutexvar_epi8(tr, acc89[0]), t1 = _mm512_permutexvar_epi8(tr, acc89[1]);
    R[8] = _mm512_permutex2var_epi64(t0, _mm512_setr_epi64(0, 2, 4, 6, 8, 10, 12, 14), t1);
    R[9] = _mm512_permutex2var_epi64(t0, _mm512_setr_epi64(1, 3, 5, 7, 9, 11, 13, 15), t1);
  }
  __m512i s = R[9];
  for (int b = 8; b >= 0; --b) s = _mm512_xor_si512(mul_alpha_epi16(s), R[b]);
  s = _mm512_permutexvar_epi16(_mm512_load_si512(t.slot_of_j), s);
  std::memcpy(&out, &s, sizeof out);
}

#pragma GCC diagnostic pop
#endif

}  // namespace

void evaluate(const gf_t* w, unsigned len, Row& out) noexcept {
#if HALO_ISA_X86
  if (isa::level() >= isa::Level::kGfni && len <= kGfniMax) return evaluate_clmul(w, len, out);
  if (isa::level() >= isa::Level::kV4) return evaluate_v4(w, len, out);
  if (isa::level() == isa::Level::kV3) return evaluate_v3(w, len, out);
#endif
  evaluate_body<false>(w, len, out);
}

void error_syndromes(const unsigned* degs, const gf_t* vals, unsigned cnt, Row& out) noexcept {
#if HALO_ISA_X86
  if (isa::level() >= isa::Level::kV4) return error_syndromes_v4(degs, vals, cnt, out);
  if (isa::level() == isa::Level::kV3) return error_syndromes_v3(degs, vals, cnt, out);
#endif
  error_syndromes_body<false>(degs, vals, cnt, out);
}

Interpolator::Interpolator(unsigned np, unsigned shift) : np_(np), rows_(static_cast<std::size_t>(np) * 64) {
  if (np == 0 || np > 30) throw std::invalid_argument("Interpolator: 2t must be 1..30");
  // Solve V c = e (V_jq = alpha^(j deg_q)) by Gauss-Jordan on [V | I] to get V^-1.
  const unsigned n = np;
  std::vector<gf_t> a(static_cast<std::size_t>(n) * 2 * n, 0);
  auto at = [&](unsigned r, unsigned c) -> gf_t& { return a[static_cast<std::size_t>(r) * 2 * n + c]; };
  for (unsigned j = 0; j < n; ++j) {
    for (unsigned q = 0; q < n; ++q) at(j, q) = gf_alpha_pow(static_cast<long>(j) * (n - 1 - q));
    at(j, n + j) = 1;
  }
  for (unsigned c = 0; c < n; ++c) {
    unsigned p = c;
    while (at(p, c) == 0) ++p;  // V is invertible (distinct alpha^j), a pivot exists
    if (p != c)
      for (unsigned x = 0; x < 2 * n; ++x) std::swap(at(p, x), at(c, x));
    const gf_t inv = gf_inv(at(c, c));
    for (unsigned x = 0; x < 2 * n; ++x) at(c, x) = gf_mul(at(c, x), inv);
    for (unsigned r = 0; r < n; ++r) {
      const gf_t f = at(r, c);
      if (r == c || f == 0) continue;
      for (unsigned x = 0; x < 2 * n; ++x) at(r, x) = static_cast<gf_t>(at(r, x) ^ gf_mul(f, at(c, x)));
    }
  }
  // coefficient q = sum_j Vinv[q][j] * alpha^(shift j) * e_j
  for (unsigned j = 0; j < n; ++j) {
    const gf_t scale = gf_alpha_pow(static_cast<long>(shift) * j);
    for (unsigned half = 0; half < 2; ++half)
      for (unsigned v = 0; v < 32; ++v) {
        const gf_t c = gf_mul(static_cast<gf_t>(v << (5 * half)), scale);
        Row r{};
        for (unsigned q = 0; q < n; ++q) r[q] = gf_mul(c, at(q, n + j));
        rows_[(static_cast<std::size_t>(j) * 2 + half) * 32 + v].v = r;
      }
  }
}

void Interpolator::interpolate(const gf_t* w, unsigned len, gf_t* out) const noexcept {
  Row e, r;
  evaluate(w, len, e);
  apply(e, r);
  for (unsigned q = 0; q < np_; ++q) out[q] = r[q];
}

namespace {
template <isa::Level>
[[gnu::always_inline]] inline void apply_body(const RowSlot* rows, unsigned np, const Row& s, Row& out) noexcept {
  Row a0{}, a1{};
  for (unsigned j = 0; j < np; ++j) {
    const unsigned v = s[j] & 0x3ffu;
    const RowSlot* rj = rows + static_cast<std::size_t>(j) * 64;
    ((j & 1u) ? a1 : a0) ^= rj[v & 31u].v ^ rj[32 + (v >> 5)].v;
  }
  out = a0 ^ a1;
}
HALO_ISA_VARIANTS(void, apply, (const RowSlot* rows, unsigned np, const Row& s, Row& out), (rows, np, s, out))
}  // namespace

namespace {
template <isa::Level>
[[gnu::always_inline]] inline void mask_symbols_body(gf_t* dst, const gf_t* src, unsigned n) noexcept {
  if (dst == src) {  // in place: a word already of 10-bit symbols (the usual case) is only read
    gf_t any = 0;
    for (unsigned i = 0; i < n; ++i) any = static_cast<gf_t>(any | src[i]);
    if ((any & ~0x3ffu) == 0) return;
  }
  for (unsigned i = 0; i < n; ++i) dst[i] = static_cast<gf_t>(src[i] & 0x3ffu);
}
HALO_ISA_VARIANTS(void, mask_symbols, (gf_t * dst, const gf_t* src, unsigned n), (dst, src, n))
}  // namespace

void mask_symbols(gf_t* dst, const gf_t* src, unsigned n) noexcept {
  isa::pick(mask_symbols_v4, mask_symbols_v3, mask_symbols_base)(dst, src, n);
}

void Interpolator::apply(const Row& s, Row& out) const noexcept {
  isa::pick(apply_v4, apply_v3, apply_base)(rows_.data(), np_, s, out);
}

}  // namespace halo::fec::detail

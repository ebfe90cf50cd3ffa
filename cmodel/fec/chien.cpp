#include "chien.hpp"

#include <cstring>
#include <stdexcept>

#if HALO_ISA_X86
#include <immintrin.h>
#endif

namespace halo::fec::detail {

ChienTables::ChienTables(unsigned n, unsigned t) : n_(n), t_(t), rows_(static_cast<std::size_t>(t) * 32) {
  if (t == 0 || t > 31) throw std::invalid_argument("ChienTables: t must be 1..31");
  for (unsigned i = 1; i <= t; ++i)
    for (unsigned v = 0; v < 32; ++v) {
      Row r{};
      for (unsigned delta = 0; delta < 32; ++delta)
        r[delta] = gf_mul(static_cast<gf_t>(v), gf_alpha_pow(-static_cast<long>(i) * delta));
      rows_[(static_cast<std::size_t>(i) - 1) * 32 + v].v = r;
    }
  for (unsigned b = 0; b < 10; ++b)
    for (unsigned i = 1; i <= t; ++i) step_[b].v[i] = gf_alpha_pow(-32l * i + b);
}

namespace {

/// Byte offsets into the row table of the two 5-bit halves of the lane-i coefficients v of a
/// block: lo = (i-1) 2048 + 64 (v & 31), hi = (i-1) 2048 + 64 (v >> 5) (< 2^15 for t <= 15;
/// lanes above deg hold v = 0). One vector pass per block instead of scalar address arithmetic
/// per coefficient in the table pass.
[[gnu::always_inline]] inline void row_offsets(const Row& coef, const Row& base, Row& lo, Row& hi) noexcept {
  lo = ((coef & static_cast<std::uint16_t>(31)) << 6) + base;
  hi = ((coef >> 5) << 6) + base;
}

[[gnu::always_inline]] inline const Row& row_at(const char* base, std::uint16_t off) noexcept {
  return *reinterpret_cast<const Row*>(base + off);
}

/// One block: Lambda at the 32 positions from the row offsets of c[1..deg] (lane 0 unused),
/// even part (with Lambda_0) and odd part separately. Register accumulators per parity
/// and half; the high halves are scaled by alpha^5 once per block (mul_alpha5).
[[gnu::always_inline]] inline void block_values(const char* rows, const gf_t* olo_off, const gf_t* ohi_off,
                                                unsigned deg, gf_t lambda0, Row& even, Row& odd) noexcept {
  Row olo{}, ohi{}, elo{}, ehi{};
  unsigned i = 1;
  for (; i + 1 <= deg; i += 2) {
    olo ^= row_at(rows, olo_off[i]);
    ohi ^= row_at(rows, ohi_off[i]);
    elo ^= row_at(rows, olo_off[i + 1]);
    ehi ^= row_at(rows, ohi_off[i + 1]);
  }
  if (i == deg) {
    olo ^= row_at(rows, olo_off[i]);
    ohi ^= row_at(rows, ohi_off[i]);
  }
  mul_alpha5(ohi);
  mul_alpha5(ehi);
  even = (elo ^ ehi) ^ lambda0;
  odd = olo ^ ohi;
}

/// Bit j set where lane j of a equals lane j of b.
[[gnu::always_inline]] inline std::uint32_t eq_mask(const Row& a, const Row& b) noexcept {
  const Row zero = a == b;
  std::uint32_t m = 0;
  for (unsigned j = 0; j < 32; ++j) m |= static_cast<std::uint32_t>(zero[j] & 1u) << j;
  return m;
}

/// Coefficients of every block first (a chain of lane-wise multiplies, stored as row offsets
/// off[b][half][lane]), then the independent table passes: no store-to-load dependency between
/// consecutive blocks. Returns the number of roots after which the search may stop: a non-zero
/// polynomial of degree <= deg has at most deg roots (distinct d < n <= 1023 are distinct
/// points alpha^-d); the zero polynomial has n.
template <bool kMaskRegs>
[[gnu::always_inline]] inline unsigned block_offsets(const ChienTables& tab, const gf_t* lambda, unsigned deg,
                                                     gf_t (*off)[2][32]) noexcept {
  const unsigned nblk = (tab.n() + 31) / 32;  // <= 32 (n <= 1023)
  Row coef{}, base{};
  bool nonzero = lambda[0] != 0;
  for (unsigned i = 1; i <= deg; ++i) {
    coef[i] = lambda[i];
    base[i] = static_cast<gf_t>((i - 1) * 32 * sizeof(RowSlot));
    nonzero |= lambda[i] != 0;
  }
  for (unsigned b = 0; b < nblk; ++b) {
    Row lo, hi;
    row_offsets(coef, base, lo, hi);
    store_row(off[b][0], lo);
    store_row(off[b][1], hi);
    mul_lanes<kMaskRegs>(tab.step(), coef);  // c_i <- c_i alpha^(-32 i)
  }
  return nonzero ? deg : tab.n() + 1;
}

/// Records the roots of block b (bit delta of m set: Lambda(alpha^-(32 b + delta)) = 0) in
/// ascending order, with Lambda_odd there; found counts all roots, at most max_roots stored.
[[gnu::always_inline]] inline void collect_roots(std::uint32_t m, unsigned b, unsigned n, const Row& odd,
                                                 unsigned* degs, gf_t* odd_out, unsigned max_roots,
                                                 unsigned& found) noexcept {
  while (m != 0) {
    const unsigned delta = static_cast<unsigned>(__builtin_ctz(m));
    m &= m - 1;
    const unsigned d = b * 32 + delta;
    if (d >= n) break;
    if (found < max_roots) {
      degs[found] = d;
      odd_out[found] = odd[delta];
    }
    ++found;
  }
}

#if HALO_ISA_X86
/// eq_mask for AVX-512: the lane compare straight into a mask register (GCC 12 builds
/// eq_mask's generic form as a shift-and-or reduction). Not always_inline (it is passed to
/// roots_body, which has no target attribute), but inlined into roots_v4.
HALO_TARGET_V4 inline std::uint32_t eq_mask_v4(const Row& a, const Row& b) noexcept {
  __m512i x, y;
  std::memcpy(&x, &a, sizeof x);
  std::memcpy(&y, &b, sizeof y);
  return _mm512_cmpeq_epi16_mask(x, y);
}
#endif

template <bool kMaskRegs, std::uint32_t (*kEq)(const Row&, const Row&) noexcept = eq_mask>
[[gnu::always_inline]] inline unsigned roots_body(const ChienTables& tab, const gf_t* lambda, unsigned deg,
                                                  unsigned* degs, gf_t* odd_out, unsigned max_roots) noexcept {
  alignas(64) gf_t off[32][2][32];
  const unsigned enough = block_offsets<kMaskRegs>(tab, lambda, deg, off);
  const char* rows = reinterpret_cast<const char*>(tab.rows());
  const unsigned nblk = (tab.n() + 31) / 32;
  unsigned found = 0;
  for (unsigned b = 0; b < nblk && found < enough; ++b) {
    Row even, odd;
    block_values(rows, off[b][0], off[b][1], deg, lambda[0], even, odd);
    collect_roots(kEq(even, odd), b, tab.n(), odd, degs, odd_out, max_roots, found);  // Lambda = even + odd = 0
  }
  return found;
}

#if HALO_ISA_X86
HALO_TARGET_V4 unsigned roots_v4(const ChienTables& tab, const gf_t* lambda, unsigned deg, unsigned* degs,
                                 gf_t* odd, unsigned max_roots) noexcept {
  return roots_body<true, eq_mask_v4>(tab, lambda, deg, degs, odd, max_roots);
}
HALO_TARGET_V3 unsigned roots_v3(const ChienTables& tab, const gf_t* lambda, unsigned deg, unsigned* degs,
                                 gf_t* odd, unsigned max_roots) noexcept {
  return roots_body<false>(tab, lambda, deg, degs, odd, max_roots);
}
#endif

/// poly(alpha^-d) = poly_0 + sum_{1<=i<len} poly_i alpha^(-i d): term i is antilog(log poly_i +
/// (1023 - i d mod 1023)); both summands are < 1023 (or log 0, which indexes a zero entry),
/// inside the antilog table's range. Reference for eval_many_v4.
inline gf_t eval_one(gf_t poly0, const unsigned* logs, unsigned len, unsigned d) noexcept {
  gf_t v = poly0;
  const unsigned dm = d % kGfOrder;
  unsigned id = 0;  // i d mod 1023
  for (unsigned i = 1; i < len; ++i) {
    id += dm;
    if (id >= kGfOrder) id -= kGfOrder;
    v = static_cast<gf_t>(v ^ kGfExpOf(logs[i] + (id == 0 ? 0 : kGfOrder - id)));
  }
  return v;
}

#if HALO_ISA_X86
/// x mod 1023 lane-wise for x < 2046 (the masked form with an explicit source: GCC 12's
/// unmasked _mm512_min_epu32 reads an undefined vector, and so does the unmasked gather).
HALO_TARGET_V4 inline __m512i mod1023(__m512i x) noexcept {
  return _mm512_mask_min_epu32(x, 0xffff, x, _mm512_sub_epi32(x, _mm512_set1_epi32(static_cast<int>(kGfOrder))));
}

/// eval_one at 16 positions at a time: lane q keeps i d_q mod 1023 and gathers its term from the
/// antilog table (index log poly_i + 1023 - (i d_q mod 1023) <= 3070: the same entry as
/// eval_one's, or one 1023 further, which holds the same value; a 32-bit gather at scale 2 reads
/// that entry and the next, whose bits above 15 are dropped).
HALO_TARGET_V4 void eval_many_v4(gf_t poly0, const unsigned* logs, unsigned len, const unsigned* degs, unsigned cnt,
                                 gf_t* out) noexcept {
  const __m512i mask10 = _mm512_set1_epi32(0x3ff);
  const auto* table = reinterpret_cast<const int*>(kGfExp);
  const __mmask16 all = 0xffff;
  for (unsigned q0 = 0; q0 < cnt; q0 += 16) {
    const unsigned left = cnt - q0;
    const __mmask16 m = left >= 16 ? __mmask16{0xffff} : static_cast<__mmask16>((1u << left) - 1);
    __m512i d = _mm512_maskz_loadu_epi32(m, degs + q0);
    d = mod1023(d);  // d mod 1023 (d < 2046)
    __m512i id = _mm512_setzero_si512();
    __m512i acc = _mm512_set1_epi32(poly0);
    for (unsigned i = 1; i < len; ++i) {
      id = _mm512_add_epi32(id, d);
      id = mod1023(id);  // < 1023
      const __m512i idx = _mm512_sub_epi32(_mm512_set1_epi32(static_cast<int>(logs[i] + kGfOrder)), id);
      acc = _mm512_xor_si512(acc, _mm512_mask_i32gather_epi32(acc, all, idx, table, 2));
    }
    _mm512_mask_cvtepi32_storeu_epi16(out + q0, m, _mm512_and_si512(acc, mask10));
  }
}
#endif

}  // namespace

unsigned ChienTables::roots(const gf_t* lambda, unsigned deg, unsigned* degs, gf_t* odd, unsigned max_roots) const {
  if (deg > t_) deg = t_;
  // Degree 1 (one symbol error, the commonest non-zero case at the 802.3 threshold BER) in
  // closed form: Lambda_0 + Lambda_1 alpha^-d = 0 at the one degree d = log Lambda_1 -
  // log Lambda_0 mod 1023, a root of the search iff d < n; there Lambda_odd = Lambda_1
  // alpha^-d = Lambda_0. The same roots and values as the block search (test ChienTables.*).
  if (deg == 1 && lambda[0] != 0 && lambda[1] != 0) {
    const unsigned d = (gf_log(lambda[1]) + kGfOrder - gf_log(lambda[0])) % kGfOrder;
    if (d >= n_) return 0;
    if (max_roots > 0) {
      degs[0] = d;
      odd[0] = lambda[0];
    }
    return 1;
  }
#if HALO_ISA_X86
  if (isa::level() >= isa::Level::kV4) return roots_v4(*this, lambda, deg, degs, odd, max_roots);
  if (isa::level() == isa::Level::kV3) return roots_v3(*this, lambda, deg, degs, odd, max_roots);
#endif
  return roots_body<false>(*this, lambda, deg, degs, odd, max_roots);
}

gf_t ChienTables::eval_at(gf_t poly0, const unsigned* logs, unsigned len, unsigned d) const noexcept {
  return eval_one(poly0, logs, len, d);
}

void ChienTables::eval_many(gf_t poly0, const unsigned* logs, unsigned len, const unsigned* degs, unsigned cnt,
                            gf_t* out) const noexcept {
#if HALO_ISA_X86
  if (isa::level() >= isa::Level::kV4) return eval_many_v4(poly0, logs, len, degs, cnt, out);
#endif
  for (unsigned q = 0; q < cnt; ++q) out[q] = eval_one(poly0, logs, len, degs[q]);
}

}  // namespace halo::fec::detail

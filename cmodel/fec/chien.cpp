#include "chien.hpp"

#include <stdexcept>

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

/// Rows of the two 5-bit halves of coefficient value v in the coefficient's 32-row block.
[[gnu::always_inline]] inline void xor_halves(Row& lo, Row& hi, const char* blk, unsigned v) noexcept {
  lo ^= *reinterpret_cast<const Row*>(blk + ((v & 31u) << 6));
  hi ^= *reinterpret_cast<const Row*>(blk + (v & 0x3e0u) * 2);
}

/// One block: Lambda at the 32 positions from the coefficients c[1..deg] (c[0] unused),
/// even part (with Lambda_0) and odd part separately. Register accumulators per parity
/// and half; the high halves are scaled by alpha^5 once per block (mul_alpha5).
[[gnu::always_inline]] inline void block_values(const RowSlot* rows, const gf_t* c, unsigned deg, gf_t lambda0,
                                                Row& even, Row& odd) noexcept {
  const char* base = reinterpret_cast<const char*>(rows);
  constexpr std::size_t kBlock = 32 * sizeof(RowSlot);  // bytes per coefficient
  Row olo{}, ohi{}, elo{}, ehi{};
  unsigned i = 1;
  for (; i + 1 <= deg; i += 2) {
    xor_halves(olo, ohi, base + (i - 1) * kBlock, c[i]);
    xor_halves(elo, ehi, base + i * kBlock, c[i + 1]);
  }
  if (i == deg) xor_halves(olo, ohi, base + (i - 1) * kBlock, c[i]);
  mul_alpha5(ohi);
  mul_alpha5(ehi);
  even = (elo ^ ehi) ^ lambda0;
  odd = olo ^ ohi;
}

template <bool kMaskRegs>
[[gnu::always_inline]] inline unsigned roots_body(const ChienTables& tab, const gf_t* lambda, unsigned deg,
                                                  unsigned* degs, gf_t* odd_out, unsigned max_roots) noexcept {
  // Coefficients of every block first (a chain of lane-wise multiplies, stored), then the
  // independent table passes: no store-to-load dependency between consecutive blocks.
  const unsigned n = tab.n();
  const unsigned nblk = (n + 31) / 32;  // <= 32 (n <= 1023)
  alignas(64) gf_t c[32][32];
  Row coef{};
  for (unsigned i = 1; i <= deg; ++i) coef[i] = lambda[i];
  for (unsigned b = 0; b < nblk; ++b) {
    store_row(c[b], coef);
    mul_lanes<kMaskRegs>(tab.step(), coef);  // c_i <- c_i alpha^(-32 i)
  }
  unsigned found = 0;
  for (unsigned b = 0; b < nblk; ++b) {
    Row even, odd;
    block_values(tab.rows(), c[b], deg, lambda[0], even, odd);
    const Row zero = even == odd;  // Lambda = even + odd = 0
    std::uint32_t m = 0;
    for (unsigned j = 0; j < 32; ++j) m |= static_cast<std::uint32_t>(zero[j] & 1u) << j;
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
  return found;
}

#if HALO_ISA_X86
HALO_TARGET_V4 unsigned roots_v4(const ChienTables& tab, const gf_t* lambda, unsigned deg, unsigned* degs,
                                     gf_t* odd, unsigned max_roots) noexcept {
  return roots_body<true>(tab, lambda, deg, degs, odd, max_roots);
}
HALO_TARGET_V3 unsigned roots_v3(const ChienTables& tab, const gf_t* lambda, unsigned deg, unsigned* degs,
                                     gf_t* odd, unsigned max_roots) noexcept {
  return roots_body<false>(tab, lambda, deg, degs, odd, max_roots);
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
  // term i: poly_i alpha^(-i d) = antilog(log poly_i + (1023 - i d mod 1023)); both summands
  // are < 1023 (or log 0, which indexes a zero entry) inside the antilog table's range.
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

}  // namespace halo::fec::detail

#include "rs_tables.hpp"

#include <algorithm>

namespace halo::fec::detail {

void lfsr_step(gf_t* rem, unsigned np, const gf_t* g, gf_t sym) noexcept {
  const gf_t fb = static_cast<gf_t>((sym & 0x3ffu) ^ rem[0]);
  for (unsigned j = 0; j + 1 < np; ++j) rem[j] = static_cast<gf_t>(rem[j + 1] ^ gf_mul(fb, g[np - 1 - j]));
  rem[np - 1] = gf_mul(fb, g[0]);
}

namespace {

/// Fills 2 x 32 rows from the 10 basis remainders (one per bit of the symbol).
void fill_rows(RowSlot* dst, const std::vector<std::vector<gf_t>>& basis, unsigned np) {
  for (unsigned half = 0; half < 2; ++half)
    for (unsigned v = 0; v < 32; ++v) {
      Row r{};
      for (unsigned bit = 0; bit < 5; ++bit)
        if ((v >> bit) & 1u)
          for (unsigned j = 0; j < np; ++j) r[j] ^= basis[half * 5 + bit][j];
      dst[half * 32 + v].v = r;
    }
}

}  // namespace

RemainderTables build_remainder_tables(const gf_t* g, unsigned np, unsigned k) {
  RemainderTables t;
  t.k = k;
  t.nparity = np;
  t.pos.assign(static_cast<size_t>(kChunk) * 64, RowSlot{});
  t.shift.assign(static_cast<size_t>(np) * 64, RowSlot{});
  // basis[b] = remainder of alpha^b placed at degree n-k (+j after j zero steps): feeding a
  // symbol into the empty LFSR gives sym * x^(n-k) mod g; each further zero multiplies by x.
  std::vector<std::vector<gf_t>> basis(10, std::vector<gf_t>(np));
  for (unsigned b = 0; b < 10; ++b) lfsr_step(basis[b].data(), np, g, static_cast<gf_t>(1u << b));
  for (unsigned j = 0; j < kChunk; ++j) {
    fill_rows(&t.pos[static_cast<size_t>(j) * 64], basis, np);
    for (unsigned b = 0; b < 10; ++b) lfsr_step(basis[b].data(), np, g, 0);
  }
  // shift rows: remainder symbol q is the coefficient of x^(np-1-q); times x^C mod g. Start
  // from the monomial in the register (degree np-1-q < np, so it is its own remainder) and
  // feed C zeros.
  for (unsigned q = 0; q < np; ++q) {
    for (unsigned b = 0; b < 10; ++b) {
      std::fill(basis[b].begin(), basis[b].end(), gf_t{0});
      basis[b][q] = static_cast<gf_t>(1u << b);
      for (unsigned z = 0; z < kChunk; ++z) lfsr_step(basis[b].data(), np, g, 0);
    }
    fill_rows(&t.shift[static_cast<size_t>(q) * 64], basis, np);
  }
  return t;
}

namespace {

[[gnu::always_inline]] inline void add_chunk(const RowSlot* pos, const gf_t* m, unsigned len, Row& acc0,
                                              Row& acc1) noexcept {
  // symbol m[i] sits at relative degree j = len-1-i of this chunk
  unsigned i = 0;
  for (; i + 1 < len; i += 2) {
    const unsigned a = m[i] & 0x3ffu, b = m[i + 1] & 0x3ffu;
    const RowSlot* ra = pos + static_cast<size_t>(len - 1 - i) * 64;
    const RowSlot* rb = ra - 64;
    acc0 ^= ra[a & 31u].v ^ ra[32 + (a >> 5)].v;
    acc1 ^= rb[b & 31u].v ^ rb[32 + (b >> 5)].v;
  }
  if (i < len) {
    const unsigned a = m[i] & 0x3ffu;
    const RowSlot* ra = pos + static_cast<size_t>(len - 1 - i) * 64;
    acc0 ^= ra[a & 31u].v ^ ra[32 + (a >> 5)].v;
  }
}

}  // namespace

[[gnu::target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")]]
void remainder(const RemainderTables& t, const gf_t* msg, Row& out) noexcept {
  const RowSlot* pos = t.pos.data();
  const RowSlot* sh = t.shift.data();
  const unsigned first = t.k % kChunk;
  Row acc0{}, acc1{};
  unsigned i = 0;
  if (first) {
    add_chunk(pos, msg, first, acc0, acc1);
    i = first;
  }
  for (; i < t.k; i += kChunk) {
    const Row r = acc0 ^ acc1;
    acc0 = Row{};
    acc1 = Row{};
    accumulate_symbol_rows(sh, r, t.nparity, acc0, acc1);
    add_chunk(pos, msg + i, kChunk, acc0, acc1);
  }
  out = acc0 ^ acc1;
}

SyndromeTable build_syndrome_table(unsigned np) {
  SyndromeTable t;
  t.nparity = np;
  t.rows.assign(static_cast<size_t>(np) * 64, RowSlot{});
  for (unsigned q = 0; q < np; ++q) {
    const unsigned deg = np - 1 - q;
    for (unsigned half = 0; half < 2; ++half)
      for (unsigned v = 0; v < 32; ++v) {
        const gf_t c = static_cast<gf_t>(v << (5 * half));
        Row r{};
        for (unsigned j = 0; j < np; ++j) r[j] = gf_mul(c, gf_alpha_pow(static_cast<long>(j) * deg));
        t.rows[(static_cast<size_t>(q) * 2 + half) * 32 + v].v = r;
      }
  }
  return t;
}

[[gnu::target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")]]
void syndromes(const SyndromeTable& t, const Row& rem, Row& out) noexcept {
  Row acc0{}, acc1{};
  accumulate_symbol_rows(t.rows.data(), rem, t.nparity, acc0, acc1);
  out = acc0 ^ acc1;
}

}  // namespace halo::fec::detail

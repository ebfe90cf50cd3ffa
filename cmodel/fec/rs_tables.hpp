// Private: tables for the table-driven (GF(2)-linear) remainder computation.
//
// The remainder R(x) = x^(n-k) m(x) mod g(x) is GF(2)-linear in the message bits. The
// message is processed in chunks of C = 128 symbols, first transmitted first:
//   R <- (R * x^len mod g) XOR (sum_j m_j x^(n-k+len-1-j) mod g)
// Both terms are sums of table rows: `pos` rows give the contribution of a symbol value
// at relative position j of a chunk, `shift` rows the contribution of the current R's
// symbols after multiplication by x^C. Each 10-bit symbol is split into two 5-bit halves
// with a 32-row table each. A row is 32 x uint16 (64 bytes): the 2t <= 30 remainder
// symbols, highest degree first (row[0] = coefficient of x^(n-k-1)), zero padded.
// Tables: (2C + 2(n-k)) x 32 rows x 64 B = 632 KiB for KP4, resident in L2.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "halo/fec/gf1024.hpp"

namespace halo::fec::detail {

/// One 64-byte remainder row (GCC/Clang vector extension; SSE2, AVX2 or AVX-512).
typedef std::uint16_t Row __attribute__((vector_size(64)));
/// Table storage element: a struct keeps the 64-byte alignment inside std::vector (a
/// vector-extension typedef used as a template argument loses its attributes).
struct alignas(64) RowSlot {
  Row v;
};

inline constexpr unsigned kChunk = 128;

struct RemainderTables {
  unsigned k = 0;
  unsigned nparity = 0;
  /// pos[(j * 2 + half) * 32 + v]: value v in half `half` (0 = bits 4:0, 1 = bits 9:5) of
  /// the symbol at degree n-k+j (j = 0 is the last message symbol m_0).
  std::vector<RowSlot> pos;
  /// shift[(q * 2 + half) * 32 + v]: value v in half `half` of remainder symbol q
  /// (coefficient of x^(n-k-1-q)) multiplied by x^C, modulo g.
  std::vector<RowSlot> shift;
};

/// Builds the tables for generator g (g_0..g_{nparity}, lowest first) and k message symbols.
RemainderTables build_remainder_tables(const gf_t* g, unsigned nparity, unsigned k);

/// x^(n-k) m(x) mod g(x) for the k message symbols `msg` (transmission order, masked to 10
/// bits), written to `out` (highest degree first). Dispatches to AVX-512/AVX2/SSE2 clones.
void remainder(const RemainderTables& t, const gf_t* msg, Row& out) noexcept;

/// Syndromes from the remainder: S_j = rem(alpha^j) (g(alpha^j) = 0 for j < 2t), also
/// GF(2)-linear in the remainder bits: rows[(q * 2 + half) * 32 + v] holds the 2t
/// syndromes of value v in half `half` of remainder symbol q (degree 2t-1-q).
struct SyndromeTable {
  unsigned nparity = 0;
  std::vector<RowSlot> rows;
};
SyndromeTable build_syndrome_table(unsigned nparity);

/// out = syndromes of the remainder `rem` (rem[q] = coefficient of x^(2t-1-q)).
void syndromes(const SyndromeTable& t, const Row& rem, Row& out) noexcept;

/// XOR of the rows selected by the 5-bit halves of in[0..count-1] from a table laid out as
/// [(q * 2 + half) * 32 + v] (the shift and syndrome tables).
[[gnu::always_inline]] inline void accumulate_symbol_rows(const RowSlot* tab, const Row& in, unsigned count,
                                                          Row& acc0, Row& acc1) noexcept {
  for (unsigned q = 0; q < count; ++q) {
    const unsigned v = in[q] & 0x3ffu;
    const RowSlot* rq = tab + static_cast<std::size_t>(q) * 64;
    ((q & 1u) ? acc1 : acc0) ^= rq[v & 31u].v ^ rq[32 + (v >> 5)].v;
  }
}

/// Reference division step of the textbook LFSR encoder: feeds one symbol into the
/// remainder register rem[0..np-1] (rem[0] = highest degree).
void lfsr_step(gf_t* rem, unsigned np, const gf_t* g, gf_t sym) noexcept;

}  // namespace halo::fec::detail

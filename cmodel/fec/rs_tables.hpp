// Private: position tables for the table-driven (GF(2)-linear) remainder computation.
//
// The remainder R(x) = x^(n-k) m(x) mod g(x) is GF(2)-linear in the message bits, so
// R = XOR over message symbols i of T_i[m_i], where T_i[v] = (v * x^(deg_i)) mod g(x).
// Each 10-bit symbol is split into two 5-bit halves with a 32-entry table each, so a
// codeword costs 2k table look-ups of one 64-byte row (30 parity symbols, padded to 32).
// Rows hold the remainder highest degree first (row[0] = coefficient of x^(n-k-1)).
#pragma once

#include <cstdint>
#include <vector>

#include "halo/fec/gf1024.hpp"

namespace halo::fec::detail {

/// 32 x uint16 = one 64-byte remainder row; GCC/Clang vector extension (SSE2 or wider).
typedef std::uint16_t Row __attribute__((vector_size(64)));

struct PositionTables {
  unsigned k = 0;
  unsigned nparity = 0;
  /// rows[(i * 2 + half) * 32 + v]: remainder contribution of value v in half `half`
  /// (0 = bits 4:0, 1 = bits 9:5) of message symbol i (transmission order).
  std::vector<Row> rows;

  /// Remainder of x^(n-k) * m(x) mod g(x) for the k message symbols `msg` (transmission
  /// order), written to `out`. Symbols are masked to 10 bits.
  void remainder(const gf_t* msg, Row& out) const noexcept {
    Row acc0{}, acc1{};
    const Row* base = rows.data();
    unsigned i = 0;
    for (; i + 1 < k; i += 2) {
      const unsigned a = msg[i] & 0x3ffu, b = msg[i + 1] & 0x3ffu;
      acc0 ^= base[(i * 2) * 32 + (a & 31u)] ^ base[(i * 2 + 1) * 32 + (a >> 5)];
      acc1 ^= base[(i * 2 + 2) * 32 + (b & 31u)] ^ base[(i * 2 + 3) * 32 + (b >> 5)];
    }
    for (; i < k; ++i) {
      const unsigned a = msg[i] & 0x3ffu;
      acc0 ^= base[(i * 2) * 32 + (a & 31u)] ^ base[(i * 2 + 1) * 32 + (a >> 5)];
    }
    out = acc0 ^ acc1;
  }
};

/// Builds the tables for generator g (g_0..g_{nparity}, lowest first) and k message symbols.
PositionTables build_position_tables(const gf_t* g, unsigned nparity, unsigned k);

}  // namespace halo::fec::detail

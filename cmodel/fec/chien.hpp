// Private: Chien search over the n positions of a shortened RS code, block by block.
//
// Lambda(alpha^-d) for d = 32 b + delta (block b, lane delta = 0..31) is
//   Lambda_0 + sum_{i=1..t} c_i(b) alpha^(-i delta),   c_i(b) = Lambda_i alpha^(-32 i b).
// Each product c_i(b) alpha^(-i delta) is GF(2)-linear in the bits of c_i(b): the 32 lanes
// come from two 64-byte rows of a per-coefficient 32-row table selected by the 5-bit halves
// h, l of c_i(b) = h x^5 + l (t x 32 rows = 30 KiB for KP4, L1 resident); the rows of the
// high halves are summed apart and scaled by alpha^5 once per block (mul_alpha5). Between blocks the coefficient
// vector (lane i = c_i) is multiplied lane-wise by alpha^(-32 i) (bit-sliced). The odd- and
// even-degree terms are accumulated separately, which also gives Lambda_odd(X^-1) at every
// root for Forney's derivative (x Lambda'(x) = Lambda_odd(x) in characteristic 2).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "gf_vec.hpp"

namespace halo::fec::detail {

class ChienTables {
 public:
  ChienTables(unsigned n, unsigned t);
  /// Degrees d (0..n-1, ascending) with Lambda(alpha^-d) = 0, for Lambda_0..Lambda_deg
  /// (deg <= t). Writes at most max_roots degrees and, for each, odd[q] =
  /// Lambda_odd(alpha^-d_q) = sum_{i odd} Lambda_i alpha^(-i d_q); returns the total number
  /// of roots.
  unsigned roots(const gf_t* lambda, unsigned deg, unsigned* degs, gf_t* odd, unsigned max_roots) const;

  /// poly(alpha^-d) = poly_0 + sum_{1<=i<len} poly_i alpha^(-i d) at one position d < n,
  /// from logs[i] = log poly_i (i >= 1; kGfLogOf(0) for a zero coefficient), taken once per
  /// polynomial by the caller; log-domain terms, no tables beyond the log/antilog tables.
  [[nodiscard]] gf_t eval_at(gf_t poly0, const unsigned* logs, unsigned len, unsigned d) const noexcept;
  /// out[q] = eval_at(poly0, logs, len, degs[q]) for q < cnt (degs[q] < 1023), 16 positions
  /// at a time with AVX-512 gathers where available: the values of Forney's numerator at the roots.
  void eval_many(gf_t poly0, const unsigned* logs, unsigned len, const unsigned* degs, unsigned cnt,
                 gf_t* out) const noexcept;

  unsigned n() const noexcept { return n_; }
  unsigned t() const noexcept { return t_; }
  const RowSlot* rows() const noexcept { return rows_.data(); }
  const RowSlot* step() const noexcept { return step_.data(); }

 private:
  unsigned n_, t_;
  std::vector<RowSlot> rows_;       // [(i-1) * 32 + v], lane delta: v alpha^(-i delta) (5-bit v)
  std::array<RowSlot, 10> step_{};  // lane i (1..t): alpha^(-32 i) alpha^b, the block-to-block multiply
};

}  // namespace halo::fec::detail

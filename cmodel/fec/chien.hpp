// Private: table-driven Chien search over the n positions of a shortened RS code.
//
// Lambda(alpha^-d) = Lambda_0 + sum_{i>=1} Lambda_i alpha^(-i d) is GF(2)-linear in the
// bits of each Lambda_i, so the values at all n positions are an XOR of table rows: for
// coefficient i and each 5-bit half of Lambda_i a 32-row table whose row holds the n
// products. One row pass per non-zero coefficient half replaces n multiplies; the roots
// are the zero entries. Tables: t x 64 rows x n' uint16 (n' = n rounded up to 32),
// 1.04 MiB for KP4.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "halo/fec/gf1024.hpp"

namespace halo::fec::detail {

class ChienTables {
 public:
  ChienTables(unsigned n, unsigned t);
  /// Degrees d (0..n-1, ascending) with Lambda(alpha^-d) = 0, for Lambda_0..Lambda_deg
  /// (deg <= t). Writes at most max_roots degrees; returns the total number of roots.
  /// The odd and even parts of Lambda are accumulated separately, so the pass also yields
  /// odd[q] = Lambda_odd(alpha^-d_q) = sum_{i odd} Lambda_i alpha^(-i d_q) at each written
  /// root, from which Forney's derivative follows: Lambda'(X^-1) = X Lambda_odd(X^-1).
  unsigned roots(const gf_t* lambda, unsigned deg, unsigned* degs, gf_t* odd, unsigned max_roots) const;

  /// poly(alpha^-d) = poly_0 + sum_{1<=i<len} poly_i alpha^(-i d) at one position d < n,
  /// from the same tables (len <= t + 1).
  [[nodiscard]] gf_t eval_at(const gf_t* poly, unsigned len, unsigned d) const noexcept;

 private:
  /// Row of coefficient i (1..t), half (0 = bits 4:0, 1 = bits 9:5), half-value v.
  [[nodiscard]] const std::uint16_t* row(unsigned i, unsigned half, unsigned v) const noexcept {
    return &rows_[(((i - 1) * 2 + half) * 32 + v) * static_cast<std::size_t>(stride_)];
  }
  unsigned n_, t_, stride_;
  std::vector<std::uint16_t> rows_;  // [(i-1)*2 + half][v][stride_]
};

}  // namespace halo::fec::detail

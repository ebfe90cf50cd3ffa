// Private: table-driven Chien search over the n positions of a shortened RS code.
//
// Lambda(alpha^-d) = Lambda_0 + sum_{i>=1} Lambda_i alpha^(-i d) is GF(2)-linear in the
// bits of each Lambda_i, so the values at all n positions are an XOR of table rows: for
// coefficient i and each 5-bit half of Lambda_i a 32-row table whose row holds the n
// products. One row pass per non-zero coefficient half replaces n multiplies; the roots
// are the zero entries. Tables: t x 64 rows x n' uint16 (n' = n rounded up to 32),
// 1.04 MiB for KP4.
#pragma once

#include <cstdint>
#include <vector>

#include "halo/fec/gf1024.hpp"

namespace halo::fec::detail {

class ChienTables {
 public:
  ChienTables(unsigned n, unsigned t);
  /// Degrees d (0..n-1, ascending) with Lambda(alpha^-d) = 0, for Lambda_0..Lambda_deg
  /// (deg <= t). Writes at most max_roots degrees; returns the total number of roots.
  unsigned roots(const gf_t* lambda, unsigned deg, unsigned* degs, unsigned max_roots) const;

 private:
  unsigned n_, t_, stride_;
  std::vector<std::uint16_t> rows_;  // [(i-1)*2 + half][v][stride_]
};

}  // namespace halo::fec::detail

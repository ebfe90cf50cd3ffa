#include "chien.hpp"

#include <algorithm>

#include "gf_vec.hpp"

namespace halo::fec::detail {

ChienTables::ChienTables(unsigned n, unsigned t) : n_(n), t_(t), stride_((n + 31) / 32 * 32) {
  rows_.assign(static_cast<size_t>(t) * 64 * stride_, 0);
  for (unsigned i = 1; i <= t; ++i)
    for (unsigned half = 0; half < 2; ++half)
      for (unsigned v = 1; v < 32; ++v) {
        std::uint16_t* dst = &rows_[(((i - 1) * 2 + half) * 32 + v) * static_cast<size_t>(stride_)];
        const gf_t c = static_cast<gf_t>(v << (5 * half));
        for (unsigned d = 0; d < n; ++d) dst[d] = gf_mul(c, gf_alpha_pow(-static_cast<long>(i) * d));
      }
}

namespace {
HALO_FEC_CLONES
void xor_rows(std::uint16_t* __restrict acc, const std::uint16_t* __restrict a, const std::uint16_t* __restrict b,
              unsigned len) noexcept {
  for (unsigned d = 0; d < len; ++d) acc[d] ^= static_cast<std::uint16_t>(a[d] ^ b[d]);
}
/// Degrees d < n with even[d] == odd[d] (Lambda = even + odd = 0), ascending (the arrays
/// hold stride = n rounded up to 32).
HALO_FEC_CLONES
unsigned find_zeros(const std::uint16_t* even, const std::uint16_t* odd, unsigned n, unsigned stride, unsigned* degs,
                    unsigned max_roots) noexcept {
  unsigned found = 0;
  for (unsigned b = 0; b < stride; b += 32) {
    std::uint32_t m = 0;
    for (unsigned j = 0; j < 32; ++j) m |= static_cast<std::uint32_t>(even[b + j] == odd[b + j]) << j;
    while (m != 0) {
      const unsigned d = b + static_cast<unsigned>(__builtin_ctz(m));
      m &= m - 1;
      if (d >= n) break;
      if (found < max_roots) degs[found] = d;
      ++found;
    }
  }
  return found;
}

}  // namespace

unsigned ChienTables::roots(const gf_t* lambda, unsigned deg, unsigned* degs, gf_t* odd,
                            unsigned max_roots) const {
  alignas(64) std::uint16_t acc[2][1024];  // [0] = Lambda_0 + even terms, [1] = odd terms
  std::fill(acc[0], acc[0] + stride_, lambda[0]);
  std::fill(acc[1], acc[1] + stride_, std::uint16_t{0});
  for (unsigned i = 1; i <= deg && i <= t_; ++i) {
    const unsigned c = lambda[i];
    if (c == 0) continue;
    xor_rows(acc[i & 1u], row(i, 0, c & 31u), row(i, 1, c >> 5), stride_);
  }
  const unsigned found = find_zeros(acc[0], acc[1], n_, stride_, degs, max_roots);
  for (unsigned q = 0; q < found && q < max_roots; ++q) odd[q] = acc[1][degs[q]];
  return found;
}

gf_t ChienTables::eval_at(const gf_t* poly, unsigned len, unsigned d) const noexcept {
  gf_t v = poly[0];
  for (unsigned i = 1; i < len && i <= t_; ++i) {
    const unsigned c = poly[i];
    if (c != 0) v = static_cast<gf_t>(v ^ row(i, 0, c & 31u)[d] ^ row(i, 1, c >> 5)[d]);
  }
  return v;
}

}  // namespace halo::fec::detail

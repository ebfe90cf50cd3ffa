#include "chien.hpp"

#include <algorithm>

namespace halo::fec::detail {

ChienTables::ChienTables(unsigned n, unsigned t) : n_(n), t_(t), stride_((n + 31) / 32 * 32) {
  rows_.assign(static_cast<size_t>(t) * 64 * stride_, 0);
  for (unsigned i = 1; i <= t; ++i)
    for (unsigned half = 0; half < 2; ++half)
      for (unsigned v = 1; v < 32; ++v) {
        std::uint16_t* row = &rows_[(((i - 1) * 2 + half) * 32 + v) * static_cast<size_t>(stride_)];
        const gf_t c = static_cast<gf_t>(v << (5 * half));
        for (unsigned d = 0; d < n; ++d) row[d] = gf_mul(c, gf_alpha_pow(-static_cast<long>(i) * d));
      }
}

namespace {
[[gnu::target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")]]
void xor_rows(std::uint16_t* __restrict acc, const std::uint16_t* __restrict a, const std::uint16_t* __restrict b,
              unsigned len) noexcept {
  for (unsigned d = 0; d < len; ++d) acc[d] ^= static_cast<std::uint16_t>(a[d] ^ b[d]);
}
/// Degrees d < n with acc[d] == 0, ascending (acc holds stride = n rounded up to 32).
[[gnu::target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")]]
unsigned find_zeros(const std::uint16_t* acc, unsigned n, unsigned stride, unsigned* degs, unsigned max_roots) noexcept {
  unsigned found = 0;
  for (unsigned b = 0; b < stride; b += 32) {
    std::uint32_t m = 0;
    for (unsigned j = 0; j < 32; ++j) m |= static_cast<std::uint32_t>(acc[b + j] == 0) << j;
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

unsigned ChienTables::roots(const gf_t* lambda, unsigned deg, unsigned* degs, unsigned max_roots) const {
  alignas(64) std::uint16_t acc[1024];
  std::fill(acc, acc + stride_, lambda[0]);
  for (unsigned i = 1; i <= deg && i <= t_; ++i) {
    const unsigned c = lambda[i];
    if (c == 0) continue;
    const std::uint16_t* lo = &rows_[(((i - 1) * 2) * 32 + (c & 31u)) * static_cast<size_t>(stride_)];
    const std::uint16_t* hi = &rows_[(((i - 1) * 2 + 1) * 32 + (c >> 5)) * static_cast<size_t>(stride_)];
    xor_rows(acc, lo, hi, stride_);
  }
  return find_zeros(acc, n_, stride_, degs, max_roots);
}

}  // namespace halo::fec::detail

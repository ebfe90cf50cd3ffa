#include <bit>
#include <cmath>

#include "halo/mon/vdm_format.hpp"

namespace halo::mon {

std::uint16_t f16_from_ratio(std::uint64_t num, std::uint64_t den) noexcept {
  if (den == 0 || num == 0) return 0;
  // keep r * 10 in 64 bits: scale both down together for huge denominators (documented)
  while (den >= (std::uint64_t{1} << 59)) {
    num >>= 1;
    den >>= 1;
  }
  if (num == 0) return 0;
  const std::uint64_t ip = num / den;
  int k = 0;  // value * 10^k is the mantissa; exponent s = 24 - k
  std::uint64_t m = 0;
  if (ip > 2047) {
    std::uint64_t p10 = 1;
    for (k = -1; k >= -7; --k) {
      p10 *= 10;
      m = (ip + p10 / 2) / p10;  // round half up (exact: see the header)
      if (m <= 2047) break;
    }
    if (k < -7) return 0xFFFF;  // saturate: > 2047e7
  } else {
    std::uint64_t q = ip, r = num % den;
    while (k < 24) {
      const std::uint64_t r10 = r * 10;
      const std::uint64_t q1 = q * 10 + r10 / den;
      if (q1 > 2047) break;
      q = q1;
      r = r10 % den;
      ++k;
    }
    m = q + (2 * r >= den ? 1 : 0);
    if (m > 2047) {  // q == 2047 rounded up: one decade less, 2047.5..2048 / 10 rounds to 205
      m = 205;
      --k;
    }
  }
  const auto s = static_cast<std::uint16_t>(24 - k);
  return static_cast<std::uint16_t>((s << 11) | static_cast<std::uint16_t>(m));
}

double f16_to_double(std::uint16_t code) noexcept {
  const int s = code >> 11;
  const int m = code & 0x7FF;
  return s < 24 ? m / std::pow(10.0, 24 - s) : m * std::pow(10.0, s - 24);  // exact powers of ten up to 1e22
}

namespace {
struct F16Norm {
  int s;
  std::uint32_t m;
};
F16Norm f16_norm(std::uint16_t c) noexcept {
  F16Norm n{c >> 11, static_cast<std::uint32_t>(c & 0x7FF)};
  if (n.m == 0) return {0, 0};
  while (n.s > 0 && n.m * 10 <= 2047) {
    n.m *= 10;
    --n.s;
  }
  return n;
}
}  // namespace

bool f16_less(std::uint16_t a, std::uint16_t b) noexcept {
  const F16Norm x = f16_norm(a), y = f16_norm(b);
  if (x.m == 0 || y.m == 0) return x.m == 0 && y.m != 0;
  return x.s != y.s ? x.s < y.s : x.m < y.m;
}

std::uint16_t f16_from_double(double x) noexcept {
  if (!(x > 0)) return 0;
  for (int k = 24; k >= -7; --k) {
    const double m = std::round(x * std::pow(10.0, k));
    if (m <= 2047) return static_cast<std::uint16_t>(((24 - k) << 11) | static_cast<int>(m));
  }
  return 0xFFFF;
}

std::uint32_t log2_q16(std::uint64_t x) noexcept {
  if (x <= 1) return 0;
  const int n = 63 - std::countl_zero(x);
  std::uint64_t y = n >= 30 ? x >> (n - 30) : x << (30 - n);  // Q30 in [1, 2)
  std::uint32_t frac = 0;
  for (int i = 0; i < 16; ++i) {
    y = (y * y) >> 30;  // y < 2^31 -> y^2 < 2^62
    frac <<= 1;
    if (y >= (std::uint64_t{1} << 31)) {
      y >>= 1;
      frac |= 1;
    }
  }
  return (static_cast<std::uint32_t>(n) << 16) | frac;
}

std::uint16_t db_u16_from_ratio(std::uint64_t num, std::uint64_t den) noexcept {
  if (num == 0 || den == 0) return 0;
  const std::int64_t d = static_cast<std::int64_t>(log2_q16(num)) - static_cast<std::int64_t>(log2_q16(den));
  constexpr std::int64_t k10log2 = 197283;  // 10 log10(2) in Q16
  const std::int64_t v = (d * k10log2 + (std::int64_t{1} << 23)) >> 24;  // Q32 dB -> 1/256 dB
  return static_cast<std::uint16_t>(v < 0 ? 0 : (v > 65535 ? 65535 : v));
}

std::uint64_t isqrt_u64(std::uint64_t x) noexcept {
  std::uint64_t r = 0, bit = std::uint64_t{1} << 62;
  while (bit > x) bit >>= 2;
  while (bit != 0) {
    if (x >= r + bit) {
      x -= r + bit;
      r = (r >> 1) + bit;
    } else {
      r >>= 1;
    }
    bit >>= 2;
  }
  return r;
}

}  // namespace halo::mon

// Private: 32-lane GF(2^10) vectors for the decoder's inner loops (GCC/Clang vector
// extension; each function is inlined into callers compiled for AVX-512, AVX2 or SSE2 by
// halo/isa.hpp's dispatch).
//
// Products use the bit-sliced form x * c = XOR over the set bits b of x of (c * alpha^b),
// where alpha^b is the field element with only bit b set (polynomial basis, p(x) =
// x^10 + x^3 + 1, IEEE 802.3-2022 91.5.2.1).
#pragma once

#include <cstdint>
#include <cstring>

#include "halo/fec/gf1024.hpp"
#include "halo/isa.hpp"

// Run-time ISA dispatch for the FEC hot loops: halo/isa.hpp (x86-64-v4 = AVX-512,
// x86-64-v3 = AVX2, baseline). The bit-select helpers below differ by ISA (kMaskRegs), so the
// callers instantiate their bodies per level in HALO_TARGET_V4 / HALO_TARGET_V3 functions.

namespace halo::fec::detail {

/// One 64-byte vector of 32 GF(2^10) lanes.
typedef std::uint16_t Row __attribute__((vector_size(64)));
/// Table storage element: a struct keeps the 64-byte alignment inside arrays/vectors.
struct alignas(64) RowSlot {
  Row v;
};

/// t = c in the lanes where bit b of x is set, else zero. kMaskRegs: compare + blend,
/// which AVX-512 does with mask registers (2-3 instructions); otherwise shift/negate/and
/// arithmetic, because GCC 12 scalarizes a vector conditional on 64-byte vectors for AVX2.
template <bool kMaskRegs>
[[gnu::always_inline]] inline void select_bit(Row& t, const Row& x, unsigned b, const Row& c) noexcept {
  if constexpr (kMaskRegs)
    t = (x & static_cast<std::uint16_t>(1u << b)) != 0 ? c : Row{};
  else
    t = c & (Row{} - ((x >> b) & static_cast<std::uint16_t>(1)));
}

/// Lane-wise x * c for a non-zero scalar c given by its log (bits above 9 of x ignored):
/// its multiples c * alpha^b are the antilog table entries log_c + b, broadcast straight
/// from the table (ten independent loads, no serial chain).
template <bool kMaskRegs>
[[gnu::always_inline]] inline void mul_scalar(unsigned log_c, const Row& x, Row& out) noexcept;

/// As mul_scalar, from the scalar's ten multiples m[b] = c * alpha^b (b = 0..9).
template <bool kMaskRegs>
[[gnu::always_inline]] inline void mul_multiples(const gf_t* m, const Row& x, Row& out) noexcept {
  Row t[10];
  for (unsigned b = 0; b < 10; ++b) select_bit<kMaskRegs>(t[b], x, b, Row{} + m[b]);
  out = ((t[0] ^ t[1]) ^ (t[2] ^ t[3])) ^ ((t[4] ^ t[5]) ^ (t[6] ^ t[7])) ^ (t[8] ^ t[9]);
}

template <bool kMaskRegs>
[[gnu::always_inline]] inline void mul_scalar(unsigned log_c, const Row& x, Row& out) noexcept {
  mul_multiples<kMaskRegs>(&kGfExp[log_c], x, out);
}

/// Lane-wise x_j * c_j for per-lane constants given by their multiples: mult[b] lane j =
/// c_j * alpha^b.
template <bool kMaskRegs>
[[gnu::always_inline]] inline void mul_lanes(const RowSlot* mult, Row& x) noexcept {
  Row t[10];
  for (unsigned b = 0; b < 10; ++b) select_bit<kMaskRegs>(t[b], x, b, mult[b].v);
  x = ((t[0] ^ t[1]) ^ (t[2] ^ t[3])) ^ ((t[4] ^ t[5]) ^ (t[6] ^ t[7])) ^ (t[8] ^ t[9]);
}

/// Lane-wise x * alpha^5 (bits above 9 of x ignored). With x = h x^5 + l (h = bits 5..9,
/// l = bits 0..4) and x^10 = x^3 + 1: x alpha^5 = (l << 5) ^ h ^ (h << 3), no carry beyond
/// bit 9. This lets a 10-bit value use one 32-row table for both 5-bit halves: the rows of
/// the high halves are summed apart and the sum scaled by alpha^5 once.
[[gnu::always_inline]] inline void mul_alpha5(Row& x) noexcept {
  const Row h = (x >> 5) & static_cast<std::uint16_t>(31);
  const Row l = x & static_cast<std::uint16_t>(31);
  x = (l << 5) ^ h ^ (h << 3);
}

/// (lo, hi) shifted down by one lane across the pair: out_lo[i] = (lo, hi)[i + 1],
/// out_hi[i] = hi[i + 1], out_hi[31] = 0. `up` holds the lane indices 1..32.
[[gnu::always_inline]] inline void shift_down(const Row& lo, const Row& hi, const Row& up, Row& out_lo,
                                              Row& out_hi) noexcept {
#if defined(__clang__)
  (void)up;
  for (unsigned i = 0; i < 31; ++i) {
    out_lo[i] = lo[i + 1];
    out_hi[i] = hi[i + 1];
  }
  out_lo[31] = hi[0];
  out_hi[31] = 0;
#else
  out_lo = __builtin_shuffle(lo, hi, up);
  out_hi = __builtin_shuffle(hi, Row{}, up);
#endif
}

/// Unaligned load/store of 32 lanes (out-parameters: a 64-byte vector returned by value
/// would change the ABI between the clones).
[[gnu::always_inline]] inline void load_row(Row& r, const gf_t* p) noexcept { std::memcpy(&r, p, sizeof r); }
[[gnu::always_inline]] inline void store_row(gf_t* p, const Row& r) noexcept { std::memcpy(p, &r, sizeof r); }

}  // namespace halo::fec::detail

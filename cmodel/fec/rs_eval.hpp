// Private: the table-driven evaluation engine behind the RS encoder and decoder.
//
// Both directions reduce to evaluating a word at the generator roots alpha^0..alpha^(2t-1)
// (IEEE 802.3-2022 91.5.2.5: g(x) = prod_{j<2t} (x - alpha^j)):
//   decoder: S_j = r(alpha^j), the syndromes of the received word;
//   encoder: the parity p(x) = x^(n-k) m(x) mod g(x) has p(alpha^j) = alpha^((n-k) j)
//            m(alpha^j) (char 2), and deg p < 2t, so p = V^-1 (p(alpha^j))_j with V the
//            2t x 2t Vandermonde matrix V_jq = alpha^(j q).
// Evaluation is Horner's rule over chunks of C = 16 symbols, 32 lanes (j = 0..31) in one
// 64-byte vector:
//   S <- S * alpha^(j C) + sum_{e<C} w_e alpha^(j e)
// The chunk sum is GF(2)-linear in the symbol bits: each 10-bit symbol is split into two
// 5-bit halves, each selecting one 64-byte row of a 32-row table per relative degree e
// (C x 64 rows = 64 KiB, shared by all codes, L1/L2 resident). The lane-wise multiply by the constants
// alpha^(j C) is bit-sliced: S * beta_j = XOR over bits b of S_j of alpha^(j C + b).
// The conversion from evaluations to parity symbols (V^-1, times alpha^((n-k) j) for the
// encoder) is another row table, 2t x 64 rows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "gf_vec.hpp"

namespace halo::fec::detail {

inline constexpr unsigned kChunk = 16;  ///< symbols per Horner step
inline constexpr unsigned kLanes = 32;  ///< evaluation points alpha^0..alpha^31 (2t <= 30 used)

/// S_j = sum_i w_i alpha^(j (len-1-i)) for j = 0..31: the word w (transmission order,
/// w[0] = highest degree, symbols masked to 10 bits here) evaluated at alpha^j.
void evaluate(const gf_t* w, unsigned len, Row& s) noexcept;

/// S_j = sum_q vals[q] alpha^(j degs[q]) for j = 0..31: the syndromes of an error pattern
/// (degs[q] < 1024, values masked to 10 bits), for the decoder's final consistency check.
void error_syndromes(const unsigned* degs, const gf_t* vals, unsigned cnt, Row& out) noexcept;

/// Maps evaluations to the coefficients of the unique polynomial of degree < 2t with those
/// values (out[q] = coefficient of x^(2t-1-q)), with lane j pre-scaled by alpha^(shift j).
class Interpolator {
 public:
  Interpolator(unsigned nparity, unsigned shift);
  void apply(const Row& s, Row& out) const noexcept;
  /// evaluate(w, len) then apply(): writes the 2t coefficients to out[0..2t-1].
  void interpolate(const gf_t* w, unsigned len, gf_t* out) const noexcept;

 private:
  unsigned np_;
  std::vector<RowSlot> rows_;  // [(j * 2 + half) * 32 + v]
};

/// dst[i] = src[i] & 0x3ff for i < n (dst == src allowed): symbols masked to 10 bits, with the
/// host's widest vectors (the decoder and encoder are compiled for the baseline).
void mask_symbols(gf_t* dst, const gf_t* src, unsigned n) noexcept;

/// Throws std::invalid_argument("<who>: <what> has <got> symbols, expected <want>") when
/// a span has the wrong length (shared by the encoder and the decoder).
void check_span_len(const char* who, const char* what, std::size_t got, std::size_t want);

/// Reference division step of the textbook LFSR encoder: feeds one symbol into the
/// remainder register rem[0..np-1] (rem[0] = highest degree).
void lfsr_step(gf_t* rem, unsigned np, const gf_t* g, gf_t sym) noexcept;

}  // namespace halo::fec::detail

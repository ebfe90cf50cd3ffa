// RS(n,k) decoder over GF(2^10): syndromes -> riBM key-equation solver -> Chien search ->
// Forney error values, with an errors-and-erasures option.
//
// Algorithm (also the RTL's, rtl/fec/rs_decoder.sv, so intermediate values compare):
//  1. Syndromes S_j = r(alpha^j), j = 0..2t-1 (first consecutive root alpha^0).
//  2. Reformulated inversionless Berlekamp-Massey (riBM), D. V. Sarwate and N. R. Shanbhag,
//     "High-speed architectures for Reed-Solomon decoders", IEEE Trans. VLSI 9(5), 2001:
//     3t+1 registers delta/theta, 2t iterations; Lambda(x) = delta_{t..2t}, and the
//     evaluator Omega^h(x) = delta_{0..t-1}.
//  3. Chien search over the n valid positions (shortened code); a root outside them, a root
//     count different from deg Lambda, deg Lambda > t or a zero error value marks the
//     codeword uncorrectable (never reported as corrected).
//  4. Forney: e_i = X_i^(-(2t-1))... see docs/fec.md for the riBM form used.
// Errors and erasures (2v + e <= 2t): cmodel-only option (802.3 does not use erasures);
// uses the erasure locator and classic BM on Forney syndromes.
//
// Source: IEEE 802.3-2022 91.5.3 (RS-FEC receive function), 119.2.5.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>

#include "halo/fec/rs_code.hpp"

namespace halo::fec {

/// Maximum supported 2t (KP4).
inline constexpr unsigned kMaxParity = 30;

/// Per-codeword decoder result.
struct DecodeResult {
  bool uncorrectable = false;       ///< failure detected; data left as received
  unsigned corrected_symbols = 0;   ///< symbols changed (0 when uncorrectable)
  unsigned corrected_bits = 0;      ///< bits flipped by the correction
  unsigned num_errors = 0;          ///< number of entries in positions/values
  /// Error positions as indices into the codeword span (transmission order, 0 = c_{n-1}),
  /// ascending. Filled also in bypass mode (errors located but not corrected).
  std::array<std::uint16_t, kMaxParity> positions{};
  std::array<gf_t, kMaxParity> values{};  ///< error values (XOR masks) at those positions
};

/// Intermediate values, for co-simulation against the RTL and for debugging.
struct DecodeTrace {
  std::array<gf_t, kMaxParity> syndromes{};         ///< S_0..S_{2t-1}
  std::array<gf_t, kMaxParity / 2 + 1> lambda{};    ///< riBM Lambda_0..Lambda_t (unnormalised)
  std::array<gf_t, kMaxParity / 2> omega{};         ///< riBM Omega^h_0..Omega^h_{t-1}
  unsigned lambda_degree = 0;                       ///< deg Lambda
  unsigned chien_roots = 0;                         ///< roots found at valid positions
};

struct DecoderOptions {
  /// false = bypass correction (802.3 "bypass_correction" option): errors are detected and
  /// counted, the data are passed through unmodified.
  bool correct = true;
};

class RsDecoder {
 public:
  /// Throws std::invalid_argument for an invalid code.
  explicit RsDecoder(RsCode code, DecoderOptions opt = {});
  ~RsDecoder();
  RsDecoder(RsDecoder&&) noexcept;
  RsDecoder& operator=(RsDecoder&&) noexcept;

  [[nodiscard]] const RsCode& code() const noexcept { return code_; }
  [[nodiscard]] const DecoderOptions& options() const noexcept { return opt_; }

  /// Decodes one received word in place (n symbols, transmission order, each < 1024 --
  /// higher bits are ignored). On an uncorrectable word the data are unchanged.
  /// trace (optional) receives the intermediate values. Throws std::invalid_argument on a
  /// wrong span length.
  DecodeResult decode(std::span<gf_t> word, DecodeTrace* trace = nullptr) const;

  /// Errors-and-erasures decoding: `erasures` are codeword indices (transmission order,
  /// distinct, < n); corrects v errors and e erasures when 2v + e <= n-k. Throws
  /// std::invalid_argument on a wrong length, a duplicate or out-of-range index, or
  /// e > n-k.
  DecodeResult decode_erasures(std::span<gf_t> word, std::span<const std::uint16_t> erasures) const;

  /// Syndromes only (S_0..S_{2t-1}); all zero iff word is a codeword.
  void syndromes(std::span<const gf_t> word, std::span<gf_t> s) const;

 private:
  struct Impl;
  RsCode code_;
  DecoderOptions opt_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace halo::fec

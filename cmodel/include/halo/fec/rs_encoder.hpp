// Systematic RS encoder for RS(n,k) over GF(2^10) (KP4 RS(544,514), KR4 RS(528,514)).
//
// c(x) = x^(n-k) m(x) + (x^(n-k) m(x) mod g(x)), IEEE 802.3-2022 91.5.2.5 / 119.2.4.6.
//
// Symbol order convention used everywhere in HaloLink: arrays are in *transmission order*,
// index 0 is the highest-degree coefficient. A message span holds m_{k-1} ... m_0 and a
// codeword span holds c_{n-1} (= m_{k-1}) ... c_{n-k} (= m_0), p_{n-k-1} ... p_0.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "halo/fec/rs_code.hpp"

namespace halo::fec {

class RsEncoder {
 public:
  /// Builds the interpolation tables for `code` (about 8 KiB; the shared evaluation tables
  /// are 33 KiB). Throws
  /// std::invalid_argument for an invalid code.
  explicit RsEncoder(RsCode code);
  ~RsEncoder();
  RsEncoder(RsEncoder&&) noexcept;
  RsEncoder& operator=(RsEncoder&&) noexcept;

  [[nodiscard]] const RsCode& code() const noexcept { return code_; }

  /// Encodes one message. msg: k symbols (transmission order, each < 1024);
  /// cw: n symbols out (msg copied, then n-k parity symbols p_{n-k-1} first).
  /// Throws std::invalid_argument on a wrong span length; symbols are masked to 10 bits
  /// only by the callers that validated them (see codeword_io.hpp).
  void encode(std::span<const gf_t> msg, std::span<gf_t> cw) const;

  /// Parity only: parity[0] = p_{n-k-1} ... parity[n-k-1] = p_0.
  void parity(std::span<const gf_t> msg, std::span<gf_t> parity) const;

  /// Remainder of the received word r(x) modulo g(x) (n-k symbols, highest degree first).
  /// Zero iff `word` is a codeword (computed as V^-1 of the syndromes).
  void remainder(std::span<const gf_t> word, std::span<gf_t> rem) const;

  /// Reference LFSR encoder (one symbol per step, the textbook division circuit that the
  /// RTL mirrors). Same output as encode(); slower.
  void encode_lfsr(std::span<const gf_t> msg, std::span<gf_t> cw) const;

 private:
  struct Tables;
  RsCode code_;
  std::unique_ptr<Tables> tab_;
};

}  // namespace halo::fec

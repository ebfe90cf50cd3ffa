// Reed-Solomon code parameters for the IEEE 802.3 RS-FEC family over GF(2^10).
#pragma once

#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>

#include "halo/fec/gf1024.hpp"

namespace halo::fec {

/// An RS(n, k) code over GF(2^10), shortened from RS(1023, 1023 - (n - k)), with generator
/// g(x) = prod_{j=0}^{n-k-1} (x - alpha^j) (first consecutive root alpha^0).
/// KP4 = RS(544,514), t = 15 (IEEE 802.3-2022 91.5.2.1, 119.2.4.6);
/// KR4 = RS(528,514), t = 7 (IEEE 802.3-2022 91.5.2.1).
struct RsCode {
  unsigned n;  ///< codeword length in 10-bit symbols
  unsigned k;  ///< message length in 10-bit symbols

  [[nodiscard]] constexpr unsigned parity() const noexcept { return n - k; }   ///< 2t
  [[nodiscard]] constexpr unsigned t() const noexcept { return (n - k) / 2; }   ///< correctable symbols
  [[nodiscard]] constexpr unsigned message_bits() const noexcept { return k * kGfBits; }
  [[nodiscard]] constexpr unsigned codeword_bits() const noexcept { return n * kGfBits; }
  /// Symbol-error threshold of hi_ser over 8192 codewords: 6380 for KP4 and 417 for KR4
  /// (IEEE 802.3-2022 119.2.5.3 / 91.5.3.3).
  [[nodiscard]] constexpr unsigned hi_ser_threshold() const noexcept {
    return parity() == 30 ? 6380u : 417u;
  }

  /// Throws std::invalid_argument unless 0 < k < n <= 1023, n - k even, n - k <= 30.
  void validate() const {
    if (!(k > 0 && k < n && n <= kGfOrder && (n - k) % 2 == 0 && n - k <= 30))
      throw std::invalid_argument("RsCode: need 0 < k < n <= 1023, n-k even and <= 30; got n=" +
                                  std::to_string(n) + " k=" + std::to_string(k));
  }
};

inline constexpr RsCode kKp4{544, 514};  ///< RS(544,514), 100G/200G/400G/800G PAM4 lanes
inline constexpr RsCode kKr4{528, 514};  ///< RS(528,514), 25G/100G NRZ lanes

/// Parse "kp4" or "kr4" (case-sensitive); throws std::invalid_argument otherwise.
RsCode rs_code_from_name(const std::string& name);

/// Generator polynomial coefficients g_0..g_{n-k} (lowest degree first, g_{n-k} = 1), from
/// the generated tables (scripts/gen_fec_tables.py).
std::span<const gf_t> rs_generator(const RsCode& code);

}  // namespace halo::fec

// Number formats of the CMIS Versatile Diagnostics Monitoring (VDM) observables and the
// integer arithmetic that produces them (OIF-CMIS 5.x, VDM observable types 5-24 as listed in
// the CMIS VDM type table; register encoding as CMIS defines it):
//
//  * U16 dB: unsigned 16-bit, 1 LSB = 1/256 dB (eSNR, PAM4 level transition parameter),
//    range 0 .. 255.996 dB; negative results saturate to 0, larger ones to 0xFFFF.
//  * F16: bits 15..11 exponent s (0..31), bits 10..0 mantissa m (0..2047),
//    value = m * 10^(s - 24) (pre-FEC BER, errored-frame ratio). Range 0 .. 2047e7.
//    HaloLink encodes a ratio num/den with the largest exponent-adjusted mantissa (m rounded
//    half up, m in [205, 2047] unless the value is below 205e-24 or above 2047e7), so two codes
//    from f16_from_ratio compare by value as (s, m) pairs; f16_less() also normalises codes
//    written by hand.
//  * log2 in Q16 (unsigned 32-bit, 16 fraction bits) by the bit-serial squaring algorithm
//    (normalise to [1, 2) in Q30, square, shift out one fraction bit per step): exact
//    integer arithmetic, RTL/firmware shaped, no floating point.
//
// Everything here is integer arithmetic; the *_to_double helpers exist for reports only.
#pragma once

#include <cstdint>

namespace halo::mon {

/// F16 code for num / den (den > 0; den == 0 returns 0). Rounding: half up on the mantissa.
std::uint16_t f16_from_ratio(std::uint64_t num, std::uint64_t den) noexcept;
/// Value of an F16 code (report only).
double f16_to_double(std::uint16_t code) noexcept;
/// a < b by value (codes need not be normalised).
bool f16_less(std::uint16_t a, std::uint16_t b) noexcept;
/// F16 code nearest to a double (for configuring thresholds from YAML/tests); x >= 0.
std::uint16_t f16_from_double(double x) noexcept;

/// floor(2^16 log2(x)) for x >= 1 (Q16), 0 for x <= 1. Exact bit-serial algorithm.
std::uint32_t log2_q16(std::uint64_t x) noexcept;
/// 10 log10(num/den) in 1/256 dB, saturated to [0, 65535] (U16 dB). num, den > 0, else 0.
/// = round(256 * 10 log10(2) * (log2_q16(num) - log2_q16(den)) / 2^16), constant
/// 10 log10(2) = 3.0103 in Q16 (197283).
std::uint16_t db_u16_from_ratio(std::uint64_t num, std::uint64_t den) noexcept;
/// U16 dB code to dB (report only).
inline double db_u16_to_double(std::uint16_t code) noexcept { return code / 256.0; }

/// floor(sqrt(x)), exact (digit-by-digit).
std::uint64_t isqrt_u64(std::uint64_t x) noexcept;

}  // namespace halo::mon

// Bit ordering of RS-FEC codewords on the line, IEEE 802.3-2022 119.2.4.6 / 119.2.4.7:
// the codeword is sent c_{n-1} first ... c_0 last; inside a 10-bit symbol, bit 0 (the
// alpha^0 coefficient, LSB) is sent first. A KP4 codeword is CW[5439:0] = 5440 bits where
// bit index b = 10 * i + j is bit j of symbol i (transmission order), sent at time b.
//
// Byte packing (680 bytes per KP4 codeword): transmitted bit b is bit (b mod 8) of byte
// b / 8 (LSB of each byte first, as 802.3 transmits octets).
#pragma once

#include <cstdint>
#include <span>

#include "halo/fec/gf1024.hpp"

namespace halo::fec {

/// Symbols (transmission order) -> bits (one 0/1 per byte, transmission order).
/// bits.size() must be 10 * symbols.size(); throws std::invalid_argument otherwise.
void symbols_to_bits(std::span<const gf_t> symbols, std::span<std::uint8_t> bits);
/// Bits (0/1, transmission order) -> symbols. Throws std::invalid_argument on a length
/// mismatch or a bit value other than 0/1.
void bits_to_symbols(std::span<const std::uint8_t> bits, std::span<gf_t> symbols);
/// Symbols -> packed bytes (10 * symbols.size() must equal 8 * bytes.size()).
void symbols_to_bytes(std::span<const gf_t> symbols, std::span<std::uint8_t> bytes);
/// Packed bytes -> symbols (10 * symbols.size() must equal 8 * bytes.size()).
void bytes_to_symbols(std::span<const std::uint8_t> bytes, std::span<gf_t> symbols);

/// Symbol interleave of `ways` codewords of n symbols each (IEEE 802.3-2022 Clause 119: the
/// 400GBASE-R PCS interleaves FEC codewords A and B 10-bit symbol by 10-bit symbol; Clause 172
/// runs two such flows). `codewords` holds the codewords back to back (codeword w is
/// [w*n, (w+1)*n), transmission order); stream symbol j is symbol j / ways of codeword
/// j mod ways. The RTL rs_decoder_ilv (rtl/fec) uses the same order.
/// Throws std::invalid_argument unless ways >= 1, ways divides codewords.size() and
/// stream.size() == codewords.size().
void interleave_symbols(std::span<const gf_t> codewords, unsigned ways, std::span<gf_t> stream);
/// Inverse of interleave_symbols: stream (ways * n symbols) -> codewords back to back.
/// Same errors as interleave_symbols.
void deinterleave_symbols(std::span<const gf_t> stream, unsigned ways, std::span<gf_t> codewords);

/// Index of the first symbol >= 1024 in `symbols`, or symbols.size() if all are valid.
[[nodiscard]] std::size_t find_invalid_symbol(std::span<const gf_t> symbols) noexcept;

}  // namespace halo::fec

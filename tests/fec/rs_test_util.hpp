// Helpers shared by the RS decoder tests: field-by-field comparison of two DecodeResults, and
// received words whose syndromes are those of an error beyond the code length.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "halo/fec/rs_code.hpp"
#include "halo/fec/rs_decoder.hpp"

namespace halo::fec::test {

/// Non-fatal expectations that every field of a and b is equal (`what` names the case).
inline void expect_same_result(const DecodeResult& a, const DecodeResult& b, const std::string& what) {
  EXPECT_EQ(a.uncorrectable, b.uncorrectable) << what;
  EXPECT_EQ(a.corrected_symbols, b.corrected_symbols) << what;
  EXPECT_EQ(a.corrected_bits, b.corrected_bits) << what;
  EXPECT_EQ(a.num_errors, b.num_errors) << what;
  EXPECT_EQ(a.positions, b.positions) << what;
  EXPECT_EQ(a.values, b.values) << what;
}

/// Decodes rx without and with a DecodeTrace (which forces the full riBM + Chien + Forney path)
/// and expects the same word and DecodeResult.
inline void expect_same_as_full_path(const RsDecoder& dec, const std::vector<gf_t>& rx, const std::string& what) {
  std::vector<gf_t> a = rx, b = rx;
  DecodeTrace tr;
  const DecodeResult ra = dec.decode(a), rb = dec.decode(b, &tr);
  EXPECT_EQ(a, b) << what;
  expect_same_result(ra, rb, what);
}

/// XORs e x^d mod g(x) into the parity positions of rx (a word with the syndromes of error e at
/// degree d, d >= 2t): the textbook LFSR division of e x^(d - 2t), which gives x^2t m(x) mod
/// g(x) as the systematic encoder does.
inline void add_error_remainder(const RsCode& c, unsigned d, gf_t e, std::vector<gf_t>& rx) {
  const auto g = rs_generator(c);
  std::vector<gf_t> m(d - c.parity() + 1, 0);
  m[0] = e;
  gf_t rem[30] = {};
  for (gf_t sym : m) {
    const gf_t fb = static_cast<gf_t>(sym ^ rem[0]);
    for (unsigned j = 0; j + 1 < c.parity(); ++j) rem[j] = static_cast<gf_t>(rem[j + 1] ^ gf_mul(fb, g[c.parity() - 1 - j]));
    rem[c.parity() - 1] = gf_mul(fb, g[0]);
  }
  for (unsigned j = 0; j < c.parity(); ++j) rx[c.k + j] ^= rem[j];
}

}  // namespace halo::fec::test

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "halo/fec/codeword_io.hpp"
#include "halo/fec/error_injector.hpp"

using namespace halo::fec;

TEST(CodewordIo, BitOrderIsLsbFirstFirstSymbolFirst) {
  std::vector<gf_t> s{0x001, 0x200};
  std::vector<std::uint8_t> bits(20);
  symbols_to_bits(s, bits);
  EXPECT_EQ(bits[0], 1);   // bit 0 of c_{n-1} is sent first
  for (int i = 1; i < 19; ++i) EXPECT_EQ(bits[i], 0) << i;
  EXPECT_EQ(bits[19], 1);  // bit 9 of the second symbol is the 20th bit
  std::vector<std::uint8_t> bytes(5);
  std::vector<gf_t> s4{0x001, 0x200, 0x3ff, 0x000};
  symbols_to_bytes(s4, bytes);
  EXPECT_EQ(bytes[0], 0x01);
  EXPECT_EQ(bytes[1], 0x00);
  EXPECT_EQ(bytes[2], 0xf8);  // bits 16..23: bits 6..9 of symbol 1 (0,0,0,1), symbol 2 bits 0..3
}

TEST(CodewordIo, RoundTrips) {
  ErrorInjector inj(1);
  std::vector<gf_t> s(544), back(544);
  std::vector<std::uint8_t> bits(5440), bytes(680);
  for (int trial = 0; trial < 20; ++trial) {
    inj.random_symbols(s);
    symbols_to_bits(s, bits);
    bits_to_symbols(bits, back);
    ASSERT_EQ(s, back);
    symbols_to_bytes(s, bytes);
    bytes_to_symbols(bytes, back);
    ASSERT_EQ(s, back);
    // bytes and bits agree
    for (unsigned b = 0; b < 5440; ++b) ASSERT_EQ((bytes[b / 8] >> (b % 8)) & 1, bits[b]);
  }
}

TEST(CodewordIo, BadInput) {
  std::vector<gf_t> s(544);
  std::vector<std::uint8_t> bits(5439), bytes(679);
  EXPECT_THROW(symbols_to_bits(s, bits), std::invalid_argument);
  EXPECT_THROW(symbols_to_bytes(s, bytes), std::invalid_argument);
  std::vector<std::uint8_t> bad(5440, 0);
  bad[17] = 2;
  EXPECT_THROW(bits_to_symbols(bad, s), std::invalid_argument);
  s[5] = 1024;
  EXPECT_EQ(find_invalid_symbol(s), 5u);
}

TEST(CodewordIo, InterleaveIsSymbolBySymbolAlternation) {
  // two codewords A = {a0, a1, a2}, B = {b0, b1, b2} -> a0 b0 a1 b1 a2 b2 (Clause 119 A/B order)
  const std::vector<gf_t> ab{0x0a0, 0x0a1, 0x0a2, 0x0b0, 0x0b1, 0x0b2};
  std::vector<gf_t> stream(6), back(6);
  interleave_symbols(ab, 2, stream);
  EXPECT_EQ(stream, (std::vector<gf_t>{0x0a0, 0x0b0, 0x0a1, 0x0b1, 0x0a2, 0x0b2}));
  deinterleave_symbols(stream, 2, back);
  EXPECT_EQ(back, ab);
  // one way is the identity; four ways round-trip on KP4-sized codewords
  interleave_symbols(ab, 1, stream);
  EXPECT_EQ(stream, ab);
  ErrorInjector inj(7);
  std::vector<gf_t> cw(4 * 544), st(4 * 544), cw2(4 * 544);
  inj.random_symbols(cw);
  interleave_symbols(cw, 4, st);
  for (std::size_t j = 0; j < st.size(); ++j) ASSERT_EQ(st[j], cw[(j % 4) * 544 + j / 4]) << j;
  deinterleave_symbols(st, 4, cw2);
  EXPECT_EQ(cw2, cw);
}

TEST(CodewordIo, InterleaveRejectsBadLengths) {
  std::vector<gf_t> a(6), b(6), c(5);
  EXPECT_THROW(interleave_symbols(a, 0, b), std::invalid_argument);
  EXPECT_THROW(interleave_symbols(a, 4, b), std::invalid_argument);  // 4 does not divide 6
  EXPECT_THROW(deinterleave_symbols(c, 2, a), std::invalid_argument);
}

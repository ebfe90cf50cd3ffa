#include <gtest/gtest.h>

#include "halo/fec/gf1024.hpp"
#include "halo/fec/rs_code.hpp"

using namespace halo::fec;

TEST(Gf1024, TableMultiplyMatchesBitSerialForAllPairs) {
  for (unsigned a = 0; a < kGfSize; ++a)
    for (unsigned b = 0; b < kGfSize; ++b)
      ASSERT_EQ(gf_mul(static_cast<gf_t>(a), static_cast<gf_t>(b)),
                gf_mul_bitserial(static_cast<gf_t>(a), static_cast<gf_t>(b)))
          << a << "*" << b;
}

TEST(Gf1024, AlphaIsPrimitiveAndInverseWorks) {
  // alpha^1023 = 1 and no smaller power is 1
  gf_t x = 1;
  for (unsigned i = 1; i < kGfOrder; ++i) {
    x = gf_mul_bitserial(x, 2);
    ASSERT_NE(x, 1u) << "alpha^" << i << " = 1";
  }
  EXPECT_EQ(gf_mul_bitserial(x, 2), 1u);
  for (unsigned a = 1; a < kGfSize; ++a) EXPECT_EQ(gf_mul(static_cast<gf_t>(a), gf_inv(static_cast<gf_t>(a))), 1u);
  EXPECT_EQ(gf_alpha_pow(-1), gf_inv(2));
  EXPECT_EQ(gf_alpha_pow(1023 + 5), gf_alpha_pow(5));
  // alpha^10 = alpha^3 + 1 from p(x) = x^10 + x^3 + 1
  EXPECT_EQ(gf_alpha_pow(10), 0x009u);
}

// Published coefficients (kp4-fec.md, IEEE 802.3-2022 119.2.4.6 / 91.5.2.1).
TEST(Gf1024, GeneratorPolynomialsMatchPublishedCoefficients) {
  const unsigned kp4[31] = {523, 834, 128, 158, 185, 127, 392, 193, 610, 788, 361, 883, 503, 942, 385, 495,
                            720, 94,  132, 593, 249, 282, 565, 108, 1,   552, 230, 187, 552, 575, 1};
  const unsigned kr4[15] = {432, 290, 945, 265, 592, 391, 614, 900, 925, 656, 32, 701, 6, 904, 1};
  auto g = rs_generator(kKp4);
  ASSERT_EQ(g.size(), 31u);
  for (unsigned i = 0; i < 31; ++i) EXPECT_EQ(g[i], kp4[i]) << "g" << i;
  auto g2 = rs_generator(kKr4);
  ASSERT_EQ(g2.size(), 15u);
  for (unsigned i = 0; i < 15; ++i) EXPECT_EQ(g2[i], kr4[i]) << "g" << i;
}

TEST(Gf1024, GeneratorRootsAreConsecutivePowersFromAlpha0) {
  for (const RsCode& c : {kKp4, kKr4}) {
    auto g = rs_generator(c);
    for (unsigned j = 0; j < c.parity() + 2; ++j) {
      gf_t acc = 0;
      for (unsigned i = g.size(); i-- > 0;) acc = static_cast<gf_t>(gf_mul(acc, gf_alpha_pow(j)) ^ g[i]);
      if (j < c.parity())
        EXPECT_EQ(acc, 0u) << "alpha^" << j << " is not a root";
      else
        EXPECT_NE(acc, 0u) << "alpha^" << j << " should not be a root";
    }
  }
}

TEST(RsCode, ValidationAndNames) {
  EXPECT_EQ(rs_code_from_name("kp4").n, 544u);
  EXPECT_EQ(rs_code_from_name("kr4").n, 528u);
  EXPECT_THROW(rs_code_from_name("kp5"), std::invalid_argument);
  EXPECT_THROW((RsCode{544, 544}.validate()), std::invalid_argument);
  EXPECT_THROW((RsCode{1024, 994}.validate()), std::invalid_argument);
  EXPECT_THROW((RsCode{545, 514}.validate()), std::invalid_argument);
  EXPECT_EQ(kKp4.t(), 15u);
  EXPECT_EQ(kKp4.hi_ser_threshold(), 6380u);
  EXPECT_EQ(kKr4.hi_ser_threshold(), 417u);
}

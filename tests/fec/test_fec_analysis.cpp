#include <gtest/gtest.h>

#include <cmath>

#include "halo/sim/fec_analysis.hpp"

using namespace halo;

namespace {
// Independent binomial tail by direct summation in log space (long double, lgamma).
long double tail(unsigned n, unsigned t, long double p) {
  long double s = 0;
  for (unsigned i = t + 1; i <= n; ++i) {
    const long double lc = std::lgamma((long double)n + 1) - std::lgamma((long double)i + 1) -
                           std::lgamma((long double)(n - i) + 1);
    s += std::exp(lc + i * std::log(p) + (n - i) * std::log1p(-p));
  }
  return s;
}
}  // namespace

TEST(FecAnalysis, Reproduces8023FlrFigure) {
  // IEEE 802.3: pre-FEC BER 2.4e-4 -> FLR about 1.7e-12 for the 2-way interleaved 200G/400G
  // PCS with 64-octet frames.
  const auto f = sim::post_fec_from_ber(fec::kKp4, 2.4e-4, 2);
  EXPECT_NEAR(f.frame_loss_ratio, 1.7e-12, 0.1e-12);
  EXPECT_NEAR(f.symbol_error_ratio, 1 - std::pow(1 - 2.4e-4, 10), 1e-15);
}

TEST(FecAnalysis, CerMatchesDirectSummationDownTo1e30) {
  for (double ber : {1e-3, 2.4e-4, 1e-4, 3e-5, 1e-5}) {
    const auto f = sim::post_fec_from_ber(fec::kKp4, ber);
    const long double ref = tail(544, 15, 1 - std::pow(1 - (long double)ber, 10));
    EXPECT_NEAR(f.codeword_error_ratio / (double)ref, 1.0, 1e-6) << "ber " << ber;
  }
  EXPECT_LT(sim::post_fec_from_ber(fec::kKp4, 1e-5).codeword_error_ratio, 1e-30);
  EXPECT_GT(sim::post_fec_from_ber(fec::kKp4, 1e-5).codeword_error_ratio, 0.0);
}

TEST(FecAnalysis, BerForCer1e15IsAbout1p5e4) {
  const double b = sim::ber_for_cer(fec::kKp4, 1e-15);
  EXPECT_NEAR(b, 1.5e-4, 0.1e-4);
  EXPECT_NEAR(sim::post_fec_from_ber(fec::kKp4, b).codeword_error_ratio, 1e-15, 1e-20);
}

TEST(FecAnalysis, InterleaveAndMonotonicity) {
  const auto f1 = sim::post_fec_from_ber(fec::kKp4, 2.4e-4, 1);
  const auto f2 = sim::post_fec_from_ber(fec::kKp4, 2.4e-4, 2);
  const auto f4 = sim::post_fec_from_ber(fec::kKp4, 2.4e-4, 4);
  EXPECT_EQ(f1.codeword_error_ratio, f2.codeword_error_ratio);
  EXPECT_LT(f1.frame_loss_ratio, f2.frame_loss_ratio);
  EXPECT_LT(f2.frame_loss_ratio, f4.frame_loss_ratio);
  EXPECT_LT(sim::post_fec_from_ber(fec::kKp4, 1e-4).codeword_error_ratio, f1.codeword_error_ratio);
  EXPECT_GT(sim::post_fec_from_ber(fec::kKr4, 2.4e-4).codeword_error_ratio, f1.codeword_error_ratio);
}

TEST(FecAnalysis, BadArguments) {
  EXPECT_THROW(sim::post_fec_from_ber(fec::kKp4, -1e-3), std::invalid_argument);
  EXPECT_THROW(sim::post_fec_from_ber(fec::kKp4, 0.6), std::invalid_argument);
  EXPECT_THROW(sim::post_fec_from_ber(fec::kKp4, 1e-3, 3), std::invalid_argument);
  EXPECT_THROW(sim::post_fec_from_ser(fec::kKp4, 1.5), std::invalid_argument);
  EXPECT_THROW(sim::ber_for_cer(fec::kKp4, 0.0), std::invalid_argument);
}

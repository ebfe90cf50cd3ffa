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

// The decoder's measured codeword error ratio at a high pre-FEC BER agrees with the analytic
// binomial model (random bit errors) within a 99.9% binomial confidence band.
#include "halo/fec/error_injector.hpp"
#include "halo/fec/fec_monitor.hpp"
#include "halo/fec/rs_decoder.hpp"
#include "halo/fec/rs_encoder.hpp"

TEST(FecAnalysis, MeasuredCerMatchesAnalyticModel) {
  const double ber = 2e-3;
  const unsigned ncw = 20000;
  fec::RsEncoder enc(fec::kKp4);
  fec::RsDecoder dec(fec::kKp4);
  fec::FecMonitor mon(fec::kKp4);
  fec::ErrorInjector inj(31);
  std::vector<fec::gf_t> msg(514), cw(544);
  for (unsigned c = 0; c < ncw; ++c) {
    inj.random_symbols(msg);
    enc.encode(msg, cw);
    inj.bit_errors(cw, ber);
    mon.update(dec.decode(cw));
  }
  const double p = sim::post_fec_from_ber(fec::kKp4, ber).codeword_error_ratio;
  const double mean = p * ncw, sd = std::sqrt(ncw * p * (1 - p));
  EXPECT_GT(mean, 100.0);  // the check has statistical power
  EXPECT_NEAR(static_cast<double>(mon.uncorrectable_codewords()), mean, 3.3 * sd);
  // mean symbol errors per decodable codeword also follows n * Ps (within 3%)
  const double ps = sim::post_fec_from_ber(fec::kKp4, ber).symbol_error_ratio;
  EXPECT_NEAR(static_cast<double>(mon.symbol_errors()) / ncw, 544 * ps, 0.03 * 544 * ps);
}

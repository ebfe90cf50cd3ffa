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
  EXPECT_THROW(sim::post_fec_from_ber(fec::kKp4, 1.5), std::invalid_argument);
  EXPECT_THROW(sim::post_fec_from_ber(fec::kKp4, std::nan("")), std::invalid_argument);
  EXPECT_THROW(sim::flr_from_cer(fec::kKp4, 1.5, 1, 672), std::invalid_argument);
  EXPECT_THROW(sim::post_fec_from_ber(fec::kKp4, 1e-3, 3), std::invalid_argument);
  EXPECT_THROW(sim::post_fec_from_ser(fec::kKp4, 1.5), std::invalid_argument);
  EXPECT_THROW(sim::ber_for_cer(fec::kKp4, 0.0), std::invalid_argument);
}

// FLR by direct enumeration of the frame's start x within the L-codeword payload span of
// S bits: a frame occupying [x, x + F) touches floor((x + F) / S) + 1 spans and is lost when
// any of them fails (each independently, with probability 1 - (1 - CER)^L). The span count
// changes only at whole bits, so the bit midpoints x = o + 1/2 give the exact average.
static long double flr_enumerated(double cer, unsigned L, unsigned F) {
  const unsigned S = L * 5140;
  const long double log_ok = L * std::log1p(-(long double)cer);  // log(1 - g)
  long double sum = 0;
  for (unsigned o = 0; o < S; ++o) {
    const long double m = std::floor((o + 0.5L + F) / S) + 1;
    sum += -std::expm1(m * log_ok);
  }
  return sum / S;
}

TEST(FecAnalysis, FlrIsAProbabilityMatchingEnumeration) {
  for (unsigned L : {1u, 2u, 4u})
    for (unsigned F : {672u, 12304u, 74000u})  // 64-octet, 1518-octet and jumbo frames (+ 20 octets)
      for (double cer : {0.0, 1e-300, 1e-15, 1e-6, 0.01, 0.3, 0.5, 0.9, 1.0}) {
        const double flr = sim::flr_from_cer(fec::kKp4, cer, L, F);
        const long double ref = flr_enumerated(cer, L, F);
        EXPECT_GE(flr, 0.0);
        EXPECT_LE(flr, 1.0);
        if (ref > 0) EXPECT_NEAR(flr / (double)ref, 1.0, 1e-9) << "L " << L << " F " << F << " cer " << cer;
        else EXPECT_EQ(flr, 0.0);
      }
}

// Every reported probability is in [0, 1] from BER 0 to 1, and none decreases as BER grows.
TEST(FecAnalysis, ProbabilitiesAtTheExtremes) {
  for (unsigned L : {1u, 2u, 4u}) {
    const auto zero = sim::post_fec_from_ber(fec::kKp4, 0.0, L);
    EXPECT_EQ(zero.symbol_error_ratio, 0.0);
    EXPECT_EQ(zero.codeword_error_ratio, 0.0);
    EXPECT_EQ(zero.frame_loss_ratio, 0.0);
    const auto tiny = sim::post_fec_from_ber(fec::kKp4, 1e-300, L);
    EXPECT_NEAR(tiny.symbol_error_ratio, 1e-299, 1e-312);
    EXPECT_GE(tiny.frame_loss_ratio, 0.0);
    EXPECT_LT(tiny.frame_loss_ratio, 1e-300);
    const auto half = sim::post_fec_from_ber(fec::kKp4, 0.5, L);
    EXPECT_NEAR(half.symbol_error_ratio, 1 - 1.0 / 1024, 1e-15);
    EXPECT_LE(half.frame_loss_ratio, 1.0);
    EXPECT_GT(half.frame_loss_ratio, 0.999);
    const auto one = sim::post_fec_from_ber(fec::kKp4, 1.0, L);
    EXPECT_EQ(one.symbol_error_ratio, 1.0);
    EXPECT_EQ(one.codeword_error_ratio, 1.0);
    EXPECT_EQ(one.frame_loss_ratio, 1.0);
    double prev_flr = 0, prev_cer = 0;
    for (double ber = 1e-6; ber <= 1.0; ber *= 1.25) {
      const auto f = sim::post_fec_from_ber(fec::kKp4, ber, L);
      for (double p : {f.symbol_error_ratio, f.codeword_error_ratio, f.frame_loss_ratio}) {
        EXPECT_GE(p, 0.0) << "ber " << ber;
        EXPECT_LE(p, 1.0) << "ber " << ber;
      }
      EXPECT_GE(f.frame_loss_ratio, prev_flr) << "ber " << ber;
      EXPECT_GE(f.codeword_error_ratio, prev_cer) << "ber " << ber;
      prev_flr = f.frame_loss_ratio;
      prev_cer = f.codeword_error_ratio;
    }
  }
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

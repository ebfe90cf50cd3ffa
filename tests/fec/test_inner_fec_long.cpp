// Long (label long): the pre-inner-FEC BER at which the concatenated RS(544,514) + Clause 177
// inner FEC (Chase-4, and the hard decoder) meets the 802.3dj codeword-error target, from the
// chain of inner_chain.hpp.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "inner_chain.hpp"

using namespace halo_test_inner;

namespace {

struct Crossing {
  bool bracketed = false;
  double ber = 0, sigma = 0;  // log-interpolated pre-inner-FEC BER and sigma/A at the target
};

// Sweeps sigma/A down from `hi` in steps of 0.01 (2000 RS codewords per point above `few_above`,
// 8000 below; seed seed_base + 1000 sigma) until the predicted CER crosses the 802.3dj target
// 1.45e-11 (DesignCon 2025 figure for 200G lanes); prints the table that docs/inner_fec.md quotes.
Crossing cer_target_crossing(const char* name, double hi, double lo, double few_above, std::uint64_t seed_base,
                             const InnerDecoderConfig& dec) {
  double prev_ber = 0, prev_cer = 0, prev_sigma = 0;
  for (double sigma = hi; sigma >= lo; sigma -= 0.01) {
    const auto st = run_chain(sigma, sigma > few_above ? 2000 : 8000, seed_base + static_cast<std::uint64_t>(sigma * 1000), dec);
    const double cer = predicted_cer(st.block_dist);
    std::printf("%s: sigma %.2f  raw BER %.4e  P(block in error) %.3e  predicted CER %.3e\n", name, sigma, st.raw_ber,
                1 - st.block_dist[0], cer);
    if (prev_cer > 1.45e-11 && cer <= 1.45e-11 && cer > 0) {
      const double f = (std::log(prev_cer) - std::log(1.45e-11)) / (std::log(prev_cer) - std::log(cer));
      Crossing c{true, std::exp(std::log(prev_ber) + f * (std::log(st.raw_ber) - std::log(prev_ber))),
                 prev_sigma + f * (sigma - prev_sigma)};
      std::printf("%s: pre-inner-FEC BER at CER 1.45e-11: %.3e (sigma/A %.4f, SNR %.2f dB)\n", name, c.ber, c.sigma,
                  10 * std::log10(5 / (c.sigma * c.sigma)));
      return c;
    }
    prev_ber = st.raw_ber;
    prev_cer = cer;
    prev_sigma = sigma;
  }
  return {};
}

}  // namespace

TEST(InnerConcatenatedLong, PreFecBerAtCerTarget) {
  const Crossing c = cer_target_crossing("chase4", 0.44, 0.33, 0.40, 100, {InnerAlgo::chase, 4, true});
  EXPECT_TRUE(c.bracketed);
}

// The same operating point with the hard-decision inner decoder: the hard and soft coding gains
// of the model at the 802.3dj operating point (docs/inner_fec.md "Published figures").
TEST(InnerConcatenatedLong, HardDecisionPreFecBerAtCerTarget) {
  const Crossing c = cer_target_crossing("hard", 0.40, 0.28, 0.36, 300, {InnerAlgo::hard, 4, true});
  ASSERT_TRUE(c.bracketed);
  EXPECT_LT(c.ber, 3.0e-3);  // below the Chase-4 operating point (docs/inner_fec.md)
  EXPECT_GT(c.ber, 2.9e-4);  // above RS(544,514) alone
}

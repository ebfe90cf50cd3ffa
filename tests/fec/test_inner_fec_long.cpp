// Long (label long): the pre-inner-FEC BER at which the concatenated RS(544,514) + Clause 177
// inner FEC (Chase-4, and the hard decoder) meets the 802.3dj codeword-error target, from the
// chain of inner_chain.hpp.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "inner_chain.hpp"

using namespace halo_test_inner;

// Long: the pre-inner-FEC BER at which the concatenated code meets the 802.3dj codeword-error
// target 1.45e-11 (DesignCon 2025 figure for 200G lanes), by a sweep of the noise; prints the
// table that docs/inner_fec.md quotes.
TEST(InnerConcatenatedLong, PreFecBerAtCerTarget) {
  double prev_ber = 0, prev_cer = 0;
  bool bracketed = false;
  for (double sigma = 0.44; sigma >= 0.33; sigma -= 0.01) {
    const auto st = run_chain(sigma, sigma > 0.40 ? 2000 : 8000, 100 + static_cast<std::uint64_t>(sigma * 1000));
    const double cer = predicted_cer(st.block_dist);
    std::printf("sigma %.2f  raw BER %.4e  P(block in error) %.3e  predicted CER %.3e\n", sigma, st.raw_ber,
                1 - st.block_dist[0], cer);
    if (prev_cer > 1.45e-11 && cer <= 1.45e-11 && cer > 0) {
      const double f = (std::log(prev_cer) - std::log(1.45e-11)) / (std::log(prev_cer) - std::log(cer));
      const double ber = std::exp(std::log(prev_ber) + f * (std::log(st.raw_ber) - std::log(prev_ber)));
      std::printf("pre-inner-FEC BER at CER 1.45e-11: %.3e\n", ber);
      bracketed = true;
      break;
    }
    prev_ber = st.raw_ber;
    prev_cer = cer;
  }
  EXPECT_TRUE(bracketed);
}

// Long: the same operating point with the hard-decision inner decoder, and the SNR (AWGN PAM4,
// 10 log10(5 A^2 / sigma^2)) at the crossing: the hard and soft coding gains of the model at the
// 802.3dj operating point (docs/inner_fec.md "Published figures"). Soft must beat hard.
TEST(InnerConcatenatedLong, HardDecisionPreFecBerAtCerTarget) {
  double prev_ber = 0, prev_cer = 0, prev_sigma = 0;
  bool bracketed = false;
  for (double sigma = 0.40; sigma >= 0.28; sigma -= 0.01) {
    const auto st = run_chain(sigma, sigma > 0.36 ? 2000 : 8000, 300 + static_cast<std::uint64_t>(sigma * 1000),
                              {halo::fec::inner::InnerAlgo::hard, 4, true});
    const double cer = predicted_cer(st.block_dist);
    std::printf("hard: sigma %.2f  raw BER %.4e  P(block in error) %.3e  predicted CER %.3e\n", sigma, st.raw_ber,
                1 - st.block_dist[0], cer);
    if (prev_cer > 1.45e-11 && cer <= 1.45e-11 && cer > 0) {
      const double f = (std::log(prev_cer) - std::log(1.45e-11)) / (std::log(prev_cer) - std::log(cer));
      const double ber = std::exp(std::log(prev_ber) + f * (std::log(st.raw_ber) - std::log(prev_ber)));
      const double s_at = prev_sigma + f * (sigma - prev_sigma);
      std::printf("hard: pre-inner-FEC BER at CER 1.45e-11: %.3e (sigma/A %.4f, SNR %.2f dB)\n", ber, s_at,
                  10 * std::log10(5 / (s_at * s_at)));
      EXPECT_LT(ber, 3.0e-3);  // below the Chase-4 operating point (docs/inner_fec.md)
      EXPECT_GT(ber, 2.9e-4);  // above RS(544,514) alone
      bracketed = true;
      break;
    }
    prev_ber = st.raw_ber;
    prev_cer = cer;
    prev_sigma = sigma;
  }
  EXPECT_TRUE(bracketed);
}

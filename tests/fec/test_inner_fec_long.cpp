// Long (label long): the pre-inner-FEC BER at which the concatenated RS(544,514) + Clause 177
// inner FEC (Chase-4) meets the 802.3dj codeword-error target, from the chain of inner_chain.hpp.
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

// Long RS-FEC decoder regression (label cosim-long): 1,000,000 codewords at P = 32 against
// the golden model, with random stalls on both sides (HALO_COSIM_CODEWORDS overrides).
#include <gtest/gtest.h>

#include "Vfec_dec_p32.h"
#include "Vfec_dec_p32___024root.h"
#include "fec_cosim.hpp"

using namespace halo::verif;

TEST(FecCosimLong, DecoderP32Million) {
  CosimOptions o;
  o.p = 32;
  o.seed = 20260101;
  o.codewords = 1000000;
  o.in_valid_prob = 0.95;
  o.out_ready_prob = 0.9;
  o = env_overrides(o);
  const auto r = run_decoder<Vfec_dec_p32>(o);
  std::printf("[cosim-long] %u codewords, %llu beats, %llu cycles, %u uncorrectable\n", r.codewords,
              static_cast<unsigned long long>(r.beats), static_cast<unsigned long long>(r.cycles),
              r.uncorrectable);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.codewords, o.codewords);
}

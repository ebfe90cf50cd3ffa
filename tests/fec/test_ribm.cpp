// The lazy-scaling riBM (the decoder's) gives exactly the register-transfer riBM's outputs,
// the form the RTL implements.
#include <gtest/gtest.h>

#include <random>

#include "../../cmodel/fec/ribm.hpp"
#include "halo/fec/error_injector.hpp"
#include "halo/fec/rs_decoder.hpp"
#include "halo/fec/rs_encoder.hpp"
#include "halo/isa.hpp"

using namespace halo::fec;

// on every ISA path of ribm_fast (set_level clamps to the host)
TEST(Ribm, FastMatchesReferenceOnRandomAndStructuredSyndromes) {
  using halo::isa::Level;
  for (const Level l : {Level::kBaseline, Level::kV3, Level::kV4}) {
  const Level before = halo::isa::set_level(l);
  SCOPED_TRACE(halo::isa::name(l));
  std::mt19937_64 rng(5);
  std::uniform_int_distribution<unsigned> sym(0, 1023), coin(0, 3);
  for (unsigned t : {15u, 7u}) {
    for (int trial = 0; trial < 20000; ++trial) {
      gf_t s[30] = {};
      for (unsigned j = 0; j < 2 * t; ++j) s[j] = static_cast<gf_t>(trial % 3 == 0 && coin(rng) == 0 ? 0 : sym(rng));
      gf_t l1[16], o1[15], l2[16], o2[15];
      detail::ribm_reference(s, t, l1, o1);
      detail::ribm_fast(s, t, l2, o2);
      for (unsigned i = 0; i <= t; ++i) ASSERT_EQ(l1[i], l2[i]) << "t=" << t << " trial " << trial << " Lambda_" << i;
      for (unsigned i = 0; i < t; ++i) ASSERT_EQ(o1[i], o2[i]) << "t=" << t << " trial " << trial << " Omega_" << i;
    }
  }
  halo::isa::set_level(before);
  }
}

TEST(Ribm, DecoderTraceEqualsReferenceForRealErrorPatterns) {
  RsEncoder enc(kKp4);
  RsDecoder dec(kKp4);
  ErrorInjector inj(6);
  std::vector<gf_t> msg(514), cw(544);
  for (int trial = 0; trial < 3000; ++trial) {
    inj.random_symbols(msg);
    enc.encode(msg, cw);
    inj.symbol_errors(cw, static_cast<unsigned>(trial % 40));
    DecodeTrace tr;
    dec.decode(cw, &tr);
    gf_t l[16], o[15];
    detail::ribm_reference(tr.syndromes.data(), 15, l, o);
    for (unsigned i = 0; i <= 15; ++i) ASSERT_EQ(tr.lambda[i], l[i]) << "trial " << trial;
    for (unsigned i = 0; i < 15; ++i) ASSERT_EQ(tr.omega[i], o[i]) << "trial " << trial;
  }
}

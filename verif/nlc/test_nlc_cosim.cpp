// Volterra compensator RTL (rtl/nlc/volterra.sv) vs halo::nlc::Volterra (label cosim): every
// output sample and the final coefficients are compared, for P = 1 and 8, memories
// (N1, N2, N3) = (3, 5, 3) with pre-cursors (1, 2, 1), each LMS rule and frozen, on ADC-like
// input (synthetic ISI channel, adc_to_signal) and on full-range random input (saturating
// products), with random errors through the 64-symbol delay, input gaps and backpressure.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "Vvolterra_p1.h"
#include "Vvolterra_p8.h"
#include "cosim_driver.hpp"
#include "dsp_stimulus.hpp"
#include "halo/nlc/volterra.hpp"
#include "vl_bits.hpp"

using namespace halo::verif;
namespace dsp = halo::dsp;
namespace nlc = halo::nlc;

namespace {

constexpr std::uint64_t kSymbols = 16 * 1024;
constexpr int kNc = 28;

struct VolCase {
  dsp::LmsMode mode;
  int mu;
  bool adapt;
  bool full_range;
};

template <class M, unsigned P>
void volterra_case(const VolCase& vc, std::uint64_t seed) {
  Harness<M> h;
  auto& m = *h.m;
  m.in_valid_i = 0;
  m.out_ready_i = 0;
  m.err_valid_i = 0;
  const std::uint64_t beats = kSymbols / P;
  const std::size_t n = beats * P;
  std::vector<std::int16_t> u(n);
  if (vc.full_range) {
    u = random_codes(n, 12, seed);
  } else {
    const auto codes = adc_stimulus(n, 8, seed).codes;
    nlc::adc_to_signal(codes, 8, u);
  }
  std::mt19937_64 rng(seed + 5);
  std::uniform_int_distribution<int> ed(-800, 800);
  std::vector<std::int16_t> err(n);
  for (auto& e : err) e = static_cast<std::int16_t>(ed(rng));
  std::vector<std::int32_t> init(kNc, 0);
  init[1] = 1000;
  init[3] = 40;   // first pair
  init[18] = -30;  // first triple
  nlc::VolterraConfig cfg;
  cfg.n1 = 3;
  cfg.pre1 = 1;
  cfg.n2 = 5;
  cfg.pre2 = 2;
  cfg.n3 = 3;
  cfg.pre3 = 1;
  cfg.adapt = {vc.adapt, vc.mode, vc.mu};
  cfg.init_coefs = init;
  nlc::Volterra ref(cfg);
  ASSERT_EQ(ref.num_coefs(), kNc);
  std::vector<std::int16_t> v(n);
  for (std::uint64_t b = 0; b < beats; ++b) {
    ref.process(std::span(u).subspan(b * P, P), std::span(v).subspan(b * P, P));
    if (vc.adapt) ref.adapt(std::span(err).subspan(b * P, P));
  }
  m.adapt_en_i = vc.adapt;
  m.lms_mode_i = static_cast<std::uint8_t>(vc.mode);
  m.mu_i = static_cast<std::uint8_t>(vc.mu);
  for (int k = 0; k < kNc; ++k) put_bits(m.coef_i, 12 * k, 12, static_cast<std::uint64_t>(init[k]));
  m.coef_load_i = 1;
  h.tick();
  m.coef_load_i = 0;
  std::uint64_t mism = 0, first_bad = ~0ull;
  std::int64_t pending = -1;
  ASSERT_TRUE(run_stream(
      h, HALO_STREAM_PORTS(h, ), beats, 0.85, 0.8, seed + 1,
      [&](std::uint64_t b) {
        for (unsigned l = 0; l < P; ++l) put_bits(m.in_u_i, 12 * l, 12, static_cast<std::uint64_t>(u[b * P + l]));
      },
      [&](std::uint64_t k) {
        for (unsigned l = 0; l < P; ++l) {
          if (get_signed(m.out_v_o, 12 * l, 12) != v[k * P + l]) {
            ++mism;
            first_bad = std::min<std::uint64_t>(first_bad, k * P + l);
          }
        }
        pending = static_cast<std::int64_t>(k);
      },
      nullptr,
      [&] {
        m.err_valid_i = vc.adapt && pending >= 0;
        if (pending >= 0) {
          for (unsigned l = 0; l < P; ++l) put_bits(m.err_i, 13 * l, 13, static_cast<std::uint64_t>(err[pending * P + l]));
        }
        pending = -1;
      }));
  EXPECT_EQ(mism, 0u) << "first mismatch at symbol " << first_bad;
  const auto c = ref.coefs();
  int changed = 0;
  for (int k = 0; k < kNc; ++k) {
    EXPECT_EQ(get_signed(m.coef_o, 12 * k, 12), c[k]) << "coefficient " << k;
    changed += c[k] != init[k];
  }
  if (vc.adapt) EXPECT_GE(changed, kNc / 4) << "adaptation did not move the coefficients";
  print_compared("volterra", P, n);
}

}  // namespace

#define VOL_TESTS(M, P)                                                                  \
  TEST(NlcCosim, VolterraLms_P##P) { volterra_case<M, P>({dsp::LmsMode::kLms, 7, true, false}, 10 + P); } \
  TEST(NlcCosim, VolterraSignDataFullRange_P##P) { volterra_case<M, P>({dsp::LmsMode::kSignData, 3, true, true}, 20 + P); } \
  TEST(NlcCosim, VolterraSignSign_P##P) { volterra_case<M, P>({dsp::LmsMode::kSignSign, 10, true, false}, 30 + P); } \
  TEST(NlcCosim, VolterraFrozenFullRange_P##P) { volterra_case<M, P>({dsp::LmsMode::kLms, 0, false, true}, 40 + P); }

VOL_TESTS(Vvolterra_p1, 1)
VOL_TESTS(Vvolterra_p8, 8)

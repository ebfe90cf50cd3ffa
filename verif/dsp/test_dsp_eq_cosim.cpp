// Equalizer blocks of rtl/dsp vs the golden model (label cosim): every output sample of ffe
// (with LMS through the 64-symbol error delay), every decision / slicer input / error of the
// 1-tap dfe with the adaptive slicer (and its tap after every beat), and every phase command
// of cdr_mm are compared with halo::dsp::Ffe / Dfe / CdrMm, for P = 1 and 8 (DFE and CDR also
// P = 32), with random input gaps and output backpressure. ADC-like stimulus: synthetic ISI
// channel (hook for the link simulator: HALO_COSIM_ADC_FILE, see dsp_stimulus.hpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "Vdsp_eq_p1.h"
#include "Vdsp_eq_p32.h"
#include "Vdsp_eq_p8.h"
#include "cosim_driver.hpp"
#include "dsp_stimulus.hpp"
#include "halo/dsp/cdr.hpp"
#include "halo/dsp/dfe.hpp"
#include "halo/dsp/ffe.hpp"
#include "vl_bits.hpp"

using namespace halo::verif;
namespace dsp = halo::dsp;

namespace {

constexpr std::uint64_t kSymbols = 32 * 1024;  // per case, a multiple of 64
constexpr unsigned kTaps = 16, kPre = 5;

template <class M>
void idle(Harness<M>& h) {
  auto& m = *h.m;
  m.ffe_in_valid_i = 0;
  m.ffe_out_ready_i = 0;
  m.ffe_err_valid_i = 0;
  m.ffe_coef_load_i = 0;
  m.dfe_in_valid_i = 0;
  m.dfe_out_ready_i = 0;
  m.dfe_init_i = 0;
  m.cdr_in_valid_i = 0;
  m.cdr_out_ready_i = 0;
  m.cdr_init_i = 0;
  m.cdr_freeze_i = 0;
}

struct FfeCase {
  dsp::LmsMode mode;
  int mu;
  int adc_bits;
  bool adapt;
  bool full_range;  // random 8-bit codes (exercise the N-bit clamp) instead of the channel
  // Drive every tap into its 12-bit limit: ADC codes in the positive half (a DC offset as large
  // as half the full scale, e.g. a failed AC coupling) and an error of constant sign (slicer
  // targets far from the levels, e.g. a wrong AGC gain), +1500 for the first 3/8 of the
  // symbols, -1500 after. Sign-data LMS then moves every accumulator by the same 1500 >> mu
  // per symbol: at mu 0 from the start taps to -2048 in ~5,600 symbols, then to +2047.
  bool saturate = false;
};

template <class M, unsigned P>
void ffe_case(const FfeCase& fc, std::uint64_t seed) {
  Harness<M> h;
  idle(h);
  auto& m = *h.m;
  const std::uint64_t beats = kSymbols / P;
  const std::size_t n = beats * P;
  std::vector<std::int16_t> codes =
      fc.full_range ? random_codes(n, 8, seed) : adc_stimulus(n, fc.adc_bits, seed).codes;
  std::mt19937_64 rng(seed + 99);
  std::uniform_int_distribution<int> ed(-1500, 1500);
  std::vector<std::int16_t> err(n);
  for (auto& e : err) e = static_cast<std::int16_t>(ed(rng));
  if (fc.saturate) {
    std::uniform_int_distribution<int> pos(1, (1 << (fc.adc_bits - 1)) - 1);
    for (auto& c : codes) c = static_cast<std::int16_t>(pos(rng));
    for (std::size_t i = 0; i < n; ++i) err[i] = static_cast<std::int16_t>(i < 3 * n / 8 ? 1500 : -1500);
  }
  bool saw_max = false, saw_min = false;  // some RTL tap at +2047 / -2048 after a compared beat
  std::vector<std::int32_t> init(kTaps, 0);
  init[kPre] = 230;
  init[kPre + 1] = -70;
  init[kPre - 1] = -20;
  dsp::FfeConfig cfg;
  cfg.taps = kTaps;
  cfg.pre = kPre;
  cfg.adc_bits = fc.adc_bits;
  cfg.adapt = {fc.adapt, fc.mode, fc.mu};
  cfg.init_taps = init;
  dsp::Ffe ref(cfg);
  std::vector<std::int16_t> y(n);
  for (std::uint64_t b = 0; b < beats; ++b) {
    ref.process(std::span(codes).subspan(b * P, P), std::span(y).subspan(b * P, P));
    if (fc.adapt) ref.adapt(std::span(err).subspan(b * P, P));
  }
  // RTL
  m.ffe_adc_bits_i = static_cast<std::uint8_t>(fc.adc_bits);
  m.ffe_adapt_en_i = fc.adapt;
  m.ffe_lms_mode_i = static_cast<std::uint8_t>(fc.mode);
  m.ffe_mu_i = static_cast<std::uint8_t>(fc.mu);
  for (unsigned k = 0; k < kTaps; ++k) put_bits(m.ffe_coef_i, 12 * k, 12, static_cast<std::uint64_t>(init[k]));
  m.ffe_coef_load_i = 1;
  h.tick();
  m.ffe_coef_load_i = 0;
  std::uint64_t mism = 0, first_bad = ~0ull;
  std::int64_t pending = -1;  // output beat whose errors go in this cycle
  ASSERT_TRUE(run_stream(
      h, HALO_STREAM_PORTS(h, ffe_), beats, 0.85, 0.8, seed + 1,
      [&](std::uint64_t b) {
        for (unsigned l = 0; l < P; ++l) put_bits(m.ffe_in_adc_i, 8 * l, 8, static_cast<std::uint64_t>(codes[b * P + l]));
      },
      [&](std::uint64_t k) {
        for (unsigned l = 0; l < P; ++l) {
          if (get_signed(m.ffe_out_y_o, 12 * l, 12) != y[k * P + l]) {
            ++mism;
            first_bad = std::min<std::uint64_t>(first_bad, k * P + l);
          }
        }
        pending = static_cast<std::int64_t>(k);
        cov::sample_ffe_taps(kTaps, [&](unsigned t) { return get_signed(m.ffe_coef_o, 12 * t, 12); });
        for (unsigned t = 0; t < kTaps; ++t) {
          const auto c = get_signed(m.ffe_coef_o, 12 * t, 12);
          saw_max = saw_max || c == 2047;
          saw_min = saw_min || c == -2048;
        }
      },
      nullptr,
      [&] {
        m.ffe_err_valid_i = fc.adapt && pending >= 0;
        if (pending >= 0) {
          for (unsigned l = 0; l < P; ++l) {
            put_bits(m.ffe_err_i, 13 * l, 13, static_cast<std::uint64_t>(err[pending * P + l]));
          }
        }
        pending = -1;
      }));
  EXPECT_EQ(mism, 0u) << "first mismatch at symbol " << first_bad;
  const auto taps = ref.taps();
  for (unsigned k = 0; k < kTaps; ++k) EXPECT_EQ(get_signed(m.ffe_coef_o, 12 * k, 12), taps[k]) << "tap " << k;
  if (fc.saturate) {
    EXPECT_TRUE(saw_min) << "no RTL tap reached -2048";
    EXPECT_TRUE(saw_max) << "no RTL tap reached +2047";
    bool all_max = true;
    for (unsigned k = 0; k < kTaps; ++k) all_max = all_max && taps[k] == 2047;
    EXPECT_TRUE(all_max) << "the golden taps did not all end at +2047";
  }
  print_compared("ffe", P, n);
}

struct DfeCase {
  dsp::LmsMode mode;
  int mu;
  bool adapt;
  bool adaptive_slicer;
  int level_mu;
  int level_a;
  int init_tap;
};

/// golden_mu_delta != 0 runs the golden model with a different DFE step: the comparison must
/// then fail (checks that the harness really compares the RTL outputs).
template <class M, unsigned P>
void dfe_case(const DfeCase& dc, std::uint64_t seed, int golden_mu_delta = 0) {
  Harness<M> h;
  idle(h);
  auto& m = *h.m;
  const std::uint64_t beats = kSymbols / P;
  const std::size_t n = beats * P;
  // Slicer input with post-cursor ISI 0.45, level compression of the outer eye and noise;
  // the last eighth is full-range random (saturation of z and e).
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, 40.0);
  std::vector<std::int16_t> y(n);
  std::vector<std::uint8_t> sent(n);
  int aprev = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sent[i] = static_cast<std::uint8_t>(rng() & 3u);
    const int a = 2 * static_cast<int>(sent[i]) - 3;
    double v = dc.level_a * (a * (std::abs(a) == 3 ? 0.9 : 1.0) + 0.45 * aprev) + noise(rng);
    if (i >= n - n / 8) v = static_cast<double>(static_cast<int>(rng() % 4096) - 2048);
    y[i] = static_cast<std::int16_t>(std::clamp(std::lround(v), -2048L, 2047L));
    aprev = a;
  }
  dsp::DfeConfig cfg;
  cfg.taps = 1;
  cfg.adapt = {dc.adapt, dc.mode, dc.mu + golden_mu_delta};
  cfg.init_taps = {dc.init_tap};
  cfg.slicer = {dc.level_a, dc.adaptive_slicer, dc.level_mu};
  dsp::Dfe ref(cfg);
  std::vector<std::uint8_t> s(n);
  std::vector<std::int16_t> z(n), e(n);
  std::vector<std::int32_t> tap(beats);
  for (std::uint64_t b = 0; b < beats; ++b) {
    ref.process(std::span(y).subspan(b * P, P),
                {std::span(s).subspan(b * P, P), std::span(z).subspan(b * P, P),
                 std::span(e).subspan(b * P, P)});
    tap[b] = ref.taps()[0];
  }
  m.dfe_level_a_i = static_cast<std::uint16_t>(dc.level_a);
  m.dfe_slicer_adaptive_i = dc.adaptive_slicer;
  m.dfe_level_mu_i = static_cast<std::uint8_t>(dc.level_mu);
  m.dfe_adapt_en_i = dc.adapt;
  m.dfe_lms_mode_i = static_cast<std::uint8_t>(dc.mode);
  m.dfe_mu_i = static_cast<std::uint8_t>(dc.mu);
  m.dfe_tap_i = static_cast<std::uint16_t>(dc.init_tap & 0xfff);
  m.dfe_init_i = 1;
  h.tick();
  m.dfe_init_i = 0;
  std::uint64_t mism = 0, first_bad = ~0ull, tap_mism = 0;
  // decision errors against the transmitted symbols (the full-range last eighth excluded)
  std::vector<bool> wrong(n - n / 8, false);
  ASSERT_TRUE(run_stream(
      h, HALO_STREAM_PORTS(h, dfe_), beats, 0.85, 0.8, seed + 1,
      [&](std::uint64_t b) {
        for (unsigned l = 0; l < P; ++l) put_bits(m.dfe_in_y_i, 12 * l, 12, static_cast<std::uint64_t>(y[b * P + l]));
      },
      [&](std::uint64_t k) {
        for (unsigned l = 0; l < P; ++l) {
          const std::size_t i = k * P + l;
          if (i < n - n / 8) wrong[i] = get_bits(m.dfe_out_sym_o, 2 * l, 2) != sent[i];
          const bool bad = get_bits(m.dfe_out_sym_o, 2 * l, 2) != s[i] ||
                           get_signed(m.dfe_out_z_o, 13 * l, 13) != z[i] ||
                           get_signed(m.dfe_out_e_o, 13 * l, 13) != e[i];
          if (bad) {
            ++mism;
            first_bad = std::min<std::uint64_t>(first_bad, i);
          }
        }
        tap_mism += sext(m.dfe_tap_o, 12) != tap[k];
      }));
  if (golden_mu_delta == 0) cov::sample_dfe_bursts(wrong);
  if (golden_mu_delta != 0) {
    EXPECT_GT(mism, 0u) << "a different golden step size went unnoticed";
    std::printf("[cosim] negative check: %llu of %zu symbols differ as expected\n",
                static_cast<unsigned long long>(mism), n);
    return;
  }
  EXPECT_EQ(mism, 0u) << "first mismatch at symbol " << first_bad;
  EXPECT_EQ(tap_mism, 0u);
  std::printf("[cosim] dfe final tap %d, thresholds %d %d %d\n", tap.back(),
              ref.slicer().thresholds()[0], ref.slicer().thresholds()[1],
              ref.slicer().thresholds()[2]);
  print_compared("dfe+slicer", P, n);
}

struct CdrCase {
  int kp, ki, phase_bits;
  std::uint32_t init_phase;
  bool toggle_freeze;
  int delay;  // PD sample delay; must equal the model's CdrDelay parameter
};

template <class M, unsigned P>
void cdr_case(const CdrCase& cc, std::uint64_t seed, bool expect_mismatch = false) {
  Harness<M> h;
  idle(h);
  auto& m = *h.m;
  const std::uint64_t beats = kSymbols / P;
  const std::size_t n = beats * P;
  std::mt19937_64 rng(seed);
  std::vector<std::int16_t> v(n);
  std::vector<std::uint8_t> d(n);
  for (std::size_t i = 0; i < n; ++i) {
    d[i] = static_cast<std::uint8_t>(rng() & 3u);
    const int noise = static_cast<int>(rng() % 401) - 200;
    v[i] = static_cast<std::int16_t>(std::clamp((2 * d[i] - 3) * 256 + noise, -2048, 2047));
  }
  auto frozen = [&](std::uint64_t b) { return cc.toggle_freeze && (b / 97) % 3 == 1; };
  dsp::CdrMm ref({cc.kp, cc.ki, cc.phase_bits, cc.init_phase, false, cc.delay});
  std::vector<std::uint16_t> code(n);
  std::vector<std::uint32_t> phase(beats);
  std::vector<std::int32_t> integ(beats);
  for (std::uint64_t b = 0; b < beats; ++b) {
    ref.set_freeze(frozen(b));
    ref.process(std::span(v).subspan(b * P, P), std::span(d).subspan(b * P, P),
                std::span(code).subspan(b * P, P));
    phase[b] = ref.phase();
    integ[b] = ref.integral();
  }
  m.cdr_kp_shift_i = static_cast<std::uint8_t>(cc.kp);
  m.cdr_ki_shift_i = static_cast<std::uint8_t>(cc.ki);
  m.cdr_phase_bits_i = static_cast<std::uint8_t>(cc.phase_bits);
  m.cdr_init_phase_i = cc.init_phase;
  m.cdr_init_i = 1;
  h.tick();
  m.cdr_init_i = 0;
  std::uint64_t mism = 0, first_bad = ~0ull, state_mism = 0;
  ASSERT_TRUE(run_stream(
      h, HALO_STREAM_PORTS(h, cdr_), beats, 0.85, 0.8, seed + 1,
      [&](std::uint64_t b) {
        m.cdr_freeze_i = frozen(b);
        for (unsigned l = 0; l < P; ++l) {
          put_bits(m.cdr_in_v_i, 12 * l, 12, static_cast<std::uint64_t>(v[b * P + l]));
          put_bits(m.cdr_in_sym_i, 2 * l, 2, d[b * P + l]);
        }
      },
      [&](std::uint64_t k) {
        for (unsigned l = 0; l < P; ++l) {
          if (get_bits(m.cdr_out_code_o, 12 * l, 12) != code[k * P + l]) {
            ++mism;
            first_bad = std::min<std::uint64_t>(first_bad, k * P + l);
          }
        }
        cov::sample_cdr_phase(m.cdr_phase_o);
        state_mism += m.cdr_phase_o != phase[k] ||
                      static_cast<std::int32_t>(m.cdr_integral_o) != integ[k];
      }));
  if (expect_mismatch) {
    EXPECT_GT(mism, 0u) << "a golden PD sample delay different from the RTL went unnoticed";
    std::printf("[cosim] negative check: %llu of %zu CDR phase codes differ as expected\n",
                static_cast<unsigned long long>(mism), n);
    return;
  }
  EXPECT_EQ(mism, 0u) << "first mismatch at symbol " << first_bad;
  EXPECT_EQ(state_mism, 0u);
  print_compared("cdr_mm", P, n);
}

}  // namespace

#define FFE_TESTS(M, P)                                                                         \
  TEST(DspEqCosim, FfeSignData_P##P) { ffe_case<M, P>({dsp::LmsMode::kSignData, 3, 8, true, false}, 100 + P); } \
  TEST(DspEqCosim, FfeLms7bit_P##P) { ffe_case<M, P>({dsp::LmsMode::kLms, 2, 7, true, false}, 200 + P); } \
  TEST(DspEqCosim, FfeSignSignClamp6bit_P##P) { ffe_case<M, P>({dsp::LmsMode::kSignSign, 8, 6, true, true}, 300 + P); } \
  TEST(DspEqCosim, FfeFrozen_P##P) { ffe_case<M, P>({dsp::LmsMode::kLms, 0, 8, false, true}, 400 + P); } \
  TEST(DspEqCosim, FfeSaturation_P##P) { ffe_case<M, P>({dsp::LmsMode::kSignData, 0, 8, true, false, true}, 450 + P); }

#define EQ_TESTS(M, P, D)                                                                       \
  TEST(DspEqCosim, DfeSignData_P##P) { dfe_case<M, P>({dsp::LmsMode::kSignData, 6, true, true, 8, 256, 60}, 500 + P); } \
  TEST(DspEqCosim, DfeLmsFastLevels_P##P) { dfe_case<M, P>({dsp::LmsMode::kLms, 2, true, true, 3, 200, 0}, 600 + P); } \
  TEST(DspEqCosim, DfeSignSignFixedSlicer_P##P) { dfe_case<M, P>({dsp::LmsMode::kSignSign, 12, true, false, 8, 300, -40}, 700 + P); } \
  TEST(DspEqCosim, DfeFrozen_P##P) { dfe_case<M, P>({dsp::LmsMode::kSignData, 6, false, true, 1, 256, 115}, 800 + P); } \
  TEST(DspEqCosim, CdrDefault_P##P) { cdr_case<M, P>({2, 12, 7, 0x12345678u, false, D}, 900 + P); } \
  TEST(DspEqCosim, CdrHighGainFreeze_P##P) { cdr_case<M, P>({0, 0, 12, 0xfff00000u, true, D}, 1000 + P); }

// The harness detects a golden CDR whose PD sample delay (6) differs from the RTL's (7).
TEST(DspEqCosim, CdrDelayMismatchIsDetected_P8) {
  cdr_case<Vdsp_eq_p8, 8>({2, 12, 7, 0x12345678u, false, 6}, 908, true);
}

// The harness detects a golden model that differs from the RTL (DFE step 2^-7 vs 2^-6).
TEST(DspEqCosim, DfeMismatchIsDetected_P8) {
  dfe_case<Vdsp_eq_p8, 8>({dsp::LmsMode::kSignData, 6, true, true, 8, 256, 60}, 508, 1);
}

FFE_TESTS(Vdsp_eq_p1, 1)
FFE_TESTS(Vdsp_eq_p8, 8)
EQ_TESTS(Vdsp_eq_p1, 1, 7)
EQ_TESTS(Vdsp_eq_p8, 8, 7)
EQ_TESTS(Vdsp_eq_p32, 32, 0)  // DFE and CDR only (FfeEnable = 0)

// LUT compensator RTL (rtl/nlc/lut_nlc.sv) vs halo::nlc::LutNlc (label cosim): every output
// sample of every beat and the final table are compared, at P = 1 (L = 3, pre = 1), P = 8
// (L = 3 and L = 4, pre = 2) and P = 32 (L = 3), each LMS rule and frozen, on a PAM4 signal
// through a memory nonlinearity (the errors are the slicer errors of the golden output, a
// decision-directed loop) and on full-range random input with large one-signed errors (the
// accumulators saturate, high and low, and so do outputs), with random input gaps and output backpressure. The
// full-rate cases measure the latency (cycles from the acceptance of input beat 0 to output
// beat 0; docs/dsp_rtl.md) and assert that the input never stalls. MismatchIsDetected: a
// golden model with another step size must differ, so the comparison can fail.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "Vlut_nlc_l4_p8.h"
#include "Vlut_nlc_p1.h"
#include "Vlut_nlc_p32.h"
#include "Vlut_nlc_p8.h"
#include "cosim_driver.hpp"
#include "dsp_stimulus.hpp"
#include "halo/nlc/lut_nlc.hpp"
#include "vl_bits.hpp"

using namespace halo::verif;
namespace dsp = halo::dsp;
namespace nlc = halo::nlc;

namespace {

struct LutCase {
  int pattern_len = 3;
  int pre = 0;
  dsp::LmsMode mode = dsp::LmsMode::kLms;
  int mu = 2;
  bool adapt = true;
  bool full_range = false;  ///< random 12-bit input, one-signed errors of 500..4095 (saturation)
  int level_a = 256;
  std::uint64_t symbols = 16384;
  double p_valid = 0.85, p_ready = 0.8;
  std::uint64_t seed = 1;
  int golden_mu_offset = 0;  ///< MismatchIsDetected: the golden model's mu differs
};

struct LutResult {
  std::uint64_t compared = 0, mismatches = 0, first_bad = ~0ull, table_mismatches = 0;
  std::uint64_t cycles = 0, input_stalls = 0, entries_moved = 0, saturated_out = 0, saturated_entries = 0;
  std::int64_t latency = -1;
};

// PAM4 levels +-A, +-3A (S12.3 at level spacing A) through r_n = s_n + 0.25 s_{n-1} and the
// memory nonlinearity y = r + 0.05 r^2 - 0.008 r^3 + 0.04 r r_{n-1} (units of A), noise 0.08 A.
std::vector<std::int16_t> pam4_nonlinear(std::size_t n, int a, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> sym(0, 3);
  std::normal_distribution<double> noise(0.0, 0.08);
  std::vector<std::int16_t> u(n);
  double s1 = 0, r1 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double s = 2.0 * sym(rng) - 3.0;
    const double r = s + 0.25 * s1;
    const double y = r + 0.05 * r * r - 0.008 * r * r * r + 0.04 * r * r1 + noise(rng);
    u[i] = static_cast<std::int16_t>(std::clamp(std::lround(y * a), -2048L, 2047L));
    s1 = s;
    r1 = r;
  }
  return u;
}

// Slicer error of v (S12.3) against the nearest of A{-3,-1,1,3} (S13.3).
std::int16_t slicer_error(std::int16_t v, int a) {
  const int t = v >= 2 * a ? 3 * a : v >= 0 ? a : v >= -2 * a ? -a : -3 * a;
  return static_cast<std::int16_t>(v - t);
}

template <class M, unsigned P>
LutResult run_lut(const LutCase& c) {
  LutResult r;
  Harness<M> h;
  auto& m = *h.m;
  const std::uint64_t beats = c.symbols / P;
  const std::size_t n = beats * P;
  const std::vector<std::int16_t> u = c.full_range ? random_codes(n, 12, c.seed) : pam4_nonlinear(n, c.level_a, c.seed);
  // golden model, beat by beat, with the errors it will hand to the RTL
  nlc::LutNlcConfig cfg;
  cfg.pattern_len = c.pattern_len;
  cfg.pre = c.pre;
  cfg.level_a = c.level_a;
  cfg.adapt = {c.adapt, c.mode, c.mu + c.golden_mu_offset};
  nlc::LutNlc ref(cfg);
  std::vector<std::int16_t> v(n), err(n);
  std::mt19937_64 erng(c.seed + 7);
  // one-signed large errors drive every accumulator into its saturation (positive for odd seeds)
  std::uniform_int_distribution<int> ed(500, 4095);
  const int sign = (c.seed & 1) ? 1 : -1;
  for (std::uint64_t b = 0; b < beats; ++b) {
    const auto vb = std::span(v).subspan(b * P, P);
    ref.process(std::span(u).subspan(b * P, P), vb);
    for (unsigned l = 0; l < P; ++l)
      err[b * P + l] = c.full_range ? static_cast<std::int16_t>(sign * ed(erng)) : slicer_error(vb[l], c.level_a);
    if (c.adapt) ref.adapt(std::span(err).subspan(b * P, P));
  }
  m.adapt_en_i = c.adapt;
  m.lms_mode_i = static_cast<std::uint8_t>(c.mode);
  m.mu_i = static_cast<std::uint8_t>(c.mu);
  m.level_a_i = static_cast<std::uint16_t>(c.level_a);
  m.in_valid_i = 0;
  m.out_ready_i = 0;
  m.err_valid_i = 0;
  std::int64_t pending = -1, first_in = -1;
  std::uint64_t in_b = 0, out_b = 0;
  std::mt19937_64 rng(c.seed + 1);
  std::uniform_real_distribution<double> ud(0.0, 1.0);
  halo::verif::cov::StallSampler stalls;
  while ((in_b < beats || out_b < beats) && r.cycles < 64 * beats + 1000) {
    const bool valid = in_b < beats && ud(rng) < c.p_valid;
    m.in_valid_i = valid;
    if (valid)
      for (unsigned l = 0; l < P; ++l) put_bits(m.in_u_i, 12 * l, 12, static_cast<std::uint64_t>(u[in_b * P + l]));
    const bool ready = ud(rng) < c.p_ready;
    m.out_ready_i = ready;
    m.eval();
    const bool out_valid = m.out_valid_o;
    if (ready && m.out_valid_o) {
      if (out_b == 0) r.latency = static_cast<std::int64_t>(r.cycles) - first_in;
      for (unsigned l = 0; l < P; ++l) {
        const std::int64_t got = get_signed(m.out_v_o, 12 * l, 12);
        ++r.compared;
        r.saturated_out += got == 2047 || got == -2048;
        if (got != v[out_b * P + l]) {
          ++r.mismatches;
          r.first_bad = std::min<std::uint64_t>(r.first_bad, out_b * P + l);
        }
      }
      pending = static_cast<std::int64_t>(out_b++);
    }
    // the error beat of the output just taken (the DFE's slicer errors, no backpressure)
    m.err_valid_i = c.adapt && pending >= 0;
    if (pending >= 0)
      for (unsigned l = 0; l < P; ++l) put_bits(m.err_i, 13 * l, 13, static_cast<std::uint64_t>(err[pending * P + l]));
    pending = -1;
    m.eval();  // the error queue falls through: in_ready_o may depend on the error just pushed
    const bool fin = valid && m.in_ready_o;
    if (valid && !m.in_ready_o) ++r.input_stalls;
    stalls.sample(valid, m.in_ready_o, out_valid, ready);
    if (fin && first_in < 0) first_in = static_cast<std::int64_t>(r.cycles);
    h.tick();
    m.err_valid_i = 0;
    if (fin) ++in_b;
    ++r.cycles;
  }
  EXPECT_EQ(out_b, beats) << "stream did not finish in " << r.cycles << " cycles";
  const auto& t = ref.table();
  for (std::size_t k = 0; k < t.size(); ++k) {
    r.table_mismatches += get_signed(m.table_o, 12 * static_cast<unsigned>(k), 12) != t[k];
    r.entries_moved += t[k] != 0;
    r.saturated_entries += t[k] == 2047 || t[k] == -2048;
  }
  return r;
}

template <class M, unsigned P>
void lut_case(const LutCase& c) {
  const LutResult r = run_lut<M, P>(c);
  EXPECT_EQ(r.compared, c.symbols / P * P);
  EXPECT_EQ(r.mismatches, 0u) << "first mismatch at symbol " << r.first_bad;
  EXPECT_EQ(r.table_mismatches, 0u) << "table entries differing at the end";
  const std::size_t entries = std::size_t{1} << (2 * c.pattern_len);
  if (c.adapt) EXPECT_GE(r.entries_moved, entries / 4) << "adaptation did not move the table";
  if (c.full_range && c.adapt) {
    EXPECT_GE(r.saturated_entries, entries / 4) << "accumulator saturation not exercised";
    EXPECT_GT(r.saturated_out, r.compared / 100) << "output saturation not exercised";
  }
  if (c.p_valid == 1.0 && c.p_ready == 1.0) {
    EXPECT_EQ(r.latency, 1) << "one register stage (the output register)";
    EXPECT_EQ(r.input_stalls, 0u) << "full rate: one beat per cycle";
  }
  std::printf("[cosim] lut_nlc P=%u L=%d pre=%d: %llu symbols and %zu table entries compared "
              "bit-exactly, %llu entries adapted (%llu saturated), %llu saturated outputs, %llu cycles, "
              "%llu input stall cycles, latency %lld cycles\n",
              P, c.pattern_len, c.pre, static_cast<unsigned long long>(r.compared), entries,
              static_cast<unsigned long long>(r.entries_moved), static_cast<unsigned long long>(r.saturated_entries),
              static_cast<unsigned long long>(r.saturated_out), static_cast<unsigned long long>(r.cycles),
              static_cast<unsigned long long>(r.input_stalls), static_cast<long long>(r.latency));
}

LutCase mk(int l, int pre, dsp::LmsMode mode, int mu, bool adapt, bool full, double pv, double pr,
           std::uint64_t seed, int level_a = 256, std::uint64_t symbols = 16384) {
  LutCase c;
  c.pattern_len = l;
  c.pre = pre;
  c.mode = mode;
  c.mu = mu;
  c.adapt = adapt;
  c.full_range = full;
  c.p_valid = pv;
  c.p_ready = pr;
  c.seed = seed;
  c.level_a = level_a;
  c.symbols = symbols;
  return c;
}

constexpr auto kLms = dsp::LmsMode::kLms;
constexpr auto kSd = dsp::LmsMode::kSignData;
constexpr auto kSs = dsp::LmsMode::kSignSign;

}  // namespace

// P = 1: L = 3, pre = 1 (model Vlut_nlc_p1)
TEST(LutNlcCosim, FullRate_P1) { lut_case<Vlut_nlc_p1, 1>(mk(3, 1, kLms, 2, true, false, 1.0, 1.0, 11)); }
TEST(LutNlcCosim, StallsSignSign_P1) { lut_case<Vlut_nlc_p1, 1>(mk(3, 1, kSs, 10, true, false, 0.7, 0.6, 12)); }
TEST(LutNlcCosim, SaturationFullRange_P1) { lut_case<Vlut_nlc_p1, 1>(mk(3, 1, kLms, 0, true, true, 0.8, 0.8, 13)); }
// P = 8: L = 3, pre = 0 (Vlut_nlc_p8) and L = 4, pre = 2 (Vlut_nlc_l4_p8)
TEST(LutNlcCosim, FullRate_P8) { lut_case<Vlut_nlc_p8, 8>(mk(3, 0, kLms, 2, true, false, 1.0, 1.0, 21)); }
TEST(LutNlcCosim, StallsSignData_P8) { lut_case<Vlut_nlc_p8, 8>(mk(3, 0, kSd, 3, true, false, 0.8, 0.7, 22, 200)); }
TEST(LutNlcCosim, FrozenFullRange_P8) { lut_case<Vlut_nlc_p8, 8>(mk(3, 0, kLms, 2, false, true, 0.6, 0.9, 23)); }
TEST(LutNlcCosim, SaturationFullRange_P8) { lut_case<Vlut_nlc_p8, 8>(mk(3, 0, kLms, 0, true, true, 0.9, 0.8, 24)); }
TEST(LutNlcCosim, StallsL4Pre2_P8) { lut_case<Vlut_nlc_l4_p8, 8>(mk(4, 2, kLms, 2, true, false, 0.8, 0.7, 25)); }
// P = 32: L = 3, pre = 0 (Vlut_nlc_p32), adaptation delay 64 = 2 beats
TEST(LutNlcCosim, FullRate_P32) { lut_case<Vlut_nlc_p32, 32>(mk(3, 0, kLms, 2, true, false, 1.0, 1.0, 31, 256, 32768)); }
TEST(LutNlcCosim, StallsSignSign_P32) { lut_case<Vlut_nlc_p32, 32>(mk(3, 0, kSs, 9, true, false, 0.8, 0.7, 32, 256, 32768)); }
TEST(LutNlcCosim, SaturationFullRange_P32) {
  lut_case<Vlut_nlc_p32, 32>(mk(3, 0, kLms, 0, true, true, 0.9, 0.9, 33, 256, 32768));
}
TEST(LutNlcCosim, MismatchIsDetected_P8) {
  LutCase c = mk(3, 0, kLms, 2, true, false, 0.9, 0.9, 41);
  c.golden_mu_offset = 1;  // the golden model adapts with half the step
  const LutResult r = run_lut<Vlut_nlc_p8, 8>(c);
  EXPECT_GT(r.mismatches, c.symbols / 100) << "a different step size must show in the comparison";
  EXPECT_GT(r.table_mismatches, 0u);
  std::printf("[cosim] golden mu + 1: %llu of %llu outputs and %llu table entries differ\n",
              static_cast<unsigned long long>(r.mismatches), static_cast<unsigned long long>(r.compared),
              static_cast<unsigned long long>(r.table_mismatches));
}

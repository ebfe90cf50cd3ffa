// Convolutional interleaver / deinterleaver RTL vs golden model (label cosim):
// rtl/fec/conv_interleaver.sv against halo::fec::inner::ConvInterleaver, every output beat
// (one 40-bit CI block = 20 PAM4 pairs) compared, at full rate (latency 1 cycle, no stall, no
// gap) and with random stalls on both sides; the default parameters (P = 3, D = 192) and a
// small ring (P = 2, D = 1); interleaver then deinterleaver (RTL into RTL) returns the stream
// delayed by 20 P (P - 1) D pairs (ConvInterleaver::pair_latency), checked here on the
// input blocks. HALO_COSIM_SEED overrides the seed.
#include <gtest/gtest.h>
#include <verilated.h>

#include <cstdint>
#include <cstdlib>
#include <deque>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "Vconv_deint_b3_d192.h"
#include "../cover.hpp"
#include "Vconv_ilv_b2_d1.h"
#include "Vconv_ilv_b3_d192.h"
#include "halo/fec/conv_interleaver.hpp"
#include "inner_dec_stim.hpp"

namespace hi = halo::fec::inner;
using halo::verif::inner::seed_of;

namespace {

std::uint64_t pack(const std::uint8_t* pairs) {
  std::uint64_t v = 0;
  for (unsigned q = 0; q < hi::kCiBlockPairs; ++q) v |= std::uint64_t(pairs[q] & 3u) << (2 * q);
  return v;
}

struct Result {
  bool ok = true;
  std::string error;
  long latency = -1;
  std::uint64_t stalls = 0, gaps = 0, cycles = 0;
};

/// Streams `blocks` random blocks through the model and the golden model and compares every
/// output beat. pv/pr: probabilities of a source beat / sink ready per cycle.
template <class Model>
Result run(const hi::ConvInterleaverConfig& cfg, unsigned blocks, double pv, double pr, std::uint64_t seed) {
  Result r;
  auto ctx = std::make_unique<VerilatedContext>();
  ctx->fatalOnError(false);
  Model m{ctx.get()};
  std::mt19937_64 rng(seed_of(seed));
  std::bernoulli_distribution offer(pv), take(pr);
  hi::ConvInterleaver gold(cfg);
  // stimulus and expected output (golden model fed the whole stream)
  std::vector<std::uint8_t> in(std::size_t{blocks} * hi::kCiBlockPairs), exp(in.size());
  for (auto& v : in) v = static_cast<std::uint8_t>(rng() & 3u);
  gold.process(in, exp);
  auto tick = [&](bool c) { m.clk_i = c; m.eval(); };
  m.rst_ni = 0;
  m.in_valid_i = 0;
  m.out_ready_i = 0;
  for (int i = 0; i < 3; ++i) { tick(false); tick(true); }
  m.rst_ni = 1;
  unsigned nin = 0, nout = 0;
  bool presenting = false;
  long first_in = -1, first_out = -1;
  for (std::uint64_t cyc = 0; nout < blocks; ++cyc) {
    if (cyc > 20ull * blocks + 1000) { r.ok = false; r.error = "timeout"; break; }
    if (!presenting && nin < blocks) presenting = offer(rng);
    m.in_valid_i = presenting;
    if (presenting) m.in_data_i = pack(&in[std::size_t{nin} * hi::kCiBlockPairs]);
    const bool ready = take(rng);
    m.out_ready_i = ready;
    tick(false);
    const bool fire = presenting && m.in_ready_o;
    if (presenting && !m.in_ready_o && first_in >= 0) ++r.stalls;
    if (fire && first_in < 0) first_in = static_cast<long>(cyc);
    if (m.out_valid_o && first_out < 0) first_out = static_cast<long>(cyc);
    if (!m.out_valid_o && first_out >= 0 && nout < blocks) ++r.gaps;
    if (m.out_valid_o && ready) {
      const std::uint64_t e = pack(&exp[std::size_t{nout} * hi::kCiBlockPairs]);
      if (m.out_data_o != e) {
        r.ok = false;
        r.error = "block " + std::to_string(nout) + ": expected " + std::to_string(e) + " actual " +
                  std::to_string(static_cast<std::uint64_t>(m.out_data_o));
        break;
      }
      ++nout;
    }
    tick(true);
    r.cycles = cyc + 1;
    if (fire) { presenting = false; ++nin; }
  }
  if (first_in >= 0 && first_out >= 0) r.latency = first_out - first_in;
  m.final();
  halo::verif::cov::write_code_coverage(ctx.get(), m.modelName());
  return r;
}

template <class Model>
void check(const hi::ConvInterleaverConfig& cfg, unsigned blocks, std::uint64_t seed, const char* name) {
  const auto full = run<Model>(cfg, blocks, 1.0, 1.0, seed);
  std::printf("[cosim] %s full rate: %llu cycles, latency %ld\n", name, static_cast<unsigned long long>(full.cycles),
              full.latency);
  ASSERT_TRUE(full.ok) << full.error;
  EXPECT_EQ(full.latency, 1);
  EXPECT_EQ(full.stalls, 0u);
  EXPECT_EQ(full.gaps, 0u);
  const auto st = run<Model>(cfg, blocks, 0.6, 0.5, seed + 1);
  std::printf("[cosim] %s stalls: %llu cycles, %llu input stalls, %llu output gaps\n", name,
              static_cast<unsigned long long>(st.cycles), static_cast<unsigned long long>(st.stalls),
              static_cast<unsigned long long>(st.gaps));
  ASSERT_TRUE(st.ok) << st.error;
  EXPECT_GT(st.stalls, 0u);
}

}  // namespace

TEST(ConvIlvCosim, InterleaverP3D192) { check<Vconv_ilv_b3_d192>({3, 192, false}, 6000, 61, "ilv P=3 D=192"); }
TEST(ConvIlvCosim, DeinterleaverP3D192) { check<Vconv_deint_b3_d192>({3, 192, true}, 6000, 62, "deint P=3 D=192"); }
TEST(ConvIlvCosim, InterleaverP2D1) { check<Vconv_ilv_b2_d1>({2, 1, false}, 2000, 63, "ilv P=2 D=1"); }

/// RTL interleaver into RTL deinterleaver: the input stream comes back delayed by P (P - 1) D
/// blocks (the model's pair_latency), zeros before it; the reference is the input itself.
TEST(ConvIlvCosim, InterleaverIntoDeinterleaverIsADelay) {
  auto ctx = std::make_unique<VerilatedContext>();
  Vconv_ilv_b3_d192 ilv{ctx.get()};
  Vconv_deint_b3_d192 dei{ctx.get()};
  const hi::ConvInterleaver cfg_model({3, 192, false});
  const std::uint64_t delay_blocks = cfg_model.pair_latency() / hi::kCiBlockPairs;
  ASSERT_EQ(delay_blocks, 3u * 2u * 192u);
  std::mt19937_64 rng(seed_of(64));
  std::vector<std::uint64_t> sent;
  auto tick = [&](bool c) {
    ilv.clk_i = c;
    dei.clk_i = c;
    ilv.eval();
    dei.eval();
  };
  ilv.rst_ni = dei.rst_ni = 0;
  for (int i = 0; i < 3; ++i) { tick(false); tick(true); }
  ilv.rst_ni = dei.rst_ni = 1;
  std::uint64_t nout = 0, bad = 0;
  const std::uint64_t n = delay_blocks + 3000;
  for (std::uint64_t cyc = 0; nout < n && cyc < 3 * n; ++cyc) {
    ilv.in_valid_i = sent.size() < n;
    const std::uint64_t v = rng() & ((std::uint64_t{1} << 40) - 1);
    ilv.in_data_i = v;
    dei.out_ready_i = 1;
    tick(false);
    dei.in_valid_i = ilv.out_valid_o;
    dei.in_data_i = ilv.out_data_o;
    ilv.out_ready_i = dei.in_ready_o;
    tick(false);
    if (ilv.in_valid_i && ilv.in_ready_o) sent.push_back(v);
    if (dei.out_valid_o) {
      const std::uint64_t e = nout >= delay_blocks ? sent[nout - delay_blocks] : 0;
      bad += static_cast<std::uint64_t>(dei.out_data_o) != e;
      ++nout;
    }
    tick(true);
  }
  EXPECT_EQ(nout, n);
  EXPECT_EQ(bad, 0u);
  ilv.final();
  dei.final();
  halo::verif::cov::write_code_coverage(ctx.get(), "conv_ilv_into_deint");
}

// Throughput of the DSP golden-model blocks and of the whole receive chain, adaptation on,
// beats of 32 symbols. Reported as items_per_second = symbols/s on one core.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "halo/dsp/cdr.hpp"
#include "halo/dsp/dfe.hpp"
#include "halo/dsp/ffe.hpp"
#include "halo/dsp/prbs.hpp"
#include "halo/nlc/lut_nlc.hpp"
#include "halo/nlc/volterra.hpp"
#include "halo/retimer/retimer_rx.hpp"
#include "halo/retimer/retimer_tx.hpp"

using namespace halo;

namespace {
constexpr std::size_t kLen = 1 << 16;
constexpr std::size_t kBeat = 32;

/// ADC codes of a PRBS31Q link: 1 + 0.45 D ISI, mild noise, 8-bit ADC (20 LSB per unit).
const std::vector<std::int16_t>& adc_data() {
  static const std::vector<std::int16_t> d = [] {
    retimer::RetimerTx tx;
    std::vector<std::int16_t> dac(kLen);
    tx.process_pattern(dac);
    std::mt19937_64 g(1);
    std::normal_distribution<double> nd(0.0, 2.0);
    std::vector<std::int16_t> x(kLen);
    double prev = 0.0;
    for (std::size_t i = 0; i < kLen; ++i) {
      const double a = dac[i] / 42.0;
      x[i] = static_cast<std::int16_t>(std::lround(20.0 * (a + 0.45 * prev) + nd(g)));
      prev = a;
    }
    return x;
  }();
  return d;
}

/// Equalised-signal samples (S12.3) and slicer errors for the feed-forward blocks.
struct SigData {
  std::vector<std::int16_t> y, e;
  std::vector<std::uint8_t> d;
};
const SigData& sig_data() {
  static const SigData s = [] {
    SigData r;
    std::mt19937_64 g(2);
    r.y.resize(kLen);
    r.e.resize(kLen);
    r.d.resize(kLen);
    for (std::size_t i = 0; i < kLen; ++i) {
      r.d[i] = static_cast<std::uint8_t>(g() & 3u);
      r.e[i] = static_cast<std::int16_t>(static_cast<int>(g() % 121) - 60);
      r.y[i] = static_cast<std::int16_t>(256 * (2 * r.d[i] - 3) + r.e[i]);
    }
    return r;
  }();
  return s;
}

/// Feed-forward block with adaptation on. The slicer errors are recorded once from a real
/// closed loop (block -> slicer -> adapt) over the data and replayed here, so the timed loop
/// contains only the block (its coefficients follow the same trajectory as in the real loop).
template <class Block, class Cfg>
void run_ff(benchmark::State& st, const Cfg& cfg, const std::vector<std::int16_t>& in,
            int level_a) {
  std::vector<std::int16_t> err(kLen), out(kBeat);
  {
    Block b(cfg);
    dsp::DfeConfig dc;
    dc.taps = 0;
    dc.slicer.level_a = level_a;
    dsp::Dfe slicer(dc);
    std::vector<std::uint8_t> d(kBeat);
    for (std::size_t o = 0; o < kLen; o += kBeat) {
      b.process(std::span(in).subspan(o, kBeat), out);
      slicer.process(out, {d, {}, std::span(err).subspan(o, kBeat)});
      b.adapt(std::span<const std::int16_t>(err).subspan(o, kBeat));
    }
  }
  Block b(cfg);
  std::size_t o = 0;
  for (auto _ : st) {
    b.process(std::span(in).subspan(o, kBeat), out);
    b.adapt(std::span<const std::int16_t>(err).subspan(o, kBeat));
    benchmark::DoNotOptimize(out.data());
    o = (o + kBeat) % kLen;
  }
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations() * kBeat));
}
}  // namespace

static void BM_Ffe16(benchmark::State& st) {
  dsp::FfeConfig c;  // 16 taps, 5 pre
  c.adapt = {true, static_cast<dsp::LmsMode>(st.range(0)), 6};
  run_ff<dsp::Ffe>(st, c, adc_data(), 160);
}
BENCHMARK(BM_Ffe16)->Arg(0)->Arg(1)->Arg(2)->ArgName("mode(0=ss,1=sd,2=lms)");

static void BM_Dfe1(benchmark::State& st) {
  const auto& s = sig_data();
  dsp::DfeConfig c;
  c.taps = static_cast<int>(st.range(0));
  dsp::Dfe d(c);
  std::vector<std::uint8_t> dec(kBeat);
  std::vector<std::int16_t> z(kBeat), e(kBeat);
  std::size_t o = 0;
  for (auto _ : st) {
    d.process(std::span(s.y).subspan(o, kBeat), {dec, z, e});
    benchmark::DoNotOptimize(dec.data());
    o = (o + kBeat) % kLen;
  }
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations() * kBeat));
}
BENCHMARK(BM_Dfe1)->Arg(1)->Arg(4)->ArgName("taps");

static void BM_Volterra(benchmark::State& st) {
  nlc::VolterraConfig c;
  c.n1 = 1;
  c.n2 = static_cast<int>(st.range(0));
  c.pre2 = c.n2 / 2;
  c.n3 = static_cast<int>(st.range(1));
  c.pre3 = c.n3 / 2;
  c.adapt.mode = static_cast<dsp::LmsMode>(st.range(2));
  if (c.adapt.mode != dsp::LmsMode::kLms) c.adapt.mu_shift = 4;
  run_ff<nlc::Volterra>(st, c, sig_data().y, 256);
}
BENCHMARK(BM_Volterra)
    ->Args({5, 0, 2})
    ->Args({5, 0, 1})
    ->Args({5, 3, 2})
    ->ArgNames({"N2", "N3", "mode(1=sd,2=lms)"});

static void BM_LutNlc(benchmark::State& st) {
  nlc::LutNlcConfig c;
  c.pattern_len = static_cast<int>(st.range(0));
  run_ff<nlc::LutNlc>(st, c, sig_data().y, 256);
}
BENCHMARK(BM_LutNlc)->Arg(3)->Arg(5)->ArgName("L");

static void BM_CdrMm(benchmark::State& st) {
  const auto& s = sig_data();
  dsp::CdrMm c;
  std::vector<std::uint16_t> ph(kBeat);
  std::size_t o = 0;
  for (auto _ : st) {
    c.process(std::span(s.y).subspan(o, kBeat), std::span(s.d).subspan(o, kBeat), ph);
    benchmark::DoNotOptimize(ph.data());
    o = (o + kBeat) % kLen;
  }
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations() * kBeat));
}
BENCHMARK(BM_CdrMm);

static void BM_PatternChecker(benchmark::State& st) {
  const auto pat = static_cast<dsp::Pattern>(st.range(0));
  dsp::PatternGenerator g({pat, 0});
  std::vector<std::uint8_t> sym(kLen), flags(kBeat);
  g.process(sym);
  dsp::PatternChecker c({pat});
  std::size_t o = 0;
  for (auto _ : st) {
    c.process(std::span(sym).subspan(o, kBeat), flags);
    benchmark::DoNotOptimize(flags.data());
    o = (o + kBeat) % kLen;
    if (o == 0) {  // continue the pattern seamlessly
      g.process(sym);
    }
  }
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations() * kBeat));
}
BENCHMARK(BM_PatternChecker)->Arg(1)->Arg(2)->ArgName("pattern(1=PRBS31Q,2=SSPRQ)");

static void BM_RetimerRx(benchmark::State& st) {
  retimer::RxConfig c;
  c.nlc = static_cast<retimer::NlcKind>(st.range(0));
  c.dfe.slicer.level_a = 160;
  c.lut.level_a = 160;
  // Start from a preset that opens the eye (decision-directed adaptation, no training mode):
  // the DFE tap at the 0.45 post-cursor, or for the LUT an FFE that inverts 1 + 0.45 D.
  if (c.nlc == retimer::NlcKind::kLut) {
    c.dfe.taps = 0;
    c.ffe.init_taps.assign(16, 0);
    c.ffe.init_taps[5] = 256;
    c.ffe.init_taps[6] = -115;
    c.ffe.init_taps[7] = 52;
    c.ffe.init_taps[8] = -23;
  } else {
    c.dfe.init_taps = {72};
  }
  retimer::RetimerRx rx(c);
  const auto& adc = adc_data();
  std::vector<std::uint8_t> bits(2 * kBeat);
  std::size_t o = 0;
  for (auto _ : st) {
    rx.process(std::span(adc).subspan(o, kBeat), {bits, {}, {}, {}});
    benchmark::DoNotOptimize(bits.data());
    o = (o + kBeat) % kLen;
  }
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations() * kBeat));
  st.counters["locked"] = rx.checker().locked();
}
BENCHMARK(BM_RetimerRx)->Arg(0)->Arg(1)->Arg(2)->ArgName("nlc(0=none,1=volterra,2=lut)");

static void BM_RetimerTx(benchmark::State& st) {
  retimer::TxConfig c;
  c.precoding = true;
  c.ffe.taps = {-40, 600, -100};
  c.ffe.pre = 1;
  retimer::RetimerTx tx(c);
  std::vector<std::int16_t> dac(kBeat);
  for (auto _ : st) {
    tx.process_pattern(dac);
    benchmark::DoNotOptimize(dac.data());
  }
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations() * kBeat));
}
BENCHMARK(BM_RetimerTx);

BENCHMARK_MAIN();

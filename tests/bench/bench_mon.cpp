// Throughput of the link-health monitors (cmodel/mon): the CMIS VDM window accumulation on
// beats of 32 slicer samples, and the end-of-window computation (integer eSNR/LTP/F16/flags).
// items_per_second = symbols/s (process) or windows/s (end_window) on one core.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <span>
#include <vector>

#include "halo/mon/vdm.hpp"
#include "halo/mon/vdm_format.hpp"

using namespace halo;

namespace {
constexpr std::size_t kLen = 1 << 16;

struct Data {
  std::vector<std::int16_t> z;
  std::vector<std::uint8_t> d;
};

const Data& data() {
  static const Data x = [] {
    Data r;
    std::mt19937_64 g(1);
    std::normal_distribution<double> nd(0.0, 40.0);
    for (std::size_t i = 0; i < kLen; ++i) {
      const auto k = static_cast<std::uint8_t>(g() & 3u);
      r.d.push_back(k);
      r.z.push_back(static_cast<std::int16_t>(std::lround(256.0 * (2 * k - 3) + nd(g))));
    }
    return r;
  }();
  return x;
}

mon::VdmConfig thresholds() {
  mon::VdmConfig c;
  auto& e = c.thresholds[static_cast<std::size_t>(mon::VdmObs::kEsnr)];
  e.enabled = true;
  e.lo_alarm = 20 * 256;
  e.lo_warn = 21 * 256;
  e.hysteresis = 64;
  auto& b = c.thresholds[static_cast<std::size_t>(mon::VdmObs::kBerCur)];
  b.enabled = true;
  b.hi_warn = mon::f16_from_double(1e-4);
  b.hi_alarm = mon::f16_from_double(2.4e-4);
  return c;
}

void BM_VdmProcess(benchmark::State& st) {
  const Data& x = data();
  mon::VdmMonitor v(thresholds());
  std::size_t pos = 0, in_window = 0;
  for (auto _ : st) {
    v.process(std::span(x.z).subspan(pos, 32), std::span(x.d).subspan(pos, 32));
    pos = (pos + 32) % kLen;
    if ((in_window += 32) >= (1u << 20)) {
      benchmark::DoNotOptimize(v.end_window());
      in_window = 0;
    }
  }
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations()) * 32);
}
BENCHMARK(BM_VdmProcess);

void BM_VdmEndWindow(benchmark::State& st) {
  const Data& x = data();
  mon::VdmMonitor v(thresholds());
  for (auto _ : st) {
    st.PauseTiming();
    v.process(std::span(x.z).subspan(0, 4096), std::span(x.d).subspan(0, 4096));
    v.add_bits(8192, 1);
    v.add_codeword(3, false);
    st.ResumeTiming();
    benchmark::DoNotOptimize(v.end_window());
  }
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations()));
}
BENCHMARK(BM_VdmEndWindow);

}  // namespace

BENCHMARK_MAIN();

// COM (Annex 93A) per bundled channel, full preset equalizer grid (goal: < 5 s per channel).
// Counters: COM (dB), equalizer candidates, and PyChOpMarg's time on the same channel from
// the stored reference (tests/sim/data/com_reference_pychopmarg.json: measured on the reduced
// grid; pychopmarg_full_grid_s scales its per-candidate time to the full grid HaloLink searches).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "halo/sim/com_config.hpp"

namespace {

namespace fs = std::filesystem;
const fs::path kRoot = HALO_BENCH_SOURCE_DIR;

void run(benchmark::State& state, const char* channel, const char* preset) {
  namespace hc = halo::sim::com;
  const auto p = hc::load_preset(preset, kRoot / "sim/data/com");
  const auto ch = hc::read_channels(hc::specs_for_thru(kRoot / "sim/data/channels" / channel, true));
  hc::Result r;
  for (auto _ : state) {
    r = hc::compute(p, ch);
    benchmark::ClobberMemory();
  }
  state.counters["com_db"] = benchmark::Counter(r.com_db);
  state.counters["candidates"] = r.evaluated;
  std::ifstream in(kRoot / "tests/sim/data/com_reference_pychopmarg.json");
  if (in) {
    const auto j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_discarded() && j["channels"].contains(channel)) {
      const auto& c = j["channels"][channel];
      const double s = c.value("seconds", 0.0);
      const double n = c.value("fom_evaluations", 0.0);
      state.counters["pychopmarg_reduced_grid_s"] = s;
      if (n > 0) state.counters["pychopmarg_full_grid_s"] = s / n * r.evaluated;
    }
  }
}

void BM_ComC2mThru(benchmark::State& s) { run(s, "C2M__Z100_IL14_WC_BOR_H_L_H_THRU.s4p", "ieee8023ck_c2c"); }
void BM_ComCable(benchmark::State& s) { run(s, "CA_19p75dB_thru.s4p", "ieee8023ck_cr"); }
BENCHMARK(BM_ComC2mThru)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_ComCable)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();

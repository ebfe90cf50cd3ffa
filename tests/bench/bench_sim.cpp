// End-to-end link simulation speed: simulated symbols per second on one core for the C2M
// example (channel by pulse superposition, TX noise, RX noise, ADC, FFE 16 taps, DFE 1 tap,
// 2nd-order Volterra memory 5, Mueller-Muller CDR, KP4 decoding of every codeword's error
// pattern), with the peak resident memory (ru_maxrss) as a counter.
// Receiver: the floating-point reference receiver (halo::sim::make_float_rx) until the
// bit-exact cmodel receiver is plugged in.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <string>

#include "halo/sim/link.hpp"

namespace {

double peak_rss_mib() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

void BM_SimC2m(benchmark::State& st) {
  auto cfg = halo::sim::load_config(std::string(HALO_BENCH_SOURCE_DIR) + "/sim/configs/c2m_53g.yaml");
  cfg.symbols = static_cast<std::uint64_t>(st.range(0));
  cfg.rx.volterra = st.range(1) != 0;
  cfg.rx.volterra_memory = 5;
  const auto m = halo::sim::build_model(cfg);
  std::uint64_t syms = 0;
  for (auto _ : st) {
    const auto r = halo::sim::run_time_domain(cfg, m);
    syms += r.symbols;
    benchmark::DoNotOptimize(r.symbol_errors);
  }
  st.SetItemsProcessed(static_cast<std::int64_t>(syms));
  st.counters["Msym_per_s"] = benchmark::Counter(static_cast<double>(syms) / 1e6, benchmark::Counter::kIsRate);
  st.counters["peak_rss_MiB"] = peak_rss_mib();
}
// symbols, volterra on/off; memory is constant in the number of symbols (compare the rows)
BENCHMARK(BM_SimC2m)->Args({1000000, 1})->Args({4000000, 1})->Args({4000000, 0})->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_Statistical(benchmark::State& st) {
  auto cfg = halo::sim::load_config(std::string(HALO_BENCH_SOURCE_DIR) + "/sim/configs/c2m_53g.yaml");
  const auto m = halo::sim::build_model(cfg);
  for (auto _ : st) benchmark::DoNotOptimize(halo::sim::analyze(m.pulse, halo::sim::stat_noise(cfg, m), halo::sim::stat_options(cfg, m)).ser);
}
BENCHMARK(BM_Statistical)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

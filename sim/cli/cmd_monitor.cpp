// `halolink monitor CONFIG.yaml [--windows N] [--window-symbols M] [--seed S] [--out DIR] [--no-plots]`:
// link-health monitoring (CMIS VDM observables, thresholds, latched flags) of a simulated link
// whose conditions drift. Prints the time series as JSON on stdout, a summary with the alarms on
// stderr, and writes DIR/monitor.json and DIR/monitor.png (sim/plots/plot_monitor.py).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "commands.hpp"
#include "plot_runner.hpp"
#include "halo/sim/link_monitor.hpp"

namespace halo::cli {
namespace {

constexpr const char* kUsage =
    "usage: halolink monitor CONFIG.yaml [--windows N] [--window-symbols M] [--seed S] [--out DIR] [--no-plots]\n"
    "  Runs the configured link while monitor.drift ramps its conditions, samples the CMIS VDM\n"
    "  monitor once per window (eSNR, LTP, pre-FEC BER, FERC, FEC tail; thresholds and latched\n"
    "  flags), prints the series as JSON and writes DIR/monitor.json and DIR/monitor.png\n"
    "  (default DIR: out/monitor).\n";

std::uint64_t integer(const std::string& opt, const std::string& v) {
  try {
    std::size_t used = 0;
    const long long x = std::stoll(v, &used);
    if (used != v.size() || x < 0) throw 0;
    return static_cast<std::uint64_t>(x);
  } catch (...) {
    throw UsageError("option " + opt + ": expected a non-negative integer, got '" + v + "'");
  }
}

}  // namespace

int cmd_monitor(const Args& a) {
  std::string file, out = "out/monitor";
  bool plots = true;
  std::optional<std::uint64_t> windows, wsym, seed;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto val = [&]() -> std::string {
      if (i + 1 >= a.size()) throw UsageError("option " + a[i] + " needs a value");
      return a[++i];
    };
    if (a[i] == "--help" || a[i] == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (a[i] == "--windows") windows = integer("--windows", val());
    else if (a[i] == "--window-symbols") wsym = integer("--window-symbols", val());
    else if (a[i] == "--seed") seed = integer("--seed", val());
    else if (a[i] == "--out") out = val();
    else if (a[i] == "--no-plots") plots = false;
    else if (file.empty() && a[i].rfind("--", 0) != 0) file = a[i];
    else throw UsageError("unexpected argument '" + a[i] + "'\n" + kUsage);
  }
  if (file.empty()) throw UsageError(std::string("CONFIG.yaml is required\n") + kUsage);
  sim::MonitorConfig cfg = sim::load_monitor_config(file);
  if (windows) {
    if (*windows < 1 || *windows > 10000) throw UsageError("--windows: expected 1..10000");
    cfg.windows = static_cast<unsigned>(*windows);
  }
  if (wsym) {
    if (*wsym < 1000 || *wsym > (1u << 24)) throw UsageError("--window-symbols: expected 1000..16777216");
    cfg.window_symbols = *wsym;
  }
  if (seed) cfg.link.seed = *seed;
  const auto series = sim::run_monitor(cfg);
  const auto j = sim::monitor_json(cfg, series);
  std::filesystem::create_directories(out);
  const std::string path = (std::filesystem::path(out) / "monitor.json").string();
  std::ofstream(path) << j.dump(1) << "\n";
  std::printf("%s\n", j.dump(1).c_str());
  std::fprintf(stderr, "monitor: %s: %u windows of %llu symbols (%.3f us each), time-domain BER %.3e\n",
               cfg.link.name.c_str(), cfg.windows, static_cast<unsigned long long>(cfg.window_symbols),
               j["window_us"].get<double>(), series.td.ber);
  for (const auto& e : series.events)
    std::fprintf(stderr, "monitor: window %u: %s %s %s (value %.4g)\n", e.window, e.observable.c_str(),
                 e.flag.c_str(), e.edge.c_str(), e.value);
  if (series.events.empty()) std::fprintf(stderr, "monitor: no threshold crossed\n");
  if (plots) {
    const std::string err = run_plot("plot_monitor.py", {path, out});
    if (!err.empty())
      std::fprintf(stderr, "monitor: warning: plot not written (python3 with matplotlib needed: %s)\n", err.c_str());
  }
  std::fprintf(stderr, "monitor: wrote %s\n", path.c_str());
  return 0;
}

}  // namespace halo::cli

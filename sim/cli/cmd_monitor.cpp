// `halolink monitor CONFIG.yaml [--windows N] [--window-symbols M] [--seed S] [--out DIR] [--no-plots]`:
// link-health monitoring (CMIS VDM observables, thresholds, latched flags) of a simulated link
// whose conditions drift. Prints the time series as JSON on stdout, a summary with the alarms on
// stderr, and writes DIR/monitor.json and DIR/monitor.png (sim/plots/plot_monitor.py).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "atomic_file.hpp"
#include "commands.hpp"
#include "halo/config/schemas.hpp"
#include "plot_runner.hpp"
#include "halo/sim/link_monitor.hpp"
#include "options.hpp"

namespace halo::cli {
namespace {

constexpr const char* kUsage =
    "usage: halolink monitor CONFIG.yaml [--windows N] [--window-symbols M] [--seed S] [--out DIR] [--no-plots]\n"
    "  Runs the configured link while monitor.drift ramps its conditions, samples the CMIS VDM\n"
    "  monitor once per window (eSNR, LTP, pre-FEC BER, FERC, FEC tail; thresholds and latched\n"
    "  flags), prints the series as JSON and writes DIR/monitor.json and DIR/monitor.png\n"
    "  (default DIR: out/monitor).\n";

using Windows = Count<1, 10000>;
using WindowSymbols = Count<1000, (1u << 24)>;
using Seed = Count<0, UINT64_MAX>;

}  // namespace

int cmd_monitor(const Args& a) {
  po::options_description d("options");
  d.add_options()("help,h", "this help")(
      "windows", arg<Windows>("N"), help<Windows>("monitor windows (default: the config's)").c_str())(
      "window-symbols", arg<WindowSymbols>("M"), help<WindowSymbols>("symbols per window (default: the config's)").c_str())(
      "seed", arg<Seed>("S"), help<Seed>("random seed (default: the config's)").c_str())(
      "out", po::value<std::string>()->value_name("DIR")->default_value("out/monitor"), "output directory")(
      "no-plots", "do not draw monitor.png");
  const auto vm = parse_options(a, d, kUsage, "halolink monitor", "CONFIG.yaml",
                                 halo::config::config_sections_help(halo::config::ConfigKind::kMonitor));
  const std::string file = vm["file"].as<std::string>(), out = vm["out"].as<std::string>();
  const bool plots = vm.count("no-plots") == 0;
  const std::string path = (std::filesystem::path(out) / "monitor.json").string();
  refuse_same_file({{"config file", file}}, {{"monitor file", path}});
  sim::MonitorConfig cfg = sim::load_monitor_config(file);
  if (vm.count("windows")) cfg.windows = static_cast<unsigned>(get<Windows>(vm, "windows"));
  if (vm.count("window-symbols")) cfg.window_symbols = get<WindowSymbols>(vm, "window-symbols");
  if (vm.count("seed")) cfg.link.seed = get<Seed>(vm, "seed");
  const auto series = sim::run_monitor(cfg);
  const auto j = sim::monitor_json(cfg, series);
  std::filesystem::create_directories(out);
  write_file_atomic(path, j.dump(1) + "\n");
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

// `halolink compare CONFIG.yaml --out DIR [--no-plots] [--json-only]`: DSP-retimed versus LPO
// link comparison (BER/CER/FLR, power, latency, cluster roll-up, public claims). Writes
// DIR/compare.json, report.md, report.html and the PNG plots (sim/plots/plot_compare.py), and
// prints the summary table.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "atomic_file.hpp"
#include "commands.hpp"
#include "halo/config/schemas.hpp"
#include "plot_runner.hpp"
#include "halo/sim/compare_report.hpp"
#include "halo/sim/compare_run.hpp"
#include "options.hpp"

namespace halo::cli {
namespace {

constexpr const char* kUsage =
    "usage: halolink compare CONFIG.yaml --out DIR [--no-plots]\n"
    "  Simulates the DSP-retimed and the LPO link on the configured channels, runs the power,\n"
    "  latency and cluster models and writes DIR/{compare.json,report.md,report.html,*.png}.\n";

}  // namespace

int cmd_compare(const Args& a) {
  po::options_description d("options");
  d.add_options()("help,h", "this help")("out", po::value<std::string>()->value_name("DIR"), "output directory (required)")(
      "no-plots", "do not draw the PNG plots");
  const auto vm = parse_options(a, d, kUsage, "halolink compare", "CONFIG.yaml",
                                 halo::config::config_sections_help(halo::config::ConfigKind::kCompare));
  if (!vm.count("out")) throw UsageError("option '--out' is required (see halolink compare --help)");
  const std::string file = vm["file"].as<std::string>(), out = vm["out"].as<std::string>();
  const bool plots = vm.count("no-plots") == 0;
  const std::filesystem::path dir(out);
  refuse_same_file({{"config file", file}}, {{"report file", (dir / "compare.json").string()},
                                             {"report file", (dir / "report.md").string()},
                                             {"report file", (dir / "report.html").string()}});
  const auto t0 = std::chrono::steady_clock::now();
  const sim::CompareConfig cfg = sim::load_compare_config(file);
  const auto r = sim::run_compare(cfg, [](const std::string& s) { std::fprintf(stderr, "compare: %s\n", s.c_str()); });
  std::filesystem::create_directories(dir);
  write_file_atomic((dir / "compare.json").string(), r.dump(2));
  write_file_atomic((dir / "report.md").string(), sim::report_markdown(r));
  write_file_atomic((dir / "report.html").string(), sim::report_html(r));
  if (plots) {
    const std::string err = run_plot("plot_compare.py", {(std::filesystem::path(out) / "compare.json").string(), out});
    if (!err.empty())
      std::fprintf(stderr, "compare: warning: plots not written (python3 with matplotlib needed: %s)\n", err.c_str());
  }
  std::fputs(sim::summary_table(r).c_str(), stdout);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("\nreport: %s/report.md (report.html, compare.json, PNG plots); %.1f s\n", out.c_str(), s);
  return 0;
}

}  // namespace halo::cli

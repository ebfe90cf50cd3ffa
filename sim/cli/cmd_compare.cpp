// `halolink compare CONFIG.yaml --out DIR [--no-plots] [--json-only]`: DSP-retimed versus LPO
// link comparison (BER/CER/FLR, power, latency, cluster roll-up, public claims). Writes
// DIR/compare.json, report.md, report.html and the PNG plots (sim/plots/plot_compare.py), and
// prints the summary table.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "commands.hpp"
#include "plot_runner.hpp"
#include "halo/sim/compare_report.hpp"

namespace halo::cli {
namespace {

constexpr const char* kUsage =
    "usage: halolink compare CONFIG.yaml --out DIR [--no-plots]\n"
    "  Simulates the DSP-retimed and the LPO link on the configured channels, runs the power,\n"
    "  latency and cluster models and writes DIR/{compare.json,report.md,report.html,*.png}.\n";

}  // namespace

int cmd_compare(const Args& a) {
  std::string file, out;
  bool plots = true;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] == "--help" || a[i] == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (a[i] == "--out") {
      if (i + 1 >= a.size()) throw UsageError("option --out needs a value");
      out = a[++i];
    } else if (a[i] == "--no-plots") {
      plots = false;
    } else if (file.empty() && a[i].rfind("--", 0) != 0) {
      file = a[i];
    } else {
      throw UsageError("unexpected argument '" + a[i] + "'\n" + kUsage);
    }
  }
  if (file.empty() || out.empty()) throw UsageError(std::string("CONFIG.yaml and --out DIR are required\n") + kUsage);
  const auto t0 = std::chrono::steady_clock::now();
  const sim::CompareConfig cfg = sim::load_compare_config(file);
  const auto r = sim::run_compare(cfg, [](const std::string& s) { std::fprintf(stderr, "compare: %s\n", s.c_str()); });
  sim::write_report(r, out);
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

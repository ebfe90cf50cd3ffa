// `halolink compare CONFIG.yaml --out DIR [--no-plots] [--json-only]`: DSP-retimed versus LPO
// link comparison (BER/CER/FLR, power, latency, cluster roll-up, public claims). Writes
// DIR/compare.json, report.md, report.html and the PNG plots (sim/plots/plot_compare.py), and
// prints the summary table.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

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
    "usage: halolink compare CONFIG.yaml --out DIR [--no-plots] [--with CONFIG2.yaml ...]\n"
    "  Simulates the DSP-retimed and the LPO link (and the LRO where configured) on the configured\n"
    "  channels, runs the power, latency and cluster models and writes\n"
    "  DIR/{compare.json,report.md,report.html,*.png}. Each --with config (e.g. another generation)\n"
    "  runs too, into DIR/<its name>/, and DIR/generations.md puts all runs side by side.\n";

}  // namespace

int cmd_compare(const Args& a) {
  po::options_description d("options");
  d.add_options()("help,h", "this help")("out", po::value<std::string>()->value_name("DIR"), "output directory (required)")(
      "no-plots", "do not draw the PNG plots")(
      "with", po::value<std::vector<std::string>>()->composing()->value_name("CONFIG"),
      "also run this config (repeatable) and write DIR/generations.md side by side");
  const auto vm = parse_options(a, d, kUsage, "halolink compare", "CONFIG.yaml",
                                 halo::config::config_sections_help(halo::config::ConfigKind::kCompare));
  if (!vm.count("out")) throw UsageError("option '--out' is required (see halolink compare --help)");
  const std::string file = vm["file"].as<std::string>(), out = vm["out"].as<std::string>();
  const bool plots = vm.count("no-plots") == 0;
  const std::filesystem::path dir(out);
  refuse_same_file({{"config file", file}}, {{"report file", (dir / "compare.json").string()},
                                             {"report file", (dir / "report.md").string()},
                                             {"report file", (dir / "report.html").string()}});
  std::vector<std::string> more;
  if (vm.count("with")) more = vm["with"].as<std::vector<std::string>>();
  // load every config first: a bad one stops the command before anything runs
  std::vector<sim::CompareConfig> cfgs = {sim::load_compare_config(file)};
  for (const auto& f : more) cfgs.push_back(sim::load_compare_config(f));
  for (std::size_t i = 1; i < cfgs.size(); ++i)
    for (std::size_t k = 0; k < i; ++k)
      if (cfgs[i].name == cfgs[k].name)
        throw UsageError("--with " + more[i - 1] + ": its name '" + cfgs[i].name + "' is also the name of " +
                         (k == 0 ? file : more[k - 1]) + " (each run writes DIR/<name>/; give the configs distinct names)");
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<nlohmann::json> results;
  for (std::size_t i = 0; i < cfgs.size(); ++i) {
    const std::filesystem::path d = i == 0 ? dir : dir / cfgs[i].name;
    const auto r = sim::run_compare(cfgs[i], [](const std::string& s) { std::fprintf(stderr, "compare: %s\n", s.c_str()); });
    std::filesystem::create_directories(d);
    write_file_atomic((d / "compare.json").string(), r.dump(2));
    write_file_atomic((d / "report.md").string(), sim::report_markdown(r));
    write_file_atomic((d / "report.html").string(), sim::report_html(r));
    if (plots) {
      const std::string err = run_plot("plot_compare.py", {(d / "compare.json").string(), d.string()});
      if (!err.empty())
        std::fprintf(stderr, "compare: warning: plots not written (python3 with matplotlib needed: %s)\n", err.c_str());
    }
    if (i > 0) std::fputs("\n", stdout);
    std::fputs(sim::summary_table(r).c_str(), stdout);
    std::fflush(stdout);  // before the next run's progress lines on stderr (one log when both go to a file)
    results.push_back(r);
  }
  if (results.size() > 1) {
    std::string md = "# HaloLink: generations side by side\n\nEach column is one `halolink compare` run (its report: "
                     "the folder named after the run; the first run's report is in this folder). Every cell is a "
                     "field of that run's compare.json.\n\n" +
                     sim::generations_table(results, true);
    if (plots) {
      std::vector<std::string> args = {out};
      for (std::size_t i = 0; i < cfgs.size(); ++i)
        args.push_back(((i == 0 ? dir : dir / cfgs[i].name) / "compare.json").string());
      const std::string err = run_plot("plot_generations.py", args);
      if (err.empty()) md += "\n![generations side by side](generations.png)\n";
      else std::fprintf(stderr, "compare: warning: generations.png not written (%s)\n", err.c_str());
    }
    write_file_atomic((dir / "generations.md").string(), md);
    std::fputs("\nGenerations side by side:\n", stdout);
    std::fputs(sim::generations_table(results).c_str(), stdout);
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("\nreport: %s/report.md (report.html, compare.json, PNG plots)%s; %.1f s\n", out.c_str(),
              results.size() > 1 ? ", generations.md and one folder per --with run" : "", s);
  return 0;
}

}  // namespace halo::cli

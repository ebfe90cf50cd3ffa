// `halolink com CONFIG.yaml|CHANNEL.s4p [--preset NAME] [--out DIR] [--no-xtalk] [--plots]`:
// Channel Operating Margin (IEEE 802.3 Annex 93A) with a standard's parameter table
// (sim/data/com/*.yaml, docs/com.md). Prints COM, its terms and the equalizer found; with --out
// writes DIR/com.json (and, with --plots, DIR/com_pulse.png and DIR/com_budget.png).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "atomic_file.hpp"
#include "commands.hpp"
#include "halo/config/schemas.hpp"
#include "halo/sim/com_config.hpp"
#include "options.hpp"
#include "plot_runner.hpp"

namespace halo::cli {
namespace {

constexpr const char* kUsage =
    "usage: halolink com CONFIG.yaml|CHANNEL.s4p [--preset NAME] [--out DIR] [--no-xtalk] [--plots]\n"
    "       halolink com --list-presets\n"
    "  Channel Operating Margin (IEEE 802.3 Annex 93A) of a channel with the parameter table of a\n"
    "  preset (802.3ck KR/CR/C2C, 802.3dj KR/CR; sim/data/com/, docs/com.md). A THRU .s4p brings\n"
    "  its FEXT<n>/NEXT<n> siblings as aggressors (--no-xtalk: none). Default preset: ieee8023ck_c2c.\n";

namespace fs = std::filesystem;

fs::path preset_dir() { return sim::com::installed_preset_dir(); }

}  // namespace

int cmd_com(const Args& a) {
  po::options_description d("options");
  d.add_options()("help,h", "this help")("preset", po::value<std::string>()->value_name("NAME"),
                                         "parameter table: a name in the presets folder or a .yaml file")(
      "out", po::value<std::string>()->value_name("DIR"), "write DIR/com.json (and plots)")(
      "no-xtalk", "ignore the crosstalk siblings of a THRU .s4p")("plots", "draw DIR/com_pulse.png and DIR/com_budget.png")(
      "list-presets", "print the preset names and their sources");
  if (a.size() == 1 && a[0] == "--list-presets") {
    const auto dir = preset_dir();
    for (const auto& n : sim::com::preset_names(dir)) {
      const auto p = sim::com::load_preset(n, dir);
      std::printf("%-18s %s\n", n.c_str(), p.source.c_str());
    }
    return 0;
  }
  const auto vm = parse_options(a, d, kUsage, "halolink com", "CONFIG.yaml|CHANNEL.s4p",
                                halo::config::config_sections_help(halo::config::ConfigKind::kCom));
  const std::string file = vm["file"].as<std::string>();
  const std::string preset = vm.count("preset") ? vm["preset"].as<std::string>() : "";
  const bool plots = vm.count("plots") != 0;
  if (plots && !vm.count("out")) throw UsageError("--plots needs --out DIR");
  const fs::path dir = preset_dir();
  sim::com::Config cfg;
  const std::string ext = fs::path(file).extension().string();
  if (ext == ".yaml" || ext == ".yml") {
    // --preset replaces the config's preset; the config's overrides stay
    cfg = sim::com::load_config(file, dir, preset.empty() ? "ieee8023ck_c2c" : preset, !preset.empty());
    if (cfg.channels.empty()) throw UsageError(file + ": no `channel:` section (give channel.thru.file)");
  } else {
    cfg.params = sim::com::load_preset(preset.empty() ? "ieee8023ck_c2c" : preset, dir);
    cfg.channels = sim::com::specs_for_thru(file, vm.count("no-xtalk") == 0);
  }
  std::string json_path;
  if (vm.count("out")) {
    json_path = (fs::path(vm["out"].as<std::string>()) / "com.json").string();
    std::vector<NamedFile> ins{{"input", file}};
    for (const auto& s : cfg.channels) ins.push_back({"channel file", s.file.string()});
    refuse_same_file(ins, {{"COM JSON", json_path}});
  }
  const auto channels = sim::com::read_channels(cfg.channels);
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = sim::com::compute(cfg.params, channels);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto& t = r.terms;
  std::printf("COM %.2f dB  (%s; package case %u, z_p1 %.1f mm; %zu channel(s): ", r.com_db, cfg.params.name.c_str(),
              r.case_index + 1, r.zp1_mm, channels.size());
  for (std::size_t i = 0; i < channels.size(); ++i) std::printf("%s%s", i ? ", " : "", channels[i].name.c_str());
  std::printf(")\n");
  std::printf("  available signal A_s  %8.3f mV\n  noise+interference    %8.3f mV at DER_0 %.1e\n", t.as_v * 1e3,
              t.ani_v * 1e3, cfg.params.der0);
  std::printf("  sigma ISI %.3f, crosstalk %.3f, jitter %.3f, TX noise %.3f, RX noise %.3f mV rms\n", t.sigma_isi * 1e3,
              t.sigma_xt * 1e3, t.sigma_jitter * 1e3, t.sigma_tx * 1e3, t.sigma_rx * 1e3);
  std::printf("  TX FFE [");
  for (std::size_t i = 0; i < r.tx_taps.size(); ++i) std::printf("%s%.3f", i ? ", " : "", r.tx_taps[i]);
  std::printf("]  CTLE g_DC %.1f dB, g_DC2 %.1f dB  DFE [", r.g_dc_db, r.g_dc2_db);
  for (std::size_t i = 0; i < r.dfe_taps.size(); ++i) std::printf("%s%.3f", i ? ", " : "", r.dfe_taps[i]);
  std::printf("]  FOM %.2f dB\n", t.fom_db);
  std::printf("  per package case:");
  for (double c : r.case_com_db) std::printf(" %.2f", c);
  std::printf(" dB  (%u equalizer candidates, %.2f s)\n", r.evaluated, secs);
  if (!json_path.empty()) {
    fs::create_directories(fs::path(json_path).parent_path());
    write_file_atomic(json_path, sim::com::to_json(r, cfg.params, true) + "\n");
    std::fprintf(stderr, "com: wrote %s\n", json_path.c_str());
    if (plots) {
      const std::string err = run_plot("plot_com.py", {json_path, fs::path(json_path).parent_path().string()});
      if (!err.empty()) std::fprintf(stderr, "com: warning: plots not written (python3 with matplotlib needed: %s)\n", err.c_str());
    }
  }
  return 0;
}

}  // namespace halo::cli

// `halolink tdecq CONFIG.yaml|WAVEFORM.txt [--preset NAME] [--out DIR] [--plots] ...`: TDECQ
// (IEEE 802.3 121.8.5, docs/tdecq.md) of the optical transmitter of a link config (its
// waveform at the fiber output) or of a waveform file. Prints TDECQ, outer OMA and the
// reference equalizer; with --out writes DIR/tdecq.json (and, with --plots, DIR/tdecq_eye.png:
// the eye with its histograms at the two sampling instants).
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <string>

#include "atomic_file.hpp"
#include "commands.hpp"
#include "halo/config/schemas.hpp"
#include "halo/sim/link_config.hpp"
#include "halo/sim/tdecq.hpp"
#include "options.hpp"
#include "plot_runner.hpp"

namespace halo::cli {
namespace {

constexpr const char* kUsage =
    "usage: halolink tdecq CONFIG.yaml|WAVEFORM.txt [--preset NAME] [--out DIR] [--plots] [options]\n"
    "       halolink tdecq --list-presets\n"
    "  TDECQ (IEEE 802.3 121.8.5) of an optical PAM4 transmitter: of the link config's optical\n"
    "  front end (driver, modulator, RIN, fiber; waveform at the fiber output) or of a waveform\n"
    "  file (format in docs/tdecq.md). Default preset: by symbol rate (802.3cd 100G, 802.3dj 200G).\n";

using Symbols = Count<1000, 4194304>;
using Seed = Count<0, 18446744073709551615ull>;
using Taps = Count<1, 41>;

}  // namespace

int cmd_tdecq(const Args& a) {
  if (a.size() == 1 && a[0] == "--list-presets") {
    for (const auto& n : sim::tdecq::preset_names()) std::printf("%-18s %s\n", n.c_str(), sim::tdecq::preset(n).source.c_str());
    return 0;
  }
  po::options_description d("options");
  d.add_options()("help,h", "this help")("preset", po::value<std::string>()->value_name("NAME"),
                                         "method parameters (halolink tdecq --list-presets)")(
      "symbols", arg<Symbols>("N"), help<Symbols>("config input: pattern length in symbols (default 16384)").c_str())(
      "seed", arg<Seed>("S"), help<Seed>("config input: pattern seed (default: the config's)").c_str())(
      "temperature", arg<Real<-60, 150>>("C"), help<Real<-60, 150>>("config input: device temperature (C)").c_str())(
      "target-ser", arg<Real<0, 1, Ends::open_low>>("P"), help<Real<0, 1, Ends::open_low>>("target SER (preset's)").c_str())(
      "taps", arg<Taps>("N"), help<Taps>("reference equalizer taps (preset's)").c_str())(
      "ref-bw-ghz", arg<Real<0, 1000>>("F"),
      help<Real<0, 1000>>("reference receiver 3 dB frequency; 0: the waveform already went through it").c_str())(
      "scope-noise", arg<Real<0, 1000>>("S"), help<Real<0, 1000>>("sigma_S of the capture, waveform units (default 0)").c_str())(
      "out", po::value<std::string>()->value_name("DIR"), "write DIR/tdecq.json (and the plot)")(
      "plots", "draw DIR/tdecq_eye.png (python3 + matplotlib)")(
      "write-waveform", po::value<std::string>()->value_name("FILE"), "write the analysed waveform in the file format")(
      "list-presets", "print the preset names and their sources");
  const auto vm = parse_options(a, d, kUsage, "halolink tdecq", "CONFIG.yaml|WAVEFORM.txt",
                                halo::config::config_sections_help(halo::config::ConfigKind::kLink));
  namespace fs = std::filesystem;
  const std::string file = vm["file"].as<std::string>();
  const bool plots = vm.count("plots") != 0;
  if (plots && !vm.count("out")) throw UsageError("--plots needs --out DIR");
  std::string json_path, wave_path;
  std::vector<NamedFile> outs;
  if (vm.count("out")) {
    json_path = (fs::path(vm["out"].as<std::string>()) / "tdecq.json").string();
    outs.push_back({"TDECQ JSON", json_path});
  }
  if (vm.count("write-waveform")) {
    wave_path = vm["write-waveform"].as<std::string>();
    outs.push_back({"waveform file", wave_path});
  }
  refuse_same_file({{"input", file}}, outs);

  sim::tdecq::Waveform w;
  bool optical_power = false;
  const std::string ext = fs::path(file).extension().string();
  if (ext == ".yaml" || ext == ".yml") {
    sim::LinkConfig cfg = sim::load_config(file);
    if (vm.count("seed")) cfg.seed = get<Seed>(vm, "seed");
    sim::validate(cfg, file);
    if (!cfg.optical.enabled) throw UsageError(file + ": optical.enabled is false: TDECQ needs an optical link");
    const double t = vm.count("temperature") ? get<Real<-60, 150>>(vm, "temperature") : std::numeric_limits<double>::quiet_NaN();
    w = sim::tdecq::link_waveform(cfg, vm.count("symbols") ? get<Symbols>(vm, "symbols") : 16384, cfg.seed, t);
    optical_power = true;
  } else {
    for (const char* o : {"symbols", "seed", "temperature"})
      if (vm.count(o)) throw UsageError(std::string("option '--") + o + "': only for a config input (see `halolink tdecq` --help)");
    try {
      w = sim::tdecq::read_waveform(file);
    } catch (const sim::tdecq::WaveformError& e) {
      throw UsageError(e.what());
    }
  }
  sim::tdecq::Params p;
  try {
    p = vm.count("preset") ? sim::tdecq::preset(vm["preset"].as<std::string>()) : sim::tdecq::preset_for_rate(w.symbol_rate_hz);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  if (vm.count("preset")) {  // the preset's reference receiver, at this waveform's rate
    p.ref_rx_bw_hz *= w.symbol_rate_hz / p.symbol_rate_hz;
    p.symbol_rate_hz = w.symbol_rate_hz;
  }
  if (vm.count("target-ser")) {
    p.target_ser = get<Real<0, 1, Ends::open_low>>(vm, "target-ser");
    if (p.target_ser >= 0.75) throw UsageError("option '--target-ser': expected a number in (0, 0.75), found " + std::to_string(p.target_ser));
  }
  if (vm.count("taps")) {
    p.ffe_taps = static_cast<unsigned>(get<Taps>(vm, "taps"));
    p.max_main_index = std::min(p.max_main_index, p.ffe_taps - 1);
  }
  if (vm.count("ref-bw-ghz")) p.ref_rx_bw_hz = get<Real<0, 1000>>(vm, "ref-bw-ghz") * 1e9;
  if (vm.count("scope-noise")) p.scope_noise = get<Real<0, 1000>>(vm, "scope-noise");
  if (!wave_path.empty()) {
    if (fs::path(wave_path).has_parent_path()) fs::create_directories(fs::path(wave_path).parent_path());
    write_file_atomic(wave_path, sim::tdecq::format_waveform(w));
  }
  sim::tdecq::Result r;
  try {
    r = sim::tdecq::analyze(p, w);
  } catch (const std::invalid_argument& e) {
    throw UsageError(w.source + ": " + e.what());
  }
  auto oma = [&](double v) {
    char b[96];
    if (optical_power) std::snprintf(b, sizeof b, "%.4f mW (%.2f dBm)", v * 1e3, 10 * std::log10(v * 1e3));
    else std::snprintf(b, sizeof b, "%.6g (waveform units)", v);
    return std::string(b);
  };
  if (std::isfinite(r.tdecq_db))
    std::printf("TDECQ %.2f dB  (%s, limit %.1f dB: %s; %zu symbols of %s)\n", r.tdecq_db, p.name.c_str(), p.tdecq_max_db,
                r.tdecq_db <= p.tdecq_max_db ? "meets" : "EXCEEDS", r.symbols, w.source.c_str());
  else
    std::printf("TDECQ inf dB: eye closed, no noise can be added at SER %.2e  (%s; %zu symbols of %s)\n", p.target_ser,
                p.name.c_str(), r.symbols, w.source.c_str());
  std::printf("  outer OMA %s, P_ave %s\n", oma(r.oma_outer).c_str(), oma(r.p_ave).c_str());
  std::printf("  sigma_G %.4g, sigma_ideal %.4g (Q_t %.3f at SER %.2e), C_eq %.4f, SER left/right %.2e / %.2e\n", r.sigma_g,
              r.sigma_ideal, r.q_t, p.target_ser, r.c_eq, r.ser_left, r.ser_right);
  std::printf("  reference equalizer (%u taps, main tap %u) [", p.ffe_taps, r.main_index);
  for (std::size_t i = 0; i < r.taps.size(); ++i) std::printf("%s%.4f", i ? ", " : "", r.taps[i]);
  std::printf("]; histograms at %.3f and %.3f UI from the cursor\n", r.centre_ui - p.hist_offset_ui, r.centre_ui + p.hist_offset_ui);
  if (!json_path.empty()) {
    fs::create_directories(fs::path(json_path).parent_path());
    auto j = sim::tdecq::to_json(r, p);
    j["source"] = w.source;
    j["units"] = optical_power ? "W" : "waveform";
    write_file_atomic(json_path, j.dump() + "\n");
    std::fprintf(stderr, "tdecq: wrote %s\n", json_path.c_str());
    if (plots) {
      const std::string err = run_plot("plot_tdecq.py", {json_path, fs::path(json_path).parent_path().string()});
      if (!err.empty()) std::fprintf(stderr, "tdecq: warning: plot not written (python3 with matplotlib needed: %s)\n", err.c_str());
    }
  }
  return 0;
}

}  // namespace halo::cli

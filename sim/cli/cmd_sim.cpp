// `halolink sim CONFIG.yaml [--symbols N] [--seed S] [--out DIR] [--statistical] [--plots] [--dump-adc FILE]`
// `halolink sim pulse FILE.sNp [--baud GBD] [--osr N] [--ports P] [--out FILE.json]`
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

#include "adc_dump.hpp"
#include "atomic_file.hpp"
#include "commands.hpp"
#include "halo/config/schemas.hpp"
#include "plot_runner.hpp"
#include "halo/sim/link.hpp"
#include "options.hpp"

namespace halo::cli {
namespace {

constexpr const char* kUsage =
    "usage: halolink sim CONFIG.yaml [--symbols N] [--seed S] [--shard K] [--out DIR] [--statistical] [--plots] [--dump-adc FILE]\n"
    "       halolink sim pulse FILE.sNp [--baud GBD] [--osr N] [--ports in+,in-,out+,out-] [--out FILE.json]\n";

using Symbols = Count<1, 1000000000000>;
using Seed = Count<0, UINT64_MAX>;
using Shard = Count<0, 1000000>;
using Baud = Real<0, 1000, Ends::open_low>;
using Osr = Count<1, 1024>;

int cmd_pulse(const Args& a) {
  po::options_description d("options");
  d.add_options()("help,h", "this help")(
      "baud", arg<Baud>("GBD")->default_value({53.125}), help<Baud>("symbol rate in GBd").c_str())(
      "osr", arg<Osr>("N")->default_value({32}), help<Osr>("samples per symbol").c_str())(
      "ports", po::value<std::string>()->value_name("LIST")->default_value(""), "in+,in-,out+,out- (default: detected)")(
      "out", po::value<std::string>()->value_name("FILE.json")->default_value(""), "write the impulse and pulse responses here (JSON)");
  const auto vm = parse_options(a, d, kUsage, "halolink sim pulse", "FILE.sNp");
  const std::string file = vm["file"].as<std::string>(), ports = vm["ports"].as<std::string>();
  const std::string out = vm["out"].as<std::string>();
  const double baud = get<Baud>(vm, "baud");
  const auto osr = static_cast<unsigned>(get<Osr>(vm, "osr"));
  if (!out.empty()) refuse_same_file({{"Touchstone file", file}}, {{"--out file", out}});
  const auto sp = sim::read_touchstone(file);
  const auto map = ports.empty() ? sim::detect_port_map(sp) : sim::parse_port_map(ports, sp.num_ports);
  const auto r = sim::sdd21(sp, map);
  sim::ImpulseOptions io;
  io.fs_hz = baud * 1e9 * osr;
  const auto ir = sim::impulse_response(&r, {}, io);
  const auto p = sim::pulse_response(ir, osr);
  nlohmann::json j = {{"file", file}, {"ports", map.str()}, {"baud_gbd", baud}, {"osr", osr},
                      {"sdd21_nyquist_db", sim::loss_db_nearest(r, baud * 0.5e9)},
                      {"delay_s", ir.delay_s}, {"dt_s", ir.dt_s}, {"acausal_energy", ir.acausal_energy},
                      {"impulse", ir.h}, {"pulse", p}};
  std::printf("%s: ports %s, SDD21 at %.4f GHz = %.3f dB, pulse peak %.4f, delay %.1f ps\n", file.c_str(),
              map.str().c_str(), baud / 2, sim::loss_db_nearest(r, baud * 0.5e9),
              *std::max_element(p.begin(), p.end()), ir.delay_s * 1e12);
  if (!out.empty()) write_file_atomic(out, j.dump() + "\n");
  return 0;
}

void progress_bar(double f) {
  static int last = -1;
  const int pct = static_cast<int>(f * 100);
  if (pct == last) return;
  last = pct;
  const int w = 40, fill = static_cast<int>(f * w);
  std::fprintf(stderr, "\r[%.*s%*s] %3d%%", fill, "########################################", w - fill, "", pct);
  if (pct >= 100) std::fprintf(stderr, "\n");
}

}  // namespace

int cmd_sim(const Args& a) {
  if (a.empty()) throw UsageError(kUsage);
  if (a[0] == "pulse") return cmd_pulse(Args(a.begin() + 1, a.end()));
  po::options_description d("options");
  d.add_options()("help,h", "this help")(
      "symbols", arg<Symbols>("N"), help<Symbols>("time-domain symbols (default: the config's)").c_str())(
      "seed", arg<Seed>("S"), help<Seed>("random seed (default: the config's)").c_str())(
      "shard", arg<Shard>("K"), help<Shard>("Monte Carlo shard: random streams jumped K x 2^192 draws (default 0)").c_str())(
      "out", po::value<std::string>()->value_name("DIR")->default_value("out/sim"), "output directory (results.json, plots)")(
      "statistical", "statistical analysis only (no time-domain run)")("plots", "draw the plots (python3 + matplotlib)")(
      "dump-adc", po::value<std::string>()->value_name("FILE")->default_value(""),
      "write the time-domain run's ADC codes here (HALO_COSIM_ADC_FILE format, docs/sim.md)");
  const auto vm = parse_options(a, d, kUsage, "halolink sim", "CONFIG.yaml",
                                 halo::config::config_sections_help(halo::config::ConfigKind::kLink));
  const std::string cfg_file = vm["file"].as<std::string>(), out_dir = vm["out"].as<std::string>();
  const bool statistical = vm.count("statistical") > 0, plots = vm.count("plots") > 0;
  std::optional<std::uint64_t> symbols, seed;
  if (vm.count("symbols")) symbols = get<Symbols>(vm, "symbols");
  if (vm.count("seed")) seed = get<Seed>(vm, "seed");
  const std::uint64_t shard = vm.count("shard") ? get<Shard>(vm, "shard") : 0;
  const std::string path = out_dir + "/results.json", dump = vm["dump-adc"].as<std::string>();
  refuse_same_file({{"config file", cfg_file}}, {{"results file", path}});
  sim::LinkConfig cfg = sim::load_config(cfg_file);
  if (symbols) cfg.symbols = *symbols;
  if (seed) cfg.seed = *seed;
  cfg.shard = shard;
  sim::validate(cfg, cfg_file);
  std::optional<AdcDump> dumper;
  if (!dump.empty()) {
    if (statistical) throw UsageError("option '--dump-adc': needs the time-domain run, not --statistical (see `halolink sim` --help)");
    if (cfg.sweep) throw UsageError("option '--dump-adc': " + cfg_file + " is a sweep (sweep.parameter); dump one link (see `halolink sim` --help)");
    if (dump == "-") throw UsageError("option '--dump-adc': expected a file name, found '-'");
    std::vector<NamedFile> inputs{{"config file", cfg_file}};
    auto channel_file = [&](const std::filesystem::path& f) {
      inputs.push_back({"channel file", (f.is_relative() ? cfg.base_dir / f : f).string()});
    };
    for (const auto& seg : cfg.channel) channel_file(seg.file);
    for (const auto& ag : cfg.crosstalk) channel_file(ag.channel.file);
    refuse_same_file(inputs, {{"results file", path}, {"--dump-adc file", dump}});
    dumper.emplace(dump, cfg_file, cfg);
  }
  std::filesystem::create_directories(out_dir);
  const bool tty = isatty(2);
  std::vector<double> points = cfg.sweep ? cfg.sweep->values : std::vector<double>{NAN};
  nlohmann::json all = nlohmann::json::array();
  for (double pv : points) {
    sim::LinkConfig c = cfg;
    if (cfg.sweep) sim::set_parameter(c, cfg.sweep->parameter, pv);
    const sim::LinkModel m = sim::build_model(c);
    std::optional<sim::StatResult> st;
    if (!m.optical) {
      st = sim::analyze(m.pulse, sim::stat_noise(c, m), sim::stat_options(c, m));
    } else if (statistical) {
      st = sim::analyze_optical(c, m);
      std::fprintf(stderr, "halolink sim: optical link: least-squares linear pulse + the calibrated nonlinear distortion "
                           "as a per-level PDF (within ~3x of the time domain in the tested corners, see docs/sim.md); "
                           "the time-domain run is the reference\n");
    }
    std::optional<sim::TdResult> td;
    if (!statistical) {
      sim::Progress pr;
      if (tty && c.symbols >= 2000000) pr = progress_bar;
      sim::TdHooks hooks;
      if (dumper) hooks.block = [&](const sim::TdBlockView& v) { dumper->block(v); };
      td = sim::run_time_domain(c, m, pr, nullptr, dumper ? &hooks : nullptr);
      if (dumper) dumper->trailer(td->rx);
    }
    auto j = sim::to_json(c, m, st ? &*st : nullptr, td ? &*td : nullptr);
    if (cfg.sweep) j["sweep"] = {{"parameter", cfg.sweep->parameter}, {"value", pv}};
    std::string line = c.name;
    if (cfg.sweep) line += " " + cfg.sweep->parameter + "=" + std::to_string(pv);
    for (std::size_t s = 0; s < m.segment_loss_db.size(); ++s)
      std::printf("%s: %s SDD21(Nyquist) = %.2f dB\n", c.name.c_str(), m.segment_info[s].c_str(), m.segment_loss_db[s]);
    if (st) std::printf("%s: statistical SER %.3e BER %.3e SNR %.2f dB\n", line.c_str(), st->ser, st->ber, st->snr_db);
    if (td)
      std::printf("%s: time domain %llu symbols, SER %.3e (%llu errors) BER %.3e, KP4 codewords %llu uncorrectable %llu, "
                  "CDR phase %.3f +- %.3f UI, %.2f Msym/s\n",
                  line.c_str(), static_cast<unsigned long long>(td->measured), td->ser,
                  static_cast<unsigned long long>(td->symbol_errors), td->ber,
                  static_cast<unsigned long long>(td->codewords), static_cast<unsigned long long>(td->uncorrectable),
                  td->phase_mean_ui, td->phase_std_ui, static_cast<double>(td->symbols) / td->seconds / 1e6);
    all.push_back(j);
  }
  write_file_atomic(path, (cfg.sweep ? all : all[0]).dump(1) + "\n");
  std::printf("results: %s\n", path.c_str());
  if (dumper) {
    dumper->commit();
    std::printf("ADC codes: %s (%llu codes)\n", dump.c_str(), static_cast<unsigned long long>(dumper->codes()));
  }
  if (plots) {
    const std::string err = run_plot("plot_results.py", {path, out_dir});
    if (!err.empty()) std::fprintf(stderr, "halolink sim: plotting failed (%s)\n", err.c_str());
  }
  return 0;
}

}  // namespace halo::cli

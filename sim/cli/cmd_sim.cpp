// `halolink sim CONFIG.yaml [--symbols N] [--seed S] [--out DIR] [--statistical] [--plots]`
// `halolink sim pulse FILE.sNp [--baud GBD] [--osr N] [--ports P] [--out FILE.json]`
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "commands.hpp"
#include "plot_runner.hpp"
#include "halo/sim/link.hpp"

namespace halo::cli {
namespace {

constexpr const char* kUsage =
    "usage: halolink sim CONFIG.yaml [--symbols N] [--seed S] [--out DIR] [--statistical] [--plots]\n"
    "       halolink sim pulse FILE.sNp [--baud GBD] [--osr N] [--ports in+,in-,out+,out-] [--out FILE.json]\n";

std::string value(const Args& a, std::size_t& i) {
  if (i + 1 >= a.size()) throw UsageError("option " + a[i] + " needs a value");
  return a[++i];
}

double number(const std::string& opt, const std::string& v) {
  try {
    std::size_t used = 0;
    const double x = std::stod(v, &used);
    if (used != v.size()) throw 0;
    return x;
  } catch (...) {
    throw UsageError("option " + opt + ": expected a number, got '" + v + "'");
  }
}

int cmd_pulse(const Args& a) {
  std::string file, ports, out;
  double baud = 53.125;
  unsigned osr = 32;
  for (std::size_t i = 1; i < a.size(); ++i) {
    if (a[i] == "--baud") baud = number("--baud", value(a, i));
    else if (a[i] == "--osr") osr = static_cast<unsigned>(number("--osr", value(a, i)));
    else if (a[i] == "--ports") ports = value(a, i);
    else if (a[i] == "--out") out = value(a, i);
    else if (file.empty()) file = a[i];
    else throw UsageError(std::string("unexpected argument '") + a[i] + "'\n" + kUsage);
  }
  if (file.empty()) throw UsageError(kUsage);
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
  if (!out.empty()) std::ofstream(out) << j.dump() << "\n";
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
  if (a.empty() || a[0] == "--help" || a[0] == "-h") {
    std::fputs(kUsage, a.empty() ? stderr : stdout);
    return a.empty() ? 2 : 0;
  }
  if (a[0] == "pulse") return cmd_pulse(a);
  std::string cfg_file, out_dir = "out/sim";
  std::optional<std::uint64_t> symbols, seed;
  bool statistical = false, plots = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] == "--symbols") symbols = static_cast<std::uint64_t>(number("--symbols", value(a, i)));
    else if (a[i] == "--seed") seed = static_cast<std::uint64_t>(number("--seed", value(a, i)));
    else if (a[i] == "--out") out_dir = value(a, i);
    else if (a[i] == "--statistical") statistical = true;
    else if (a[i] == "--plots") plots = true;
    else if (cfg_file.empty() && a[i][0] != '-') cfg_file = a[i];
    else throw UsageError("unexpected argument '" + a[i] + "'\n" + kUsage);
  }
  if (cfg_file.empty()) throw UsageError(kUsage);
  sim::LinkConfig cfg = sim::load_config(cfg_file);
  if (symbols) cfg.symbols = *symbols;
  if (seed) cfg.seed = *seed;
  sim::validate(cfg, cfg_file);
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
      td = sim::run_time_domain(c, m, pr);
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
  const std::string path = out_dir + "/results.json";
  std::ofstream(path) << (cfg.sweep ? all : all[0]).dump(1) << "\n";
  std::printf("results: %s\n", path.c_str());
  if (plots) {
    const std::string err = run_plot("plot_results.py", {path, out_dir});
    if (!err.empty()) std::fprintf(stderr, "halolink sim: plotting failed (%s)\n", err.c_str());
  }
  return 0;
}

}  // namespace halo::cli

// halolink: command-line front end. `halolink <area> <verb> [options]`; `--help` anywhere.
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>

#include "commands.hpp"

namespace {

struct Area {
  std::string_view name;
  std::string_view summary;
  int (*run)(const halo::cli::Args&);
};

constexpr Area kAreas[] = {
    {"fec", "KP4/KR4 RS-FEC: encode, decode, flr (analytic post-FEC), bench", halo::cli::cmd_fec},
    {"compare", "DSP-retimed vs LPO: CONFIG.yaml --out DIR (BER/CER/FLR, power, latency, cluster, claims)", halo::cli::cmd_compare},
    {"monitor", "link-health monitoring: CONFIG.yaml [--windows N] [--window-symbols M] (CMIS VDM time series, alarms)", halo::cli::cmd_monitor},
    {"fpga", "on-FPGA BER emulator over UART: run|read --port DEV (JSON counters)", halo::cli::cmd_fpga},
    {"com", "channel operating margin (IEEE 802.3 Annex 93A): CONFIG.yaml|CHANNEL.s4p [--preset NAME] [--out DIR]", halo::cli::cmd_com},
    {"tdecq", "optical TX eye closure (IEEE 802.3 121.8.5): CONFIG.yaml|WAVEFORM.txt [--preset NAME] [--out DIR] [--plots]", halo::cli::cmd_tdecq},
    {"sim", "link simulator: CONFIG.yaml (time domain, --statistical, sweeps), pulse FILE.sNp", halo::cli::cmd_sim},
};

void usage(std::FILE* out) {
  std::fprintf(out, "usage: halolink <area> <verb> [options]   (halolink <area> --help)\n\nareas:\n");
  for (const auto& a : kAreas)
    std::fprintf(out, "  %-10.*s %.*s\n", static_cast<int>(a.name.size()), a.name.data(),
                 static_cast<int>(a.summary.size()), a.summary.data());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  const std::string_view area = argv[1];
  if (area == "--help" || area == "-h" || area == "help") {
    usage(stdout);
    return 0;
  }
  for (const auto& a : kAreas) {
    if (a.name != area) continue;
    try {
      return a.run(halo::cli::Args(argv + 2, argv + argc));
    } catch (const halo::cli::HelpShown&) {
      return 0;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "halolink %s: error: %s\n", argv[1], e.what());
      return 2;
    }
  }
  std::fprintf(stderr, "halolink: unknown area '%s'\n", argv[1]);
  usage(stderr);
  return 2;
}

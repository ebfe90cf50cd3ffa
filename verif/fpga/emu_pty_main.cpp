// halo_emu_pty: the verilated BER emulator top behind a pseudo-terminal (emu_pty_bridge.hpp),
// and the bit-exact model's expected counters for a run.
//   halo_emu_pty [--seconds S] [--link PATH]      serve; prints "PTY <path>"
//   halo_emu_pty --expect SEED CODEWORDS AMP C1 C2 INJ_THRESH BURST CORRECT NOISE INJ
//                                                 prints the model counters, one per line
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "emu_model.hpp"
#include "emu_pty_bridge.hpp"

int main(int argc, char** argv) {
  try {
    halo::verif::PtyBridgeOptions o;
    for (int i = 1; i < argc; ++i) {
      const std::string a = argv[i];
      if (a == "--seconds" && i + 1 < argc) {
        o.max_seconds = std::atof(argv[++i]);
      } else if (a == "--link" && i + 1 < argc) {
        o.link_path = argv[++i];
      } else if (a == "--expect" && i + 10 < argc) {
        halo::verif::EmuConfig c;
        auto u = [&](int k) { return static_cast<std::uint32_t>(std::strtoul(argv[i + k], nullptr, 0)); };
        c.seed = u(1);
        c.codewords = u(2);
        c.amp = u(3);
        c.c1 = static_cast<int>(std::strtol(argv[i + 4], nullptr, 0));
        c.c2 = static_cast<int>(std::strtol(argv[i + 5], nullptr, 0));
        c.inj_thresh = u(6);
        c.inj_burst = u(7);
        c.correct = u(8) != 0;
        c.noise_en = u(9) != 0;
        c.inj_en = u(10) != 0;
        const auto m = halo::verif::run_emu_model(c);  // the KP4 build's 27 counters
        for (unsigned i = 0; i < halo::verif::kNumCounters; ++i)
          std::printf("%llu\n", static_cast<unsigned long long>(m[i]));
        return 0;
      } else {
        std::fprintf(stderr, "usage: halo_emu_pty [--seconds S] [--link PATH] | --expect ...\n");
        return 2;
      }
    }
    return halo::verif::run_pty_bridge(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "halo_emu_pty: %s\n", e.what());
    return 1;
  }
}

// Subcommands of the `halolink` command. Each area implements one entry point in its own
// cmd_<area>.cpp; main.cpp dispatches on the first argument.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace halo::cli {

/// Arguments after the area name (e.g. for `halolink fec decode -i x`, {"decode","-i","x"}).
using Args = std::vector<std::string>;

/// `halolink fec encode|decode|flr|bench`. Returns the process exit code.
int cmd_fec(const Args& args);

/// `halolink sim CONFIG.yaml [...]` and `halolink sim pulse FILE.sNp`. Returns the exit code.
int cmd_sim(const Args& args);

/// `halolink compare CONFIG.yaml --out DIR`: DSP-retimed versus LPO report. Returns the exit code.
int cmd_compare(const Args& args);

/// `halolink monitor CONFIG.yaml [...]`: CMIS VDM link-health time series of a drifting link.
int cmd_monitor(const Args& args);

/// `halolink fpga run|read --port DEV`: the on-FPGA BER emulator's counters over UART
/// (docs/fpga.md). Returns the exit code.
int cmd_fpga(const Args& args);

/// `halolink com CONFIG.yaml|CHANNEL.s4p [--preset NAME] [--out DIR]`: COM (Annex 93A).
int cmd_com(const Args& args);

/// `halolink tdecq CONFIG.yaml|WAVEFORM.txt [--out DIR]`: TDECQ (IEEE 802.3 121.8.5).
int cmd_tdecq(const Args& args);

/// Thrown after --help was printed: the command exits with 0.
struct HelpShown {};

/// Thrown for a usage or input error: main prints "halolink: <what>" and exits with 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace halo::cli

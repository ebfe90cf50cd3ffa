// The verilated BER emulator top (P = 1, UART divider 4) behind a POSIX pseudo-terminal:
// bytes written to the terminal are bit-banged into the top's rx_i, bytes the top sends
// on tx_o appear on the terminal. Lets `halolink fpga` (or any serial program) talk to the
// simulated FPGA without hardware (docs/fpga.md).
#pragma once

#include <string>

namespace halo::verif {

struct PtyBridgeOptions {
  double max_seconds = 600;     ///< stop after this wall time
  std::string link_path;        ///< if set, a symlink to the slave device is created here
};

/// Opens a pty, prints "PTY <slave path>" on stdout, then runs the model until
/// max_seconds elapse or the process is terminated. Returns 0, or throws
/// std::runtime_error when the pty cannot be created.
int run_pty_bridge(const PtyBridgeOptions& opt);

}  // namespace halo::verif

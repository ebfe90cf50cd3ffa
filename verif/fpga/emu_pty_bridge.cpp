// Pseudo-terminal bridge to the verilated BER emulator top (emu_pty_bridge.hpp).
#include "emu_pty_bridge.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "Vemu_top_p1.h"
#include "uart_host.hpp"

namespace halo::verif {

int run_pty_bridge(const PtyBridgeOptions& opt) {
  const int fd = posix_openpt(O_RDWR | O_NOCTTY);
  if (fd < 0 || grantpt(fd) != 0 || unlockpt(fd) != 0)
    throw std::runtime_error(std::string("cannot create a pseudo-terminal: ") + std::strerror(errno));
  const char* slave = ptsname(fd);
  if (slave == nullptr) throw std::runtime_error("ptsname failed");
  // raw mode on the slave side (no echo, no line discipline)
  const int sfd = open(slave, O_RDWR | O_NOCTTY);
  if (sfd >= 0) {
    termios t{};
    tcgetattr(sfd, &t);
    cfmakeraw(&t);
    tcsetattr(sfd, TCSANOW, &t);
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  std::string path = slave;
  if (!opt.link_path.empty()) {
    unlink(opt.link_path.c_str());
    if (symlink(slave, opt.link_path.c_str()) != 0)
      throw std::runtime_error("cannot create symlink " + opt.link_path);
    path = opt.link_path;
  }
  auto top = std::make_unique<Vemu_top_p1>();
  UartHost<Vemu_top_p1> uart(*top, 4);
  uart.ticks(40);  // power-on reset of the top before any byte can arrive
  std::printf("PTY %s\n", path.c_str());
  std::fflush(stdout);
  const auto t0 = std::chrono::steady_clock::now();
  std::uint8_t buf[256];
  for (std::uint64_t it = 0;; ++it) {
    const ssize_t n = read(fd, buf, sizeof buf);
    for (ssize_t i = 0; i < n; ++i) uart.queue(buf[i]);
    uart.ticks(256);
    std::uint8_t b;
    while (uart.take(b)) {
      if (write(fd, &b, 1) != 1) break;
    }
    if ((it & 1023) == 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() > opt.max_seconds)
      break;
  }
  if (sfd >= 0) close(sfd);
  close(fd);
  if (!opt.link_path.empty()) unlink(opt.link_path.c_str());
  return 0;
}

}  // namespace halo::verif

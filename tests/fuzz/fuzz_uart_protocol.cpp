// libFuzzer harness of the BER emulator's host register protocol
// (halo::fpga::EmuRegClient, fpga/host/include/halo/fpga/emu_uart.hpp): the input is the
// device's side of the line. The first byte picks the operations (read, write, counter),
// the rest are the replies. Checks: a read returns exactly the 4 reply bytes (little endian),
// a write accepts only 'K', every command sent is well formed, and running out of reply
// bytes is the transport's error, never undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <stdexcept>
#include <vector>

#include "halo/fpga/emu_uart.hpp"

namespace {

struct ReplayLink {
  std::span<const std::uint8_t> in;
  std::vector<std::uint8_t> sent;
  void send(std::span<const std::uint8_t> b) { sent.insert(sent.end(), b.begin(), b.end()); }
  void recv(std::span<std::uint8_t> out, const char* /*what*/) {
    if (in.size() < out.size()) throw std::runtime_error("no reply");
    for (auto& b : out) { b = in.front(); in = in.subspan(1); }
  }
};

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  ReplayLink link{std::span<const std::uint8_t>(data + 1, size - 1), {}};
  halo::fpga::EmuRegClient<ReplayLink> regs(link);
  const unsigned ops = data[0];
  for (unsigned k = 0; k < 4; ++k) {
    const unsigned op = (ops >> (2 * k)) & 3u;
    const auto before = link.in;
    const std::size_t sent0 = link.sent.size();
    try {
      if (op == 0) {
        const std::uint32_t v = regs.read(halo::fpga::kStatus);
        check(v == (before[0] | (before[1] << 8) | (before[2] << 16) |
                    (static_cast<std::uint32_t>(before[3]) << 24)));
        check(link.sent.size() == sent0 + 2 && link.sent[sent0] == halo::fpga::kCmdRead);
      } else if (op == 1) {
        regs.write(halo::fpga::kSeed, 0x01020304u);
        check(before[0] == halo::fpga::kAck);  // accepted only with 'K'
        check(link.sent.size() == sent0 + 6 && link.sent[sent0] == halo::fpga::kCmdWrite &&
              link.sent[sent0 + 2] == 0x04 && link.sent[sent0 + 5] == 0x01);
      } else {
        const std::uint64_t c = regs.counter(op);
        const std::uint64_t lo = before[0] | (before[1] << 8) | (before[2] << 16) |
                                 (static_cast<std::uint64_t>(before[3]) << 24);
        const std::uint64_t hi = before[4] | (before[5] << 8) | (before[6] << 16) |
                                 (static_cast<std::uint64_t>(before[7]) << 24);
        check(c == (lo | (hi << 32)));
        check(link.sent[sent0 + 1] == halo::fpga::counter_lo_addr(op) &&
              link.sent[sent0 + 3] == halo::fpga::counter_hi_addr(op));
      }
    } catch (const halo::fpga::EmuProtocolError&) {
      check(op == 1 && !before.empty() && before[0] != halo::fpga::kAck);
      return 0;
    } catch (const std::runtime_error&) {
      return 0;  // replies exhausted
    }
  }
  return 0;
}

// `halolink fpga run|read`: drives the on-FPGA BER emulator (fpga/ber_emulator) over its
// UART register interface (protocol and register map: docs/fpga.md) and prints the FEC
// statistics as JSON with the keys of `halolink fec decode --stats` / FecMonitor, plus the
// pre-/post-FEC bit error counts and ratios; for the concatenated 802.3dj variant
// (CONFIG.concat = 1) also the inner-FEC counters 27..31 under "inner".
#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <thread>

#include "commands.hpp"
#include "halo/fpga/emu_uart.hpp"
#include "options.hpp"

using nlohmann::json;

namespace halo::cli {
namespace {

constexpr const char* kFpgaUsage =
    "usage: halolink fpga <verb> --port DEV [--baud B] [--timeout S] [options]\n"
    "  run   configure, start, wait until the run ends, print the counters (JSON)\n"
    "  read  print the current counters (JSON)\n"
    "DEV is the serial device of the board (e.g. /dev/ttyUSB1) or a pseudo-terminal\n"
    "(halo_emu_pty serves the verilated emulator on one). Protocol: docs/fpga.md.\n";

constexpr std::uint32_t kId = fpga::kIdValue;  // "HLBE"
constexpr unsigned kNumCounters = 27;       // KP4 counters 0..26
constexpr unsigned kNumCatCounters = 32;    // + the concatenated variant's inner counters 27..31
const char* const kInnerKeys[5] = {"codewords", "corrected_codewords", "uncorrectable_codewords",
                                   "pre_inner_bit_errors", "post_inner_bit_errors"};
const char* const kCounterKeys[10] = {
    "codewords", "corrected_codewords", "uncorrectable_codewords", "corrected_symbols",
    "corrected_bits", "symbol_errors", "pre_fec_bit_errors", "pre_fec_symbol_errors",
    "post_fec_bit_errors", "hi_ser_windows"};

speed_t baud_constant(unsigned baud) {
  switch (baud) {
    case 9600: return B9600;
    case 19200: return B19200;
    case 38400: return B38400;
    case 57600: return B57600;
    case 115200: return B115200;
    case 230400: return B230400;
    case 460800: return B460800;
    case 921600: return B921600;
    case 1000000: return B1000000;
    case 2000000: return B2000000;
    case 3000000: return B3000000;
    default:
      throw UsageError("option '--baud': found '" + std::to_string(baud) +
                       "', expected one of 9600 19200 38400 57600 115200 230400 460800 921600 "
                       "1000000 2000000 3000000");
  }
}

/// The emulator's register protocol (halo/fpga/emu_uart.hpp) on a POSIX serial port (8N1, raw).
class EmuPort {
 public:
  EmuPort(const std::string& dev, unsigned baud, double timeout_s) : dev_(dev), timeout_ms_(static_cast<int>(timeout_s * 1000)) {
    const speed_t sp = baud_constant(baud);
    fd_ = open(dev.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (fd_ < 0) throw std::runtime_error("cannot open serial port '" + dev + "': " + std::strerror(errno));
    termios t{};
    if (tcgetattr(fd_, &t) == 0) {  // a plain file pair or FIFO has no termios: skip
      cfmakeraw(&t);
      t.c_cflag |= CLOCAL | CREAD;
      t.c_cflag &= ~(CSTOPB | PARENB);
      cfsetispeed(&t, sp);
      cfsetospeed(&t, sp);
      if (tcsetattr(fd_, TCSANOW, &t) != 0)
        throw std::runtime_error("cannot configure serial port '" + dev + "': " + std::strerror(errno));
      tcflush(fd_, TCIOFLUSH);
    }
  }
  ~EmuPort() { if (fd_ >= 0) close(fd_); }
  EmuPort(const EmuPort&) = delete;
  EmuPort& operator=(const EmuPort&) = delete;

  void write_reg(std::uint8_t addr, std::uint32_t v) {
    try {
      regs_.write(addr, v);
    } catch (const fpga::EmuProtocolError& e) {
      throw std::runtime_error("serial port '" + dev_ + "': " + e.what());
    }
  }
  std::uint32_t read_reg(std::uint8_t addr) { return regs_.read(addr); }
  std::uint64_t counter(unsigned i) { return regs_.counter(i); }

  // byte transport of fpga::EmuRegClient
  void send(std::span<const std::uint8_t> bytes) {
    const std::uint8_t* p = bytes.data();
    std::size_t n = bytes.size();
    while (n > 0) {
      const ssize_t w = ::write(fd_, p, n);
      if (w < 0 && errno != EAGAIN && errno != EINTR)
        throw std::runtime_error("write to serial port '" + dev_ + "' failed: " + std::strerror(errno));
      if (w > 0) { p += w; n -= static_cast<std::size_t>(w); }
      else std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  void recv(std::span<std::uint8_t> out, const char* what) {
    std::uint8_t* p = out.data();
    std::size_t n = out.size();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms_);
    while (n > 0) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
      if (left <= 0)
        throw std::runtime_error("serial port '" + dev_ + "': no reply to " + what + " within " +
                                 std::to_string(timeout_ms_) + " ms (bitstream loaded? --baud right?)");
      pollfd pf{fd_, POLLIN, 0};
      if (poll(&pf, 1, static_cast<int>(left)) <= 0) continue;
      const ssize_t r = ::read(fd_, p, n);
      if (r > 0) { p += r; n -= static_cast<std::size_t>(r); }
      else if (r < 0 && errno != EAGAIN && errno != EINTR)
        throw std::runtime_error("read from serial port '" + dev_ + "' failed: " + std::strerror(errno));
      else std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

 private:
  std::string dev_;
  int fd_ = -1;
  int timeout_ms_;
  fpga::EmuRegClient<EmuPort> regs_{*this};
};

json read_stats(EmuPort& port) {
  const std::uint32_t id = port.read_reg(fpga::kId);
  if (id != kId) throw std::runtime_error("unexpected device ID 0x" + [&] {
      char b[16]; std::snprintf(b, sizeof b, "%08x", id); return std::string(b); }() + " (expected 0x484c4245, the HaloLink BER emulator)");
  const std::uint32_t cfg = port.read_reg(fpga::kConfig), status = port.read_reg(fpga::kStatus);
  const bool concat = (cfg & fpga::kConfigConcatMask) != 0;
  std::uint64_t c[kNumCatCounters] = {};
  for (unsigned i = 0; i < (concat ? kNumCatCounters : kNumCounters); ++i) c[i] = port.counter(i);
  json h = json::array();
  for (unsigned i = 0; i < 17; ++i) h.push_back(c[10 + i]);
  json j = {{"code", "kp4"}};
  for (unsigned i = 0; i < 6; ++i) j[kCounterKeys[i]] = c[i];
  j["symbol_error_histogram"] = h;
  j["symbol_error_histogram_bins"] = "0..15 symbol errors, then >15 (uncorrectable)";
  j["hi_ser"] = (status & 2u) != 0;
  j["hi_ser_windows"] = c[9];
  for (unsigned i = 6; i < 9; ++i) j[kCounterKeys[i]] = c[i];
  const double coded = 5440.0 * static_cast<double>(c[0]), info = 5140.0 * static_cast<double>(c[0]);
  j["pre_fec_bits"] = 5440 * c[0];
  j["post_fec_bits"] = 5140 * c[0];
  j["pre_fec_ber"] = coded > 0 ? static_cast<double>(c[6]) / coded : 0.0;
  j["post_fec_ber"] = info > 0 ? static_cast<double>(c[8]) / info : 0.0;
  j["device"] = {{"symbols_per_clock", cfg & 0xffu}, {"counter_bits", (cfg >> 8) & 0xffu},
                 {"noise_channel", ((cfg >> 16) & 1u) != 0}, {"busy", (status & 1u) != 0},
                 {"frame_error", (status & 4u) != 0}, {"concatenated", concat}};
  if (concat) {
    // Clause 177 inner FEC (docs/fpga.md, "Concatenated variant"): 128 line bits and 120
    // message bits per inner codeword
    const bool chase = (cfg & fpga::kConfigInnerChaseMask) != 0;
    json in = {{"code", "inner"},
               {"decoder", chase ? "chase" : "hard"}};
    if (chase) in["chase_l"] = (cfg & fpga::kConfigChaseLMask) >> fpga::kConfigChaseLShift;
    for (unsigned i = 0; i < 5; ++i) in[kInnerKeys[i]] = c[27 + i];
    const double line = 128.0 * static_cast<double>(c[27]), msg = 120.0 * static_cast<double>(c[27]);
    in["pre_inner_bits"] = 128 * c[27];
    in["post_inner_bits"] = 120 * c[27];
    in["pre_inner_ber"] = line > 0 ? static_cast<double>(c[30]) / line : 0.0;
    in["post_inner_ber"] = msg > 0 ? static_cast<double>(c[31]) / msg : 0.0;
    j["inner"] = in;
  }
  return j;
}

}  // namespace

int cmd_fpga(const Args& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << kFpgaUsage;
    return args.empty() ? 2 : 0;
  }
  const std::string verb = args[0];
  if (verb != "run" && verb != "read") throw UsageError("unknown fpga verb '" + verb + "'\n" + kFpgaUsage);
  using Baud = Count<1, 3000000>;
  using Timeout = Real<0, 3600, Ends::open_low>;
  using Word = Count<0, UINT32_MAX>;
  using Seconds = Real<0, 86400>;
  using Amp = Count<0, 4095>;
  using Tap = Integer<-2048, 2047>;
  using Ser = Real<0, 1, Ends::open_high>;
  using Burst = Count<1, 255>;
  po::options_description d("options");
  d.add_options()("help,h", "this help")
      ("port", po::value<std::string>()->value_name("DEV")->required(), "serial device (or pseudo-terminal)")
      ("baud", arg<Baud>("B")->default_value({115200}), "baud rate (8N1): 9600, 19200, ... 3000000")
      ("timeout", arg<Timeout>("S")->default_value({2.0}), help<Timeout>("seconds to wait for each reply").c_str())
      ("seed", arg<Word>("N")->default_value({1}), help<Word>("LFSR seed").c_str())
      ("codewords", arg<Word>("N")->default_value({1000}), help<Word>("codewords to run (0: until --seconds)").c_str())
      ("seconds", arg<Seconds>("S")->default_value({0}), help<Seconds>("with --codewords 0: run time").c_str())
      ("amp", arg<Amp>("A")->default_value({0}), help<Amp>("noise channel: main-cursor amplitude (noise sigma = 104.5)").c_str())
      ("c1", arg<Tap>("C")->default_value({0}), help<Tap>("noise channel: first post-cursor ISI tap").c_str())
      ("c2", arg<Tap>("C")->default_value({0}), help<Tap>("noise channel: second post-cursor ISI tap").c_str())
      ("ser", arg<Ser>("P")->default_value({0}), help<Ser>("injector: probability that a symbol-error burst starts at a symbol").c_str())
      ("burst", arg<Burst>("N")->default_value({1}), help<Burst>("injector: burst length in symbols").c_str())
      ("bypass", "decoder bypass-correction mode (detect and count only)");
  const auto vm = parse_options(Args(args.begin() + 1, args.end()), d, kFpgaUsage, "halolink fpga " + verb);
  const double timeout = get<Timeout>(vm, "timeout");
  const auto baud = static_cast<unsigned>(get<Baud>(vm, "baud"));
  baud_constant(baud);  // an unsupported rate is a usage error before the port is opened
  EmuPort port(vm["port"].as<std::string>(), baud, timeout);
  if (verb == "run") {
    const auto amp = static_cast<unsigned>(get<Amp>(vm, "amp")), burst = static_cast<unsigned>(get<Burst>(vm, "burst"));
    const auto c1 = static_cast<int>(get<Tap>(vm, "c1")), c2 = static_cast<int>(get<Tap>(vm, "c2"));
    const double ser = get<Ser>(vm, "ser");
    const auto cws = static_cast<std::uint32_t>(get<Word>(vm, "codewords"));
    const double secs = get<Seconds>(vm, "seconds");
    if (cws == 0 && !(secs > 0)) throw UsageError("--codewords 0 needs --seconds > 0");
    const std::uint32_t thresh = static_cast<std::uint32_t>(std::min(ser * 4294967296.0, 4294967295.0));
    const std::uint32_t flags = (vm.count("bypass") ? 0u : 2u) | (amp > 0 ? 4u : 0u) | (ser > 0 ? 8u : 0u);
    if (port.read_reg(0x00) != kId) throw std::runtime_error("the device on the port is not the HaloLink BER emulator");
    port.write_reg(0x02, flags);
    port.write_reg(0x05, static_cast<std::uint32_t>(get<Word>(vm, "seed")));
    port.write_reg(0x06, cws);
    port.write_reg(0x07, thresh);
    port.write_reg(0x08, burst);
    port.write_reg(0x09, amp);
    port.write_reg(0x0A, static_cast<std::uint32_t>(c1) & 0xfffu);
    port.write_reg(0x0B, static_cast<std::uint32_t>(c2) & 0xfffu);
    port.write_reg(0x03, 1);
    port.write_reg(0x02, flags | 1u);
    const auto t0 = std::chrono::steady_clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
    if (cws == 0) {
      std::this_thread::sleep_for(std::chrono::duration<double>(secs));
      port.write_reg(0x02, flags);  // stop after the current codeword
    }
    while (port.read_reg(0x04) & 1u) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    json j = read_stats(port);
    j["seconds"] = elapsed();
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << read_stats(port).dump(2) << "\n";
  }
  return 0;
}

}  // namespace halo::cli

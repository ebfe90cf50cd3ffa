// Register protocol of the BER emulator's UART (fpga/ber_emulator, docs/fpga.md), the one
// host-side implementation: `halolink fpga` (a serial port) and the co-simulation host
// (verif/fpga/uart_host.hpp, a bit-banged verilated top) both use it.
//
//   write: host sends 'W' (0x57), addr, d0, d1, d2, d3 (little endian) -> device sends 'K'
//   read:  host sends 'R' (0x52), addr                                  -> device sends d0..d3
// addr is the register's word address (emu_regs.hpp). A 64-bit counter i is read low word
// first (address kCounterBase + 2i), which latches its high word for the next read
// (kCounterBase + 2i + 1).
//
// Header-only, standard library only.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>

#include "halo/fpga/emu_regs.hpp"

namespace halo::fpga {

inline constexpr std::uint8_t kCmdWrite = 0x57;  ///< 'W'
inline constexpr std::uint8_t kCmdRead = 0x52;   ///< 'R'
inline constexpr std::uint8_t kAck = 0x4B;       ///< 'K', the write acknowledge

/// A reply that breaks the protocol (wrong acknowledge byte); the transport's own errors
/// (timeouts, I/O) are its exceptions.
class EmuProtocolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The 6-byte write command for register `addr`.
constexpr std::array<std::uint8_t, 6> encode_write(std::uint8_t addr, std::uint32_t v) noexcept {
  return {kCmdWrite, addr, static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v >> 8),
          static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 24)};
}
/// The 2-byte read command for register `addr`.
constexpr std::array<std::uint8_t, 2> encode_read(std::uint8_t addr) noexcept { return {kCmdRead, addr}; }
/// The 32-bit value of a read reply (4 bytes, little endian).
constexpr std::uint32_t decode_word(std::span<const std::uint8_t, 4> b) noexcept {
  return static_cast<std::uint32_t>(b[0]) | (static_cast<std::uint32_t>(b[1]) << 8) |
         (static_cast<std::uint32_t>(b[2]) << 16) | (static_cast<std::uint32_t>(b[3]) << 24);
}
/// Word addresses of counter i's low and high words.
constexpr std::uint8_t counter_lo_addr(unsigned i) noexcept {
  return static_cast<std::uint8_t>(kCounterBase + 2 * i);
}
constexpr std::uint8_t counter_hi_addr(unsigned i) noexcept {
  return static_cast<std::uint8_t>(kCounterBase + 2 * i + 1);
}

/// Register access over a byte transport. Transport must provide
///   void send(std::span<const std::uint8_t> bytes);          // all bytes, in order
///   void recv(std::span<std::uint8_t> out, const char* what); // exactly out.size() bytes or throw
/// (`what` names the awaited reply for the transport's timeout message).
template <class Transport>
class EmuRegClient {
 public:
  explicit EmuRegClient(Transport& t) noexcept : t_(t) {}

  /// Writes register `addr`; throws EmuProtocolError if the device does not answer 'K'.
  void write(std::uint8_t addr, std::uint32_t v) {
    const auto m = encode_write(addr, v);
    t_.send(std::span<const std::uint8_t>(m));
    std::array<std::uint8_t, 1> a{};
    t_.recv(std::span<std::uint8_t>(a), "write acknowledge");
    if (a[0] != kAck)
      throw EmuProtocolError("write of register " + std::to_string(addr) +
                             " not acknowledged (expected byte 75 'K', got " + std::to_string(a[0]) + ")");
  }
  /// Reads register `addr`.
  std::uint32_t read(std::uint8_t addr) {
    const auto m = encode_read(addr);
    t_.send(std::span<const std::uint8_t>(m));
    std::array<std::uint8_t, 4> b{};
    t_.recv(std::span<std::uint8_t>(b), "register read");
    return decode_word(std::span<const std::uint8_t, 4>(b));
  }
  /// 64-bit counter i (low word first: it latches the high word).
  std::uint64_t counter(unsigned i) {
    const std::uint64_t lo = read(counter_lo_addr(i));
    return lo | (static_cast<std::uint64_t>(read(counter_hi_addr(i))) << 32);
  }

 private:
  Transport& t_;
};

}  // namespace halo::fpga

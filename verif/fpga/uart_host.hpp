// Host side of the BER emulator's UART, bit-banged on a verilated ber_emulator_top
// (pins clk_i, rx_i, tx_o): sends bytes on rx_i, decodes tx_o every clock, and speaks the
// register protocol of docs/fpga.md through the one host implementation,
// halo::fpga::EmuRegClient (fpga/host/include/halo/fpga/emu_uart.hpp).
#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <stdexcept>
#include <string>

#include "halo/fpga/emu_uart.hpp"

namespace halo::verif {

template <class Top>
class UartHost {
 public:
  /// `div`: clock cycles per bit (the top's ClkDiv parameter).
  UartHost(Top& top, unsigned div) : top_(top), div_(div) {
    // (rx_i is driven from the transmit queue in tick())
    top_.rx_i = 1;
    top_.clk_i = 0;
    top_.eval();
  }
  UartHost(const UartHost&) = delete;  // regs_ refers to this object
  UartHost& operator=(const UartHost&) = delete;

  /// One clock cycle; decodes the device's TX line.
  void tick() {
    top_.clk_i = 1;
    top_.eval();
    top_.clk_i = 0;
    top_.eval();
    ++cycles_;
    // host -> device: next bit of the byte being sent
    if (tx_bit_ == 0 && !tx_.empty()) {
      tx_frame_ = (1u << 9) | (static_cast<unsigned>(tx_.front()) << 1);
      tx_.pop_front();
      tx_bit_ = 10;
      tx_cnt_ = 0;
    }
    if (tx_bit_ != 0) {
      top_.rx_i = (tx_frame_ >> (10 - tx_bit_)) & 1u;
      if (++tx_cnt_ == div_) {
        tx_cnt_ = 0;
        --tx_bit_;
      }
    } else {
      top_.rx_i = 1;
    }
    const bool line = top_.tx_o;
    if (rx_phase_ < 0) {
      if (!line) { rx_phase_ = 0; rx_cnt_ = div_ / 2; }
    } else if (--rx_cnt_ == 0) {
      rx_cnt_ = div_;
      if (rx_phase_ == 0) {
        if (line) rx_phase_ = -1;  // glitch
        else { rx_phase_ = 1; rx_byte_ = 0; }
      } else if (rx_phase_ <= 8) {
        rx_byte_ |= static_cast<unsigned>(line) << (rx_phase_ - 1);
        ++rx_phase_;
      } else {
        if (!line) throw std::runtime_error("UART framing error from the device");
        rx_.push_back(static_cast<std::uint8_t>(rx_byte_));
        rx_phase_ = -1;
      }
    }
  }
  void ticks(std::uint64_t n) { for (std::uint64_t i = 0; i < n; ++i) tick(); }

  /// Queues one byte (start, 8 data bits LSB first, stop); tick() sends it.
  void queue(std::uint8_t b) { tx_.push_back(b); }
  /// Sends one byte, clocking the model until it is on the line.
  void send(std::uint8_t b) {
    queue(b);
    while (!tx_.empty() || tx_bit_ != 0) tick();
  }
  /// Takes a received byte if there is one.
  bool take(std::uint8_t& b) {
    if (rx_.empty()) return false;
    b = rx_.front();
    rx_.pop_front();
    return true;
  }
  /// Waits for a byte from the device (throws after `timeout` cycles).
  std::uint8_t recv(std::uint64_t timeout = 100000) {
    for (std::uint64_t i = 0; rx_.empty(); ++i) {
      if (i == timeout) throw std::runtime_error("UART: no reply from the device");
      tick();
    }
    const auto b = rx_.front();
    rx_.pop_front();
    return b;
  }
  [[nodiscard]] bool rx_empty() const { return rx_.empty(); }

  // byte transport of fpga::EmuRegClient
  void send(std::span<const std::uint8_t> bytes) {
    for (const auto b : bytes) send(b);
  }
  void recv(std::span<std::uint8_t> out, const char* /*what*/) {
    for (auto& b : out) b = recv();
  }

  /// Register access (throws fpga::EmuProtocolError on a wrong acknowledge).
  void write(std::uint8_t addr, std::uint32_t v) { regs_.write(addr, v); }
  std::uint32_t read(std::uint8_t addr) { return regs_.read(addr); }
  /// 64-bit counter i (low word read first: it latches the high word).
  std::uint64_t counter(unsigned i) { return regs_.counter(i); }
  [[nodiscard]] std::uint64_t cycles() const noexcept { return cycles_; }

 private:
  Top& top_;
  unsigned div_;
  std::uint64_t cycles_ = 0;
  int rx_phase_ = -1;
  unsigned rx_cnt_ = 0, rx_byte_ = 0;
  std::deque<std::uint8_t> rx_, tx_;
  unsigned tx_bit_ = 0, tx_cnt_ = 0, tx_frame_ = 0;
  fpga::EmuRegClient<UartHost> regs_{*this};
};

}  // namespace halo::verif

// A verilated BER emulator top (fpga/ber_emulator/ber_emulator_top.sv, any build) driven only
// through its UART pins (uart_host.hpp): configure a run over the register map (docs/fpga.md),
// wait until the device is idle, read the counters. Shared by the co-simulation tests
// test_ber_emulator.cpp (KP4 build) and test_ber_emulator_cat.cpp (concatenated build).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <stdexcept>

#include "../cover.hpp"
#include "emu_model.hpp"
#include "uart_host.hpp"

namespace halo::verif {

template <class Top>
struct EmuDevice {
  std::unique_ptr<Top> top = std::make_unique<Top>();
  UartHost<Top> uart;
  explicit EmuDevice(unsigned clk_div) : uart(*top, clk_div) { uart.ticks(40); }  // power-on reset
  ~EmuDevice() {
    top->final();
    cov::write_code_coverage(top->contextp(), top->modelName());
  }
  EmuDevice(const EmuDevice&) = delete;
  EmuDevice& operator=(const EmuDevice&) = delete;
};

/// Configures and runs `cfg` on the device (CMD.start, then CTRL.run until idle, at most
/// `cycles_per_cw` x (codewords + 4) + `extra_cycles` clocks); returns counters 0 .. ncnt - 1 read
/// over the UART (the rest 0). Fails the test if STATUS.frame_err is set.
template <class Top>
EmuCounters run_emu_device(EmuDevice<Top>& d, const EmuConfig& cfg, unsigned ncnt,
                           std::uint64_t cycles_per_cw = 2000ull * 544, std::uint64_t extra_cycles = 0) {
  auto& u = d.uart;
  const std::uint32_t flags = (cfg.correct ? 2u : 0u) | (cfg.noise_en ? 4u : 0u) | (cfg.inj_en ? 8u : 0u);
  u.write(0x02, flags);  // run = 0
  u.write(0x05, cfg.seed);
  u.write(0x06, cfg.codewords);
  u.write(0x07, cfg.inj_thresh);
  u.write(0x08, cfg.inj_burst);
  u.write(0x09, cfg.amp);
  u.write(0x0A, static_cast<std::uint32_t>(cfg.c1) & 0xfffu);
  u.write(0x0B, static_cast<std::uint32_t>(cfg.c2) & 0xfffu);
  u.write(0x03, 1);          // start: reseed, clear counters
  u.write(0x02, flags | 1);  // run
  const std::uint64_t limit = cycles_per_cw * (cfg.codewords + 4) + extra_cycles;
  const std::uint64_t t0 = u.cycles();
  while (u.read(0x04) & 1u) {
    if (u.cycles() - t0 > limit) throw std::runtime_error("device still busy");
    u.ticks(2000);
  }
  EXPECT_EQ(u.read(0x04) & 4u, 0u) << "framing error flag set";
  EmuCounters c{};
  for (unsigned i = 0; i < ncnt; ++i) c[i] = u.counter(i);
  return c;
}

/// Counter names, index as EmuCounter.
inline const char* emu_counter_name(unsigned i) {
  static const char* const kNames[kNumCatCounters] = {
      "codewords", "corrected_codewords", "uncorrectable_codewords", "corrected_symbols",
      "corrected_bits", "symbol_errors", "pre_fec_bit_errors", "pre_fec_symbol_errors",
      "post_fec_bit_errors", "hi_ser_windows", "hist0", "hist1", "hist2", "hist3", "hist4",
      "hist5", "hist6", "hist7", "hist8", "hist9", "hist10", "hist11", "hist12", "hist13",
      "hist14", "hist15", "hist16", "inner_codewords", "inner_corrected", "inner_uncorrectable",
      "pre_inner_bit_errors", "post_inner_bit_errors"};
  return i < kNumCatCounters ? kNames[i] : "?";
}

}  // namespace halo::verif

// Verilator co-simulation of the whole BER emulator top (fpga/ber_emulator/
// ber_emulator_top.sv, P = 1 with the folded riBM: the iCE40 configuration, plus the noise
// channel) driven only through its UART pins: the test bit-bangs the register protocol,
// configures a run, waits until the device is idle and reads every counter, which must
// equal the bit-exact model (emu_model.hpp: LFSRs, noise, injector + the golden
// RsEncoder and FEC receive block FecRx) for the same seed. Label cosim.
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>

#include "Vemu_top_p1.h"
#include "../cover.hpp"
#include "emu_model.hpp"
#include "uart_host.hpp"

using namespace halo::verif;

namespace {

constexpr unsigned kDiv = 4;       // ClkDiv of the verilated top
constexpr unsigned kCntW = 48;

struct Device {
  std::unique_ptr<Vemu_top_p1> top = std::make_unique<Vemu_top_p1>();
  UartHost<Vemu_top_p1> uart{*top, kDiv};
  Device() { uart.ticks(40); }  // power-on reset
  ~Device() {
    top->final();
    halo::verif::cov::write_code_coverage(top->contextp(), top->modelName());
  }
};

/// Configures and runs `cfg` on the device; returns the counters read over the UART.
EmuCounters run_device(Device& d, const EmuConfig& cfg) {
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
  const std::uint64_t limit = 2000ull * 544 * (cfg.codewords + 4);
  const std::uint64_t t0 = u.cycles();
  while (u.read(0x04) & 1u) {
    if (u.cycles() - t0 > limit) throw std::runtime_error("device still busy");
    u.ticks(2000);
  }
  EXPECT_EQ(u.read(0x04) & 4u, 0u) << "framing error flag set";
  EmuCounters c{};
  for (unsigned i = 0; i < kNumCounters; ++i) c[i] = u.counter(i);
  return c;
}

const char* kNames[kNumCounters] = {
    "codewords", "corrected_codewords", "uncorrectable_codewords", "corrected_symbols",
    "corrected_bits", "symbol_errors", "pre_fec_bit_errors", "pre_fec_symbol_errors",
    "post_fec_bit_errors", "hi_ser_windows", "hist0", "hist1", "hist2", "hist3", "hist4",
    "hist5", "hist6", "hist7", "hist8", "hist9", "hist10", "hist11", "hist12", "hist13",
    "hist14", "hist15", "hist16"};

void compare(Device& d, const EmuConfig& cfg, const char* what) {
  const auto t = run_device(d, cfg);
  const auto m = run_emu_model(cfg);
  const std::uint64_t mask = (1ull << kCntW) - 1;
  for (unsigned i = 0; i < kNumCounters; ++i)
    EXPECT_EQ(t[i], m[i] & mask) << what << ": counter " << kNames[i];
  std::printf("[emu] %s: %llu codewords, pre-FEC bit errors %llu (symbols %llu), corrected %llu, "
              "uncorrectable %llu, post-FEC bit errors %llu, %llu cycles so far\n",
              what, (unsigned long long)t[kCodewords], (unsigned long long)t[kPreFecBitErrors],
              (unsigned long long)t[kPreFecSymbolErrors], (unsigned long long)t[kCorrectedCodewords],
              (unsigned long long)t[kUncorrectableCodewords], (unsigned long long)t[kPostFecBitErrors],
              (unsigned long long)d.uart.cycles());
  EXPECT_EQ(t[kCodewords], cfg.codewords);
}

}  // namespace

TEST(BerEmulator, IdAndConfig) {
  Device d;
  EXPECT_EQ(d.uart.read(0x00), 0x484C4245u);
  EXPECT_EQ(d.uart.read(0x01), (1u << 24) | (1u << 16) | (kCntW << 8) | 1u);
  d.uart.write(0x05, 0xdeadbeef);
  EXPECT_EQ(d.uart.read(0x05), 0xdeadbeefu);
  EXPECT_EQ(d.uart.read(0x02), 2u) << "reset CTRL: correct_en only";
}

TEST(BerEmulator, ProtocolResync) {
  Device d;
  d.uart.send(0x00);  // ignored byte
  d.uart.send('R');   // truncated command: abandoned after the inter-byte timeout
  d.uart.ticks(kDiv * 10 * 16 + 100);
  EXPECT_TRUE(d.uart.rx_empty());
  EXPECT_EQ(d.uart.read(0x00), 0x484C4245u);
}

// Gaussian noise on PAM4 with ISI: a mix of clean, corrected and uncorrectable codewords.
TEST(BerEmulator, NoiseChannelMatchesModel) {
  Device d;
  EmuConfig c;
  c.seed = 0x1234567;
  c.codewords = 300;
  c.noise_en = true;
  c.amp = 100;   // eye half-opening 100 - 3 (7 + 4) = 67 .. 133, noise sigma = 31.94
  c.c1 = 7;
  c.c2 = -4;
  compare(d, c, "noise+ISI");
  const auto m = run_emu_model(c);  // the run must exercise correction and failure
  EXPECT_GT(m[kCorrectedCodewords], 100u);
  EXPECT_GT(m[kUncorrectableCodewords], 10u);
}

// Symbol-error injector with bursts, then both sources in bypass-correction mode, on the
// same device (start clears and reseeds).
TEST(BerEmulator, InjectorAndBypassMatchModel) {
  Device d;
  EmuConfig c;
  c.seed = 99;
  c.codewords = 250;
  c.inj_en = true;
  c.inj_thresh = 0x00800000;  // 1/512 burst starts per symbol
  c.inj_burst = 3;
  compare(d, c, "injector bursts of 3");
  c.correct = false;
  c.noise_en = true;
  c.amp = 122;
  c.seed = 7;
  c.codewords = 150;
  compare(d, c, "noise+injector, bypass");
}

// One complete 8192-codeword hi_ser window at about one symbol error per codeword (802.3
// threshold: more than 6380 symbol errors per window): hi_ser_windows = 1, STATUS.hi_ser.
TEST(BerEmulator, HiSerWindow) {
  Device d;
  EmuConfig c;
  c.seed = 4242;
  c.codewords = 8200;
  c.inj_en = true;
  c.inj_thresh = 7895160;  // 2^32 / 544: one burst start per codeword on average
  compare(d, c, "hi_ser window");
  EXPECT_EQ(run_emu_model(c)[kHiSerWindows], 1u);
  EXPECT_EQ(d.uart.read(0x04) & 2u, 2u) << "STATUS.hi_ser";
}

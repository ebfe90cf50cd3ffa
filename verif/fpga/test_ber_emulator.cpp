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
#include "emu_device.hpp"

using namespace halo::verif;

namespace {

constexpr unsigned kDiv = 4;       // ClkDiv of the verilated top
constexpr unsigned kCntW = 48;

using Device = EmuDevice<Vemu_top_p1>;

EmuCounters run_device(Device& d, const EmuConfig& cfg) { return run_emu_device(d, cfg, kNumCounters); }

void compare(Device& d, const EmuConfig& cfg, const char* what) {
  const auto t = run_device(d, cfg);
  const auto m = run_emu_model(cfg);
  const std::uint64_t mask = (1ull << kCntW) - 1;
  for (unsigned i = 0; i < kNumCounters; ++i)
    EXPECT_EQ(t[i], m[i] & mask) << what << ": counter " << emu_counter_name(i);
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
  Device d(kDiv);
  EXPECT_EQ(d.uart.read(0x00), 0x484C4245u);
  EXPECT_EQ(d.uart.read(0x01), (1u << 24) | (1u << 16) | (kCntW << 8) | 1u);
  d.uart.write(0x05, 0xdeadbeef);
  EXPECT_EQ(d.uart.read(0x05), 0xdeadbeefu);
  EXPECT_EQ(d.uart.read(0x02), 2u) << "reset CTRL: correct_en only";
}

TEST(BerEmulator, ProtocolResync) {
  Device d(kDiv);
  d.uart.send(0x00);  // ignored byte
  d.uart.send('R');   // truncated command: abandoned after the inter-byte timeout
  d.uart.ticks(kDiv * 10 * 16 + 100);
  EXPECT_TRUE(d.uart.rx_empty());
  EXPECT_EQ(d.uart.read(0x00), 0x484C4245u);
}

// Gaussian noise on PAM4 with ISI: a mix of clean, corrected and uncorrectable codewords.
TEST(BerEmulator, NoiseChannelMatchesModel) {
  Device d(kDiv);
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
  Device d(kDiv);
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
  Device d(kDiv);
  EmuConfig c;
  c.seed = 4242;
  c.codewords = 8200;
  c.inj_en = true;
  c.inj_thresh = 7895160;  // 2^32 / 544: one burst start per codeword on average
  compare(d, c, "hi_ser window");
  EXPECT_EQ(run_emu_model(c)[kHiSerWindows], 1u);
  EXPECT_EQ(d.uart.read(0x04) & 2u, 2u) << "STATUS.hi_ser";
}

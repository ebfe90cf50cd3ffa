// Verilator co-simulation of the concatenated BER emulator top (ber_emulator_top with
// Concat = 1: P = 4 KP4 path, 3 x 192 convolutional interleaver, Clause 177 inner code at 16
// symbols per clock with the Chase-4 decoder, soft-output PAM4 channel; docs/fpga.md,
// "Concatenated variant"), driven only through its UART pins. Every one of the 32 counters
// must equal the model for the same seed: run_emu_cat_model (emu_model.hpp), which runs the
// emulator's LFSRs and channel arithmetic through the golden-model blocks RsEncoder,
// ConvInterleaver, InnerFecTx, sample_llrs, InnerFecRx and FecRx (cmodel/), an
// implementation independent of the RTL datapath. Label cosim. Compiled twice: the Chase-4
// top (Vemu_top_cat, suite BerEmulatorCat) and, with HALO_EMU_CAT_HARD, the hard-decision
// top (Vemu_top_cat_hard, suite BerEmulatorCatHard).
#include <gtest/gtest.h>

#include <cstdio>

#include "emu_device.hpp"

#if HALO_EMU_CAT_HARD
#include "Vemu_top_cat_hard.h"
using CatTop = Vemu_top_cat_hard;
constexpr bool kChase = false;
#else
#include "Vemu_top_cat.h"
using CatTop = Vemu_top_cat;
constexpr bool kChase = true;
#endif

using namespace halo::verif;

namespace {

constexpr unsigned kDiv = 4;  // ClkDiv of the verilated top
constexpr unsigned kCntW = 48;
// cycles per KP4 codeword (136 blocks at 4/3 clocks) plus the interleaver flush
constexpr std::uint64_t kCyclesPerCw = 400, kFlushCycles = 4 * 1152 + 200000;

using Device = EmuDevice<CatTop>;

EmuConfig base_config() {
  EmuConfig c;
  c.p = 4;
  c.concat = true;
  c.inner_p = 16;
  c.inner_chase = kChase;
  c.chase_l = 4;
  return c;
}

EmuCounters compare(Device& d, const EmuConfig& cfg, const char* what) {
  const auto t = run_emu_device(d, cfg, kNumCatCounters, kCyclesPerCw, kFlushCycles);
  const auto m = run_emu_cat_model(cfg);
  const std::uint64_t mask = (1ull << kCntW) - 1;
  for (unsigned i = 0; i < kNumCatCounters; ++i)
    EXPECT_EQ(t[i], m[i] & mask) << what << ": counter " << emu_counter_name(i);
  std::printf("[emu-cat] %s: %llu KP4 codewords (corrected %llu, uncorrectable %llu, pre-FEC bit errors %llu), "
              "%llu inner codewords (corrected %llu, uncorrectable %llu), pre-inner bit errors %llu, "
              "post-inner %llu, %llu cycles so far\n",
              what, (unsigned long long)t[kCodewords], (unsigned long long)t[kCorrectedCodewords],
              (unsigned long long)t[kUncorrectableCodewords], (unsigned long long)t[kPreFecBitErrors],
              (unsigned long long)t[kInnerCodewords], (unsigned long long)t[kInnerCorrected],
              (unsigned long long)t[kInnerUncorrectable], (unsigned long long)t[kPreInnerBitErrors],
              (unsigned long long)t[kPostInnerBitErrors], (unsigned long long)d.uart.cycles());
  EXPECT_EQ(t[kCodewords], cfg.codewords);
  return m;
}

void config_test() {
  Device d(kDiv);
  EXPECT_EQ(d.uart.read(0x00), 0x484C4245u);
  // version 1, chase_l 4, inner_chase, concat, noise_en, CntW, P = 4
  const std::uint32_t chase = kChase ? (4u << 20) | (1u << 18) : 0u;
  EXPECT_EQ(d.uart.read(0x01), (1u << 24) | chase | (1u << 17) | (1u << 16) | (kCntW << 8) | 4u);
}

// Gaussian noise with ISI at a pre-inner BER of about 8e-3 (Chase-4) or 4e-3 (hard): the
// inner decoder corrects most errors, the KP4 decoder most of the rest, a few KP4 codewords
// fail; every counter as the golden-model chain.
void noise_test() {
  Device d(kDiv);
  auto c = base_config();
  c.seed = 0x2468ace;
  c.codewords = 60;
  c.noise_en = true;
  c.amp = kChase ? 78 : 86;  // about the same KP4 input quality for both decoders
  c.c1 = 5;
  c.c2 = -3;
  const auto m = compare(d, c, "noise+ISI");
  EXPECT_GT(m[kInnerCorrected], 100u);
  if (!kChase) EXPECT_GT(m[kInnerUncorrectable], 100u);  // Chase-4 always finds a candidate here
  EXPECT_GT(m[kPreInnerBitErrors], m[kPostInnerBitErrors]);
  EXPECT_GT(m[kCorrectedCodewords], 5u);
  EXPECT_GT(m[kUncorrectableCodewords], 0u);
  // whole inner messages: data blocks 136 per KP4 codeword plus the flush
  EXPECT_GE(m[kInnerCodewords] * 3, c.codewords * 136ull + 1152);
}

// Inner and KP4 decoders in bypass (verdicts counted, data passed unchanged), then a second
// run after CMD.start on the same device (the interleavers restart with empty delay lines).
void bypass_restart_test() {
  Device d(kDiv);
  auto c = base_config();
  c.seed = 77;
  c.codewords = 20;
  c.noise_en = true;
  c.amp = 90;
  c.correct = false;
  const auto m = compare(d, c, "bypass");
  EXPECT_GT(m[kInnerCorrected], 0u);       // located, not applied:
  EXPECT_GT(m[kPostInnerBitErrors], 0u);   // the line errors reach the KP4 decoder
  EXPECT_GT(m[kPostFecBitErrors], 0u);
  c.correct = true;
  c.seed = 78;
  c.codewords = 25;
  compare(d, c, "restart");
}

}  // namespace

#if HALO_EMU_CAT_HARD
TEST(BerEmulatorCatHard, Config) { config_test(); }
TEST(BerEmulatorCatHard, NoiseChannelMatchesModel) { noise_test(); }
TEST(BerEmulatorCatHard, BypassThenRestart) { bypass_restart_test(); }
#else
TEST(BerEmulatorCat, Config) { config_test(); }
TEST(BerEmulatorCat, NoiseChannelMatchesModel) { noise_test(); }
TEST(BerEmulatorCat, BypassThenRestart) { bypass_restart_test(); }
#endif

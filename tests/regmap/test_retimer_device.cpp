// Register-level golden model (halo::retimer::RetimerDevice): register semantics from the
// generated header, FEC counters against the decoder run directly, monitor windows, standby.
#include <gtest/gtest.h>

#include <cstddef>
#include <random>
#include <stdexcept>
#include <vector>

#include "halo/dsp/pam4.hpp"
#include "halo/fec/codeword_io.hpp"
#include "halo/fec/rs_encoder.hpp"
#include "halo/retimer/retimer_device.hpp"

namespace {

using halo::retimer::kWakeSymbols;
using halo::retimer::PowerState;
using halo::retimer::RetimerDevice;

#define OFF(r) static_cast<std::uint32_t>(offsetof(halo_retimer_t, r))

// Noiseless line: KP4 codewords (random messages) after a warm-up, Gray mapped, ideal ADC
// codes (2 s - 3) * 32. Returns the ADC codes; tx gets the transmitted codewords.
std::vector<std::int16_t> line(unsigned warmup, unsigned cws, std::vector<std::uint16_t>& tx,
                               std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::uint8_t> bits(2 * warmup);
  for (auto& b : bits) b = static_cast<std::uint8_t>(rng() & 1u);
  const halo::fec::RsEncoder enc(halo::fec::kKp4);
  std::vector<halo::fec::gf_t> msg(514), cw(544);
  std::vector<std::uint8_t> cb(5440);
  for (unsigned k = 0; k < cws; ++k) {
    for (auto& m : msg) m = static_cast<halo::fec::gf_t>(rng() & 1023u);
    enc.encode(msg, cw);
    tx.insert(tx.end(), cw.begin(), cw.end());
    halo::fec::symbols_to_bits(cw, cb);
    bits.insert(bits.end(), cb.begin(), cb.end());
  }
  bits.resize(bits.size() + 2 * 64, 0);
  std::vector<std::uint8_t> g(bits.size() / 2);
  halo::dsp::gray_map(bits, g);
  std::vector<std::int16_t> adc(g.size());
  for (std::size_t i = 0; i < g.size(); ++i) adc[i] = static_cast<std::int16_t>((2 * g[i] - 3) * 32);
  return adc;
}

// Identity equaliser (FFE main tap 1.0, Volterra linear 1.0, DFE 0), adaptation off.
void configure_identity(RetimerDevice& d, unsigned fec_skip) {
  d.write(OFF(FFE_COEF[5]), 256);
  d.write(OFF(VOL_COEF[0]), 1024);
  d.write(OFF(FFE_CTRL), 0);
  d.write(OFF(VOL_CTRL), 0);
  d.write(OFF(DFE_CTRL), 0);
  d.write(OFF(LINE_CTRL), HALO_RETIMER__LINE_CTRL__FEC_CORRECT_EN_bm | (fec_skip << HALO_RETIMER__LINE_CTRL__FEC_SKIP_bp));
  d.write(OFF(CDR_CTRL), d.read(OFF(CDR_CTRL)) | HALO_RETIMER__CDR_CTRL__FREEZE_bm);
  d.write(OFF(CTRL), HALO_RETIMER__CTRL__INIT_bm);
}

TEST(RetimerDevice, ResetValuesAndAccess) {
  RetimerDevice d;
  EXPECT_EQ(d.read(OFF(ID)), 0x48414C4Fu);
  EXPECT_EQ(d.read(OFF(VERSION)) >> 16, static_cast<unsigned>(HALO_RETIMER__VERSION__MAJOR_reset));
  EXPECT_EQ(d.read(OFF(ADC_CFG)), 8u);
  EXPECT_EQ(d.read(OFF(MON_CTRL)) & HALO_RETIMER__MON_CTRL__WINDOW_LOG2_bm, 12u);
  // read-only registers ignore writes, reserved bits read 0, INIT/CLEAR read 0
  d.write(OFF(ID), 0);
  d.write(OFF(FEC_CW), 55);
  EXPECT_EQ(d.read(OFF(ID)), 0x48414C4Fu);
  EXPECT_EQ(d.read(OFF(FEC_CW)), 0u);
  d.write(OFF(FFE_COEF[3]), 0xffffffffu);
  EXPECT_EQ(d.read(OFF(FFE_COEF[3])), 0xfffu);
  d.write(OFF(CTRL), HALO_RETIMER__CTRL__CLEAR_bm);
  EXPECT_EQ(d.read(OFF(CTRL)), 0u);
  EXPECT_THROW((void)d.read(2), std::out_of_range);
  EXPECT_THROW((void)d.read(RetimerDevice::kRegBytes), std::out_of_range);
  EXPECT_THROW(d.write(0x1000, 0), std::out_of_range);
}

TEST(RetimerDevice, InvalidInitNamesFieldAndKeepsState) {
  RetimerDevice d;
  d.write(OFF(ADC_CFG), 3);
  try {
    d.write(OFF(CTRL), HALO_RETIMER__CTRL__INIT_bm);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("adc_bits"), std::string::npos) << e.what();
  }
  d.write(OFF(ADC_CFG), 8);
  d.write(OFF(MON_CTRL), 3);
  EXPECT_THROW(d.write(OFF(CTRL), HALO_RETIMER__CTRL__INIT_bm), std::invalid_argument);
  EXPECT_THROW(d.write(OFF(FFE_CTRL), 31u << HALO_RETIMER__FFE_CTRL__MU_bp), std::invalid_argument);
  EXPECT_EQ(d.read(OFF(FFE_CTRL)), 0x63u);  // restored (reset value)
}

TEST(RetimerDevice, FecCountersMatchInjectedErrors) {
  std::vector<std::uint16_t> tx;
  auto adc = line(256, 6, tx, 5);
  // flip the sign of a few samples in codewords 1 and 3 (symbol errors at known places)
  const unsigned lat = 7, skip = 256 + lat;
  std::vector<unsigned> flips = {256 + 2720 + 100, 256 + 2720 + 900, 256 + 3 * 2720 + 5};
  for (unsigned f : flips) adc[f] = static_cast<std::int16_t>(-adc[f]);
  RetimerDevice d;
  configure_identity(d, skip);
  d.collect_codewords(true);
  for (std::size_t off = 0; off < adc.size(); off += 1000) {
    d.process(std::span(adc).subspan(off, std::min<std::size_t>(1000, adc.size() - off)));
  }
  EXPECT_EQ(d.read(OFF(FEC_CW)), 6u);
  EXPECT_EQ(d.read(OFF(FEC_UNCORR_CW)), 0u);
  EXPECT_EQ(d.read(OFF(FEC_CORR_CW)), 2u);
  EXPECT_EQ(d.read(OFF(FEC_HIST[0])), 4u);
  EXPECT_GE(d.read(OFF(FEC_CORR_SYM)), 3u);  // a flipped PAM4 symbol touches 1 or 2 FEC symbols
  EXPECT_LE(d.read(OFF(FEC_CORR_SYM)), 6u);
  EXPECT_EQ(d.codewords(), tx);  // corrected output = transmitted codewords
  // monitor windows of 4096 symbols
  EXPECT_EQ(d.read(OFF(MON_WINDOWS)), adc.size() / 4096);
  std::uint32_t n = 0;
  for (unsigned k = 0; k < 4; ++k) n += d.read(OFF(LVL_COUNT[0]) + 4 * k);
  EXPECT_EQ(n, 4096u);
  // level 3 mean = 3 * 32 << 3 exactly (noiseless, identity equaliser)
  EXPECT_EQ(static_cast<std::int32_t>(d.read(OFF(LVL_SUM[3]))),
            static_cast<std::int32_t>(d.read(OFF(LVL_COUNT[3])) * 96 * 8));
  EXPECT_EQ(d.read(OFF(STATUS)) & HALO_RETIMER__STATUS__CDR_LOCK_bm, HALO_RETIMER__STATUS__CDR_LOCK_bm);
  // CLEAR zeroes the counters
  d.write(OFF(CTRL), HALO_RETIMER__CTRL__CLEAR_bm);
  EXPECT_EQ(d.read(OFF(FEC_CW)), 0u);
  EXPECT_EQ(d.read(OFF(MON_WINDOWS)), 0u);
  EXPECT_EQ(d.read(OFF(FEC_HIST[0])), 0u);
}

TEST(RetimerDevice, BypassCorrectionCountsButDoesNotCorrect) {
  std::vector<std::uint16_t> tx;
  auto adc = line(256, 2, tx, 9);
  adc[256 + 50] = static_cast<std::int16_t>(-adc[256 + 50]);
  RetimerDevice d;
  configure_identity(d, 256 + 7);
  d.write(OFF(LINE_CTRL), d.read(OFF(LINE_CTRL)) & ~HALO_RETIMER__LINE_CTRL__FEC_CORRECT_EN_bm);
  d.collect_codewords(true);
  d.process(adc);
  EXPECT_EQ(d.read(OFF(FEC_CW)), 2u);
  EXPECT_EQ(d.read(OFF(FEC_CORR_CW)), 1u);
  EXPECT_EQ(d.read(OFF(FEC_CORR_SYM)), 0u);
  EXPECT_EQ(d.read(OFF(FEC_HIST[0])), 1u);
  EXPECT_NE(d.codewords(), tx);
}

TEST(RetimerDevice, StandbyFreezesAndWakesAfterStatedSymbols) {
  std::vector<std::uint16_t> tx;
  auto adc = line(256, 4, tx, 11);
  ASSERT_GE(adc.size(), 9100u);
  RetimerDevice d;
  configure_identity(d, 256 + 7);
  d.process(std::span(adc).first(3000));
  std::vector<std::uint32_t> before(RetimerDevice::kRegWords);
  for (std::uint32_t i = 0; i < RetimerDevice::kRegWords; ++i) before[i] = d.read(4 * i);
  d.write(OFF(CTRL), HALO_RETIMER__CTRL__STANDBY_bm);
  EXPECT_EQ(d.state(), PowerState::kStandby);
  d.process(std::span(adc).subspan(3000, 3000));
  for (std::uint32_t i = 0; i < RetimerDevice::kRegWords; ++i) {
    if (4 * i == OFF(STATUS) || 4 * i == OFF(CTRL)) continue;
    EXPECT_EQ(d.read(4 * i), before[i]) << "register at 0x" << std::hex << 4 * i;
  }
  EXPECT_EQ(d.read(OFF(STATUS)) & HALO_RETIMER__STATUS__STATE_bm, 1u);
  d.write(OFF(CTRL), 0);
  EXPECT_EQ(d.state(), PowerState::kWaking);
  EXPECT_EQ(d.read(OFF(STATUS)) >> HALO_RETIMER__STATUS__WAKE_LEFT_bp, kWakeSymbols);
  d.process(std::span(adc).subspan(6000, kWakeSymbols - 1));
  EXPECT_EQ(d.state(), PowerState::kWaking);
  EXPECT_EQ(d.read(OFF(STATUS)) >> HALO_RETIMER__STATUS__WAKE_LEFT_bp, 1u);
  EXPECT_EQ(d.read(OFF(MON_WINDOWS)), before[OFF(MON_WINDOWS) / 4]);
  d.process(std::span(adc).subspan(6000 + kWakeSymbols - 1, 1));
  EXPECT_EQ(d.state(), PowerState::kActive);
  EXPECT_EQ(d.read(OFF(STATUS)), 0u | (d.read(OFF(STATUS)) & HALO_RETIMER__STATUS__CDR_LOCK_bm));
  d.process(std::span(adc).subspan(7100, 2000));  // processing resumed
  EXPECT_GT(d.read(OFF(MON_WINDOWS)), before[OFF(MON_WINDOWS) / 4]);
}

TEST(RetimerDevice, BlockSizeDoesNotMatter) {
  std::vector<std::uint16_t> tx;
  auto adc = line(300, 2, tx, 13);
  for (std::size_t i = 0; i < adc.size(); i += 7) adc[i] = static_cast<std::int16_t>(adc[i] + 9);
  RetimerDevice a, b;
  for (auto* d : {&a, &b}) {
    d->write(OFF(FFE_COEF[5]), 256);
    d->write(OFF(VOL_COEF[0]), 1024);
    d->write(OFF(LINE_CTRL), HALO_RETIMER__LINE_CTRL__FEC_CORRECT_EN_bm | (307u << 16));
    d->write(OFF(MON_CTRL), 6);
    d->write(OFF(CTRL), HALO_RETIMER__CTRL__INIT_bm);
  }
  a.process(adc);
  for (std::size_t off = 0; off < adc.size(); off += 37) {
    b.process(std::span(adc).subspan(off, std::min<std::size_t>(37, adc.size() - off)));
  }
  for (std::uint32_t i = 0; i < RetimerDevice::kRegWords; ++i) EXPECT_EQ(a.read(4 * i), b.read(4 * i)) << i;
}

}  // namespace

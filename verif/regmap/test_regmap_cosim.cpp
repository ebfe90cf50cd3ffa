// Register-level co-simulation: the same register writes go to the verilated
// retimer_rx_regs (P = 8) and to the C API (halo.h, RetimerDevice); both get the same ADC
// stimulus (verif/top retimer scenario: KP4 codewords, precoding, ISI channel, AWGN). After
// each phase the RTL pipeline is drained and EVERY register of the map is read from both and
// compared: mid-run, after live control changes (adaptation freeze, CDR freeze), after CLEAR,
// in standby, while waking and at the end. The RTL input has random gaps and the FEC output
// random backpressure. RegmapPhys.*: the same on the recorded ADC streams of the link
// simulator (docs/retimer_rtl.md, "Co-simulation on physical channels").
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "Vretimer_rx_regs_p8.h"
#include "../cover.hpp"
#include "halo/halo.h"
#include "dsp_stimulus.hpp"
#include "retimer_scenario.hpp"
#include "vl_bits.hpp"

namespace {

constexpr unsigned kP = 8;
#define OFF(r) static_cast<std::uint32_t>(offsetof(halo_retimer_t, r))

struct Bench {
  Vretimer_rx_regs_p8 m;
  halo_retimer* h = nullptr;
  std::mt19937_64 rng{7};
  std::uint64_t cycles = 0, in_pos = 0, out_cw = 0;
  double p_valid = 0.85, p_ready = 0.8;

  Bench() {
    EXPECT_EQ(halo_retimer_create(nullptr, 0, &h), HALO_OK) << halo_last_error();
    m.rst_ni = 0;
    m.clk_i = 0;
    m.reg_req_i = 0;
    m.reg_we_i = 0;
    m.in_valid_i = 0;
    m.out_ready_i = 1;
    m.eval();
    tick();
    m.rst_ni = 1;
    tick();
  }
  ~Bench() {
    halo_retimer_destroy(h);
    m.final();
    halo::verif::cov::write_code_coverage(m.contextp(), m.modelName());
  }

  void tick() {
    m.clk_i = 1;
    m.eval();
    m.clk_i = 0;
    m.eval();
    ++cycles;
  }
  void write(std::uint32_t addr, std::uint32_t v) {
    m.in_valid_i = 0;
    m.reg_req_i = 1;
    m.reg_we_i = 1;
    m.reg_addr_i = static_cast<std::uint16_t>(addr);
    m.reg_wdata_i = v;
    m.eval();
    EXPECT_EQ(m.reg_error_o, 0) << "write 0x" << std::hex << addr;
    tick();
    m.reg_req_i = 0;
    m.reg_we_i = 0;
    for (int i = 0; i < 3; ++i) tick();  // single-pulse fields and INIT take effect
    EXPECT_EQ(halo_reg_write(h, addr, v), HALO_OK) << halo_last_error();
  }
  std::uint32_t rtl_read(std::uint32_t addr) {
    m.reg_req_i = 1;
    m.reg_we_i = 0;
    m.reg_addr_i = static_cast<std::uint16_t>(addr);
    m.eval();
    const std::uint32_t v = m.reg_rdata_o;
    m.reg_req_i = 0;
    m.eval();
    return v;
  }
  // Feeds adc[in_pos, in_pos + n) to both (n a multiple of P); the C API in uneven blocks.
  void feed(const std::vector<std::int16_t>& adc, std::uint64_t n) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const std::uint64_t end = in_pos + n;
    std::uint64_t pos = in_pos;
    while (pos < end) {
      const bool v = u(rng) < p_valid;
      m.in_valid_i = v;
      for (unsigned l = 0; l < kP; ++l) {
        halo::verif::put_bits(m.in_adc_i, 8 * l, 8, static_cast<std::uint64_t>(adc[pos + l]));
      }
      m.out_ready_i = u(rng) < p_ready;
      m.eval();
      const bool fire = v && m.in_ready_o;
      tick();
      if (fire) pos += kP;
    }
    m.in_valid_i = 0;
    for (std::uint64_t p = in_pos; p < end;) {
      const std::uint64_t k = std::min<std::uint64_t>(end - p, 1 + rng() % 3000);
      EXPECT_EQ(halo_feed_adc(h, adc.data() + p, k), HALO_OK) << halo_last_error();
      p += k;
    }
    in_pos = end;
  }
  void drain() {
    m.in_valid_i = 0;
    m.out_ready_i = 1;
    for (int i = 0; i < 3000; ++i) tick();
  }
  // Compares every register; returns the number of differing words.
  unsigned compare(const std::string& phase) {
    unsigned bad = 0;
    for (std::uint32_t a = 0; a < HALO_REG_BYTES; a += 4) {
      std::uint32_t c = 0;
      EXPECT_EQ(halo_reg_read(h, a, &c), HALO_OK);
      const std::uint32_t r = rtl_read(a);
      if (r != c && bad++ < 12) {
        ADD_FAILURE() << phase << ": register 0x" << std::hex << a << " RTL 0x" << r
                      << " golden 0x" << c;
      }
    }
    return bad;
  }
  std::uint32_t golden(std::uint32_t a) {
    std::uint32_t v = 0;
    EXPECT_EQ(halo_reg_read(h, a, &v), HALO_OK);
    return v;
  }
};

void program(Bench& b, const halo::verif::RxSettings& r) {
  const auto adapt = [](int mode, int mu) { return 1u | static_cast<std::uint32_t>(mode) << 1 | static_cast<std::uint32_t>(mu) << 4; };
  b.write(OFF(ADC_CFG), static_cast<std::uint32_t>(r.adc_bits));
  b.write(OFF(FFE_CTRL), adapt(r.ffe_mode, r.ffe_mu));
  b.write(OFF(VOL_CTRL), adapt(r.vol_mode, r.vol_mu));
  b.write(OFF(DFE_CTRL), adapt(r.dfe_mode, r.dfe_mu));
  b.write(OFF(SLICER_CTRL), static_cast<std::uint32_t>(r.level_a) | 1u << 10 | static_cast<std::uint32_t>(r.level_mu) << 16);
  b.write(OFF(CDR_CTRL), static_cast<std::uint32_t>(r.cdr_kp) | static_cast<std::uint32_t>(r.cdr_ki) << 8 |
                             static_cast<std::uint32_t>(r.cdr_phase_bits) << 16);
  b.write(OFF(CDR_INIT_PHASE), r.cdr_init_phase);
  b.write(OFF(LINE_CTRL), (r.precoding ? 1u : 0u) | 2u | r.fec_skip << 16);
  b.write(OFF(MON_CTRL), 10u | 4096u << 16);  // windows of 1024 symbols, lock within 1/16 UI
  for (unsigned k = 0; k < 16; ++k) {
    b.write(OFF(FFE_COEF[0]) + 4 * k, static_cast<std::uint32_t>(r.ffe_taps[k]) & 0xfffu);
    b.write(OFF(VOL_COEF[0]) + 4 * k, static_cast<std::uint32_t>(r.vol_coefs[k]) & 0xfffu);
  }
  b.write(OFF(DFE_COEF), static_cast<std::uint32_t>(r.dfe_tap) & 0xfffu);
  b.write(OFF(CTRL), HALO_RETIMER__CTRL__INIT_bm);
}

TEST(RegmapCosim, AllRegistersMatchP8) {
  halo::verif::ScenarioConfig sc;
  sc.codewords = 10;
  sc.sigma = 9.0;
  const auto s = halo::verif::make_scenario(sc);
  std::printf("golden scenario: %s\n", halo::verif::summary(s).c_str());
  ASSERT_EQ(s.adc.size() % kP, 0u);
  Bench b;
  EXPECT_EQ(b.compare("after reset"), 0u);
  program(b, s.rx);
  EXPECT_EQ(b.compare("after INIT"), 0u);
  // phase 1: adaptation and the first codewords
  b.feed(s.adc, 12000);
  b.drain();
  EXPECT_EQ(b.compare("mid-run 12000 symbols"), 0u);
  EXPECT_GT(b.golden(OFF(FEC_CW)), 0u);
  EXPECT_EQ(b.golden(OFF(MON_WINDOWS)), 11u);
  // phase 2: FFE and Volterra adaptation frozen, CDR frozen
  b.write(OFF(FFE_CTRL), static_cast<std::uint32_t>(s.rx.ffe_mode) << 1 | static_cast<std::uint32_t>(s.rx.ffe_mu) << 4);
  b.write(OFF(VOL_CTRL), static_cast<std::uint32_t>(s.rx.vol_mode) << 1 | static_cast<std::uint32_t>(s.rx.vol_mu) << 4);
  b.write(OFF(CDR_CTRL), b.golden(OFF(CDR_CTRL)) | HALO_RETIMER__CDR_CTRL__FREEZE_bm);
  const std::uint32_t ffe5 = b.golden(OFF(FFE_TAP[5])), phase = b.golden(OFF(CDR_PHASE));
  b.feed(s.adc, 6000);
  b.drain();
  EXPECT_EQ(b.compare("frozen adaptation"), 0u);
  EXPECT_EQ(b.golden(OFF(FFE_TAP[5])), ffe5);
  EXPECT_EQ(b.golden(OFF(CDR_PHASE)), phase);
  // phase 3: CLEAR, then more traffic with adaptation back on
  b.write(OFF(CTRL), HALO_RETIMER__CTRL__CLEAR_bm);
  EXPECT_EQ(b.compare("after CLEAR"), 0u);
  EXPECT_EQ(b.golden(OFF(FEC_CW)), 0u);
  b.write(OFF(FFE_CTRL), 1u | static_cast<std::uint32_t>(s.rx.ffe_mode) << 1 | static_cast<std::uint32_t>(s.rx.ffe_mu) << 4);
  b.write(OFF(CDR_CTRL), b.golden(OFF(CDR_CTRL)) & ~HALO_RETIMER__CDR_CTRL__FREEZE_bm);
  b.feed(s.adc, 4000);
  b.drain();
  EXPECT_EQ(b.compare("after CLEAR + 4000 symbols"), 0u);
  // phase 4: standby (input dropped, everything frozen), wake sequence
  b.write(OFF(CTRL), HALO_RETIMER__CTRL__STANDBY_bm);
  b.feed(s.adc, 2048);
  b.drain();
  EXPECT_EQ(b.compare("standby"), 0u);
  EXPECT_EQ(b.golden(OFF(STATUS)) & HALO_RETIMER__STATUS__STATE_bm, 1u);
  b.write(OFF(CTRL), 0);
  EXPECT_EQ(b.compare("waking"), 0u);
  EXPECT_EQ(b.golden(OFF(STATUS)) >> HALO_RETIMER__STATUS__WAKE_LEFT_bp, 1024u);
  b.feed(s.adc, 512);
  b.drain();
  EXPECT_EQ(b.compare("waking, 512 symbols"), 0u);
  EXPECT_EQ(b.golden(OFF(STATUS)) >> HALO_RETIMER__STATUS__WAKE_LEFT_bp, 512u);
  // phase 5: the rest of the line (codeword alignment shifted by the dropped symbols:
  // uncorrectable codewords must be counted identically)
  b.feed(s.adc, s.adc.size() - b.in_pos);
  b.drain();
  EXPECT_EQ(b.compare("end"), 0u);
  EXPECT_EQ(b.golden(OFF(STATUS)) & HALO_RETIMER__STATUS__STATE_bm, 0u);
  std::printf("RTL cycles %llu; golden FEC_CW %u (uncorrectable %u, corrected symbols %u), windows %u\n",
              static_cast<unsigned long long>(b.cycles), b.golden(OFF(FEC_CW)), b.golden(OFF(FEC_UNCORR_CW)),
              b.golden(OFF(FEC_CORR_SYM)), b.golden(OFF(MON_WINDOWS)));
}

// retimer_rx_regs on a recorded stream of the link simulator ($HALO_TOP_STREAMS/<name>.txt,
// fixture top_streams of verif/top): programmed through the registers with the settings of
// the retimer_rx co-simulation on the same stream (recorded_settings: link training from the
// dump's trailer), $HALO_TOP_CODEWORDS codewords (default 200) after 8,192 symbols of
// adaptation from line symbol 301,920; every register compared with the C API mid-run and at
// the end; the FEC counts every codeword and decodes (< 10 % uncorrectable).
void regs_phys_case(const char* name) {
  const char* dir = std::getenv("HALO_TOP_STREAMS");
  if (dir == nullptr || *dir == '\0') GTEST_SKIP() << "HALO_TOP_STREAMS not set (ctest sets it; fixture top_streams)";
  const char* ncw = std::getenv("HALO_TOP_CODEWORDS");
  const halo::verif::AdcFile f = halo::verif::read_adc_file(std::string(dir) + "/" + name + ".txt", 0);
  halo::verif::ScenarioConfig cfg;
  cfg.codewords = ncw ? static_cast<unsigned>(std::strtoul(ncw, nullptr, 10)) : 200u;
  cfg.warmup = 8192;
  cfg.adapt_delay = 64;
  const halo::verif::RecordedStream rec = halo::verif::recorded_stream(f, 301920);
  std::size_t n = 0;
  const halo::verif::RxSettings rx = halo::verif::recorded_settings(cfg, rec, n);
  const std::vector<std::int16_t> codes(f.codes.begin() + static_cast<long>(rec.start),
                                        f.codes.begin() + static_cast<long>(rec.start + n));
  Bench b;
  b.p_valid = 0.95;
  b.p_ready = 0.9;
  program(b, rx);
  EXPECT_EQ(b.compare("after INIT"), 0u);
  b.feed(codes, n / 2 / kP * kP);
  b.drain();
  EXPECT_EQ(b.compare("mid-run"), 0u);
  b.feed(codes, n - b.in_pos);
  b.drain();
  EXPECT_EQ(b.compare("end"), 0u);
  const std::uint32_t cw = b.golden(OFF(FEC_CW)), uncorr = b.golden(OFF(FEC_UNCORR_CW));
  EXPECT_EQ(cw, cfg.codewords);
  EXPECT_LT(uncorr, cfg.codewords / 10) << name << ": the receiver does not decode this link";
  std::printf("[cosim] %s retimer_rx_regs P=8: %zu codes, every register equal to the C API mid-run and at the "
              "end; RTL cycles %llu; FEC_CW %u (uncorrectable %u, corrected symbols %u)\n",
              name, n, static_cast<unsigned long long>(b.cycles), cw, uncorr, b.golden(OFF(FEC_CORR_SYM)));
}

TEST(RegmapPhys, C2m_P8) { regs_phys_case("c2m_53g"); }
TEST(RegmapPhys, C2mXtalk_P8) { regs_phys_case("c2m_53g_xtalk"); }
TEST(RegmapPhys, Cable_P8) { regs_phys_case("cable_53g"); }
TEST(RegmapPhys, OpticalDr25C_P8) { regs_phys_case("optical_dr_106g_25c"); }
TEST(RegmapPhys, OpticalDr85C_P8) { regs_phys_case("optical_dr_106g_85c"); }

}  // namespace

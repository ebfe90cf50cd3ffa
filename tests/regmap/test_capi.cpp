// C API (halo.h): versioning, error codes and messages, traffic helper, register access,
// argument validation before any processing (issue 21: size overflows, invalid symbols,
// out-of-range ADC codes, registers after a rejected CTRL.INIT).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "halo/halo.h"

namespace {

#define OFF(r) static_cast<std::uint32_t>(offsetof(halo_retimer_t, r))

TEST(CApi, Version) {
  EXPECT_EQ(halo_version(), static_cast<std::uint32_t>(HALO_API_VERSION));
  EXPECT_EQ(std::string(halo_version_string()),
            std::to_string(HALO_API_VERSION_MAJOR) + "." + std::to_string(HALO_API_VERSION_MINOR) +
                "." + std::to_string(HALO_API_VERSION_PATCH));
}

TEST(CApi, ErrorsAreCodesWithMessages) {
  halo_retimer* h = nullptr;
  std::vector<std::uint32_t> img(HALO_REG_WORDS - 1);
  EXPECT_EQ(halo_retimer_create(img.data(), img.size(), &h), HALO_ERR_ARG);
  EXPECT_EQ(h, nullptr);
  EXPECT_NE(std::string(halo_last_error()).find("HALO_REG_WORDS"), std::string::npos);
  img.assign(HALO_REG_WORDS, 0);
  ASSERT_EQ(halo_image_defaults(img.data(), img.size()), HALO_OK);
  img[OFF(ADC_CFG) / 4] = 9;
  img[OFF(CTRL) / 4] = HALO_RETIMER__CTRL__INIT_bm;
  EXPECT_EQ(halo_retimer_create(img.data(), img.size(), &h), HALO_ERR_CONFIG);
  EXPECT_NE(std::string(halo_last_error()).find("adc_bits"), std::string::npos) << halo_last_error();
  ASSERT_EQ(halo_retimer_create(nullptr, 0, &h), HALO_OK);
  std::uint32_t v = 0;
  EXPECT_EQ(halo_reg_read(h, 0x1002, &v), HALO_ERR_ADDR);
  EXPECT_EQ(halo_reg_read(h, OFF(ID), nullptr), HALO_ERR_ARG);
  EXPECT_EQ(halo_feed_adc(nullptr, nullptr, 0), HALO_ERR_ARG);
  const std::uint8_t bad[2] = {1, 4};
  EXPECT_EQ(halo_feed_symbols(h, bad, 2, 32), HALO_ERR_ARG);
  EXPECT_NE(std::string(halo_last_error()).find("symbol 1"), std::string::npos) << halo_last_error();
  EXPECT_STREQ(halo_status_name(HALO_ERR_ADDR), "HALO_ERR_ADDR");
  halo_retimer_destroy(h);
}

// A device for precoded KP4 traffic: FFE main tap 5 (1.0), linear Volterra term 1.0, precoding,
// FEC correction, FEC_SKIP past the warm-up, monitor windows of 2^window_log2 symbols.
halo_retimer* kp4_device(std::size_t warmup, std::uint32_t window_log2) {
  std::vector<std::uint32_t> img(HALO_REG_WORDS);
  EXPECT_EQ(halo_image_defaults(img.data(), img.size()), HALO_OK);
  img[OFF(FFE_COEF[5]) / 4] = 256;
  img[OFF(VOL_COEF[0]) / 4] = 1024;
  img[OFF(LINE_CTRL) / 4] = HALO_RETIMER__LINE_CTRL__PRECODING_bm | HALO_RETIMER__LINE_CTRL__FEC_CORRECT_EN_bm |
                            static_cast<std::uint32_t>((warmup + 7) << 16);
  img[OFF(MON_CTRL) / 4] = window_log2;
  img[OFF(CTRL) / 4] = HALO_RETIMER__CTRL__INIT_bm;
  halo_retimer* h = nullptr;
  EXPECT_EQ(halo_retimer_create(img.data(), img.size(), &h), HALO_OK) << halo_last_error();
  return h;
}

TEST(CApi, Kp4TrafficThroughIdealChannel) {
  const std::size_t warmup = 500, cws = 3, n = warmup + HALO_KP4_SYMBOLS * cws;
  std::vector<std::uint8_t> sym(n + 64, 0);
  EXPECT_EQ(halo_kp4_traffic(1, warmup, cws, 1, sym.data(), n - 1), HALO_ERR_ARG);
  ASSERT_EQ(halo_kp4_traffic(1, warmup, cws, 1, sym.data(), n), HALO_OK);
  halo_retimer* h = kp4_device(warmup, 10);
  ASSERT_NE(h, nullptr);
  ASSERT_EQ(halo_feed_symbols(h, sym.data(), sym.size(), 32), HALO_OK) << halo_last_error();
  std::uint32_t cw = 0, hist0 = 0, windows = 0;
  ASSERT_EQ(halo_reg_read(h, OFF(FEC_CW), &cw), HALO_OK);
  ASSERT_EQ(halo_reg_read(h, OFF(FEC_HIST[0]), &hist0), HALO_OK);
  ASSERT_EQ(halo_reg_read(h, OFF(MON_WINDOWS), &windows), HALO_OK);
  EXPECT_EQ(cw, cws);     // decoded every codeword (alignment and precoding right)
  EXPECT_EQ(hist0, cws);  // error-free
  EXPECT_EQ(windows, sym.size() / 1024);
  halo_level_report r{};
  ASSERT_EQ(halo_level_report_read(h, &r), HALO_OK);
  EXPECT_EQ(r.count[0] + r.count[1] + r.count[2] + r.count[3], 1024u);
  EXPECT_DOUBLE_EQ(r.mean[0], -96.0 * 8);
  EXPECT_DOUBLE_EQ(r.mean[2], 32.0 * 8);
  EXPECT_DOUBLE_EQ(r.rlm, 1.0);
  EXPECT_TRUE(std::isnan(r.esnr_db));  // zero noise
  // field write
  ASSERT_EQ(halo_field_write(h, OFF(MON_CTRL), HALO_RETIMER__MON_CTRL__LOCK_TOL_bm,
                             HALO_RETIMER__MON_CTRL__LOCK_TOL_bp, 77), HALO_OK);
  std::uint32_t mc = 0;
  ASSERT_EQ(halo_reg_read(h, OFF(MON_CTRL), &mc), HALO_OK);
  EXPECT_EQ(mc, (77u << 16) | 10u);
  std::vector<std::uint32_t> dump(HALO_REG_WORDS);
  ASSERT_EQ(halo_reg_dump(h, dump.data(), dump.size()), HALO_OK);
  EXPECT_EQ(dump[OFF(FEC_CW) / 4], cws);
  halo_retimer_destroy(h);
}

// A device with 64-symbol monitor windows: MON_WINDOWS shows whether any input was processed.
halo_retimer* small_window_device() {
  std::vector<std::uint32_t> img(HALO_REG_WORDS);
  EXPECT_EQ(halo_image_defaults(img.data(), img.size()), HALO_OK);
  img[OFF(MON_CTRL) / 4] = 6;  // WINDOW_LOG2 = 6
  img[OFF(CTRL) / 4] = HALO_RETIMER__CTRL__INIT_bm;
  halo_retimer* h = nullptr;
  EXPECT_EQ(halo_retimer_create(img.data(), img.size(), &h), HALO_OK) << halo_last_error();
  return h;
}

std::uint32_t reg(const halo_retimer* h, std::uint32_t addr) {
  std::uint32_t v = 0;
  EXPECT_EQ(halo_reg_read(h, addr, &v), HALO_OK);
  return v;
}

// warmup + 2720 * codewords wraps around: codewords = 2^59 gives 2720 * 2^59 = 85 * 2^64 = 0
// (mod 2^64), so n == warmup passed the old check and the encoder wrote past the buffer.
TEST(CApi, Kp4TrafficRejectsSizeOverflow) {
  std::vector<std::uint8_t> sym(64, 0);
  const std::size_t huge = std::size_t{1} << 59;
  EXPECT_EQ(halo_kp4_traffic(1, 16, huge, 0, sym.data(), 16), HALO_ERR_ARG);
  EXPECT_NE(std::string(halo_last_error()).find("overflow"), std::string::npos) << halo_last_error();
  // warmup near 2^63: 2 * n (the bit count) wraps to a small number (heap over-read)
  const std::size_t w = (std::size_t{1} << 63) + 8;
  EXPECT_EQ(halo_kp4_traffic(1, w, 0, 0, sym.data(), w), HALO_ERR_ARG);
  EXPECT_NE(std::string(halo_last_error()).find("overflow"), std::string::npos) << halo_last_error();
  const std::size_t max = std::numeric_limits<std::size_t>::max();
  EXPECT_EQ(halo_kp4_traffic(1, max, 1, 0, sym.data(), max), HALO_ERR_ARG);
  EXPECT_TRUE(std::all_of(sym.begin(), sym.end(), [](std::uint8_t v) { return v == 0; }));
}

// An invalid symbol anywhere is found before the first symbol is processed (HALO_ERR_ARG).
TEST(CApi, InvalidSymbolMidArrayRejectedBeforeProcessing) {
  halo_retimer* h = small_window_device();
  ASSERT_NE(h, nullptr);
  std::vector<std::uint8_t> sym(1000, 2);
  sym[700] = 9;  // after two 256-symbol blocks and ten 64-symbol monitor windows
  EXPECT_EQ(halo_feed_symbols(h, sym.data(), sym.size(), 32), HALO_ERR_ARG);
  EXPECT_NE(std::string(halo_last_error()).find("symbol 700 = 9"), std::string::npos) << halo_last_error();
  EXPECT_EQ(reg(h, OFF(MON_WINDOWS)), 0u);  // nothing processed
  sym[700] = 1;
  EXPECT_EQ(halo_feed_symbols(h, sym.data(), sym.size(), 32), HALO_OK);
  EXPECT_EQ(reg(h, OFF(MON_WINDOWS)), 1000u / 64);
  halo_retimer_destroy(h);
}

// ADC codes outside the signed ADC_BITS range in effect are an argument error, not clipped;
// the whole block is checked before any code is processed.
TEST(CApi, OutOfRangeAdcCodesRejected) {
  halo_retimer* h = small_window_device();
  ASSERT_NE(h, nullptr);
  std::vector<std::int16_t> adc(500, 40);
  adc[300] = 128;  // 8-bit ADC (reset value): -128..127
  EXPECT_EQ(halo_feed_adc(h, adc.data(), adc.size()), HALO_ERR_ARG);
  EXPECT_NE(std::string(halo_last_error()).find("code 300 = 128"), std::string::npos) << halo_last_error();
  EXPECT_NE(std::string(halo_last_error()).find("-128..127"), std::string::npos) << halo_last_error();
  EXPECT_EQ(reg(h, OFF(MON_WINDOWS)), 0u);
  adc[300] = -129;
  EXPECT_EQ(halo_feed_adc(h, adc.data(), adc.size()), HALO_ERR_ARG);
  adc[300] = -128;
  EXPECT_EQ(halo_feed_adc(h, adc.data(), adc.size()), HALO_OK) << halo_last_error();
  EXPECT_EQ(reg(h, OFF(MON_WINDOWS)), 500u / 64);
  // 6-bit ADC after INIT: -32..31
  ASSERT_EQ(halo_reg_write(h, OFF(ADC_CFG), 6), HALO_OK);
  ASSERT_EQ(halo_reg_write(h, OFF(CTRL), HALO_RETIMER__CTRL__INIT_bm), HALO_OK) << halo_last_error();
  adc.assign(100, 31);
  adc[99] = 32;
  EXPECT_EQ(halo_feed_adc(h, adc.data(), adc.size()), HALO_ERR_ARG);
  EXPECT_NE(std::string(halo_last_error()).find("-32..31"), std::string::npos) << halo_last_error();
  halo_retimer_destroy(h);
}

// A rejected CTRL.INIT leaves the previous configuration in effect, and the registers read
// back that configuration (not the rejected values).
TEST(CApi, RejectedInitKeepsRegistersAndDatapathConsistent) {
  halo_retimer* h = small_window_device();
  ASSERT_NE(h, nullptr);
  ASSERT_EQ(halo_reg_write(h, OFF(ADC_CFG), 6), HALO_OK);
  ASSERT_EQ(halo_reg_write(h, OFF(CTRL), HALO_RETIMER__CTRL__INIT_bm), HALO_OK) << halo_last_error();
  ASSERT_EQ(halo_reg_write(h, OFF(ADC_CFG), 9), HALO_OK);  // a plain register write
  ASSERT_EQ(halo_reg_write(h, OFF(MON_CTRL), (5u << 16) | 7u), HALO_OK);
  EXPECT_EQ(halo_reg_write(h, OFF(CTRL), HALO_RETIMER__CTRL__INIT_bm), HALO_ERR_CONFIG);
  EXPECT_NE(std::string(halo_last_error()).find("adc_bits"), std::string::npos) << halo_last_error();
  EXPECT_EQ(reg(h, OFF(ADC_CFG)), 6u);                // the value in effect, not 9
  EXPECT_EQ(reg(h, OFF(MON_CTRL)) & 0x1fu, 6u);        // WINDOW_LOG2 in effect
  EXPECT_EQ(reg(h, OFF(MON_CTRL)) >> 16, 5u);          // LOCK_TOL acts immediately: kept
  std::vector<std::int16_t> adc(64, 32);               // 32 is outside the 6-bit range in effect
  EXPECT_EQ(halo_feed_adc(h, adc.data(), adc.size()), HALO_ERR_ARG);
  adc.assign(64, 31);
  EXPECT_EQ(halo_feed_adc(h, adc.data(), adc.size()), HALO_OK);
  EXPECT_EQ(reg(h, OFF(MON_WINDOWS)), 1u);             // 64-symbol windows still in effect
  // the same through a read-modify-write of CTRL and through a field write
  ASSERT_EQ(halo_field_write(h, OFF(ADC_CFG), HALO_RETIMER__ADC_CFG__ADC_BITS_bm,
                             HALO_RETIMER__ADC_CFG__ADC_BITS_bp, 5), HALO_OK);
  EXPECT_EQ(halo_field_write(h, OFF(CTRL), HALO_RETIMER__CTRL__INIT_bm, HALO_RETIMER__CTRL__INIT_bp, 1),
            HALO_ERR_CONFIG);
  EXPECT_EQ(reg(h, OFF(ADC_CFG)), 6u);
  halo_retimer_destroy(h);
}

// Size arguments: every size the caller passes is checked before it is used.
TEST(CApi, SizeArgumentsChecked) {
  std::vector<std::uint32_t> img(HALO_REG_WORDS + 1);
  EXPECT_EQ(halo_image_defaults(img.data(), img.size()), HALO_ERR_ARG);
  halo_retimer* h = nullptr;
  EXPECT_EQ(halo_retimer_create(img.data(), std::numeric_limits<std::size_t>::max(), &h), HALO_ERR_ARG);
  EXPECT_EQ(h, nullptr);
  ASSERT_EQ(halo_retimer_create(nullptr, 0, &h), HALO_OK);
  EXPECT_EQ(halo_reg_dump(h, img.data(), img.size()), HALO_ERR_ARG);
  EXPECT_EQ(halo_feed_adc(h, nullptr, 5), HALO_ERR_ARG);
  EXPECT_EQ(halo_feed_symbols(h, nullptr, 5, 32), HALO_ERR_ARG);
  EXPECT_EQ(halo_field_write(h, OFF(MON_CTRL), 0xffu, 32, 1), HALO_ERR_ARG);
  EXPECT_EQ(halo_reg_write(h, 0xfffffffcu, 1), HALO_ERR_ADDR);
  halo_retimer_destroy(h);
}



// ---- Clause 177 inner FEC (INNER_CTRL, INNER_* counters) ----
// Valid inner codewords without the encoder: data symbols on levels 0 and 2 (Gray 00 and 11:
// every XOR-domain bit m(2k) ^ m(2k+1) is 0) and parity symbols on level 0 form codewords of any
// linear code on the XOR domain (all-zero XOR word, parity 0). An error at XOR position q is
// then a data symbol moved to a neighbouring level (q < 60) or one parity bit set (q >= 60).
struct InnerLine {
  std::vector<std::uint8_t> sym;              // line symbols (levels)
  std::uint32_t single = 0, dbl = 0;          // codewords with 1 and 2 errors
  std::vector<std::uint32_t> hist = std::vector<std::uint32_t>(HALO_INNER_POSITIONS, 0);
};

void put_error(std::vector<std::uint8_t>& cw, unsigned q) {
  if (q < 60) {
    cw[q] = cw[q] == 0 ? 1 : 3;  // level 0 -> 1, level 2 -> 3: a neighbour, XOR bit flips
  } else {
    const unsigned j = q - 60;   // parity bit p_j: A (j even) or B (j odd) of symbol 60 + j / 2
    std::uint8_t& lv = cw[60 + j / 2];
    const unsigned pair = (lv ^ (lv >> 1) ^ (lv >> 2)) | (j % 2 == 0 ? 2u : 1u);  // level -> (A << 1) | B, bit set
    lv = static_cast<std::uint8_t>(pair ^ (pair >> 1));  // Gray pair -> level
  }
}

// n codewords; codeword c gets no error, one error (c % 4 == 1) or two (c % 4 == 3), at
// positions spread over all 68; then 32 symbols on level 0 that push the last codeword
// through the chain latency (which the device's INNER_CTRL.SKIP drops at the start).
InnerLine inner_line(unsigned n, std::uint64_t seed, bool doubles = true) {
  std::mt19937_64 g(seed);
  InnerLine l;
  for (unsigned c = 0; c < n; ++c) {
    std::vector<std::uint8_t> cw(64, 0);
    for (unsigned k = 0; k < 60; ++k) cw[k] = static_cast<std::uint8_t>(2 * (g() & 1u));
    const unsigned q1 = static_cast<unsigned>(g() % 68), q2 = (q1 + 1 + static_cast<unsigned>(g() % 67)) % 68;
    if (c % 4 == 1) {
      put_error(cw, q1);
      ++l.single;
      ++l.hist[q1];
    } else if (c % 4 == 3 && doubles) {
      put_error(cw, q1);
      put_error(cw, q2);
      ++l.dbl;
    }
    l.sym.insert(l.sym.end(), cw.begin(), cw.end());
  }
  l.sym.insert(l.sym.end(), 32, 0);  // flushes the chain, completes no extra codeword
  return l;
}

// Ideal channel device (FFE main tap 1.0, Volterra linear 1.0), precoding off.
halo_retimer* ideal_device() {
  std::vector<std::uint32_t> img(HALO_REG_WORDS);
  EXPECT_EQ(halo_image_defaults(img.data(), img.size()), HALO_OK);
  img[OFF(FFE_COEF[5]) / 4] = 256;
  img[OFF(VOL_COEF[0]) / 4] = 1024;
  img[OFF(CTRL) / 4] = HALO_RETIMER__CTRL__INIT_bm;
  halo_retimer* h = nullptr;
  EXPECT_EQ(halo_retimer_create(img.data(), img.size(), &h), HALO_OK) << halo_last_error();
  return h;
}

constexpr unsigned kChainLatency = 7;  // FFE pre-cursors 5 + Volterra 2 (docs/regmap.md)

TEST(CApi, InnerFecCountersCountInjectedErrors) {
  halo_retimer* h = ideal_device();
  const InnerLine l = inner_line(400, 11);
  // off by default: nothing counted
  ASSERT_EQ(halo_feed_symbols(h, l.sym.data(), l.sym.size(), 32), HALO_OK) << halo_last_error();
  halo_inner_fec_counters c{};
  ASSERT_EQ(halo_inner_fec_counters_read(h, &c), HALO_OK);
  EXPECT_EQ(c.codewords, 0u);
  // hard decoder: every single error corrected at its position, every double error detected
  ASSERT_EQ(halo_inner_fec_configure(h, 1, HALO_INNER_HARD, 4, kChainLatency), HALO_OK) << halo_last_error();
  ASSERT_EQ(halo_reg_write(h, OFF(CTRL), HALO_RETIMER__CTRL__INIT_bm), HALO_OK) << halo_last_error();
  ASSERT_EQ(halo_feed_symbols(h, l.sym.data(), l.sym.size(), 32), HALO_OK) << halo_last_error();
  ASSERT_EQ(halo_inner_fec_counters_read(h, &c), HALO_OK);
  EXPECT_EQ(c.codewords, 400u);
  EXPECT_EQ(c.corrected, l.single);
  EXPECT_EQ(c.uncorrectable, l.dbl);
  EXPECT_EQ(c.corrected_positions, l.single);
  for (unsigned q = 0; q < HALO_INNER_POSITIONS; ++q) EXPECT_EQ(c.position_hist[q], l.hist[q]) << "position " << q;
  EXPECT_EQ(reg(h, OFF(INNER_CW)), 400u);
  EXPECT_EQ(reg(h, OFF(INNER_POS_HIST[3])) >> 16, l.hist[7]);  // word k: bins 2k, 2k + 1
  // CLEAR zeroes the counters
  ASSERT_EQ(halo_reg_write(h, OFF(CTRL), HALO_RETIMER__CTRL__CLEAR_bm), HALO_OK);
  ASSERT_EQ(halo_inner_fec_counters_read(h, &c), HALO_OK);
  EXPECT_EQ(c.codewords + c.corrected + c.uncorrectable + c.corrected_positions, 0u);
  // Chase-2, L = 3: single errors corrected (any other codeword is >= 3 flips away; equal
  // reliabilities on the ideal channel make the one-flip candidate the least metric)
  const InnerLine s = inner_line(200, 12, false);
  ASSERT_EQ(halo_inner_fec_configure(h, 1, HALO_INNER_CHASE, 3, kChainLatency), HALO_OK);
  ASSERT_EQ(halo_reg_write(h, OFF(CTRL), HALO_RETIMER__CTRL__INIT_bm), HALO_OK) << halo_last_error();
  ASSERT_EQ(halo_feed_symbols(h, s.sym.data(), s.sym.size(), 32), HALO_OK);
  ASSERT_EQ(halo_inner_fec_counters_read(h, &c), HALO_OK);
  EXPECT_EQ(c.codewords, 200u);
  EXPECT_EQ(c.corrected, s.single);
  EXPECT_EQ(c.uncorrectable, 0u);
  for (unsigned q = 0; q < HALO_INNER_POSITIONS; ++q) EXPECT_EQ(c.position_hist[q], s.hist[q]) << "position " << q;
  halo_retimer_destroy(h);
}

TEST(CApi, InnerFecHistogramBinsSaturateAt16Bits) {
  halo_retimer* h = ideal_device();
  ASSERT_EQ(halo_inner_fec_configure(h, 1, HALO_INNER_HARD, 2, kChainLatency), HALO_OK);
  ASSERT_EQ(halo_reg_write(h, OFF(CTRL), HALO_RETIMER__CTRL__INIT_bm), HALO_OK) << halo_last_error();
  std::vector<std::uint8_t> cw(64, 0), sym;
  put_error(cw, 5);
  for (unsigned b = 0; b < 70; ++b) {  // 70 x 1000 codewords, each with an error at position 5
    sym.clear();
    for (unsigned c = 0; c < 1000; ++c) sym.insert(sym.end(), cw.begin(), cw.end());
    ASSERT_EQ(halo_feed_symbols(h, sym.data(), sym.size(), 32), HALO_OK);
  }
  halo_inner_fec_counters c{};
  ASSERT_EQ(halo_inner_fec_counters_read(h, &c), HALO_OK);
  EXPECT_EQ(c.corrected_positions, 70000u - 1u);  // the last codeword waits for 7 symbols
  EXPECT_EQ(c.position_hist[5], 65535u);
  EXPECT_EQ(c.position_hist[4], 0u);
  halo_retimer_destroy(h);
}

TEST(CApi, InnerFecConfigureValidatesArguments) {
  halo_retimer* h = ideal_device();
  const std::uint32_t before = reg(h, OFF(INNER_CTRL));
  EXPECT_EQ(halo_inner_fec_configure(nullptr, 1, HALO_INNER_HARD, 4, 0), HALO_ERR_ARG);
  EXPECT_EQ(halo_inner_fec_configure(h, 2, HALO_INNER_HARD, 4, 0), HALO_ERR_ARG);
  EXPECT_NE(std::string(halo_last_error()).find("enable"), std::string::npos) << halo_last_error();
  EXPECT_EQ(halo_inner_fec_configure(h, 1, 5, 4, 0), HALO_ERR_ARG);
  EXPECT_NE(std::string(halo_last_error()).find("decoder"), std::string::npos) << halo_last_error();
  EXPECT_EQ(halo_inner_fec_configure(h, 1, HALO_INNER_CHASE, 7, 0), HALO_ERR_ARG);
  EXPECT_NE(std::string(halo_last_error()).find("chase_l: 2..6 expected, got 7"), std::string::npos) << halo_last_error();
  EXPECT_EQ(halo_inner_fec_configure(h, 1, HALO_INNER_CHASE, 1, 0), HALO_ERR_ARG);
  EXPECT_EQ(halo_inner_fec_configure(h, 1, HALO_INNER_CHASE, 4, 64), HALO_ERR_ARG);
  EXPECT_NE(std::string(halo_last_error()).find("skip"), std::string::npos) << halo_last_error();
  EXPECT_EQ(reg(h, OFF(INNER_CTRL)), before);  // nothing written
  EXPECT_EQ(halo_inner_fec_counters_read(h, nullptr), HALO_ERR_ARG);
  // the register reads back what was written; INIT rejects the inner FEC with precoding
  ASSERT_EQ(halo_inner_fec_configure(h, 1, HALO_INNER_CHASE, 6, 9), HALO_OK);
  EXPECT_EQ(reg(h, OFF(INNER_CTRL)), HALO_RETIMER__INNER_CTRL__EN_bm | HALO_RETIMER__INNER_CTRL__CHASE_bm |
                                         HALO_RETIMER__INNER_CTRL__CORRECT_EN_bm | (6u << 4) | (9u << 16));
  ASSERT_EQ(halo_field_write(h, OFF(LINE_CTRL), HALO_RETIMER__LINE_CTRL__PRECODING_bm, 0, 1), HALO_OK);
  EXPECT_EQ(halo_reg_write(h, OFF(CTRL), HALO_RETIMER__CTRL__INIT_bm), HALO_ERR_CONFIG);
  EXPECT_NE(std::string(halo_last_error()).find("INNER_CTRL.EN"), std::string::npos) << halo_last_error();
  halo_retimer_destroy(h);
}

}  // namespace

// halo_vdm_report_read: eSNR and LTP from the LVL_* registers against the definitions in double
// (vdm.hpp: eSNR = 10 log10(mean_k (mu_k - mu)^2 / pooled variance), LTP = min over the eyes of
// 20 log10((mu_{i+1} - mu_i) / (sigma_i + sigma_{i+1}))), the pre-FEC BER and FERC against the
// FEC counters, on a noisy ADC input.
TEST(CApi, VdmReportFromRegisters) {
  const std::size_t warmup = 2000, cws = 40, n = warmup + HALO_KP4_SYMBOLS * cws;
  std::vector<std::uint8_t> sym(n);
  ASSERT_EQ(halo_kp4_traffic(3, warmup, cws, 1, sym.data(), n), HALO_OK);
  halo_retimer* h = kp4_device(warmup, 12);
  ASSERT_NE(h, nullptr);
  std::vector<std::int16_t> codes(n);
  std::mt19937_64 rng(5);
  std::normal_distribution<double> noise(0.0, 9.0);
  for (std::size_t i = 0; i < n; ++i)
    codes[i] = static_cast<std::int16_t>(std::clamp(std::lround(32.0 * (2 * sym[i] - 3) + noise(rng)), -128l, 127l));
  ASSERT_EQ(halo_feed_adc(h, codes.data(), codes.size()), HALO_OK) << halo_last_error();
  halo_vdm_report v{};
  ASSERT_EQ(halo_vdm_report_read(h, &v), HALO_OK) << halo_last_error();
  ASSERT_EQ(v.levels_valid, 1);
  double mu[4], sg[4], nn = 0, pooled = 0;
  for (std::uint32_t k = 0; k < 4; ++k) {
    const double cnt = reg(h, OFF(LVL_COUNT[0]) + 4 * k);
    const double s = static_cast<std::int32_t>(reg(h, OFF(LVL_SUM[0]) + 4 * k));
    const double q = static_cast<double>(reg(h, OFF(LVL_SUMSQ_LO[0]) + 4 * k)) +
                     4294967296.0 * reg(h, OFF(LVL_SUMSQ_HI[0]) + 4 * k);
    mu[k] = s / cnt;
    const double var = q / cnt - mu[k] * mu[k];
    sg[k] = std::sqrt(var);
    nn += cnt;
    pooled += var * cnt;
  }
  pooled /= nn;
  const double mbar = (mu[0] + mu[1] + mu[2] + mu[3]) / 4;
  double sig = 0;
  for (double m : mu) sig += (m - mbar) * (m - mbar) / 4;
  EXPECT_NEAR(v.esnr_db, 10 * std::log10(sig / pooled), 0.02);
  double ltp = 1e9;
  for (int i = 0; i < 3; ++i) ltp = std::min(ltp, 20 * std::log10((mu[i + 1] - mu[i]) / (sg[i] + sg[i + 1])));
  EXPECT_NEAR(v.ltp_db, ltp, 0.03);
  EXPECT_GT(v.esnr_db, 5.0);
  EXPECT_LT(v.esnr_db, 30.0);
  const double cw = reg(h, OFF(FEC_CW)), bits = reg(h, OFF(FEC_CORR_BITS)), unc = reg(h, OFF(FEC_UNCORR_CW));
  ASSERT_GT(cw, 0);
  ASSERT_GT(bits, 0);  // noisy enough to count pre-FEC errors
  EXPECT_NEAR(v.ber, bits / (5440 * cw), 1e-3 * bits / (5440 * cw));
  EXPECT_NEAR(v.ferc, unc / cw, 1e-3 * unc / cw + 1e-24);
  unsigned tail = 0;
  for (std::uint32_t b = 0; b < 17; ++b)
    if (reg(h, OFF(FEC_HIST[0]) + 4 * b)) tail = b;
  EXPECT_EQ(v.fec_tail, tail);
  EXPECT_GT(tail, 0u);
  EXPECT_EQ(halo_vdm_report_read(h, nullptr), HALO_ERR_ARG);
  halo_retimer_destroy(h);
}

// C API (halo.h): versioning, error codes and messages, traffic helper, register access.
#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
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
  EXPECT_EQ(halo_feed_symbols(h, bad, 2, 32), HALO_ERR_CONFIG);
  EXPECT_NE(std::string(halo_last_error()).find("symbol 1"), std::string::npos) << halo_last_error();
  EXPECT_STREQ(halo_status_name(HALO_ERR_ADDR), "HALO_ERR_ADDR");
  halo_retimer_destroy(h);
}

TEST(CApi, Kp4TrafficThroughIdealChannel) {
  const std::size_t warmup = 500, cws = 3, n = warmup + HALO_KP4_SYMBOLS * cws;
  std::vector<std::uint8_t> sym(n + 64, 0);
  EXPECT_EQ(halo_kp4_traffic(1, warmup, cws, 1, sym.data(), n - 1), HALO_ERR_ARG);
  ASSERT_EQ(halo_kp4_traffic(1, warmup, cws, 1, sym.data(), n), HALO_OK);
  std::vector<std::uint32_t> img(HALO_REG_WORDS);
  ASSERT_EQ(halo_image_defaults(img.data(), img.size()), HALO_OK);
  img[OFF(FFE_COEF[5]) / 4] = 256;
  img[OFF(VOL_COEF[0]) / 4] = 1024;
  img[OFF(LINE_CTRL) / 4] = HALO_RETIMER__LINE_CTRL__PRECODING_bm |
                            HALO_RETIMER__LINE_CTRL__FEC_CORRECT_EN_bm | ((warmup + 7) << 16);
  img[OFF(MON_CTRL) / 4] = 10;
  img[OFF(CTRL) / 4] = HALO_RETIMER__CTRL__INIT_bm;
  halo_retimer* h = nullptr;
  ASSERT_EQ(halo_retimer_create(img.data(), img.size(), &h), HALO_OK) << halo_last_error();
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

}  // namespace

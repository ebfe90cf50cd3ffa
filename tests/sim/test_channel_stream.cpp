// halo::sim::ChannelStream (halo/sim/channel_stream.hpp) is the time-domain engine's front end,
// not a second model of it: with the sampling phase the engine uses (rx.cdr fixed: the
// best-SER phase, never moved), its ADC codes equal, code for code, those the engine hands its
// receiver (TdHooks::block, adc_codes), whether the stream is stepped in the engine's blocks or
// in beats of 8 codes (the retimer RTL's P) as the SystemC channel steps it. Checked over the
// training blocks (the eye monitor draws RX noise from the same generator in the first
// measured blocks, so the engine's later codes use other draws). A moved phase must change the
// codes (the phase argument reaches the sampler).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "halo/sim/channel_stream.hpp"
#include "halo/sim/link.hpp"
#include "halo/sim/link_config.hpp"

namespace {

using namespace halo::sim;

LinkConfig config(const char* name) {
  LinkConfig cfg = load_config(std::string(HALO_SOURCE_DIR) + "/sim/configs/" + name);
  cfg.tx.pattern = DataPattern::kKp4;
  cfg.rx.model = "cmodel";
  cfg.rx.cdr = "fixed";
  cfg.symbols = 8ull * cfg.block_symbols;  // training: the first half (4 blocks)
  return cfg;
}

std::vector<std::int16_t> engine_codes(const LinkConfig& cfg, const LinkModel& m, std::size_t n) {
  std::vector<std::int16_t> codes;
  TdHooks hooks;
  hooks.block = [&](const TdBlockView& v) {
    if (codes.size() < n) codes.insert(codes.end(), v.adc_codes.begin(), v.adc_codes.end());
  };
  run_time_domain(cfg, m, {}, nullptr, &hooks);
  codes.resize(n);
  return codes;
}

void expect_equal_codes(const char* name) {
  const LinkConfig cfg = config(name);
  const LinkModel m = build_model(cfg);
  const std::size_t n = 4ull * cfg.block_symbols;
  const auto ref = engine_codes(cfg, m, n);
  ChannelStream blocks(cfg, m), beats(cfg, m);
  std::vector<std::int16_t> a(n), b(n);
  for (std::size_t i = 0; i < n; i += cfg.block_symbols) blocks.next(0.0, std::span(a).subspan(i, cfg.block_symbols));
  for (std::size_t i = 0; i < n; i += 8) beats.next(0.0, std::span(b).subspan(i, 8));
  std::size_t diff_a = 0, diff_b = 0;
  for (std::size_t i = 0; i < n; ++i) {
    diff_a += a[i] != ref[i];
    diff_b += b[i] != ref[i];
  }
  EXPECT_EQ(diff_a, 0u) << name << ": stream in engine blocks vs the engine";
  EXPECT_EQ(diff_b, 0u) << name << ": stream in beats of 8 vs the engine";
  EXPECT_EQ(blocks.position(), n);
  // a quarter UI later: other codes
  ChannelStream moved(cfg, m);
  std::vector<std::int16_t> c(n);
  for (std::size_t i = 0; i < n; i += 8) moved.next(0.25, std::span(c).subspan(i, 8));
  std::size_t diff_c = 0;
  for (std::size_t i = 0; i < n; ++i) diff_c += c[i] != ref[i];
  EXPECT_GT(diff_c, n / 4) << name << ": the phase does not reach the sampler";
}

TEST(ChannelStream, C2mCodesEqualTheEngines) { expect_equal_codes("c2m_53g.yaml"); }
TEST(ChannelStream, OpticalDrCodesEqualTheEngines) { expect_equal_codes("optical_dr_106g.yaml"); }

TEST(ChannelStream, RejectsTheFloatReceiver) {
  LinkConfig cfg = config("c2m_53g.yaml");
  cfg.rx.model = "float";
  const LinkModel m = build_model(cfg);
  EXPECT_THROW(ChannelStream(cfg, m), std::invalid_argument);
}

}  // namespace

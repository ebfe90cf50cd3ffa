// Windowed level monitor / CDR lock detector (halo/mon/level_window.hpp, twin of
// rtl/top/level_mon.sv): closed-form window sums, phase delta and lock threshold, the window
// results against the cumulative LevelMonitor of RetimerRx differenced at the window ends (the
// device model's former computation), and the argument checks.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <vector>

#include "halo/mon/level_window.hpp"
#include "halo/retimer/retimer_rx.hpp"

using namespace halo;

TEST(LevelWindowMonitor, ClosedFormSumsDeltaAndLock) {
  // window 2^6: decisions cycle 0,1,2,3, z = 100 k - 150 + (i / 4) % 3 (no sign cancellation)
  mon::LevelWindowMonitor m({6, 3});
  m.clear(0xfff00000u);
  std::vector<std::int16_t> z(64);
  std::vector<std::uint8_t> d(64);
  std::array<std::int64_t, 4> sum{};
  std::array<std::uint64_t, 4> sq{};
  for (unsigned i = 0; i < 64; ++i) {
    d[i] = static_cast<std::uint8_t>(i % 4 + 4);  // only the two LSBs count
    z[i] = static_cast<std::int16_t>(100 * (i % 4) - 150 + (i / 4) % 3);
    sum[i % 4] += z[i];
    sq[i % 4] += static_cast<std::uint64_t>(z[i] * z[i]);
  }
  // first window in two pieces; phase +3 * 2^16 across 2^32 (wraps): delta 3 = tol -> lock
  m.process(std::span(z).first(10), std::span(d).first(10), 0xfff10000u);
  EXPECT_EQ(m.windows(), 0u);
  EXPECT_EQ(m.window_left(), 54u);
  m.process(std::span(z).subspan(10), std::span(d).subspan(10), 0xfff00000u + 0x30000u);
  EXPECT_EQ(m.windows(), 1u);
  EXPECT_EQ(m.window_left(), 64u);
  for (unsigned k = 0; k < 4; ++k) {
    EXPECT_EQ(m.counts()[k], 16u);
    EXPECT_EQ(m.sums()[k], sum[k]);
    EXPECT_EQ(m.sums_sq()[k], sq[k]);
  }
  EXPECT_EQ(m.delta(), 3);
  EXPECT_TRUE(m.lock());
  // second window: phase -4 * 2^16 - 1 -> delta = floor(-(4 * 2^16 + 1) / 2^16) = -5 > tol
  m.process(z, d, 0xfff00000u + 0x30000u - 0x40001u);
  EXPECT_EQ(m.delta(), -5);
  EXPECT_FALSE(m.lock());
  m.set_lock_tol(5);  // applies at the next window end
  EXPECT_FALSE(m.lock());
  m.process(z, d, 0xfff00000u + 0x30000u - 0x40001u - 0x50000u);
  EXPECT_EQ(m.delta(), -5);
  EXPECT_TRUE(m.lock());
  EXPECT_EQ(m.windows(), 3u);
  m.clear(0);
  EXPECT_EQ(m.windows(), 0u);
  EXPECT_EQ(m.counts()[0], 0u);
  EXPECT_EQ(m.delta(), 0);
  EXPECT_FALSE(m.lock());
}

TEST(LevelWindowMonitor, MatchesRetimerRxLevelsDifferencedAtWindowEnds) {
  retimer::RxConfig c;
  c.checker_enable = false;
  retimer::RetimerRx rx(c);
  std::mt19937_64 g(5);
  std::uniform_int_distribution<int> code(-128, 127);
  mon::LevelWindowMonitor m({7, 40});
  m.clear(rx.cdr().phase());
  auto n0 = rx.levels().counts();
  auto s0 = rx.levels().sums();
  auto q0 = rx.levels().sums_sq();
  std::uint32_t ph0 = rx.cdr().phase();
  std::vector<std::int16_t> adc(100), z(100);
  std::vector<std::uint8_t> d(100);
  unsigned checked = 0;
  for (int step = 0; step < 400; ++step) {
    const std::size_t n = std::min<std::uint64_t>(m.window_left(), 1 + g() % 100);
    for (std::size_t i = 0; i < n; ++i) adc[i] = static_cast<std::int16_t>(code(g));
    rx.process(std::span(adc).first(n), {{}, {}, {}, std::span(z).first(n), std::span(d).first(n)});
    const std::uint64_t before = m.windows();
    m.process(std::span(z).first(n), std::span(d).first(n), rx.cdr().phase());
    if (m.windows() == before) continue;
    const auto& n1 = rx.levels().counts();
    const auto& s1 = rx.levels().sums();
    const auto& q1 = rx.levels().sums_sq();
    for (unsigned k = 0; k < 4; ++k) {
      EXPECT_EQ(m.counts()[k], n1[k] - n0[k]);
      EXPECT_EQ(m.sums()[k], s1[k] - s0[k]);
      EXPECT_EQ(m.sums_sq()[k], q1[k] - q0[k]);
    }
    const std::uint32_t ph1 = rx.cdr().phase();
    const auto delta = static_cast<std::int16_t>(static_cast<std::uint16_t>((ph1 - ph0) >> 16));
    EXPECT_EQ(m.delta(), delta);
    EXPECT_EQ(m.lock(), std::abs(delta) <= 40);
    n0 = n1;
    s0 = s1;
    q0 = q1;
    ph0 = ph1;
    ++checked;
  }
  EXPECT_GT(checked, 100u);
}

TEST(LevelWindowMonitor, RejectsBadArguments) {
  EXPECT_THROW(mon::LevelWindowMonitor({5, 0}), std::invalid_argument);
  EXPECT_THROW(mon::LevelWindowMonitor({17, 0}), std::invalid_argument);
  EXPECT_THROW(mon::LevelWindowMonitor({6, 0x10000}), std::invalid_argument);
  mon::LevelWindowMonitor m({6, 0});
  std::vector<std::int16_t> z(65);
  std::vector<std::uint8_t> d(65);
  EXPECT_THROW(m.process(z, d, 0), std::invalid_argument);  // crosses the window end
  EXPECT_THROW(m.process(std::span(z).first(4), std::span(d).first(3), 0), std::invalid_argument);
}

#include <gtest/gtest.h>

#include "halo/fec/fec_monitor.hpp"

using namespace halo::fec;

namespace {
DecodeResult ok(unsigned n, unsigned bits) {
  DecodeResult r;
  r.num_errors = r.corrected_symbols = n;
  r.corrected_bits = bits;
  return r;
}
DecodeResult bad() {
  DecodeResult r;
  r.uncorrectable = true;
  return r;
}
}  // namespace

TEST(FecMonitor, CountersAndHistogram) {
  FecMonitor m(kKp4);
  m.update(ok(0, 0));
  m.update(ok(3, 5));
  m.update(ok(15, 20));
  m.update(bad());
  EXPECT_EQ(m.codewords(), 4u);
  EXPECT_EQ(m.corrected_codewords(), 2u);
  EXPECT_EQ(m.uncorrectable_codewords(), 1u);
  EXPECT_EQ(m.corrected_symbols(), 18u);
  EXPECT_EQ(m.corrected_bits(), 25u);
  EXPECT_EQ(m.symbol_errors(), 18u + 16u);
  EXPECT_EQ(m.histogram()[0], 1u);
  EXPECT_EQ(m.histogram()[3], 1u);
  EXPECT_EQ(m.histogram()[15], 1u);
  EXPECT_EQ(m.histogram()[16], 1u);
}

TEST(FecMonitor, HiSerWindowThreshold) {
  // 8192 codewords: 6380 symbol errors do not set hi_ser, 6381 do (threshold is "exceeds").
  FecMonitor m(kKp4);
  for (unsigned i = 0; i < 8192; ++i) m.update(ok(i < 6380 ? 1 : 0, 1));
  EXPECT_FALSE(m.hi_ser());
  for (unsigned i = 0; i < 8192; ++i) m.update(ok(i < 6381 ? 1 : 0, 1));
  EXPECT_TRUE(m.hi_ser());
  EXPECT_EQ(m.hi_ser_windows(), 1u);
  for (unsigned i = 0; i < 8191; ++i) m.update(ok(0, 0));
  EXPECT_TRUE(m.hi_ser());  // holds until the window completes
  m.update(ok(0, 0));
  EXPECT_FALSE(m.hi_ser());
}

TEST(FecMonitor, MergeSums) {
  FecMonitor a, b;
  a.update(ok(2, 2));
  b.update(bad());
  b.update(ok(1, 1));
  a.merge(b);
  EXPECT_EQ(a.codewords(), 3u);
  EXPECT_EQ(a.uncorrectable_codewords(), 1u);
  EXPECT_EQ(a.corrected_symbols(), 3u);
  EXPECT_EQ(a.histogram()[16], 1u);
}

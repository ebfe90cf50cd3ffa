// Stages of the time-domain engine (sim/channel/stages/), each against its definition:
//  * LineCoder: Gray mapping 00 -> 0, 01 -> 1, 11 -> 2, 10 -> 3 and precoding
//    P(j) = (G(j) - P(j-1)) mod 4 (IEEE 802.3-2022 120.5.7.1/120.5.7.2), written out here;
//    a Gray-coded pattern sent without Gray coding carries its bits with the natural mapping;
//    both symbols recorded in the TxHistory at the block's TX indices.
//  * DataSource: the KP4 source's bit pairs form RS(544,514) codewords (decoder: no errors).
//  * FecReceiver: alignment to the TX codeword grid from the first checked decision, corrected
//    and uncorrectable codewords, the block index of the decision completing each codeword,
//    and the same monitor for any block split.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "halo/fec/codeword_io.hpp"
#include "halo/fec/rs_decoder.hpp"
#include "halo/sim/rng.hpp"
#include "stages/block.hpp"
#include "stages/fec_rx.hpp"
#include "stages/source.hpp"
#include "stages/transmitter.hpp"

namespace {

namespace d = halo::sim::detail;

TEST(SimStages, LineCoderGrayAndPrecodingAsIn802_3) {
  const std::uint8_t gray_of_pair[4] = {0, 1, 3, 2};  // 00, 01, 10, 11 (A << 1 | B)
  halo::sim::Rng r(3, 0);
  std::vector<std::uint8_t> pairs(1000), line(1000);
  for (auto& q : pairs) q = static_cast<std::uint8_t>(r.next() >> 62);
  for (bool precoding : {false, true}) {
    d::LineCoder coder(true, precoding, 1000);
    d::TxHistory hist(10, 1000);
    std::uint8_t prev = 0;
    for (unsigned blk = 0; blk < 2; ++blk) {  // two blocks: the precoder keeps its state
      const std::uint64_t n0 = 1000u * blk;
      coder.process(n0, pairs, d::SourceFormat::kBitPairs, hist, line);
      for (std::size_t k = 0; k < pairs.size(); ++k) {
        const std::uint8_t g = gray_of_pair[pairs[k]];
        const std::uint8_t p = precoding ? static_cast<std::uint8_t>((g - prev + 4) % 4) : g;
        prev = p;
        ASSERT_EQ(line[k], p) << "precoding " << precoding << " block " << blk << " k " << k;
        const auto rec = hist.ring()[(n0 + k) & (hist.ring().size() - 1)];
        ASSERT_EQ(rec.g, g);
        ASSERT_EQ(rec.p, p);
      }
    }
  }
  // Gray symbols of a test pattern without Gray coding: the symbol's bit pair as the level
  d::LineCoder plain(false, false, 4);
  d::TxHistory hist(0, 4);
  const std::vector<std::uint8_t> gray_syms = {0, 1, 2, 3};
  std::vector<std::uint8_t> out(4);
  plain.process(0, gray_syms, d::SourceFormat::kGraySymbols, hist, out);
  EXPECT_EQ(out, (std::vector<std::uint8_t>{0, 1, 3, 2}));
}

TEST(SimStages, Kp4SourceSendsCodewords) {
  auto src = d::make_source(halo::sim::DataPattern::kKp4, 11);
  ASSERT_EQ(src->format(), d::SourceFormat::kBitPairs);
  std::vector<std::uint8_t> pairs(2720 * 2 + 100);
  src->fill(std::span<std::uint8_t>(pairs).first(1000));  // any call split
  src->fill(std::span<std::uint8_t>(pairs).subspan(1000));
  halo::fec::RsDecoder dec(halo::fec::kKp4);
  for (std::size_t c = 0; c < 2; ++c) {
    std::vector<std::uint8_t> bits(5440);
    for (std::size_t i = 0; i < 2720; ++i) {
      bits[2 * i] = pairs[c * 2720 + i] >> 1;
      bits[2 * i + 1] = pairs[c * 2720 + i] & 1u;
    }
    std::vector<halo::fec::gf_t> cw(544);
    halo::fec::bits_to_symbols(bits, cw);
    bool nonzero = false;
    for (auto s : cw) nonzero = nonzero || s != 0;
    EXPECT_TRUE(nonzero);
    const auto res = dec.decode(cw);
    EXPECT_FALSE(res.uncorrectable) << "codeword " << c;
    EXPECT_EQ(res.num_errors, 0u) << "codeword " << c;
  }
}

TEST(SimStages, FecReceiverOnTheTxCodewordGrid) {
  // decisions from TX symbol t_first on; the grid starts at 2720 c; codeword 0 of the receiver
  // is TX symbols [2720 * 4, 2720 * 5): 3 symbol errors (3 FEC symbols); codeword 1: 16 FEC
  // symbols in error (uncorrectable); codeword 2: clean; errors before the grid are ignored
  const std::uint64_t grid0 = 2720 * 4, t_first = grid0 - 137;
  const std::uint64_t total = 137 + 3 * 2720 + 50;
  std::vector<std::uint8_t> err(total, 0);
  err[5] = 3;  // before the grid
  for (std::uint64_t i : {0u, 100u, 2719u}) err[137 + i] = 2;
  for (unsigned j = 0; j < 16; ++j) err[137 + 2720 + 10 * j] = 1;
  for (unsigned block : {1000u, 777u, 4096u}) {
    d::FecReceiver fec;
    std::vector<halo::sim::TdCodeword> cws;
    std::vector<std::uint64_t> ends;  // TX symbol of the decision completing each codeword
    const std::size_t k0 = 13;        // the first block's first checked decision
    std::uint64_t n0 = 0;             // block start in decision units; decision k = TX t_first - k0 + n0 + k
    for (std::uint64_t pos = 0; pos < total;) {
      const std::size_t kk = n0 == 0 ? k0 : 0;
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(block, total - pos + kk));
      std::vector<std::uint8_t> blk(n, 0);
      for (std::size_t k = kk; k < n; ++k) blk[k] = err[pos + k - kk];
      cws.clear();
      fec.process(t_first - k0 + n0, kk, blk, &cws);
      for (const auto& c : cws) ends.push_back(t_first - k0 + n0 + c.symbol);
      pos += n - kk;
      n0 += n;
    }
    const auto& mon = fec.monitor();
    EXPECT_EQ(mon.codewords(), 3u) << "block " << block;
    EXPECT_EQ(mon.uncorrectable_codewords(), 1u) << "block " << block;
    EXPECT_EQ(mon.corrected_symbols(), 3u) << "block " << block;
    EXPECT_EQ(ends, (std::vector<std::uint64_t>{grid0 + 2719, grid0 + 2 * 2720 - 1, grid0 + 3 * 2720 - 1}))
        << "block " << block;
  }
}

}  // namespace

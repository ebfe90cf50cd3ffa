// FEC receive block (halo/fec/fec_rx.hpp) against the decoder and monitor used directly:
// alignment (skip), the 802.3 bit order, per-codeword results, corrected data, the monitor
// counters, bypass mode, call-split invariance and the error-pattern (linearity) use of the
// link simulator's checker.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <stdexcept>
#include <vector>

#include "halo/fec/codeword_io.hpp"
#include "halo/fec/error_injector.hpp"
#include "halo/fec/fec_rx.hpp"
#include "halo/fec/rs_encoder.hpp"

using namespace halo::fec;

namespace {

/// A line: `lead` random PAM4 symbols, then codewords with the given symbol-error counts,
/// then `tail` random symbols; as bit pairs (A << 1) | B, plus the expected results computed
/// with RsDecoder / FecMonitor directly.
struct Line {
  std::vector<std::uint8_t> pairs;
  std::vector<gf_t> sent, received;        // codewords back to back
  std::vector<gf_t> decoded;               // RsDecoder's output per codeword
  std::vector<DecodeResult> results;
  FecMonitor mon;
  Line(RsCode code, unsigned lead, const std::vector<unsigned>& errors, unsigned tail, std::uint64_t seed,
       bool correct = true)
      : mon(code) {
    ErrorInjector inj(seed);
    std::mt19937_64& rng = inj.rng();
    const RsEncoder enc(code);
    const RsDecoder dec(code, DecoderOptions{correct});
    for (unsigned i = 0; i < lead; ++i) pairs.push_back(static_cast<std::uint8_t>(rng() & 3u));
    std::vector<gf_t> msg(code.k), cw(code.n), rx(code.n);
    std::vector<std::uint8_t> bits(code.codeword_bits());
    for (unsigned e : errors) {
      inj.random_symbols(msg);
      enc.encode(msg, cw);
      rx = cw;
      inj.symbol_errors(rx, e);
      sent.insert(sent.end(), cw.begin(), cw.end());
      received.insert(received.end(), rx.begin(), rx.end());
      symbols_to_bits(rx, bits);
      for (std::size_t b = 0; b < bits.size(); b += 2) {
        pairs.push_back(static_cast<std::uint8_t>((bits[b] << 1) | bits[b + 1]));
      }
      const DecodeResult r = dec.decode(rx);
      results.push_back(r);
      mon.update(r);
      decoded.insert(decoded.end(), rx.begin(), rx.end());
    }
    for (unsigned i = 0; i < tail; ++i) pairs.push_back(static_cast<std::uint8_t>(rng() & 3u));
  }
};

void expect_same_result(const DecodeResult& a, const DecodeResult& b, unsigned cw) {
  EXPECT_EQ(a.uncorrectable, b.uncorrectable) << "codeword " << cw;
  EXPECT_EQ(a.num_errors, b.num_errors) << "codeword " << cw;
  EXPECT_EQ(a.corrected_symbols, b.corrected_symbols) << "codeword " << cw;
  EXPECT_EQ(a.corrected_bits, b.corrected_bits) << "codeword " << cw;
  EXPECT_EQ(a.positions, b.positions) << "codeword " << cw;
  EXPECT_EQ(a.values, b.values) << "codeword " << cw;
}

void expect_same_monitor(const FecMonitor& a, const FecMonitor& b) {
  EXPECT_EQ(a.codewords(), b.codewords());
  EXPECT_EQ(a.corrected_codewords(), b.corrected_codewords());
  EXPECT_EQ(a.uncorrectable_codewords(), b.uncorrectable_codewords());
  EXPECT_EQ(a.corrected_symbols(), b.corrected_symbols());
  EXPECT_EQ(a.corrected_bits(), b.corrected_bits());
  EXPECT_EQ(a.symbol_errors(), b.symbol_errors());
  EXPECT_EQ(a.histogram(), b.histogram());
}

const std::vector<unsigned> kErrors = {0, 1, 7, 15, 16, 30, 3};

}  // namespace

TEST(FecRx, MatchesDecoderAndMonitorAfterSkip) {
  const unsigned skip = 1234, per_cw = kKp4.codeword_bits() / 2;
  const Line line(kKp4, skip, kErrors, 100, 11);
  FecRx rx({kKp4, skip, true});
  std::vector<gf_t> cws;
  std::vector<FecRxCodeword> st;
  rx.process(line.pairs, {&cws, &st});
  ASSERT_EQ(st.size(), kErrors.size());
  EXPECT_EQ(cws, line.decoded);
  for (unsigned k = 0; k < st.size(); ++k) {
    EXPECT_EQ(st[k].end, skip + per_cw * (k + 1ull));  // closed form: 2720 symbols per codeword
    expect_same_result(st[k].result, line.results[k], k);
  }
  expect_same_monitor(rx.monitor(), line.mon);
  // corrected codewords are the sent ones; the two beyond t are left as received
  for (unsigned k = 0; k < kErrors.size(); ++k) {
    const auto first = static_cast<std::ptrdiff_t>(kKp4.n * k);
    const bool same_as_sent = std::equal(cws.begin() + first, cws.begin() + first + kKp4.n, line.sent.begin() + first);
    EXPECT_EQ(same_as_sent, kErrors[k] <= kKp4.t()) << "codeword " << k;
  }
  EXPECT_EQ(rx.monitor().uncorrectable_codewords(), 2u);
  EXPECT_EQ(rx.consumed(), line.pairs.size());
}

TEST(FecRx, AnyCallSplitGivesTheSameOutputs) {
  const Line line(kKp4, 77, kErrors, 3000, 12);
  FecRx whole({kKp4, 77, true});
  std::vector<gf_t> cw_a;
  std::vector<FecRxCodeword> st_a;
  whole.process(line.pairs, {&cw_a, &st_a});
  std::mt19937_64 rng(3);
  FecRx split({kKp4, 77, true});
  std::vector<gf_t> cw_b;
  std::vector<FecRxCodeword> st_b;
  for (std::size_t off = 0; off < line.pairs.size();) {
    const std::size_t n = std::min<std::size_t>(line.pairs.size() - off, rng() % 4000);
    split.process(std::span(line.pairs).subspan(off, n), {&cw_b, &st_b});
    off += n;
  }
  EXPECT_EQ(cw_a, cw_b);
  ASSERT_EQ(st_a.size(), st_b.size());
  for (unsigned k = 0; k < st_a.size(); ++k) {
    EXPECT_EQ(st_a[k].end, st_b[k].end);
    expect_same_result(st_a[k].result, st_b[k].result, k);
  }
  expect_same_monitor(whole.monitor(), split.monitor());
}

TEST(FecRx, BypassDetectsButDoesNotCorrect) {
  const Line line(kKp4, 0, kErrors, 0, 13, false);
  FecRx rx({kKp4, 0, false});
  std::vector<gf_t> cws;
  std::vector<FecRxCodeword> st;
  rx.process(line.pairs, {&cws, &st});
  EXPECT_EQ(cws, line.received);  // passed through unchanged
  ASSERT_EQ(st.size(), kErrors.size());
  for (unsigned k = 0; k < st.size(); ++k) expect_same_result(st[k].result, line.results[k], k);
  EXPECT_EQ(st[2].result.num_errors, 7u);
  // switched to correcting from the next codeword on
  FecRx live({kKp4, 0, false});
  std::vector<gf_t> out;
  const std::size_t per_cw = kKp4.codeword_bits() / 2;
  live.process(std::span(line.pairs).first(per_cw * 2), {&out, nullptr});
  live.set_correct(true);
  live.process(std::span(line.pairs).subspan(per_cw * 2, per_cw), {&out, nullptr});
  EXPECT_TRUE(std::equal(out.begin() + 2 * kKp4.n, out.end(), line.sent.begin() + 2 * kKp4.n));
  EXPECT_TRUE(std::equal(out.begin() + kKp4.n, out.begin() + 2 * kKp4.n, line.received.begin() + kKp4.n));
}

TEST(FecRx, BitOrderIsLsbFirstInTransmissionOrder) {
  // one bit set at line bit b lands in symbol b / 10, bit b % 10 (IEEE 802.3-2022 119.2.4.6)
  for (unsigned b : {0u, 1u, 9u, 10u, 2719u, 5439u}) {
    std::vector<std::uint8_t> pairs(kKp4.codeword_bits() / 2, 0);
    pairs[b / 2] = static_cast<std::uint8_t>(b % 2 == 0 ? 2 : 1);  // A is the first bit
    FecRx rx({kKp4, 0, false});
    std::vector<gf_t> out;
    std::vector<FecRxCodeword> st;
    rx.process(pairs, {&out, &st});
    ASSERT_EQ(out.size(), kKp4.n);
    for (unsigned i = 0; i < kKp4.n; ++i) {
      EXPECT_EQ(out[i], i == b / 10 ? (1u << (b % 10)) : 0u) << "bit " << b << " symbol " << i;
    }
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(st[0].result.num_errors, 1u);
    EXPECT_EQ(st[0].result.positions[0], b / 10);
  }
}

TEST(FecRx, ErrorPatternGivesTheReceivedWordsVerdict) {
  // the simulator decodes TX XOR RX: same verdict as decoding the received word (linear code)
  const Line line(kKp4, 0, kErrors, 0, 14);
  std::vector<std::uint8_t> sent_pairs, err(line.pairs.size());
  std::vector<std::uint8_t> bits(line.sent.size() * 10);
  symbols_to_bits(line.sent, bits);
  for (std::size_t i = 0; i < err.size(); ++i) {
    err[i] = static_cast<std::uint8_t>(line.pairs[i] ^ ((bits[2 * i] << 1) | bits[2 * i + 1]));
  }
  FecRx rx({kKp4, 0, true});
  std::vector<FecRxCodeword> st;
  rx.process(err, {nullptr, &st});
  ASSERT_EQ(st.size(), kErrors.size());
  for (unsigned k = 0; k < st.size(); ++k) {
    expect_same_result(st[k].result, line.results[k], k);  // same syndromes, same everything
  }
  expect_same_monitor(rx.monitor(), line.mon);
}

TEST(FecRx, AllZeroWordResultIsTheDecoders) {
  // the block does not decode an all-zero word; its result must equal the decoder's
  std::vector<gf_t> zero(kKp4.n, 0);
  const DecodeResult r = RsDecoder(kKp4).decode(zero);
  FecRx rx;
  std::vector<FecRxCodeword> st;
  rx.process(std::vector<std::uint8_t>(kKp4.codeword_bits() / 2, 0), {nullptr, &st});
  ASSERT_EQ(st.size(), 1u);
  expect_same_result(st[0].result, r, 0);
  EXPECT_EQ(rx.monitor().histogram()[0], 1u);
}

TEST(FecRx, SymbolInputMatchesBitInput) {
  const Line line(kKp4, 0, kErrors, 0, 15);
  FecRx a, b;
  std::vector<gf_t> out_a, out_b;
  a.process(line.pairs, {&out_a, nullptr});
  b.process_symbols(std::span(line.received).first(1000), {&out_b, nullptr});
  b.process_symbols(std::span(line.received).subspan(1000), {&out_b, nullptr});
  EXPECT_EQ(out_a, out_b);
  expect_same_monitor(a.monitor(), b.monitor());
  FecRx c;
  c.process(std::span(line.pairs).first(3));  // 6 bits: a partial FEC symbol
  EXPECT_THROW(c.process_symbols(line.received), std::logic_error);
}

TEST(FecRx, ResetReloadsSkipAndClearKeepsAlignment) {
  const Line line(kKp4, 500, {2, 4}, 0, 16);
  FecRx rx({kKp4, 500, true});
  const std::size_t per_cw = kKp4.codeword_bits() / 2;
  rx.process(std::span(line.pairs).first(500 + per_cw));
  EXPECT_EQ(rx.monitor().codewords(), 1u);
  rx.clear_monitor();  // counters only
  rx.process(std::span(line.pairs).subspan(500 + per_cw));
  EXPECT_EQ(rx.monitor().codewords(), 1u);
  EXPECT_EQ(rx.monitor().corrected_symbols(), 4u);
  rx.reset();
  EXPECT_EQ(rx.skip_left(), 500u);
  EXPECT_EQ(rx.consumed(), 0u);
  rx.process(line.pairs);
  EXPECT_EQ(rx.monitor().corrected_symbols(), 6u);
}

TEST(FecRx, Kr4CodewordIs2640Symbols) {
  const Line line(kKr4, 9, {0, 7, 8}, 0, 17);
  FecRx rx({kKr4, 9, true});
  std::vector<FecRxCodeword> st;
  rx.process(line.pairs, {nullptr, &st});
  ASSERT_EQ(st.size(), 3u);
  EXPECT_EQ(st[0].end, 9u + 2640u);
  for (unsigned k = 0; k < 3; ++k) expect_same_result(st[k].result, line.results[k], k);
  EXPECT_TRUE(st[2].result.uncorrectable);
}

TEST(FecRx, InvalidCodeThrows) {
  EXPECT_THROW(FecRx(FecRxConfig{RsCode{544, 543}, 0, true}), std::invalid_argument);
}

// Test helper (tests/fec): the concatenated RS + convolutional interleaver + Clause 177 inner
// FEC chain on AWGN PAM4, and the analytic RS(544,514) codeword-error prediction from the
// measured per-CI-block symbol-error distribution. Used by test_inner_fec.cpp and
// test_inner_fec_long.cpp.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "halo/fec/conv_interleaver.hpp"
#include "halo/fec/inner_fec.hpp"
#include "halo/fec/inner_llr.hpp"

namespace halo_test_inner {

using namespace halo::fec::inner;

inline constexpr int kA = 256;  // level spacing (S13.3), thresholds -512, 0, 512
inline const std::array<std::int32_t, 3> kT = ideal_thresholds(kA);
inline unsigned gray_level(unsigned pair) { return pair ^ (pair >> 1); }  // (A<<1)|B -> level

// The concatenated chain on AWGN PAM4: RS-stream pairs (random) -> ConvInterleaver -> InnerFecTx
// -> PAM4 + Gaussian noise (sigma in units of A) -> LlrCalc -> InnerFecRx (Chase-4 unless `decoder`) ->
// ConvInterleaver (deinterleave); the output compared with the input gives, per 40-bit CI block,
// the number of RS symbols in error, and per RS(544,514) codeword (2720 pairs) the count.
struct ChainStats {
  double raw_ber = 0;                      // pre-inner-FEC line BER (slicer decisions)
  std::array<double, 5> block_dist{};      // P(k RS-symbol errors in a CI block), k = 0..4
  std::uint64_t rs_codewords = 0, rs_failed = 0;  // measured: codewords with > 15 symbol errors
};

inline ChainStats run_chain(double sigma, std::size_t rs_codewords, std::uint64_t seed,
                            const InnerDecoderConfig& decoder = {InnerAlgo::chase, 4, true}) {
  const ConvInterleaverConfig il{3, 192, false};
  ConvInterleaver tx_il(il), rx_il({3, 192, true});
  const std::size_t lat = tx_il.pair_latency();
  constexpr std::size_t kRsPairs = 2720;
  const std::size_t n = (rs_codewords * kRsPairs + lat + 59) / 60 * 60;  // whole messages
  std::mt19937_64 rng(seed);
  std::vector<std::uint8_t> in(n), mid(n), line, dec, out(n);
  for (auto& v : in) v = static_cast<std::uint8_t>(rng() & 3u);
  tx_il.process(in, mid);
  InnerFecTx enc;
  enc.process(mid, line);
  std::normal_distribution<double> g(0.0, sigma);
  std::vector<std::int32_t> z(line.size());
  std::uint64_t raw = 0;
  for (std::size_t k = 0; k < line.size(); ++k) {
    z[k] = static_cast<std::int32_t>(std::lround((2.0 * gray_level(line[k]) - 3 + g(rng)) * kA));
    const unsigned lv = static_cast<unsigned>((z[k] >= kT[0]) + (z[k] >= kT[1]) + (z[k] >= kT[2]));
    raw += static_cast<unsigned>(__builtin_popcount((lv ^ (lv >> 1)) ^ line[k]));
  }
  std::vector<std::int8_t> llr(2 * z.size());
  LlrCalc(kT).process(std::span<const std::int32_t>(z), llr);
  InnerFecRx rx({decoder, 0});
  rx.process(llr, {&dec, nullptr});
  rx_il.process(dec, out);
  ChainStats st;
  st.raw_ber = raw / (2.0 * line.size());
  std::array<std::uint64_t, 5> blocks{};
  std::uint64_t nblocks = 0;
  for (std::size_t c = 0; c < rs_codewords; ++c) {
    unsigned sym_err = 0;
    for (std::size_t s = 0; s < 544; ++s) {
      bool bad = false;
      for (std::size_t q = 0; q < 5; ++q) {  // 10 bits = 5 pairs, never straddling (10 even)
        const std::size_t i = c * kRsPairs + s * 5 + q;
        bad = bad || out[i + lat] != in[i];
      }
      sym_err += bad;
    }
    for (std::size_t b = 0; b < 136; ++b) {
      unsigned e = 0;
      for (std::size_t s = 0; s < 4; ++s) {
        bool bad = false;
        for (std::size_t q = 0; q < 5; ++q) {
          const std::size_t i = c * kRsPairs + b * 20 + s * 5 + q;
          bad = bad || out[i + lat] != in[i];
        }
        e += bad;
      }
      ++blocks[e];
      ++nblocks;
    }
    st.rs_failed += sym_err > 15;
  }
  st.rs_codewords = rs_codewords;
  for (std::size_t k = 0; k < 5; ++k) st.block_dist[k] = static_cast<double>(blocks[k]) / static_cast<double>(nblocks);
  return st;
}

// P(more than 15 RS symbol errors in 136 independent CI blocks with the given per-block
// distribution): the 136-fold convolution, computed as 1 - P(<= 15) from the lower tail
// (summing the small terms, no cancellation for small results: the upper tail is summed
// directly up to 544).
inline double predicted_cer(const std::array<double, 5>& q) {
  std::vector<double> dist(545, 0.0);
  dist[0] = 1.0;
  for (int b = 0; b < 136; ++b) {
    std::vector<double> next(545, 0.0);
    for (int s = 0; s <= 4 * b; ++s)
      if (dist[s] != 0)
        for (int k = 0; k < 5; ++k) next[s + k] += dist[s] * q[k];
    dist.swap(next);
  }
  double tail = 0;
  for (int s = 16; s <= 544; ++s) tail += dist[s];
  return tail;
}

}  // namespace halo_test_inner

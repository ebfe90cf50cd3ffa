// Decoder stimulus of the inner FEC co-simulations (test_inner_cosim, test_inner_chase_cosim):
// random messages encoded by InnerFecTx, sent as PAM4 samples with chosen XOR-domain errors,
// turned into LLRs by hi::sample_llrs; the golden model's decode (InnerDecoder and the
// InnerFecRx stream) is the expected answer. docs/inner_fec.md ("RTL").
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <vector>

#include "halo/fec/inner_code.hpp"
#include "halo/fec/inner_fec.hpp"
#include "halo/fec/inner_llr.hpp"
#include "inner_cosim.hpp"

namespace halo::verif::inner {

/// Seed of a run: s, XOR the environment variable HALO_COSIM_SEED when it is set.
inline std::uint64_t seed_of(std::uint64_t s) {
  if (const char* e = std::getenv("HALO_COSIM_SEED")) return std::strtoull(e, nullptr, 0) ^ s;
  return s;
}

/// Run options: P, codewords, source-beat and sink-ready probabilities, seed (through seed_of),
/// decoder correct_en.
inline InnerCosimOptions opts(unsigned p, unsigned n, double pv, double pr, std::uint64_t seed, bool correct = true) {
  InnerCosimOptions o;
  o.p = p;
  o.codewords = n;
  o.in_valid_prob = pv;
  o.out_ready_prob = pr;
  o.seed = seed_of(seed);
  o.correct = correct;
  return o;
}

/// Every XOR-domain error pattern of weight 0..3 as ascending position lists: 1 + 68 + 2278 +
/// 50116 = 52,463 patterns.
inline std::vector<std::vector<unsigned>> error_patterns_up_to_weight3() {
  std::vector<std::vector<unsigned>> pats{{}};
  for (unsigned a = 0; a < hi::kXorBits; ++a) {
    pats.push_back({a});
    for (unsigned b = a + 1; b < hi::kXorBits; ++b) {
      pats.push_back({a, b});
      for (unsigned c = b + 1; c < hi::kXorBits; ++c) pats.push_back({a, b, c});
    }
  }
  return pats;
}

inline std::int32_t level_z(unsigned level) { return (2 * static_cast<std::int32_t>(level) - 3) * 256; }
inline unsigned level_of(unsigned pair) { constexpr unsigned kLvl[4] = {0, 1, 3, 2}; return kLvl[pair & 3u]; }  // Gray

/// Decoder stimulus: a random message, encoded by InnerFecTx, sent as PAM4 samples (ideal
/// levels A = 256 plus noise inside the decision region), LLRs from hi::sample_llrs with the
/// ideal thresholds; then XOR-domain errors: data symbol k moves to a neighbouring level (its
/// sample lands 0..A/2 beyond the crossed threshold), parity bit p_j has its LLR negated.
struct DecStim {
  std::mt19937_64 rng;
  hi::InnerDecoder dec{{hi::InnerAlgo::hard, 4, true}};
  hi::InnerFecTx tx;
  hi::InnerFecRx rx{{{hi::InnerAlgo::hard, 4, true}, 0}};
  int noise_max = 127;                 // sample noise inside the decision region: +-noise_max
  std::vector<std::uint8_t> rx_pairs;  // InnerFecRx's message output, checked against the items
  std::vector<std::uint8_t> sent;      // codeword sent (last item)
  explicit DecStim(std::uint64_t s) : rng(s) {}
  /// Decoder configuration of the golden model (InnerDecoder and InnerFecRx).
  void configure(const hi::InnerDecoderConfig& c) {
    dec = hi::InnerDecoder(c);
    rx.configure({c, 0});
  }

  InnerItem make(const std::vector<unsigned>& errs, bool random_llr = false) {
    InnerItem it;
    std::vector<std::uint8_t> msg(hi::kMsgSymbols);
    for (auto& v : msg) v = static_cast<std::uint8_t>(rng() & 3u);
    sent.clear();
    tx.process(msg, sent);
    const auto t = hi::ideal_thresholds();
    it.llr.resize(hi::kCwBits);
    std::uniform_int_distribution<int> noise(-noise_max, noise_max), beyond(0, 127);
    for (unsigned s = 0; s < hi::kCwSymbols; ++s) {
      unsigned lvl = level_of(sent[s]);
      std::int32_t z = level_z(lvl) + noise(rng);
      if (s < hi::kMsgSymbols && std::find(errs.begin(), errs.end(), s) != errs.end()) {
        // move to a neighbouring level: outer levels have one neighbour, inner levels two
        unsigned to = lvl == 0 ? 1 : lvl == 3 ? 2 : ((rng() & 1u) ? lvl + 1 : lvl - 1);
        const std::int32_t thr = t[std::min(lvl, to)];
        z = to > lvl ? thr + beyond(rng) : thr - 1 - beyond(rng);
      }
      const auto l = hi::sample_llrs(z, t);
      it.llr[2 * s] = l[0];
      it.llr[2 * s + 1] = l[1];
    }
    for (unsigned e : errs)
      if (e >= hi::kMsgSymbols) {
        auto& l = it.llr[hi::kMsgBits + (e - hi::kMsgSymbols)];
        l = static_cast<std::int8_t>(-1 - l);  // same reliability, other sign
      }
    if (random_llr) {
      std::uniform_int_distribution<int> any(-64, 63);
      for (auto& l : it.llr) l = static_cast<std::int8_t>(any(rng));
    }
    it.out.resize(hi::kCwSymbols);
    it.result = dec.decode(it.llr, it.out);
    rx.process(it.llr, {&rx_pairs, nullptr});
    return it;
  }
  InnerItem random() {
    const unsigned w = static_cast<unsigned>(rng() % 4);
    std::vector<unsigned> errs;
    while (errs.size() < w) {
      const unsigned e = static_cast<unsigned>(rng() % hi::kXorBits);
      if (std::find(errs.begin(), errs.end(), e) == errs.end()) errs.push_back(e);
    }
    return make(errs, rng() % 8 == 0);
  }
};

}  // namespace halo::verif::inner

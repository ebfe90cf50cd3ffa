// The private evaluation engine against independent references: Horner evaluation with the
// scalar multiplier, and the syndromes of a sparse error pattern against a full evaluation of
// the same pattern written into a word.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "../../cmodel/fec/rs_eval.hpp"

using namespace halo::fec;

namespace {
/// w(alpha^j) by Horner with the bit-serial multiplier (w[0] = highest degree).
gf_t horner(const std::vector<gf_t>& w, unsigned j) {
  const gf_t x = gf_alpha_pow(j);
  gf_t acc = 0;
  for (gf_t c : w) acc = static_cast<gf_t>(gf_mul_bitserial(acc, x) ^ (c & 0x3ffu));
  return acc;
}
}  // namespace

TEST(RsEval, EvaluateMatchesScalarHornerForEveryLengthClass) {
  std::mt19937 rng(11);
  for (unsigned len : {1u, 2u, 15u, 16u, 17u, 514u, 528u, 544u, 1023u}) {
    std::vector<gf_t> w(len);
    for (auto& c : w) c = static_cast<gf_t>(rng());  // bits above 9 must be ignored
    detail::Row s;
    detail::evaluate(w.data(), len, s);
    for (unsigned j = 0; j < detail::kLanes; ++j) ASSERT_EQ(s[j], horner(w, j)) << "len " << len << " lane " << j;
  }
}

TEST(RsEval, ErrorSyndromesEqualTheEvaluationOfTheErrorWord) {
  std::mt19937 rng(12);
  const unsigned n = 1023;
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<gf_t> word(n, 0);
    unsigned degs[40];
    gf_t vals[40];
    const unsigned cnt = static_cast<unsigned>(rng() % 40);
    for (unsigned q = 0; q < cnt; ++q) {
      degs[q] = static_cast<unsigned>(rng() % n);
      vals[q] = static_cast<gf_t>(rng() % 1024);  // zero values allowed (contribute nothing)
      word[n - 1 - degs[q]] ^= vals[q];            // repeated degrees add up in both paths
    }
    detail::Row a, b;
    detail::error_syndromes(degs, vals, cnt, a);
    detail::evaluate(word.data(), n, b);
    for (unsigned j = 0; j < detail::kLanes; ++j) ASSERT_EQ(a[j], b[j]) << "trial " << trial << " lane " << j;
  }
}

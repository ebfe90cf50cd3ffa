// RS(n,k) decoder: syndromes, riBM, Chien search, Forney. IEEE 802.3-2022 91.5.3.
//
// Notation: the received word r(x) = sum_d r_d x^d, codeword index i (transmission order)
// holds degree d = n-1-i. An error at degree d has locator X = alpha^d.
//
// Forney with the riBM evaluator: for the riBM outputs Lambda(x) = delta_{t..2t}(2t) and
// Omega^h(x) = delta_{0..t-1}(2t), the error value at locator X is
//     e = X^-(2t-1) * Omega^h(X^-1) / Lambda'(X^-1),
// where Lambda'(x) = sum_{i odd} Lambda_i x^(i-1) is the formal derivative. (For the
// generator roots alpha^0..alpha^{2t-1}; checked against libfec in tests/fec.)
#include "halo/fec/rs_decoder.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>

#include "rs_eval.hpp"
#include "chien.hpp"
#include "ribm.hpp"

namespace halo::fec {
namespace {

using detail::kGfExp;
using detail::kGfLog;

constexpr unsigned kMaxT = kMaxParity / 2;

void check_len(size_t got, size_t want) { detail::check_span_len("RsDecoder", "received word", got, want); }

}  // namespace

struct RsDecoder::Impl {
  unsigned np;    // 2t
  unsigned n;
  detail::ChienTables chien_tab;
  detail::Row keep{};  // lanes j < 2t all ones, the others zero
  explicit Impl(RsCode c) : np(c.parity()), n(c.n), chien_tab(c.n, c.t()) {
    for (unsigned j = 0; j < np; ++j) keep[j] = 0xffff;
  }

  /// S_0..S_{2t-1} of the received word (symbols masked to 10 bits) in s[0..2t-1], zeros in
  /// s[2t..31] (s has 32 entries). Returns true if any S_j != 0, i.e. the word is not a
  /// codeword. Vector operations throughout (no per-syndrome loop on the error-free path).
  bool syndromes(const gf_t* word, gf_t* s) const {
    detail::Row syn;
    detail::evaluate(word, n, syn);
    syn &= keep;
    detail::store_row(s, syn);
    std::uint64_t q[8];
    std::memcpy(q, &syn, sizeof q);
    return ((q[0] | q[1]) | (q[2] | q[3]) | ((q[4] | q[5]) | (q[6] | q[7]))) != 0;
  }

};

RsDecoder::RsDecoder(RsCode code, DecoderOptions opt)
    : code_(code), opt_(opt), impl_(std::make_unique<Impl>(code)) {}
RsDecoder::~RsDecoder() = default;
RsDecoder::RsDecoder(RsDecoder&&) noexcept = default;
RsDecoder& RsDecoder::operator=(RsDecoder&&) noexcept = default;

void RsDecoder::syndromes(std::span<const gf_t> word, std::span<gf_t> s) const {
  check_len(word.size(), code_.n);
  if (s.size() != code_.parity())
    throw std::invalid_argument("RsDecoder::syndromes: need " + std::to_string(code_.parity()) + " outputs");
  gf_t all[detail::kLanes];
  impl_->syndromes(word.data(), all);
  std::copy(all, all + code_.parity(), s.begin());
}

namespace {

/// Set bits of a 16-bit value, branch-free and inline (std::popcount is a library call in the
/// baseline x86-64 build).
inline unsigned popcount16(unsigned v) noexcept {
  v = v - ((v >> 1) & 0x5555u);
  v = (v & 0x3333u) + ((v >> 2) & 0x3333u);
  v = (v + (v >> 4)) & 0x0f0fu;
  return (v + (v >> 8)) & 0x1fu;
}

/// Applies (or only records) the located errors and fills the counts.
void finish(std::span<gf_t> word, unsigned n, const unsigned* degs, const gf_t* vals, unsigned cnt,
            bool correct, DecodeResult& res) {
  // degrees found in ascending order -> indices descending; report ascending indices
  // erased symbols that turn out correct have value 0: not errors
  unsigned m = 0;
  for (unsigned q = cnt; q-- > 0;) {
    if (vals[q] == 0) continue;
    res.positions[m] = static_cast<std::uint16_t>(n - 1 - degs[q]);
    res.values[m] = vals[q];
    ++m;
  }
  res.num_errors = m;
  if (!correct) return;
  res.corrected_symbols = m;
  for (unsigned q = 0; q < m; ++q) {
    word[res.positions[q]] = static_cast<gf_t>((word[res.positions[q]] & 0x3ffu) ^ res.values[q]);
    res.corrected_bits += popcount16(res.values[q]);
  }
}

/// log index helper: (a + b) mod 1023 for a, b < 1023
inline unsigned add_mod(unsigned a, unsigned b) noexcept {
  const unsigned r = a + b;
  return r >= kGfOrder ? r - kGfOrder : r;
}

/// y with y^2 + y = c for every c of GF(2^10) that has one (trace 0; the other is y + 1), else
/// 0xffff: the roots of a degree-2 locator in closed form.
const std::array<std::uint16_t, kGfSize>& quadratic_roots() {
  static const std::array<std::uint16_t, kGfSize> t = [] {
    std::array<std::uint16_t, kGfSize> q;
    q.fill(0xffff);
    for (unsigned y = 0; y < kGfSize; ++y) {
      const unsigned c = gf_mul(static_cast<gf_t>(y), static_cast<gf_t>(y)) ^ y;
      if (q[c] == 0xffff) q[c] = static_cast<std::uint16_t>(y);
    }
    return q;
  }();
  return t;
}

/// Two symbol errors in closed form (Peterson's solution for two errors): with S_j = e_1 X_1^j +
/// e_2 X_2^j, the locator 1 + s1 x + s2 x^2 (s1 = X_1 + X_2, s2 = X_1 X_2) satisfies
/// S_(j+2) + s1 S_(j+1) + s2 S_j = 0 for j = 0, 1; X_i = s1 y, s1 (y + 1) with y^2 + y =
/// s2 / s1^2; e_1 = (S_1 + S_0 X_2) / s1, e_2 = S_0 + e_1. Accepted only if both degrees are
/// below n, both values non-zero and all 2t syndromes equal the pattern's; then (a pattern of
/// weight 2 <= t being the only one of weight <= t with these syndromes) riBM, Chien and Forney
/// would find the same two errors. degs ascending, as the Chien search returns them.
bool solve_two(const gf_t* s, unsigned np, unsigned n, unsigned* degs, gf_t* vals) {
  if (np < 4) return false;
  // in the log domain: kGfExp[la + lb] = a b for any a, b (log 0 indexes the zero entries)
  const unsigned g0 = kGfLog[s[0]], g1 = kGfLog[s[1]], g2 = kGfLog[s[2]], g3 = kGfLog[s[3]];
  const gf_t det = static_cast<gf_t>(kGfExp[g1 + g1] ^ kGfExp[g0 + g2]);
  if (det == 0) return false;
  const unsigned linv = kGfOrder - kGfLog[det];  // log det^-1, 1..1023
  const gf_t n1 = static_cast<gf_t>(kGfExp[g2 + g1] ^ kGfExp[g0 + g3]);  // s1 det
  const gf_t n2 = static_cast<gf_t>(kGfExp[g1 + g3] ^ kGfExp[g2 + g2]);  // s2 det
  if (n1 == 0 || n2 == 0) return false;                                   // s1 == 0 || s2 == 0
  const unsigned ls1 = add_mod(kGfLog[n1], linv), ls2 = add_mod(kGfLog[n2], linv);
  const gf_t s1 = kGfExp[ls1];
  const unsigned l11 = add_mod(ls1, ls1);
  const unsigned y = quadratic_roots()[kGfExp[add_mod(ls2, l11 == 0 ? 0 : kGfOrder - l11)]];  // s2 / s1^2
  if (y == 0xffff) return false;
  const gf_t x1 = kGfExp[ls1 + kGfLog[y]], x2 = static_cast<gf_t>(x1 ^ s1);
  if (x1 == 0 || x2 == 0) return false;
  unsigned d1 = kGfLog[x1], d2 = kGfLog[x2];
  if (d1 >= n || d2 >= n) return false;
  const gf_t num = static_cast<gf_t>(s[1] ^ kGfExp[g0 + d2]);  // e_1 s1 = S_1 + S_0 X_2
  gf_t e1 = kGfExp[kGfLog[num] + (ls1 == 0 ? 0 : kGfOrder - ls1)];
  gf_t e2 = static_cast<gf_t>(s[0] ^ e1);
  if (e1 == 0 || e2 == 0) return false;
  unsigned l1 = kGfLog[e1], l2 = kGfLog[e2];
  for (unsigned j = 0; j < np; ++j) {
    if ((kGfExp[l1] ^ kGfExp[l2]) != s[j]) return false;
    l1 = add_mod(l1, d1);
    l2 = add_mod(l2, d2);
  }
  if (d1 > d2) {
    std::swap(d1, d2);
    std::swap(e1, e2);
  }
  degs[0] = d1;
  degs[1] = d2;
  vals[0] = e1;
  vals[1] = e2;
  return true;
}

/// Final consistency check: the located error pattern must reproduce every syndrome
/// (sum_q e_q X_q^j == S_j), so the corrected word is a codeword. With the riBM outputs this
/// cannot fail for a locator whose root count equals its degree (see docs/fec.md); it is
/// kept as defence in depth. Zero values (erased symbols that were correct) are skipped.
bool syndromes_match(const gf_t* s, unsigned np, const unsigned* degs, const gf_t* vals, unsigned cnt) {
  detail::Row e;
  detail::error_syndromes(degs, vals, cnt, e);  // zero values contribute nothing
  for (unsigned j = 0; j < np; ++j)
    if (e[j] != s[j]) return false;
  return true;
}

/// Forney for the errors-only path, from the Chien pass: with Lambda'(X^-1) =
/// X Lambda_odd(X^-1) (char 2), e = X^-(2t-1) Omega^h(X^-1) / Lambda'(X^-1)
/// = X^-2t Omega^h(X^-1) / Lambda_odd(X^-1). Returns false if a value is zero or undefined.
bool forney_errors(const detail::ChienTables& chien, unsigned np, const gf_t* omega, unsigned om_len,
                   const unsigned* degs, const gf_t* odd, unsigned cnt, gf_t* vals) {
  unsigned lom[kMaxT];
  for (unsigned i = 1; i < om_len; ++i) lom[i] = kGfLog[omega[i]];
  gf_t oms[kMaxT + 1];
  chien.eval_many(omega[0], lom, om_len, degs, cnt, oms);
  for (unsigned q = 0; q < cnt; ++q) {
    const gf_t om = oms[q];
    if (om == 0 || odd[q] == 0) return false;
    const unsigned xe = static_cast<unsigned>((static_cast<unsigned long>(np) * degs[q]) % kGfOrder);
    vals[q] = kGfExp[add_mod(add_mod(kGfLog[om], kGfOrder - kGfLog[odd[q]]), xe == 0 ? 0 : kGfOrder - xe)];
  }
  return true;
}

/// Forney for the errors-and-erasures path (locator of any degree <= 2t, Omega = S Lambda
/// mod x^2t): e = X Omega(X^-1) / Lambda'(X^-1), by Horner in the log domain. Erased
/// positions that were correct get e = 0. Returns false if Lambda'(X^-1) = 0.
bool forney_erasures(const gf_t* lambda, unsigned lam_len, const gf_t* omega, unsigned om_len, const unsigned* degs,
                     unsigned cnt, gf_t* vals) {
  for (unsigned q = 0; q < cnt; ++q) {
    const unsigned d = degs[q] % kGfOrder;
    const unsigned xinv = d == 0 ? 0 : kGfOrder - d;  // log of X^-1
    // Omega(X^-1) by Horner in the log domain (log 0 = 2047 indexes a zero antilog entry)
    gf_t om = 0;
    for (unsigned i = om_len; i-- > 0;) om = static_cast<gf_t>(kGfExp[kGfLog[om] + xinv] ^ omega[i]);
    // Lambda'(X^-1) = sum_{i odd} Lambda_i X^-(i-1): powers X^0, X^-2, X^-4, ...
    const unsigned step = add_mod(xinv, xinv);
    unsigned e = 0;
    gf_t der = 0;
    for (unsigned i = 1; i < lam_len; i += 2) {
      der = static_cast<gf_t>(der ^ kGfExp[kGfLog[lambda[i]] + e]);
      e = add_mod(e, step);
    }
    if (der == 0) return false;
    vals[q] = om == 0 ? gf_t{0} : kGfExp[add_mod(add_mod(kGfLog[om], kGfOrder - kGfLog[der]), d)];
  }
  return true;
}

/// Scalar Chien search for locators of any degree (erasure path): degrees d in 0..n-1
/// with Lambda(alpha^-d) = 0.
unsigned chien_scalar(const gf_t* lambda, unsigned deg, unsigned n, unsigned* degs, unsigned max_roots) {
  unsigned li[kMaxParity + 1], step[kMaxParity + 1], m = 0;
  for (unsigned i = 1; i <= deg; ++i) {
    if (lambda[i] == 0) continue;
    li[m] = kGfLog[lambda[i]];
    step[m] = kGfOrder - i;
    ++m;
  }
  unsigned found = 0;
  for (unsigned d = 0; d < n; ++d) {
    gf_t acc = lambda[0];
    for (unsigned j = 0; j < m; ++j) {
      acc ^= kGfExp[li[j]];
      li[j] = add_mod(li[j], step[j]);
    }
    if (acc == 0) {
      if (found < max_roots) degs[found] = d;
      ++found;
    }
  }
  return found;
}

}  // namespace

DecodeResult RsDecoder::decode(std::span<gf_t> word, DecodeTrace* trace) const {
  check_len(word.size(), code_.n);
  detail::mask_symbols(word.data(), word.data(), code_.n);  // works on (and returns) 10-bit symbols
  DecodeResult res;
  const unsigned np = code_.parity(), t = code_.t();
  gf_t s[detail::kLanes];
  const bool nz = impl_->syndromes(word.data(), s);
  if (trace) {
    *trace = DecodeTrace{};
    std::copy(s, s + np, trace->syndromes.begin());
  }
  if (!nz) {
    // riBM on zero syndromes: delta_3t = 1 shifts down 2t times to delta_t, so
    // Lambda = 1 and Omega^h = 0 (gamma stays 1).
    if (trace) trace->lambda[0] = 1;
    return res;
  }
  if (!trace && s[0] != 0 && s[1] != 0) {
    // One symbol error e at degree d has S_j = e alpha^(j d): S_0 = e, S_(j+1) = S_j X with
    // X = alpha^d = S_1 / S_0. Then the riBM locator is 1 + X x (the sequence's unique
    // shortest LFSR), its one root is d and Forney gives e, so when every S_j fits and d < n
    // the full path's result is known without running it (test
    // RsDecoder.SingleErrorShortcutEqualsFullPath); a word traced for co-simulation always
    // takes the full path.
    const unsigned lx = add_mod(kGfLog[s[1]], kGfOrder - kGfLog[s[0]]);
    unsigned l = kGfLog[s[1]];
    bool single = lx < code_.n;
    for (unsigned j = 2; j < np && single; ++j) {
      l = add_mod(l, lx);
      single = kGfLog[s[j]] == l;
    }
    if (single) {
      const unsigned d = lx;
      const gf_t e = s[0];
      finish(word, code_.n, &d, &e, 1, opt_.correct, res);
      return res;
    }
  }
  if (!trace) {  // two errors in closed form (same result as the full path; test below)
    unsigned d2[2];
    gf_t e2[2];
    if (solve_two(s, np, code_.n, d2, e2)) {
      finish(word, code_.n, d2, e2, 2, opt_.correct, res);
      return res;
    }
  }
  gf_t lambda[kMaxT + 1], omega[kMaxT];
  detail::ribm_fast(s, t, lambda, omega);
  unsigned deg = 0;
  for (unsigned i = 0; i <= t; ++i)
    if (lambda[i] != 0) deg = i;
  unsigned degs[kMaxT + 1];
  gf_t odd[kMaxT + 1];
  unsigned roots = 0;
  if (lambda[0] != 0 && deg > 0) roots = impl_->chien_tab.roots(lambda, deg, degs, odd, kMaxT);
  if (trace) {
    std::copy(lambda, lambda + t + 1, trace->lambda.begin());
    std::copy(omega, omega + t, trace->omega.begin());
    trace->lambda_degree = deg;
    trace->chien_roots = roots;
  }
  gf_t vals[kMaxT];
  if (deg == 0 || lambda[0] == 0 || roots != deg ||
      !forney_errors(impl_->chien_tab, np, omega, t, degs, odd, roots, vals) ||
      !syndromes_match(s, np, degs, vals, roots)) {
    res.uncorrectable = true;
    return res;
  }
  finish(word, code_.n, degs, vals, roots, opt_.correct, res);
  return res;
}

DecodeResult RsDecoder::decode_erasures(std::span<gf_t> word, std::span<const std::uint16_t> erasures) const {
  check_len(word.size(), code_.n);
  const unsigned np = code_.parity(), n = code_.n;
  const unsigned ne = static_cast<unsigned>(erasures.size());
  if (ne > np)
    throw std::invalid_argument("RsDecoder: " + std::to_string(ne) + " erasures, at most " +
                                std::to_string(np) + " (n-k) are decodable");
  bool seen[1024] = {};
  for (auto e : erasures) {
    if (e >= n)
      throw std::invalid_argument("RsDecoder: erasure index " + std::to_string(e) + " out of range 0.." +
                                  std::to_string(n - 1));
    if (seen[e]) throw std::invalid_argument("RsDecoder: duplicate erasure index " + std::to_string(e));
    seen[e] = true;
  }
  for (unsigned i = 0; i < n; ++i) word[i] &= 0x3ffu;
  DecodeResult res;
  gf_t s[kMaxParity];
  syndromes(word, {s, np});
  bool nz = false;
  for (unsigned j = 0; j < np; ++j) nz |= s[j] != 0;
  if (!nz) return res;

  // Erasure locator Gamma(x) = prod (1 - X_j x), X_j = alpha^(deg of erasure j).
  gf_t lam[kMaxParity + 1] = {1};
  for (unsigned q = 0; q < ne; ++q) {
    const gf_t X = gf_alpha_pow(static_cast<long>(n - 1 - erasures[q]));
    for (unsigned i = q + 1; i > 0; --i) lam[i] ^= gf_mul(lam[i - 1], X);
  }
  // Berlekamp-Massey initialised with the erasure locator (Blahut, "Algebraic Codes for
  // Data Transmission", 7.5): L = e, B = Gamma, iterations r = e..2t-1.
  gf_t B[kMaxParity + 1];
  std::copy(lam, lam + np + 1, B);
  unsigned L = ne;
  for (unsigned r = ne; r < np; ++r) {
    gf_t delta = 0;
    for (unsigned i = 0; i <= std::min(r, np); ++i) delta ^= gf_mul(lam[i], s[r - i]);
    // B <- x B (shift) happens in both branches below
    if (delta == 0) {
      for (unsigned i = np; i > 0; --i) B[i] = B[i - 1];
      B[0] = 0;
      continue;
    }
    gf_t T[kMaxParity + 1];
    T[0] = lam[0];
    for (unsigned i = 1; i <= np; ++i) T[i] = lam[i] ^ gf_mul(delta, B[i - 1]);
    if (2 * L <= r + ne) {
      L = r + 1 + ne - L;
      const gf_t dinv = gf_inv(delta);
      for (unsigned i = 0; i <= np; ++i) B[i] = gf_mul(lam[i], dinv);
    } else {
      for (unsigned i = np; i > 0; --i) B[i] = B[i - 1];
      B[0] = 0;
    }
    std::copy(T, T + np + 1, lam);
  }
  unsigned deg = 0;
  for (unsigned i = 0; i <= np; ++i)
    if (lam[i] != 0) deg = i;
  // Omega(x) = S(x) Lambda(x) mod x^2t
  gf_t om[kMaxParity] = {};
  for (unsigned i = 0; i < np; ++i)
    for (unsigned j = 0; j <= i && j <= deg; ++j) om[i] ^= gf_mul(s[i - j], lam[j]);
  unsigned degs[kMaxParity + 1];
  const unsigned roots = deg == 0 ? 0 : chien_scalar(lam, deg, n, degs, kMaxParity);
  gf_t vals[kMaxParity];
  const unsigned v = deg >= ne ? deg - ne : 0;
  // For Omega = S Lambda mod x^2t and roots alpha^0..: e = X * Omega(X^-1) / Lambda'(X^-1).
  if (deg == 0 || deg < ne || 2 * v + ne > np || roots != deg ||
      !forney_erasures(lam, np + 1, om, np, degs, roots, vals) || !syndromes_match(s, np, degs, vals, roots)) {
    res.uncorrectable = true;
    return res;
  }
  finish(word, n, degs, vals, roots, opt_.correct, res);
  return res;
}

}  // namespace halo::fec

#include "rs_eval.hpp"

#include <array>
#include <stdexcept>
#include <string>

namespace halo::fec::detail {

void lfsr_step(gf_t* rem, unsigned np, const gf_t* g, gf_t sym) noexcept {
  const gf_t fb = static_cast<gf_t>((sym & 0x3ffu) ^ rem[0]);
  for (unsigned j = 0; j + 1 < np; ++j) rem[j] = static_cast<gf_t>(rem[j + 1] ^ gf_mul(fb, g[np - 1 - j]));
  rem[np - 1] = gf_mul(fb, g[0]);
}

void check_span_len(const char* who, const char* what, std::size_t got, std::size_t want) {
  if (got != want)
    throw std::invalid_argument(std::string(who) + ": " + what + " has " + std::to_string(got) +
                                " symbols, expected " + std::to_string(want));
}

namespace {

/// Code-independent tables of the evaluation engine (built once, 105 KiB).
struct EvalTables {
  /// pos[(e * 2 + half) * 32 + v], lane j: (v << 5 half) * alpha^(j e)
  std::array<RowSlot, kChunk * 64> pos;
  /// step[b], lane j: alpha^(j C + b), the bit-sliced multiply by alpha^(j C)
  std::array<RowSlot, 10> step;
  /// chunk[c * 10 + b], lane j: alpha^(j C c + b), the multiply by alpha^(j C c) that moves a
  /// relative degree e to the degree C c + e (c < 64 covers every degree below 1024)
  std::array<RowSlot, 64 * 10> chunk;
  EvalTables() {
    for (unsigned c = 0; c < 64; ++c)
      for (unsigned b = 0; b < 10; ++b) {
        Row r{};
        for (unsigned j = 0; j < kLanes; ++j) r[j] = gf_alpha_pow(static_cast<long>(j) * kChunk * c + b);
        chunk[c * 10 + b].v = r;
      }
    for (unsigned e = 0; e < kChunk; ++e)
      for (unsigned half = 0; half < 2; ++half)
        for (unsigned v = 0; v < 32; ++v) {
          const gf_t c = static_cast<gf_t>(v << (5 * half));
          Row r{};
          for (unsigned j = 0; j < kLanes; ++j) r[j] = gf_mul(c, gf_alpha_pow(static_cast<long>(j) * e));
          pos[(e * 2 + half) * 32 + v].v = r;
        }
    for (unsigned b = 0; b < 10; ++b) {
      Row r{};
      for (unsigned j = 0; j < kLanes; ++j) r[j] = gf_alpha_pow(static_cast<long>(j) * kChunk + b);
      step[b].v = r;
    }
  }
};

const EvalTables& tables() {
  static const EvalTables t;
  return t;
}

/// XORs the row pair of symbol value v (bits above 9 ignored) in the block at byte offset `blk`:
/// the low half selects row (v & 31), the high half row 32 + (v >> 5); as byte offsets
/// (v & 31) * 64 and 2048 + (v & 0x3e0) * 2 (one AND and an address scale).
[[gnu::always_inline]] inline void xor_row_pair(Row& acc, const char* blk, unsigned v) noexcept {
  const Row& lo = *reinterpret_cast<const Row*>(blk + ((v & 31u) << 6));
  const Row& hi = *reinterpret_cast<const Row*>(blk + 2048 + (v & 0x3e0u) * 2);
  acc ^= lo ^ hi;
}

/// Sum over the len <= C symbols of one chunk; symbol m[i] has relative degree len-1-i.
[[gnu::always_inline]] inline void chunk_sum(const RowSlot* pos, const gf_t* m, unsigned len, Row& out) noexcept {
  const char* base = reinterpret_cast<const char*>(pos);
  constexpr std::size_t kBlock = 64 * sizeof(RowSlot);  // bytes per relative degree
  Row a0{}, a1{};
  unsigned i = 0;
  for (; i + 1 < len; i += 2) {
    const char* blk = base + (len - 1 - i) * kBlock;
    xor_row_pair(a0, blk, m[i]);
    xor_row_pair(a1, blk - kBlock, m[i + 1]);
  }
  if (i < len) xor_row_pair(a0, base + (len - 1 - i) * kBlock, m[i]);
  out = a0 ^ a1;
}

template <bool kMaskRegs>
[[gnu::always_inline]] inline void evaluate_body(const gf_t* w, unsigned len, Row& out) noexcept {
  const EvalTables& t = tables();
  const RowSlot* pos = t.pos.data();
  const RowSlot* step = t.step.data();
  const unsigned first = len % kChunk;
  Row s{};
  unsigned i = 0;
  if (first) {
    chunk_sum(pos, w, first, s);
    i = first;
  }
  for (; i < len; i += kChunk) {
    Row c;
    chunk_sum(pos, w + i, kChunk, c);
    mul_lanes<kMaskRegs>(step, s);  // S_j * alpha^(j C)
    s ^= c;
  }
  out = s;
}

/// S_j = sum_q vals[q] alpha^(j degs[q]): the row pair of vals[q] at relative degree
/// degs[q] mod C, moved to degs[q] by a lane-wise multiply.
template <bool kMaskRegs>
[[gnu::always_inline]] inline void error_syndromes_body(const unsigned* degs, const gf_t* vals, unsigned cnt,
                                                        Row& out) noexcept {
  const EvalTables& t = tables();
  const char* base = reinterpret_cast<const char*>(t.pos.data());
  constexpr std::size_t kBlock = 64 * sizeof(RowSlot);
  Row acc{};
  for (unsigned q = 0; q < cnt; ++q) {
    const unsigned d = degs[q] & 1023u;
    Row r{};
    xor_row_pair(r, base + (d % kChunk) * kBlock, vals[q]);
    mul_lanes<kMaskRegs>(&t.chunk[(d / kChunk) * 10], r);
    acc ^= r;
  }
  out = acc;
}

#if HALO_ISA_X86
HALO_TARGET_V4 void error_syndromes_v4(const unsigned* degs, const gf_t* vals, unsigned cnt, Row& out) noexcept {
  error_syndromes_body<true>(degs, vals, cnt, out);
}
HALO_TARGET_V3 void error_syndromes_v3(const unsigned* degs, const gf_t* vals, unsigned cnt, Row& out) noexcept {
  error_syndromes_body<false>(degs, vals, cnt, out);
}
#endif

#if HALO_ISA_X86
HALO_TARGET_V4 void evaluate_v4(const gf_t* w, unsigned len, Row& out) noexcept { evaluate_body<true>(w, len, out); }
HALO_TARGET_V3 void evaluate_v3(const gf_t* w, unsigned len, Row& out) noexcept {
  evaluate_body<false>(w, len, out);
}
#endif

}  // namespace

void evaluate(const gf_t* w, unsigned len, Row& out) noexcept {
#if HALO_ISA_X86
  if (isa::level() == isa::Level::kV4) return evaluate_v4(w, len, out);
  if (isa::level() == isa::Level::kV3) return evaluate_v3(w, len, out);
#endif
  evaluate_body<false>(w, len, out);
}

void error_syndromes(const unsigned* degs, const gf_t* vals, unsigned cnt, Row& out) noexcept {
#if HALO_ISA_X86
  if (isa::level() == isa::Level::kV4) return error_syndromes_v4(degs, vals, cnt, out);
  if (isa::level() == isa::Level::kV3) return error_syndromes_v3(degs, vals, cnt, out);
#endif
  error_syndromes_body<false>(degs, vals, cnt, out);
}

Interpolator::Interpolator(unsigned np, unsigned shift) : np_(np), rows_(static_cast<std::size_t>(np) * 64) {
  if (np == 0 || np > 30) throw std::invalid_argument("Interpolator: 2t must be 1..30");
  // Solve V c = e (V_jq = alpha^(j deg_q)) by Gauss-Jordan on [V | I] to get V^-1.
  const unsigned n = np;
  std::vector<gf_t> a(static_cast<std::size_t>(n) * 2 * n, 0);
  auto at = [&](unsigned r, unsigned c) -> gf_t& { return a[static_cast<std::size_t>(r) * 2 * n + c]; };
  for (unsigned j = 0; j < n; ++j) {
    for (unsigned q = 0; q < n; ++q) at(j, q) = gf_alpha_pow(static_cast<long>(j) * (n - 1 - q));
    at(j, n + j) = 1;
  }
  for (unsigned c = 0; c < n; ++c) {
    unsigned p = c;
    while (at(p, c) == 0) ++p;  // V is invertible (distinct alpha^j), a pivot exists
    if (p != c)
      for (unsigned x = 0; x < 2 * n; ++x) std::swap(at(p, x), at(c, x));
    const gf_t inv = gf_inv(at(c, c));
    for (unsigned x = 0; x < 2 * n; ++x) at(c, x) = gf_mul(at(c, x), inv);
    for (unsigned r = 0; r < n; ++r) {
      const gf_t f = at(r, c);
      if (r == c || f == 0) continue;
      for (unsigned x = 0; x < 2 * n; ++x) at(r, x) = static_cast<gf_t>(at(r, x) ^ gf_mul(f, at(c, x)));
    }
  }
  // coefficient q = sum_j Vinv[q][j] * alpha^(shift j) * e_j
  for (unsigned j = 0; j < n; ++j) {
    const gf_t scale = gf_alpha_pow(static_cast<long>(shift) * j);
    for (unsigned half = 0; half < 2; ++half)
      for (unsigned v = 0; v < 32; ++v) {
        const gf_t c = gf_mul(static_cast<gf_t>(v << (5 * half)), scale);
        Row r{};
        for (unsigned q = 0; q < n; ++q) r[q] = gf_mul(c, at(q, n + j));
        rows_[(static_cast<std::size_t>(j) * 2 + half) * 32 + v].v = r;
      }
  }
}

void Interpolator::interpolate(const gf_t* w, unsigned len, gf_t* out) const noexcept {
  Row e, r;
  evaluate(w, len, e);
  apply(e, r);
  for (unsigned q = 0; q < np_; ++q) out[q] = r[q];
}

namespace {
template <isa::Level>
[[gnu::always_inline]] inline void apply_body(const RowSlot* rows, unsigned np, const Row& s, Row& out) noexcept {
  Row a0{}, a1{};
  for (unsigned j = 0; j < np; ++j) {
    const unsigned v = s[j] & 0x3ffu;
    const RowSlot* rj = rows + static_cast<std::size_t>(j) * 64;
    ((j & 1u) ? a1 : a0) ^= rj[v & 31u].v ^ rj[32 + (v >> 5)].v;
  }
  out = a0 ^ a1;
}
HALO_ISA_VARIANTS(void, apply, (const RowSlot* rows, unsigned np, const Row& s, Row& out), (rows, np, s, out))
}  // namespace

void Interpolator::apply(const Row& s, Row& out) const noexcept {
  isa::pick(apply_v4, apply_v3, apply_base)(rows_.data(), np_, s, out);
}

}  // namespace halo::fec::detail

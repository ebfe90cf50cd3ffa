// Clause 177 inner FEC code, encoder and decoders. See halo/fec/inner_code.hpp.
#include "halo/fec/inner_code.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>

#include "halo/fixed.hpp"
#include "halo/isa.hpp"

namespace halo::fec::inner {

namespace {

// Table 177-1 rows, written as the draft lists them (columns p0 .. p7 left to right); the
// packing into bytes (bit j = p_j) is done by row().
constexpr std::uint8_t row(const char (&s)[9]) {
  std::uint8_t v = 0;
  for (int j = 0; j < 8; ++j)
    if (s[j] == '1') v = static_cast<std::uint8_t>(v | (1u << j));
  return v;
}

constexpr std::array<std::uint8_t, kMsgSymbols> kTable = {
    row("10010100"), row("01001010"), row("00100101"), row("11001011"), row("10111100"),
    row("01011110"), row("00101111"), row("11001110"), row("01100111"), row("11101010"),
    row("01110101"), row("11100011"), row("10101000"), row("01010100"), row("00101010"),
    row("00010101"), row("11010011"), row("10110000"), row("01011000"), row("00101100"),
    row("00010110"), row("00001011"), row("11011100"), row("01101110"), row("00110111"),
    row("11000010"), row("01100001"), row("11101001"), row("10101101"), row("10001111"),
    row("10011110"), row("01001111"), row("11111110"), row("01111111"), row("11100110"),
    row("01110011"), row("11100000"), row("01110000"), row("00111000"), row("00011100"),
    row("00001110"), row("00000111"), row("11011010"), row("01101101"), row("11101111"),
    row("10101110"), row("01010111"), row("11110010"), row("01111001"), row("11100101"),
    row("10101011"), row("10001100"), row("01000110"), row("00100011"), row("11001000"),
    row("01100100"), row("00110010"), row("00011001"), row("11010101"), row("10110011"),
};

struct Tables {
  std::array<std::int8_t, 256> syn_pos{};                   // syndrome -> position or -1
  std::array<std::array<std::uint8_t, 256>, 15> byte_par{};  // packed message byte -> parity
  std::array<std::array<std::uint8_t, 256>, 8> xor_par{};    // byte c of m_xor (bits 8c..) -> parity
};

constexpr Tables make_tables() {
  Tables t{};
  for (auto& v : t.syn_pos) v = -1;
  for (unsigned i = 0; i < kXorBits; ++i) {
    const std::uint8_t c = i < kMsgSymbols ? kTable[i] : static_cast<std::uint8_t>(1u << (i - kMsgSymbols));
    t.syn_pos[c] = static_cast<std::int8_t>(i);
  }
  for (unsigned c = 0; c < 15; ++c)
    for (unsigned v = 0; v < 256; ++v) {
      std::uint8_t p = 0;
      for (unsigned s = 0; s < 4; ++s)  // byte c holds symbols 4c .. 4c+3, bit 2s = A, 2s+1 = B
        if (((v >> (2 * s)) ^ (v >> (2 * s + 1))) & 1u) p ^= kTable[4 * c + s];
      t.byte_par[c][v] = p;
    }
  for (unsigned c = 0; c < 8; ++c)
    for (unsigned v = 0; v < 256; ++v) {
      std::uint8_t p = 0;
      for (unsigned i = 0; i < 8 && 8 * c + i < kMsgSymbols; ++i)
        if ((v >> i) & 1u) p ^= kTable[8 * c + i];
      t.xor_par[c][v] = p;
    }
  return t;
}

constexpr Tables kTab = make_tables();

inline std::int8_t clamp_llr(std::int8_t l) noexcept {
  constexpr int hi = (1 << (fx::kLlrBits - 1)) - 1;
  return static_cast<std::int8_t>(l > hi ? hi : (l < -hi - 1 ? -hi - 1 : l));
}

void check_len(std::size_t got, std::size_t want, const char* what) {
  if (got != want)
    throw std::invalid_argument(std::string("inner FEC: ") + what + ": expected " + std::to_string(want) +
                                " entries, got " + std::to_string(got));
}

// The received word as the decoders see it.
struct Received {
  std::array<std::uint8_t, kCwSymbols> pairs{};  // hard decisions (A << 1) | B
  std::array<std::uint8_t, kXorBits> r{};         // XOR-domain reliabilities
  std::array<std::uint8_t, kMsgSymbols> flip_a{};  // data symbol k: move by flipping A (else B)
  std::uint8_t syn = 0;
};

void apply(const InnerDecodeResult& res, const Received& rx, std::span<std::uint8_t> out, bool correct) {
  std::copy(rx.pairs.begin(), rx.pairs.end(), out.begin());
  if (!correct || res.status != InnerStatus::corrected) return;
  for (unsigned f = 0; f < res.num_flips; ++f) {
    const unsigned p = res.flips[f];
    if (p < kMsgSymbols) {
      out[p] = static_cast<std::uint8_t>(out[p] ^ (rx.flip_a[p] ? 2u : 1u));
    } else {
      const unsigned j = p - kMsgSymbols;  // p_j is bit 120 + j: symbol 60 + j/2, A if j even
      out[kMsgSymbols + j / 2] = static_cast<std::uint8_t>(out[kMsgSymbols + j / 2] ^ ((j & 1u) ? 1u : 2u));
    }
  }
}

void set_flips(InnerDecodeResult& res, std::uint64_t lo, std::uint8_t hi, const Received& rx) {
  // lo: positions 0..63, hi: positions 64..67 as a bit set; ascending
  res.num_flips = 0;
  unsigned metric = 0;
  const auto add = [&](unsigned p) {
    res.flips[res.num_flips++] = static_cast<std::uint8_t>(p);
    metric += rx.r[p];
  };
  for (; lo != 0; lo &= lo - 1) add(static_cast<unsigned>(std::countr_zero(lo)));
  for (unsigned h = hi; h != 0; h &= h - 1) add(64 + static_cast<unsigned>(std::countr_zero(h)));
  res.metric = static_cast<std::uint16_t>(metric);
}

}  // namespace

const std::array<std::uint8_t, kMsgSymbols> kG = kTable;

std::uint8_t h_column(unsigned i) noexcept {
  return i < kMsgSymbols ? kTable[i] : static_cast<std::uint8_t>(1u << ((i - kMsgSymbols) & 7u));
}

int syndrome_position(std::uint8_t s) noexcept { return kTab.syn_pos[s]; }

namespace {
// parity of the XOR-domain message bits (bit k = m_xor(k), k < 60)
inline std::uint8_t parity_of_xor(std::uint64_t x) noexcept {
  std::uint8_t p = 0;
  for (unsigned c = 0; c < 8; ++c) p ^= kTab.xor_par[c][(x >> (8 * c)) & 0xffu];
  return p;
}
}  // namespace

std::uint8_t parity_of_pairs(std::span<const std::uint8_t, kMsgSymbols> pairs) noexcept {
  std::uint64_t x = 0;  // branch-free: bit k = A ^ B of pair k
  for (unsigned k = 0; k < kMsgSymbols; ++k) x |= std::uint64_t((pairs[k] ^ (pairs[k] >> 1)) & 1u) << k;
  return parity_of_xor(x);
}

std::uint8_t parity_packed(const std::array<std::uint64_t, 2>& msg) noexcept {
  std::uint8_t p = 0;
  for (unsigned c = 0; c < 8; ++c) p ^= kTab.byte_par[c][(msg[0] >> (8 * c)) & 0xffu];
  for (unsigned c = 0; c < 7; ++c) p ^= kTab.byte_par[8 + c][(msg[1] >> (8 * c)) & 0xffu];
  return p;
}

std::array<std::uint64_t, 2> encode_packed(const std::array<std::uint64_t, 2>& msg) noexcept {
  constexpr std::uint64_t kLow56 = (std::uint64_t{1} << 56) - 1;
  return {msg[0], (msg[1] & kLow56) | (std::uint64_t{parity_packed(msg)} << 56)};
}

void encode_bits(std::span<const std::uint8_t> msg, std::span<std::uint8_t> cw) {
  check_len(msg.size(), kMsgBits, "message bits");
  check_len(cw.size(), kCwBits, "codeword bits");
  std::array<std::uint8_t, kMsgSymbols> pairs{};
  for (unsigned b = 0; b < kMsgBits; ++b) {
    if (msg[b] > 1)
      throw std::invalid_argument("inner FEC: message bit " + std::to_string(b) + " is " + std::to_string(msg[b]) +
                                  ", expected 0 or 1");
    pairs[b / 2] = static_cast<std::uint8_t>(pairs[b / 2] | (msg[b] << ((b & 1u) ? 0 : 1)));
  }
  const std::uint8_t p = parity_of_pairs(pairs);
  std::copy(msg.begin(), msg.end(), cw.begin());
  for (unsigned j = 0; j < kParityBits; ++j) cw[kMsgBits + j] = static_cast<std::uint8_t>((p >> j) & 1u);
}

void encode_pairs(std::span<const std::uint8_t> msg, std::span<std::uint8_t> cw) {
  check_len(msg.size(), kMsgSymbols, "message pairs");
  check_len(cw.size(), kCwSymbols, "codeword pairs");
  std::array<std::uint8_t, kMsgSymbols> m{};
  for (unsigned k = 0; k < kMsgSymbols; ++k) m[k] = static_cast<std::uint8_t>(msg[k] & 3u);
  const std::uint8_t p = parity_of_pairs(m);
  std::copy(m.begin(), m.end(), cw.begin());
  for (unsigned i = 0; i < 4; ++i)
    cw[kMsgSymbols + i] = static_cast<std::uint8_t>((((p >> (2 * i)) & 1u) << 1) | ((p >> (2 * i + 1)) & 1u));
}

std::uint8_t syndrome_of_pairs(std::span<const std::uint8_t, kCwSymbols> pairs) noexcept {
  std::uint8_t s = parity_of_pairs(pairs.first<kMsgSymbols>());
  for (unsigned i = 0; i < 4; ++i) {
    const unsigned v = pairs[kMsgSymbols + i];
    s = static_cast<std::uint8_t>(s ^ (((v >> 1) & 1u) << (2 * i)) ^ ((v & 1u) << (2 * i + 1)));
  }
  return s;
}

namespace {
// Decoder front end: per-symbol hard decisions, XOR-domain bits and reliabilities of the 60
// data symbols (independent iterations, vectorised per ISA level; integer code, same bits on
// every path). Returns the XOR-domain data bits (bit k = A ^ B of symbol k).
template <isa::Level>
[[gnu::always_inline]] inline std::uint64_t front_body(const std::int8_t* llr, Received& rx) noexcept {
  // byte-wide arithmetic throughout, so that the loop vectorises on 8-bit lanes
  std::array<std::uint8_t, kMsgSymbols> xb{};
  for (unsigned k = 0; k < kMsgSymbols; ++k) {
    const auto la = static_cast<std::uint8_t>(clamp_llr(llr[2 * k]));
    const auto lb = static_cast<std::uint8_t>(clamp_llr(llr[2 * k + 1]));
    const auto a = static_cast<std::uint8_t>(la >> 7), b = static_cast<std::uint8_t>(lb >> 7);  // sign bits
    rx.pairs[k] = static_cast<std::uint8_t>((a << 1) | b);
    xb[k] = static_cast<std::uint8_t>(a ^ b);
    // reliability: L for L >= 0, -1 - L (= ~L) for L < 0
    const auto ra = static_cast<std::uint8_t>(la ^ static_cast<std::uint8_t>(0u - a));
    const auto rb = static_cast<std::uint8_t>(lb ^ static_cast<std::uint8_t>(0u - b));
    rx.r[k] = ra < rb ? ra : rb;
    rx.flip_a[k] = ra < rb;
  }
  std::uint64_t x = 0;
  for (unsigned c = 0; c < kMsgSymbols; c += 4)  // pack 4 bits per step
    x |= std::uint64_t(xb[c] | (xb[c + 1] << 1) | (xb[c + 2] << 2) | (xb[c + 3] << 3)) << c;
  return x;
}
HALO_ISA_VARIANTS(std::uint64_t, front, (const std::int8_t* llr, Received& rx), (llr, rx))
}  // namespace

InnerDecoder::InnerDecoder(const InnerDecoderConfig& cfg) : cfg_(cfg) {
  if (cfg.algo == InnerAlgo::chase && (cfg.chase_l < kMinChase || cfg.chase_l > kMaxChase))
    throw std::invalid_argument("InnerDecoder: chase_l must be 2..6, got " + std::to_string(cfg.chase_l));
}

InnerDecodeResult InnerDecoder::decode(std::span<const std::int8_t> llr, std::span<std::uint8_t> out) const {
  check_len(llr.size(), kCwBits, "LLRs");
  check_len(out.size(), kCwSymbols, "output pairs");
  Received rx;
  const std::uint64_t x = isa::pick(front_v4, front_v3, front_base)(llr.data(), rx);
  std::uint8_t syn = parity_of_xor(x);
  for (unsigned j = 0; j < kParityBits; ++j) {
    const int l = clamp_llr(llr[kMsgBits + j]);
    const unsigned bit = static_cast<unsigned>(l) >> 31;
    rx.pairs[kMsgSymbols + j / 2] = static_cast<std::uint8_t>(rx.pairs[kMsgSymbols + j / 2] | (bit << ((j & 1u) ? 0 : 1)));
    rx.r[kMsgSymbols + j] = static_cast<std::uint8_t>(l ^ (l >> 7));
    syn = static_cast<std::uint8_t>(syn ^ (bit << j));
  }
  rx.syn = syn;
  InnerDecodeResult res;
  if (rx.syn == 0) {
    apply(res, rx, out, cfg_.correct);
    return res;
  }
  if (cfg_.algo == InnerAlgo::hard) {
    const int p = kTab.syn_pos[rx.syn];
    if (p < 0) {
      res.status = InnerStatus::uncorrectable;
    } else {
      res.status = InnerStatus::corrected;
      res.num_flips = 1;
      res.flips[0] = static_cast<std::uint8_t>(p);
      res.metric = rx.r[static_cast<unsigned>(p)];
    }
    apply(res, rx, out, cfg_.correct);
    return res;
  }
  // Chase-2: the L least reliable positions, ascending (r, position)
  const unsigned L = cfg_.chase_l;
  std::array<std::uint8_t, kMaxChase> lr{}, lv{};  // positions and their reliabilities
  {
    // pre-pass (vectorisable): if L positions lie below kPre, no position at or above it can
    // be among the L least reliable, so the insertion loop starts with that bound (same list)
    constexpr unsigned kPre = 16;
    unsigned below = 0;
    for (unsigned p = 0; p < kXorBits; ++p) below += rx.r[p] < kPre;
    unsigned n = 0, thr = below >= L ? kPre : 256;  // thr: reliability a position must beat
    for (unsigned p = 0; p < kXorBits; ++p) {
      const unsigned rp = rx.r[p];
      if (rp >= thr) continue;  // ties keep the earlier position
      unsigned i = n < L ? n++ : L - 1;
      while (i > 0 && lv[i - 1] > rp) {
        lr[i] = lr[i - 1];
        lv[i] = lv[i - 1];
        --i;
      }
      lr[i] = static_cast<std::uint8_t>(p);
      lv[i] = static_cast<std::uint8_t>(rp);
      if (n == L) thr = lv[L - 1];
    }
  }
  // test patterns e = 0 .. 2^L - 1: syndrome and metric built incrementally from e & (e - 1)
  std::array<std::uint8_t, 1u << kMaxChase> ps{};
  std::array<std::uint16_t, 1u << kMaxChase> pm{};
  std::array<std::int8_t, kXorBits> idx{};  // position -> its rank among the L, or -1
  std::fill(idx.begin(), idx.end(), std::int8_t{-1});
  for (unsigned i = 0; i < L; ++i) idx[lr[i]] = static_cast<std::int8_t>(i);
  unsigned best_metric = ~0u, best_e = 0;
  int best_q = -1;
  bool found = false;
  for (unsigned e = 0; e < (1u << L); ++e) {
    if (e != 0) {
      const unsigned low = static_cast<unsigned>(std::countr_zero(e));
      ps[e] = static_cast<std::uint8_t>(ps[e & (e - 1)] ^ h_column(lr[low]));
      pm[e] = static_cast<std::uint16_t>(pm[e & (e - 1)] + lv[low]);
    }
    const std::uint8_t s = static_cast<std::uint8_t>(rx.syn ^ ps[e]);
    unsigned metric = pm[e];
    int q = -1;
    if (s != 0) {
      q = kTab.syn_pos[s];
      if (q < 0) continue;
      const int qi = idx[static_cast<unsigned>(q)];
      const bool in = qi >= 0 && ((e >> qi) & 1u);
      metric = in ? metric - rx.r[static_cast<unsigned>(q)] : metric + rx.r[static_cast<unsigned>(q)];
    }
    if (metric < best_metric) {
      best_metric = metric;
      best_e = e;
      best_q = q;
      found = true;
    }
  }
  if (!found) {
    res.status = InnerStatus::uncorrectable;
  } else {
    res.status = InnerStatus::corrected;
    std::uint64_t lo = 0;
    std::uint8_t hi = 0;
    auto toggle = [&](unsigned p) {
      if (p < 64) lo ^= std::uint64_t{1} << p; else hi = static_cast<std::uint8_t>(hi ^ (1u << (p - 64)));
    };
    for (unsigned i = 0; i < L; ++i)
      if ((best_e >> i) & 1u) toggle(lr[i]);
    if (best_q >= 0) toggle(static_cast<unsigned>(best_q));
    set_flips(res, lo, hi, rx);
  }
  apply(res, rx, out, cfg_.correct);
  return res;
}

dsp::OpCounts InnerDecoder::ops_per_codeword() const noexcept {
  dsp::OpCounts o;
  const std::uint64_t front = kMsgSymbols * 4 + 8 + 8 + kParityBits * 2;
  if (cfg_.algo == InnerAlgo::hard) {
    o.adds = front + 2;
  } else {
    const std::uint64_t L = cfg_.chase_l;
    o.adds = front + 2 * kXorBits + kXorBits * (1 + L) + 7 * (std::uint64_t{1} << L) - 2 + 3 * (L + 1);
  }
  o.register_bits = std::uint64_t{kCwBits} * fx::kLlrBits;
  o.memory_bits = (8 + 1) * 256 * 8;
  return o;
}

InnerDecodeResult InnerDecoder::decode_hard_bits(std::span<const std::uint8_t> pairs, std::span<std::uint8_t> out) const {
  check_len(pairs.size(), kCwSymbols, "received pairs");
  check_len(out.size(), kCwSymbols, "output pairs");
  Received rx;
  for (unsigned k = 0; k < kCwSymbols; ++k) rx.pairs[k] = static_cast<std::uint8_t>(pairs[k] & 3u);
  rx.syn = syndrome_of_pairs(rx.pairs);
  InnerDecodeResult res;
  if (rx.syn != 0) {
    const int q = kTab.syn_pos[rx.syn];
    if (q < 0) {
      res.status = InnerStatus::uncorrectable;
    } else {
      const auto p = static_cast<unsigned>(q);
      res.num_flips = 1;
      res.flips[0] = static_cast<std::uint8_t>(p);
      if (p < kMsgSymbols && (rx.pairs[p] & 1u)) {
        res.status = InnerStatus::unresolved;  // inner level: two neighbours
      } else {
        res.status = InnerStatus::corrected;
        if (p < kMsgSymbols) rx.flip_a[p] = 0;  // outer level: B is the only neighbour
      }
    }
  }
  apply(res, rx, out, cfg_.correct);
  return res;
}

}  // namespace halo::fec::inner

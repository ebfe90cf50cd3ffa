// Systematic RS encoder. IEEE 802.3-2022 91.5.2.5 (encoder), 119.2.4.6 (RS(544,514)).
#include "halo/fec/rs_encoder.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "rs_tables.hpp"

namespace halo::fec {
namespace detail {

// Reference division step: feed one symbol into the remainder register rem[0..np-1]
// (rem[0] = highest degree). This is the LFSR of the textbook encoder circuit.
static void lfsr_step(gf_t* rem, unsigned np, const gf_t* g, gf_t sym) {
  const gf_t fb = static_cast<gf_t>((sym & 0x3ffu) ^ rem[0]);
  for (unsigned j = 0; j + 1 < np; ++j) rem[j] = static_cast<gf_t>(rem[j + 1] ^ gf_mul(fb, g[np - 1 - j]));
  rem[np - 1] = gf_mul(fb, g[0]);
}

PositionTables build_position_tables(const gf_t* g, unsigned nparity, unsigned k) {
  PositionTables t;
  t.k = k;
  t.nparity = nparity;
  t.rows.assign(static_cast<size_t>(k) * 2 * 32, Row{});
  // basis[i][b]: remainder of (alpha^b at message symbol i); built by running the LFSR on
  // a message whose only non-zero symbol is alpha^b at position i. Walking i from the last
  // message symbol (degree n-k) upwards reuses the previous row: contribution of position
  // i equals the contribution of position i+1 multiplied by x, i.e. one more zero fed.
  std::vector<gf_t> cur(nparity);
  std::vector<std::vector<gf_t>> basis(10, std::vector<gf_t>(nparity));
  for (unsigned b = 0; b < 10; ++b) {
    std::fill(cur.begin(), cur.end(), gf_t{0});
    lfsr_step(cur.data(), nparity, g, static_cast<gf_t>(1u << b));
    basis[b] = cur;
  }
  for (unsigned pos = k; pos-- > 0;) {  // pos = transmission index; k-1 is m_0
    for (unsigned half = 0; half < 2; ++half) {
      for (unsigned v = 0; v < 32; ++v) {
        Row r{};
        for (unsigned bit = 0; bit < 5; ++bit)
          if ((v >> bit) & 1u)
            for (unsigned j = 0; j < nparity; ++j) r[j] ^= basis[half * 5 + bit][j];
        t.rows[(static_cast<size_t>(pos) * 2 + half) * 32 + v] = r;
      }
    }
    // next position (one degree higher): feed a zero symbol after the basis element
    for (unsigned b = 0; b < 10; ++b) lfsr_step(basis[b].data(), nparity, g, 0);
  }
  return t;
}

}  // namespace detail

struct RsEncoder::Tables {
  detail::PositionTables pos;
  std::span<const gf_t> g;
};

namespace {
void check_len(const char* what, size_t got, size_t want) {
  if (got != want)
    throw std::invalid_argument(std::string("RsEncoder: ") + what + " span has " + std::to_string(got) +
                                " symbols, expected " + std::to_string(want));
}
}  // namespace

RsEncoder::RsEncoder(RsCode code) : code_(code) {
  code_.validate();
  tab_ = std::make_unique<Tables>();
  tab_->g = rs_generator(code_);
  tab_->pos = detail::build_position_tables(tab_->g.data(), code_.parity(), code_.k);
}
RsEncoder::~RsEncoder() = default;
RsEncoder::RsEncoder(RsEncoder&&) noexcept = default;
RsEncoder& RsEncoder::operator=(RsEncoder&&) noexcept = default;

void RsEncoder::parity(std::span<const gf_t> msg, std::span<gf_t> par) const {
  check_len("message", msg.size(), code_.k);
  check_len("parity", par.size(), code_.parity());
  detail::Row r;
  tab_->pos.remainder(msg.data(), r);
  for (unsigned j = 0; j < code_.parity(); ++j) par[j] = r[j];
}

void RsEncoder::encode(std::span<const gf_t> msg, std::span<gf_t> cw) const {
  check_len("codeword", cw.size(), code_.n);
  for (unsigned i = 0; i < code_.k && i < msg.size(); ++i) cw[i] = static_cast<gf_t>(msg[i] & 0x3ffu);
  parity(msg, cw.subspan(code_.k));
}

void RsEncoder::remainder(std::span<const gf_t> word, std::span<gf_t> rem) const {
  check_len("received word", word.size(), code_.n);
  check_len("remainder", rem.size(), code_.parity());
  detail::Row r;
  tab_->pos.remainder(word.data(), r);
  for (unsigned j = 0; j < code_.parity(); ++j)
    rem[j] = static_cast<gf_t>(r[j] ^ (word[code_.k + j] & 0x3ffu));
}

void RsEncoder::encode_lfsr(std::span<const gf_t> msg, std::span<gf_t> cw) const {
  check_len("message", msg.size(), code_.k);
  check_len("codeword", cw.size(), code_.n);
  gf_t rem[30] = {};
  for (unsigned i = 0; i < code_.k; ++i) {
    cw[i] = static_cast<gf_t>(msg[i] & 0x3ffu);
    detail::lfsr_step(rem, code_.parity(), tab_->g.data(), cw[i]);
  }
  std::copy(rem, rem + code_.parity(), cw.begin() + code_.k);
}

}  // namespace halo::fec

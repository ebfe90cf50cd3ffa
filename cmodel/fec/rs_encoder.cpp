// Systematic RS encoder. IEEE 802.3-2022 91.5.2.5 (encoder), 119.2.4.6 (RS(544,514)).
#include "halo/fec/rs_encoder.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "rs_eval.hpp"

namespace halo::fec {


struct RsEncoder::Tables {
  std::span<const gf_t> g;
  detail::Interpolator parity;     // p = V^-1 diag(alpha^((n-k) j)) m(alpha^j)
  detail::Interpolator remainder;  // r mod g = V^-1 r(alpha^j)
  Tables(const RsCode& c)
      : g(rs_generator(c)), parity(c.parity(), c.parity()), remainder(c.parity(), 0) {}
};

namespace {
void check_len(const char* what, size_t got, size_t want) { detail::check_span_len("RsEncoder", what, got, want); }
}  // namespace

RsEncoder::RsEncoder(RsCode code) : code_(code) {
  code_.validate();
  tab_ = std::make_unique<Tables>(code_);
}
RsEncoder::~RsEncoder() = default;
RsEncoder::RsEncoder(RsEncoder&&) noexcept = default;
RsEncoder& RsEncoder::operator=(RsEncoder&&) noexcept = default;

void RsEncoder::parity(std::span<const gf_t> msg, std::span<gf_t> par) const {
  check_len("message span", msg.size(), code_.k);
  check_len("parity span", par.size(), code_.parity());
  tab_->parity.interpolate(msg.data(), code_.k, par.data());
}

void RsEncoder::encode(std::span<const gf_t> msg, std::span<gf_t> cw) const {
  check_len("message span", msg.size(), code_.k);
  check_len("codeword span", cw.size(), code_.n);
  const gf_t* __restrict src = msg.data();
  gf_t* __restrict dst = cw.data();
  detail::mask_symbols(dst, src, code_.k);
  tab_->parity.interpolate(src, code_.k, dst + code_.k);
}

void RsEncoder::remainder(std::span<const gf_t> word, std::span<gf_t> rem) const {
  check_len("received word span", word.size(), code_.n);
  check_len("remainder span", rem.size(), code_.parity());
  tab_->remainder.interpolate(word.data(), code_.n, rem.data());
}

void RsEncoder::encode_lfsr(std::span<const gf_t> msg, std::span<gf_t> cw) const {
  check_len("message span", msg.size(), code_.k);
  check_len("codeword span", cw.size(), code_.n);
  gf_t rem[30] = {};
  for (unsigned i = 0; i < code_.k; ++i) {
    cw[i] = static_cast<gf_t>(msg[i] & 0x3ffu);
    detail::lfsr_step(rem, code_.parity(), tab_->g.data(), cw[i]);
  }
  std::copy(rem, rem + code_.parity(), cw.begin() + code_.k);
}

}  // namespace halo::fec

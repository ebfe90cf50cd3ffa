// RS-FEC receive block. See halo/fec/fec_rx.hpp.
#include "halo/fec/fec_rx.hpp"

#include <algorithm>
#include <stdexcept>

namespace halo::fec {

FecRx::FecRx(const FecRxConfig& cfg) { configure(cfg); }
FecRx::FecRx(FecRx&&) noexcept = default;
FecRx& FecRx::operator=(FecRx&&) noexcept = default;
FecRx::~FecRx() = default;

void FecRx::configure(const FecRxConfig& cfg) {
  cfg.code.validate();
  if (!dec_ || dec_->code().n != cfg.code.n || dec_->code().k != cfg.code.k) {
    dec_ = std::make_unique<RsDecoder>(cfg.code);
    bypass_.reset();
  }
  cfg_ = cfg;
  word_.assign(cfg.code.n, 0);
  reset();
}

void FecRx::reset() {
  std::fill(word_.begin(), word_.end(), 0);
  pos_ = 0;
  nonzero_ = false;
  skip_left_ = cfg_.skip;
  consumed_ = 0;
  clear_monitor();
}

void FecRx::set_correct(bool on) { cfg_.correct = on; }

const RsDecoder& FecRx::decoder() {
  if (cfg_.correct) return *dec_;
  if (!bypass_) bypass_ = std::make_unique<RsDecoder>(cfg_.code, DecoderOptions{false});
  return *bypass_;
}

void FecRx::finish_codeword(const FecRxOut& out) {
  DecodeResult r;
  if (nonzero_) r = decoder().decode(word_);
  mon_.update(r);
  if (out.status) out.status->push_back({consumed_, r});
  if (out.codewords) out.codewords->insert(out.codewords->end(), word_.begin(), word_.end());
  if (nonzero_) std::fill(word_.begin(), word_.end(), 0);
  nonzero_ = false;
  pos_ = 0;
}

void FecRx::process(std::span<const std::uint8_t> pairs, const FecRxOut& out) {
  const std::size_t skip = static_cast<std::size_t>(std::min<std::uint64_t>(skip_left_, pairs.size()));
  skip_left_ -= skip;
  consumed_ += skip;
  const std::uint64_t cw_bits = cfg_.code.codeword_bits();
  const std::uint8_t* p = pairs.data();
  std::size_t k = skip;
  const std::size_t n = pairs.size();
  gf_t* w = word_.data();
  while (k < n) {
    // the rest of the current codeword: pair k's bit A lands at bit pos, B at pos + 1, both in
    // FEC symbol pos / 10 (pos is even)
    const std::size_t end = static_cast<std::size_t>(std::min<std::uint64_t>(n, k + (cw_bits - pos_) / 2));
    const std::size_t k_start = k;
    std::uint64_t pos = pos_;
    bool nz = false;
    for (; k < end; ++k, pos += 2) {
      const unsigned e = p[k] & 3u;
      if (!e) continue;
      const unsigned ab = (e >> 1) | ((e & 1u) << 1);  // A -> bit 0, B -> bit 1
      w[pos / 10] = static_cast<gf_t>(w[pos / 10] | (ab << (pos % 10)));
      nz = true;
    }
    consumed_ += end - k_start;
    pos_ = pos;
    nonzero_ = nonzero_ || nz;
    if (pos_ == cw_bits) finish_codeword(out);
  }
}

void FecRx::process_symbols(std::span<const gf_t> symbols, const FecRxOut& out) {
  if (pos_ % kGfBits != 0) {
    throw std::logic_error("FecRx::process_symbols: a partial FEC symbol is pending from process()");
  }
  const std::uint64_t cw_bits = cfg_.code.codeword_bits();
  std::size_t k = 0;
  while (k < symbols.size()) {
    const std::size_t take = static_cast<std::size_t>(
        std::min<std::uint64_t>(symbols.size() - k, (cw_bits - pos_) / kGfBits));
    gf_t* w = word_.data() + pos_ / kGfBits;
    for (std::size_t i = 0; i < take; ++i) {
      const gf_t v = static_cast<gf_t>(symbols[k + i] & 0x3ffu);
      w[i] = v;
      nonzero_ = nonzero_ || v != 0;
    }
    k += take;
    consumed_ += take;
    pos_ += kGfBits * take;
    if (pos_ == cw_bits) finish_codeword(out);
  }
}

}  // namespace halo::fec

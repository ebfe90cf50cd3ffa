// Inner FEC streaming blocks. See halo/fec/inner_fec.hpp.
#include "halo/fec/inner_fec.hpp"

#include <algorithm>

namespace halo::fec::inner {

void InnerFecTx::process(std::span<const std::uint8_t> pairs, std::vector<std::uint8_t>& out) {
  std::array<std::uint8_t, kCwSymbols> cw{};
  for (const std::uint8_t p : pairs) {
    msg_[fill_++] = static_cast<std::uint8_t>(p & 3u);
    if (fill_ == kMsgSymbols) {
      encode_pairs(msg_, cw);
      out.insert(out.end(), cw.begin(), cw.end());
      fill_ = 0;
    }
  }
}

InnerFecRx::InnerFecRx(const InnerFecRxConfig& cfg) : dec_(cfg.decoder) { configure(cfg); }

void InnerFecRx::configure(const InnerFecRxConfig& cfg) {
  dec_ = InnerDecoder(cfg.decoder);
  cfg_ = cfg;
  reset();
}

void InnerFecRx::reset() {
  fill_ = 0;
  skip_left_ = cfg_.skip;
  consumed_ = 0;
  clear_monitor();
}

void InnerFecRx::process(std::span<const std::int8_t> llr, const InnerFecRxOut& out) {
  std::size_t k = static_cast<std::size_t>(std::min<std::uint64_t>(skip_left_, llr.size()));
  skip_left_ -= k;
  consumed_ += k;
  std::array<std::uint8_t, kCwSymbols> dec{};
  while (k < llr.size()) {
    const std::size_t take = std::min<std::size_t>(llr.size() - k, kCwBits - fill_);
    std::copy_n(llr.begin() + static_cast<std::ptrdiff_t>(k), take, word_.begin() + fill_);
    fill_ += static_cast<unsigned>(take);
    k += take;
    consumed_ += take;
    if (fill_ < kCwBits) break;
    fill_ = 0;
    const InnerDecodeResult r = dec_.decode(word_, dec);
    mon_.update(r);
    if (out.pairs) out.pairs->insert(out.pairs->end(), dec.begin(), dec.begin() + kMsgSymbols);
    if (out.status) out.status->push_back({consumed_, r});
  }
}

dsp::OpCounts InnerFecRx::ops() const noexcept {
  dsp::OpCounts o = dec_.ops_per_codeword();
  o.adds = (o.adds + kCwSymbols - 1) / kCwSymbols;
  return o;
}

}  // namespace halo::fec::inner

// FEC receive stage of the time-domain engine. See fec_rx.hpp.
#include "stages/fec_rx.hpp"

#include <algorithm>

namespace halo::sim::detail {
namespace {

constexpr std::uint64_t kCwBits = 5440;  // KP4 codeword: 544 x 10 bits = 2720 PAM4 symbols
constexpr std::uint64_t kCwSymbols = kCwBits / 2;

}  // namespace

FecReceiver::FecReceiver() : dec_(std::make_unique<fec::RsDecoder>(fec::kKp4)), mon_(fec::kKp4), errword_(544, 0) {}

void FecReceiver::process(std::uint64_t t0, std::size_t k0, std::span<const std::uint8_t> err,
                          std::vector<TdCodeword>* cws) {
  const std::size_t n = err.size();
  std::size_t k = k0;
  if (!cw_started_) {  // the first decision on the TX codeword grid
    while (k < n && (t0 + k) % kCwSymbols != 0) ++k;
    if (k == n) return;
    cw_started_ = true;
    cw_bit_ = 0;
  }
  const std::uint8_t* be = err.data();
  while (k < n) {
    // the rest of the current codeword within this block: bit A at cw_bit, bit B at cw_bit + 1
    const std::size_t end = std::min<std::size_t>(n, k + (kCwBits - cw_bit_) / 2);
    for (; k < end; ++k, cw_bit_ += 2) {
      const unsigned e = be[k];
      if (!e) continue;
      if (e & 2u) errword_[cw_bit_ / 10] ^= static_cast<fec::gf_t>(1u << (cw_bit_ % 10));
      if (e & 1u) errword_[(cw_bit_ + 1) / 10] ^= static_cast<fec::gf_t>(1u << ((cw_bit_ + 1) % 10));
      cw_nonzero_ = true;
    }
    if (cw_bit_ == kCwBits) {
      fec::DecodeResult r;
      if (cw_nonzero_) {
        r = dec_->decode(errword_);
        std::fill(errword_.begin(), errword_.end(), 0);
      }
      mon_.update(r);
      if (cws) cws->push_back({static_cast<unsigned>(k - 1), r.num_errors, r.uncorrectable});
      cw_nonzero_ = false;
      cw_bit_ = 0;
    }
  }
}

}  // namespace halo::sim::detail

// FEC receive stage of the time-domain engine. See fec_rx.hpp.
#include "stages/fec_rx.hpp"

namespace halo::sim::detail {

void FecReceiver::process(std::uint64_t t0, std::size_t k0, std::span<const std::uint8_t> err,
                          std::vector<TdCodeword>* cws) {
  constexpr std::uint64_t kCwSymbols = fec::kKp4.codeword_bits() / 2;  // 2720 PAM4 symbols
  if (!fec_)  // decision k0 is TX symbol t0 + k0: skip to the next codeword start
    fec_.emplace(fec::FecRxConfig{fec::kKp4, (kCwSymbols - (t0 + k0) % kCwSymbols) % kCwSymbols, true});
  const std::uint64_t first = fec_->consumed();  // stream index of decision k0
  done_.clear();
  fec_->process(err.subspan(k0), {nullptr, cws ? &done_ : nullptr});
  if (cws)
    for (const auto& c : done_)
      cws->push_back({static_cast<unsigned>(k0 + (c.end - 1 - first)), c.result.num_errors, c.result.uncorrectable});
}

}  // namespace halo::sim::detail

// Internal: the time-domain engine's FEC receive stage: each KP4 RS(544,514) codeword's
// bit-error pattern (TX XOR RX bit pairs, aligned to the TX codeword grid) through the golden
// model's FEC receive block halo::fec::FecRx (codeword alignment, RsDecoder, FecMonitor;
// IEEE 802.3-2022 119.2.4.7 bit order). The RS code is linear, so the decoder's verdict on the
// error pattern is its verdict on the received word, for any data source (PRBS too).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "halo/fec/fec_monitor.hpp"
#include "halo/fec/fec_rx.hpp"
#include "halo/sim/link.hpp"

namespace halo::sim::detail {

class FecReceiver {
 public:
  FecReceiver() : idle_mon_(fec::kKp4) {}
  /// err: bit-error patterns (A << 1) | B of a block's decisions, of which [k0, err.size())
  /// were checked; decision k is TX symbol t0 + k (mod 2^64). The checked decisions of
  /// successive calls must be consecutive TX symbols. cws (optional): codewords completed in
  /// this call (symbol: index in the block of the decision that completed it), appended.
  void process(std::uint64_t t0, std::size_t k0, std::span<const std::uint8_t> err, std::vector<TdCodeword>* cws);
  [[nodiscard]] const fec::FecMonitor& monitor() const noexcept { return fec_ ? fec_->monitor() : idle_mon_; }

 private:
  std::optional<fec::FecRx> fec_;  // created at the first call: skip to the TX codeword grid
  fec::FecMonitor idle_mon_;       // monitor() before the first call
  std::vector<fec::FecRxCodeword> done_;
};

}  // namespace halo::sim::detail

// Internal: the time-domain engine's FEC receive stage: the KP4 RS(544,514) decoding of each
// 5440-bit codeword's bit-error pattern (IEEE 802.3-2022 119.2.4.7: 10-bit symbols, bit 0
// first; a PAM4 symbol's two bits never straddle a codeword), aligned to the TX codeword grid,
// and its FEC monitor. Decoding the error pattern instead of the received word is exact by
// linearity of the code, and works for any data source (PRBS too).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "halo/fec/fec_monitor.hpp"
#include "halo/fec/rs_decoder.hpp"
#include "halo/sim/link.hpp"

namespace halo::sim::detail {

class FecReceiver {
 public:
  FecReceiver();
  /// err: bit-error patterns (A << 1) | B of a block's decisions, of which [k0, err.size())
  /// were checked; decision k is TX symbol t0 + k (mod 2^64). cws (optional): codewords
  /// completed in this call, appended.
  void process(std::uint64_t t0, std::size_t k0, std::span<const std::uint8_t> err, std::vector<TdCodeword>* cws);
  [[nodiscard]] const fec::FecMonitor& monitor() const noexcept { return mon_; }

 private:
  std::unique_ptr<fec::RsDecoder> dec_;
  fec::FecMonitor mon_;
  std::vector<fec::gf_t> errword_;
  bool cw_nonzero_ = false, cw_started_ = false;
  std::uint64_t cw_bit_ = 0;
};

}  // namespace halo::sim::detail

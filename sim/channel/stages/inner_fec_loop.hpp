// Internal: the time-domain engine's Clause 177 inner FEC stage (fec: kp4_inner_hard |
// kp4_inner_chase). Per checked decision: the two bit LLRs of the receiver's slicer input
// (halo::fec::inner::sample_llrs, S13.3 at the cmodel's level spacing, ideal thresholds),
// referred to the transmitted bits through the checker's error pattern (the inner code is
// linear and the decoders depend on LLR signs and magnitudes only, so decoding "all-zero
// codeword + the line's error pattern with its reliabilities" gives the decoder's verdict on the
// received word for any data, PRBS included); 64-symbol codewords on the TX grid through the
// golden model's InnerFecRx (hard or Chase-4); the 60 message pairs' residual error pattern
// through the convolutional deinterleaver (ConvInterleaver, deinterleave) into the KP4 stage.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "halo/fec/conv_interleaver.hpp"
#include "halo/fec/inner_fec.hpp"

namespace halo::sim::detail {

class InnerFecLoop {
 public:
  explicit InnerFecLoop(bool chase);
  /// err: bit-error patterns (A << 1) | B; slicer: slicer inputs (level units, outer levels
  /// +-1); [k0, size) checked, decision k = TX symbol t0 + k. Appends the deinterleaved
  /// residual error pattern (one pair per message symbol) to out.
  void process(std::uint64_t t0, std::size_t k0, std::span<const std::uint8_t> err, std::span<const float> slicer,
               std::vector<std::uint8_t>& out);
  [[nodiscard]] std::uint64_t in_bit_errors() const noexcept { return in_errors_; }
  [[nodiscard]] std::uint64_t out_bits() const noexcept { return out_bits_; }
  [[nodiscard]] std::uint64_t out_bit_errors() const noexcept { return out_errors_; }
  [[nodiscard]] std::uint64_t codewords() const noexcept { return rx_ ? rx_->monitor().codewords() : 0; }

 private:
  bool chase_;
  std::optional<fec::inner::InnerFecRx> rx_;  // created at the first call: skip to the TX codeword grid
  fec::inner::ConvInterleaver deint_;
  std::vector<std::int8_t> llr_;
  std::vector<std::uint8_t> pairs_, deint_out_;
  std::uint64_t in_errors_ = 0, out_bits_ = 0, out_errors_ = 0;
};

}  // namespace halo::sim::detail

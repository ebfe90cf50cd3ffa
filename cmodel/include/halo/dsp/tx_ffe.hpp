// Transmit FFE in integer DAC codes.
// Per symbol n (s_n line symbol 0..3, a = 2 s - 3; output n represents symbol n - pre):
//   dac_n = sat(rshift_round(sum_{k=0}^{T-1} c_k a_{n-k}, 4), dac_bits)
// Taps c_k: S12.4 (16 = 1 DAC LSB per unit amplitude); e.g. a single tap 672 gives outer codes
// +-126 for an 8-bit DAC. Multiplies by a are shift-adds (no multiplier).
// State: T x 2-bit symbol history + taps. Ops per symbol: 2T adds + 1 rounding add.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "halo/dsp/common.hpp"

namespace halo::dsp {

inline constexpr int kTxTapBits = 12;
inline constexpr int kTxTapFrac = 4;

struct TxFfeConfig {
  std::vector<std::int32_t> taps{672};  ///< c_0..c_{T-1}, S12.4, 1..16 taps
  int pre = 0;                          ///< pre-cursor taps (latency), 0..T-1
  int dac_bits = 8;                     ///< signed DAC code width, 4..12
};

class TxFfe {
 public:
  explicit TxFfe(const TxFfeConfig& cfg = {});
  void configure(const TxFfeConfig& cfg);
  void reset() noexcept;
  /// Line symbols (0..3) in, DAC codes out (same size). Counts saturated outputs in clips().
  void process(std::span<const std::uint8_t> symbols, std::span<std::int16_t> dac);
  [[nodiscard]] std::uint64_t clips() const noexcept { return clips_; }
  [[nodiscard]] int latency() const noexcept { return cfg_.pre; }
  [[nodiscard]] OpCounts ops() const noexcept;

 private:
  TxFfeConfig cfg_;
  std::vector<std::int32_t> hist_;  // a_{n-1}.. a_{n-T+1}
  std::uint64_t clips_ = 0;
};

}  // namespace halo::dsp

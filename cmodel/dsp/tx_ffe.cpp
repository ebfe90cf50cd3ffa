#include "halo/dsp/tx_ffe.hpp"

namespace halo::dsp {

TxFfe::TxFfe(const TxFfeConfig& cfg) { configure(cfg); }

void TxFfe::configure(const TxFfeConfig& cfg) {
  require(!cfg.taps.empty() && cfg.taps.size() <= 16, "TxFfeConfig", "taps.size", "1..16",
          static_cast<long long>(cfg.taps.size()));
  for (auto c : cfg.taps) require(fx::fits(c, kTxTapBits), "TxFfeConfig", "taps[]", "S12.4", c);
  require(cfg.pre >= 0 && cfg.pre < static_cast<int>(cfg.taps.size()), "TxFfeConfig", "pre",
          "0..T-1", cfg.pre);
  require(cfg.dac_bits >= 4 && cfg.dac_bits <= 12, "TxFfeConfig", "dac_bits", "4..12",
          cfg.dac_bits);
  cfg_ = cfg;
  reset();
}

void TxFfe::reset() noexcept {
  hist_.assign(cfg_.taps.size(), 0);
  clips_ = 0;
}

void TxFfe::process(std::span<const std::uint8_t> symbols, std::span<std::int16_t> dac) {
  require(symbols.size() == dac.size(), "TxFfe", "process.dac.size", "symbols.size()",
          static_cast<long long>(dac.size()));
  const std::size_t t = hist_.size();
  const std::int32_t hi = (1 << (cfg_.dac_bits - 1)) - 1, lo = -hi - 1;
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    for (std::size_t k = t - 1; k > 0; --k) hist_[k] = hist_[k - 1];
    hist_[0] = fx::pam4_amp(symbols[i] & 3u);
    std::int32_t acc = 0;
    for (std::size_t k = 0; k < t; ++k) acc += cfg_.taps[k] * hist_[k];
    std::int32_t v = fx::rshift_round32(acc, kTxTapFrac);
    if (v > hi || v < lo) {
      ++clips_;
      v = v > hi ? hi : lo;
    }
    dac[i] = static_cast<std::int16_t>(v);
  }
}

OpCounts TxFfe::ops() const noexcept {
  const auto t = static_cast<std::uint64_t>(cfg_.taps.size());
  return {0, 2 * t + 1, t * (2 + kTxTapBits), 0};
}

}  // namespace halo::dsp

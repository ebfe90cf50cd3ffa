// Retimer transmit side: data bits (PRBS pattern or FEC-encoded bits) -> Gray map ->
// 1/(1+D) mod 4 precoder (optional) -> TX FFE -> integer DAC codes. Any call size.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "halo/dsp/pam4.hpp"
#include "halo/dsp/prbs.hpp"
#include "halo/dsp/tx_ffe.hpp"

namespace halo::retimer {

struct TxConfig {
  bool precoding = false;
  dsp::TxFfeConfig ffe{};
  dsp::GeneratorConfig pattern{};  ///< source for process_pattern()
};

class RetimerTx {
 public:
  explicit RetimerTx(const TxConfig& cfg = {});
  void configure(const TxConfig& cfg);
  void reset();
  /// Bits (2 per symbol, A first; e.g. KP4 RS-FEC encoder output) -> DAC codes. gray
  /// (optional) receives the Gray symbols before precoding. Throws on size mismatch / bad bits.
  void process_bits(std::span<const std::uint8_t> bits, std::span<std::int16_t> dac,
                    std::span<std::uint8_t> gray = {});
  /// Test pattern -> DAC codes; gray (optional) as above.
  void process_pattern(std::span<std::int16_t> dac, std::span<std::uint8_t> gray = {});
  [[nodiscard]] std::uint64_t clips() const noexcept { return ffe_.clips(); }
  [[nodiscard]] dsp::OpCounts ops() const noexcept;

 private:
  void line(std::span<const std::uint8_t> g, std::span<std::int16_t> dac);
  TxConfig cfg_;
  dsp::PatternGenerator gen_;
  dsp::Precoder pre_;
  dsp::TxFfe ffe_;
  std::array<std::uint8_t, fx::kMaxBeat> g_{}, p_{};
};

}  // namespace halo::retimer

// Clause 177 inner FEC streaming blocks, the shape of fec::FecRx: InnerFecTx (message pairs ->
// codeword pairs) and InnerFecRx (LLRs -> decoder -> monitor -> message pairs). With
// ConvInterleaver and LlrCalc they form the concatenated chain
//   TX: RS stream pairs -> ConvInterleaver -> InnerFecTx -> Gray symbols
//   RX: slicer input z -> LlrCalc -> InnerFecRx -> ConvInterleaver (deinterleave) -> FecRx
// (docs/inner_fec.md). Pairs are PAM4 bit pairs (A << 1) | B, A first (FecRx's input format).
// Bit-exact in any call split: the same input in any chunks gives the same outputs.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "halo/fec/inner_code.hpp"
#include "halo/fec/inner_monitor.hpp"

namespace halo::fec::inner {

/// Encoder: every 60 input pairs (one message) give 64 output pairs (the codeword).
class InnerFecTx {
 public:
  InnerFecTx() = default;
  /// Clears the partial message.
  void reset() noexcept { fill_ = 0; }
  /// pairs in (any length); completed codewords appended to out (64 pairs each).
  void process(std::span<const std::uint8_t> pairs, std::vector<std::uint8_t>& out);
  /// Pairs of the partial message held (0..59).
  [[nodiscard]] unsigned pending() const noexcept { return fill_; }

 private:
  std::array<std::uint8_t, kMsgSymbols> msg_{};
  unsigned fill_ = 0;
};

struct InnerFecRxConfig {
  InnerDecoderConfig decoder{};  ///< algorithm, Chase L, bypass
  std::uint64_t skip = 0;        ///< LLR entries (bits) dropped after reset before codeword 0
};

/// One codeword completed by a process() call.
struct InnerFecRxCodeword {
  std::uint64_t end = 0;         ///< LLR entries consumed since reset when it completed
  InnerDecodeResult result;
};

/// Optional per-call outputs (appended to; null: not collected).
struct InnerFecRxOut {
  std::vector<std::uint8_t>* pairs = nullptr;  ///< 60 message pairs per codeword (corrected)
  std::vector<InnerFecRxCodeword>* status = nullptr;
};

/// Decoder block: LLRs (fx::kLlrBits words, 2 per PAM4 symbol, transmission order) in; every
/// 128 after the skip form one codeword, decoded by InnerDecoder and counted by InnerFecMonitor.
class InnerFecRx {
 public:
  /// Throws std::invalid_argument for an invalid decoder configuration.
  explicit InnerFecRx(const InnerFecRxConfig& cfg = {});
  /// New configuration (validated), then reset().
  void configure(const InnerFecRxConfig& cfg);
  /// Clears the partial codeword, reloads the skip count and clears the monitor.
  void reset();
  void clear_monitor() noexcept { mon_ = InnerFecMonitor{}; }
  void process(std::span<const std::int8_t> llr, const InnerFecRxOut& out = {});

  [[nodiscard]] const InnerFecRxConfig& config() const noexcept { return cfg_; }
  [[nodiscard]] const InnerFecMonitor& monitor() const noexcept { return mon_; }
  [[nodiscard]] std::uint64_t consumed() const noexcept { return consumed_; }
  /// Per line symbol (OpCounts convention, dsp/common.hpp): the decoder's per-codeword count
  /// (InnerDecoder::ops_per_codeword) over the codeword's 64 PAM4 symbols, adds rounded up;
  /// register and memory bits as they are.
  [[nodiscard]] dsp::OpCounts ops() const noexcept;

 private:
  InnerFecRxConfig cfg_;
  InnerDecoder dec_;
  InnerFecMonitor mon_;
  std::array<std::int8_t, kCwBits> word_{};
  unsigned fill_ = 0;
  std::uint64_t skip_left_ = 0, consumed_ = 0;
};

}  // namespace halo::fec::inner

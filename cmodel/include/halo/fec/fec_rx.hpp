// RS-FEC receive block: PAM4 bit pairs -> codeword alignment and gearbox -> RS decoder ->
// FEC monitor. The golden model of the RTL's FEC receive path (rtl/top/fec_gearbox.sv ->
// rtl/fec/rs_decoder.sv in rtl/top/retimer_rx.sv, then fec_mon in rtl/top/retimer_rx_regs.sv),
// and the one place where the simulator, the register-level device model and the
// co-simulations decode codewords from a PAM4 line.
//
// Input (process): one entry per PAM4 symbol, the symbol's bit pair (A << 1) | B, A sent
// first -- the layout of the RTL gearbox's in_bits_i lane (bits [2l+1] = A, [2l] = B) and of
// dsp::gray_demap(symbol). Only the two LSBs are used.
// Alignment: after reset the first `skip` PAM4 symbols are dropped (the codeword boundary is
// given, as LINE_CTRL.FEC_SKIP / fec_gearbox skip_i; no alignment-marker search). Every
// following n * 10 / 2 symbols (KP4: 2720 symbols = 5440 bits) form one codeword.
// Bit order (IEEE 802.3-2022 119.2.4.6 / 119.2.4.7, see codeword_io.hpp): the line bits in
// transmission order fill the codeword symbols c_{n-1} first, each 10-bit symbol LSB first;
// bit b of the codeword (b = 10 i + j) is bit j of symbol i (transmission order). A PAM4
// symbol's two bits never straddle FEC symbols (10 is even).
// Decoder: halo::fec::RsDecoder (IEEE 802.3-2022 91.5.3, 119.2.5); with correct = false the
// 802.3 bypass_correction option (errors located and counted, data passed unchanged).
// A codeword whose received bits are all zero is a codeword: it is not run through the
// decoder, its result is DecodeResult{} (what the decoder returns for it).
// Monitor: halo::fec::FecMonitor (fec_monitor.hpp), one update per codeword.
//
// Bit-exact in any call split: the same input in any chunks gives the same outputs.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "halo/fec/fec_monitor.hpp"
#include "halo/fec/rs_code.hpp"
#include "halo/fec/rs_decoder.hpp"

namespace halo::fec {

struct FecRxConfig {
  RsCode code = kKp4;        ///< the RS code (KP4 in the RTL)
  std::uint64_t skip = 0;    ///< PAM4 symbols dropped after reset before codeword 0
  bool correct = true;       ///< false: bypass correction (LINE_CTRL.FEC_CORRECT_EN = 0)
};

/// One codeword completed by a process() / process_symbols() call.
struct FecRxCodeword {
  /// Input entries consumed since reset (skipped ones included) when the codeword completed:
  /// its last entry is entry end - 1 of the input stream (PAM4 symbols for process(), FEC
  /// symbols for process_symbols()).
  std::uint64_t end = 0;
  DecodeResult result;       ///< the decoder's result for the codeword
};

/// Optional per-call outputs (appended to; null: not collected).
struct FecRxOut {
  /// Decoded codewords, n symbols each in transmission order: corrected, or as received when
  /// uncorrectable or in bypass mode.
  std::vector<gf_t>* codewords = nullptr;
  std::vector<FecRxCodeword>* status = nullptr;  ///< one entry per decoded codeword
};

class FecRx {
 public:
  /// Throws std::invalid_argument on an invalid code.
  explicit FecRx(const FecRxConfig& cfg = {});
  FecRx(FecRx&&) noexcept;
  FecRx& operator=(FecRx&&) noexcept;
  ~FecRx();

  /// New configuration (validated as in the constructor), then reset().
  void configure(const FecRxConfig& cfg);
  /// Clears the partial codeword, reloads the skip count and clears the monitor (CTRL.INIT).
  void reset();
  /// Clears the monitor counters only; alignment is kept (CTRL.CLEAR).
  void clear_monitor() noexcept { mon_ = FecMonitor(cfg_.code); }
  /// Switches between correcting and bypass decoding from the next completed codeword on.
  void set_correct(bool on);

  /// PAM4 bit pairs ((A << 1) | B, one per symbol, line order) in; any length.
  void process(std::span<const std::uint8_t> pairs, const FecRxOut& out = {});
  /// FEC symbols (10-bit, transmission order) in, i.e. the gearbox's output: for sources that
  /// already deliver FEC symbols. The skip count does not apply. Throws std::logic_error if a
  /// process() call left a partial FEC symbol.
  void process_symbols(std::span<const gf_t> symbols, const FecRxOut& out = {});

  [[nodiscard]] const FecRxConfig& config() const noexcept { return cfg_; }
  [[nodiscard]] const FecMonitor& monitor() const noexcept { return mon_; }
  /// Input entries consumed since reset (the unit of FecRxCodeword::end).
  [[nodiscard]] std::uint64_t consumed() const noexcept { return consumed_; }
  /// PAM4 symbols still to be dropped before codeword 0.
  [[nodiscard]] std::uint64_t skip_left() const noexcept { return skip_left_; }

 private:
  void finish_codeword(const FecRxOut& out);
  [[nodiscard]] const RsDecoder& decoder();

  FecRxConfig cfg_;
  std::unique_ptr<RsDecoder> dec_, bypass_;  // bypass_ created on first use
  FecMonitor mon_;
  std::vector<gf_t> word_;        // the codeword being filled (zero beyond pos_)
  std::uint64_t pos_ = 0;         // bits of word_ filled
  bool nonzero_ = false;          // a 1 bit in word_
  std::uint64_t skip_left_ = 0;
  std::uint64_t consumed_ = 0;
};

}  // namespace halo::fec

// RS-FEC decoder monitors as a PAM4 DSP exposes them (IEEE 802.3-2022 91.6 / 119.3
// management counters, and the "FEC tail" histogram read by CMIS VDM link monitoring).
#pragma once

#include <array>
#include <cstdint>

#include "halo/fec/rs_code.hpp"
#include "halo/fec/rs_decoder.hpp"

namespace halo::fec {

/// Counters updated once per decoded codeword. All counters are 64-bit and never wrap in
/// practice (2^64 codewords). Histogram bin i (0..15) counts codewords with exactly i
/// symbol errors; bin 16 counts uncorrectable codewords (> t errors, KP4: > 15).
///
/// hi_ser (IEEE 802.3-2022 119.2.5.3 for KP4, 91.5.3.3 for KR4): symbol errors are summed
/// over consecutive non-overlapping windows of 8192 codewords; hi_ser is set for the next
/// window when a window's sum exceeds the threshold (6380 KP4, 417 KR4). The decoder does
/// not know how many symbols an uncorrectable codeword holds in error; HaloLink counts it
/// as t + 1 symbol errors (the least it can be), a documented choice.
class FecMonitor {
 public:
  static constexpr unsigned kHiSerWindow = 8192;
  static constexpr unsigned kBins = 17;

  explicit FecMonitor(RsCode code = kKp4) : code_(code) {}

  /// Accounts one codeword's decoder result.
  void update(const DecodeResult& r) noexcept {
    ++codewords_;
    unsigned sym_err;
    if (r.uncorrectable) {
      ++uncorrectable_;
      ++hist_[kBins - 1];
      sym_err = code_.t() + 1;
    } else {
      sym_err = r.num_errors;
      if (r.num_errors > 0) ++corrected_cw_;
      corrected_symbols_ += r.corrected_symbols;
      corrected_bits_ += r.corrected_bits;
      ++hist_[r.num_errors < kBins - 1 ? r.num_errors : kBins - 1];
    }
    symbol_errors_ += sym_err;
    window_errors_ += sym_err;
    if (++window_count_ == kHiSerWindow) {
      hi_ser_ = window_errors_ > code_.hi_ser_threshold();
      if (hi_ser_) ++hi_ser_windows_;
      window_errors_ = 0;
      window_count_ = 0;
    }
  }

  /// Adds another monitor's counters (shards of a run merge by summing; the hi_ser window
  /// state is not merged).
  void merge(const FecMonitor& o) noexcept {
    codewords_ += o.codewords_;
    corrected_cw_ += o.corrected_cw_;
    uncorrectable_ += o.uncorrectable_;
    corrected_symbols_ += o.corrected_symbols_;
    corrected_bits_ += o.corrected_bits_;
    symbol_errors_ += o.symbol_errors_;
    hi_ser_windows_ += o.hi_ser_windows_;
    for (unsigned i = 0; i < kBins; ++i) hist_[i] += o.hist_[i];
  }

  [[nodiscard]] const RsCode& code() const noexcept { return code_; }
  [[nodiscard]] std::uint64_t codewords() const noexcept { return codewords_; }
  /// Codewords with at least one corrected symbol (excludes uncorrectable ones).
  [[nodiscard]] std::uint64_t corrected_codewords() const noexcept { return corrected_cw_; }
  [[nodiscard]] std::uint64_t uncorrectable_codewords() const noexcept { return uncorrectable_; }
  [[nodiscard]] std::uint64_t corrected_symbols() const noexcept { return corrected_symbols_; }
  [[nodiscard]] std::uint64_t corrected_bits() const noexcept { return corrected_bits_; }
  /// Symbol errors counted for hi_ser (corrected symbols + (t+1) per uncorrectable).
  [[nodiscard]] std::uint64_t symbol_errors() const noexcept { return symbol_errors_; }
  [[nodiscard]] const std::array<std::uint64_t, kBins>& histogram() const noexcept { return hist_; }
  /// hi_ser state after the last completed window.
  [[nodiscard]] bool hi_ser() const noexcept { return hi_ser_; }
  /// Completed windows in which hi_ser was set.
  [[nodiscard]] std::uint64_t hi_ser_windows() const noexcept { return hi_ser_windows_; }

 private:
  RsCode code_;
  std::uint64_t codewords_ = 0, corrected_cw_ = 0, uncorrectable_ = 0;
  std::uint64_t corrected_symbols_ = 0, corrected_bits_ = 0, symbol_errors_ = 0;
  std::uint64_t hi_ser_windows_ = 0;
  std::array<std::uint64_t, kBins> hist_{};
  std::uint64_t window_errors_ = 0;
  unsigned window_count_ = 0;
  bool hi_ser_ = false;
};

}  // namespace halo::fec

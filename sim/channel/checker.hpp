// Internal: the time-domain engine's checker. Compares the receiver's line-symbol decisions with
// the transmitted symbols (symbol and bit errors after Gray demapping and the (1+D) mod 4
// precoding decoder), collects the level statistics and the slicer histogram by transmitted
// symbol, and runs each KP4 codeword's error pattern (the bit pairs TX XOR RX, aligned to the TX
// codeword grid) through the FEC receive block halo::fec::FecRx: the RS code is linear, so the
// decoder's verdict on the error pattern is its verdict on the received word.
// Kept out of the engine loop's function so that its per-symbol state lives in registers.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "halo/fec/fec_monitor.hpp"
#include "halo/fec/fec_rx.hpp"
#include "halo/sim/link.hpp"

namespace halo::sim::detail {

/// Gray symbol 0..3 -> its bit pair (A << 1) | B (IEEE 802.3-2022 120.5.7.1).
inline unsigned gray_demap(unsigned s) noexcept { return s ^ ((s >> 1) & 1u); }

/// One transmitted symbol: G = data symbol before precoding, P = line symbol (both 0..3).
struct TxRecord {
  std::uint8_t g, p;
};

class DecisionChecker {
 public:
  /// gray: Gray coding in use; precoding: 1/(1+D) mod 4 precoding in use; kp4: decode the KP4
  /// codewords' error patterns.
  DecisionChecker(bool gray, bool precoding, bool kp4);

  /// Sets the line symbol before the first checked decision (the precoding decoder's memory).
  void set_previous(std::uint8_t p) noexcept { prev_p_ = p; }

  /// Checks the decisions dec[k] for k in [k0, dec.size()) against the transmitted symbols
  /// tx(n0 + k - delay) = ring[(n0 + k - delay) & (ring.size() - 1)] (ring.size(): a power of
  /// two), with the slicer inputs slicer[k] (level units, outer level 1). bit_err (empty, or
  /// dec.size()): 0..2 bit errors of each checked symbol; cws: codewords completed in this call
  /// (appended; only when bit_err is not empty).
  void check(std::span<const TxRecord> ring, std::uint64_t n0, std::uint64_t delay, std::size_t k0,
             std::span<const std::uint8_t> dec, std::span<const float> slicer,
             std::span<std::uint8_t> bit_err, std::vector<TdCodeword>& cws);

  [[nodiscard]] std::uint64_t symbol_errors() const noexcept { return serr_; }
  [[nodiscard]] std::uint64_t bit_errors() const noexcept { return berr_; }
  /// Per transmitted line symbol l: sum and sum of squares of the slicer input, count.
  [[nodiscard]] const std::array<double, 4>& level_sum() const noexcept { return lsum_; }
  [[nodiscard]] const std::array<double, 4>& level_sum_sq() const noexcept { return lsq_; }
  [[nodiscard]] const std::array<std::uint64_t, 4>& level_count() const noexcept { return lcnt_; }
  /// Slicer histogram per transmitted line symbol: 200 bins over [-1.6, 1.6).
  [[nodiscard]] const std::array<std::array<std::uint64_t, 200>, 4>& slicer_hist() const noexcept { return shist_; }
  [[nodiscard]] const fec::FecMonitor& fec() const noexcept { return fec_ ? fec_->monitor() : idle_mon_; }

 private:
  void fec_pass(std::uint64_t t0, std::size_t k0, std::size_t n, std::span<std::uint8_t> bit_err,
                std::vector<TdCodeword>& cws);

  bool gray_, precoding_, kp4_;
  std::uint8_t prev_p_ = 0;
  std::uint64_t serr_ = 0, berr_ = 0;
  std::array<double, 4> lsum_{}, lsq_{};
  std::array<std::uint64_t, 4> lcnt_{};
  std::array<std::array<std::uint64_t, 200>, 4> shist_{};
  std::vector<std::uint8_t> be_;  // bit-error pattern (A << 1) | B of each symbol of the block
  // KP4 decoding of the error pattern: skip set at the first check to reach the TX codeword grid
  std::optional<fec::FecRx> fec_;
  fec::FecMonitor idle_mon_;  // returned by fec() without KP4
  bool fec_aligned_ = false;
  std::vector<fec::FecRxCodeword> fec_done_;
};

}  // namespace halo::sim::detail

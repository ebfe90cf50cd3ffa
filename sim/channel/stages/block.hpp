// Internal: what every time-domain stage knows about the block it processes, and the record of
// transmitted symbols that the stages after the channel compare against.
//
// The time-domain engine runs the link in blocks of B symbols (config block_symbols); each
// stage is created once from the config and then called once per block with spans of B
// entries (no per-symbol virtual calls). Symbol indices are global: symbol n of the run is
// entry n - n0 of the block that starts at n0.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace halo::sim::detail {

/// PAM4 levels of the line symbols 0..3 (outer level 1).
inline constexpr double kPam4Levels[4] = {-1.0, -1.0 / 3, 1.0 / 3, 1.0};

/// The block being processed.
struct BlockInfo {
  std::uint64_t n0 = 0;   ///< global index of the block's first symbol
  bool training = false;  ///< the receiver trains on known symbols during this block
};

/// One transmitted symbol: g = data symbol before precoding, p = line symbol (both 0..3).
struct TxRecord {
  std::uint8_t g, p;
};

/// The transmitted symbols a receiver decision may still refer to: a power-of-two ring (index
/// masking instead of a division per access) covering the receive delay D and two blocks.
/// Decision k of block n0 refers to TX symbol n0 + k - D.
class TxHistory {
 public:
  /// delay: D in symbols (front-end cursor delay + receiver latency); block: B.
  TxHistory(long delay, unsigned block) : delay_(delay) {
    std::size_t ring = 1;
    while (ring < static_cast<std::size_t>(std::max<long>(delay, 0)) + 2 * std::size_t{block} + 16) ring <<= 1;
    ring_.assign(ring, TxRecord{0, 0});
    mask_ = ring - 1;
  }
  /// Records the block's data symbols g and line symbols p (same length) from TX symbol n0 on.
  void record(std::uint64_t n0, std::span<const std::uint8_t> g, std::span<const std::uint8_t> p) noexcept {
    TxRecord* r = ring_.data();
    for (std::size_t k = 0; k < g.size(); ++k) r[(n0 + k) & mask_] = TxRecord{g[k], p[k]};
  }
  /// Line symbol of TX symbol ti; 0 for ti < 0 (before the run).
  [[nodiscard]] std::uint8_t line(long ti) const noexcept {
    return ti >= 0 ? ring_[static_cast<std::size_t>(ti) & mask_].p : 0;
  }
  /// Line symbols that decisions [0, out.size()) of block n0 refer to (0 before the run).
  void decided_lines(std::uint64_t n0, std::span<std::uint8_t> out) const noexcept {
    for (std::size_t k = 0; k < out.size(); ++k) out[k] = line(static_cast<long>(n0 + k) - delay_);
  }
  [[nodiscard]] long delay() const noexcept { return delay_; }
  /// The ring itself (size a power of two): TX symbol n is ring()[n & (size - 1)].
  [[nodiscard]] std::span<const TxRecord> ring() const noexcept { return ring_; }

 private:
  long delay_;
  std::vector<TxRecord> ring_;
  std::size_t mask_ = 0;
};

}  // namespace halo::sim::detail

// Shared vocabulary of the DSP blocks: operation counts for the power model, the LMS
// adaptation modes and their one fixed-point definition, and the delayed-error queue that makes
// feed-forward adaptation independent of the beat size P.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

#include "halo/fixed.hpp"

namespace halo::dsp {

/// Per-symbol hardware cost of a block in its current configuration (used by the power model,
/// sim/compare). multiplies/adds are counted per processed symbol, including adaptation when it
/// is enabled (a multiply by +-1/+-3 or by a power of two is counted as an add/shift, not a
/// multiply); register_bits is the block's flip-flop state (taps, accumulators, delay lines,
/// counters); memory_bits is table storage (LUTs, pattern ROMs) kept apart from registers.
struct OpCounts {
  std::uint64_t multiplies = 0;
  std::uint64_t adds = 0;
  std::uint64_t register_bits = 0;
  std::uint64_t memory_bits = 0;
  OpCounts& operator+=(const OpCounts& o) noexcept {
    multiplies += o.multiplies;
    adds += o.adds;
    register_bits += o.register_bits;
    memory_bits += o.memory_bits;
    return *this;
  }
  friend OpCounts operator+(OpCounts a, const OpCounts& b) noexcept { return a += b; }
};

/// LMS update rule. With error e, regressor r (data sample, decision amplitude or Volterra
/// product) and step shift mu:
///   kSignSign: g = sgn(e) * sgn(r) * 2^kSignSignScale
///   kSignData: g = e * sgn(r)
///   kLms:      g = e * r          (full data-error product; converges to the MMSE solution)
/// and the coefficient accumulator moves by -+rshift_round(g, mu) (sign per block, so that the
/// squared error decreases). sgn() is the sign bit (fixed.hpp).
enum class LmsMode : std::uint8_t { kSignSign, kSignData, kLms };

/// Scale of the sign-sign gradient: a sign-sign step with mu shift m moves the accumulator by
/// 2^(kSignSignScale - m) LSBs (halo/fixed.hpp, generated from scripts/fixed_formats.yaml).
using fx::kSignSignScale;

/// Adaptation settings shared by FFE, DFE, Volterra and LUT.
struct AdaptConfig {
  bool enable = true;        ///< false = frozen coefficients (no update, no error needed)
  LmsMode mode = LmsMode::kSignData;
  int mu_shift = 12;         ///< step = 2^-mu_shift (see LmsMode), 0..30
  /// Adaptation delay in symbols of the feed-forward blocks (FFE, Volterra, LUT; the DFE has
  /// none): 64 (default), 96 or 128 (a multiple of fx::kMaxBeat). Fixed when the block is
  /// created; set_adapt() must keep it.
  int delay = fx::kAdaptDelay;
};

/// The LMS gradient term g (see LmsMode). e and r are small (<= 16 bits); result fits int32.
constexpr std::int32_t lms_gradient(LmsMode m, std::int32_t e, std::int32_t r) noexcept {
  switch (m) {
    case LmsMode::kSignSign: return fx::sgn(e) * fx::sgn(r) * (1 << kSignSignScale);
    case LmsMode::kSignData: return e * fx::sgn(r);
    case LmsMode::kLms: break;
  }
  return e * r;
}

/// Throws std::invalid_argument("<block>.<field>: <expectation>, got <value>").
[[noreturn, gnu::cold, gnu::noinline]] inline void require_failed(const char* block, const char* field,
                                                                  const std::string& expect, long long got) {
  throw std::invalid_argument(std::string(block) + "." + field + ": expected " + expect + ", got " +
                              std::to_string(got));
}

/// Throws std::invalid_argument("<block>.<field>: <expectation>, got <value>") unless ok.
inline void require(bool ok, const char* block, const char* field, const std::string& expect,
                    long long got) {
  if (!ok) [[unlikely]] require_failed(block, field, expect, got);
}
/// The same for a literal expectation: builds no string unless it fails (the blocks check
/// their span sizes on every beat).
inline void require(bool ok, const char* block, const char* field, const char* expect, long long got) {
  if (!ok) [[unlikely]] require_failed(block, field, expect, got);
}

inline void check_adapt(const AdaptConfig& a, const char* block) {
  require(a.mu_shift >= 0 && a.mu_shift <= 30, block, "adapt.mu_shift", "0..30", a.mu_shift);
  require(a.delay >= fx::kAdaptDelay && a.delay <= fx::kMaxAdaptDelay &&
              a.delay % fx::kMaxBeat == 0,
          block, "adapt.delay", "64, 96 or 128", a.delay);
}

/// check_adapt() for set_adapt(): also requires the delay fixed at creation (cur).
inline void check_set_adapt(const AdaptConfig& a, const AdaptConfig& cur, const char* block) {
  check_adapt(a, block);
  require(a.delay == cur.delay, block, "adapt.delay", "the delay set at creation (" +
          std::to_string(cur.delay) + ")", a.delay);
}

/// Error queue for delayed adaptation of a feed-forward block (FFE, Volterra, LUT). The block
/// produces outputs 0,1,2,...; the downstream slicer returns errors for them in order through
/// push(); the block applies the update for output n just before computing output
/// n + delay (AdaptConfig::delay). A ring of 256 entries (>= kMaxAdaptDelay + kMaxBeat).
class ErrorQueue {
 public:
  static constexpr std::uint32_t kSize = 256;
  static_assert(kSize >= static_cast<std::uint32_t>(fx::kMaxAdaptDelay + fx::kMaxBeat));
  void reset() noexcept { pushed_ = 0; }
  /// Appends errors for the next outputs. Throws std::logic_error if errors would overrun
  /// outputs the block has not yet consumed (more than kSize outstanding).
  void push(std::uint64_t produced, const std::int16_t* e, std::size_t n, const char* block) {
    if (pushed_ + n > produced) {
      throw std::logic_error(std::string(block) + ": adapt() got errors for " +
                             std::to_string(pushed_ + n) + " outputs, only " +
                             std::to_string(produced) + " produced");
    }
    copy_ring(e, n, static_cast<std::size_t>(pushed_ & (kSize - 1)));
    pushed_ += n;
  }
  /// Checks that a beat of p outputs starting at output index n0 can be computed: every
  /// update it needs (outputs < n0 + p - delay) has its error.
  void check_beat(std::uint64_t n0, std::size_t p, int delay, const char* block) const {
    const std::int64_t need = static_cast<std::int64_t>(n0 + p) - delay;
    if (p > static_cast<std::size_t>(fx::kMaxBeat)) {
      throw std::invalid_argument(std::string(block) + ": beat of " + std::to_string(p) +
                                  " symbols with adaptation on; at most kMaxBeat = " +
                                  std::to_string(fx::kMaxBeat));
    }
    if (need > static_cast<std::int64_t>(pushed_)) {
      throw std::logic_error(std::string(block) + ": errors up to output " +
                             std::to_string(need) + " needed, " + std::to_string(pushed_) +
                             " supplied; call adapt() after each process()");
    }
  }
  std::int16_t at(std::uint64_t n) const noexcept { return ring_[n & (kSize - 1)]; }
  /// out[i] = at(n + i) for i < count (count <= kSize).
  void read(std::uint64_t n, std::int16_t* out, std::size_t count) const noexcept {
    const std::size_t s = static_cast<std::size_t>(n & (kSize - 1));
    if (count == fx::kMaxBeat && s + count <= kSize) {  // a whole beat in one piece: inline copy
      std::memcpy(out, &ring_[s], fx::kMaxBeat * sizeof(std::int16_t));
      return;
    }
    const std::size_t first = std::min<std::size_t>(count, kSize - s);
    std::memcpy(out, &ring_[s], first * sizeof(std::int16_t));
    std::memcpy(out + first, &ring_[0], (count - first) * sizeof(std::int16_t));
  }
  std::uint64_t pushed() const noexcept { return pushed_; }

 private:
  // ring_[s + i mod kSize] = e[i] for i < n, in order (of more than kSize errors only the last
  // kSize remain): at most two contiguous copies
  void copy_ring(const std::int16_t* e, std::size_t n, std::size_t s) noexcept {
    if (n > kSize) {
      e += n - kSize;
      s = (s + n - kSize) & (kSize - 1);
      n = kSize;
    }
    if (n == fx::kMaxBeat && s + n <= kSize) {  // a whole beat in one piece: inline copy
      std::memcpy(&ring_[s], e, fx::kMaxBeat * sizeof(std::int16_t));
      return;
    }
    const std::size_t first = std::min<std::size_t>(n, kSize - s);
    std::memcpy(&ring_[s], e, first * sizeof(std::int16_t));
    std::memcpy(&ring_[0], e + first, (n - first) * sizeof(std::int16_t));
  }
  std::array<std::int16_t, kSize> ring_{};
  std::uint64_t pushed_ = 0;
};

}  // namespace halo::dsp

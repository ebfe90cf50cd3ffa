// PAM4 test patterns PRBS13Q, PRBS31Q and SSPRQ: generators and self-synchronising checkers.
//
// Definitions (IEEE 802.3-2022 120.5.11.2):
//  * PRBS13Q: PRBS13, G(x) = 1 + x + x^2 + x^12 + x^13 (Figure 94-6 polynomial), bits Gray
//    coded in pairs (A first); the 8191-bit sequence is odd, so the symbol period is 8191.
//  * PRBS31Q: PRBS31, G(x) = 1 + x^28 + x^31 with the output inverter of Figure 49-9, Gray
//    coded in pairs. Period 2^31 - 1 symbols.
//  * SSPRQ (120.5.11.2.3): 65535 symbols. Three PRBS31 sections (Figure 49-9 generator preset
//    with seeds 0x00000002, 0x34013FF7, 0x0CCCCCCC; 10924, 10922, 10922 bits) form a
//    32768-bit block a; the bit stream is a, a, a[1:], a[:-1] (131070 bits), Gray coded, with
//    the symbols of the 2nd and 4th repetition inverted (s -> 3 - s), i.e. symbol ranges
//    [16384, 32768) and [49151, 65535).
// LFSR convention: register bit k holds p[n-1-k]; p[n] = XOR of the tapped bits; a seed presets
// the register directly (for PRBS31, S30..S0 of Figure 49-9 = seed bits 30..0).
//
// Formats: symbols uint8 0..3 (Gray symbol index = PAM4 level index). State: generator LFSR
// (13 or 31 bits) or SSPRQ pointer (16 bits) + ROM 65535 x 2 bits; checker adds a reference
// generator, lock state machine and 64-bit counters.
// Operation counts per symbol: generator 2 LFSR steps (2-4 XOR), checker + 2 XOR compare +
// popcount + counter increments (~6 adds).
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "halo/dsp/common.hpp"

namespace halo::dsp {

enum class Pattern : std::uint8_t { kPrbs13q, kPrbs31q, kSsprq };

/// Name as used in 802.3 ("PRBS13Q", "PRBS31Q", "SSPRQ").
const char* pattern_name(Pattern p) noexcept;
/// Symbol period of the pattern (8191, 2^31-1, 65535).
std::uint64_t pattern_period(Pattern p) noexcept;

/// Bit-serial Fibonacci LFSR for PRBS13 / PRBS31 (see convention above).
class Lfsr {
 public:
  /// order 13 or 31; seed must be non-zero in the low `order` bits. Throws std::invalid_argument.
  Lfsr(int order, std::uint32_t seed);
  /// Next output bit (inverted for PRBS31, Figure 49-9).
  std::uint32_t next() noexcept {
    const std::uint32_t s = state_;
    const std::uint32_t p = order_ == 31 ? ((s >> 30) ^ (s >> 27)) & 1u
                                         : (s ^ (s >> 1) ^ (s >> 11) ^ (s >> 12)) & 1u;
    state_ = ((s << 1) | p) & mask_;
    return p ^ invert_;
  }
  /// Presets the register from the last `order` OUTPUT bits (bit k = output n-1-k).
  void load_from_outputs(std::uint32_t last_outputs) noexcept {
    state_ = (last_outputs ^ (invert_ ? mask_ : 0u)) & mask_;
  }
  [[nodiscard]] std::uint32_t state() const noexcept { return state_; }
  [[nodiscard]] int order() const noexcept { return order_; }

 private:
  int order_;
  std::uint32_t taps_, mask_, invert_, state_;
};

struct GeneratorConfig {
  Pattern pattern = Pattern::kPrbs31q;
  /// LFSR seed for PRBS13Q/PRBS31Q (0 = all ones); SSPRQ: starting symbol index (< 65535).
  std::uint32_t seed = 0;
};

/// Test-pattern generator: Gray symbols out, any number per call.
class PatternGenerator {
 public:
  explicit PatternGenerator(const GeneratorConfig& cfg = {});
  /// Throws std::invalid_argument naming the field (seed out of range).
  void configure(const GeneratorConfig& cfg);
  void process(std::span<std::uint8_t> symbols) noexcept;
  [[nodiscard]] OpCounts ops() const noexcept;
  [[nodiscard]] const GeneratorConfig& config() const noexcept { return cfg_; }

 private:
  GeneratorConfig cfg_;
  Lfsr lfsr_{31, 1};
  std::uint32_t pos_ = 0;
};

/// One period of SSPRQ (65535 Gray symbols), built once and shared.
const std::vector<std::uint8_t>& ssprq_symbols();

struct CheckerConfig {
  Pattern pattern = Pattern::kPrbs31q;
  /// Consecutive error-free symbols required after seeding before the checker declares lock.
  int lock_symbols = 32;
  /// Loss of lock: >= loss_threshold symbol errors within a window of loss_window symbols.
  int loss_window = 1024;
  int loss_threshold = 256;
};

/// Error counts of a checker; mergeable by summing (shards of a sweep).
struct CheckerCounts {
  std::uint64_t symbols = 0;        ///< symbols compared while locked
  std::uint64_t symbol_errors = 0;  ///< symbols with at least one bit error
  std::uint64_t bits = 0;           ///< 2 * symbols
  std::uint64_t bit_errors = 0;     ///< differing bits after Gray demapping
  std::uint64_t locks = 0;          ///< number of times lock was acquired
  std::uint64_t losses = 0;         ///< number of losses of lock
  CheckerCounts& operator+=(const CheckerCounts& o) noexcept;
};

/// Self-synchronising checker. Searching: PRBS seeds its reference LFSR from the last
/// received bits; SSPRQ looks up the last 32 symbols in a table of the pattern's unique 32-symbol
/// windows. Verifying: lock_symbols predicted symbols must match, else search again. Locked: the
/// reference runs freely (a bit error is counted once, not re-seeded) and every symbol is
/// compared; errors are counted exactly.
class PatternChecker {
 public:
  explicit PatternChecker(const CheckerConfig& cfg = {});
  void configure(const CheckerConfig& cfg);
  void reset() noexcept;
  /// Checks received Gray symbols. err_flags: empty, or same size as symbols; receives 1 for a
  /// symbol error (locked only), else 0. Throws std::invalid_argument on a size mismatch.
  void process(std::span<const std::uint8_t> symbols, std::span<std::uint8_t> err_flags = {});
  [[nodiscard]] const CheckerCounts& counts() const noexcept { return counts_; }
  [[nodiscard]] bool locked() const noexcept { return state_ == State::kLocked; }
  [[nodiscard]] OpCounts ops() const noexcept;

 private:
  enum class State : std::uint8_t { kSearch, kVerify, kLocked };
  std::uint8_t expected() noexcept;  // next reference symbol (advances)
  void try_seed() noexcept;

  CheckerConfig cfg_;
  CheckerCounts counts_;
  State state_ = State::kSearch;
  Lfsr lfsr_{31, 1};
  std::uint64_t hist_bits_ = 0;   // last received bits, newest in bit 0 (PRBS)
  std::uint64_t hist_syms_ = 0;   // last 32 received symbols, newest in bits 1..0 (SSPRQ)
  int hist_count_ = 0;            // symbols received since the last (re)search
  std::uint32_t pos_ = 0;         // SSPRQ reference position
  int verify_left_ = 0;
  int win_count_ = 0, win_errors_ = 0;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> ssprq_index_;  // (key, next pos), unique keys
};

}  // namespace halo::dsp

#include "halo/dsp/prbs.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "halo/dsp/pam4.hpp"

namespace halo::dsp {

const char* pattern_name(Pattern p) noexcept {
  switch (p) {
    case Pattern::kPrbs13q: return "PRBS13Q";
    case Pattern::kPrbs31q: return "PRBS31Q";
    case Pattern::kSsprq: return "SSPRQ";
  }
  return "?";
}

std::uint64_t pattern_period(Pattern p) noexcept {
  switch (p) {
    case Pattern::kPrbs13q: return 8191;
    case Pattern::kPrbs31q: return (std::uint64_t{1} << 31) - 1;
    case Pattern::kSsprq: return 65535;
  }
  return 0;
}

Lfsr::Lfsr(int order, std::uint32_t seed) : order_(order) {
  if (order == 13) {
    taps_ = (1u << 0) | (1u << 1) | (1u << 11) | (1u << 12);  // 1 + x + x^2 + x^12 + x^13
    invert_ = 0;
  } else if (order == 31) {
    taps_ = (1u << 27) | (1u << 30);  // 1 + x^28 + x^31, inverted output (Figure 49-9)
    invert_ = 1;
  } else {
    throw std::invalid_argument("Lfsr.order: expected 13 or 31, got " + std::to_string(order));
  }
  mask_ = (1u << order) - 1u;
  if (seed == 0) seed = mask_;
  if ((seed & mask_) == 0 || (seed & ~mask_) != 0) {
    throw std::invalid_argument("Lfsr.seed: expected a non-zero " + std::to_string(order) +
                                "-bit value, got " + std::to_string(seed));
  }
  state_ = seed;
}

// ------------------------------------------------------------------------------- SSPRQ table
namespace {
std::vector<std::uint8_t> build_ssprq() {
  constexpr std::uint32_t kSeeds[3] = {0x00000002u, 0x34013FF7u, 0x0CCCCCCCu};
  constexpr int kLens[3] = {10924, 10922, 10922};
  std::vector<std::uint8_t> a;
  a.reserve(32768);
  for (int s = 0; s < 3; ++s) {
    Lfsr l(31, kSeeds[s]);
    for (int i = 0; i < kLens[s]; ++i) a.push_back(static_cast<std::uint8_t>(l.next()));
  }
  std::vector<std::uint8_t> bits;
  bits.reserve(131070);
  bits.insert(bits.end(), a.begin(), a.end());
  bits.insert(bits.end(), a.begin(), a.end());
  bits.insert(bits.end(), a.begin() + 1, a.end());
  bits.insert(bits.end(), a.begin(), a.end() - 1);
  std::vector<std::uint8_t> sym(65535);
  for (std::size_t i = 0; i < sym.size(); ++i) {
    std::uint8_t s = gray_map(bits[2 * i], bits[2 * i + 1]);
    if ((i >= 16384 && i < 32768) || (i >= 49151)) s = static_cast<std::uint8_t>(3 - s);
    sym[i] = s;
  }
  return sym;
}
}  // namespace

const std::vector<std::uint8_t>& ssprq_symbols() {
  static const std::vector<std::uint8_t> table = build_ssprq();
  return table;
}

// ------------------------------------------------------------------------------- generator
PatternGenerator::PatternGenerator(const GeneratorConfig& cfg) { configure(cfg); }

void PatternGenerator::configure(const GeneratorConfig& cfg) {
  if (cfg.pattern == Pattern::kSsprq) {
    require(cfg.seed < 65535, "PatternGenerator", "seed", "SSPRQ start index < 65535",
            cfg.seed);
    (void)ssprq_symbols();
    pos_ = cfg.seed;
  } else {
    lfsr_ = Lfsr(cfg.pattern == Pattern::kPrbs13q ? 13 : 31, cfg.seed);
  }
  cfg_ = cfg;
}

void PatternGenerator::process(std::span<std::uint8_t> symbols) noexcept {
  if (cfg_.pattern == Pattern::kSsprq) {
    const auto& t = ssprq_symbols();
    for (auto& s : symbols) {
      s = t[pos_];
      pos_ = pos_ + 1 == 65535 ? 0 : pos_ + 1;
    }
    return;
  }
  for (auto& s : symbols) {
    const auto a = static_cast<std::uint8_t>(lfsr_.next());
    const auto b = static_cast<std::uint8_t>(lfsr_.next());
    s = gray_map(a, b);
  }
}

OpCounts PatternGenerator::ops() const noexcept {
  if (cfg_.pattern == Pattern::kSsprq) return {0, 1, 16, 131070};
  const auto order = static_cast<std::uint64_t>(lfsr_.order());
  return {0, order == 13 ? 7u : 3u, order, 0};
}

// ------------------------------------------------------------------------------- checker
CheckerCounts& CheckerCounts::operator+=(const CheckerCounts& o) noexcept {
  symbols += o.symbols;
  symbol_errors += o.symbol_errors;
  bits += o.bits;
  bit_errors += o.bit_errors;
  locks += o.locks;
  losses += o.losses;
  return *this;
}

PatternChecker::PatternChecker(const CheckerConfig& cfg) { configure(cfg); }

void PatternChecker::configure(const CheckerConfig& cfg) {
  require(cfg.lock_symbols >= 1 && cfg.lock_symbols <= 1 << 20, "PatternChecker", "lock_symbols",
          "1..2^20", cfg.lock_symbols);
  require(cfg.loss_window >= 1 && cfg.loss_window <= 1 << 24, "PatternChecker", "loss_window",
          "1..2^24", cfg.loss_window);
  require(cfg.loss_threshold >= 1 && cfg.loss_threshold <= cfg.loss_window, "PatternChecker",
          "loss_threshold", "1..loss_window", cfg.loss_threshold);
  cfg_ = cfg;
  ssprq_index_.clear();
  if (cfg.pattern == Pattern::kSsprq) {
    const auto& t = ssprq_symbols();
    const std::uint32_t n = 65535;
    std::vector<std::pair<std::uint64_t, std::uint32_t>> idx;
    idx.reserve(n);
    std::uint64_t key = 0;
    for (std::uint32_t i = 0; i < n + 31; ++i) {  // key of the 32 symbols ending at i (cyclic)
      key = (key << 2) | t[i % n];
      if (i >= 31) idx.emplace_back(key, (i + 1) % n);
    }
    std::sort(idx.begin(), idx.end());
    for (std::size_t i = 0; i < idx.size(); ++i) {  // keep unique keys only
      const bool dup_prev = i > 0 && idx[i - 1].first == idx[i].first;
      const bool dup_next = i + 1 < idx.size() && idx[i + 1].first == idx[i].first;
      if (!dup_prev && !dup_next) ssprq_index_.push_back(idx[i]);
    }
  } else {
    lfsr_ = Lfsr(cfg.pattern == Pattern::kPrbs13q ? 13 : 31, 1);
  }
  reset();
}

void PatternChecker::reset() noexcept {
  counts_ = {};
  state_ = State::kSearch;
  hist_bits_ = hist_syms_ = 0;
  hist_count_ = 0;
  pos_ = 0;
  verify_left_ = 0;
  win_count_ = win_errors_ = 0;
}

[[gnu::always_inline]] inline std::uint8_t PatternChecker::expected() noexcept {
  if (cfg_.pattern == Pattern::kSsprq) {
    const std::uint8_t s = ssprq_symbols()[pos_];
    pos_ = pos_ + 1 == 65535 ? 0 : pos_ + 1;
    return s;
  }
  const auto a = static_cast<std::uint8_t>(lfsr_.next());
  const auto b = static_cast<std::uint8_t>(lfsr_.next());
  return gray_map(a, b);
}

void PatternChecker::try_seed() noexcept {
  if (cfg_.pattern == Pattern::kSsprq) {
    if (hist_count_ < 32) return;
    const auto it = std::lower_bound(ssprq_index_.begin(), ssprq_index_.end(),
                                     std::make_pair(hist_syms_, std::uint32_t{0}));
    if (it == ssprq_index_.end() || it->first != hist_syms_) return;
    pos_ = it->second;
  } else {
    if (2 * hist_count_ < lfsr_.order()) return;
    lfsr_.load_from_outputs(static_cast<std::uint32_t>(hist_bits_));
  }
  state_ = State::kVerify;
  verify_left_ = cfg_.lock_symbols;
}

void PatternChecker::process(std::span<const std::uint8_t> symbols,
                             std::span<std::uint8_t> err_flags) {
  if (!err_flags.empty() && err_flags.size() != symbols.size()) {
    throw std::invalid_argument("PatternChecker::process: err_flags has " +
                                std::to_string(err_flags.size()) + " entries, expected 0 or " +
                                std::to_string(symbols.size()));
  }
  const bool flags = !err_flags.empty();
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    const auto s = static_cast<std::uint8_t>(symbols[i] & 3u);
    std::uint8_t flag = 0;
    if (state_ != State::kSearch) {
      const std::uint8_t e = expected();
      if (state_ == State::kVerify) {
        if (e != s) {
          state_ = State::kSearch;
        } else if (--verify_left_ == 0) {
          state_ = State::kLocked;
          ++counts_.locks;
          win_count_ = win_errors_ = 0;
        }
      } else {
        const unsigned diff = static_cast<unsigned>(gray_demap(e) ^ gray_demap(s));
        ++counts_.symbols;
        counts_.bits += 2;
        if (diff != 0) {
          flag = 1;
          ++counts_.symbol_errors;
          counts_.bit_errors += (diff & 1u) + (diff >> 1);  // diff is 2 bits
          ++win_errors_;
        }
        if (win_errors_ >= cfg_.loss_threshold) {
          state_ = State::kSearch;
          ++counts_.losses;
          hist_count_ = 0;
        } else if (++win_count_ == cfg_.loss_window) {
          win_count_ = win_errors_ = 0;
        }
      }
    }
    hist_bits_ = (hist_bits_ << 2) | gray_demap(s);
    hist_syms_ = (hist_syms_ << 2) | s;
    if (state_ == State::kSearch) {
      if (hist_count_ < 64) ++hist_count_;
      try_seed();
    }
    if (flags) err_flags[i] = flag;
  }
}

OpCounts PatternChecker::ops() const noexcept {
  // reference generator + 2-bit compare + popcount + 4 counters (+ window counter)
  OpCounts o{0, 8, 64 * 4 + 64 + 2 * 11 + 2, 0};
  if (cfg_.pattern == Pattern::kSsprq) {
    o.register_bits += 16;
    o.memory_bits = 131070;
  } else {
    o.register_bits += static_cast<std::uint64_t>(lfsr_.order());
  }
  return o;
}

}  // namespace halo::dsp

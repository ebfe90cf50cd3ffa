#include "halo/retimer/retimer_tx.hpp"

#include <algorithm>

namespace halo::retimer {

RetimerTx::RetimerTx(const TxConfig& cfg) { configure(cfg); }

void RetimerTx::configure(const TxConfig& cfg) {
  gen_.configure(cfg.pattern);
  ffe_.configure(cfg.ffe);
  cfg_ = cfg;
  reset();
}

void RetimerTx::reset() {
  gen_.configure(cfg_.pattern);
  pre_.reset();
  ffe_.reset();
}

void RetimerTx::line(std::span<const std::uint8_t> g, std::span<std::int16_t> dac) {
  std::span<std::uint8_t> p(p_.data(), g.size());
  if (cfg_.precoding) {
    pre_.process(g, p);
  } else {
    std::copy(g.begin(), g.end(), p.begin());
  }
  ffe_.process(p, dac);
}

void RetimerTx::process_bits(std::span<const std::uint8_t> bits, std::span<std::int16_t> dac,
                             std::span<std::uint8_t> gray) {
  const std::size_t n = dac.size();
  dsp::require(bits.size() == 2 * n, "RetimerTx", "process_bits.bits.size", "2*dac.size()",
               static_cast<long long>(bits.size()));
  dsp::require(gray.empty() || gray.size() == n, "RetimerTx", "process_bits.gray.size",
               "0 or dac.size()", static_cast<long long>(gray.size()));
  for (std::size_t off = 0; off < n; off += fx::kMaxBeat) {
    const std::size_t p = std::min<std::size_t>(fx::kMaxBeat, n - off);
    std::span<std::uint8_t> g(g_.data(), p);
    dsp::gray_map(bits.subspan(2 * off, 2 * p), g);
    if (!gray.empty()) std::copy(g.begin(), g.end(), gray.begin() + static_cast<std::ptrdiff_t>(off));
    line(g, dac.subspan(off, p));
  }
}

void RetimerTx::process_pattern(std::span<std::int16_t> dac, std::span<std::uint8_t> gray) {
  const std::size_t n = dac.size();
  dsp::require(gray.empty() || gray.size() == n, "RetimerTx", "process_pattern.gray.size",
               "0 or dac.size()", static_cast<long long>(gray.size()));
  for (std::size_t off = 0; off < n; off += fx::kMaxBeat) {
    const std::size_t p = std::min<std::size_t>(fx::kMaxBeat, n - off);
    std::span<std::uint8_t> g(g_.data(), p);
    gen_.process(g);
    if (!gray.empty()) std::copy(g.begin(), g.end(), gray.begin() + static_cast<std::ptrdiff_t>(off));
    line(g, dac.subspan(off, p));
  }
}

dsp::OpCounts RetimerTx::ops() const noexcept {
  dsp::OpCounts o = gen_.ops() + dsp::gray_ops() + ffe_.ops();
  if (cfg_.precoding) o += pre_.ops();
  return o;
}

}  // namespace halo::retimer

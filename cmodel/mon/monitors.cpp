#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "halo/mon/burst_monitor.hpp"
#include "halo/mon/error_ratio.hpp"
#include "halo/mon/histogram.hpp"
#include "halo/mon/level_monitor.hpp"

namespace halo::mon {

using dsp::require;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ------------------------------------------------------------------------------ LevelMonitor
void LevelMonitor::process(std::span<const std::int16_t> z, std::span<const std::uint8_t> d) {
  require(z.size() == d.size(), "LevelMonitor", "process.decisions.size", "z.size()",
          static_cast<long long>(d.size()));
  for (std::size_t i = 0; i < z.size(); ++i) {
    const unsigned k = d[i] & 3u;
    const std::int64_t v = z[i];
    ++n_[k];
    s_[k] += v;
    q_[k] += static_cast<std::uint64_t>(v * v);
  }
}

LevelMonitor& LevelMonitor::operator+=(const LevelMonitor& o) noexcept {
  for (int k = 0; k < 4; ++k) {
    n_[k] += o.n_[k];
    s_[k] += o.s_[k];
    q_[k] += o.q_[k];
  }
  return *this;
}

LevelReport LevelMonitor::report() const { return level_report(n_, s_, q_); }

LevelReport level_report(const std::array<std::uint64_t, 4>& n_,
                         const std::array<std::int64_t, 4>& s_,
                         const std::array<std::uint64_t, 4>& q_) {
  LevelReport r;
  bool empty = false;
  double pooled = 0.0, ntot = 0.0;
  for (int k = 0; k < 4; ++k) {
    r.count[k] = n_[k];
    if (n_[k] == 0) {
      empty = true;
      r.mean[k] = r.sigma[k] = kNaN;
      continue;
    }
    const double n = static_cast<double>(n_[k]);
    const double mu = static_cast<double>(s_[k]) / n;
    const double var = std::max(0.0, static_cast<double>(q_[k]) / n - mu * mu);
    r.mean[k] = mu;
    r.sigma[k] = std::sqrt(var);
    pooled += n * var;
    ntot += n;
  }
  if (empty) {
    r.esnr_db = r.rlm = kNaN;
    return r;
  }
  const double mbar = (r.mean[0] + r.mean[1] + r.mean[2] + r.mean[3]) / 4.0;
  double ps = 0.0;
  for (int k = 0; k < 4; ++k) ps += (r.mean[k] - mbar) * (r.mean[k] - mbar) / 4.0;
  const double noise = pooled / ntot;
  r.esnr_db = noise > 0.0 ? 10.0 * std::log10(ps / noise) : kNaN;
  const double vmid = (r.mean[0] + r.mean[3]) / 2.0;
  const double es1 = (r.mean[1] - vmid) / (r.mean[0] - vmid);
  const double es2 = (r.mean[2] - vmid) / (r.mean[3] - vmid);
  r.rlm = std::min({3 * es1, 3 * es2, 2 - 3 * es1, 2 - 3 * es2});
  return r;
}

// ------------------------------------------------------------------------------ Histogram
Histogram::Histogram(const HistogramConfig& cfg) { configure(cfg); }

void Histogram::configure(const HistogramConfig& cfg) {
  require(cfg.bin_shift >= 0 && cfg.bin_shift <= 12, "HistogramConfig", "bin_shift", "0..12",
          cfg.bin_shift);
  require(cfg.num_bins >= 2 && cfg.num_bins <= 65536 && cfg.num_bins % 2 == 0, "HistogramConfig",
          "num_bins", "even, 2..65536", cfg.num_bins);
  cfg_ = cfg;
  reset();
}

void Histogram::reset() {
  bins_.assign(static_cast<std::size_t>(cfg_.num_bins), 0);
  overflows_ = 0;
}

void Histogram::process(std::span<const std::int16_t> z) noexcept {
  const std::int32_t half = cfg_.num_bins / 2, last = cfg_.num_bins - 1;
  for (auto v : z) {
    std::int32_t b = (static_cast<std::int32_t>(v) >> cfg_.bin_shift) + half;
    if (b < 0 || b > last) {
      ++overflows_;
      b = b < 0 ? 0 : last;
    }
    ++bins_[static_cast<std::size_t>(b)];
  }
}

Histogram& Histogram::operator+=(const Histogram& o) {
  require(o.cfg_.num_bins == cfg_.num_bins && o.cfg_.bin_shift == cfg_.bin_shift, "Histogram",
          "merge", "same configuration", o.cfg_.num_bins);
  for (std::size_t i = 0; i < bins_.size(); ++i) bins_[i] += o.bins_[i];
  overflows_ += o.overflows_;
  return *this;
}

dsp::OpCounts Histogram::ops() const noexcept {
  return {0, 3, 0, static_cast<std::uint64_t>(cfg_.num_bins) * 64};
}

// ------------------------------------------------------------------------------ BurstMonitor
BurstMonitor::BurstMonitor(const BurstConfig& cfg) { configure(cfg); }

void BurstMonitor::configure(const BurstConfig& cfg) {
  require(cfg.max_gap >= 0 && cfg.max_gap <= 1024, "BurstConfig", "max_gap", "0..1024",
          cfg.max_gap);
  require(cfg.max_len >= 1 && cfg.max_len <= 65536, "BurstConfig", "max_len", "1..65536",
          cfg.max_len);
  cfg_ = cfg;
  reset();
}

void BurstMonitor::reset() {
  hist_.assign(static_cast<std::size_t>(cfg_.max_len) + 1, 0);
  bursts_ = errors_ = 0;
  in_ = false;
  len_ = gap_ = 0;
}

void BurstMonitor::close() noexcept {
  const std::uint32_t b = len_ > static_cast<std::uint32_t>(cfg_.max_len)
                              ? static_cast<std::uint32_t>(cfg_.max_len) : len_;
  ++hist_[b];
  ++bursts_;
  errors_ += len_;
  in_ = false;
  len_ = gap_ = 0;
}

void BurstMonitor::process(std::span<const std::uint8_t> flags) noexcept {
  const auto max_gap = static_cast<std::uint32_t>(cfg_.max_gap);
  for (auto f : flags) {
    if (f != 0) {
      in_ = true;
      ++len_;
      gap_ = 0;
    } else if (in_ && ++gap_ > max_gap) {
      close();
    }
  }
}

void BurstMonitor::finish() noexcept {
  if (in_) close();
}

BurstMonitor& BurstMonitor::operator+=(const BurstMonitor& o) {
  require(o.cfg_.max_len == cfg_.max_len && o.cfg_.max_gap == cfg_.max_gap, "BurstMonitor",
          "merge", "same configuration", o.cfg_.max_len);
  for (std::size_t i = 0; i < hist_.size(); ++i) hist_[i] += o.hist_[i];
  bursts_ += o.bursts_;
  errors_ += o.errors_;
  return *this;
}

double BurstMonitor::mean_length() const noexcept {
  return bursts_ == 0 ? kNaN : static_cast<double>(errors_) / static_cast<double>(bursts_);
}

// ------------------------------------------------------------------------------ error ratios
ErrorRatios error_ratios(const dsp::CheckerCounts& c) noexcept {
  ErrorRatios r;
  r.ber = c.bits ? static_cast<double>(c.bit_errors) / static_cast<double>(c.bits) : kNaN;
  r.ser = c.symbols ? static_cast<double>(c.symbol_errors) / static_cast<double>(c.symbols) : kNaN;
  return r;
}

}  // namespace halo::mon

// Transmitter stages of the time-domain engine. See transmitter.hpp.
#include "stages/transmitter.hpp"

#include <algorithm>
#include <cmath>

namespace halo::sim::detail {

LineCoder::LineCoder(bool gray, bool precoding, unsigned block) : gray_(gray), precoding_(precoding), g_(block) {}

void LineCoder::process(std::uint64_t n0, std::span<const std::uint8_t> data, SourceFormat fmt, TxHistory& hist,
                        std::span<std::uint8_t> line) {
  const std::size_t n = data.size();
  if (g_.size() < n) g_.resize(n);
  std::uint8_t* g = g_.data();
  // data symbol G: the Gray symbol of the bit pair, or the bit pair itself when Gray coding is
  // off (a Gray-coded test pattern then carries its bits with the natural mapping)
  if (fmt == SourceFormat::kGraySymbols) {
    if (gray_) std::copy(data.begin(), data.end(), g);
    else for (std::size_t k = 0; k < n; ++k) g[k] = dsp::gray_demap(data[k]);
  } else {
    if (gray_)
      for (std::size_t k = 0; k < n; ++k)
        g[k] = dsp::gray_map(static_cast<std::uint8_t>(data[k] >> 1), static_cast<std::uint8_t>(data[k] & 1u));
    else std::copy(data.begin(), data.end(), g);
  }
  const std::span<const std::uint8_t> gs(g, n);
  if (precoding_) precoder_.process(gs, line.first(n));
  else std::copy(gs.begin(), gs.end(), line.begin());
  hist.record(n0, gs, line.first(n));
}

AnalogTx::AnalogTx(const LinkConfig& cfg, const LinkModel& m)
    : amplitude_(m.amplitude_v), ffe_(cfg.tx.ffe), lev_(cfg.tx.ffe.size() - 1 + cfg.block_symbols, 0.0),
      sigma_tx_(m.sigma_tx_v), noise_(cfg.seed, 3, cfg.shard), g_(cfg.block_symbols),
      jitter_(cfg.tx.rj_ui > 0 || cfg.tx.sj_ui > 0 || cfg.tx.dj_ui > 0), rj_ui_(cfg.tx.rj_ui), dj_ui_(cfg.tx.dj_ui),
      sj_ui_(cfg.tx.sj_ui),
      sj_w_(2 * M_PI * cfg.tx.sj_freq_mhz * 1e6 / m.symbol_rate_hz), jit_rng_(cfg.seed, 4, cfg.shard),
      dj_rng_(cfg.seed, 5, cfg.shard) {}

void AnalogTx::process(std::uint64_t n0, std::span<const std::uint8_t> line, std::span<double> u, std::span<double> tau) {
  const std::size_t B = line.size(), T = ffe_.size();
  if (lev_.size() < T - 1 + B) lev_.resize(T - 1 + B);
  if (g_.size() < B) g_.resize(B);
  const double A = amplitude_;
  double* lev = lev_.data() + (T - 1);
  for (std::size_t k = 0; k < B; ++k) lev[k] = A * kPam4Levels[line[k]];
  // TX FFE: x_k = sum_i c_i a_{k-i}, i ascending
  if (T == 3) {  // the common 3-tap TX FFE, unrolled (same order of operations)
    const double c0 = ffe_[0], c1 = ffe_[1], c2 = ffe_[2];
    for (std::size_t k = 0; k < B; ++k) {
      const double* ak = &lev[k];
      double x = 0;
      x += c0 * ak[0];
      x += c1 * ak[-1];
      x += c2 * ak[-2];
      u[k] = x;
    }
  } else {
    for (std::size_t k = 0; k < B; ++k) {
      const double* ak = &lev[k];
      double x = 0;
      for (std::size_t i = 0; i < T; ++i) x += ffe_[i] * ak[-static_cast<std::ptrdiff_t>(i)];
      u[k] = x;
    }
  }
  std::copy(lev_.begin() + static_cast<std::ptrdiff_t>(B), lev_.begin() + static_cast<std::ptrdiff_t>(B + T - 1), lev_.begin());
  if (sigma_tx_ > 0) {
    noise_.fill(g_.data(), B);
    for (std::size_t k = 0; k < B; ++k) u[k] += sigma_tx_ * g_[k];
  }
  if (jitter_)
    for (std::size_t k = 0; k < B; ++k)
      tau[k] = rj_ui_ * jit_rng_.gauss() + sj_ui_ * std::sin(sj_w_ * static_cast<double>(n0 + k));
  if (dj_ui_ > 0)  // dual-Dirac: +-dj per edge, equiprobable (own stream: RJ/SJ draws unchanged)
    for (std::size_t k = 0; k < B; ++k) tau[k] += (dj_rng_.next() & 1u) ? dj_ui_ : -dj_ui_;
}

}  // namespace halo::sim::detail

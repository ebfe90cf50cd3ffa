// Monitors of the time-domain engine. See monitors.hpp.
#include "stages/monitors.hpp"

#include <algorithm>
#include <cmath>

namespace halo::sim::detail {

void EyeMonitor::begin(std::span<const double> clean) {
  if (done_ != 0) return;
  double mx = 0;
  for (double e : clean) mx = std::max(mx, std::abs(e));
  hi_ = 1.1 * mx;
  lo_ = -hi_;
  hist_.assign(phases_, std::vector<std::uint32_t>(128, 0));
  for (int i = 0; i <= 128; ++i) edges_.push_back(lo_ + (hi_ - lo_) * i / 128.0);
  const std::size_t nsym = static_cast<std::size_t>((kSymbols + block_ - 1) / block_) * block_;  // whole blocks
  store_.reserve(nsym * phases_);
  txp_.reserve(nsym);
}

void EyeMonitor::record(const BlockInfo& b, std::span<const double> noisy, const TxHistory& hist) {
  const unsigned P = phases_, B = block_;
  for (unsigned k = 0; k < B; ++k) {
    for (unsigned j = 0; j < P; ++j) {
      const double e = noisy[k * P + j];
      store_.push_back(e);
      const long bi = static_cast<long>((e - lo_) / (hi_ - lo_) * 128);
      if (bi >= 0 && bi < 128) ++hist_[j][static_cast<std::size_t>(bi)];
    }
    txp_.push_back(hist.line(static_cast<long>(b.n0 + k) - hist.delay()));
  }
  done_ += B;
}

void EyeMonitor::finish(const RxState& rx, double agc, double full_scale_v, TdResult& res) const {
  if (hist_.empty()) return;
  res.eye_phases = phases_;
  res.eye_hist = hist_;
  res.eye_v_edges = edges_;
  if (txp_.empty()) return;
  // Eye at the slicer input: the adapted FFE (linear part) and DFE (fed with the transmitted
  // symbols) applied to the ADC-input waveform at every phase of the eye window.
  const unsigned P = phases_;
  const std::size_t N = rx.ffe.size(), nb = rx.dfe.size();
  std::vector<double> cv(N);
  for (std::size_t i = 0; i < N; ++i) cv[i] = rx.ffe[i] * 2 * agc / full_scale_v;  // code/2^(bits-1) -> V
  const double g = rx.slicer_gain > 0 ? rx.slicer_gain : 1.0;
  res.eye_slicer_hist.assign(P, std::vector<std::uint32_t>(128, 0));
  // all P phases of a symbol at once, 8 phases at a time with their sums in registers; per
  // phase the same sums in the same order: FFE taps ascending, then the DFE terms
  std::vector<double> y(P);
  for (std::size_t t = N + nb; t < txp_.size(); ++t) {
    unsigned j0 = 0;
    for (; j0 + 8 <= P; j0 += 8) {
      double acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
      for (std::size_t i = 0; i < N; ++i) {
        const double* x = &store_[(t - i) * P + j0];
        for (unsigned jj = 0; jj < 8; ++jj) acc[jj] += cv[i] * x[jj];
      }
      for (unsigned jj = 0; jj < 8; ++jj) y[j0 + jj] = acc[jj];
    }
    for (unsigned j = j0; j < P; ++j) {
      double acc = 0;
      for (std::size_t i = 0; i < N; ++i) acc += cv[i] * store_[(t - i) * P + j];
      y[j] = acc;
    }
    for (std::size_t l = 1; l <= nb; ++l) {
      const double f = rx.dfe[l - 1] * kPam4Levels[txp_[t - l]];
      for (unsigned j = 0; j < P; ++j) y[j] -= f;
    }
    for (unsigned j = 0; j < P; ++j) {
      const long bi = static_cast<long>((y[j] / g + 1.6) / 3.2 * 128);
      if (bi >= 0 && bi < 128) ++res.eye_slicer_hist[j][static_cast<std::size_t>(bi)];
    }
  }
}

void PhaseMonitor::record(const BlockInfo& b, std::uint64_t index, double ph) {
  if (!b.training) {
    ++counts_[std::lround(ph * osr_)];
    sum_ += ph;
    sq_ += ph * ph;
    ++n_;
    min_ = std::min(min_, ph);
    max_ = std::max(max_, ph);
  }
  if (index % trace_every_ == 0) trace_.push_back(ph);
}

void PhaseMonitor::finish(TdResult& res) const {
  res.phase_trace_ui = trace_;
  if (!n_) return;
  res.phase_mean_ui = sum_ / static_cast<double>(n_);
  res.phase_std_ui = std::sqrt(std::max(0.0, sq_ / static_cast<double>(n_) - res.phase_mean_ui * res.phase_mean_ui));
  res.phase_min_ui = min_;
  res.phase_max_ui = max_;
  for (const auto& [k, c] : counts_) {
    res.phase_hist_ui.push_back(static_cast<double>(k) / osr_);
    res.phase_hist_frac.push_back(static_cast<double>(c) / static_cast<double>(n_));
  }
}

BlockObserver::BlockObserver(const TdHooks* hooks, unsigned block)
    : hooks_(hooks), active_(hooks && hooks->block) {
  if (active_) bit_err_.resize(block);
}

void BlockObserver::begin() {
  if (!active_) return;
  std::fill(bit_err_.begin(), bit_err_.end(), std::uint8_t{255});
  cws_.clear();
}

void BlockObserver::errors(std::size_t k0, std::span<const std::uint8_t> err) {
  if (!active_) return;
  for (std::size_t k = k0; k < err.size(); ++k) bit_err_[k] = static_cast<std::uint8_t>((err[k] >> 1) + (err[k] & 1u));
}

void BlockObserver::end(std::uint64_t n0, std::span<const float> slicer, std::span<const std::uint8_t> dec,
                        std::span<const std::int16_t> codes, long cursor_delay) {
  if (active_) hooks_->block(TdBlockView{n0, slicer, dec, bit_err_, cws_, codes, cursor_delay});
}

}  // namespace halo::sim::detail

// Electrical front end by pulse superposition. See front_end.hpp.
#include <algorithm>
#include <cmath>
#include <map>

#include "physics/front_end.hpp"
#include "numeric/kernels.hpp"

namespace halo::sim::detail {
namespace {

constexpr double kLv[4] = {-1.0, -1.0 / 3, 1.0 / 3, 1.0};


class LinearFrontEnd final : public FrontEnd {
 public:
  LinearFrontEnd(const LinkConfig& cfg, const LinkModel& m, long start_sample)
      : osr_(static_cast<long>(m.osr)), A_(m.amplitude_v), main_(static_cast<long>(cfg.tx.ffe_main)) {
    // raw pulse (TD applies the TX FFE to the symbol stream)
    raw_ = pulse_response(m.impulse, m.osr);
    step_.resize(m.impulse.h.size());
    double acc = 0;
    for (std::size_t i = 0; i < step_.size(); ++i) step_[i] = acc += m.impulse.h[i];
    const long s_raw = start_sample - static_cast<long>(cfg.tx.ffe_main) * osr_;
    q0_ = s_raw >= 0 ? s_raw / osr_ : -((-s_raw + osr_ - 1) / osr_);
    base_ = s_raw - q0_ * osr_;  // in [0, osr)
    L_ = static_cast<long>(raw_.size()) / osr_ + 3;
    jitter_ = cfg.tx.rj_ui > 0 || cfg.tx.sj_ui > 0 || cfg.tx.dj_ui > 0;
    for (std::size_t a = 0; a < m.aggressors.size(); ++a) {
      const auto& ag = m.aggressors[a];
      const long ph = aggressor_phase(ag);
      std::vector<double> col;
      for (long k = 0; k < ag.num_ui(); ++k) col.push_back(ag.at(k, ph));
      std::reverse(col.begin(), col.end());
      agg_cols_.emplace_back(col.begin(), col.end());
      agg_hist_.emplace_back(col.size() - 1, 0.0f);
      agg_rng_.emplace_back(cfg.seed, 1000 + a, cfg.shard);
    }
    hist_.assign(static_cast<std::size_t>(L_), 0.0);
    fhist_.assign(static_cast<std::size_t>(L_), 0.0f);
    dhist_.assign(static_cast<std::size_t>(L_), 0.0);
    thist_.assign(static_cast<std::size_t>(L_), 0.0);
  }

  long cursor_delay() const override { return q0_ + main_; }  // TX FFE main tap delays the cursor
  unsigned eye_phases() const override { return static_cast<unsigned>(2 * osr_); }

  void process(std::span<const double> u, std::span<const double> tau, double phase_samples, std::span<double> out,
               std::vector<double>* eye) override {
    const long delta = std::lround(phase_samples);
    const std::size_t B = u.size();
    const std::size_t L = static_cast<std::size_t>(L_);
    // the superposition in single precision with FMA (dot_sliding_f32): symbols and pulse
    // columns as float, ~1e-7 relative to the double sum, i.e. far below an ADC LSB
    fbuf_.resize(L - 1 + B);
    std::copy(fhist_.end() - static_cast<std::ptrdiff_t>(L - 1), fhist_.end(), fbuf_.begin());
    for (std::size_t n = 0; n < B; ++n) fbuf_[L - 1 + n] = static_cast<float>(u[n]);
    if (!jitter_) {
      const auto& col = column(base_ + delta);
      dot_sliding_f32(fbuf_.data(), col.data(), L, out.data(), B);
    } else {
      // step form: v_n = sum_k d_{n-k} S(k osr + off - tau_{n-k} osr) + u_{n-L} S_end
      buf_.resize(L - 1 + B);  // the symbols in double for the step form
      std::copy(hist_.end() - static_cast<std::ptrdiff_t>(L - 1), hist_.end(), buf_.begin());
      std::copy(u.begin(), u.end(), buf_.begin() + static_cast<std::ptrdiff_t>(L - 1));
      dbuf_.resize(L - 1 + B);
      tbuf_.resize(L - 1 + B);
      std::copy(dhist_.end() - static_cast<std::ptrdiff_t>(L - 1), dhist_.end(), dbuf_.begin());
      std::copy(thist_.end() - static_cast<std::ptrdiff_t>(L - 1), thist_.end(), tbuf_.begin());
      for (std::size_t n = 0; n < B; ++n) {
        const std::size_t i = L - 1 + n;
        dbuf_[i] = buf_[i] - buf_[i - 1];
        tbuf_[i] = tau.empty() ? 0.0 : tau[n];
      }
      const double off = static_cast<double>(base_ + delta);
      const double send = step_.back();
      for (std::size_t n = 0; n < B; ++n) {
        double v = 0;
        for (std::size_t k = 0; k + 1 < L; ++k) {
          const std::size_t i = L - 1 + n - k;
          const double x = static_cast<double>(k) * static_cast<double>(osr_) + off - tbuf_[i] * static_cast<double>(osr_);
          v += dbuf_[i] * step_at(x);
        }
        v += buf_[n] * send;  // u_{n-L+1}: everything older has settled
        out[n] = v;
      }
      std::copy(dbuf_.end() - static_cast<std::ptrdiff_t>(L), dbuf_.end(), dhist_.begin());
      std::copy(tbuf_.end() - static_cast<std::ptrdiff_t>(L), tbuf_.end(), thist_.begin());
      std::copy(buf_.end() - static_cast<std::ptrdiff_t>(L), buf_.end(), hist_.begin());
    }
    // aggressors: own random PAM4 data, fixed (worst) phase
    for (std::size_t a = 0; a < agg_cols_.size(); ++a) {
      const auto& col = agg_cols_[a];
      const std::size_t La = col.size();
      abuf_.resize(La - 1 + B);
      std::copy(agg_hist_[a].begin(), agg_hist_[a].end(), abuf_.begin());
      for (std::size_t n = 0; n < B; ++n) abuf_[La - 1 + n] = static_cast<float>(A_ * kLv[agg_rng_[a].next() >> 62]);
      tmp_.resize(B);
      dot_sliding_f32(abuf_.data(), col.data(), La, tmp_.data(), B);
      for (std::size_t n = 0; n < B; ++n) out[n] += tmp_[n];
      std::copy(abuf_.end() - static_cast<std::ptrdiff_t>(La - 1), abuf_.end(), agg_hist_[a].begin());
    }
    if (eye) {
      const unsigned P = eye_phases();
      eye->resize(B * P);
      for (unsigned j = 0; j < P; ++j) {
        const auto& col = column(base_ + delta - osr_ + static_cast<long>(j));
        tmp_.resize(B);
        dot_sliding_f32(fbuf_.data(), col.data(), L, tmp_.data(), B);
        for (std::size_t n = 0; n < B; ++n) (*eye)[n * P + j] = tmp_[n];
      }
    }
    std::copy(fbuf_.end() - static_cast<std::ptrdiff_t>(L), fbuf_.end(), fhist_.begin());
  }

 private:
  // reversed symbol-spaced column of the raw pulse at offset off (1/osr units), in float
  const std::vector<float>& column(long off) {
    auto it = cols_.find(off);
    if (it != cols_.end()) return it->second;
    std::vector<float> c(static_cast<std::size_t>(L_), 0.0f);
    for (long j = 0; j < L_; ++j) {
      const long m = j * osr_ + off;
      if (m >= 0 && m < static_cast<long>(raw_.size()))
        c[static_cast<std::size_t>(L_ - 1 - j)] = static_cast<float>(raw_[static_cast<std::size_t>(m)]);
    }
    return cols_.emplace(off, std::move(c)).first->second;
  }
  double step_at(double x) const {
    if (x <= 0) return 0;
    const double fl = std::floor(x);
    const std::size_t i = static_cast<std::size_t>(fl);
    if (i + 1 >= step_.size()) return step_.back();
    const double a = x - fl;
    return (1 - a) * step_[i] + a * step_[i + 1];
  }

  long osr_;
  double A_;
  long main_;
  std::vector<double> raw_, step_;
  long q0_ = 0, base_ = 0, L_ = 0;
  bool jitter_ = false;
  std::map<long, std::vector<float>> cols_;
  std::vector<double> hist_, buf_, dhist_, dbuf_, thist_, tbuf_, tmp_;
  std::vector<float> fhist_, fbuf_, abuf_;
  std::vector<std::vector<float>> agg_cols_, agg_hist_;
  std::vector<Rng> agg_rng_;
};

}  // namespace

std::unique_ptr<FrontEnd> make_linear_front_end(const LinkConfig& cfg, const LinkModel& m, long start_sample) {
  return std::make_unique<LinearFrontEnd>(cfg, m, start_sample);
}

}  // namespace halo::sim::detail

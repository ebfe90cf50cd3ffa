// Floating-point reference receiver (FFE + Volterra + DFE + MM CDR). See rx_dsp.hpp.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "halo/sim/rx_dsp.hpp"
#include "numeric/kernels.hpp"

namespace halo::sim {
namespace {

constexpr double kLv[4] = {-1.0, -1.0 / 3, 1.0 / 3, 1.0};

inline std::uint8_t slice(double z) {
  return static_cast<std::uint8_t>((z >= -2.0 / 3) + (z >= 0) + (z >= 2.0 / 3));
}

class FloatRx final : public RxDsp {
 public:
  FloatRx(const RxConfig& c, double initial_main, const std::vector<double>& init_ffe,
          const std::vector<double>& init_dfe)
      : cfg_(c), initial_main_(initial_main) {
    if (c.ffe_taps == 0 || c.ffe_pre >= c.ffe_taps) throw std::invalid_argument("float rx: need ffe_pre < ffe_taps");
    if (c.volterra && c.volterra_memory > c.ffe_taps) throw std::invalid_argument("float rx: volterra memory > ffe taps");
    gain_mu_ = std::max(1e-6, 0.05 * c.mu_ffe);  // slicer gain tracking, 20x slower than the FFE
    crev_.assign(c.ffe_taps, 0.0);
    crev_[c.ffe_taps - 1 - c.ffe_pre] = initial_main;
    if (!init_ffe.empty()) {
      if (init_ffe.size() != c.ffe_taps) throw std::invalid_argument("float rx: init_ffe size != ffe taps");
      crev_.assign(init_ffe.rbegin(), init_ffe.rend());
      initial_main_ = init_ffe[c.ffe_pre];
    }
    dfe_.assign(c.dfe_taps, 0.0);
    if (!init_dfe.empty()) {
      if (init_dfe.size() != c.dfe_taps) throw std::invalid_argument("float rx: init_dfe size != dfe taps");
      dfe_ = init_dfe;
    }
    vm3_ = c.volterra ? c.volterra_memory3 : 0;
    if (vm3_ > c.ffe_taps) throw std::invalid_argument("float rx: volterra memory3 > ffe taps");
    if (c.volterra) vk_.assign(c.volterra_memory * (c.volterra_memory + 1) / 2 + vm3_ * (vm3_ + 1) * (vm3_ + 2) / 6, 0.0);
    v3_ = std::min<unsigned>(c.ffe_pre > vm3_ / 2 ? c.ffe_pre - vm3_ / 2 : 0, c.ffe_taps - vm3_);
    vprod_.assign(vk_.size(), 0.0);
    vm_ = c.volterra ? c.volterra_memory : 0;
    v0_ = std::min<unsigned>(c.ffe_pre > vm_ / 2 ? c.ffe_pre - vm_ / 2 : 0, c.ffe_taps - vm_);
    hist_.assign(c.ffe_taps + 1, 0.0);
    dhist_.assign(c.dfe_taps + 1, 0.0);
    scale_ = 1.0 / static_cast<double>(1u << (c.adc_bits - 1));
    cdr_ = c.cdr == "mm";
  }

  void process(std::span<const std::int16_t> codes, std::span<const std::uint8_t> train,
               std::span<std::uint8_t> dec, std::span<float> slicer_in) override {
    const std::size_t N = crev_.size(), n = codes.size();
    if (dec.size() != n || (!train.empty() && train.size() != n) || (!slicer_in.empty() && slicer_in.size() != n))
      throw std::invalid_argument("float rx: span sizes differ");
    // x buffer: N+1 previous samples then this block; window for symbol k ends at base+k.
    buf_.resize(N + 1 + n);
    std::copy(hist_.begin(), hist_.end(), buf_.begin());
    for (std::size_t k = 0; k < n; ++k) buf_[N + 1 + k] = (codes[k] + 0.5) * scale_;
    const std::size_t pre = cfg_.ffe_pre;
    const std::size_t nb = dfe_.size();
    for (std::size_t k = 0; k < n; ++k) {
      const double* x = &buf_[N + 1 + k];  // x[-i] = x_{n-i}
      const double* xw = x - (N - 1);      // window, oldest first (matches crev_)
      double y = detail::dot(crev_.data(), xw, N);
      if (vm_) {
        std::size_t t = 0;
        for (unsigned a = 0; a < vm_; ++a) {
          const double xa = x[-static_cast<std::ptrdiff_t>(v0_ + a)];
          for (unsigned b = a; b < vm_; ++b) vprod_[t++] = xa * x[-static_cast<std::ptrdiff_t>(v0_ + b)];
        }
        for (unsigned a = 0; a < vm3_; ++a) {  // 3rd order, symmetric kernel, same centre
          const double xa = x[-static_cast<std::ptrdiff_t>(v3_ + a)];
          for (unsigned b = a; b < vm3_; ++b) {
            const double xab = xa * x[-static_cast<std::ptrdiff_t>(v3_ + b)];
            for (unsigned c = b; c < vm3_; ++c) vprod_[t++] = xab * x[-static_cast<std::ptrdiff_t>(v3_ + c)];
          }
        }
        y += detail::dot(vk_.data(), vprod_.data(), t);
        y += dc_;  // offset tap: the even-order kernels have a non-zero mean
      }
      for (std::size_t l = 0; l < nb; ++l) y -= dfe_[l] * dhist_[l];
      const double z = y * inv_gain_;  // unbiased slicer: levels scaled by the tracked gain
      const std::uint8_t d = slice(z);
      dec[k] = d;
      if (!slicer_in.empty()) slicer_in[k] = static_cast<float>(z);
      const std::uint8_t ref = (training_ && !train.empty()) ? train[k] : d;
      const double e = y - kLv[ref];
      mse_ = 0.999 * mse_ + 0.001 * e * e;
      if (adapt_) {
        // E[y a] / E[a^2]: the MMSE (LMS) solution is biased by SNR/(1+SNR); the slicer undoes
        // it (frozen with the taps: decision errors would bias the estimate)
        gain_ += gain_mu_ * (y * kLv[ref] * 1.8 - gain_);  // 1.8 = 1 / (5/9)
        if ((++count_ & 63) == 0) inv_gain_ = 1.0 / gain_;
        const double me = cfg_.mu_ffe * e;
        detail::axpy(crev_.data(), -me, xw, N);
        const double be = cfg_.mu_dfe * e;
        for (std::size_t l = 0; l < nb; ++l)
          dfe_[l] = std::clamp(dfe_[l] + be * dhist_[l], -cfg_.dfe_limit, cfg_.dfe_limit);
        if (vm_) {
          const double ve = cfg_.mu_volterra * e;
          detail::axpy(vk_.data(), -ve, vprod_.data(), vk_.size());
          dc_ -= cfg_.mu_ffe * e;
        }
      }
      if (cdr_) {  // Mueller-Muller type A on the FFE input
        const double te = x[-static_cast<std::ptrdiff_t>(pre)] * prev_lv_ - x[-static_cast<std::ptrdiff_t>(pre + 1)] * kLv[ref];
        phase_ += cfg_.cdr_gain * te * initial_main_;  // fixed normalisation: independent of the FFE
      }
      prev_lv_ = kLv[ref];
      for (std::size_t l = nb; l-- > 1;) dhist_[l] = dhist_[l - 1];
      if (nb) dhist_[0] = kLv[ref];
    }
    std::copy(buf_.end() - static_cast<std::ptrdiff_t>(N + 1), buf_.end(), hist_.begin());
  }

  double phase_ui() const override { return phase_; }
  unsigned latency() const override { return cfg_.ffe_pre; }
  void set_training(bool on) override { training_ = on; }
  void set_adaptation(bool on) override { adapt_ = on; }
  void set_cdr(bool on) override { cdr_ = on && cfg_.cdr == "mm"; }
  RxState state() const override {
    RxState s;
    s.ffe.assign(crev_.rbegin(), crev_.rend());
    s.dfe = dfe_;
    s.volterra = vk_;
    s.phase_ui = phase_;
    s.mse = mse_;
    s.slicer_gain = gain_;
    return s;
  }
  std::string name() const override { return vm_ ? "float-ffe-volterra-dfe" : "float-ffe-dfe"; }

 private:
  RxConfig cfg_;
  double initial_main_ = 1;
  std::vector<double> crev_, dfe_, vk_, vprod_, hist_, dhist_, buf_;
  unsigned vm_ = 0, v0_ = 0, vm3_ = 0, v3_ = 0;
  double scale_ = 1, gain_ = 1, gain_mu_ = 1e-4, inv_gain_ = 1, dc_ = 0, phase_ = 0, prev_lv_ = 0, mse_ = 0;
  std::uint64_t count_ = 0;
  bool training_ = true, adapt_ = true, cdr_ = true;
};

}  // namespace

std::unique_ptr<RxDsp> make_float_rx(const RxConfig& cfg, double initial_main, const std::vector<double>& init_ffe,
                                     const std::vector<double>& init_dfe) {
  return std::make_unique<FloatRx>(cfg, initial_main, init_ffe, init_dfe);
}

}  // namespace halo::sim

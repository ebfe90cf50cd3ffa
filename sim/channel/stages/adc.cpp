// ADC stage of the time-domain engine. See adc.hpp.
#include "stages/adc.hpp"

#include <algorithm>
#include <cmath>

#include "numeric/kernels.hpp"

namespace halo::sim::detail {

Adc::Adc(const RxConfig& rx, double agc, double sigma_rx, std::uint64_t seed, std::uint64_t shard)
    : agc_(agc), sigma_rx_(sigma_rx), noise_(seed, 2, shard) {
  const unsigned bits = rx.adc_bits;
  const double fs = rx.adc_full_scale_v;
  lsb_ = fs / std::pow(2.0, bits);
  inv_lsb_ = 1.0 / lsb_;
  cmin_ = static_cast<std::int32_t>(-(1l << (bits - 1)));
  cmax_ = static_cast<std::int32_t>((1l << (bits - 1)) - 1);
  if (rx.adc_enob > 0) {
    const double se = fs / std::pow(2.0, rx.adc_enob) / std::sqrt(12.0);
    sigma_enob_ = std::sqrt(std::max(0.0, se * se - lsb_ * lsb_ / 12));
  }
}

void Adc::add_eye_noise(std::span<double> eye) {
  // in chunks of the block buffer (the draw sequence does not depend on the call split)
  if (g_.empty()) g_.resize(1024);
  for (std::size_t i0 = 0; i0 < eye.size(); i0 += g_.size()) {
    const std::size_t n = std::min(g_.size(), eye.size() - i0);
    noise_.fill(g_.data(), n);
    double* e = eye.data() + i0;
    for (std::size_t i = 0; i < n; ++i) e[i] = e[i] + sigma_rx_ * g_[i];
  }
}

void Adc::process(std::span<double> v, std::span<std::int16_t> codes) {
  const std::size_t n = v.size();
  if (g_.size() < n) g_.resize(n);
  noise_.fill(g_.data(), n);
  adc_input(v.data(), g_.data(), n, agc_, adc_noise_sigma(sigma_rx_, agc_, sigma_enob_));
  quantize(v.data(), n, inv_lsb_, cmin_, cmax_, codes.data());
}

}  // namespace halo::sim::detail

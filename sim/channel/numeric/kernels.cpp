// Numeric kernels of the time-domain engine (double precision). See kernels.hpp.
#include "numeric/kernels.hpp"

#include <cmath>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define HALO_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define HALO_CLONES
#endif

namespace halo::sim::detail {

HALO_CLONES double dot(const double* a, const double* b, std::size_t n) noexcept {
  double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (std::size_t k = 0; k < 8; ++k) s[k] += a[i + k] * b[i + k];
  for (std::size_t k = 0; i < n; ++i, ++k) s[k] += a[i] * b[i];
  return ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]));
}

HALO_CLONES void quantize(const double* x, std::size_t n, double scale, std::int32_t cmin, std::int32_t cmax,
                          std::int16_t* out) noexcept {
  const double lo = cmin - 1.0, hi = cmax + 1.0;
  for (std::size_t i = 0; i < n; ++i) {
    double q = x[i] * scale;
    q = q < lo ? lo : q;
    q = q > hi ? hi : q;
    std::int32_t c = static_cast<std::int32_t>(q);  // toward zero, then floor
    c -= q < static_cast<double>(c);
    c = c < cmin ? cmin : c;
    c = c > cmax ? cmax : c;
    out[i] = static_cast<std::int16_t>(c);
  }
}

double adc_noise_sigma(double sigma_rx, double agc, double sigma_enob) noexcept {
  const double r = sigma_rx * agc;
  return std::sqrt(r * r + sigma_enob * sigma_enob);
}

HALO_CLONES void adc_input(double* v, const double* g, std::size_t n, double agc, double sigma) noexcept {
  for (std::size_t i = 0; i < n; ++i) v[i] = v[i] * agc + sigma * g[i];
}

HALO_CLONES void axpy(double* y, double k, const double* x, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) y[i] += k * x[i];
}

}  // namespace halo::sim::detail

// Numeric kernels of the time-domain engine (double precision). See kernels.hpp.
#include "numeric/kernels.hpp"

#include <cmath>

#include "halo/isa.hpp"

namespace halo::sim::detail {

namespace {

template <isa::Level>
[[gnu::always_inline]] inline double dot_body(const double* a, const double* b, std::size_t n) noexcept {
  double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (std::size_t k = 0; k < 8; ++k) s[k] += a[i + k] * b[i + k];
  for (std::size_t k = 0; i < n; ++i, ++k) s[k] += a[i] * b[i];
  return ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]));
}

template <isa::Level>
[[gnu::always_inline]] inline void quantize_body(const double* x, std::size_t n, double scale, std::int32_t cmin,
                                                 std::int32_t cmax, std::int16_t* out) noexcept {
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

template <isa::Level>
[[gnu::always_inline]] inline void adc_input_body(double* v, const double* g, std::size_t n, double agc,
                                                  double sigma) noexcept {
  for (std::size_t i = 0; i < n; ++i) v[i] = v[i] * agc + sigma * g[i];
}

template <isa::Level>
[[gnu::always_inline]] inline void axpy_body(double* y, double k, const double* x, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) y[i] += k * x[i];
}

// AVX2 and baseline builds (AVX-512 hosts run the AVX2 build); -ffp-contract=off for this file
// (CMakeLists.txt), so no build fuses a multiply-add and every path gives the same bits
HALO_ISA_VARIANTS(double, dot, (const double* a, const double* b, std::size_t n), (a, b, n))
HALO_ISA_VARIANTS(void, quantize,
                  (const double* x, std::size_t n, double scale, std::int32_t cmin, std::int32_t cmax,
                   std::int16_t* out),
                  (x, n, scale, cmin, cmax, out))
HALO_ISA_VARIANTS(void, adc_input, (double* v, const double* g, std::size_t n, double agc, double sigma),
                  (v, g, n, agc, sigma))
HALO_ISA_VARIANTS(void, axpy, (double* y, double k, const double* x, std::size_t n), (y, k, x, n))

}  // namespace

double dot(const double* a, const double* b, std::size_t n) noexcept {
  return isa::pick(dot_v3, dot_v3, dot_base)(a, b, n);
}

void quantize(const double* x, std::size_t n, double scale, std::int32_t cmin, std::int32_t cmax,
              std::int16_t* out) noexcept {
  isa::pick(quantize_v3, quantize_v3, quantize_base)(x, n, scale, cmin, cmax, out);
}

double adc_noise_sigma(double sigma_rx, double agc, double sigma_enob) noexcept {
  const double r = sigma_rx * agc;
  return std::sqrt(r * r + sigma_enob * sigma_enob);
}

void adc_input(double* v, const double* g, std::size_t n, double agc, double sigma) noexcept {
  isa::pick(adc_input_v3, adc_input_v3, adc_input_base)(v, g, n, agc, sigma);
}

void axpy(double* y, double k, const double* x, std::size_t n) noexcept {
  isa::pick(axpy_v3, axpy_v3, axpy_base)(y, k, x, n);
}

}  // namespace halo::sim::detail

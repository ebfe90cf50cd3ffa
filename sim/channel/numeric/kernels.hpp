// Internal: numeric kernels of the time-domain engine (dot products, LMS updates, the pulse
// superposition). Built for AVX2 and a baseline x86-64 target (dot_sliding_f32 also AVX-512),
// chosen at run time by halo/isa.hpp. Fixed summation order (8 partial sums): results do not
// depend on the dispatch.
#pragma once

#include <cstddef>
#include <cstdint>

namespace halo::sim::detail {

/// sum_i a[i] b[i]
double dot(const double* a, const double* b, std::size_t n) noexcept;
/// Single precision with fused multiply-adds: sum_i fma(a[i], b[i]) in dot()'s order (eight
/// partial sums, each a chain of std::fma, then dot()'s final reduction), all in float.
float dot_f32(const float* a, const float* b, std::size_t n) noexcept;
/// out[j] = dot_f32(x + j, c, n) for j < m (widened to double): the engine's pulse
/// superposition. 16 outputs per vector with AVX-512, 8 with AVX2 + FMA, chosen at run time;
/// bit-identical to dot_f32() on every path (the scalar path calls it). Against the double
/// dot() the result differs by a few float ulps of sum |x c| (~1e-7 relative).
void dot_sliding_f32(const float* x, const float* c, std::size_t n, double* out, std::size_t m) noexcept;
/// out[i] = clamp(floor(x[i] scale), cmin, cmax) for i < n: the ADC quantiser (x in V,
/// scale = 1 / LSB in 1/V, codes cmin..cmax = -2^(N-1)..2^(N-1)-1). Vectorised: x scale is
/// clamped to [cmin - 1, cmax + 1] before the conversion to int32, which changes no result.
void quantize(const double* x, std::size_t n, double scale, std::int32_t cmin, std::int32_t cmax,
              std::int16_t* out) noexcept;
/// Standard deviation (V at the ADC input) of the RX noise sigma_rx (V, before the AGC gain
/// agc) and the ADC's ENOB noise sigma_enob (V) drawn as one Gaussian:
/// sqrt(sigma_rx^2 agc^2 + sigma_enob^2) (independent, so the variances add).
double adc_noise_sigma(double sigma_rx, double agc, double sigma_enob) noexcept;
/// v[i] = v[i] agc + sigma g[i] for i < n: the ADC input (V) from the channel output v (V) and
/// standard normal draws g.
void adc_input(double* v, const double* g, std::size_t n, double agc, double sigma) noexcept;
/// y[i] += k x[i]
void axpy(double* y, double k, const double* x, std::size_t n) noexcept;

}  // namespace halo::sim::detail

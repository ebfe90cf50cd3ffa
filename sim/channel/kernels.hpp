// Internal: numeric kernels of the time-domain engine (dot products, LMS updates). Built for
// AVX2 and a baseline x86-64 target with runtime dispatch (GCC target_clones) where available.
// Fixed summation order (8 partial sums): results do not depend on the dispatch.
#pragma once

#include <cstddef>

namespace halo::sim::detail {

/// sum_i a[i] b[i]
double dot(const double* a, const double* b, std::size_t n) noexcept;
/// out[j] = dot(x + j, c, n) for j < m (a sliding window: the pulse superposition of m
/// consecutive symbols), bit-identical to m calls of dot(); four outputs share each load of c and
/// run 8 independent accumulator chains (the single dot() is add-latency bound).
void dot_sliding(const double* x, const double* c, std::size_t n, double* out, std::size_t m) noexcept;
/// y[i] += k x[i]
void axpy(double* y, double k, const double* x, std::size_t n) noexcept;

}  // namespace halo::sim::detail

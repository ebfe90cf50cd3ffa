// Internal: numeric kernels of the time-domain engine (dot products, LMS updates). Built for
// AVX2 and a baseline x86-64 target with runtime dispatch (GCC target_clones) where available.
// Fixed summation order (8 partial sums): results do not depend on the dispatch.
#pragma once

#include <cstddef>

namespace halo::sim::detail {

/// sum_i a[i] b[i]
double dot(const double* a, const double* b, std::size_t n) noexcept;
/// y[i] += k x[i]
void axpy(double* y, double k, const double* x, std::size_t n) noexcept;

}  // namespace halo::sim::detail

// Internal hot loop shared by the FFE and the Volterra equalizer: for each symbol of a beat,
// an LMS coefficient update (with the delayed error) followed by the output dot product.
// common.hpp defines the arithmetic; this is only its loop, written so that the compiler keeps
// it vectorised and call overhead is paid once per beat. x86-64 builds carry AVX-512 and AVX2
// builds selected at run time by halo/isa.hpp (integer code: identical results on every path).
#pragma once

#include <cstddef>
#include <cstdint>

#include "halo/dsp/common.hpp"

namespace halo::dsp::kern {

/// Word lengths of a coefficient set: accumulator W (acc_bits), coefficient c = W >> guard
/// (coef_bits), LMS step shift mu. Requires acc_bits == coef_bits + guard (so that the
/// requantised coefficient can only overflow upwards).
struct CoefFormat {
  int mu, guard, acc_bits, coef_bits;
};

/// For j in [0, n): if j >= first_update, W[i] <- sat(W[i] - rshift_round(g(err[j], upd[j][i]),
/// mu)), c[i] = sat(rshift_round(W[i], guard)) for i < t; then acc[j] = sum_i c[i] dot[j][i].
void lms_dot_beat(std::int32_t* w, std::int16_t* c, std::size_t t,
                  const std::int16_t* const* upd, const std::int16_t* err,
                  std::size_t first_update, const std::int16_t* const* dot, std::int32_t* acc,
                  std::size_t n, LmsMode mode, const CoefFormat& f) noexcept;

/// One beat of an adapted feed-forward filter producing outputs produced .. produced+m-1:
/// lms_dot_beat with updates only when adapting and for outputs >= kAdaptDelay, then
/// out[j] = sat(rshift_round(acc_j, out_shift), 12) (S12.3). Returns the number of saturated
/// outputs.
std::uint64_t filter_beat(std::int32_t* w, std::int16_t* c, std::size_t t,
                          const std::int16_t* const* upd, const std::int16_t* err,
                          const std::int16_t* const* dot, std::size_t m, bool adapting,
                          std::uint64_t produced, std::uint64_t delay, LmsMode mode,
                          const CoefFormat& f, int out_shift, std::int16_t* out) noexcept;

}  // namespace halo::dsp::kern

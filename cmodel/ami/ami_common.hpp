// Shared pieces of the HaloLink IBIS-AMI models: the error channel (msg / parameters_out
// strings that stay valid until the next call or AMI_Close) and the statistical UI grid.
#pragma once

#include <cmath>
#include <string>

namespace halo::ami {

/// Strings returned through msg before an instance exists (one per thread, valid until the
/// next failing AMI_Init on that thread).
inline std::string& init_error_buffer() {
  thread_local std::string s;
  return s;
}

/// Samples per UI from the simulator's sample_interval and bit_time: a positive integer
/// (within 1e-6 relative), 1..4096; 0 when not.
inline long samples_per_ui(double sample_interval, double bit_time) {
  if (!(sample_interval > 0.0) || !(bit_time > 0.0) || !std::isfinite(sample_interval) ||
      !std::isfinite(bit_time))
    return 0;
  const double r = bit_time / sample_interval;
  if (!(r >= 0.5) || r > 4096.5) return 0;
  const double n = std::round(r);
  if (std::fabs(r - n) > 1e-6 * n) return 0;
  return static_cast<long>(n);
}

}  // namespace halo::ami

// Pre-FEC error ratios from the pattern checker's exact counters (dsp::CheckerCounts).
#pragma once

#include "halo/dsp/prbs.hpp"

namespace halo::mon {

struct ErrorRatios {
  double ber = 0.0;  ///< pre-FEC bit error ratio, NaN when nothing was checked
  double ser = 0.0;  ///< symbol error ratio (PAM4 symbols), NaN when nothing was checked
};

/// BER = bit_errors / bits, SER = symbol_errors / symbols.
ErrorRatios error_ratios(const dsp::CheckerCounts& c) noexcept;

}  // namespace halo::mon

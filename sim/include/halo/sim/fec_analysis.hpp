// Analytic post-FEC performance of the RS-FEC (random, independent symbol errors).
//
// Symbol error ratio from pre-FEC BER p (independent bit errors, 10-bit symbols):
//   Ps = 1 - (1 - p)^10
// Codeword error ratio (more than t symbol errors in n symbols):
//   CER = sum_{i=t+1}^{n} C(n,i) Ps^i (1 - Ps)^(n-i)   (Boost.Math binomial tail, accurate
//   to well below 1e-30)
// Frame loss ratio with L-way codeword interleaving (IEEE 802.3 Clause 119 deals the symbols
// of L = 2 codewords (A/B) over the PCS lanes; Clause 172 uses 4): an uncorrectable codeword
// makes the PCS discard every frame that overlaps the L codewords' payload span of
// S = L * k * 10 bits. A span fails with g = 1 - (1 - CER)^L, independently of the others.
// A frame of F bits (64-octet frames plus 8 octets of preamble and 12 of IPG: F = 672) with
// a uniformly placed start touches m = w + 1 spans, or w + 2 with probability f, where
// F/S = w + f (w whole), and is lost when any of them fails:
//   FLR = (1 - f) * (1 - (1 - g)^(w+1)) + f * (1 - (1 - g)^(w+2)),
// a probability for every CER in [0, 1] (1 at CER = 1). For small g it is g * (1 + F/S),
// the expected number of frames lost per span failure over the frames carried, which
// reproduces the 802.3 figure: pre-FEC BER 2.4e-4, L = 2 -> FLR about 1.7e-12.
// Bursts (DFE error propagation) are handled by the symbol-error-per-codeword
// distribution variants below.
#pragma once

#include <span>

#include "halo/fec/rs_code.hpp"

namespace halo::sim {

struct PostFecFigures {
  double pre_fec_ber = 0;          ///< input bit error ratio (NaN when given as SER)
  double symbol_error_ratio = 0;   ///< Ps
  double codeword_error_ratio = 0; ///< CER, probability that one codeword is uncorrectable
  double frame_loss_ratio = 0;     ///< FLR for the given interleave and frame size
  double mean_symbol_errors = 0;   ///< n * Ps, per codeword
  unsigned interleave = 1;         ///< L
  unsigned frame_bits = 672;       ///< F
};

/// Figures from a symbol error ratio. Throws std::invalid_argument for ser outside [0,1],
/// interleave not in {1,2,4} or frame_bits == 0.
PostFecFigures post_fec_from_ser(const fec::RsCode& code, double ser, unsigned interleave = 1,
                                 unsigned frame_bits = 672);

/// Figures from a pre-FEC BER (independent bit errors): Ps = 1 - (1 - ber)^10.
/// Throws std::invalid_argument for ber outside [0, 1] (or NaN) and as above.
PostFecFigures post_fec_from_ber(const fec::RsCode& code, double ber, unsigned interleave = 1,
                                 unsigned frame_bits = 672);

/// Pre-FEC BER at which the CER equals `target_cer` (bisection in log domain, relative
/// accuracy 1e-9). Throws std::invalid_argument unless 0 < target_cer < 1.
double ber_for_cer(const fec::RsCode& code, double target_cer);

/// FLR from a CER, using the interleave/frame model above; in [0, 1]. Throws
/// std::invalid_argument for cer outside [0, 1], interleave not in {1,2,4}, frame_bits 0.
double flr_from_cer(const fec::RsCode& code, double cer, unsigned interleave, unsigned frame_bits);

}  // namespace halo::sim

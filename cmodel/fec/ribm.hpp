// Private: the riBM key-equation solver (Sarwate & Shanbhag, IEEE Trans. VLSI 9(5), 2001).
//
// Registers delta_0..delta_3t and theta_0..theta_3t, 2t iterations:
//   init  delta_i = theta_i = S_i (i < 2t), 0 (2t <= i < 3t), delta_3t = theta_3t = 1,
//         gamma = 1, k = 0
//   step  delta_i <- gamma * delta_{i+1} - delta_0 * theta_i   (delta_{3t+1} = 0)
//         if delta_0 != 0 and k >= 0: theta_i <- delta_{i+1}, gamma <- delta_0, k <- -k-1
//         else                      : k <- k+1
//   out   Lambda_i = delta_{t+i} (i = 0..t), Omega^h_i = delta_i (i < t)
// This is the RTL's algorithm (rtl/fec): intermediate values compare exactly.
#pragma once

#include "halo/fec/gf1024.hpp"

namespace halo::fec::detail {

/// Straightforward register-transfer form of the iteration above (one pass over all 3t+1
/// registers per step). Reference for ribm_fast and for the RTL.
void ribm_reference(const gf_t* s, unsigned t, gf_t* lambda, gf_t* omega) noexcept;

/// Same outputs as ribm_reference, computed with lazy scaling: delta and theta are stored
/// as (scale, vector) pairs, so a step with delta_0 = 0 is an index shift and a scale update
/// (no register pass), and other steps cost one multiply per register instead of two.
void ribm_fast(const gf_t* s, unsigned t, gf_t* lambda, gf_t* omega) noexcept;

}  // namespace halo::fec::detail

#include "ribm.hpp"

#include <algorithm>

#include "gf_vec.hpp"

namespace halo::fec::detail {
namespace {
constexpr unsigned kMaxT = 15;
}

void ribm_reference(const gf_t* s, unsigned t, gf_t* lambda, gf_t* omega) noexcept {
  const unsigned L = 3 * t + 1;
  gf_t delta[3 * kMaxT + 2] = {};
  gf_t theta[3 * kMaxT + 2] = {};
  for (unsigned i = 0; i < 2 * t; ++i) delta[i] = theta[i] = s[i];
  delta[3 * t] = theta[3 * t] = 1;
  gf_t gamma = 1;
  int k = 0;
  for (unsigned r = 0; r < 2 * t; ++r) {
    const gf_t d0 = delta[0];
    gf_t next[3 * kMaxT + 2] = {};
    for (unsigned i = 0; i < L; ++i) next[i] = static_cast<gf_t>(gf_mul(gamma, delta[i + 1]) ^ gf_mul(d0, theta[i]));
    if (d0 != 0 && k >= 0) {
      for (unsigned i = 0; i < L; ++i) theta[i] = delta[i + 1];
      gamma = d0;
      k = -k - 1;
    } else {
      k = k + 1;
    }
    std::copy(next, next + L, delta);
  }
  for (unsigned i = 0; i <= t; ++i) lambda[i] = delta[t + i];
  for (unsigned i = 0; i < t; ++i) omega[i] = delta[i];
}

namespace {
/// alpha^(i mod 1023) for i < 2 * 1023 + 16, with no zero region (unlike kGfExp above 2045):
/// the multiples alpha^(l + b), b < 10, of a scalar whose log l = l1 + l2 (l1, l2 < 1023) is
/// not reduced modulo 1023 -- one addition less on riBM's serial chain. Built at compile time.
struct ExpWide {
  gf_t v[2 * kGfOrder + 16];
  constexpr ExpWide() : v() {
    unsigned x = 1;
    for (unsigned i = 0; i < 2 * kGfOrder + 16; ++i) {
      v[i] = static_cast<gf_t>(x);
      x <<= 1;
      if (x & kGfSize) x ^= kGfPoly;
    }
  }
};
constexpr ExpWide kExpWide{};

/// (a + b) mod 1023 for a, b < 1023.
inline unsigned add_mod(unsigned a, unsigned b) noexcept {
  const unsigned r = a + b;
  return r >= kGfOrder ? r - kGfOrder : r;
}

template <bool kMaskRegs>
[[gnu::always_inline]] inline void ribm_fast_body(const gf_t* s, unsigned t, gf_t* lambda, gf_t* omega) noexcept {
  // True delta_i = cd * D_i, theta_i = ct * T_i. D and T (3t+1 <= 46 registers, zero above)
  // live in two 32-lane vectors each, so the shift delta_{i+1} is a lane permute, never a
  // store/reload. The scales cd, ct and gamma are never zero and are kept as logs: the
  // per-iteration scalar work is additions modulo 1023.
  alignas(64) gf_t buf[2][64] = {};
  for (unsigned i = 0; i < 2 * t; ++i) buf[0][i] = buf[1][i] = s[i];
  buf[0][3 * t] = buf[1][3 * t] = 1;
  Row D0, D1, T0, T1;
  load_row(D0, buf[0]);
  load_row(D1, buf[0] + 32);
  load_row(T0, buf[1]);
  load_row(T1, buf[1] + 32);
  Row up{};  // shift-down-by-one permute: lane i takes lane i + 1 of (D0, D1)
  for (unsigned i = 0; i < 32; ++i) up[i] = static_cast<gf_t>(i + 1);
  unsigned lcd = 0, lgamma = 0;  // logs of cd and gamma (all start at 1)
  unsigned ldiff = 0;            // log of ct / gamma, kept off the serial chain (ct starts at 1)
  int k = 0;
  for (unsigned r = 0; r < 2 * t; ++r) {
    const gf_t dlead = D0[0];
    Row S0, S1;  // shift(D): S_i = D_{i+1}, zero above
    shift_down(D0, D1, up, S0, S1);
    if (dlead == 0) {  // delta_0 = 0: delta <- gamma * shift(delta)
      D0 = S0;
      D1 = S1;
      lcd = add_mod(lcd, lgamma);
      ++k;
      continue;
    }
    // delta_0 = cd * D_0; new delta_i = gamma*cd * (D_{i+1} + kappa * T_i) with
    // kappa = delta_0 * ct / (gamma * cd) = D_0 * ct / gamma
    const unsigned ldlead = kGfLogOf(dlead);
    const gf_t* kappa = &kExpWide.v[ldlead + ldiff];  // multiples of kappa (log < 2046, not reduced)
    Row P0, P1;
    mul_multiples<kMaskRegs>(kappa, T0, P0);
    mul_multiples<kMaskRegs>(kappa, T1, P1);
    const unsigned lncd = add_mod(lgamma, lcd);
    if (k >= 0) {  // theta <- shift(delta_old), gamma <- delta_0: ct = cd, so ct / gamma = 1 / delta_0
      T0 = S0;
      T1 = S1;
      lgamma = add_mod(lcd, ldlead);
      ldiff = ldlead == 0 ? 0 : kGfOrder - ldlead;
      k = -k - 1;
    } else {
      ++k;
    }
    D0 = S0 ^ P0;
    D1 = S1 ^ P1;
    lcd = lncd;
  }
  store_row(buf[0], D0);
  store_row(buf[0] + 32, D1);
  for (unsigned i = 0; i <= t; ++i) lambda[i] = kGfExpOf(lcd + kGfLogOf(buf[0][t + i]));
  for (unsigned i = 0; i < t; ++i) omega[i] = kGfExpOf(lcd + kGfLogOf(buf[0][i]));
}

#if HALO_ISA_X86
HALO_TARGET_V4 void ribm_fast_v4(const gf_t* s, unsigned t, gf_t* lambda, gf_t* omega) noexcept {
  ribm_fast_body<true>(s, t, lambda, omega);
}
HALO_TARGET_V3 void ribm_fast_v3(const gf_t* s, unsigned t, gf_t* lambda, gf_t* omega) noexcept {
  ribm_fast_body<false>(s, t, lambda, omega);
}
#endif

}  // namespace

void ribm_fast(const gf_t* s, unsigned t, gf_t* lambda, gf_t* omega) noexcept {
#if HALO_ISA_X86
  if (isa::level() >= isa::Level::kV4) return ribm_fast_v4(s, t, lambda, omega);
  if (isa::level() == isa::Level::kV3) return ribm_fast_v3(s, t, lambda, omega);
#endif
  ribm_fast_body<false>(s, t, lambda, omega);
}

}  // namespace halo::fec::detail

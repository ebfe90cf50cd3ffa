#include "ribm.hpp"

#include <algorithm>

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

void ribm_fast(const gf_t* s, unsigned t, gf_t* lambda, gf_t* omega) noexcept {
  // True delta_i = cd * D[bd + i], theta_i = ct * T[bt + i]. Buffers hold 3t+1 registers
  // plus 2t+1 zeros so that index shifts read zeros above delta_3t.
  constexpr unsigned kLen = 5 * kMaxT + 2;
  gf_t buf[3][kLen] = {};
  const unsigned L = 3 * t + 1;
  gf_t* D = buf[0];
  gf_t* T = buf[1];
  gf_t* F = buf[2];
  for (unsigned i = 0; i < 2 * t; ++i) D[i] = T[i] = s[i];
  D[3 * t] = T[3 * t] = 1;
  unsigned bd = 0, bt = 0;
  gf_t cd = 1, ct = 1, gamma = 1;
  int k = 0;
  for (unsigned r = 0; r < 2 * t; ++r) {
    const gf_t d0 = gf_mul(cd, D[bd]);
    if (d0 == 0) {  // delta <- gamma * shift(delta)
      ++bd;
      cd = gf_mul(cd, gamma);
      ++k;
      continue;
    }
    // new delta_i = gamma*cd * (D[bd+1+i] + kappa * T[bt+i]), kappa = d0*ct / (gamma*cd)
    const gf_t ncd = gf_mul(gamma, cd);
    const unsigned lk = gf_log(gf_mul(gf_mul(d0, ct), gf_inv(ncd)));
    const gf_t* dsrc = D + bd + 1;
    const gf_t* tsrc = T + bt;
    for (unsigned i = 0; i < L; ++i)
      F[i] = static_cast<gf_t>(dsrc[i] ^ kGfExpOf(lk + kGfLogOf(tsrc[i])));
    std::fill(F + L, F + kLen, gf_t{0});
    if (k >= 0) {  // theta <- shift(delta_old): reuse the old delta buffer in place
      gf_t* old_t = T;
      T = D;
      bt = bd + 1;
      ct = cd;
      gamma = d0;
      k = -k - 1;
      D = F;
      F = old_t;
    } else {
      ++k;
      gf_t* old_d = D;
      D = F;
      F = old_d;
    }
    bd = 0;
    cd = ncd;
  }
  const unsigned lc = gf_log(cd);
  for (unsigned i = 0; i <= t; ++i) lambda[i] = kGfExpOf(lc + kGfLogOf(D[bd + t + i]));
  for (unsigned i = 0; i < t; ++i) omega[i] = kGfExpOf(lc + kGfLogOf(D[bd + i]));
}

}  // namespace halo::fec::detail

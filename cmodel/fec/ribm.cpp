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

[[gnu::target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")]]
void ribm_fast(const gf_t* s, unsigned t, gf_t* lambda, gf_t* omega) noexcept {
  // True delta_i = cd * D[bd + i], theta_i = ct * T[bt + i]. A register pass covers 64 lanes
  // (3t+1 <= 46 registers); the buffers are zero beyond the registers, so index shifts read
  // zeros above delta_3t (bd, bt <= 2t + 1, so reads stay below 2t + 65 <= 95).
  constexpr unsigned kLen = 128;
  alignas(64) gf_t buf[3][kLen] = {};
  const unsigned L = 3 * t + 1;
  gf_t* D = buf[0];
  gf_t* T = buf[1];
  gf_t* F = buf[2];
  for (unsigned i = 0; i < 2 * t; ++i) D[i] = T[i] = s[i];
  D[3 * t] = T[3 * t] = 1;
  Row lane{};
  for (unsigned i = 0; i < 32; ++i) lane[i] = static_cast<gf_t>(i);
  const Row keep0 = lane < static_cast<gf_t>(L), keep1 = lane + 32 < static_cast<gf_t>(L);
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
    const ScalarMultiples kappa(gf_mul(gf_mul(d0, ct), gf_inv(ncd)));
    const gf_t* dsrc = D + bd + 1;
    const gf_t* tsrc = T + bt;
    Row t0, t1, d0v, d1v;
    load_row(t0, tsrc);
    load_row(t1, tsrc + 32);
    load_row(d0v, dsrc);
    load_row(d1v, dsrc + 32);
    mul_scalar(kappa, t0, t0);
    mul_scalar(kappa, t1, t1);
    store_row(F, (d0v ^ t0) & keep0);
    store_row(F + 32, (d1v ^ t1) & keep1);
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

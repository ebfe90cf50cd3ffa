#include "halo/nlc/volterra.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "../dsp/kernels.hpp"
#include "halo/isa.hpp"

#if HALO_ISA_X86
#include <immintrin.h>
#define HALO_VOL_AVX2 1
#endif

namespace halo::nlc {

using dsp::require;
namespace fx = halo::fx;

namespace {
constexpr std::size_t kBufExtra = 1024;
// regressor rows kept: the adaptation delay back + one beat, plus slack between compactions
constexpr std::size_t kRowCap = fx::kMaxAdaptDelay + fx::kMaxBeat + 384;

inline std::int32_t prod(std::int32_t a, std::int32_t b) noexcept {
  std::int32_t p = (a * b + (1 << (kVolProdShift - 1))) >> kVolProdShift;
  return p > 2047 ? 2047 : (p < -2048 ? -2048 : p);
}

#ifdef HALO_VOL_AVX2
/// rows[c][r] = cols[r][j0 + c] for r, c < 16 (rows: 16 int16 each, contiguous; cols: stride
/// col_stride): the 16 x 16 int16 transpose of one half beat on AVX2, by interleaving pairs of
/// 16-, 32- and 64-bit elements and then swapping 128-bit halves (a pure data movement).
HALO_TARGET_V3 void transpose16_avx2(const std::int16_t* cols, std::size_t col_stride,
                                    std::size_t j0, std::int16_t* rows) noexcept {
  __m256i a[16], b[16];
  for (std::size_t r = 0; r < 16; ++r)
    a[r] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(cols + r * col_stride + j0));
  // In each 128-bit half h, element e of a[r] is column 8h + e of input row r. After the three
  // interleaving steps, b[8g + o] holds in half h the 8 inputs rows 8g .. 8g+7 of column 8h + o.
  for (std::size_t g = 0; g < 2; ++g) {
    __m256i p[8], q[8];
    const __m256i* in = a + 8 * g;
    for (std::size_t k = 0; k < 4; ++k) {  // 16-bit pairs of rows (2k, 2k+1): columns 0-3 / 4-7
      p[k] = _mm256_unpacklo_epi16(in[2 * k], in[2 * k + 1]);
      p[4 + k] = _mm256_unpackhi_epi16(in[2 * k], in[2 * k + 1]);
    }
    for (std::size_t x = 0; x < 2; ++x)  // 32-bit pairs: rows 0-3 / 4-7, columns by 2
      for (std::size_t k = 0; k < 2; ++k) {
        q[4 * x + 2 * k] = _mm256_unpacklo_epi32(p[4 * x + 2 * k], p[4 * x + 2 * k + 1]);
        q[4 * x + 2 * k + 1] = _mm256_unpackhi_epi32(p[4 * x + 2 * k], p[4 * x + 2 * k + 1]);
      }
    // q[4x + 2k + y]: rows 4k .. 4k+3, columns 4x + 2y (low 64 bits) and 4x + 2y + 1 (high)
    for (std::size_t x = 0; x < 2; ++x)
      for (std::size_t y = 0; y < 2; ++y) {
        b[8 * g + 4 * x + 2 * y] = _mm256_unpacklo_epi64(q[4 * x + y], q[4 * x + 2 + y]);
        b[8 * g + 4 * x + 2 * y + 1] = _mm256_unpackhi_epi64(q[4 * x + y], q[4 * x + 2 + y]);
      }
  }
  for (std::size_t o = 0; o < 8; ++o) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(rows + o * 16), _mm256_permute2x128_si256(b[o], b[8 + o], 0x20));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(rows + (8 + o) * 16), _mm256_permute2x128_si256(b[o], b[8 + o], 0x31));
  }
}
#endif

/// Regressors of m consecutive outputs, computed one coefficient at a time across the beat
/// (vectorised) into columns, then written into each output's row four coefficients per
/// 64-bit store (rows have a stride of nc rounded up to 4). un[j - d] = u_{n0 + j - d}.
template <bool kAvx2>
[[gnu::always_inline]] inline void build_regressors_body(const std::int16_t* un, std::size_t m, int n1, int o1,
                                                         int n2, int o2, int n3, int o3,
                                                         std::int16_t* __restrict rows, std::size_t stride) noexcept {
  constexpr std::size_t kMaxCols = kVolMaxMemory1 + 45 + 35 + 3;
  alignas(64) std::int16_t cols[kMaxCols][fx::kMaxBeat];
  std::array<std::int32_t, fx::kMaxBeat> pab;
  std::size_t idx = 0;
  for (int k = 0; k < n1; ++k, ++idx) {
    const std::int16_t* src = un - (o1 + k);
    for (std::size_t j = 0; j < m; ++j) cols[idx][j] = src[j];
  }
  for (int a = 0; a < n2; ++a) {
    for (int b = a; b < n2; ++b, ++idx) {
      const std::int16_t* pa = un - (o2 + a);
      const std::int16_t* pb = un - (o2 + b);
      for (std::size_t j = 0; j < m; ++j) cols[idx][j] = static_cast<std::int16_t>(prod(pa[j], pb[j]));
    }
  }
  for (int a = 0; a < n3; ++a) {
    for (int b = a; b < n3; ++b) {
      const std::int16_t* pa = un - (o3 + a);
      const std::int16_t* pb = un - (o3 + b);
      for (std::size_t j = 0; j < m; ++j) pab[j] = prod(pa[j], pb[j]);
      for (int c = b; c < n3; ++c, ++idx) {
        const std::int16_t* pc = un - (o3 + c);
        for (std::size_t j = 0; j < m; ++j) cols[idx][j] = static_cast<std::int16_t>(prod(pab[j], pc[j]));
      }
    }
  }
  for (; idx % 4 != 0; ++idx) {
    for (std::size_t j = 0; j < m; ++j) cols[idx][j] = 0;
  }
  std::size_t j0 = 0;
#ifdef HALO_VOL_AVX2
  if constexpr (kAvx2)
    if (idx == 16 && stride == 16)
      for (; j0 + 16 <= m; j0 += 16) transpose16_avx2(&cols[0][0], fx::kMaxBeat, j0, rows + j0 * stride);
#endif
  for (std::size_t g = 0; g < idx; g += 4) {
    for (std::size_t j = j0; j < m; ++j) {
      const std::uint64_t v = static_cast<std::uint16_t>(cols[g][j]) |
                              (std::uint64_t{static_cast<std::uint16_t>(cols[g + 1][j])} << 16) |
                              (std::uint64_t{static_cast<std::uint16_t>(cols[g + 2][j])} << 32) |
                              (std::uint64_t{static_cast<std::uint16_t>(cols[g + 3][j])} << 48);
      std::memcpy(&rows[j * stride + g], &v, sizeof v);
    }
  }
}
// one build per level (halo/isa.hpp); the AVX2 and AVX-512 builds transpose 16-wide rows with AVX2
HALO_TARGET_V4 void build_regressors_v4(const std::int16_t* un, std::size_t m, int n1, int o1, int n2, int o2, int n3,
                                        int o3, std::int16_t* __restrict rows, std::size_t stride) noexcept {
  build_regressors_body<true>(un, m, n1, o1, n2, o2, n3, o3, rows, stride);
}
HALO_TARGET_V3 void build_regressors_v3(const std::int16_t* un, std::size_t m, int n1, int o1, int n2, int o2, int n3,
                                        int o3, std::int16_t* __restrict rows, std::size_t stride) noexcept {
  build_regressors_body<true>(un, m, n1, o1, n2, o2, n3, o3, rows, stride);
}
void build_regressors_base(const std::int16_t* un, std::size_t m, int n1, int o1, int n2, int o2, int n3, int o3,
                           std::int16_t* __restrict rows, std::size_t stride) noexcept {
  build_regressors_body<false>(un, m, n1, o1, n2, o2, n3, o3, rows, stride);
}
}  // namespace

int volterra_num_coefs(int n1, int n2, int n3) noexcept {
  return n1 + n2 * (n2 + 1) / 2 + n3 * (n3 + 1) * (n3 + 2) / 6;
}

std::uint64_t adc_to_signal(std::span<const std::int16_t> adc, int adc_bits,
                            std::span<std::int16_t> u) {
  require(adc_bits >= fx::kAdcBitsMin && adc_bits <= fx::kAdcBitsMax, "adc_to_signal", "adc_bits",
          "6..8", adc_bits);
  require(u.size() == adc.size(), "adc_to_signal", "u.size", "adc.size()",
          static_cast<long long>(u.size()));
  const std::int32_t amax = (1 << (adc_bits - 1)) - 1, amin = -(1 << (adc_bits - 1));
  const int up = fx::kXBits - adc_bits + fx::kSigFrac;
  // branch-free (as the FFE's input saturation): vectorises (the RetimerRx runs it every beat
  // for the CDR's samples); 32-bit clip counts per chunk of 2^16 (64-bit lanes cost shuffles)
  std::uint64_t clips = 0;
  const std::int16_t* __restrict a = adc.data();
  std::int16_t* __restrict o = u.data();
  for (std::size_t i0 = 0; i0 < adc.size(); i0 += 65536) {
    const std::size_t n = std::min<std::size_t>(adc.size() - i0, 65536);
    std::uint32_t cl = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::int32_t c = a[i0 + i];
      const bool hi = c > amax, lo = c < amin;
      cl += static_cast<std::uint32_t>(hi | lo);
      o[i0 + i] = static_cast<std::int16_t>((hi ? amax : (lo ? amin : c)) * (1 << up));
    }
    clips += cl;
  }
  return clips;
}

Volterra::Volterra(const VolterraConfig& cfg) { configure(cfg); }

void Volterra::configure(const VolterraConfig& cfg) {
  require(cfg.n1 >= 1 && cfg.n1 <= kVolMaxMemory1, "VolterraConfig", "n1", "1..32", cfg.n1);
  require(cfg.n2 >= 0 && cfg.n2 <= kVolMaxMemory2, "VolterraConfig", "n2", "0..9", cfg.n2);
  require(cfg.n3 >= 0 && cfg.n3 <= kVolMaxMemory3, "VolterraConfig", "n3", "0..5", cfg.n3);
  require(cfg.pre1 >= 0 && cfg.pre1 < cfg.n1, "VolterraConfig", "pre1", "0..n1-1", cfg.pre1);
  require(cfg.pre2 >= 0 && (cfg.n2 == 0 ? cfg.pre2 == 0 : cfg.pre2 < cfg.n2), "VolterraConfig",
          "pre2", "0..n2-1 (0 if n2 = 0)", cfg.pre2);
  require(cfg.pre3 >= 0 && (cfg.n3 == 0 ? cfg.pre3 == 0 : cfg.pre3 < cfg.n3), "VolterraConfig",
          "pre3", "0..n3-1 (0 if n3 = 0)", cfg.pre3);
  dsp::check_adapt(cfg.adapt, "VolterraConfig");
  const int nc = volterra_num_coefs(cfg.n1, cfg.n2, cfg.n3);
  require(cfg.init_coefs.empty() || static_cast<int>(cfg.init_coefs.size()) == nc,
          "VolterraConfig", "init_coefs.size", "0 or " + std::to_string(nc),
          static_cast<long long>(cfg.init_coefs.size()));
  for (auto c : cfg.init_coefs) require(fx::fits(c, kVolCoefBits), "VolterraConfig", "init_coefs[]", "S12.10", c);
  cfg_ = cfg;
  lat_ = std::max({cfg.pre1, cfg.pre2, cfg.pre3});
  depth_ = static_cast<std::size_t>(std::max({lat_ - cfg.pre1 + cfg.n1, lat_ - cfg.pre2 + cfg.n2,
                                              lat_ - cfg.pre3 + cfg.n3}));
  reset();
}

void Volterra::reset() {
  const auto nc = static_cast<std::size_t>(volterra_num_coefs(cfg_.n1, cfg_.n2, cfg_.n3));
  std::vector<std::int32_t> h(nc, 0);
  if (cfg_.init_coefs.empty()) {
    h[static_cast<std::size_t>(cfg_.pre1)] = 1 << kVolCoefFrac;
  } else {
    h = cfg_.init_coefs;
  }
  h_.assign(nc, 0);
  w_.assign(nc, 0);
  set_coefs(h);
  ub_.assign(depth_ + kBufExtra, 0);
  len_ = depth_;
  stride_ = (nc + 3) / 4 * 4;
  rhist_.assign(kRowCap * stride_, 0);
  row_base_ = 0;
  produced_ = 0;
  eq_.reset();
  clips_ = 0;
}

void Volterra::set_coefs(std::span<const std::int32_t> h) {
  require(h.size() == h_.size(), "Volterra", "set_coefs.size", std::to_string(h_.size()),
          static_cast<long long>(h.size()));
  for (std::size_t i = 0; i < h.size(); ++i) {
    require(fx::fits(h[i], kVolCoefBits), "Volterra", "set_coefs[]", "S12.10", h[i]);
    h_[i] = static_cast<std::int16_t>(h[i]);
    w_[i] = h[i] * (1 << kVolGuard);
  }
}

std::vector<std::int32_t> Volterra::coefs() const { return {h_.begin(), h_.end()}; }

void Volterra::set_adapt(const AdaptConfig& a) {
  dsp::check_set_adapt(a, cfg_.adapt, "Volterra");
  cfg_.adapt = a;
}

void Volterra::adapt(std::span<const std::int16_t> e) {
  eq_.push(produced_, e.data(), e.size(), "Volterra");
}

void Volterra::process(std::span<const std::int16_t> u, std::span<std::int16_t> v) {
  require(u.size() == v.size(), "Volterra", "process.v.size", "u.size()",
          static_cast<long long>(v.size()));
  const bool adapting = cfg_.adapt.enable;
  if (adapting) eq_.check_beat(produced_, u.size(), cfg_.adapt.delay, "Volterra");
  const std::size_t nc = h_.size();
  const int n1 = cfg_.n1, n2 = cfg_.n2, n3 = cfg_.n3;
  const int o1 = lat_ - cfg_.pre1, o2 = lat_ - cfg_.pre2, o3 = lat_ - cfg_.pre3;
  const auto kD = static_cast<std::uint64_t>(cfg_.adapt.delay);
  const dsp::kern::CoefFormat fmt{cfg_.adapt.mu_shift, kVolGuard, kVolCoefBits + kVolGuard,
                                  kVolCoefBits};
  std::array<const std::int16_t*, fx::kMaxBeat> dot, upd;  // filled before use
  std::array<std::int16_t, fx::kMaxBeat> err;
  for (std::size_t done = 0; done < u.size();) {
    const std::size_t m = std::min<std::size_t>(u.size() - done, fx::kMaxBeat);
    if (len_ + m > ub_.size()) {
      std::memmove(ub_.data(), ub_.data() + len_ - depth_, depth_ * sizeof(std::int16_t));
      len_ = depth_;
    }
    std::copy_n(u.begin() + static_cast<std::ptrdiff_t>(done), m, ub_.begin() + static_cast<std::ptrdiff_t>(len_));
    // Regressors of outputs produced_ .. produced_+m-1 into their rows (contiguous buffer of
    // rows for outputs row_base_ ..; compacted to the last kD rows when full).
    if (produced_ + m - row_base_ > kRowCap) {
      const std::uint64_t keep_from = produced_ - kD;
      std::memmove(rhist_.data(), &rhist_[(keep_from - row_base_) * stride_], kD * stride_ * sizeof(std::int16_t));
      row_base_ = keep_from;
    }
    std::int16_t* rows = &rhist_[(produced_ - row_base_) * stride_];
    isa::pick(build_regressors_v4, build_regressors_v3, build_regressors_base)(&ub_[len_], m, n1, o1, n2, o2, n3, o3,
                                                                                rows, stride_);
    for (std::size_t j = 0; j < m; ++j) dot[j] = rows + j * stride_;
    if (adapting) {  // outputs n >= kD: the regressor row and the error of output n - kD
      const std::size_t j0 = produced_ >= kD ? 0 : static_cast<std::size_t>(std::min<std::uint64_t>(m, kD - produced_));
      if (j0 < m) {
        eq_.read(produced_ + j0 - kD, &err[j0], m - j0);
        const std::int16_t* r0 = &rhist_[(produced_ + j0 - kD - row_base_) * stride_];
        for (std::size_t j = j0; j < m; ++j) upd[j] = r0 + (j - j0) * stride_;
      }
    }
    clips_ += dsp::kern::filter_beat(w_.data(), h_.data(), nc, upd.data(), err.data(), dot.data(),
                                     m, adapting, produced_, kD, cfg_.adapt.mode, fmt, kVolCoefFrac,
                                     &v[done]);
    len_ += m;
    produced_ += m;
    done += m;
  }
}

OpCounts Volterra::ops() const noexcept {
  const auto n1 = static_cast<std::uint64_t>(cfg_.n1), n2 = static_cast<std::uint64_t>(cfg_.n2),
             n3 = static_cast<std::uint64_t>(cfg_.n3);
  const std::uint64_t p2 = n2 * (n2 + 1) / 2, p3 = n3 * (n3 + 1) / 2,
                      t3 = n3 * (n3 + 1) * (n3 + 2) / 6;
  const std::uint64_t nc = n1 + p2 + t3;
  OpCounts o;
  o.multiplies = p2 + p3 + t3 + nc;
  o.adds = nc + p2 + p3 + t3;  // accumulation + product rounding adds
  o.register_bits = nc * kVolCoefBits + depth_ * fx::kSigBits;
  if (cfg_.adapt.enable) {
    if (cfg_.adapt.mode == dsp::LmsMode::kLms) o.multiplies += nc;
    o.adds += 2 * nc;
    o.register_bits += nc * (kVolCoefBits + kVolGuard) +
                       static_cast<std::uint64_t>(cfg_.adapt.delay + 1) * nc * fx::kSigBits;
  }
  return o;
}

}  // namespace halo::nlc

// Fast reproducible random numbers for the link simulator: xoshiro256** (Blackman & Vigna,
// 2018) seeded through splitmix64; standard normal by the ziggurat method (G. Marsaglia and
// W. W. Tsang, "The ziggurat method for generating random variables", J. Stat. Softw. 5(8),
// 2000; 128 layers, 32-bit) with the exact tail algorithm, so the tails that set the SER are
// exact. GaussLanes runs 8 such generators (jumped 2^128 draws apart) side by side in vector
// registers for the engine's block noise. Every stream is derived from (config seed, stream
// id, shard): runs are reproducible from config + seed; shard k (the Monte Carlo shards of a
// `halolink sweep`) starts every stream k x 2^192 draws further (the xoshiro256 long-jump
// polynomial), so the shards of one seed draw from non-overlapping sub-sequences.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace halo::sim {

class Rng {
 public:
  Rng(std::uint64_t seed, std::uint64_t stream, std::uint64_t shard = 0) {
    std::uint64_t x = seed * 0x9E3779B97F4A7C15ull ^ (stream + 0x632BE59BD9B4E019ull);
    for (auto& v : s_) {  // splitmix64
      x += 0x9E3779B97F4A7C15ull;
      std::uint64_t z = x;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      v = z ^ (z >> 31);
    }
    for (std::uint64_t k = 0; k < shard; ++k) long_jump();
  }
  std::uint64_t next() noexcept { return step(s_); }
  /// Uniform in [0, 1).
  double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// Standard normal (ziggurat). The fast path (about 98.8 % of the draws: one 64-bit draw, a
  /// compare and a multiply) is inline; the wedge and tail rejection steps are out of line and
  /// consume the same random draws in the same order.
  [[gnu::always_inline]] double gauss() noexcept {
    const Draw d = split(next());
    double x;
    if (fast(d, x)) return x;
    return gauss_slow(s_, d.hz, d.iz);
  }
  /// Advances the stream by 2^128 draws (the xoshiro256 jump polynomial, Blackman & Vigna):
  /// 2^128 non-overlapping sub-streams, used for the lanes of GaussLanes.
  void jump() noexcept {
    static constexpr std::uint64_t kJump[4] = {0x180ec6d33cfd0abaull, 0xd5a61266f0c9392cull, 0xa9582618e03fc9aaull,
                                               0x39abdc4529b1661cull};
    jump_by(kJump);
  }
  /// Advances the stream by 2^192 draws (the xoshiro256 long-jump polynomial, Blackman &
  /// Vigna): one step per Monte Carlo shard; the 2^128 lane jumps stay inside it.
  void long_jump() noexcept {
    static constexpr std::uint64_t kLongJump[4] = {0x76e15d3efefdcbbfull, 0xc5004e441c522fb3ull, 0x77710069854ee241ull,
                                                   0x39109bb02acbe635ull};
    jump_by(kLongJump);
  }

 private:
  void jump_by(const std::uint64_t (&poly)[4]) noexcept {
    std::uint64_t t[4] = {0, 0, 0, 0};
    for (const std::uint64_t j : poly)
      for (int b = 0; b < 64; ++b) {
        if (j & (std::uint64_t{1} << b))
          for (int i = 0; i < 4; ++i) t[i] ^= s_[i];
        next();
      }
    std::copy(t, t + 4, s_);
  }
  /// One xoshiro256** step on the state s[0..4) (the member, or a caller's local copy).
  [[gnu::always_inline]] static std::uint64_t step(std::uint64_t* s) noexcept {
    const std::uint64_t r = rotl(s[1] * 5, 7) * 9;
    const std::uint64_t t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return r;
  }
  /// A 64-bit draw split into the ziggurat's signed 32-bit abscissa and its layer (0..127).
  struct Draw {
    std::int32_t hz;
    std::uint32_t iz;
  };
  static Draw split(std::uint64_t r) noexcept {
    return {static_cast<std::int32_t>(static_cast<std::uint32_t>(r >> 32)), static_cast<std::uint32_t>(r) & 127u};
  }
  /// The fast path: x = hz wn[iz] when the draw falls inside the layer's rectangle.
  [[gnu::always_inline]] static bool fast(Draw d, double& x) noexcept {
    const Zig& z = zig();
    const std::uint32_t ahz = d.hz < 0 ? static_cast<std::uint32_t>(-static_cast<std::int64_t>(d.hz)) : static_cast<std::uint32_t>(d.hz);
    if (ahz >= z.kn[d.iz]) return false;
    x = d.hz * z.wn[d.iz];
    return true;
  }
  static double uniform(std::uint64_t* s) noexcept { return static_cast<double>(step(s) >> 11) * 0x1.0p-53; }
  // Rejection steps of the ziggurat for a draw (hz, iz) that missed the fast path, drawing from
  // the state s (the member, a local copy, or a lane of GaussLanes); loops with new draws exactly
  // as the original single-loop formulation.
  [[gnu::noinline]] static double gauss_slow(std::uint64_t* s, std::int32_t hz, std::uint32_t iz) noexcept {
    const Zig& z = zig();
    for (;;) {
      const double x = hz * z.wn[iz];
      if (iz == 0) {  // tail beyond r
        double xt, y;
        do {
          xt = -std::log(1.0 - uniform(s)) / Zig::kR;
          y = -std::log(1.0 - uniform(s));
        } while (y + y < xt * xt);
        return hz > 0 ? Zig::kR + xt : -Zig::kR - xt;
      }
      if (z.fn[iz] + uniform(s) * (z.fn[iz - 1] - z.fn[iz]) < std::exp(-0.5 * x * x)) return x;
      const Draw d = split(step(s));
      hz = d.hz;
      iz = d.iz;
      double xf;
      if (fast(d, xf)) return xf;
    }
  }
  static std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
  struct Zig {
    static constexpr double kR = 3.442619855899;
    std::uint32_t kn[128];
    double wn[128], fn[128];
    Zig() {
      const double m1 = 2147483648.0, vn = 9.91256303526217e-3;
      double dn = kR, tn = dn;
      const double q = vn / std::exp(-0.5 * dn * dn);
      kn[0] = static_cast<std::uint32_t>((dn / q) * m1);
      kn[1] = 0;
      wn[0] = q / m1;
      wn[127] = dn / m1;
      fn[0] = 1.0;
      fn[127] = std::exp(-0.5 * dn * dn);
      for (int i = 126; i >= 1; --i) {
        dn = std::sqrt(-2.0 * std::log(vn / dn + std::exp(-0.5 * dn * dn)));
        kn[i + 1] = static_cast<std::uint32_t>((dn / tn) * m1);
        tn = dn;
        fn[i] = std::exp(-0.5 * dn * dn);
        wn[i] = dn / m1;
      }
    }
  };
  // built once at program start (namespace-scope inline variable below): no guard check per draw
  static const Zig& zig() noexcept;
  std::uint64_t s_[4];
  friend struct RngTables;
  friend class GaussLanes;
};

/// Standard normal draws from 8 independent xoshiro256** streams (lanes) at once: the
/// generator steps and the ziggurat's fast path run in vector registers (8 x 64-bit lanes with
/// AVX-512, 2 x 4 with AVX2, plain code otherwise; chosen at run time (halo/isa.hpp), every path gives the same
/// bits); a lane whose draw misses the fast path (~1.2 %) finishes it with Rng's exact
/// rejection/tail steps on that lane's own stream. Lane l is the (seed, stream) Rng jumped
/// l x 2^128 draws. Output order: group q holds one draw per lane, lane l at index 8 q + l;
/// fill() keeps the surplus of a partly used group for the next call, so the sequence does not
/// depend on how it is split into calls. Not the sequence of Rng::gauss() (a different stream).
class GaussLanes {
 public:
  static constexpr std::size_t kLanes = 8;
  GaussLanes(std::uint64_t seed, std::uint64_t stream, std::uint64_t shard = 0);
  /// out[i], i < n: the next n draws.
  void fill(double* out, std::size_t n) noexcept;

 private:
  template <class GroupsFn>
  void fill_with(GroupsFn fn, double* out, std::size_t n) noexcept;  // gauss_lanes.cpp
  alignas(64) std::uint64_t s_[4][kLanes];  // s_[word][lane]
  double pend_[kLanes];                     // unused draws of the last group: pend_[used..8)
  std::size_t used_ = kLanes;
};

/// The ziggurat tables (constant, initialised before main).
struct RngTables {
  static inline const Rng::Zig zig{};
};
inline const Rng::Zig& Rng::zig() noexcept { return RngTables::zig; }

}  // namespace halo::sim

// Run-time ISA dispatch: the one mechanism every hot loop of cmodel/ and sim/ uses to pick its
// AVX-512, AVX2 or baseline build. A kernel is written once as an always-inline body (a
// template where the ISAs need different code), instantiated in functions marked
// HALO_TARGET_V4 / HALO_TARGET_V3 and in a plain one, and called through
// halo::isa::pick(v4, v3, baseline) or a switch on halo::isa::level(). Every path of a kernel
// gives the same bits (integer code, or floating point with the same operation order and no
// contraction the baseline does not also have); tests run each path with set_level().
// GCC on x86-64; elsewhere, with Clang (the sanitizer and libFuzzer job, whose Clang lacks the
// "arch=x86-64-v4" target strings) and under AddressSanitizer, only the baseline exists.
// Standard library only.
#pragma once

#include <atomic>
#include <cstdlib>
#include <cstring>

// Off under AddressSanitizer and with Clang (those builds test the baseline path).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define HALO_ISA_X86 1
/// x86-64-v4: AVX-512 F/BW/CD/DQ/VL on top of v3.
#define HALO_TARGET_V4 __attribute__((target("arch=x86-64-v4")))
/// x86-64-v3: AVX2, FMA, BMI1/2, F16C, LZCNT, MOVBE.
#define HALO_TARGET_V3 __attribute__((target("arch=x86-64-v3")))
/// Level::kGfni: x86-64-v4 plus GFNI (vgf2p8affineqb), AVX-512 VBMI (vpermb) and VPCLMULQDQ
/// (Ice Lake and later, Zen 4): the GF(2)-affine kernels of the FEC.
#define HALO_TARGET_GFNI __attribute__((target("arch=x86-64-v4,gfni,avx512vbmi,avx512vbmi2,vpclmulqdq")))
#else
#define HALO_ISA_X86 0
#define HALO_TARGET_V4
#define HALO_TARGET_V3
#define HALO_TARGET_GFNI
#endif

/// Defines name_v4, name_v3 and name_base (signature `ret params noexcept`), each returning
/// name_body<level> args compiled for its level (the body is a template on halo::isa::Level,
/// so that it can call other kernels' builds of the same level directly); use inside an unnamed
/// namespace, then dispatch with halo::isa::pick(name_v4, name_v3, name_base). A level a
/// kernel does not want (e.g. AVX-512 where the AVX2 build is as fast) is left out by passing
/// name_v3 for v4; unused variants are dropped.
#define HALO_ISA_VARIANTS(ret, name, params, args)                                                  \
  [[maybe_unused]] HALO_TARGET_V4 ret name##_v4 params noexcept {                                   \
    return name##_body<::halo::isa::Level::kV4> args;                                               \
  }                                                                                                 \
  [[maybe_unused]] HALO_TARGET_V3 ret name##_v3 params noexcept {                                   \
    return name##_body<::halo::isa::Level::kV3> args;                                               \
  }                                                                                                 \
  [[maybe_unused]] ret name##_base params noexcept { return name##_body<::halo::isa::Level::kBaseline> args; }

namespace halo::isa {

/// x86-64 micro-architecture levels the kernels are built for, in increasing order; kGfni is
/// kV4 plus GFNI, AVX-512 VBMI and VPCLMULQDQ (a kernel without a kGfni build uses its kV4 one).
enum class Level : int { kBaseline = 1, kV3 = 3, kV4 = 4, kGfni = 5 };

/// The level named by a HALO_ISA value: "gfni"; "v4" or "avx512"; "v3" or "avx2"; "baseline"
/// or "scalar". Any other value gives kBaseline (the safe choice: an unknown name never
/// selects code the CPU may lack).
inline Level parse_level(const char* e) noexcept {
  auto is = [e](const char* s) { return std::strcmp(e, s) == 0; };
  return is("gfni")                  ? Level::kGfni
         : is("v4") || is("avx512") ? Level::kV4
         : is("v3") || is("avx2")   ? Level::kV3
                                     : Level::kBaseline;
}

namespace detail {
inline Level detect() noexcept {
  Level l = Level::kBaseline;
#if HALO_ISA_X86
  __builtin_cpu_init();
  if (__builtin_cpu_supports("x86-64-v4"))
    l = __builtin_cpu_supports("gfni") && __builtin_cpu_supports("avx512vbmi") &&
                __builtin_cpu_supports("avx512vbmi2") && __builtin_cpu_supports("vpclmulqdq")
            ? Level::kGfni
            : Level::kV4;
  else if (__builtin_cpu_supports("x86-64-v3"))
    l = Level::kV3;
#endif
  // HALO_ISA (see parse_level) lowers the level (never raises it), e.g. to compare paths' outputs
  if (const char* e = std::getenv("HALO_ISA")) {
    const Level want = parse_level(e);
    if (want < l) l = want;
  }
  return l;
}
// the level in use, set at start-up (one load per dispatch); 0 only for calls made during other
// translation units' static initialisation before this one, which then detect it themselves
inline std::atomic<int> g_level{static_cast<int>(detect())};
}  // namespace detail

/// The level of this CPU (lowered by the HALO_ISA environment variable if set).
inline Level host() noexcept {
  static const Level l = detail::detect();
  return l;
}

/// The level the dispatchers use: host() unless lowered by set_level().
inline Level level() noexcept {
  const int l = detail::g_level.load(std::memory_order_relaxed);
  return l != 0 ? static_cast<Level>(l) : host();
}

/// Makes the dispatchers use min(l, host()) (tests run every path this way); returns the level
/// used before. Not for concurrent use with running kernels.
inline Level set_level(Level l) noexcept {
  const Level before = level();
  detail::g_level.store(static_cast<int>(l < host() ? l : host()), std::memory_order_relaxed);
  return before;
}

/// v4 when level() >= kV4, v3 when level() >= kV3, else baseline (any callable type).
template <class F>
inline F pick(F v4, F v3, F baseline) noexcept {
  const Level l = level();
  return l >= Level::kV4 ? v4 : l >= Level::kV3 ? v3 : baseline;
}

/// gfni when level() >= kGfni, else as pick(v4, v3, baseline).
template <class F>
inline F pick(F gfni, F v4, F v3, F baseline) noexcept {
  return level() >= Level::kGfni ? gfni : pick(v4, v3, baseline);
}

/// The name of a level, as HALO_ISA spells it: "baseline", "v3", "v4", "gfni" (HALO_ISA also
/// takes "scalar", "avx2", "avx512").
inline const char* name(Level l) noexcept {
  return l == Level::kGfni ? "gfni" : l == Level::kV4 ? "v4" : l == Level::kV3 ? "v3" : "baseline";
}

/// The build of level L among (v4, v3, baseline), chosen at compile time: for a kernel of
/// level L that calls another kernel's build of the same level (a direct call, no dispatch).
template <Level L, class F>
constexpr F at(F v4, F v3, F baseline) noexcept {
  return L >= Level::kV4 ? v4 : L == Level::kV3 ? v3 : baseline;
}

}  // namespace halo::isa

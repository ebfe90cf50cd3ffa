// KP4 RS-FEC throughput in information bits per second per core (Google Benchmark):
// encode; decode error-free; decode at pre-FEC BER 2.4e-4 (random bit errors); decode with
// exactly 15 symbol errors. The same cases run on Debian's libfec for comparison.
// Counter "info_Gbps" = 5140 bits x codewords / s / 1e9.
// IEEE 802.3dj Clause 177 inner FEC: encode (packed and pair forms) and the hard and Chase-2
// (L = 4) decoders on LLRs of AWGN PAM4 at a pre-FEC BER of about 3e-3 (the concatenated
// code's 1.45e-11 CER point, docs/inner_fec.md); "info_Gbps" = 120 bits x codewords / s / 1e9.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <vector>

#include "halo/fec/error_injector.hpp"
#include "halo/fec/inner_code.hpp"
#include "halo/fec/inner_llr.hpp"
#include "halo/fec/rs_decoder.hpp"
#include "halo/fec/rs_encoder.hpp"

#ifdef HALO_HAVE_LIBFEC
extern "C" {
#include <fec.h>
}
#endif

using namespace halo::fec;
namespace inner = halo::fec::inner;

namespace {

constexpr unsigned kPool = 256;  // distinct received words cycled through

enum class Case { kClean, kBer, kFifteen };

std::vector<std::vector<gf_t>> make_words(Case c) {
  RsEncoder enc(kKp4);
  ErrorInjector inj(2024);
  std::vector<std::vector<gf_t>> words(kPool, std::vector<gf_t>(544));
  std::vector<gf_t> msg(514);
  for (auto& w : words) {
    inj.random_symbols(msg);
    enc.encode(msg, w);
    if (c == Case::kBer) inj.bit_errors(w, 2.4e-4);
    if (c == Case::kFifteen) inj.symbol_errors(w, 15);
  }
  return words;
}

void set_rate(benchmark::State& st) {
  st.counters["info_Gbps"] = benchmark::Counter(5140e-9 * static_cast<double>(st.iterations()),
                                                benchmark::Counter::kIsRate);
}

void BM_Encode(benchmark::State& st) {
  RsEncoder enc(kKp4);
  auto words = make_words(Case::kClean);
  std::vector<gf_t> cw(544);
  unsigned i = 0;
  for (auto _ : st) {
    enc.encode(std::span<const gf_t>(words[i].data(), 514), cw);
    benchmark::DoNotOptimize(cw.data());
    i = (i + 1) % kPool;
  }
  set_rate(st);
}

void BM_Decode(benchmark::State& st, Case c) {
  RsDecoder dec(kKp4);
  const auto words = make_words(c);
  std::vector<gf_t> w(544);
  unsigned i = 0;
  for (auto _ : st) {
    w = words[i];  // 1 KiB copy, part of the cost in both implementations
    benchmark::DoNotOptimize(dec.decode(w));
    i = (i + 1) % kPool;
  }
  set_rate(st);
}

void set_inner_rate(benchmark::State& st) {
  st.counters["info_Gbps"] = benchmark::Counter(120e-9 * static_cast<double>(st.iterations()),
                                                benchmark::Counter::kIsRate);
}

void BM_InnerEncodePacked(benchmark::State& st) {
  std::mt19937_64 rng(1);
  std::vector<std::array<std::uint64_t, 2>> msgs(kPool);
  for (auto& m : msgs) m = {rng(), rng() & ((std::uint64_t{1} << 56) - 1)};
  unsigned i = 0;
  for (auto _ : st) {
    benchmark::DoNotOptimize(inner::encode_packed(msgs[i]));
    i = (i + 1) % kPool;
  }
  set_inner_rate(st);
}

void BM_InnerEncodePairs(benchmark::State& st) {
  std::mt19937_64 rng(2);
  std::vector<std::vector<std::uint8_t>> msgs(kPool, std::vector<std::uint8_t>(inner::kMsgSymbols));
  for (auto& m : msgs)
    for (auto& p : m) p = static_cast<std::uint8_t>(rng() & 3u);
  std::vector<std::uint8_t> cw(inner::kCwSymbols);
  unsigned i = 0;
  for (auto _ : st) {
    inner::encode_pairs(msgs[i], cw);
    benchmark::DoNotOptimize(cw.data());
    i = (i + 1) % kPool;
  }
  set_inner_rate(st);
}

// LLR words of random codewords over AWGN PAM4 (sigma 0.38 A: pre-FEC BER ~3e-3).
std::vector<std::vector<std::int8_t>> inner_llr_pool() {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> g(0.0, 0.38);
  const auto t = inner::ideal_thresholds(256);
  std::vector<std::vector<std::int8_t>> pool(kPool, std::vector<std::int8_t>(inner::kCwBits));
  std::vector<std::uint8_t> msg(inner::kMsgSymbols), cw(inner::kCwSymbols);
  for (auto& w : pool) {
    for (auto& p : msg) p = static_cast<std::uint8_t>(rng() & 3u);
    inner::encode_pairs(msg, cw);
    for (unsigned k = 0; k < inner::kCwSymbols; ++k) {
      const unsigned lv = cw[k] ^ (cw[k] >> 1);
      const auto z = static_cast<std::int32_t>(std::lround((2.0 * lv - 3 + g(rng)) * 256));
      const auto l = inner::sample_llrs(z, t);
      w[2 * k] = l[0];
      w[2 * k + 1] = l[1];
    }
  }
  return pool;
}

void BM_InnerDecode(benchmark::State& st, inner::InnerAlgo algo, unsigned l) {
  const inner::InnerDecoder dec({algo, l, true});
  const auto pool = inner_llr_pool();
  std::vector<std::uint8_t> out(inner::kCwSymbols);
  unsigned i = 0;
  for (auto _ : st) {
    benchmark::DoNotOptimize(dec.decode(pool[i], out));
    i = (i + 1) % kPool;
  }
  set_inner_rate(st);
}

#ifdef HALO_HAVE_LIBFEC
struct Karn {
  void* rs = init_rs_int(10, 0x409, 0, 1, 30, 479);
  ~Karn() { free_rs_int(rs); }
};

void BM_LibfecEncode(benchmark::State& st) {
  Karn k;
  auto words = make_words(Case::kClean);
  std::vector<std::vector<unsigned>> data(kPool, std::vector<unsigned>(544));
  for (unsigned j = 0; j < kPool; ++j) data[j].assign(words[j].begin(), words[j].end());
  std::vector<unsigned> par(30);
  unsigned i = 0;
  for (auto _ : st) {
    encode_rs_int(k.rs, data[i].data(), par.data());
    benchmark::DoNotOptimize(par.data());
    i = (i + 1) % kPool;
  }
  set_rate(st);
}

void BM_LibfecDecode(benchmark::State& st, Case c) {
  Karn k;
  const auto words = make_words(c);
  std::vector<std::vector<unsigned>> data(kPool, std::vector<unsigned>(544));
  for (unsigned j = 0; j < kPool; ++j) data[j].assign(words[j].begin(), words[j].end());
  std::vector<unsigned> w(544);
  unsigned i = 0;
  for (auto _ : st) {
    w = data[i];
    benchmark::DoNotOptimize(decode_rs_int(k.rs, w.data(), nullptr, 0));
    i = (i + 1) % kPool;
  }
  set_rate(st);
}
#endif

}  // namespace

BENCHMARK(BM_Encode)->Name("halolink/encode");
BENCHMARK_CAPTURE(BM_Decode, error_free, Case::kClean)->Name("halolink/decode_error_free");
BENCHMARK_CAPTURE(BM_Decode, ber, Case::kBer)->Name("halolink/decode_ber_2.4e-4");
BENCHMARK_CAPTURE(BM_Decode, fifteen, Case::kFifteen)->Name("halolink/decode_15_symbol_errors");
BENCHMARK(BM_InnerEncodePacked)->Name("inner/encode_packed");
BENCHMARK(BM_InnerEncodePairs)->Name("inner/encode_pairs");
BENCHMARK_CAPTURE(BM_InnerDecode, hard, inner::InnerAlgo::hard, 0u)->Name("inner/decode_hard_ber_3e-3");
BENCHMARK_CAPTURE(BM_InnerDecode, chase4, inner::InnerAlgo::chase, 4u)->Name("inner/decode_chase4_ber_3e-3");
#ifdef HALO_HAVE_LIBFEC
BENCHMARK(BM_LibfecEncode)->Name("libfec/encode");
BENCHMARK_CAPTURE(BM_LibfecDecode, error_free, Case::kClean)->Name("libfec/decode_error_free");
BENCHMARK_CAPTURE(BM_LibfecDecode, ber, Case::kBer)->Name("libfec/decode_ber_2.4e-4");
BENCHMARK_CAPTURE(BM_LibfecDecode, fifteen, Case::kFifteen)->Name("libfec/decode_15_symbol_errors");
#endif

BENCHMARK_MAIN();

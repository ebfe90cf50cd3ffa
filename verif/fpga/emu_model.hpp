// Bit-exact C++ model of the on-FPGA BER emulator (fpga/ber_emulator, docs/fpga.md): the
// LFSR sources, the CLT noise channel, the symbol-error injector and the counters. The
// FEC itself is the golden model (halo::fec::RsEncoder, and the FEC receive block
// halo::fec::FecRx fed with the received FEC symbols: decoder and monitor).
// Used by the Verilator co-simulation (test_ber_emulator.cpp: counters must match exactly)
// and by the noise-distribution test (test_emu_noise.cpp).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "halo/fec/conv_interleaver.hpp"
#include "halo/fec/fec_rx.hpp"
#include "halo/fec/inner_fec.hpp"
#include "halo/fec/inner_llr.hpp"
#include "halo/fec/rs_encoder.hpp"

namespace halo::verif {

/// Fibonacci LFSR of emu_lfsr.sv: order 31 (PRBS31, b[t] = b[t-31] ^ b[t-28]) or 127
/// (x^127 + x + 1, b[t] = b[t-127] ^ b[t-126]); state bit k = b[n+k].
class EmuLfsr {
 public:
  explicit EmuLfsr(unsigned order = 31) : order_(order), tap_(order == 31 ? 3 : 1) {}
  /// Preset from a 31-bit seed (0 counts as all ones), as load_i: order 31 takes it as is,
  /// order 127 the first 127 PRBS31 bits generated from it.
  void load(std::uint32_t seed31) noexcept {
    seed31 &= 0x7fffffffu;
    if (seed31 == 0) seed31 = 0x7fffffffu;
    for (unsigned i = 0; i < order_; ++i) {
      if (order_ == 31) {
        s_[i] = (seed31 >> i) & 1u;
      } else {
        const unsigned fb = (seed31 ^ (seed31 >> 3)) & 1u;
        seed31 = (seed31 >> 1) | (fb << 30);
        s_[i] = static_cast<std::uint8_t>(fb);
      }
    }
    head_ = 0;
  }
  /// Next bit of the sequence (one step).
  unsigned bit() noexcept {
    const unsigned fb = s_[head_] ^ s_[(head_ + tap_) % order_];
    s_[head_] = static_cast<std::uint8_t>(fb);  // the oldest bit is replaced by the newest
    head_ = head_ + 1 == order_ ? 0 : head_ + 1;
    return fb;
  }
  /// Next w bits, the first one in bit 0.
  std::uint32_t bits(unsigned w) noexcept {
    std::uint32_t v = 0;
    for (unsigned i = 0; i < w; ++i) v |= bit() << i;
    return v;
  }

 private:
  unsigned order_, tap_, head_ = 0;
  std::array<std::uint8_t, 127> s_{};
};

/// emu_pkg::lfsr_seed: x = seed ^ (0x9E3779B9 * (k + 1) mod 2^32), folded to 31 bits.
constexpr std::uint32_t emu_lfsr_seed(std::uint32_t seed, std::uint32_t k) noexcept {
  const std::uint32_t x = seed ^ (0x9E3779B9u * (k + 1u));
  return (x & 0x7fffffffu) ^ (x >> 31);
}

/// CLT noise sample of emu_noise_chan: n = 2 sum_{m<terms} u_m - terms (2^ubits - 1), the
/// uniforms u_m taken from `l` in order (ubits each, first bit = LSB).
inline int emu_noise_sample(EmuLfsr& l, unsigned terms, unsigned ubits) noexcept {
  int s = 0;
  for (unsigned m = 0; m < terms; ++m) s += static_cast<int>(l.bits(ubits));
  return 2 * s - static_cast<int>(terms * ((1u << ubits) - 1u));
}

/// Emulator configuration: the UART registers (docs/fpga.md register map) and the build
/// parameters.
struct EmuConfig {
  unsigned p = 1;                    ///< symbols per beat
  unsigned terms = 12, ubits = 4;    ///< noise generator (Terms, UBits of emu_noise_chan)
  bool noise_built = true;
  std::uint32_t seed = 1;
  std::uint32_t codewords = 100;     ///< CW_LIMIT
  bool correct = true;               ///< CTRL.correct_en
  bool noise_en = false;             ///< CTRL.noise_en
  unsigned amp = 0;                  ///< AMP, 12-bit unsigned
  int c1 = 0, c2 = 0;                ///< C1, C2, 12-bit signed
  bool inj_en = false;               ///< CTRL.inj_en
  std::uint32_t inj_thresh = 0;      ///< INJ_THRESH
  unsigned inj_burst = 1;            ///< INJ_BURST (0 counts as 1)
  // concatenated variant (build parameters Concat, InnerP, InnerChase, ChaseL; P = 4)
  bool concat = false;
  unsigned inner_p = 16;             ///< inner code PAM4 symbols per clock
  bool inner_chase = true;           ///< Chase-2 (else hard decision)
  unsigned chase_l = 4;
};

/// Counter indices of ber_emulator.sv (register 0x40 + 2 i).
enum EmuCounter : unsigned {
  kCodewords = 0, kCorrectedCodewords, kUncorrectableCodewords, kCorrectedSymbols,
  kCorrectedBits, kSymbolErrors, kPreFecBitErrors, kPreFecSymbolErrors, kPostFecBitErrors,
  kHiSerWindows, kHistogram0, kNumCounters = kHistogram0 + 17,
  // concatenated variant only
  kInnerCodewords = kNumCounters, kInnerCorrected, kInnerUncorrectable, kPreInnerBitErrors,
  kPostInnerBitErrors, kNumCatCounters
};

using EmuCounters = std::array<std::uint64_t, kNumCatCounters>;

/// The decoder counters (0..5, 9, histogram) from the golden model's FEC monitor.
inline void set_monitor_counters(EmuCounters& c, const halo::fec::FecMonitor& mon) {
  c[kCodewords] = mon.codewords();
  c[kCorrectedCodewords] = mon.corrected_codewords();
  c[kUncorrectableCodewords] = mon.uncorrectable_codewords();
  c[kCorrectedSymbols] = mon.corrected_symbols();
  c[kCorrectedBits] = mon.corrected_bits();
  c[kSymbolErrors] = mon.symbol_errors();
  c[kHiSerWindows] = mon.hi_ser_windows();
  for (unsigned i = 0; i < 17; ++i) c[kHistogram0 + i] = mon.histogram()[i];
}

/// Runs cfg.codewords codewords through the model and returns the counters the hardware
/// holds afterwards (modulo 2^CntW, applied by the caller).
inline EmuCounters run_emu_model(const EmuConfig& cfg) {
  using halo::fec::gf_t;
  const auto code = halo::fec::kKp4;
  const unsigned n = code.n, k = code.k, p = cfg.p;
  halo::fec::RsEncoder enc(code);
  halo::fec::FecRx fec_rx(halo::fec::FecRxConfig{code, 0, cfg.correct});
  EmuLfsr src(31), inj(127);
  std::vector<EmuLfsr> noise(p, EmuLfsr(127));
  src.load(emu_lfsr_seed(cfg.seed, 0));
  inj.load(emu_lfsr_seed(cfg.seed, 1));
  for (unsigned l = 0; l < p; ++l) noise[l].load(emu_lfsr_seed(cfg.seed, 2 + l));
  unsigned rem = 0, hist1 = 0, hist2 = 0;  // injector burst, ISI history (Gray idx)
  const unsigned len = cfg.inj_burst == 0 ? 1 : (cfg.inj_burst & 0xffu);
  auto sx12 = [](int v) { v &= 0xfff; return v >= 0x800 ? v - 0x1000 : v; };
  const int amp = static_cast<int>(cfg.amp & 0xfffu), c1 = sx12(cfg.c1), c2 = sx12(cfg.c2);
  auto level = [](int x, unsigned idx) { return x * (2 * static_cast<int>(idx) - 3); };
  EmuCounters c{};
  std::vector<gf_t> msg(n), cw(n), rx(n), dec;
  for (std::uint32_t w = 0; w < cfg.codewords; ++w) {
    for (unsigned i = 0; i < n; ++i) msg[i] = static_cast<gf_t>(src.bits(10));
    enc.encode(std::span<const gf_t>(msg).first(k), cw);
    for (unsigned b = 0; b < n / p; ++b) {
      for (unsigned l = 0; l < p; ++l) {  // noise lanes draw 5 * terms * ubits bits per beat
        const unsigned i = b * p + l;
        unsigned v = cw[i];
        for (unsigned j = 0; j < 5; ++j) {
          const unsigned a = (cw[i] >> (2 * j)) & 1u, bb = (cw[i] >> (2 * j + 1)) & 1u;
          const unsigned idx = (a << 1) | (a ^ bb);  // gray_map(A, B)
          int nz = 0;
          if (cfg.noise_built) nz = emu_noise_sample(noise[l], cfg.terms, cfg.ubits);
          if (cfg.noise_built && cfg.noise_en) {
            const int y = level(amp, idx) + level(c1, hist1) + level(c2, hist2) + nz;
            const unsigned r = (y >= -2 * amp) + (y >= 0) + (y >= 2 * amp);
            const unsigned ra = r >> 1, rb = (r >> 1) ^ (r & 1u);  // gray_demap -> {A, B}
            v = (v & ~(3u << (2 * j))) | (ra << (2 * j)) | (rb << (2 * j + 1));
          }
          hist2 = hist1;
          hist1 = idx;
        }
        rx[i] = static_cast<gf_t>(v);
      }
      for (unsigned l = 0; l < p; ++l) {  // injector: 42 bits per lane
        const unsigned i = b * p + l;
        const std::uint32_t u = inj.bits(32);
        unsigned pat = inj.bits(10);
        const bool hit = cfg.inj_en && (rem != 0 || u < cfg.inj_thresh);
        if (rem != 0) --rem;
        else if (hit) rem = len - 1;
        if (!cfg.inj_en) rem = 0;
        if (hit) rx[i] ^= static_cast<gf_t>(pat == 0 ? 1 : pat);
      }
    }
    for (unsigned i = 0; i < n; ++i) {
      const unsigned d = rx[i] ^ cw[i];
      c[kPreFecBitErrors] += static_cast<unsigned>(__builtin_popcount(d));
      c[kPreFecSymbolErrors] += d != 0;
    }
    dec.clear();
    fec_rx.process_symbols(rx, {&dec, nullptr});
    for (unsigned i = 0; i < k; ++i)
      c[kPostFecBitErrors] += static_cast<unsigned>(__builtin_popcount(dec[i] ^ msg[i]));
  }
  set_monitor_counters(c, fec_rx.monitor());
  return c;
}

/// Model of the concatenated variant (ber_emulator Concat = 1, emu_cat_link; docs/fpga.md):
/// the same payload and KP4 encoder, then the golden-model chain
///   ConvInterleaver (3, 192) -> InnerFecTx -> PAM4 + ISI + CLT noise (lane l of a beat of
///   cfg.inner_p symbols: 127-bit LFSR lfsr_seed(seed, 2 + l), terms x ubits bits per beat)
///   -> sample_llrs (thresholds {-2 amp, 0, 2 amp}) -> InnerFecRx -> ConvInterleaver
///   (deinterleave) -> FecRx (skipping the interleaver pair latency)
/// with the flush of a finished run: zero blocks until >= 3 * 2 * 192 of them and a multiple
/// of 3 blocks in total. Counters: the KP4 ones (pre-FEC = the KP4 decoder input against the
/// sent codeword) and kInnerCodewords .. kPostInnerBitErrors.
inline EmuCounters run_emu_cat_model(const EmuConfig& cfg) {
  namespace in = halo::fec::inner;
  using halo::fec::gf_t;
  const auto code = halo::fec::kKp4;
  const unsigned n = code.n, k = code.k, ip = cfg.inner_p;
  const in::ConvInterleaverConfig ilc{3, 192, false};
  in::ConvInterleaver tx_il(ilc), rx_il({3, 192, true});
  const std::uint64_t lat = tx_il.pair_latency();          // pairs
  const std::uint64_t max_delay = lat / in::kCiBlockPairs;  // blocks
  halo::fec::RsEncoder enc(code);
  EmuLfsr src(31);
  src.load(emu_lfsr_seed(cfg.seed, 0));
  std::vector<EmuLfsr> noise(ip, EmuLfsr(127));
  for (unsigned l = 0; l < ip; ++l) noise[l].load(emu_lfsr_seed(cfg.seed, 2 + l));
  // RS stream pairs: FEC symbol bit 2j = A of its pair j
  std::vector<gf_t> msgs, msg(n), cw(n);
  std::vector<std::uint8_t> stream;
  for (std::uint32_t w = 0; w < cfg.codewords; ++w) {
    for (unsigned i = 0; i < n; ++i) msg[i] = static_cast<gf_t>(src.bits(10));
    msgs.insert(msgs.end(), msg.begin(), msg.begin() + k);
    enc.encode(std::span<const gf_t>(msg).first(k), cw);
    for (unsigned i = 0; i < n; ++i)
      for (unsigned j = 0; j < 5; ++j)
        stream.push_back(static_cast<std::uint8_t>((((cw[i] >> (2 * j)) & 1u) << 1) | ((cw[i] >> (2 * j + 1)) & 1u)));
  }
  const std::uint64_t data_pairs = stream.size();
  if (cfg.codewords != 0) {
    std::uint64_t blocks = data_pairs / in::kCiBlockPairs, flush = 0;
    while (flush < max_delay || (blocks + flush) % 3 != 0) ++flush;
    stream.resize(stream.size() + flush * in::kCiBlockPairs, 0);
  }
  std::vector<std::uint8_t> mid(stream.size()), line;
  tx_il.process(stream, mid);
  in::InnerFecTx itx;
  itx.process(mid, line);
  // channel: beats of ip symbols
  auto sx12 = [](int v) { v &= 0xfff; return v >= 0x800 ? v - 0x1000 : v; };
  const int amp = static_cast<int>(cfg.amp & 0xfffu), c1 = sx12(cfg.c1), c2 = sx12(cfg.c2);
  const std::array<std::int32_t, 3> t{-2 * amp, 0, 2 * amp};
  EmuCounters c{};
  std::vector<std::int8_t> llr(2 * line.size());
  unsigned h1 = 0, h2 = 0;
  for (std::size_t q = 0; q < line.size(); ++q) {
    const unsigned idx = line[q] ^ (line[q] >> 1);  // Gray level of (A << 1) | B
    const int nz = emu_noise_sample(noise[q % ip], cfg.terms, cfg.ubits);
    const int y = amp * (2 * static_cast<int>(idx) - 3) + c1 * (2 * static_cast<int>(h1) - 3) +
                  c2 * (2 * static_cast<int>(h2) - 3) + (cfg.noise_en ? nz : 0);
    const auto l = in::sample_llrs(y, t);
    llr[2 * q] = l[0];
    llr[2 * q + 1] = l[1];
    c[kPreInnerBitErrors] += static_cast<unsigned>(in::llr_bit(l[0]) != ((line[q] >> 1) & 1u)) +
                             static_cast<unsigned>(in::llr_bit(l[1]) != (line[q] & 1u));
    h2 = h1;
    h1 = idx;
  }
  in::InnerFecRx irx({{cfg.inner_chase ? in::InnerAlgo::chase : in::InnerAlgo::hard, cfg.chase_l, cfg.correct}, 0});
  std::vector<std::uint8_t> dec, out(mid.size());
  irx.process(llr, {&dec, nullptr});
  for (std::size_t i = 0; i < dec.size(); ++i)
    c[kPostInnerBitErrors] += static_cast<unsigned>(__builtin_popcount((dec[i] ^ mid[i]) & 3u));
  c[kInnerCodewords] = irx.monitor().codewords();
  c[kInnerCorrected] = irx.monitor().corrected_codewords();
  c[kInnerUncorrectable] = irx.monitor().uncorrectable_codewords();
  rx_il.process(dec, out);
  // KP4 decoder input: deinterleaver output after the latency, the data pairs only
  halo::fec::FecRx fec_rx(halo::fec::FecRxConfig{code, 0, cfg.correct});
  std::vector<std::uint8_t> kp4_in(out.begin() + static_cast<std::ptrdiff_t>(lat),
                                   out.begin() + static_cast<std::ptrdiff_t>(lat + data_pairs));
  for (std::uint64_t i = 0; i < data_pairs; ++i) {
    const unsigned d = (kp4_in[i] ^ stream[i]) & 3u;
    c[kPreFecBitErrors] += static_cast<unsigned>(__builtin_popcount(d));
  }
  for (std::uint64_t s = 0; s < data_pairs / 5; ++s) {
    bool bad = false;
    for (unsigned j = 0; j < 5; ++j) bad = bad || kp4_in[5 * s + j] != stream[5 * s + j];
    c[kPreFecSymbolErrors] += bad;
  }
  std::vector<gf_t> kdec;
  fec_rx.process(kp4_in, {&kdec, nullptr});
  for (std::size_t w = 0; w < cfg.codewords; ++w)
    for (unsigned i = 0; i < k; ++i)
      c[kPostFecBitErrors] += static_cast<unsigned>(__builtin_popcount(kdec[w * n + i] ^ msgs[w * k + i]));
  set_monitor_counters(c, fec_rx.monitor());
  return c;
}

}  // namespace halo::verif

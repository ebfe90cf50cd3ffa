// Cycle-based co-simulation engine for the RS-FEC RTL: drives a Verilator model of
// rs_encoder, rs_decoder or rs_decoder_ilv (codeword-interleaved) with valid/ready stalls on both sides, feeds the same words to
// the golden model (halo::cmodel, via FecStimulus) and compares every output beat (data,
// first, last) and every per-codeword status word. The first mismatch stops the run and is
// reported with codeword index, beat, expected and actual values.
//
// Waveforms: build with -DHALO_COSIM_TRACE=ON (verilate(... TRACE_FST)) and set
// HALO_COSIM_FST=<file.fst>; open with gtkwave. Coverage: -DHALO_COSIM_COVERAGE=ON and
// HALO_COSIM_COVERAGE_DIR=<dir>. See docs/fec_rtl.md.
#pragma once

#include <verilated.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <functional>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#if HALO_COSIM_FST
#include <verilated_fst_c.h>
#endif

#include "../cover.hpp"
#include "fec_stimulus.hpp"
#include "halo/fec/codeword_io.hpp"

namespace halo::verif {

/// Run parameters.
struct CosimOptions {
  fec::RsCode code = fec::kKp4;
  unsigned p = 1;                 ///< symbols per beat of the model under test (per way)
  unsigned ways = 1;              ///< codewords interleaved symbol by symbol (rs_decoder_ilv)
  std::uint64_t seed = 1;         ///< stimulus and stall seed
  unsigned codewords = 1000;      ///< codewords (groups of `ways` codewords) to compare
  double in_valid_prob = 1.0;     ///< probability that the source offers a beat in a cycle
  double out_ready_prob = 1.0;    ///< probability that the sink accepts in a cycle
  bool correct = true;            ///< decoder: correct_en_i (false = bypass correction)
};

/// Run results.
struct CosimReport {
  bool ok = true;
  std::string error;              ///< first mismatch (empty if ok)
  std::uint64_t cycles = 0;
  unsigned codewords = 0;         ///< codewords compared completely
  std::uint64_t beats = 0;        ///< output beats compared
  long latency = -1;              ///< cycles from the first input beat to the first output beat
  std::uint64_t input_stalls = 0; ///< cycles with in_valid && !in_ready after the first beat
  std::uint64_t output_gaps = 0;  ///< cycles without an output beat between first and last beat
  unsigned uncorrectable = 0;     ///< codewords flagged uncorrectable (decoder)
  unsigned kind_count[static_cast<unsigned>(WordKind::kCount)] = {};
};

/// Overrides from the environment: HALO_COSIM_CODEWORDS (count), HALO_COSIM_SEED.
inline CosimOptions env_overrides(CosimOptions o) {
  if (const char* s = std::getenv("HALO_COSIM_CODEWORDS")) o.codewords = static_cast<unsigned>(std::strtoul(s, nullptr, 0));
  if (const char* s = std::getenv("HALO_COSIM_SEED")) o.seed = std::strtoull(s, nullptr, 0);
  return o;
}

namespace detail {

/// Writes P 10-bit symbols into a Verilator port (integral or VlWide), lane 0 in bits 9:0.
template <class Port>
void put_symbols(Port& port, const fec::gf_t* s, unsigned p) {
  if constexpr (std::is_integral_v<Port>) {
    std::uint64_t v = 0;
    for (unsigned l = 0; l < p; ++l) v |= static_cast<std::uint64_t>(s[l] & 0x3ffu) << (10 * l);
    port = static_cast<Port>(v);
  } else {
    for (unsigned w = 0; w < (10 * p + 31) / 32; ++w) port[w] = 0;
    for (unsigned l = 0; l < p; ++l)
      for (unsigned b = 0; b < 10; ++b)
        if ((s[l] >> b) & 1u) port[(10 * l + b) / 32] |= 1u << ((10 * l + b) % 32);
  }
}

/// Reads P symbols from a Verilator port.
template <class Port>
void get_symbols(const Port& port, fec::gf_t* s, unsigned p) {
  if constexpr (std::is_integral_v<Port>) {
    const auto v = static_cast<std::uint64_t>(port);
    for (unsigned l = 0; l < p; ++l) s[l] = static_cast<fec::gf_t>((v >> (10 * l)) & 0x3ffu);
  } else {
    for (unsigned l = 0; l < p; ++l) {
      unsigned x = 0;
      for (unsigned b = 0; b < 10; ++b) x |= ((port[(10 * l + b) / 32] >> ((10 * l + b) % 32)) & 1u) << b;
      s[l] = static_cast<fec::gf_t>(x);
    }
  }
}

inline std::string beat_str(const fec::gf_t* s, unsigned p) {
  std::ostringstream os;
  for (unsigned l = 0; l < p; ++l) os << (l ? " " : "") << s[l];
  return os.str();
}

/// Status word of one codeword (decoder only).
struct Status {
  bool uncorr = false;
  unsigned errors = 0, corr_sym = 0, corr_bits = 0;
  bool operator==(const Status&) const = default;
  std::string str() const {
    std::ostringstream os;
    os << "{uncorrectable=" << uncorr << " errors=" << errors << " corrected_symbols=" << corr_sym
       << " corrected_bits=" << corr_bits << "}";
    return os.str();
  }
};

/// Status word of a golden-model decode.
inline Status status_of(const fec::DecodeResult& r) {
  return {r.uncorrectable, r.num_errors, r.corrected_symbols, r.corrected_bits};
}

/// One codeword (or group of `ways` interleaved codewords) in flight: input word, expected
/// output and one status per codeword.
struct Item {
  std::vector<fec::gf_t> in, out;
  std::vector<Status> status;
  WordKind kind{};
};

/// Field w of a status port holding `ways` fields of `bits` bits (a scalar port when ways = 1).
template <class Port>
unsigned field(const Port& port, unsigned w, unsigned bits) {
  return static_cast<unsigned>((static_cast<std::uint64_t>(port) >> (w * bits)) & ((1u << bits) - 1u));
}

/// The engine; Model is a Verilator class of rs_encoder or rs_decoder (same port names).
/// Per-cycle check hook (called after the combinational settle, before the clock edge);
/// returns an error message or "".
template <class Model>
using Probe = std::function<std::string(Model&)>;

template <class Model, bool kDecoder>
CosimReport run(const CosimOptions& o, std::function<Item()> next_item, Probe<Model> probe = {}) {
  CosimReport rep;
  const unsigned n = o.code.n, beats = n / o.p, p = o.p * o.ways;  // p: symbols per beat
  auto ctx = std::make_unique<VerilatedContext>();
  ctx->fatalOnError(false);
#if HALO_COSIM_FST
  const char* path = std::getenv("HALO_COSIM_FST");
  if (path) ctx->traceEverOn(true);  // before the model is constructed
#endif
  Model m{ctx.get()};
#if HALO_COSIM_FST
  std::unique_ptr<VerilatedFstC> fst;
  if (path) {
    fst = std::make_unique<VerilatedFstC>();
    m.trace(fst.get(), 99);
    fst->open(path);
  }
#endif
  std::uint64_t time = 0;
  auto tick = [&](bool clk) {
    m.clk_i = clk;
    m.eval();
#if HALO_COSIM_FST
    if (fst) fst->dump(time);
#endif
    time += 5;
  };
  std::mt19937_64 rng(o.seed ^ 0x9e3779b97f4a7c15ull);
  std::bernoulli_distribution offer(o.in_valid_prob), accept(o.out_ready_prob);

  m.rst_ni = 0;
  m.in_valid_i = 0;
  m.out_ready_i = 0;
  if constexpr (kDecoder) m.correct_en_i = o.correct;
  for (int i = 0; i < 4; ++i) { tick(false); tick(true); }
  m.rst_ni = 1;

  std::deque<Item> inflight;
  unsigned in_cw = 0, in_beat = 0, out_cw = 0, out_beat = 0;
  bool presenting = false;
  long first_in = -1, first_out = -1;
  std::vector<fec::gf_t> got(p);
  cov::StallSampler stalls;
  const std::uint64_t max_cycles = 64ull * (o.codewords + 8) * (beats + 64) + 100000;
  auto fail = [&](const std::string& msg) {
    rep.ok = false;
    rep.error = msg;
  };
  for (std::uint64_t cyc = 0; rep.ok && out_cw < o.codewords; ++cyc) {
    if (cyc > max_cycles) { fail("timeout: no progress (deadlock?) at cycle " + std::to_string(cyc)); break; }
    if (!presenting && in_cw < o.codewords) presenting = offer(rng);
    if (presenting && in_beat == 0 && inflight.size() == in_cw - out_cw) {
      inflight.push_back(next_item());
      ++rep.kind_count[static_cast<unsigned>(inflight.back().kind)];
    }
    m.in_valid_i = presenting;
    if (presenting) put_symbols(m.in_data_i, &inflight.back().in[in_beat * p], p);
    m.in_first_i = in_beat == 0;
    m.in_last_i = in_beat == beats - 1;
    const bool ready = accept(rng);
    m.out_ready_i = ready;
    tick(false);
    const bool in_fire = presenting && m.in_ready_o;
    stalls.sample(presenting, m.in_ready_o, m.out_valid_o, ready);
    if (presenting && !m.in_ready_o && first_in >= 0) ++rep.input_stalls;
    if (in_fire && first_in < 0) first_in = static_cast<long>(cyc);
    if (m.out_valid_o && first_out < 0) first_out = static_cast<long>(cyc);
    if (!m.out_valid_o && first_out >= 0) ++rep.output_gaps;
    if (m.out_valid_o && ready) {
      if (inflight.empty()) { fail("output beat with no codeword in flight at cycle " + std::to_string(cyc)); break; }
      const Item& it = inflight.front();
      get_symbols(m.out_data_o, got.data(), p);
      const fec::gf_t* exp = &it.out[out_beat * p];
      std::ostringstream where;
      where << "codeword " << out_cw << " (" << to_string(it.kind) << "), beat " << out_beat << ": ";
      if (!std::equal(got.begin(), got.end(), exp))
        { fail(where.str() + "data expected [" + beat_str(exp, p) + "] actual [" + beat_str(got.data(), p) + "]"); break; }
      if (m.out_first_o != (out_beat == 0) || m.out_last_o != (out_beat == beats - 1))
        { fail(where.str() + "first/last expected " + std::to_string(out_beat == 0) + "/" +
               std::to_string(out_beat == beats - 1) + " actual " + std::to_string(m.out_first_o) + "/" +
               std::to_string(m.out_last_o)); break; }
      ++rep.beats;
      if (out_beat == beats - 1) {
        if constexpr (kDecoder) {
          bool bad = false;
          for (unsigned w = 0; w < o.ways && !bad; ++w) {
            const Status st{field(m.out_uncorr_o, w, 1) != 0, field(m.out_errors_o, w, 5),
                            field(m.out_corr_sym_o, w, 5), field(m.out_corr_bits_o, w, 9)};
            if (!(st == it.status[w])) {
              fail(where.str() + "status of way " + std::to_string(w) + " expected " + it.status[w].str() +
                   " actual " + st.str());
              bad = true;
            }
            rep.uncorrectable += st.uncorr;
            if (o.code.t() == 15) cov::sample_fec_errors(st.uncorr, st.errors);
          }
          if (bad) break;
        }
        inflight.pop_front();
        ++out_cw;
        ++rep.codewords;
        out_beat = 0;
      } else {
        ++out_beat;
      }
    }
    if constexpr (kDecoder) {
      if (m.in_frame_err_o) { fail("in_frame_err_o asserted at cycle " + std::to_string(cyc)); break; }
    } else {
      if (m.out_valid_o && m.out_frame_err_o) { fail("out_frame_err_o asserted at cycle " + std::to_string(cyc)); break; }
    }
    if (probe) {
      if (std::string e = probe(m); !e.empty()) { fail(e + " (cycle " + std::to_string(cyc) + ")"); break; }
    }
    tick(true);
    if (ctx->gotError()) { fail("RTL assertion failed at cycle " + std::to_string(cyc)); break; }
    rep.cycles = cyc + 1;
    if (in_fire) {
      presenting = false;
      if (++in_beat == beats) { in_beat = 0; ++in_cw; }
    }
  }
  if (first_in >= 0 && first_out >= 0) rep.latency = first_out - first_in;
#if HALO_COSIM_FST
  if (fst) fst->close();
#endif
  m.final();
  cov::write_code_coverage(ctx.get(), m.modelName());
  return rep;
}

}  // namespace detail

/// Compares the decoder's intermediate values with halo::fec::DecodeTrace: the syndromes
/// when rs_ribm takes them, Lambda and Omega^h when rs_chien_count takes them. Needs a model
/// whose handshake signals are public (rs_decoder.sv marks them public_flat_rd), read as
/// rootp->rs_decoder__DOT__*; include the model's ___024root.h.
class DecoderTraceChecker {
 public:
  explicit DecoderTraceChecker(fec::RsCode code) : np_(code.parity()), t_(code.t()) {}
  void push(const fec::DecodeTrace& tr) { syn_.push_back(tr); }

  template <class Root>
  std::string check(const Root& r) {
    std::vector<fec::gf_t> v(np_ + 1);
    if (r.rs_decoder__DOT__syn_valid && r.rs_decoder__DOT__syn_ready) {
      if (syn_.empty()) return "riBM took syndromes with no codeword pending";
      detail::get_symbols(r.rs_decoder__DOT__syn, v.data(), np_);
      if (!std::equal(v.begin(), v.begin() + np_, syn_.front().syndromes.begin()))
        return "syndromes of codeword " + std::to_string(nsyn_) + ": expected [" +
               detail::beat_str(syn_.front().syndromes.data(), np_) + "] actual [" +
               detail::beat_str(v.data(), np_) + "]";
      kes_.push_back(syn_.front());
      syn_.pop_front();
      ++nsyn_;
    }
    if (r.rs_decoder__DOT__kes_valid && r.rs_decoder__DOT__kes_ready) {
      if (kes_.empty()) return "Chien search took Lambda with no codeword pending";
      const fec::DecodeTrace& tr = kes_.front();
      detail::get_symbols(r.rs_decoder__DOT__kes_lambda, v.data(), t_ + 1);
      if (!std::equal(v.begin(), v.begin() + t_ + 1, tr.lambda.begin()))
        return "Lambda of codeword " + std::to_string(nkes_) + ": expected [" +
               detail::beat_str(tr.lambda.data(), t_ + 1) + "] actual [" + detail::beat_str(v.data(), t_ + 1) + "]";
      detail::get_symbols(r.rs_decoder__DOT__kes_omega, v.data(), t_);
      if (!std::equal(v.begin(), v.begin() + t_, tr.omega.begin()))
        return "Omega of codeword " + std::to_string(nkes_) + ": expected [" +
               detail::beat_str(tr.omega.data(), t_) + "] actual [" + detail::beat_str(v.data(), t_) + "]";
      kes_.pop_front();
      ++nkes_;
    }
    return {};
  }
  [[nodiscard]] unsigned checked() const noexcept { return nkes_; }

 private:
  unsigned np_, t_;
  std::deque<fec::DecodeTrace> syn_, kes_;
  unsigned nsyn_ = 0, nkes_ = 0;
};

/// Co-simulates an rs_decoder model against halo::fec::RsDecoder: output beats, status
/// words and the intermediate values (DecoderTraceChecker). traces_checked receives the
/// number of codewords whose Lambda/Omega were compared.
template <class Model>
CosimReport run_decoder(const CosimOptions& o, unsigned* traces_checked = nullptr) {
  FecStimulus stim(o.code, o.seed, o.correct);
  DecoderTraceChecker chk(o.code);
  auto rep = detail::run<Model, true>(
      o,
      [&] {
        DecoderVector v = stim.next_decoder();
        chk.push(v.trace);
        detail::Item it;
        it.kind = v.kind;
        it.in = std::move(v.rx);
        it.out = std::move(v.out);
        it.status = {detail::status_of(v.result)};
        return it;
      },
      [&](Model& m) { return chk.check(*m.rootp); });
  if (traces_checked) *traces_checked = chk.checked();
  return rep;
}

/// Co-simulates an rs_decoder_ilv model (o.ways codewords interleaved symbol by symbol,
/// o.p symbols per beat per way) against halo::fec::RsDecoder on each codeword of the group,
/// with the group built and split by halo::fec::interleave_symbols: every output beat and
/// every codeword's status word. kind_count counts codewords.
template <class Model>
CosimReport run_decoder_ilv(const CosimOptions& o) {
  FecStimulus stim(o.code, o.seed, o.correct);
  const unsigned n = o.code.n;
  unsigned kinds[static_cast<unsigned>(WordKind::kCount)] = {};
  auto rep = detail::run<Model, true>(o, [&] {
    detail::Item it;
    std::vector<fec::gf_t> rx(o.ways * n), out(o.ways * n);
    for (unsigned w = 0; w < o.ways; ++w) {
      DecoderVector v = stim.next_decoder();
      ++kinds[static_cast<unsigned>(v.kind)];
      std::copy(v.rx.begin(), v.rx.end(), rx.begin() + w * n);
      std::copy(v.out.begin(), v.out.end(), out.begin() + w * n);
      it.status.push_back(detail::status_of(v.result));
    }
    it.in.resize(o.ways * n);
    it.out.resize(o.ways * n);
    fec::interleave_symbols(rx, o.ways, it.in);
    fec::interleave_symbols(out, o.ways, it.out);
    return it;
  });
  std::copy(std::begin(kinds), std::end(kinds), rep.kind_count);
  return rep;
}

/// Co-simulates an rs_encoder model against halo::fec::RsEncoder.
template <class Model>
CosimReport run_encoder(const CosimOptions& o) {
  FecStimulus stim(o.code, o.seed);
  return detail::run<Model, false>(o, [&] {
    EncoderVector v = stim.next_encoder();
    detail::Item it;
    it.kind = WordKind::kClean;
    it.in = std::move(v.in);
    it.out = std::move(v.out);
    return it;
  });
}

}  // namespace halo::verif

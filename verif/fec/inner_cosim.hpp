// Cycle-based co-simulation engine for the Clause 177 inner FEC RTL (rtl/fec/inner_enc.sv,
// inner_dec_hard.sv): drives a Verilator model with valid/ready stalls on both sides (random
// source gaps and sink backpressure), feeds the same codewords to the golden model
// (halo::fec::inner) and compares every output beat (64/P beats of P symbol pairs, first,
// last) and, for the decoder, every codeword's status (corrected, uncorrectable, position).
// The first mismatch stops the run with codeword index, beat, expected and actual values.
// See docs/inner_fec.md ("RTL") and docs/fec_rtl.md.
#pragma once

#include <verilated.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "../cover.hpp"
#include "halo/fec/inner_code.hpp"

namespace halo::verif::inner {

namespace hi = halo::fec::inner;

/// One codeword through the model under test.
struct InnerItem {
  std::vector<std::uint8_t> pairs;   ///< encoder input: 64 pairs (slots 60..63 ignored by the RTL)
  std::vector<std::int8_t> llr;      ///< decoder input: 128 LLRs, transmission order
  std::vector<std::uint8_t> out;     ///< expected output: 64 pairs
  hi::InnerDecodeResult result{};    ///< expected decoder verdict
};

struct InnerCosimOptions {
  unsigned p = 8;                  ///< symbols per beat
  unsigned codewords = 1000;
  std::uint64_t seed = 1;          ///< stall seed
  double in_valid_prob = 1.0;      ///< probability that the source offers a beat in a cycle
  double out_ready_prob = 1.0;     ///< probability that the sink accepts in a cycle
  bool correct = true;             ///< decoder correct_en_i
};

struct InnerCosimReport {
  bool ok = true;
  std::string error;
  std::uint64_t cycles = 0, beats = 0;
  unsigned codewords = 0;
  long latency = -1;               ///< cycles from the first input beat to the first output beat
  std::uint64_t input_stalls = 0;  ///< cycles with in_valid && !in_ready after the first beat
  std::uint64_t output_gaps = 0;   ///< cycles without an output beat after the first one
  unsigned corrected = 0, uncorrectable = 0;
};

inline constexpr unsigned kLlrW = 7;  // fx::kLlrBits, the RTL's LlrW

/// Erasure-style decoding in the RTL: the positions a Chase-2 decoder (inner_dec_chase) flips in
/// a corrected word (its test patterns erase the L least reliable bits); rs_decoder has no
/// erasure input (802.3 does not use RS erasures), so these are the design's erasure counts.
HALO_COVER_GROUP(cov_erasures, "fec_erasures",
                 "inner Chase-2 decoder RTL: XOR-domain positions flipped per corrected word (ge4 = 4 or more)",
                 cov::int_bins(1, 3, "ge4"));

namespace detail {

/// Sets bits [pos, pos + w) of a Verilator port (integral or VlWide) to v.
template <class Port>
void set_field(Port& port, unsigned pos, unsigned w, std::uint32_t v) {
  for (unsigned b = 0; b < w; ++b) {
    const std::uint32_t bit = (v >> b) & 1u;
    const unsigned q = pos + b;
    if constexpr (std::is_integral_v<Port>) {
      port = static_cast<Port>((port & ~(Port{1} << q)) | (static_cast<Port>(bit) << q));
    } else {
      port[q / 32] = (port[q / 32] & ~(1u << (q % 32))) | (bit << (q % 32));
    }
  }
}

template <class Port>
std::uint32_t get_field(const Port& port, unsigned pos, unsigned w) {
  std::uint32_t v = 0;
  for (unsigned b = 0; b < w; ++b) {
    const unsigned q = pos + b;
    std::uint32_t bit;
    if constexpr (std::is_integral_v<Port>) {
      bit = static_cast<std::uint32_t>((static_cast<std::uint64_t>(port) >> q) & 1u);
    } else {
      bit = (port[q / 32] >> (q % 32)) & 1u;
    }
    v |= bit << b;
  }
  return v;
}

inline std::string pairs_str(const std::uint8_t* s, unsigned p) {
  std::ostringstream os;
  for (unsigned l = 0; l < p; ++l) os << (l ? " " : "") << unsigned(s[l]);
  return os.str();
}

}  // namespace detail

/// Runs o.codewords items from next_item through the model. kDecoder selects the port set
/// (inner_dec_hard: in_llr_i, correct_en_i, status outputs; inner_enc: in_data_i); kChase the
/// Chase decoder's status (inner_dec_chase: out_flips_o as the flip set, out_metric_o).
template <class Model, bool kDecoder, bool kChase = false>
InnerCosimReport run(const InnerCosimOptions& o, const std::function<InnerItem()>& next_item) {
  InnerCosimReport rep;
  const unsigned p = o.p, beats = hi::kCwSymbols / p;
  auto ctx = std::make_unique<VerilatedContext>();
  ctx->fatalOnError(false);
  Model m{ctx.get()};
  auto tick = [&](bool clk) {
    m.clk_i = clk;
    m.eval();
  };
  std::mt19937_64 rng(o.seed ^ 0x51ed270b27f1a3c5ull);
  std::bernoulli_distribution offer(o.in_valid_prob), accept(o.out_ready_prob);
  m.rst_ni = 0;
  m.in_valid_i = 0;
  m.out_ready_i = 0;
  if constexpr (kDecoder) m.correct_en_i = o.correct;
  for (int i = 0; i < 4; ++i) { tick(false); tick(true); }
  m.rst_ni = 1;

  std::deque<InnerItem> inflight;
  unsigned in_cw = 0, in_beat = 0, out_cw = 0, out_beat = 0;
  bool presenting = false;
  long first_in = -1, first_out = -1;
  std::vector<std::uint8_t> got(p);
  cov::StallSampler stalls;
  const std::uint64_t max_cycles = 64ull * (o.codewords + 8) * (beats + 16) + 100000;
  auto fail = [&](const std::string& msg) { rep.ok = false; rep.error = msg; };
  for (std::uint64_t cyc = 0; rep.ok && out_cw < o.codewords; ++cyc) {
    if (cyc > max_cycles) { fail("timeout: no progress at cycle " + std::to_string(cyc)); break; }
    if (!presenting && in_cw < o.codewords) presenting = offer(rng);
    if (presenting && in_beat == 0 && inflight.size() == in_cw - out_cw) inflight.push_back(next_item());
    m.in_valid_i = presenting;
    if (presenting) {
      const InnerItem& it = inflight.back();
      for (unsigned l = 0; l < p; ++l) {
        const unsigned s = in_beat * p + l;
        if constexpr (kDecoder) {
          detail::set_field(m.in_llr_i, kLlrW * (2 * l), kLlrW, static_cast<std::uint8_t>(it.llr[2 * s]) & 0x7fu);
          detail::set_field(m.in_llr_i, kLlrW * (2 * l + 1), kLlrW, static_cast<std::uint8_t>(it.llr[2 * s + 1]) & 0x7fu);
        } else {
          detail::set_field(m.in_data_i, 2 * l, 2, it.pairs[s] & 3u);
        }
      }
    }
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
      const InnerItem& it = inflight.front();
      for (unsigned l = 0; l < p; ++l) got[l] = static_cast<std::uint8_t>(detail::get_field(m.out_data_o, 2 * l, 2));
      const std::uint8_t* exp = &it.out[out_beat * p];
      std::ostringstream where;
      where << "codeword " << out_cw << ", beat " << out_beat << ": ";
      if (!std::equal(got.begin(), got.end(), exp)) {
        fail(where.str() + "pairs expected [" + detail::pairs_str(exp, p) + "] actual [" +
             detail::pairs_str(got.data(), p) + "]");
        break;
      }
      if (m.out_first_o != (out_beat == 0) || m.out_last_o != (out_beat == beats - 1)) {
        fail(where.str() + "first/last flags wrong");
        break;
      }
      ++rep.beats;
      if (out_beat == beats - 1) {
        if constexpr (kDecoder) {
          const bool ec = it.result.status == hi::InnerStatus::corrected;
          const bool eu = it.result.status == hi::InnerStatus::uncorrectable;
          if constexpr (kChase) {
            // the flip set as 68 bits, and the metric (0 unless corrected)
            std::string ef(hi::kXorBits, '0'), gf(hi::kXorBits, '0');
            if (ec)
              for (unsigned f = 0; f < it.result.num_flips; ++f) ef[it.result.flips[f]] = '1';
            for (unsigned k = 0; k < hi::kXorBits; ++k)
              if (detail::get_field(m.out_flips_o, k, 1)) gf[k] = '1';
            const unsigned em = ec ? it.result.metric : 0;
            if (m.out_corrected_o != ec || m.out_uncorr_o != eu || ef != gf || m.out_metric_o != em) {
              std::ostringstream os;
              os << where.str() << "status expected {corrected=" << ec << " uncorrectable=" << eu << " metric=" << em
                 << " flips=" << ef << "} actual {" << unsigned(m.out_corrected_o) << " " << unsigned(m.out_uncorr_o)
                 << " " << unsigned(m.out_metric_o) << " " << gf << "}";
              fail(os.str());
              break;
            }
            if (ec && it.result.num_flips > 0) cov_erasures.hit(std::min<unsigned>(it.result.num_flips, 4u) - 1);
          } else {
          const unsigned ep = ec ? it.result.flips[0] : 0;
          if (m.out_corrected_o != ec || m.out_uncorr_o != eu || m.out_pos_o != ep) {
            std::ostringstream os;
            os << where.str() << "status expected {corrected=" << ec << " uncorrectable=" << eu << " pos=" << ep
               << "} actual {" << unsigned(m.out_corrected_o) << " " << unsigned(m.out_uncorr_o) << " "
               << unsigned(m.out_pos_o) << "}";
            fail(os.str());
            break;
          }
          }
          rep.corrected += ec;
          rep.uncorrectable += eu;
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
      if (m.in_frame_err_o) { fail("in_frame_err_o at cycle " + std::to_string(cyc)); break; }
    } else {
      if (m.out_valid_o && m.out_frame_err_o) { fail("out_frame_err_o at cycle " + std::to_string(cyc)); break; }
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
  m.final();
  cov::write_code_coverage(ctx.get(), m.modelName());
  return rep;
}

}  // namespace halo::verif::inner

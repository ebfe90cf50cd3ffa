#include "retimer_scenario.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <sstream>
#include <stdexcept>

#include "dsp_stimulus.hpp"
#include "halo/dsp/pam4.hpp"
#include "halo/fec/codeword_io.hpp"
#include "halo/fec/conv_interleaver.hpp"
#include "halo/fec/fec_rx.hpp"
#include "halo/fec/inner_fec.hpp"
#include "halo/fec/rs_encoder.hpp"
#include "halo/retimer/retimer_rx.hpp"

namespace halo::verif {

namespace {
constexpr unsigned kN = 544, kK = 514;

RxSettings default_settings(const ScenarioConfig& c) {
  RxSettings r{};
  r.adc_bits = c.adc_bits;
  r.ffe_mode = static_cast<int>(dsp::LmsMode::kSignData);
  r.ffe_mu = 6;
  r.vol_mode = static_cast<int>(dsp::LmsMode::kLms);
  r.vol_mu = 9;
  r.dfe_mode = static_cast<int>(dsp::LmsMode::kSignData);
  r.dfe_mu = 6;
  r.level_a = 256;
  r.level_mu = 8;
  r.cdr_kp = 2;
  r.cdr_ki = 12;
  r.cdr_phase_bits = 7;
  r.cdr_init_phase = 0x01000000u;
  r.precoding = c.precoding;
  r.inner_en = c.inner != 0;
  r.inner_chase = c.inner == 2;
  r.inner_correct = c.inner_correct;
  // gain preset: 32 x units per unit amplitude at the slicer (A = 256 in S12.3)
  r.ffe_taps.assign(16, 0);
  r.ffe_taps[5] = static_cast<std::int32_t>(256.0 * 32.0 / c.amp + 0.5);
  r.vol_coefs.assign(16, 0);
  r.vol_coefs[0] = 1 << 10;
  r.dfe_tap = static_cast<std::int32_t>(256.0 * (c.h.size() > 2 ? c.h[2] : 0.0) + 0.5);
  return r;
}

// The golden RX chain on s.adc with s.rx (fec_skip included); fills rx_symbols, cdr_codes,
// fec_out, status and the final coefficients; rx_bits: the decoded bits (2 per symbol).
void run_golden(const ScenarioConfig& c, Scenario& s, std::vector<std::uint8_t>& rx_bits) {
  const unsigned latency = 5 + 2;
  retimer::RxConfig rc;
  rc.adc_bits = s.rx.adc_bits;
  rc.ffe.taps = 16;
  rc.ffe.pre = 5;
  rc.ffe.adapt = {true, static_cast<dsp::LmsMode>(s.rx.ffe_mode), s.rx.ffe_mu};
  rc.ffe.init_taps = s.rx.ffe_taps;
  rc.nlc = retimer::NlcKind::kVolterra;
  rc.volterra.n1 = 1;
  rc.volterra.pre1 = 0;
  rc.volterra.n2 = 5;
  rc.volterra.pre2 = 2;
  rc.volterra.adapt = {true, static_cast<dsp::LmsMode>(s.rx.vol_mode), s.rx.vol_mu};
  rc.volterra.init_coefs = s.rx.vol_coefs;
  rc.ffe.adapt.delay = c.adapt_delay;
  rc.volterra.adapt.delay = c.adapt_delay;
  rc.dfe.taps = 1;
  rc.dfe.adapt = {true, static_cast<dsp::LmsMode>(s.rx.dfe_mode), s.rx.dfe_mu};
  rc.dfe.init_taps = {s.rx.dfe_tap};
  rc.dfe.slicer = {s.rx.level_a, true, s.rx.level_mu};
  rc.cdr_enable = true;
  rc.cdr = {s.rx.cdr_kp, s.rx.cdr_ki, s.rx.cdr_phase_bits, s.rx.cdr_init_phase, false};
  rc.precoding = s.rx.precoding;
  rc.checker_enable = false;
  rc.fec_enable = true;  // golden FEC receive on the aligned bits
  rc.fec.skip = s.rx.fec_skip;
  rc.inner_enable = s.rx.inner_en;
  rc.inner.decoder.algo = s.rx.inner_chase ? fec::inner::InnerAlgo::chase : fec::inner::InnerAlgo::hard;
  rc.inner.decoder.chase_l = c.chase_l;
  rc.inner.decoder.correct = s.rx.inner_correct;
  rc.inner.skip = 2ull * s.rx.inner_skip;
  retimer::RetimerRx rx(rc);
  if (rx.latency() != static_cast<int>(latency)) throw std::logic_error("scenario: latency");
  const std::size_t nsym = s.adc.size();
  s.rx_symbols.resize(nsym);
  s.cdr_codes.resize(nsym);
  rx_bits.assign(2 * nsym, 0);
  std::vector<fec::FecRxCodeword> done;
  std::vector<fec::inner::InnerFecRxCodeword> idone;
  retimer::RxOut out{rx_bits, s.rx_symbols, s.cdr_codes, {}, {}, {&s.fec_out, &done}};
  out.inner.status = &idone;
  rx.process(s.adc, out);
  for (const auto& d : idone) {
    InnerVerdict v;
    v.status = d.result.status == fec::inner::InnerStatus::corrected       ? 1u
               : d.result.status == fec::inner::InnerStatus::uncorrectable ? 2u
                                                                           : 0u;
    if (v.status == 1) {
      for (unsigned i = 0; i < d.result.num_flips; ++i) v.flips[d.result.flips[i] / 64] |= 1ull << (d.result.flips[i] % 64);
    }
    s.inner.push_back(v);
  }
  const auto& mon = rx.inner().monitor();
  s.inner_counts.codewords = mon.codewords();
  s.inner_counts.corrected = mon.corrected_codewords();
  s.inner_counts.uncorrectable = mon.uncorrectable_codewords();
  s.inner_counts.corrected_positions = mon.corrected_positions();
  s.inner_counts.hist.assign(mon.position_histogram().begin(), mon.position_histogram().end());
  if (done.size() != c.codewords) throw std::logic_error("scenario: codeword count");
  for (const auto& d : done) {
    const auto& r = d.result;
    s.status.push_back({r.uncorrectable, r.num_errors, r.corrected_symbols, r.corrected_bits});
  }
  s.ffe_taps = rx.ffe().taps();
  s.vol_coefs = rx.volterra().coefs();
  s.dfe_tap = rx.dfe().taps()[0];
  s.cdr_phase = rx.cdr().phase();
}
}  // namespace

Scenario make_scenario(const ScenarioConfig& c) {
  if (c.codewords == 0 || c.warmup < 64) {
    throw std::invalid_argument("ScenarioConfig: codewords >= 1 and warmup >= 64 required");
  }
  Scenario s;
  s.rx = default_settings(c);
  // TX: warm-up symbols, then KP4 codewords (bits LSB of each FEC symbol first).
  std::mt19937_64 rng(c.seed);
  const fec::RsEncoder enc(fec::kKp4);
  std::vector<fec::gf_t> msg(kK), cw(kN);
  std::vector<std::uint8_t> tx_bits;
  tx_bits.reserve(2 * c.warmup + 10 * kN * c.codewords);
  for (unsigned i = 0; i < 2 * c.warmup; ++i) tx_bits.push_back(static_cast<std::uint8_t>(rng() & 1u));
  std::vector<fec::gf_t> tx_cw;
  std::vector<std::uint8_t> cw_bits(10 * kN);
  for (unsigned k = 0; k < c.codewords; ++k) {
    for (auto& m : msg) m = static_cast<fec::gf_t>(rng() & 1023u);
    enc.encode(msg, cw);
    tx_cw.insert(tx_cw.end(), cw.begin(), cw.end());
    fec::symbols_to_bits(cw, cw_bits);
    tx_bits.insert(tx_bits.end(), cw_bits.begin(), cw_bits.end());
  }
  // RX latency: FFE pre-cursors + Volterra latency; pad so the last codeword comes out.
  const unsigned latency = 5 + 2;
  if (c.inner != 0) {
    // Clause 177 inner FEC: random warm-up messages, the KP4 stream, a flush of the interleaver
    // pair's delay (and whole messages); interleave, inner-encode; the line starts with inner
    // codeword 0
    if (c.precoding) throw std::invalid_argument("ScenarioConfig: precoding must be false with the inner FEC");
    constexpr unsigned kDelay = 20 * 3 * 2 * 192;  // interleaver + deinterleaver, pairs
    std::vector<std::uint8_t> pairs;
    for (unsigned i = 0; i < 60 * c.inner_warmup_msgs; ++i) pairs.push_back(static_cast<std::uint8_t>(rng() & 3u));
    for (std::size_t b = 2 * c.warmup; b < tx_bits.size(); b += 2) {
      pairs.push_back(static_cast<std::uint8_t>((tx_bits[b] << 1) | tx_bits[b + 1]));
    }
    const std::size_t total = (pairs.size() + kDelay + 240 + 59) / 60 * 60;
    while (pairs.size() < total) pairs.push_back(static_cast<std::uint8_t>(rng() & 3u));
    std::vector<std::uint8_t> il(pairs.size()), cwp;
    fec::inner::ConvInterleaver ci(fec::inner::ConvInterleaverConfig{3, 192, false});
    ci.process(pairs, il);
    fec::inner::InnerFecTx enc_in;
    enc_in.process(il, cwp);
    tx_bits.clear();
    for (const auto p : cwp) {
      tx_bits.push_back(static_cast<std::uint8_t>(p >> 1));
      tx_bits.push_back(static_cast<std::uint8_t>(p & 1u));
    }
    s.rx.inner_skip = latency;
  }
  for (unsigned i = 0; i < 2 * 64; ++i) tx_bits.push_back(static_cast<std::uint8_t>(rng() & 1u));
  const std::size_t nsym = tx_bits.size() / 2;
  std::vector<std::uint8_t> g(nsym), line(nsym);
  dsp::gray_map(tx_bits, g);
  s.tx_symbols = g;
  s.tx_codewords.assign(tx_cw.begin(), tx_cw.end());
  if (c.precoding) {
    dsp::Precoder pre;
    pre.process(g, line);
  } else {
    line = g;
  }
  s.adc = channel_adc(line, c.adc_bits, c.seed + 7, c.h, 1, c.amp, c.sigma);
  s.rx.fec_skip = c.warmup + latency;
  if (c.inner != 0) s.rx.fec_skip = 60 * c.inner_warmup_msgs + 20 * 3 * 2 * 192;
  std::vector<std::uint8_t> rx_bits;
  run_golden(c, s, rx_bits);
  if (c.inner != 0) {
    // slicer bit errors over the decoded inner codewords (line symbol j = RX symbol j + latency)
    for (std::size_t j = latency; j < latency + 64 * s.inner.size(); ++j) {
      const std::size_t t = j - latency;
      s.pre_inner_bit_errors += (rx_bits[2 * j] != tx_bits[2 * t]) + (rx_bits[2 * j + 1] != tx_bits[2 * t + 1]);
    }
    for (unsigned k = 0; k < c.codewords; ++k) {
      for (unsigned i = 0; i < kN; ++i) s.post_fec_symbol_errors += s.fec_out[kN * k + i] != tx_cw[kN * k + i];
      s.pre_fec_bit_errors += s.status[k].uncorrectable ? 0 : s.status[k].corrected_bits;
    }
    return s;
  }
  for (unsigned k = 0; k < c.codewords; ++k) {
    const std::size_t b0 = 2 * static_cast<std::size_t>(s.rx.fec_skip) + 10ull * kN * k;
    for (std::size_t b = 0; b < 10ull * kN; ++b) {
      s.pre_fec_bit_errors += rx_bits[b0 + b] != tx_bits[2 * c.warmup + 10ull * kN * k + b];
    }
    for (unsigned i = 0; i < kN; ++i) s.post_fec_symbol_errors += s.fec_out[kN * k + i] != tx_cw[kN * k + i];
  }
  return s;
}

namespace {
// ScenarioConfig of a recorded stream (ADC resolution, precoding, gain preset from the RMS:
// the slicer's outer level at 32 x the unit amplitude; PAM4 RMS is sqrt(5/9) of the outer level)
ScenarioConfig recorded_config(const ScenarioConfig& c, const RecordedStream& r, std::size_t n) {
  ScenarioConfig cc = c;
  cc.adc_bits = r.adc_bits;
  cc.precoding = r.precoding;
  cc.h = {0.0, 1.0, 0.0};  // no DFE preset
  if (r.ffe_levels.empty()) {
    if (r.codes == nullptr) throw std::invalid_argument("recorded scenario: no codes and no link-training values");
    double sq = 0;
    const std::size_t m = std::min<std::size_t>(n, 65536);
    for (std::size_t i = 0; i < m; ++i) {
      const double x = (*r.codes)[r.start + i];
      sq += x * x;
    }
    const double rms = std::sqrt(sq / static_cast<double>(m));
    cc.amp = std::max(1.0, rms / std::sqrt(5.0 / 9.0) * static_cast<double>(1 << (8 - r.adc_bits)));
  }
  return cc;
}
}  // namespace

RecordedStream recorded_stream(const AdcFile& f, std::size_t start) {
  const auto pat = f.header.find("pattern");
  if (pat == f.header.end() || pat->second != "kp4")
    throw std::runtime_error(f.path + ": pattern: expected kp4 (KP4 codewords from line symbol 0), found " +
                             (pat == f.header.end() ? std::string("none") : pat->second));
  RecordedStream rec;
  rec.codes = &f.codes;
  rec.cursor_delay = f.header_int("cursor_delay", -1);
  rec.precoding = f.header_int("precoding", 0) != 0;
  rec.adc_bits = static_cast<int>(f.header_int("adc_bits", 8));
  rec.start = start;
  // link training: the simulator receiver's adapted FFE / DFE (the dump's trailer)
  auto doubles = [&](const char* key) {
    std::vector<double> v;
    const auto it = f.header.find(key);
    std::istringstream in(it == f.header.end() ? std::string() : it->second);
    for (double x = 0; in >> x;) v.push_back(x);
    return v;
  };
  rec.ffe_levels = doubles("rx_ffe");
  rec.dfe_levels = doubles("rx_dfe");
  return rec;
}

RxSettings recorded_settings(const ScenarioConfig& c, const RecordedStream& r, std::size_t& codes_needed) {
  constexpr std::size_t kCw = 10 * kN / 2;  // PAM4 symbols per KP4 codeword
  if (c.codewords == 0 || r.start % kCw != 0 || r.cursor_delay < 0) {
    throw std::invalid_argument("recorded scenario: codewords >= 1, start on a codeword boundary and "
                                "cursor_delay >= 0 required");
  }
  const unsigned latency = 5 + 2;
  // decoded symbol j (counted from the first code used) is line symbol start + j - D - 7:
  // codeword m starts at j = m * 2720 - start + D + 7; the first one at or after the warm-up
  const long d = r.cursor_delay;
  const std::size_t j0 = (c.warmup + kCw - 1) / kCw * kCw;
  const std::size_t skip = j0 + static_cast<std::size_t>(d) % kCw + latency;
  if (skip > 0xffff) throw std::invalid_argument("recorded scenario: FEC skip " + std::to_string(skip) + " > 65535");
  const std::size_t n = (skip + kCw * c.codewords + 64 + 31) / 32 * 32;
  codes_needed = n;
  if (r.codes != nullptr && r.codes->size() < r.start + n) {
    throw std::invalid_argument("recorded scenario: the stream has " + std::to_string(r.codes->size()) +
                                " codes, " + std::to_string(r.start + n) + " needed (" + std::to_string(c.codewords) +
                                " codewords from code " + std::to_string(r.start) + ")");
  }
  RxSettings rx = default_settings(recorded_config(c, r, n));
  if (!r.ffe_levels.empty()) {
    if (r.ffe_levels.size() != 16 || r.dfe_levels.size() != 1) {
      throw std::invalid_argument("recorded scenario: link-training values need 16 FFE taps and 1 DFE tap, got " +
                                  std::to_string(r.ffe_levels.size()) + " and " + std::to_string(r.dfe_levels.size()));
    }
    for (unsigned k = 0; k < 16; ++k) {
      rx.ffe_taps[k] = static_cast<std::int32_t>(std::lround(r.ffe_levels[k] * 3.0 * rx.level_a / 4.0));
    }
    rx.dfe_tap = static_cast<std::int32_t>(std::lround(r.dfe_levels[0] * rx.level_a));
  }
  if (r.cdr_kp >= 0) rx.cdr_kp = r.cdr_kp;
  if (r.cdr_ki >= 0) rx.cdr_ki = r.cdr_ki;
  rx.fec_skip = static_cast<unsigned>(skip);
  return rx;
}

Scenario make_recorded_scenario(const ScenarioConfig& c, const RecordedStream& r) {
  if (r.codes == nullptr) throw std::invalid_argument("recorded scenario: codes required");
  std::size_t n = 0;
  Scenario s;
  s.rx = recorded_settings(c, r, n);
  s.adc.assign(r.codes->begin() + static_cast<long>(r.start), r.codes->begin() + static_cast<long>(r.start + n));
  ScenarioConfig cc = recorded_config(c, r, n);
  std::vector<std::uint8_t> rx_bits;
  run_golden(cc, s, rx_bits);
  for (const auto& st : s.status) s.pre_fec_bit_errors += st.uncorrectable ? 0 : st.corrected_bits;
  s.recorded = true;
  return s;
}

std::string summary(const Scenario& s) {
  unsigned uncorr = 0, corrected = 0;
  for (const auto& st : s.status) {
    uncorr += st.uncorrectable;
    corrected += st.corrected_symbols;
  }
  const double bits = 10.0 * kN * static_cast<double>(s.status.size());
  char buf[256];
  if (s.recorded) {
    std::snprintf(buf, sizeof buf,
                  "%zu codewords of a recorded stream, %llu bits corrected (pre-FEC BER %.3g in the correctable "
                  "codewords), %u symbols corrected, %u uncorrectable",
                  s.status.size(), static_cast<unsigned long long>(s.pre_fec_bit_errors),
                  static_cast<double>(s.pre_fec_bit_errors) / bits, corrected, uncorr);
    return buf;
  }
  std::snprintf(buf, sizeof buf,
                "%zu codewords, pre-FEC BER %.3g (%llu bit errors), %u symbols corrected, "
                "%u uncorrectable, %llu symbol errors after FEC",
                s.status.size(), static_cast<double>(s.pre_fec_bit_errors) / bits,
                static_cast<unsigned long long>(s.pre_fec_bit_errors), corrected, uncorr,
                static_cast<unsigned long long>(s.post_fec_symbol_errors));
  return buf;
}

}  // namespace halo::verif

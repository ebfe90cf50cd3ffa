// Time-domain engine: streaming blocks, constant memory. See halo/sim/link.hpp.
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <deque>
#include <map>
#include <optional>
#include <span>

#include "checker.hpp"
#include "front_end.hpp"
#include "kernels.hpp"
#include "halo/fec/codeword_io.hpp"
#include "halo/fec/fec_monitor.hpp"
#include "halo/fec/rs_decoder.hpp"
#include "halo/fec/rs_encoder.hpp"
#include "halo/sim/link.hpp"
#include "halo/sim/rng.hpp"

#include "halo/dsp/prbs.hpp"

namespace halo::sim {
namespace {

constexpr double kLv[4] = {-1.0, -1.0 / 3, 1.0 / 3, 1.0};
using detail::gray_demap;

inline std::uint8_t gray_map(unsigned a, unsigned b) { return static_cast<std::uint8_t>((a << 1) | (a ^ b)); }

// Data source: bit pairs (A << 1) | B per symbol (A first on the line).
//  * PRBS13Q / PRBS31Q / SSPRQ (IEEE 802.3 120.5.11.2): the golden model's generator
//    (halo::dsp::PatternGenerator, Gray symbols -> bit pairs);
//  * random: uniform bits;
//  * KP4: random payload, RS(544,514) encoded, 10-bit symbols bit 0 first (119.2.4.7).
class PairSource {
 public:
  PairSource(DataPattern p, std::uint64_t seed) : pat_(p), rng_(seed, 1) {
    if (p == DataPattern::kPrbs13q || p == DataPattern::kPrbs31q || p == DataPattern::kSsprq) {
      dsp::GeneratorConfig gc;
      gc.pattern = p == DataPattern::kPrbs13q ? dsp::Pattern::kPrbs13q
                   : p == DataPattern::kPrbs31q ? dsp::Pattern::kPrbs31q : dsp::Pattern::kSsprq;
      gc.seed = p == DataPattern::kSsprq ? static_cast<std::uint32_t>(seed % 65535)
                                         : static_cast<std::uint32_t>(seed * 2654435761u) & (p == DataPattern::kPrbs13q ? 0x1fffu : 0x7fffffffu);
      if (gc.seed == 0 && p != DataPattern::kSsprq) gc.seed = 1;
      gen_.configure(gc);
    }
    if (p == DataPattern::kKp4) {
      enc_ = std::make_unique<fec::RsEncoder>(fec::kKp4);
      msg_.resize(514);
      cw_.resize(544);
      bits_.resize(5440);
      pos_ = bits_.size();
    }
  }
  void fill(std::span<std::uint8_t> pairs) {
    switch (pat_) {
      case DataPattern::kRandom:
        for (auto& q : pairs) q = static_cast<std::uint8_t>(rng_.next() >> 62);
        return;
      case DataPattern::kKp4:  // 5440 bits per codeword: symbols never straddle codewords
        for (std::size_t k = 0; k < pairs.size();) {
          if (pos_ == bits_.size()) next_codeword();
          const std::size_t take = std::min((bits_.size() - pos_) / 2, pairs.size() - k);
          const std::uint8_t* b = &bits_[pos_];
          for (std::size_t i = 0; i < take; ++i)
            pairs[k + i] = static_cast<std::uint8_t>((b[2 * i] << 1) | b[2 * i + 1]);
          pos_ += 2 * take;
          k += take;
        }
        return;
      default:
        gen_.process(pairs);
        for (auto& q : pairs) q = static_cast<std::uint8_t>(gray_demap(q));
        return;
    }
  }

 private:
  void next_codeword() {
    for (auto& s : msg_) s = static_cast<fec::gf_t>(rng_.next() >> 54);
    enc_->encode(msg_, cw_);
    fec::symbols_to_bits(cw_, bits_);
    pos_ = 0;
  }
  dsp::PatternGenerator gen_;
  DataPattern pat_;
  Rng rng_;
  std::unique_ptr<fec::RsEncoder> enc_;
  std::vector<fec::gf_t> msg_, cw_;
  std::vector<std::uint8_t> bits_;
  std::size_t pos_ = 0;
};

using detail::TxRecord;

}  // namespace

TdResult run_time_domain(const LinkConfig& cfg, const LinkModel& m, const Progress& progress, RxDsp* rx_in,
                         const TdHooks* hooks) {
  const auto t0 = std::chrono::steady_clock::now();
  TdResult res;
  const unsigned B = cfg.block_symbols;
  const double A = m.amplitude_v;
  // start sample: MM lock estimate for mm (CDR converges from there), best phase otherwise
  StatOptions so = stat_options(cfg, m);
  so.with_eye = false;
  long start = 0;
  std::unique_ptr<detail::FrontEnd> fe;
  if (m.optical) {
    fe = detail::make_optical_front_end(cfg, m);
  } else {
    if (cfg.rx.cdr == "mm") start = mueller_muller_lock(m.pulse);
    else start = analyze(m.pulse, stat_noise(cfg, m), so).cursor_sample;
    start += std::lround(cfg.rx.cdr_initial_offset_ui * m.osr);
    fe = detail::make_linear_front_end(cfg, m, start);
  }
  res.cursor_sample_start = start;
  const unsigned bits_adc = cfg.rx.adc_bits;
  const double fs = cfg.rx.adc_full_scale_v;
  const double lsb = fs / std::pow(2.0, bits_adc);
  const double inv_lsb = 1.0 / lsb;
  const long cmin = -(1l << (bits_adc - 1)), cmax = (1l << (bits_adc - 1)) - 1;
  double sigma_enob = 0;
  if (cfg.rx.adc_enob > 0) {
    const double se = fs / std::pow(2.0, cfg.rx.adc_enob) / std::sqrt(12.0);
    sigma_enob = std::sqrt(std::max(0.0, se * se - lsb * lsb / 12));
  }
  // AGC: from the signal statistics (electrical: analytic; optical: calibration waveform)
  double agc = m.optical ? cfg.rx.agc_target_rms * fs / fe->signal_rms() : m.agc_gain;


  std::unique_ptr<RxDsp> own_rx;
  RxDsp* rx = rx_in;
  if (!rx) {
    const bool use_cm = cfg.rx.model == "cmodel";
    // "link training": MMSE taps from the statistical engine at the starting phase
    std::optional<StatResult> st;
    const SymbolPulse* lp = m.optical ? fe->linear_pulse() : &m.pulse;
    StatOptions o = so;
    o.phase_mode = PhaseMode::kFixed;
    o.fixed_phase = m.optical ? fe->linear_cursor() : start;
    if (use_cm || cfg.rx.init_mmse) {
      StatNoise nz = stat_noise(cfg, m);
      if (m.optical) nz.sigma_rx_v = 0.05 * fe->signal_rms();  // nominal, for the start-up taps only
      st = analyze(*lp, nz, o);
    }
    if (use_cm) {
      CmodelRxInit in;
      in.ffe_v_to_level = st->ffe;
      in.dfe_levels = st->dfe;
      in.agc_gain = agc;
      in.lsb_v = lsb;
      in.precoding = cfg.tx.precoding;
      const double outer_codes = std::abs(lp->p[static_cast<std::size_t>(o.fixed_phase)]) * A * agc / lsb;
      in.level_a = std::clamp(static_cast<int>(std::lround(outer_codes * 8 * std::pow(2.0, 8 - static_cast<int>(bits_adc)) / 3)), 16, 600);
      own_rx = make_cmodel_rx(cfg.rx, in);
    } else {
      // initial main tap: level 1 maps to about 1.7 x rms target (PAM4 rms = sqrt(5/9))
      std::vector<double> f0, b0;
      if (st) {  // V -> level taps to taps on code / 2^(bits-1) = v agc 2 / FS
        for (double c : st->ffe) f0.push_back(c * fs / (2 * agc));
        b0 = st->dfe;
      }
      own_rx = make_float_rx(cfg.rx, 1.0 / (cfg.rx.agc_target_rms * 2 / std::sqrt(5.0 / 9.0)), f0, b0);
    }
    rx = own_rx.get();
  }
  res.rx_name = rx->name();
  const long D = fe->cursor_delay() + static_cast<long>(rx->latency());  // decision k -> TX symbol k - D

  // Gaussian noise from 8-lane vector generators (RX + ADC, TX); jitter: scalar
  GaussLanes noise_rng(cfg.seed, 2), tx_rng(cfg.seed, 3);
  Rng jit_rng(cfg.seed, 4);
  PairSource src(cfg.tx.pattern, cfg.seed);
  std::vector<std::uint8_t> pairs(B);
  // power-of-two ring of transmitted symbols (index masking instead of a division per access)
  std::size_t ring = 1;
  while (ring < static_cast<std::size_t>(std::max<long>(D, 0)) + 2 * B + 16) ring <<= 1;
  const std::size_t rmask = ring - 1;
  std::vector<TxRecord> txring(ring, TxRecord{0, 0});
  // TX levels A kLv[p] of the block after the TX FFE history (ffe.size() - 1 symbols, zero at start)
  const std::vector<double> tx_ffe = cfg.tx.ffe;
  std::vector<double> txlev(tx_ffe.size() - 1 + B, 0.0);
  std::uint8_t tx_prev_p = 0;
  // (locals: the per-symbol uint8 stores below may alias anything, so members would be reloaded)
  const bool gray = cfg.tx.gray, precoding = cfg.tx.precoding;
  bool rx_prev_valid = false;

  std::vector<double> u(B), tau, v(B), eye, gbuf(B);  // gbuf: a block of Gaussian draws
  std::vector<std::int16_t> codes(B);
  std::vector<std::uint8_t> train(B), dec(B);
  std::vector<float> slicer(B);
  std::vector<std::uint8_t> blk_bit_err;  // observers only
  std::vector<TdCodeword> blk_cw;
  if (hooks && hooks->block) blk_bit_err.resize(B);
  double sigma_rx = m.sigma_rx_v;
  const bool jitter = cfg.tx.rj_ui > 0 || cfg.tx.sj_ui > 0;
  if (jitter) tau.resize(B);
  const double sj_w = 2 * M_PI * cfg.tx.sj_freq_mhz * 1e6 / m.symbol_rate_hz;

  // symbol/bit errors, level statistics, and FEC on the error pattern of each 5440-bit codeword
  detail::DecisionChecker checker(gray, precoding, cfg.fec == "kp4");

  res.slicer_hist_edges.resize(201);
  for (int i = 0; i <= 200; ++i) res.slicer_hist_edges[static_cast<std::size_t>(i)] = -1.6 + 3.2 * i / 200.0;
  std::map<long, std::uint64_t> phase_counts;
  double ph_sum = 0, ph_sq = 0, ph_min = 1e9, ph_max = -1e9;
  std::uint64_t ph_n = 0;
  const std::uint64_t train_syms = std::min<std::uint64_t>(cfg.rx.training_symbols, cfg.symbols / 2);
  const std::uint64_t eye_syms = 8000;
  std::uint64_t eye_done = 0;
  double eye_lo = 0, eye_hi = 0;
  std::vector<double> eye_store;       // ADC-input samples at every eye phase (bounded: eye_syms)
  std::vector<std::uint8_t> eye_txp;   // line symbol each eye column's decision refers to
  const std::uint64_t nblocks = (cfg.symbols + B - 1) / B;
  const std::uint64_t trace_every = std::max<std::uint64_t>(1, nblocks / 1000);

  std::uint64_t n0 = 0;  // global index of the first symbol of the block
  for (std::uint64_t blk = 0; blk < nblocks; ++blk, n0 += B) {
    const bool training = n0 < train_syms;
    if (hooks && hooks->conditions) {
      TdConditions c;
      hooks->conditions(n0, c);
      sigma_rx = std::isnan(c.rx_noise_mv) ? m.sigma_rx_v : c.rx_noise_mv * 1e-3;
      if (!std::isnan(c.temperature_c)) fe->set_temperature_c(c.temperature_c);
    }
    if (!blk_bit_err.empty()) {
      std::fill(blk_bit_err.begin(), blk_bit_err.end(), std::uint8_t{255});
      blk_cw.clear();
    }
    rx->set_training(training);
    rx->set_adaptation(training || !cfg.rx.freeze_after_training);
    // --- transmitter
    src.fill(pairs);
    const std::size_t T = cfg.tx.ffe.size();
    // (one loop per precoding mode: without precoding no symbol depends on the previous one)
    if (precoding)
      for (unsigned k = 0; k < B; ++k) {
        const unsigned a = pairs[k] >> 1, b = pairs[k] & 1u;
        const std::uint8_t g = gray ? gray_map(a, b) : static_cast<std::uint8_t>((a << 1) | b);
        const std::uint8_t p = static_cast<std::uint8_t>((g - tx_prev_p + 4) & 3);
        tx_prev_p = p;
        txring[(n0 + k) & rmask] = TxRecord{g, p};
        txlev[T - 1 + k] = A * kLv[p];
      }
    else
      for (unsigned k = 0; k < B; ++k) {
        const unsigned a = pairs[k] >> 1, b = pairs[k] & 1u;
        const std::uint8_t g = gray ? gray_map(a, b) : static_cast<std::uint8_t>((a << 1) | b);
        txring[(n0 + k) & rmask] = TxRecord{g, g};
        txlev[T - 1 + k] = A * kLv[g];
      }
    // TX FFE (causal, main tap delayed by ffe_main symbols): x_k = sum_i c_i a_{k-i}, i ascending
    if (T == 3) {  // the common 3-tap TX FFE, unrolled (same order of operations)
      const double c0 = tx_ffe[0], c1 = tx_ffe[1], c2 = tx_ffe[2];
      for (unsigned k = 0; k < B; ++k) {
        const double* ak = &txlev[2 + k];
        double x = 0;
        x += c0 * ak[0];
        x += c1 * ak[-1];
        x += c2 * ak[-2];
        u[k] = x;
      }
    } else {
      for (unsigned k = 0; k < B; ++k) {
        const double* ak = &txlev[T - 1 + k];
        double x = 0;
        for (std::size_t i = 0; i < T; ++i) x += tx_ffe[i] * ak[-static_cast<std::ptrdiff_t>(i)];
        u[k] = x;
      }
    }
    std::copy(txlev.end() - static_cast<std::ptrdiff_t>(T - 1), txlev.end(), txlev.begin());
    if (m.sigma_tx_v > 0) {
      tx_rng.fill(gbuf.data(), B);
      for (unsigned k = 0; k < B; ++k) u[k] += m.sigma_tx_v * gbuf[k];
    }
    if (jitter)
      for (unsigned k = 0; k < B; ++k)
        tau[k] = cfg.tx.rj_ui * jit_rng.gauss() + cfg.tx.sj_ui * std::sin(sj_w * static_cast<double>(n0 + k));
    // --- channel and sampler at the CDR phase
    const bool want_eye = !training && eye_done < eye_syms;
    fe->process(u, tau, rx->phase_ui() * m.osr, v, want_eye ? &eye : nullptr);
    if (want_eye) {
      const unsigned P = fe->eye_phases();
      if (eye_done == 0) {  // fix the voltage range from the first block
        double mx = 0;
        for (double e : eye) mx = std::max(mx, std::abs(e));
        eye_hi = 1.1 * mx;
        eye_lo = -eye_hi;
        res.eye_phases = P;
        res.eye_hist.assign(P, std::vector<std::uint32_t>(128, 0));
        for (int i = 0; i <= 128; ++i) res.eye_v_edges.push_back(eye_lo + (eye_hi - eye_lo) * i / 128.0);
      }
      if (eye_done == 0) {  // the eye window: whole blocks up to eye_syms symbols
        const std::size_t nsym = static_cast<std::size_t>((eye_syms + B - 1) / B) * B;
        eye_store.reserve(nsym * P);
        eye_txp.reserve(nsym);
      }
      if (gbuf.size() < P) gbuf.resize(P);
      for (unsigned k = 0; k < B; ++k) {
        noise_rng.fill(gbuf.data(), P);  // the draws of symbol k's P eye samples, in order
        for (unsigned j = 0; j < P; ++j) {
          const double e = eye[k * P + j] + sigma_rx * gbuf[j];
          eye_store.push_back(e);
          const long bi = static_cast<long>((e - eye_lo) / (eye_hi - eye_lo) * 128);
          if (bi >= 0 && bi < 128) ++res.eye_hist[j][static_cast<std::size_t>(bi)];
        }
        const long ti = static_cast<long>(n0 + k) - D;
        eye_txp.push_back(ti >= 0 ? txring[static_cast<std::size_t>(ti) & rmask].p : 0);
      }
      eye_done += B;
    }
    // --- RX noise, AGC, ADC: the RX noise (before the AGC) and the ADC's ENOB noise are
    // independent Gaussians, drawn as one: sigma^2 = sigma_rx^2 agc^2 + sigma_enob^2
    noise_rng.fill(gbuf.data(), B);
    detail::adc_input(v.data(), gbuf.data(), B, agc, detail::adc_noise_sigma(sigma_rx, agc, sigma_enob));
    // the quantiser (floor(x / lsb), saturated)
    detail::quantize(v.data(), B, inv_lsb, static_cast<std::int32_t>(cmin), static_cast<std::int32_t>(cmax), codes.data());
    // known symbols for the receiver's training (only read while training)
    if (training)
      for (unsigned k = 0; k < B; ++k) {
        const long ti = static_cast<long>(n0 + k) - D;
        train[k] = ti >= 0 ? txring[static_cast<std::size_t>(ti) & rmask].p : 0;
      }
    // --- receiver DSP
    rx->process(codes, training ? std::span<const std::uint8_t>(train) : std::span<const std::uint8_t>{}, dec, slicer);
    // --- checker and monitors (decision k refers to TX symbol n0 + k - D)
    const long k0 = std::max<long>(0, D - static_cast<long>(n0));  // first k with a TX symbol
    if (!training && k0 < static_cast<long>(B)) {
      if (!rx_prev_valid) {
        const long ti = static_cast<long>(n0) + k0 - D;
        checker.set_previous(ti > 0 ? txring[static_cast<std::size_t>(ti - 1) & rmask].p : 0);
        rx_prev_valid = true;
      }
      checker.check(txring, n0, static_cast<std::uint64_t>(D), static_cast<std::size_t>(k0), dec, slicer, blk_bit_err,
                    blk_cw);
      res.measured += B - static_cast<unsigned>(k0);
      res.bits += 2 * static_cast<std::uint64_t>(B - static_cast<unsigned>(k0));
    }
    if (!blk_bit_err.empty())
      hooks->block(TdBlockView{n0, slicer, dec, blk_bit_err, blk_cw});
    const double ph = rx->phase_ui();
    if (!training) {
      ++phase_counts[std::lround(ph * m.osr)];
      ph_sum += ph; ph_sq += ph * ph; ++ph_n;
      ph_min = std::min(ph_min, ph); ph_max = std::max(ph_max, ph);
    }
    if (blk % trace_every == 0) res.phase_trace_ui.push_back(ph);
    if (progress) progress(static_cast<double>(blk + 1) / static_cast<double>(nblocks));
  }
  res.symbols = n0;
  res.symbol_errors = checker.symbol_errors();
  res.bit_errors = checker.bit_errors();
  const auto& shist = checker.slicer_hist();
  for (std::size_t l = 0; l < 4; ++l) res.slicer_hist[l].assign(shist[l].begin(), shist[l].end());
  const fec::FecMonitor& mon = checker.fec();
  const auto& lsum = checker.level_sum();
  const auto& lsq = checker.level_sum_sq();
  const auto& lcnt = checker.level_count();
  res.ser = res.measured ? static_cast<double>(res.symbol_errors) / static_cast<double>(res.measured) : 0;
  res.ber = res.bits ? static_cast<double>(res.bit_errors) / static_cast<double>(res.bits) : 0;
  res.codewords = mon.codewords();
  res.uncorrectable = mon.uncorrectable_codewords();
  res.corrected_symbols = mon.corrected_symbols();
  res.corrected_bits = mon.corrected_bits();
  for (unsigned i = 0; i < 17; ++i) res.fec_hist[i] = mon.histogram()[i];
  res.rx = rx->state();
  if (ph_n) {
    res.phase_mean_ui = ph_sum / static_cast<double>(ph_n);
    res.phase_std_ui = std::sqrt(std::max(0.0, ph_sq / static_cast<double>(ph_n) - res.phase_mean_ui * res.phase_mean_ui));
    res.phase_min_ui = ph_min;
    res.phase_max_ui = ph_max;
    for (const auto& [k, c] : phase_counts) {
      res.phase_hist_ui.push_back(static_cast<double>(k) / m.osr);
      res.phase_hist_frac.push_back(static_cast<double>(c) / static_cast<double>(ph_n));
    }
  }
  double mse = 0;
  std::uint64_t nt = 0;
  for (int l = 0; l < 4; ++l) {
    if (!lcnt[l]) continue;
    res.level_mean[l] = lsum[l] / static_cast<double>(lcnt[l]);
    res.level_std[l] = std::sqrt(std::max(0.0, lsq[l] / static_cast<double>(lcnt[l]) - res.level_mean[l] * res.level_mean[l]));
    mse += lsq[l] - 2 * kLv[l] * lsum[l] + kLv[l] * kLv[l] * static_cast<double>(lcnt[l]);
    nt += lcnt[l];
  }
  if (nt) res.snr_monitor_db = 10 * std::log10((5.0 / 9.0) / (mse / static_cast<double>(nt)));
  res.agc_gain = agc;
  // Eye at the slicer input: the adapted FFE (linear part) and DFE (fed with the transmitted
  // symbols) applied to the ADC-input waveform at every phase of the eye window.
  if (res.eye_phases > 0 && !eye_txp.empty()) {
    const unsigned P = res.eye_phases;
    const std::size_t N = res.rx.ffe.size(), nb = res.rx.dfe.size();
    std::vector<double> cv(N);
    for (std::size_t i = 0; i < N; ++i) cv[i] = res.rx.ffe[i] * 2 * agc / fs;  // code/2^(bits-1) -> V
    const double g = res.rx.slicer_gain > 0 ? res.rx.slicer_gain : 1.0;
    res.eye_slicer_hist.assign(P, std::vector<std::uint32_t>(128, 0));
    // all P phases of a symbol at once (vectorised over the phases; per phase the same sums in
    // the same order: FFE taps ascending, then the DFE terms)
    // (8 phases at a time with their sums in registers: per phase the same order)
    std::vector<double> y(P);
    for (std::size_t t = N + nb; t < eye_txp.size(); ++t) {
      unsigned j0 = 0;
      for (; j0 + 8 <= P; j0 += 8) {
        double acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        for (std::size_t i = 0; i < N; ++i) {
          const double* x = &eye_store[(t - i) * P + j0];
          for (unsigned jj = 0; jj < 8; ++jj) acc[jj] += cv[i] * x[jj];
        }
        for (unsigned jj = 0; jj < 8; ++jj) y[j0 + jj] = acc[jj];
      }
      for (unsigned j = j0; j < P; ++j) {
        double acc = 0;
        for (std::size_t i = 0; i < N; ++i) acc += cv[i] * eye_store[(t - i) * P + j];
        y[j] = acc;
      }
      for (std::size_t l = 1; l <= nb; ++l) {
        const double f = res.rx.dfe[l - 1] * kLv[eye_txp[t - l]];
        for (unsigned j = 0; j < P; ++j) y[j] -= f;
      }
      for (unsigned j = 0; j < P; ++j) {
        const long bi = static_cast<long>((y[j] / g + 1.6) / 3.2 * 128);
        if (bi >= 0 && bi < 128) ++res.eye_slicer_hist[j][static_cast<std::size_t>(bi)];
      }
    }
  }
  res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

}  // namespace halo::sim

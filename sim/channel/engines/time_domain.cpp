// Time-domain engine: a chain of stages run block by block (constant memory). See
// halo/sim/link.hpp for the signal chain and docs/sim.md for the stages.
//
//   DataSource -> LineCoder -> AnalogTx -> FrontEnd (electrical | optical) -> Adc
//     -> Receiver (cmodel | float RxDsp) -> DecisionChecker -> FecReceiver
//     + EyeMonitor, PhaseMonitor, BlockObserver
//
// make_chain() is the one place where the stages are created from the config; run_chain()
// moves each block through them; collect() gathers the results.
#include <chrono>
#include <cmath>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include "physics/front_end.hpp"
#include "stages/adc.hpp"
#include "stages/block.hpp"
#include "stages/checker.hpp"
#include "stages/fec_rx.hpp"
#include "stages/inner_fec_loop.hpp"
#include "stages/monitors.hpp"
#include "stages/receiver.hpp"
#include "stages/source.hpp"
#include "stages/transmitter.hpp"
#include "halo/sim/link.hpp"

namespace halo::sim {

std::shared_ptr<detail::FrontEnd> detail::make_front_end(const LinkConfig& cfg, const LinkModel& m, long& start) {
  if (m.optical) {
    start = 0;
    return make_optical_front_end(cfg, m);
  }
  // start sample: MM lock estimate for mm (the CDR converges from there), the best phase
  // otherwise, plus rx.cdr.initial_offset_ui
  StatOptions so = stat_options(cfg, m);
  so.with_eye = false;
  start = cfg.rx.cdr == "mm" ? mueller_muller_lock(m.pulse) : analyze(m.pulse, stat_noise(cfg, m), so).cursor_sample;
  start += std::lround(cfg.rx.cdr_initial_offset_ui * m.osr);
  return make_linear_front_end(cfg, m, start);
}

double detail::front_end_agc(const LinkConfig& cfg, const LinkModel& m, const FrontEnd& fe) {
  return m.optical ? cfg.rx.agc_target_rms * cfg.rx.adc_full_scale_v / fe.signal_rms() : m.agc_gain;
}

namespace {

using namespace detail;

/// Every stage of one time-domain run, in data-flow order.
struct TdChain {
  long start = 0;                        // first sampling point (electrical: pulse sample)
  std::unique_ptr<DataSource> source;
  std::unique_ptr<LineCoder> coder;
  std::unique_ptr<AnalogTx> tx;
  std::shared_ptr<FrontEnd> front_end;   // shared with a TdReplay
  TdReplay* replay = nullptr;            // records (replay->filled false) or replays the ADC codes
  std::unique_ptr<Adc> adc;
  std::unique_ptr<RxDsp> own_rx;         // the receiver when the caller gives none
  std::unique_ptr<Receiver> rx;
  std::unique_ptr<TxHistory> history;    // the transmitted symbols the decisions refer to
  std::unique_ptr<DecisionChecker> checker;
  std::unique_ptr<FecReceiver> fec;      // null without FEC
  std::unique_ptr<InnerFecLoop> inner;   // Clause 177 inner FEC before KP4 (fec: kp4_inner_*)
  std::vector<std::uint8_t> inner_err;   // its deinterleaved residual error pattern
  std::uint64_t inner_pos = 0;           // KP4 stream position of inner_err[0]
  std::unique_ptr<EyeMonitor> eye;
  std::unique_ptr<PhaseMonitor> phase;
  std::unique_ptr<BlockObserver> observer;
  std::size_t eye_blocks = 0;            // eye-window blocks replayed so far
};

/// The stages of a run from the config and model. rx_in: the caller's receiver, or null for
/// the one rx.model names.
TdChain make_chain(const LinkConfig& cfg, const LinkModel& m, RxDsp* rx_in, const TdHooks* hooks) {
  const unsigned B = cfg.block_symbols;
  TdChain c;
  c.source = make_source(cfg.tx.pattern, cfg.seed, cfg.shard);
  c.coder = std::make_unique<LineCoder>(cfg.tx.gray, cfg.tx.precoding, B);
  c.tx = std::make_unique<AnalogTx>(cfg, m);
  if (hooks && hooks->replay) {
    // the sampling phase must not depend on the receiver, nor the link change during the run
    if (cfg.rx.cdr != "fixed")
      throw std::invalid_argument(cfg.name + ": rx.cdr: a replayed time-domain run needs \"fixed\", found \"" + cfg.rx.cdr + "\"");
    if (hooks->conditions) throw std::invalid_argument(cfg.name + ": a replayed time-domain run takes no conditions hook");
    c.replay = hooks->replay;
    if (c.replay->filled && c.replay->key != hooks->replay_key)
      throw std::invalid_argument(cfg.name + ": replayed time-domain run: the link up to the ADC differs from the recorded one");
  }
  // front end and its start sample (make_front_end)
  if (c.replay && c.replay->filled) {
    c.front_end = std::static_pointer_cast<FrontEnd>(c.replay->front_end);  // constant members only
    c.start = c.replay->start;
  } else {
    c.front_end = make_front_end(cfg, m, c.start);
  }
  if (c.replay && !c.replay->filled) {
    c.replay->key = hooks->replay_key;
    c.replay->front_end = c.front_end;
    c.replay->start = c.start;
    c.replay->codes.clear();
    c.replay->eye_clean.clear();
    c.replay->eye_noisy.clear();
  }
  // AGC from the signal statistics (electrical: analytic; optical: calibration waveform)
  const double agc = front_end_agc(cfg, m, *c.front_end);
  c.adc = std::make_unique<Adc>(cfg.rx, agc, m.sigma_rx_v, cfg.seed, cfg.shard);
  RxDsp* rx = rx_in;
  if (!rx) {
    c.own_rx = make_link_rx(cfg, m, *c.front_end, c.start, agc, c.adc->lsb_v());
    rx = c.own_rx.get();
  }
  c.rx = std::make_unique<Receiver>(*rx, cfg.rx.freeze_after_training, B);
  // decision k of block n0 -> TX symbol n0 + k - D
  const long D = c.front_end->cursor_delay() + static_cast<long>(rx->latency());
  c.history = std::make_unique<TxHistory>(D, B);
  c.checker = std::make_unique<DecisionChecker>(cfg.tx.gray, cfg.tx.precoding);
  if (cfg.fec == "kp4" || cfg.fec.rfind("kp4_inner", 0) == 0) c.fec = std::make_unique<FecReceiver>();
  if (cfg.fec.rfind("kp4_inner", 0) == 0) c.inner = std::make_unique<InnerFecLoop>(cfg.fec == "kp4_inner_chase");
  c.eye = std::make_unique<EyeMonitor>(c.front_end->eye_phases(), B);
  const std::uint64_t nblocks = (cfg.symbols + B - 1) / B;
  c.phase = std::make_unique<PhaseMonitor>(m.osr, nblocks);
  c.observer = std::make_unique<BlockObserver>(hooks, B);
  return c;
}

/// Per-block buffers between the stages (B entries each).
struct TdBuffers {
  explicit TdBuffers(unsigned B, bool jitter)
      : data(B), line(B), u(B), tau(jitter ? B : 0), v(B), codes(B), dec(B), err(B), slicer(B) {}
  std::vector<std::uint8_t> data, line;  // source symbols, line symbols
  std::vector<double> u, tau, v;         // TX amplitude (V), TX edge jitter (UI), channel output (V)
  std::vector<double> eye;               // eye samples (eye window only)
  std::vector<std::int16_t> codes;       // ADC codes
  std::vector<std::uint8_t> dec, err;    // decisions, bit-error patterns
  std::vector<float> slicer;             // slicer inputs (level units)
};

/// Runs cfg.symbols symbols through the chain; counts the measured symbols in res.
void run_chain(const LinkConfig& cfg, const LinkModel& m, TdChain& c, const Progress& progress,
               const TdHooks* hooks, TdResult& res) {
  const unsigned B = cfg.block_symbols;
  const long D = c.history->delay();
  TdBuffers buf(B, c.tx->jitter());
  const std::uint64_t train_syms = std::min<std::uint64_t>(cfg.rx.training_symbols, cfg.symbols / 2);
  const std::uint64_t nblocks = (cfg.symbols + B - 1) / B;
  bool rx_prev_valid = false;
  std::uint64_t n0 = 0;
  for (std::uint64_t blk = 0; blk < nblocks; ++blk, n0 += B) {
    const BlockInfo b{n0, n0 < train_syms};
    if (hooks && hooks->conditions) {
      TdConditions cond;
      hooks->conditions(n0, cond);
      c.adc->set_rx_noise(std::isnan(cond.rx_noise_mv) ? m.sigma_rx_v : cond.rx_noise_mv * 1e-3);
      if (!std::isnan(cond.temperature_c)) c.front_end->set_temperature_c(cond.temperature_c);
    }
    c.observer->begin();
    // transmitter
    c.source->fill(buf.data);
    c.coder->process(n0, buf.data, c.source->format(), *c.history, buf.line);
    const bool want_eye = c.eye->wants(b);
    if (c.replay && c.rx->phase_ui() != 0)
      throw std::logic_error(cfg.name + ": recorded or replayed time-domain run: the CDR phase moved");
    if (c.replay && c.replay->filled) {
      // replay: the recorded ADC codes (and eye samples) of the same link
      const std::size_t at = static_cast<std::size_t>(n0);
      if (at + B > c.replay->codes.size())
        throw std::logic_error(cfg.name + ": replayed time-domain run: the recording is shorter than the run");
      std::copy_n(c.replay->codes.begin() + static_cast<std::ptrdiff_t>(at), B, buf.codes.begin());
      if (want_eye) {
        const std::size_t e = c.eye_blocks++;
        c.eye->begin(c.replay->eye_clean.at(e));
        c.eye->record(b, c.replay->eye_noisy.at(e), *c.history);
      }
    } else {
      c.tx->process(n0, buf.line, buf.u, buf.tau);
      // channel and sampler at the CDR phase, RX noise, AGC, ADC
      c.front_end->process(buf.u, buf.tau, c.rx->phase_ui() * m.osr, buf.v, want_eye ? &buf.eye : nullptr);
      if (want_eye) {
        if (c.replay) c.replay->eye_clean.push_back(buf.eye);
        c.eye->begin(buf.eye);
        c.adc->add_eye_noise(buf.eye);
        c.eye->record(b, buf.eye, *c.history);
        if (c.replay) c.replay->eye_noisy.push_back(buf.eye);
      }
      c.adc->process(buf.v, buf.codes);
      if (c.replay) c.replay->codes.insert(c.replay->codes.end(), buf.codes.begin(), buf.codes.end());
    }
    // receiver DSP
    c.rx->process(b, buf.codes, *c.history, buf.dec, buf.slicer);
    // checker and FEC (decision k refers to TX symbol n0 + k - D)
    const long k0 = std::max<long>(0, D - static_cast<long>(n0));  // first k with a TX symbol
    if (!b.training && k0 < static_cast<long>(B)) {
      if (!rx_prev_valid) {
        c.checker->set_previous(c.history->line(static_cast<long>(n0) + k0 - D - 1));
        rx_prev_valid = true;
      }
      const auto k0u = static_cast<std::size_t>(k0);
      c.checker->check(c.history->ring(), n0, static_cast<std::uint64_t>(D), k0u, buf.dec, buf.slicer, buf.err);
      if (c.inner) {
        c.inner_err.clear();
        c.inner->process(n0 - static_cast<std::uint64_t>(D), k0u, buf.err, buf.slicer, c.inner_err);
        if (!c.inner_err.empty()) c.fec->process(c.inner_pos, 0, c.inner_err, nullptr);
        c.inner_pos += c.inner_err.size();
      } else if (c.fec) {
        c.fec->process(n0 - static_cast<std::uint64_t>(D), k0u, buf.err, c.observer->codewords());
      }
      c.observer->errors(k0u, buf.err);
      res.measured += B - static_cast<unsigned>(k0);
      res.bits += 2 * static_cast<std::uint64_t>(B - static_cast<unsigned>(k0));
    }
    c.observer->end(n0, buf.slicer, buf.dec, buf.codes, c.front_end->cursor_delay());
    c.phase->record(b, blk, c.rx->phase_ui());
    if (progress) progress(static_cast<double>(blk + 1) / static_cast<double>(nblocks));
  }
  res.symbols = n0;
}

/// The results of the stages after the run.
void collect(const LinkConfig& cfg, const TdChain& c, TdResult& res) {
  const DecisionChecker& ck = *c.checker;
  res.symbol_errors = ck.symbol_errors();
  res.bit_errors = ck.bit_errors();
  res.ser = res.measured ? static_cast<double>(res.symbol_errors) / static_cast<double>(res.measured) : 0;
  res.ber = res.bits ? static_cast<double>(res.bit_errors) / static_cast<double>(res.bits) : 0;
  res.slicer_hist_edges.resize(201);
  for (int i = 0; i <= 200; ++i) res.slicer_hist_edges[static_cast<std::size_t>(i)] = -1.6 + 3.2 * i / 200.0;
  for (std::size_t l = 0; l < 4; ++l) res.slicer_hist[l].assign(ck.slicer_hist()[l].begin(), ck.slicer_hist()[l].end());
  if (c.fec) {
    const fec::FecMonitor& mon = c.fec->monitor();
    res.codewords = mon.codewords();
    res.uncorrectable = mon.uncorrectable_codewords();
    res.corrected_symbols = mon.corrected_symbols();
    res.corrected_bits = mon.corrected_bits();
    for (unsigned i = 0; i < 17; ++i) res.fec_hist[i] = mon.histogram()[i];
  }
  if (c.inner) {
    res.inner_codewords = c.inner->codewords();
    res.inner_in_bit_errors = c.inner->in_bit_errors();
    res.inner_out_bits = c.inner->out_bits();
    res.inner_out_bit_errors = c.inner->out_bit_errors();
  }
  // level statistics and the SNR monitor ((5/9) / slicer MSE)
  double mse = 0;
  std::uint64_t nt = 0;
  for (std::size_t l = 0; l < 4; ++l) {
    const double sum = ck.level_sum()[l], sq = ck.level_sum_sq()[l];
    const std::uint64_t cnt = ck.level_count()[l];
    if (!cnt) continue;
    res.level_mean[l] = sum / static_cast<double>(cnt);
    res.level_std[l] = std::sqrt(std::max(0.0, sq / static_cast<double>(cnt) - res.level_mean[l] * res.level_mean[l]));
    mse += sq - 2 * kPam4Levels[l] * sum + kPam4Levels[l] * kPam4Levels[l] * static_cast<double>(cnt);
    nt += cnt;
  }
  if (nt) res.snr_monitor_db = 10 * std::log10((5.0 / 9.0) / (mse / static_cast<double>(nt)));
  res.rx = c.rx->dsp().state();
  res.agc_gain = c.adc->agc_gain();
  c.phase->finish(res);
  c.eye->finish(res.rx, res.agc_gain, cfg.rx.adc_full_scale_v, res);
}

}  // namespace

TdResult run_time_domain(const LinkConfig& cfg, const LinkModel& m, const Progress& progress, RxDsp* rx,
                         const TdHooks* hooks) {
  const auto t0 = std::chrono::steady_clock::now();
  TdChain chain = make_chain(cfg, m, rx, hooks);
  TdResult res;
  res.cursor_sample_start = chain.start;
  res.rx_name = chain.rx->dsp().name();
  run_chain(cfg, m, chain, progress, hooks, res);
  if (chain.replay) chain.replay->filled = true;
  collect(cfg, chain, res);
  res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

}  // namespace halo::sim

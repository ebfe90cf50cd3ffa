// SystemC system model of the PAM4 retimer receive path (C++17): a TX + channel module
// streams the ADC codes of a KP4-encoded, Gray-coded, precoded PAM4 line through a synthetic
// ISI channel (verif/top/retimer_scenario; the link simulator's channel replaces it through
// HALO_COSIM_ADC_FILE-style hooks once merged) into the verilated rtl/top/retimer_rx (P = 8),
// and a scoreboard compares every decoded symbol and every corrected FEC symbol with the
// golden model (RetimerRx with its FEC receive block FecRx) running beside it, counting
// pre-FEC bit errors, FEC corrections and post-FEC errors. Exit status 0 iff everything matched.
//
//   halo_sc_retimer [--codewords N] [--sigma LSB] [--seed S] [--ready-prob p] [--fst FILE]
//
// --fst writes an FST waveform of the whole design (view with gtkwave).
//
//   halo_sc_retimer --link CONFIG.yaml [--codewords N] [--warmup N] [--phase-offset UI]
//                   [--open-loop] [--gap-prob p] [--lock-tolerance UI] [--ready-prob p] [--seed S]
//                   [--fst FILE]
//
// --link: the channel is the link simulator's front end (LinkTx below, halo::sim::ChannelStream
// through link_channel.hpp), configured from the same YAML as `halolink sim`; every beat of
// P codes is sampled at the phase the RTL's CDR reports (cdr_phase_o, unwrapped), so the RTL
// closes the CDR loop through SystemC signals. The codes are recorded as they are produced and
// the golden model runs on them afterwards (make_recorded_scenario); every RTL output beat is
// compared with it. --phase-offset starts the sampler that far from the lock estimate
// (rx.cdr.initial_offset_ui, electrical links); the loop check requires the sampler to end
// within --lock-tolerance (0.05 UI) of the lock estimate. --open-loop cuts the feedback (the
// sampler stays where it started): the loop check then fails ("loop: NOT CLOSED"), which ctest sc_link_open_loop expects.
#include <systemc.h>
#include <verilated.h>
#include <verilated_fst_sc.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>

#include "Vsc_retimer_rx.h"
#include "../cover.hpp"
#include "link_channel.hpp"
#include "retimer_scenario.hpp"

namespace {

constexpr unsigned kP = 8;  // PAM4 symbols per beat
constexpr unsigned kQ = 2;  // FEC symbols per beat
using halo::verif::Scenario;

template <int W>
sc_bv<W> pack12(const std::vector<std::int32_t>& v) {
  sc_bv<W> b;
  for (std::size_t k = 0; k < v.size(); ++k) b.range(12 * k + 11, 12 * k) = static_cast<unsigned>(v[k] & 0xfff);
  return b;
}

// TX + channel: streams the scenario's ADC codes, one beat of kP codes per accepted cycle.
SC_MODULE(TxChannel) {
  sc_in<bool> clk;
  sc_in<bool> rst_n;
  sc_in<bool> ready;
  sc_out<bool> valid;
  sc_out<uint64_t> adc;
  const Scenario* s = nullptr;
  std::size_t beat = 0;
  bool started = false;

  void step() {
    if (!rst_n.read()) return;
    if (started && valid.read() && ready.read()) ++beat;
    started = true;
    const std::size_t beats = s->adc.size() / kP;
    if (beat < beats) {
      uint64_t d = 0;
      for (unsigned l = 0; l < kP; ++l) d |= static_cast<uint64_t>(static_cast<uint8_t>(s->adc[beat * kP + l])) << (8 * l);
      adc.write(d);
      valid.write(true);
    } else {
      valid.write(false);
    }
  }
  SC_CTOR(TxChannel) {
    SC_METHOD(step);
    sensitive << clk.pos();
    dont_initialize();
  }
};

// Scoreboard: golden model beside the RTL; BER / FEC counters.
SC_MODULE(Scoreboard) {
  sc_in<bool> clk;
  sc_in<bool> rst_n;
  sc_in<bool> sym_valid;
  sc_in<uint32_t> sym;
  sc_in<bool> out_valid;
  sc_out<bool> out_ready;
  sc_in<uint32_t> out_data;
  sc_in<bool> out_last;
  sc_in<bool> out_uncorr;
  sc_in<uint32_t> out_corr_sym;
  const Scenario* s = nullptr;
  double ready_prob = 1.0;
  std::mt19937_64 rng{5};
  std::size_t sym_beats = 0, fec_beats = 0, mismatches = 0;
  std::uint64_t pre_fec_bit_errors = 0, pre_fec_bits = 0, corrected = 0, uncorrectable = 0,
                post_fec_symbol_errors = 0, codewords = 0;

  bool done() const { return fec_beats * kQ >= s->fec_out.size() && sym_beats * kP >= s->adc.size(); }

  void step() {
    if (!rst_n.read()) return;
    if (sym_valid.read()) {
      const uint32_t v = sym.read();
      for (unsigned l = 0; l < kP; ++l) {
        const std::size_t i = sym_beats * kP + l;
        const unsigned got = (v >> (2 * l)) & 3u;
        if (i < s->rx_symbols.size() && got != s->rx_symbols[i]) ++mismatches;
        // pre-FEC: decoded vs transmitted bits over the codewords (Gray: bit diff = popcount
        // of the demapped XOR)
        const std::size_t first = s->rx.fec_skip, last = first + 2720ull * s->status.size();
        if (i >= first && i < last) {
          const unsigned tx = s->tx_symbols[i - 7];  // RX output i is TX symbol i - latency
          auto demap = [](unsigned x) { return x ^ ((x >> 1) & 1u); };
          const unsigned d = demap(got) ^ demap(tx);
          pre_fec_bit_errors += (d & 1u) + (d >> 1);
          pre_fec_bits += 2;
        }
      }
      ++sym_beats;
    }
    if (out_valid.read() && out_ready.read()) {
      const uint32_t d = out_data.read();
      for (unsigned q = 0; q < kQ; ++q) {
        const std::size_t i = fec_beats * kQ + q;
        const unsigned got = (d >> (10 * q)) & 1023u;
        if (i < s->fec_out.size() && got != s->fec_out[i]) ++mismatches;
        if (i < s->tx_codewords.size() && got != s->tx_codewords[i]) ++post_fec_symbol_errors;
      }
      if (out_last.read()) {
        const auto& st = s->status[codewords];
        if (out_uncorr.read() != st.uncorrectable || out_corr_sym.read() != st.corrected_symbols) ++mismatches;
        uncorrectable += out_uncorr.read();
        corrected += out_corr_sym.read();
        ++codewords;
      }
      ++fec_beats;
    }
    std::uniform_real_distribution<double> u(0.0, 1.0);
    out_ready.write(u(rng) < ready_prob);
  }
  SC_CTOR(Scoreboard) {
    SC_METHOD(step);
    sensitive << clk.pos();
    dont_initialize();
  }
};

// Link-simulator channel: one beat of kP ADC codes per accepted beat, sampled at the RTL CDR's
// phase (cdr_phase_o relative to its value after init, unwrapped: 2^32 = 1 UI), recorded.
SC_MODULE(LinkTx) {
  sc_in<bool> clk;
  sc_in<bool> rst_n;
  sc_in<bool> init;
  sc_in<bool> ready;
  sc_in<uint32_t> phase;
  sc_out<bool> valid;
  sc_out<uint64_t> adc;
  halo::verif::LinkChannel* ch = nullptr;
  std::size_t total = 0;       // codes to produce
  bool open_loop = false;
  double gap_prob = 0;
  std::mt19937_64 rng{11};
  std::vector<std::int16_t> codes;   // every code produced, in order
  std::vector<double> beat_phase;    // sampling phase (UI) of every beat
  bool have = false, tracking = false;
  std::uint32_t last_phi = 0;
  double unwrapped = 0;              // the RTL's phase command, UI since init

  void step() {
    if (!rst_n.read() || init.read()) return;
    const std::uint32_t phi = phase.read();
    if (!tracking) {
      tracking = true;
      last_phi = phi;
    }
    unwrapped += static_cast<double>(static_cast<std::int32_t>(phi - last_phi)) / 4294967296.0;
    last_phi = phi;
    if (have && valid.read() && ready.read()) have = false;
    std::uniform_real_distribution<double> u(0.0, 1.0);
    if (!have && codes.size() < total && !(gap_prob > 0 && u(rng) < gap_prob)) {
      const double ph = open_loop ? 0.0 : unwrapped;
      std::int16_t c[kP];
      ch->next(ph, c, kP);
      uint64_t d = 0;
      for (unsigned l = 0; l < kP; ++l) {
        d |= static_cast<uint64_t>(static_cast<uint8_t>(c[l])) << (8 * l);
        codes.push_back(c[l]);
      }
      beat_phase.push_back(ph);
      adc.write(d);
      have = true;
    }
    valid.write(have);
  }
  SC_CTOR(LinkTx) {
    SC_METHOD(step);
    sensitive << clk.pos();
    dont_initialize();
  }
};

// Records every RTL output beat for the comparison with the golden model after the run.
SC_MODULE(Recorder) {
  sc_in<bool> clk;
  sc_in<bool> rst_n;
  sc_in<bool> sym_valid;
  sc_in<uint32_t> sym;
  sc_in<sc_bv<96>> cdr_code;
  sc_in<uint32_t> cdr_phase;
  sc_in<bool> out_valid;
  sc_out<bool> out_ready;
  sc_in<uint32_t> out_data;
  sc_in<bool> out_last;
  sc_in<bool> out_uncorr;
  sc_in<uint32_t> out_errors;
  sc_in<uint32_t> out_corr_sym;
  sc_in<uint32_t> out_corr_bits;
  double ready_prob = 1.0;
  std::mt19937_64 rng{5};
  std::vector<std::uint8_t> syms;
  std::vector<std::uint16_t> cdr_codes;
  std::vector<std::uint16_t> fec;
  std::vector<halo::verif::CodewordStatus> status;

  void step() {
    if (!rst_n.read()) return;
    if (sym_valid.read()) {
      const uint32_t v = sym.read();
      const sc_bv<96> cc = cdr_code.read();
      for (unsigned l = 0; l < kP; ++l) {
        syms.push_back(static_cast<std::uint8_t>((v >> (2 * l)) & 3u));
        cdr_codes.push_back(static_cast<std::uint16_t>(cc.range(12 * l + 11, 12 * l).to_uint()));
      }
      halo::verif::cov::sample_cdr_phase(cdr_phase.read());
    }
    if (out_valid.read() && out_ready.read()) {
      const uint32_t d = out_data.read();
      for (unsigned q = 0; q < kQ; ++q) fec.push_back(static_cast<std::uint16_t>((d >> (10 * q)) & 1023u));
      if (out_last.read()) {
        status.push_back({out_uncorr.read(), out_errors.read(), out_corr_sym.read(), out_corr_bits.read()});
        halo::verif::cov::sample_fec_errors(out_uncorr.read(), out_errors.read());
      }
    }
    std::uniform_real_distribution<double> u(0.0, 1.0);
    out_ready.write(u(rng) < ready_prob);
  }
  SC_CTOR(Recorder) {
    SC_METHOD(step);
    sensitive << clk.pos();
    dont_initialize();
  }
};

// The verilated retimer_rx with a signal on every port.
struct Top {
  sc_clock clk{"clk", 10, SC_NS};
  sc_signal<bool> rst_n, init, in_valid, in_ready, sym_valid, out_valid, out_ready, out_first,
      out_last, out_uncorr;
  sc_signal<bool> ffe_en, vol_en, dfe_en, slicer_adaptive, freeze, precoding, correct;
  sc_signal<uint64_t> adc;
  sc_signal<uint32_t> adc_bits, ffe_mode, ffe_mu, vol_mode, vol_mu, level_a, level_mu, dfe_mode,
      dfe_mu, dfe_tap, dfe_tap_o, kp, ki, phase_bits, init_phase, phase_o, skip, sym, out_data,
      out_errors, out_corr_sym, out_corr_bits;
  sc_signal<sc_bv<192>> ffe_coef, ffe_coef_o, vol_coef, vol_coef_o;
  sc_signal<sc_bv<96>> cdr_code;
  sc_signal<bool> mon_valid;       // level-monitor observation (unused here)
  sc_signal<uint32_t> mon_sym;
  sc_signal<sc_bv<104>> mon_z;
  // Clause 177 inner FEC ports (absent in this InnerFec = 0 model: held at 0, outputs unused)
  sc_signal<bool> inner_en, inner_chase, inner_correct, inner_clear, inner_cw_valid, inner_cw_corr,
      inner_cw_uncorr;
  sc_signal<uint32_t> inner_skip, inner_cnt_cw, inner_cnt_corr, inner_cnt_uncorr, inner_cnt_pos;
  sc_signal<sc_bv<68>> inner_flips;
  sc_signal<sc_bv<68 * 16>> inner_hist;

  std::unique_ptr<Vsc_retimer_rx> dut;

  Top() {
    dut = std::make_unique<Vsc_retimer_rx>("dut");
    dut->clk_i(clk);
    dut->rst_ni(rst_n);
    dut->init_i(init);
    dut->adc_bits_i(adc_bits);
    dut->ffe_adapt_en_i(ffe_en);
    dut->ffe_lms_mode_i(ffe_mode);
    dut->ffe_mu_i(ffe_mu);
    dut->ffe_coef_i(ffe_coef);
    dut->ffe_coef_o(ffe_coef_o);
    dut->vol_adapt_en_i(vol_en);
    dut->vol_lms_mode_i(vol_mode);
    dut->vol_mu_i(vol_mu);
    dut->vol_coef_i(vol_coef);
    dut->vol_coef_o(vol_coef_o);
    dut->level_a_i(level_a);
    dut->slicer_adaptive_i(slicer_adaptive);
    dut->level_mu_i(level_mu);
    dut->dfe_adapt_en_i(dfe_en);
    dut->dfe_lms_mode_i(dfe_mode);
    dut->dfe_mu_i(dfe_mu);
    dut->dfe_tap_i(dfe_tap);
    dut->dfe_tap_o(dfe_tap_o);
    dut->cdr_kp_shift_i(kp);
    dut->cdr_ki_shift_i(ki);
    dut->cdr_phase_bits_i(phase_bits);
    dut->cdr_freeze_i(freeze);
    dut->cdr_init_phase_i(init_phase);
    dut->cdr_code_o(cdr_code);
    dut->cdr_phase_o(phase_o);
    dut->precoding_i(precoding);
    dut->fec_correct_en_i(correct);
    dut->fec_skip_i(skip);
    dut->inner_en_i(inner_en);
    dut->inner_chase_i(inner_chase);
    dut->inner_correct_en_i(inner_correct);
    dut->inner_skip_i(inner_skip);
    dut->inner_clear_i(inner_clear);
    dut->inner_cw_valid_o(inner_cw_valid);
    dut->inner_cw_corrected_o(inner_cw_corr);
    dut->inner_cw_uncorr_o(inner_cw_uncorr);
    dut->inner_cw_flips_o(inner_flips);
    dut->inner_cnt_cw_o(inner_cnt_cw);
    dut->inner_cnt_corr_cw_o(inner_cnt_corr);
    dut->inner_cnt_uncorr_o(inner_cnt_uncorr);
    dut->inner_cnt_corr_pos_o(inner_cnt_pos);
    dut->inner_cnt_hist_o(inner_hist);
    dut->in_valid_i(in_valid);
    dut->in_ready_o(in_ready);
    dut->in_adc_i(adc);
    dut->rx_sym_valid_o(sym_valid);
    dut->rx_sym_o(sym);
    dut->mon_valid_o(mon_valid);
    dut->mon_sym_o(mon_sym);
    dut->mon_z_o(mon_z);
    dut->out_valid_o(out_valid);
    dut->out_ready_i(out_ready);
    dut->out_data_o(out_data);
    dut->out_first_o(out_first);
    dut->out_last_o(out_last);
    dut->out_uncorr_o(out_uncorr);
    dut->out_errors_o(out_errors);
    dut->out_corr_sym_o(out_corr_sym);
    dut->out_corr_bits_o(out_corr_bits);
  }

  // configuration ports from the RxSettings (what RetimerRx is configured with)
  void configure(const halo::verif::RxSettings& r) {
    adc_bits = static_cast<uint32_t>(r.adc_bits);
    ffe_en = true;
    ffe_mode = static_cast<uint32_t>(r.ffe_mode);
    ffe_mu = static_cast<uint32_t>(r.ffe_mu);
    ffe_coef = pack12<192>(r.ffe_taps);
    vol_en = true;
    vol_mode = static_cast<uint32_t>(r.vol_mode);
    vol_mu = static_cast<uint32_t>(r.vol_mu);
    vol_coef = pack12<192>(r.vol_coefs);
    level_a = static_cast<uint32_t>(r.level_a);
    slicer_adaptive = true;
    level_mu = static_cast<uint32_t>(r.level_mu);
    dfe_en = true;
    dfe_mode = static_cast<uint32_t>(r.dfe_mode);
    dfe_mu = static_cast<uint32_t>(r.dfe_mu);
    dfe_tap = static_cast<uint32_t>(r.dfe_tap) & 0xfffu;
    kp = static_cast<uint32_t>(r.cdr_kp);
    ki = static_cast<uint32_t>(r.cdr_ki);
    phase_bits = static_cast<uint32_t>(r.cdr_phase_bits);
    freeze = false;
    init_phase = r.cdr_init_phase;
    precoding = r.precoding;
    correct = true;
    skip = r.fec_skip;
  }

  // reset, then init_i for one cycle (loads the coefficients)
  void reset() {
    rst_n = false;
    init = false;
    sc_start(25, SC_NS);
    rst_n = true;
    init = true;
    sc_start(10, SC_NS);
    init = false;
  }

  // the ports a channel module (TxChannel, LinkTx) and an output module (Scoreboard,
  // Recorder) share
  template <class Tx>
  void bind_input(Tx& tx) {
    tx.clk(clk);
    tx.rst_n(rst_n);
    tx.ready(in_ready);
    tx.valid(in_valid);
    tx.adc(adc);
  }
  template <class Sb>
  void bind_outputs(Sb& sb) {
    sb.clk(clk);
    sb.rst_n(rst_n);
    sb.sym_valid(sym_valid);
    sb.sym(sym);
    sb.out_valid(out_valid);
    sb.out_ready(out_ready);
    sb.out_data(out_data);
    sb.out_last(out_last);
    sb.out_uncorr(out_uncorr);
    sb.out_corr_sym(out_corr_sym);
  }

  std::unique_ptr<VerilatedFstSc> tfp;
  void trace(const std::string& fst) {
    if (fst.empty()) return;
    Verilated::traceEverOn(true);
    sc_start(SC_ZERO_TIME);
    tfp = std::make_unique<VerilatedFstSc>();
    dut->trace(tfp.get(), 99);
    tfp->open(fst.c_str());
  }

  std::int32_t dfe_tap_value() const { return static_cast<std::int32_t>((dfe_tap_o.read() ^ 0x800u) & 0xfffu) - 0x800; }
  std::int32_t ffe_tap_value(unsigned k) const {
    const sc_bv<192> v = ffe_coef_o.read();
    return static_cast<std::int32_t>((v.range(12 * k + 11, 12 * k).to_uint() ^ 0x800u) & 0xfffu) - 0x800;
  }
};

struct LinkOptions {
  std::string config;
  unsigned codewords = 200;
  unsigned warmup = 8192;
  bool set_offset = false;
  double offset_ui = 0;
  bool open_loop = false;
  double gap_prob = 0;
  std::uint64_t seed = 0;
  double lock_tol = 0.05;  // UI: the sampler's end phase vs the lock estimate
};

}  // namespace

int link_main(const LinkOptions& o, double ready_prob, const std::string& fst);

int sc_main(int argc, char** argv) {
  halo::verif::ScenarioConfig cfg;
  cfg.codewords = 4;
  double ready_prob = 1.0;
  std::string fst;
  LinkOptions link;
  bool link_mode = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s: missing value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--codewords") cfg.codewords = link.codewords = static_cast<unsigned>(std::stoul(next()));
    else if (a == "--link") link_mode = true, link.config = next();
    else if (a == "--warmup") link.warmup = static_cast<unsigned>(std::stoul(next()));
    else if (a == "--phase-offset") link.set_offset = true, link.offset_ui = std::stod(next());
    else if (a == "--open-loop") link.open_loop = true;
    else if (a == "--gap-prob") link.gap_prob = std::stod(next());
    else if (a == "--lock-tolerance") link.lock_tol = std::stod(next());
    else if (a == "--sigma") cfg.sigma = std::stod(next());
    else if (a == "--seed") cfg.seed = link.seed = std::stoull(next());
    else if (a == "--ready-prob") ready_prob = std::stod(next());
    else if (a == "--fst") fst = next();
    else {
      std::fprintf(stderr, "unknown option %s\nusage: %s [--codewords N] [--sigma LSB] "
                   "[--seed S] [--ready-prob p] [--fst FILE]\n"
                   "       %s --link CONFIG.yaml [--codewords N] [--warmup N] [--phase-offset UI] "
                   "[--open-loop] [--gap-prob p] [--lock-tolerance UI] [--ready-prob p] [--seed S] [--fst FILE]\n",
                   a.c_str(), argv[0], argv[0]);
      return 2;
    }
  }
  Verilated::commandArgs(argc, argv);
  if (link_mode) {
    try {
      return link_main(link, ready_prob, fst);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "halo_sc_retimer: %s\n", e.what());
      return 2;
    }
  }
  const Scenario s = halo::verif::make_scenario(cfg);
  std::printf("golden model: %s\n", halo::verif::summary(s).c_str());

  Top t;
  TxChannel tx("tx");
  t.bind_input(tx);
  tx.s = &s;
  Scoreboard sb("scoreboard");
  t.bind_outputs(sb);
  sb.s = &s;
  sb.ready_prob = ready_prob;

  t.configure(s.rx);
  t.trace(fst);
  t.reset();
  const double limit_ns = 10.0 * (40.0 * static_cast<double>(s.adc.size()) / kP + 20000.0);
  while (!sb.done() && sc_time_stamp().to_double() / 1000.0 < limit_ns) sc_start(1000, SC_NS);
  if (t.tfp) t.tfp->close();

  const bool finished = sb.done();
  const bool taps_ok = t.dfe_tap_value() == s.dfe_tap && t.phase_o.read() == s.cdr_phase;
  std::printf("RTL: %zu PAM4 symbols and %zu FEC symbols checked against the golden model, %zu "
              "mismatches%s\n", sb.sym_beats * kP, sb.fec_beats * kQ, sb.mismatches,
              finished ? "" : " (TIMEOUT)");
  std::printf("pre-FEC: %llu bit errors in %llu bits, BER %.3g\n",
              static_cast<unsigned long long>(sb.pre_fec_bit_errors),
              static_cast<unsigned long long>(sb.pre_fec_bits),
              sb.pre_fec_bits ? static_cast<double>(sb.pre_fec_bit_errors) / sb.pre_fec_bits : 0.0);
  std::printf("FEC: %llu codewords, %llu symbols corrected, %llu uncorrectable, %llu symbol "
              "errors after FEC; final DFE tap %s, CDR phase %s\n",
              static_cast<unsigned long long>(sb.codewords),
              static_cast<unsigned long long>(sb.corrected),
              static_cast<unsigned long long>(sb.uncorrectable),
              static_cast<unsigned long long>(sb.post_fec_symbol_errors),
              taps_ok ? "match" : "MISMATCH", taps_ok ? "match" : "MISMATCH");
  if (!fst.empty()) std::printf("FST waveform: %s\n", fst.c_str());
  t.dut->final();
  halo::verif::cov::write_code_coverage(t.dut->contextp(), t.dut->modelName());
  const bool ok = finished && sb.mismatches == 0 && taps_ok &&
                  sb.pre_fec_bit_errors == s.pre_fec_bit_errors &&
                  sb.post_fec_symbol_errors == s.post_fec_symbol_errors;
  std::printf("%s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}

// --link: the link simulator's channel with the RTL's CDR in the loop (see the file comment).
int link_main(const LinkOptions& o, double ready_prob, const std::string& fst) {
  using namespace halo::verif;
  LinkChannelOptions lo;
  lo.config = o.config;
  lo.seed = o.seed;
  lo.set_phase_offset = o.set_offset;
  lo.phase_offset_ui = o.offset_ui;
  LinkChannel ch(lo);
  if (o.set_offset && ch.optical()) {
    std::fprintf(stderr, "halo_sc_retimer: --phase-offset: %s is an optical link, whose front end starts at its "
                 "calibrated cursor (rx.cdr.initial_offset_ui applies to electrical links only)\n", o.config.c_str());
    return 2;
  }
  ScenarioConfig cfg;
  cfg.codewords = o.codewords;
  cfg.warmup = o.warmup;
  cfg.adapt_delay = 64;  // retimer_rx AdaptDelay at P = 8
  RecordedStream rec;
  rec.cursor_delay = ch.cursor_delay();
  rec.precoding = ch.precoding();
  rec.adc_bits = ch.adc_bits();
  rec.ffe_levels = ch.ffe_levels();
  rec.dfe_levels = ch.dfe_levels();
  rec.cdr_kp = ch.cdr_kp_shift();
  rec.cdr_ki = ch.cdr_ki_shift();
  std::size_t total = 0;
  const RxSettings rx = recorded_settings(cfg, rec, total);
  std::printf("link %s (%s): %.4g GBd, cursor delay %ld, ADC %d bits, CDR kp_shift %d ki_shift %d, "
              "%zu codes (%u codewords after %u warm-up symbols), phase feedback %s\n",
              ch.name().c_str(), o.config.c_str(), ch.symbol_rate_gbd(), ch.cursor_delay(), ch.adc_bits(),
              rx.cdr_kp, rx.cdr_ki, total, o.codewords, o.warmup, o.open_loop ? "CUT (open loop)" : "closed");

  Top t;
  LinkTx tx("link_tx");
  t.bind_input(tx);
  tx.init(t.init);
  tx.phase(t.phase_o);
  tx.ch = &ch;
  tx.total = total;
  tx.open_loop = o.open_loop;
  tx.gap_prob = o.gap_prob;
  tx.codes.reserve(total);
  Recorder rd("recorder");
  t.bind_outputs(rd);
  rd.cdr_code(t.cdr_code);
  rd.cdr_phase(t.phase_o);
  rd.out_errors(t.out_errors);
  rd.out_corr_bits(t.out_corr_bits);
  rd.ready_prob = ready_prob;

  t.configure(rx);
  t.trace(fst);
  t.reset();
  const double limit_ns = 10.0 * (40.0 * static_cast<double>(total) / kP + 20000.0);
  auto done = [&] { return rd.status.size() >= o.codewords && rd.syms.size() >= total; };
  while (!done() && sc_time_stamp().to_double() / 1000.0 < limit_ns) sc_start(1000, SC_NS);
  sc_start(100, SC_NS);  // let the last beats settle (nothing more may come out)
  if (t.tfp) t.tfp->close();
  const bool finished = done();

  // the golden model on the very codes the channel produced
  rec.codes = &tx.codes;
  const Scenario s = make_recorded_scenario(cfg, rec);
  std::printf("golden model: %s\n", summary(s).c_str());
  std::size_t mismatches = 0;
  std::string first;
  auto miss = [&](const std::string& what) {
    if (mismatches++ == 0) first = what;
  };
  if (rd.syms.size() != s.rx_symbols.size()) miss("decoded symbol count " + std::to_string(rd.syms.size()) +
                                                  " vs " + std::to_string(s.rx_symbols.size()));
  for (std::size_t i = 0; i < std::min(rd.syms.size(), s.rx_symbols.size()); ++i) {
    if (rd.syms[i] != s.rx_symbols[i]) miss("decoded symbol " + std::to_string(i));
    if (rd.cdr_codes[i] != s.cdr_codes[i]) miss("CDR phase command of symbol " + std::to_string(i));
  }
  if (rd.fec.size() != s.fec_out.size()) miss("FEC symbol count");
  for (std::size_t i = 0; i < std::min(rd.fec.size(), s.fec_out.size()); ++i)
    if (rd.fec[i] != s.fec_out[i]) miss("FEC symbol " + std::to_string(i));
  if (rd.status.size() != s.status.size()) miss("codeword count");
  std::uint64_t uncorr = 0, corrected = 0;
  for (std::size_t k = 0; k < std::min(rd.status.size(), s.status.size()); ++k) {
    const auto &a = rd.status[k], &b = s.status[k];
    if (a.uncorrectable != b.uncorrectable || a.errors != b.errors || a.corrected_symbols != b.corrected_symbols ||
        a.corrected_bits != b.corrected_bits)
      miss("codeword status " + std::to_string(k));
    uncorr += a.uncorrectable;
    corrected += a.corrected_symbols;
  }
  for (unsigned k = 0; k < 16; ++k)
    if (t.ffe_tap_value(k) != s.ffe_taps[k]) miss("final FFE tap " + std::to_string(k));
  if (t.dfe_tap_value() != s.dfe_tap) miss("final DFE tap");
  if (t.phase_o.read() != s.cdr_phase) miss("final CDR phase");
  std::printf("RTL: %zu PAM4 symbols (with their CDR phase commands), %zu FEC symbols, %zu codewords "
              "checked against the golden model, %zu mismatches%s%s%s\n",
              rd.syms.size(), rd.fec.size(), rd.status.size(), mismatches, mismatches ? " (first: " : "",
              first.c_str(), mismatches ? ")" : "");
  if (!finished) std::printf("TIMEOUT\n");

  // the loop: the sampling phase the RTL chose, per beat
  const auto& ph = tx.beat_phase;
  const std::size_t nb = ph.size();
  double lo_ph = 0, hi_ph = 0, tail = 0;
  for (double x : ph) lo_ph = std::min(lo_ph, x), hi_ph = std::max(hi_ph, x);
  const std::size_t tail_n = std::max<std::size_t>(1, nb / 4);
  for (std::size_t i = nb - tail_n; i < nb; ++i) tail += ph[i];
  tail /= static_cast<double>(tail_n);
  std::printf("sampler phase (UI) at 0/8..8/8 of the run:");
  for (unsigned k = 0; k <= 8 && nb > 0; ++k) std::printf(" %+.4f", ph[std::min(nb - 1, k * nb / 8)]);
  std::printf("\n");
  const double rtl_moved = tx.unwrapped;  // the RTL's phase command since init, UI
  const double offset = o.set_offset ? o.offset_ui : 0.0;
  const double final_offset = offset + (o.open_loop ? 0.0 : tail);  // sampler vs the lock estimate
  std::printf("CDR: the RTL's phase command moved %+.4f UI; sampler phase over the run %+.4f..%+.4f UI, "
              "mean of the last quarter %+.4f UI; start offset %+.3f UI -> sampler %+.4f UI from the lock "
              "estimate at the end\n", rtl_moved, lo_ph, hi_ph, o.open_loop ? 0.0 : tail, offset, final_offset);
  const bool fec_ok = s.status.size() == o.codewords && uncorr * 10 < o.codewords;
  const bool loop_ok = std::fabs(final_offset) < o.lock_tol && fec_ok;
  std::printf("FEC: %zu codewords, %llu symbols corrected, %llu uncorrectable\n", rd.status.size(),
              static_cast<unsigned long long>(corrected), static_cast<unsigned long long>(uncorr));
  std::printf("bit-exact: %s\n", finished && mismatches == 0 ? "yes" : "NO");
  std::printf("loop: %s (tolerance %.3g UI)\n", loop_ok ? "closed (sampler within the tolerance of the lock "
                                                     "estimate, < 10 % codewords uncorrectable)"
                                                   : "NOT CLOSED (sampler off the lock or FEC failing)", o.lock_tol);
  if (!fst.empty()) std::printf("FST waveform: %s\n", fst.c_str());
  t.dut->final();
  halo::verif::cov::write_code_coverage(t.dut->contextp(), t.dut->modelName());
  const bool ok = finished && mismatches == 0 && loop_ok;
  std::printf("%s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}

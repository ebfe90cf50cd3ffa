// Drives a verilated retimer_rx (any P) with a Scenario: configuration ports, init pulse,
// ADC beats with random input gaps and output backpressure; compares every decoded Gray
// symbol and every corrected FEC symbol / codeword status with the golden model.
// Used by the Verilator C++ test (verif/top) with plain Verilated models.
#pragma once

#include <cstdint>
#include <random>
#include <string>

#include "../cover.hpp"
#include "retimer_scenario.hpp"
#include "vl_bits.hpp"

namespace halo::verif {

struct TopResult {
  bool ok = true;
  std::string error;
  std::uint64_t symbols_compared = 0, fec_symbols_compared = 0, codewords = 0;
  std::uint64_t mismatches = 0, cycles = 0, input_stall_cycles = 0;
  /// Cycles from the acceptance of ADC beat 0 to decoded-symbol beat 0 (pipeline latency).
  std::int64_t pipeline_latency = -1;
  /// Inner FEC: verdicts compared; cycles from the acceptance of ADC beat 0 to the first inner
  /// verdict and to the first FEC output beat
  std::uint64_t inner_compared = 0;
  std::int64_t first_inner_cycle = -1, first_fec_cycle = -1;
};

/// Sets the configuration ports of retimer_rx from the scenario settings.
template <class M>
void configure_top(M& m, const RxSettings& r) {
  m.adc_bits_i = static_cast<std::uint8_t>(r.adc_bits);
  m.ffe_adapt_en_i = 1;
  m.ffe_lms_mode_i = static_cast<std::uint8_t>(r.ffe_mode);
  m.ffe_mu_i = static_cast<std::uint8_t>(r.ffe_mu);
  for (unsigned k = 0; k < r.ffe_taps.size(); ++k) put_bits(m.ffe_coef_i, 12 * k, 12, static_cast<std::uint64_t>(r.ffe_taps[k]));
  m.vol_adapt_en_i = 1;
  m.vol_lms_mode_i = static_cast<std::uint8_t>(r.vol_mode);
  m.vol_mu_i = static_cast<std::uint8_t>(r.vol_mu);
  for (unsigned k = 0; k < r.vol_coefs.size(); ++k) put_bits(m.vol_coef_i, 12 * k, 12, static_cast<std::uint64_t>(r.vol_coefs[k]));
  m.level_a_i = static_cast<std::uint16_t>(r.level_a);
  m.slicer_adaptive_i = 1;
  m.level_mu_i = static_cast<std::uint8_t>(r.level_mu);
  m.dfe_adapt_en_i = 1;
  m.dfe_lms_mode_i = static_cast<std::uint8_t>(r.dfe_mode);
  m.dfe_mu_i = static_cast<std::uint8_t>(r.dfe_mu);
  m.dfe_tap_i = static_cast<std::uint16_t>(r.dfe_tap & 0xfff);
  m.cdr_kp_shift_i = static_cast<std::uint8_t>(r.cdr_kp);
  m.cdr_ki_shift_i = static_cast<std::uint8_t>(r.cdr_ki);
  m.cdr_phase_bits_i = static_cast<std::uint8_t>(r.cdr_phase_bits);
  m.cdr_freeze_i = 0;
  m.cdr_init_phase_i = r.cdr_init_phase;
  m.precoding_i = r.precoding;
  m.fec_correct_en_i = 1;
  m.fec_skip_i = static_cast<std::uint16_t>(r.fec_skip);
  m.inner_en_i = r.inner_en;
  m.inner_chase_i = r.inner_chase;
  m.inner_correct_en_i = r.inner_correct;
  m.inner_skip_i = static_cast<std::uint8_t>(r.inner_skip);
  m.inner_clear_i = 0;
}

/// Cycle-level comparison; `tick` advances one clock (eval with clk high then low).
/// `m` is the model's port struct (Verilated model or SystemC-free access object).
template <unsigned P, unsigned Q, class M, class Tick>
TopResult run_top(M& m, Tick&& tick, const Scenario& s, double p_valid, double p_ready,
                  std::uint64_t seed) {
  TopResult r;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  configure_top(m, s.rx);
  m.in_valid_i = 0;
  m.out_ready_i = 0;
  m.init_i = 1;
  tick();
  m.init_i = 0;
  const std::uint64_t beats = s.adc.size() / P;
  const std::uint64_t out_beats = s.fec_out.size() / Q;
  std::uint64_t in_b = 0, sym_b = 0, out_b = 0;
  std::int64_t first_in = -1;
  const std::uint64_t max_cycles = 40 * beats + 200000;
  cov::StallSampler stalls;
  auto fail = [&](const std::string& e) {
    if (r.ok) r.error = e;
    r.ok = false;
  };
  while ((in_b < beats || sym_b < beats || out_b < out_beats) && r.cycles < max_cycles) {
    const bool v = in_b < beats && u(rng) < p_valid;
    m.in_valid_i = v;
    if (v) {
      for (unsigned l = 0; l < P; ++l) put_bits(m.in_adc_i, 8 * l, 8, static_cast<std::uint64_t>(s.adc[in_b * P + l]));
    }
    const bool rd = u(rng) < p_ready;
    m.out_ready_i = rd;
    m.eval();
    const bool fin = v && (m.in_ready_o != 0);
    if (v && !fin) ++r.input_stall_cycles;
    stalls.sample(v, m.in_ready_o != 0, m.out_valid_o != 0, rd);
    if (fin && first_in < 0) first_in = static_cast<std::int64_t>(r.cycles);
    if (m.rx_sym_valid_o) {
      if (sym_b == 0) r.pipeline_latency = static_cast<std::int64_t>(r.cycles) - first_in;
      if (sym_b >= beats) {
        fail("more decoded symbol beats than input beats");
      } else {
        // the CDR output register loads with the same DFE beat as the precoding inverse, so it
        // holds this beat's phase commands now
        for (unsigned l = 0; l < P; ++l) {
          if (get_bits(m.rx_sym_o, 2 * l, 2) != s.rx_symbols[sym_b * P + l]) {
            if (r.mismatches++ == 0) fail("decoded symbol mismatch at symbol " + std::to_string(sym_b * P + l));
          }
          if (get_bits(m.cdr_code_o, 12 * l, 12) != s.cdr_codes[sym_b * P + l]) {
            if (r.mismatches++ == 0) fail("CDR phase command mismatch at symbol " + std::to_string(sym_b * P + l));
          }
        }
        r.symbols_compared += P;
        cov::sample_cdr_phase(m.cdr_phase_o);
        cov::sample_ffe_taps(static_cast<unsigned>(s.ffe_taps.size()),
                             [&](unsigned k) { return get_signed(m.ffe_coef_o, 12 * k, 12); });
      }
      ++sym_b;
    }
    if (m.inner_cw_valid_o) {
      if (r.first_inner_cycle < 0) r.first_inner_cycle = static_cast<std::int64_t>(r.cycles) - first_in;
      if (r.inner_compared >= s.inner.size()) {
        fail("more inner verdicts than the golden model's");
      } else {
        const InnerVerdict& g = s.inner[r.inner_compared];
        const unsigned st = m.inner_cw_corrected_o ? 1u : m.inner_cw_uncorr_o ? 2u : 0u;
        if (st != g.status || get_bits(m.inner_cw_flips_o, 0, 64) != g.flips[0] ||
            get_bits(m.inner_cw_flips_o, 64, 4) != g.flips[1]) {
          if (r.mismatches++ == 0) fail("inner verdict mismatch at inner codeword " + std::to_string(r.inner_compared));
        }
      }
      ++r.inner_compared;
    }
    if (rd && m.out_valid_o) {
      if (r.first_fec_cycle < 0) r.first_fec_cycle = static_cast<std::int64_t>(r.cycles) - first_in;
      if (out_b >= out_beats) {
        fail("more FEC output beats than codewords");
      } else {
        for (unsigned q = 0; q < Q; ++q) {
          if (get_bits(m.out_data_o, 10 * q, 10) != s.fec_out[out_b * Q + q]) {
            if (r.mismatches++ == 0) fail("FEC output mismatch at symbol " + std::to_string(out_b * Q + q));
          }
        }
        r.fec_symbols_compared += Q;
        const bool last = ((out_b + 1) * Q) % 544 == 0;
        if ((m.out_last_o != 0) != last || (m.out_first_o != 0) != ((out_b * Q) % 544 == 0)) {
          fail("codeword framing mismatch at beat " + std::to_string(out_b));
        }
        if (last) {
          const auto& st = s.status[r.codewords];
          cov::sample_fec_errors(m.out_uncorr_o != 0, m.out_errors_o);
          if ((m.out_uncorr_o != 0) != st.uncorrectable || m.out_errors_o != st.errors ||
              m.out_corr_sym_o != st.corrected_symbols || m.out_corr_bits_o != st.corrected_bits) {
            fail("codeword " + std::to_string(r.codewords) + " status mismatch");
            ++r.mismatches;
          }
          ++r.codewords;
        }
      }
      ++out_b;
    }
    tick();
    ++r.cycles;
    if (fin) ++in_b;
  }
  if (r.cycles >= max_cycles) fail("timeout: " + std::to_string(in_b) + " beats in, " + std::to_string(sym_b) + " decoded, " + std::to_string(out_b) + " FEC beats out");
  // final adapted state
  for (unsigned k = 0; k < s.ffe_taps.size(); ++k) {
    if (get_signed(m.ffe_coef_o, 12 * k, 12) != s.ffe_taps[k]) fail("FFE tap " + std::to_string(k));
  }
  for (unsigned k = 0; k < s.vol_coefs.size(); ++k) {
    if (get_signed(m.vol_coef_o, 12 * k, 12) != s.vol_coefs[k]) fail("Volterra coefficient " + std::to_string(k));
  }
  if (sext(m.dfe_tap_o, 12) != s.dfe_tap) fail("DFE tap");
  if (m.cdr_phase_o != s.cdr_phase) fail("CDR phase");
  if (s.rx.inner_en) {
    // the verdicts still in flight when the input ends are compared too (drain)
    for (unsigned k = 0; k < 2000 && r.inner_compared < s.inner.size(); ++k) {
      m.in_valid_i = 0;
      m.out_ready_i = 1;
      m.eval();
      if (m.inner_cw_valid_o) {
        const InnerVerdict& g = s.inner[r.inner_compared];
        const unsigned st = m.inner_cw_corrected_o ? 1u : m.inner_cw_uncorr_o ? 2u : 0u;
        if (st != g.status || get_bits(m.inner_cw_flips_o, 0, 64) != g.flips[0] ||
            get_bits(m.inner_cw_flips_o, 64, 4) != g.flips[1]) {
          if (r.mismatches++ == 0) fail("inner verdict mismatch at inner codeword " + std::to_string(r.inner_compared));
        }
        ++r.inner_compared;
      }
      tick();
    }
    if (r.inner_compared != s.inner.size()) {
      fail("inner verdicts: " + std::to_string(r.inner_compared) + " of " + std::to_string(s.inner.size()));
    }
    const InnerCounts& c = s.inner_counts;
    auto sat32 = [](std::uint64_t v) { return v > 0xffffffffull ? 0xffffffffull : v; };
    if (m.inner_cnt_cw_o != sat32(c.codewords)) fail("INNER_CW counter");
    if (m.inner_cnt_corr_cw_o != sat32(c.corrected)) fail("INNER_CORR_CW counter");
    if (m.inner_cnt_uncorr_o != sat32(c.uncorrectable)) fail("INNER_UNCORR_CW counter");
    if (m.inner_cnt_corr_pos_o != sat32(c.corrected_positions)) fail("INNER_CORR_POS counter");
    for (unsigned k = 0; k < 68; ++k) {
      const std::uint64_t want = c.hist[k] > 0xffffu ? 0xffffu : c.hist[k];
      if (get_bits(m.inner_cnt_hist_o, 16 * k, 16) != want) fail("INNER_POS_HIST bin " + std::to_string(k));
    }
  }
  return r;
}

}  // namespace halo::verif

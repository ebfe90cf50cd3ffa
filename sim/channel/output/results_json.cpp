// JSON results of statistical and time-domain runs (schema: docs/sim.md).
#include <algorithm>
#include <cmath>

#include "halo/sim/fec_analysis.hpp"
#include "halo/sim/gen_1p6t.hpp"
#include "halo/sim/link.hpp"

namespace halo::sim {

nlohmann::json to_json(const LinkConfig& cfg, const LinkModel& m, const StatResult* st, const TdResult* td) {
  using nlohmann::json;
  json j;
  j["name"] = cfg.name;
  j["seed"] = cfg.seed;
  if (cfg.shard) j["shard"] = cfg.shard;
  j["symbol_rate_gbd"] = cfg.symbol_rate_gbd;
  j["channel"] = {{"segments", m.segment_info}, {"sdd21_nyquist_db", m.segment_loss_db},
                  {"impulse_acausal_energy", m.impulse.acausal_energy},
                  {"impulse_truncated_energy", m.impulse.truncated_energy}};
  if (!m.pulse.p.empty()) {
    j["pulse"] = {{"osr", m.osr}, {"dt_ps", 1e12 / (m.symbol_rate_hz * m.osr)}, {"p", m.pulse.p}};
  }
  j["noise"] = {{"sigma_tx_v", m.sigma_tx_v}, {"sigma_rx_v", m.sigma_rx_v}, {"sigma_adc_v", m.sigma_q_v},
                {"agc_gain", m.agc_gain}};
  if (st && !st->pulse.p.empty() && m.pulse.p.empty())  // optical: the linearised pulse
    j["pulse"] = {{"osr", st->pulse.osr}, {"dt_ps", 1e12 / (m.symbol_rate_hz * st->pulse.osr)}, {"p", st->pulse.p},
                  {"kind", "least-squares (noise-free calibration)"}};
  if (st && m.optical) {
    j["noise"]["optical_noise_v"] = st->optical_noise_v, j["noise"]["optical_distortion_v"] = st->optical_distortion_v;
    j["noise"]["slicer_noise_per_level"] = st->sigma_noise_level;
    j["noise"]["sampling_fraction"] = st->optical_phase_fraction;
  }
  if (st) {
    const auto pf = post_fec_from_ser(fec::kKp4, std::min(1.0, st->ser * 2.0 / 10.0 * 5.0 > 1 ? 1.0 : 1 - std::pow(1 - st->ber, 10)), 1);
    j["statistical"] = {{"ser", st->ser}, {"ber", st->ber}, {"snr_db", st->snr_db},
                        {"cursor_sample", st->cursor_sample}, {"phase_index", st->phase_index},
                        {"main_cursor_v", st->main_cursor_v}, {"ffe", st->ffe}, {"dfe", st->dfe},
                        {"equalized_pulse", st->equalized}, {"sigma_noise", st->sigma_noise},
                        {"sigma_isi", st->sigma_isi}, {"sigma_xtalk", st->sigma_xtalk},
                        {"bathtub", {{"phase_ui", st->bathtub_phase_ui}, {"ser", st->bathtub_ser}}},
                        {"vbathtub", {{"offset", st->vbathtub_offset}, {"ber", st->vbathtub_ber}}},
                        {"eye", {{"v", st->eye_v}, {"phase_ui", st->bathtub_phase_ui}, {"log10_pdf", st->eye_log10_pdf}}},
                        {"post_fec_kp4", {{"fec_symbol_error_ratio", pf.symbol_error_ratio},
                                          {"codeword_error_ratio", pf.codeword_error_ratio},
                                          {"frame_loss_ratio", pf.frame_loss_ratio}}}};
    if (cfg.fec.rfind("kp4_inner", 0) == 0) {
      // the inner decoder's statistical transfer (gen_1p6t.hpp), as the compare uses it
      const bool chase = cfg.fec == "kp4_inner_chase";
      const InnerFecTransfer t = inner_fec_transfer(chase ? "chase" : "hard", 4, st->ser, st->dfe.empty() ? 0.0 : st->dfe[0]);
      j["statistical"]["inner_fec"] = {{"decoder", chase ? "chase-4" : "hard"}, {"ser_in", t.ser_in}, {"ser_out", t.ser_out},
                                       {"ber_out", t.ser_out / 2}, {"model", t.model}};
    }
  }
  if (td) {
    json f = {{"code", "RS(544,514)"}, {"codewords", td->codewords}, {"uncorrectable", td->uncorrectable},
              {"corrected_symbols", td->corrected_symbols}, {"corrected_bits", td->corrected_bits},
              {"histogram_0_15_uncorrectable", td->fec_hist}};
    if (td->inner_codewords)
      f["inner"] = {{"code", "Clause 177 Hamming(128,120)"}, {"decoder", cfg.fec == "kp4_inner_chase" ? "chase-4" : "hard"},
                    {"codewords", td->inner_codewords}, {"input_bit_errors", td->inner_in_bit_errors},
                    {"output_bits", td->inner_out_bits}, {"output_bit_errors", td->inner_out_bit_errors},
                    {"output_ber", td->inner_out_bits ? static_cast<double>(td->inner_out_bit_errors) /
                                                            static_cast<double>(td->inner_out_bits)
                                                      : 0.0}};
    j["time_domain"] = {
        {"symbols", td->symbols}, {"measured_symbols", td->measured}, {"symbol_errors", td->symbol_errors},
        {"ser", td->ser}, {"bits", td->bits}, {"bit_errors", td->bit_errors}, {"ber", td->ber}, {"fec", f},
        {"receiver", td->rx_name},
        {"adapted", {{"ffe", td->rx.ffe}, {"dfe", td->rx.dfe}, {"volterra", td->rx.volterra}, {"slicer_gain", td->rx.slicer_gain}}},
        {"cdr", {{"start_cursor_sample", td->cursor_sample_start}, {"phase_mean_ui", td->phase_mean_ui},
                 {"phase_std_ui", td->phase_std_ui}, {"phase_min_ui", td->phase_min_ui},
                 {"phase_max_ui", td->phase_max_ui}, {"trace_ui", td->phase_trace_ui},
                 {"offsets_ui", td->phase_hist_ui}, {"offset_fraction", td->phase_hist_frac}}},
        {"monitors", {{"snr_db", td->snr_monitor_db}, {"level_mean", td->level_mean}, {"level_std", td->level_std},
                      {"agc_gain", td->agc_gain}}},
        {"slicer_histogram", {{"edges", td->slicer_hist_edges}, {"counts", td->slicer_hist}}},
        {"eye_adc_input", {{"phases_per_2ui", td->eye_phases}, {"v_edges", td->eye_v_edges}, {"counts", td->eye_hist}}},
        {"eye_slicer_input", {{"phases_per_2ui", td->eye_phases}, {"range_levels", {-1.6, 1.6}}, {"counts", td->eye_slicer_hist}}},
        {"seconds", td->seconds},
        {"symbols_per_second", td->seconds > 0 ? static_cast<double>(td->symbols) / td->seconds : 0.0}};
  }
  return j;
}

}  // namespace halo::sim

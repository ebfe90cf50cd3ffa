// COM result as JSON (halo/sim/com.hpp).
#include <cmath>
#include <nlohmann/json.hpp>

#include "halo/sim/com.hpp"

namespace halo::sim::com {

std::string to_json(const Result& r, const Params& p, bool with_waveforms) {
  using nlohmann::json;
  const auto db = [&](double sigma) { return sigma > 0 ? 20 * std::log10(r.terms.as_v / sigma) : 1e9; };
  json j;
  j["com_db"] = r.com_db;
  j["preset"] = p.name;
  j["source"] = p.source;
  j["package_case"] = {{"index", r.case_index}, {"zp1_mm", r.zp1_mm}, {"com_db_per_case", r.case_com_db}};
  const Terms& t = r.terms;
  j["terms"] = {{"available_signal_v", t.as_v},
                {"noise_interference_v", t.ani_v},
                {"sigma_isi_v", t.sigma_isi},
                {"sigma_crosstalk_v", t.sigma_xt},
                {"sigma_jitter_v", t.sigma_jitter},
                {"sigma_tx_noise_v", t.sigma_tx},
                {"sigma_rx_noise_v", t.sigma_rx},
                {"fom_db", t.fom_db}};
  j["terms_db"] = {{"signal_to_isi", db(t.sigma_isi)},       {"signal_to_crosstalk", db(t.sigma_xt)},
                   {"signal_to_jitter", db(t.sigma_jitter)}, {"signal_to_tx_noise", db(t.sigma_tx)},
                   {"signal_to_rx_noise", db(t.sigma_rx)}};
  j["equalizer"] = {{"tx_ffe", r.tx_taps}, {"tx_ffe_pre", p.tx_pre},   {"ctle_g_dc_db", r.g_dc_db},
                    {"ctle_g_dc2_db", r.g_dc2_db}, {"dfe", r.dfe_taps}, {"cursor_sample", r.cursor_index},
                    {"candidates_evaluated", r.evaluated}};
  j["parameters"] = {{"fb_gbd", p.fb_gbd}, {"der0", p.der0},     {"levels", p.levels},   {"samples_per_ui", p.m},
                     {"av_v", p.av},       {"afe_v", p.afe},     {"ane_v", p.ane},       {"a_dd_ui", p.a_dd},
                     {"snr_tx_db", p.snr_tx_db}, {"eta0_v2_per_ghz", p.eta0}, {"sigma_rj_ui", p.sigma_rj},
                     {"r0_ohm", p.r0},     {"rd_ohm", p.tx_device.rd_ohm}};
  if (with_waveforms) {
    json pulses = json::array();
    for (std::size_t i = 0; i < r.pulses.size(); ++i)
      pulses.push_back({{"name", r.pulse_names[i]}, {"v", r.pulses[i]}});
    j["pulses"] = {{"sample_period_s", r.sample_period_s}, {"samples_per_ui", p.m}, {"cursor_sample", r.cursor_index},
                   {"responses", pulses}};
    j["noise_pdf"] = {{"y_v", r.pdf_y}, {"p", r.pdf_p}};
  }
  return j.dump(1);
}

}  // namespace halo::sim::com

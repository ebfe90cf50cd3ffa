// Schemas of the link simulator (`halolink sim`) and monitor (`halolink monitor`) configs.
// The defaults are the values of LinkConfig / MonitorConfig (halo/sim/link_config.hpp,
// link_monitor.hpp); test_config checks that a minimal file loads to those structs' defaults.
#include <cmath>

#include "halo/config/schemas.hpp"
#include "halo/mon/vdm.hpp"

namespace halo::config {
namespace {

constexpr double kInf = INFINITY;

const Section& tx() {
  static const Section s{
      "tx", "transmitter: data pattern, PAM4 mapping, TX FFE, swing, noise and jitter",
      {choice("pattern", "prbs31q", {"prbs13q", "prbs31q", "ssprq", "random", "kp4"},
              "data: PRBS13Q/PRBS31Q/SSPRQ test patterns, random symbols or KP4 RS(544,514) codewords with random payload"),
       flag("gray", true, "Gray-code the PAM4 symbols"),
       flag("precoding", false, "1/(1+D) precoding (802.3 Clause 120)"),
       num_list("ffe", "", {1.0}, -1, 1, "symbol-spaced TX FFE taps; sum |c_i| in (0, 1] (peak swing)").length(1, 8),
       integer("ffe_main", 0, 0, 16, "index of the main tap in ffe (< number of taps)"),
       num("swing_v", "V", 0.8, 1e-3, 10, "peak-to-peak differential swing: levels +-swing/2, +-swing/6"),
       num("snr_db", "dB", 0, 0, 100, "SNR_TX: signal power (5/9 A^2) over TX noise power").opt("absent: no TX noise"),
       num("rj_ui", "UI rms", 0, 0, 0.2, "random jitter"),
       num("dj_ui", "UI", 0, 0, 0.2, "dual-Dirac deterministic jitter: each edge moves by +-dj_ui (A_DD, IEEE 802.3 93A.1.7)"),
       num("sj_ui", "UI", 0, 0, 2, "sinusoidal jitter amplitude"),
       num("sj_freq_mhz", "MHz", 0, 0, 1e5, "sinusoidal jitter frequency")}};
  return s;
}

const Section& segment() {
  static const Section s{"channel[i]", "one electrical segment (Touchstone file), in series with the others",
                         {path("file", "Touchstone .s4p/.s2p file"),
                          port_map("ports", "port order in+,in-,out+,out- (1-based); auto: detected from the THRU")}};
  return s;
}

const Section& aggressor() {
  static const Section s{
      "crosstalk[i]", "one crosstalk aggressor: its own data through a FEXT/NEXT Touchstone file",
      {path("file", "Touchstone .s4p of the aggressor path"),
       port_map("ports", "port order in+,in-,out+,out- (crosstalk files need it: no THRU to detect)"),
       choice("kind", "fext", {"fext", "next"}, "far- or near-end crosstalk (documentation; both drive their own data)"),
       num("swing_v", "V", 0, 0, 10, "aggressor swing; 0 = tx.swing_v")}};
  return s;
}

const Section& optical() {
  static const Section s{
      "optical", "optical link between TX and RX (E/O, fiber, PD, TIA); present = enabled unless enabled: false",
      {flag("enabled", true, "simulate the optical link"),
       choice("modulator", "mzm", {"mzm", "eml"}, "Mach-Zehnder (sine transfer) or electro-absorption modulated laser"),
       num("driver_gain", "V/V", 1, 0, 100, "driver gain from TX levels to modulator drive"),
       num("driver_sat_v", "V", 0, 0, 100, "driver tanh compression voltage; 0 = linear"),
       num("driver_bw_ghz", "GHz", 0, 0, 1000, "driver 1-pole bandwidth; 0 = none"),
       num("vpi_v", "V", 2, 0.01, 100, "MZM half-wave voltage"),
       num("bias", "Vpi", 0.5, 0, 1, "MZM bias from null (0.5 = quadrature)"),
       num("bias_drift_per_c", "Vpi/C", 0, -0.1, 0.1, "bias change per C away from 25 C"),
       num("temperature_c", "C", 25, -40, 125, "module temperature"),
       num("extinction_ratio_db", "dB", 4.5, 0.5, 60, "EML: static ER; MZM: finite-ER floor"),
       num("eml_compression", "", 0, 0, 1, "EML cubic compression coefficient"),
       num("laser_power_dbm", "dBm", 3, -20, 20, "laser output power"),
       num("rin_db_hz", "dB/Hz", -145, -200, -100, "laser relative intensity noise"),
       num("fiber_km", "km", 0.5, 0, 100, "fiber length"),
       num("fiber_loss_db_km", "dB/km", 0.4, 0, 10, "fiber attenuation"),
       num("dispersion_ps_nm_km", "ps/(nm km)", -1, -100, 100, "chromatic dispersion D at the laser wavelength"),
       num("wavelength_nm", "nm", 1310, 800, 1700, "laser wavelength"),
       num("responsivity_a_w", "A/W", 0.8, 0.01, 2, "photodiode responsivity"),
       num("thermal_noise_pa_rthz", "pA/sqrt(Hz)", 15, 0, 1000, "PD/TIA input-referred thermal noise"),
       flag("shot_noise", true, "photodiode shot noise"),
       num("tia_gain_ohm", "ohm", 1000, 1, 1e6, "TIA transimpedance"),
       num("tia_bw_ghz", "GHz", 0, 0, 1000, "TIA bandwidth; 0 = 0.75 x symbol rate"),
       num("tia_sat_v", "V", 0, 0, 100, "TIA output tanh compression; 0 = linear")}};
  return s;
}

const Section& ctle() {
  static const Section s{
      "rx.ctle", "continuous-time linear equalizer; present = enabled. COM form when fz_ghz > 0, else pole/zero lists",
      {num("dc_gain_db", "dB", 0, -40, 20, "DC gain"),
       num("fz_ghz", "GHz", 0, 0, 1000, "COM-form zero (needs fp1_ghz and fp2_ghz > 0)"),
       num("fp1_ghz", "GHz", 0, 0, 1000, "COM-form first pole"),
       num("fp2_ghz", "GHz", 0, 0, 1000, "COM-form second pole"),
       num_list("zeros_ghz", "GHz", {}, 0, 1e6, "zeros (pole/zero form)").open_lo(),
       num_list("poles_ghz", "GHz", {}, 0, 1e6, "poles (pole/zero form)").open_lo()}};
  return s;
}

const Section& adc() {
  static const Section s{"rx.adc", "analog-to-digital converter",
                         {integer("bits", 8, 2, 14, "resolution (rx.model cmodel: 6..8)"),
                          num("enob", "bits", 0, 0, 14, "effective number of bits (<= bits); 0 = ideal quantizer"),
                          num("full_scale_v", "V", 1, 1e-3, 10, "peak-to-peak full scale")}};
  return s;
}

const Section& ffe() {
  static const Section s{"rx.ffe", "feed-forward equalizer",
                         {integer("taps", 16, 1, 128, "taps (rx.model cmodel: <= 64)"),
                          integer("pre", 5, 0, 127, "pre-cursor taps (< taps); main tap index")}};
  return s;
}

const Section& dfe() {
  static const Section s{"rx.dfe", "decision-feedback equalizer",
                         {integer("taps", 1, 0, 16, "taps (rx.model cmodel: <= 4)"),
                          num("limit", "", 0.85, 0, 2, "|b_l| limit relative to the main cursor")}};
  return s;
}

const Section& volterra() {
  static const Section s{"rx.volterra", "Volterra nonlinear compensation; present = enabled unless enabled: false",
                         {flag("enabled", true, "run the Volterra stage"),
                          integer("memory", 5, 1, 16, "2nd-order memory (<= rx.ffe.taps)"),
                          integer("memory3", 0, 0, 8, "3rd-order memory; 0 = off")}};
  return s;
}

const Section& lut() {
  static const Section s{"rx.lut", "pattern-dependent LUT nonlinear compensation (rx.model cmodel); present = enabled unless enabled: false",
                         {flag("enabled", true, "run the LUT stage (after the FFE, instead of Volterra)"),
                          integer("pattern_len", 3, 1, 7, "L decisions in the address (4^L entries)"),
                          integer("pre", 0, 0, 6, "later symbols in the pattern (< pattern_len; = latency)")}};
  return s;
}

const Section& cdr() {
  static const Section s{
      "rx.cdr", "clock and data recovery",
      {choice("type", "mm", {"mm", "fixed"}, "Mueller-Muller phase detector, or a fixed sampling phase"),
       num("gain", "UI/error/symbol", 2e-5, 0, 1e-2, "loop gain (gain x block_symbols << 1)"),
       num("initial_offset_ui", "UI", 0, -0.5, 0.5, "start offset from the pulse peak")}};
  return s;
}

const Section& adapt() {
  static const Section s{
      "rx.adapt", "LMS adaptation",
      {num("mu_ffe", "", 2e-3, 0, 1, "FFE step size"), num("mu_dfe", "", 2e-3, 0, 1, "DFE step size"),
       num("mu_volterra", "", 5e-4, 0, 1, "Volterra step size"),
       integer("training_symbols", 200000, 0, 1099511627776.0, "symbols before measurement starts"),
       flag("freeze_after_training", false, "stop adaptation when measurement starts"),
       choice("init", "main", {"main", "mmse"}, "float receiver start: main-tap only, or the statistical MMSE taps")}};
  return s;
}

const Section& rx() {
  static const Section s{
      "rx", "receiver: noise, front end (filter, CTLE, AGC, ADC) and DSP",
      {choice("model", "cmodel", {"cmodel", "float"}, "bit-exact golden-model receiver, or the floating-point reference"),
       num("noise_rms_mv", "mV rms", 0, 0, 1e4, "white Gaussian noise at the ADC input (pre-AGC)"),
       num("bandwidth_ghz", "GHz", 0, -1, 1000, "4th-order Bessel-Thomson; 0 = 0.75 x symbol rate, < 0 = off"),
       num("agc_target_rms", "", 0.25, 0.01, 1, "AGC target rms as a fraction of the ADC full scale"),
       section("ctle", ctle(), "CTLE").opt("absent: no CTLE"), section("adc", adc(), "ADC"),
       section("ffe", ffe(), "FFE"), section("dfe", dfe(), "DFE"),
       section("volterra", volterra(), "Volterra NLC").opt("absent: no Volterra"),
       section("lut", lut(), "LUT NLC").opt("absent: no LUT"), section("cdr", cdr(), "CDR"),
       section("adapt", adapt(), "adaptation")}};
  return s;
}

const Section& sweep() {
  static const Section s{
      "sweep", "run the link once per value of one parameter (statistical and time domain at each point)",
      {choice("parameter", "", {"rx.noise_rms_mv", "tx.snr_db", "extra_loss_db"}, "the swept field").req(),
       num_list("values", "", {}, -kInf, kInf, "values, each within the swept field's range").length(1, 10000).req()}};
  return s;
}

std::vector<Field> link_fields() {
  return {text("name", "link", "run name (results.json)"),
          num("symbol_rate_gbd", "GBd", 53.125, 1, 500, "symbol rate"),
          integer("osr", 32, 4, 256, "samples per UI of the channel model"),
          integer("seed", 1, 0, 9007199254740992.0, "random seed (noise, data)"),
          integer("symbols", 1000000, 1, 1125899906842624.0, "symbols simulated in the time domain (>= block_symbols)"),
          integer("block_symbols", 4096, 64, 1048576, "engine block length"),
          section("tx", tx(), "transmitter"),
          section_list("channel", segment(), "electrical segments in series")
              .opt("required unless optical is enabled; `channel: []` = back-to-back (no channel)"),
          num("extra_loss_db", "dB", 0, 0, 80, "flat extra loss (for loss sweeps)"),
          section_list("crosstalk", aggressor(), "crosstalk aggressors (electrical links)"),
          section("optical", optical(), "optical link").opt("absent: electrical link"),
          section("rx", rx(), "receiver"),
          choice("fec", "kp4", {"kp4", "kp4_inner_hard", "kp4_inner_chase", "none"},
                 "KP4 RS(544,514) post-FEC analysis; kp4_inner_*: after the Clause 177 inner FEC (hard or Chase-4 "
                 "decoder, time-domain engine), or none"),
          num("ber_floor", "", 1e-18, 1e-300, 1e-3, "lowest BER reported by the statistical engine"),
          section("sweep", sweep(), "parameter sweep").opt("absent: one run")};
}

const Section& ramp_section() {
  static const Section s{
      "monitor.drift", "conditions ramped linearly from the first to the last measured symbol",
      {num_list("temperature_c", "C", {}, -40, 125, "[start, end] optical.temperature_c ramp (optical links)")
           .length(2, 2)
           .opt("absent: constant"),
       num_list("rx_noise_mv", "mV rms", {}, 0, 1000, "[start, end] rx.noise_rms_mv ramp").length(2, 2).opt("absent: constant")}};
  return s;
}

Section threshold_section(const char* name, const char* unit, double hi, bool hysteresis, bool integral) {
  auto level = [&](const char* key, const char* doc) {
    return integral ? integer(key, 0, 0, hi, doc) : num(key, unit, 0, 0, hi, doc);
  };
  Section s{name, std::string("CMIS VDM thresholds (") + unit + ")",
            {level("hi_alarm", "high alarm").opt("absent: never"), level("hi_warn", "high warning").opt("absent: hi_alarm"),
             level("lo_warn", "low warning").opt("absent: lo_alarm"), level("lo_alarm", "low alarm").opt("absent: never")}};
  if (hysteresis) s.fields.push_back(num("hysteresis", unit, 0, 0, hi, "clear a condition this far inside the threshold"));
  return s;
}

const Section& thresholds() {
  static const Section db = threshold_section("thresholds (dB observables)", "dB", 255.99, true, false);
  static const Section ratio = threshold_section("thresholds (ratio observables)", "ratio", 1, false, false);
  static const Section count = threshold_section("thresholds (fec_tail)", "symbol errors per codeword", 16, true, true);
  static const Section s = [] {
    Section t{"monitor.thresholds", "alarm/warning thresholds per observable (absent: no flags)", {}};
    for (int i = 0; i < mon::kVdmObsCount; ++i) {
      const auto o = static_cast<mon::VdmObs>(i);
      const Section& sec = o == mon::VdmObs::kFecTail ? count : mon::vdm_obs_is_f16(o) ? ratio : db;
      t.fields.push_back(section(mon::vdm_obs_name(o), sec, sec.doc).opt("absent: no flags"));
    }
    return t;
  }();
  return s;
}

const Section& monitor() {
  static const Section s{
      "monitor", "link-health monitoring: windows, drifts and CMIS VDM thresholds",
      {integer("windows", 20, 1, 10000, "VDM samples (one per window)"),
       integer("window_symbols", 100000, 1000, 16777216, "measured symbols per window"),
       section("drift", ramp_section(), "ramped conditions").opt("absent: no drift"),
       section("thresholds", thresholds(), "thresholds per observable").opt("absent: no flags")}};
  return s;
}

}  // namespace

const Section& link_schema() {
  static const Section s{"link config",
                         "Top-level keys of a link simulator config (sim/configs/c2m_53g.yaml, cable_53g.yaml, "
                         "c2m_53g_xtalk.yaml, c2m_noise_sweep.yaml, optical_dr_106g.yaml)",
                         link_fields()};
  return s;
}

const Section& monitor_schema() {
  static const Section s = [] {
    Section m{"monitor config",
              "Top-level keys of a monitor config (sim/configs/monitor_temp_ramp.yaml): the link config's keys "
              "(without sweep) plus monitor",
              {}};
    for (auto& f : link_fields())
      if (f.key != "sweep") m.fields.push_back(f);
    m.fields.push_back(section("monitor", monitor(), "monitoring").opt("absent: defaults, no drift, no flags"));
    return m;
  }();
  return s;
}

const std::vector<std::string>& sweep_parameters() {
  static const std::vector<std::string> p = sweep().fields.front().choices;
  return p;
}

}  // namespace halo::config

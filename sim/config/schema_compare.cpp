// Schemas of the `halolink compare` config, the power parameter file and the claims file.
// The defaults are the values of CompareConfig (halo/sim/compare_config.hpp).
#include <cctype>
#include <cmath>

#include "halo/config/schemas.hpp"

namespace halo::config {
namespace {

const Section& ctle() {
  static const Section s{"CTLE (compare)", "COM-form CTLE",
                         {flag("enabled", false, "use the CTLE (needs fz_ghz, fp1_ghz, fp2_ghz > 0)"),
                          num("dc_gain_db", "dB", 0, -30, 0, "DC gain"),
                          num("fz_ghz", "GHz", 0, 0, 1000, "zero"),
                          num("fp1_ghz", "GHz", 0, 0, 1000, "first pole"),
                          num("fp2_ghz", "GHz", 0, 0, 1000, "second pole")}};
  return s;
}

const Section& tx() {
  static const Section s{"TX (compare)", "a transmitter: FFE, swing, SNR",
                         {num_list("ffe", "", {1.0}, -1, 1, "symbol-spaced FFE taps").length(1, 64),
                          integer("ffe_main", 0, 0, 63, "index of the main tap (< number of taps)"),
                          num("swing_v", "V", 0.8, 1e-3, 5, "peak-to-peak differential swing"),
                          num("snr_db", "dB", 33, 10, 80, "SNR_TX")}};
  return s;
}

const Section& rx_ffe() {
  static const Section s{"RX ffe (compare)", "feed-forward equalizer",
                         {integer("taps", 16, 1, 64, "taps"), integer("pre", 5, 0, 63, "pre-cursor taps (< taps)")}};
  return s;
}

const Section& rx_dfe() {
  static const Section s{"RX dfe (compare)", "decision-feedback equalizer",
                         {integer("taps", 1, 0, 16, "taps"),
                          num("limit", "", 0.85, 0, 0.99, "|b_l| limit relative to the main cursor")}};
  return s;
}

const Section& rx() {
  static const Section s{
      "RX (compare)", "a receiver: noise, filter, CTLE, ADC, FFE, DFE",
      {num("noise_rms_mv", "mV rms", 0, 0, 1000, "white Gaussian noise at the ADC input"),
       num("bandwidth_ghz", "GHz", 0, 0, 1000, "4th-order Bessel-Thomson; 0 = 0.75 x symbol rate"),
       section("ctle", ctle(), "CTLE").opt("absent: no CTLE"),
       num("adc_enob", "bits", 6.5, 2, 16, "ADC effective number of bits"),
       num("agc_target_rms", "", 0.25, 0.01, 1, "rms at the ADC as a fraction of full scale"),
       section("ffe", rx_ffe(), "FFE"), section("dfe", rx_dfe(), "DFE")}};
  return s;
}

const Section& lpo_host_rx() {  // same keys as rx(), defaults taken from host_rx
  static const Section s = [] {
    Section r = rx();
    r.name = "lpo.host_rx";
    r.doc = "the host receiver in the LPO link; every absent key takes host_rx's value (ctle excepted: absent = no "
            "CTLE; ffe and dfe keys also default to host_rx's)";
    for (auto& f : r.fields)
      if (f.type != Type::kSection) f = f.opt("host_rx's value");
    return r;
  }();
  return s;
}

const Section& module() {
  static const Section s{
      "module", "what the module is built of (power model)",
      {text("name", "800G DR8", "module name (report)"), integer("lanes", 8, 1, 64, "electrical = optical lanes"),
       num("lane_rate_gbps", "Gb/s", 100, 1, 1000, "payload rate per lane (pJ/bit)"),
       text("node", "5nm", "technology node, a key of the power parameters' node_scale"),
       flag("fec_in_module", false, "KP4 terminated (decoded and re-encoded) in the module"),
       flag("line_volterra", false, "line-side Volterra NLC in the DSP"),
       integer("adc_bits", 8, 6, 8, "DSP ADC resolution")}};
  return s;
}

const Section& traffic() {
  static const Section s{"traffic", "line coding and FEC",
                         {flag("precoding", false, "1/(1+D) precoding"),
                          integer("interleave", 2, 1, 4, "KP4 codeword interleave: 1, 2 or 4"),
                          num("ber_threshold", "", 2.4e-4, 1e-12, 0.1, "pre-FEC BER threshold")}};
  return s;
}

const Section& c2m() {
  static const Section s{
      "c2m", "the host-module (C2M) channel, used in both directions",
      {path("file", "Touchstone .s4p of the host-module channel"),
       port_map("ports", "port order in+,in-,out+,out-; auto: detected"),
       num("extra_loss_db", "dB", 0, 0, 40, "flat extra loss"),
       num("loss_db", "dB", 0, 0, 40, "scale the channel to this Nyquist loss; 0 = the file's")}};
  return s;
}

const Section& optical() {
  static const Section s{
      "optical (compare)", "the optical DR link",
      {num("launch_power_dbm", "dBm", 2, -20, 15, "average launch power per lane"),
       num("extinction_ratio_db", "dB", 4.5, 1, 30, "extinction ratio"),
       num("fiber_km", "km", 0.5, 0, 100, "fiber length"),
       num("fiber_loss_db_km", "dB/km", 0.4, 0, 10, "fiber attenuation"),
       num("connector_loss_db", "dB", 1, 0, 20, "total connector/splice loss"),
       num("dispersion_ps_nm_km", "ps/(nm km)", -1.5, -100, 100, "chromatic dispersion"),
       num("wavelength_nm", "nm", 1310, 700, 1700, "wavelength"),
       num("rin_db_hz", "dB/Hz", -145, -180, -100, "laser RIN"),
       num("responsivity_a_w", "A/W", 0.8, 0.01, 1.5, "photodiode responsivity"),
       num("thermal_noise_pa_rthz", "pA/sqrt(Hz)", 15, 0, 200, "receiver thermal noise"),
       num("tia_gain_ohm", "ohm", 1000, 1, 1e6, "TIA transimpedance"),
       num("tia_bw_ghz", "GHz", 40, 1, 500, "TIA bandwidth"),
       num("driver_bw_ghz", "GHz", 45, 1, 500, "modulator driver bandwidth (1 pole)"),
       num("modulator_bw_ghz", "GHz", 40, 1, 500, "modulator bandwidth (1 pole)")}};
  return s;
}

const Section& lpo() {
  static const Section s{
      "lpo", "the linear-drive (LPO) module's analog parts",
      {num("driver_noise_nv_rthz", "nV/sqrt(Hz)", 15, 0, 1000, "linear driver input-referred noise density"),
       section("driver_ctle", ctle(), "CTLE in the linear driver").opt("absent: none"),
       section("tia_ctle", ctle(), "CTLE in the linear TIA output stage").opt("absent: none"),
       num("tia_output_swing_v", "V", 0.5, 0.01, 5, "linear TIA output swing (peak-to-peak) into the C2M"),
       section("host_rx", lpo_host_rx(), "host receiver in the LPO link").opt("absent: host_rx")}};
  return s;
}

const Section& sweep() {
  static const Section s{
      "sweep (compare)", "reach and host-channel-loss sweeps",
      {num_list("fiber_km", "km", {}, 0, 100, "reach sweep points"),
       num("reach_c2m_loss_db", "dB", 0, 0, 40, "C2M Nyquist loss during the reach sweep; 0 = the file's"),
       num_list("c2m_loss_db", "dB", {}, 0, 40, "C2M Nyquist loss sweep points (the channel scaled as H^a)").open_lo()}};
  return s;
}

const Section& time_domain() {
  static const Section s{
      "time_domain", "time-domain check of the retimed C2M segments (link simulator engine)",
      {flag("enabled", false, "run it (needs c2m.loss_db = 0)"),
       integer("symbols", 300000, 10000, 100000000, "symbols per segment, training included"),
       integer("training", 100000, 1000, 100000000, "training symbols (< symbols)"),
       choice("rx_model", "float", {"float", "cmodel", "auto"}, "link simulator receiver"),
       num("stress_noise_mv", "mV rms", 0, 0, 100, "> 0: also run at this RX noise where errors are countable")}};
  return s;
}

const Section& duty_cycle() {
  static const Section s{"duty_cycle", "duty-cycled link for the low-power (standby) figures",
                         {num("standby_fraction", "", 0, 0, 1, "share of each period in standby, wake included"),
                          num("period_us", "us", 100, 1e-3, 1e9, "active/standby cycle period")}};
  return s;
}

const Section& inner_fec() {
  static const Section s{
      "inner_fec", "Clause 177 inner FEC on the optical segment (the DSP module adds and removes it)",
      {flag("enabled", false, "the PMD carries the inner FEC (802.3dj 2 km class, e.g. 1.6TBASE-DR8-2)"),
       num("line_symbol_rate_gbd", "GBd", 113.4375, 1, 300, "optical lane rate with the inner FEC"),
       integer("chase_l", 4, 2, 6, "Chase-2 least-reliable positions (decoder op counts and measured transfer)"),
       choice("decoder", "chase", {"chase", "hard"},
              "inner decoder the statistical engine models: chase (the golden model's measured Chase-L transfer) or "
              "hard (closed-form hard-decision bound)"),
       num("decoder_pipeline_cycles", "DSP clock cycles", 6, 0, 10000, "inner decoder pipeline (assumption)"),
       num("encoder_pipeline_cycles", "DSP clock cycles", 2, 0, 10000, "inner encoder pipeline (assumption)"),
       num("interleaver_latency_ns", "ns", 216.6, 0, 10000, "convolutional interleaver + deinterleaver delay (docs/inner_fec.md: 24576 line symbols at P = 3, D = 192)")}};
  return s;
}

const Section& c2m_impairments() {
  static const Section s{
      "c2m_impairments",
      "the reference receiver's impairments on the C2M segments, from a COM table (sim/data/com/PRESET.yaml; "
      "docs/compare.md \"C2M impairments\"): absent keys take the preset's values",
      {flag("enabled", true, "apply them (false: the bare channel, no TX jitter, no package, no crosstalk, no eta_0)"),
       text("preset", "auto", "COM table: a preset name or .yaml path; auto = ieee8023ck_c2c below 80 GBd, ieee8023dj_kr above"),
       num("rj_ui", "UI rms", 0, 0, 0.2, "TX random jitter sigma_RJ").opt("absent: the preset's sigma_RJ"),
       num("dd_ui", "UI", 0, 0, 0.2, "TX dual-Dirac jitter A_DD").opt("absent: the preset's A_DD"),
       num("snr_tx_db", "dB", 33, 10, 80, "SNR_TX of the C2M transmitters (replaces host_tx/module_tx snr_db)")
           .opt("absent: the preset's SNR_TX"),
       num("eta0_v2_per_ghz", "V^2/GHz", 0, 0, 1e-6, "receiver noise density eta_0 through the RX filters (93A-35), added to noise_rms_mv")
           .opt("absent: the preset's eta_0"),
       flag("package", true, "Annex 93A die + package models at both ends of each C2M channel"),
       num("host_package_zp_mm", "mm", 0, 0, 200, "host-end (ASIC) package line-1 length z_p").opt("absent: the preset's longest test case"),
       num("module_package_zp_mm", "mm", 0, 0, 200, "module-end (DSP, driver, TIA) package line-1 length z_p")
           .opt("absent: the preset's shortest test case"),
       choice("crosstalk", "auto", {"auto", "none"}, "auto: the FEXT<n>/NEXT<n> files beside a THRU channel file as aggressors"),
       flag("com", true, "report COM of the C2M channel with the preset (one computation per run)"),
       num_list("ctle_search_db", "dB", {0, -2, -4, -6, -8, -10, -12}, -30, 0,
                "CTLE DC gains the C2M receivers choose from per channel (best BER), as COM searches g_DC (93A.1.6); empty: fixed")
           .length(0, 32)}};
  return s;
}

const Section& lro() {
  static const Section s{"lro", "linear-receive optics (LRO: DSP on transmit, linear receive) as a third architecture",
                         {flag("enabled", false, "evaluate the LRO module too")}};
  return s;
}

const Section& nlc() {
  static const Section s{
      "nlc", "NLC on the nonlinear optical front end: line segment in the time domain at temperature corners",
      {flag("enabled", false, "run it"), choice("modulator", "mzm", {"mzm", "eml"}, "modulator model"),
       num("driver_gain", "V/V", 2.0, 0.01, 100, "TX levels to modulator drive"),
       num("vpi_v", "V", 2.0, 0.1, 20, "MZM half-wave voltage"),
       num("bias", "", 0.5, 0, 1, "MZM bias at 25 C, fraction of Vpi (0.5 = quadrature)"),
       num("bias_drift_per_c", "1/C", 0.002, 0, 0.1, "MZM bias drift per C away from 25 C (fraction of Vpi)"),
       num("eml_compression", "", 0, 0, 10, "EML cubic compression coefficient"),
       num("extinction_ratio_db", "dB", 25, 0, 60, "MZM finite-ER floor / EML static ER"),
       num_list("temperatures_c", "C", {-40, 0, 25, 70, 85}, -60, 150, "temperature corners"),
       num("stress_driver_gain", "V/V", 0, 0, 100, "> 0: one more pair of runs at the last corner with this drive"),
       integer("symbols", 700000, 20000, 100000000, "symbols per run, training included"),
       integer("training", 400000, 1000, 100000000, "training symbols (< symbols)"),
       integer("volterra_memory", 5, 1, 16, "Volterra 2nd-order memory"),
       choice("rx_model", "float", {"float", "cmodel"}, "link simulator receiver")}};
  return s;
}

// ---- power parameters -------------------------------------------------------------------
Section param_section(const char* name, double lo, double hi, bool lo_open) {
  Field v = num("value", "", 0, lo, hi, "the number (unit in the key name)").req();
  Field l = num("low", "", 0, lo, hi, "low end of the sensitivity range (assumptions)").opt("absent: not varied");
  Field h = num("high", "", 0, lo, hi, "high end of the sensitivity range (assumptions)").opt("absent: not varied");
  if (lo_open) {
    v = v.open_lo();
    l = l.open_lo();
    h = h.open_lo();
  }
  return Section{name, "a documented number",
                 {v, text("source", "", "where it comes from (non-empty)").req(), l, h,
                  text("bounds", "", "the reasoning behind low and high")}};
}
const Section& param() {
  static const Section s = param_section("{value, source}", 0, INFINITY, false);
  return s;
}
const Section& fraction() {
  static const Section s = param_section("{value, source} (fraction)", 0, 1, false);
  return s;
}
const Section& efficiency() {
  static const Section s = param_section("{value, source} (efficiency)", 0, 1, true);
  return s;
}

Field p(const char* key, const char* doc, const Section& s = param()) { return section(key, s, doc).req(); }

bool node_key(const std::string& k) {  // "45nm", "7nm", "2.5nm"
  if (k.size() < 3 || k.compare(k.size() - 2, 2, "nm") != 0 || !std::isdigit(static_cast<unsigned char>(k[0])))
    return false;
  for (std::size_t i = 0; i + 2 < k.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(k[i])) && k[i] != '.') return false;
  return true;
}

const Section& energy_45nm() {
  static const Section s{"energy_45nm", "energy per operation at 45 nm, 0.9 V (pJ)",
                         {p("add8_pj", "8-bit integer add"), p("mult8_pj", "8-bit integer multiply"),
                          section("mult32_pj", param(), "32-bit multiply (checks the a b / 64 scaling)").opt("absent: unused"),
                          p("memory_bit_pj", "SRAM read per bit"), p("register_bit_pj", "flip-flop per bit per clock")}};
  return s;
}
const Section& digital() {
  static const Section s{
      "digital", "datapath widths and overheads of the digital power estimate",
      {p("mult_bits_a", "multiplier input width (bits)"), p("mult_bits_b", "multiplier coefficient width (bits)"),
       p("add_bits", "accumulator width (bits)"),
       p("memory_access_bits_per_symbol", "table bits accessed per symbol"),
       p("register_clock_fraction", "share of register bits clocked per symbol", fraction()),
       p("overhead_factor", "clock tree, control, adaptation beyond the datapath")}};
  return s;
}
const Section& analog() {
  static const Section s{
      "analog", "analog and optical terms, per lane and direction unless the key says module",
      {p("adc_fom_fj_per_step", "ADC Walden figure of merit"), p("dac_pj_per_symbol", "DAC + serializer energy"),
       p("pll_cdr_mw", "PLL + CDR share"), p("c2m_tx_driver_mw", "C2M output driver"),
       p("dsp_driver_mw", "modulator driver fed by the DSP"), p("tia_mw", "TIA feeding the ADC"),
       p("laser_mw", "laser electrical power"), p("lpo_driver_mw", "LPO linear driver"),
       p("lpo_tia_mw", "LPO linear TIA"), p("module_misc_w", "MCU, monitors, regulators per module"),
       p("ref_symbol_rate_gbd", "symbol rate at which the per-lane analog figures are stated (GBd)"),
       p("pll_rate_exponent", "PLL/CDR power ~ (f_sym / ref)^k"),
       p("driver_tia_rate_exponent", "driver and TIA power ~ (f_sym / ref)^k"),
       p("dcdc_efficiency", "module DC-DC conversion efficiency", efficiency())}};
  return s;
}
const Section& fec() {
  static const Section s{"fec", "KP4 codec energy",
                         {p("codec_pj_per_bit_45nm", "KP4 RS(544,514) decode + encode at 45 nm (pJ/bit)")}};
  return s;
}
const Section& latency() {
  static const Section s{
      "latency", "pipeline cycles, parallelism and analog delays",
      {p("dsp_parallelism", "symbols per DSP clock"), p("dsp_rx_pipeline_cycles", "RX DSP pipeline"),
       p("dsp_tx_pipeline_cycles", "TX DSP pipeline"), p("cdr_fifo_cycles", "elastic FIFO between RX and TX clocks"),
       p("dsp_analog_ps", "DSP module analog front-end delay"), p("lpo_analog_ps", "LPO driver + TIA delay"),
       p("fiber_ns_per_m", "fiber group delay"), p("fec_decoder_ns", "KP4 decoder latency beyond accumulation"),
       p("fec_encoder_ns", "KP4 encoder latency")}};
  return s;
}
const Section& standby() {
  static const Section s{
      "standby", "low-power (standby) state: power fractions per class and wake times",
      {p("wake_cycles", "DSP wake time (DSP clock cycles)"), p("lpo_wake_ns", "LPO wake time"),
       p("digital_fraction", "clock-gated DSP datapath", fraction()),
       p("adc_dac_fraction", "ADC/DAC powered down", fraction()), p("pll_cdr_fraction", "PLL/CDR", fraction()),
       p("driver_tia_fraction", "drivers and TIAs", fraction()), p("laser_fraction", "laser", fraction()),
       p("misc_fraction", "MCU and monitoring", fraction()), p("fec_fraction", "KP4 codec", fraction()),
       p("deep_residual_mw", "sub-mW (deep) standby: residual power per module (mW)"),
       p("pll_relock_us", "PLL relock time after a deep standby (us)"),
       p("laser_settle_us", "laser thermal settling after a deep standby (us)")}};
  return s;
}

// ---- claims ------------------------------------------------------------------------------
const Section& cluster() {
  static const Section s{
      "clusters[i]", "a cluster scenario for the roll-up",
      {text("name", "", "scenario name (checks refer to it)").req(),
       num("modules", "", 0, 0, 1e9, "number of modules").req(),
       num("hours_per_year", "h", 8760, 0, 8784, "hours in service per year"),
       num("price_usd_per_kwh", "USD/kWh", 0.08, 0, 10, "energy price"), num("pue", "", 1, 1, 5, "power usage effectiveness"),
       num("carbon_kg_per_kwh", "kg CO2/kWh", 0.4, 0, 5, "grid carbon intensity"),
       num("household_kwh_per_year", "kWh/year", 0, 0, 1e6, "household consumption for the 'households' figure")
           .opt("absent: no households figure"),
       text("source", "", "where the scenario comes from")}};
  return s;
}
const Section& check() {
  static const Section s{
      "checks[i]", "a public claim checked under the model (holds when min <= value <= max)",
      {text("id", "", "identifier").req(), text("claim", "", "the claim in words"),
       text("quantity", "", "the modelled quantity (docs/compare.md)").req(),
       text("cluster", "", "cluster scenario for cluster quantities"), text("source", "", "where the claim comes from"),
       num("min", "", 0, -INFINITY, INFINITY, "lower bound").opt("absent: none (min or max required)"),
       num("max", "", 0, -INFINITY, INFINITY, "upper bound").opt("absent: none (min or max required)")}};
  return s;
}

const Section& calibration_row() {
  static const Section s{
      "rows[i]", "a published module figure the power model is checked against",
      {text("id", "", "identifier").req(), text("module", "", "module in words").req(),
       choice("arch", "DSP", {"DSP", "LPO", "LRO"}, "module architecture").req(),
       text("node", "5nm", "DSP technology node (a key of node_scale)"),
       integer("lanes", 8, 1, 64, "optical = electrical lanes"),
       num("symbol_rate_gbd", "GBd", 53.125, 1, 300, "lane symbol rate"),
       num("lane_rate_gbps", "Gb/s", 100, 1, 1000, "lane payload rate"),
       num("published_w", "W", 0, 0, 1000, "published module power").req().open_lo(),
       text("source", "", "where the figure is published (docs/sources.md)").req()}};
  return s;
}

}  // namespace

const Section& calibration_schema() {
  static const Section s{"calibration file",
                         "Published module figures of the power calibration (sim/data/power/calibration.yaml, beside "
                         "params.yaml)",
                         {num("tolerance", "", 0.15, 0, 1, "allowed |model / published - 1|"),
                          section_list("rows", calibration_row(), "published module figures").req()}};
  return s;
}

const Section& compare_schema() {
  static const Section s{
      "compare config",
      "Top-level keys of a compare config (sim/configs/compare_default.yaml, compare_short_host.yaml)",
      {text("name", "compare", "run name"), num("symbol_rate_gbd", "GBd", 53.125, 1, 300, "symbol rate"),
       integer("osr", 16, 4, 64, "samples per UI"), integer("seed", 1, 0, 4000000000.0, "random seed"),
       section("module", module(), "module"), section("traffic", traffic(), "traffic"),
       section("c2m", c2m(), "C2M channel").req(), section("host_tx", tx(), "host SerDes TX"),
       section("host_rx", rx(), "host SerDes RX (DSP link)"), section("module_tx", tx(), "module DSP TX toward the host"),
       section("module_rx", rx(), "module DSP RX on the host side"),
       section("line_tx", tx(), "module DSP TX into the optical driver"),
       section("line_rx", rx(), "module DSP RX after the TIA"), section("optical", optical(), "optical link"),
       section("lpo", lpo(), "LPO module"), section("sweep", sweep(), "sweeps").opt("absent: no sweeps"),
       section("time_domain", time_domain(), "time-domain check"), section("duty_cycle", duty_cycle(), "standby figures"),
       section("inner_fec", inner_fec(), "inner FEC (1.6T 2 km class)").opt("absent: no inner FEC"),
       section("lro", lro(), "LRO architecture").opt("absent: not evaluated"),
       section("c2m_impairments", c2m_impairments(), "reference receiver's impairments on the C2M segments")
           .opt("absent: every default (enabled)"),
       section("nlc", nlc(), "NLC on the nonlinear optics").opt("absent: not run"),
       integer("hops", 3, 1, 100, "module hops in the end-to-end latency"),
       path("power_params", "power parameter file (params.yaml)"),
       path("claims", "claims/cluster scenario file").opt("absent: no claims checked")}};
  return s;
}

const Section& power_params_schema() {
  static const Section s{
      "power parameters",
      "Sections of the power parameter file (sim/data/power/params.yaml); every leaf is {value, source}",
      {section("energy_45nm", energy_45nm(), "energy per operation").req(),
       section_map("node_scale", param(), node_key, "technology nodes such as `5nm`, each {value, source}",
                   "energy factor relative to 45 nm per node")
           .req(),
       section("digital", digital(), "digital estimate").req(), section("analog", analog(), "analog terms").req(),
       section("fec", fec(), "FEC codec").req(), section("latency", latency(), "latency").req(),
       section("standby", standby(), "standby state").req()}};
  return s;
}

const Section& claims_schema() {
  static const Section s{"claims file",
                         "Sections of the claims file (sim/data/power/claims_800g.yaml): cluster scenarios and "
                         "public claims",
                         {num("lane_rate_gbps", "Gb/s", 0, 0, 1000,
                              "generation the claims are about (100: 800G DR8, 200: 1.6T); must equal "
                              "module.lane_rate_gbps of the compare config")
                              .opt("absent: not checked"),
                          section_list("clusters", cluster(), "cluster scenarios").req(),
                          section_list("checks", check(), "claims").req()}};
  return s;
}

}  // namespace halo::config

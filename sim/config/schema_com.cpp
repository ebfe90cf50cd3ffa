// Schema of the COM files (`halolink com`): the parameter-table presets in sim/data/com/*.yaml
// and the COM configs that name a preset, override its values and give the channels.
// Units follow the standard's tables (Table 93A-1): GHz, GBd, ns, mm, nF, nH, V, UI.
#include <cmath>

#include "halo/config/schemas.hpp"

namespace halo::config {
namespace {

const char* kFromPreset = "from the preset (required in a preset file)";

Field p(Field f) { return f.opt(kFromPreset); }

const Section& ctle() {
  static const Section s{"parameters.ctle", "continuous-time filter H_ctf (93A-22)",
                         {p(num("fz_ghz", "GHz", 0, 0.01, 1000, "zero f_z")),
                          p(num("fp1_ghz", "GHz", 0, 0.01, 1000, "pole f_p1")),
                          p(num("fp2_ghz", "GHz", 0, 0.01, 1000, "pole f_p2")),
                          p(num("flf_ghz", "GHz", 0, 0.001, 100, "low-frequency pole/zero f_LF")),
                          p(num_list("g_dc_db", "dB", {}, -40, 0, "DC gains g_DC searched").length(1, 64)),
                          p(num_list("g_dc2_db", "dB", {}, -40, 0, "low-frequency gains g_DC2 searched").length(1, 64))}};
  return s;
}
const Section& tx_ffe() {
  static const Section s{"parameters.tx_ffe", "transmitter FFE searched (taps other than c(0), pre-cursors first)",
                         {p(integer("pre", 0, 0, 8, "number of pre-cursor taps in the lists")),
                          p(num_list("min", "", {}, -1, 1, "minimum of each tap").length(0, 8)),
                          p(num_list("max", "", {}, -1, 1, "maximum of each tap").length(0, 8)),
                          p(num_list("step", "", {}, 0, 1, "step of each tap (0: fixed at min)").length(0, 8)),
                          p(num("c0_min", "", 0, 0, 1, "minimum c(0) = 1 - sum |c(k)|"))}};
  return s;
}
const Section& dfe() {
  static const Section s{"parameters.dfe", "decision feedback equalizer limits b(1) .. b(N_b) (93A-26)",
                         {p(num_list("b_min", "", {}, -1, 1, "lower limit per tap").length(0, 64)),
                          p(num_list("b_max", "", {}, -1, 1, "upper limit per tap").length(0, 64))}};
  return s;
}
const Section& device() {
  static const Section s{"parameters.device", "device termination and die (93A.1.2.2; 802.3ck ladder C_d, L_s, C_b)",
                         {p(num("rd_ohm", "ohm", 50, 1, 1000, "single-ended termination R_d")),
                          p(num_list("cd_nf", "nF", {}, 0, 1, "shunt C_d per ladder stage").length(1, 8)),
                          p(num_list("ls_nh", "nH", {}, 0, 10, "series L_s per ladder stage").length(1, 8)),
                          p(num("cb_nf", "nF", 0, 0, 1, "bump capacitance C_b"))}};
  return s;
}
const Section& package() {
  static const Section s{
      "parameters.package", "package transmission lines (93A.1.2.3) and C_p",
      {p(num_list("zc_ohm", "ohm", {}, 1, 1000, "differential Z_c per line segment").length(1, 8)),
       p(num_list("zp_mm", "mm", {}, 0, 1000, "length per segment; segment 1 is replaced per test case").length(1, 8)),
       p(num_list("zp1_cases_mm", "mm", {}, 0, 1000, "segment-1 length per package test case (COM: the lowest)").length(1, 8)),
       num_list("zp1_next_mm", "mm", {}, 0, 1000, "NEXT aggressor transmitter segment-1 length per case").length(1, 8).opt("the case's length"),
       num_list("zp1_fext_mm", "mm", {}, 0, 1000, "FEXT aggressor transmitter segment-1 length per case").length(1, 8).opt("the case's length"),
       p(num("gamma0_per_mm", "1/mm", 0, 0, 1, "gamma_0")),
       p(num("a1", "ns^0.5/mm", 0, 0, 1, "a_1")),
       p(num("a2", "ns/mm", 0, 0, 1, "a_2")),
       p(num("tau_ns_per_mm", "ns/mm", 0, 0, 1, "tau")),
       p(num("cp_nf", "nF", 0, 0, 1, "C_p at the package-to-board interface"))}};
  return s;
}
const Section& host() {
  static const Section s{
      "parameters.host", "partial host channel at both ends (C_0, line, C_1; 802.3ck CR / 178A.1.4.3); absent: none",
      {flag("enabled", true, "include the host channel"),
       num("c0_nf", "nF", 0, 0, 1, "C_0 at the package"),
       num("c1_nf", "nF", 0, 0, 1, "C_1 at the channel"),
       num("zc_ohm", "ohm", 100, 1, 1000, "line Z_c"),
       num("length_mm", "mm", 0, 0, 2000, "line length"),
       num("gamma0_per_mm", "1/mm", 0, 0, 1, "gamma_0"),
       num("a1", "ns^0.5/mm", 0, 0, 1, "a_1"),
       num("a2", "ns/mm", 0, 0, 1, "a_2"),
       num("tau_ns_per_mm", "ns/mm", 0.006, 0, 1, "tau")}};
  return s;
}
const Section& params() {
  static const Section s{
      "parameters", "the COM parameter table (Table 93A-1 layout)",
      {p(num("fb_gbd", "GBd", 0, 1, 500, "signaling rate f_b")),
       num("fstep_ghz", "GHz", 0.01, 0.0001, 1, "frequency step (sets the time span 1/f_step of the responses)"),
       integer("levels", 4, 2, 16, "number of signal levels L"),
       integer("samples_per_ui", 32, 8, 256, "samples per UI M"),
       p(num("der0", "", 0, 0, 0.5, "target detector error ratio DER_0").open_lo()),
       p(num("tr_ns", "ns", 0, 0, 1, "transmitter rise time T_r (93A-46)")),
       p(num("rlm", "", 0, 0.5, 1, "level separation mismatch ratio R_LM")),
       p(num("av_v", "V", 0, 0, 2, "victim amplitude A_v")),
       p(num("afe_v", "V", 0, 0, 2, "far-end aggressor amplitude A_fe")),
       p(num("ane_v", "V", 0, 0, 2, "near-end aggressor amplitude A_ne")),
       p(num("r0_ohm", "ohm", 0, 1, 1000, "single-ended reference resistance R_0")),
       p(num("a_dd_ui", "UI", 0, 0, 0.5, "dual-Dirac jitter A_DD")),
       p(num("snr_tx_db", "dB", 0, 0, 100, "transmitter SNR_TX")),
       p(num("eta0_v2_per_ghz", "V^2/GHz", 0, 0, 1e-3, "receiver noise spectral density eta_0")),
       p(num("sigma_rj_ui", "UI rms", 0, 0, 0.5, "random jitter sigma_RJ")),
       p(num("fr_fb", "f_b", 0, 0.05, 2, "receiver filter 3 dB bandwidth f_r (93A-20)")),
       num("fom_precursor_ui", "UI", -1, -1, 100000,
           "pre-cursor UIs in the FOM's ISI (whole number): -1 all (93A-31); 0 none (PyChOpMarg 3.4 without an Rx FFE)"),
       section("ctle", ctle(), "CTLE"), section("tx_ffe", tx_ffe(), "TX FFE search"), section("dfe", dfe(), "DFE"),
       section("device", device(), "termination and die"), section("package", package(), "package"),
       section("host", host(), "partial host channel")}};
  return s;
}
const Section& one_channel() {
  static const Section s{"channel.*", "one channel file",
                         {path("file", "Touchstone .s4p (or differential .s2p)"),
                          port_map("ports", "port order in+,in-,out+,out-; auto: detected (THRU) or 1,3,2,4 (crosstalk)")}};
  return s;
}
const Section& channel() {
  static const Section s{"channel", "the victim and its aggressors",
                         {section("thru", one_channel(), "victim channel").req(),
                          section_list("fext", one_channel(), "far-end crosstalk aggressors").opt("none"),
                          section_list("next", one_channel(), "near-end crosstalk aggressors").opt("none")}};
  return s;
}

}  // namespace

const Section& com_schema() {
  static const Section s{
      "com", "a COM preset (sim/data/com/NAME.yaml) or a COM config naming one",
      {text("preset", "", "preset to start from (a name in sim/data/com/ or a .yaml path); absent in preset files"),
       text("name", "", "preset name (preset files)"),
       text("source", "", "the standard's table the values transcribe (preset files)"),
       section("parameters", params(), "parameter values (overrides of the preset in a config)"),
       section("channel", channel(), "channels to evaluate (configs)").opt("absent: given on the command line")}};
  return s;
}

}  // namespace halo::config

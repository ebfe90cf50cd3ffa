// Channel Operating Margin (COM), IEEE 802.3 Annex 93A (as amended by 802.3ck; 802.3dj
// Annex 178A parameter tables), as a library: compute_com() takes the channel's two-ports and a
// parameter table and returns COM, its terms and the equalizer settings found.
//
// Method (93A.1): the victim and aggressor channels are cascaded with the transmitter and
// receiver device models (die + package, halo/sim/package_model.hpp) for every package test case;
// the voltage transfer function H21 (93A-18) times the transmitter rise-time filter H_t (93A-46)
// and the receiver filter H_r (93A-20) is interpolated onto a uniform grid, its impulse response
// truncated after the last sample above 1e-3 of its peak, and the pulse responses (93A-24) formed
// with the CTLE H_ctf (93A-22) and TX FFE (93A-21). The equalizer search (93A.1.6) maximizes the
// figure of merit (93A-36) over every TX FFE combination with c(0) >= c0_min and every CTLE
// (g_DC, g_DC2) pair, with the DFE taps of (93A-26) clipped to [b_min, b_max] and the cursor of
// the Mueller-Mueller criterion (93A-25). COM (93A.1.7) = 20 log10(A_s / A_ni), A_ni the noise +
// interference amplitude exceeded with probability DER_0 in the combined distribution of residual
// ISI (93A-40), crosstalk (93A-44), jitter (dual-Dirac A_DD and Gaussian sigma_RJ, 93A-32) and
// Gaussian TX (SNR_TX, 93A-30) and receiver (eta_0, 93A-35) noise. Lowest COM over package cases.
//
// Not modeled (docs/com.md): the 802.3dj receiver FFE with MMSE and floating taps (178A.1.8),
// MLSD (178A.1.10), ADC quantization (178A.1.7.6), ERL. The dj presets are evaluated with the
// 93A.1.6 receiver (CTLE + DFE) and their own parameter values.
//
// Units: SI unless a name says otherwise (GHz, GBd, ns, mm, nF, nH as in the tables).
#pragma once

#include <string>
#include <vector>

#include "halo/sim/channel_response.hpp"
#include "halo/sim/package_model.hpp"
#include "halo/sim/touchstone.hpp"

namespace halo::sim::com {

/// One COM parameter table (Table 93A-1 layout). Capacitances in F, inductances in H.
struct Params {
  std::string name;    ///< preset name ("ieee8023ck_kr")
  std::string source;  ///< the standard's table it transcribes
  double fb_gbd = 53.125;      ///< f_b, signaling rate, GBd
  double fstep_ghz = 0.01;     ///< frequency step of the channel grid (used to size the FFT)
  unsigned levels = 4;         ///< L
  unsigned m = 32;             ///< M, samples per UI
  double der0 = 1e-4;          ///< DER_0, target detector error ratio
  double tr_ns = 0.004;        ///< T_r, transmitter 20-80% rise time (93A-46), ns
  double rlm = 0.95;           ///< R_LM, level separation mismatch ratio
  double av = 0.413, afe = 0.413, ane = 0.45;  ///< A_v, A_fe, A_ne, V (peak)
  double r0 = 50;              ///< R_0, single-ended reference resistance, ohm
  double a_dd = 0.02;          ///< A_DD, dual-Dirac jitter, UI
  double snr_tx_db = 33;       ///< SNR_TX, dB
  double eta0 = 8.2e-9;        ///< eta_0, one-sided noise spectral density, V^2/GHz
  double sigma_rj = 0.01;      ///< sigma_RJ, random jitter, UI rms
  double fz_ghz = 0, fp1_ghz = 0, fp2_ghz = 0, flf_ghz = 0;  ///< CTLE f_z, f_p1, f_p2, f_LF (93A-22)
  std::vector<double> g_dc, g_dc2;                          ///< CTLE DC gains searched, dB
  /// TX FFE taps other than c(0), in order c(-tx_pre) .. c(-1), c(1) ..: min, max, step each.
  std::vector<double> tx_min, tx_max, tx_step;
  unsigned tx_pre = 3;         ///< number of pre-cursor taps among them
  double c0_min = 0.54;        ///< minimum c(0) = 1 - sum |c(k)|
  double fr = 0.58;            ///< f_r, receiver 3 dB bandwidth, in units of f_b
  std::vector<double> b_min, b_max;  ///< DFE tap limits, b(1) .. b(N_b)
  DeviceModel tx_device, rx_device;  ///< R_d, die, package (segment 1 length set per case)
  std::vector<double> zp1_cases_mm;  ///< package line-1 length per test case (all ends), mm
  std::vector<double> zp1_next_mm, zp1_fext_mm;  ///< per case for aggressor transmitters (empty: = zp1_cases_mm)
  bool host_both_ends = false;  ///< device models include their partial host channel (CR)
  /// Pre-cursor UIs counted in the FOM's residual ISI: -1 = all (93A-31 as written); n >= 0 =
  /// only the n UIs before the cursor (PyChOpMarg 3.4's PRZF FOM counts dw of them, 0 without
  /// a receiver FFE). The final COM always counts every sample.
  int fom_precursors = -1;
};

/// Channel to evaluate: differential two-ports (SDD11, SDD12, SDD21, SDD22) on the data's grid.
struct Channel {
  std::string name;
  enum class Kind { kThru, kFext, kNext } kind = Kind::kThru;
  std::vector<double> freq_hz;
  std::vector<TwoPort> s;
};

/// Mixed-mode differential two-port of a 4-port (map: in+, in-, out+, out-) or a 2-port.
/// Throws std::invalid_argument for other port counts.
Channel differential_channel(const SParams& sp, const PortMap& map, Channel::Kind kind);

/// Noise and interference terms, as rms voltages (V) at the slicer, and the budget.
struct Terms {
  double as_v = 0;          ///< A_s, available signal (93A.1.6 c)
  double ani_v = 0;         ///< A_ni, noise + interference at DER_0
  double sigma_isi = 0;     ///< residual ISI after the DFE
  double sigma_xt = 0;      ///< crosstalk (all aggressors)
  double sigma_jitter = 0;  ///< jitter: A_DD and sigma_RJ combined, rms
  double sigma_tx = 0;      ///< TX noise (SNR_TX)
  double sigma_rx = 0;      ///< receiver noise (eta_0)
  double fom_db = 0;        ///< figure of merit of the chosen equalizer (93A-36)
};

struct Result {
  double com_db = 0;
  std::string preset;
  unsigned case_index = 0;       ///< package case that set COM (the lowest)
  std::vector<double> case_com_db;
  double zp1_mm = 0;
  Terms terms;
  // equalizer found
  std::vector<double> tx_taps;   ///< c(-tx_pre) .. c(-1), c(0), c(1) ..
  double g_dc_db = 0, g_dc2_db = 0;
  std::vector<double> dfe_taps;  ///< b(1) .. b(N_b), normalized to the cursor
  unsigned cursor_index = 0;     ///< cursor sample in pulse (samples, M per UI)
  // pulse responses of the chosen equalizer (V), M samples per UI: victim, then each aggressor
  std::vector<std::vector<double>> pulses;
  std::vector<std::string> pulse_names;
  double sample_period_s = 0;
  unsigned evaluated = 0;        ///< FOM evaluations
  // CDF of noise + interference (y in V, P(y' <= y)) for the budget plot, decimated
  std::vector<double> pdf_y, pdf_p;
};

/// Computes COM. Channels: one kThru and any number of kFext / kNext. Throws
/// std::invalid_argument naming the parameter for an inconsistent table (sizes, ranges) or a
/// channel whose data do not reach f_b / 2, and std::runtime_error if no equalizer setting
/// yields a valid cursor (a degenerate pulse response).
Result compute(const Params& p, const std::vector<Channel>& channels);

}  // namespace halo::sim::com

namespace halo::sim::com {
/// The result as JSON text: COM, its terms (V and dB), equalizer found, package cases, the
/// parameters used, and (with_waveforms) the pulse responses and the noise + interference PDF.
std::string to_json(const Result& r, const Params& p, bool with_waveforms);
}  // namespace halo::sim::com

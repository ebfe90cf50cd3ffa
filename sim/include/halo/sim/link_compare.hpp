// DSP-retimed versus LPO link: pre-FEC BER, post-FEC CER/FLR and margin on the same channels.
//
// DSP-retimed (three independently equalized and retimed segments; error ratios add):
//   1. host TX FFE -> C2M (SDD21) -> module RX (Bessel-Thomson, [CTLE], ADC, FFE + DFE)
//   2. module TX FFE -> driver -> modulator -> fiber (loss, chromatic dispersion) -> PD -> TIA
//      -> module RX (ADC, FFE + DFE)
//   3. module TX FFE -> C2M -> host RX ([CTLE], ADC, FFE + DFE)
// LPO (one end-to-end linear channel; noise and ISI accumulate):
//   host TX FFE -> C2M -> linear driver ([CTLE], input noise) -> modulator -> fiber -> PD ->
//   TIA (AGC to a fixed output swing) -> C2M -> host RX (CTLE, ADC, FFE + DFE)
// Each equalized segment is evaluated by the link simulator's statistical engine
// (halo::sim::analyze: MMSE FFE + DFE, exact ISI PDF, Gaussian noise) on the cascaded
// frequency response (Touchstone SDD21 x filters), with noise referred to the ADC input:
//   optical: i_n^2 = i_th^2 + 2 q I + RIN I^2 (A^2/Hz, I = R P_avg), integrated over
//            |Z_T H_after(f)|^2; OMA = 2 P_avg (r - 1)/(r + 1), r = 10^(ER/10); the outer
//            PAM4 level at the TIA output is R Z_T OMA / 2.
//   CD (intensity modulation, chirp-free): H_cd(f) = cos(pi D L lambda^2 f^2 / c).
//   LPO driver noise: e_n^2 (V^2/Hz) integrated over |G H_after(f)|^2.
//   ADC: sigma_q = rms_in / (agc_target 2^ENOB sqrt 12) (AGC scales rms_in to the target).
// Coloured noise is passed to the statistical engine as white noise of the same variance.
// Burst statistics (DFE error propagation) and the KP4 CER/FLR: burst_fec.hpp.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <limits>
#include <optional>

#include "halo/sim/burst_fec.hpp"
#include "halo/sim/c2m_impairments.hpp"
#include "halo/sim/compare_config.hpp"
#include "halo/sim/link.hpp"
#include "halo/sim/statistical.hpp"

namespace halo::sim {

struct SegmentResult {
  std::string name;
  double nyquist_loss_db = 0;   ///< electrical channel loss at f_sym/2 (C2M) or optical path loss (dB)
  double ser = 0, ber = 0;      ///< statistical engine (no error propagation)
  double snr_db = 0;            ///< slicer SNR
  double dfe_b1 = 0;            ///< first DFE tap (level units)
  double sigma_noise = 0, sigma_isi = 0;  ///< level units
  double received_oma_dbm = 0;  ///< optical segments
  std::string engine = "statistical";
  double ctle_dc_gain_db = std::numeric_limits<double>::quiet_NaN();  ///< CTLE DC gain chosen (C2M receivers with c2m_impairments.ctle_search_db)
  double com_db = std::numeric_limits<double>::quiet_NaN();           ///< COM of this segment's C2M channel (when computed)
  // time-domain (cmodel DSP) check, when run
  bool td_run = false;
  double td_ber = 0;
  std::uint64_t td_bits = 0, td_bit_errors = 0;
  std::string td_rx;
  // Clause 177 inner FEC on this segment (1.6T 2 km class; gen_1p6t.hpp), when present
  bool inner_fec = false;
  double symbol_rate_gbd = 0;   ///< this segment's symbol rate
  double inner_ser_in = 0;      ///< inner decoder input SER (DFE bursts included)
  double inner_ser_out = 0;     ///< after the inner decoder (i.i.d. after deinterleaving)
  std::string inner_decoder;    ///< the transfer used (gen_1p6t.hpp)
  // TDECQ of the segment's optical transmitter (optical segments of the headline point; tdecq.hpp)
  bool tdecq_run = false;
  double tdecq_db = 0, tdecq_max_db = 0;
  std::vector<double> tdecq_taps;
  std::string tdecq_preset;
  /// The transmitter setting the figure is for ("" = as configured); LPO: the driver CTLE
  /// chosen by the TDECQ search (docs/tdecq.md "In the compare") and the figure without it.
  std::string tdecq_setting;
  double tdecq_untuned_db = 0;  ///< LPO: TDECQ with the driver CTLE as configured (inf: closed)
  double tdecq_ctle_dc_gain_db = 0;  ///< LPO: g_dc (dB) of the driver CTLE chosen by the search
};

struct ArchResult {
  std::string arch;                  ///< "DSP" | "LPO" | "LRO"
  std::vector<SegmentResult> segments;
  BurstFecResult fec;                ///< whole link, bursts included
  double pre_fec_ber = 0;
  double margin_decades = 0;         ///< log10(threshold / pre-FEC BER); > 0 meets
  bool meets = false;
  bool supported = true;             ///< false: the architecture cannot run this PMD (see note)
  std::string note;                  ///< why not (e.g. the inner FEC a linear module cannot terminate)
};

struct ComparePoint {
  double fiber_km = 0, c2m_loss_db = 0;  ///< reach and C2M Nyquist loss (one side, before extra_loss_db)
  ArchResult dsp, lpo;
  ArchResult lro;                        ///< filled when cfg.lro.enabled
  bool has_lro = false;
};

/// Loaded channels (Touchstone read once).
class CompareLinks {
 public:
  /// Reads the C2M Touchstone file. Throws TouchstoneError / std::invalid_argument.
  explicit CompareLinks(const CompareConfig& cfg);
  ~CompareLinks();
  /// Evaluates both architectures at a reach (km) and a C2M Nyquist loss (dB; <= 0:
  /// c2m.loss_db, or the file's own loss when that is 0 too), statistical engine. c2m.extra_loss_db (flat) is applied on top.
  /// with_tdecq: also TDECQ of each optical segment's transmitter (TX FFE, C2M and driver CTLE
  /// for LPO, driver, modulator, fiber CD; linear, TX noise and RIN) with the preset of its rate.
  [[nodiscard]] ComparePoint evaluate(double fiber_km, double c2m_loss_db = 0, bool with_tdecq = false) const;
  /// C2M SDD21 loss at the Nyquist frequency (dB, positive).
  [[nodiscard]] double c2m_nyquist_loss_db() const;
  [[nodiscard]] const CompareConfig& config() const { return cfg_; }
  /// The C2M impairments in use (c2m_impairments.hpp) and the C2M channel with them.
  [[nodiscard]] const C2mImpairments& impairments() const;
  [[nodiscard]] const C2mChannel& c2m_channel() const;
  /// COM of the C2M channel (at `c2m_loss_db`, <= 0: as evaluate()) with the impairments'
  /// preset and aggressors, or nullopt when the impairments or their `com` are off.
  [[nodiscard]] std::optional<com::Result> c2m_com(double c2m_loss_db = 0) const;

 private:
  struct Impl;
  CompareConfig cfg_;
  std::unique_ptr<Impl> impl_;
};

/// Time-domain check of the DSP-retimed link's electrical segments (host->module and
/// module->host C2M) with the link simulator's time-domain engine (run_time_domain, receiver
/// cfg.time_domain.rx_model: "cmodel" = the bit-exact golden-model DSP), on the same channel,
/// TX FFE, noise and equalizer as the statistical evaluation, and the same C2M impairments
/// (TX RJ + dual-Dirac DJ, SNR_TX, eta_0, device models, aggressors: c2m_segment_link()).
/// Fills the td_* fields of point.dsp.segments[0] and [2]. Throws ConfigError for settings
/// the engine rejects.
void time_domain_check(const CompareConfig& cfg, ComparePoint& point);
/// The link simulator's config of one retimed C2M segment (transmitter `tx` -> C2M -> receiver
/// `rx`) with the C2M impairments of `links` (time-domain and statistical engines of the link
/// simulator on the same terms as the compare's evaluation; used by time_domain_check).
LinkConfig c2m_segment_link(const CompareLinks& links, C2mDirection dir, const CompareTx& tx, const CompareRx& rx,
                            const std::string& name, std::uint64_t seed);

/// Where the pre-FEC BER first exceeds the threshold along a sweep (log-linear interpolation
/// between the last passing and first failing point); NaN if it never fails, -inf (reported as
/// "fails everywhere") if the first point already fails.
double sweep_limit(const std::vector<double>& x, const std::vector<double>& ber, double threshold);

nlohmann::json to_json(const SegmentResult& s);
nlohmann::json to_json(const ArchResult& a);

}  // namespace halo::sim

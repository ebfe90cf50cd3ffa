// End-to-end retimer scenario shared by the retimer_rx co-simulation (verif/top) and the
// SystemC system model (verif/systemc): KP4-encoded PAM4 line (Gray, precoding), synthetic
// ISI channel and ADC, and the golden model's results for every output (halo::retimer::
// RetimerRx with the Volterra compensator and its FEC receive block halo::fec::FecRx).
// C++17 interface (no cmodel types) so that SystemC translation units can include it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace halo::verif {

struct ScenarioConfig {
  unsigned codewords = 6;      ///< KP4 codewords after the warm-up
  unsigned warmup = 4096;      ///< random PAM4 symbols before codeword 0 (adaptation)
  int adc_bits = 8;            ///< 6..8
  double amp = 28.0;           ///< ADC LSB (8-bit scale) per unit PAM4 amplitude
  double sigma = 7.0;          ///< noise, 8-bit ADC LSB
  std::vector<double> h{0.05, 1.0, 0.3, 0.05};  ///< pulse response, main cursor index 1
  bool precoding = true;
  std::uint64_t seed = 1;
  int adapt_delay = 64;        ///< FFE / Volterra adaptation delay (retimer_rx AdaptDelay)
  /// Clause 177 inner FEC (retimer_rx InnerFec > 0): 0 off; 1 hard, 2 Chase-2 (chase_l). On:
  /// the KP4 stream (after inner_warmup_msgs random messages) is interleaved (3 x 192),
  /// inner-encoded and Gray mapped (precoding must be false; warmup unused: the line starts
  /// with inner codeword 0, the first inner_warmup_msgs carry random pairs).
  int inner = 0;
  unsigned chase_l = 4;
  bool inner_correct = true;
  unsigned inner_warmup_msgs = 64;
};

/// One inner codeword's verdict: status 0 clean, 1 corrected, 2 uncorrectable; flips = the
/// XOR-domain positions changed (bit k of flips[k / 64]).
struct InnerVerdict {
  unsigned status = 0;
  std::uint64_t flips[2] = {0, 0};
};

/// Inner FEC monitor counters (halo::fec::inner::InnerFecMonitor, register saturation).
struct InnerCounts {
  std::uint64_t codewords = 0, corrected = 0, uncorrectable = 0, corrected_positions = 0;
  std::vector<std::uint64_t> hist;  ///< 68 bins
};

/// Configuration values for the retimer_rx ports (what RetimerRx is configured with).
struct RxSettings {
  int adc_bits, ffe_mode, ffe_mu, vol_mode, vol_mu, dfe_mode, dfe_mu;
  int level_a, level_mu, cdr_kp, cdr_ki, cdr_phase_bits;
  std::uint32_t cdr_init_phase;
  bool precoding;
  std::vector<std::int32_t> ffe_taps;  ///< 16, S12.8
  std::vector<std::int32_t> vol_coefs; ///< 16, S12.10 (N1=1, N2=5, Pre2=2)
  std::int32_t dfe_tap;                ///< S12.3 per unit amplitude
  unsigned fec_skip;                   ///< PAM4 symbols before codeword 0 at the RX output
                                       ///< (inner FEC on: deinterleaved pairs)
  bool inner_en = false, inner_chase = false, inner_correct = true;
  unsigned inner_skip = 0;             ///< PAM4 symbols before inner codeword 0 (0..63)
};

struct CodewordStatus {
  bool uncorrectable = false;
  unsigned errors = 0, corrected_symbols = 0, corrected_bits = 0;
};

struct Scenario {
  RxSettings rx;
  std::vector<std::int16_t> adc;         ///< ADC codes, one per PAM4 symbol
  std::vector<std::uint8_t> tx_symbols;  ///< transmitted Gray symbols (before precoding)
  std::vector<std::uint16_t> tx_codewords;  ///< transmitted KP4 codewords, 544 symbols each
  std::vector<std::uint8_t> rx_symbols;  ///< golden decoded Gray symbols (after precoding inverse)
  std::vector<std::uint16_t> cdr_codes;  ///< golden CDR phase command after each symbol
  std::vector<std::uint16_t> fec_out;    ///< golden corrected codewords, 544 symbols each
  std::vector<CodewordStatus> status;    ///< golden per-codeword status
  std::uint64_t pre_fec_bit_errors = 0;  ///< RX bits vs TX bits over the codewords
  std::uint64_t post_fec_symbol_errors = 0;  ///< corrected codewords vs transmitted
  std::vector<std::int32_t> ffe_taps, vol_coefs;  ///< golden final coefficients
  std::int32_t dfe_tap = 0;
  std::uint32_t cdr_phase = 0;
  bool recorded = false;  ///< from make_recorded_scenario (no TX data)
  std::vector<InnerVerdict> inner;       ///< golden inner verdicts (inner FEC on)
  InnerCounts inner_counts;              ///< golden inner monitor at the end
  std::uint64_t pre_inner_bit_errors = 0;  ///< slicer bit errors over the inner codewords
};

/// Builds the line, runs the golden model. Throws std::invalid_argument on bad settings.
Scenario make_scenario(const ScenarioConfig& cfg);

/// A recorded ADC stream (the codes of a `halolink sim --dump-adc` file, docs/sim.md) in
/// place of the TX and the synthetic channel. The stream's line carries KP4 codewords from
/// line symbol 0 (tx.pattern kp4); code k samples line symbol k - cursor_delay.
struct RecordedStream {
  const std::vector<std::int16_t>* codes = nullptr;  ///< the whole file
  long cursor_delay = 0;       ///< the header's cursor_delay
  bool precoding = false;      ///< the header's precoding
  int adc_bits = 8;            ///< the header's adc_bits (6..8)
  std::size_t start = 0;       ///< first code used (a multiple of 2720: a codeword boundary;
                               ///< e.g. after the simulator's training, its CDR settled)
  /// Link-training start values (the dump's trailer rx_ffe / rx_dfe, RxState units: FFE
  /// taps in level units per code / 2^(adc_bits-1), 16 taps with 5 pre-cursors; DFE tap in
  /// level units). Empty: the gain preset from the stream's RMS and DFE tap 0.
  std::vector<double> ffe_levels, dfe_levels;
  /// CDR loop gains (retimer_rx cdr_kp_shift_i / cdr_ki_shift_i); -1: the scenario's default
  /// (kp 2, ki 12, for the open-loop replay). A closed loop needs the link's gains.
  int cdr_kp = -1, cdr_ki = -1;
};

struct AdcFile;  // dsp_stimulus.hpp

/// The RecordedStream of a `halolink sim --dump-adc` file read with read_adc_file (which must
/// outlive the result): header cursor_delay, precoding and adc_bits, link-training values from
/// the trailer (rx_ffe, rx_dfe), codes from `start` (a codeword boundary) on. Throws
/// std::runtime_error naming the file when its pattern is not kp4.
RecordedStream recorded_stream(const AdcFile& f, std::size_t start);

/// The settings make_recorded_scenario configures the receiver with, and codes_needed: the
/// codes it uses from rec.start on. rec.codes is read only for the gain preset (empty
/// ffe_levels) and may be null otherwise (a stream still to be produced). Throws
/// std::invalid_argument as make_recorded_scenario (except for the stream's length).
RxSettings recorded_settings(const ScenarioConfig& cfg, const RecordedStream& rec, std::size_t& codes_needed);

/// The scenario of a recorded stream: cfg.codewords KP4 codewords after about cfg.warmup
/// symbols of adaptation (rounded to the codeword grid), settings from cfg (h, sigma and
/// seed unused), FFE and DFE starting from rec.ffe_levels / dfe_levels (converted to S12.8 /
/// S12.3 at the slicer amplitude level_a: c = round(f 3 level_a / 4), b = round(b level_a))
/// or from the gain preset. tx_* stay empty;
/// pre_fec_bit_errors counts the bits the golden FEC corrected (exact for correctable
/// codewords), post_fec_symbol_errors is 0 (the payload is not known here). Throws
/// std::invalid_argument when the stream is too short (naming the codes needed) or the
/// FEC skip does not fit retimer_rx's 16-bit fec_skip_i.
Scenario make_recorded_scenario(const ScenarioConfig& cfg, const RecordedStream& rec);

/// One-line summary "N codewords, pre-FEC BER x, ... " of the golden results.
std::string summary(const Scenario& s);

}  // namespace halo::verif

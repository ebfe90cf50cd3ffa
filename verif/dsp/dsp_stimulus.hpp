// Stimulus for the DSP co-simulations: PAM4 symbols through a synthetic ISI channel with
// AWGN and an N-bit ADC, or codes read from a file (the hook for the link simulator's
// channel output: HALO_COSIM_ADC_FILE, see docs/dsp_rtl.md).
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace halo::verif {

struct AdcStimulus {
  std::vector<std::uint8_t> symbols;  ///< transmitted PAM4 symbol indices (line domain)
  std::vector<std::int16_t> codes;    ///< signed adc_bits codes, one per symbol
};

/// Synthetic channel: symbols uniform random (seeded), pulse response h (h[0] = main cursor
/// at index `main`), amplitude `amp` ADC LSB per unit PAM4 amplitude, Gaussian noise of
/// sigma_lsb, quantised and clamped to signed adc_bits codes. Deterministic for a seed.
AdcStimulus synthetic_adc(std::size_t n, int adc_bits, std::uint64_t seed,
                          const std::vector<double>& h = {0.1, 1.0, 0.45, 0.2, -0.08, 0.04},
                          std::size_t main = 1, double amp = 20.0, double sigma_lsb = 2.0);

/// The channel of synthetic_adc applied to given line symbols (same parameters).
std::vector<std::int16_t> channel_adc(const std::vector<std::uint8_t>& symbols, int adc_bits,
                                      std::uint64_t seed,
                                      const std::vector<double>& h = {0.1, 1.0, 0.45, 0.2, -0.08, 0.04},
                                      std::size_t main = 1, double amp = 20.0,
                                      double sigma_lsb = 2.0);

/// A file in the HALO_COSIM_ADC_FILE format (docs/sim.md, "ADC-code dump"; written by
/// `halolink sim CONFIG --dump-adc FILE`): text; lines whose first non-blank character is '#'
/// are comments, "# key: value" comments are header entries wherever they are (the dump
/// writes format, config, name, adc_bits, symbol_rate_gbd, seed, pattern, gray, precoding,
/// cursor_delay, block_symbols, codes before the codes and the trailer rx_ffe, rx_dfe,
/// rx_slicer_gain after them); everything else is whitespace-separated signed decimal ADC
/// codes in symbol order.
struct AdcFile {
  std::map<std::string, std::string> header;  ///< "# key: value" entries
  std::vector<std::int16_t> codes;
  /// The header's integer entry `key`, or `fallback` when absent. Throws std::runtime_error
  /// naming the file and key when present but not an integer.
  [[nodiscard]] long header_int(const std::string& key, long fallback) const;
  std::string path;
};

/// Reads at most max_codes codes of `path`. Codes must fit signed adc_bits bits; adc_bits 0
/// takes the header's adc_bits entry (required then), a header entry different from a
/// non-zero adc_bits is an error. When the header
/// has a `codes` entry and the whole file is read, the count must match it (a truncated
/// dump is an error). Throws std::runtime_error "FILE:LINE: ..." naming the expectation and
/// what was found (unreadable file, bad header value, non-integer entry, code out of range,
/// count mismatch).
AdcFile read_adc_file(const std::string& path, int adc_bits,
                      std::size_t max_codes = std::numeric_limits<std::size_t>::max());

/// Hook for the link simulator: if the environment variable HALO_COSIM_ADC_FILE names a
/// file in the format above, returns its codes (at most n; symbols empty); otherwise
/// returns synthetic_adc(n, adc_bits, seed). Throws as read_adc_file.
AdcStimulus adc_stimulus(std::size_t n, int adc_bits, std::uint64_t seed);

/// Uniform random signed codes of `bits` bits (full range, for saturation corners).
std::vector<std::int16_t> random_codes(std::size_t n, int bits, std::uint64_t seed);

}  // namespace halo::verif

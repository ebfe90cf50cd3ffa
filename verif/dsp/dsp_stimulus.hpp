// Stimulus for the DSP co-simulations: PAM4 symbols through a synthetic ISI channel with
// AWGN and an N-bit ADC, or codes read from a file (the hook for the link simulator's
// channel output: HALO_COSIM_ADC_FILE, see docs/dsp_rtl.md).
#pragma once

#include <cstdint>
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

/// Hook for the link simulator: if the environment variable HALO_COSIM_ADC_FILE names a
/// file of whitespace-separated integer ADC codes, returns them (at most n); otherwise
/// returns synthetic_adc(n, adc_bits, seed). Throws std::runtime_error naming the file and
/// the offending entry when a code does not fit adc_bits.
AdcStimulus adc_stimulus(std::size_t n, int adc_bits, std::uint64_t seed);

/// Uniform random signed codes of `bits` bits (full range, for saturation corners).
std::vector<std::int16_t> random_codes(std::size_t n, int bits, std::uint64_t seed);

}  // namespace halo::verif

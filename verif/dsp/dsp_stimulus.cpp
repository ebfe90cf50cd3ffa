#include "dsp_stimulus.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>

namespace halo::verif {

std::vector<std::int16_t> channel_adc(const std::vector<std::uint8_t>& symbols, int adc_bits,
                                      std::uint64_t seed, const std::vector<double>& h,
                                      std::size_t main, double amp, double sigma_lsb) {
  std::mt19937_64 rng(seed ^ 0x5eedULL);
  std::normal_distribution<double> noise(0.0, sigma_lsb);
  const std::size_t n = symbols.size();
  std::vector<std::int16_t> codes(n);
  const double hi = (1 << (adc_bits - 1)) - 1, lo = -(1 << (adc_bits - 1));
  const double scale = 1.0 / static_cast<double>(1 << (8 - adc_bits));
  for (std::size_t i = 0; i < n; ++i) {
    // sample i: main cursor of symbol i, h[k] weights symbol i + main - k
    double r = 0;
    for (std::size_t k = 0; k < h.size(); ++k) {
      const std::size_t src = i + main;
      if (src < k || src - k >= n) continue;
      r += h[k] * (2.0 * symbols[src - k] - 3.0);
    }
    double c = std::round((r * amp + noise(rng)) * scale);
    c = c > hi ? hi : (c < lo ? lo : c);
    codes[i] = static_cast<std::int16_t>(c);
  }
  return codes;
}

AdcStimulus synthetic_adc(std::size_t n, int adc_bits, std::uint64_t seed,
                          const std::vector<double>& h, std::size_t main, double amp,
                          double sigma_lsb) {
  std::mt19937_64 rng(seed);
  AdcStimulus s;
  s.symbols.resize(n);
  for (auto& v : s.symbols) v = static_cast<std::uint8_t>(rng() & 3u);
  s.codes = channel_adc(s.symbols, adc_bits, seed, h, main, amp, sigma_lsb);
  return s;
}

AdcStimulus adc_stimulus(std::size_t n, int adc_bits, std::uint64_t seed) {
  const char* f = std::getenv("HALO_COSIM_ADC_FILE");
  if (f == nullptr || *f == '\0') return synthetic_adc(n, adc_bits, seed);
  std::ifstream in(f);
  if (!in) throw std::runtime_error(std::string("HALO_COSIM_ADC_FILE: cannot open ") + f);
  AdcStimulus s;
  long v = 0;
  const long hi = (1L << (adc_bits - 1)) - 1, lo = -(1L << (adc_bits - 1));
  while (s.codes.size() < n && in >> v) {
    if (v > hi || v < lo) {
      throw std::runtime_error(std::string(f) + ": entry " + std::to_string(s.codes.size()) +
                               " = " + std::to_string(v) + " is not a signed " +
                               std::to_string(adc_bits) + "-bit ADC code");
    }
    s.codes.push_back(static_cast<std::int16_t>(v));
  }
  if (!in.eof() && s.codes.size() < n) {
    throw std::runtime_error(std::string(f) + ": entry " + std::to_string(s.codes.size()) +
                             " is not an integer");
  }
  return s;
}

std::vector<std::int16_t> random_codes(std::size_t n, int bits, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> d(-(1 << (bits - 1)), (1 << (bits - 1)) - 1);
  std::vector<std::int16_t> v(n);
  for (auto& c : v) c = static_cast<std::int16_t>(d(rng));
  return v;
}

}  // namespace halo::verif

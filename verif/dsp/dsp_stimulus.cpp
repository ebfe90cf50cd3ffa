#include "dsp_stimulus.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
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

long AdcFile::header_int(const std::string& key, long fallback) const {
  const auto it = header.find(key);
  if (it == header.end()) return fallback;
  long v = 0;
  const char* b = it->second.data();
  const auto r = std::from_chars(b, b + it->second.size(), v);
  if (r.ec != std::errc() || r.ptr != b + it->second.size()) {
    throw std::runtime_error(path + ": header '" + key + "': expected an integer, found '" + it->second + "'");
  }
  return v;
}

AdcFile read_adc_file(const std::string& path, int adc_bits, std::size_t max_codes) {
  AdcFile f;
  f.path = path;
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open the ADC-code file: " + std::strerror(errno));
  std::string line;
  std::size_t lineno = 0;
  long hi = 0, lo = 0;
  bool in_header = true;
  auto where = [&] { return path + ":" + std::to_string(lineno) + ": "; };
  while (f.codes.size() < max_codes && std::getline(in, line)) {
    ++lineno;
    std::size_t p = line.find_first_not_of(" \t\r");
    if (p == std::string::npos) continue;
    if (line[p] == '#') {
      const std::size_t colon = line.find(':', p);
      if (colon != std::string::npos) {  // header (before the codes) or trailer entry
        const std::size_t k0 = line.find_first_not_of(" \t", p + 1);
        std::string key = line.substr(k0, colon - k0), val = line.substr(colon + 1);
        while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.pop_back();
        const std::size_t v0 = val.find_first_not_of(" \t");
        val = v0 == std::string::npos ? "" : val.substr(v0);
        while (!val.empty() && (val.back() == ' ' || val.back() == '\t' || val.back() == '\r')) val.pop_back();
        if (!key.empty() && key.find(' ') == std::string::npos) f.header[key] = val;
      }
      continue;
    }
    if (in_header) {
      in_header = false;
      const long bits = f.header_int("adc_bits", adc_bits);
      if (adc_bits > 0 && bits != adc_bits) {
        throw std::runtime_error(path + ": header 'adc_bits': expected " + std::to_string(adc_bits) +
                                 " (the reader's ADC), found " + std::to_string(bits));
      }
      if (bits < 2 || bits > 16) {
        throw std::runtime_error(path + ": header 'adc_bits': expected 2..16, found " + std::to_string(bits));
      }
      hi = (1L << (bits - 1)) - 1;
      lo = -(1L << (bits - 1));
    }
    while (p < line.size() && f.codes.size() < max_codes) {
      std::size_t e = line.find_first_of(" \t\r", p);
      if (e == std::string::npos) e = line.size();
      long v = 0;
      const char* b = line.data() + p;
      const auto r = std::from_chars(b, line.data() + e, v);
      if (r.ec != std::errc() || r.ptr != line.data() + e) {
        throw std::runtime_error(where() + "code " + std::to_string(f.codes.size()) +
                                 ": expected an integer ADC code, found '" + line.substr(p, e - p) + "'");
      }
      if (v > hi || v < lo) {
        throw std::runtime_error(where() + "code " + std::to_string(f.codes.size()) + ": expected a signed " +
                                 "ADC code in " + std::to_string(lo) + ".." + std::to_string(hi) + ", found " +
                                 std::to_string(v));
      }
      f.codes.push_back(static_cast<std::int16_t>(v));
      p = line.find_first_not_of(" \t\r", e);
      if (p == std::string::npos) break;
    }
  }
  if (in.bad()) throw std::runtime_error(path + ": read error: " + std::strerror(errno));
  if (f.codes.size() < max_codes) {
    const long want = f.header_int("codes", -1);
    if (want >= 0 && static_cast<std::size_t>(want) != f.codes.size()) {
      throw std::runtime_error(path + ": header 'codes' says " + std::to_string(want) + " codes, the file has " +
                               std::to_string(f.codes.size()) + " (truncated?)");
    }
  }
  return f;
}

AdcStimulus adc_stimulus(std::size_t n, int adc_bits, std::uint64_t seed) {
  const char* f = std::getenv("HALO_COSIM_ADC_FILE");
  if (f == nullptr || *f == '\0') return synthetic_adc(n, adc_bits, seed);
  AdcStimulus s;
  s.codes = read_adc_file(f, adc_bits, n).codes;
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

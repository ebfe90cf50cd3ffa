// Test-only helpers (double precision allowed here): random PAM4 symbols, a synthetic
// ISI + nonlinearity + AWGN channel quantised by an N-bit ADC, and small linear algebra.
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <random>
#include <stdexcept>
#include <vector>

#include "halo/retimer/retimer_tx.hpp"

namespace halo::test {

inline std::vector<std::uint8_t> random_symbols(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 g(seed);
  std::vector<std::uint8_t> s(n);
  for (auto& v : s) v = static_cast<std::uint8_t>(g() & 3u);
  return s;
}

inline double amp(std::uint8_t s) { return 2.0 * s - 3.0; }

/// Line symbols (after optional precoding) of the default transmitter sending a test pattern:
/// the single-tap TX FFE (672, S12.4) maps symbol s to DAC code 42 (2s - 3).
inline std::vector<std::uint8_t> tx_line_symbols(std::size_t n, bool precoding,
                                                 dsp::Pattern pat = dsp::Pattern::kPrbs31q,
                                                 std::uint32_t seed = 0) {
  retimer::TxConfig tc;
  tc.precoding = precoding;
  tc.pattern = {pat, seed};
  retimer::RetimerTx tx(tc);
  std::vector<std::int16_t> dac(n);
  tx.process_pattern(dac);
  std::vector<std::uint8_t> line(n);
  for (std::size_t i = 0; i < n; ++i) line[i] = static_cast<std::uint8_t>((dac[i] / 42 + 3) / 2);
  return line;
}

/// Synthetic channel: r_n = f(sum_k h[k] a_{n + cursor - k}) + noise (a in {-3,-1,1,3}),
/// where cursor = index of the main tap in h (pre-cursors come first). f defaults to identity
/// and receives the linear outputs r_lin[n], r_lin[n-1] (memory nonlinearity).
struct Channel {
  std::vector<double> h{1.0};
  int cursor = 0;
  double sigma = 0.0;              ///< noise std, in units of a
  double lsb_per_unit = 20.0;      ///< 8-bit-ADC LSBs per unit of a
  int adc_bits = 8;
  std::function<double(double, double)> nonlin{};  ///< f(r_n, r_{n-1})
  std::uint64_t seed = 1;

  std::vector<std::int16_t> run(const std::vector<std::uint8_t>& sym) const {
    std::mt19937_64 g(seed);
    std::normal_distribution<double> nd(0.0, 1.0);
    const double scale = lsb_per_unit / std::ldexp(1.0, 8 - adc_bits);
    const double hi = std::ldexp(1.0, adc_bits - 1) - 1, lo = -hi - 1;
    std::vector<std::int16_t> out(sym.size());
    double prev = 0.0;
    for (std::size_t n = 0; n < sym.size(); ++n) {
      double r = 0.0;
      for (std::size_t k = 0; k < h.size(); ++k) {
        const long idx = static_cast<long>(n) + cursor - static_cast<long>(k);
        if (idx >= 0 && idx < static_cast<long>(sym.size())) r += h[k] * amp(sym[static_cast<std::size_t>(idx)]);
      }
      const double lin = r;
      if (nonlin) r = nonlin(lin, prev);
      prev = lin;
      r += sigma * nd(g);
      double c = std::nearbyint(r * scale);
      c = c > hi ? hi : (c < lo ? lo : c);
      out[n] = static_cast<std::int16_t>(c);
    }
    return out;
  }
};

/// Solves A x = b (A n x n, row-major) by Gaussian elimination with partial pivoting.
inline std::vector<double> solve(std::vector<double> a, std::vector<double> b) {
  const std::size_t n = b.size();
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t piv = c;
    for (std::size_t r = c + 1; r < n; ++r)
      if (std::fabs(a[r * n + c]) > std::fabs(a[piv * n + c])) piv = r;
    if (std::fabs(a[piv * n + c]) < 1e-12) throw std::runtime_error("singular");
    for (std::size_t k = 0; k < n; ++k) std::swap(a[c * n + k], a[piv * n + k]);
    std::swap(b[c], b[piv]);
    for (std::size_t r = c + 1; r < n; ++r) {
      const double f = a[r * n + c] / a[c * n + c];
      for (std::size_t k = c; k < n; ++k) a[r * n + k] -= f * a[c * n + k];
      b[r] -= f * b[c];
    }
  }
  std::vector<double> x(n);
  for (std::size_t i = n; i-- > 0;) {
    double s = b[i];
    for (std::size_t k = i + 1; k < n; ++k) s -= a[i * n + k] * x[k];
    x[i] = s / a[i * n + i];
  }
  return x;
}

inline const std::vector<std::size_t>& beat_sizes() {
  static const std::vector<std::size_t> p{1, 4, 8, 16, 32};
  return p;
}

}  // namespace halo::test

// Mixed-mode SDD21, linear block responses, impulse and pulse responses.
#include "halo/sim/channel_response.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <sstream>
#include <stdexcept>

#include "halo/sim/fft.hpp"

namespace halo::sim {

using cd = std::complex<double>;
constexpr double kPi = std::numbers::pi;

std::string PortMap::str() const {
  std::ostringstream os;
  os << in_p + 1 << "," << in_n + 1 << "->" << out_p + 1 << "," << out_n + 1;
  return os.str();
}

PortMap detect_port_map(const SParams& sp) {
  if (sp.num_ports != 4)
    throw std::invalid_argument(sp.source + ": port detection needs a 4-port file, got " +
                                std::to_string(sp.num_ports) + " ports");
  unsigned partner[4];
  for (unsigned i = 0; i < 4; ++i) {
    double best = -1;
    for (unsigned j = 0; j < 4; ++j)
      if (j != i && std::abs(sp.at(0, j, i)) > best) {
        best = std::abs(sp.at(0, j, i));
        partner[i] = j;
      }
    if (best < 0.5)
      throw std::invalid_argument(
          sp.source + ": cannot detect the port order (no through path with |S| > 0.5 at " +
          std::to_string(sp.freq_hz[0]) + " Hz from port " + std::to_string(i + 1) +
          "); declare it, e.g. ports: \"1,3,2,4\" (in+,in-,out+,out-)");
  }
  for (unsigned i = 0; i < 4; ++i)
    if (partner[partner[i]] != i)
      throw std::invalid_argument(sp.source + ": through paths are not mutual; declare the ports");
  // pair A contains port 0; pair B the other two.
  const unsigned a0 = 0, a1 = partner[0];
  unsigned b0 = 4, b1 = 4;
  for (unsigned i = 1; i < 4; ++i)
    if (i != a1) { b0 = i; break; }
  b1 = partner[b0];
  if (b0 > b1) std::swap(b0, b1);
  PortMap m;
  m.in_p = a0; m.out_p = a1; m.in_n = b0; m.out_n = b1;
  return m;
}

PortMap parse_port_map(const std::string& text, unsigned num_ports) {
  std::vector<unsigned> v;
  std::string tok;
  std::istringstream is(text);
  while (std::getline(is, tok, ',')) {
    try {
      std::size_t used = 0;
      const int x = std::stoi(tok, &used);
      if (x < 1 || static_cast<unsigned>(x) > num_ports) throw std::out_of_range("port");
      v.push_back(static_cast<unsigned>(x - 1));
    } catch (const std::exception&) {
      throw std::invalid_argument("port map '" + text + "': expected 4 distinct port numbers 1.." +
                                  std::to_string(num_ports) + " as \"in+,in-,out+,out-\"");
    }
  }
  std::vector<unsigned> s = v;
  std::sort(s.begin(), s.end());
  if (v.size() != 4 || std::adjacent_find(s.begin(), s.end()) != s.end())
    throw std::invalid_argument("port map '" + text + "': expected 4 distinct port numbers 1.." +
                                std::to_string(num_ports) + " as \"in+,in-,out+,out-\"");
  return PortMap{v[0], v[1], v[2], v[3]};
}

void FreqResponse::finalize() {
  unwrapped_phase.resize(h.size());
  double prev = 0, off = 0;
  for (std::size_t k = 0; k < h.size(); ++k) {
    double p = std::arg(h[k]);
    if (k > 0) {
      while (p + off - prev > kPi) off -= 2 * kPi;
      while (p + off - prev < -kPi) off += 2 * kPi;
    }
    unwrapped_phase[k] = p + off;
    prev = unwrapped_phase[k];
  }
}

cd FreqResponse::operator()(double f) const {
  if (freq_hz.empty() || f > freq_hz.back() || f < 0) return 0;
  auto it = std::upper_bound(freq_hz.begin(), freq_hz.end(), f);
  if (it == freq_hz.begin()) return h.front();
  std::size_t k = static_cast<std::size_t>(it - freq_hz.begin());
  if (k >= freq_hz.size()) return h.back();
  const double f0 = freq_hz[k - 1], f1 = freq_hz[k];
  const double a = (f - f0) / (f1 - f0);
  const double mag = (1 - a) * std::abs(h[k - 1]) + a * std::abs(h[k]);
  const double ph = (1 - a) * unwrapped_phase[k - 1] + a * unwrapped_phase[k];
  return std::polar(mag, ph);
}

FreqResponse sdd21(const SParams& sp, const PortMap& m) {
  FreqResponse r;
  const unsigned n = sp.num_ports;
  if (n == 2) {
    for (std::size_t k = 0; k < sp.freq_hz.size(); ++k) r.h.push_back(sp.at(k, 1, 0));
  } else {
    if (std::max({m.in_p, m.in_n, m.out_p, m.out_n}) >= n)
      throw std::invalid_argument(sp.source + ": port map " + m.str() + " out of range for " +
                                  std::to_string(n) + " ports");
    for (std::size_t k = 0; k < sp.freq_hz.size(); ++k)
      r.h.push_back(0.5 * (sp.at(k, m.out_p, m.in_p) - sp.at(k, m.out_p, m.in_n) -
                           sp.at(k, m.out_n, m.in_p) + sp.at(k, m.out_n, m.in_n)));
  }
  r.freq_hz = sp.freq_hz;
  if (r.freq_hz.front() > 0) {  // DC extrapolation: |H(f0)|, zero phase
    r.freq_hz.insert(r.freq_hz.begin(), 0.0);
    r.h.insert(r.h.begin(), cd(std::abs(r.h.front()), 0));
  }
  r.finalize();
  return r;
}

double loss_db_nearest(const FreqResponse& r, double f) {
  std::size_t best = 0;
  for (std::size_t k = 0; k < r.freq_hz.size(); ++k)
    if (std::abs(r.freq_hz[k] - f) < std::abs(r.freq_hz[best] - f)) best = k;
  return 20 * std::log10(std::abs(r.h[best]));
}

FreqFunction ctle_com(double dc_gain_db, double fz, double fp1, double fp2) {
  const double g = std::pow(10.0, dc_gain_db / 20);
  return [=](double f) {
    return (g + cd(0, f / fz)) / ((1.0 + cd(0, f / fp1)) * (1.0 + cd(0, f / fp2)));
  };
}

FreqFunction ctle_pz(double gain_db, std::vector<double> zeros, std::vector<double> poles) {
  const double k = std::pow(10.0, gain_db / 20);
  return [=](double f) {
    cd v = k;
    for (double z : zeros) v *= 1.0 + cd(0, f / z);
    for (double p : poles) v /= 1.0 + cd(0, f / p);
    return v;
  };
}

FreqFunction bessel_thomson4(double f3db) {
  return [=](double f) {
    const cd s(0, 2.113917674904 * f / f3db);  // 3 dB of the normalised filter at 2.1139 rad/s
    return 105.0 / ((((s + 10.0) * s + 45.0) * s + 105.0) * s + 105.0);
  };
}

FreqFunction lowpass1(double f3db) {
  return [=](double f) { return 1.0 / (1.0 + cd(0, f / f3db)); };
}

ImpulseResponse impulse_response(const FreqResponse* data, const FreqFunction& extra,
                                 const ImpulseOptions& opt) {
  if (!(opt.fs_hz > 0)) throw std::invalid_argument("impulse_response: fs_hz must be > 0");
  if (!(opt.df_hz > 0)) throw std::invalid_argument("impulse_response: df_hz must be > 0");
  const std::size_t n = next_pow2(static_cast<std::size_t>(std::ceil(opt.fs_hz / opt.df_hz)));
  const double df = opt.fs_hz / static_cast<double>(n);
  std::vector<cd> x(n);
  const double fmax = data ? data->freq_hz.back() : 0;
  const double ta = opt.taper_start * fmax;
  for (std::size_t k = 0; k <= n / 2; ++k) {
    const double f = df * static_cast<double>(k);
    cd v = 1;
    if (data) {
      v = (*data)(f);
      if (f > ta && fmax > ta) v *= 0.5 * (1 + std::cos(kPi * std::min(1.0, (f - ta) / (fmax - ta))));
    }
    if (extra) v *= extra(f);
    x[k] = v;
  }
  x[n / 2] = cd(x[n / 2].real(), 0);
  for (std::size_t k = 1; k < n / 2; ++k) x[n - k] = std::conj(x[k]);
  fft(x, true);
  std::vector<double> h(n);
  double total = 0;
  for (std::size_t m = 0; m < n; ++m) {
    h[m] = x[m].real();
    total += h[m] * h[m];
  }
  ImpulseResponse ir;
  ir.dt_s = 1 / opt.fs_hz;
  if (total == 0) {
    ir.h = {0};
    return ir;
  }
  // causal part: t in [0, T/2); the second half is negative time.
  const std::size_t half = n / 2;
  double neg = 0;
  for (std::size_t m = half; m < n; ++m) neg += h[m] * h[m];
  ir.acausal_energy = neg / total;
  std::size_t pk = 0;
  for (std::size_t m = 0; m < half; ++m)
    if (std::abs(h[m]) > std::abs(h[pk])) pk = m;
  std::size_t start = 0;
  if (opt.trim_delay) {
    const double thr = 1e-4 * std::abs(h[pk]);
    while (start < pk && std::abs(h[start]) < thr) ++start;
    const std::size_t margin = static_cast<std::size_t>(opt.fs_hz * 5e-12) + 1;  // 5 ps margin
    start = start > margin ? start - margin : 0;
  }
  std::size_t end = half;
  if (opt.max_length_s > 0)
    end = std::min(end, start + static_cast<std::size_t>(opt.max_length_s * opt.fs_hz));
  else {
    double tail = 0;
    std::size_t e = half;
    while (e > pk + 1 && tail + h[e - 1] * h[e - 1] < 1e-7 * total) {
      --e;
      tail += h[e] * h[e];
    }
    end = e;
  }
  double tail = 0;
  for (std::size_t m = end; m < half; ++m) tail += h[m] * h[m];
  ir.truncated_energy = tail / total;
  ir.delay_s = static_cast<double>(start) / opt.fs_hz;
  ir.h.assign(h.begin() + static_cast<std::ptrdiff_t>(start), h.begin() + static_cast<std::ptrdiff_t>(end));
  return ir;
}

std::vector<double> pulse_response(const ImpulseResponse& ir, unsigned osr) {
  if (osr == 0) throw std::invalid_argument("pulse_response: osr must be >= 1");
  std::vector<double> p(ir.h.size() + osr - 1, 0.0);
  double acc = 0;
  for (std::size_t n = 0; n < p.size(); ++n) {
    if (n < ir.h.size()) acc += ir.h[n];
    if (n >= osr) acc -= ir.h[n - osr];
    p[n] = acc;
  }
  return p;
}

}  // namespace halo::sim

// Channel Operating Margin, IEEE 802.3 Annex 93A (halo/sim/com.hpp).
//
// Speed: the CTLE of (93A-22) is bilinear in g1 = 10^(g_DC/20) and g2 = 10^(g_DC2/20):
//   H_ctf = (g1 g2 + g1 (jf/f_LF) + g2 (jf/f_z) + (jf/f_z)(jf/f_LF)) / den(f),
// so every channel needs four inverse FFTs per package case, and each (g_DC, g_DC2) pulse
// response is a weighted sum of those four. The TX FFE is applied in the time domain; the
// energies the figure of merit needs (residual ISI, jitter slope, crosstalk) are quadratic
// forms c' R c in the FFE taps with R built from per-phase autocorrelations, so a TX candidate
// costs O(taps^2 * M) instead of a pulse-length convolution.
#include "halo/sim/com.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

#include "halo/sim/channel_response.hpp"
#include "halo/sim/fft.hpp"

namespace halo::sim::com {
namespace {

using cd = std::complex<double>;
constexpr double kPi = std::numbers::pi;

[[noreturn]] void bad(const std::string& what) { throw std::invalid_argument("COM parameters: " + what); }

void validate(const Params& p) {
  if (!(p.fb_gbd > 0)) bad("fb_gbd must be > 0");
  if (p.levels < 2) bad("levels must be >= 2");
  if (p.m < 4) bad("samples_per_ui must be >= 4");
  if (!(p.der0 > 0 && p.der0 < 1)) bad("der0 must be in (0, 1)");
  if (p.g_dc.empty() || p.g_dc2.empty()) bad("ctle.g_dc_db and ctle.g_dc2_db need at least one value each");
  if (p.tx_min.size() != p.tx_max.size() || p.tx_min.size() != p.tx_step.size())
    bad("tx_ffe min/max/step lists differ in length");
  if (p.tx_pre > p.tx_min.size()) bad("tx_ffe.pre exceeds the number of taps");
  if (p.b_min.size() != p.b_max.size()) bad("dfe b_min and b_max differ in length");
  if (p.zp1_cases_mm.empty()) bad("package.zp1_cases_mm needs at least one case");
  if (!p.zp1_next_mm.empty() && p.zp1_next_mm.size() != p.zp1_cases_mm.size())
    bad("package.zp1_next_mm must have one value per case");
  if (!p.zp1_fext_mm.empty() && p.zp1_fext_mm.size() != p.zp1_cases_mm.size())
    bad("package.zp1_fext_mm must have one value per case");
  for (std::size_t i = 0; i < p.tx_min.size(); ++i)
    if (p.tx_min[i] > p.tx_max[i] || p.tx_step[i] < 0) bad("tx_ffe tap " + std::to_string(i) + ": min > max or step < 0");
}

// --- frequency-domain building blocks ---------------------------------------------------

double ht(const Params& p, double f) {  // (93A-46), f in GHz inside, as the standard writes it
  const double x = kPi * (f / 1e9) * p.tr_ns / 1.6832;
  return std::exp(-2.0 * x * x);
}
cd hr(const Params& p, double f) {  // (93A-20), fourth-order Butterworth at f_r f_b
  const double x = f / (p.fr * p.fb_gbd * 1e9);
  return 1.0 / cd(1.0 - 3.414214 * x * x + x * x * x * x, 2.613126 * (x - x * x * x));
}
struct CtleParts {  // H_ctf = g1 g2 A + g1 B + g2 C + D
  cd a, b, c, d;
};
CtleParts ctle_parts(const Params& p, double f) {
  const cd jz(0, f / (p.fz_ghz * 1e9)), jlf(0, f / (p.flf_ghz * 1e9));
  const cd den = cd(1, f / (p.fp1_ghz * 1e9)) * cd(1, f / (p.fp2_ghz * 1e9)) * cd(1, f / (p.flf_ghz * 1e9));
  return {1.0 / den, jlf / den, jz / den, jz * jlf / den};
}

void irfft(std::vector<cd>& full, std::vector<double>& out) {  // full: N bins, Hermitian filled here
  const std::size_t n = full.size();
  for (std::size_t k = 1; k < n / 2; ++k) full[n - k] = std::conj(full[k]);
  full[0] = full[0].real();
  full[n / 2] = full[n / 2].real();
  fft(full, true);
  out.resize(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = full[i].real();
}

// Linear interpolation in magnitude and unwrapped phase from the channel's grid onto k df,
// extended to DC along the low-frequency group delay and magnitude trend and above the data
// along the high-frequency trends (as MATLAB COM's interp_Sparam defaults).
std::vector<cd> interpolate_vtf(const std::vector<double>& fin, const std::vector<cd>& h, double df, std::size_t nbins) {
  const std::size_t n = fin.size();
  std::vector<double> mag(n), ph(n);
  for (std::size_t i = 0; i < n; ++i) {
    mag[i] = std::max(std::abs(h[i]), std::numeric_limits<double>::epsilon());
    ph[i] = std::arg(h[i]);
    if (i) {
      double d = ph[i] - ph[i - 1];
      d -= 2 * kPi * std::round(d / (2 * kPi));
      ph[i] = ph[i - 1] + d;
    }
  }
  auto mean_gd = [&](std::size_t from, std::size_t to) {  // -dphi/df averaged over [from, to)
    double s = 0;
    std::size_t c = 0;
    for (std::size_t i = from; i + 1 < n && i < to; ++i, ++c) s += -(ph[i + 1] - ph[i]) / (fin[i + 1] - fin[i]);
    return c ? s / static_cast<double>(c) : 0.0;
  };
  const double gd_lo = mean_gd(0, 50), gd_hi = mean_gd(n > 51 ? n - 52 : 0, n);
  // magnitude at DC: linear fit through the first up-to-10 points
  double mag0 = mag[0];
  if (fin[0] > 0 && n >= 2) {
    const std::size_t k = std::min<std::size_t>(10, n);
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (std::size_t i = 0; i < k; ++i) sx += fin[i], sy += mag[i], sxx += fin[i] * fin[i], sxy += fin[i] * mag[i];
    const double den = k * sxx - sx * sx;
    const double b = den != 0 ? (k * sxy - sx * sy) / den : 0.0;
    mag0 = std::max((sy - b * sx) / k, std::numeric_limits<double>::epsilon());
  }
  // magnitude trend above the data: linear fit over the upper half, clamped to [eps, |H(f_last)|]
  double b_hi = 0, a_hi = mag[n - 1];
  if (n >= 4) {
    const std::size_t from = n / 2;
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    const double k = static_cast<double>(n - from);
    for (std::size_t i = from; i < n; ++i) sx += fin[i], sy += mag[i], sxx += fin[i] * fin[i], sxy += fin[i] * mag[i];
    const double den = k * sxx - sx * sx;
    b_hi = den != 0 ? (k * sxy - sx * sy) / den : 0.0;
    a_hi = (sy - b_hi * sx) / k;
  }
  const double f_end = df * static_cast<double>(nbins - 1);
  const double mag_end = std::clamp(a_hi + b_hi * f_end, std::numeric_limits<double>::epsilon(), mag[n - 1]);
  std::vector<cd> out(nbins);
  std::size_t j = 0;
  for (std::size_t k = 0; k < nbins; ++k) {
    const double f = df * static_cast<double>(k);
    double m, a;
    if (f <= fin[0]) {
      m = fin[0] > 0 ? mag0 + (mag[0] - mag0) * f / fin[0] : mag[0];
      a = ph[0] + gd_lo * (fin[0] - f);
    } else if (f >= fin[n - 1]) {
      m = f_end > fin[n - 1] ? mag[n - 1] + (mag_end - mag[n - 1]) * (f - fin[n - 1]) / (f_end - fin[n - 1]) : mag[n - 1];
      a = ph[n - 1] - gd_hi * (f - fin[n - 1]);
    } else {
      while (fin[j + 1] < f) ++j;
      const double t = (f - fin[j]) / (fin[j + 1] - fin[j]);
      m = mag[j] + t * (mag[j + 1] - mag[j]);
      a = ph[j] + t * (ph[j + 1] - ph[j]);
    }
    out[k] = std::polar(m, a);
  }
  return out;
}

// --- pulse-response helpers -----------------------------------------------------------

// Samples of the pulse at phase `ph`: v[m] = p[ph + m M]
std::vector<double> phase_seq(const std::vector<double>& p, unsigned M, unsigned ph) {
  std::vector<double> v;
  for (std::size_t i = ph; i < p.size(); i += M) v.push_back(p[i]);
  return v;
}
// r[d] = sum_m v[m] v[m + d], d = 0 .. T-1
std::vector<double> autocorr(const std::vector<double>& v, std::size_t T) {
  std::vector<double> r(T, 0.0);
  for (std::size_t d = 0; d < T; ++d)
    for (std::size_t m = 0; m + d < v.size(); ++m) r[d] += v[m] * v[m + d];
  return r;
}
// FFE in the time domain: y[n] = sum_t c_t p[n - t M] (tap t delays by t UI), length p + (T-1) M
std::vector<double> apply_ffe(const std::vector<double>& p, const std::vector<double>& c, unsigned M) {
  std::vector<double> y(p.size() + (c.size() - 1) * M, 0.0);
  for (std::size_t t = 0; t < c.size(); ++t)
    if (c[t] != 0.0)
      for (std::size_t n = 0; n < p.size(); ++n) y[n + t * M] += c[t] * p[n];
  return y;
}

// Cursor by the Mueller-Mueller criterion (93A-25) with b(1) of (93A-26), within one UI of the
// peak; exact solutions (|residual| < 1e-3) win, the last one at or before the peak first.
// Returns -1 when no candidate is valid.
long locate_cursor(const double* p, long len, long peak, unsigned M, double b1min, double b1max) {
  long best = -1, last_pre = -1, first_post = -1;
  double res_min = 1e6;
  const long lo = std::max<long>(M, peak - static_cast<long>(M)), hi = std::min<long>(len - M, peak + M);
  for (long ix = lo; ix < hi; ++ix) {
    if (p[ix] <= 0) continue;
    const double b1 = std::min(b1max, std::max(b1min, p[ix + M] / p[ix]));
    const double res = std::abs(p[ix - M] - (p[ix + M] - b1 * p[ix]));
    if (res < 1e-3) {
      if (ix <= peak) last_pre = ix;
      else if (first_post < 0) first_post = ix;
    } else if (res < res_min) {
      res_min = res;
      best = ix;
    }
  }
  if (last_pre >= 0) return last_pre;
  if (first_post >= 0) return first_post;
  return best;
}

// PMF of sum_k h_k x_k, x_k equiprobable PAM-L levels in [-1, 1] (93A-39, 93A-40), on the grid
// y_i = (i - n/2) ystep
std::vector<double> delta_pmf(const std::vector<double>& h, unsigned L, double ystep, std::size_t npts) {
  std::vector<double> pmf(npts, 0.0), tmp(npts, 0.0);
  const long z = static_cast<long>(npts / 2);
  pmf[z] = 1.0;
  long lo = z, hi = z + 1;
  for (const double hk : h) {
    std::vector<long> sh;
    for (unsigned l = 0; l < L; ++l) {
      const long s = std::lround(hk * (2.0 * l / (L - 1) - 1.0) / ystep);
      if (s != 0) sh.push_back(s);  // (zero shifts dropped, as MATLAB COM)
    }
    if (sh.empty()) continue;
    const long nlo = lo + std::min(0L, *std::min_element(sh.begin(), sh.end()));
    const long nhi = hi + std::max(0L, *std::max_element(sh.begin(), sh.end()));
    if (nlo < 0 || nhi > static_cast<long>(npts)) throw std::runtime_error("COM: PMF support exceeds its grid");
    std::fill(tmp.begin() + nlo, tmp.begin() + nhi, 0.0);
    for (const long s : sh)
      for (long i = lo; i < hi; ++i) tmp[i + s] += pmf[i];
    double sum = 0;
    for (long i = nlo; i < nhi; ++i) sum += tmp[i];
    for (long i = nlo; i < nhi; ++i) pmf[i] = tmp[i] / sum;
    lo = nlo;
    hi = nhi;
  }
  return pmf;
}
// 'same'-mode convolution of two PMFs on one zero-centered grid (odd length), renormalized
std::vector<double> conv_pmf(const std::vector<double>& a, const std::vector<double>& b) {
  const std::size_t n = a.size(), nf = next_pow2(2 * n);
  std::vector<cd> fa(nf), fb(nf);
  for (std::size_t i = 0; i < n; ++i) fa[i] = cd(a[i], b[i]);  // two real FFTs in one
  fft(fa);
  for (std::size_t k = 0; k < nf; ++k) {
    const cd x = fa[k], y = std::conj(fa[(nf - k) % nf]);
    const cd A = (x + y) * 0.5, B = (x - y) * cd(0, -0.5);
    fb[k] = A * B;
  }
  fft(fb, true);
  std::vector<double> out(n);
  double s = 0;
  const std::size_t off = n / 2;
  for (std::size_t i = 0; i < n; ++i) s += out[i] = std::max(fb[i + off].real(), 0.0);
  for (double& v : out) v /= s;
  return out;
}
std::vector<double> filtered(const std::vector<double>& h, double thresh) {
  std::vector<double> o;
  for (double v : h)
    if (std::abs(v) > thresh) o.push_back(v);
  return o;
}

struct TxCombo {
  std::vector<double> c;  // T taps, cursor at tx_pre
};

std::vector<TxCombo> tx_combos(const Params& p) {
  std::vector<std::vector<double>> vals;
  for (std::size_t i = 0; i < p.tx_min.size(); ++i) {
    std::vector<double> v;
    if (p.tx_step[i] > 0) {
      const long nv = std::lround((p.tx_max[i] - p.tx_min[i]) / p.tx_step[i]) + 1;
      for (long k = 0; k < nv; ++k) v.push_back(p.tx_min[i] + p.tx_step[i] * k);
    } else {
      v.push_back(p.tx_min[i] == p.tx_max[i] ? p.tx_min[i] : 0.0);
    }
    vals.push_back(v);
  }
  std::vector<TxCombo> out;
  std::vector<std::size_t> idx(vals.size(), 0);
  for (;;) {
    std::vector<double> taps;
    double sum = 0;
    for (std::size_t i = 0; i < vals.size(); ++i) taps.push_back(vals[i][idx[i]]), sum += std::abs(vals[i][idx[i]]);
    if (1.0 - sum >= p.c0_min - 1e-12) {
      TxCombo c;
      for (std::size_t i = 0; i < taps.size(); ++i) {
        if (i == p.tx_pre) c.c.push_back(1.0 - sum);
        c.c.push_back(taps[i]);
      }
      if (p.tx_pre == taps.size()) c.c.push_back(1.0 - sum);
      out.push_back(std::move(c));
    }
    std::size_t k = vals.size();  // odometer, last tap fastest (first tap varies slowest)
    while (k > 0) {
      --k;
      if (++idx[k] < vals[k].size()) break;
      idx[k] = 0;
      if (k == 0) return out;
    }
    if (vals.empty()) return out;
  }
}

struct ChannelPulses {
  Channel::Kind kind;
  std::string name;
  double amp;
  std::vector<double> pa, pb, pc, pd;  // the four CTLE parts of the pulse response, V
};

struct CaseResult {
  double com_db = -std::numeric_limits<double>::infinity();
  Result r;
};

}  // namespace

Channel differential_channel(const SParams& sp, const PortMap& map, Channel::Kind kind) {
  Channel c;
  c.kind = kind;
  c.name = sp.source;
  c.freq_hz = sp.freq_hz;
  const unsigned n = sp.num_ports;
  if (n != 2 && n != 4) throw std::invalid_argument(sp.source + ": COM needs a 2-port or 4-port, got " + std::to_string(n) + " ports");
  for (std::size_t k = 0; k < sp.freq_hz.size(); ++k) {
    TwoPort t;
    if (n == 2) {
      t = {sp.at(k, 0, 0), sp.at(k, 0, 1), sp.at(k, 1, 0), sp.at(k, 1, 1)};
    } else {
      auto dd = [&](unsigned ap, unsigned an, unsigned bp, unsigned bn) {  // Sdd(a <- b)
        return 0.5 * (sp.at(k, ap, bp) - sp.at(k, ap, bn) - sp.at(k, an, bp) + sp.at(k, an, bn));
      };
      t.s11 = dd(map.in_p, map.in_n, map.in_p, map.in_n);
      t.s12 = dd(map.in_p, map.in_n, map.out_p, map.out_n);
      t.s21 = dd(map.out_p, map.out_n, map.in_p, map.in_n);
      t.s22 = dd(map.out_p, map.out_n, map.out_p, map.out_n);
    }
    c.s.push_back(t);
  }
  return c;
}

Result compute(const Params& p, const std::vector<Channel>& channels) {
  validate(p);
  const auto nthru = std::count_if(channels.begin(), channels.end(), [](const Channel& c) { return c.kind == Channel::Kind::kThru; });
  if (nthru != 1) throw std::invalid_argument("COM needs exactly one THRU channel, got " + std::to_string(nthru));
  const double fb = p.fb_gbd * 1e9, ui = 1.0 / fb;
  for (const auto& c : channels) {
    if (c.freq_hz.size() < 4) throw std::invalid_argument(c.name + ": fewer than 4 frequency points");
    if (c.freq_hz.back() < fb / 2)
      throw std::invalid_argument(c.name + ": data end at " + std::to_string(c.freq_hz.back() / 1e9) +
                                  " GHz, below f_b/2 = " + std::to_string(fb / 2e9) + " GHz");
  }
  const unsigned M = p.m;
  const std::size_t N = next_pow2(static_cast<std::size_t>(std::ceil(M * fb / (p.fstep_ghz * 1e9))));
  const double dt = ui / M, df = 1.0 / (N * dt);
  const std::size_t nb = N / 2 + 1;
  const unsigned L = p.levels;
  const double varx = (L * L - 1.0) / (3.0 * (L - 1.0) * (L - 1.0));  // (93A-29)
  const double snr_tx = std::pow(10.0, -p.snr_tx_db / 10.0);

  // fixed responses on the grid
  std::vector<double> xsinc(nb), hthr_abs2(nb);
  std::vector<cd> hthr(nb);
  std::vector<CtleParts> parts(nb);
  for (std::size_t k = 0; k < nb; ++k) {
    const double f = df * k, x = f * ui;
    xsinc[k] = M * (x == 0 ? 1.0 : std::sin(kPi * x) / (kPi * x));
    hthr[k] = ht(p, f) * hr(p, f);
    parts[k] = ctle_parts(p, f);
  }
  std::vector<double> hr2(nb);
  for (std::size_t k = 0; k < nb; ++k) hr2[k] = std::norm(hr(p, df * k));

  const auto combos = tx_combos(p);
  if (combos.empty()) bad("no TX FFE combination satisfies c0_min");
  const std::size_t T = combos[0].c.size();
  const std::size_t nb_dfe = p.b_max.size();

  std::vector<CaseResult> cases;
  for (std::size_t ci = 0; ci < p.zp1_cases_mm.size(); ++ci) {
    auto dev_with = [&](DeviceModel d, double zp1) {
      if (d.has_package && !d.package.segments.empty()) d.package.segments[0].length_mm = zp1;
      return d;
    };
    const double zp = p.zp1_cases_mm[ci];
    const DeviceModel tx = dev_with(p.tx_device, zp), rx = dev_with(p.rx_device, zp);
    const DeviceModel next = dev_with(p.tx_device, p.zp1_next_mm.empty() ? zp : p.zp1_next_mm[ci]);
    const DeviceModel fext = dev_with(p.tx_device, p.zp1_fext_mm.empty() ? zp : p.zp1_fext_mm[ci]);
    const double g1 = termination_gamma(p.tx_device.rd_ohm, p.r0), g2 = termination_gamma(p.rx_device.rd_ohm, p.r0);

    // pulse parts of every channel
    std::vector<ChannelPulses> chp;
    std::size_t lp = 0;
    std::vector<cd> buf(N);
    for (const auto& ch : channels) {
      const DeviceModel& txd = ch.kind == Channel::Kind::kNext ? next : ch.kind == Channel::Kind::kFext ? fext : tx;
      std::vector<cd> vtf(ch.freq_hz.size());
      for (std::size_t k = 0; k < ch.freq_hz.size(); ++k) {
        const double f = ch.freq_hz[k];
        const TwoPort s = cascade(cascade(tx_device(txd, f, p.r0), ch.s[k]), rx_device(rx, f, p.r0));
        vtf[k] = ht(p, f) * terminated_h21(s, g1, g2) * hr(p, f);
      }
      auto grid = interpolate_vtf(ch.freq_hz, vtf, df, nb);
      std::fill(buf.begin(), buf.end(), cd(0));
      std::copy(grid.begin(), grid.end(), buf.begin());
      std::vector<double> h;
      irfft(buf, h);
      double hmax = 0;
      for (double v : h) hmax = std::max(hmax, std::abs(v));
      std::size_t last = 0;
      for (std::size_t i = 0; i < N; ++i)
        if (std::abs(h[i]) > 1e-3 * hmax) last = i;
      for (std::size_t i = last + 1; i < N; ++i) h[i] = 0;
      for (std::size_t i = 0; i < N; ++i) buf[i] = h[i];
      fft(buf);  // truncated response, back to frequency
      std::vector<cd> htr(buf.begin(), buf.begin() + nb);
      ChannelPulses cp;
      cp.kind = ch.kind;
      cp.name = ch.name;
      cp.amp = ch.kind == Channel::Kind::kThru ? p.av : ch.kind == Channel::Kind::kNext ? p.ane : p.afe;
      std::vector<double>* outs[4] = {&cp.pa, &cp.pb, &cp.pc, &cp.pd};
      for (int part = 0; part < 4; ++part) {
        std::fill(buf.begin(), buf.end(), cd(0));
        for (std::size_t k = 0; k < nb; ++k) {
          const CtleParts& c = parts[k];
          const cd w = part == 0 ? c.a : part == 1 ? c.b : part == 2 ? c.c : c.d;
          buf[k] = cp.amp * xsinc[k] * htr[k] * w;
        }
        irfft(buf, *outs[part]);
      }
      // significant length (first half of the buffer; the rest is wrap-around of acausal tails)
      double pmax = 0;
      for (auto* o : outs)
        for (std::size_t i = 0; i < N / 2; ++i) pmax = std::max(pmax, std::abs((*o)[i]));
      std::size_t plast = 0;
      for (auto* o : outs)
        for (std::size_t i = 0; i < N / 2; ++i)
          if (std::abs((*o)[i]) > 1e-5 * pmax) plast = std::max(plast, i);
      lp = std::max(lp, plast + 1);
      chp.push_back(std::move(cp));
    }
    lp = std::min<std::size_t>(N / 2, (lp + 2 * M + M - 1) / M * M);
    for (auto& cp : chp)
      for (auto* o : {&cp.pa, &cp.pb, &cp.pc, &cp.pd}) o->resize(lp);

    const std::size_t vic = static_cast<std::size_t>(std::find_if(chp.begin(), chp.end(), [](const ChannelPulses& c) { return c.kind == Channel::Kind::kThru; }) - chp.begin());

    // --- equalizer search (93A.1.6) ---
    double best_fom = -std::numeric_limits<double>::infinity();
    std::size_t best_combo = 0;
    double best_gdc = 0, best_gdc2 = 0;
    long best_cursor = -1;
    Terms best_terms;
    unsigned evaluated = 0;
    std::vector<double> pv(lp);
    for (const double gdc : p.g_dc) {
      for (const double gdc2 : p.g_dc2) {
        const double a1 = std::pow(10.0, gdc / 20), a2 = std::pow(10.0, gdc2 / 20);
        auto combine = [&](const ChannelPulses& c, std::vector<double>& out) {
          out.resize(lp);
          for (std::size_t i = 0; i < lp; ++i) out[i] = a1 * a2 * c.pa[i] + a1 * c.pb[i] + a2 * c.pc[i] + c.pd[i];
        };
        // receiver noise (93A-35)
        double sn = 0;
        for (std::size_t k = 1; k < nb; ++k) {
          const CtleParts& c = parts[k];
          sn += hr2[k] * std::norm(a1 * a2 * c.a + a1 * c.b + a2 * c.c + c.d);
        }
        const double var_n = p.eta0 * sn * (df / 1e9);
        combine(chp[vic], pv);
        // per-phase autocorrelations: victim, jitter slope, FEXT aggressors; NEXT energies
        std::vector<std::vector<double>> r_v(M), r_j(M);
        for (unsigned ph = 0; ph < M; ++ph) {
          r_v[ph] = autocorr(phase_seq(pv, M, ph), T);
          std::vector<double> d;
          for (std::size_t i = ph; i < lp; i += M) d.push_back(((i + 1 < lp) ? pv[i + 1] : 0.0) - (i >= 1 ? pv[i - 1] : 0.0));
          r_j[ph] = autocorr(d, T);
        }
        std::vector<std::vector<std::vector<double>>> r_fext;
        double xt_next = 0;
        std::vector<double> pa(lp);
        for (std::size_t c = 0; c < chp.size(); ++c) {
          if (c == vic) continue;
          combine(chp[c], pa);
          if (chp[c].kind == Channel::Kind::kNext) {
            double mx = 0;
            for (unsigned ph = 0; ph < M; ++ph) mx = std::max(mx, autocorr(phase_seq(pa, M, ph), 1)[0]);
            xt_next += mx;
          } else {
            std::vector<std::vector<double>> r(M);
            for (unsigned ph = 0; ph < M; ++ph) r[ph] = autocorr(phase_seq(pa, M, ph), T);
            r_fext.push_back(std::move(r));
          }
        }
        long pk0 = static_cast<long>(std::max_element(pv.begin(), pv.end()) - pv.begin());
        // zero-padded copy: sample n of the FFE'd pulse = sum_t c_t pvp[n + pad - t M], no bounds checks
        const long pad = static_cast<long>(T * M) + 8 * static_cast<long>(M);
        std::vector<double> pvp(lp + 2 * static_cast<std::size_t>(pad), 0.0);
        std::copy(pv.begin(), pv.end(), pvp.begin() + pad);
        const long win0 = pk0 + static_cast<long>(p.tx_pre * M) - 3 * static_cast<long>(M);
        const long wlen = 6 * static_cast<long>(M) + 1;
        std::vector<double> w(static_cast<std::size_t>(wlen));
        std::vector<double> ac(T);
        auto quad_ac = [&](const std::vector<double>& r) {  // c' R c with R[t][u] = r[|t-u|]
          double s = r[0] * ac[0];
          for (std::size_t dd = 1; dd < T; ++dd) s += 2.0 * r[dd] * ac[dd];
          return s;
        };
        for (std::size_t ic = 0; ic < combos.size(); ++ic) {
          const auto& c = combos[ic].c;
          for (std::size_t dd = 0; dd < T; ++dd) {
            double s = 0;
            for (std::size_t t = 0; t + dd < T; ++t) s += c[t] * c[t + dd];
            ac[dd] = s;
          }
          // FFE'd victim around its expected peak
          std::fill(w.begin(), w.end(), 0.0);
          for (std::size_t t = 0; t < T; ++t) {
            const double ct = c[t];
            if (ct == 0.0) continue;
            const double* src = pvp.data() + (win0 + pad - static_cast<long>(t * M));
            for (long i = 0; i < wlen; ++i) w[static_cast<std::size_t>(i)] += ct * src[i];
          }
          const long wpk = static_cast<long>(std::max_element(w.begin() + M, w.end() - M) - w.begin());
          const long cur_w = locate_cursor(w.data(), wlen, wpk, M, p.b_min.empty() ? 0 : p.b_min[0], p.b_max.empty() ? 0 : p.b_max[0]);
          ++evaluated;
          if (cur_w < 0) continue;
          const long cursor = win0 + cur_w;  // index in the FFE'd pulse
          const unsigned ph = static_cast<unsigned>(((cursor % static_cast<long>(M)) + M) % M);
          // FFE'd samples at the cursor and the DFE span
          auto sample = [&](long n) {
            double s = 0;
            for (std::size_t t = 0; t < T; ++t) {
              const long j = n + pad - static_cast<long>(t * M);
              if (j >= 0 && j < static_cast<long>(pvp.size())) s += c[t] * pvp[static_cast<std::size_t>(j)];
            }
            return s;
          };
          const double hc = sample(cursor);
          if (hc <= 0) continue;
          double isi = quad_ac(r_v[ph]) - hc * hc;
          if (p.fom_precursors >= 0)  // drop the pre-cursors beyond fom_precursors UIs
            for (long n = cursor - static_cast<long>(M) * (p.fom_precursors + 1); n >= 0; n -= static_cast<long>(M)) {
              const double v = sample(n);
              isi -= v * v;
            }
          for (std::size_t j = 1; j <= nb_dfe; ++j) {
            const double hj = sample(cursor + static_cast<long>(j * M));
            const double b = std::min(p.b_max[j - 1], std::max(p.b_min[j - 1], hj / hc));
            isi += (hj - b * hc) * (hj - b * hc) - hj * hj;
          }
          const double var_isi = varx * std::max(isi, 0.0);
          const double sj = quad_ac(r_j[ph]) / ((2.0 / M) * (2.0 / M));
          const double var_j = (p.a_dd * p.a_dd + p.sigma_rj * p.sigma_rj) * varx * sj;
          double xt = xt_next;
          for (const auto& r : r_fext) {
            double mx = 0;
            for (unsigned q = 0; q < M; ++q) mx = std::max(mx, quad_ac(r[q]));
            xt += mx;
          }
          const double var_xt = varx * xt;
          const double var_tx = hc * hc * snr_tx;
          const double as = p.rlm * hc / (L - 1);
          const double fom = 10 * std::log10(as * as / (var_tx + var_isi + var_j + var_xt + var_n));
          if (fom > best_fom) {
            best_fom = fom;
            best_combo = ic;
            best_gdc = gdc;
            best_gdc2 = gdc2;
            best_cursor = cursor;
            best_terms.fom_db = fom;
          }
        }
      }
    }
    if (best_cursor < 0) throw std::runtime_error("COM: no equalizer setting gives a valid cursor (degenerate pulse response)");

    // --- COM at the chosen equalizer (93A.1.7) ---
    const double a1 = std::pow(10.0, best_gdc / 20), a2 = std::pow(10.0, best_gdc2 / 20);
    const auto& c = combos[best_combo].c;
    std::vector<std::vector<double>> pulses;
    std::vector<std::string> names;
    for (const auto& cp : chp) {
      std::vector<double> q(lp);
      for (std::size_t i = 0; i < lp; ++i) q[i] = a1 * a2 * cp.pa[i] + a1 * cp.pb[i] + a2 * cp.pc[i] + cp.pd[i];
      if (cp.kind != Channel::Kind::kNext) q = apply_ffe(q, c, M);
      pulses.push_back(std::move(q));
      names.push_back(cp.name);
    }
    const auto& pvic = pulses[vic];
    const std::size_t cur = static_cast<std::size_t>(best_cursor);
    const unsigned ph = static_cast<unsigned>(cur % M);
    const double hc = pvic[cur];
    const double as = p.rlm * hc / (L - 1);
    double sn = 0;
    for (std::size_t k = 1; k < nb; ++k) {
      const CtleParts& q = parts[k];
      sn += hr2[k] * std::norm(a1 * a2 * q.a + a1 * q.b + a2 * q.c + q.d);
    }
    const double var_n = p.eta0 * sn * (df / 1e9);
    const double var_tx = hc * hc * snr_tx;
    std::vector<double> hj;
    for (std::size_t i = ph; i < pvic.size(); i += M)
      hj.push_back(((i + 1 < pvic.size()) ? pvic[i + 1] : 0.0) - (i >= 1 ? pvic[i - 1] : 0.0));
    double sj = 0;
    for (double& v : hj) v /= (2.0 / M), sj += v * v;
    std::vector<double> hdd;
    for (double v : hj) hdd.push_back(p.a_dd * v);
    hdd = filtered(hdd, as * 1e-3);
    const double var_j = p.sigma_rj * p.sigma_rj * varx * sj;
    const double var_g = var_tx + var_j + var_n;
    std::vector<double> hisi = phase_seq(pvic, M, ph);
    const std::size_t ncur = cur / M;
    hisi[ncur] = 0;
    std::vector<double> dfe;
    for (std::size_t j = 1; j <= nb_dfe && ncur + j < hisi.size(); ++j) {
      const double b = std::min(p.b_max[j - 1], std::max(p.b_min[j - 1], hisi[ncur + j] / hc));
      dfe.push_back(b);
      hisi[ncur + j] -= b * hc;
    }
    double var_isi = 0;
    for (double v : hisi) var_isi += v * v;
    var_isi *= varx;
    const auto hisi_f = filtered(hisi, as * 1e-3);
    std::vector<std::vector<double>> hxt;
    for (std::size_t k = 0; k < pulses.size(); ++k) {
      if (k == vic) continue;
      unsigned bp = 0;
      double be = -1;
      for (unsigned q = 0; q < M; ++q) {
        const double e = autocorr(phase_seq(pulses[k], M, q), 1)[0];
        if (e > be) be = e, bp = q;
      }
      hxt.push_back(filtered(phase_seq(pulses[k], M, bp), as * 1e-3));
    }
    const double ystep = std::min(as / 1000, 1e-5);
    double support = 0;
    for (double v : hisi_f) support += std::abs(v);
    for (const auto& h : hxt)
      for (double v : h) support += std::abs(v);
    for (double v : hdd) support += std::abs(v);
    const double ymax = std::max(1.1 * as, support + 10 * std::sqrt(var_g) + 2 * ystep);
    const std::size_t npts = 2 * static_cast<std::size_t>(std::ceil(ymax / ystep)) + 1;
    const long z = static_cast<long>(npts / 2);
    std::vector<double> pg(npts);
    for (std::size_t i = 0; i < npts; ++i) {
      const double y = (static_cast<long>(i) - z) * ystep;
      pg[i] = std::exp(-y * y / (2 * var_g)) / std::sqrt(2 * kPi * var_g) * ystep;
    }
    const auto pj = delta_pmf(hdd, L, ystep, npts);
    const auto pn = conv_pmf(pg, pj);
    const auto pisi = delta_pmf(hisi_f, L, ystep, npts);
    std::vector<double> pxt(npts, 0.0);
    pxt[z] = 1.0;
    for (const auto& h : hxt) pxt = conv_pmf(pxt, delta_pmf(h, L, ystep, npts));
    double var_xt = 0;
    for (std::size_t i = 0; i < npts; ++i) {
      const double y = (static_cast<long>(i) - z) * ystep;
      var_xt += y * y * pxt[i];
    }
    const auto py = conv_pmf(conv_pmf(pisi, pn), pxt);
    double cum = 0, tot = 0;
    for (double v : py) tot += v;
    double ani = 0;
    std::vector<double> cdf_y, cdf_p;
    for (std::size_t i = 0; i < npts; ++i) {
      cum += py[i] / tot;
      if (cum >= p.der0) {
        ani = -(static_cast<long>(i) - z) * ystep;
        break;
      }
    }
    // decimated PDF for the budget plot
    const std::size_t dec = std::max<std::size_t>(1, npts / 2000);
    for (std::size_t i = 0; i < npts; i += dec) {
      double s = 0;
      for (std::size_t k = i; k < std::min(npts, i + dec); ++k) s += py[k];
      cdf_y.push_back((static_cast<long>(i) - z) * ystep);
      cdf_p.push_back(s / tot);
    }
    CaseResult cr;
    cr.com_db = 20 * std::log10(as / ani);
    Result& r = cr.r;
    r.com_db = cr.com_db;
    r.preset = p.name;
    r.case_index = static_cast<unsigned>(ci);
    r.zp1_mm = zp;
    r.terms = best_terms;
    r.terms.as_v = as;
    r.terms.ani_v = ani;
    r.terms.sigma_isi = std::sqrt(var_isi);
    r.terms.sigma_xt = std::sqrt(var_xt);
    r.terms.sigma_jitter = std::sqrt((p.a_dd * p.a_dd + p.sigma_rj * p.sigma_rj) * varx * sj);
    r.terms.sigma_tx = std::sqrt(var_tx);
    r.terms.sigma_rx = std::sqrt(var_n);
    r.tx_taps = c;
    r.g_dc_db = best_gdc;
    r.g_dc2_db = best_gdc2;
    r.dfe_taps = dfe;
    r.cursor_index = static_cast<unsigned>(cur);
    r.pulses = std::move(pulses);
    r.pulse_names = std::move(names);
    r.sample_period_s = dt;
    r.evaluated = evaluated;
    r.pdf_y = std::move(cdf_y);
    r.pdf_p = std::move(cdf_p);
    cases.push_back(std::move(cr));
  }
  std::size_t worst = 0;
  for (std::size_t i = 1; i < cases.size(); ++i)
    if (cases[i].com_db < cases[worst].com_db) worst = i;
  Result out = std::move(cases[worst].r);
  for (const auto& cr : cases) out.case_com_db.push_back(cr.com_db);
  return out;
}

}  // namespace halo::sim::com

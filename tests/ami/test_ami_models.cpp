// IBIS-AMI models loaded with dlopen, as a channel simulator loads them (IBIS 7.x section 10):
// the RX model's decided bits equal the golden model RetimerRx's on the same ADC samples,
// for every symbol, with the waveform delivered in GetWave blocks of odd sizes; the
// equaliser recovers the transmitted data on an ISI channel; the TX model's AMI_Init and
// AMI_GetWave equal the closed-form UI-spaced FIR of its taps; bad parameters come back as a
// message and return code 0.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <complex>
#include <cstdio>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "halo/retimer/retimer_rx.hpp"

// the models link their own copy of the cmodel (hidden symbols); see tests/regmap/CMakeLists.txt
extern "C" const char* __asan_default_options() { return "detect_odr_violation=0"; }

namespace {

using InitFn = long (*)(double*, long, long, double, double, char*, char**, void**, char**);
using WaveFn = long (*)(double*, long, double*, char**, void*);
using CloseFn = long (*)(void*);
using BitsFn = long (*)(void*, unsigned char*, long);

struct Lib {
  void* h = nullptr;
  InitFn init = nullptr;
  WaveFn wave = nullptr;
  CloseFn close = nullptr;
  BitsFn bits = nullptr;
  explicit Lib(const char* path) {
    h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (h == nullptr) return;
    init = reinterpret_cast<InitFn>(dlsym(h, "AMI_Init"));
    wave = reinterpret_cast<WaveFn>(dlsym(h, "AMI_GetWave"));
    close = reinterpret_cast<CloseFn>(dlsym(h, "AMI_Close"));
    bits = reinterpret_cast<BitsFn>(dlsym(h, "HALO_AMI_LastBits"));
  }
  ~Lib() {
    if (h != nullptr) dlclose(h);
  }
  Lib(const Lib&) = delete;
  Lib& operator=(const Lib&) = delete;
};

constexpr long kSpb = 8;
constexpr double kUi = 1.0 / 53.125e9;

// PAM4 waveform through an ISI channel: cursors at the UI centres (sample spb/2 of each UI),
// linear interpolation between them, Gaussian noise.
std::vector<double> make_wave(const std::vector<int>& sym, double sigma, std::uint32_t seed) {
  const double cur[] = {0.03, 0.75, 0.12, 0.03};  // h_-1, h_0, h_1, h_2 (per unit level)
  const long nc = 4;
  std::vector<double> p(static_cast<std::size_t>((nc + 1) * kSpb), 0.0);
  for (long k = 0; k < static_cast<long>(p.size()); ++k) {
    const double t = (static_cast<double>(k) - kSpb / 2.0) / kSpb;  // UIs from the h_-1 centre
    const long j = static_cast<long>(std::floor(t));
    const double f = t - static_cast<double>(j);
    const double a = (j >= 0 && j < nc) ? cur[j] : 0.0;
    const double b = (j + 1 >= 0 && j + 1 < nc) ? cur[j + 1] : 0.0;
    p[static_cast<std::size_t>(k)] = (1 - f) * a + f * b;
  }
  std::vector<double> w(sym.size() * kSpb + p.size(), 0.0);
  for (std::size_t n = 0; n < sym.size(); ++n) {
    const double level = 0.1 * (2.0 * sym[n] - 3.0);
    for (std::size_t k = 0; k < p.size(); ++k) w[n * kSpb + k] += level * p[k];
  }
  std::mt19937 g(seed);
  std::normal_distribution<double> nd(0.0, sigma);
  for (auto& x : w) x += nd(g);
  w.resize(sym.size() * kSpb);
  return w;
}

// agc: adc_full_scale 0, agc_ui 100: the test computes the full scale from the rms of the
// first 800 samples (rms = 0.25 x the peak-to-peak full scale) and starts at symbol 100
// nlc: (nlc 1) (nlc_memory 3) (nlc_pre 1): RetimerRx with the 2nd-order Volterra NLC (n2 3,
// pre2 1, LMS step 2^-7)
void bits_equal_golden_model(bool agc, bool nlc = false) {
  Lib lib(HALO_AMI_RX_LIB);
  ASSERT_NE(lib.h, nullptr) << dlerror();
  ASSERT_TRUE(lib.init && lib.wave && lib.close && lib.bits);
  const long nsym = 20000;
  std::mt19937 g(7);
  std::vector<int> sym(static_cast<std::size_t>(nsym));
  for (auto& s : sym) s = static_cast<int>(g() & 3u);
  const std::vector<double> wave = make_wave(sym, 0.004, 11);

  std::vector<double> imp(64, 0.0);
  imp[4] = 1.0 / (kUi / kSpb);
  std::string params = std::string("(halo_rx (adc_bits 7) ") +
                       (agc ? "(adc_full_scale 0) (agc_ui 100)" : "(adc_full_scale 0.4)") +
                       " (ffe_taps 12) (ffe_pre 3) (cdr_kp_shift 6) (cdr_ki_shift 22)" +
                       (nlc ? " (nlc 1) (nlc_memory 3) (nlc_pre 1))" : ")");
  double fs = 0.4;
  long first = 0;
  if (agc) {
    double s2 = 0;
    for (long i = 0; i < 800; ++i) s2 += wave[static_cast<std::size_t>(i)] * wave[static_cast<std::size_t>(i)];
    fs = std::sqrt(s2 / 800) / 0.5;
    first = 100;
  }
  char* out = nullptr;
  char* msg = nullptr;
  void* mem = nullptr;
  ASSERT_EQ(lib.init(imp.data(), 64, 0, kUi / kSpb, kUi, params.data(), &out, &mem, &msg), 1)
      << (msg ? msg : "");
  ASSERT_NE(out, nullptr);
  EXPECT_NE(std::string(out).find("(samples_per_ui 8)"), std::string::npos) << out;
  EXPECT_EQ(imp[4], 1.0 / (kUi / kSpb));  // no CTLE / RX filter: unchanged

  // AMI in blocks of odd sizes
  std::vector<unsigned char> ami_bits;
  std::vector<double> clocks;
  std::vector<double> eq;
  std::size_t pos = 0;
  const long blocks[] = {1, 7, 1001, 4093, 333};
  for (int b = 0; pos < wave.size(); ++b) {
    const long n = std::min<long>(blocks[b % 5], static_cast<long>(wave.size() - pos));
    std::vector<double> w(wave.begin() + static_cast<long>(pos), wave.begin() + static_cast<long>(pos) + n);
    std::vector<double> ct(static_cast<std::size_t>(n) + 1, -2.0);
    ASSERT_EQ(lib.wave(w.data(), n, ct.data(), &out, mem), 1);
    // terminated by -1 when there is room (the array has wave_size entries)
    for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
      const double t = ct[i];
      if (t == -1.0) break;
      ASSERT_NE(t, -2.0) << "clock_times not terminated by -1, block " << b << " n " << n << " pos " << pos;
      clocks.push_back(t);
    }
    const long nb = lib.bits(mem, nullptr, 0);
    std::vector<unsigned char> bb(static_cast<std::size_t>(nb));
    ASSERT_EQ(lib.bits(mem, bb.data(), nb), nb);
    ami_bits.insert(ami_bits.end(), bb.begin(), bb.end());
    eq.insert(eq.end(), w.begin(), w.end());
    pos += static_cast<std::size_t>(n);
  }
  EXPECT_EQ(lib.close(mem), 1);

  // golden model on the same samples, the sampler placed by its own CDR (written here from the
  // docs/ami.md rule): symbol n is sampled at n*spb + 4 (sample_phase 0.5) + round(phase * spb),
  // phase = the CDR command after symbol n-1 unwrapped (2^32 = 1 UI), never at or before the
  // previous sample; code = round(v * 64 / fs) clamped to 7 bits
  halo::retimer::RxConfig cfg;
  cfg.adc_bits = 7;
  cfg.ffe.adc_bits = 7;
  cfg.ffe.taps = 12;
  cfg.ffe.pre = 3;
  cfg.cdr.kp_shift = 6;  // a fast loop, so that the sampler moves within the run
  cfg.cdr.ki_shift = 22;
  if (nlc) {
    cfg.nlc = halo::retimer::NlcKind::kVolterra;
    cfg.volterra.n2 = 3;
    cfg.volterra.pre2 = 1;
    cfg.volterra.adapt.mu_shift = 7;
  }
  cfg.checker_enable = false;
  halo::retimer::RetimerRx rx(cfg);
  std::vector<std::uint8_t> gold(static_cast<std::size_t>(2 * nsym));
  std::vector<long> at(static_cast<std::size_t>(nsym));
  std::int64_t unwrapped = 0;
  std::uint32_t last_phi = 0;
  long prev = -1, moved = 0;
  for (long n = first; n < nsym; ++n) {
    const double ph = static_cast<double>(unwrapped) / 4294967296.0;
    const long s = std::max(n * kSpb + 4 + static_cast<long>(std::floor(ph * kSpb + 0.5)), prev + 1);
    if (s != n * kSpb + 4) ++moved;
    prev = at[static_cast<std::size_t>(n)] = s;
    const double c = std::round(wave[static_cast<std::size_t>(s)] * 64.0 / fs);
    const std::int16_t code = static_cast<std::int16_t>(std::clamp(c, -64.0, 63.0));
    halo::retimer::RxOut o;
    o.bits = std::span<std::uint8_t>(gold.data() + 2 * n, 2);
    rx.process(std::span<const std::int16_t>(&code, 1), o);
    const std::uint32_t phi = rx.cdr().phase();
    unwrapped += static_cast<std::int32_t>(phi - last_phi);
    last_phi = phi;
  }
  ASSERT_EQ(ami_bits.size(), gold.size() - 2 * static_cast<std::size_t>(first));
  for (std::size_t i = 0; i < ami_bits.size(); ++i)
    ASSERT_EQ(ami_bits[i], gold[i + 2 * static_cast<std::size_t>(first)]) << "bit " << i;
  EXPECT_GT(moved, 0) << "the CDR never moved the sampler: the test does not exercise it";
  std::printf("CDR moved the sampler off sample 4 for %ld of %ld symbols; last sample offset %ld\n", moved, nsym,
              prev - (nsym - 1) * kSpb - 4);

  // clock times: one per UI, half a UI before the CDR-placed sampling instant (IBIS 7.x)
  ASSERT_EQ(clocks.size(), static_cast<std::size_t>(nsym - first));
  for (std::size_t n = 0; n < clocks.size(); ++n)
    ASSERT_NEAR(clocks[n], (static_cast<double>(at[n + static_cast<std::size_t>(first)]) - kSpb / 2.0) * (kUi / kSpb),
                1e-18);

  // independent check: after convergence the decisions recover the transmitted symbols
  // (Gray: level index 0,1,2,3 -> bits 00,01,11,10, A first) at the model's latency
  auto gray = [](int s) { return s ^ (s >> 1); };
  long best = nsym;
  for (long d = 0; d < 40; ++d) {
    long err = 0;
    for (long n = nsym / 2; n < nsym; ++n) {
      const int gb = gray(sym[static_cast<std::size_t>(n - d)]);
      err += (gold[static_cast<std::size_t>(2 * n)] != ((gb >> 1) & 1)) +
             (gold[static_cast<std::size_t>(2 * n + 1)] != (gb & 1));
    }
    best = std::min(best, err);
  }
  EXPECT_EQ(best, 0) << "equalised decisions do not recover the data";
}

TEST(AmiModels, RxBitsEqualGoldenModelEverySymbol) { bits_equal_golden_model(false); }

TEST(AmiModels, RxAgcSetsFullScaleFromRms) { bits_equal_golden_model(true); }

TEST(AmiModels, RxVolterraNlcBitsEqualGoldenModel) { bits_equal_golden_model(false, true); }

TEST(AmiModels, RxBadParametersReturnMessage) {
  Lib lib(HALO_AMI_RX_LIB);
  ASSERT_NE(lib.h, nullptr) << dlerror();
  const char* bad[] = {"(halo_rx (adc_bits 12))", "(halo_rx (ffe_taps 4) (ffe_pre 4))",
                       "(halo_rx (adc_bits", "(halo_rx (sample_phase nan))"};
  for (const char* b : bad) {
    std::string p = b;
    char* out = nullptr;
    char* msg = nullptr;
    void* mem = reinterpret_cast<void*>(1);
    EXPECT_EQ(lib.init(nullptr, 0, 0, 1e-12, 8e-12, p.data(), &out, &mem, &msg), 0) << b;
    EXPECT_EQ(mem, nullptr);
    ASSERT_NE(msg, nullptr) << b;
    EXPECT_NE(std::string(msg).find("AMI"), std::string::npos) << msg;
  }
  std::string p = "(halo_rx)";
  char* msg = nullptr;
  void* mem = nullptr;
  EXPECT_EQ(lib.init(nullptr, 0, 0, 1e-12, 7.5e-12, p.data(), nullptr, &mem, &msg), 0);
  EXPECT_NE(std::string(msg).find("bit_time / sample_interval"), std::string::npos) << msg;
}

TEST(AmiModels, TxInitAndGetWaveAreTheUiSpacedFir) {
  Lib lib(HALO_AMI_TX_LIB);
  ASSERT_NE(lib.h, nullptr) << dlerror();
  std::string p = "(halo_tx (tx_taps \"-64 672 -96\") (tx_pre 1))";
  const long n = 80;
  std::vector<double> imp(n, 0.0);
  imp[3] = 2.0;
  char* out = nullptr;
  char* msg = nullptr;
  void* mem = nullptr;
  ASSERT_EQ(lib.init(imp.data(), n, 0, 1e-12, 4e-12, p.data(), &out, &mem, &msg), 1) << msg;
  const double c[] = {-64 / 832.0, 672 / 832.0, -96 / 832.0};
  for (long i = 0; i < n; ++i) {
    double want = 0;
    for (long k = 0; k < 3; ++k)
      if (i == 3 + 4 * k) want = 2.0 * c[k];
    EXPECT_NEAR(imp[static_cast<std::size_t>(i)], want, 1e-15) << i;
  }
  // GetWave: a unit step split over two calls -> step response of the FIR
  std::vector<double> a(5, 1.0), b(20, 1.0);
  ASSERT_EQ(lib.wave(a.data(), 5, nullptr, &out, mem), 1);
  ASSERT_EQ(lib.wave(b.data(), 20, nullptr, &out, mem), 1);
  for (long i = 0; i < 25; ++i) {
    double want = 0;
    for (long k = 0; k < 3; ++k)
      if (i >= 4 * k) want += c[k];
    const double got = i < 5 ? a[static_cast<std::size_t>(i)] : b[static_cast<std::size_t>(i - 5)];
    EXPECT_NEAR(got, want, 1e-15) << i;
  }
  EXPECT_EQ(lib.close(mem), 1);
  std::string bad = "(halo_tx (tx_taps 0 0))";
  mem = nullptr;
  EXPECT_EQ(lib.init(nullptr, 0, 0, 1e-12, 4e-12, bad.data(), &out, &mem, &msg), 0);
  EXPECT_NE(std::string(msg).find("halo_tx.tx_taps"), std::string::npos) << msg;
}


// The CTLE (COM form, 93A-22) of the RX model against closed forms written here: AMI_Init's
// impulse response summed over time is H(0) = g_dc; its DFT at f (a slow sinusoid's gain) is
// |H(f)| within 1 % over 1..20 GHz at 256 samples per UI (the per-sample integration of the
// discretisation adds a half-sample delay, no magnitude error below the sampling Nyquist);
// GetWave runs on the same instance with finite output; bad CTLE parameters: a message.
TEST(AmiModels, RxCtleMatchesComFormula) {
  Lib lib(HALO_AMI_RX_LIB);
  ASSERT_NE(lib.h, nullptr) << dlerror();
  const double ui = kUi, dt = ui / 256;
  const double gdc_db = -9, fz = 13.28e9, fp1 = 13.28e9 * 2, fp2 = 53.125e9;
  auto h = [&](double f) {
    const double g = std::pow(10.0, gdc_db / 20);
    return std::abs((g + std::complex<double>(0, f / fz)) /
                    ((1.0 + std::complex<double>(0, f / fp1)) * (1.0 + std::complex<double>(0, f / fp2))));
  };
  const long n = 1 << 15;
  std::vector<double> imp(static_cast<std::size_t>(n), 0.0);
  imp[0] = 1.0;
  std::string p = "(halo_rx (ctle_dc_gain_db -9) (ctle_fz_ghz 13.28) (ctle_fp1_ghz 26.56) (ctle_fp2_ghz 53.125))";
  char* out = nullptr;
  char* msg = nullptr;
  void* mem = nullptr;
  ASSERT_EQ(lib.init(imp.data(), n, 0, dt, ui, p.data(), &out, &mem, &msg), 1) << msg;
  double sum = 0;
  for (double v : imp) sum += v;
  EXPECT_NEAR(sum, std::pow(10.0, gdc_db / 20), 1e-6);
  for (double f : {1e9, 5e9, 13.28e9, 20e9}) {
    std::complex<double> acc = 0;
    for (long i = 0; i < n; ++i)
      acc += imp[static_cast<std::size_t>(i)] * std::polar(1.0, -2 * M_PI * f * static_cast<double>(i) * dt);
    EXPECT_NEAR(std::abs(acc) / h(f), 1.0, 0.01) << f;
  }
  // GetWave's output is the equalised slicer input (the CTLE gain is checked above, and on a
  // channel in tests/ami/test_ami_sim.py)
  std::vector<double> w(4096);
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = 0.1 * std::sin(2 * M_PI * 10e9 * static_cast<double>(i) * dt);
  std::vector<double> ct(w.size());
  ASSERT_EQ(lib.wave(w.data(), static_cast<long>(w.size()), ct.data(), &out, mem), 1);
  for (double v : w) ASSERT_TRUE(std::isfinite(v));
  EXPECT_EQ(lib.close(mem), 1);

  const char* bad[] = {"(halo_rx (ctle_fz_ghz 10) (ctle_fp1_ghz 0))", "(halo_rx (ctle_fz_ghz 10) (ctle_fp2_ghz 9000))",
                       "(halo_rx (ctle_fz_ghz 10) (ctle_fp2_ghz 150))", "(halo_rx (ctle_dc_gain_db -50))"};
  for (const char* b : bad) {
    std::string q = b;
    mem = nullptr;
    // 4 samples per UI: the sampling Nyquist frequency is 106 GHz (a 150 GHz pole would alias)
    EXPECT_EQ(lib.init(nullptr, 0, 0, ui / 4, ui, q.data(), &out, &mem, &msg), 0) << b;
    EXPECT_EQ(mem, nullptr);
    EXPECT_NE(std::string(msg).find("halo_rx"), std::string::npos) << msg;
  }
}

}  // namespace

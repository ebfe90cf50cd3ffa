// Touchstone reader, mixed-mode conversion and channel responses.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <fstream>
#include <algorithm>
#include <numeric>
#include <string>

#include <filesystem>

#include "halo/sim/channel_response.hpp"
#include "halo/sim/link.hpp"
#include "halo/sim/touchstone.hpp"

using namespace halo::sim;

namespace {
std::string chan(const std::string& f) { return std::string(HALO_SOURCE_DIR) + "/sim/data/channels/" + f; }

std::string error_of(const std::string& text, unsigned ports) {
  try {
    parse_touchstone(text, ports, "bad.s2p");
  } catch (const TouchstoneError& e) {
    return e.what();
  }
  return "";
}
// A 2-port low-pass in RI/Hz from f_step to f_last (a synthetic channel file).
std::string lowpass_s2p(double f_step, double f_last) {
  std::string t = "# Hz S RI R 50\n";
  for (double f = 0; f <= f_last * (1 + 1e-12); f += f_step) {
    const auto h = 1.0 / std::complex<double>(1, f / 20e9);
    t += std::to_string(f) + " 0 0 " + std::to_string(h.real()) + " " + std::to_string(h.imag()) + " " +
         std::to_string(h.real()) + " " + std::to_string(h.imag()) + " 0 0\n";
  }
  return t;
}

std::filesystem::path write_temp(const std::string& name, const std::string& text) {
  const auto p = std::filesystem::temp_directory_path() / name;
  std::ofstream(p, std::ios::binary) << text;
  return p;
}
}  // namespace

// The loss column of sim/data/channels/README.md: SDD21 at the point nearest 26.5625 GHz.
struct LossCase {
  const char* file;
  double loss_db;
};
class ChannelLoss : public ::testing::TestWithParam<LossCase> {};

TEST_P(ChannelLoss, ReproducesReadmeWithin0p3dB) {
  const auto sp = read_touchstone(chan(GetParam().file));
  EXPECT_EQ(sp.num_ports, 4u);
  const PortMap m = detect_port_map(sp);
  EXPECT_EQ(m.str(), "1,3->2,4");
  const auto r = sdd21(sp, m);
  const double db = loss_db_nearest(r, 26.5625e9);
  RecordProperty("sdd21_db", std::to_string(db));
  std::printf("%s: SDD21(26.5625 GHz) = %.3f dB\n", GetParam().file, db);
  EXPECT_NEAR(db, GetParam().loss_db, 0.3);
}

INSTANTIATE_TEST_SUITE_P(Readme, ChannelLoss,
                         ::testing::Values(LossCase{"C2M__Z100_IL14_WC_BOR_H_L_H_THRU.s4p", -14.0},
                                           LossCase{"CA_19p75dB_thru.s4p", -19.75}));

TEST(Touchstone, FormatsAndUnitsAgree) {
  // The same 2-port in MA/GHz, RI/MHz, DB/Hz; 1.x 2-port order S11 S21 S12 S22.
  const std::string ma = "! c\n# GHz S MA R 50\n0 0.1 0 0.9 -10 0.9 -10 0.1 0\n1.5 0.2 30 0.5 -90 0.5 -90 0.2 30 ! x\n";
  const std::string ri =
      "# mhz s ri r 50\n0 0.1 0 0.88632 -0.15628 0.88632 -0.15628 0.1 0\n"
      "1500 0.173205 0.1 0 -0.5 0 -0.5 0.173205 0.1\n";
  const std::string db =
      "#Hz S DB R 50\n0 -20 0 -0.91515 -10 -0.91515 -10 -20 0\n"
      "1.5e9 -13.9794 30 -6.0206 -90\n -6.0206 -90 -13.9794 30\n";
  const auto a = parse_touchstone(ma, 2, "ma.s2p");
  const auto b = parse_touchstone(ri, 2, "ri.s2p");
  const auto c = parse_touchstone(db, 2, "db.s2p");
  for (const auto* x : {&a, &b, &c}) {
    ASSERT_EQ(x->freq_hz.size(), 2u);
    EXPECT_DOUBLE_EQ(x->freq_hz[1], 1.5e9);
    EXPECT_NEAR(std::abs(x->at(1, 1, 0) - std::polar(0.5, -M_PI / 2)), 0, 1e-4);
    EXPECT_NEAR(std::abs(x->at(0, 1, 0) - std::polar(0.9, -10 * M_PI / 180)), 0, 1e-4);
  }
  EXPECT_NEAR(std::abs(a.at(1, 0, 1) - std::polar(0.5, -M_PI / 2)), 0, 1e-12);  // S12
}

TEST(Touchstone, MalformedFilesGiveClearErrors) {
  EXPECT_NE(error_of("# GHz S MA R 50\n1 0.1 0 0.9 0 0.9 0\n", 2).find("bad.s2p:2: truncated frequency point: got 7 numbers, expected 9"),
            std::string::npos);
  EXPECT_NE(error_of("# GHz S MA R 50\n1 0.1 0 0.9 x 0.9 0 0.1 0\n", 2).find("bad.s2p:2: token 5 'x' is not a number"),
            std::string::npos);
  EXPECT_NE(error_of("# GHz Z MA R 50\n", 2).find("bad.s2p:1: parameter type 'z' is not supported"), std::string::npos);
  EXPECT_NE(error_of("# GHz S XY R 50\n", 2).find("unknown option 'xy'"), std::string::npos);
  EXPECT_NE(error_of("# GHz S MA R 50\n2 0 0 1 0 1 0 0 0\n1 0 0 1 0 1 0 0 0\n", 2).find("bad.s2p:3: frequencies must be strictly increasing"),
            std::string::npos);
  EXPECT_NE(error_of("! only comments\n", 2).find("no frequency points"), std::string::npos);
  EXPECT_NE(error_of("[Version] 2.0\n", 2).find("Touchstone 2.0 keyword"), std::string::npos);
  EXPECT_NE(error_of("# GHz S MA R -5\n", 2).find("reference impedance"), std::string::npos);
  try {
    read_touchstone(std::string(HALO_SOURCE_DIR) + "/no/such/file.s4p");
    FAIL();
  } catch (const TouchstoneError& e) {
    EXPECT_NE(std::string(e.what()).find("file.s4p: cannot open"), std::string::npos);
  }
  EXPECT_THROW(read_touchstone(chan("README.md")), TouchstoneError);
}

TEST(Touchstone, TruncatedRealFileNamesLine) {
  // Cut the C2M file in the middle of a frequency point.
  std::ifstream in(chan("C2M__Z100_IL14_WC_BOR_H_L_H_THRU.s4p"));
  std::string text((std::istreambuf_iterator<char>(in)), {});
  text.resize(20000);
  text = text.substr(0, text.rfind('\n'));
  const std::string e = [&] {
    try { parse_touchstone(text, 4, "c2m.s4p"); } catch (const TouchstoneError& x) { return std::string(x.what()); }
    return std::string();
  }();
  EXPECT_NE(e.find("c2m.s4p:"), std::string::npos) << e;
  EXPECT_NE(e.find("truncated frequency point"), std::string::npos) << e;
  EXPECT_NE(e.find("expected 33"), std::string::npos) << e;
}

TEST(ChannelResponse, PortMapDetectionAndDeclaration) {
  const auto fext = read_touchstone(chan("C2M__Z100_IL14_WC_BOR_H_L_H_FEXT1.s4p"));
  EXPECT_THROW(detect_port_map(fext), std::invalid_argument);
  const PortMap m = parse_port_map("1,3,2,4", 4);
  EXPECT_EQ(m.str(), "1,3->2,4");
  EXPECT_THROW(parse_port_map("1,1,2,4", 4), std::invalid_argument);
  EXPECT_THROW(parse_port_map("1,3,2,5", 4), std::invalid_argument);
  // A declared swapped order 1,2 -> 3,4 on a 1->2 through gives a tiny SDD21.
  const auto thru = read_touchstone(chan("C2M__Z100_IL14_WC_BOR_H_L_H_THRU.s4p"));
  EXPECT_LT(loss_db_nearest(sdd21(thru, parse_port_map("1,2,3,4", 4)), 1e9), -30);
}

TEST(ChannelResponse, DcExtrapolationAndPulseArea) {
  // Synthetic 2-port: a 1-pole low-pass with delay, starting at 50 MHz (no DC point).
  std::string t = "# Hz S RI R 50\n";
  const double fc = 20e9, tau = 1e-9;
  for (int k = 1; k <= 4000; ++k) {
    const double f = 50e6 * k;
    const auto h = std::exp(std::complex<double>(0, -2 * M_PI * f * tau)) / std::complex<double>(1, f / fc);
    t += std::to_string(f) + " 0 0 " + std::to_string(h.real()) + " " + std::to_string(h.imag()) +
         " " + std::to_string(h.real()) + " " + std::to_string(h.imag()) + " 0 0\n";
  }
  const auto sp = parse_touchstone(t, 2, "lp.s2p");
  const auto r = sdd21(sp, {});
  ASSERT_EQ(r.freq_hz.front(), 0.0);
  EXPECT_NEAR(std::abs(r.h.front()), 1.0, 1e-3);
  ImpulseOptions o;
  o.fs_hz = 53.125e9 * 32;
  o.df_hz = 25e6;
  const auto ir = impulse_response(&r, {}, o);
  EXPECT_GT(ir.delay_s, 0.8e-9);  // pure delay removed (start at the first 1e-4 of the peak)
  EXPECT_LE(ir.delay_s, 1.0e-9);
  EXPECT_LT(ir.acausal_energy, 1e-3);
  const double dc = std::accumulate(ir.h.begin(), ir.h.end(), 0.0);
  EXPECT_NEAR(dc, 1.0, 0.01);
  // analytic 1-pole impulse: h(t) = dt * 2 pi fc e^{-2 pi fc t}; compare 10 ps after the start
  const auto p = pulse_response(ir, 32);
  const double peak = *std::max_element(p.begin(), p.end());
  const double T = 1 / 53.125e9;
  EXPECT_NEAR(peak, 1 - std::exp(-2 * M_PI * fc * T), 0.03);  // 1-UI pulse through 1 pole
}

// Issue 21: NaN/inf were accepted and surfaced later as "MMSE covariance is not positive
// definite" with no file or line.
TEST(Touchstone, NonFiniteValuesRejectedAtFileLine) {
  const std::string head = "# GHz S MA R 50\n0 0.1 0 0.9 0 0.9 0 0.1 0\n";
  for (const char* tok : {"nan", "NaN", "inf", "-inf", "infinity", "-nan"}) {
    const std::string e = error_of(head + "1 0.1 0 " + tok + " 0 0.9 0 0.1 0\n", 2);
    EXPECT_NE(e.find("bad.s2p:3: token 4 '" + std::string(tok) + "' is not a finite number"), std::string::npos)
        << tok << ": " << e;
  }
  EXPECT_NE(error_of("# GHz S MA R 50\ninf 0.1 0 0.9 0 0.9 0 0.1 0\n", 2).find("bad.s2p:2: token 1 'inf'"),
            std::string::npos);
  EXPECT_NE(error_of("# GHz S MA R inf\n", 2).find("bad.s2p:1: reference impedance 'inf'"), std::string::npos);
  // finite in the file, not finite after the dB conversion (10^(400/20) overflows)
  const std::string e = error_of("# GHz S DB R 50\n1 0 0 7000 0 0 0 0 0\n", 2);
  EXPECT_NE(e.find("bad.s2p:2: S-parameter pair 2 at 1e+09 Hz is not finite"), std::string::npos) << e;
}

// Messages quote a short excerpt of a bad token, not the whole (possibly huge) token.
TEST(Touchstone, BadTokenQuotedAsShortExcerpt) {
  const std::string junk(100000, 'x');
  const std::string e = error_of("# GHz S MA R 50\n1 0.1 0 " + junk + " 0 0.9 0 0.1 0\n", 2);
  EXPECT_NE(e.find("bad.s2p:2: token 4 'xxxxxxxxxxxxxxxxxxxxxxxx... (100000 characters)'"), std::string::npos) << e;
  EXPECT_LT(e.size(), 300u);
  const std::string opt = error_of("# GHz S " + junk + "\n", 2);
  EXPECT_NE(opt.find("unknown option"), std::string::npos) << opt.substr(0, 200);
  EXPECT_LT(opt.size(), 300u);
  const std::string ctl = error_of(std::string("# GHz S MA R 50\n1 0.1 0 \x01\x7f 0 0.9 0 0.1 0\n"), 2);
  EXPECT_NE(ctl.find("token 4 '?\x3f'"), std::string::npos) << ctl;  // two '?' (no trigraph)
}

// The file is read line by line (memory bounded by the parsed data); a line over 1 MiB is an
// error, and the streamed result equals parsing the whole text.
TEST(Touchstone, StreamedReadEqualsParseAndBoundsLines) {
  const std::string path = chan("CA_19p75dB_thru.s4p");
  std::ifstream in(path, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), {});
  const auto a = read_touchstone(path);
  const auto b = parse_touchstone(text, 4, path);
  EXPECT_EQ(a.freq_hz, b.freq_hz);
  EXPECT_EQ(a.s, b.s);
  EXPECT_EQ(a.z0_ohm, b.z0_ohm);
  const auto p = write_temp("halo_test_long_line.s2p", "# GHz S MA R 50\n! x\n" + std::string(3u << 20, '1') + "\n");
  try {
    read_touchstone(p);
    ADD_FAILURE() << "no error";
  } catch (const TouchstoneError& e) {
    EXPECT_NE(std::string(e.what()).find("halo_test_long_line.s2p:3: line longer than 1048576 bytes"),
              std::string::npos) << e.what();
  }
  std::filesystem::remove(p);
}

// Issue 21: a file whose data end at 5 GHz was accepted at 53.125 GBd; the link reported the
// nearest point as the Nyquist loss. Data must reach symbol_rate / 2.
TEST(Touchstone, DataBelowNyquistRejected) {
  const auto sp = parse_touchstone(lowpass_s2p(100e6, 5e9), 2, "short.s2p");
  try {
    require_coverage(sp, 53.125e9);
    ADD_FAILURE() << "no error";
  } catch (const TouchstoneError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("short.s2p: data end at 5 GHz, below the Nyquist frequency 26.5625 GHz of the symbol rate 53.125 GBd"),
              std::string::npos) << m;
  }
  EXPECT_NO_THROW(require_coverage(sp, 10e9));  // Nyquist 5 GHz: the last point is enough
  EXPECT_THROW(require_coverage(sp, 10.001e9), TouchstoneError);
  // the shipped channels cover 106.25 GBd (53.125 GHz) ... or not: the C2M files end at 50 GHz
  EXPECT_NO_THROW(require_coverage(read_touchstone(chan("CA_19p75dB_thru.s4p")), 106.25e9));
  EXPECT_THROW(require_coverage(read_touchstone(chan("C2M__Z100_IL14_WC_BOR_H_L_H_THRU.s4p")), 106.25e9),
               TouchstoneError);
  // where the link is built: victim channel and crosstalk aggressor
  const auto p = write_temp("halo_test_5ghz.s2p", lowpass_s2p(100e6, 5e9));
  LinkConfig cfg;
  cfg.channel = {TouchstoneSegment{p, ""}};
  try {
    (void)build_model(cfg);
    ADD_FAILURE() << "no error";
  } catch (const TouchstoneError& e) {
    EXPECT_NE(std::string(e.what()).find("halo_test_5ghz.s2p: data end at 5 GHz"), std::string::npos) << e.what();
  }
  cfg.channel = {TouchstoneSegment{chan("CA_19p75dB_thru.s4p"), ""}};
  cfg.crosstalk = {AggressorConfig{TouchstoneSegment{p, ""}}};
  EXPECT_THROW((void)build_model(cfg), TouchstoneError);
  std::filesystem::remove(p);
}

// Issue 27: the 200G host channels are Annex 93A.1.2.3 transmission-line models
// (scripts/gen_c2m_channels.py). An independent evaluation of the same closed form here: a
// uniform line of length z (from the file's header), gamma(f) per mm with f in GHz, between
// 100-ohm references; the file's SDD21 must match it and reach beyond 106.25 GBd's Nyquist.
TEST(Touchstone, Tl93aHostChannelsMatchTheClosedForm) {
  for (const auto& [file, loss_db] : {std::pair{"C2M_TL93A_IL12dB_THRU.s4p", 12.0}, std::pair{"C2M_TL93A_IL16dB_THRU.s4p", 16.0}}) {
    const auto sp = read_touchstone(chan(file));
    EXPECT_NO_THROW(require_coverage(sp, 106.25e9)) << file;
    EXPECT_GE(sp.freq_hz.back(), 60e9) << file;
    // the line length from the header comment "length 104.504 mm"
    std::ifstream in(chan(file));
    std::string text((std::istreambuf_iterator<char>(in)), {});
    const auto at = text.find("length ");
    ASSERT_NE(at, std::string::npos);
    const double z = std::stod(text.substr(at + 7));
    const auto r = sdd21(sp, detect_port_map(sp));
    const double pi = std::acos(-1.0);
    auto model = [&](double f_ghz) {
      using C = std::complex<double>;
      const C g = 5.0e-4 + 8.9e-4 * std::sqrt(f_ghz) * C(1, 1) + 2.0e-4 * f_ghz * C(1, -2 / pi * std::log(f_ghz)) +
                  C(0, 2 * pi * f_ghz * 6.141e-3);
      const double rho = (92.5 - 100.0) / (92.5 + 100.0);
      const C e = std::exp(-g * z);
      return (1 - rho * rho) * e / (1.0 - rho * rho * e * e);
    };
    for (double f : {1.0, 10.0, 26.6, 40.0, 53.2, 60.0, 70.0}) {
      const auto h = r(f * 1e9);
      EXPECT_NEAR(20 * std::log10(std::abs(h)), 20 * std::log10(std::abs(model(f))), 0.01) << file << " at " << f << " GHz";
      EXPECT_LT(std::abs(h - model(f)), 1e-3 * std::abs(model(f)) + 1e-6) << file << " at " << f << " GHz";
    }
    EXPECT_NEAR(-loss_db_nearest(r, 53.125e9), loss_db, 0.1) << file;
  }
}

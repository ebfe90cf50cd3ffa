// Waveforms for TDECQ: the text file format, the link simulator's optical transmitter and a
// linear transmitter from its pulse (halo/sim/tdecq.hpp, docs/tdecq.md "Waveform file").
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "halo/sim/link.hpp"
#include "halo/sim/rng.hpp"
#include "halo/sim/tdecq.hpp"
#include "physics/front_end.hpp"

namespace halo::sim::tdecq {
namespace {

constexpr std::string_view kMagic = "# halolink tdecq waveform 1";
constexpr std::size_t kMaxSymbols = 1u << 22, kMaxOsr = 1024;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string shown(std::string_view s) {
  std::string o(s.substr(0, 40));
  for (auto& c : o)
    if (static_cast<unsigned char>(c) < 32 || static_cast<unsigned char>(c) > 126) c = '?';
  return "'" + o + (s.size() > 40 ? "...'" : "'");
}

// whitespace-separated tokens of a line
std::vector<std::string_view> tokens(std::string_view s) {
  std::vector<std::string_view> t;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')) ++i;
    const std::size_t b = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t' && s[i] != '\r') ++i;
    if (i > b) t.push_back(s.substr(b, i - b));
  }
  return t;
}

bool to_double(std::string_view t, double& v) {
  const auto r = std::from_chars(t.data(), t.data() + t.size(), v);
  return r.ec == std::errc() && r.ptr == t.data() + t.size() && std::isfinite(v);
}

}  // namespace

Waveform parse_waveform(std::string_view text, const std::string& name) {
  Waveform w;
  w.source = name;
  std::size_t line_no = 0, pos = 0;
  bool in_samples = false, have_rate = false, have_osr = false;
  auto fail = [&](const std::string& what) { throw WaveformError(name + ":" + std::to_string(line_no) + ": " + what); };
  while (pos <= text.size()) {
    const std::size_t nl = text.find('\n', pos);
    const std::string_view raw = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    const std::string_view line = trim(raw);
    if (line_no == 1) {
      if (line != kMagic) fail("expected the first line '" + std::string(kMagic) + "', found " + shown(line));
      continue;
    }
    if (line.empty() || line.front() == '#') continue;
    const auto tok = tokens(line);
    if (in_samples) {
      for (auto t : tok) {
        double v = 0;
        if (!to_double(t, v)) fail("expected a finite sample value, found " + shown(t));
        if (w.samples.size() >= kMaxSymbols * kMaxOsr) fail("more than " + std::to_string(kMaxSymbols * kMaxOsr) + " samples");
        w.samples.push_back(v);
      }
      continue;
    }
    const std::string_view key = tok.front();
    if (key == "samples") {
      if (tok.size() != 1) fail("expected 'samples' alone on its line, found " + shown(line));
      if (!have_rate || !have_osr) fail("'samples' before symbol_rate_gbd and samples_per_ui");
      if (w.symbols.empty()) fail("'samples' before any 'symbols' line");
      in_samples = true;
    } else if (key == "symbol_rate_gbd") {
      double v = 0;
      if (tok.size() != 2 || !to_double(tok[1], v) || !(v >= 1 && v <= 1000))
        fail("expected 'symbol_rate_gbd X' with 1 <= X <= 1000, found " + shown(line));
      w.symbol_rate_hz = v * 1e9;
      have_rate = true;
    } else if (key == "samples_per_ui") {
      unsigned v = 0;
      const auto t = tok.size() == 2 ? tok[1] : std::string_view{};
      const auto r = std::from_chars(t.data(), t.data() + t.size(), v);
      if (tok.size() != 2 || r.ec != std::errc() || r.ptr != t.data() + t.size() || v < 4 || v > kMaxOsr)
        fail("expected 'samples_per_ui N' with 4 <= N <= " + std::to_string(kMaxOsr) + ", found " + shown(line));
      w.osr = v;
      have_osr = true;
    } else if (key == "symbols") {
      for (std::size_t i = 1; i < tok.size(); ++i) {
        if (tok[i].size() != 1 || tok[i][0] < '0' || tok[i][0] > '3') fail("expected a PAM4 symbol 0..3, found " + shown(tok[i]));
        if (w.symbols.size() >= kMaxSymbols) fail("more than " + std::to_string(kMaxSymbols) + " symbols");
        w.symbols.push_back(static_cast<std::uint8_t>(tok[i][0] - '0'));
      }
    } else {
      fail("expected symbol_rate_gbd, samples_per_ui, symbols or samples, found " + shown(key));
    }
  }
  --line_no;
  if (line_no == 0) fail("empty file (expected the first line '" + std::string(kMagic) + "')");
  if (!in_samples) fail("no 'samples' line");
  if (w.samples.size() != w.symbols.size() * w.osr)
    fail("expected symbols x samples_per_ui = " + std::to_string(w.symbols.size()) + " x " + std::to_string(w.osr) +
         " = " + std::to_string(w.symbols.size() * w.osr) + " samples, found " + std::to_string(w.samples.size()));
  return w;
}

Waveform read_waveform(const std::filesystem::path& file) {
  std::ifstream f(file, std::ios::binary);
  if (!f) throw WaveformError(file.string() + ": cannot open");
  std::ostringstream ss;
  ss << f.rdbuf();
  if (f.bad()) throw WaveformError(file.string() + ": read error");
  return parse_waveform(ss.str(), file.string());
}

std::string format_waveform(const Waveform& w) {
  std::ostringstream o;
  o.precision(17);
  o << kMagic << "\n# " << w.source << "\nsymbol_rate_gbd " << w.symbol_rate_hz * 1e-9 << "\nsamples_per_ui " << w.osr
    << "\n";
  for (std::size_t i = 0; i < w.symbols.size(); i += 64) {
    o << "symbols";
    for (std::size_t k = i; k < std::min(w.symbols.size(), i + 64); ++k) o << ' ' << static_cast<int>(w.symbols[k]);
    o << "\n";
  }
  o << "samples\n";
  for (std::size_t i = 0; i < w.samples.size(); ++i) o << w.samples[i] << ((i + 1) % w.osr ? ' ' : '\n');
  return o.str();
}

Waveform link_waveform(const LinkConfig& cfg, std::size_t symbols, std::uint64_t seed, double temperature_c) {
  if (!cfg.optical.enabled) throw std::invalid_argument(cfg.name + ": not an optical link (optical.enabled is false)");
  const LinkModel m = build_model(cfg);
  Waveform w;
  w.symbol_rate_hz = m.symbol_rate_hz;
  w.osr = m.osr;
  w.source = "link " + cfg.name;
  Rng r(seed, 4242);
  w.symbols.resize(symbols);
  for (auto& s : w.symbols) s = static_cast<std::uint8_t>(r.next() >> 62);
  // the pattern twice (TX FFE, TX noise); the second period is kept (filters settled, periodic)
  const std::size_t n2 = 2 * symbols;
  std::vector<double> u(n2, 0.0);
  const auto& ffe = cfg.tx.ffe;
  for (std::size_t n = 0; n < n2; ++n) {
    for (std::size_t i = 0; i < ffe.size() && i <= n; ++i)
      u[n] += ffe[i] * m.amplitude_v * (2.0 * w.symbols[(n - i) % symbols] - 3.0) / 3.0;
    if (m.sigma_tx_v > 0) u[n] += m.sigma_tx_v * r.gauss();
  }
  const std::vector<double> p = sim::detail::optical_power_waveform(cfg, m, u, true, temperature_c);
  w.samples.assign(p.begin() + static_cast<std::ptrdiff_t>(symbols * m.osr), p.end());
  return w;
}

Waveform linear_waveform(std::span<const double> pulse, unsigned osr, double symbol_rate_hz, double p_ave,
                         double sigma_tx, double rin_db_hz, std::size_t symbols, std::uint64_t seed) {
  Waveform w;
  w.symbol_rate_hz = symbol_rate_hz;
  w.osr = osr;
  w.source = "linear transmitter";
  Rng r(seed, 4243);
  w.symbols.resize(symbols);
  std::vector<double> a(symbols);
  for (std::size_t k = 0; k < symbols; ++k) {
    w.symbols[k] = static_cast<std::uint8_t>(r.next() >> 62);
    a[k] = (2.0 * w.symbols[k] - 3.0) / 3.0 + (sigma_tx > 0 ? sigma_tx * r.gauss() : 0.0);
  }
  const std::size_t M = symbols * osr;
  w.samples.assign(M, p_ave);
  for (std::size_t k = 0; k < symbols; ++k)
    for (std::size_t i = 0; i < pulse.size(); ++i) w.samples[(k * osr + i) % M] += a[k] * pulse[i];
  if (rin_db_hz > -400) {
    const double s = std::sqrt(std::pow(10.0, rin_db_hz / 10) * symbol_rate_hz * osr / 2);
    for (auto& x : w.samples) x *= 1 + s * r.gauss();
  }
  return w;
}

}  // namespace halo::sim::tdecq

// Touchstone 1.x reader. See halo/sim/touchstone.hpp.
#include "halo/sim/touchstone.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <numbers>
#include <sstream>

namespace halo::sim {
namespace {

std::string lower(std::string_view s) {
  std::string r(s);
  for (auto& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r;
}

[[noreturn]] void fail(const std::string& name, std::size_t line, const std::string& what) {
  std::ostringstream os;
  os << name << ":" << line << ": " << what;
  throw TouchstoneError(os.str());
}

std::vector<std::string_view> split_ws(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    const std::size_t b = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

}  // namespace

SParams parse_touchstone(std::string_view text, unsigned num_ports, const std::string& name) {
  if (num_ports == 0 || num_ports > 64)
    throw TouchstoneError(name + ": number of ports must be 1..64, got " + std::to_string(num_ports));
  SParams sp;
  sp.num_ports = num_ports;
  sp.source = name;
  double funit = 1e9;
  enum class Fmt { MA, RI, DB } fmt = Fmt::MA;
  bool have_option = false;
  const std::size_t nn = std::size_t{num_ports} * num_ports;
  const std::size_t per_point = 1 + 2 * nn;
  std::vector<double> rec;
  rec.reserve(per_point);
  std::size_t rec_line = 0;  // line where the current record started

  auto finish_record = [&](std::size_t line) {
    const double f = rec[0] * funit;
    if (!(f >= 0) || !std::isfinite(f)) fail(name, line, "frequency must be a finite number >= 0");
    if (!sp.freq_hz.empty() && !(f > sp.freq_hz.back()))
      fail(name, line, "frequencies must be strictly increasing (got " + std::to_string(f) +
                           " Hz after " + std::to_string(sp.freq_hz.back()) + " Hz)");
    sp.freq_hz.push_back(f);
    const std::size_t base = sp.s.size();
    sp.s.resize(base + nn);
    for (std::size_t p = 0; p < nn; ++p) {
      const double a = rec[1 + 2 * p], b = rec[2 + 2 * p];
      std::complex<double> v;
      switch (fmt) {
        case Fmt::RI: v = {a, b}; break;
        case Fmt::MA: v = std::polar(a, b * std::numbers::pi / 180.0); break;
        case Fmt::DB: v = std::polar(std::pow(10.0, a / 20.0), b * std::numbers::pi / 180.0); break;
      }
      std::size_t idx = p;
      if (num_ports == 2) {  // 1.x two-port order: S11 S21 S12 S22
        static constexpr std::size_t kMap[4] = {0, 2, 1, 3};
        idx = kMap[p];
      }
      sp.s[base + idx] = v;
    }
    rec.clear();
  };

  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (const auto c = line.find('!'); c != std::string_view::npos) line = line.substr(0, c);
    const auto toks = split_ws(line);
    if (toks.empty()) {
      if (eol == text.size()) break;
      continue;
    }
    if (toks[0][0] == '[')
      fail(name, line_no, "Touchstone 2.0 keyword '" + std::string(toks[0]) +
                              "' is not supported (expected a Touchstone 1.x file)");
    if (toks[0][0] == '#') {
      if (have_option) fail(name, line_no, "second option line (expected exactly one '#' line)");
      if (!sp.freq_hz.empty() || !rec.empty())
        fail(name, line_no, "option line after data (expected it before the first frequency)");
      have_option = true;
      std::vector<std::string> opts;
      if (toks[0].size() > 1) opts.push_back(lower(toks[0].substr(1)));
      for (std::size_t i = 1; i < toks.size(); ++i) opts.push_back(lower(toks[i]));
      for (std::size_t i = 0; i < opts.size(); ++i) {
        const auto& o = opts[i];
        if (o == "hz") funit = 1;
        else if (o == "khz") funit = 1e3;
        else if (o == "mhz") funit = 1e6;
        else if (o == "ghz") funit = 1e9;
        else if (o == "s") {}
        else if (o == "y" || o == "z" || o == "g" || o == "h")
          fail(name, line_no, "parameter type '" + o + "' is not supported (expected S)");
        else if (o == "ma") fmt = Fmt::MA;
        else if (o == "ri") fmt = Fmt::RI;
        else if (o == "db") fmt = Fmt::DB;
        else if (o == "r") {
          if (i + 1 >= opts.size()) fail(name, line_no, "'R' must be followed by the reference impedance in ohm");
          const std::string& v = opts[++i];
          double z = 0;
          auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), z);
          if (ec != std::errc() || p != v.data() + v.size() || !(z > 0))
            fail(name, line_no, "reference impedance '" + v + "' is not a positive number");
          sp.z0_ohm = z;
        } else
          fail(name, line_no, "unknown option '" + o +
                                  "' (expected Hz|kHz|MHz|GHz, S, MA|RI|DB, R <ohm>)");
      }
      continue;
    }
    for (std::size_t t = 0; t < toks.size(); ++t) {
      const auto tok = toks[t];
      double v = 0;
      auto [p, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), v);
      if (ec != std::errc() || p != tok.data() + tok.size())
        fail(name, line_no, "token " + std::to_string(t + 1) + " '" + std::string(tok) +
                                "' is not a number (expected frequency and " +
                                std::to_string(nn) + " complex S-parameter pairs per point)");
      if (rec.empty()) {
        rec_line = line_no;
        if (t != 0)
          fail(name, line_no, "a frequency point must start on a new line (expected " +
                                  std::to_string(per_point) + " numbers per point)");
      }
      rec.push_back(v);
      if (rec.size() == per_point) {
        finish_record(line_no);
        if (t + 1 != toks.size())
          fail(name, line_no, "extra numbers after the last S-parameter of a point (expected " +
                                  std::to_string(per_point) + " numbers per point)");
      }
    }
    if (eol == text.size()) break;
  }
  if (!rec.empty())
    fail(name, rec_line, "truncated frequency point: got " + std::to_string(rec.size()) +
                             " numbers, expected " + std::to_string(per_point) +
                             " (frequency + " + std::to_string(nn) + " complex pairs)");
  if (sp.freq_hz.empty()) fail(name, line_no, "no frequency points found (expected data lines)");
  return sp;
}

SParams read_touchstone(const std::filesystem::path& path) {
  const std::string name = path.string();
  const std::string ext = lower(path.extension().string());
  unsigned n = 0;
  if (ext.size() >= 4 && ext[1] == 's' && ext.back() == 'p') {
    const std::string num = ext.substr(2, ext.size() - 3);
    auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), n);
    if (ec != std::errc() || p != num.data() + num.size()) n = 0;
  }
  if (n == 0) throw TouchstoneError(name + ": extension must be .sNp (e.g. .s2p, .s4p)");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw TouchstoneError(name + ": cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_touchstone(ss.str(), n, name);
}

}  // namespace halo::sim

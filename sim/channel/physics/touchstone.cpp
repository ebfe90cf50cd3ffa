// Touchstone 1.x reader. See halo/sim/touchstone.hpp.
#include "halo/sim/touchstone.hpp"

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <numbers>
#include <sstream>

namespace halo::sim {
namespace {

constexpr std::size_t kExcerptChars = 24;  // of a bad token quoted in a message
constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;

std::string lower(std::string_view s) {
  std::string r(s);
  for (auto& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r;
}

// At most kExcerptChars of a token, non-printable bytes as '?', with its full length if cut.
std::string excerpt(std::string_view tok) {
  std::string r;
  for (std::size_t i = 0; i < tok.size() && i < kExcerptChars; ++i) {
    const auto c = static_cast<unsigned char>(tok[i]);
    r += std::isprint(c) ? static_cast<char>(c) : '?';
  }
  if (tok.size() > kExcerptChars) r += "... (" + std::to_string(tok.size()) + " characters)";
  return r;
}

std::string hz(double f) {
  char b[32];
  std::snprintf(b, sizeof b, "%.6g", f);
  return b;
}

[[noreturn]] void fail(const std::string& name, std::size_t line, const std::string& what) {
  std::ostringstream os;
  os << name << ":" << line << ": " << what;
  throw TouchstoneError(os.str());
}

// Line-by-line parser: memory is the parsed data plus one line, whatever the file size.
class Parser {
 public:
  Parser(unsigned num_ports, const std::string& name)
      : name_(name), nn_(std::size_t{num_ports} * num_ports), per_point_(1 + 2 * nn_) {
    if (num_ports == 0 || num_ports > 64)
      throw TouchstoneError(name + ": number of ports must be 1..64, got " + std::to_string(num_ports));
    sp_.num_ports = num_ports;
    sp_.source = name;
    rec_.reserve(per_point_);
  }

  void line(std::string_view text) {
    ++line_no_;
    if (const auto c = text.find('!'); c != std::string_view::npos) text = text.substr(0, c);
    tokens(text);
    if (toks_.empty()) return;
    if (toks_[0][0] == '[')
      fail(name_, line_no_, "Touchstone 2.0 keyword '" + excerpt(toks_[0]) +
                                "' is not supported (expected a Touchstone 1.x file)");
    if (toks_[0][0] == '#') return option_line();
    for (std::size_t t = 0; t < toks_.size(); ++t) number(t);
  }

  SParams finish() {
    if (!rec_.empty())
      fail(name_, rec_line_, "truncated frequency point: got " + std::to_string(rec_.size()) +
                                 " numbers, expected " + std::to_string(per_point_) + " (frequency + " +
                                 std::to_string(nn_) + " complex pairs)");
    if (sp_.freq_hz.empty()) fail(name_, line_no_, "no frequency points found (expected data lines)");
    sp_.s.assign(s_.begin(), s_.end());
    s_.clear();
    sp_.freq_hz.shrink_to_fit();
    return std::move(sp_);
  }

  [[nodiscard]] std::size_t line_no() const { return line_no_; }

 private:
  enum class Fmt { MA, RI, DB };

  void tokens(std::string_view s) {
    toks_.clear();
    std::size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
      const std::size_t b = i;
      while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
      if (i > b) toks_.push_back(s.substr(b, i - b));
    }
  }

  void option_line() {
    if (have_option_) fail(name_, line_no_, "second option line (expected exactly one '#' line)");
    if (!sp_.freq_hz.empty() || !rec_.empty())
      fail(name_, line_no_, "option line after data (expected it before the first frequency)");
    have_option_ = true;
    std::vector<std::string> opts;
    if (toks_[0].size() > 1) opts.push_back(lower(toks_[0].substr(1)));
    for (std::size_t i = 1; i < toks_.size(); ++i) opts.push_back(lower(toks_[i]));
    for (std::size_t i = 0; i < opts.size(); ++i) {
      const auto& o = opts[i];
      if (o == "hz") funit_ = 1;
      else if (o == "khz") funit_ = 1e3;
      else if (o == "mhz") funit_ = 1e6;
      else if (o == "ghz") funit_ = 1e9;
      else if (o == "s") {}
      else if (o == "y" || o == "z" || o == "g" || o == "h")
        fail(name_, line_no_, "parameter type '" + o + "' is not supported (expected S)");
      else if (o == "ma") fmt_ = Fmt::MA;
      else if (o == "ri") fmt_ = Fmt::RI;
      else if (o == "db") fmt_ = Fmt::DB;
      else if (o == "r") {
        if (i + 1 >= opts.size()) fail(name_, line_no_, "'R' must be followed by the reference impedance in ohm");
        const std::string& v = opts[++i];
        double z = 0;
        auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), z);
        if (ec != std::errc() || p != v.data() + v.size() || !(z > 0) || !std::isfinite(z))
          fail(name_, line_no_, "reference impedance '" + excerpt(v) + "' is not a finite positive number");
        sp_.z0_ohm = z;
      } else
        fail(name_, line_no_, "unknown option '" + excerpt(o) + "' (expected Hz|kHz|MHz|GHz, S, MA|RI|DB, R <ohm>)");
    }
  }

  void number(std::size_t t) {
    const auto tok = toks_[t];
    double v = 0;
    auto [p, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), v);
    const std::string expect = " (expected frequency and " + std::to_string(nn_) + " complex S-parameter pairs per point)";
    if (ec != std::errc() || p != tok.data() + tok.size())
      fail(name_, line_no_, "token " + std::to_string(t + 1) + " '" + excerpt(tok) + "' is not a number" + expect);
    if (!std::isfinite(v))
      fail(name_, line_no_, "token " + std::to_string(t + 1) + " '" + excerpt(tok) + "' is not a finite number" + expect);
    if (rec_.empty()) {
      rec_line_ = line_no_;
      if (t != 0)
        fail(name_, line_no_, "a frequency point must start on a new line (expected " +
                                  std::to_string(per_point_) + " numbers per point)");
    }
    rec_.push_back(v);
    if (rec_.size() == per_point_) {
      finish_record();
      if (t + 1 != toks_.size())
        fail(name_, line_no_, "extra numbers after the last S-parameter of a point (expected " +
                                  std::to_string(per_point_) + " numbers per point)");
    }
  }

  void finish_record() {
    const double f = rec_[0] * funit_;
    if (!(f >= 0) || !std::isfinite(f)) fail(name_, line_no_, "frequency must be a finite number >= 0");
    if (!sp_.freq_hz.empty() && !(f > sp_.freq_hz.back()))
      fail(name_, line_no_, "frequencies must be strictly increasing (got " + hz(f) + " Hz after " +
                                hz(sp_.freq_hz.back()) + " Hz)");
    sp_.freq_hz.push_back(f);
    const std::size_t base = s_.size();
    s_.resize(base + nn_);
    for (std::size_t p = 0; p < nn_; ++p) {
      const double a = rec_[1 + 2 * p], b = rec_[2 + 2 * p];
      std::complex<double> v;
      switch (fmt_) {
        case Fmt::RI: v = {a, b}; break;
        case Fmt::MA: v = std::polar(a, b * std::numbers::pi / 180.0); break;
        case Fmt::DB: v = std::polar(std::pow(10.0, a / 20.0), b * std::numbers::pi / 180.0); break;
      }
      if (!std::isfinite(v.real()) || !std::isfinite(v.imag()))
        fail(name_, line_no_, "S-parameter pair " + std::to_string(p + 1) + " at " + hz(f) +
                                  " Hz is not finite after conversion (values " + hz(a) + ", " + hz(b) + ")");
      std::size_t idx = p;
      if (nn_ == 4) {  // 1.x two-port order: S11 S21 S12 S22
        static constexpr std::size_t kMap[4] = {0, 2, 1, 3};
        idx = kMap[p];
      }
      s_[base + idx] = v;
    }
    rec_.clear();
  }

  std::string name_;
  std::size_t nn_, per_point_;
  SParams sp_;
  std::deque<std::complex<double>> s_;  // grows without reallocating (copied once at the end)
  double funit_ = 1e9;
  Fmt fmt_ = Fmt::MA;
  bool have_option_ = false;
  std::vector<double> rec_;
  std::size_t rec_line_ = 0;  // line where the current record started
  std::size_t line_no_ = 0;
  std::vector<std::string_view> toks_;
};

}  // namespace

SParams parse_touchstone(std::string_view text, unsigned num_ports, const std::string& name) {
  Parser p(num_ports, name);
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    p.line(text.substr(pos, eol - pos));
    pos = eol + 1;
  }
  return p.finish();
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
  if (!in) throw TouchstoneError(name + ": cannot open file: " + std::strerror(errno));
  Parser parser(n, name);
  std::string line;
  std::vector<char> buf(1 << 16);
  bool too_long = false;
  auto flush = [&] {
    if (too_long) fail(name, parser.line_no() + 1, "line longer than " + std::to_string(kMaxLineBytes) + " bytes");
    parser.line(line);
    line.clear();
  };
  while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0) {
    const std::string_view chunk(buf.data(), static_cast<std::size_t>(in.gcount()));
    std::size_t pos = 0;
    while (pos < chunk.size()) {
      const std::size_t eol = chunk.find('\n', pos);
      const std::size_t end = eol == std::string_view::npos ? chunk.size() : eol;
      if (line.size() + (end - pos) > kMaxLineBytes) too_long = true;
      else line.append(chunk.substr(pos, end - pos));
      if (eol == std::string_view::npos) break;
      flush();
      pos = eol + 1;
    }
  }
  if (in.bad()) throw TouchstoneError(name + ": read error after line " + std::to_string(parser.line_no()));
  if (!line.empty() || too_long) flush();
  return parser.finish();
}

void require_coverage(const SParams& sp, double symbol_rate_hz) {
  const double nyquist = symbol_rate_hz / 2;
  if (sp.freq_hz.empty() || sp.freq_hz.back() < nyquist)
    throw TouchstoneError(sp.source + ": data end at " + hz(sp.freq_hz.empty() ? 0 : sp.freq_hz.back() / 1e9) +
                          " GHz, below the Nyquist frequency " + hz(nyquist / 1e9) + " GHz of the symbol rate " +
                          hz(symbol_rate_hz / 1e9) +
                          " GBd (the channel must be characterised up to at least half the symbol rate)");
}

}  // namespace halo::sim

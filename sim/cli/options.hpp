// Typed, range-checked command-line options for every `halolink` command, on
// Boost.Program_options. A value type carries its range in its type, e.g.
//   desc.add_options()("symbols", po::value<Count<1, 1000000000000>>(), "symbols to simulate");
//   const std::uint64_t n = get<Count<1, 1000000000000>>(vm, "symbols");
// and a value outside it is a usage error naming the option, the expectation and what was
// found: "option '--symbols': expected an integer in 1..1000000000000, found '-1'".
// Integers accept decimal digits (and a leading '-' where the range is signed) or a whole
// number in real notation ("4e6"): no fraction, NaN, wrap-around or overflow. Reals must be
// finite.
#pragma once

#include <boost/any.hpp>
#include <boost/program_options.hpp>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "commands.hpp"

namespace halo::cli {

namespace po = boost::program_options;

/// An unsigned integer in [Lo, Hi].
template <std::uint64_t Lo, std::uint64_t Hi>
struct Count {
  std::uint64_t value = Lo;
  static std::string describe() { return "an integer in " + std::to_string(Lo) + ".." + std::to_string(Hi); }
};

/// A signed integer in [Lo, Hi].
template <std::int64_t Lo, std::int64_t Hi>
struct Integer {
  std::int64_t value = Lo;
  static std::string describe() { return "an integer in " + std::to_string(Lo) + ".." + std::to_string(Hi); }
};

/// Which ends of a Real's interval belong to it.
enum class Ends { closed, open_low, open_high };

/// A finite real in [Lo, Hi], (Lo, Hi] or [Lo, Hi). The ends are whole numbers (template
/// arguments of type double are C++20 but not in Clang 14, which builds the sanitizer job).
template <std::int64_t Lo, std::int64_t Hi, Ends E = Ends::closed>
struct Real {
  static constexpr double kLo = static_cast<double>(Lo), kHi = static_cast<double>(Hi);
  double value = kLo;
  static bool contains(double x) {
    return std::isfinite(x) && (E == Ends::open_low ? x > kLo : x >= kLo) && (E == Ends::open_high ? x < kHi : x <= kHi);
  }
  static std::string describe() {
    char b[96];
    std::snprintf(b, sizeof b, "a number in %c%g, %g%c", E == Ends::open_low ? '(' : '[', kLo, kHi,
                  E == Ends::open_high ? ')' : ']');
    return b;
  }
};

/// Thrown from the validators below; store() adds the option name (see parse_options).
[[noreturn]] void bad_value(const std::string& expected, const std::string& found);

/// A typed option value shown as `name` in --help: arg<Count<1, 9>>("N").
template <class T>
po::typed_value<T>* arg(const char* name) {
  return po::value<T>()->value_name(name);
}

/// The value of option `name` of value type T (which must be present or defaulted).
template <class T>
auto get(const po::variables_map& vm, const char* name) {
  return vm[name].as<T>().value;
}

/// Help text with the accepted range appended: help<Count<1, 9>>("windows").
template <class T>
std::string help(std::string_view text) {
  return std::string(text) + " (" + T::describe() + ")";
}

/// Parses `args` against `desc`. With --help/-h (declare "help,h" in desc) prints `usage`
/// and `desc` to stdout and throws HelpShown. A non-empty `file_arg` (e.g. "CONFIG.yaml")
/// declares one required positional argument, read back as vm["file"]. Any parser error,
/// a missing file argument included, is a UsageError ending in "(see `see` --help)".
/// Options must be spelled in full. A non-empty `epilog` (e.g. the config sections the
/// command reads) is printed after the options with --help.
po::variables_map parse_options(const Args& args, const po::options_description& desc, std::string_view usage,
                                std::string_view see, std::string_view file_arg = {}, std::string_view epilog = {});

namespace detail {
double parse_real(const std::string& s, const std::string& expected);

/// Decimal digits (with '-' for a signed N), or a whole number written as a real up to
/// 2^53 ("4e6", as the former hand-rolled parser took it); then the range check.
template <class N>
N parse_integer(const std::string& s, N lo, N hi, const std::string& expected) {
  N x{};
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
  if (ec == std::errc() && end == s.data() + s.size()) {
    if (x < lo || x > hi) bad_value(expected, s);
    return x;
  }
  const double r = parse_real(s, expected);
  if (r != std::floor(r) || std::fabs(r) > 9007199254740992.0 || r < static_cast<double>(lo) ||
      r > static_cast<double>(hi))
    bad_value(expected, s);
  return static_cast<N>(r);
}
}  // namespace detail

// Boost.Program_options validators, found by argument-dependent lookup.
template <std::uint64_t Lo, std::uint64_t Hi>
void validate(boost::any& v, const std::vector<std::string>& values, Count<Lo, Hi>*, int) {
  po::validators::check_first_occurrence(v);
  using T = Count<Lo, Hi>;
  v = T{detail::parse_integer<std::uint64_t>(po::validators::get_single_string(values), Lo, Hi, T::describe())};
}
template <std::int64_t Lo, std::int64_t Hi>
void validate(boost::any& v, const std::vector<std::string>& values, Integer<Lo, Hi>*, int) {
  po::validators::check_first_occurrence(v);
  using T = Integer<Lo, Hi>;
  v = T{detail::parse_integer<std::int64_t>(po::validators::get_single_string(values), Lo, Hi, T::describe())};
}
template <std::int64_t Lo, std::int64_t Hi, Ends E>
void validate(boost::any& v, const std::vector<std::string>& values, Real<Lo, Hi, E>*, int) {
  po::validators::check_first_occurrence(v);
  using T = Real<Lo, Hi, E>;
  const std::string& s = po::validators::get_single_string(values);
  const double x = detail::parse_real(s, T::describe());
  if (!T::contains(x)) bad_value(T::describe(), s);
  v = T{x};
}

// For default values in --help.
template <std::uint64_t Lo, std::uint64_t Hi>
std::ostream& operator<<(std::ostream& os, const Count<Lo, Hi>& c) { return os << c.value; }
template <std::int64_t Lo, std::int64_t Hi>
std::ostream& operator<<(std::ostream& os, const Integer<Lo, Hi>& c) { return os << c.value; }
template <std::int64_t Lo, std::int64_t Hi, Ends E>
std::ostream& operator<<(std::ostream& os, const Real<Lo, Hi, E>& c) { return os << c.value; }

}  // namespace halo::cli

#include "options.hpp"

#include <iostream>
#include <sstream>

namespace halo::cli {

namespace {

/// "option '--x': expected E, found 'V'": store() fills in the option name; the value is
/// put in afterwards so that a '%' in it is never taken for one of Boost's placeholders.
class BadValue : public po::error_with_option_name {
 public:
  BadValue(const std::string& expected, const std::string& found)
      : po::error_with_option_name("option '%canonical_option%': expected " + expected + ", found '\x01'"),
        found_(found.size() > 64 ? found.substr(0, 64) + "..." : found) {}
  const char* what() const noexcept override {
    message_ = po::error_with_option_name::what();
    if (const auto at = message_.find('\x01'); at != std::string::npos) message_.replace(at, 1, found_);
    return message_.c_str();
  }

 private:
  std::string found_;
  mutable std::string message_;
};

}  // namespace

void bad_value(const std::string& expected, const std::string& found) { throw BadValue(expected, found); }

namespace detail {

double parse_real(const std::string& s, const std::string& expected) {
  double x = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(x)) bad_value(expected, s);
  return x;
}

}  // namespace detail

po::variables_map parse_options(const Args& args, const po::options_description& desc, std::string_view usage,
                                std::string_view see, std::string_view file_arg, std::string_view epilog) {
  po::options_description all;
  all.add(desc);
  po::positional_options_description positional;
  if (!file_arg.empty()) {
    all.add_options()("file", po::value<std::string>(), "");
    positional.add("file", 1);
  }
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args)
                  .options(all)
                  .positional(positional)
                  .style(po::command_line_style::default_style & ~po::command_line_style::allow_guessing)
                  .run(),
              vm);
    if (vm.count("help")) {
      std::ostringstream os;
      os << desc;
      std::string text = os.str();
      if (text.empty() || text.back() != '\n') text += '\n';  // Boost omits it after a wrapped line
      std::cout << usage << (usage.ends_with('\n') ? "\n" : "\n\n") << text;
      if (!epilog.empty()) std::cout << '\n' << epilog;
      throw HelpShown{};
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()) + " (see " + std::string(see) + " --help)");
  }
  if (!file_arg.empty() && !vm.count("file"))
    throw UsageError(std::string(file_arg) + " is required (see " + std::string(see) + " --help)");
  return vm;
}

}  // namespace halo::cli

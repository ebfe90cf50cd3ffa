// Internal: YAML field readers shared by the link simulator's config loaders. Every error
// names the file and the field path ("FILE: field.path: expectation").
#pragma once

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "halo/sim/link_config.hpp"

namespace halo::sim::detail {

struct Ctx {
  std::string name;
  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    throw ConfigError(name + ": " + field + ": " + what);
  }
};

/// Parses YAML text; a syntax error becomes ConfigError("NAME:LINE: YAML syntax error: ...").
inline YAML::Node load_yaml(const std::string& text, const std::string& name) {
  try {
    return YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw ConfigError(name + ":" + std::to_string(e.mark.line + 1) + ": YAML syntax error: " + e.msg);
  }
}

/// Whole file as text; ConfigError("FILE: cannot open file") when unreadable.
inline std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw ConfigError(file.string() + ": cannot open file");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string join(const std::string& a, const std::string& b) { return a.empty() ? b : a + "." + b; }

inline void check_keys(const Ctx& c, const YAML::Node& n, const std::string& path, const std::set<std::string>& allowed) {
  if (!n.IsMap()) c.fail(path.empty() ? "(top level)" : path, "expected a mapping");
  for (const auto& kv : n) {
    const auto k = kv.first.as<std::string>();
    if (!allowed.count(k)) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      c.fail(join(path, k), "unknown field (expected one of: " + list + ")");
    }
  }
}

inline double get_num(const Ctx& c, const YAML::Node& n, const std::string& key, const std::string& path, double def) {
  const auto v = n[key];
  if (!v) return def;
  try {
    const double x = v.as<double>();
    if (!std::isfinite(x)) throw YAML::Exception(YAML::Mark(), "nan");
    return x;
  } catch (const YAML::Exception&) {
    c.fail(join(path, key), "expected a number, got '" + (v.IsScalar() ? v.Scalar() : std::string("non-scalar")) + "'");
  }
}

inline double get_num_range(const Ctx& c, const YAML::Node& n, const std::string& key, const std::string& path,
                     double def, double lo, double hi) {
  const double x = get_num(c, n, key, path, def);
  if (x < lo || x > hi) {
    std::ostringstream os;
    os << "expected a number in [" << lo << ", " << hi << "], got " << x;
    c.fail(join(path, key), os.str());
  }
  return x;
}

inline unsigned long get_uint(const Ctx& c, const YAML::Node& n, const std::string& key, const std::string& path,
                       unsigned long def, unsigned long lo, unsigned long hi) {
  const auto v = n[key];
  if (!v) return def;
  long long x = 0;
  try {
    x = v.as<long long>();
  } catch (const YAML::Exception&) {
    c.fail(join(path, key), "expected an integer, got '" + (v.IsScalar() ? v.Scalar() : std::string("non-scalar")) + "'");
  }
  if (x < static_cast<long long>(lo) || x > static_cast<long long>(hi))
    c.fail(join(path, key), "expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) +
                                "], got " + std::to_string(x));
  return static_cast<unsigned long>(x);
}

inline bool get_bool(const Ctx& c, const YAML::Node& n, const std::string& key, const std::string& path, bool def) {
  const auto v = n[key];
  if (!v) return def;
  try {
    return v.as<bool>();
  } catch (const YAML::Exception&) {
    c.fail(join(path, key), "expected true or false, got '" + (v.IsScalar() ? v.Scalar() : std::string("non-scalar")) + "'");
  }
}

inline std::string get_str(const Ctx& c, const YAML::Node& n, const std::string& key, const std::string& path,
                    const std::string& def, const std::set<std::string>& choices = {}) {
  const auto v = n[key];
  if (!v) return def;
  if (!v.IsScalar()) c.fail(join(path, key), "expected a string");
  const std::string s = v.Scalar();
  if (!choices.empty() && !choices.count(s)) {
    std::string list;
    for (const auto& a : choices) list += (list.empty() ? "" : " | ") + a;
    c.fail(join(path, key), "expected one of " + list + ", got '" + s + "'");
  }
  return s;
}

inline std::vector<double> get_list(const Ctx& c, const YAML::Node& n, const std::string& key, const std::string& path) {
  const auto v = n[key];
  std::vector<double> out;
  if (!v) return out;
  if (!v.IsSequence()) c.fail(join(path, key), "expected a list of numbers");
  for (std::size_t i = 0; i < v.size(); ++i) {
    try {
      out.push_back(v[i].as<double>());
    } catch (const YAML::Exception&) {
      c.fail(join(path, key) + "[" + std::to_string(i) + "]", "expected a number");
    }
  }
  return out;
}

}  // namespace halo::sim::detail

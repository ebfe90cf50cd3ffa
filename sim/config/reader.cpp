// The schema-checked YAML reader (halo/config/config.hpp).
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "halo/config/config.hpp"

namespace halo::config {

struct Document::State {
  std::string file;
  std::filesystem::path base;
  YAML::Node root;
  const Section* schema = nullptr;
  std::map<std::string, int> lines;  // key path -> 1-based line of the key
};

namespace {

std::string join(const std::string& path, std::string_view key) {
  if (key.empty()) return path;
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

int line_of(const YAML::Node& n) { return n.Mark().line >= 0 ? n.Mark().line + 1 : 1; }

/// What a value is, for "found ..." (a short excerpt of a scalar, never the whole input).
std::string describe(const YAML::Node& n) {
  if (!n.IsDefined() || n.IsNull()) return "null";
  if (n.IsSequence()) return "a list";
  if (n.IsMap()) return "a mapping";
  std::string s = n.Scalar();
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  for (char& c : s)
    if (static_cast<unsigned char>(c) < 0x20) c = '?';
  return "`" + s + "`";
}

bool to_double(const YAML::Node& n, double& x) {
  if (!n.IsScalar()) return false;
  try {
    x = n.as<double>();
  } catch (const YAML::Exception&) {
    return false;
  }
  return true;
}

bool to_int(const YAML::Node& n, long long& x) {
  if (!n.IsScalar()) return false;
  try {
    x = n.as<long long>();
    return true;
  } catch (const YAML::Exception&) {
  }
  double d = 0;
  if (!to_double(n, d) || !std::isfinite(d) || d != std::floor(d) || std::fabs(d) >= 9.2e18) return false;
  x = static_cast<long long>(d);
  return true;
}

std::string known_keys(const Section& s) {
  std::string k;
  for (const auto& f : s.fields) k += (k.empty() ? "" : ", ") + f.key;
  return k;
}

class Checker {
 public:
  explicit Checker(Document::State& st) : st_(st) {}

  [[noreturn]] void fail(int line, const std::string& path, const std::string& expected, const std::string& found,
                         const std::string& note = {}) const {
    throw ConfigError(st_.file, line, path.empty() ? "(top level)" : path, expected, found, note);
  }

  void map(const YAML::Node& y, const Section& s, const std::string& path, int line) {
    if (!y.IsMap())
      fail(line, path, "a mapping (" + (s.name.empty() ? std::string("section") : s.name) + ")", describe(y));
    std::map<std::string, int> seen;
    for (const auto& kv : y) {
      const int kl = line_of(kv.first);
      if (!kv.first.IsScalar()) fail(kl, path, "plain text keys", describe(kv.first) + " as a key");
      const std::string k = kv.first.Scalar();
      const std::string kp = join(path, k);
      if (const auto it = seen.find(k); it != seen.end())
        fail(kl, kp, "each key once", "it again", "duplicate key (first on line " + std::to_string(it->second) + ")");
      seen[k] = kl;
      st_.lines[kp] = kl;
      const Field* f = s.find(k);
      if (!f) {
        std::vector<std::string> known;
        for (const auto& g : s.fields) known.push_back(g.key);
        const std::string near = closest_key(k, known);
        fail(kl, kp, "one of: " + known_keys(s), "`" + k + "`",
             "unknown key" + (near.empty() ? "" : "; did you mean `" + near + "`?") + " (known keys: " +
                 known_keys(s) + ")");
      }
      value(kv.second, *f, kp, kl);
    }
    for (const auto& f : s.fields)
        if (f.required && !seen.count(f.key))
          fail(line, join(path, f.key), f.expectation() + " (required key)", "no `" + f.key + "` key");
  }

 private:
  void number(const YAML::Node& y, const Field& f, const std::string& path, int line) const {
    double x = 0;
    if (!to_double(y, x)) fail(line, path, f.expectation(), describe(y));
    if (!std::isfinite(x)) fail(line, path, f.expectation(), describe(y) + " (not finite)");
    if (!f.in_range(x)) fail(line, path, f.expectation(), fmt_number(x));
  }

  void value(const YAML::Node& y, const Field& f, const std::string& path, int line) {
    if (y.IsNull())
      fail(line, path, f.expectation(),
           "null" + (f.has_default ? " (leave the key out for the default " + f.default_text() + ")" : std::string()));
    switch (f.type) {
      case Type::kNumber:
        number(y, f, path, line);
        break;
      case Type::kInteger: {
        long long x = 0;
        if (!to_int(y, x)) fail(line, path, f.expectation(), describe(y));
        if (!f.in_range(static_cast<double>(x))) fail(line, path, f.expectation(), std::to_string(x));
        break;
      }
      case Type::kBool:
        try {
          (void)y.as<bool>();
        } catch (const YAML::Exception&) {
          fail(line, path, f.expectation(), describe(y));
        }
        break;
      case Type::kString:
      case Type::kPath:
        if (!y.IsScalar()) fail(line, path, f.expectation(), describe(y));
        if (f.type == Type::kPath && y.Scalar().empty()) fail(line, path, f.expectation(), "an empty text");
        break;
      case Type::kChoice:
        if (!y.IsScalar() || std::find(f.choices.begin(), f.choices.end(), y.Scalar()) == f.choices.end())
          fail(line, path, f.expectation(), describe(y));
        break;
      case Type::kPortMap:
        ports(y, f, path, line);
        break;
      case Type::kNumberList: {
        if (!y.IsSequence()) fail(line, path, f.expectation(), describe(y));
        if (y.size() < f.list_min || y.size() > f.list_max)
          fail(line, path, f.expectation(), std::to_string(y.size()) + " entries");
        for (std::size_t i = 0; i < y.size(); ++i) {
          const std::string p = path + "[" + std::to_string(i) + "]";
          st_.lines[p] = line_of(y[i]);
          number(y[i], f, p, line_of(y[i]));
        }
        break;
      }
      case Type::kSection:
        map(y, *f.section, path, line);
        break;
      case Type::kSectionMap: {  // free keys (f.key_ok), each value a mapping of f.section
        if (!y.IsMap()) fail(line, path, f.expectation(), describe(y));
        std::map<std::string, int> seen;
        for (const auto& kv : y) {
          const int kl = line_of(kv.first);
          if (!kv.first.IsScalar()) fail(kl, path, "plain text keys", describe(kv.first) + " as a key");
          const std::string k = kv.first.Scalar(), kp = join(path, k);
          if (const auto it = seen.find(k); it != seen.end())
            fail(kl, kp, "each key once", "it again", "duplicate key (first on line " + std::to_string(it->second) + ")");
          seen[k] = kl;
          st_.lines[kp] = kl;
          if (!f.key_ok(k)) fail(kl, kp, f.key_doc, "`" + k + "`", "unknown key; expected " + f.key_doc);
          map(kv.second, *f.section, kp, kl);
        }
        break;
      }
      case Type::kSectionList:
        if (!y.IsSequence()) fail(line, path, f.expectation(), describe(y));
        for (std::size_t i = 0; i < y.size(); ++i) {
          const std::string p = path + "[" + std::to_string(i) + "]";
          st_.lines[p] = line_of(y[i]);
          if (y[i].IsNull()) fail(line_of(y[i]), p, "a mapping (" + f.section->name + ")", "null");
          map(y[i], *f.section, p, line_of(y[i]));
        }
        break;
    }
  }

  void ports(const YAML::Node& y, const Field& f, const std::string& path, int line) const {
    if (y.IsScalar() && y.Scalar() == "auto") return;
    std::vector<std::string> parts;
    if (y.IsSequence()) {
      for (const auto& e : y) {
        if (!e.IsScalar()) fail(line, path, f.expectation(), describe(y));
        parts.push_back(e.Scalar());
      }
    } else if (y.IsScalar()) {
      std::stringstream ss(y.Scalar());
      for (std::string p; std::getline(ss, p, ',');) parts.push_back(p);
    } else {
      fail(line, path, f.expectation(), describe(y));
    }
    std::vector<long long> v;
    for (auto& p : parts) {
      p.erase(0, p.find_first_not_of(' '));
      p.erase(p.find_last_not_of(' ') + 1);
      long long x = 0;
      std::size_t used = 0;
      try {
        x = std::stoll(p, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || used != p.size() || x < 1 || x > 99) fail(line, path, f.expectation(), describe(y));
      v.push_back(x);
    }
    std::vector<long long> s = v;
    std::sort(s.begin(), s.end());
    if (v.size() != 4 || std::adjacent_find(s.begin(), s.end()) != s.end())
      fail(line, path, f.expectation(), y.IsScalar() ? describe(y) : "a list of " + std::to_string(v.size()));
  }

  Document::State& st_;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
ConfigError::ConfigError(std::string file, int line, std::string path, std::string expected, std::string found,
                         std::string note)
    : std::runtime_error(file + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " + path + ": " +
                         (note.empty() ? "expected " + expected + ", found " + found : note)),
      file_(std::move(file)),
      path_(std::move(path)),
      expected_(std::move(expected)),
      found_(std::move(found)),
      line_(line) {}

ConfigError::ConfigError(const std::string& message) : std::runtime_error(message) {}

std::string fmt_number(double x) {
  if (x == std::floor(x) && std::fabs(x) <= 9007199254740992.0 && std::fabs(x) >= 1e5) {
    std::ostringstream os;  // whole numbers exactly (1048576, not 1.048576e+06)
    os << static_cast<long long>(x);
    return os.str();
  }
  std::ostringstream os;
  os.precision(10);
  os << x;
  return os.str();
}

std::string closest_key(std::string_view key, const std::vector<std::string>& known) {
  // optimal-string-alignment distance (a swapped pair of letters counts 1)
  auto dist = [](std::string_view a, std::string_view b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
      for (std::size_t j = 1; j <= b.size(); ++j) {
        const std::size_t c = a[i - 1] == b[j - 1] ? 0 : 1;
        d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + c});
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    return d[a.size()][b.size()];
  };
  if (key.size() > 200) return "";
  std::string best;
  std::size_t bd = ~std::size_t{0};
  for (const auto& k : known) {
    const std::size_t d = dist(key, k);
    if (d < bd) bd = d, best = k;
  }
  const std::size_t limit = std::max<std::size_t>(2, std::max(key.size(), best.size()) / 3);
  return bd <= limit ? best : "";
}

// ---------------------------------------------------------------------------------------------
Document Document::parse(std::string_view text, const std::string& file, const Section& root,
                         const std::filesystem::path& base) {
  auto st = std::make_shared<State>();
  st->file = file;
  st->base = base;
  st->schema = &root;
  try {
    st->root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    throw ConfigError(file, e.mark.line >= 0 ? e.mark.line + 1 : 0, "(YAML syntax)", "valid YAML",
                      "a syntax error", "YAML syntax error: " + e.msg);
  }
  if (!st->root.IsDefined() || st->root.IsNull())
    throw ConfigError(file, 1, "(top level)", "a mapping of the sections below", "an empty document",
                      "empty document (expected a mapping: " + known_keys(root) + ")");
  Checker(*st).map(st->root, root, "", 1);
  Document d;
  d.s_ = std::move(st);
  return d;
}

Document Document::load(const std::filesystem::path& file, const Section& root) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    const int err = errno;
    throw ConfigError(file.string(), 0, "(file)", "a readable file", "cannot open",
                      std::string("cannot open file: ") + std::strerror(err));
  }
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw ConfigError(file.string(), 0, "(file)", "a readable file", "a read error", "read error");
  return parse(ss.str(), file.string(), root, file.parent_path());
}

Node Document::root() const {
  return Node(*this, std::make_shared<const YAML::Node>(s_->root), s_->schema, "", 1);
}

const std::string& Document::file() const { return s_->file; }
const std::filesystem::path& Document::base() const { return s_->base; }

int Document::line_of(const std::string& key_path) const {
  const auto it = s_->lines.find(key_path);
  return it == s_->lines.end() ? 0 : it->second;
}

void Document::fail(const std::string& key_path, const std::string& expected, const std::string& found) const {
  std::string p = key_path;
  int line = 0;
  while (!p.empty() && (line = line_of(p)) == 0) {  // the nearest present parent
    const auto cut = p.find_last_of(".[");
    p = cut == std::string::npos ? std::string() : p.substr(0, cut);
  }
  throw ConfigError(s_->file, line, key_path, expected, found);
}

// ---------------------------------------------------------------------------------------------
Node::Node(Document doc, std::shared_ptr<const YAML::Node> yaml, const Section* schema, std::string path, int line)
    : doc_(std::move(doc)), yaml_(std::move(yaml)), schema_(schema), path_(std::move(path)), line_(line) {}

bool Node::present() const { return yaml_ != nullptr; }

const Field& Node::field(std::string_view key, Type t) const {
  const Field* f = map_of_ ? nullptr : schema_->find(key);
  if (!f) throw std::logic_error("config schema '" + schema_->name + "' has no key '" + std::string(key) + "'");
  const bool ok = f->type == t || (t == Type::kNumber && f->type == Type::kInteger) ||
                  (t == Type::kSection && f->type == Type::kSectionMap) ||
                  (t == Type::kString && (f->type == Type::kChoice || f->type == Type::kPath));
  if (!ok) throw std::logic_error("config key '" + key_path(key) + "' read as the wrong type");
  return *f;
}

YAML::Node Node::value(std::string_view key) const {
  if (!yaml_) return YAML::Node(YAML::NodeType::Undefined);
  for (const auto& kv : *yaml_)
    if (kv.first.Scalar() == key) return kv.second;
  return YAML::Node(YAML::NodeType::Undefined);
}

bool Node::has(std::string_view key) const { return value(key).IsDefined(); }

namespace {
[[noreturn]] void no_default(const Node& n, std::string_view key) {
  throw std::logic_error("config key '" + n.key_path(key) + "' has no default; check has() first");
}
}  // namespace

double Node::num(std::string_view key) const {
  const Field& f = field(key, Type::kNumber);
  if (const auto v = value(key); v.IsDefined()) return v.as<double>();
  if (!f.has_default) no_default(*this, key);
  return f.def_num;
}
double Node::num_or(std::string_view key, double fallback) const {
  (void)field(key, Type::kNumber);
  const auto v = value(key);
  return v.IsDefined() ? v.as<double>() : fallback;
}
std::uint64_t Node::uint(std::string_view key) const {
  const Field& f = field(key, Type::kInteger);
  if (!has(key)) {
    if (!f.has_default) no_default(*this, key);
    return static_cast<std::uint64_t>(f.def_num);
  }
  return uint_or(key, 0);
}
std::uint64_t Node::uint_or(std::string_view key, std::uint64_t fallback) const {
  const Field& f = field(key, Type::kInteger);
  const auto v = value(key);
  if (!v.IsDefined()) return fallback;
  long long x = 0;
  to_int(v, x);
  if (x < 0) throw std::logic_error("config key '" + key_path(key) + "' read as unsigned with lo " + fmt_number(f.lo));
  return static_cast<std::uint64_t>(x);
}
bool Node::flag(std::string_view key) const {
  const Field& f = field(key, Type::kBool);
  if (const auto v = value(key); v.IsDefined()) return v.as<bool>();
  if (!f.has_default) no_default(*this, key);
  return f.def_num != 0;
}
bool Node::flag_or(std::string_view key, bool fallback) const {
  (void)field(key, Type::kBool);
  const auto v = value(key);
  return v.IsDefined() ? v.as<bool>() : fallback;
}
std::string Node::str(std::string_view key) const {
  const Field& f = field(key, Type::kString);
  if (const auto v = value(key); v.IsDefined()) return v.Scalar();
  if (!f.has_default) no_default(*this, key);
  return f.def_str;
}
std::string Node::str_or(std::string_view key, const std::string& fallback) const {
  (void)field(key, Type::kString);
  const auto v = value(key);
  return v.IsDefined() ? v.Scalar() : fallback;
}
std::vector<double> Node::list(std::string_view key) const {
  const Field& f = field(key, Type::kNumberList);
  if (!has(key)) {
    if (!f.has_default) no_default(*this, key);
    return f.def_list;
  }
  return list_or(key, {});
}
std::vector<double> Node::list_or(std::string_view key, std::vector<double> fallback) const {
  (void)field(key, Type::kNumberList);
  const auto v = value(key);
  if (!v.IsDefined()) return fallback;
  std::vector<double> out;
  for (const auto& e : v) out.push_back(e.as<double>());
  return out;
}
std::filesystem::path Node::file_path(std::string_view key) const {
  (void)field(key, Type::kPath);
  const auto v = value(key);
  if (!v.IsDefined()) no_default(*this, key);
  const std::filesystem::path p(v.Scalar());
  return p.is_absolute() ? p : doc_.base() / p;
}
std::string Node::ports(std::string_view key) const {
  (void)field(key, Type::kPortMap);
  const auto v = value(key);
  if (!v.IsDefined()) return "";
  if (v.IsSequence()) {
    std::string s;
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + v[i].Scalar();
    return s;
  }
  return v.Scalar() == "auto" ? "" : v.Scalar();
}
Node Node::sub(std::string_view key) const {
  const Field& f = field(key, Type::kSection);
  const auto v = value(key);
  const std::string p = key_path(key);
  Node n(doc_, v.IsDefined() ? std::make_shared<const YAML::Node>(v) : nullptr, f.section, p,
         v.IsDefined() ? line(key) : line_);
  n.map_of_ = f.type == Type::kSectionMap;
  return n;
}
std::vector<Node> Node::items(std::string_view key) const {
  const Field& f = field(key, Type::kSectionList);
  std::vector<Node> out;
  const auto v = value(key);
  if (!v.IsDefined()) return out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string p = key_path(key) + "[" + std::to_string(i) + "]";
    out.push_back(Node(doc_, std::make_shared<const YAML::Node>(v[i]), f.section, p, doc_.line_of(p)));
  }
  return out;
}
std::vector<std::string> Node::keys() const {
  std::vector<std::string> out;
  if (yaml_)
    for (const auto& kv : *yaml_) out.push_back(kv.first.Scalar());
  return out;
}
Node Node::entry(const std::string& key) const {
  const auto v = value(key);
  const Field* f = map_of_ ? nullptr : schema_->find(key);
  const Section* s = map_of_ ? schema_ : (f && f->type == Type::kSection ? f->section : nullptr);
  if (!s || !v.IsDefined()) throw std::logic_error("config: '" + key_path(key) + "' is not a present mapping");
  return Node(doc_, std::make_shared<const YAML::Node>(v), s, key_path(key), line(key));
}
std::string Node::key_path(std::string_view key) const { return join(path_, key); }
int Node::line(std::string_view key) const {
  if (key.empty()) return line_;
  const int l = doc_.line_of(key_path(key));
  return l ? l : line_;
}
void Node::fail(std::string_view key, const std::string& expected, const std::string& found) const {
  throw ConfigError(doc_.file(), line(key), key.empty() ? (path_.empty() ? "(top level)" : path_) : key_path(key),
                    expected, found);
}

}  // namespace halo::config

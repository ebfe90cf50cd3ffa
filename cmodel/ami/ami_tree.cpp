#include "ami_tree.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace halo::ami {
namespace {

struct Parser {
  std::string_view s;
  std::size_t i = 0;
  std::string& err;

  static bool space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
  void skip() {
    while (i < s.size() && space(s[i])) ++i;
  }
  std::string found() const {
    if (i >= s.size()) return "end of input";
    const char c = s[i];
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e)
      return "byte 0x" + std::string(1, "0123456789abcdef"[(static_cast<unsigned char>(c) >> 4) & 15]) +
             std::string(1, "0123456789abcdef"[static_cast<unsigned char>(c) & 15]);
    return std::string("'") + c + "'";
  }
  bool fail(const std::string& expected, const std::string& path) {
    err = "AMI parameters: at byte " + std::to_string(i) + (path.empty() ? "" : " in " + path) +
          ": expected " + expected + ", found " + found();
    return false;
  }
  bool token(std::string& out, const std::string& path) {
    out.clear();
    if (i < s.size() && s[i] == '"') {
      const std::size_t start = i++;
      while (i < s.size() && s[i] != '"') out.push_back(s[i++]);
      if (i >= s.size()) {
        i = start;
        return fail("a closing '\"' for the string starting here", path);
      }
      ++i;
      return true;
    }
    while (i < s.size() && !space(s[i]) && s[i] != '(' && s[i] != ')' && s[i] != '"') {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c < 0x21 || c > 0x7e) return fail("a printable ASCII token character", path);
      out.push_back(s[i++]);
    }
    if (out.empty()) return fail("a token", path);
    return true;
  }
  bool tree(Node& n, int depth, const std::string& parent) {
    if (depth > kMaxDepth) return fail("nesting depth <= " + std::to_string(kMaxDepth), parent);
    skip();
    if (i >= s.size() || s[i] != '(') return fail("'('", parent);
    ++i;
    skip();
    if (i >= s.size() || s[i] == '(' || s[i] == ')' || s[i] == '"')
      return fail("a parameter name after '('", parent);
    if (!token(n.name, parent)) return false;
    const std::string path = parent.empty() ? n.name : parent + "." + n.name;
    for (;;) {
      skip();
      if (i >= s.size()) return fail("')' closing (" + n.name, path);
      if (s[i] == ')') {
        ++i;
        return true;
      }
      if (s[i] == '(') {
        n.children.emplace_back();
        if (!tree(n.children.back(), depth + 1, path)) return false;
      } else {
        std::string v;
        if (!token(v, path)) return false;
        n.values.push_back(std::move(v));
      }
    }
  }
};

std::string path_of(const Node& root, std::string_view key) {
  return root.name + "." + std::string(key);
}

}  // namespace

bool parse(std::string_view text, Node& root, std::string& err) {
  root = Node{};
  if (text.size() > kMaxInput) {
    err = "AMI parameters: input of " + std::to_string(text.size()) + " bytes exceeds " +
          std::to_string(kMaxInput);
    return false;
  }
  Parser p{text, 0, err};
  if (!p.tree(root, 1, "")) return false;
  p.skip();
  if (p.i != text.size()) return p.fail("end of input after the closing ')'", root.name);
  return true;
}

const Node* find_leaf(const Node& root, std::string_view key) {
  for (const auto& c : root.children)
    if (c.name == key && c.children.empty()) return &c;
  for (const auto& g : root.children)
    for (const auto& c : g.children)
      if (c.name == key && c.children.empty()) return &c;
  return nullptr;
}

namespace {
bool to_long(const std::string& t, long& v) {
  if (t.empty() || t.size() > 20) return false;
  errno = 0;
  char* end = nullptr;
  const long x = std::strtol(t.c_str(), &end, 10);
  if (errno != 0 || end != t.c_str() + t.size()) return false;
  v = x;
  return true;
}
bool one_value(const Node& root, std::string_view key, const Node* n, std::string& err) {
  if (n->values.size() == 1) return true;
  err = "AMI parameters: " + path_of(root, key) + ": expected one value, found " +
        std::to_string(n->values.size());
  return false;
}
}  // namespace

bool get_int(const Node& root, std::string_view key, long lo, long hi, long& v, std::string& err) {
  const Node* n = find_leaf(root, key);
  if (n == nullptr) return true;
  if (!one_value(root, key, n, err)) return false;
  long x = 0;
  if (!to_long(n->values[0], x) || x < lo || x > hi) {
    err = "AMI parameters: " + path_of(root, key) + ": expected an integer in [" +
          std::to_string(lo) + ", " + std::to_string(hi) + "], found '" + n->values[0] + "'";
    return false;
  }
  v = x;
  return true;
}

bool get_real(const Node& root, std::string_view key, double lo, double hi, double& v,
              std::string& err) {
  const Node* n = find_leaf(root, key);
  if (n == nullptr) return true;
  if (!one_value(root, key, n, err)) return false;
  const std::string& t = n->values[0];
  errno = 0;
  char* end = nullptr;
  const double x = std::strtod(t.c_str(), &end);
  if (t.empty() || errno != 0 || end != t.c_str() + t.size() || !std::isfinite(x) || x < lo ||
      x > hi) {
    err = "AMI parameters: " + path_of(root, key) + ": expected a real number in [" +
          std::to_string(lo) + ", " + std::to_string(hi) + "], found '" + t + "'";
    return false;
  }
  v = x;
  return true;
}

bool get_int_list(const Node& root, std::string_view key, long lo, long hi, std::size_t max_count,
                  std::vector<long>& v, std::string& err) {
  const Node* leaf = find_leaf(root, key);
  if (leaf == nullptr) return true;
  // a String-typed list arrives as one quoted token "v0 v1 ...": split it on whitespace
  Node split;
  const Node* n = leaf;
  if (leaf->values.size() == 1 && leaf->values[0].find_first_of(" \t") != std::string::npos) {
    split.name = leaf->name;
    std::string t;
    for (char c : leaf->values[0] + " ") {
      if (c == ' ' || c == '\t') {
        if (!t.empty()) split.values.push_back(t);
        t.clear();
      } else {
        t.push_back(c);
      }
    }
    n = &split;
  }
  if (n->values.empty() || n->values.size() > max_count) {
    err = "AMI parameters: " + path_of(root, key) + ": expected 1.." + std::to_string(max_count) +
          " integers, found " + std::to_string(n->values.size());
    return false;
  }
  std::vector<long> out;
  for (std::size_t k = 0; k < n->values.size(); ++k) {
    long x = 0;
    if (!to_long(n->values[k], x) || x < lo || x > hi) {
      err = "AMI parameters: " + path_of(root, key) + "[" + std::to_string(k) +
            "]: expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) +
            "], found '" + n->values[k] + "'";
      return false;
    }
    out.push_back(x);
  }
  v = std::move(out);
  return true;
}

}  // namespace halo::ami

// Schema building blocks: field builders, expectations and defaults in words (config.hpp).
#include <cmath>
#include <sstream>

#include "halo/config/config.hpp"

namespace halo::config {
namespace {

Field base(std::string key, Type t, std::string unit, std::string doc) {
  Field f;
  f.key = std::move(key);
  f.type = t;
  f.unit = std::move(unit);
  f.doc = std::move(doc);
  return f;
}

std::string range_text(const Field& f) {
  const bool lo = std::isfinite(f.lo), hi = std::isfinite(f.hi);
  if (lo && hi) {  // (a stream: GCC 12 warns falsely on this string concatenation, bug 105329)
    std::ostringstream os;
    os << (f.lo_open ? "(" : "[") << fmt_number(f.lo) << ", " << fmt_number(f.hi) << (f.hi_open ? ")" : "]");
    return os.str();
  }
  if (lo) return std::string(f.lo_open ? "> " : ">= ") + fmt_number(f.lo);
  if (hi) return std::string(f.hi_open ? "< " : "<= ") + fmt_number(f.hi);
  return "";
}

std::string with_range(std::string what, const Field& f) {
  const std::string r = range_text(f);
  if (!r.empty()) what += r[0] == '[' || r[0] == '(' ? " in " + r : " " + r;
  if (!f.unit.empty()) what += " " + f.unit;
  return what;
}

}  // namespace

Field Field::req() const {
  Field f = *this;
  f.required = true;
  f.has_default = false;
  return f;
}
Field Field::opt(std::string words) const {
  Field f = *this;
  f.required = false;
  f.has_default = false;
  f.def_doc = std::move(words);
  return f;
}
Field Field::open_lo() const {
  Field f = *this;
  f.lo_open = true;
  return f;
}
Field Field::length(std::size_t min, std::size_t max) const {
  Field f = *this;
  f.list_min = min;
  f.list_max = max;
  return f;
}

bool Field::in_range(double x) const {
  if (lo_open ? !(x > lo) : !(x >= lo)) return false;
  if (hi_open ? !(x < hi) : !(x <= hi)) return false;
  return true;
}

std::string Field::expectation() const {
  switch (type) {
    case Type::kNumber: return with_range("a number", *this);
    case Type::kInteger: return with_range("an integer", *this);
    case Type::kBool: return "true or false";
    case Type::kString: return "a text";
    case Type::kChoice: {
      std::string s = "one of ";
      for (std::size_t i = 0; i < choices.size(); ++i) s += (i ? " | " : "") + choices[i];
      return s;
    }
    case Type::kNumberList: {
      std::string s = with_range("a list of numbers", *this);
      if (list_min == list_max) s += " with " + std::to_string(list_min) + " entries";
      else if (list_max != std::numeric_limits<std::size_t>::max())
        s += " with " + std::to_string(list_min) + ".." + std::to_string(list_max) + " entries";
      else if (list_min > 0) s += " with at least " + std::to_string(list_min) + " entr" + (list_min == 1 ? "y" : "ies");
      return s;
    }
    case Type::kPath: return "a file path (relative to the config file's folder)";
    case Type::kPortMap: return "auto or 4 distinct port numbers \"in+,in-,out+,out-\"";
    case Type::kSection: return "a mapping (" + (section ? section->name : std::string("section")) + ")";
    case Type::kSectionList: return "a list of mappings (" + (section ? section->name : std::string("entries")) + ")";
    case Type::kSectionMap: return "a mapping of " + key_doc;
  }
  return "";
}

std::string Field::default_text() const {
  if (!has_default) return "";
  switch (type) {
    case Type::kNumber:
    case Type::kInteger: return fmt_number(def_num);
    case Type::kBool: return def_num != 0 ? "true" : "false";
    case Type::kNumberList: {
      std::string s = "[";
      for (std::size_t i = 0; i < def_list.size(); ++i) s += (i ? ", " : "") + fmt_number(def_list[i]);
      return s + "]";
    }
    default: return def_str;
  }
}

const Field* Section::find(std::string_view key) const {
  for (const auto& f : fields)
    if (f.key == key) return &f;
  return nullptr;
}

Field num(std::string key, std::string unit, double def, double lo, double hi, std::string doc) {
  Field f = base(std::move(key), Type::kNumber, std::move(unit), std::move(doc));
  f.has_default = true;
  f.def_num = def;
  f.lo = lo;
  f.hi = hi;
  return f;
}
Field integer(std::string key, double def, double lo, double hi, std::string doc) {
  Field f = base(std::move(key), Type::kInteger, "", std::move(doc));
  f.has_default = true;
  f.def_num = def;
  f.lo = lo;
  f.hi = hi;
  return f;
}
Field flag(std::string key, bool def, std::string doc) {
  Field f = base(std::move(key), Type::kBool, "", std::move(doc));
  f.has_default = true;
  f.def_num = def ? 1 : 0;
  return f;
}
Field text(std::string key, std::string def, std::string doc) {
  Field f = base(std::move(key), Type::kString, "", std::move(doc));
  f.has_default = true;
  f.def_str = std::move(def);
  return f;
}
Field choice(std::string key, std::string def, std::vector<std::string> choices, std::string doc) {
  Field f = base(std::move(key), Type::kChoice, "", std::move(doc));
  f.has_default = true;
  f.def_str = std::move(def);
  f.choices = std::move(choices);
  return f;
}
Field num_list(std::string key, std::string unit, std::vector<double> def, double lo, double hi, std::string doc) {
  Field f = base(std::move(key), Type::kNumberList, std::move(unit), std::move(doc));
  f.has_default = true;
  f.def_list = std::move(def);
  f.lo = lo;
  f.hi = hi;
  return f;
}
Field path(std::string key, std::string doc) {
  return base(std::move(key), Type::kPath, "", std::move(doc)).req();
}
Field port_map(std::string key, std::string doc) {
  Field f = base(std::move(key), Type::kPortMap, "", std::move(doc));
  f.has_default = true;
  f.def_str = "auto";
  return f;
}
Field section(std::string key, const Section& s, std::string doc) {
  Field f = base(std::move(key), Type::kSection, "", std::move(doc));
  f.section = &s;
  f.def_doc = "absent: every key at its default";
  return f;
}
Field section_list(std::string key, const Section& s, std::string doc) {
  Field f = base(std::move(key), Type::kSectionList, "", std::move(doc));
  f.section = &s;
  f.def_doc = "absent: none";
  return f;
}
Field section_map(std::string key, const Section& s, bool (*key_ok)(const std::string&), std::string key_doc,
                  std::string doc) {
  Field f = base(std::move(key), Type::kSectionMap, "", std::move(doc));
  f.section = &s;
  f.key_ok = key_ok;
  f.key_doc = std::move(key_doc);
  f.def_doc = "absent: none";
  return f;
}

}  // namespace halo::config

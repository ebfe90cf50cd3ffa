// The configuration layer: one YAML reader (yaml-cpp) driven by a declared schema per section.
//
// A schema (`Section`) lists its keys (`Field`): type, unit, range, required or optional with
// its default, and a one-line description. `Document::parse` checks a whole file against its
// root schema before any value is read: unknown keys (the error names the closest known
// key), duplicate keys, null values, non-finite numbers, wrong types and out-of-range values
// are all `ConfigError`s naming file, line, key path, what was expected and what was found.
// The loaders (`halo/sim/link_config.hpp`, `compare_config.hpp`, `power_model.hpp`) then read
// typed values through `Node`, whose getters return the schema's default for an absent key.
// docs/config.md is generated from the same schemas (`halo_config_doc`).
#pragma once

#include <cstdint>
#include <filesystem>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace YAML {
class Node;
}

namespace halo::config {

/// The one error of the configuration layer. what() is
///   "FILE:LINE: key.path: expected EXPECTED, found FOUND"   (or "...: key.path: NOTE" with a note),
/// line 0 = no position (a value set after loading, e.g. from the command line: "FILE: key.path: ...").
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string file, int line, std::string path, std::string expected, std::string found,
              std::string note = {});
  /// An error without a file position (run-time checks of a config built in code).
  explicit ConfigError(const std::string& message);
  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] int line() const { return line_; }            ///< 1-based; 0 = unknown
  [[nodiscard]] const std::string& path() const { return path_; }  ///< "rx.ffe.pre", "channel[0].file"
  [[nodiscard]] const std::string& expected() const { return expected_; }
  [[nodiscard]] const std::string& found() const { return found_; }

 private:
  std::string file_, path_, expected_, found_;
  int line_ = 0;
};

enum class Type {
  kNumber,       ///< finite double in [lo, hi]
  kInteger,      ///< integer in [lo, hi] (1e6 accepted when whole)
  kBool,         ///< true | false
  kString,       ///< any scalar text
  kChoice,       ///< one of `choices`
  kNumberList,   ///< [x, ...], each a finite number in [lo, hi], length in [list_min, list_max]
  kPath,         ///< file path, relative to the config file's folder
  kPortMap,      ///< "auto", "1,3,2,4" or [1, 3, 2, 4] (Touchstone port order in+,in-,out+,out-)
  kSection,      ///< a mapping described by `section`
  kSectionList,  ///< a list of mappings, each described by `section`
  kSectionMap,   ///< a mapping of free keys (checked by `section->key_ok`), each value `section`'s fields
};

struct Section;

/// One key of a section. Build with the helpers below (num, integer, flag, ...).
struct Field {
  std::string key;
  Type type = Type::kNumber;
  std::string unit;        ///< "GBd", "mV rms", ... ("" when the key names it or it has none)
  std::string doc;         ///< one-line description (docs/config.md, --help)
  bool required = false;
  bool has_default = false;
  double def_num = 0;      ///< default of kNumber / kInteger / kBool (0/1)
  std::string def_str;     ///< default of kString / kChoice / kPortMap
  std::vector<double> def_list;
  std::string def_doc;     ///< default in words when it is not a literal ("hi_alarm", "absent: no TX noise")
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false, hi_open = false;
  std::size_t list_min = 0, list_max = std::numeric_limits<std::size_t>::max();
  std::vector<std::string> choices;
  const Section* section = nullptr;
  bool (*key_ok)(const std::string& key) = nullptr;  ///< kSectionMap: which free keys are valid
  std::string key_doc;                               ///< kSectionMap: that rule in words

  [[nodiscard]] Field req() const;                         ///< required, no default
  [[nodiscard]] Field opt(std::string words) const;        ///< optional, default described in words
  [[nodiscard]] Field open_lo() const;                     ///< (lo, hi] instead of [lo, hi]
  [[nodiscard]] Field length(std::size_t min, std::size_t max) const;
  /// "a number in [1, 500] GBd", "one of kp4 | none", ... (messages and docs)
  [[nodiscard]] std::string expectation() const;
  [[nodiscard]] std::string default_text() const;          ///< "53.125", "[1]", "" (none)
  [[nodiscard]] bool in_range(double x) const;
};

/// A section (YAML mapping) and its keys.
struct Section {
  std::string name;  ///< documentation name ("rx.adc", "channel[i]", "{value, source}")
  std::string doc;
  std::vector<Field> fields;
  [[nodiscard]] const Field* find(std::string_view key) const;
};

// Field builders (defaults are the values the loaders use when the key is absent).
Field num(std::string key, std::string unit, double def, double lo, double hi, std::string doc);
Field integer(std::string key, double def, double lo, double hi, std::string doc);
Field flag(std::string key, bool def, std::string doc);
Field text(std::string key, std::string def, std::string doc);
Field choice(std::string key, std::string def, std::vector<std::string> choices, std::string doc);
Field num_list(std::string key, std::string unit, std::vector<double> def, double lo, double hi, std::string doc);
Field path(std::string key, std::string doc);  ///< required unless .opt()
Field port_map(std::string key, std::string doc);
Field section(std::string key, const Section& s, std::string doc);
Field section_list(std::string key, const Section& s, std::string doc);
Field section_map(std::string key, const Section& s, bool (*key_ok)(const std::string&), std::string key_doc,
                  std::string doc);

class Node;

/// A parsed and schema-checked YAML file.
class Document {
 public:
  /// Parses text (`file` names it in messages; relative kPath values resolve against `base`)
  /// and checks it against `root`. Throws ConfigError (syntax errors included).
  static Document parse(std::string_view text, const std::string& file, const Section& root,
                        const std::filesystem::path& base);
  /// Reads and parses a file; ConfigError "FILE: cannot open: REASON" when unreadable.
  static Document load(const std::filesystem::path& file, const Section& root);

  [[nodiscard]] Node root() const;
  [[nodiscard]] const std::string& file() const;
  [[nodiscard]] const std::filesystem::path& base() const;  ///< folder relative paths resolve against
  /// Line of a key path seen in the file ("rx.ffe.pre", "channel[0]"); 0 when absent.
  [[nodiscard]] int line_of(const std::string& key_path) const;
  /// ConfigError at key_path (its line when the file has it, else its nearest present parent's).
  [[noreturn]] void fail(const std::string& key_path, const std::string& expected, const std::string& found) const;

  struct State;

 private:
  std::shared_ptr<const State> s_;
};

/// One checked section of a Document (or an absent one: every getter gives its default).
/// Getters take keys declared in the section's schema (std::logic_error otherwise).
class Node {
 public:
  [[nodiscard]] bool present() const;                 ///< the section is in the file
  [[nodiscard]] bool has(std::string_view key) const;  ///< the key is in the file
  [[nodiscard]] double num(std::string_view key) const;
  [[nodiscard]] double num_or(std::string_view key, double fallback) const;
  [[nodiscard]] std::uint64_t uint(std::string_view key) const;
  [[nodiscard]] std::uint64_t uint_or(std::string_view key, std::uint64_t fallback) const;
  [[nodiscard]] bool flag(std::string_view key) const;
  [[nodiscard]] bool flag_or(std::string_view key, bool fallback) const;
  [[nodiscard]] std::string str(std::string_view key) const;
  [[nodiscard]] std::string str_or(std::string_view key, const std::string& fallback) const;
  [[nodiscard]] std::vector<double> list(std::string_view key) const;
  [[nodiscard]] std::vector<double> list_or(std::string_view key, std::vector<double> fallback) const;
  /// kPath resolved against the config file's folder (absolute paths kept).
  [[nodiscard]] std::filesystem::path file_path(std::string_view key) const;
  /// kPortMap as "a,b,c,d" ("" = auto-detect).
  [[nodiscard]] std::string ports(std::string_view key) const;
  [[nodiscard]] Node sub(std::string_view key) const;  ///< kSection / kSectionMap (absent -> empty Node)
  [[nodiscard]] std::vector<Node> items(std::string_view key) const;  ///< kSectionList elements
  /// Keys present in this mapping, in file order (a kSectionMap's free keys, or a section's given keys).
  [[nodiscard]] std::vector<std::string> keys() const;
  /// The mapping under a present key: a kSectionMap's entry, or a kSection field.
  [[nodiscard]] Node entry(const std::string& key) const;
  [[nodiscard]] std::string key_path(std::string_view key = {}) const;
  [[nodiscard]] int line(std::string_view key = {}) const;
  [[nodiscard]] const Section& schema() const { return *schema_; }
  [[nodiscard]] const Document& document() const { return doc_; }
  /// ConfigError at this section's key (its line if present, else the section's).
  [[noreturn]] void fail(std::string_view key, const std::string& expected, const std::string& found) const;

 private:
  friend class Document;
  Node(Document doc, std::shared_ptr<const YAML::Node> yaml, const Section* schema, std::string path, int line);
  [[nodiscard]] const Field& field(std::string_view key, Type t) const;
  [[nodiscard]] YAML::Node value(std::string_view key) const;  // undefined when absent
  Document doc_;
  std::shared_ptr<const YAML::Node> yaml_;  // null when the section is absent
  const Section* schema_ = nullptr;
  std::string path_;
  int line_ = 0;
  bool map_of_ = false;  // a kSectionMap: free keys, each value a schema_ mapping
};

/// "noize_rms_mv" -> "noise_rms_mv": the known key closest in edit distance, "" if none is close.
std::string closest_key(std::string_view key, const std::vector<std::string>& known);
/// Value formatting shared by messages and docs (%g-style, "2^50" style not used).
std::string fmt_number(double x);

}  // namespace halo::config

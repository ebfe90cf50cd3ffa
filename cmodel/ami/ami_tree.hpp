// IBIS-AMI parameter-string parser (IBIS 7.x, section 10: the AMI_parameters_in tree).
// Grammar: tree := '(' name item* ')'; item := tree | token | "quoted string"; whitespace
// (space, tab, CR, LF) separates tokens. Example: (halo_rx (adc_bits 7) (ffe_taps 16)).
// Never throws on bad input: parse() returns false with a message naming the byte offset,
// what was expected and what was found. Nesting depth <= kMaxDepth, input <= kMaxInput bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace halo::ami {

inline constexpr int kMaxDepth = 32;
inline constexpr std::size_t kMaxInput = 1u << 20;

struct Node {
  std::string name;
  std::vector<std::string> values;  ///< leaf tokens (quotes removed)
  std::vector<Node> children;
};

/// Parses one tree; trailing whitespace allowed, anything else after it is an error.
[[nodiscard]] bool parse(std::string_view text, Node& root, std::string& err);

/// Looks up a leaf `(key value)` among root's children (one level, or one level below a
/// child, so both (model (key v)) and (model (group (key v))) work). nullptr when absent.
[[nodiscard]] const Node* find_leaf(const Node& root, std::string_view key);

/// Reads an integer leaf in [lo, hi]; absent -> keeps v, true. Bad value -> false + err.
[[nodiscard]] bool get_int(const Node& root, std::string_view key, long lo, long hi, long& v,
                           std::string& err);
/// Reads a real leaf in [lo, hi] (finite); as get_int.
[[nodiscard]] bool get_real(const Node& root, std::string_view key, double lo, double hi,
                            double& v, std::string& err);
/// Reads a list of integers (key v0 v1 ...), 1..max_count values in [lo, hi].
[[nodiscard]] bool get_int_list(const Node& root, std::string_view key, long lo, long hi,
                                std::size_t max_count, std::vector<long>& v, std::string& err);

}  // namespace halo::ami

// AMI parameter-tree parser (cmodel/ami/ami_tree.hpp): well-formed trees as written in IBIS 7.x
// section 10 examples, and malformed strings that must be rejected with a message naming the
// byte offset and what was expected (never a crash).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ami_tree.hpp"

using halo::ami::Node;

TEST(AmiTree, ParsesNestedTreeWithQuotedStrings) {
  Node r;
  std::string err;
  ASSERT_TRUE(halo::ami::parse("  (halo_rx (adc_bits 7)\n\t(grp (ffe_taps 12) (name \"a b\")) (flag))  ",
                               r, err))
      << err;
  EXPECT_EQ(r.name, "halo_rx");
  ASSERT_EQ(r.children.size(), 3u);
  EXPECT_EQ(r.children[0].values, std::vector<std::string>{"7"});
  EXPECT_EQ(r.children[1].children[1].values, std::vector<std::string>{"a b"});
  EXPECT_TRUE(r.children[2].values.empty());
  long v = 0;
  ASSERT_TRUE(halo::ami::get_int(r, "ffe_taps", 1, 64, v, err));  // one level down
  EXPECT_EQ(v, 12);
  long absent = 42;
  ASSERT_TRUE(halo::ami::get_int(r, "dfe_taps", 0, 4, absent, err));
  EXPECT_EQ(absent, 42);
}

TEST(AmiTree, IntListFromTokensOrQuotedString) {
  Node r;
  std::string err;
  ASSERT_TRUE(halo::ami::parse("(t (a -64 672 -96) (b \" 1  2 \"))", r, err)) << err;
  std::vector<long> a, b;
  ASSERT_TRUE(halo::ami::get_int_list(r, "a", -2048, 2047, 16, a, err)) << err;
  ASSERT_TRUE(halo::ami::get_int_list(r, "b", -2048, 2047, 16, b, err)) << err;
  EXPECT_EQ(a, (std::vector<long>{-64, 672, -96}));
  EXPECT_EQ(b, (std::vector<long>{1, 2}));
}

TEST(AmiTree, MalformedInputIsRejectedWithPosition) {
  struct Case {
    const char* text;
    const char* expect;  // substring of the message
  };
  const Case cases[] = {
      {"", "expected '('"},
      {"halo_rx", "expected '('"},
      {"(", "parameter name"},
      {"()", "parameter name"},
      {"((a 1))", "parameter name"},
      {"(halo_rx (adc_bits 7)", "')' closing (halo_rx"},
      {"(halo_rx (a \"unterminated))", "closing '\"'"},
      {"(halo_rx) (extra)", "end of input"},
      {"(halo_rx))", "end of input"},
      {"(halo_rx (a \x01))", "printable"},
  };
  for (const auto& c : cases) {
    Node r;
    std::string err;
    EXPECT_FALSE(halo::ami::parse(c.text, r, err)) << c.text;
    EXPECT_NE(err.find(c.expect), std::string::npos) << c.text << " -> " << err;
    EXPECT_NE(err.find("at byte"), std::string::npos) << err;
  }
}

TEST(AmiTree, DeepNestingAndHugeInputRejected) {
  std::string deep;
  for (int i = 0; i < 1000; ++i) deep += "(a ";
  Node r;
  std::string err;
  EXPECT_FALSE(halo::ami::parse(deep, r, err));
  EXPECT_NE(err.find("nesting depth"), std::string::npos) << err;
  EXPECT_FALSE(halo::ami::parse(std::string(halo::ami::kMaxInput + 1, ' '), r, err));
}

TEST(AmiTree, BadValuesNameKeyPathRangeAndFound) {
  Node r;
  std::string err;
  ASSERT_TRUE(halo::ami::parse("(m (i 9) (x 1e999) (y abc) (z 1 2) (l 1 x))", r, err));
  long v = 0;
  double d = 0;
  std::vector<long> l;
  EXPECT_FALSE(halo::ami::get_int(r, "i", 6, 8, v, err));
  EXPECT_NE(err.find("m.i: expected an integer in [6, 8], found '9'"), std::string::npos) << err;
  EXPECT_FALSE(halo::ami::get_real(r, "x", 0, 1, d, err));
  EXPECT_NE(err.find("m.x"), std::string::npos) << err;
  EXPECT_FALSE(halo::ami::get_real(r, "y", 0, 1, d, err));
  EXPECT_FALSE(halo::ami::get_int(r, "z", 0, 9, v, err));
  EXPECT_NE(err.find("one value, found 2"), std::string::npos) << err;
  EXPECT_FALSE(halo::ami::get_int_list(r, "l", 0, 9, 4, l, err));
  EXPECT_NE(err.find("m.l[1]"), std::string::npos) << err;
}

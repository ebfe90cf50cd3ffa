// verif/cover.hpp: the functional cover-point counter of the co-simulation scoreboards
// (docs/verification.md). Expected counts are worked out by hand from the definitions.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include <unistd.h>

#include "cover.hpp"

namespace cov = halo::verif::cov;

namespace {

std::uint64_t hits(const cov::Group& g, const std::string& bin) {
  for (std::size_t i = 0; i < g.bins().size(); ++i)
    if (g.bins()[i] == bin) return g.hits(i);
  ADD_FAILURE() << "no bin " << bin;
  return 0;
}

}  // namespace

// in : fire, fire, (valid low), fire, (valid, ready low)
// out: (valid, ready low), fire, fire, (valid low), fire
// -> one of each: in back-to-back (cycle 2), out back-to-back (3), in bubble (4), out
//    bubble (5), in ready low (5), out ready low (1)
TEST(CoverPoints, StallPatternsFromAHandshakeTrace) {
  cov::Group& g = cov::stall_group;
  const auto before = [&] {
    std::vector<std::uint64_t> v;
    for (std::size_t i = 0; i < g.bins().size(); ++i) v.push_back(g.hits(i));
    return v;
  }();
  cov::StallSampler s;
  s.sample(true, true, true, false);
  s.sample(true, true, true, true);
  s.sample(false, true, true, true);
  s.sample(true, true, false, true);
  s.sample(true, false, true, true);
  for (std::size_t i = 0; i < g.bins().size(); ++i) EXPECT_EQ(g.hits(i) - before[i], 1u) << g.bins()[i];
  // a steady full-rate stream has back-to-back beats only
  cov::StallSampler t;
  const std::uint64_t bubbles = hits(g, "in_bubble"), b2b = hits(g, "in_back_to_back");
  for (int i = 0; i < 10; ++i) t.sample(true, true, true, true);
  EXPECT_EQ(hits(g, "in_bubble"), bubbles);
  EXPECT_EQ(hits(g, "in_back_to_back"), b2b + 9);
}

TEST(CoverPoints, DfeBurstLengthsAndFecErrorBins) {
  cov::Group& d = cov::dfe_burst_group;
  const std::uint64_t l1 = hits(d, "len1"), l2 = hits(d, "len2"), l47 = hits(d, "len4to7"), g8 = hits(d, "ge8");
  // bursts: 1, 2, 4, 8 (the last one closed by the end of the sequence)
  cov::sample_dfe_bursts({true, false, true, true, false, false, true, true, true, true, false,
                          true, true, true, true, true, true, true, true});
  EXPECT_EQ(hits(d, "len1"), l1 + 1);
  EXPECT_EQ(hits(d, "len2"), l2 + 1);
  EXPECT_EQ(hits(d, "len4to7"), l47 + 1);
  EXPECT_EQ(hits(d, "ge8"), g8 + 1);
  cov::Group& f = cov::fec_errors_group;
  ASSERT_EQ(f.bins().size(), 17u);
  const std::uint64_t e15 = hits(f, "15"), gt = hits(f, "gt15");
  cov::sample_fec_errors(false, 15);
  cov::sample_fec_errors(true, 0);  // uncorrectable: more than t = 15 errors
  EXPECT_EQ(hits(f, "15"), e15 + 1);
  EXPECT_EQ(hits(f, "gt15"), gt + 1);
  const std::uint64_t o7 = hits(cov::cdr_phase_group, "oct7"), o0 = hits(cov::cdr_phase_group, "oct0");
  cov::sample_cdr_phase(0xe0000000u);
  cov::sample_cdr_phase(0x1fffffffu);
  EXPECT_EQ(hits(cov::cdr_phase_group, "oct7"), o7 + 1);
  EXPECT_EQ(hits(cov::cdr_phase_group, "oct0"), o0 + 1);
}

TEST(CoverPoints, BadNamesAndBinsAreErrors) {
  EXPECT_THROW(cov::Group("a-b", "x", {"0"}), std::invalid_argument);
  EXPECT_THROW(cov::Group("ok", "x", {"has space"}), std::invalid_argument);
  cov::Group g("ok", "x", {"a", "b"});
  EXPECT_THROW(g.hit("c"), std::out_of_range);
  EXPECT_THROW(g.hit(2), std::out_of_range);
  EXPECT_THROW(cov::Registry::get().define("stall_patterns", "again", {"x"}), std::logic_error);
}

TEST(CoverPoints, JsonListsEveryBinWithItsCount) {
  const auto dir = std::filesystem::temp_directory_path() / ("halo_cover_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  cov::ffe_sat_group.hit("at_min", 3);
  ASSERT_TRUE(cov::Registry::get().write(dir.c_str()));
  const auto file = dir / ("func_" + cov::exe_name() + "_" + std::to_string(::getpid()) + ".json");
  std::ifstream in(file);
  ASSERT_TRUE(in) << file;
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::ostringstream want;
  want << "\"ffe_coef_saturation\": {\"what\": \"" << cov::ffe_sat_group.what() << "\", \"bins\": {\"none\": "
       << hits(cov::ffe_sat_group, "none") << ", \"at_max\": " << hits(cov::ffe_sat_group, "at_max")
       << ", \"at_min\": " << hits(cov::ffe_sat_group, "at_min") << "}}";
  EXPECT_NE(text.find(want.str()), std::string::npos) << text;
  for (const char* g : {"stall_patterns", "fec_errors_per_codeword", "cdr_phase", "dfe_error_bursts"})
    EXPECT_NE(text.find(std::string("\"") + g + "\""), std::string::npos) << g;
  std::filesystem::remove_all(dir);
}

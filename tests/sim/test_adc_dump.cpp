// `halolink sim CONFIG --dump-adc FILE` round trip (docs/sim.md, "ADC-code dump"): the file's
// codes equal the codes the simulator's receiver is given. The reference is taken at another
// point of the chain than the dump: a recording receiver (the floating-point receiver behind
// a wrapper that keeps every code its process() sees) passed to run_time_domain in this
// process, while the CLI dumps from its block observer with its own golden-model receiver.
// With `rx.cdr: fixed` the sampling phase does not depend on the receiver, so both runs see
// the same ADC codes if, and only if, the dump writes them all, in order. The file is read
// with the co-simulation's reader (verif/dsp/dsp_stimulus.cpp is not linked here: the test
// parses the format itself, as documented).
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "halo/sim/link.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using halo::sim::RxDsp;

class Recorder final : public RxDsp {
 public:
  explicit Recorder(std::unique_ptr<RxDsp> in) : in_(std::move(in)) {}
  void process(std::span<const std::int16_t> codes, std::span<const std::uint8_t> train, std::span<std::uint8_t> dec,
               std::span<float> slicer) override {
    seen.insert(seen.end(), codes.begin(), codes.end());
    in_->process(codes, train, dec, slicer);
  }
  double phase_ui() const override { return in_->phase_ui(); }
  unsigned latency() const override { return in_->latency(); }
  void set_training(bool on) override { in_->set_training(on); }
  void set_adaptation(bool on) override { in_->set_adaptation(on); }
  void set_cdr(bool on) override { in_->set_cdr(on); }
  halo::sim::RxState state() const override { return in_->state(); }
  std::string name() const override { return "recorder"; }
  std::vector<std::int16_t> seen;

 private:
  std::unique_ptr<RxDsp> in_;
};

int run(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) return -1;
  int st = 0;
  waitpid(pid, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

TEST(AdcDump, FileCodesEqualTheReceiversInput) {
  const fs::path src = HALO_SOURCE_DIR, tmp = fs::path(testing::TempDir()) / "adc_dump_test";
  fs::create_directories(tmp);
  // the C2M example with a fixed sampling phase and 3 blocks
  std::string y = slurp(src / "sim/configs/c2m_53g.yaml");
  auto replace = [&](const std::string& a, const std::string& b) {
    const auto p = y.find(a);
    ASSERT_NE(p, std::string::npos) << a;
    y.replace(p, a.size(), b);
  };
  replace("symbols: 2000000", "symbols: 12000");
  replace("cdr: {type: mm, gain: 2.0e-5}", "cdr: {type: fixed}");
  replace("training_symbols: 300000", "training_symbols: 4000");
  replace("../data/", (src / "sim/data").string() + "/");
  const fs::path cfg_file = tmp / "c2m_fixed.yaml", dump = tmp / "codes.txt";
  std::ofstream(cfg_file) << y;
  fs::remove(dump);
  ASSERT_EQ(run({HALOLINK_EXE, "sim", cfg_file.string(), "--out", (tmp / "out").string(), "--dump-adc", dump.string()}), 0);

  // reference: the codes the receiver is given, in this process
  halo::sim::LinkConfig cfg = halo::sim::load_config(cfg_file);
  const auto m = halo::sim::build_model(cfg);
  Recorder rec(halo::sim::make_float_rx(cfg.rx, 1.0));
  const auto td = halo::sim::run_time_domain(cfg, m, {}, &rec);
  ASSERT_EQ(rec.seen.size(), td.symbols);
  ASSERT_EQ(td.symbols, 12288u);  // whole blocks of 4096

  // parse the dump as documented: "# key: value" header, then one code per line
  std::ifstream in(dump);
  std::map<std::string, std::string> header;
  std::vector<long> codes;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("# ", 0) == 0) {
      const auto c = line.find(": ");
      ASSERT_NE(c, std::string::npos) << line;
      header[line.substr(2, c - 2)] = line.substr(c + 2);
    } else {
      codes.push_back(std::stol(line));
    }
  }
  EXPECT_EQ(header["format"], "halolink-adc-codes 1");
  EXPECT_EQ(header["adc_bits"], "8");
  EXPECT_EQ(header["pattern"], "kp4");
  EXPECT_EQ(header["precoding"], "0");
  EXPECT_EQ(header["codes"], "12288");
  EXPECT_FALSE(header["cursor_delay"].empty());
  ASSERT_EQ(codes.size(), rec.seen.size());
  std::size_t diff = 0, first = codes.size(), clipped = 0;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (codes[i] != rec.seen[i] && diff++ == 0) first = i;
    clipped += codes[i] == 127 || codes[i] == -128;
  }
  EXPECT_EQ(diff, 0u) << "first difference at code " << first;
  EXPECT_LT(clipped, codes.size() / 100);  // a live signal, not a saturated or constant one
  long lo = 0, hi = 0;
  for (long c : codes) lo = std::min(lo, c), hi = std::max(hi, c);
  EXPECT_GT(hi - lo, 100);
}

}  // namespace

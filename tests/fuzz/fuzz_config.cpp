// libFuzzer harness of the configuration layer (sim/config): arbitrary bytes are loaded as each
// kind of config file (link, monitor, compare, power parameters, claims). The only acceptable
// failure is halo::config::ConfigError; any other exception, crash, hang or sanitizer report
// is a finding.
//   clang++ -fsanitize=fuzzer,address,undefined ... ; ./fuzz_config -max_total_time=60 CORPUS
// Seed corpus: sim/configs/*.yaml, sim/data/power/*.yaml.
#include <cstddef>
#include <cstdint>
#include <string>

#include "halo/config/config.hpp"
#include "halo/sim/compare_config.hpp"
#include "halo/sim/link_config.hpp"
#include "halo/sim/link_monitor.hpp"
#include "halo/sim/power_model.hpp"

namespace {

template <class F>
void expect_config_error_only(F&& load) {
  try {
    load();
  } catch (const halo::config::ConfigError&) {
    // the one expected error kind
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string base = "/nonexistent-halolink-fuzz";  // relative channel files resolve nowhere
  expect_config_error_only([&] { (void)halo::sim::parse_config(text, "fuzz.yaml", base); });
  expect_config_error_only([&] { (void)halo::sim::parse_monitor_config(text, "fuzz.yaml", base); });
  expect_config_error_only([&] { (void)halo::sim::parse_compare_config(text, "fuzz.yaml", base); });
  expect_config_error_only([&] { (void)halo::sim::parse_power_params(text, "fuzz.yaml"); });
  expect_config_error_only([&] { (void)halo::sim::parse_claims(text, "fuzz.yaml"); });
  return 0;
}

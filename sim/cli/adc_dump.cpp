#include "adc_dump.hpp"

#include <charconv>
#include <cstdio>
#include <stdexcept>

namespace halo::cli {
namespace {

const char* pattern_name(sim::DataPattern p) {
  switch (p) {
    case sim::DataPattern::kPrbs13q: return "prbs13q";
    case sim::DataPattern::kPrbs31q: return "prbs31q";
    case sim::DataPattern::kSsprq: return "ssprq";
    case sim::DataPattern::kRandom: return "random";
    case sim::DataPattern::kKp4: return "kp4";
  }
  return "?";
}

}  // namespace

AdcDump::AdcDump(const std::string& path, const std::string& config_file, const sim::LinkConfig& cfg)
    : file_(path) {
  const std::uint64_t B = cfg.block_symbols;
  expected_ = (cfg.symbols + B - 1) / B * B;  // the engine runs whole blocks
  char b[640];
  std::snprintf(b, sizeof b,
                "# format: halolink-adc-codes 1\n# config: %s\n# name: %s\n# adc_bits: %u\n"
                "# symbol_rate_gbd: %.17g\n# seed: %llu\n# pattern: %s\n# gray: %d\n# precoding: %d\n",
                config_file.c_str(), cfg.name.c_str(), cfg.rx.adc_bits, cfg.symbol_rate_gbd,
                static_cast<unsigned long long>(cfg.seed), pattern_name(cfg.tx.pattern), cfg.tx.gray ? 1 : 0,
                cfg.tx.precoding ? 1 : 0);
  header_ = b;
  std::snprintf(b, sizeof b, "# block_symbols: %llu\n# codes: %llu\n", static_cast<unsigned long long>(B),
                static_cast<unsigned long long>(expected_));
  header_ += b;  // cursor_delay goes before these two, known at the first block
}

void AdcDump::block(const sim::TdBlockView& v) {
  if (!started_) {
    const auto pos = header_.find("# block_symbols:");
    header_.insert(pos, "# cursor_delay: " + std::to_string(v.cursor_delay) + "\n");
    file_.write(header_);
    started_ = true;
  }
  buf_.clear();
  char num[16];
  for (const std::int16_t c : v.adc_codes) {
    const auto r = std::to_chars(num, num + sizeof num, c);
    buf_.append(num, r.ptr);
    buf_.push_back('\n');
  }
  file_.write(buf_);
  written_ += v.adc_codes.size();
}

void AdcDump::trailer(const sim::RxState& st) {
  std::string t;
  char num[40];
  auto list = [&](const char* key, const std::vector<double>& v) {
    t += "# ";
    t += key;
    t += ":";
    for (double x : v) {
      std::snprintf(num, sizeof num, " %.17g", x);
      t += num;
    }
    t += "\n";
  };
  list("rx_ffe", st.ffe);
  list("rx_dfe", st.dfe);
  std::snprintf(num, sizeof num, "%.17g", st.slicer_gain);
  t += "# rx_slicer_gain: " + std::string(num) + "\n";
  file_.write(t);
}

void AdcDump::commit() {
  if (written_ != expected_) {
    throw std::logic_error("--dump-adc: " + std::to_string(written_) + " codes written, " +
                           std::to_string(expected_) + " expected");
  }
  file_.commit();
}

}  // namespace halo::cli

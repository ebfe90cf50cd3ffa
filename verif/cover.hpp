// Coverage collection of the co-simulations (issue 24, item 4; docs/verification.md).
//
// Functional coverage: named cover groups with fixed bins, defined by the scoreboards with
// HALO_COVER_GROUP(var, NAME, WHAT, BINS) at namespace scope (NAME a string literal) and hit with
// var.hit("bin") / var.hit(index). When $HALO_COSIM_COVERAGE_DIR is set, every process
// that defined groups writes <dir>/func_<exe>_<pid>.json at exit:
//   {"exe": "...", "groups": {"<name>": {"what": "...", "bins": {"<bin>": <hits>, ...}}}}
// every defined bin listed (zero hits included), so scripts/coverage_report.py can flag
// unhit bins. Group and bin names: [A-Za-z0-9_]+. scripts/check_testplan.py reads the
// HALO_COVER_GROUP names from verif/ sources: docs/testplan.md may only name those.
//
// Code coverage: with -DHALO_COSIM_COVERAGE=ON every model is verilated with
// --coverage-line --coverage-toggle and HALO_COSIM_COV=1 is defined; write_code_coverage()
// (called where a harness destroys its VerilatedContext) writes the context's points to
// <dir>/code_<exe>_<model>_<pid>_<n>.dat (verilator_coverage format), one file per model
// run. Without the option it does nothing.
//
// C++17 (the SystemC harness includes it); header-only; thread-safe hits are not needed
// (one simulation thread per process).
#pragma once

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

#if HALO_COSIM_COV
#include "verilated.h"
#include "verilated_cov.h"
#endif

namespace halo::verif::cov {

/// $HALO_COSIM_COVERAGE_DIR (created when missing), or nullptr when unset or empty (no
/// coverage files written).
inline const char* out_dir() {
  const char* d = std::getenv("HALO_COSIM_COVERAGE_DIR");
  if (d == nullptr || *d == '\0') return nullptr;
  std::error_code ec;
  std::filesystem::create_directories(d, ec);
  if (ec) std::fprintf(stderr, "cover: cannot create %s: %s\n", d, ec.message().c_str());
  return d;
}

/// Name of the running executable (glibc's program_invocation_short_name).
inline std::string exe_name() { return program_invocation_short_name; }

inline bool valid_name(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

/// One cover group: fixed, named bins with 64-bit hit counts.
class Group {
 public:
  Group(std::string name, std::string what, std::vector<std::string> bins)
      : name_(std::move(name)), what_(std::move(what)), bins_(std::move(bins)), hits_(bins_.size(), 0) {
    if (!valid_name(name_)) throw std::invalid_argument("cover group name '" + name_ + "': expected [A-Za-z0-9_]+");
    for (const auto& b : bins_)
      if (!valid_name(b)) throw std::invalid_argument("cover group " + name_ + ": bin '" + b + "': expected [A-Za-z0-9_]+");
  }
  /// Counts `n` hits of bin `index` (< bins().size(); throws std::out_of_range otherwise).
  void hit(std::size_t index, std::uint64_t n = 1) {
    if (index >= hits_.size())
      throw std::out_of_range("cover group " + name_ + ": bin index " + std::to_string(index) + " >= " +
                              std::to_string(hits_.size()));
    hits_[index] += n;
  }
  /// Counts `n` hits of the bin named `bin` (throws std::out_of_range for an unknown bin).
  void hit(const std::string& bin, std::uint64_t n = 1) {
    for (std::size_t i = 0; i < bins_.size(); ++i)
      if (bins_[i] == bin) {
        hits_[i] += n;
        return;
      }
    throw std::out_of_range("cover group " + name_ + ": no bin '" + bin + "'");
  }
  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const std::string& what() const { return what_; }
  [[nodiscard]] const std::vector<std::string>& bins() const { return bins_; }
  [[nodiscard]] std::uint64_t hits(std::size_t i) const { return hits_.at(i); }

 private:
  std::string name_, what_;
  std::vector<std::string> bins_;
  std::vector<std::uint64_t> hits_;
};

/// Bins "<lo>".."<hi>" and, when `above` is non-empty, one more named `above`.
inline std::vector<std::string> int_bins(int lo, int hi, const std::string& above = "") {
  std::vector<std::string> b;
  for (int i = lo; i <= hi; ++i) b.push_back(std::to_string(i));
  if (!above.empty()) b.push_back(above);
  return b;
}

/// The process's groups; writes the JSON file at exit (static destruction).
class Registry {
 public:
  static Registry& get() {
    static Registry r;
    return r;
  }
  Group& define(std::string name, std::string what, std::vector<std::string> bins) {
    for (auto& g : groups_)
      if (g->name() == name) throw std::logic_error("cover group " + name + " defined twice");
    groups_.push_back(std::make_unique<Group>(std::move(name), std::move(what), std::move(bins)));
    return *groups_.back();
  }
  /// Writes <dir>/func_<exe>_<pid>.json; returns false (message on stderr) when it cannot.
  bool write(const char* dir) const {
    const std::string path = std::string(dir) + "/func_" + exe_name() + "_" + std::to_string(::getpid()) + ".json";
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (f == nullptr) {
      std::fprintf(stderr, "cover: cannot write %s: %s\n", path.c_str(), std::strerror(errno));
      return false;
    }
    std::string s = "{\"exe\": \"" + exe_name() + "\", \"groups\": {";
    for (std::size_t g = 0; g < groups_.size(); ++g) {
      const Group& gr = *groups_[g];
      s += (g ? ", " : "") + std::string("\"") + gr.name() + "\": {\"what\": \"";
      for (char c : gr.what()) s += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
      s += "\", \"bins\": {";
      for (std::size_t i = 0; i < gr.bins().size(); ++i)
        s += (i ? ", " : "") + std::string("\"") + gr.bins()[i] + "\": " + std::to_string(gr.hits(i));
      s += "}}";
    }
    s += "}}\n";
    const bool ok = std::fwrite(s.data(), 1, s.size(), f) == s.size();
    if (std::fclose(f) != 0 || !ok) {
      std::fprintf(stderr, "cover: write error on %s\n", path.c_str());
      return false;
    }
    return true;
  }
  ~Registry() {
    if (const char* d = out_dir(); d != nullptr && !groups_.empty()) write(d);
  }

 private:
  Registry() = default;
  std::vector<std::unique_ptr<Group>> groups_;
};

/// Writes the Verilator code coverage (line, toggle) of `ctx` to
/// <dir>/code_<exe>_<model>_<pid>_<n>.dat; a no-op without HALO_COSIM_COV or the variable.
/// Call once per context, after the model's final() and before the context is destroyed.
template <class Ctx>
inline void write_code_coverage([[maybe_unused]] Ctx* ctx, [[maybe_unused]] const char* model) {
#if HALO_COSIM_COV
  static unsigned run = 0;
  if (const char* d = out_dir()) {
    const std::string path = std::string(d) + "/code_" + exe_name() + "_" + model + "_" +
                             std::to_string(::getpid()) + "_" + std::to_string(run++) + ".dat";
    ctx->coveragep()->write(path.c_str());
  }
#endif
}

}  // namespace halo::verif::cov

/// Defines cover group `var` (a Group&) named `name` (a string literal, read by
/// scripts/check_testplan.py) at namespace scope, WHAT a description, BINS the bin names.
#define HALO_COVER_GROUP(var, name, what, ...) \
  inline ::halo::verif::cov::Group& var = ::halo::verif::cov::Registry::get().define(name, what, __VA_ARGS__)

namespace halo::verif::cov {

/// Valid/ready stall patterns of one stream (issue 24: back-to-back valid, bubbles, ready
/// low), on both sides of the block under test; sampled by every harness's cycle loop.
HALO_COVER_GROUP(stall_group, "stall_patterns", "valid/ready patterns seen at the block's input and output",
                 {"in_back_to_back", "in_bubble", "in_ready_low", "out_back_to_back", "out_bubble",
                  "out_ready_low"});

/// RS-FEC symbol errors per codeword at the KP4 decoder RTL's status outputs (rs_decoder,
/// retimer_rx): 0..15 corrected (the count), gt15 when uncorrectable (a word with at most
/// t = 15 errors is always corrected, so uncorrectable means more than 15).
HALO_COVER_GROUP(fec_errors_group, "fec_errors_per_codeword",
                 "KP4 decoder RTL status: symbol errors per codeword (uncorrectable = gt15)",
                 int_bins(0, 15, "gt15"));
inline void sample_fec_errors(bool uncorrectable, unsigned errors) {
  fec_errors_group.hit(uncorrectable || errors > 15 ? 16u : errors);
}

/// CDR phase (Mueller-Muller CDR RTL, 32-bit phase accumulator, 1 UI full scale) in eighths
/// of a UI, per output beat (cdr_mm alone, retimer_rx).
HALO_COVER_GROUP(cdr_phase_group, "cdr_phase", "CDR phase accumulator, top 3 bits (UI/8 bins)",
                 {"oct0", "oct1", "oct2", "oct3", "oct4", "oct5", "oct6", "oct7"});
inline void sample_cdr_phase(std::uint32_t phase) { cdr_phase_group.hit(phase >> 29); }

/// FFE coefficient saturation (S12.8 taps, sat at -2048 / +2047) per output beat: no tap at a
/// limit, some tap at the upper, some tap at the lower limit (ffe alone, retimer_rx).
HALO_COVER_GROUP(ffe_sat_group, "ffe_coef_saturation", "FFE taps at the 12-bit limits, per output beat",
                 {"none", "at_max", "at_min"});
template <class GetTap>
inline void sample_ffe_taps(unsigned taps, GetTap tap) {
  bool hi = false, lo = false;
  for (unsigned k = 0; k < taps; ++k) {
    const long c = static_cast<long>(tap(k));
    hi = hi || c >= 2047;
    lo = lo || c <= -2048;
  }
  if (hi) ffe_sat_group.hit(1);
  if (lo) ffe_sat_group.hit(2);
  if (!hi && !lo) ffe_sat_group.hit(0);
}

/// DFE error propagation: lengths of runs of consecutive wrong decisions of the DFE/slicer
/// RTL against the transmitted symbols (dfe alone on an ISI channel).
HALO_COVER_GROUP(dfe_burst_group, "dfe_error_bursts", "DFE/slicer RTL: consecutive decision errors per burst",
                 {"len1", "len2", "len3", "len4to7", "ge8"});
/// Counts the bursts in a 0/1 error sequence.
inline void sample_dfe_bursts(const std::vector<bool>& wrong) {
  std::size_t run = 0;
  auto close = [&] {
    if (run == 0) return;
    dfe_burst_group.hit(run <= 3 ? run - 1 : (run <= 7 ? 3u : 4u));
    run = 0;
  };
  for (bool w : wrong) {
    if (w) ++run;
    else close();
  }
  close();
}

/// Feeds stall_patterns: call once per cycle with the handshake levels before the edge.
struct StallSampler {
  bool prev_in_fire = false, prev_out_fire = false, in_started = false, out_started = false;
  bool in_gap = false, out_gap = false;
  void sample(bool in_valid, bool in_ready, bool out_valid, bool out_ready) {
    const bool in_fire = in_valid && in_ready, out_fire = out_valid && out_ready;
    if (in_fire && prev_in_fire) stall_group.hit(0);
    if (in_fire && in_gap) stall_group.hit(1);
    if (in_valid && !in_ready) stall_group.hit(2);
    if (out_fire && prev_out_fire) stall_group.hit(3);
    if (out_fire && out_gap) stall_group.hit(4);
    if (out_valid && !out_ready) stall_group.hit(5);
    in_started = in_started || in_fire;
    out_started = out_started || out_fire;
    in_gap = in_started && !in_fire && (in_gap || !in_valid);
    out_gap = out_started && !out_fire && (out_gap || !out_valid);
    prev_in_fire = in_fire;
    prev_out_fire = out_fire;
  }
};

}  // namespace halo::verif::cov

// `halolink fec encode|decode --code inner`. See cmd_fec_inner.hpp.
//
// Files hold one byte per bit in transmission order (the IEEE 802.3dj Clause 177 codeword: 120
// message bits m(0..119), then p0..p7). encode: 120-byte records (each 0 or 1) -> 128-byte
// records. decode: 128-byte records of hard bits (0/1) or, with --llr FILE, of LLRs (int8
// two's complement, -64..63: halo/fec/inner_llr.hpp) -> 120-byte records of corrected message
// bits; monitor counters as JSON to --stats or stderr. A bad record (truncated, a byte out of
// range) stops the command with an error naming the file, the record and the bit, exit 2;
// the records before it are kept (and counted), as `halolink fec` does for KP4.
#include "cmd_fec_inner.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "atomic_file.hpp"
#include "fec_stream.hpp"
#include "halo/fec/inner_code.hpp"
#include "halo/fec/inner_llr.hpp"
#include "halo/fec/inner_monitor.hpp"
#include "options.hpp"

using nlohmann::json;
namespace inner = halo::fec::inner;

namespace halo::cli {
namespace {

/// Fixed-size byte records; every byte checked against [lo, hi] (as int8 if is_signed).
class ByteRecordReader {
 public:
  ByteRecordReader(std::string path, unsigned len, std::string what, bool is_signed, int lo, int hi, std::string expect)
      : path_(std::move(path)), what_(std::move(what)), expect_(std::move(expect)), buf_(len), signed_(is_signed), lo_(lo), hi_(hi) {
    f_ = path_ == "-" ? stdin : std::fopen(path_.c_str(), "rb");
    if (!f_) throw std::runtime_error("cannot open input file '" + path_ + "': " + std::strerror(errno));
  }
  ~ByteRecordReader() {
    if (f_ && f_ != stdin) std::fclose(f_);
  }
  ByteRecordReader(const ByteRecordReader&) = delete;
  ByteRecordReader& operator=(const ByteRecordReader&) = delete;

  /// Next record (raw bytes) or false at a clean end of file; throws RecordError.
  bool next(std::vector<unsigned char>& out) {
    const std::size_t got = std::fread(buf_.data(), 1, buf_.size(), f_);
    if (std::ferror(f_)) throw RecordError(name() + ": read error: " + std::strerror(errno));
    if (got == 0) return false;
    if (got != buf_.size())
      throw RecordError(name() + ": " + what_ + " " + std::to_string(index_) + " is truncated: " + std::to_string(got) +
                        " bytes, expected " + std::to_string(buf_.size()) + " (one byte per bit, " + expect_ + ")");
    for (std::size_t i = 0; i < buf_.size(); ++i) {
      const int v = signed_ ? static_cast<int>(static_cast<signed char>(buf_[i])) : static_cast<int>(buf_[i]);
      if (v < lo_ || v > hi_)
        throw RecordError(name() + ": " + what_ + " " + std::to_string(index_) + ", bit " + std::to_string(i) +
                          ": value " + std::to_string(v) + " is out of range (expected " + expect_ + ")");
    }
    out = buf_;
    ++index_;
    return true;
  }

 private:
  std::string name() const { return path_ == "-" ? std::string("stdin") : "file '" + path_ + "'"; }
  std::string path_, what_, expect_;
  std::vector<unsigned char> buf_;
  bool signed_;
  int lo_, hi_;
  std::FILE* f_ = nullptr;
  std::uint64_t index_ = 0;
};

po::variables_map parse(const Args& a, const po::options_description& d, const char* verb) {
  return parse_options(a, d, std::string("usage: halolink fec ") + verb + " --code inner [options]",
                       std::string("halolink fec ") + verb);
}

std::string out_name(const std::string& p) { return p == "-" ? std::string("stdout") : "'" + p + "'"; }

[[noreturn]] void stopped(const RecordError& e, std::uint64_t n, const std::string& out, const char* what,
                          const char* verb, const std::string& stats) {
  throw std::runtime_error(std::string(e.what()) + "; the " + std::to_string(n) + " " + what + "s before it were " +
                           verb + " and written to " + out_name(out) +
                           (stats.empty() ? "" : ", and the --stats file '" + stats + "' counts them"));
}

json monitor_json(const inner::InnerFecMonitor& m, const inner::InnerDecoderConfig& c, bool soft) {
  json h = json::array(), f = json::array();
  for (auto v : m.position_histogram()) h.push_back(v);
  for (auto v : m.flips_histogram()) f.push_back(v);
  return {{"code", "inner"},
          {"input", soft ? "llr" : "hard_bits"},
          {"algorithm", !soft ? "hard (bits)" : c.algo == inner::InnerAlgo::hard ? "hard" : "chase"},
          {"chase_l", soft && c.algo == inner::InnerAlgo::chase ? json(c.chase_l) : json(nullptr)},
          {"codewords", m.codewords()},
          {"corrected_codewords", m.corrected_codewords()},
          {"uncorrectable_codewords", m.uncorrectable_codewords()},
          {"unresolved_codewords", m.unresolved_codewords()},
          {"corrected_positions", m.corrected_positions()},
          {"position_histogram", h},
          {"position_histogram_bins", "XOR-domain positions 0..59 data symbols, 60..67 parity bits p0..p7"},
          {"flips_histogram", f}};
}

}  // namespace

bool selects_inner_code(const Args& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--code=inner") return true;
    if (args[i] == "--code" && i + 1 < args.size() && args[i + 1] == "inner") return true;
  }
  return false;
}

int fec_inner_encode(const Args& a) {
  po::options_description d("options");
  d.add_options()("help,h", "this help")("code", po::value<std::string>()->value_name("inner")->required(), "inner")(
      "input,i", po::value<std::string>()->value_name("FILE")->default_value("-"), "messages: 120 bytes (0/1) each")(
      "output,o", po::value<std::string>()->value_name("FILE")->default_value("-"), "codewords: 128 bytes (0/1) each");
  auto vm = parse(a, d, "encode");
  const std::string in_path = vm["input"].as<std::string>(), out_path = vm["output"].as<std::string>();
  refuse_same_file({{"input file", in_path}}, {{"output file", out_path}});
  ByteRecordReader in(in_path, inner::kMsgBits, "message", false, 0, 1, "0 or 1");
  AtomicFile out(out_path);
  std::vector<unsigned char> rec;
  std::vector<std::uint8_t> cw(inner::kCwBits);
  std::uint64_t n = 0;
  try {
    while (in.next(rec)) {
      inner::encode_bits(std::span<const std::uint8_t>(rec.data(), rec.size()), cw);
      out.write(cw.data(), cw.size());
      ++n;
    }
  } catch (const RecordError& e) {
    out.commit();
    stopped(e, n, out_path, "message", "encoded", "");
  }
  out.commit();
  return 0;
}

int fec_inner_decode(const Args& a) {
  po::options_description d("options");
  using ChaseL = Count<inner::kMinChase, inner::kMaxChase>;
  d.add_options()("help,h", "this help")("code", po::value<std::string>()->value_name("inner")->required(), "inner")(
      "input,i", po::value<std::string>()->value_name("FILE"), "hard bits: 128 bytes (0/1) per codeword (default stdin)")(
      "llr", po::value<std::string>()->value_name("FILE"),
      "LLRs instead: 128 int8 per codeword, -64..63, positive = bit 0 (docs/inner_fec.md)")(
      "output,o", po::value<std::string>()->value_name("FILE")->default_value("-"), "corrected message bits: 120 bytes per codeword")(
      "algo", po::value<std::string>()->value_name("chase|hard")->default_value("chase"), "decoder for --llr input")(
      "chase-l", arg<ChaseL>("L")->default_value({4}), help<ChaseL>("Chase-2 test positions").c_str())(
      "stats", po::value<std::string>()->value_name("FILE.json"), "write monitor counters as JSON here (default: stderr)")(
      "bypass", "bypass correction: count and flag only, pass data unmodified");
  auto vm = parse(a, d, "decode");
  const bool soft = vm.count("llr") > 0;
  if (soft && vm.count("input")) throw UsageError("give either --input (hard bits) or --llr (LLRs), not both");
  const std::string algo = vm["algo"].as<std::string>();
  if (algo != "chase" && algo != "hard") throw UsageError("option '--algo': expected chase or hard, found '" + algo + "'");
  if (!soft && (!vm["algo"].defaulted() || !vm["chase-l"].defaulted()))
    throw UsageError("options '--algo' and '--chase-l' apply to --llr input only (hard bits are syndrome-decoded)");
  const std::string in_path = soft ? vm["llr"].as<std::string>() : (vm.count("input") ? vm["input"].as<std::string>() : "-");
  const std::string out_path = vm["output"].as<std::string>();
  const std::string stats_path = vm.count("stats") ? vm["stats"].as<std::string>() : "";
  std::vector<NamedFile> outputs = {{"output file", out_path}};
  if (!stats_path.empty()) outputs.push_back({"--stats file", stats_path});
  refuse_same_file({{soft ? "--llr file" : "input file", in_path}}, outputs);
  const inner::InnerDecoderConfig cfg{algo == "hard" ? inner::InnerAlgo::hard : inner::InnerAlgo::chase,
                                      static_cast<unsigned>(get<ChaseL>(vm, "chase-l")), vm.count("bypass") == 0};
  const inner::InnerDecoder dec(cfg);
  inner::InnerFecMonitor mon;
  ByteRecordReader in(in_path, inner::kCwBits, "codeword", soft, soft ? inner::kLlrMin : 0, soft ? inner::kLlrMax : 1,
                      soft ? "an LLR -64..63" : "0 or 1");
  std::optional<AtomicFile> stats;
  if (!stats_path.empty()) stats.emplace(stats_path);
  AtomicFile out(out_path);
  std::vector<unsigned char> rec;
  std::vector<std::uint8_t> pairs(inner::kCwSymbols), dec_pairs(inner::kCwSymbols), msg(inner::kMsgBits);
  std::vector<std::int8_t> llr(inner::kCwBits);
  std::uint64_t n = 0;
  std::optional<RecordError> stop;
  try {
    while (in.next(rec)) {
      inner::InnerDecodeResult r;
      if (soft) {
        for (unsigned i = 0; i < inner::kCwBits; ++i) llr[i] = static_cast<std::int8_t>(static_cast<signed char>(rec[i]));
        r = dec.decode(llr, dec_pairs);
      } else {
        for (unsigned k = 0; k < inner::kCwSymbols; ++k)
          pairs[k] = static_cast<std::uint8_t>((rec[2 * k] << 1) | rec[2 * k + 1]);
        r = dec.decode_hard_bits(pairs, dec_pairs);
      }
      mon.update(r);
      for (unsigned k = 0; k < inner::kMsgSymbols; ++k) {
        msg[2 * k] = static_cast<std::uint8_t>((dec_pairs[k] >> 1) & 1u);
        msg[2 * k + 1] = static_cast<std::uint8_t>(dec_pairs[k] & 1u);
      }
      out.write(msg.data(), msg.size());
      ++n;
    }
  } catch (const RecordError& e) {
    stop = e;
  }
  const std::string js = monitor_json(mon, cfg, soft).dump(2) + "\n";
  out.finish();
  if (stats) {
    stats->write(js);
    stats->finish();
    out.commit();
    stats->commit();
  } else {
    out.commit();
    std::cerr << js;
  }
  if (stop) stopped(*stop, n, out_path, "codeword", "decoded", stats_path);
  return 0;
}

}  // namespace halo::cli

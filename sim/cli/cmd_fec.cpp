// `halolink fec encode|decode|flr|bench|demo`.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "atomic_file.hpp"
#include "cmd_fec_inner.hpp"
#include "commands.hpp"
#include "fec_stream.hpp"
#include "halo/fec/error_injector.hpp"
#include "halo/fec/fec_monitor.hpp"
#include "halo/fec/rs_decoder.hpp"
#include "halo/fec/rs_encoder.hpp"
#include "halo/sim/fec_analysis.hpp"
#include "options.hpp"

using nlohmann::json;

namespace halo::cli {
namespace {

constexpr const char* kFecUsage =
    "usage: halolink fec <verb> [options]\n"
    "  encode  [--code kp4|kr4] [-i FILE] [-o FILE]   messages -> codewords\n"
    "  decode  [--code kp4|kr4] [-i FILE] [-o FILE] [--stats FILE.json] [--bypass]\n"
    "  encode  --code inner [-i FILE] [-o FILE]       802.3dj Clause 177: 120 -> 128 bytes (0/1)\n"
    "  decode  --code inner [-i FILE | --llr FILE] [--algo chase|hard] [--chase-l L] [-o FILE]\n"
    "          [--stats FILE.json] [--bypass]        128 bytes (bits or int8 LLRs) -> 120 bits\n"
    "  flr     --ber P | --ser P [--code kp4|kr4] [--interleave 1|2|4] [--frame-bits F]\n"
    "  bench   [--seconds S]                           encode/decode throughput (Gb/s)\n"
    "  demo    [--codewords N] [--ber P] [--seed S]    encode, inject errors, decode, stats\n"
    "Files hold raw little-endian uint16 symbols in transmission order (message: k symbols,\n"
    "first is m_{k-1}; codeword: n symbols). '-' or no option means stdin/stdout.\n";

using Probability = Real<0, 1>;
using Seed = Count<0, UINT64_MAX>;

po::variables_map parse(const Args& args, const po::options_description& desc, const char* verb) {
  return parse_options(args, desc, std::string("usage: halolink fec ") + verb + " [options]",
                       std::string("halolink fec ") + verb);
}

/// --code kp4|kr4 as a usage error naming the option.
fec::RsCode code_option(const po::variables_map& vm) {
  const std::string name = vm["code"].as<std::string>();
  if (name != "kp4" && name != "kr4")
    throw UsageError("option '--code': expected kp4 or kr4 (or inner for encode/decode), found '" + name + "'");
  return fec::rs_code_from_name(name);
}

json monitor_json(const fec::FecMonitor& m) {
  json h = json::array();
  for (auto v : m.histogram()) h.push_back(v);
  return {{"code", m.code().n == 544 ? "kp4" : "kr4"},
          {"codewords", m.codewords()},
          {"corrected_codewords", m.corrected_codewords()},
          {"uncorrectable_codewords", m.uncorrectable_codewords()},
          {"corrected_symbols", m.corrected_symbols()},
          {"corrected_bits", m.corrected_bits()},
          {"symbol_errors", m.symbol_errors()},
          {"symbol_error_histogram", h},
          {"symbol_error_histogram_bins", "0..15 symbol errors, then >15 (uncorrectable)"},
          {"hi_ser", m.hi_ser()},
          {"hi_ser_windows", m.hi_ser_windows()}};
}

/// Keeps the records written before a bad input record and says so (exit 2).
[[noreturn]] void stopped_at(const RecordError& e, const SymbolWriter& out, const char* what, const char* verb,
                             const std::string& stats) {
  throw std::runtime_error(std::string(e.what()) + "; the " + std::to_string(out.records()) + " " + what +
                           "s before it were " + verb + " and written to " + out.name() +
                           (stats.empty() ? "" : ", and the --stats file '" + stats + "' counts them"));
}

int fec_encode(const Args& a) {
  po::options_description d("options");
  d.add_options()("help,h", "this help")("code", po::value<std::string>()->value_name("kp4|kr4")->default_value("kp4"), "kp4 | kr4")(
      "input,i", po::value<std::string>()->value_name("FILE")->default_value("-"), "messages file")(
      "output,o", po::value<std::string>()->value_name("FILE")->default_value("-"), "codewords file");
  auto vm = parse(a, d, "encode");
  const fec::RsCode code = code_option(vm);
  const std::string in_path = vm["input"].as<std::string>(), out_path = vm["output"].as<std::string>();
  refuse_same_file({{"input file", in_path}}, {{"output file", out_path}});
  fec::RsEncoder enc(code);
  SymbolReader in(in_path, code.k, "message");
  SymbolWriter out(out_path, code.n);
  // block by block: blocks of messages in, full blocks of codewords out (fec_stream.hpp). A
  // codeword block is filled across message blocks (their record counts differ, 255 vs 240 for
  // KP4), so every write(2) but the last is a full block.
  std::span<fec::gf_t> dst;
  std::size_t used = 0;  // codewords in dst
  const auto flush = [&] {
    if (used != 0) out.put(used);
    dst = {};
    used = 0;
  };
  try {
    for (std::span<fec::gf_t> blk; !(blk = in.next_block()).empty();) {
      const std::size_t recs = blk.size() / code.k;
      for (std::size_t r = 0; r < recs; ++r) {
        if (dst.empty()) dst = out.reserve();
        enc.encode(blk.subspan(r * code.k, code.k), dst.subspan(used * code.n, code.n));
        if (++used == out.block_records()) flush();
      }
    }
  } catch (const RecordError& e) {
    flush();
    out.commit();
    stopped_at(e, out, "message", "encoded", "");
  }
  flush();
  out.commit();
  return 0;
}

int fec_decode(const Args& a) {
  po::options_description d("options");
  d.add_options()("help,h", "this help")("code", po::value<std::string>()->value_name("kp4|kr4")->default_value("kp4"), "kp4 | kr4")(
      "input,i", po::value<std::string>()->value_name("FILE")->default_value("-"), "codewords file")(
      "output,o", po::value<std::string>()->value_name("FILE")->default_value("-"), "corrected messages file")(
      "stats", po::value<std::string>()->value_name("FILE.json"), "write monitor counters as JSON here (default: stderr)")(
      "bypass", "bypass correction: count and flag only, pass data unmodified");
  auto vm = parse(a, d, "decode");
  const fec::RsCode code = code_option(vm);
  const std::string in_path = vm["input"].as<std::string>(), out_path = vm["output"].as<std::string>();
  const std::string stats_path = vm.count("stats") ? vm["stats"].as<std::string>() : "";
  std::vector<NamedFile> outputs = {{"output file", out_path}};
  if (!stats_path.empty()) outputs.push_back({"--stats file", stats_path});
  refuse_same_file({{"input file", in_path}}, outputs);
  fec::RsDecoder dec(code, fec::DecoderOptions{.correct = vm.count("bypass") == 0});
  fec::FecMonitor mon(code);
  SymbolReader in(in_path, code.n, "codeword");
  std::optional<AtomicFile> stats;
  if (!stats_path.empty()) stats.emplace(stats_path);  // a bad path fails before any work
  SymbolWriter out(out_path, code.k);
  std::optional<RecordError> stop;
  try {
    // block by block: codewords decoded in place in the input block, messages copied out
    for (std::span<fec::gf_t> blk; !(blk = in.next_block()).empty();) {
      const std::size_t recs = blk.size() / code.n;
      for (std::size_t r0 = 0; r0 < recs;) {
        const std::span<fec::gf_t> dst = out.reserve();
        const std::size_t cnt = std::min(recs - r0, out.block_records());
        for (std::size_t r = 0; r < cnt; ++r) {
          const std::span<fec::gf_t> cw = blk.subspan((r0 + r) * code.n, code.n);
          mon.update(dec.decode(cw));
          std::copy_n(cw.begin(), code.k, dst.begin() + static_cast<std::ptrdiff_t>(r * code.k));
        }
        out.put(cnt);
        r0 += cnt;
      }
    }
  } catch (const RecordError& e) {
    stop = e;  // keep the good records and their counters, then report
  }
  const std::string js = monitor_json(mon).dump(2) + "\n";
  out.finish();
  if (stats) {
    stats->write(js);
    stats->finish();  // both complete before either is renamed into place
    out.commit();
    stats->commit();
  } else {
    out.commit();
    std::cerr << js;
  }
  if (stop) stopped_at(*stop, out, "codeword", "decoded", stats_path);
  return 0;
}

int fec_flr(const Args& a) {
  po::options_description d("options");
  using Interleave = Count<1, 4>;
  using FrameBits = Count<1, 1000000>;
  d.add_options()("help,h", "this help")("ber", arg<Probability>("P"), help<Probability>("pre-FEC bit error ratio").c_str())(
      "ser", arg<Probability>("P"), help<Probability>("symbol error ratio (instead of --ber)").c_str())(
      "code", po::value<std::string>()->value_name("kp4|kr4")->default_value("kp4"), "kp4 | kr4")(
      "interleave", arg<Interleave>("L")->default_value({1}), "codeword interleave 1, 2 or 4")(
      "frame-bits", arg<FrameBits>("F")->default_value({672}), help<FrameBits>("frame + preamble + IPG bits").c_str());
  auto vm = parse(a, d, "flr");
  if (vm.count("ber") == vm.count("ser")) throw UsageError("give exactly one of --ber or --ser");
  const fec::RsCode code = code_option(vm);
  const auto il = static_cast<unsigned>(get<Interleave>(vm, "interleave"));
  const auto fb = static_cast<unsigned>(get<FrameBits>(vm, "frame-bits"));
  if (il == 3) throw UsageError("option '--interleave': expected 1, 2 or 4, found '3'");
  const auto f = vm.count("ber") ? sim::post_fec_from_ber(code, get<Probability>(vm, "ber"), il, fb)
                                 : sim::post_fec_from_ser(code, get<Probability>(vm, "ser"), il, fb);
  json j = {{"code", vm["code"].as<std::string>()},
            {"symbol_error_ratio", f.symbol_error_ratio},
            {"codeword_error_ratio", f.codeword_error_ratio},
            {"frame_loss_ratio", f.frame_loss_ratio},
            {"mean_symbol_errors_per_codeword", f.mean_symbol_errors},
            {"interleave", f.interleave},
            {"frame_bits", f.frame_bits},
            {"pre_fec_ber_for_cer_1e-15", sim::ber_for_cer(code, 1e-15)},
            {"threshold_pre_fec_ber", 2.4e-4}};
  if (vm.count("ber")) j["pre_fec_ber"] = f.pre_fec_ber;
  std::cout << j.dump(2) << "\n";
  return 0;
}

int fec_bench(const Args& a) {
  po::options_description d("options");
  using Seconds = Real<0, 60, Ends::open_low>;
  d.add_options()("help,h", "this help")("seconds", arg<Seconds>("S")->default_value({0.5}),
                                         help<Seconds>("time per case").c_str());
  auto vm = parse(a, d, "bench");
  const double secs = get<Seconds>(vm, "seconds");
  fec::RsEncoder enc(fec::kKp4);
  fec::RsDecoder dec(fec::kKp4);
  fec::ErrorInjector inj(1);
  constexpr unsigned kPool = 256;
  std::vector<std::vector<fec::gf_t>> clean(kPool, std::vector<fec::gf_t>(544));
  std::vector<fec::gf_t> msg(514);
  for (auto& w : clean) {
    inj.random_symbols(msg);
    enc.encode(msg, w);
  }
  auto with = [&](auto inject) {
    auto p = clean;
    for (auto& w : p) inject(w);
    return p;
  };
  const auto ber = with([&](auto& w) { inj.bit_errors(w, 2.4e-4); });
  const auto fifteen = with([&](auto& w) { inj.symbol_errors(w, 15); });
  auto run = [&](auto op) {
    using clk = std::chrono::steady_clock;
    const auto t0 = clk::now();
    std::uint64_t n = 0;
    while (std::chrono::duration<double>(clk::now() - t0).count() < secs)
      for (unsigned i = 0; i < 64; ++i, ++n) op(n % kPool);
    return 5140.0 * n / std::chrono::duration<double>(clk::now() - t0).count() / 1e9;
  };
  std::vector<fec::gf_t> cw(544);
  json j;
  j["unit"] = "Gb/s of information bits, one core";
  j["encode"] = run([&](auto i) { enc.encode(std::span<const fec::gf_t>(clean[i]).first(514), cw); });
  j["decode_error_free"] = run([&](auto i) { cw = clean[i]; dec.decode(cw); });
  j["decode_ber_2.4e-4"] = run([&](auto i) { cw = ber[i]; dec.decode(cw); });
  j["decode_15_symbol_errors"] = run([&](auto i) { cw = fifteen[i]; dec.decode(cw); });
  std::cout << j.dump(2) << "\n";
  return 0;
}

int fec_demo(const Args& a) {
  po::options_description d("options");
  using Codewords = Count<1, 1000000000>;
  using Ber = Real<0, 1, Ends::open_high>;
  d.add_options()("help,h", "this help")("codewords", arg<Codewords>("N")->default_value({100000}),
                                         help<Codewords>("codewords").c_str())(
      "ber", arg<Ber>("P")->default_value({2.4e-4}), help<Ber>("injected pre-FEC BER (independent bit errors)").c_str())(
      "seed", arg<Seed>("S")->default_value({1}), help<Seed>("random seed").c_str())(
      "code", po::value<std::string>()->value_name("kp4|kr4")->default_value("kp4"), "kp4 | kr4");
  auto vm = parse(a, d, "demo");
  const fec::RsCode code = code_option(vm);
  const auto ncw = static_cast<unsigned>(get<Codewords>(vm, "codewords"));
  const double ber = get<Ber>(vm, "ber");
  fec::RsEncoder enc(code);
  fec::RsDecoder dec(code);
  fec::FecMonitor mon(code);
  fec::ErrorInjector inj(get<Seed>(vm, "seed"));
  std::vector<fec::gf_t> msg(code.k), cw(code.n), rx(code.n);
  std::uint64_t bit_errors = 0, residual_symbols = 0;
  for (unsigned c = 0; c < ncw; ++c) {
    inj.random_symbols(msg);
    enc.encode(msg, cw);
    rx = cw;
    inj.bit_errors(rx, ber);
    for (unsigned i = 0; i < code.n; ++i) bit_errors += std::popcount(static_cast<unsigned>(rx[i] ^ cw[i]));
    mon.update(dec.decode(rx));
    for (unsigned i = 0; i < code.k; ++i) residual_symbols += rx[i] != msg[i];
  }
  const double bits = static_cast<double>(ncw) * code.codeword_bits();
  const auto ana = sim::post_fec_from_ber(code, ber);
  json j = {{"injected_pre_fec_ber", ber},
            {"measured_pre_fec_ber", bit_errors / bits},
            {"monitor", monitor_json(mon)},
            {"residual_message_symbol_errors", residual_symbols},
            {"measured_codeword_error_ratio", static_cast<double>(mon.uncorrectable_codewords()) / ncw},
            {"analytic_codeword_error_ratio", ana.codeword_error_ratio},
            {"analytic_mean_symbol_errors_per_codeword", ana.mean_symbol_errors}};
  std::cout << j.dump(2) << "\n";
  return 0;
}

}  // namespace

int cmd_fec(const Args& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::fputs(kFecUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  const Args rest(args.begin() + 1, args.end());
  try {
    if (args[0] == "encode") return selects_inner_code(rest) ? fec_inner_encode(rest) : fec_encode(rest);
    if (args[0] == "decode") return selects_inner_code(rest) ? fec_inner_decode(rest) : fec_decode(rest);
    if (args[0] == "flr") return fec_flr(rest);
    if (args[0] == "bench") return fec_bench(rest);
    if (args[0] == "demo") return fec_demo(rest);
  } catch (const HelpShown&) {
    return 0;
  }
  throw UsageError("unknown verb '" + args[0] + "'\n" + kFecUsage);
}

}  // namespace halo::cli

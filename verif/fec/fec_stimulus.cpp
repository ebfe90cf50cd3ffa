#include "fec_stimulus.hpp"

#include <algorithm>

namespace halo::verif {

using fec::gf_t;

FecStimulus::FecStimulus(fec::RsCode code, std::uint64_t seed, bool correct)
    : code_(code), enc_(code), dec_(code, fec::DecoderOptions{correct}), inj_(seed), msg_(code.k) {}

std::string to_string(WordKind k) {
  switch (k) {
    case WordKind::kClean: return "clean";
    case WordKind::kFewErrors: return "1..t errors";
    case WordKind::kManyErrors: return "t+1..40 errors";
    case WordKind::kBurst: return "burst";
    case WordKind::kParityErrors: return "parity errors";
    case WordKind::kAllZero: return "all-zero";
    case WordKind::kAllOnes: return "all-ones message";
    case WordKind::kRawAllOnes: return "raw all-ones word";
    default: return "?";
  }
}

DecoderVector FecStimulus::next_decoder() {
  auto& rng = inj_.rng();
  auto uni = [&](unsigned lo, unsigned hi) { return std::uniform_int_distribution<unsigned>(lo, hi)(rng); };
  const unsigned t = code_.t(), n = code_.n, k = code_.k;
  // weights out of 100: clean 8, few 40, many 22, burst 12, parity 6, zero 4, ones 4, raw 4
  const unsigned r = uni(0, 99);
  DecoderVector v;
  v.kind = r < 8    ? WordKind::kClean
           : r < 48 ? WordKind::kFewErrors
           : r < 70 ? WordKind::kManyErrors
           : r < 82 ? WordKind::kBurst
           : r < 88 ? WordKind::kParityErrors
           : r < 92 ? WordKind::kAllZero
           : r < 96 ? WordKind::kAllOnes
                    : WordKind::kRawAllOnes;
  v.rx.assign(n, 0);
  if (v.kind == WordKind::kRawAllOnes) {
    std::fill(v.rx.begin(), v.rx.end(), gf_t{0x3ff});
  } else {
    if (v.kind == WordKind::kAllZero) std::fill(msg_.begin(), msg_.end(), gf_t{0});
    else if (v.kind == WordKind::kAllOnes) std::fill(msg_.begin(), msg_.end(), gf_t{0x3ff});
    else inj_.random_symbols(msg_);
    enc_.encode(msg_, v.rx);
    switch (v.kind) {
      case WordKind::kFewErrors: inj_.symbol_errors(v.rx, uni(1, t)); break;
      case WordKind::kManyErrors: inj_.symbol_errors(v.rx, uni(t + 1, 40)); break;
      case WordKind::kBurst: inj_.burst(v.rx, uni(1, 40)); break;
      case WordKind::kParityErrors:
        inj_.symbol_errors(std::span<gf_t>(v.rx).subspan(k), uni(1, n - k));
        break;
      case WordKind::kAllZero:
      case WordKind::kAllOnes: inj_.symbol_errors(v.rx, uni(0, t)); break;
      default: break;
    }
  }
  v.out = v.rx;
  v.result = dec_.decode(v.out, &v.trace);
  return v;
}

EncoderVector FecStimulus::next_encoder() {
  const unsigned r = std::uniform_int_distribution<unsigned>(0, 15)(inj_.rng());
  if (r == 0) std::fill(msg_.begin(), msg_.end(), gf_t{0});
  else if (r == 1) std::fill(msg_.begin(), msg_.end(), gf_t{0x3ff});
  else inj_.random_symbols(msg_);
  EncoderVector v;
  v.out.resize(code_.n);
  enc_.encode(msg_, v.out);
  v.in = v.out;
  inj_.random_symbols(std::span<gf_t>(v.in).subspan(code_.k));  // junk in the parity slots
  return v;
}

}  // namespace halo::verif

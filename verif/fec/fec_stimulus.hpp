// Co-simulation stimulus for the RS-FEC RTL (rtl/fec): codewords with a reproducible mix
// of error patterns, and the golden-model (halo::cmodel) results they must produce.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "halo/fec/error_injector.hpp"
#include "halo/fec/rs_decoder.hpp"
#include "halo/fec/rs_encoder.hpp"

namespace halo::verif {

/// Kinds of received words in the mix (see FecStimulus::next).
enum class WordKind {
  kClean,        ///< random message, no error
  kFewErrors,    ///< 1..t random symbol errors (correctable)
  kManyErrors,   ///< t+1..40 random symbol errors (uncorrectable, or a rare miscorrection)
  kBurst,        ///< one burst of 1..40 consecutive symbol errors
  kParityErrors, ///< 1..2t errors in the parity symbols only
  kAllZero,      ///< all-zero codeword with 0..t errors
  kAllOnes,      ///< all-ones message (0x3ff symbols) encoded, with 0..t errors
  kRawAllOnes,   ///< the all-ones word (every symbol 0x3ff), not a codeword
  kCount
};

/// One decoder test vector: received word and the golden model's output.
struct DecoderVector {
  WordKind kind{};
  std::vector<fec::gf_t> rx;       ///< received word (n symbols, transmission order)
  std::vector<fec::gf_t> out;      ///< cmodel-decoded word
  fec::DecodeResult result;        ///< cmodel status
  fec::DecodeTrace trace;          ///< cmodel intermediate values (syndromes, Lambda, Omega)
};

/// One encoder test vector: the codeword-shaped input (parity slots filled with junk that
/// the encoder must ignore) and the cmodel codeword.
struct EncoderVector {
  std::vector<fec::gf_t> in;
  std::vector<fec::gf_t> out;
};

/// Reproducible generator of encoder and decoder vectors (std::mt19937_64 from `seed`).
class FecStimulus {
 public:
  FecStimulus(fec::RsCode code, std::uint64_t seed, bool correct = true);
  /// Next decoder vector from the mix above (weights in fec_stimulus.cpp).
  DecoderVector next_decoder();
  /// Next encoder vector: random message, all-zero or all-ones (1 in 16 each).
  EncoderVector next_encoder();
  [[nodiscard]] const fec::RsCode& code() const noexcept { return code_; }

 private:
  fec::RsCode code_;
  fec::RsEncoder enc_;
  fec::RsDecoder dec_;
  fec::ErrorInjector inj_;
  std::vector<fec::gf_t> msg_;
};

/// Name of a word kind for messages.
std::string to_string(WordKind k);

}  // namespace halo::verif

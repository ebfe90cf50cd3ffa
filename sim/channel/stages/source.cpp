// Data sources of the time-domain engine. See source.hpp.
#include "stages/source.hpp"

#include <algorithm>
#include <vector>

#include "halo/dsp/prbs.hpp"
#include "halo/fec/codeword_io.hpp"
#include "halo/fec/rs_encoder.hpp"
#include "halo/sim/rng.hpp"

namespace halo::sim::detail {
namespace {

/// PRBS13Q / PRBS31Q / SSPRQ from the golden model's generator, Gray symbols as generated.
class PatternSource final : public DataSource {
 public:
  PatternSource(DataPattern p, std::uint64_t seed) {
    dsp::GeneratorConfig gc;
    gc.pattern = p == DataPattern::kPrbs13q ? dsp::Pattern::kPrbs13q
                 : p == DataPattern::kPrbs31q ? dsp::Pattern::kPrbs31q : dsp::Pattern::kSsprq;
    gc.seed = p == DataPattern::kSsprq ? static_cast<std::uint32_t>(seed % 65535)
                                       : static_cast<std::uint32_t>(seed * 2654435761u) & (p == DataPattern::kPrbs13q ? 0x1fffu : 0x7fffffffu);
    if (gc.seed == 0 && p != DataPattern::kSsprq) gc.seed = 1;
    gen_.configure(gc);
  }
  void fill(std::span<std::uint8_t> out) override { gen_.process(out); }
  SourceFormat format() const noexcept override { return SourceFormat::kGraySymbols; }

 private:
  dsp::PatternGenerator gen_;
};

/// Uniform random bit pairs (the top two bits of one draw each).
class RandomSource final : public DataSource {
 public:
  RandomSource(std::uint64_t seed, std::uint64_t shard) : rng_(seed, 1, shard) {}
  void fill(std::span<std::uint8_t> out) override {
    for (auto& q : out) q = static_cast<std::uint8_t>(rng_.next() >> 62);
  }
  SourceFormat format() const noexcept override { return SourceFormat::kBitPairs; }

 private:
  Rng rng_;
};

/// KP4 RS(544,514) codewords with a random payload; 5440 bits per codeword, so a symbol's two
/// bits never straddle codewords.
class Kp4Source final : public DataSource {
 public:
  Kp4Source(std::uint64_t seed, std::uint64_t shard) : rng_(seed, 1, shard), enc_(fec::kKp4), msg_(514), cw_(544), bits_(5440) {
    pos_ = bits_.size();
  }
  void fill(std::span<std::uint8_t> out) override {
    for (std::size_t k = 0; k < out.size();) {
      if (pos_ == bits_.size()) next_codeword();
      const std::size_t take = std::min((bits_.size() - pos_) / 2, out.size() - k);
      const std::uint8_t* b = &bits_[pos_];
      for (std::size_t i = 0; i < take; ++i) out[k + i] = static_cast<std::uint8_t>((b[2 * i] << 1) | b[2 * i + 1]);
      pos_ += 2 * take;
      k += take;
    }
  }
  SourceFormat format() const noexcept override { return SourceFormat::kBitPairs; }

 private:
  void next_codeword() {
    for (auto& s : msg_) s = static_cast<fec::gf_t>(rng_.next() >> 54);
    enc_.encode(msg_, cw_);
    fec::symbols_to_bits(cw_, bits_);
    pos_ = 0;
  }
  Rng rng_;
  fec::RsEncoder enc_;
  std::vector<fec::gf_t> msg_, cw_;
  std::vector<std::uint8_t> bits_;
  std::size_t pos_ = 0;
};

}  // namespace

std::unique_ptr<DataSource> make_source(DataPattern pattern, std::uint64_t seed, std::uint64_t shard) {
  switch (pattern) {
    case DataPattern::kRandom: return std::make_unique<RandomSource>(seed, shard);
    case DataPattern::kKp4: return std::make_unique<Kp4Source>(seed, shard);
    default: return std::make_unique<PatternSource>(pattern, seed);
  }
}

}  // namespace halo::sim::detail

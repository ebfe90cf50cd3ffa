// Convolutional interleaver. See halo/fec/conv_interleaver.hpp.
#include "halo/fec/conv_interleaver.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace halo::fec::inner {

ConvInterleaver::ConvInterleaver(const ConvInterleaverConfig& cfg) { configure(cfg); }

void ConvInterleaver::configure(const ConvInterleaverConfig& cfg) {
  if (cfg.branches < 1 || cfg.branches > 16 || cfg.depth > 4096)
    throw std::invalid_argument("ConvInterleaver: need 1 <= branches <= 16 and depth <= 4096, got branches=" +
                                std::to_string(cfg.branches) + " depth=" + std::to_string(cfg.depth));
  cfg_ = cfg;
  const std::uint64_t max_delay = std::uint64_t{kCiBlockPairs} * cfg.branches * (cfg.branches - 1) * cfg.depth;
  std::uint64_t n = 1;
  while (n <= max_delay) n <<= 1;
  ring_.assign(n, 0);
  mask_ = n - 1;
  pos_ = 0;
}

void ConvInterleaver::reset() {
  std::fill(ring_.begin(), ring_.end(), std::uint8_t{0});
  pos_ = 0;
}

std::uint64_t ConvInterleaver::pair_latency() const noexcept {
  return std::uint64_t{kCiBlockPairs} * cfg_.branches * (cfg_.branches - 1) * cfg_.depth;
}

void ConvInterleaver::process(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) {
  if (in.size() != out.size())
    throw std::invalid_argument("ConvInterleaver::process: input has " + std::to_string(in.size()) +
                                " pairs, output " + std::to_string(out.size()));
  const std::uint64_t P = cfg_.branches, step = std::uint64_t{kCiBlockPairs} * P * cfg_.depth;
  for (std::size_t k = 0; k < in.size(); ++k, ++pos_) {
    ring_[pos_ & mask_] = in[k];
    const std::uint64_t b = (pos_ / kCiBlockPairs) % P;
    const std::uint64_t d = step * (cfg_.deinterleave ? b : P - 1 - b);
    // positions before the stream read entries not yet written since the ring is longer than
    // the largest delay: zero
    out[k] = ring_[(pos_ - d) & mask_];
  }
}

}  // namespace halo::fec::inner

// Convolutional interleaver / deinterleaver between the RS(544,514) stream and the Clause 177
// inner code (IEEE P802.3dj 177.4; docs/inner_fec.md states the parameters and their source).
//
// The stream is cut into CI blocks of 40 bits (4 RS symbols; the draft's "aligned 40-bit
// blocks", index i, bit j = 0..39), carried here as 20 PAM4 bit pairs ((A << 1) | B, bit 2q of
// the block = A of pair q). Block i goes to branch b = i mod P; the interleaver delays branch b by
// (P - 1 - b) D blocks of that branch, the deinterleaver by b D, i.e. by P (P - 1 - b) D and
// P b D blocks of the stream: every block crosses the pair in P (P - 1) D blocks. Both start with
// all-zero delay lines (block 0 of the stream is on branch 0). Defaults P = 3, D = 192 (see the
// doc for the source; both configurable). The inner encoder takes blocks 3u, 3u + 1, 3u + 2 of
// the interleaver output as message u (bits 40 i + j = 120 u + v), so each Hamming message holds
// one block of each branch.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace halo::fec::inner {

inline constexpr unsigned kCiBlockBits = 40;   ///< bits per CI block
inline constexpr unsigned kCiBlockPairs = 20;  ///< PAM4 bit pairs per CI block

struct ConvInterleaverConfig {
  unsigned branches = 3;   ///< P, 1..16
  unsigned depth = 192;    ///< D, CI blocks per delay step, 0..4096
  bool deinterleave = false;
};

class ConvInterleaver {
 public:
  /// Throws std::invalid_argument for parameters outside the ranges above.
  explicit ConvInterleaver(const ConvInterleaverConfig& cfg = {});
  void configure(const ConvInterleaverConfig& cfg);
  /// Zero delay lines, stream position 0.
  void reset();
  /// pairs in -> pairs out (same length, any split; output entry n is input entry
  /// n - 20 * delay(branch of block n / 20), zero before the stream).
  void process(std::span<const std::uint8_t> in, std::span<std::uint8_t> out);
  /// End-to-end delay of interleaver + deinterleaver, in pairs: 20 P (P - 1) D.
  [[nodiscard]] std::uint64_t pair_latency() const noexcept;
  [[nodiscard]] const ConvInterleaverConfig& config() const noexcept { return cfg_; }

 private:
  ConvInterleaverConfig cfg_;
  std::vector<std::uint8_t> ring_;
  std::uint64_t mask_ = 0, pos_ = 0;
};

}  // namespace halo::fec::inner

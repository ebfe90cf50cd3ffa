// IEEE 802.3dj Clause 177 inner FEC: the Hamming(128,120) code over PAM4 (encoder, LLRs,
// hard-decision and Chase-2 decoders). docs/inner_fec.md describes the code and the choices.
//
// The code (IEEE P802.3dj Clause 177, Figure 177-5 and Table 177-1; draft text quoted in
// github.com/Omer-Sella/802.3):
// each 120 message bits m(0..119) (60 PAM4 symbols, m(2k) = A, m(2k+1) = B of symbol k, A sent
// first, Gray mapped as in dsp/pam4.hpp) give the XOR-domain bits m_xor(k) = m(2k) XOR m(2k+1)
// (k = 0..59, the parity of the PAM4 level index); a Hamming(68,60) encoder computes the 8
// parity bits p_j = XOR_k m_xor(k) G(k, j) (j = 0..7, G = Table 177-1, 60 x 8). The codeword sent
// is m(0..119) then p0..p7: 128 bits, 64 PAM4 symbols. The parity-check matrix [G^T | I8] has 68
// distinct odd-weight columns: an extended Hamming code, d_min = 4.
//
// XOR-domain positions: 0..59 = data symbol k (both of its bits), 60 + j = parity bit p_j
// (codeword bit 120 + j). A PAM4 symbol moved to a neighbouring level flips exactly one Gray
// bit, hence its XOR-domain bit: the code corrects any one such symbol error per codeword and
// detects any two.
//
// Formats: bits are uint8 0/1; a "pair" is one PAM4 symbol's bits (A << 1) | B (the layout of
// FecRx's input and dsp::gray_demap); LLRs are fx::kLlrBits-bit words held in int8, one per
// codeword bit in transmission order (halo/fixed.hpp, inner_llr.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "halo/dsp/common.hpp"

namespace halo::fec::inner {

inline constexpr unsigned kMsgBits = 120;    ///< message bits per codeword
inline constexpr unsigned kCwBits = 128;     ///< codeword bits
inline constexpr unsigned kMsgSymbols = 60;  ///< PAM4 symbols of the message
inline constexpr unsigned kCwSymbols = 64;   ///< PAM4 symbols of the codeword
inline constexpr unsigned kParityBits = 8;   ///< p0..p7
inline constexpr unsigned kXorBits = 68;     ///< length of the XOR-domain Hamming(68,60) code
inline constexpr unsigned kMinChase = 2;     ///< Chase-2 L range (issue 22)
inline constexpr unsigned kMaxChase = 6;
/// Most XOR-domain positions one decode can change (L test positions + 1 algebraic flip).
inline constexpr unsigned kMaxFlips = kMaxChase + 1;

/// Table 177-1: row k (m_xor(k)), bit j = G(k, j) (column p_j as the draft lists them, p0 first).
extern const std::array<std::uint8_t, kMsgSymbols> kG;
/// Parity-check column of XOR-domain position i (0..67): kG[i] for i < 60, 1 << (i - 60) else.
[[nodiscard]] std::uint8_t h_column(unsigned i) noexcept;
/// Syndrome -> XOR-domain position of the single error it indicates, or -1 (syndrome 0, an even
/// syndrome = two errors, or one of the 60 odd syndromes that is no column = three or more).
[[nodiscard]] int syndrome_position(std::uint8_t s) noexcept;

/// Parity byte (bit j = p_j) of a message given as 60 pairs ((A << 1) | B; upper bits ignored).
[[nodiscard]] std::uint8_t parity_of_pairs(std::span<const std::uint8_t, kMsgSymbols> pairs) noexcept;
/// Parity byte of a packed message: bit b (0..119, transmission order) of the message is bit
/// b % 64 of msg[b / 64]; bits 120..127 of msg[1] are ignored. About 15 table look-ups.
[[nodiscard]] std::uint8_t parity_packed(const std::array<std::uint64_t, 2>& msg) noexcept;
/// Packed codeword: the message with the parity in bits 120..127 (bit 120 + j = p_j).
[[nodiscard]] std::array<std::uint64_t, 2> encode_packed(const std::array<std::uint64_t, 2>& msg) noexcept;

/// Encodes one message of 120 bits (0/1) into 128 bits. Throws std::invalid_argument on wrong
/// lengths or a value other than 0/1 (naming the bit).
void encode_bits(std::span<const std::uint8_t> msg, std::span<std::uint8_t> cw);
/// Encodes one message of 60 pairs into 64 pairs (the 4 parity symbols carry (p0,p1) .. (p6,p7),
/// p_{2i} as A). Throws std::invalid_argument on wrong lengths; pairs use their two LSBs.
void encode_pairs(std::span<const std::uint8_t> msg, std::span<std::uint8_t> cw);

/// Syndrome (bit j = check j) of a received codeword of 128 hard bits given as 64 pairs.
[[nodiscard]] std::uint8_t syndrome_of_pairs(std::span<const std::uint8_t, kCwSymbols> pairs) noexcept;

/// Decoder algorithms (the decoder is the implementer's choice in Clause 177).
enum class InnerAlgo : std::uint8_t {
  hard,   ///< syndrome decoding of the XOR-domain hard decisions, soft side information only
          ///< to move a flagged data symbol towards its sample
  chase,  ///< Chase-2 over the L least reliable XOR-domain positions (Chase 1972, algorithm 2)
};

struct InnerDecoderConfig {
  InnerAlgo algo = InnerAlgo::chase;
  unsigned chase_l = 4;  ///< L, 2..6 (chase only)
  bool correct = true;   ///< false: bypass (errors located and counted, data passed unchanged)
};

enum class InnerStatus : std::uint8_t {
  clean,          ///< syndrome 0: nothing changed
  corrected,      ///< a valid codeword chosen; `flips` positions changed
  uncorrectable,  ///< detected, not corrected (hard: even or non-column syndrome; Chase: no
                  ///< test pattern led to a codeword); data passed as received
  unresolved,     ///< hard-bit input only: the error is in a data symbol on an inner level,
                  ///< whose two neighbours cannot be told apart without the sample; passed as
                  ///< received (decode_hard_bits)
};

/// One codeword's decoder verdict.
struct InnerDecodeResult {
  InnerStatus status = InnerStatus::clean;
  std::uint8_t num_flips = 0;  ///< XOR-domain positions changed (corrected) or located
  /// The changed XOR-domain positions (0..67), ascending; entries >= num_flips are unused.
  std::array<std::uint8_t, kMaxFlips> flips{};
  std::uint16_t metric = 0;    ///< sum of the changed positions' reliabilities (LLR LSBs)
};

/// Hard and Chase-2 decoders of the Clause 177 code, bit-exact in fixed point.
///
/// Soft input: 128 LLRs (fx::kLlrBits, transmission order, inner_llr.hpp); values outside the
/// format saturate. Hard decision of bit b: its LLR's sign bit. Reliability rel(b) =
/// L >= 0 ? L : -1 - L. XOR-domain hard bit x(k) = A ^ B of symbol k (k < 60) or p_j; its
/// reliability r(k) = min(rel(A), rel(B)) (the distance to the nearest slicer threshold) or
/// rel(p_j).
///
/// Chase-2 (algo chase): the L least reliable XOR positions (ascending (r, position)) define
/// 2^L test patterns e = 0 .. 2^L - 1 (bit i of e flips the i-th least reliable); each pattern's
/// syndrome is 0 (a codeword) or a column (one more flip) or neither (no candidate). Metric of
/// a candidate = sum of r over the positions where it differs from the hard decisions; the
/// least metric wins, ties go to the lower pattern index. No candidate: uncorrectable.
/// Hard (algo hard): syndrome 0 -> clean; a column -> that position flipped; else uncorrectable.
///
/// Applying an XOR-domain flip: parity position -> its bit flipped; data symbol k -> the symbol
/// moves to the neighbouring level on the side of its sample: bit A flipped if rel(A) < rel(B)
/// (the centre threshold is the nearer), else bit B (an outer level has only the B neighbour).
class InnerDecoder {
 public:
  /// Throws std::invalid_argument for chase_l outside 2..6 with algo chase.
  explicit InnerDecoder(const InnerDecoderConfig& cfg = {});
  [[nodiscard]] const InnerDecoderConfig& config() const noexcept { return cfg_; }

  /// Decodes 128 LLRs into 64 corrected pairs (out; as received when uncorrectable or bypassed).
  /// Throws std::invalid_argument on wrong lengths.
  InnerDecodeResult decode(std::span<const std::int8_t> llr, std::span<std::uint8_t> out) const;

  /// Hard-bit input (the CLI without --llr): 64 received pairs. Syndrome decoding; a parity
  /// bit or an outer-level data symbol (B = 0) is corrected, a data symbol on an inner level
  /// (B = 1) is flagged `unresolved` and passed unchanged. Throws on wrong lengths.
  InnerDecodeResult decode_hard_bits(std::span<const std::uint8_t> pairs, std::span<std::uint8_t> out) const;

  /// Operations of one decode() call on its full path (syndrome != 0; the RTL decodes every
  /// codeword so), as decode() performs them: `adds` counts one per XOR, compare,
  /// add/subtract or table look-up step (docs/inner_fec.md, "Operation count"):
  ///   front (both): 60 data symbols x 4 (sign XOR, 2 reliabilities, rel A < rel B)
  ///                 + syndrome of the XOR bits: 8 byte-table look-ups + 8 XORs
  ///                 + 8 parity bits x 2 (reliability, syndrome bit) = 272;
  ///   hard:    + syndrome look-up + the flip = 274;
  ///   Chase L: + pre-pass 68 x 2 + list insertion 68 x (1 + L) (threshold test, at most L
  ///            compare-and-shift steps) + 2^L patterns x 7 - 2 (pattern syndrome and metric
  ///            updates for e != 0, s, look-up, in-list test, metric +- r, best compare)
  ///            + (L + 1) flips x 3 (toggle, metric add, output XOR) = 477 + 71 L + 7 x 2^L.
  /// multiplies = 0; register_bits = the codeword's 128 LLR words (fx::kLlrBits each);
  /// memory_bits = the look-up tables (8 x 256 x 8 syndrome bytes + 256 x 8 positions).
  [[nodiscard]] dsp::OpCounts ops_per_codeword() const noexcept;

 private:
  InnerDecoderConfig cfg_;
};

}  // namespace halo::fec::inner

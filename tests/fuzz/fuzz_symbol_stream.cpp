// libFuzzer harness: the KP4 / KR4 symbol-stream readers of `halolink fec`
// (sim/cli/fec_stream.hpp, little-endian uint16 records) and the codeword bit/byte I/O of
// cmodel/fec/codeword_io.cpp, feeding every record read to the RS decoder or encoder.
// Byte 0 selects the code (bit 0: KP4 / KR4) and the record kind (bit 1: codeword /
// message); the rest is the stream. Checks: a corrected codeword decodes again without
// errors, an encoded message is a codeword; errors must be the documented exceptions.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "fec_stream.hpp"
#include "halo/fec/codeword_io.hpp"
#include "halo/fec/rs_decoder.hpp"
#include "halo/fec/rs_encoder.hpp"

namespace {

namespace fec = halo::fec;

void check(bool ok) {
  if (!ok) std::abort();
}

void stream(const std::filesystem::path& path, const fec::RsCode& code, bool codewords) {
  static const fec::RsDecoder kp4_dec(fec::kKp4), kr4_dec(fec::kKr4);
  static const fec::RsEncoder kp4_enc(fec::kKp4), kr4_enc(fec::kKr4);
  const auto& dec = code.n == fec::kKp4.n ? kp4_dec : kr4_dec;
  const auto& enc = code.n == fec::kKp4.n ? kp4_enc : kr4_enc;
  halo::cli::SymbolReader in(path.string(), codewords ? code.n : code.k, codewords ? "codeword" : "message");
  const unsigned len = codewords ? code.n : code.k;
  std::vector<fec::gf_t> rec(len), cw(code.n);
  try {
    for (std::span<fec::gf_t> blk; !(blk = in.next_block()).empty();) {
     check(blk.size() % len == 0);
     for (std::size_t r = 0; r < blk.size() / len; ++r) {
      rec.assign(blk.begin() + static_cast<std::ptrdiff_t>(r * len), blk.begin() + static_cast<std::ptrdiff_t>((r + 1) * len));
      for (auto s : rec) check(s < fec::kGfSize);
      if (codewords) {
        const auto r = dec.decode(rec);
        if (!r.uncorrectable) check(dec.decode(rec).corrected_symbols == 0);
      } else {
        enc.encode(rec, cw);
        check(!dec.decode(cw).uncorrectable && dec.decode(cw).corrected_symbols == 0);
      }
     }
    }
  } catch (const std::runtime_error&) {  // truncated record or symbol >= 1024: named errors
  }
}

void codeword_io(std::span<const std::uint8_t> b) {
  std::vector<fec::gf_t> sym(b.size() * 8 / 10);
  try {
    fec::bytes_to_symbols(b.first(sym.size() * 10 / 8), sym);
  } catch (const std::invalid_argument&) {  // 10 * symbols != 8 * bytes
  }
  std::vector<fec::gf_t> s2(b.size() / 10);
  try {
    fec::bits_to_symbols(b.first(10 * s2.size()), s2);  // bits must be 0/1
  } catch (const std::invalid_argument&) {
  }
  std::vector<fec::gf_t> syms(b.size() / 2);
  for (std::size_t i = 0; i < syms.size(); ++i) syms[i] = static_cast<fec::gf_t>((b[2 * i] | b[2 * i + 1] << 8) & 0x7ff);
  check(fec::find_invalid_symbol(syms) <= syms.size());
  for (unsigned ways : {1u, 2u, 3u, 4u}) {
    std::vector<fec::gf_t> out(syms.size()), back(syms.size());
    try {
      fec::interleave_symbols(syms, ways, out);
      fec::deinterleave_symbols(out, ways, back);
      check(back == syms);
    } catch (const std::invalid_argument&) {
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const fec::RsCode code = (data[0] & 1) ? fec::kKr4 : fec::kKp4;
  const bool codewords = (data[0] & 2) == 0;
  static const std::filesystem::path tmp =
      std::filesystem::temp_directory_path() / ("halo_fuzz_symbols_" + std::to_string(getpid()) + ".bin");
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
  }
  stream(tmp, code, codewords);
  codeword_io({data + 1, size - 1});
  return 0;
}

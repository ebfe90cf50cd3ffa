// Raw symbol streams for `halolink fec`: little-endian uint16 per 10-bit symbol, records
// of a fixed number of symbols. Errors name the file, the record, the symbol and the
// expectation; a trailing partial record is an error (never silently dropped).
#pragma once

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "atomic_file.hpp"
#include "halo/fec/gf1024.hpp"

namespace halo::cli {

/// A record that cannot be read (truncated, a symbol >= 1024, a read error): the records
/// before it were good, so a command can keep them.
struct RecordError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class SymbolReader {
 public:
  /// path "-" = stdin. `what` names the record kind in errors ("message", "codeword").
  SymbolReader(std::string path, unsigned record_symbols, std::string what)
      : path_(std::move(path)), n_(record_symbols), what_(std::move(what)), buf_(2u * record_symbols) {
    f_ = path_ == "-" ? stdin : std::fopen(path_.c_str(), "rb");
    if (!f_) throw std::runtime_error("cannot open input file '" + path_ + "': " + std::strerror(errno));
  }
  ~SymbolReader() {
    if (f_ && f_ != stdin) std::fclose(f_);
  }
  SymbolReader(const SymbolReader&) = delete;
  SymbolReader& operator=(const SymbolReader&) = delete;

  /// Reads the next record into `out` (n symbols). Returns false at a clean end of file.
  /// Throws RecordError on a partial record, a symbol >= 1024 or a read error.
  bool next(std::span<fec::gf_t> out) {
    const std::size_t got = std::fread(buf_.data(), 1, buf_.size(), f_);
    if (std::ferror(f_)) throw RecordError(name() + ": read error: " + std::strerror(errno));
    if (got == 0) return false;
    if (got != buf_.size())
      throw RecordError(name() + ": " + what_ + " " + std::to_string(index_) + " is truncated: " +
                               std::to_string(got) + " bytes, expected " + std::to_string(buf_.size()) + " (" +
                               std::to_string(n_) + " little-endian uint16 symbols)");
    for (unsigned i = 0; i < n_; ++i) {
      const unsigned v = buf_[2 * i] | (static_cast<unsigned>(buf_[2 * i + 1]) << 8);
      if (v >= fec::kGfSize)
        throw RecordError(name() + ": " + what_ + " " + std::to_string(index_) + ", symbol " +
                                 std::to_string(i) + ": value " + std::to_string(v) +
                                 " is not a 10-bit symbol (expected 0..1023)");
      out[i] = static_cast<fec::gf_t>(v);
    }
    ++index_;
    return true;
  }

 private:
  std::string name() const { return path_ == "-" ? std::string("stdin") : "file '" + path_ + "'"; }
  std::string path_;
  unsigned n_;
  std::string what_;
  std::vector<unsigned char> buf_;
  std::FILE* f_ = nullptr;
  std::uint64_t index_ = 0;
};

/// Records to a file (through an AtomicFile: nothing appears until commit()) or stdout ("-").
class SymbolWriter {
 public:
  explicit SymbolWriter(std::string path) : file_(std::move(path)) {}

  void write(std::span<const fec::gf_t> s) {
    buf_.resize(2 * s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
      buf_[2 * i] = static_cast<unsigned char>(s[i] & 0xffu);
      buf_[2 * i + 1] = static_cast<unsigned char>(s[i] >> 8);
    }
    file_.write(buf_.data(), buf_.size());
    ++records_;
  }
  /// Records written so far.
  std::uint64_t records() const { return records_; }
  /// Everything written and closed; only the rename is left (see AtomicFile::finish).
  void finish() { file_.finish(); }
  void commit() { file_.commit(); }
  /// The file's name in messages.
  std::string name() const { return file_.path() == "-" ? std::string("stdout") : "'" + file_.path() + "'"; }

 private:
  AtomicFile file_;
  std::vector<unsigned char> buf_;
  std::uint64_t records_ = 0;
};

}  // namespace halo::cli

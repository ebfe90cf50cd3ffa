// Raw symbol streams for `halolink fec`: little-endian uint16 per 10-bit symbol, records
// of a fixed number of symbols. Errors name the file, the record, the symbol and the
// expectation; a trailing partial record is an error (never silently dropped).
//
// Block I/O (issue 25, target 1): records are read and written in blocks of about 256 KiB
// (page-aligned buffers, one read(2) / write(2) per block instead of two 4 KiB stdio calls per
// record), and for regular files a read-ahead thread fills the next block and a write-behind
// thread writes the previous one while the caller codes the current one. Memory is a fixed
// number of blocks (constant RSS whatever the stream length). The bytes written and every
// error message are those of the record-at-a-time version: a block is handed over only up to
// the first bad record, whose error is thrown on the next call, so the records before it are
// coded and written first. Output blocks go through AtomicFile::write_block: write(2), and the
// temporary's write-back started every 8 MiB, so the final fsync waits for little.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <thread>

#include "halo/isa.hpp"
#include <vector>

#include "atomic_file.hpp"
#include "halo/fec/gf1024.hpp"

namespace halo::cli {

/// A record that cannot be read (truncated, a symbol >= 1024, a read error): the records
/// before it were good, so a command can keep them.
struct RecordError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

namespace stream_detail {

/// Bytes per I/O block (rounded down to whole records, at least one record).
inline constexpr std::size_t kBlockBytes = 256 * 1024;
/// Blocks in flight per stream (2 MiB): the worker thread is woken once per kBatch blocks, not
/// per block (a full read-ahead ring waits until kBatch slots are free; an idle write-behind
/// thread waits until kBatch blocks are queued or the stream is drained), so the threads
/// sleep and wake about 4x less often, and a worker delayed by the scheduler on a busy machine
/// has 2 MiB of slack before it stalls the caller.
inline constexpr unsigned kSlots = 8;
inline constexpr unsigned kBatch = 4;

struct FreeDeleter {
  void operator()(void* p) const noexcept { std::free(p); }
};
/// A page-aligned buffer of `bytes` (rounded up to the alignment).
inline std::unique_ptr<unsigned char[], FreeDeleter> aligned_buffer(std::size_t bytes) {
  constexpr std::size_t kAlign = 4096;
  void* p = std::aligned_alloc(kAlign, (bytes + kAlign - 1) / kAlign * kAlign);
  if (!p) throw std::bad_alloc();
  return std::unique_ptr<unsigned char[], FreeDeleter>(static_cast<unsigned char*>(p));
}

/// Symbols are little-endian in files; on a big-endian host swap them in place.
inline void to_host(fec::gf_t* p, std::size_t n) noexcept {
  if constexpr (std::endian::native == std::endian::big)
    for (std::size_t i = 0; i < n; ++i) p[i] = static_cast<fec::gf_t>((p[i] >> 8) | (p[i] << 8));
  (void)p;
  (void)n;
}

namespace {
template <halo::isa::Level>
[[gnu::always_inline]] inline unsigned or_symbols_body(const fec::gf_t* p, std::size_t n) noexcept {
  unsigned acc = 0;
  for (std::size_t i = 0; i < n; ++i) acc |= p[i];
  return acc;
}
HALO_ISA_VARIANTS(unsigned, or_symbols, (const fec::gf_t* p, std::size_t n), (p, n))
}  // namespace

/// The OR of n symbols, with the host's widest vectors (halo/isa.hpp): >= 1024 iff some symbol
/// is not a 10-bit value. One pass over a whole block (the CLI is built for the baseline ISA).
inline unsigned or_symbols(const fec::gf_t* p, std::size_t n) noexcept {
  return halo::isa::pick(or_symbols_v4, or_symbols_v3, or_symbols_base)(p, n);
}

/// A ring of kSlots fixed-size blocks passed between the caller and one worker thread.
/// Producer side fills slot i, publishes it; consumer side takes it and releases it.
struct Ring {
  struct Slot {
    std::unique_ptr<unsigned char[], FreeDeleter> buf;
    std::size_t bytes = 0;  // valid bytes
    int err = 0;            // errno of a failed read after `bytes`
    bool eof = false;       // end of input after `bytes`
  };
  explicit Ring(std::size_t block_bytes) {
    for (auto& s : slots) s.buf = aligned_buffer(block_bytes);
  }
  Slot slots[kSlots];
  std::mutex m;
  std::condition_variable cv;
  unsigned filled = 0;   // slots published by the producer, not yet released by the consumer
  unsigned produced = 0, consumed = 0;  // running counts (slot = count % kSlots)
  bool stop = false;     // the consumer gives up (reader) / the producer is done (writer)
  bool flush = false;    // writer: the caller drains, write whatever is queued
};

}  // namespace stream_detail

class SymbolReader {
 public:
  /// path "-" = stdin. `what` names the record kind in errors ("message", "codeword").
  SymbolReader(std::string path, unsigned record_symbols, std::string what)
      : path_(std::move(path)),
        n_(record_symbols),
        what_(std::move(what)),
        rec_bytes_(2u * record_symbols),
        block_bytes_(std::max<std::size_t>(1, stream_detail::kBlockBytes / rec_bytes_) * rec_bytes_) {
    if (path_ == "-") {
      fd_ = STDIN_FILENO;
    } else {
      fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd_ < 0) throw std::runtime_error("cannot open input file '" + path_ + "': " + std::strerror(errno));
    }
    struct stat st{};
    // a read-ahead thread only for regular files: their reads never block indefinitely, so the
    // thread can always be joined (a pipe or terminal is read in the caller's thread)
    if (::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode)) {
      ring_ = std::make_unique<stream_detail::Ring>(block_bytes_);
      worker_ = std::thread([this] { read_ahead(); });
    } else {
      own_ = stream_detail::aligned_buffer(block_bytes_);
    }
  }
  ~SymbolReader() {
    if (worker_.joinable()) {
      {
        std::lock_guard<std::mutex> l(ring_->m);
        ring_->stop = true;
      }
      ring_->cv.notify_all();
      worker_.join();
    }
    if (fd_ >= 0 && fd_ != STDIN_FILENO) ::close(fd_);
  }
  SymbolReader(const SymbolReader&) = delete;
  SymbolReader& operator=(const SymbolReader&) = delete;

  /// The next block of whole, valid records: n symbols each (values 0..1023), in order,
  /// contiguous and writable (the caller may decode in place). Empty at a clean end of file.
  /// A problem (a partial record, a symbol >= 1024, a read error) ends the block before the
  /// record it is in; the next call throws its RecordError. The span is valid until the next
  /// call.
  std::span<fec::gf_t> next_block() {
    release();
    if (pending_) {
      RecordError e = *pending_;
      pending_.reset();
      done_ = true;
      throw e;
    }
    if (done_) return {};
    // a block is full (whole records) unless the input ended or failed inside it
    unsigned char* buf = acquire();
    const std::size_t whole = have_ / rec_bytes_;
    fec::gf_t* sym = reinterpret_cast<fec::gf_t*>(buf);
    stream_detail::to_host(sym, whole * n_);
    std::size_t good = whole;
    // the whole block in one vector pass; record by record only when it holds a bad symbol
    const bool clean = stream_detail::or_symbols(sym, whole * n_) < fec::kGfSize;
    for (std::size_t r = 0; r < whole && !clean; ++r) {
      const fec::gf_t* rec = sym + r * n_;
      unsigned acc = 0;
      for (unsigned i = 0; i < n_; ++i) acc |= rec[i];
      if (acc < fec::kGfSize) continue;
      for (unsigned i = 0; i < n_; ++i)
        if (rec[i] >= fec::kGfSize) {
          pending_ = RecordError(name() + ": " + what_ + " " + std::to_string(index_ + r) + ", symbol " +
                                 std::to_string(i) + ": value " + std::to_string(rec[i]) +
                                 " is not a 10-bit symbol (expected 0..1023)");
          break;
        }
      good = r;
      break;
    }
    if (!pending_ && (read_err_ || at_eof_)) {
      const std::size_t part = have_ - whole * rec_bytes_;
      if (read_err_)
        pending_ = RecordError(name() + ": read error: " + std::strerror(read_err_));
      else if (part != 0)
        pending_ = RecordError(name() + ": " + what_ + " " + std::to_string(index_ + whole) + " is truncated: " +
                               std::to_string(part) + " bytes, expected " + std::to_string(rec_bytes_) + " (" +
                               std::to_string(n_) + " little-endian uint16 symbols)");
      else
        done_ = true;
    }
    index_ += good;
    if (good == 0 && pending_) return next_block();  // nothing before the problem: throw it now
    return {sym, good * n_};
  }

  /// Records returned so far.
  std::uint64_t records() const { return index_; }

 private:
  std::string name() const { return path_ == "-" ? std::string("stdin") : "file '" + path_ + "'"; }

  /// Reads until `dst` holds `want` bytes, end of file or an error (as fread did for a record).
  static std::size_t read_full(int fd, unsigned char* dst, std::size_t want, int& err, bool& eof) {
    std::size_t got = 0;
    while (got < want) {
      const ssize_t r = ::read(fd, dst + got, want - got);
      if (r > 0) {
        got += static_cast<std::size_t>(r);
      } else if (r == 0) {
        eof = true;
        break;
      } else if (errno != EINTR) {
        err = errno;
        break;
      }
    }
    return got;
  }

  /// Worker: fills free slots in order until end of file, an error or stop.
  void read_ahead() {
    stream_detail::Ring& q = *ring_;
    for (;;) {
      std::unique_lock<std::mutex> l(q.m);
      if (q.filled == stream_detail::kSlots)  // full: wait for kBatch free slots
        q.cv.wait(l, [&] { return q.stop || q.filled <= stream_detail::kSlots - stream_detail::kBatch; });
      if (q.stop) return;
      stream_detail::Ring::Slot& s = q.slots[q.produced % stream_detail::kSlots];
      l.unlock();
      s.err = 0;
      s.eof = false;
      s.bytes = read_full(fd_, s.buf.get(), block_bytes_, s.err, s.eof);
      l.lock();
      ++q.produced;
      ++q.filled;
      if (q.filled == 1 || s.err || s.eof) q.cv.notify_all();  // the caller waits only on an empty ring
      if (s.err || s.eof) return;
    }
  }

  /// The next raw block: the oldest slot of the read-ahead ring (held until release()) or a
  /// direct read. Sets have_, read_err_, at_eof_.
  unsigned char* acquire() {
    if (!ring_) {
      int err = 0;
      bool eof = false;
      have_ = read_full(fd_, own_.get(), block_bytes_, err, eof);
      read_err_ = err;
      at_eof_ = eof;
      return own_.get();
    }
    stream_detail::Ring& q = *ring_;
    std::unique_lock<std::mutex> l(q.m);
    q.cv.wait(l, [&] { return q.filled > 0; });
    stream_detail::Ring::Slot& s = q.slots[q.consumed % stream_detail::kSlots];
    have_ = s.bytes;
    read_err_ = s.err;
    at_eof_ = s.eof;
    held_ = true;
    return s.buf.get();
  }
  /// Gives the slot of the previous block back to the read-ahead thread.
  void release() {
    if (!held_) return;
    held_ = false;
    stream_detail::Ring& q = *ring_;
    std::lock_guard<std::mutex> l(q.m);
    ++q.consumed;
    --q.filled;
    if (q.filled == stream_detail::kSlots - stream_detail::kBatch) q.cv.notify_all();  // see read_ahead
  }

  std::string path_;
  unsigned n_;
  std::string what_;
  std::size_t rec_bytes_, block_bytes_;
  int fd_ = -1;
  std::unique_ptr<stream_detail::Ring> ring_;
  std::unique_ptr<unsigned char[], stream_detail::FreeDeleter> own_;
  std::thread worker_;
  std::size_t have_ = 0;  // bytes in the current block
  int read_err_ = 0;
  bool at_eof_ = false, done_ = false, held_ = false;
  std::optional<RecordError> pending_;
  std::uint64_t index_ = 0;
};

/// Records to a file (through an AtomicFile: nothing appears until commit()) or stdout ("-"),
/// in blocks: reserve() a block of records, fill it, then put() it; a write-behind thread
/// writes full blocks to a regular file while the caller fills the next.
class SymbolWriter {
 public:
  /// `record_symbols` symbols per record.
  SymbolWriter(std::string path, unsigned record_symbols)
      : file_(std::move(path)),
        n_(record_symbols),
        block_records_(std::max<std::size_t>(1, stream_detail::kBlockBytes / (2u * record_symbols))) {
    const std::size_t block = block_records_ * 2u * n_;
    struct stat st{};
    if (file_.path() != "-" && ::stat(file_.path().c_str(), &st) != 0) st.st_mode = S_IFREG;  // a new file
    if (file_.path() != "-" && S_ISREG(st.st_mode)) {
      ring_ = std::make_unique<stream_detail::Ring>(block);
      worker_ = std::thread([this] { write_behind(); });
    } else {
      own_ = stream_detail::aligned_buffer(block);
    }
    cur_ = ring_ ? nullptr : own_.get();
  }
  ~SymbolWriter() { stop_worker(); }
  SymbolWriter(const SymbolWriter&) = delete;
  SymbolWriter& operator=(const SymbolWriter&) = delete;

  /// Room for up to block_records() records (n symbols each), to fill and then put().
  std::span<fec::gf_t> reserve() {
    if (!cur_) cur_ = take_free_slot();
    return {reinterpret_cast<fec::gf_t*>(cur_), block_records_ * n_};
  }
  /// Writes the first `records` records of the reserved block (in order with earlier ones).
  void put(std::size_t records) {
    const std::size_t bytes = records * 2u * n_;
    fec::gf_t* sym = reinterpret_cast<fec::gf_t*>(cur_);
    stream_detail::to_host(sym, records * n_);  // host -> little-endian (the same swap)
    records_ += records;
    if (!ring_) {
      file_.write_block(cur_, bytes);
      return;
    }
    stream_detail::Ring& q = *ring_;
    std::unique_lock<std::mutex> l(q.m);
    q.slots[q.produced % stream_detail::kSlots].bytes = bytes;
    ++q.produced;
    ++q.filled;
    cur_ = nullptr;
    if (q.filled == stream_detail::kBatch) q.cv.notify_all();  // see write_behind
  }
  /// Records per reserved block.
  std::size_t block_records() const { return block_records_; }
  /// Records written so far.
  std::uint64_t records() const { return records_; }
  /// Everything written and closed; only the rename is left (see AtomicFile::finish).
  void finish() {
    drain();
    file_.finish();
  }
  void commit() {
    drain();
    file_.commit();
  }
  /// The file's name in messages.
  std::string name() const { return file_.path() == "-" ? std::string("stdout") : "'" + file_.path() + "'"; }

 private:
  unsigned char* take_free_slot() {
    stream_detail::Ring& q = *ring_;
    std::unique_lock<std::mutex> l(q.m);
    q.cv.wait(l, [&] { return q.filled < stream_detail::kSlots || error_; });
    rethrow_locked();
    return q.slots[q.produced % stream_detail::kSlots].buf.get();
  }
  void rethrow_locked() {
    if (error_) {
      std::exception_ptr e = error_;
      error_ = nullptr;
      failed_ = true;
      std::rethrow_exception(e);
    }
  }
  /// Waits until every put() block is written; rethrows the writer's error.
  void drain() {
    if (!ring_ || failed_) return;
    stream_detail::Ring& q = *ring_;
    std::unique_lock<std::mutex> l(q.m);
    q.flush = true;
    q.cv.notify_all();
    q.cv.wait(l, [&] { return q.filled == 0 || error_; });
    rethrow_locked();
  }
  void stop_worker() {
    if (!worker_.joinable()) return;
    {
      std::lock_guard<std::mutex> l(ring_->m);
      ring_->stop = true;
    }
    ring_->cv.notify_all();
    worker_.join();
  }
  /// Worker: writes published slots in order; stops at the first error (kept for the caller).
  void write_behind() {
    stream_detail::Ring& q = *ring_;
    for (;;) {
      std::unique_lock<std::mutex> l(q.m);
      // idle: wait for kBatch queued blocks (or a drain), then write until the queue is empty
      if (q.filled == 0)
        q.cv.wait(l, [&] { return q.stop || q.filled >= stream_detail::kBatch || (q.flush && q.filled > 0); });
      if (q.filled == 0 || q.stop) return;  // stop: abandon (the caller is unwinding)
      stream_detail::Ring::Slot& s = q.slots[q.consumed % stream_detail::kSlots];
      l.unlock();
      std::exception_ptr err;
      try {
        file_.write_block(s.buf.get(), s.bytes);
      } catch (...) {
        err = std::current_exception();
      }
      l.lock();
      if (err) {
        error_ = err;
        q.cv.notify_all();
        return;
      }
      ++q.consumed;
      --q.filled;
      // the caller waits only on a full ring (take_free_slot) or for an empty one (drain)
      if (q.filled == stream_detail::kSlots - 1 || q.filled == 0) q.cv.notify_all();
    }
  }

  AtomicFile file_;
  unsigned n_;
  std::size_t block_records_;
  std::unique_ptr<stream_detail::Ring> ring_;
  std::unique_ptr<unsigned char[], stream_detail::FreeDeleter> own_;
  unsigned char* cur_ = nullptr;
  std::exception_ptr error_;  // guarded by ring_->m
  bool failed_ = false;
  std::thread worker_;
  std::uint64_t records_ = 0;
};

}  // namespace halo::cli

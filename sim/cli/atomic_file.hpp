// Output files of the `halolink` commands: nothing lost, nothing half-written.
//  - refuse_same_file: an output that is the same file as an input (or as another output)
//    is refused before anything is opened for writing; "same" compares device and inode,
//    so symbolic and hard links are seen through.
//  - AtomicFile: written to a temporary file in the target's directory and renamed onto the
//    target by commit(); a run that fails before commit() leaves the target untouched and
//    no temporary behind. Every write, the flush, the close and the rename are checked and
//    fail with the OS reason. "-" is standard output; an existing target that is not a
//    regular file (a device such as /dev/null or /dev/full, a FIFO) is written in place.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace halo::cli {

/// A file named on the command line: its role in messages ("input file", "--stats file")
/// and its path ("-" = standard input/output, never compared).
struct NamedFile {
  std::string role;
  std::string path;
};

/// Throws UsageError if any output names the same file as an input or another output:
/// same device and inode when both exist, else the same absolute path (links resolved).
void refuse_same_file(const std::vector<NamedFile>& inputs, const std::vector<NamedFile>& outputs);

class AtomicFile {
 public:
  /// Creates the temporary (or opens stdout / the non-regular target). Throws
  /// std::runtime_error "cannot write '<path>': <OS reason>".
  explicit AtomicFile(std::string path);
  /// Without commit(): closes and removes the temporary; the target is untouched.
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  /// Appends bytes (buffered). Throws std::runtime_error with the OS reason.
  void write(const void* data, std::size_t size);
  void write(std::string_view text) { write(text.data(), text.size()); }
  /// Appends a large block with write(2) (after the buffered bytes), no stdio copy; for the
  /// temporary of a regular target on Linux it also starts the block's write-back to the
  /// device (sync_file_range SYNC_FILE_RANGE_WRITE, asynchronous, every 8 MiB), so that the fsync
  /// of finish() finds little left to write. Throws std::runtime_error with the OS reason.
  void write_block(const void* data, std::size_t size);
  /// Flushes, syncs and closes the temporary: after this only the rename is left, so
  /// several files can be finished first and committed together. Idempotent. Throws.
  void finish();
  /// finish(), then renames the temporary onto the target. Throws with the OS reason.
  void commit();
  const std::string& path() const { return path_; }

 private:
  [[noreturn]] void fail(const char* what) const;
  std::string path_;    // as given, for messages
  std::string target_;  // where the rename goes (symbolic links resolved)
  std::string temp_;    // empty when writing in place
  std::FILE* f_ = nullptr;
  unsigned long long bytes_ = 0, synced_ = 0;  // bytes appended so far (offset of the next write)
  bool finished_ = false, committed_ = false;
};

/// Writes `text` to `path` through an AtomicFile and commits it.
void write_file_atomic(const std::string& path, std::string_view text);

}  // namespace halo::cli

#include "atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "commands.hpp"

namespace fs = std::filesystem;

namespace halo::cli {
namespace {

/// Same file: both regular files on the same device and inode; neither existing yet and
/// the same absolute path once links are resolved. Devices and FIFOs are never "same".
bool same_file(const std::string& a, const std::string& b) {
  struct stat sa{}, sb{};
  const bool ea = ::stat(a.c_str(), &sa) == 0, eb = ::stat(b.c_str(), &sb) == 0;
  if (ea && eb) return S_ISREG(sa.st_mode) && S_ISREG(sb.st_mode) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  if (ea || eb) return false;
  std::error_code e1, e2;
  const fs::path ca = fs::weakly_canonical(fs::absolute(a), e1), cb = fs::weakly_canonical(fs::absolute(b), e2);
  return !e1 && !e2 && ca == cb;
}

mode_t new_file_mode() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

}  // namespace

void refuse_same_file(const std::vector<NamedFile>& inputs, const std::vector<NamedFile>& outputs) {
  for (std::size_t o = 0; o < outputs.size(); ++o) {
    const NamedFile& out = outputs[o];
    if (out.path == "-") continue;
    auto refuse = [&](const NamedFile& other) {
      throw UsageError(out.role + " '" + out.path + "' is the same file as the " + other.role + " '" + other.path +
                       "': refusing to write over it");
    };
    for (const NamedFile& in : inputs)
      if (in.path != "-" && same_file(out.path, in.path)) refuse(in);
    for (std::size_t p = 0; p < o; ++p)
      if (outputs[p].path != "-" && same_file(out.path, outputs[p].path)) refuse(outputs[p]);
  }
}

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  if (path_ == "-") {
    f_ = stdout;
    return;
  }
  struct stat st{};
  mode_t mode = new_file_mode();
  target_ = path_;
  if (::stat(path_.c_str(), &st) == 0) {
    if (!S_ISREG(st.st_mode)) {  // a device, FIFO or directory: no rename onto it
      f_ = std::fopen(path_.c_str(), "wb");
      if (!f_) fail("open");
      return;
    }
    mode = st.st_mode & 07777;
    std::error_code ec;
    const fs::path real = fs::canonical(path_, ec);  // write through a symbolic link
    if (!ec) target_ = real.string();
  }
  const fs::path t(target_);
  const fs::path dir = t.has_parent_path() ? t.parent_path() : fs::path(".");
  std::string name = t.filename().string();
  name.insert(0, 1, '.');
  name += ".tmp.XXXXXX";
  std::string tmpl = (dir / name).string();
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0) fail("create a temporary file beside");
  temp_ = tmpl;
  if (::fchmod(fd, mode) != 0 || !(f_ = ::fdopen(fd, "wb"))) {
    const int e = errno;
    ::close(fd);
    errno = e;
    fail("create a temporary file beside");
  }
}

AtomicFile::~AtomicFile() {
  if (f_ && f_ != stdout) std::fclose(f_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

void AtomicFile::fail(const char* what) const {
  throw std::runtime_error("cannot " + std::string(what) + " '" + path_ + "': " + std::strerror(errno));
}

void AtomicFile::write(const void* data, std::size_t size) {
  if (finished_) throw std::logic_error("AtomicFile::write after finish");
  if (size > 0 && std::fwrite(data, 1, size, f_) != size) fail("write");
  bytes_ += size;
}

void AtomicFile::write_block(const void* data, std::size_t size) {
  if (finished_) throw std::logic_error("AtomicFile::write_block after finish");
  if (size == 0) return;
  if (std::fflush(f_) != 0) fail("write");
  const int fd = ::fileno(f_);
  const auto* p = static_cast<const unsigned char*>(data);
  for (std::size_t done = 0; done < size;) {
    const ssize_t w = ::write(fd, p + done, size - done);
    if (w > 0)
      done += static_cast<std::size_t>(w);
    else if (w < 0 && errno == EINTR)
      continue;
    else {
      if (w == 0) errno = EIO;
      fail("write");
    }
  }
  bytes_ += size;
#ifdef __linux__
  // write-back in 8 MiB runs: per 256 KiB block the device got small requests (slower overall)
  constexpr unsigned long long kChunk = 8ull << 20;
  if (!temp_.empty() && bytes_ - synced_ >= kChunk) {
    // a hint only (finish() fsyncs): its failure is not an error of the write
    (void)::sync_file_range(fd, static_cast<off_t>(synced_), static_cast<off_t>(bytes_ - synced_), SYNC_FILE_RANGE_WRITE);
    synced_ = bytes_;
  }
#endif
}

void AtomicFile::finish() {
  if (finished_) return;
  if (std::fflush(f_) != 0) fail("write");
  if (f_ != stdout) {
    if (!temp_.empty() && ::fsync(::fileno(f_)) != 0) fail("write");
    std::FILE* f = f_;
    f_ = nullptr;
    if (std::fclose(f) != 0) fail("write");
  }
  finished_ = true;
}

void AtomicFile::commit() {
  finish();
  if (!temp_.empty() && !committed_ && std::rename(temp_.c_str(), target_.c_str()) != 0) fail("write");
  committed_ = true;
}

void write_file_atomic(const std::string& path, std::string_view text) {
  AtomicFile f(path);
  f.write(text);
  f.commit();
}

}  // namespace halo::cli

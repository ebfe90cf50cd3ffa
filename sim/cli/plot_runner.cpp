#include "plot_runner.hpp"

#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

extern char** environ;

namespace halo::cli {

std::filesystem::path plot_dir() {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw std::runtime_error("cannot locate the halolink executable (/proc/self/exe): " + ec.message());
  const fs::path bin = exe.parent_path();
  const fs::path candidates[] = {bin.parent_path() / "share/halolink/plots", bin / "share/halolink/plots"};
  for (const auto& d : candidates)
    if (fs::is_regular_file(d / "plot_results.py", ec)) return d;
  throw std::runtime_error("plot scripts not found (looked in '" + candidates[0].string() + "' and '" +
                           candidates[1].string() + "')");
}

std::string run_plot(const std::string& script, const std::vector<std::string>& args) {
  std::string path;
  try {
    path = (plot_dir() / script).string();
  } catch (const std::exception& e) {
    return e.what();
  }
  std::vector<std::string> argv_s{"python3", path};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : argv_s) argv.push_back(s.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, "python3", nullptr, nullptr, argv.data(), environ);
  if (rc != 0) return std::string("cannot start python3: ") + std::strerror(rc);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return std::string("waiting for python3 failed: ") + std::strerror(errno);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return "";
  if (WIFEXITED(status)) return "python3 " + path + " exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "python3 " + path + " killed by signal " + std::to_string(WTERMSIG(status));
  return "python3 " + path + " ended abnormally";
}

}  // namespace halo::cli

// Plot scripts of the halolink command: found relative to the executable and run as
// `python3 SCRIPT ARGS...` from an argument vector (posix_spawnp, no shell), so output paths
// with spaces, quotes, `;` or `$(...)` are passed through as plain arguments.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace halo::cli {

/// Directory holding the plot scripts (plot_results.py, plot_compare.py, plot_monitor.py):
/// `<dir of halolink>/../share/halolink/plots` when installed (`cmake --install`), else
/// `<dir of halolink>/share/halolink/plots` in the build tree (copied there by CMake).
/// The executable's directory is read from /proc/self/exe.
/// Throws std::runtime_error naming the directories searched when neither holds the scripts.
std::filesystem::path plot_dir();

/// Runs `python3 <plot_dir()>/<script> args...` (python3 found on PATH), waits for it and
/// returns "" on success, else a message saying why: script not found, python3 could not be
/// started (OS reason), or the exit status / signal. The child inherits stdout and stderr.
std::string run_plot(const std::string& script, const std::vector<std::string>& args);

}  // namespace halo::cli

// Touchstone 1.x reader (.s1p .. .sNp): S-parameters on a frequency grid.
//
// Supported: option line "# <Hz|kHz|MHz|GHz> S <MA|RI|DB> R <z0>" (any order, any case,
// defaults GHz S MA R 50 as in the Touchstone 1.1 specification), '!' comments anywhere,
// data wrapped over any number of lines. Two-port files use the 1.x column order
// S11 S21 S12 S22; N >= 3 ports are row-major S11 S12 ... SNN.
// Not supported (error): Y/Z/G/H parameters, Touchstone 2.0 keywords ([Version] ...).
//
// Source: Touchstone File Format Specification, rev. 1.1 (EIA/IBIS Open Forum, 2002).
#pragma once

#include <complex>
#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace halo::sim {

/// Parse error with the file name and 1-based line number in what().
struct TouchstoneError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// N-port S-parameters. s[k * n * n + i * n + j] = S_{i+1, j+1} at freq_hz[k] (0-based i,j).
struct SParams {
  unsigned num_ports = 0;
  double z0_ohm = 50.0;
  std::vector<double> freq_hz;                 ///< strictly increasing, Hz
  std::vector<std::complex<double>> s;         ///< size freq_hz.size() * n * n
  std::string source;                          ///< file name (for messages)

  [[nodiscard]] std::complex<double> at(std::size_t k, unsigned i, unsigned j) const {
    return s[k * num_ports * num_ports + i * num_ports + j];
  }
};

/// Reads a .sNp file (N from the extension). Throws TouchstoneError naming the file, the line
/// and the expectation for: unreadable file (with the OS reason), bad extension, bad option
/// line, non-numeric or non-finite (nan, inf) token, a value that is not finite after the
/// MA/DB conversion, truncated last frequency point, non-increasing or negative frequencies,
/// a line longer than 1 MiB, no data. Messages quote at most 24 characters of a bad token.
/// The file is read line by line: memory is the parsed data (16 n^2 + 8 bytes per frequency
/// point; twice that while it is copied into SParams at the end) plus one line.
SParams read_touchstone(const std::filesystem::path& path);

/// Throws TouchstoneError (naming sp.source, its last frequency and the rate) unless the data
/// reach the Nyquist frequency symbol_rate_hz / 2, the highest frequency a link at that rate
/// needs; beyond the data the channel response would be unknown (no extrapolation is done).
void require_coverage(const SParams& sp, double symbol_rate_hz);

/// Parses Touchstone text with `num_ports` ports; `name` is used in error messages.
SParams parse_touchstone(std::string_view text, unsigned num_ports, const std::string& name);

}  // namespace halo::sim

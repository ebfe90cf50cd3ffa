// COM presets and configs (schema: halo::config::com_schema(), sim/config/schema_com.cpp).
//
// A preset file (sim/data/com/NAME.yaml) gives every parameter of one standard table under
// `parameters:` with `name:` and `source:` (the table it transcribes). A COM config names a
// preset (`preset: NAME` or a .yaml path), may override any parameter under `parameters:` and
// gives the channels under `channel:` (thru, fext[], next[]). Errors are halo::config::ConfigError
// naming file, line, key path, expectation and what was found.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "halo/sim/com.hpp"

namespace halo::sim::com {

struct ChannelSpec {
  std::filesystem::path file;
  std::string ports;  ///< "a,b,c,d" (1-based) or "" = auto
  Channel::Kind kind = Channel::Kind::kThru;
};

struct Config {
  Params params;
  std::vector<ChannelSpec> channels;  ///< empty when the file has no `channel:`
};

/// The presets folder of an installed or built halolink: <dir of the executable>/../share/
/// halolink/data/com (installed) or <dir>/share/halolink/data/com (build tree), from
/// /proc/self/exe. Throws std::runtime_error naming both when neither exists.
std::filesystem::path installed_preset_dir();

/// COM of one channel file with a preset and no aggressors (e.g. one electrical segment of a
/// link): ports "" = auto-detected THRU. The library entry point for per-segment reports.
Result com_of_file(const std::filesystem::path& channel, const std::string& ports, const std::string& preset,
                   const std::filesystem::path& dir);

/// The preset names shipped (file stems in `dir`), sorted.
std::vector<std::string> preset_names(const std::filesystem::path& dir);
/// Loads a preset: `name_or_path` is a name in `dir` (NAME.yaml) or a path to a .yaml file.
/// Every parameter must be present. Throws ConfigError (unknown name: lists the known ones).
Params load_preset(const std::string& name_or_path, const std::filesystem::path& dir);
/// Loads a COM config: its `preset` (or `default_preset` when absent; always `default_preset`
/// with force_preset, e.g. from --preset), then its `parameters` overrides and `channel`.
Config load_config(const std::filesystem::path& file, const std::filesystem::path& dir, const std::string& default_preset,
                   bool force_preset = false);
/// The same from text (`name` in messages, relative paths against `base`).
Config parse_config(const std::string& text, const std::string& name, const std::filesystem::path& base,
                    const std::filesystem::path& dir, const std::string& default_preset, bool force_preset = false);
/// Reads the channel files (Touchstone) into differential two-ports. A THRU with ports "" is
/// auto-detected (detect_port_map); aggressors with ports "" use 1,3,2,4 (in+ in- out+ out- =
/// ports 1 3 2 4, the 802.3 channel-file convention). Throws TouchstoneError / invalid_argument.
std::vector<Channel> read_channels(const std::vector<ChannelSpec>& specs);
/// Specs for one THRU file plus its crosstalk siblings: for a name containing "THRU", the files
/// in the same folder whose names equal it with "THRU" replaced by "FEXT<n>" / "NEXT<n>".
std::vector<ChannelSpec> specs_for_thru(const std::filesystem::path& thru, bool with_aggressors);

}  // namespace halo::sim::com

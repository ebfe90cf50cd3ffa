// The declared schemas of every configuration file HaloLink reads, and what is generated from
// them: docs/config.md and the "config sections" part of `halolink <cmd> --help`.
#pragma once

#include <string>
#include <vector>

#include "halo/config/config.hpp"

namespace halo::config {

enum class ConfigKind {
  kLink,         ///< `halolink sim CONFIG.yaml` (sim/configs/c2m_53g.yaml, ...)
  kMonitor,      ///< `halolink monitor CONFIG.yaml`: a link config plus `monitor:`
  kCompare,      ///< `halolink compare CONFIG.yaml`
  kPowerParams,  ///< compare `power_params:` (sim/data/power/params.yaml)
  kClaims,       ///< compare `claims:` (sim/data/power/claims_800g.yaml)
};

inline constexpr ConfigKind kAllKinds[] = {ConfigKind::kLink, ConfigKind::kMonitor, ConfigKind::kCompare,
                                           ConfigKind::kPowerParams, ConfigKind::kClaims};

/// Root schema of a kind of file.
const Section& schema_of(ConfigKind kind);
const Section& link_schema();
const Section& monitor_schema();
const Section& compare_schema();
const Section& power_params_schema();
const Section& claims_schema();
const Section& calibration_schema();
/// "link", "monitor", "compare", "power_params", "claims".
const char* kind_name(ConfigKind kind);

/// The field at a dotted key path of a root schema ("rx.noise_rms_mv"), nullptr if none.
const Field* find_field(const Section& root, const std::string& key_path);

/// The sweepable link parameters (sweep.parameter): their values are range-checked as the field.
const std::vector<std::string>& sweep_parameters();

/// "config sections of FILE (docs/config.md): ..." for `halolink <cmd> --help`.
std::string config_sections_help(ConfigKind kind);

/// docs/config.md, generated from the schemas.
std::string config_markdown();

}  // namespace halo::config

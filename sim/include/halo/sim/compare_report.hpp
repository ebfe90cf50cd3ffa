// `halolink compare`: runs the link comparison, power, latency and cluster models and writes
// the report (compare.json, report.md, report.html; plots by sim/plots/plot_compare.py).
// JSON schema: docs/compare.md.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "halo/sim/compare_config.hpp"

namespace halo::sim {

/// Runs everything. `log` (optional) receives progress lines. Throws ConfigError,
/// TouchstoneError or std::invalid_argument (file and field named) for bad inputs.
nlohmann::json run_compare(const CompareConfig& cfg, const std::function<void(const std::string&)>& log = {});

/// Value of a claim quantity (see docs/compare.md) from the results. Throws
/// std::invalid_argument for an unknown quantity or cluster.
double claim_quantity(const nlohmann::json& results, const std::string& quantity, const std::string& cluster);

/// The summary table the command prints (fixed-width text).
std::string summary_table(const nlohmann::json& results);
/// report.md / report.html contents (plots referenced as PNG files in the same folder).
std::string report_markdown(const nlohmann::json& results);
std::string report_html(const nlohmann::json& results);

/// Writes compare.json, report.md and report.html into dir (created).
void write_report(const nlohmann::json& results, const std::filesystem::path& dir);

}  // namespace halo::sim

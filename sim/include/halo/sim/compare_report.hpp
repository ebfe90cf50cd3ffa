// `halolink compare`: the report of a comparison's results (compare.json, report.md,
// report.html; plots by sim/plots/plot_compare.py). The results come from run_compare()
// (compare_run.hpp). JSON schema: docs/compare.md.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace halo::sim {

/// The summary table the command prints (fixed-width text).
std::string summary_table(const nlohmann::json& results);
/// report.md / report.html contents (plots referenced as PNG files in the same folder).
std::string report_markdown(const nlohmann::json& results);
std::string report_html(const nlohmann::json& results);

/// Side by side of several runs (e.g. the 800G and the 1.6T generations): per architecture
/// (DSP, LPO, LRO where run) module power, pJ/bit, pre-FEC BER, latency per hop, reach and C2M
/// loss limits, each cell a field of that run's results (fixed-width text; Markdown with
/// `markdown` = true).
std::string generations_table(const std::vector<nlohmann::json>& runs, bool markdown = false);

}  // namespace halo::sim

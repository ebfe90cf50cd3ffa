// `halolink compare`: runs the link comparison (statistical engine, time-domain checks of the
// retimed C2M segments, reach and C2M-loss sweeps), the power, latency and cluster models and
// checks the public claims; the results are one JSON document (schema: docs/compare.md),
// rendered by compare_report.hpp.
#pragma once

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

/// The parameter-dependent figures of a run: `power` (DSP, LPO, LRO breakdowns, saving,
/// by-node, standby, deep standby), `system` (host SerDes RX + module per architecture),
/// `latency`, `clusters`. Recomputed for every sensitivity variant.
nlohmann::json power_figures(const PowerParams& params, const CompareConfig& cfg, const ClaimsFile& claims,
                             const HostRx& host_dsp, const HostRx& host_lpo);

/// Tornado rows and bands (`sensitivity` of compare.json) over every parameter with {low, high};
/// appends the judged claims to results["claims"] (verdict: holds / does not hold / depends on
/// <parameter>, when the verdict flips at a bound of that parameter).
nlohmann::json sensitivity_json(const PowerParams& params,
                                const std::function<nlohmann::json(const PowerParams&)>& figures,
                                const ClaimsFile& claims, nlohmann::json& results);

}  // namespace halo::sim

// Internal: the link config reader shared by the link and monitor loaders.
#pragma once

#include "halo/config/config.hpp"
#include "halo/sim/link_config.hpp"

namespace halo::sim::detail {

/// LinkConfig from a document checked against the link (or monitor) schema. Throws ConfigError.
LinkConfig read_link(const config::Document& doc);

}  // namespace halo::sim::detail

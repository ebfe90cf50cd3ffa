// Internal: the link config reader shared by the link and monitor loaders.
#pragma once

#include "halo/config/config.hpp"
#include "halo/sim/link_config.hpp"

namespace halo::sim::detail {

/// A port map ("a,b,c,d", "" = auto) of a Touchstone file: each port within the `.sNp` file's N;
/// ConfigError at n's `ports` key otherwise.
void check_ports(const config::Node& n, const std::string& ports, const std::filesystem::path& file);

/// LinkConfig from a document checked against the link (or monitor) schema. Throws ConfigError.
LinkConfig read_link(const config::Document& doc);

}  // namespace halo::sim::detail

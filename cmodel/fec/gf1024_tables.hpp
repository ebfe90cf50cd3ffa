// Private declarations of the generated generator-polynomial tables.
#pragma once
#include "halo/fec/gf1024.hpp"

namespace halo::fec::detail {
extern const gf_t kGeneratorKP4[31];  ///< g_0..g_30 of RS(544,514)
extern const gf_t kGeneratorKR4[15];  ///< g_0..g_14 of RS(528,514)
}  // namespace halo::fec::detail

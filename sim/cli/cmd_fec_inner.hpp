// `halolink fec encode|decode --code inner`: the IEEE 802.3dj Clause 177 inner FEC through
// files of raw bits (docs/inner_fec.md, "CLI").
#pragma once

#include "commands.hpp"

namespace halo::cli {

/// True if the arguments select --code inner (as "--code inner" or "--code=inner").
bool selects_inner_code(const Args& args);
/// `fec encode --code inner`: 120 bytes (0/1) per message in, 128 per codeword out.
int fec_inner_encode(const Args& args);
/// `fec decode --code inner`: 128 hard bits (0/1 bytes) or, with --llr, 128 LLR bytes
/// (int8, fx::kLlrBits) per codeword in; 120 corrected message bits per codeword out.
int fec_inner_decode(const Args& args);

}  // namespace halo::cli

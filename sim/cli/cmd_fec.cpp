#include "commands.hpp"

namespace halo::cli {
int cmd_fec(const Args&) { throw UsageError("not implemented yet"); }
}  // namespace halo::cli

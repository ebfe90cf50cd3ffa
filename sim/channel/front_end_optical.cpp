// Optical front end (placeholder until the waveform model lands).
#include <stdexcept>

#include "front_end.hpp"

namespace halo::sim::detail {
std::unique_ptr<FrontEnd> make_optical_front_end(const LinkConfig&, const LinkModel&) {
  throw std::runtime_error("optical front end not implemented yet");
}
}  // namespace halo::sim::detail

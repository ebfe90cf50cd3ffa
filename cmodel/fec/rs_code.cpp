#include "halo/fec/rs_code.hpp"

#include "gf1024_tables.hpp"

namespace halo::fec {

RsCode rs_code_from_name(const std::string& name) {
  if (name == "kp4") return kKp4;
  if (name == "kr4") return kKr4;
  throw std::invalid_argument("unknown RS-FEC code '" + name + "': expected kp4 or kr4");
}

std::span<const gf_t> rs_generator(const RsCode& code) {
  if (code.parity() == 30) return {detail::kGeneratorKP4, 31};
  if (code.parity() == 14) return {detail::kGeneratorKR4, 15};
  throw std::invalid_argument("rs_generator: no generated table for n-k=" +
                              std::to_string(code.parity()) + " (supported: 30, 14)");
}

}  // namespace halo::fec

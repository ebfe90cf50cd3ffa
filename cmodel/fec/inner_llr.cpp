// LLR block of the inner FEC. See halo/fec/inner_llr.hpp.
#include "halo/fec/inner_llr.hpp"

#include <stdexcept>
#include <string>

namespace halo::fec::inner {

namespace {
template <class T>
void run(std::span<const T> z, std::span<std::int8_t> llr, const std::array<std::int32_t, 3>& t) {
  if (llr.size() != 2 * z.size())
    throw std::invalid_argument("LlrCalc::process: " + std::to_string(z.size()) + " samples need " +
                                std::to_string(2 * z.size()) + " LLR entries, got " + std::to_string(llr.size()));
  for (std::size_t k = 0; k < z.size(); ++k) {
    const auto l = sample_llrs(z[k], t);
    llr[2 * k] = l[0];
    llr[2 * k + 1] = l[1];
  }
}
}  // namespace

LlrCalc::LlrCalc(const std::array<std::int32_t, 3>& thresholds) { configure(thresholds); }

void LlrCalc::configure(const std::array<std::int32_t, 3>& t) {
  if (!(t[0] < t[1] && t[1] < t[2]))
    throw std::invalid_argument("LlrCalc: thresholds must ascend, got " + std::to_string(t[0]) + ", " +
                                std::to_string(t[1]) + ", " + std::to_string(t[2]));
  t_ = t;
}

void LlrCalc::process(std::span<const std::int32_t> z, std::span<std::int8_t> llr) const { run(z, llr, t_); }
void LlrCalc::process(std::span<const std::int16_t> z, std::span<std::int8_t> llr) const { run(z, llr, t_); }

}  // namespace halo::fec::inner

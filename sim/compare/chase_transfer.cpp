// The Clause 177 inner decoder's measured transfer (gen_1p6t.hpp inner_fec_measured_output_ser).
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "chase_transfer.hpp"
#include "halo/sim/burst_fec.hpp"
#include "halo/sim/gen_1p6t.hpp"

namespace halo::sim {

namespace {

constexpr long kMinCounted = 20;  // table entries from fewer errors are not used (extrapolated instead)

struct Row {
  double y = 0;
  bool extrapolated_low = false;
};

// log10 of the output SER of decoder d in DFE row b at log10(p_first) = lp: linear in log-log
// between the countable grid points, extrapolated with the slope of the two nearest ones.
Row row_log(std::size_t d, std::size_t b, double lp) {
  std::vector<double> xs, ys;  // descending p_first
  for (std::size_t i = 0; i < detail::kChasePFirst.size(); ++i)
    if (detail::kChaseErrors[d][b][i] >= kMinCounted) {
      xs.push_back(std::log10(detail::kChasePFirst[i]));
      ys.push_back(std::log10(detail::kChaseSerOut[d][b][i]));
    }
  if (xs.size() < 2) throw std::logic_error("inner FEC transfer table: fewer than two countable points in a row");
  std::size_t i = 0;
  while (i + 2 < xs.size() && lp < xs[i + 1]) ++i;  // segment [i, i+1] brackets lp, or the end one
  const double t = (lp - xs[i]) / (xs[i + 1] - xs[i]);
  return {ys[i] + t * (ys[i + 1] - ys[i]), lp < xs.back()};
}

}  // namespace

double inner_fec_measured_output_ser(unsigned chase_l, double p_first, double b1) {
  if (chase_l != 0 && (chase_l < 2 || chase_l > 6))
    throw std::invalid_argument("inner_fec_measured_output_ser: chase_l must be 0 (hard) or 2..6, found " + std::to_string(chase_l));
  if (!(p_first >= 0 && p_first <= 1)) throw std::invalid_argument("inner_fec_measured_output_ser: p_first must be in [0, 1]");
  if (!std::isfinite(b1)) throw std::invalid_argument("inner_fec_measured_output_ser: b1 must be finite");
  if (p_first == 0) return 0;
  const std::size_t d = chase_l == 0 ? 0 : chase_l - 1;
  const auto& g = detail::kChaseB1;
  const double ab = std::clamp(std::abs(b1), g.front(), g.back());
  std::size_t b = 0;
  while (b + 2 < g.size() && ab > g[b + 1]) ++b;
  const double t = (ab - g[b]) / (g[b + 1] - g[b]);
  const double lp = std::log10(p_first);
  const Row r0 = row_log(d, b, lp), r1 = row_log(d, b + 1, lp);
  double ser = std::pow(10.0, (1 - t) * r0.y + t * r1.y);
  if (r0.extrapolated_low || r1.extrapolated_low) {
    // below the counted range: never above the hard-decision bound
    const double pc = dfe_propagation_probability(std::min(p_first, 0.5), std::clamp(b1, -0.99, 0.99));
    ser = std::min(ser, inner_fec_output_ser(p_first, pc));
  }
  return std::clamp(ser, 0.0, 1.0);
}

}  // namespace halo::sim

// Clause 177 inner FEC stage of the time-domain engine. See inner_fec_loop.hpp.
#include "stages/inner_fec_loop.hpp"

#include <cmath>

#include "halo/fec/inner_llr.hpp"
#include "halo/fixed.hpp"

namespace halo::sim::detail {

namespace in = fec::inner;

InnerFecLoop::InnerFecLoop(bool chase) : chase_(chase), deint_(in::ConvInterleaverConfig{3, 192, true}) {}

void InnerFecLoop::process(std::uint64_t t0, std::size_t k0, std::span<const std::uint8_t> err,
                           std::span<const float> slicer, std::vector<std::uint8_t>& out) {
  if (!rx_) {
    in::InnerFecRxConfig rc;
    rc.decoder.algo = chase_ ? in::InnerAlgo::chase : in::InnerAlgo::hard;
    rc.decoder.chase_l = 4;
    rc.skip = 2 * ((64 - (t0 + k0) % 64) % 64);  // LLR entries to the next codeword start
    rx_.emplace(rc);
  }
  const int a = fx::kDefaultLevelA;
  const auto th = in::ideal_thresholds(a);
  llr_.clear();
  for (std::size_t k = k0; k < err.size(); ++k) {
    const auto z = static_cast<std::int32_t>(std::lround(static_cast<double>(slicer[k]) * 3 * a));
    const auto l = in::sample_llrs(z, th);
    for (int b = 0; b < 2; ++b) {
      const bool e = (err[k] >> (1 - b)) & 1u;  // A is bit 1, B bit 0
      const unsigned rel = in::llr_reliability(l[static_cast<std::size_t>(b)]);
      // referred to the transmitted bit: positive = received bit equals the transmitted one
      llr_.push_back(static_cast<std::int8_t>(e ? -1 - static_cast<int>(rel) : static_cast<int>(rel)));
      in_errors_ += e;
    }
  }
  pairs_.clear();
  rx_->process(llr_, {&pairs_, nullptr});
  for (std::uint8_t p : pairs_) out_errors_ += (p >> 1) + (p & 1u);
  out_bits_ += 2 * pairs_.size();
  deint_out_.resize(pairs_.size());
  deint_.process(pairs_, deint_out_);
  out.insert(out.end(), deint_out_.begin(), deint_out_.end());
}

}  // namespace halo::sim::detail

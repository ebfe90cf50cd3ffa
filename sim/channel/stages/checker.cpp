// Decision checker of the time-domain engine. See checker.hpp.
#include "stages/checker.hpp"

#include <algorithm>

#include "halo/dsp/pam4.hpp"

namespace halo::sim::detail {

DecisionChecker::DecisionChecker(bool gray, bool precoding) : gray_(gray), precoding_(precoding) {}

void DecisionChecker::check(std::span<const TxRecord> ring, std::uint64_t n0, std::uint64_t delay,
                            std::size_t k0, std::span<const std::uint8_t> dec, std::span<const float> slicer,
                            std::span<std::uint8_t> err) {
  const std::size_t n = dec.size();
  // Locals only in the loop: the uint8 stores (be) may alias any member, which would then be
  // reloaded and stored for every symbol.
  const bool gray = gray_, precoding = precoding_;
  const TxRecord* rg = ring.data();
  const std::uint64_t mask = ring.size() - 1;
  const std::uint64_t t0 = n0 - delay;  // TX index of decision 0 (mod 2^64; k >= k0 is valid)
  std::uint8_t* be = err.data();
  std::uint8_t prev = prev_p_;
  std::uint64_t serr = 0, berr = 0;
  double lsum[4], lsq[4];
  std::uint64_t lcnt[4];
  std::copy(lsum_.begin(), lsum_.end(), lsum);
  std::copy(lsq_.begin(), lsq_.end(), lsq);
  std::copy(lcnt_.begin(), lcnt_.end(), lcnt);
  auto& hist = shist_;
  for (std::size_t k = k0; k < n; ++k) {
    const TxRecord t = rg[(t0 + k) & mask];
    const std::uint8_t dp = dec[k];
    serr += dp != t.p;
    const std::uint8_t gd = precoding ? static_cast<std::uint8_t>((dp + prev) & 3) : dp;
    prev = dp;
    const unsigned bt = gray ? dsp::gray_demap(t.g) : t.g, bd = gray ? dsp::gray_demap(gd) : gd;
    const unsigned e = bt ^ bd;  // (A << 1) | B
    be[k] = static_cast<std::uint8_t>(e);
    berr += (e >> 1) + (e & 1u);  // 2-bit popcount (no libgcc call without -mpopcnt)
    // level statistics and slicer histogram by transmitted line symbol
    const double y = slicer[k];
    lsum[t.p] += y;
    lsq[t.p] += y * y;
    ++lcnt[t.p];
    const long hb = static_cast<long>((y + 1.6) / 3.2 * 200);
    if (hb >= 0 && hb < 200) ++hist[t.p][static_cast<std::size_t>(hb)];
  }
  prev_p_ = prev;
  serr_ += serr;
  berr_ += berr;
  std::copy(lsum, lsum + 4, lsum_.begin());
  std::copy(lsq, lsq + 4, lsq_.begin());
  std::copy(lcnt, lcnt + 4, lcnt_.begin());
}

}  // namespace halo::sim::detail

// Decision checker of the time-domain engine. See checker.hpp.
#include "checker.hpp"

#include <algorithm>

namespace halo::sim::detail {
namespace {

constexpr std::uint64_t kCwSymbols = fec::kKp4.codeword_bits() / 2;  // 2720 PAM4 symbols

}  // namespace

DecisionChecker::DecisionChecker(bool gray, bool precoding, bool kp4)
    : gray_(gray), precoding_(precoding), kp4_(kp4), idle_mon_(fec::kKp4) {}

void DecisionChecker::check(std::span<const TxRecord> ring, std::uint64_t n0, std::uint64_t delay,
                            std::size_t k0, std::span<const std::uint8_t> dec, std::span<const float> slicer,
                            std::span<std::uint8_t> bit_err, std::vector<TdCodeword>& cws) {
  const std::size_t n = dec.size();
  if (be_.size() < n) be_.resize(n);
  // Locals only in the loop: the uint8 stores (be) may alias any member, which would then be
  // reloaded and stored for every symbol.
  const bool gray = gray_, precoding = precoding_;
  const TxRecord* rg = ring.data();
  const std::uint64_t mask = ring.size() - 1;
  const std::uint64_t t0 = n0 - delay;  // TX index of decision 0 (mod 2^64; k >= k0 is valid)
  std::uint8_t* be = be_.data();
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
    const unsigned bt = gray ? gray_demap(t.g) : t.g, bd = gray ? gray_demap(gd) : gd;
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
  if (!bit_err.empty())
    for (std::size_t k = k0; k < n; ++k) bit_err[k] = static_cast<std::uint8_t>((be[k] >> 1) + (be[k] & 1u));
  if (kp4_) fec_pass(t0, k0, n, bit_err, cws);
}

void DecisionChecker::fec_pass(std::uint64_t t0, std::size_t k0, std::size_t n, std::span<std::uint8_t> bit_err,
                               std::vector<TdCodeword>& cws) {
  if (!fec_aligned_) {  // decision k0 is TX symbol t0 + k0: skip to the next codeword start
    fec_.emplace(fec::FecRxConfig{fec::kKp4, (kCwSymbols - (t0 + k0) % kCwSymbols) % kCwSymbols, true});
    fec_aligned_ = true;
  }
  const std::uint64_t first = fec_->consumed();  // stream index of decision k0
  fec_done_.clear();
  fec_->process(std::span<const std::uint8_t>(be_.data() + k0, n - k0),
                {nullptr, bit_err.empty() ? nullptr : &fec_done_});
  for (const auto& c : fec_done_) {
    cws.push_back({static_cast<unsigned>(k0 + (c.end - 1 - first)), c.result.num_errors, c.result.uncorrectable});
  }
}

}  // namespace halo::sim::detail

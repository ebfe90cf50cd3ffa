// Internal: the time-domain engine's analog receiver and ADC stage: + RX noise (V rms at the
// ADC input before the AGC) -> AGC gain -> + ADC noise (ENOB) -> quantiser (adc.bits,
// full scale adc.full_scale_v, floor(x / LSB) saturated to -2^(bits-1)..2^(bits-1)-1).
// The RX noise and the ADC's ENOB noise are independent Gaussians drawn as one:
// sigma^2 = sigma_rx^2 agc^2 + sigma_enob^2, sigma_enob^2 = (FS / 2^ENOB)^2 / 12 - LSB^2 / 12.
// The same noise generator (GaussLanes(seed, 2)) also adds the RX noise to the eye samples.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "halo/sim/link_config.hpp"
#include "halo/sim/rng.hpp"

namespace halo::sim::detail {

class Adc {
 public:
  /// rx: the config's RX section (adc bits, ENOB, full scale); agc: AGC gain (V/V); sigma_rx:
  /// RX noise (V rms, before the AGC).
  Adc(const RxConfig& rx, double agc, double sigma_rx, std::uint64_t seed, std::uint64_t shard = 0);
  /// New RX noise (V rms) from the next block on (drifting conditions).
  void set_rx_noise(double sigma_rx) noexcept { sigma_rx_ = sigma_rx; }
  /// Adds the RX noise (no AGC, no ENOB: V at the ADC input) to eye samples in place, drawn
  /// in the samples' order; called before the block's process() (the draws come first).
  void add_eye_noise(std::span<double> eye);
  /// v: channel output per symbol (V, before RX noise; overwritten with the ADC input);
  /// codes: ADC codes (same length).
  void process(std::span<double> v, std::span<std::int16_t> codes);

  [[nodiscard]] double agc_gain() const noexcept { return agc_; }
  [[nodiscard]] double lsb_v() const noexcept { return lsb_; }

 private:
  double agc_, sigma_rx_, sigma_enob_ = 0;
  double lsb_, inv_lsb_;
  std::int32_t cmin_, cmax_;
  GaussLanes noise_;
  std::vector<double> g_;
};

}  // namespace halo::sim::detail

// Receiver stage of the time-domain engine. See receiver.hpp.
#include "stages/receiver.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "physics/front_end.hpp"

namespace halo::sim::detail {

std::unique_ptr<RxDsp> make_link_rx(const LinkConfig& cfg, const LinkModel& m, const FrontEnd& fe, long start,
                                    double agc, double lsb, CmodelRxInit* init_out) {
  const bool use_cm = cfg.rx.model == "cmodel";
  const double A = m.amplitude_v, fs = cfg.rx.adc_full_scale_v;
  std::optional<StatResult> st;
  const SymbolPulse* lp = m.optical ? fe.linear_pulse() : &m.pulse;
  StatOptions o = stat_options(cfg, m);
  o.with_eye = false;
  o.phase_mode = PhaseMode::kFixed;
  o.fixed_phase = m.optical ? fe.linear_cursor() : start;
  if (use_cm || cfg.rx.init_mmse) {
    StatNoise nz = stat_noise(cfg, m);
    if (m.optical) nz.sigma_rx_v = 0.05 * fe.signal_rms();  // nominal, for the start-up taps only
    st = analyze(*lp, nz, o);
  }
  if (use_cm) {
    CmodelRxInit in;
    in.ffe_v_to_level = st->ffe;
    in.dfe_levels = st->dfe;
    in.agc_gain = agc;
    in.lsb_v = lsb;
    in.precoding = cfg.tx.precoding;
    const int bits = static_cast<int>(cfg.rx.adc_bits);
    const double outer_codes = std::abs(lp->p[static_cast<std::size_t>(o.fixed_phase)]) * A * agc / lsb;
    in.level_a = std::clamp(static_cast<int>(std::lround(outer_codes * 8 * std::pow(2.0, 8 - bits) / 3)), 16, 600);
    if (init_out) *init_out = in;
    return make_cmodel_rx(cfg.rx, in);
  }
  // initial main tap: level 1 maps to about 1.7 x rms target (PAM4 rms = sqrt(5/9))
  std::vector<double> f0, b0;
  if (st) {  // V -> level taps to taps on code / 2^(bits-1) = v agc 2 / FS
    for (double c : st->ffe) f0.push_back(c * fs / (2 * agc));
    b0 = st->dfe;
  }
  return make_float_rx(cfg.rx, 1.0 / (cfg.rx.agc_target_rms * 2 / std::sqrt(5.0 / 9.0)), f0, b0);
}

Receiver::Receiver(RxDsp& rx, bool freeze_after_training, unsigned block)
    : rx_(rx), freeze_(freeze_after_training), train_(block) {}

void Receiver::process(const BlockInfo& b, std::span<const std::int16_t> codes, const TxHistory& hist,
                       std::span<std::uint8_t> dec, std::span<float> slicer) {
  rx_.set_training(b.training);
  rx_.set_adaptation(b.training || !freeze_);
  std::span<const std::uint8_t> train;
  if (b.training) {  // known symbols (only read while training)
    if (train_.size() < codes.size()) train_.resize(codes.size());
    const std::span<std::uint8_t> t(train_.data(), codes.size());
    hist.decided_lines(b.n0, t);
    train = t;
  }
  rx_.process(codes, train, dec, slicer);
}

}  // namespace halo::sim::detail

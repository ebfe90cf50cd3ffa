// Adapter: the bit-exact golden-model receiver (halo::retimer::RetimerRx, cmodel/) behind the
// simulator's RxDsp interface.
//
// Scaling (derived in docs/sim.md): ADC codes enter the cmodel as u = code 8 2^(8-bits)
// (S12.3); the slicer targets are A{-3,-1,1,3} (S13.3) with A = level_a. A statistical
// equalizer c (V at the ADC input -> level units, outer level 1) becomes the cmodel FFE
//   c_int = 256 * 3A * c * lsb / (8 2^(8-bits) agc)   (S12.8),  DFE B_1 = A * b_1 (S12.3).
// The CDR phase (2^32 = 1 UI, circular) is unwrapped into UI for the sampler; the MM gain
// maps to kp_shift = round(log2(9 A / (gain 2^16))), ki_shift = kp_shift + 12.
// Decisions: the cmodel emits decoded Gray symbols; with precoding the line symbols are
// recovered by re-applying the precoder (P_n = G_n - P_{n-1} mod 4, exact).
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "halo/sim/rx_dsp.hpp"
#include "stages/receiver.hpp"

#include "halo/retimer/retimer_rx.hpp"

namespace halo::sim {

namespace {

class CmodelRx final : public RxDsp {
 public:
  CmodelRx(const RxConfig& c, const CmodelRxInit& init) : cfg_(c) {
    retimer::RxConfig rc;
    rc.adc_bits = static_cast<int>(c.adc_bits);
    rc.ffe.taps = static_cast<int>(c.ffe_taps);
    rc.ffe.pre = static_cast<int>(c.ffe_pre);
    rc.ffe.adapt = {true, dsp::LmsMode::kLms, 4};
    level_a_ = init.level_a;
    rc.dfe.taps = static_cast<int>(c.dfe_taps);
    rc.dfe.adapt = {true, dsp::LmsMode::kLms, 1};
    rc.dfe.slicer.level_a = level_a_;
    rc.lut.level_a = level_a_;
    if (c.volterra) {
      rc.nlc = retimer::NlcKind::kVolterra;
      rc.volterra.n1 = 1;
      rc.volterra.pre1 = 0;
      rc.volterra.n2 = static_cast<int>(c.volterra_memory);
      rc.volterra.pre2 = static_cast<int>(c.volterra_memory / 2);
      rc.volterra.n3 = static_cast<int>(c.volterra_memory3);
      rc.volterra.pre3 = static_cast<int>(c.volterra_memory3 / 2);
    }
    if (c.lut) {
      rc.nlc = retimer::NlcKind::kLut;
      rc.lut.pattern_len = static_cast<int>(c.lut_pattern_len);
      rc.lut.pre = static_cast<int>(c.lut_pre);
    }
    rc.cdr_enable = c.cdr == "mm";
    if (c.cdr_gain > 0) {
      const detail::CdrShifts sh = detail::cmodel_cdr_shifts(c.cdr_gain, level_a_);
      rc.cdr.kp_shift = sh.kp_shift;
      rc.cdr.ki_shift = sh.ki_shift;
    }
    rc.precoding = init.precoding;
    rc.checker_enable = false;  // the simulator checks against the transmitted symbols
    rc.monitors_enable = false;  // and keeps its own level statistics and slicer histogram
    const double k = 256.0 * 3 * level_a_ / (8.0 * std::pow(2.0, 8 - static_cast<int>(c.adc_bits)));
    if (!init.ffe_v_to_level.empty()) {
      rc.ffe.init_taps.clear();
      for (double v : init.ffe_v_to_level)
        rc.ffe.init_taps.push_back(static_cast<std::int32_t>(std::lround(k * v * init.lsb_v / init.agc_gain)));
    }
    for (double b : init.dfe_levels) rc.dfe.init_taps.push_back(static_cast<std::int32_t>(std::lround(level_a_ * b)));
    rx_.configure(rc);
    g_.resize(0);
  }

  void process(std::span<const std::int16_t> codes, std::span<const std::uint8_t>, std::span<std::uint8_t> dec,
               std::span<float> slicer_in) override {
    const std::size_t n = codes.size();
    g_.resize(n);
    z_.resize(n);
    // the per-symbol phase codes are not needed: the sampler reads the CDR phase once per block
    rx_.process(codes, {{}, std::span(g_), {}, std::span(z_)});
    const double inv = 1.0 / (3.0 * level_a_);
    if (cfg_precoding_) {
      std::uint8_t prev = prev_p_;  // a local: the uint8 stores may alias the members
      for (std::size_t k = 0; k < n; ++k) prev = dec[k] = static_cast<std::uint8_t>((g_[k] - prev + 4) & 3);
      prev_p_ = prev;
    } else {
      std::copy(g_.begin(), g_.end(), dec.begin());
    }
    if (!slicer_in.empty()) {
      const std::int16_t* z = z_.data();
      float* out = slicer_in.data();
      for (std::size_t k = 0; k < n; ++k) out[k] = static_cast<float>(z[k] * inv);
    }
    // unwrap the circular phase command
    const std::uint32_t phi = rx_.cdr().phase();
    const std::int32_t d = static_cast<std::int32_t>(phi - last_phi_);
    unwrapped_ += static_cast<double>(d) / 4294967296.0;
    last_phi_ = phi;
  }
  double phase_ui() const override { return unwrapped_; }
  unsigned latency() const override { return static_cast<unsigned>(rx_.latency()); }
  void set_training(bool) override {}  // decision directed from the initial (trained) taps
  void set_adaptation(bool on) override {
    if (on == adapt_) return;
    adapt_ = on;
    rx_.ffe().set_adapt({on, dsp::LmsMode::kLms, 4});
    rx_.dfe().set_adapt({on, dsp::LmsMode::kLms, 1});
    if (cfg_.volterra) rx_.volterra().set_adapt({on, dsp::LmsMode::kLms, 7});
    if (cfg_.lut) rx_.lut().set_adapt({on, dsp::LmsMode::kLms, 2});
  }
  void set_cdr(bool) override {}
  RxState state() const override {
    RxState s;
    auto& self = const_cast<CmodelRx&>(*this);
    const double kf = 4.0 / (3.0 * level_a_);  // S12.8 tap -> float tap on code/2^(bits-1)
    for (auto t : self.rx_.ffe().taps()) s.ffe.push_back(t * kf);
    for (auto t : self.rx_.dfe().taps()) s.dfe.push_back(static_cast<double>(t) / level_a_);
    if (cfg_.volterra)
      for (auto t : self.rx_.volterra().coefs()) s.volterra.push_back(t / 1024.0);
    s.phase_ui = unwrapped_;
    const auto& m = self.rx_.dfe().slicer().level_means();
    s.slicer_gain = (static_cast<double>(m[3]) - m[0]) / 2.0 / 256.0 / (3.0 * level_a_);
    if (!(s.slicer_gain > 0)) s.slicer_gain = 1;
    return s;
  }
  std::string name() const override {
    return cfg_.volterra ? "cmodel-retimer-ffe-volterra-dfe" : cfg_.lut ? "cmodel-retimer-ffe-lut-dfe" : "cmodel-retimer-ffe-dfe";
  }

  bool cfg_precoding_ = false;

 private:
  RxConfig cfg_;
  retimer::RetimerRx rx_;
  int level_a_ = 256;
  std::vector<std::uint8_t> g_;
  std::vector<std::int16_t> z_;
  std::uint8_t prev_p_ = 0;
  std::uint32_t last_phi_ = 0;
  double unwrapped_ = 0;
  bool adapt_ = true;
};

}  // namespace

detail::CdrShifts detail::cmodel_cdr_shifts(double cdr_gain, int level_a) {
  const int kp = static_cast<int>(std::lround(std::log2(9.0 * level_a / (cdr_gain * 65536.0))));
  return {std::clamp(kp, 0, 40), std::clamp(kp + 20, 0, 48)};
}

std::unique_ptr<RxDsp> make_cmodel_rx(const RxConfig& cfg, const CmodelRxInit& init) {
  auto r = std::make_unique<CmodelRx>(cfg, init);
  r->cfg_precoding_ = init.precoding;
  return r;
}

}  // namespace halo::sim

// Receiver DSP seen by the link simulator: ADC codes in, PAM4 decisions and a CDR phase
// command out. The interface is small so the bit-exact golden model (halo::retimer, cmodel/)
// can replace the floating-point reference receiver below.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "halo/sim/link_config.hpp"

namespace halo::sim {

/// Snapshot of a receiver's adapted state (for results and statistical cross-checks).
struct RxState {
  std::vector<double> ffe;       ///< FFE taps applied to ADC codes scaled to +-1 full scale
  std::vector<double> dfe;       ///< DFE taps, level units
  std::vector<double> volterra;  ///< 2nd-order kernel (upper triangle, row-major)
  double phase_ui = 0;           ///< CDR phase command (UI, relative to the start)
  double mse = 0;                ///< slicer error power (level units), running average
  double slicer_gain = 1;        ///< slicer levels are slicer_gain * {+-1, +-1/3} (unbiasing)
};

class RxDsp {
 public:
  virtual ~RxDsp() = default;
  /// Processes one ADC code per symbol. `train` (same length, or empty) holds the known
  /// transmitted level index (0..3) aligned with the decisions, used instead of decisions
  /// while adapt_training() is true. Writes level decisions 0..3 and, optionally, the slicer
  /// input (level units) per symbol.
  virtual void process(std::span<const std::int16_t> codes, std::span<const std::uint8_t> train,
                       std::span<std::uint8_t> decisions, std::span<float> slicer_in) = 0;
  /// CDR phase command in UI (positive = sample later), for the next block.
  [[nodiscard]] virtual double phase_ui() const = 0;
  /// Decision latency: decision k refers to the symbol whose main cursor is in code k - latency.
  [[nodiscard]] virtual unsigned latency() const = 0;
  virtual void set_training(bool on) = 0;
  virtual void set_adaptation(bool on) = 0;
  virtual void set_cdr(bool on) = 0;
  [[nodiscard]] virtual RxState state() const = 0;
  [[nodiscard]] virtual std::string name() const = 0;
};


/// Floating-point reference receiver: FFE (LMS), optional Volterra (2nd order memory M,
/// M(M+1)/2 kernels, and 3rd order memory M3, M3(M3+1)(M3+2)/6 kernels, around the main
/// tap, LMS), DFE with |b| <= limit, PAM4 slicer at
/// 0, +-2/3, and a Mueller-Muller type-A baud-rate CDR on the FFE input:
///   e_n = x_{n-pre} ahat_{n-1} - x_{n-pre-1} ahat_n,  phase += gain * e_n * main.
/// Stands in for the cmodel receiver until it is plugged in.
/// `initial_main`: initial main FFE tap (level units per ADC full scale), used when `init_ffe`
/// is empty; `init_ffe`/`init_dfe` (same units as RxState) start the equalizer from given taps
/// (e.g. the statistical MMSE solution). Throws std::invalid_argument for ffe.pre >= ffe.taps,
/// Volterra memories > ffe.taps or wrong init sizes.
std::unique_ptr<RxDsp> make_float_rx(const RxConfig& cfg, double initial_main,
                                     const std::vector<double>& init_ffe = {},
                                     const std::vector<double>& init_dfe = {});

/// Start-up state for the golden-model receiver (the simulator's "link training": MMSE taps
/// from the statistical engine, AGC gain and ADC step used to scale them).
struct CmodelRxInit {
  std::vector<double> ffe_v_to_level;  ///< FFE (V at the ADC input -> level units); empty = main tap 1
  std::vector<double> dfe_levels;      ///< DFE taps in level units
  double agc_gain = 1;                 ///< V/V before the ADC
  double lsb_v = 1.0 / 256;            ///< ADC step, V
  int level_a = 256;                   ///< slicer amplitude A (S13.3), targets A{-3,-1,1,3}
  bool precoding = false;
};

/// True when the bit-exact receiver (halo::retimer::RetimerRx) is compiled in.
bool have_cmodel_rx();

/// The golden-model receiver behind RxDsp (see rx_dsp_cmodel.cpp for the scaling). Throws
/// std::runtime_error when have_cmodel_rx() is false.
std::unique_ptr<RxDsp> make_cmodel_rx(const RxConfig& cfg, const CmodelRxInit& init);

}  // namespace halo::sim

// libhalo_ami_rx: IBIS-AMI receiver model around the golden-model retimer::RetimerRx
// (docs/ami.md). AMI_Init validates the parameters (ami_tree.hpp) and returns the impulse
// response unchanged (no analog CTLE in this version: Init_Returns_Impulse False);
// AMI_GetWave samples the waveform once per UI at sample_phase, quantises it to signed
// adc_bits codes (full scale adc_full_scale volts), runs RetimerRx (FFE/DFE/CDR with LMS
// adaptation, bit-exact) and returns the slicer input held over each UI (volts) and the clock
// times (sampling instant minus UI/2, IBIS 7.x 10.2.3), ending with -1.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "ami_api.h"
#include "ami_common.hpp"
#include "ami_tree.hpp"
#include "halo/retimer/retimer_rx.hpp"

namespace {

using halo::ami::Node;

struct RxModel {
  halo::retimer::RetimerRx rx;
  long spb = 1;
  long phase_sample = 0;  // sample index within the UI at which the ADC samples
  int adc_bits = 8;
  double full_scale = 0.4;
  double dt = 0.0;
  std::int64_t sample_count = 0;  // samples seen over all GetWave calls
  double hold = 0.0;
  std::string params_out, msg;
  std::vector<std::int16_t> codes, z;
  std::vector<std::uint8_t> bits;
};

bool configure(const Node& root, double sample_interval, double bit_time, RxModel& m,
               std::string& err) {
  m.spb = halo::ami::samples_per_ui(sample_interval, bit_time);
  if (m.spb == 0) {
    err = "AMI_Init: bit_time / sample_interval must be an integer 1..4096, found bit_time " +
          std::to_string(bit_time) + " s, sample_interval " + std::to_string(sample_interval) +
          " s";
    return false;
  }
  m.dt = sample_interval;
  long adc_bits = 8, ffe_taps = 16, ffe_pre = 5, ffe_adapt = 1, ffe_mu = 3, dfe_taps = 1,
       dfe_adapt = 1, dfe_mu = 6, cdr = 1, precoding = 0;
  double phase = 0.5, fs = 0.4;
  if (!halo::ami::get_int(root, "adc_bits", 6, 8, adc_bits, err) ||
      !halo::ami::get_real(root, "adc_full_scale", 1e-4, 100.0, fs, err) ||
      !halo::ami::get_real(root, "sample_phase", 0.0, 1.0, phase, err) ||
      !halo::ami::get_int(root, "ffe_taps", 1, 64, ffe_taps, err) ||
      !halo::ami::get_int(root, "ffe_pre", 0, 63, ffe_pre, err) ||
      !halo::ami::get_int(root, "ffe_adapt", 0, 1, ffe_adapt, err) ||
      !halo::ami::get_int(root, "ffe_mu_shift", 0, 30, ffe_mu, err) ||
      !halo::ami::get_int(root, "dfe_taps", 0, 4, dfe_taps, err) ||
      !halo::ami::get_int(root, "dfe_adapt", 0, 1, dfe_adapt, err) ||
      !halo::ami::get_int(root, "dfe_mu_shift", 0, 30, dfe_mu, err) ||
      !halo::ami::get_int(root, "cdr_enable", 0, 1, cdr, err) ||
      !halo::ami::get_int(root, "precoding", 0, 1, precoding, err))
    return false;
  // default main-tap index 5 (802.3dj reference receiver), moved inside a shorter FFE
  if (halo::ami::find_leaf(root, "ffe_pre") == nullptr) ffe_pre = std::min(ffe_pre, ffe_taps - 1);
  if (ffe_pre >= ffe_taps) {
    err = "AMI parameters: " + root.name + ".ffe_pre: expected < ffe_taps (" +
          std::to_string(ffe_taps) + "), found " + std::to_string(ffe_pre);
    return false;
  }
  halo::retimer::RxConfig c;
  c.adc_bits = static_cast<int>(adc_bits);
  c.ffe.adc_bits = c.adc_bits;
  c.ffe.taps = static_cast<int>(ffe_taps);
  c.ffe.pre = static_cast<int>(ffe_pre);
  c.ffe.adapt.enable = ffe_adapt != 0;
  c.ffe.adapt.mu_shift = static_cast<int>(ffe_mu);
  c.dfe.taps = static_cast<int>(dfe_taps);
  c.dfe.adapt.enable = dfe_adapt != 0;
  c.dfe.adapt.mu_shift = static_cast<int>(dfe_mu);
  c.cdr_enable = cdr != 0;
  c.precoding = precoding != 0;
  c.checker_enable = false;  // unknown data in a channel simulator
  try {
    m.rx.configure(c);
  } catch (const std::exception& e) {
    err = std::string("AMI_Init: golden-model configuration rejected: ") + e.what();
    return false;
  }
  m.adc_bits = c.adc_bits;
  m.full_scale = fs;
  m.phase_sample = std::min(m.spb - 1, static_cast<long>(std::floor(phase * static_cast<double>(m.spb))));
  return true;
}

}  // namespace

extern "C" long AMI_Init(double* impulse_matrix, long row_size, long aggressors, double sample_interval,
                         double bit_time, char* AMI_parameters_in, char** AMI_parameters_out, void** AMI_memory_handle,
                         char** msg) {
  return halo::ami::init_frame<RxModel>(
      impulse_matrix, row_size, aggressors, AMI_parameters_in, "halo_rx", AMI_parameters_out, AMI_memory_handle, msg,
      [&](const halo::ami::Node& root, std::string& err) -> std::unique_ptr<RxModel> {
        auto m = std::make_unique<RxModel>();
        if (!configure(root, sample_interval, bit_time, *m, err)) return nullptr;
        m->params_out = "(" + root.name + " (samples_per_ui " + std::to_string(m->spb) + ") (latency_ui " +
                        std::to_string(m->rx.latency()) + "))";
        m->msg = "HaloLink golden-model RX: RetimerRx, " + std::to_string(m->adc_bits) +
                 "-bit ADC, impulse response returned unchanged";
        return m;
      });
}

extern "C" long AMI_GetWave(double* wave, long wave_size, double* clock_times,
                            char** AMI_parameters_out, void* AMI_memory) {
  if (AMI_memory == nullptr || wave_size < 0 || (wave == nullptr && wave_size > 0)) return 0;
  auto& m = *static_cast<RxModel*>(AMI_memory);
  try {
    const double lsb = m.full_scale / static_cast<double>(1L << (m.adc_bits - 1));
    const long cmax = (1L << (m.adc_bits - 1)) - 1, cmin = -(1L << (m.adc_bits - 1));
    m.codes.clear();
    for (long i = 0; i < wave_size; ++i) {
      const std::int64_t k = m.sample_count + i;
      if (k % m.spb != m.phase_sample) continue;
      const double v = wave[i] / lsb;
      const long c = std::isfinite(v) ? static_cast<long>(std::clamp(std::round(v), -1e6, 1e6))
                                      : 0;
      m.codes.push_back(static_cast<std::int16_t>(std::clamp(c, cmin, cmax)));
    }
    const std::size_t n = m.codes.size();
    m.z.assign(n, 0);
    m.bits.assign(2 * n, 0);
    halo::retimer::RxOut out;
    out.bits = m.bits;
    out.slicer_in = m.z;
    m.rx.process(m.codes, out);
    std::size_t s = 0, ct = 0;
    for (long i = 0; i < wave_size; ++i) {
      const std::int64_t k = m.sample_count + i;
      if (k % m.spb == m.phase_sample) {
        m.hold = static_cast<double>(m.z[s++]) / 8.0 * lsb;  // S13.3 code units -> volts
        if (clock_times != nullptr)
          clock_times[ct++] = (static_cast<double>(k) - 0.5 * static_cast<double>(m.spb)) * m.dt;
      }
      wave[i] = m.hold;
    }
    if (clock_times != nullptr && ct < static_cast<std::size_t>(wave_size)) clock_times[ct] = -1.0;
    m.sample_count += wave_size;
    m.params_out = "(halo_rx (phase_code " + std::to_string(m.rx.phase_code()) + "))";
    if (AMI_parameters_out != nullptr) *AMI_parameters_out = m.params_out.data();
    return 1;
  } catch (...) {
    return 0;
  }
}

extern "C" long AMI_Close(void* AMI_memory) {
  delete static_cast<RxModel*>(AMI_memory);
  return 1;
}

extern "C" long HALO_AMI_LastBits(void* AMI_memory, unsigned char* bits, long max) {
  if (AMI_memory == nullptr) return 0;
  const auto& m = *static_cast<RxModel*>(AMI_memory);
  const long n = static_cast<long>(m.bits.size());
  if (bits == nullptr) return n;
  for (long i = 0; i < std::min(n, max); ++i) bits[i] = m.bits[static_cast<std::size_t>(i)];
  return n;
}

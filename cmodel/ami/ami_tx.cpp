// libhalo_ami_tx: IBIS-AMI transmitter model with the golden-model TX FFE taps
// (dsp::TxFfeConfig: c_0..c_{T-1} S12.4, pre pre-cursor taps; docs/ami.md). The taps are
// applied as a causal UI-spaced FIR normalised to sum |c_k| = 1 (peak-power constraint, as the
// DAC full scale): AMI_Init convolves the victim impulse response (first row_size entries of
// impulse_matrix) in place (Init_Returns_Impulse True); AMI_GetWave filters the stimulus
// waveform with the same FIR, carrying its history across calls.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ami_api.h"
#include "ami_common.hpp"
#include "ami_tree.hpp"

namespace {

struct TxModel {
  std::vector<double> c;  // normalised taps
  long pre = 0;
  long spb = 1;
  std::vector<double> hist;  // last (T-1)*spb input samples, oldest first
  std::vector<double> buf;
  std::string params_out, msg;
};

// Causal UI-spaced FIR y[n] = sum_k c_k x[n - k * spb] (the pre-cursor taps make the output
// pre UI late, as in the golden model's TxFfe latency); x before 0 reads past (or 0).
void fir(const TxModel& m, const std::vector<double>& x, const std::vector<double>& past,
         double* y, long n) {
  const long taps = static_cast<long>(m.c.size());
  const long np = static_cast<long>(past.size());
  for (long i = 0; i < n; ++i) {
    double acc = 0.0;
    for (long k = 0; k < taps; ++k) {
      const long j = i - k * m.spb;
      double v = 0.0;
      if (j >= 0)
        v = x[static_cast<std::size_t>(j)];
      else if (j < 0 && np + j >= 0)
        v = past[static_cast<std::size_t>(np + j)];
      acc += m.c[static_cast<std::size_t>(k)] * v;
    }
    y[i] = acc;
  }
}

}  // namespace

extern "C" long AMI_Init(double* impulse_matrix, long row_size, long aggressors, double sample_interval,
                         double bit_time, char* AMI_parameters_in, char** AMI_parameters_out, void** AMI_memory_handle,
                         char** msg) {
  return halo::ami::init_frame<TxModel>(
      impulse_matrix, row_size, aggressors, AMI_parameters_in, "halo_tx", AMI_parameters_out, AMI_memory_handle, msg,
      [&](const halo::ami::Node& root, std::string& err) -> std::unique_ptr<TxModel> {
        auto m = std::make_unique<TxModel>();
        m->spb = halo::ami::samples_per_ui(sample_interval, bit_time);
        if (m->spb == 0) {
          err = "AMI_Init: bit_time / sample_interval must be an integer 1..4096, found " + std::to_string(bit_time) +
                " s / " + std::to_string(sample_interval) + " s";
          return nullptr;
        }
        std::vector<long> taps{672};
        long pre = 0;
        if (!halo::ami::get_int_list(root, "tx_taps", -2048, 2047, 16, taps, err) ||
            !halo::ami::get_int(root, "tx_pre", 0, 15, pre, err))
          return nullptr;
        if (pre >= static_cast<long>(taps.size())) {
          err = "AMI parameters: " + root.name + ".tx_pre: expected < number of tx_taps (" +
                std::to_string(taps.size()) + "), found " + std::to_string(pre);
          return nullptr;
        }
        double norm = 0.0;
        for (long t : taps) norm += std::fabs(static_cast<double>(t));
        if (norm == 0.0) {
          err = "AMI parameters: " + root.name + ".tx_taps: all zero";
          return nullptr;
        }
        for (long t : taps) m->c.push_back(static_cast<double>(t) / norm);
        m->pre = pre;
        if (row_size > 0) {
          std::vector<double> h(impulse_matrix, impulse_matrix + row_size);
          fir(*m, h, {}, impulse_matrix, row_size);
        }
        m->hist.assign(static_cast<std::size_t>((static_cast<long>(taps.size()) - 1) * m->spb), 0.0);
        m->params_out = "(" + root.name + " (samples_per_ui " + std::to_string(m->spb) + "))";
        m->msg = "HaloLink golden-model TX FFE, " + std::to_string(taps.size()) + " taps";
        return m;
      });
}

extern "C" long AMI_GetWave(double* wave, long wave_size, double* clock_times,
                            char** AMI_parameters_out, void* AMI_memory) {
  (void)clock_times;
  if (AMI_memory == nullptr || wave_size < 0 || (wave == nullptr && wave_size > 0)) return 0;
  auto& m = *static_cast<TxModel*>(AMI_memory);
  try {
    m.buf.assign(wave, wave + wave_size);
    fir(m, m.buf, m.hist, wave, wave_size);
    // history: last hist.size() samples of (hist ++ input)
    std::vector<double> all = m.hist;
    all.insert(all.end(), m.buf.begin(), m.buf.end());
    std::copy(all.end() - static_cast<long>(m.hist.size()), all.end(), m.hist.begin());
    if (AMI_parameters_out != nullptr) *AMI_parameters_out = m.params_out.data();
    return 1;
  } catch (...) {
    return 0;
  }
}

extern "C" long AMI_Close(void* AMI_memory) {
  delete static_cast<TxModel*>(AMI_memory);
  return 1;
}

extern "C" long HALO_AMI_LastBits(void*, unsigned char*, long) { return 0; }

// libhalo_ami_rx: IBIS-AMI receiver model around the golden-model retimer::RetimerRx
// (docs/ami.md). AMI_Init validates the parameters (ami_tree.hpp) and returns the impulse
// response filtered by the analog front end (CTLE in the COM form and the optional
// Bessel-Thomson filter, ami_analog.hpp; Init_Returns_Impulse True). AMI_GetWave filters the
// waveform with the same front end, samples it once per UI at the instant the golden-model
// Mueller-Muller CDR commands (sample_phase + the unwrapped CDR phase, rounded to the sample
// grid), quantises it to signed adc_bits codes (full scale adc_full_scale volts, or set by the
// AGC over the first agc_ui UIs when adc_full_scale is 0), runs
// RetimerRx (FFE/NLC/DFE/CDR with LMS adaptation, bit-exact, one symbol at a time so that the
// phase of symbol n is the CDR command after symbol n-1) and returns the slicer input held from
// each sampling instant to the next (scaled so that the outer target 3A is out_level_v volts)
// and the clock times (sampling instant minus UI/2,
// IBIS 7.x 10.2.3: the tool samples at clock time + UI/2), ending with -1.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <exception>
#include <memory>
#include <new>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ami_analog.hpp"
#include "ami_api.h"
#include "ami_common.hpp"
#include "ami_tree.hpp"
#include "halo/retimer/retimer_rx.hpp"

namespace {

using halo::ami::Node;

struct RxModel {
  halo::retimer::RetimerRx rx;
  long spb = 1;
  long phase_sample = 0;  // sample index within the UI at which the ADC samples (CDR phase 0)
  int adc_bits = 8;
  double full_scale = 0.4;   // 0 until the AGC has measured it (adc_full_scale 0)
  bool report_phase = true;  // GetWave's AMI_parameters_out carries (phase_code N)
  double out_scale = 0.0;    // output volts per S13.3 slicer-input unit: out_level_v / (3 level_a)
  double agc_target = 0.25;  // AGC: rms at the ADC as a fraction of the peak-to-peak full scale
  std::int64_t agc_samples = 0;  // AGC window (samples); 0 = fixed full scale
  double agc_sum2 = 0.0;
  double dt = 0.0;
  halo::ami::AnalogFilter front;  // CTLE x Bessel-Thomson (empty: none)
  std::int64_t sample_count = 0;  // samples seen over all GetWave calls
  std::int64_t next_symbol = 0;   // index of the next symbol to sample
  std::int64_t last_sample = -1;  // absolute sample index of the previous symbol's ADC sample
  std::int64_t phase_unwrapped = 0;  // CDR phase, 2^32 = 1 UI, unwrapped
  std::uint32_t last_phi = 0;
  std::vector<double> hist;       // filtered input from absolute sample hist_base on
  std::int64_t hist_base = 0;
  double hold = 0.0;
  std::string params_out, msg;
  std::vector<std::int16_t> codes, z;
  std::vector<std::uint8_t> bits;
  std::vector<std::int64_t> at;  // sampling instants of this call's symbols
};

/// Absolute sample index of the ADC sample of symbol k: k spb + phase_sample + the CDR phase
/// (unwrapped, rounded to the nearest sample), never before the previous symbol's sample + 1
/// (nor before the kept history, two UIs: unreachable at the CDR's step sizes).
std::int64_t sample_index(const RxModel& m) {
  const std::int64_t off = (m.phase_unwrapped * m.spb + (std::int64_t{1} << 31)) >> 32;
  return std::max({m.next_symbol * m.spb + m.phase_sample + off, m.last_sample + 1, m.hist_base});
}

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
       dfe_adapt = 1, dfe_mu = 6, cdr = 1, precoding = 0, kp = 11, ki = 31, lms = 0, level_a = 256,
       nlc = 0, nlc_memory = 5, nlc_pre = 2, nlc_mu = 7;
  long agc_ui = 1024, report = 1;
  double out_level = 0.5, agc_target = 0.25;
  double phase = 0.5, fs = 0.4, ctle_gdc = 0, ctle_fz = 0, ctle_fp1 = 21.25, ctle_fp2 = 53.125, rx_bw = 0;
  if (!halo::ami::get_int(root, "adc_bits", 6, 8, adc_bits, err) ||
      !halo::ami::get_real(root, "adc_full_scale", 0.0, 100.0, fs, err) ||
      !halo::ami::get_real(root, "agc_target_rms", 0.05, 0.5, agc_target, err) ||
      !halo::ami::get_int(root, "agc_ui", 16, 100000, agc_ui, err) ||
      !halo::ami::get_int(root, "getwave_report", 0, 1, report, err) ||
      !halo::ami::get_real(root, "out_level_v", 0.001, 10.0, out_level, err) ||
      !halo::ami::get_real(root, "sample_phase", 0.0, 1.0, phase, err) ||
      !halo::ami::get_int(root, "ffe_taps", 1, 64, ffe_taps, err) ||
      !halo::ami::get_int(root, "ffe_pre", 0, 63, ffe_pre, err) ||
      !halo::ami::get_int(root, "ffe_adapt", 0, 1, ffe_adapt, err) ||
      !halo::ami::get_int(root, "ffe_mu_shift", 0, 30, ffe_mu, err) ||
      !halo::ami::get_int(root, "dfe_taps", 0, 4, dfe_taps, err) ||
      !halo::ami::get_int(root, "dfe_adapt", 0, 1, dfe_adapt, err) ||
      !halo::ami::get_int(root, "dfe_mu_shift", 0, 30, dfe_mu, err) ||
      !halo::ami::get_int(root, "cdr_enable", 0, 1, cdr, err) ||
      !halo::ami::get_int(root, "precoding", 0, 1, precoding, err) ||
      !halo::ami::get_int(root, "cdr_kp_shift", 0, 40, kp, err) ||
      !halo::ami::get_int(root, "cdr_ki_shift", 0, 48, ki, err) ||
      !halo::ami::get_int(root, "lms_mode", 0, 1, lms, err) ||
      !halo::ami::get_int(root, "level_a", 16, 600, level_a, err) ||
      !halo::ami::get_int(root, "nlc", 0, 2, nlc, err) ||
      !halo::ami::get_int(root, "nlc_memory", 1, 9, nlc_memory, err) ||
      !halo::ami::get_int(root, "nlc_pre", 0, 8, nlc_pre, err) ||
      !halo::ami::get_int(root, "nlc_mu_shift", 0, 30, nlc_mu, err) ||
      !halo::ami::get_real(root, "ctle_dc_gain_db", -40.0, 20.0, ctle_gdc, err) ||
      !halo::ami::get_real(root, "ctle_fz_ghz", 0.0, 200.0, ctle_fz, err) ||
      !halo::ami::get_real(root, "ctle_fp1_ghz", 0.1, 200.0, ctle_fp1, err) ||
      !halo::ami::get_real(root, "ctle_fp2_ghz", 0.1, 200.0, ctle_fp2, err) ||
      !halo::ami::get_real(root, "rx_bw_ghz", 0.0, 200.0, rx_bw, err))
    return false;
  // the filter must not alias: every pole below the Nyquist rate of the simulator's sampling
  const double fnyq = 0.5 / sample_interval * 1e-9;
  for (double f : {ctle_fz > 0 ? ctle_fp1 : 0.0, ctle_fz > 0 ? ctle_fp2 : 0.0, rx_bw})
    if (f > fnyq) {
      err = "AMI parameters: " + root.name + ": CTLE pole / rx_bw_ghz expected <= the sampling Nyquist frequency " +
            std::to_string(fnyq) + " GHz, found " + std::to_string(f) + " GHz";
      return false;
    }
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
  if (lms != 0) c.ffe.adapt.mode = c.dfe.adapt.mode = halo::dsp::LmsMode::kLms;  // as halolink sim
  c.dfe.slicer.level_a = c.lut.level_a = static_cast<int>(level_a);
  if (nlc == 1) {  // 2nd-order Volterra, memory nlc_memory, pre-cursors nlc_pre
    c.nlc = halo::retimer::NlcKind::kVolterra;
    c.volterra.n2 = static_cast<int>(nlc_memory);
    c.volterra.pre2 = static_cast<int>(nlc_pre);
    c.volterra.adapt.mu_shift = static_cast<int>(nlc_mu);
  } else if (nlc == 2) {  // look-up-table NLC over nlc_memory symbols (1..7)
    c.nlc = halo::retimer::NlcKind::kLut;
    c.lut.pattern_len = static_cast<int>(std::min(nlc_memory, 7L));
    c.lut.pre = static_cast<int>(nlc_pre);
    c.lut.adapt.mu_shift = static_cast<int>(nlc_mu);
  }
  c.cdr.kp_shift = static_cast<int>(kp);
  c.cdr.ki_shift = static_cast<int>(ki);
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
  try {
    m.front = halo::ami::make_front_end(ctle_gdc, ctle_fz * 1e9, ctle_fp1 * 1e9, ctle_fp2 * 1e9, rx_bw * 1e9,
                                        sample_interval);
  } catch (const std::exception& e) {
    err = "AMI parameters: " + root.name + ": front end rejected: " + e.what();
    return false;
  }
  m.adc_bits = c.adc_bits;
  if (fs > 0 && fs < 1e-4) {
    err = "AMI parameters: " + root.name + ".adc_full_scale: expected 0 (AGC) or 1e-4..100, found " + std::to_string(fs);
    return false;
  }
  m.full_scale = fs;
  m.agc_target = agc_target;
  m.report_phase = report != 0;
  m.agc_samples = fs > 0 ? 0 : static_cast<std::int64_t>(agc_ui) * m.spb;
  m.out_scale = out_level / (3.0 * static_cast<double>(level_a));
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
        // statistical path: every column (victim, then aggressors) through the front end
        if (!m->front.empty() && impulse_matrix != nullptr)
          for (long col = 0; col <= aggressors; ++col) {
            halo::ami::AnalogFilter f = m->front;
            f.reset();
            f.process(std::span<double>(impulse_matrix + col * row_size, static_cast<std::size_t>(row_size)));
          }
        m->params_out = "(" + root.name + " (samples_per_ui " + std::to_string(m->spb) + ") (latency_ui " +
                        std::to_string(m->rx.latency()) + "))";
        m->msg = "HaloLink golden-model RX: " + std::string(m->front.empty() ? "no CTLE" : "CTLE") + ", " +
                 std::to_string(m->adc_bits) + "-bit ADC, RetimerRx, CDR-placed sampler";
        return m;
      });
}

extern "C" long AMI_GetWave(double* wave, long wave_size, double* clock_times,
                            char** AMI_parameters_out, void* AMI_memory) {
  if (AMI_memory == nullptr || wave_size < 0 || (wave == nullptr && wave_size > 0)) return 0;
  auto& m = *static_cast<RxModel*>(AMI_memory);
  try {
    // analog front end, appended to the history of filtered samples
    const std::size_t h0 = m.hist.size();
    m.hist.insert(m.hist.end(), wave, wave + wave_size);
    m.front.process(std::span<double>(m.hist.data() + h0, static_cast<std::size_t>(wave_size)));
    const std::int64_t end = m.sample_count + wave_size;  // absolute index past the last sample
    // AGC (adc_full_scale 0): the rms of the front-end output over the first agc_ui UIs sets
    // the full scale (rms = agc_target_rms x the peak-to-peak full scale); the sampler starts
    // with the first symbol whose sampling instant follows that window
    if (m.agc_samples > 0 && m.full_scale == 0.0) {
      for (std::int64_t k = m.sample_count; k < std::min(end, m.agc_samples); ++k) {
        const double v = m.hist[static_cast<std::size_t>(k - m.hist_base)];
        if (std::isfinite(v)) m.agc_sum2 += v * v;
      }
      if (end >= m.agc_samples) {
        const double rms = std::sqrt(m.agc_sum2 / static_cast<double>(m.agc_samples));
        m.full_scale = rms > 0 ? std::clamp(rms / (2.0 * m.agc_target), 1e-6, 1e6) : 1.0;
        m.next_symbol = std::max(m.next_symbol, (m.agc_samples + m.spb - 1) / m.spb);
      }
    }
    const double lsb = m.full_scale / static_cast<double>(1L << (m.adc_bits - 1));
    const long cmax = (1L << (m.adc_bits - 1)) - 1, cmin = -(1L << (m.adc_bits - 1));
    m.codes.clear();
    m.z.clear();
    m.bits.clear();
    m.at.clear();
    std::int16_t z1 = 0;
    std::uint8_t b2[2] = {0, 0};
    const bool running = m.full_scale > 0.0;
    for (std::int64_t s = sample_index(m); running && s < end; s = sample_index(m)) {
      const double v = m.hist[static_cast<std::size_t>(s - m.hist_base)] / lsb;
      const long c = std::isfinite(v) ? static_cast<long>(std::clamp(std::round(v), -1e6, 1e6)) : 0;
      const std::int16_t code = static_cast<std::int16_t>(std::clamp(c, cmin, cmax));
      halo::retimer::RxOut out;
      out.bits = b2;
      out.slicer_in = std::span<std::int16_t>(&z1, 1);
      m.rx.process(std::span<const std::int16_t>(&code, 1), out);
      m.codes.push_back(code);
      m.z.push_back(z1);
      m.bits.push_back(b2[0]);
      m.bits.push_back(b2[1]);
      m.at.push_back(s);
      m.last_sample = s;
      ++m.next_symbol;
      const std::uint32_t phi = m.rx.cdr().phase();
      m.phase_unwrapped += static_cast<std::int32_t>(phi - m.last_phi);
      m.last_phi = phi;
    }
    // output: the slicer input held from each sampling instant on
    std::size_t j = 0;
    for (long i = 0; i < wave_size; ++i) {
      const std::int64_t k = m.sample_count + i;
      while (j < m.at.size() && m.at[j] <= k) {
        m.hold = static_cast<double>(m.z[j]) * m.out_scale;  // target 3A -> out_level_v
        if (clock_times != nullptr)
          clock_times[j] = (static_cast<double>(m.at[j]) - 0.5 * static_cast<double>(m.spb)) * m.dt;
        ++j;
      }
      wave[i] = m.hold;
    }
    if (clock_times != nullptr && j < static_cast<std::size_t>(wave_size)) clock_times[j] = -1.0;
    m.sample_count = end;
    // keep the history from two UIs before the next sampling instant (the CDR moves slowly)
    // (during the AGC window: the last two UIs)
    const std::int64_t keep = std::max<std::int64_t>(
        m.hist_base, running ? std::min(sample_index(m), end) - 2 * m.spb : end - 2 * m.spb);
    m.hist.erase(m.hist.begin(), m.hist.begin() + (keep - m.hist_base));
    m.hist_base = keep;
    m.params_out = m.report_phase ? "(halo_rx (phase_code " + std::to_string(m.rx.phase_code()) + "))" : "(halo_rx)";
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

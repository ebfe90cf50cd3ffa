// Link-health monitoring of a simulated link whose conditions drift: the time-domain engine
// runs the link (training, then `windows` consecutive windows of `window_symbols` measured
// symbols) while a temperature ramp (optical links: MZM bias drift) and/or a receiver-noise
// ramp change the conditions block by block; the bit-exact CMIS VDM monitor
// (halo::mon::VdmMonitor, cmodel/mon) takes one sample per window from the receiver's slicer
// input and decisions, the pattern checker's bit errors and the KP4 decoder's codewords.
//
// The slicer input (level units, outer level 1) is quantised to the monitor's S13.3 input as
// z = round(768 x) saturated to [-4096, 4095] (A = 256: targets A{-3,-1,1,3}).
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "halo/mon/vdm.hpp"
#include "halo/sim/link.hpp"
#include "halo/sim/link_config.hpp"

namespace halo::sim {

/// Linear ramp of one condition over the monitored windows (start at the first measured
/// symbol, end at the last).
struct Ramp {
  bool enabled = false;
  double start = 0, end = 0;
  [[nodiscard]] double at(double fraction) const { return start + (end - start) * fraction; }
};

struct MonitorConfig {
  LinkConfig link;                       ///< the link (same YAML fields as `halolink sim`)
  unsigned windows = 20;                 ///< VDM samples, 1..10000
  std::uint64_t window_symbols = 100000; ///< measured symbols per window, block_symbols..2^24
  Ramp temperature_c;                    ///< optical.temperature_c ramp, C (-40..125)
  Ramp rx_noise_mv;                      ///< rx.noise_rms_mv ramp, mV rms (0..1000)
  mon::VdmConfig vdm;                    ///< thresholds (raw register formats)
};

/// Loads a `halolink monitor` YAML: a link config plus a `monitor:` section
///   monitor: {windows, window_symbols, drift: {temperature_c: [start, end], rx_noise_mv: [start, end]},
///             thresholds: {OBS: {hi_alarm, hi_warn, lo_warn, lo_alarm, hysteresis}}}
/// OBS is esnr | ltp (dB, hysteresis dB), ber_cur | ber_min | ber_max | ber_avg | ferc_* (ratio),
/// fec_tail (symbol errors, 0..16). Throws ConfigError naming the file and field.
MonitorConfig load_monitor_config(const std::filesystem::path& file);
MonitorConfig parse_monitor_config(const std::string& yaml_text, const std::string& name,
                                   const std::filesystem::path& base_dir);

/// A flag that rose (latched 0 -> 1 within a window, or re-latched after a read).
struct MonitorEvent {
  unsigned window = 0;
  std::string observable;  ///< "esnr", "ber_cur", ...
  std::string flag;        ///< high_alarm | high_warning | low_warning | low_alarm
  std::string edge;        ///< "set" (condition became active) | "clear" (became inactive)
  double value = 0;        ///< observable value in engineering units at that window
};

struct MonitorSeries {
  std::vector<mon::VdmSample> samples;
  std::vector<double> temperature_c, rx_noise_mv;  ///< condition at each window's centre (NaN: not ramped)
  std::vector<MonitorEvent> events;
  TdResult td;                                     ///< whole-run time-domain result
};

/// Runs the drifting link and samples the monitor once per window. Throws ConfigError for a
/// temperature ramp on an electrical link.
MonitorSeries run_monitor(const MonitorConfig& cfg);

/// Observable value in engineering units (dB, ratio, count).
double vdm_value(mon::VdmObs o, std::uint16_t raw);

/// JSON time series (schema in docs/monitors.md).
nlohmann::json monitor_json(const MonitorConfig& cfg, const MonitorSeries& s);

}  // namespace halo::sim

// halolink._core: the nanobind extension behind the `halolink` Python package (docs/python.md).
// Thin wrappers only: every algorithm lives in cmodel/ (bit-exact golden model) and sim/ (link
// simulator); results documents are the same nlohmann::json the `halolink` command writes,
// handed to Python as JSON text (json.loads in halolink/__init__.py), so a Python run and a
// CLI run at the same seed give the same numbers bit for bit. Long calls release the GIL.
#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>
#include <nanobind/stl/array.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "halo/config/config.hpp"
#include "halo/fec/rs_code.hpp"
#include "halo/fec/rs_decoder.hpp"
#include "halo/fec/rs_encoder.hpp"
#include "halo/mon/level_monitor.hpp"
#include "halo/mon/vdm.hpp"
#include "halo/retimer/retimer_rx.hpp"
#include "halo/sim/compare_config.hpp"
#include "halo/sim/compare_run.hpp"
#include "halo/sim/link.hpp"
#include "halo/sim/link_config.hpp"
#include "halo/sim/link_monitor.hpp"
#include "halo/sim/touchstone.hpp"

namespace nb = nanobind;
using namespace nb::literals;

namespace {

using U16In = nb::ndarray<const std::uint16_t, nb::c_contig, nb::device::cpu>;
using U16Io = nb::ndarray<std::uint16_t, nb::c_contig, nb::device::cpu>;
using I16In = nb::ndarray<const std::int16_t, nb::ndim<1>, nb::c_contig, nb::device::cpu>;
using U8In = nb::ndarray<const std::uint8_t, nb::ndim<1>, nb::c_contig, nb::device::cpu>;

template <class T>
nb::ndarray<nb::numpy, T> owned(std::vector<T>&& v, std::vector<std::size_t> shape) {
  auto* p = new std::vector<T>(std::move(v));
  nb::capsule owner(p, [](void* q) noexcept { delete static_cast<std::vector<T>*>(q); });
  return nb::ndarray<nb::numpy, T>(p->data(), shape.size(), shape.data(), owner);
}

inline void fill(nb::dict&) {}
template <class V, class... R>
void fill(nb::dict& d, const char* k, V&& v, R&&... r) {
  d[k] = nb::cast(std::forward<V>(v));
  fill(d, std::forward<R>(r)...);
}
/// dict from alternating key, value arguments
template <class... A>
nb::dict D(A&&... a) {
  nb::dict d;
  fill(d, std::forward<A>(a)...);
  return d;
}

/// Rows of a (R, width) or (width,) array; std::invalid_argument naming the expected width.
std::size_t rows_of(std::size_t ndim, const std::int64_t* shape, unsigned width, const char* what) {
  if (ndim == 1 && shape[0] == static_cast<std::int64_t>(width)) return 1;
  if (ndim == 2 && shape[1] == static_cast<std::int64_t>(width)) return static_cast<std::size_t>(shape[0]);
  std::string got = "(";
  for (std::size_t i = 0; i < ndim; ++i) got += (i ? ", " : "") + std::to_string(shape[i]);
  got += ndim == 1 ? ",)" : ")";
  throw std::invalid_argument(std::string(what) + ": expected shape (N, " + std::to_string(width) + ") or (" +
                              std::to_string(width) + ",), found " + got);
}

void check_symbols(const std::uint16_t* d, std::size_t rows, unsigned width, const char* what) {
  for (std::size_t r = 0; r < rows; ++r)
    for (unsigned i = 0; i < width; ++i)
      if (d[r * width + i] >= 1024)
        throw std::invalid_argument(std::string(what) + ": record " + std::to_string(r) + ", symbol " +
                                    std::to_string(i) + ": expected a 10-bit symbol (< 1024), found " +
                                    std::to_string(d[r * width + i]));
}

nb::object fec_encode(U16In msg, const std::string& code_name) {
  const auto code = halo::fec::rs_code_from_name(code_name);
  const std::size_t rows = rows_of(msg.ndim(), msg.shape_ptr(), code.k, "encode: messages");
  check_symbols(msg.data(), rows, code.k, "encode: messages");
  std::vector<std::uint16_t> out(rows * code.n);
  {
    nb::gil_scoped_release nogil;
    const halo::fec::RsEncoder enc(code);
    for (std::size_t r = 0; r < rows; ++r)
      enc.encode({msg.data() + r * code.k, code.k}, {out.data() + r * code.n, code.n});
  }
  if (msg.ndim() == 1) return nb::cast(owned(std::move(out), {code.n}));
  return nb::cast(owned(std::move(out), {rows, code.n}));
}

/// Decodes words in place; returns (uncorrectable[N] bool as uint8, corrected_symbols[N], corrected_bits[N]).
nb::tuple fec_decode_inplace(U16Io words, const std::string& code_name, bool correct) {
  const auto code = halo::fec::rs_code_from_name(code_name);
  const std::size_t rows = rows_of(words.ndim(), words.shape_ptr(), code.n, "decode: codewords");
  check_symbols(words.data(), rows, code.n, "decode: codewords");
  std::vector<std::uint8_t> unc(rows);
  std::vector<std::uint32_t> cs(rows), cb(rows);
  {
    nb::gil_scoped_release nogil;
    const halo::fec::RsDecoder dec(code, {correct});
    for (std::size_t r = 0; r < rows; ++r) {
      const auto res = dec.decode({words.data() + r * code.n, code.n});
      unc[r] = res.uncorrectable;
      cs[r] = res.corrected_symbols;
      cb[r] = res.corrected_bits;
    }
  }
  return nb::make_tuple(owned(std::move(unc), {rows}), owned(std::move(cs), {rows}), owned(std::move(cb), {rows}));
}

// ---- link simulator ---------------------------------------------------------------------

halo::sim::LinkConfig link_config(const std::string& text, bool is_path, const std::string& name,
                                  const std::string& base_dir) {
  return is_path ? halo::sim::load_config(text) : halo::sim::parse_config(text, name, base_dir);
}

/// The `halolink sim` loop (sim/cli/cmd_sim.cpp) without printing: one results document, or an
/// array of them for a config with a sweep section.
std::string sim_run(const std::string& text, bool is_path, const std::string& name, const std::string& base_dir,
                    std::optional<std::uint64_t> symbols, std::optional<std::uint64_t> seed, bool statistical,
                    std::uint64_t shard, bool analysis) {
  nb::gil_scoped_release nogil;
  halo::sim::LinkConfig cfg = link_config(text, is_path, name, base_dir);
  if (symbols) cfg.symbols = *symbols;
  if (seed) cfg.seed = *seed;
  cfg.shard = shard;
  halo::sim::validate(cfg, is_path ? text : name);
  std::vector<double> points = cfg.sweep ? cfg.sweep->values : std::vector<double>{NAN};
  nlohmann::json all = nlohmann::json::array();
  for (double pv : points) {
    halo::sim::LinkConfig c = cfg;
    if (cfg.sweep) halo::sim::set_parameter(c, cfg.sweep->parameter, pv);
    const halo::sim::LinkModel m = halo::sim::build_model(c);
    std::optional<halo::sim::StatResult> st;
    if (!m.optical && (analysis || statistical))
      st = halo::sim::analyze(m.pulse, halo::sim::stat_noise(c, m), halo::sim::stat_options(c, m));
    else if (statistical)
      st = halo::sim::analyze_optical(c, m);
    std::optional<halo::sim::TdResult> td;
    if (!statistical) td = halo::sim::run_time_domain(c, m);
    auto j = halo::sim::to_json(c, m, st ? &*st : nullptr, td ? &*td : nullptr);
    if (cfg.sweep) j["sweep"] = {{"parameter", cfg.sweep->parameter}, {"value", pv}};
    all.push_back(j);
  }
  return (cfg.sweep ? all : all[0]).dump();
}

std::string compare_run(const std::string& text, bool is_path, const std::string& name, const std::string& base_dir) {
  nb::gil_scoped_release nogil;
  const auto cfg = is_path ? halo::sim::load_compare_config(text) : halo::sim::parse_compare_config(text, name, base_dir);
  return halo::sim::run_compare(cfg).dump();
}

std::string monitor_run(const std::string& text, bool is_path, const std::string& name, const std::string& base_dir,
                        std::optional<unsigned> windows, std::optional<std::uint64_t> window_symbols,
                        std::optional<std::uint64_t> seed) {
  nb::gil_scoped_release nogil;
  auto cfg = is_path ? halo::sim::load_monitor_config(text) : halo::sim::parse_monitor_config(text, name, base_dir);
  if (windows) cfg.windows = *windows;
  if (window_symbols) cfg.window_symbols = *window_symbols;
  if (seed) cfg.link.seed = *seed;
  const auto s = halo::sim::run_monitor(cfg);
  return halo::sim::monitor_json(cfg, s).dump();
}

// ---- receiver -----------------------------------------------------------------------------

halo::retimer::RxConfig rx_config(int adc_bits, int ffe_taps, int ffe_pre, int dfe_taps, const std::string& nlc,
                                  bool cdr, bool precoding, const std::string& pattern, bool fec, std::uint64_t fec_skip,
                                  bool adapt) {
  halo::retimer::RxConfig c;
  c.adc_bits = adc_bits;
  c.ffe.taps = ffe_taps;
  c.ffe.pre = ffe_pre;
  c.ffe.adc_bits = adc_bits;
  c.dfe.taps = dfe_taps;
  c.ffe.adapt.enable = adapt;
  c.dfe.adapt.enable = adapt;
  if (nlc == "none") c.nlc = halo::retimer::NlcKind::kNone;
  else if (nlc == "volterra") c.nlc = halo::retimer::NlcKind::kVolterra;
  else if (nlc == "lut") c.nlc = halo::retimer::NlcKind::kLut;
  else throw std::invalid_argument("RetimerRx: nlc: expected none | volterra | lut, found '" + nlc + "'");
  c.cdr_enable = cdr;
  c.precoding = precoding;
  if (pattern == "prbs31q") c.checker.pattern = halo::dsp::Pattern::kPrbs31q;
  else if (pattern == "prbs13q") c.checker.pattern = halo::dsp::Pattern::kPrbs13q;
  else if (pattern == "ssprq") c.checker.pattern = halo::dsp::Pattern::kSsprq;
  else if (pattern == "none") c.checker_enable = false;
  else throw std::invalid_argument("RetimerRx: pattern: expected prbs31q | prbs13q | ssprq | none, found '" + pattern + "'");
  c.fec_enable = fec;
  c.fec.skip = fec_skip;
  return c;
}

class PyRetimerRx {
 public:
  explicit PyRetimerRx(const halo::retimer::RxConfig& c) : rx_(c) {}
  nb::dict process(I16In adc) {
    const std::size_t n = adc.shape(0);
    std::vector<std::uint8_t> bits(2 * n), sym(n), dec(n);
    std::vector<std::int16_t> z(n);
    std::vector<std::uint16_t> ph(n);
    {
      nb::gil_scoped_release nogil;
      halo::retimer::RxOut o;
      o.bits = bits;
      o.symbols = sym;
      o.decisions = dec;
      o.slicer_in = z;
      o.phase = ph;
      rx_.process({adc.data(), n}, o);
    }
    nb::dict d;
    d["bits"] = owned(std::move(bits), {2 * n});
    d["symbols"] = owned(std::move(sym), {n});
    d["decisions"] = owned(std::move(dec), {n});
    d["slicer_in"] = owned(std::move(z), {n});
    d["phase"] = owned(std::move(ph), {n});
    return d;
  }
  nb::dict counters() {
    nb::dict d;
    const auto& c = rx_.checker().counts();
    d["checker"] = D("symbols", c.symbols, "symbol_errors", c.symbol_errors, "bits", c.bits,
                            "bit_errors", c.bit_errors, "locks", c.locks, "losses", c.losses,
                            "locked", rx_.checker().locked());
    const auto r = rx_.levels().report();
    d["levels"] = D("count", r.count, "mean", r.mean, "sigma", r.sigma, "esnr_db", r.esnr_db,
                           "rlm", r.rlm);
    if (rx_.config().fec_enable) {
      const auto& m = rx_.fec().monitor();
      d["fec"] = D("codewords", m.codewords(), "corrected_codewords", m.corrected_codewords(),
                          "uncorrectable_codewords", m.uncorrectable_codewords(),
                          "corrected_symbols", m.corrected_symbols(), "corrected_bits", m.corrected_bits(),
                          "histogram", std::vector<std::uint64_t>(m.histogram().begin(), m.histogram().end()));
    }
    d["input_clips"] = rx_.input_clips();
    d["phase_code"] = rx_.phase_code();
    d["ffe_taps"] = rx_.ffe().taps();
    return d;
  }
  void reset() { rx_.reset(); }
  int latency() const { return rx_.latency(); }

 private:
  halo::retimer::RetimerRx rx_;
};

nb::dict level_report_dict(const halo::mon::LevelReport& r) {
  return D("count", r.count, "mean", r.mean, "sigma", r.sigma, "esnr_db", r.esnr_db, "rlm", r.rlm);
}

nb::dict vdm_sample_dict(const halo::mon::VdmSample& s) {
  nb::dict raw, eng;
  for (int i = 0; i < halo::mon::kVdmObsCount; ++i) {
    const auto o = static_cast<halo::mon::VdmObs>(i);
    raw[halo::mon::vdm_obs_name(o)] = s.value[i];
    eng[halo::mon::vdm_obs_name(o)] = halo::sim::vdm_value(o, s.value[i]);
  }
  return D("window", s.window, "raw", raw, "value", eng, "levels_valid", s.levels_valid,
                  "symbols", s.symbols, "bits", s.bits, "bit_errors", s.bit_errors, "frames", s.frames,
                  "errored_frames", s.errored_frames, "fec_hist", s.fec_hist, "active", s.active,
                  "latched", s.latched);
}

}  // namespace

NB_MODULE(_core, m) {
  m.doc() = "HaloLink C++ core (cmodel golden model and link simulator); use the `halolink` package.";
  nb::exception<halo::config::ConfigError>(m, "ConfigError", PyExc_ValueError);
  nb::exception<halo::sim::TouchstoneError>(m, "TouchstoneError", PyExc_ValueError);

  m.def("fec_encode", &fec_encode, "messages"_a, "code"_a = "kp4",
        "RS encode (k,)/(N, k) uint16 messages to (n,)/(N, n) codewords (see halolink.fec.encode).");
  m.def("fec_decode_inplace", &fec_decode_inplace, "words"_a, "code"_a = "kp4", "correct"_a = true,
        "RS decode (N, n) uint16 words in place; returns (uncorrectable, corrected_symbols, corrected_bits).");
  m.def("sim_run", &sim_run, "text"_a, "is_path"_a, "name"_a, "base_dir"_a, "symbols"_a.none(), "seed"_a.none(),
        "statistical"_a, "shard"_a = 0, "analysis"_a = true, "Link simulation; results JSON text (see halolink.sim.run).");
  m.def("compare_run", &compare_run, "text"_a, "is_path"_a, "name"_a, "base_dir"_a,
        "DSP vs LPO comparison; results JSON text (see halolink.compare).");
  m.def("monitor_run", &monitor_run, "text"_a, "is_path"_a, "name"_a, "base_dir"_a, "windows"_a.none(),
        "window_symbols"_a.none(), "seed"_a.none(), "Drifting-link VDM monitor run; JSON text (see halolink.monitor.run).");

  nb::class_<PyRetimerRx>(m, "RetimerRxCore")
      .def("__init__",
           [](PyRetimerRx* self, int adc_bits, int ffe_taps, int ffe_pre, int dfe_taps, const std::string& nlc,
              bool cdr, bool precoding, const std::string& pattern, bool fec, std::uint64_t fec_skip, bool adapt) {
             new (self) PyRetimerRx(
                 rx_config(adc_bits, ffe_taps, ffe_pre, dfe_taps, nlc, cdr, precoding, pattern, fec, fec_skip, adapt));
           },
           "adc_bits"_a, "ffe_taps"_a, "ffe_pre"_a, "dfe_taps"_a, "nlc"_a, "cdr"_a, "precoding"_a, "pattern"_a,
           "fec"_a, "fec_skip"_a, "adapt"_a)
      .def("process", &PyRetimerRx::process, "adc"_a)
      .def("counters", &PyRetimerRx::counters)
      .def("reset", &PyRetimerRx::reset)
      .def_prop_ro("latency", &PyRetimerRx::latency);

  nb::class_<halo::mon::LevelMonitor>(m, "LevelMonitorCore")
      .def(nb::init<>())
      .def("process",
           [](halo::mon::LevelMonitor& self, I16In z, U8In d) {
             if (z.shape(0) != d.shape(0))
               throw std::invalid_argument("LevelMonitor.process: z and decisions differ in length (" +
                                           std::to_string(z.shape(0)) + " vs " + std::to_string(d.shape(0)) + ")");
             for (std::size_t i = 0; i < d.shape(0); ++i)
               if (d.data()[i] > 3)
                 throw std::invalid_argument("LevelMonitor.process: decisions[" + std::to_string(i) +
                                             "]: expected 0..3, found " + std::to_string(d.data()[i]));
             nb::gil_scoped_release nogil;
             self.process({z.data(), z.shape(0)}, {d.data(), d.shape(0)});
           },
           "z"_a, "decisions"_a)
      .def("report", [](const halo::mon::LevelMonitor& self) { return level_report_dict(self.report()); })
      .def("reset", &halo::mon::LevelMonitor::reset);

  nb::class_<halo::mon::VdmMonitor>(m, "VdmMonitorCore")
      .def(nb::init<>())
      .def("process",
           [](halo::mon::VdmMonitor& self, I16In z, U8In d) {
             for (std::size_t i = 0; i < d.shape(0); ++i)
               if (d.data()[i] > 3)
                 throw std::invalid_argument("VdmMonitor.process: decisions[" + std::to_string(i) +
                                             "]: expected 0..3, found " + std::to_string(d.data()[i]));
             nb::gil_scoped_release nogil;
             self.process({z.data(), z.shape(0)}, {d.data(), d.shape(0)});
           },
           "z"_a, "decisions"_a)
      .def("add_bits", &halo::mon::VdmMonitor::add_bits, "bits"_a, "bit_errors"_a)
      .def("add_codeword",
           [](halo::mon::VdmMonitor& self, unsigned e, bool unc) {
             if (e > 15) throw std::invalid_argument("VdmMonitor.add_codeword: symbol_errors: expected 0..15, found " + std::to_string(e));
             self.add_codeword(e, unc);
           },
           "symbol_errors"_a, "uncorrectable"_a = false)
      .def("end_window", [](halo::mon::VdmMonitor& self) { return vdm_sample_dict(self.end_window()); })
      .def("reset", &halo::mon::VdmMonitor::reset);
}

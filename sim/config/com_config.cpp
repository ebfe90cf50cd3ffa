// Loader of the COM presets and configs (halo/sim/com_config.hpp).
#include "halo/sim/com_config.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "halo/config/schemas.hpp"
#include "halo/sim/channel_response.hpp"
#include "halo/sim/touchstone.hpp"

namespace halo::sim::com {
namespace {

using config::Node;

// Applies the keys present in `n` (the `parameters` section); with require_all, an absent key
// is an error naming it.
void apply(const Node& n, Params& p, bool require_all) {
  auto need = [&](const Node& s, const char* key) {
    if (s.has(key)) return true;
    if (require_all) s.fail(key, "a value (a preset file gives every parameter)", "nothing");
    return false;
  };
  if (!n.present()) {
    if (require_all) n.fail("", "a `parameters:` section", "nothing");
    return;
  }
  if (need(n, "fb_gbd")) p.fb_gbd = n.num("fb_gbd");
  if (n.has("fstep_ghz")) p.fstep_ghz = n.num("fstep_ghz");
  if (n.has("levels")) p.levels = static_cast<unsigned>(n.uint("levels"));
  if (n.has("samples_per_ui")) p.m = static_cast<unsigned>(n.uint("samples_per_ui"));
  if (need(n, "der0")) p.der0 = n.num("der0");
  if (need(n, "tr_ns")) p.tr_ns = n.num("tr_ns");
  if (need(n, "rlm")) p.rlm = n.num("rlm");
  if (need(n, "av_v")) p.av = n.num("av_v");
  if (need(n, "afe_v")) p.afe = n.num("afe_v");
  if (need(n, "ane_v")) p.ane = n.num("ane_v");
  if (need(n, "r0_ohm")) p.r0 = n.num("r0_ohm");
  if (need(n, "a_dd_ui")) p.a_dd = n.num("a_dd_ui");
  if (need(n, "snr_tx_db")) p.snr_tx_db = n.num("snr_tx_db");
  if (need(n, "eta0_v2_per_ghz")) p.eta0 = n.num("eta0_v2_per_ghz");
  if (need(n, "sigma_rj_ui")) p.sigma_rj = n.num("sigma_rj_ui");
  if (need(n, "fr_fb")) p.fr = n.num("fr_fb");
  if (n.has("fom_precursor_ui")) {
    const double v = n.num("fom_precursor_ui");
    if (v != std::floor(v)) n.fail("fom_precursor_ui", "a whole number of UIs", config::fmt_number(v));
    p.fom_precursors = static_cast<int>(v);
  }
  const Node c = n.sub("ctle");
  if (c.present() || require_all) {
    if (need(c, "fz_ghz")) p.fz_ghz = c.num("fz_ghz");
    if (need(c, "fp1_ghz")) p.fp1_ghz = c.num("fp1_ghz");
    if (need(c, "fp2_ghz")) p.fp2_ghz = c.num("fp2_ghz");
    if (need(c, "flf_ghz")) p.flf_ghz = c.num("flf_ghz");
    if (need(c, "g_dc_db")) p.g_dc = c.list("g_dc_db");
    if (need(c, "g_dc2_db")) p.g_dc2 = c.list("g_dc2_db");
  }
  const Node t = n.sub("tx_ffe");
  if (t.present() || require_all) {
    if (need(t, "pre")) p.tx_pre = static_cast<unsigned>(t.uint("pre"));
    if (need(t, "min")) p.tx_min = t.list("min");
    if (need(t, "max")) p.tx_max = t.list("max");
    if (need(t, "step")) p.tx_step = t.list("step");
    if (need(t, "c0_min")) p.c0_min = t.num("c0_min");
    if (p.tx_min.size() != p.tx_max.size() || p.tx_min.size() != p.tx_step.size())
      t.fail("step", "min, max and step of equal length (" + std::to_string(p.tx_min.size()) + ")",
             std::to_string(p.tx_max.size()) + " max and " + std::to_string(p.tx_step.size()) + " step values");
    if (p.tx_pre > p.tx_min.size()) t.fail("pre", "at most the number of taps (" + std::to_string(p.tx_min.size()) + ")", std::to_string(p.tx_pre));
  }
  const Node d = n.sub("dfe");
  if (d.present() || require_all) {
    if (need(d, "b_min")) p.b_min = d.list("b_min");
    if (need(d, "b_max")) p.b_max = d.list("b_max");
    if (p.b_min.size() != p.b_max.size())
      d.fail("b_max", "as many values as b_min (" + std::to_string(p.b_min.size()) + ")", std::to_string(p.b_max.size()));
  }
  const Node dv = n.sub("device");
  if (dv.present() || require_all) {
    DieModel& die = p.tx_device.die;
    if (need(dv, "rd_ohm")) p.tx_device.rd_ohm = dv.num("rd_ohm");
    if (need(dv, "cd_nf")) {
      die.cd_f = dv.list("cd_nf");
      for (double& v : die.cd_f) v *= 1e-9;
    }
    if (need(dv, "ls_nh")) {
      die.ls_h = dv.list("ls_nh");
      for (double& v : die.ls_h) v *= 1e-9;
    }
    if (need(dv, "cb_nf")) die.cb_f = dv.num("cb_nf") * 1e-9;
    if (die.cd_f.size() != die.ls_h.size())
      dv.fail("ls_nh", "one value per C_d stage (" + std::to_string(die.cd_f.size()) + ")", std::to_string(die.ls_h.size()));
  }
  const Node pk = n.sub("package");
  if (pk.present() || require_all) {
    PackageModel& pkg = p.tx_device.package;
    std::vector<double> zc, zp;
    for (const auto& s : pkg.segments) zc.push_back(s.zc_ohm), zp.push_back(s.length_mm);
    TlineParams proto = pkg.segments.empty() ? TlineParams{} : pkg.segments[0];
    if (need(pk, "zc_ohm")) zc = pk.list("zc_ohm");
    if (need(pk, "zp_mm")) zp = pk.list("zp_mm");
    if (zc.size() != zp.size())
      pk.fail("zp_mm", "one length per Z_c segment (" + std::to_string(zc.size()) + ")", std::to_string(zp.size()));
    if (need(pk, "zp1_cases_mm")) p.zp1_cases_mm = pk.list("zp1_cases_mm");
    if (pk.has("zp1_next_mm")) p.zp1_next_mm = pk.list("zp1_next_mm");
    if (pk.has("zp1_fext_mm")) p.zp1_fext_mm = pk.list("zp1_fext_mm");
    for (const char* k : {"zp1_next_mm", "zp1_fext_mm"}) {
      const auto& v = std::string(k) == "zp1_next_mm" ? p.zp1_next_mm : p.zp1_fext_mm;
      if (!v.empty() && v.size() != p.zp1_cases_mm.size())
        pk.fail(k, "one value per case (" + std::to_string(p.zp1_cases_mm.size()) + ")", std::to_string(v.size()));
    }
    if (need(pk, "gamma0_per_mm")) proto.gamma0_per_mm = pk.num("gamma0_per_mm");
    if (need(pk, "a1")) proto.a1 = pk.num("a1");
    if (need(pk, "a2")) proto.a2 = pk.num("a2");
    if (need(pk, "tau_ns_per_mm")) proto.tau_ns_per_mm = pk.num("tau_ns_per_mm");
    if (need(pk, "cp_nf")) pkg.cp_f = pk.num("cp_nf") * 1e-9;
    pkg.segments.clear();
    for (std::size_t i = 0; i < zc.size(); ++i) {
      TlineParams s = proto;
      s.zc_ohm = zc[i];
      s.length_mm = zp[i];
      pkg.segments.push_back(s);
    }
    p.tx_device.has_package = true;
  }
  const Node h = n.sub("host");
  if (h.present()) {
    p.tx_device.has_host = h.flag("enabled");
    p.host_both_ends = p.tx_device.has_host;
    p.tx_device.host_c0_f = h.num("c0_nf") * 1e-9;
    p.tx_device.host_c1_f = h.num("c1_nf") * 1e-9;
    p.tx_device.host_line = {h.num("gamma0_per_mm"), h.num("a1"), h.num("a2"), h.num("tau_ns_per_mm"), h.num("zc_ohm"),
                             h.num("length_mm")};
  }
  p.rx_device = p.tx_device;  // the tables give one device model for both ends
}

Params read_preset_doc(const config::Document& doc) {
  const Node r = doc.root();
  if (r.has("preset")) r.fail("preset", "no `preset:` in a preset file", r.str("preset"));
  Params p;
  p.name = r.str("name");
  p.source = r.str("source");
  if (p.name.empty()) r.fail("name", "the preset's name", "nothing");
  if (p.source.empty()) r.fail("source", "the standard's table the values transcribe", "nothing");
  apply(r.sub("parameters"), p, true);
  return p;
}

std::filesystem::path preset_path(const std::string& name_or_path, const std::filesystem::path& dir) {
  if (name_or_path.size() > 5 && name_or_path.substr(name_or_path.size() - 5) == ".yaml") return name_or_path;
  const auto f = dir / (name_or_path + ".yaml");
  if (!std::filesystem::exists(f)) {
    std::string known;
    for (const auto& n : preset_names(dir)) known += (known.empty() ? "" : " | ") + n;
    throw config::ConfigError(f.string(), 0, "preset", "one of " + known, name_or_path);
  }
  return f;
}

Config read_config(const config::Document& doc, const std::filesystem::path& dir, const std::string& default_preset,
                   bool force) {
  const Node r = doc.root();
  Config c;
  const std::string preset = r.has("preset") && !force ? r.str("preset") : default_preset;
  if (preset.empty()) r.fail("preset", "a preset name (or --preset)", "nothing");
  try {
    c.params = load_preset(preset, dir);
  } catch (const config::ConfigError& e) {
    if (e.path() == "preset" && e.line() == 0)
      throw config::ConfigError(doc.file(), doc.line_of("preset"), "preset", e.expected(), e.found());
    throw;
  }
  apply(r.sub("parameters"), c.params, false);
  const Node ch = r.sub("channel");
  if (ch.present()) {
    const Node t = ch.sub("thru");
    c.channels.push_back({t.file_path("file"), t.ports("ports"), Channel::Kind::kThru});
    for (const auto& a : ch.items("fext")) c.channels.push_back({a.file_path("file"), a.ports("ports"), Channel::Kind::kFext});
    for (const auto& a : ch.items("next")) c.channels.push_back({a.file_path("file"), a.ports("ports"), Channel::Kind::kNext});
  }
  return c;
}

}  // namespace

std::filesystem::path installed_preset_dir() {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw std::runtime_error("cannot locate the executable (/proc/self/exe): " + ec.message());
  const fs::path bin = exe.parent_path();
  const fs::path candidates[] = {bin.parent_path() / "share/halolink/data/com", bin / "share/halolink/data/com"};
  for (const auto& d : candidates)
    if (fs::is_directory(d, ec)) return d;
  throw std::runtime_error("COM presets not found (looked in '" + candidates[0].string() + "' and '" +
                           candidates[1].string() + "')");
}

Result com_of_file(const std::filesystem::path& channel, const std::string& ports, const std::string& preset,
                   const std::filesystem::path& dir) {
  return compute(load_preset(preset, dir), read_channels({{channel, ports, Channel::Kind::kThru}}));
}

std::vector<std::string> preset_names(const std::filesystem::path& dir) {
  std::vector<std::string> v;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec))
    if (e.path().extension() == ".yaml") v.push_back(e.path().stem().string());
  std::sort(v.begin(), v.end());
  return v;
}

Params load_preset(const std::string& name_or_path, const std::filesystem::path& dir) {
  return read_preset_doc(config::Document::load(preset_path(name_or_path, dir), config::com_schema()));
}

Config load_config(const std::filesystem::path& file, const std::filesystem::path& dir, const std::string& default_preset,
                   bool force_preset) {
  return read_config(config::Document::load(file, config::com_schema()), dir, default_preset, force_preset);
}

Config parse_config(const std::string& text, const std::string& name, const std::filesystem::path& base,
                    const std::filesystem::path& dir, const std::string& default_preset, bool force_preset) {
  return read_config(config::Document::parse(text, name, config::com_schema(), base), dir, default_preset, force_preset);
}

std::vector<Channel> read_channels(const std::vector<ChannelSpec>& specs) {
  std::vector<Channel> out;
  for (const auto& s : specs) {
    const SParams sp = read_touchstone(s.file);
    PortMap map;  // 1,3,2,4 default
    if (!s.ports.empty()) map = parse_port_map(s.ports, sp.num_ports);
    else if (s.kind == Channel::Kind::kThru && sp.num_ports == 4) map = detect_port_map(sp);
    Channel c = differential_channel(sp, map, s.kind);
    c.name = s.file.filename().string();
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<ChannelSpec> specs_for_thru(const std::filesystem::path& thru, bool with_aggressors) {
  std::vector<ChannelSpec> v{{thru, "", Channel::Kind::kThru}};
  const std::string name = thru.filename().string();
  const auto pos = name.find("THRU");
  if (!with_aggressors || pos == std::string::npos) return v;
  for (const char* kind : {"FEXT", "NEXT"})
    for (int n = 1; n <= 32; ++n) {
      const auto f = thru.parent_path() / (name.substr(0, pos) + kind + std::to_string(n) + name.substr(pos + 4));
      if (!std::filesystem::exists(f)) continue;
      v.push_back({f, "", std::string(kind) == "FEXT" ? Channel::Kind::kFext : Channel::Kind::kNext});
    }
  return v;
}

}  // namespace halo::sim::com

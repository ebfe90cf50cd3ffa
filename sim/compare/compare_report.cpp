// Renders the comparison's results: summary table, report.md, report.html, compare.json
// (compare_report.hpp). The comparison itself runs in compare_run.cpp.
#include "halo/sim/compare_report.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace halo::sim {
namespace {

using json = nlohmann::json;

std::string fmt(const char* f, double v) {
  char b[64];
  std::snprintf(b, sizeof b, f, v);
  return b;
}
std::string sci(double v) { return fmt("%.2e", v); }
std::string limit_str(const json& v, const char* unit) {
  if (v.is_null()) return std::string("beyond sweep");
  const double x = v.get<double>();
  if (std::isinf(x)) return std::string("fails at all");
  return fmt("%.2f ", x) + unit;
}

/// TDECQ of an architecture's optical segments (docs/tdecq.md), "n/a" when none carries it.
std::string tdecq_cell(const json& arch) {
  std::string v;
  for (const auto& sg : arch["segments"])
    if (sg.contains("tdecq")) {
      if (!v.empty()) v += ", ";
      v += sg["tdecq"]["db"].is_null() ? std::string("eye closed") : fmt("%.2f", sg["tdecq"]["db"]);
    }
  return v.empty() ? std::string("n/a") : v;
}

}  // namespace

std::string summary_table(const json& r) {
  std::ostringstream os;
  const json& d = r["headline"]["dsp"];
  const json& l = r["headline"]["lpo"];
  const bool lro = r["headline"].contains("lro");
  const json& o = lro ? r["headline"]["lro"] : l;
  // one row: name, DSP, LPO and (when the LRO link is evaluated) LRO; every figure is a field of r
  auto row = [&](const std::string& name, const std::string& a, const std::string& b, const std::string& c = "") {
    char buf[280];
    if (lro)
      std::snprintf(buf, sizeof buf, "| %-38s | %-24s | %-22s | %-22s |\n", name.c_str(), a.c_str(), b.c_str(), c.c_str());
    else
      std::snprintf(buf, sizeof buf, "| %-38s | %-24s | %-22s |\n", name.c_str(), a.c_str(), b.c_str());
    os << buf;
  };
  const json& c = r["config"];
  os << "HaloLink compare: " << r["name"].get<std::string>() << " -- " << c["module"].get<std::string>() << ", "
     << c["c2m_file"].get<std::string>() << " (" << fmt("%.1f", c["c2m_nyquist_loss_db"]) << " dB at Nyquist), "
     << fmt("%.2f", c["fiber_km"]) << " km fiber, " << c["node"].get<std::string>() << " DSP\n";
  if (c.contains("inner_fec") && c["inner_fec"].get<bool>())
    os << "Optical lanes carry the Clause 177 inner FEC at " << fmt("%.4f", c["line_symbol_rate_gbd"]) << " GBd (host "
       << fmt("%.2f", c["symbol_rate_gbd"]) << " GBd)\n";
  os << "\n";
  row("", "DSP-retimed", "LPO", "LRO");
  row("--------------------------------------", "------------------------", "----------------------",
      "----------------------");
  if (c.contains("inner_fec") && c["inner_fec"].get<bool>()) {
    const json& sg = d["segments"][1];
    row("inner FEC input BER (line, DSP)", sci(sg["inner_fec"]["ber_in"]), "no inner FEC", "no inner FEC");
  }
  row("pre-FEC BER", sci(d["pre_fec_ber"]), sci(l["pre_fec_ber"]), sci(o["pre_fec_ber"]));
  if (r.contains("c2m_impairments") && r["c2m_impairments"].contains("com")) {
    // COM of each electrical segment's C2M channel (the same file both ways), beside the BER
    auto com_of = [&](const json& a) {
      std::string v;
      if (!a.is_object() || !a.contains("segments")) return v;
      for (const auto& sg : a["segments"])
        if (sg.contains("com_db")) v += (v.empty() ? "" : " / ") + fmt("%.2f", sg["com_db"]);
      return v;
    };
    row("COM per C2M segment (dB)", com_of(d), com_of(l), com_of(o));
  }
  row("margin to " + sci(r["threshold_ber"]) + " (decades)", fmt("%+.2f", d["margin_decades"]),
      fmt("%+.2f", l["margin_decades"]), fmt("%+.2f", o["margin_decades"]));
  auto meets = [](const json& a) {
    if (a.contains("supported") && !a["supported"].get<bool>()) return std::string("NO (see note)");
    return std::string(a["meets_threshold"].get<bool>() ? "yes" : "NO");
  };
  row("meets pre-FEC threshold", meets(d), meets(l), meets(o));
  row("post-FEC CER (KP4, bursts)", sci(d["fec"]["cer"]), sci(l["fec"]["cer"]), sci(o["fec"]["cer"]));
  row("FLR", sci(d["fec"]["flr"]), sci(l["fec"]["flr"]), sci(o["fec"]["flr"]));
  auto lro_lim = [&](const json& sw, const char* unit) {
    return lro && sw.contains("lro_limit") ? limit_str(sw["lro_limit"], unit) : std::string("");
  };
  if (r["sweeps"].contains("fiber_km") && !r["sweeps"]["fiber_km"]["x"].empty())
    row("reach limit (at C2M " + fmt("%.0f dB)", r["sweeps"]["fiber_km"]["c2m_loss_db"]), limit_str(r["sweeps"]["fiber_km"]["dsp_limit"], "km"),
        limit_str(r["sweeps"]["fiber_km"]["lpo_limit"], "km"), lro_lim(r["sweeps"]["fiber_km"], "km"));
  if (r["sweeps"].contains("c2m_loss_db") && !r["sweeps"]["c2m_loss_db"]["x"].empty())
    row("C2M loss limit (each side, Nyquist)", limit_str(r["sweeps"]["c2m_loss_db"]["dsp_limit"], "dB"),
        limit_str(r["sweeps"]["c2m_loss_db"]["lpo_limit"], "dB"), lro_lim(r["sweeps"]["c2m_loss_db"], "dB"));
  if (r.contains("time_domain_stress"))
    for (const auto& sg : r["time_domain_stress"]["segments"])
      row("stat / TD BER, " + sg["name"].get<std::string>() + " @" + fmt("%.0f mV", r["time_domain_stress"]["noise_rms_mv"]),
          sci(sg["ber"]) + " / " + sci(sg["time_domain"]["ber"]), "n/a", "n/a");
  if (tdecq_cell(d) != "n/a") row("TDECQ of the optical TX (dB)", tdecq_cell(d), tdecq_cell(l), lro ? tdecq_cell(o) : "");
  const json& pw = r["power"];
  const bool bands = r.contains("sensitivity");
  const json nob = json::object();
  const json& b = bands ? r["sensitivity"]["bands"] : nob;
  // value with its band over the assumption bounds: "14.44 (12.4..19.0)"
  auto wb = [&](const char* f, double v, const char* key, double scale = 1.0) {
    std::string out = fmt(f, v);
    if (bands && b.contains(key))
      out += " (" + fmt("%.1f", b[key]["low"].get<double>() * scale) + ".." + fmt("%.1f", b[key]["high"].get<double>() * scale) + ")";
    return out;
  };
  row("module power (W) (band over bounds)", wb("%.2f", pw["dsp"]["total_w"], "dsp_w"), wb("%.2f", pw["lpo"]["total_w"], "lpo_w"),
      lro ? wb("%.2f", pw["lro"]["total_w"], "lro_w") : "");
  if (bands) row("LPO saving per module (W), band", wb("%.2f", b["saving_w"]["value"], "saving_w"), "", "");
  if (r.contains("system"))
    row("host SerDes RX + module (W)", wb("%.2f", r["system"]["dsp_w"], "system_dsp_w"),
        wb("%.2f", r["system"]["lpo_w"], "system_lpo_w"), lro ? wb("%.2f", r["system"]["lro_w"], "system_lro_w") : "");
  if (!lro && pw.contains("lro"))  // LRO link not evaluated: its module power alone
    row("LRO module (W) / host RX + module (W)",
        wb("%.2f", pw["lro"]["total_w"], "lro_w") + " / " + fmt("%.2f", r["system"]["lro_w"]), "(LRO)");
  // pJ/bit: its band (module band x pJ/bit per W) is sensitivity.bands.<arch>_pj_per_bit
  row("energy (pJ/bit)", wb("%.2f", pw["dsp"]["pj_per_bit"], "dsp_pj_per_bit"),
      wb("%.2f", pw["lpo"]["pj_per_bit"], "lpo_pj_per_bit"), lro ? wb("%.2f", pw["lro"]["pj_per_bit"], "lro_pj_per_bit") : "");
  if (lro)
    row("saving vs DSP (%)", "0 (reference)", fmt("%.1f", pw["saving_pct"]), fmt("%.1f", pw["lro_saving_pct"]));
  {
    const json& sd = pw["standby"]["dsp"];
    const json& sl = pw["standby"]["lpo"];
    const json& so = lro ? pw["standby"]["lro"] : sl;
    row("standby power (W) / wake time (ns)", wb("%.2f", sd["standby_w"], "dsp_standby_w") + " / " + fmt("%.0f", sd["wake_ns"]),
        wb("%.2f", sl["standby_w"], "lpo_standby_w") + " / " + fmt("%.0f", sl["wake_ns"]),
        fmt("%.2f", so["standby_w"]) + " / " + fmt("%.0f", so["wake_ns"]));
    const std::string dc = fmt("%.0f %% standby", sd["standby_fraction"].get<double>() * 100) + ", " +
                           fmt("%g us", sd["period_us"]);
    const auto pj = [](const json& v) { return v.is_null() ? std::string("n/a") : fmt("%.2f", v); };
    row("average power (W), " + dc, wb("%.2f", sd["average_w"], "dsp_average_w"), wb("%.2f", sl["average_w"], "lpo_average_w"),
        fmt("%.2f", so["average_w"]));
    row("pJ/delivered bit, " + dc, pj(sd["pj_per_delivered_bit"]), pj(sl["pj_per_delivered_bit"]), pj(so["pj_per_delivered_bit"]));
  }
  const json& lt = r["latency"];
  row("latency per hop, 2 modules (ns)", fmt("%.1f", lt["dsp_hop_ns"]), fmt("%.2f", lt["lpo_hop_ns"]),
      lro ? fmt("%.1f", lt["lro_hop_ns"]) : "");
  row("added latency over " + std::to_string(lt["hops"].get<int>()) + " hops (ns)", fmt("%.1f", lt["diff_path_ns"]),
      "0 (reference)", lro ? fmt("%.1f", lt["lro_diff_path_ns"]) : "");
  if (r.contains("clusters"))
    for (const auto& cl : r["clusters"]) {
      const std::string n = cl["name"];
      const json& co = lro ? cl["lro"] : cl["lpo"];
      // cluster figures are linear in the module power: their bands (clusters[].<arch>.*_band) scale with it
      auto wbk = [&](const char* f, double v, const json& x, const char* band) {
        std::string out = fmt(f, v);
        if (x.contains(band))
          out += " (" + fmt("%.2f", x[band][0].get<double>()) + ".." + fmt("%.2f", x[band][1].get<double>()) + ")";
        return out;
      };
      row(n + ": MW (facility)", wbk("%.3f", cl["dsp"]["facility_mw"], cl["dsp"], "facility_mw_band"),
          wbk("%.3f", cl["lpo"]["facility_mw"], cl["lpo"], "facility_mw_band"),
          wbk("%.3f", co["facility_mw"], co, "facility_mw_band"));
      row(n + ": GWh/year", wbk("%.2f", cl["dsp"]["kwh_per_year"].get<double>() * 1e-6, cl["dsp"], "gwh_per_year_band"),
          wbk("%.2f", cl["lpo"]["kwh_per_year"].get<double>() * 1e-6, cl["lpo"], "gwh_per_year_band"),
          wbk("%.2f", co["kwh_per_year"].get<double>() * 1e-6, co, "gwh_per_year_band"));
      row(n + ": M$/year", fmt("%.2f", cl["dsp"]["usd_per_year"].get<double>() * 1e-6),
          fmt("%.2f", cl["lpo"]["usd_per_year"].get<double>() * 1e-6), fmt("%.2f", co["usd_per_year"].get<double>() * 1e-6));
      row(n + ": t CO2/year", fmt("%.0f", cl["dsp"]["t_co2_per_year"]), fmt("%.0f", cl["lpo"]["t_co2_per_year"]),
          fmt("%.0f", co["t_co2_per_year"]));
    }
  for (const json* a : {&l, &o})
    if (a->contains("note") && (a == &l || lro)) os << "\nNote (" << (*a)["arch"].get<std::string>() << "): " << (*a)["note"].get<std::string>() << "\n";
  if (r.contains("claims")) {
    os << "\nPublic claims under this model:\n";
    for (const auto& k : r["claims"]) {
      std::string range = (k.contains("min") ? fmt("%g", k["min"]) : std::string("-inf")) + " .. " +
                          (k.contains("max") ? fmt("%g", k["max"]) : std::string("inf"));
      const std::string verdict = k.contains("verdict") ? k["verdict"].get<std::string>()
                                                         : (k["holds"].get<bool>() ? "holds" : "does not hold");
      os << "  [" << verdict << "] " << k["claim"].get<std::string>()
         << ": " << k["quantity"].get<std::string>() << " = " << fmt("%.3g", k["value"]) << " (claim " << range << ")\n";
    }
  }
  return os.str();
}

namespace {

struct Table {
  std::vector<std::string> head;
  std::vector<std::vector<std::string>> rows;
};

std::string md_table(const Table& t) {
  std::ostringstream os;
  os << "|";
  for (const auto& h : t.head) os << " " << h << " |";
  os << "\n|";
  for (std::size_t i = 0; i < t.head.size(); ++i) os << "---|";
  os << "\n";
  for (const auto& r : t.rows) {
    os << "|";
    for (const auto& c : r) os << " " << c << " |";
    os << "\n";
  }
  return os.str();
}

std::string esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '<') o += "&lt;";
    else if (c == '>') o += "&gt;";
    else if (c == '&') o += "&amp;";
    else o += c;
  }
  return o;
}

std::string html_table(const Table& t) {
  std::ostringstream os;
  os << "<table>\n<tr>";
  for (const auto& h : t.head) os << "<th>" << esc(h) << "</th>";
  os << "</tr>\n";
  for (const auto& r : t.rows) {
    os << "<tr>";
    for (const auto& c : r) os << "<td>" << esc(c) << "</td>";
    os << "</tr>\n";
  }
  os << "</table>\n";
  return os.str();
}

/// Report sections: (title, intro text, table, image) in order; rendered to Markdown or HTML.
struct Section {
  std::string title, text;
  Table table;
  std::string image;
};

std::vector<Section> sections(const json& r) {
  std::vector<Section> out;
  const json& d = r["headline"]["dsp"];
  const json& l = r["headline"]["lpo"];
  {
    Section s;
    s.title = "Link: pre-FEC BER, post-FEC CER and FLR";
    s.text = "Statistical engine of the link simulator (halo::sim::analyze: MMSE FFE + DFE, exact ISI PDF) on the "
             "cascaded SDD21 of the C2M Touchstone file and the optical link model (link_compare.hpp). DSP-retimed: "
             "three separately equalized segments, error ratios add. LPO: one end-to-end channel equalized by the host. "
             "CER/FLR: KP4 RS(544,514) with DFE burst statistics, precoding and interleave (burst_fec.hpp).";
    s.table.head = {"architecture", "segment", "loss (dB)", "SNR (dB)", "DFE b1", "SER", "BER (statistical)",
                    "time-domain BER (errors / bits, receiver)"};
    std::vector<const json*> archs = {&d, &l};
    if (r["headline"].contains("lro")) archs.push_back(&r["headline"]["lro"]);
    for (const json* a : archs)
      for (const auto& sg : (*a)["segments"]) {
        std::string td = "not run";
        if (sg.contains("time_domain")) {
          const json& t = sg["time_domain"];
          td = t["bit_errors"].get<std::uint64_t>() ? sci(t["ber"]) : "< " + sci(t["ber_upper_95"]) + " (95 %)";
          td += " (" + std::to_string(t["bit_errors"].get<std::uint64_t>()) + " / " + std::to_string(t["bits"].get<std::uint64_t>()) +
                ", " + t["rx"].get<std::string>() + ")";
        }
        std::string ber = sci(sg["ber"]);
        if (sg.contains("inner_fec"))
          ber += " (inner FEC in " + sci(sg["inner_fec"]["ber_in"]) + ", out " + sci(sg["inner_fec"]["ber_out"]) + ")";
        s.table.rows.push_back({(*a)["arch"], sg["name"], fmt("%.1f", sg["loss_db"]), fmt("%.2f", sg["snr_db"]),
                                fmt("%.3f", sg["dfe_b1"]), sci(sg["ser"]), ber, td});
      }
    for (const json* a : archs)
      s.table.rows.push_back({(*a)["arch"], "whole link (bursts incl.)", "", "", "",
                              "CER " + sci((*a)["fec"]["cer"]) + ", FLR " + sci((*a)["fec"]["flr"]),
                              sci((*a)["pre_fec_ber"]) + " (margin " + fmt("%+.2f", (*a)["margin_decades"]) + " dec)", ""});
    out.push_back(s);
  }
  {  // TDECQ of each optical segment's transmitter
    Section s;
    s.title = "TDECQ of the optical transmitters";
    s.text = "TDECQ (IEEE 802.3 121.8.5, docs/tdecq.md) of the transmitter of each optical segment up to the fiber "
             "output (TX FFE, for LPO the host TX, C2M channel and driver CTLE, then driver, modulator and chromatic "
             "dispersion; linear, with SNR_TX and laser RIN), through the reference receiver and reference equalizer "
             "of the preset of its symbol rate. The LPO transmitter is tuned for its optical output: unless the config "
             "sets the driver CTLE, the driver CTLE peaking of the 802.3ck/dj COM family with the least TDECQ (driver "
             "input noise included); the figure with the driver CTLE as configured is given for reference.";
    s.table.head = {"architecture", "segment", "TDECQ (dB)", "limit (dB)", "preset", "reference equalizer taps", "transmitter setting"};
    std::vector<const json*> archs = {&d, &l};
    if (r["headline"].contains("lro")) archs.push_back(&r["headline"]["lro"]);
    for (const json* a : archs)
      for (const auto& sg : (*a)["segments"]) {
        if (!sg.contains("tdecq")) continue;
        const json& t = sg["tdecq"];
        std::string taps;
        for (const auto& c : t["taps"]) {
          if (!taps.empty()) taps += ' ';
          taps += fmt("%.3f", c);
        }
        std::string setting = "as configured";
        if (t.contains("setting") && t["setting"] != "driver CTLE as configured")
          setting = t["setting"].get<std::string>() + "; as configured: " +
                    (t["untuned_db"].is_null() ? std::string("eye closed") : fmt("%.2f dB", t["untuned_db"]));
        s.table.rows.push_back({(*a)["arch"], sg["name"], t["db"].is_null() ? std::string("eye closed") : fmt("%.2f", t["db"]),
                                fmt("%.1f", t["max_db"]), t["preset"], taps, setting});
      }
    if (!s.table.rows.empty()) out.push_back(s);
  }
  if (r.contains("time_domain_stress")) {
    const json& st = r["time_domain_stress"];
    Section s;
    s.title = "Time-domain check at a stressed point";
    s.text = "Both retimed C2M segments rerun with " + fmt("%.1f mV", st["noise_rms_mv"]) +
             " rms RX noise so that errors are countable: the statistical engine's BER against the link simulator's "
             "time-domain engine (run_time_domain) with the receiver named in the table (cmodel = the bit-exact "
             "golden-model RetimerRx), same channel, TX FFE, CTLE and equalizer sizes.";
    s.table.head = {"segment", "statistical BER", "time-domain BER", "bit errors / bits", "receiver"};
    for (const auto& sg : st["segments"])
      s.table.rows.push_back({sg["name"], sci(sg["ber"]), sci(sg["time_domain"]["ber"]),
                              std::to_string(sg["time_domain"]["bit_errors"].get<std::uint64_t>()) + " / " +
                                  std::to_string(sg["time_domain"]["bits"].get<std::uint64_t>()),
                              sg["time_domain"]["rx"]});
    out.push_back(s);
  }
  for (const char* key : {"fiber_km", "c2m_loss_db"}) {
    if (!r["sweeps"].contains(key) || r["sweeps"][key]["x"].empty()) continue;
    const json& sw = r["sweeps"][key];
    Section s;
    const bool reach = std::string(key) == "fiber_km";
    s.title = reach ? "Reach sweep (fiber length; C2M loss " + fmt("%.1f dB", sw["c2m_loss_db"]) + " at Nyquist each side)"
                    : "C2M loss sweep (bundled channel scaled in length; loss at Nyquist, each C2M side)";
    s.text = std::string("Limit where the pre-FEC BER crosses the threshold: DSP ") +
             limit_str(sw["dsp_limit"], reach ? "km" : "dB") + ", LPO " + limit_str(sw["lpo_limit"], reach ? "km" : "dB") + ".";
    const bool lro = sw.contains("lro_ber");
    s.table.head = {reach ? "fiber (km)" : "C2M loss (dB)", "DSP BER", "LPO BER", "DSP CER", "LPO CER"};
    if (lro) {
      s.table.head.push_back("LRO BER");
      s.table.head.push_back("LRO CER");
      s.text += " LRO " + limit_str(sw["lro_limit"], reach ? "km" : "dB") + ".";
    }
    for (std::size_t i = 0; i < sw["x"].size(); ++i) {
      s.table.rows.push_back({fmt("%.2f", sw["x"][i]), sci(sw["dsp_ber"][i]), sci(sw["lpo_ber"][i]),
                              sci(sw["dsp_cer"][i]), sci(sw["lpo_cer"][i])});
      if (lro) {
        s.table.rows.back().push_back(sci(sw["lro_ber"][i]));
        s.table.rows.back().push_back(sci(sw["lro_cer"][i]));
      }
    }
    s.image = reach ? "ber_vs_reach.png" : "ber_vs_c2m_loss.png";
    out.push_back(s);
  }
  for (const char* arch : {"dsp", "lpo", "lro"}) {
    if (!r["power"].contains(arch)) continue;
    const json& p = r["power"][arch];
    Section s;
    const std::string an = arch;
    s.title = std::string("Power breakdown: ") +
              (an == "dsp" ? "DSP-retimed module" : an == "lpo" ? "LPO module" : "LRO module (retimed TX, linear RX)");
    s.text = "Total " + fmt("%.2f W", p["total_w"]) + ", " + fmt("%.2f pJ/bit", p["pj_per_bit"]) +
             " (power_model.hpp; parameters and sources in the table at the end).";
    if (std::string(arch) == "dsp")
      s.text += " DSP RX ops/symbol (cmodel RetimerRx::ops()): " + p["rx_ops_per_symbol"].dump() + " -> " +
                fmt("%.2f pJ/symbol", p["rx_pj_per_symbol"]) + "; TX: " + p["tx_ops_per_symbol"].dump() + " -> " +
                fmt("%.2f pJ/symbol", p["tx_pj_per_symbol"]) + ".";
    if (std::string(arch) == "dsp" && r["power"].contains("dsp_without_inner_fec_w"))
      s.text += " The inner FEC's share (its codec and the line side at the inner-FEC rate, incl. DC-DC): " +
                fmt("%.2f W", p["total_w"].get<double>() - r["power"]["dsp_without_inner_fec_w"].get<double>()) +
                " (module without it: " + fmt("%.2f W", r["power"]["dsp_without_inner_fec_w"]) + ").";
    s.table.head = {"item", "W", "basis"};
    for (const auto& it : p["items"]) s.table.rows.push_back({it["name"], fmt("%.3f", it["w"]), it["basis"]});
    s.image = std::string(arch) == "dsp" ? "power_breakdown.png" : "";
    out.push_back(s);
  }
  {
    const json& st = r["power"]["standby"];
    Section s;
    s.title = "Low-power (standby) state, duty-cycled link";
    s.text = "In standby each breakdown item draws standby.<class>_fraction of its power (params.yaml; DC-DC loss "
             "recomputed). Wake: DSP " + fmt("%.0f", st["wake_cycles"]) + " DSP clock cycles (standby.wake_cycles), LPO "
             "standby.lpo_wake_ns, at full power without traffic. Per period T with standby share s: E = P_active "
             "((1 - s) T + t_wake) + P_standby (s T - t_wake); energy per delivered bit = E / ((1 - s) T x module rate).";
    s.table.head = {"arch", "active W", "standby W", "wake ns", "standby share", "period us", "average W",
                    "energy per period uJ", "pJ per delivered bit"};
    for (const char* a : {"dsp", "lpo", "lro"}) {
      if (!st.contains(a)) continue;
      const json& f = st[a];
      s.table.rows.push_back({a, fmt("%.2f", f["active_w"]), fmt("%.2f", f["standby_w"]), fmt("%.0f", f["wake_ns"]),
                              fmt("%.2f", f["standby_fraction"]), fmt("%g", f["period_us"]), fmt("%.2f", f["average_w"]),
                              fmt("%.3f", f["energy_per_period_uj"]),
                              f["pj_per_delivered_bit"].is_null() ? std::string("n/a") : fmt("%.2f", f["pj_per_delivered_bit"])});
    }
    out.push_back(s);
  }
  if (r.contains("system")) {
    const json& y = r["system"];
    Section s;
    s.title = "System view: host SerDes receive side + module";
    s.text = "LPO moves the whole link's equalization into the host SerDes (lpo.host_rx); a DSP module's host only "
             "equalizes its C2M segment (host_rx). Host RX per lane: ADC + equalizer from its op counts "
             "(RetimerRx at the configured FFE/DFE sizes, node " + r["power"]["node"].get<std::string>() +
             ") + PLL/CDR, no module DC-DC. Extra host equalization for LPO: " + fmt("%.3f W", y["host_extra_eq_w"]) +
             " per module's worth of lanes; system saving DSP -> LPO " + fmt("%.2f W", y["saving_w"]) + ".";
    s.table.head = {"architecture", "module W", "host SerDes RX W", "host + module W"};
    s.table.rows.push_back({"DSP", fmt("%.2f", r["power"]["dsp"]["total_w"]), fmt("%.2f", y["host_dsp"]["total_w"]),
                            fmt("%.2f", y["dsp_w"])});
    s.table.rows.push_back({"LRO", fmt("%.2f", r["power"]["lro"]["total_w"]), fmt("%.2f", y["host_lpo"]["total_w"]),
                            fmt("%.2f", y["lro_w"])});
    s.table.rows.push_back({"LPO", fmt("%.2f", r["power"]["lpo"]["total_w"]), fmt("%.2f", y["host_lpo"]["total_w"]),
                            fmt("%.2f", y["lpo_w"])});
    for (const char* h : {"host_dsp", "host_lpo"})
      for (const auto& it : y[h]["items"])
        s.table.rows.push_back({std::string(h) + ": " + it["name"].get<std::string>(), "", fmt("%.3f", it["w"]), ""});
    out.push_back(s);
  }
  if (r.contains("nlc")) {
    const json& n = r["nlc"];
    const json& op = n["operating_point"];
    Section s;
    s.title = "NLC on the nonlinear optical front end (line segment, temperature corners)";
    s.text = "Line segment of the DSP module in the link simulator's time domain (" + op["rx_model"].get<std::string>() +
             " receiver) with the " + op["modulator"].get<std::string>() + " compression: drive peak " +
             fmt("%.2f", op["drive_peak_over_vpi"]) + " Vpi, bias " + fmt("%.2f", op["bias"]) + " Vpi at 25 C drifting " +
             fmt("%g", op["bias_drift_per_c"]) + " Vpi/C, " + std::to_string(op["symbols"].get<std::uint64_t>()) +
             " symbols per run (" + std::to_string(op["training"].get<std::uint64_t>()) +
             " training). Corners: the module case range (0..70 C) and the -40..85 C stress of the public material. "
             "NLC power is charged to the line-side receivers only: Volterra (memory " +
             std::to_string(op["volterra_memory"].get<unsigned>()) + ") costs " + fmt("%.2f W", n["power"]["volterra_cost_w"]) +
             " per module (" + fmt("%.2f", n["power"]["dsp_w"]) + " -> " + fmt("%.2f W", n["power"]["dsp_volterra_w"]) +
             "), a LUT NLC (L = 3, 64 entries) " + fmt("%.2f W", n["power"]["lut_cost_w"]) + " (" +
             fmt("%.2f", n["power"]["dsp_w"]) + " -> " + fmt("%.2f W", n["power"]["dsp_lut_w"]) +
             "). The LUT runs on its own receiver: the bit-exact golden model (cmodel) with the FFE and no DFE "
             "(the LUT's tentative decisions need the post-cursor removed; docs/nlc.md), its gain against the same "
             "receiver without NLC; its power is charged on top of the module's FFE + DFE.";
    s.table.head = {"case temperature (C)", "drive peak (Vpi)", "BER without NLC (statistical)", "BER without NLC (time domain)",
                    "BER with Volterra (time domain)", "Volterra gain (decades)", "Volterra cost (W)",
                    "BER, LUT receiver without NLC", "BER, LUT receiver with LUT", "LUT gain (decades)", "LUT cost (W)"};
    auto td = [](const json& x, const char* k) {
      const auto e = x[std::string("bit_errors_") + k].get<std::uint64_t>();
      return e ? sci(x[std::string("ber_") + k]) + " (" + std::to_string(e) + " errors)"
               : "< " + sci(x[std::string("ber_upper_95_") + k]) + " (0 errors)";
    };
    auto gain = [](const json& x, const char* g, const char* lb, const char* ref) {
      if (x[g].is_null())
        return std::string(x[std::string("bit_errors_") + ref].get<std::uint64_t>() ? "none measurable (too few errors)"
                                                                                    : "none measurable (no errors without NLC)");
      return (x[lb].get<bool>() ? ">= " : "") + fmt("%+.2f", x[g]);
    };
    for (const auto& x : n["rows"])
      s.table.rows.push_back({fmt("%g", x["temperature_c"]),
                              fmt("%.2f", x["drive_peak_over_vpi"]) + (x["stress"].get<bool>() ? " (stress)" : ""),
                              sci(x["ber_stat_off"]), td(x, "off"), td(x, "on"),
                              gain(x, "gain_decades", "gain_is_lower_bound", "off"), fmt("%.2f", n["power"]["volterra_cost_w"]),
                              td(x, "lut_ref"), td(x, "lut"), gain(x, "gain_lut_decades", "gain_lut_decades_is_lower_bound", "lut_ref"),
                              fmt("%.2f", n["power"]["lut_cost_w"])});
    out.push_back(s);
  }
  if (r.contains("calibration")) {
    const json& c = r["calibration"];
    Section s;
    s.title = "Calibration against published modules";
    s.text = "Published module figures (" + c["file"].get<std::string>() + ", sources in docs/sources.md) against the "
             "model at the row's architecture, node and lane rate, with this config's DSP shape (taps, ENOB) for rows of "
             "its generation and the default shape for the others (column 'DSP shape'); tolerance " +
             fmt("%.0f %%", c["tolerance"].get<double>() * 100) + ".";
    s.table.head = {"id", "module", "arch", "node", "lanes x Gb/s", "GBd", "published W", "model W", "model/published",
                    "within", "DSP shape", "source"};
    for (const auto& x : c["rows"])
      s.table.rows.push_back({x["id"], x["module"], x["arch"], x["node"],
                              std::to_string(x["lanes"].get<unsigned>()) + " x " + fmt("%g", x["lane_rate_gbps"]),
                              fmt("%g", x["symbol_rate_gbd"]), fmt("%.1f", x["published_w"]), fmt("%.2f", x["model_w"]),
                              fmt("%.3f", x["ratio"]), x["within"].get<bool>() ? "yes" : "NO",
                              x.value("dsp_shape", std::string("this config")), x["source"]});
    out.push_back(s);
  }
  if (r.contains("sensitivity")) {
    const json& v = r["sensitivity"];
    Section s;
    s.title = "Sensitivity over the assumption bounds (tornado)";
    s.text = v["method"].get<std::string>() + ". Bands: DSP module " + fmt("%.1f", v["bands"]["dsp_w"]["low"]) + " .. " +
             fmt("%.1f W", v["bands"]["dsp_w"]["high"]) + ", LPO " + fmt("%.1f", v["bands"]["lpo_w"]["low"]) + " .. " +
             fmt("%.1f W", v["bands"]["lpo_w"]["high"]) + ", saving " + fmt("%.1f", v["bands"]["saving_w"]["low"]) +
             " .. " + fmt("%.1f W", v["bands"]["saving_w"]["high"]) + ".";
    s.table.head = {"parameter", "value", "low .. high", "DSP W at low / high", "LPO W at low / high",
                    "saving W at low / high", "reasoning of the bounds"};
    std::vector<json> rows(v["rows"].begin(), v["rows"].end());
    std::sort(rows.begin(), rows.end(), [](const json& a, const json& b) {
      const double sa = std::abs(a["saving_w"][1].get<double>() - a["saving_w"][0].get<double>()),
                   sb = std::abs(b["saving_w"][1].get<double>() - b["saving_w"][0].get<double>());
      return sa > sb;
    });
    for (const auto& x : rows)
      s.table.rows.push_back({x["param"], fmt("%g", x["value"]), fmt("%g", x["low"]) + " .. " + fmt("%g", x["high"]),
                              fmt("%.2f", x["dsp_w"][0]) + " / " + fmt("%.2f", x["dsp_w"][1]),
                              fmt("%.2f", x["lpo_w"][0]) + " / " + fmt("%.2f", x["lpo_w"][1]),
                              fmt("%.2f", x["saving_w"][0]) + " / " + fmt("%.2f", x["saving_w"][1]), x["bounds"]});
    s.image = "tornado.png";
    out.push_back(s);
  }
  {
    Section s;
    s.title = "DSP module power by technology node";
    s.table.head = {"node", "DSP module W"};
    for (const auto& [n, w] : r["power"]["dsp_w_by_node"].items()) s.table.rows.push_back({n, fmt("%.2f", w)});
    out.push_back(s);
  }
  {
    const json& lt = r["latency"];
    Section s;
    s.title = "Latency";
    s.text = "Per module (latency_model.hpp); DSP clock " + fmt("%.3f GHz", lt["clock_ghz"]) + ". Per hop (two modules): DSP " +
             fmt("%.1f ns", lt["dsp_hop_ns"]) + ", LPO " + fmt("%.2f ns", lt["lpo_hop_ns"]) + "; difference " +
             fmt("%.1f ns", lt["diff_hop_ns"]) + " per hop, " + fmt("%.1f ns", lt["diff_path_ns"]) + " over " +
             std::to_string(lt["hops"].get<int>()) + " hops. Fiber flight time " + fmt("%.1f ns", lt["fiber_ns"]) +
             " is common to both.";
    s.table.head = {"architecture", "item", "ns per module", "basis"};
    for (const char* a : {"dsp_items", "lpo_items"})
      for (const auto& it : lt[a])
        s.table.rows.push_back({a[0] == 'd' ? "DSP" : "LPO", it["name"], fmt("%.2f", it["ns"]), it["basis"]});
    s.image = "latency_breakdown.png";
    out.push_back(s);
  }
  if (r.contains("clusters")) {
    Section s;
    s.title = "Cluster roll-up";
    s.text = "MW = modules x W x PUE / 1e6; kWh/year = MW x 1000 x hours; $ = kWh x price; t CO2 = kWh x kg/kWh / 1000.";
    s.table.head = {"cluster", "modules", "PUE", "arch", "MW", "GWh/year", "M$/year", "t CO2/year"};
    for (const auto& c : r["clusters"])
      for (const char* a : {"dsp", "lpo"})
        s.table.rows.push_back({c["name"], fmt("%.0f", c["modules"]), fmt("%.2f", c["pue"]), a,
                                fmt("%.3f", c[a]["facility_mw"]), fmt("%.2f", c[a]["kwh_per_year"].get<double>() * 1e-6),
                                fmt("%.2f", c[a]["usd_per_year"].get<double>() * 1e-6), fmt("%.0f", c[a]["t_co2_per_year"])});
    s.image = "cluster_rollup.png";
    out.push_back(s);
  }
  if (r.contains("claims")) {
    Section s;
    s.title = "Public claims judged under the model";
    s.text = "Verdict: holds / does not hold at the parameters' values, or 'depends on <parameter>' when it flips "
             "between that parameter's low and high bound (one at a time); the range column is the quantity's span "
             "over all bounds. Claims file: " + r["config"]["claims"].get<std::string>() + ".";
    s.table.head = {"claim", "quantity", "model value", "span over bounds", "claimed range", "verdict", "claim source"};
    for (const auto& k : r["claims"])
      s.table.rows.push_back({k["claim"], k["quantity"], fmt("%.3g", k["value"]),
                              k.contains("value_min") ? fmt("%.3g", k["value_min"]) + " .. " + fmt("%.3g", k["value_max"]) : "",
                              (k.contains("min") ? fmt("%g", k["min"]) : std::string("")) + " .. " +
                                  (k.contains("max") ? fmt("%g", k["max"]) : std::string("")),
                              k.contains("verdict") ? k["verdict"].get<std::string>()
                                                    : (k["holds"].get<bool>() ? "holds" : "does not hold"),
                              k["source"]});
    out.push_back(s);
  }
  if (r.contains("c2m_impairments") && r["c2m_impairments"]["enabled"].get<bool>()) {
    const json& m = r["c2m_impairments"];
    Section s;
    s.title = "C2M impairments (reference receiver, COM table)";
    s.text = "Defaults of the C2M segments from the COM preset " + m["preset"].get<std::string>() + " (" +
             m["source"].get<std::string>() + "); `c2m_impairments` in the config overrides each (docs/compare.md).";
    if (m.contains("com"))
      s.text += " COM of the C2M channel with the preset's own reference receiver and package cases: " +
                fmt("%.2f dB", m["com"]["com_db"]) + ".";
    s.table.head = {"term", "value and source"};
    for (const auto& c : m["cited"]) s.table.rows.push_back({"", c.get<std::string>()});
    for (const auto& a : m["aggressors"])
      s.table.rows.push_back({a["kind"].get<std::string>(), a["file"].get<std::string>() + ", amplitude " +
                                                                 fmt("%.3f", a["amplitude_ratio"]) + " of the victim's"});
    out.push_back(s);
  }
  if (r.contains("model_limits")) {
    Section s;
    s.title = "Model limits";
    s.text = "What the link figures above include and what they do not.";
    s.table.head = {"", "item"};
    for (const auto& v : r["model_limits"]["modeled"]) s.table.rows.push_back({"modeled", v.get<std::string>()});
    for (const auto& v : r["model_limits"]["not_modeled"]) s.table.rows.push_back({"not modeled", v.get<std::string>()});
    out.push_back(s);
  }
  {
    Section s;
    s.title = "Parameters (every number with its source)";
    s.text = "From " + r["config"]["power_params"].get<std::string>() + ".";
    s.table.head = {"parameter", "value", "low .. high", "source"};
    for (const auto& [sec, m] : r["params"].items())
      for (const auto& [k, v] : m.items())
        s.table.rows.push_back({sec + "." + k, fmt("%g", v["value"]),
                                v.contains("low") ? fmt("%g", v["low"]) + " .. " + fmt("%g", v["high"]) : std::string(""),
                                v["source"]});
    out.push_back(s);
  }
  return out;
}

}  // namespace

std::string report_markdown(const json& r) {
  std::ostringstream os;
  os << "# HaloLink: DSP-retimed versus LPO -- " << r["name"].get<std::string>() << "\n\n";
  os << "## Summary\n\n```\n" << summary_table(r) << "```\n\n";
  for (const auto& s : sections(r)) {
    os << "## " << s.title << "\n\n";
    if (!s.text.empty()) os << s.text << "\n\n";
    os << md_table(s.table) << "\n";
    if (!s.image.empty()) os << "![" << s.title << "](" << s.image << ")\n\n";
  }
  return os.str();
}

std::string report_html(const json& r) {
  std::ostringstream os;
  os << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>HaloLink compare: " << esc(r["name"])
     << "</title>\n<style>body{font-family:sans-serif;max-width:1100px;margin:auto}table{border-collapse:collapse;"
        "margin:8px 0}td,th{border:1px solid #bbb;padding:3px 6px;font-size:13px}th{background:#eee}"
        "pre{background:#f6f6f6;padding:8px}img{max-width:100%}</style></head><body>\n";
  os << "<h1>HaloLink: DSP-retimed versus LPO -- " << esc(r["name"]) << "</h1>\n<h2>Summary</h2>\n<pre>"
     << esc(summary_table(r)) << "</pre>\n";
  for (const auto& s : sections(r)) {
    os << "<h2>" << esc(s.title) << "</h2>\n";
    if (!s.text.empty()) os << "<p>" << esc(s.text) << "</p>\n";
    os << html_table(s.table);
    if (!s.image.empty()) os << "<img src=\"" << s.image << "\" alt=\"" << esc(s.title) << "\">\n";
  }
  os << "</body></html>\n";
  return os.str();
}

std::string generations_table(const std::vector<json>& runs, bool markdown) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> head = {""};
  for (const auto& r : runs)
    head.push_back(r["config"]["module"].get<std::string>() + " (" + fmt("%g GBd", r["config"]["symbol_rate_gbd"]) +
                   (r["config"].value("inner_fec", false) ? ", inner FEC " + fmt("%g GBd", r["config"]["line_symbol_rate_gbd"]) : "") + ")");
  auto add = [&](const std::string& name, const std::function<std::string(const json&)>& f) {
    std::vector<std::string> row = {name};
    for (const auto& r : runs) row.push_back(f(r));
    rows.push_back(row);
  };
  add("fiber (km) / C2M loss at Nyquist (dB)", [](const json& r) {
    return fmt("%.2f", r["config"]["fiber_km"]) + " / " + fmt("%.1f", r["config"]["c2m_nyquist_loss_db"]);
  });
  add("DSP node", [](const json& r) { return r["config"]["node"].get<std::string>(); });
  for (const char* a : {"dsp", "lpo", "lro"}) {
    const std::string A = a == std::string("dsp") ? "DSP" : a == std::string("lpo") ? "LPO" : "LRO";
    auto has = [a](const json& r) { return r["headline"].contains(a); };
    add(A + " module power (W)", [&](const json& r) { return has(r) ? fmt("%.2f", r["power"][a]["total_w"]) : "not run"; });
    add(A + " energy (pJ/bit)", [&](const json& r) { return has(r) ? fmt("%.2f", r["power"][a]["pj_per_bit"]) : "not run"; });
    add(A + " pre-FEC BER", [&](const json& r) {
      if (!has(r)) return std::string("not run");
      const json& h = r["headline"][a];
      return sci(h["pre_fec_ber"]) + (h.contains("supported") && !h["supported"].get<bool>() ? " (cannot carry the PMD)" : "");
    });
    add(A + " latency per hop (ns)", [&](const json& r) {
      if (!has(r)) return std::string("not run");
      const json& l = r["latency"];
      return fmt("%.2f", std::string(a) == "dsp" ? l["dsp_hop_ns"] : std::string(a) == "lpo" ? l["lpo_hop_ns"] : l["lro_hop_ns"]);
    });
    add(A + " reach limit", [&](const json& r) {
      if (!has(r) || !r["sweeps"].contains("fiber_km") || !r["sweeps"]["fiber_km"].contains(std::string(a) + "_limit"))
        return std::string("not run");
      return limit_str(r["sweeps"]["fiber_km"][std::string(a) + "_limit"], "km");
    });
    add(A + " C2M loss limit", [&](const json& r) {
      if (!has(r) || !r["sweeps"].contains("c2m_loss_db") || !r["sweeps"]["c2m_loss_db"].contains(std::string(a) + "_limit"))
        return std::string("not run");
      return limit_str(r["sweeps"]["c2m_loss_db"][std::string(a) + "_limit"], "dB");
    });
  }
  for (const char* a : {"dsp", "lpo", "lro"})  // TDECQ of each architecture's optical transmitter
    add(std::string(a == std::string("dsp") ? "DSP" : a == std::string("lpo") ? "LPO" : "LRO") + " TDECQ of the optical TX (dB)",
        [&](const json& r) { return r["headline"].contains(a) ? tdecq_cell(r["headline"][a]) : std::string("not run"); });
  std::ostringstream os;
  if (markdown) {
    Table t;
    t.head = head;
    t.rows = rows;
    os << md_table(t);
    return os.str();
  }
  std::vector<std::size_t> w(head.size(), 0);
  for (std::size_t i = 0; i < head.size(); ++i) w[i] = head[i].size();
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size(); ++i) w[i] = std::max(w[i], row[i].size());
  auto line = [&](const std::vector<std::string>& cells) {
    os << "|";
    for (std::size_t i = 0; i < cells.size(); ++i) os << " " << cells[i] << std::string(w[i] - cells[i].size(), ' ') << " |";
    os << "\n";
  };
  line(head);
  std::vector<std::string> dash;
  for (auto n : w) dash.push_back(std::string(n, '-'));
  line(dash);
  for (const auto& row : rows) line(row);
  return os.str();
}

}  // namespace halo::sim

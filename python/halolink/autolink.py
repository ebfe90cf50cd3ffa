"""AutoLink: per-link optimisation of an LPO module's linear settings, and the interop-yield
study (docs/fleet.md).

An LPO link (``halolink compare``'s LPO architecture: host TX FFE -> C2M -> linear driver with
its CTLE -> MZM -> fiber -> PD -> TIA with its CTLE and output stage -> C2M -> host RX) has five
module settings that AutoLink searches:

    swing_v          driver output swing at the modulator, V peak-to-peak (drive +-swing/2, +-swing/6)
    bias             MZM bias as a fraction of Vpi from null (0.5 = quadrature)
    driver_ctle_db   peaking of the driver CTLE, dB (0 = off; COM form, DC gain = -peaking)
    tia_ctle_db      peaking of the TIA output CTLE, dB
    tia_swing_v      TIA output swing (its gain setting with AGC), V peak-to-peak into the C2M

Evaluation of one setting (``evaluate``):

* Levels (this module): MZM transfer T(v) = f + (1 - f) sin^2(pi/2 (b_eff + v / Vpi)), f the
  finite-extinction floor, b_eff = bias + drift (T - 25 C); the four optical levels P_k give the
  launch power (P_0 + P_3)/2 and extinction ratio P_3/P_0 the linear engine uses; the TIA output
  stage compresses as y = V_sat tanh(x / V_sat). The three eye openings relative to a linear
  eye, g_i = (y_{i+1} - y_i) / ((y_3 - y_0)/3), carry the nonlinearity.
* Statistical engine: ``halolink.compare`` on the link (the C++ statistical engine: MMSE FFE +
  DFE, exact residual-ISI PDF, Gaussian noise; docs/compare.md) gives the linear SER/BER.
* Nonlinearity (equivalent Q): x = Q^-1(SER_lin / 1.5) is the linear eye's half opening over
  the noise (PAM4 with equal eyes: SER = 1.5 Q(x)); with adaptive slicer thresholds eye i
  opens g_i x, so SER = 0.5 sum_i Q(g_i x) and BER = BER_lin SER / SER_lin.
* Margin: 20 log10(x_eff / x_th) dB, x_eff = Q^-1(SER / 1.5), x_th the same at the pre-FEC
  threshold (traffic.ber_threshold): margin >= 0 exactly when BER <= threshold.
* Power (per lane, mW; linear parts the settings change): driver P_d (1 - k_d + k_d swing /
  swing_nom) + c_ctle driver_ctle_db, TIA P_t (1 - k_t + k_t tia_swing / tia_swing_nom) +
  c_ctle tia_ctle_db, P_d and P_t the power parameters' analog.lpo_driver_mw / lpo_tia_mw.

Search: ``autolink`` evaluates the grid of the knob values (bias chosen per swing by the level
model: the bias with the widest smallest eye, no engine call), returns every point, the Pareto
front of margin against power and the winner: the largest margin_db - lambda power_mw among
the points with margin >= 0 (or the largest margin if none has), a point of the front.
``coordinate_search`` does the same objective by coordinate ascent from the fixed settings
(the yield study: ~20 engine calls a link instead of the full grid). The winner is confirmed in
the time domain (``confirm``: ``halolink.sim`` optical link with the MZM at the winner's swing
and bias; the host C2M channels are not in that run).
"""
from __future__ import annotations

import argparse
import copy
import itertools
import json
import math
import os
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

KNOBS = ("swing_v", "bias", "driver_ctle_db", "tia_ctle_db", "tia_swing_v")
FIXED = {"swing_v": 0.8, "bias": 0.5, "driver_ctle_db": 0.0, "tia_ctle_db": 0.0, "tia_swing_v": 0.5}
GRID = {"swing_v": [0.5, 0.8, 1.1, 1.4], "bias": [0.42, 0.46, 0.5, 0.54, 0.58], "driver_ctle_db": [0, 3, 6],
        "tia_ctle_db": [0, 3, 6], "tia_swing_v": [0.3, 0.5, 0.7]}
# nominal module (process parameters; the yield study draws them from its distributions)
MODULE = {"vpi_v": 2.0, "drive_gain": 1.0, "mzm_floor_db": 25.0, "laser_dbm": 4.0, "laser_tc_db_per_c": -0.01,
          "bias_drift_per_c": 0.0, "tia_vsat_v": 0.45, "tia_bw_ghz": 40.0, "driver_noise_nv_rthz": 15.0,
          "thermal_noise_pa_rthz": 15.0}
POWER = {"swing_nom_v": 0.8, "tia_swing_nom_v": 0.5, "driver_swing_share": 0.6, "tia_swing_share": 0.5,
         "ctle_mw_per_db": 4.0}
CTLE_POLES = {"fz_ghz": 14.0, "fp1_ghz": 40.0, "fp2_ghz": 80.0}
STRIP = ("sweep", "time_domain", "nlc", "duty_cycle", "claims", "lro", "inner_fec")


class StudyError(ValueError):
    """A bad study file: the message names the file, the key path, what was expected and found."""


# ---- level model ------------------------------------------------------------------------

def levels(s: dict, m: dict, temperature_c: float = 25.0) -> dict:
    """Optical and electrical PAM4 levels of settings s on module m at a temperature.

    Returns launch_dbm ((P_0 + P_3)/2), er_db (P_3 / P_0), eyes [g_0, g_1, g_2] (eye openings
    over the linear eye; <= 0: closed), tia_out_v (outer swing after compression, V pp)."""
    b = s["bias"] + m["bias_drift_per_c"] * (temperature_c - 25.0)
    floor = 10 ** (-m["mzm_floor_db"] / 10)
    laser_mw = 10 ** ((m["laser_dbm"] + m["laser_tc_db_per_c"] * (temperature_c - 25.0)) / 10)
    p = []
    for k in range(4):
        v = s["swing_v"] * m["drive_gain"] * (2 * k - 3) / 6
        p.append(laser_mw * (floor + (1 - floor) * math.sin(math.pi / 2 * (b + v / m["vpi_v"])) ** 2))
    oma = p[3] - p[0]
    if oma <= 0:
        return {"launch_dbm": 10 * math.log10(max(p[0] + p[3], 1e-9) / 2), "er_db": 0.0, "eyes": [0.0, 0.0, 0.0],
                "tia_out_v": 0.0, "optical_mw": p}
    mid = (p[0] + p[3]) / 2
    vs = m["tia_vsat_v"]
    y = [vs * math.tanh((pk - mid) / oma * s["tia_swing_v"] / vs) for pk in p]
    unit = (y[3] - y[0]) / 3
    return {"launch_dbm": 10 * math.log10(mid), "er_db": 10 * math.log10(p[3] / max(p[0], 1e-12)),
            "eyes": [(y[i + 1] - y[i]) / unit for i in range(3)], "tia_out_v": y[3] - y[0], "optical_mw": p}


def best_bias(s: dict, m: dict, temperature_c: float, biases: List[float]) -> float:
    """The bias of the list with the widest smallest eye (level model only)."""
    return max(biases, key=lambda b: (min(levels({**s, "bias": b}, m, temperature_c)["eyes"]), -abs(b - 0.5)))


# ---- power ------------------------------------------------------------------------------

def power_mw(s: dict, pw: dict) -> dict:
    """Per-lane power of the settings (mW): driver, tia, total."""
    d = pw["driver_mw"] * (1 - pw["driver_swing_share"] + pw["driver_swing_share"] * s["swing_v"] / pw["swing_nom_v"])
    d += pw["ctle_mw_per_db"] * s["driver_ctle_db"]
    t = pw["tia_mw"] * (1 - pw["tia_swing_share"] + pw["tia_swing_share"] * s["tia_swing_v"] / pw["tia_swing_nom_v"])
    t += pw["ctle_mw_per_db"] * s["tia_ctle_db"]
    return {"driver": d, "tia": t, "total": d + t}


# ---- equivalent-Q nonlinearity and margin ---------------------------------------------

def _qinv(p: float) -> float:
    from scipy.stats import norm
    return float(norm.isf(min(max(p, 1e-300), 0.6)))


def _q(x: float) -> float:
    from scipy.stats import norm
    return float(norm.sf(x))


def penalised(ser_lin: float, ber_lin: float, eyes: List[float], threshold: float) -> dict:
    """SER, BER and margin (dB) of a link whose linear SER/BER are ser_lin/ber_lin when its
    three eyes open eyes[i] x the linear eye (module docstring). Probabilities in [0, 1]."""
    ser_lin = min(max(ser_lin, 1e-300), 0.75)
    ratio = ser_lin / max(ber_lin, 1e-300)  # symbol errors per bit error of the link (bursts included)
    x = _qinv(ser_lin / 1.5)
    ser = min(0.75, 0.5 * sum(_q(g * x) for g in eyes))
    ber = min(0.5, ber_lin * ser / ser_lin)
    x_eff = _qinv(ser / 1.5)
    x_th = _qinv(min(threshold * ratio, 0.74) / 1.5)
    margin = 20 * math.log10(max(x_eff, 1e-12) / x_th) if x_eff > 0 else -99.0
    return {"ser": ser, "ber": ber, "margin_db": margin, "x": x}


# ---- link configs ----------------------------------------------------------------------

def _ctle(db: float) -> dict:
    return {"enabled": True, "dc_gain_db": -float(db), **CTLE_POLES} if db > 0 else {"enabled": False}


def compare_config(base: dict, link: dict, m: dict, s: dict, lv: dict) -> dict:
    """The compare config of link (c2m file, c2m loss, fiber km) with module m at settings s."""
    cfg = copy.deepcopy(base)
    for k in STRIP:
        cfg.pop(k, None)
    cfg["c2m"]["file"] = link["c2m_file"]
    cfg["c2m"]["loss_db"] = float(link["c2m_loss_db"])
    # the fleet studies run on the bare C2M channel unless the base config sets the COM
    # reference receiver's impairments itself (docs/fleet.md "AutoLink")
    cfg.setdefault("c2m_impairments", {"enabled": False})
    o = cfg.setdefault("optical", {})
    o["fiber_km"] = float(link["fiber_km"])
    o["launch_power_dbm"] = min(15.0, max(-20.0, lv["launch_dbm"]))
    o["extinction_ratio_db"] = min(30.0, max(1.0, lv["er_db"]))
    o["tia_bw_ghz"] = m["tia_bw_ghz"]
    o["thermal_noise_pa_rthz"] = m["thermal_noise_pa_rthz"]
    lp = cfg.setdefault("lpo", {})
    lp["driver_noise_nv_rthz"] = m["driver_noise_nv_rthz"]
    lp["driver_ctle"] = _ctle(s["driver_ctle_db"])
    lp["tia_ctle"] = _ctle(s["tia_ctle_db"])
    lp["tia_output_swing_v"] = min(5.0, max(0.01, lv["tia_out_v"]))
    return cfg


def evaluate(ctx: dict, link: dict, m: dict, s: dict, with_dsp: bool = False) -> dict:
    """One setting on one link: margin_db, ber, meets, power (mW), eyes, linear SER/BER (and
    the DSP-retimed link's BER with its fixed line settings when with_dsp)."""
    from ._config import compare
    t = float(link.get("temperature_c", 25.0))
    lv = levels(s, m, t)
    if lv["er_db"] <= 0 or min(lv["eyes"]) <= 0:
        r = {"ser": 0.75, "ber": 0.5, "margin_db": -99.0, "ser_lin": None, "ber_lin": None}
    else:
        res = compare(compare_config(ctx["base"], link, m, s, lv), base_dir=ctx["base_dir"])
        seg = res["headline"]["lpo"]["segments"][0]
        pen = penalised(seg["ser"], res["headline"]["lpo"]["pre_fec_ber"], lv["eyes"], ctx["threshold"])
        r = {**pen, "ser_lin": seg["ser"], "ber_lin": res["headline"]["lpo"]["pre_fec_ber"]}
        if with_dsp:
            r["dsp"] = dsp_result(res, ctx, link, m)
    p = power_mw(s, ctx["power"])
    return {"settings": dict(s), "margin_db": r["margin_db"], "ber": r["ber"], "meets": r["ber"] <= ctx["threshold"],
            "power_mw": p["total"], "power": p, "eyes": lv["eyes"], "launch_dbm": lv["launch_dbm"], "er_db": lv["er_db"],
            "ser_lin": r["ser_lin"], "ber_lin": r["ber_lin"], **({"dsp": r["dsp"]} if "dsp" in r else {})}


def dsp_result(res: dict, ctx: dict, link: dict, m: dict) -> dict:
    """The DSP-retimed link of the same compare run, its optical segment penalised by the level
    model at the fixed settings without TIA output compression (the DSP's line RX takes the TIA
    output into its ADC). BER = sum of the retimed segments' BERs."""
    t = float(link.get("temperature_c", 25.0))
    lv = levels({**FIXED, "tia_swing_v": 0.1}, m, t)  # small TIA swing: no output compression
    total = 0.0
    for seg in res["headline"]["dsp"]["segments"]:
        b = seg["ber"]
        if "optical" in seg["name"] and min(lv["eyes"]) > 0:
            b = penalised(seg["ser"], seg["ber"], lv["eyes"], ctx["threshold"])["ber"]
        elif "optical" in seg["name"]:
            b = 0.5
        total += b
    ber = min(total, 0.5)
    return {"ber": ber, "meets": ber <= ctx["threshold"]}


# ---- search -----------------------------------------------------------------------------

def pareto(points: List[dict]) -> List[dict]:
    """Points not dominated in (margin_db up, power_mw down), sorted by power."""
    front = []
    for p in points:
        dom = any(q["margin_db"] >= p["margin_db"] and q["power_mw"] <= p["power_mw"]
                  and (q["margin_db"] > p["margin_db"] or q["power_mw"] < p["power_mw"]) for q in points)
        if not dom:
            front.append(p)
    return sorted(front, key=lambda p: (p["power_mw"], -p["margin_db"]))


def objective(p: dict, lam: float) -> Tuple[int, float]:
    """(meets, margin_db - lam power_mw): passing points first, then margin at least power."""
    return (1 if p["margin_db"] >= 0 else 0, p["margin_db"] - lam * p["power_mw"] if p["margin_db"] >= 0 else p["margin_db"])


def choose(points: List[dict], lam: float) -> dict:
    return max(points, key=lambda p: objective(p, lam))


def grid_search(ctx: dict, link: dict, m: dict, grid: dict, threads: Optional[int] = None) -> List[dict]:
    """Every combination of the grid's swing, CTLE and TIA swing values; the bias per swing by
    the level model (best_bias over grid['bias']); evaluated on `threads` threads (default: the cores)."""
    from concurrent.futures import ThreadPoolExecutor
    t = float(link.get("temperature_c", 25.0))
    settings = []
    for sw, dc, tc, ts in itertools.product(grid["swing_v"], grid["driver_ctle_db"], grid["tia_ctle_db"], grid["tia_swing_v"]):
        s = {"swing_v": sw, "driver_ctle_db": dc, "tia_ctle_db": tc, "tia_swing_v": ts, "bias": 0.5}
        s["bias"] = best_bias(s, m, t, grid["bias"])
        settings.append(s)
    # the engine releases the GIL: one thread per core
    with ThreadPoolExecutor(max_workers=max(1, threads or os.cpu_count() or 1)) as ex:
        return list(ex.map(lambda s: evaluate(ctx, link, m, s), settings))


def coordinate_search(ctx: dict, link: dict, m: dict, grid: dict, lam: float, start: dict,
                      passes: int = 2) -> Tuple[dict, int]:
    """Coordinate ascent of objective() from start over the grid's knob values (bias re-chosen by
    the level model after each swing change). Returns (best point, engine calls)."""
    t = float(link.get("temperature_c", 25.0))
    cache: Dict[str, dict] = {}

    def ev(s):
        k = json.dumps(s, sort_keys=True)
        if k not in cache:
            cache[k] = evaluate(ctx, link, m, s)
        return cache[k]

    cur = dict(start)
    best = ev(cur)
    for _ in range(passes):
        changed = False
        for knob in ("swing_v", "tia_swing_v", "driver_ctle_db", "tia_ctle_db"):
            for v in grid[knob]:
                s = {**cur, knob: v}
                if knob == "swing_v":
                    s["bias"] = best_bias(s, m, t, grid["bias"])
                p = ev(s)
                if objective(p, lam) > objective(best, lam):
                    best, cur, changed = p, s, True
        if not changed:
            break
    return best, len(cache)


def confirm(ctx: dict, link: dict, m: dict, s: dict, symbols: int, seed: int = 1) -> dict:
    """Time-domain run (halolink.sim, cmodel receiver) of the optical segment at settings s:
    MZM with the swing and bias, the fiber, PD/TIA, the TIA CTLE as the RX CTLE. Returns the
    measured BER (or the 95 % bound 3/bits with no errors), errors and bits."""
    from . import sim
    o = ctx["base"].get("optical", {})
    t = float(link.get("temperature_c", 25.0))
    cfg = {"name": "autolink_confirm", "symbol_rate_gbd": ctx["base"].get("symbol_rate_gbd", 53.125), "osr": 8,
           "seed": seed, "symbols": symbols,
           "tx": {"pattern": "prbs31q", "swing_v": 0.8, "snr_db": ctx["base"].get("host_tx", {}).get("snr_db", 33)},
           "optical": {"modulator": "mzm", "driver_gain": s["swing_v"] * m["drive_gain"] / 0.8,
                       "driver_bw_ghz": o.get("driver_bw_ghz", 45), "vpi_v": m["vpi_v"], "bias": s["bias"],
                       "bias_drift_per_c": m["bias_drift_per_c"], "temperature_c": t,
                       "extinction_ratio_db": m["mzm_floor_db"],
                       "laser_power_dbm": m["laser_dbm"] + m["laser_tc_db_per_c"] * (t - 25.0),
                       "rin_db_hz": o.get("rin_db_hz", -145), "fiber_km": float(link["fiber_km"]),
                       "fiber_loss_db_km": o.get("fiber_loss_db_km", 0.4),
                       "dispersion_ps_nm_km": o.get("dispersion_ps_nm_km", -1.5),
                       "wavelength_nm": o.get("wavelength_nm", 1310), "responsivity_a_w": o.get("responsivity_a_w", 0.8),
                       "thermal_noise_pa_rthz": m["thermal_noise_pa_rthz"], "tia_gain_ohm": o.get("tia_gain_ohm", 1000),
                       "tia_bw_ghz": m["tia_bw_ghz"]},
           "rx": {"adc": {"bits": 8, "enob": 6.5}, "ffe": {"taps": 16, "pre": 5}, "dfe": {"taps": 1},
                  "adapt": {"training_symbols": min(100000, symbols // 3)}},
           "fec": "kp4"}
    if s["tia_ctle_db"] > 0:
        cfg["rx"]["ctle"] = {"dc_gain_db": -float(s["tia_ctle_db"]), **CTLE_POLES}
    r = sim.run(cfg, analysis=False)
    td = r["time_domain"]
    bits, err = td["bits"], td["bit_errors"]
    ber = err / bits if err else 3.0 / bits
    return {"symbols": symbols, "bits": bits, "bit_errors": err, "ber": ber, "ber_is_bound": err == 0,
            "meets": ber <= ctx["threshold"]}


# ---- study files ------------------------------------------------------------------------

def _num(v, path, where, lo=-math.inf, hi=math.inf):
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not (lo <= v <= hi):
        raise StudyError(f"{where}: {path}: expected a number in [{lo}, {hi}], found {v!r}")
    return float(v)


def load_study(path: os.PathLike) -> dict:
    """Reads a study file (kind: autolink | interop_yield | haloeye); checks the keys common to
    all (name, kind, base). Raises StudyError naming the file and key path."""
    from .sweep import read_mapping
    path = Path(path)
    doc = read_mapping(path, "study file", StudyError)
    kind = doc.get("kind")
    if kind not in ("autolink", "interop_yield", "haloeye"):
        raise StudyError(f"{path}: kind: expected one of autolink, interop_yield, haloeye, found {kind!r}")
    doc["_file"] = str(path)
    doc["_dir"] = str(path.parent.resolve())
    return doc


def read_base(doc: dict, what: str, section: str) -> Tuple[dict, Path]:
    """(config, path) of the study's base file, a `what` config that must have `section`."""
    import yaml
    where = doc["_file"]
    if not isinstance(doc.get("base"), str):
        raise StudyError(f"{where}: base: expected the path of a {what} config, found {doc.get('base')!r}")
    bp = (Path(doc["_dir"]) / doc["base"]).resolve()
    try:
        base = yaml.safe_load(bp.read_text())
    except (OSError, yaml.YAMLError) as e:
        raise StudyError(f"{where}: base: cannot read '{bp}': {e}") from None
    if not isinstance(base, dict) or not isinstance(base.get(section), dict):
        raise StudyError(f"{where}: base: '{bp}' is not a {what} config (no {section} section)")
    return base, bp


def context(doc: dict) -> dict:
    """Base compare config (resolved), threshold, power parameters, grid and lambda of a study."""
    import yaml
    where = doc["_file"]
    base, bp = read_base(doc, "compare", "c2m")
    base["power_params"] = str((bp.parent / base["power_params"]).resolve())
    base["c2m"]["file"] = str((bp.parent / base["c2m"]["file"]).resolve())
    base["osr"] = int(doc.get("osr", 8))
    params = yaml.safe_load(Path(base["power_params"]).read_text())
    an = params.get("analog", {})
    pw = {**POWER, "driver_mw": float(an["lpo_driver_mw"]["value"]), "tia_mw": float(an["lpo_tia_mw"]["value"])}
    for k, v in (doc.get("power") or {}).items():
        if k not in pw:
            raise StudyError(f"{where}: power.{k}: unknown key (known: {', '.join(sorted(pw))})")
        pw[k] = _num(v, f"power.{k}", where, 0)
    grid = copy.deepcopy(GRID)
    for k, v in ((doc.get("autolink") or {}).get("grid") or {}).items():
        if k not in grid:
            raise StudyError(f"{where}: autolink.grid.{k}: unknown knob (known: {', '.join(KNOBS)})")
        if not isinstance(v, list) or not v:
            raise StudyError(f"{where}: autolink.grid.{k}: expected a non-empty list of numbers, found {v!r}")
        grid[k] = [_num(x, f"autolink.grid.{k}", where, 0, 10) for x in v]
    fixed = {**FIXED, **((doc.get("autolink") or {}).get("fixed") or {})}
    lam = _num((doc.get("autolink") or {}).get("lambda_db_per_mw", 0.005), "autolink.lambda_db_per_mw", where, 0, 1)
    thr = float(base.get("traffic", {}).get("ber_threshold", 2.4e-4))
    return {"base": base, "base_dir": str(bp.parent), "threshold": thr, "power": pw, "grid": grid, "fixed": fixed,
            "lam": lam}


def _link_of(doc: dict, ctx: dict) -> dict:
    lk = dict(doc.get("link") or {})
    where = doc["_file"]
    f = lk.get("c2m_file")
    lk["c2m_file"] = str((Path(doc["_dir"]) / f).resolve()) if f else ctx["base"]["c2m"]["file"]
    lk["c2m_loss_db"] = _num(lk.get("c2m_loss_db", 10), "link.c2m_loss_db", where, 0.5, 40)
    lk["fiber_km"] = _num(lk.get("fiber_km", 0.5), "link.fiber_km", where, 0, 100)
    lk["temperature_c"] = _num(lk.get("temperature_c", 25), "link.temperature_c", where, -40, 125)
    return lk


def _module_of(doc: dict, where: str) -> dict:
    m = dict(MODULE)
    for k, v in (doc.get("module") or {}).items():
        if k not in m:
            raise StudyError(f"{where}: module.{k}: unknown key (known: {', '.join(sorted(m))})")
        m[k] = _num(v, f"module.{k}", where)
    return m


# ---- autolink on one link ----------------------------------------------------------------

def run_autolink(doc: dict, out: Path, *, confirm_symbols: Optional[int] = None, plots: bool = True) -> dict:
    """`halolink autolink STUDY.yaml`: grid search on the study's link, Pareto front, winner,
    fixed-settings reference and time-domain confirmation. Writes OUT/autolink.json, pareto.png."""
    ctx = context(doc)
    link = _link_of(doc, ctx)
    m = _module_of(doc, doc["_file"])
    pts = grid_search(ctx, link, m, ctx["grid"])
    front = pareto(pts)
    win = choose(pts, ctx["lam"])
    fixed = evaluate(ctx, link, m, ctx["fixed"])
    n = confirm_symbols if confirm_symbols is not None else int((doc.get("autolink") or {}).get("confirm_symbols", 400000))
    conf = {"winner": confirm(ctx, link, m, win["settings"], n), "fixed": confirm(ctx, link, m, ctx["fixed"], n)} if n else None
    res = {"name": doc.get("name", "autolink"), "link": link, "module": m, "threshold_ber": ctx["threshold"],
           "lambda_db_per_mw": ctx["lam"], "winner": win, "fixed": fixed, "pareto": front, "points": pts,
           "confirmation": conf}
    out.mkdir(parents=True, exist_ok=True)
    _write_json(out / "autolink.json", res)
    if plots:
        plot_pareto(res, out / "pareto.png")
    return res


def _write_json(path: Path, obj: Any) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(obj, indent=1) + "\n")
    os.replace(tmp, path)


def plot_pareto(res: dict, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(7, 4.5))
    pts = res["points"]
    ax.scatter([p["power_mw"] for p in pts], [max(p["margin_db"], -10) for p in pts], s=10, c="0.7", label="grid points")
    fr = res["pareto"]
    ax.plot([p["power_mw"] for p in fr], [max(p["margin_db"], -10) for p in fr], "o-", label="Pareto front")
    w, f = res["winner"], res["fixed"]
    ax.plot([w["power_mw"]], [w["margin_db"]], "r*", ms=14, label="AutoLink winner")
    ax.plot([f["power_mw"]], [max(f["margin_db"], -10)], "ks", label="fixed settings")
    ax.axhline(0, color="k", lw=0.8)
    ax.set_xlabel("driver + TIA power per lane (mW)")
    ax.set_ylabel("margin to the pre-FEC threshold (dB, equivalent Q)")
    lk = res["link"]
    ax.set_title(f"AutoLink: C2M {lk['c2m_loss_db']:g} dB, {lk['fiber_km']:g} km, {lk['temperature_c']:g} C")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


# ---- interop yield ------------------------------------------------------------------------

DIST_KINDS = ("normal", "uniform", "choice", "fixed")


def _draw(rng, spec, path, where):
    """One draw of a distribution spec: {normal: [mean, sigma], min?, max?} | {uniform: [lo, hi]}
    | {choice: [...]} | a number (fixed)."""
    if isinstance(spec, (int, float)) and not isinstance(spec, bool):
        return float(spec)
    if isinstance(spec, str):
        return spec
    if not isinstance(spec, dict):
        raise StudyError(f"{where}: {path}: expected a number or one of {{normal|uniform|choice: ...}}, found {spec!r}")
    if "normal" in spec:
        mu, sd = spec["normal"]
        v = rng.normal(mu, sd)
        return float(min(max(v, spec.get("min", -math.inf)), spec.get("max", math.inf)))
    if "uniform" in spec:
        lo, hi = spec["uniform"]
        return float(rng.uniform(lo, hi))
    if "choice" in spec:
        c = spec["choice"]
        return c[int(rng.integers(len(c)))]
    raise StudyError(f"{where}: {path}: expected normal, uniform or choice, found keys {sorted(spec)}")


def population(doc: dict, ctx: dict, n: int, seed: int) -> List[dict]:
    """n links drawn from the study's population section (reproducible in seed): link
    (c2m_file, c2m_loss_db, fiber_km, temperature_c) and module (process parameters)."""
    import numpy as np
    where = doc["_file"]
    pop = doc.get("population") or {}
    rng = np.random.default_rng(seed)
    chans = pop.get("channels") or [ctx["base"]["c2m"]["file"]]
    chans = [str((Path(doc["_dir"]) / c).resolve()) for c in chans]
    out = []
    for i in range(n):
        link = {"c2m_file": chans[int(rng.integers(len(chans)))],
                "c2m_loss_db": _draw(rng, pop.get("c2m_loss_db", {"uniform": [6, 14]}), "population.c2m_loss_db", where),
                "fiber_km": _draw(rng, pop.get("fiber_km", {"choice": [0.5, 2]}), "population.fiber_km", where),
                "temperature_c": _draw(rng, pop.get("temperature_c", {"choice": [0, 25, 70]}), "population.temperature_c", where)}
        m = dict(MODULE)
        for k, spec in (pop.get("module") or {}).items():
            if k not in m:
                raise StudyError(f"{where}: population.module.{k}: unknown key (known: {', '.join(sorted(m))})")
            m[k] = float(_draw(rng, spec, f"population.module.{k}", where))
        out.append({"index": i, "link": link, "module": m})
    return out


def yield_task(item: dict) -> dict:
    """One link of the interop-yield study (runs on a worker): DSP and LPO at fixed settings
    (one compare run), then AutoLink by coordinate search."""
    ctx, link, m = item["ctx"], item["link"], item["module"]
    fixed = evaluate(ctx, link, m, ctx["fixed"], with_dsp=True)
    best, calls = coordinate_search(ctx, link, m, ctx["grid"], ctx["lam"], ctx["fixed"])
    return {"index": item["index"], "link": link, "module": m, "dsp": fixed.pop("dsp"), "fixed": fixed,
            "autolink": best, "engine_calls": calls + 1}


def clopper_pearson(k: int, n: int, conf: float = 0.95) -> Tuple[float, float]:
    """Two-sided Clopper-Pearson interval of a binomial proportion k/n (scipy beta quantiles)."""
    from scipy.stats import beta
    a = 1 - conf
    lo = 0.0 if k == 0 else float(beta.ppf(a / 2, k, n - k + 1))
    hi = 1.0 if k == n else float(beta.ppf(1 - a / 2, k + 1, n - k))
    return lo, hi


def verdict(k: int, n: int, claim: float, conf: float = 0.95) -> dict:
    """'holds' if the interval's lower end >= claim, 'does not hold' if its upper end < claim,
    else 'not determined' with the number of links a zero-failure run would need."""
    lo, hi = clopper_pearson(k, n, conf)
    need = math.ceil(math.log((1 - conf) / 2) / math.log(claim))
    v = "holds" if lo >= claim else ("does not hold" if hi < claim else "not determined")
    return {"fraction": k / n if n else float("nan"), "passed": k, "links": n, "ci": [lo, hi], "confidence": conf,
            "claim": claim, "verdict": v, "links_needed_zero_failures": need}


def run_yield(doc: dict, out: Path, *, links: Optional[int] = None, serial: bool = False, workers: Optional[int] = None,
              scheduler: Optional[str] = None, progress: bool = True, plots: bool = True, client=None) -> dict:
    """`halolink study interop_yield.yaml`: the population on Dask, yields with Clopper-Pearson
    intervals for DSP, LPO fixed and LPO AutoLink, the verdict on the claim. Writes
    OUT/yield.json, OUT/yield.md, OUT/yield.png; per-link results in OUT/shards/ (resumable)."""
    from ._tasks import run_tasks, task_key
    ctx = context(doc)
    where = doc["_file"]
    n = links or int(doc.get("links", 64))
    if n < 1:
        raise StudyError(f"{where}: links: expected an integer >= 1, found {n}")
    seed = int(doc.get("seed", 1))
    claim = _num(doc.get("claim", 0.9997), "claim", where, 0, 1)
    conf = _num(doc.get("confidence", 0.95), "confidence", where, 0.5, 0.9999)
    items = [{**p, "ctx": ctx} for p in population(doc, ctx, n, seed)]
    key = task_key("interop_yield", ctx, seed)
    rows = run_tasks(yield_task, items, out, key=key, client=client, scheduler=scheduler, workers=workers,
                     serial=serial, progress=progress, desc="interop_yield", cluster=doc.get("cluster"))
    res = {"name": doc.get("name", "interop_yield"), "threshold_ber": ctx["threshold"], "links": n, "seed": seed,
           "population": doc.get("population"), "fixed_settings": ctx["fixed"], "grid": ctx["grid"]}
    for arch, get in (("dsp", lambda r: r["dsp"]["meets"]), ("lpo_fixed", lambda r: r["fixed"]["meets"]),
                      ("lpo_autolink", lambda r: r["autolink"]["meets"])):
        res[arch] = verdict(sum(1 for r in rows if get(r)), len(rows), claim, conf)
    res["mean_power_mw"] = {"lpo_fixed": sum(r["fixed"]["power_mw"] for r in rows) / len(rows),
                            "lpo_autolink": sum(r["autolink"]["power_mw"] for r in rows) / len(rows)}
    res["engine_calls"] = sum(r["engine_calls"] for r in rows)
    res["rows"] = [{k: r[k] for k in ("index", "link", "module", "dsp", "fixed", "autolink")} for r in rows]
    out.mkdir(parents=True, exist_ok=True)
    _write_json(out / "yield.json", res)
    (out / "yield.md").write_text(yield_report(res))
    if plots:
        plot_yield(res, out / "yield.png")
    return res


def yield_report(res: dict) -> str:
    lines = [f"# Interop yield: {res['name']}", "",
             f"{res['links']} links, pre-FEC BER threshold {res['threshold_ber']:g}; "
             f"claim {res['dsp']['claim'] * 100:g} % successful interconnect; "
             f"Clopper-Pearson {res['dsp']['confidence'] * 100:g} % intervals.", "",
             "| architecture | links meeting the threshold | fraction | interval | claim |", "|---|---|---|---|---|"]
    for arch, lab in (("dsp", "DSP-retimed"), ("lpo_fixed", "LPO, fixed settings"), ("lpo_autolink", "LPO, AutoLink")):
        v = res[arch]
        lines.append(f"| {lab} | {v['passed']} / {v['links']} | {v['fraction'] * 100:.1f} % | "
                     f"{v['ci'][0] * 100:.2f} .. {v['ci'][1] * 100:.2f} % | {v['verdict']} |")
    v = res["lpo_autolink"]
    lines += ["", f"Mean driver + TIA power per lane: fixed {res['mean_power_mw']['lpo_fixed']:.0f} mW, "
              f"AutoLink {res['mean_power_mw']['lpo_autolink']:.0f} mW.", "",
              f"Verdict on the {v['claim'] * 100:g} % claim (LPO with AutoLink): **{v['verdict']}** "
              f"({v['passed']}/{v['links']}, interval {v['ci'][0] * 100:.2f} .. {v['ci'][1] * 100:.2f} %). "
              f"Confirming {v['claim'] * 100:g} % at {v['confidence'] * 100:g} % confidence needs at least "
              f"{v['links_needed_zero_failures']} links with no failure; a population with any failing "
              f"share above {(1 - v['claim']) * 100:.2f} % refutes it.", ""]
    return "\n".join(lines)


def plot_yield(res: dict, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4.5))
    labs = ["DSP", "LPO fixed", "LPO AutoLink"]
    vs = [res["dsp"], res["lpo_fixed"], res["lpo_autolink"]]
    y = [v["fraction"] * 100 for v in vs]
    err = [[y[i] - vs[i]["ci"][0] * 100 for i in range(3)], [vs[i]["ci"][1] * 100 - y[i] for i in range(3)]]
    a1.bar(labs, y, yerr=err, capsize=6, color=["C0", "C1", "C2"])
    a1.axhline(res["dsp"]["claim"] * 100, color="r", ls="--", label=f"claim {res['dsp']['claim'] * 100:g} %")
    a1.set_ylabel("links meeting the pre-FEC threshold (%)")
    a1.set_ylim(max(0, min(v["ci"][0] * 100 for v in vs) - 5), 100.5)
    a1.legend(fontsize=8)
    a1.set_title(f"{res['links']} links, {res['dsp']['confidence'] * 100:g} % Clopper-Pearson")
    rows = res["rows"]
    for key, lab, mk in (("fixed", "LPO fixed", "o"), ("autolink", "LPO AutoLink", "^")):
        a2.scatter([r["link"]["c2m_loss_db"] for r in rows], [max(r[key]["margin_db"], -10) for r in rows], marker=mk,
                   s=18, label=lab)
    a2.axhline(0, color="k", lw=0.8)
    a2.set_xlabel("host C2M loss at Nyquist (dB, each side)")
    a2.set_ylabel("margin (dB)")
    a2.legend(fontsize=8)
    a2.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


# ---- command line -------------------------------------------------------------------------

def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="halolink autolink", description="AutoLink on one LPO link (docs/fleet.md): "
                                "grid search of the module's linear settings, Pareto front, time-domain confirmation.")
    p.add_argument("study", metavar="STUDY.yaml", help="study file with kind: autolink (sim/studies/autolink_lpo.yaml)")
    p.add_argument("--out", default="out/autolink", help="output folder (autolink.json, pareto.png)")
    p.add_argument("--confirm-symbols", type=int, help="time-domain symbols of the confirmation (0: none)")
    p.add_argument("--no-plots", action="store_true")
    a = p.parse_args(argv)
    from ._core import ConfigError, TouchstoneError
    try:
        doc = load_study(a.study)
        if doc["kind"] != "autolink":
            raise StudyError(f"{a.study}: kind: expected autolink for `halolink autolink`, found {doc['kind']} "
                             f"(run it with `halolink study`)")
        r = run_autolink(doc, Path(a.out), confirm_symbols=a.confirm_symbols, plots=not a.no_plots)
    except (StudyError, ConfigError, TouchstoneError, FileNotFoundError) as e:
        print(f"halolink autolink: error: {e}", file=sys.stderr)
        return 2
    print(autolink_summary(r))
    return 0


def autolink_summary(r: dict) -> str:
    w, f = r["winner"], r["fixed"]
    s = w["settings"]
    lines = [f"AutoLink {r['name']}: {len(r['points'])} settings evaluated, {len(r['pareto'])} on the Pareto front",
             f"  winner: swing {s['swing_v']:g} V, bias {s['bias']:g} Vpi, driver CTLE {s['driver_ctle_db']:g} dB, "
             f"TIA CTLE {s['tia_ctle_db']:g} dB, TIA swing {s['tia_swing_v']:g} V: margin {w['margin_db']:.2f} dB, "
             f"BER {w['ber']:.2e}, {w['power_mw']:.0f} mW",
             f"  fixed:  margin {f['margin_db']:.2f} dB, BER {f['ber']:.2e}, {f['power_mw']:.0f} mW"]
    c = r.get("confirmation")
    if c:
        for k in ("winner", "fixed"):
            lines.append(f"  time domain ({k}): {c[k]['bit_errors']} errors in {c[k]['bits']} bits, BER "
                         f"{'<' if c[k]['ber_is_bound'] else ''}{c[k]['ber']:.2e}")
    return "\n".join(lines)

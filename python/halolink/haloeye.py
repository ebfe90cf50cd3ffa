"""HaloEye: predictive monitoring of an ageing fleet from the CMIS VDM time series (docs/fleet.md).

Fleet. Each link is the optical link of the study's monitor config (``halolink monitor``:
MZM, fiber, PD/TIA, cmodel receiver, the VDM monitor with its thresholds) sampled once every
``sample_days``; every sample is one VDM window of ``window_symbols`` symbols of a fresh
``halolink.monitor.run`` at that day's condition (the receiver re-trains; the VDM observables
are the monitor's own: eSNR, LTP, pre-FEC BER, flags). Conditions of link i on day d:

    laser_power_dbm = P0_i - a_i d/7 + c_T (T - 25) - sum of connector steps before d
    extinction_ratio_db (MZM finite-extinction floor) = ER0_i - e_i d/7 (>= 1 dB)
    temperature_c = T_mean + T_amp sin(2 pi d / T_period + phi_i) + N(0, T_noise)

with the study's distributions for P0, a (ageing links; a = e = 0 for the non-ageing share),
ER0, e, and connector-loss steps as a Poisson process (rate per week, step size distribution).
The pre-FEC alarm of a link is the first window whose VDM ``ber_cur`` high-alarm condition is
active (threshold from the monitor config, the KP4 2.4e-4 by default).

Predictor (``predict``, per observable, on the samples of the last ``fit_days``): ordinary
least squares y = a + b t; with the level at t and the slope within their two-sided
``confidence`` bounds (Student t), the crossing of the threshold is at
t + (thr - y_t)/b: the earliest crossing uses the bound of y_t nearer the threshold and the
steepest slope, the latest the other bounds (infinite when the slope bound has the wrong
sign). A trend warning is raised when the slope is significant (its bound away from 0 toward
the threshold) and the earliest crossing is within ``horizon_days``; the link warns on the
first of ``persistence`` consecutive samples with a warning from any observable (eSNR and LTP
falling to their alarm-equivalent thresholds, log10 pre-FEC BER rising to the alarm; windows
without errors carry no BER point). The eSNR and LTP thresholds equivalent to the BER alarm
are calibrated by the study on the nominal link (laser-power ladder, log BER interpolated).

Lead time = alarm day - warning day (0 when the alarm came without a warning before it). A
false warning: a link that warned and had no pre-FEC alarm in the whole observation (a link
whose alarm came later than the horizon after its warning is counted as premature, not false).
"""
from __future__ import annotations

import copy
import math
import os
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

OBS = ("esnr", "ltp", "ber")


# ---- predictor ----------------------------------------------------------------------------

def predict(t: List[float], y: List[float], thr: float, direction: int, *, confidence: float = 0.9) -> Optional[dict]:
    """Trend of samples (t days, y) toward thr: direction -1 when y falls to thr (eSNR, LTP),
    +1 when it rises (log10 BER). Returns None with fewer than 4 samples, else slope, se,
    significant, crossing (absolute day, point estimate) and interval [lo, hi] (days; inf when
    unbounded). Closed form OLS with Student-t bounds (module docstring)."""
    from scipy.stats import t as student
    n = len(t)
    if n < 4:
        return None
    tm = sum(t) / n
    ym = sum(y) / n
    sxx = sum((ti - tm) ** 2 for ti in t)
    if sxx <= 0:
        return None
    b = sum((ti - tm) * (yi - ym) for ti, yi in zip(t, y)) / sxx
    a = ym - b * tm
    res = sum((yi - a - b * ti) ** 2 for ti, yi in zip(t, y))
    s = math.sqrt(res / (n - 2)) if n > 2 else 0.0
    se_b = s / math.sqrt(sxx)
    tn = t[-1]
    yt = a + b * tn
    se_y = s * math.sqrt(1 / n + (tn - tm) ** 2 / sxx)
    q = float(student.ppf(0.5 + confidence / 2, n - 2))
    d = direction
    # toward the threshold: d * slope > 0
    b_fast, b_slow = (b - q * se_b, b + q * se_b) if d < 0 else (b + q * se_b, b - q * se_b)
    y_near, y_far = (yt - q * se_y, yt + q * se_y) if d < 0 else (yt + q * se_y, yt - q * se_y)
    significant = d * b_slow > 0

    def cross(y0, slope):
        gap = thr - y0  # d * gap > 0: the threshold is still ahead
        if d * gap <= 0:
            return tn  # already at/over the threshold
        if d * slope <= 0:
            return math.inf
        return tn + gap / slope

    est = cross(yt, b)
    return {"slope": b, "se_slope": se_b, "level": yt, "significant": significant, "crossing": est,
            "interval": [cross(y_near, b_fast), cross(y_far, b_slow)], "n": n}


def warnings_for(days: List[float], series: Dict[str, List[Optional[float]]], thresholds: Dict[str, float], *,
                 fit_days: float, horizon_days: float, confidence: float, persistence: int = 1,
                 min_samples: int = 6) -> Tuple[Optional[float], List[dict]]:
    """Runs the predictor at every sample. series: obs -> values (None: no point, e.g. a BER
    window without errors); thresholds: obs -> threshold (eSNR/LTP dB falling, ber log10 rising).
    Returns (warning day or None, per-sample predictions)."""
    dirs = {"esnr": -1, "ltp": -1, "ber": +1}
    run = 0
    trace = []
    for j, tj in enumerate(days):
        hit = {}
        for obs, vals in series.items():
            if obs not in thresholds:
                continue
            pts = [(days[i], vals[i]) for i in range(j + 1) if days[i] > tj - fit_days and vals[i] is not None]
            if len(pts) < min_samples:
                continue
            p = predict([x for x, _ in pts], [v for _, v in pts], thresholds[obs], dirs[obs], confidence=confidence)
            if p and p["significant"] and p["interval"][0] <= tj + horizon_days:
                hit[obs] = p
        trace.append({"day": tj, "warn": sorted(hit), "predictions": {k: {"crossing": v["crossing"],
                      "interval": v["interval"]} for k, v in hit.items()}})
        run = run + 1 if hit else 0
        if run >= persistence:
            return days[j - persistence + 1], trace
    return None, trace


# ---- the fleet --------------------------------------------------------------------------

def _draw(rng, spec, path, where):
    from .autolink import _draw as d
    return d(rng, spec, path, where)


def fleet_links(doc: dict, n: int, seed: int) -> List[dict]:
    """n links' ageing parameters drawn from the study's fleet section (reproducible in seed)."""
    import numpy as np
    where = doc["_file"]
    fl = doc.get("fleet") or {}
    rng = np.random.default_rng(seed)
    weeks = float(doc.get("weeks", 26))
    out = []
    for i in range(n):
        ageing = bool(rng.uniform() < float(fl.get("ageing_fraction", 0.5)))
        steps = []
        rate = float(fl.get("connector_steps_per_week", 0.0))
        tt = 0.0
        while rate > 0:
            tt += float(rng.exponential(1 / rate))
            if tt >= weeks:
                break
            steps.append([tt * 7, float(_draw(rng, fl.get("connector_step_db", {"uniform": [0.5, 2.0]}),
                                              "fleet.connector_step_db", where))])
        out.append({"index": i, "ageing": ageing,
                    "laser_start_dbm": _draw(rng, fl.get("laser_start_dbm", -2.0), "fleet.laser_start_dbm", where),
                    "laser_decline_db_per_week": _draw(rng, fl.get("laser_decline_db_per_week", 0.3),
                                                       "fleet.laser_decline_db_per_week", where) if ageing else 0.0,
                    "er_start_db": _draw(rng, fl.get("er_start_db", 20.0), "fleet.er_start_db", where),
                    "er_decline_db_per_week": _draw(rng, fl.get("er_decline_db_per_week", 0.3),
                                                    "fleet.er_decline_db_per_week", where) if ageing else 0.0,
                    "temperature_phase": float(rng.uniform(0, 2 * math.pi)),
                    "connector_steps": steps, "seed": int(rng.integers(1, 2 ** 31))})
    return out


def condition(doc: dict, link: dict, day: float, rng) -> dict:
    """Laser power (dBm), extinction floor (dB) and temperature (C) of a link on a day."""
    fl = doc.get("fleet") or {}
    tc = fl.get("temperature", {})
    temp = float(tc.get("mean_c", 40)) + float(tc.get("amplitude_c", 15)) * math.sin(
        2 * math.pi * day / float(tc.get("period_days", 7)) + link["temperature_phase"]) + float(rng.normal(0, float(tc.get("noise_c", 3))))
    steps = sum(s for d, s in link["connector_steps"] if d <= day)
    lp = (link["laser_start_dbm"] - link["laser_decline_db_per_week"] * day / 7
          + float(fl.get("laser_tc_db_per_c", -0.02)) * (temp - 25) - steps)
    er = max(1.0, link["er_start_db"] - link["er_decline_db_per_week"] * day / 7)
    return {"laser_power_dbm": min(20.0, max(-20.0, lp)), "extinction_ratio_db": er,
            "temperature_c": min(125.0, max(-40.0, temp)), "connector_loss_db": steps}


def _vdm_window(base: dict, base_dir: str, cond: dict, window_symbols: int, training: int, seed: int) -> dict:
    from . import monitor
    cfg = copy.deepcopy(base)
    cfg.setdefault("monitor", {}).pop("drift", None)
    o = cfg["optical"]
    o["laser_power_dbm"] = cond["laser_power_dbm"]
    o["extinction_ratio_db"] = cond["extinction_ratio_db"]
    o["temperature_c"] = cond["temperature_c"]
    cfg["rx"].setdefault("adapt", {})["training_symbols"] = training
    r = monitor.run(cfg, windows=1, window_symbols=window_symbols, seed=seed, base_dir=base_dir)
    s = r["samples"][0]
    act = s.get("active", {}).get("ber_cur", "")
    return {"esnr_db": s["esnr_db"] if s["levels_valid"] else None, "ltp_db": s["ltp_db"] if s["levels_valid"] else None,
            "ber_cur": s["ber_cur"], "bit_errors": s["bit_errors"], "bits": s["bits"], "alarm": "high_alarm" in act,
            "warn_flag": "high_warning" in act}


def fleet_task(item: dict) -> dict:
    """One link's VDM time series (runs on a worker)."""
    import numpy as np
    doc, link = item["doc"], item["link"]
    rng = np.random.default_rng(link["seed"])
    days = item["days"]
    samples = []
    for k, d in enumerate(days):
        c = condition(doc, link, d, rng)
        w = _vdm_window(item["base"], item["base_dir"], c, item["window_symbols"], item["training"], link["seed"] + k)
        samples.append({"day": d, **c, **w})
    return {"link": link, "samples": samples}


def calibrate(base: dict, base_dir: str, window_symbols: int, training: int, thr: float, ladder: List[float]) -> dict:
    """eSNR and LTP at the pre-FEC threshold on the nominal link: laser-power ladder, log10 BER
    interpolated linearly against the observable between the two samples around thr."""
    pts = []
    for k, lp in enumerate(ladder):
        w = _vdm_window(base, base_dir, {"laser_power_dbm": lp, "extinction_ratio_db": base["optical"].get("extinction_ratio_db", 25),
                                         "temperature_c": 25.0}, window_symbols, training, 1000 + k)
        if w["esnr_db"] is not None and w["bit_errors"] > 0:
            pts.append((w["esnr_db"], w["ltp_db"], math.log10(w["ber_cur"])))
    out = {"points": pts}
    lt = math.log10(thr)
    for i, name in ((0, "esnr_db"), (1, "ltp_db")):
        srt = sorted(pts, key=lambda p: p[i])
        for lo, hi in zip(srt, srt[1:]):
            if (lo[2] - lt) * (hi[2] - lt) <= 0 and lo[2] != hi[2]:
                out[name] = lo[i] + (lt - lo[2]) * (hi[i] - lo[i]) / (hi[2] - lo[2])
                break
    if "esnr_db" not in out or "ltp_db" not in out:
        raise RuntimeError(f"haloeye calibration: the ladder {ladder} dBm does not cross the BER threshold {thr:g}")
    return out


def analyse(rows: List[dict], thresholds: Dict[str, float], pr: dict) -> dict:
    """Warnings, alarms, lead times and false warnings over the fleet."""
    links = []
    for r in rows:
        s = r["samples"]
        days = [x["day"] for x in s]
        series = {"esnr": [x["esnr_db"] for x in s], "ltp": [x["ltp_db"] for x in s],
                  "ber": [math.log10(x["ber_cur"]) if x["bit_errors"] > 0 else None for x in s]}
        alarm = next((x["day"] for x in s if x["alarm"]), None)
        # the predictor sees only samples before the alarm
        cut = len(s) if alarm is None else days.index(alarm)
        warn, _ = warnings_for(days[:cut], {k: v[:cut] for k, v in series.items()}, thresholds,
                               fit_days=pr["fit_days"], horizon_days=pr["horizon_days"], confidence=pr["confidence"],
                               persistence=pr["persistence"], min_samples=pr["min_samples"])
        step_before_alarm = alarm is not None and any(alarm - pr["sample_days"] < d <= alarm for d, _ in r["link"]["connector_steps"])
        false = warn is not None and alarm is None
        links.append({"index": r["link"]["index"], "ageing": r["link"]["ageing"], "alarm_day": alarm, "warning_day": warn,
                      "lead_days": (alarm - warn) if (alarm is not None and warn is not None) else (0.0 if alarm is not None else None),
                      "alarm_cause": None if alarm is None else ("connector step" if step_before_alarm else "gradual"),
                      "false_warning": false,
                      "premature": warn is not None and alarm is not None and alarm > warn + pr["horizon_days"]})
    return {"links": links}


def summary(an: dict, weeks: float, conf: float = 0.95) -> dict:
    from .autolink import clopper_pearson
    L = an["links"]
    alarmed = [x for x in L if x["alarm_day"] is not None]
    gradual = [x for x in alarmed if x["alarm_cause"] == "gradual"]
    leads = sorted(x["lead_days"] for x in gradual)
    healthy = [x for x in L if not x["ageing"]]
    fw = sum(1 for x in healthy if x["warning_day"] is not None)
    unconfirmed = sum(1 for x in L if x["ageing"] and x["false_warning"])
    warned_1w = sum(1 for x in gradual if x["lead_days"] >= 7)
    med = leads[len(leads) // 2] if leads else None
    fw_ci = clopper_pearson(fw, len(healthy), conf) if healthy else (0.0, 1.0)
    w1_ci = clopper_pearson(warned_1w, len(gradual), conf) if gradual else (0.0, 1.0)
    if med is not None and med >= 14 and fw_ci[1] <= 0.1:
        v = "holds"
    elif med is None or med < 14 or fw_ci[0] > 0.1:
        v = "does not hold"
    else:
        v = "not determined"
    return {"links": len(L), "alarmed": len(alarmed), "alarmed_gradual": len(gradual),
            "alarmed_step": len(alarmed) - len(gradual), "median_lead_days": med,
            "lead_days": leads, "min_lead_days": leads[0] if leads else None,
            "warned_1_week_ahead": warned_1w, "warned_1_week_ahead_ci": list(w1_ci),
            "healthy_links": len(healthy), "false_warnings": fw,
            "false_warning_rate": fw / len(healthy) if healthy else float("nan"), "false_warning_ci": list(fw_ci),
            "false_warnings_per_link_year": fw / (len(healthy) * weeks / 52.18) if healthy else float("nan"),
            "unconfirmed_warnings": unconfirmed, "premature_warnings": sum(1 for x in L if x["premature"]),
            "verdict": v,
            "criterion": "holds when the median lead of the gradual alarms is >= 14 days and the false-warning "
                         "rate of the non-ageing links is <= 10 % at the upper end of its 95 % interval; does not "
                         "hold when the median lead is < 14 days or the rate's lower end is > 10 %; connector "
                         "steps come without warning"}


def run_fleet(doc: dict, out: Path, *, links: Optional[int] = None, serial: bool = False, workers: Optional[int] = None,
              scheduler: Optional[str] = None, progress: bool = True, plots: bool = True, client=None) -> dict:
    """`halolink study haloeye_fleet.yaml`: calibration, the fleet's VDM series on Dask, the
    predictor, lead times and false warnings. Writes OUT/haloeye.json, haloeye.md, haloeye.png."""
    from ._tasks import run_tasks, task_key
    from .autolink import _num, _write_json, read_base
    where = doc["_file"]
    base, bp = read_base(doc, "optical monitor", "optical")
    for k, v in (doc.get("set") or {}).items():
        d = base
        ks = k.split(".")
        for kk in ks[:-1]:
            d = d.setdefault(kk, {})
        d[ks[-1]] = v
    n = links or int(doc.get("links", 24))
    weeks = _num(doc.get("weeks", 26), "weeks", where, 1, 520)
    sd = _num(doc.get("sample_days", 2), "sample_days", where, 0.01, 365)
    ws = int(_num(doc.get("window_symbols", 32768), "window_symbols", where, 1000, 16777216))
    tr = int(_num(doc.get("training_symbols", 20000), "training_symbols", where, 1000, 1e8))
    pr_doc = doc.get("predictor") or {}
    pr = {"fit_days": _num(pr_doc.get("fit_days", 42), "predictor.fit_days", where, 1),
          "horizon_days": _num(pr_doc.get("horizon_days", 28), "predictor.horizon_days", where, 0),
          "confidence": _num(pr_doc.get("confidence", 0.9), "predictor.confidence", where, 0.5, 0.9999),
          "persistence": int(_num(pr_doc.get("persistence", 2), "predictor.persistence", where, 1, 100)),
          "min_samples": int(_num(pr_doc.get("min_samples", 8), "predictor.min_samples", where, 4, 1000)),
          "sample_days": sd}
    thr = float((((base.get("monitor") or {}).get("thresholds") or {}).get("ber_cur") or {}).get("hi_alarm", 2.4e-4))
    ladder = [float(x) for x in doc.get("calibration_ladder_dbm", [-4, -5, -6, -6.5, -7, -7.5, -8, -9])]
    cal = calibrate(base, str(bp.parent), max(ws, 131072), tr, thr, ladder)
    thresholds = {"esnr": cal["esnr_db"], "ltp": cal["ltp_db"], "ber": math.log10(thr)}
    days = [k * sd for k in range(int(weeks * 7 / sd) + 1)]
    seed = int(doc.get("seed", 1))
    fleet = fleet_links(doc, n, seed)
    plain = {k: v for k, v in doc.items() if not k.startswith("_")} | {"_file": where}
    items = [{"doc": plain, "link": lk, "base": base, "base_dir": str(bp.parent), "days": days, "window_symbols": ws,
              "training": tr} for lk in fleet]
    key = task_key("haloeye", plain, base, ws, tr, days)
    rows = run_tasks(fleet_task, items, out, key=key, client=client, scheduler=scheduler, workers=workers,
                     serial=serial, progress=progress, desc="haloeye", cluster=doc.get("cluster"))
    an = analyse(rows, thresholds, pr)
    res = {"name": doc.get("name", "haloeye"), "links": n, "weeks": weeks, "sample_days": sd, "window_symbols": ws,
           "ber_alarm": thr, "calibration": cal, "thresholds": thresholds, "predictor": pr,
           "summary": summary(an, weeks), "per_link": an["links"], "series": rows}
    out.mkdir(parents=True, exist_ok=True)
    _write_json(out / "haloeye.json", res)
    (out / "haloeye.md").write_text(report(res) + "\n")
    if plots:
        plot(res, out / "haloeye.png")
    return res


def report(res: dict) -> str:
    s = res["summary"]
    p = res["predictor"]
    lines = [f"# HaloEye fleet: {res['name']}", "",
             f"{s['links']} links over {res['weeks']:g} weeks, one VDM window ({res['window_symbols']} symbols) every "
             f"{res['sample_days']:g} days; pre-FEC alarm: VDM ber_cur > {res['ber_alarm']:g}. Predictor: last "
             f"{p['fit_days']:g} days, {p['confidence'] * 100:g} % bounds, horizon {p['horizon_days']:g} days, "
             f"{p['persistence']} consecutive samples; calibrated thresholds eSNR {res['thresholds']['esnr']:.2f} dB, "
             f"LTP {res['thresholds']['ltp']:.2f} dB.", "",
             "| quantity | value |", "|---|---|",
             f"| links with a pre-FEC alarm | {s['alarmed']} ({s['alarmed_gradual']} gradual, {s['alarmed_step']} after a connector step) |",
             f"| lead time, gradual alarms (days) | median {s['median_lead_days']}, min {s['min_lead_days']}, all {s['lead_days']} |",
             f"| gradual alarms warned >= 7 days ahead | {s['warned_1_week_ahead']} / {s['alarmed_gradual']} "
             f"(95 % CI {s['warned_1_week_ahead_ci'][0] * 100:.0f} .. {s['warned_1_week_ahead_ci'][1] * 100:.0f} %) |",
             f"| false warnings (non-ageing links that warned) | {s['false_warnings']} / {s['healthy_links']} "
             f"({s['false_warning_rate'] * 100:.1f} %, 95 % CI {s['false_warning_ci'][0] * 100:.1f} .. "
             f"{s['false_warning_ci'][1] * 100:.1f} %; {s['false_warnings_per_link_year']:.2f} per link-year) |",
             f"| ageing links that warned without an alarm in the observation | {s['unconfirmed_warnings']} |",
             f"| warnings earlier than the horizon before the alarm (premature) | {s['premature_warnings']} |", "",
             f"Verdict on \"warns of degradation weeks in advance\": **{s['verdict']}** ({s['criterion']})."]
    return "\n".join(lines)


def plot(res: dict, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.5))
    per = {x["index"]: x for x in res["per_link"]}
    shown = 0
    for r in res["series"]:
        x = per[r["link"]["index"]]
        if shown >= 8 and x["alarm_day"] is None:
            continue
        shown += 1
        d = [s["day"] / 7 for s in r["samples"]]
        line, = a1.plot(d, [s["esnr_db"] if s["esnr_db"] is not None else float("nan") for s in r["samples"]], lw=0.8)
        if x["warning_day"] is not None:
            a1.plot([x["warning_day"] / 7], [next(s["esnr_db"] for s in r["samples"] if s["day"] == x["warning_day"])],
                    "v", color=line.get_color())
        if x["alarm_day"] is not None:
            a1.plot([x["alarm_day"] / 7], [next(s["esnr_db"] for s in r["samples"] if s["day"] == x["alarm_day"])],
                    "x", color="r")
    a1.axhline(res["thresholds"]["esnr"], color="r", ls="--", lw=0.8, label="eSNR at the BER alarm")
    a1.set_xlabel("weeks")
    a1.set_ylabel("VDM eSNR (dB)")
    a1.set_title("VDM eSNR (v: predictive warning, x: pre-FEC alarm)")
    a1.legend(fontsize=8)
    a1.grid(alpha=0.3)
    s = res["summary"]
    if s["lead_days"]:
        a2.hist([v / 7 for v in s["lead_days"]], bins=12)
    a2.set_xlabel("lead time before the pre-FEC alarm (weeks)")
    a2.set_ylabel("links (gradual alarms)")
    a2.set_title(f"median {s['median_lead_days']} days; false warnings {s['false_warnings']}/{s['healthy_links']} non-ageing links")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)

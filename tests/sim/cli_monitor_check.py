#!/usr/bin/env python3
"""`halolink monitor` checks (label sim): the time series of a drifting link is physically
consistent and the VDM alarms fire exactly where the window values cross the thresholds.

1. sim/configs/monitor_temp_ramp.yaml (optical DR link, -40 -> 85 C, MZM bias drift), shortened
   to 12 windows of 60000 symbols: JSON schema; every window's pre-FEC BER / errored-frame ratio
   equals the window's counted errors (F16, half a mantissa LSB); BER rises with the temperature
   (Spearman rank correlation > 0.8, last third >= 10x the first third) and LTP falls; at least
   one warning fires; each window's active flags equal an independent evaluation of the
   thresholds (with hysteresis) on the window values, latched flags are the running OR, and the
   events list is exactly the flag edges; monitor.json and monitor.png are written.
2. The 802.3ck C2M electrical link with an RX-noise ramp 6 -> 14 mV (window centres 6.7 ->
   13.3 mV): eSNR falls by at most 20 log10(13.3/6.7) = 6 dB (less, as ADC and TX noise and
   residual ISI do not grow; 4.8 dB measured, > 3.5 dB required) and never rises by more than
   0.3 dB from one window to the next.
3. Config errors exit with code 2 and name the field.
"""
import json
import math
import os
import subprocess
import sys
import tempfile

import yaml

exe, root = sys.argv[1], os.path.abspath(sys.argv[2])
ok = True


def check(cond, what):
    global ok
    print(("ok   " if cond else "FAIL ") + what)
    ok &= bool(cond)


def f16_tol(x):
    # half an LSB of the normalised F16 mantissa (m in [205, 2047]) plus rounding slack
    return 0 if x == 0 else x / 205 * 0.5 * 1.0001


def ranks(v):
    order = sorted(range(len(v)), key=lambda i: v[i])
    r = [0.0] * len(v)
    for k, i in enumerate(order):
        r[i] = k
    return r


def spearman(a, b):
    ra, rb = ranks(a), ranks(b)
    n = len(a)
    ma, mb = sum(ra) / n, sum(rb) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    va = math.sqrt(sum((x - ma) ** 2 for x in ra))
    vb = math.sqrt(sum((y - mb) ** 2 for y in rb))
    return cov / (va * vb)


FLAGS = ("high_alarm", "low_alarm", "high_warning", "low_warning")
KEYS = {"high_alarm": "hi_alarm", "low_alarm": "lo_alarm", "high_warning": "hi_warn", "low_warning": "lo_warn"}


def value_of(s, obs):
    return s[obs + "_db"] if obs in ("esnr", "ltp") else s[obs]


def expected_flags(samples, th):
    """Independent evaluation of the CMIS threshold rules (docs/monitors.md) on the JSON values."""
    out = []
    prev = {o: set() for o in th}
    for s in samples:
        act = {}
        for obs, t in th.items():
            v = value_of(s, obs)
            cur = set()
            if v is not None and not (obs == "ber_cur" and s["bits"] == 0):
                h = t["hysteresis"]
                for f in FLAGS:
                    thr = t[KEYS[f]]
                    was = f in prev[obs]
                    if f.startswith("high"):
                        on = v > thr * (1 + 1e-9) or (was and h > 0 and v > thr - h + 1e-9)
                    else:
                        on = v < thr * (1 - 1e-9) or (was and h > 0 and v < thr + h - 1e-9)
                    if on:
                        cur.add(f)
            prev[obs] = cur
            if cur:
                act[obs] = cur
        out.append(act)
    return out


with tempfile.TemporaryDirectory() as d:
    # ---- 1. temperature ramp on the optical link
    cfg = os.path.join(root, "sim/configs/monitor_temp_ramp.yaml")
    r = subprocess.run([exe, "monitor", cfg, "--windows", "12", "--window-symbols", "60000", "--out", d],
                       capture_output=True, text=True)
    print(r.stderr)
    if r.returncode != 0:
        sys.exit(1)
    j = json.loads(r.stdout)
    check(json.load(open(os.path.join(d, "monitor.json"))) == j, "monitor.json equals the printed JSON")
    try:
        import matplotlib  # noqa: F401
        check(os.path.getsize(os.path.join(d, "monitor.png")) > 10000, "monitor.png written")
    except ImportError:
        print("skip monitor.png (no matplotlib)")
    s = j["samples"]
    for key in ("name", "symbol_rate_gbd", "windows", "window_symbols", "window_us", "drift", "thresholds",
                "samples", "events", "time_domain"):
        check(key in j, "top-level key " + key)
    check(len(s) == 12 and j["drift"]["temperature_c"] == [-40, 85], "12 windows, ramp -40..85 C")
    wkeys = ("window", "t_start_us", "t_end_us", "temperature_c", "symbols", "bits", "bit_errors", "frames",
             "errored_frames", "esnr_db", "ltp_db", "ber_cur", "ber_min", "ber_max", "ber_avg", "ferc_cur",
             "ferc_min", "ferc_max", "ferc_avg", "fec_tail", "fec_hist", "raw", "active", "latched")
    check(all(all(k in w for k in wkeys) for w in s), "every window has the schema's fields")
    check(all(w["symbols"] == 60000 and w["bits"] == 120000 for w in s), "60000 symbols (120000 bits) per window")
    check(all(abs(w["ber_cur"] - w["bit_errors"] / w["bits"]) <= f16_tol(w["ber_cur"]) + 1e-12 for w in s),
          "ber_cur = counted bit errors / bits (F16)")
    check(all(w["frames"] == 0 or abs(w["ferc_cur"] - w["errored_frames"] / w["frames"]) <= f16_tol(w["ferc_cur"]) + 1e-12
              for w in s), "ferc_cur = uncorrectable / codewords (F16)")
    check(all(sum(w["fec_hist"]) == w["frames"] and w["fec_hist"][16] == w["errored_frames"] for w in s),
          "FEC histogram sums to the codewords; bin 16 = uncorrectable")
    tot_e = sum(w["bit_errors"] for w in s)
    tot_b = sum(w["bits"] for w in s)
    check(abs(s[-1]["ber_avg"] - tot_e / tot_b) <= f16_tol(s[-1]["ber_avg"]) + 1e-12, "ber_avg = all errors / all bits")
    check(abs(s[-1]["ber_max"] - max(w["ber_cur"] for w in s)) <= 1e-15, "ber_max = max of the window values")
    temps = [w["temperature_c"] for w in s]
    ber = [w["ber_cur"] for w in s]
    rho = spearman(temps, ber)
    first, last = sum(ber[:4]) / 4, sum(ber[-4:]) / 4
    print("temperature:", ["%.0f" % t for t in temps])
    print("BER:", ["%.2e" % b for b in ber])
    print("LTP dB:", ["%.2f" % w["ltp_db"] for w in s])
    check(rho > 0.8, "BER rank-correlates with the temperature (rho = %.2f)" % rho)
    check(last >= 10 * max(first, 1e-7), "BER of the last third >= 10x the first third (%.2e vs %.2e)" % (last, first))
    check(s[-1]["ltp_db"] < s[0]["ltp_db"] - 3 and spearman(temps, [w["ltp_db"] for w in s]) < -0.8,
          "LTP falls with the temperature")
    th = j["thresholds"]
    exp = expected_flags(s, th)
    got = [{o: set(f.split(",")) for o, f in w["active"].items()} for w in s]
    for i, (e, g) in enumerate(zip(exp, got)):
        if e != g:
            print("window", i, "expected", e, "got", g)
    check(exp == got, "active flags = independent threshold evaluation in every window")
    running = {}
    lat_ok = True
    for w, g in zip(s, got):
        for o, f in g.items():
            running.setdefault(o, set()).update(f)
        lat_ok &= {o: set(f.split(",")) for o, f in w["latched"].items()} == running
    check(lat_ok, "latched flags = running OR of the active flags (no host read)")
    edges = []
    prev = {}
    for i, g in enumerate(got):
        for o in sorted(set(g) | set(prev)):
            for f in FLAGS:
                a, b = f in prev.get(o, set()), f in g.get(o, set())
                if a != b:
                    edges.append((i, o, f, "set" if b else "clear"))
        prev = g
    ev = sorted((e["window"], e["observable"], e["flag"], e["edge"]) for e in j["events"])
    check(ev == sorted(edges), "events = flag edges")
    check(any(e["flag"].endswith("warning") and e["edge"] == "set" for e in j["events"]), "at least one warning fired")

    # ---- 2. RX-noise ramp on the electrical C2M link
    c2m = yaml.safe_load(open(os.path.join(root, "sim/configs/c2m_53g.yaml")))
    c2m["channel"][0]["file"] = os.path.join(root, "sim/data/channels/C2M__Z100_IL14_WC_BOR_H_L_H_THRU.s4p")
    c2m["rx"]["adapt"]["training_symbols"] = 150000
    c2m["monitor"] = {"windows": 6, "window_symbols": 40000, "drift": {"rx_noise_mv": [6, 14]}}
    p = os.path.join(d, "noise.yaml")
    yaml.safe_dump(c2m, open(p, "w"))
    r = subprocess.run([exe, "monitor", p, "--no-plots", "--out", d], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stderr)
        sys.exit(1)
    s = json.loads(r.stdout)["samples"]
    es = [w["esnr_db"] for w in s]
    print("RX noise mV:", [w["rx_noise_mv"] for w in s])
    print("eSNR dB:", ["%.2f" % e for e in es])
    check(6.1 > es[0] - es[-1] > 3.5, "eSNR falls by 3.5..6.1 dB over the noise ramp (%.2f dB)" % (es[0] - es[-1]))
    check(all(b < a + 0.3 for a, b in zip(es, es[1:])), "eSNR never rises by more than 0.3 dB between windows")

    # ---- 3. config errors name the field
    def bad(text, expect):
        q = os.path.join(d, "bad.yaml")
        base = open(cfg).read().split("monitor:")[0]
        open(q, "w").write(base + text)
        r = subprocess.run([exe, "monitor", q, "--no-plots", "--out", d], capture_output=True, text=True)
        check(r.returncode == 2 and expect in r.stderr, "bad config -> exit 2 naming %s (%s)" % (expect, r.stderr.strip()))

    bad("monitor:\n  thresholds:\n    esnr: {lo_wrn: 3}\n", "monitor.thresholds.esnr.lo_wrn")
    bad("monitor:\n  thresholds:\n    ber_cur: {hi_warn: 1e-3, hi_alarm: 1e-4}\n", "monitor.thresholds.ber_cur.hi_warn")
    bad("monitor:\n  drift: {temperature_c: [-40]}\n", "monitor.drift.temperature_c")
    bad("monitor:\n  windows: 0\n", "monitor.windows")
    bad("monitor:\n  thresholds:\n    ber_cur: {hi_alarm: 1e-3, hysteresis: 1e-4}\n", "monitor.thresholds.ber_cur.hysteresis")
    q = os.path.join(d, "elec.yaml")
    c2m["monitor"] = {"drift": {"temperature_c": [0, 50]}}
    yaml.safe_dump(c2m, open(q, "w"))
    r = subprocess.run([exe, "monitor", q, "--no-plots", "--out", d], capture_output=True, text=True)
    check(r.returncode == 2 and "monitor.drift.temperature_c: expected an optical link" in r.stderr,
          "temperature ramp on an electrical link -> names the field")
sys.exit(0 if ok else 1)

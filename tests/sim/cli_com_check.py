#!/usr/bin/env python3
"""`halolink com` checks (label sim), on a reduced equalizer grid to stay fast:

1. the C2M THRU (with its FEXT1/NEXT1 siblings) through a COM config: exit 0, com.json has COM,
   its terms and the equalizer; COM = 20 log10(A_s / A_ni) from the JSON's own terms; the pulse
   responses are there (victim + 2 aggressors) with the cursor at the victim's reported sample;
   --plots writes com_pulse.png and com_budget.png (when matplotlib is installed);
2. --no-xtalk (the THRU alone) gives a higher COM than with its aggressors;
3. errors exit with 2 and say what is wrong: missing channel file, out-of-range parameter
   (file, line, key path), unknown preset (lists the known ones), --plots without --out, and an
   --out that would overwrite an input.
"""
import json
import math
import os
import subprocess
import sys
import tempfile

exe, root = sys.argv[1], os.path.abspath(sys.argv[2])
ch = os.path.join(root, "sim/data/channels")
ok = True


def check(cond, what):
    global ok
    print(("ok   " if cond else "FAIL ") + what)
    ok &= bool(cond)


def run(*args):
    return subprocess.run([exe, "com", *args], capture_output=True, text=True, timeout=600)


GRID = """parameters:
  ctle: {g_dc_db: [-2, -4, -6, -8], g_dc2_db: [0, -2, -4]}
  tx_ffe: {step: [0.06, 0.06, 0.068, 0.1]}
"""

with tempfile.TemporaryDirectory() as d:
    cfg = os.path.join(d, "c.yaml")
    with open(cfg, "w") as f:
        f.write("preset: ieee8023ck_c2c\n" + GRID + f"""channel:
  thru: {{file: {ch}/C2M__Z100_IL14_WC_BOR_H_L_H_THRU.s4p}}
  fext: [{{file: {ch}/C2M__Z100_IL14_WC_BOR_H_L_H_FEXT1.s4p}}]
  next: [{{file: {ch}/C2M__Z100_IL14_WC_BOR_H_L_H_NEXT1.s4p}}]
""")
    out = os.path.join(d, "out")
    r = run(cfg, "--out", out, "--plots")
    check(r.returncode == 0, f"config run exits 0 ({r.stderr.strip()[-200:]})")
    j = json.load(open(os.path.join(out, "com.json")))
    t = j["terms"]
    check(abs(j["com_db"] - 20 * math.log10(t["available_signal_v"] / t["noise_interference_v"])) < 1e-9,
          f"COM {j['com_db']:.3f} dB = 20 log10(A_s / A_ni) of its own terms")
    check(f"COM {j['com_db']:.2f} dB" in r.stdout, "printed COM equals the JSON's")
    check(len(j["pulses"]["responses"]) == 3, "victim and two aggressor pulse responses")
    pv = j["pulses"]["responses"][0]["v"]
    cur = j["pulses"]["cursor_sample"]
    check(abs(0.95 * pv[cur] / 3 - t["available_signal_v"]) < 1e-12, "A_s = R_LM p(cursor) / (L - 1)")
    check(len(j["equalizer"]["dfe"]) == 12 and len(j["equalizer"]["tx_ffe"]) == 5, "12 DFE taps, 5 TX FFE taps")
    check(j["source"].find("120F") >= 0, "the preset's source cites Annex 120F")
    try:
        import matplotlib  # noqa: F401
        check(all(os.path.getsize(os.path.join(out, p)) > 10000 for p in ("com_pulse.png", "com_budget.png")),
              "plots written")
    except ImportError:
        print("skip plots (no matplotlib)")

    alone = os.path.join(d, "alone.yaml")
    with open(alone, "w") as f:
        f.write("preset: ieee8023ck_c2c\n" + GRID + f"channel:\n  thru: {{file: {ch}/C2M__Z100_IL14_WC_BOR_H_L_H_THRU.s4p}}\n")
    out2 = os.path.join(d, "out2")
    r2 = run(alone, "--out", out2)
    j2 = json.load(open(os.path.join(out2, "com.json")))
    check(r2.returncode == 0 and j2["com_db"] > j["com_db"] + 0.05,
          f"without crosstalk COM is higher ({j2['com_db']:.2f} > {j['com_db']:.2f} dB)")

    r = run(os.path.join(d, "missing_THRU.s4p"))
    check(r.returncode == 2 and "missing_THRU.s4p" in r.stderr, "missing channel file: exit 2 naming it")
    bad = os.path.join(d, "bad.yaml")
    with open(bad, "w") as f:
        f.write("preset: ieee8023ck_kr\nparameters:\n  der0: 3\n")
    r = run(bad)
    check(r.returncode == 2 and "bad.yaml:3: parameters.der0" in r.stderr, f"out-of-range der0: exit 2 with file:line: key ({r.stderr.strip()})")
    r = run(os.path.join(ch, "CA_19p75dB_thru.s4p"), "--preset", "nosuch")
    check(r.returncode == 2 and "ieee8023ck_kr" in r.stderr, "unknown preset: exit 2 listing the presets")
    r = run(os.path.join(ch, "CA_19p75dB_thru.s4p"), "--plots")
    check(r.returncode == 2 and "--out" in r.stderr, "--plots without --out: exit 2")
    trap = os.path.join(d, "trap")
    os.makedirs(trap)
    victim = os.path.join(trap, "com.json")
    with open(victim, "w") as f:
        f.write("preset: ieee8023ck_kr\n")
    r = run(victim, "--out", trap)
    check(r.returncode == 2 and open(victim).read() == "preset: ieee8023ck_kr\n", "--out over the input: exit 2, input untouched")

print("all ok" if ok else "FAILED")
sys.exit(0 if ok else 1)

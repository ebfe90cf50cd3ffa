#!/usr/bin/env python3
"""`halolink sim` command checks: a statistical noise sweep on the real C2M channel (BER must
rise monotonically with the noise and the JSON must carry the eye and bathtubs), and bad
input (an invalid YAML field must fail with exit code 2 naming the field, a typo'd key with
FILE:LINE: key.path and the closest known key); --help lists the config sections."""
import json
import os
import subprocess
import sys
import tempfile

exe, root = sys.argv[1], sys.argv[2]
ok = True
with tempfile.TemporaryDirectory() as d:
    cfg = os.path.join(root, "sim/configs/c2m_noise_sweep.yaml")
    r = subprocess.run([exe, "sim", cfg, "--statistical", "--out", d], capture_output=True, text=True)
    if r.returncode != 0:
        print("sweep failed:", r.stderr)
        sys.exit(1)
    res = json.load(open(os.path.join(d, "results.json")))
    noise = [x["sweep"]["value"] for x in res]
    ber = [x["statistical"]["ber"] for x in res]
    print("noise (mV):", noise)
    print("BER:", ["%.3e" % b for b in ber])
    ok &= len(res) == 7 and all(b2 > b1 for b1, b2 in zip(ber, ber[1:]))
    ok &= all(len(x["statistical"]["bathtub"]["ser"]) == 33 and x["statistical"]["eye"]["log10_pdf"] for x in res)
    ok &= abs(res[0]["channel"]["sdd21_nyquist_db"][0] + 13.958) < 0.01
    bad = os.path.join(d, "bad.yaml")
    open(bad, "w").write("rx: {ffe: {taps: 16, pre: 40}}\n")
    r = subprocess.run([exe, "sim", bad, "--statistical", "--out", d], capture_output=True, text=True)
    print("invalid YAML ->", r.returncode, r.stderr.strip())
    ok &= r.returncode == 2 and "rx.ffe.pre: expected pre < taps (16)" in r.stderr
    # one error shape from the command: FILE:LINE: key.path: unknown key; did you mean ...
    open(bad, "w").write("channel: []\nrx:\n  noize_rms_mv: 3\n")
    r = subprocess.run([exe, "sim", bad, "--statistical", "--out", d], capture_output=True, text=True)
    print("typo ->", r.returncode, r.stderr.strip())
    ok &= r.returncode == 2 and bad + ":3: rx.noize_rms_mv: unknown key; did you mean `noise_rms_mv`?" in r.stderr
    # --help lists the config sections (docs/config.md has every key)
    r = subprocess.run([exe, "sim", "--help"], capture_output=True, text=True)
    ok &= r.returncode == 0 and all("\n  %s " % k in r.stdout for k in ("tx", "channel", "rx", "sweep", "optical"))
sys.exit(0 if ok else 1)

#!/usr/bin/env python3
"""Measured BER curves of the IEEE 802.3dj Clause 177 inner FEC golden model, through the CLI.

usage: inner_fec_curves.py HALOLINK OUT_DIR [--codewords N] [--seed S]

For each noise level, random 120-bit messages are encoded with `halolink fec encode --code
inner`, sent as PAM4 (Gray, levels A * {-3, -1, 1, 3}, A = 256 signal LSB) with additive white
Gaussian noise, sampled as S13.3 integers, turned into S7 LLRs as docs/inner_fec.md defines
(written here, independently of the C++ LlrCalc), and decoded with `halolink fec decode --code
inner --llr` (hard, Chase L = 2..6). Writes OUT_DIR/inner_fec_ber.csv and
OUT_DIR/inner_fec_ber.png (message-bit BER versus SNR = 10 log10(5 A^2 / sigma^2)).
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile

import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("halolink")
ap.add_argument("out")
ap.add_argument("--codewords", type=int, default=40000)
ap.add_argument("--seed", type=int, default=1)
args = ap.parse_args()
os.makedirs(args.out, exist_ok=True)
rng = np.random.default_rng(args.seed)
A = 256
DECODERS = [("hard", ["--algo", "hard"])] + [(f"chase L={l}", ["--chase-l", str(l)]) for l in range(2, 7)]


def run(cmd):
    r = subprocess.run(cmd, capture_output=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {r.stderr.decode()}")


rows = []
with tempfile.TemporaryDirectory() as d:
    n = args.codewords
    msg = rng.integers(0, 2, size=(n, 120), dtype=np.uint8)
    mp, cp = os.path.join(d, "m.bin"), os.path.join(d, "c.bin")
    msg.tofile(mp)
    run([args.halolink, "fec", "encode", "--code", "inner", "-i", mp, "-o", cp])
    cw = np.fromfile(cp, dtype=np.uint8).reshape(n, 128)
    a, b = cw[:, 0::2].astype(int), cw[:, 1::2].astype(int)
    level = np.array([0, 1, 3, 2])[2 * a + b]  # Gray 00,01,11,10 -> 0,1,2,3
    for sigma in [0.45, 0.42, 0.40, 0.38, 0.36, 0.34, 0.32, 0.30]:
        z = np.rint(((2 * level - 3) + rng.normal(0, sigma, level.shape)) * A).astype(np.int64)
        da = -1 - z
        db = np.where(z >= 0, z - 2 * A, -2 * A - 1 - z)
        llr = np.empty((n, 128), dtype=np.int8)
        llr[:, 0::2] = np.clip(da >> 3, -64, 63)
        llr[:, 1::2] = np.clip(db >> 3, -64, 63)
        lp = os.path.join(d, "l.bin")
        llr.tofile(lp)
        raw = np.mean((llr[:, :120] < 0).astype(np.uint8) != msg)
        row = {"sigma_over_A": sigma, "snr_db": 10 * np.log10(5 / sigma**2), "raw": raw}
        for name, opt in DECODERS:
            op = os.path.join(d, "o.bin")
            run([args.halolink, "fec", "decode", "--code", "inner", "--llr", lp, "-o", op,
                 "--stats", os.path.join(d, "s.json")] + opt)
            out = np.fromfile(op, dtype=np.uint8).reshape(n, 120)
            row[name] = np.mean(out != msg)
        rows.append(row)
        print(", ".join(f"{k} {v:.3e}" if isinstance(v, float) else f"{k} {v}" for k, v in row.items()), flush=True)

with open(os.path.join(args.out, "inner_fec_ber.csv"), "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

fig, ax = plt.subplots(figsize=(6.4, 4.4))
snr = [r["snr_db"] for r in rows]
for key, style in [("raw", "k--")] + [(name, "-o") for name, _ in DECODERS]:
    ys = [r[key] if r[key] > 0 else np.nan for r in rows]
    ax.semilogy(snr, ys, style, label="no inner FEC" if key == "raw" else key, ms=3)
ax.axhline(3.0e-3, color="grey", lw=0.5)
ax.set_xlabel("SNR = 10 log10(5 A^2 / sigma^2) [dB]")
ax.set_ylabel("message bit error ratio")
ax.set_title(f"Clause 177 inner FEC, AWGN PAM4 ({args.codewords} codewords per point)")
ax.grid(True, which="both", lw=0.3)
ax.legend(fontsize=8)
fig.tight_layout()
fig.savefig(os.path.join(args.out, "inner_fec_ber.png"), dpi=120)

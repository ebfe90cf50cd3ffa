#!/usr/bin/env python3
"""Measured Chase-L transfer of the IEEE 802.3dj Clause 177 inner FEC golden model, as the C++
table the statistical engine interpolates (sim/compare/chase_transfer_table.cpp).

usage: gen_chase_transfer.py HALOLINK [--out FILE] [--seed S] [--chunk N] [--max-chunks K]
                             [--min-errors E]

Channel (the statistical engine's view of the inner decoder's input, docs/compare.md "1.6T"):
PAM4 symbols x in {-1, -1/3, 1/3, 1} (Gray 00, 01, 11, 10), additive white Gaussian noise of
sigma (outer level 1) and an ideal 1-tap DFE of tap b1 whose wrong decisions leave the residual
b1 (x_{k-1} - d_{k-1}) on the next slicer input: DFE error bursts as the line has them. The
first-error probability is p_first = 1.5 Q(1 / (3 sigma)) (correct feedback); the grid is over
p_first and b1, the same two figures the statistical engine gives per segment (ser, dfe_b1).
Slicer inputs are sampled as S13.3 integers at level spacing A = 256 (outer levels +-3A) and
turned into the two S7 bit LLRs as docs/inner_fec.md defines (written here, independently of
the C++ LlrCalc), referred to the transmitted bits (positive: received bit equals the sent one;
the code is linear and the decoders depend on LLR signs and magnitudes only, so decoding the
all-zero codeword with the line's error pattern and reliabilities is decoding any codeword, as
the time-domain loop does), 64 symbols per codeword, and decoded by `halolink fec decode --code
inner --llr` with the hard decoder and Chase L = 2..6. Measured: message-symbol (pair) error
ratio at the decoder output, per decoder, with its error count. Points are sampled in chunks of
N codewords until every decoder has E output errors or K chunks were drawn.

The output is deterministic for a seed and a numpy version; the table records both, the
command line and the date.
"""
import argparse
import datetime
import math
import os
import subprocess
import sys
import tempfile

import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("halolink")
ap.add_argument("--out", default=os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sim",
                                                               "compare", "chase_transfer_table.cpp")))
ap.add_argument("--seed", type=int, default=27)
ap.add_argument("--chunk", type=int, default=50000, help="codewords per chunk")
ap.add_argument("--max-chunks", type=int, default=6)
ap.add_argument("--min-errors", type=int, default=100)
args = ap.parse_args()

A = 256
P_FIRST = [2e-2, 1e-2, 5e-3, 2e-3, 1e-3, 5e-4, 2e-4]
B1 = [0.0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75]
DECODERS = [("hard", ["--algo", "hard"])] + [(f"chase{l}", ["--chase-l", str(l)]) for l in range(2, 7)]
LEVELS = np.array([-1.0, -1 / 3, 1 / 3, 1.0])
BITS_A = np.array([0, 0, 1, 1], dtype=np.uint8)  # Gray: level index 0..3 -> bits (A, B)
BITS_B = np.array([0, 1, 1, 0], dtype=np.uint8)


def q_inv_sigma(p):
    """sigma with 1.5 Q(1 / (3 sigma)) = p (bisection)."""
    lo, hi = 1e-3, 2.0
    for _ in range(200):
        m = 0.5 * (lo + hi)
        if 0.75 * math.erfc(1 / (3 * m) / math.sqrt(2)) < p:
            lo = m
        else:
            hi = m
    return 0.5 * (lo + hi)


def slice_idx(z):
    return (z >= -2 / 3).astype(np.int64) + (z >= 0) + (z >= 2 / 3)


def draw(rng, n_sym, sigma, b1):
    """Level indices and slicer inputs (outer level 1) with DFE error propagation."""
    lv = rng.integers(0, 4, n_sym)
    z = LEVELS[lv] + rng.normal(0.0, sigma, n_sym)
    d = slice_idx(z)
    if b1 != 0:
        # propagate: only decisions after a wrong one see a residual; walk the error chains
        pending = np.flatnonzero(d != lv)
        k_done = -1
        for k in pending:
            if k <= k_done:
                continue
            j = k
            while d[j] != lv[j] and j + 1 < n_sym:
                z[j + 1] += b1 * (LEVELS[lv[j]] - LEVELS[d[j]])
                d[j + 1] = slice_idx(z[j + 1:j + 2])[0]
                j += 1
            k_done = j
    return lv, z


def referred_llrs(lv, z):
    zi = np.rint(z * 3 * A).astype(np.int64)
    da = -1 - zi
    db = np.where(zi >= 0, zi - 2 * A, -2 * A - 1 - zi)
    llr = np.empty(2 * len(zi), dtype=np.int64)
    llr[0::2] = np.clip(da >> 3, -64, 63)
    llr[1::2] = np.clip(db >> 3, -64, 63)
    sent = np.empty_like(llr)
    sent[0::2], sent[1::2] = BITS_A[lv], BITS_B[lv]
    rel = np.where(llr >= 0, llr, -1 - llr)
    err = (llr < 0).astype(np.int64) != sent
    return np.where(err, -1 - rel, rel).astype(np.int8), int(np.count_nonzero(err))


def run(cmd):
    r = subprocess.run(cmd, capture_output=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {r.stderr.decode()}")


rng = np.random.default_rng(args.seed)
rows = []  # (b1, p_first, sigma, in_sym_err_ratio, symbols, {decoder: (ser_out, errors)})
with tempfile.TemporaryDirectory() as tmp:
    lp, op = os.path.join(tmp, "l.bin"), os.path.join(tmp, "o.bin")
    for b1 in B1:
        for pf in P_FIRST:
            sigma = q_inv_sigma(pf)
            errs = {name: 0 for name, _ in DECODERS}
            in_err = n_cw = 0
            for _ in range(args.max_chunks):
                lv, z = draw(rng, 64 * args.chunk, sigma, b1)
                in_err += int(np.count_nonzero(slice_idx(z) != lv))
                llr, _ = referred_llrs(lv, z)
                llr.tofile(lp)
                for name, opt in DECODERS:
                    run([args.halolink, "fec", "decode", "--code", "inner", "--llr", lp, "-o", op, "--stats",
                         os.path.join(tmp, "s.json")] + opt)
                    out = np.fromfile(op, dtype=np.uint8).reshape(-1, 60, 2)
                    errs[name] += int(np.count_nonzero(out[:, :, 0] | out[:, :, 1]))
                n_cw += args.chunk
                if min(errs.values()) >= args.min_errors:
                    break
            n_msg = 60 * n_cw
            res = {name: (errs[name] / n_msg, errs[name]) for name, _ in DECODERS}
            rows.append((b1, pf, sigma, in_err / (64 * n_cw), n_cw, res))
            print(f"b1 {b1} p_first {pf:.0e} (sigma {sigma:.4f}): SER_in {in_err / (64 * n_cw):.3e}, {n_cw} cw; " +
                  ", ".join(f"{k} {v[0]:.3e} ({v[1]})" for k, v in res.items()), flush=True)

cmd = " ".join(["scripts/gen_chase_transfer.py", "build/halolink"] +
               [f"--{k.replace('_', '-')} {v}" for k, v in vars(args).items() if k not in ("halolink", "out")])
names = [n for n, _ in DECODERS]
lines = [
    "// GENERATED by scripts/gen_chase_transfer.py -- do not edit. Regenerate (about 15 min on one core):",
    f"//   {cmd}",
    f"// {datetime.date.today().isoformat()}, numpy {np.__version__}. Measured with the Clause 177 inner FEC golden",
    "// model (halolink fec decode --code inner --llr) on PAM4 + AWGN + ideal 1-tap DFE bursts: the",
    "// script's docstring gives the channel; chase_transfer.hpp the use.",
    '#include "chase_transfer.hpp"',
    "",
    "namespace halo::sim::detail {",
    "",
    f"const std::array<double, {len(B1)}> kChaseB1 = {{" + ", ".join(repr(b) for b in B1) + "};",
    f"const std::array<double, {len(P_FIRST)}> kChasePFirst = {{" + ", ".join(f"{p:.6g}" for p in P_FIRST) + "};",
    "// [decoder: hard, Chase L = 2..6][b1][p_first]: output message-symbol error ratio; its error count",
]
ser = ",\n    ".join("{" + ", ".join("{" + ", ".join(f"{r[5][n][0]:.6g}" for r in rows if r[0] == b) + "}" for b in B1) + "}"
                     for n in names)
cnt = ",\n    ".join("{" + ", ".join("{" + ", ".join(f"{r[5][n][1]}" for r in rows if r[0] == b) + "}" for b in B1) + "}"
                     for n in names)
dims = f"[{len(names)}][{len(B1)}][{len(P_FIRST)}]"
lines += [f"const double kChaseSerOut{dims} = {{\n    {ser}}};",
          f"const long kChaseErrors{dims} = {{\n    {cnt}}};",
          "// measured input symbol error ratio (DFE bursts included) and codewords per point, [b1][p_first]",
          f"const double kChaseSerIn[{len(B1)}][{len(P_FIRST)}] = {{\n    " +
          ",\n    ".join("{" + ", ".join(f"{r[3]:.6g}" for r in rows if r[0] == b) + "}" for b in B1) + "};",
          f"const long kChaseCodewords[{len(B1)}][{len(P_FIRST)}] = {{\n    " +
          ",\n    ".join("{" + ", ".join(f"{r[4]}" for r in rows if r[0] == b) + "}" for b in B1) + "};",
          "", "}  // namespace halo::sim::detail", ""]
with open(args.out, "w") as f:
    f.write("\n".join(lines))
print(f"wrote {args.out}")

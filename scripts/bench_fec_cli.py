#!/usr/bin/env python3
"""A/B of the `halolink fec encode|decode` CLI of two binaries, in one run (issue 25, target 1).

  bench_fec_cli.py OLD_HALOLINK NEW_HALOLINK [--codewords N] [--reps R] [--dir DIR] [--seed S]

Makes N random KP4 messages (default 100,000), encodes them with NEW (and checks OLD gives the
same bytes), injects independent bit errors at BER 2.4e-4 into a copy (numpy), then times,
file in and file out (written through the CLI's temporary file + fsync + rename):
  encode             messages -> codewords
  decode_error_free  codewords -> messages
  decode_ber_2.4e-4  received words -> messages (--stats to a file)
OLD and NEW run alternately within each repetition (both see the same host state); every run's
output is compared with the first run's. Reported per case and binary: the median and range
(lowest-highest) of the wall-clock Gb/s of information bits (514 x 10 bits per codeword), the
CPU Gb/s (user + system time of the child, which is less sensitive to other processes on a
shared machine) and the peak RSS (VmHWM polled every 2 ms); then `halolink fec bench` (kernel, one core) of each
binary once per repetition, and the load average (`uptime`) before and after.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

INFO_BITS = 514 * 10


def run_timed(cmd):
    """Runs cmd; returns (wall s, cpu s, peak RSS MiB). Raises on a non-zero exit.

    The peak RSS is the child's VmHWM polled from /proc every 2 ms (the rusage maximum would
    include the Python parent's pages copied by fork before exec)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    hwm = 0.0
    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        try:
            with open(f"/proc/{p.pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        hwm = max(hwm, int(line.split()[1]) / 1024.0)
        except OSError:
            pass
        time.sleep(0.002)
    wall = time.perf_counter() - t0
    err = p.stderr.read()
    p.stderr.close()
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: exit {p.returncode}: {err.decode()[-500:]}")
    return wall, ru.ru_utime + ru.ru_stime, hwm


def med_range(v, fmt="{:.2f}"):
    return f"{fmt.format(statistics.median(v))} ({fmt.format(min(v))}-{fmt.format(max(v))})"


def uptime():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--codewords", type=int, default=100000)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--dir", default=None, help="where the files go (default: a temporary directory)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bench-seconds", default="0.3", help="halolink fec bench --seconds")
    a = ap.parse_args()
    bins = {"old": os.path.abspath(a.old), "new": os.path.abspath(a.new)}
    n = a.codewords
    print(f"load before: {uptime()}")
    with tempfile.TemporaryDirectory(dir=a.dir) as d:
        p = lambda name: os.path.join(d, name)  # noqa: E731
        rng = np.random.default_rng(a.seed)
        rng.integers(0, 1024, size=n * 514, dtype="<u2").tofile(p("msg.bin"))
        subprocess.run([bins["new"], "fec", "encode", "-i", p("msg.bin"), "-o", p("cw.bin")], check=True)
        subprocess.run([bins["old"], "fec", "encode", "-i", p("msg.bin"), "-o", p("cw_old.bin")], check=True)
        with open(p("cw.bin"), "rb") as f1, open(p("cw_old.bin"), "rb") as f2:
            if f1.read() != f2.read():
                sys.exit("OLD and NEW encoders differ")
        os.unlink(p("cw_old.bin"))
        # independent bit errors at BER 2.4e-4 over the 10 bits of every symbol
        cw = np.fromfile(p("cw.bin"), dtype="<u2")
        nbits = cw.size * 10
        flips = rng.choice(nbits, size=rng.binomial(nbits, 2.4e-4), replace=False)
        np.bitwise_xor.at(cw, flips // 10, (1 << (flips % 10)).astype("<u2"))
        cw.tofile(p("rx.bin"))
        del cw
        cases = {
            "encode": lambda b, o: [b, "fec", "encode", "-i", p("msg.bin"), "-o", o],
            "decode_error_free": lambda b, o: [b, "fec", "decode", "-i", p("cw.bin"), "-o", o, "--stats", o + ".json"],
            "decode_ber_2.4e-4": lambda b, o: [b, "fec", "decode", "-i", p("rx.bin"), "-o", o, "--stats", o + ".json"],
        }
        res = {(c, k): {"wall": [], "cpu": [], "rss": []} for c in cases for k in bins}
        ref = {}
        kern = {k: [] for k in bins}
        for rep in range(a.reps):
            for c, mk in cases.items():
                for k, b in bins.items():
                    out = p(f"out_{k}.bin")
                    wall, cpu, rss = run_timed(mk(b, out))
                    r = res[(c, k)]
                    r["wall"].append(n * INFO_BITS / wall / 1e9)
                    r["cpu"].append(n * INFO_BITS / cpu / 1e9)
                    r["rss"].append(rss)
                    with open(out, "rb") as f:
                        data = f.read()
                    if c not in ref:
                        ref[c] = data
                    elif data != ref[c]:
                        sys.exit(f"{c}: {k} output differs from the first run's")
            for k, b in bins.items():
                out = subprocess.run([b, "fec", "bench", "--seconds", a.bench_seconds], capture_output=True,
                                     text=True, check=True).stdout
                kern[k].append(json.loads(out))
    print(f"load after:  {uptime()}")
    print(f"\n{n} KP4 codewords, {a.reps} repetitions, OLD and NEW alternating; Gb/s of information bits, "
          "median (lowest-highest); outputs identical across binaries and runs\n")
    print("| case | binary | wall Gb/s | CPU (user+sys) Gb/s | peak RSS MiB |")
    print("|---|---|---:|---:|---:|")
    for c in cases:
        for k in bins:
            r = res[(c, k)]
            print(f"| {c} | {k} | {med_range(r['wall'])} | {med_range(r['cpu'])} | {med_range(r['rss'], '{:.1f}')} |")
    print("\n`halolink fec bench` (kernel, one core), Gb/s of information bits, median (lowest-highest):\n")
    print("| case | old | new |")
    print("|---|---:|---:|")
    for c in ["encode", "decode_error_free", "decode_ber_2.4e-4", "decode_15_symbol_errors"]:
        print(f"| {c} | {med_range([x[c] for x in kern['old']])} | {med_range([x[c] for x in kern['new']])} |")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""A/B of the `halolink fec encode|decode` CLI of two binaries, in one run (issue 25, target 1).

  bench_fec_cli.py OLD NEW [--codewords N] [--reps R] [--dir DIR] [--seed S]

OLD and NEW are halolink binaries, or `ref:REF` (e.g. `ref:main`): the commit REF of this
repository checked out in a temporary git worktree and its target halolink built there
(Release, no tests/benchmarks/co-simulation; through ccache when it is installed).

Makes N random KP4 messages (default 100,000), encodes them with NEW (and checks OLD gives the
same bytes), injects independent bit errors at BER 2.4e-4 into a copy (numpy), then times,
file in and file out (written through the CLI's temporary file + fsync + rename; the previous
run's output is removed before each timed run, untimed, so the rename does not free a 100 MB
file inside the timing):
  encode             messages -> codewords
  decode_error_free  codewords -> messages
  decode_ber_2.4e-4  received words -> messages (--stats to a file)
OLD and NEW run alternately within each repetition (both see the same host state); every run's
output is compared with the first run's. Reported per case and binary: the median and range
(lowest-highest) of the wall-clock Gb/s of information bits (514 x 10 bits per codeword), the
CPU Gb/s (user + system time of the child, which is less sensitive to other processes on a
shared machine) and the peak RSS (VmHWM polled every 2 ms); then `halolink fec bench` (kernel, one core) of each
binary once per repetition, the ratio of the CLI's wall-clock Gb/s to its own kernel's in the same
repetition (the issue's goal: within 1.5x, ratio >= 0.67), and the load average before and after.
"""
import argparse
import json
import os
import shutil
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


def build_ref(ref, top):
    """Builds halolink at commit `ref` in a git worktree under `top`; returns the binary's path."""
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    wt = os.path.join(top, "wt_" + "".join(c if c.isalnum() else "_" for c in ref))
    subprocess.run(["git", "-C", repo, "worktree", "add", "-q", "--detach", wt, ref], check=True)
    cfg = ["cmake", "-S", wt, "-B", os.path.join(wt, "build"), "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
           "-DHALO_BUILD_TESTS=OFF", "-DHALO_BUILD_BENCH=OFF", "-DHALO_BUILD_COSIM=OFF"]
    env = dict(os.environ)
    if shutil.which("ccache"):
        cfg += ["-DCMAKE_CXX_COMPILER_LAUNCHER=ccache", "-DCMAKE_C_COMPILER_LAUNCHER=ccache"]
        env.setdefault("CCACHE_BASEDIR", wt)
    subprocess.run(cfg, check=True, stdout=subprocess.DEVNULL, env=env)
    subprocess.run(["cmake", "--build", os.path.join(wt, "build"), "--target", "halolink"], check=True,
                   stdout=subprocess.DEVNULL, env=env)
    return os.path.join(wt, "build", "halolink"), wt


def remove_worktree(wt):
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    subprocess.run(["git", "-C", repo, "worktree", "remove", "--force", wt], check=False)


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
    build_top = tempfile.mkdtemp(prefix="bench_fec_cli_", dir=a.dir)
    worktrees = []
    bins = {}
    try:
        for k, v in (("old", a.old), ("new", a.new)):
            if v.startswith("ref:"):
                b, wt = build_ref(v[4:], build_top)
                worktrees.append(wt)
                bins[k] = b
            else:
                bins[k] = os.path.abspath(v)
        bench(a, bins)
    finally:
        for wt in worktrees:
            remove_worktree(wt)
        shutil.rmtree(build_top, ignore_errors=True)


def bench(a, bins):
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
        ratio = {(c, k): [] for c in cases for k in bins}
        for rep in range(a.reps):
            for c, mk in cases.items():
                for k, b in bins.items():
                    out = p(f"out_{k}.bin")
                    if os.path.exists(out):
                        os.unlink(out)
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
                for c in cases:
                    ratio[(c, k)].append(res[(c, k)]["wall"][-1] / kern[k][-1][c])
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
    print("\nCLI wall-clock Gb/s / its own kernel's (`fec bench`, same binary and repetition), median "
          "(lowest-highest); the goal is >= 0.67 (within 1.5x):\n")
    print("| case | old | new |")
    print("|---|---:|---:|")
    for c in cases:
        print(f"| {c} | {med_range(ratio[(c, 'old')])} | {med_range(ratio[(c, 'new')])} |")


if __name__ == "__main__":
    main()


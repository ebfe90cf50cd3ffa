#!/usr/bin/env python3
"""Run a Google Benchmark program and print a Markdown table of its counters.

Usage: bench_table.py BENCH_BINARY [--min-time S] [--reps N] [--pair PREFIX_A PREFIX_B]
With --pair, rows whose names start with PREFIX_A are matched by suffix with rows starting
with PREFIX_B and a ratio column A/B is added (e.g. HaloLink vs libfec).
Reports the median over --reps repetitions and, in brackets, the lowest and highest
repetition (the host's own speed varies between runs: with --reps 10 the range shows it).
"""
import argparse
import json
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--min-time", default="0.5")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--counter", default="info_Gbps")
    ap.add_argument("--pair", nargs=2)
    a = ap.parse_args()
    out = subprocess.run([a.binary, f"--benchmark_min_time={a.min_time}", f"--benchmark_repetitions={a.reps}",
                          "--benchmark_format=json"],
                         capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    rows, reps = {}, {}
    for b in data["benchmarks"]:
        if b.get("run_type") == "iteration":
            reps.setdefault(b["run_name"], []).append(b[a.counter])
        elif b.get("aggregate_name") == "median":
            rows[b["run_name"]] = b[a.counter]

    def fmt(name, v):
        r = reps.get(name)
        return f"{v:.3g} ({min(r):.3g}-{max(r):.3g})" if r else f"{v:.3g}"
    ctx = data["context"]
    print(f"Host: {ctx.get('num_cpus')} CPUs at {ctx.get('mhz_per_cpu')} MHz, load {ctx.get('load_avg')}, "
          f"median of {a.reps} (lowest-highest).\n")
    if a.pair:
        pa, pb = a.pair
        print(f"| case | {pa} ({a.counter}) | {pb} ({a.counter}) | ratio |")
        print("|---|---:|---:|---:|")
        for name, v in rows.items():
            if not name.startswith(pa):
                continue
            suffix = name[len(pa):]
            w = rows.get(pb + suffix)
            print(f"| {suffix.strip('/') or 'encode'} | {fmt(name, v)} | {fmt(pb + suffix, w)} | {v / w:.1f}x |"
                  if w else f"| {suffix} | {fmt(name, v)} | - | - |")
    else:
        print(f"| case | {a.counter} |")
        print("|---|---:|")
        for name, v in rows.items():
            print(f"| {name} | {fmt(name, v)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

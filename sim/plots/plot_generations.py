#!/usr/bin/env python3
"""Generations side by side: plot_generations.py OUT_DIR RUN1/compare.json RUN2/compare.json ...

Writes OUT_DIR/generations.png: per run (column group) and architecture (DSP, LPO, LRO where
run) the module energy (pJ/bit), the latency per hop (ns) and the reach limit (km) of the pre-FEC
threshold. Every value is read from the runs' compare.json (nothing recomputed here); a reach
limit beyond the sweep is drawn at the sweep's end and hatched, "fails everywhere" at 0.
"""
import json
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ARCHS = (("dsp", "DSP-retimed"), ("lpo", "LPO"), ("lro", "LRO"))


def main():
    if len(sys.argv) < 3:
        print("usage: plot_generations.py OUT_DIR RUN/compare.json [RUN2/compare.json ...]", file=sys.stderr)
        return 2
    out = sys.argv[1]
    runs = []
    for f in sys.argv[2:]:
        with open(f) as fh:
            runs.append(json.load(fh))
    names = [r["config"]["module"] + ("\n(inner FEC)" if r["config"].get("inner_fec") else "") for r in runs]
    fig, axes = plt.subplots(1, 3, figsize=(13, 4.2))
    width = 0.8 / len(ARCHS)
    for k, (arch, label) in enumerate(ARCHS):
        xs = [i + (k - 1) * width for i in range(len(runs))]
        pj, lat, reach, hatch = [], [], [], []
        for r in runs:
            run_has = arch in r["headline"]
            pj.append(r["power"][arch]["pj_per_bit"] if run_has else 0)
            lat_key = {"dsp": "dsp_hop_ns", "lpo": "lpo_hop_ns", "lro": "lro_hop_ns"}[arch]
            lat.append(r["latency"].get(lat_key, 0) if run_has else 0)
            sw = r["sweeps"].get("fiber_km", {})
            lim = sw.get(arch + "_limit") if run_has else None
            fails = sw.get(arch + "_fails_everywhere", False)
            beyond = run_has and (arch + "_limit") in sw and lim is None and not fails
            if beyond:
                lim = max(sw["x"])
            elif lim is None or (isinstance(lim, float) and math.isinf(lim)):
                lim = 0
            reach.append(lim)
            hatch.append(beyond)
        axes[0].bar(xs, pj, width, label=label)
        axes[1].bar(xs, lat, width, label=label)
        bars = axes[2].bar(xs, reach, width, label=label)
        for b, h in zip(bars, hatch):
            if h:
                b.set_hatch("//")
    for ax, title in zip(axes, ("module energy (pJ/bit)", "latency per hop, 2 modules (ns)",
                                "reach limit at the pre-FEC threshold (km)")):
        ax.set_xticks(range(len(runs)))
        ax.set_xticklabels(names, fontsize=8)
        ax.set_title(title, fontsize=10)
        ax.grid(True, axis="y", alpha=0.3)
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "generations.png"), dpi=110)
    plt.close(fig)
    return 0


if __name__ == "__main__":
    sys.exit(main())

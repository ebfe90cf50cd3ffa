#!/usr/bin/env python3
"""Scaling of `halolink sweep` on this machine: the same sweep (shards of the C2M example) on the
single-process engine (--serial), on a LocalCluster with 1 worker and with 2 workers. Prints
wall time, the speed-up 1 -> 2 workers and simulated symbols per second per worker against the
single-process engine (docs/python.md). A benchmark, not a test: figures depend on the load.

usage: PYTHONPATH=build/python python3 scripts/bench_sweep.py [--shards N] [--shard-symbols M] [--sweep FILE]
                                                               [--plot FIG.png] [--json OUT.json]
Each mode also records the 1-minute load average before it and the share of the machine's CPU
time that was busy during it (/proc/stat), so a figure from a shared machine can be judged.
"""
import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from halolink import sweep


def cpu_times():
    """(busy, total) jiffies of all CPUs from /proc/stat (None where it is not readable)."""
    try:
        f = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = f[3] + (f[4] if len(f) > 4 else 0)
    return sum(f) - idle, sum(f)


def main() -> int:
    root = Path(__file__).resolve().parents[1]
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--shards", type=int, default=8, help="shards per point (default 8)")
    p.add_argument("--shard-symbols", type=int, default=1000000, help="symbols per shard (default 1e6)")
    p.add_argument("--sweep", help="a sweep file instead of the built-in one (its monte_carlo is kept)")
    p.add_argument("--plot", help="draw the throughput per mode (PNG)")
    p.add_argument("--json", help="write the figures as JSON")
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as d:
        if a.sweep:
            sw_file = Path(a.sweep)
        else:
            sw_file = Path(d) / "bench.yaml"
            sw_file.write_text(json.dumps({
                "name": "bench", "base": str(root / "sim/configs/c2m_53g.yaml"),
                "set": {"rx.adapt.training_symbols": 100000},
                "axes": {"rx.noise_rms_mv": [12]},
                "monte_carlo": {"shard_symbols": a.shard_symbols, "shards": a.shards}}))
        res = {}
        sw = sweep.load(sw_file)
        for mode, n in (("serial", 0), ("1 worker", 1), ("2 workers", 2)):
            # the cluster is started (and its workers import halolink) before the clock starts
            client, cluster = sweep.make_client(sw, workers=n) if n else (None, None)
            if client is not None:
                client.wait_for_workers(n)
                client.run(lambda: __import__("halolink.sweep"))
            load = os.getloadavg()[0]
            c0 = cpu_times()
            t0 = time.perf_counter()
            r = sweep.run(sw, Path(d) / mode.replace(" ", "_"), client=client, serial=not n, progress=False, plots=False)
            wall = time.perf_counter() - t0
            c1 = cpu_times()
            busy = (c1[0] - c0[0]) / max(1, c1[1] - c0[1]) if c0 and c1 else float("nan")
            if client is not None:
                client.close()
                cluster.close()
            sym = sum(row["symbols"] for row in r["rows"])
            res[mode] = (wall, sym, load, busy)
            print(f"{mode:>9}: {sym:.3g} symbols in {wall:.1f} s = {sym / wall / 1e6:.2f} Msym/s "
                  f"(load average before {load:.1f}, machine CPU busy {busy * 100:.0f} % during)", flush=True)
        w1, w2, s = res["1 worker"][0], res["2 workers"][0], res["serial"][0]
        sym = res["serial"][1]
        print(f"speed-up 1 -> 2 workers: {w1 / w2:.2f}x")
        print(f"symbols/s per worker: 1 worker {sym / w1 / 1e6:.2f} M, 2 workers {sym / w2 / 2 / 1e6:.2f} M, "
              f"single-process engine {sym / s / 1e6:.2f} M ({(sym / w1) / (sym / s) * 100:.0f} % with 1 worker)")
        fig = {m: {"seconds": v[0], "symbols": v[1], "msym_per_s": v[1] / v[0] / 1e6, "load_before": v[2],
                   "cpu_busy": v[3]} for m, v in res.items()}
        fig["speedup_1_to_2"] = w1 / w2
        if a.json:
            Path(a.json).write_text(json.dumps(fig, indent=1) + "\n")
        if a.plot:
            import matplotlib
            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
            f, ax = plt.subplots(figsize=(6, 4))
            modes = list(res)
            ax.bar(modes, [fig[m]["msym_per_s"] for m in modes], color=["0.5", "C0", "C1"])
            for i, m in enumerate(modes):
                ax.text(i, fig[m]["msym_per_s"], f"load {fig[m]['load_before']:.1f}\nbusy {fig[m]['cpu_busy'] * 100:.0f} %",
                        ha="center", va="bottom", fontsize=8)
            ax.set_ylim(0, 1.25 * max(fig[m]["msym_per_s"] for m in modes))
            ax.set_ylabel("simulated symbols per second (M)")
            ax.set_title(f"halolink sweep: 1 -> 2 workers {w1 / w2:.2f}x ({os.cpu_count()} cores)")
            f.tight_layout()
            f.savefig(a.plot, dpi=110)
    return 0


if __name__ == "__main__":
    sys.exit(main())

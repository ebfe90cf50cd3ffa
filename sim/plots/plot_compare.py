#!/usr/bin/env python3
"""Plots of a `halolink compare` report: plot_compare.py compare.json OUT_DIR.

Writes ber_vs_reach.png, ber_vs_c2m_loss.png, power_breakdown.png, latency_breakdown.png and
cluster_rollup.png, tornado.png (every value read from compare.json; nothing recomputed here).
"""
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def ber_plot(r, key, xlabel, fname, out):
    sw = r["sweeps"].get(key)
    if not sw or not sw["x"]:
        return
    thr = r["threshold_ber"]
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    floor = 1e-20
    for arch, style in (("dsp", "o-"), ("lpo", "s-"), ("lro", "^-")):
        if arch + "_ber" not in sw:  # the LRO where the config enables it
            continue
        y = [max(v, floor) for v in sw[arch + "_ber"]]
        ax.semilogy(sw["x"], y, style, label={"dsp": "DSP-retimed", "lpo": "LPO", "lro": "LRO"}[arch])
        lim = sw[arch + "_limit"]
        if isinstance(lim, (int, float)) and lim not in (float("inf"), float("-inf")):
            ax.axvline(lim, ls=":", color=ax.lines[-1].get_color())
    ax.axhline(thr, color="k", ls="--", lw=1, label=f"pre-FEC threshold {thr:.1e}")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("pre-FEC BER (bursts included)")
    ax.set_ylim(floor, 1)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    ax.set_title(r["name"])
    fig.tight_layout()
    fig.savefig(os.path.join(out, fname), dpi=110)
    plt.close(fig)


def bars(items_by_arch, unit, title, fname, out):
    fig, ax = plt.subplots(figsize=(7.5, 4.6))
    archs = list(items_by_arch)
    names = []
    for a in archs:
        for it in items_by_arch[a]:
            if it["name"] not in names:
                names.append(it["name"])
    cmap = plt.get_cmap("tab20")
    bottom = [0.0] * len(archs)
    for i, n in enumerate(names):
        vals = [next((it[unit] for it in items_by_arch[a] if it["name"] == n), 0.0) for a in archs]
        ax.bar(archs, vals, bottom=bottom, label=n, color=cmap(i % 20))
        bottom = [b + v for b, v in zip(bottom, vals)]
    for i, b in enumerate(bottom):
        ax.text(i, b, f"{b:.3g}", ha="center", va="bottom")
    ax.set_ylim(0, max(bottom) * 1.12)
    ax.set_ylabel(unit.replace("w", "W per module").replace("ns", "ns per module"))
    ax.set_title(title)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    fig.savefig(os.path.join(out, fname), dpi=110)
    plt.close(fig)


def cluster_plot(r, out):
    cl = r.get("clusters")
    if not cl:
        return
    fig, axs = plt.subplots(1, 3, figsize=(10, 3.6))
    for ax, (key, label, scale) in zip(axs, (("facility_mw", "MW (facility)", 1),
                                             ("kwh_per_year", "GWh / year", 1e-6),
                                             ("t_co2_per_year", "t CO2 / year", 1))):
        x = range(len(cl))
        w = 0.38
        ax.bar([i - w / 2 for i in x], [c["dsp"][key] * scale for c in cl], w, label="DSP-retimed")
        ax.bar([i + w / 2 for i in x], [c["lpo"][key] * scale for c in cl], w, label="LPO")
        ax.set_xticks(list(x))
        ax.set_xticklabels([c["name"] for c in cl], fontsize=8)
        ax.set_title(label)
    axs[0].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "cluster_rollup.png"), dpi=110)
    plt.close(fig)


def tornado_plot(r, out):
    """Tornado of the DSP module power and of the DSP-LPO saving over every parameter's
    {low, high} (compare.json sensitivity.rows), widest bars on top."""
    if "sensitivity" not in r:
        return
    rows = r["sensitivity"]["rows"]
    bands = r["sensitivity"]["bands"]
    fig, axes = plt.subplots(1, 2, figsize=(13, max(4, 0.28 * len(rows) + 1.5)))
    for ax, key, title in ((axes[0], "dsp_w", "DSP module power (W)"), (axes[1], "saving_w", "DSP - LPO saving (W)")):
        base = bands[key]["value"]
        order = sorted(rows, key=lambda x: abs(x[key][1] - x[key][0]))
        for i, x in enumerate(order):
            lo, hi = x[key]
            ax.barh(i, lo - base, left=base, color="tab:blue", height=0.7)
            ax.barh(i, hi - base, left=base, color="tab:orange", height=0.7)
        ax.set_yticks(range(len(order)))
        ax.set_yticklabels([x["param"] for x in order], fontsize=7)
        ax.axvline(base, color="k", lw=0.8)
        ax.set_xlabel(title)
        ax.set_title(f"{title}: {base:.2f} (band {bands[key]['low']:.1f}..{bands[key]['high']:.1f})", fontsize=9)
    from matplotlib.patches import Patch
    axes[1].legend(handles=[Patch(color="tab:blue", label="at the low bound"),
                            Patch(color="tab:orange", label="at the high bound")], fontsize=7, loc="lower right")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "tornado.png"), dpi=110)
    plt.close(fig)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: plot_compare.py compare.json OUT_DIR")
    with open(sys.argv[1]) as f:
        r = json.load(f)
    out = sys.argv[2]
    os.makedirs(out, exist_ok=True)
    ber_plot(r, "fiber_km", f"fiber length (km), C2M {r['sweeps']['fiber_km'].get('c2m_loss_db', 0):.0f} dB each side", "ber_vs_reach.png", out)
    ber_plot(r, "c2m_loss_db", "C2M loss at Nyquist, each side (dB)", "ber_vs_c2m_loss.png", out)
    p = r["power"]
    bars({"DSP-retimed": p["dsp"]["items"], "LPO": p["lpo"]["items"]}, "w",
         f"Module power ({r['config']['module']}, {r['config']['node']})", "power_breakdown.png", out)
    lt = r["latency"]
    bars({"DSP-retimed": lt["dsp_items"], "LPO": lt["lpo_items"]}, "ns", "Latency per module", "latency_breakdown.png",
         out)
    cluster_plot(r, out)
    tornado_plot(r, out)


if __name__ == "__main__":
    main()

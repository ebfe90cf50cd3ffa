#!/usr/bin/env python3
"""Plot of a `halolink monitor` time series: plot_monitor.py monitor.json OUT_DIR.

Writes monitor.png: the drifting condition, pre-FEC BER (current value per window), eSNR and
LTP, and the FEC tail, each with its configured warning/alarm thresholds; windows where a flag
is active are shaded (orange: warning, red: alarm). Every value is read from monitor.json.
"""
import json
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def thresholds(ax, th, name):
    t = th.get(name)
    if not t:
        return
    for key, color, ls in (("hi_alarm", "r", "--"), ("hi_warn", "orange", ":"),
                           ("lo_warn", "orange", ":"), ("lo_alarm", "r", "--")):
        v = t[key]
        lo, hi = ax.get_ylim()
        if v > 0 and lo <= v <= hi:
            ax.axhline(v, color=color, ls=ls, lw=1, label=f"{name} {key} {v:g}")


def shade(ax, x, samples, names):
    for i, s in enumerate(samples):
        flags = ",".join(s["active"].get(n, "") for n in names)
        if "alarm" in flags:
            ax.axvspan(x[i] - 0.5, x[i] + 0.5, color="r", alpha=0.12, lw=0)
        elif "warning" in flags:
            ax.axvspan(x[i] - 0.5, x[i] + 0.5, color="orange", alpha=0.12, lw=0)


def main(path, out):
    r = json.load(open(path))
    s = r["samples"]
    th = r["thresholds"]
    x = [w["window"] for w in s]
    fig, axs = plt.subplots(4, 1, figsize=(7.5, 9.5), sharex=True)
    ax = axs[0]
    if r["drift"]["temperature_c"]:
        ax.plot(x, [w["temperature_c"] for w in s], "o-", color="tab:red")
        ax.set_ylabel("temperature (C)")
    if r["drift"]["rx_noise_mv"]:
        a2 = ax.twinx() if r["drift"]["temperature_c"] else ax
        a2.plot(x, [w["rx_noise_mv"] for w in s], "s-", color="tab:blue")
        a2.set_ylabel("RX noise (mV rms)")
    ax.set_title(f'{r["name"]}: CMIS VDM samples, {r["window_symbols"]} symbols ({r["window_us"]:.2f} us) per window')
    ax.grid(True, alpha=0.3)

    ax = axs[1]
    floor = 1e-9
    ax.semilogy(x, [max(w["ber_cur"], floor) for w in s], "o-", label="pre-FEC BER (current)")
    ax.semilogy(x, [max(w["ber_max"], floor) for w in s], ":", color="gray", label="max since clear")
    ax.set_ylim(floor, 1e-1)
    thresholds(ax, th, "ber_cur")
    shade(ax, x, s, ["ber_cur"])
    ax.set_ylabel("pre-FEC BER")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, loc="upper left")

    ax = axs[2]
    es = [w["esnr_db"] if w["esnr_db"] is not None else math.nan for w in s]
    lt = [w["ltp_db"] if w["ltp_db"] is not None else math.nan for w in s]
    ax.plot(x, es, "o-", label="eSNR")
    ax.plot(x, lt, "s-", label="LTP")
    thresholds(ax, th, "esnr")
    thresholds(ax, th, "ltp")
    shade(ax, x, s, ["esnr", "ltp"])
    ax.set_ylabel("dB")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=7, loc="lower left")

    ax = axs[3]
    ax.step(x, [w["fec_tail"] for w in s], where="mid", label="FEC tail (max symbol errors / codeword)")
    ax.set_ylim(-0.5, 17)
    thresholds(ax, th, "fec_tail")
    shade(ax, x, s, ["fec_tail", "ferc_cur"])
    ax.set_ylabel("symbol errors")
    ax.set_xlabel("window")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "monitor.png"), dpi=100)
    plt.close(fig)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: plot_monitor.py monitor.json OUT_DIR")
    main(sys.argv[1], sys.argv[2])

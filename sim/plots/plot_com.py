#!/usr/bin/env python3
"""Plots of a `halolink com` result: usage: plot_com.py COM.json OUTDIR

OUTDIR/com_pulse.png: the equalized pulse responses (victim and aggressors) around the cursor,
with the cursor and DFE span marked. OUTDIR/com_budget.png: the noise and interference budget
(rms terms against the available signal A_s) and the PDF of noise + interference with A_ni.
"""
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    j = json.loads(Path(sys.argv[1]).read_text())
    out = Path(sys.argv[2])
    pul = j["pulses"]
    m, cur, dt = pul["samples_per_ui"], pul["cursor_sample"], pul["sample_period_s"]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    lo, hi = max(0, cur - 10 * m), cur + 40 * m
    for r in pul["responses"]:
        v = r["v"][lo:hi]
        t = [(lo + i - cur) / m for i in range(len(v))]
        ax.plot(t, [x * 1e3 for x in v], lw=1.2 if r is pul["responses"][0] else 0.8, label=r["name"])
    ndfe = len(j["equalizer"]["dfe"])
    ax.axvline(0, color="k", lw=0.6)
    ax.axvspan(0.5, ndfe + 0.5, color="0.9", label=f"DFE span ({ndfe} taps)")
    ax.set_xlabel("time from cursor (UI)")
    ax.set_ylabel("pulse response (mV)")
    ax.set_title(f"COM {j['com_db']:.2f} dB ({j['preset']}): equalized pulse responses")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out / "com_pulse.png", dpi=110)
    plt.close(fig)

    t = j["terms"]
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4.2))
    names = ["ISI", "crosstalk", "jitter", "TX noise", "RX noise"]
    vals = [t["sigma_isi_v"], t["sigma_crosstalk_v"], t["sigma_jitter_v"], t["sigma_tx_noise_v"], t["sigma_rx_noise_v"]]
    a1.barh(names, [v * 1e3 for v in vals], color="tab:orange")
    a1.axvline(t["available_signal_v"] * 1e3, color="tab:blue", label="A_s")
    a1.axvline(t["noise_interference_v"] * 1e3, color="tab:red", ls="--", label="A_ni (at DER_0)")
    a1.set_xlabel("mV (rms terms; A_s, A_ni peak)")
    a1.set_title("noise and interference budget")
    a1.legend(fontsize=8)
    pdf = j["noise_pdf"]
    a2.semilogy([y * 1e3 for y in pdf["y_v"]], [max(p, 1e-30) for p in pdf["p"]])
    a2.axvline(-t["noise_interference_v"] * 1e3, color="tab:red", ls="--", label="-A_ni")
    a2.set_ylim(1e-12, 1)
    a2.set_xlabel("noise + interference (mV)")
    a2.set_ylabel("probability per bin")
    a2.set_title("distribution (93A-45)")
    a2.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out / "com_budget.png", dpi=110)
    plt.close(fig)
    return 0


if __name__ == "__main__":
    sys.exit(main())

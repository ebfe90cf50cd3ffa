#!/usr/bin/env python3
"""DSP-retimed (and LPO, LRO) pre-FEC BER against C2M loss, before and after the C2M impairments.

Usage: plot_c2m_impairments.py BEFORE/compare.json AFTER/compare.json OUT.png

BEFORE: a run with `c2m_impairments: {enabled: false}` (the bare channel); AFTER: the default
(the reference receiver's impairments, docs/compare.md "C2M impairments"). Reads only the JSON
files (`sweeps.c2m_loss_db`: x, dsp_ber, lpo_ber, lro_ber; `threshold_ber`).
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    runs = []
    for path in argv[1:3]:
        try:
            with open(path, encoding="utf-8") as f:
                runs.append(json.load(f))
        except (OSError, json.JSONDecodeError) as e:
            sys.stderr.write(f"{path}: {e}\n")
            return 2
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for r, style, label in ((runs[0], "--", "bare channel"), (runs[1], "-", "with C2M impairments")):
        s = r["sweeps"]["c2m_loss_db"]
        for key, color, arch in (("dsp_ber", "C0", "DSP"), ("lpo_ber", "C1", "LPO"), ("lro_ber", "C2", "LRO")):
            if key in s and s[key]:
                ax.semilogy(s["x"], [max(v, 1e-30) for v in s[key]], style, color=color, marker="o", ms=3,
                            label=f"{arch}, {label}")
    thr = runs[1].get("threshold_ber", 2.4e-4)
    ax.axhline(thr, color="k", lw=0.8, ls=":", label=f"threshold {thr:g}")
    ax.set_xlabel("C2M loss per side at Nyquist (dB)")
    ax.set_ylabel("pre-FEC BER")
    ax.set_ylim(1e-31, 1)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7)
    ax.set_title(runs[1].get("name", "compare") + ": BER against C2M loss")
    fig.tight_layout()
    fig.savefig(argv[3], dpi=110)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

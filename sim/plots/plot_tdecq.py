#!/usr/bin/env python3
"""Plot of a `halolink tdecq` result: usage: plot_tdecq.py TDECQ.json OUTDIR

OUTDIR/tdecq_eye.png: the equalized eye (reference receiver + reference equalizer) over 2 UI
around the eye centre with the three thresholds and the two histogram windows, and the
vertical histograms at the two sampling instants (centre -/+ hist_offset_ui) beside it.
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
    eye, h, p = j["eye"], j["histograms"], j["params"]
    counts = eye["counts"]  # [phase][bin]
    nph, nb = len(counts), len(counts[0])
    lo, hi = eye["lo"], eye["hi"]
    scale = 1e3 if j.get("units") == "W" else 1.0
    unit = "mW" if j.get("units") == "W" else "waveform units"
    img = [[counts[ph][b] for ph in range(nph)] for b in range(nb)]
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4.6), gridspec_kw={"width_ratios": [2.2, 1]})
    a1.imshow(img, origin="lower", aspect="auto", cmap="viridis", interpolation="nearest",
              extent=[-1, 1, lo * scale, hi * scale], norm=matplotlib.colors.PowerNorm(0.4))
    for t in j["thresholds"]:
        a1.axhline(t * scale, color="w", lw=0.8, ls="--")
    w = p["hist_window_ui"]
    for x in (-p["hist_offset_ui"], p["hist_offset_ui"]):
        a1.axvspan(x - w / 2, x + w / 2, color="r", alpha=0.35)
    a1.set_xlabel("time from the eye centre (UI)")
    a1.set_ylabel(f"equalized signal ({unit})")
    td = j["tdecq_db"]
    a1.set_title(f"TDECQ {td:.2f} dB ({p['preset']}), outer OMA {j['oma_outer'] * scale:.4g} {unit}"
                 if td is not None else "TDECQ: eye closed")
    nbh = len(h["left"])
    ys = [(h["lo"] + (h["hi"] - h["lo"]) * (i + 0.5) / nbh) * scale for i in range(nbh)]
    a2.plot(h["left"], ys, label=f"left ({h['left_ui']:+.3f} UI)")
    a2.plot(h["right"], ys, label=f"right ({h['right_ui']:+.3f} UI)")
    for t in j["thresholds"]:
        a2.axhline(t * scale, color="k", lw=0.6, ls="--")
    a2.set_xscale("log")
    a2.set_xlabel("fraction of samples per bin")
    a2.set_title(f"histograms; sigma_G {j['sigma_g'] * scale:.3g} {unit}")
    a2.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out / "tdecq_eye.png", dpi=110)
    plt.close(fig)
    return 0


if __name__ == "__main__":
    sys.exit(main())

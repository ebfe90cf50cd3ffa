#!/usr/bin/env python3
"""Plots for `halolink sim` results: eye at the slicer input (statistical) and at the ADC
input (time domain), level histograms, bathtubs, adapted taps, pulse response.

usage: plot_results.py RESULTS.json OUTDIR
"""
import json
import os
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def main():
    res = json.load(open(sys.argv[1]))
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(sys.argv[1])
    runs = res if isinstance(res, list) else [res]
    if isinstance(res, list):  # sweep: SER vs parameter
        xs = [r["sweep"]["value"] for r in runs]
        fig, ax = plt.subplots(figsize=(6, 4))
        if all("statistical" in r for r in runs):
            ax.semilogy(xs, [r["statistical"]["ser"] for r in runs], "o-", label="statistical")
        if all("time_domain" in r for r in runs):
            ax.semilogy(xs, [max(r["time_domain"]["ser"], 1e-12) for r in runs], "s--", label="time domain")
        ax.set_xlabel(runs[0]["sweep"]["parameter"]); ax.set_ylabel("SER"); ax.grid(True, which="both"); ax.legend()
        fig.tight_layout(); fig.savefig(os.path.join(out, "sweep_ser.png"), dpi=120)
    r = runs[0]
    name = r["name"]
    if "pulse" in r:
        p = np.array(r["pulse"]["p"]); dt = r["pulse"]["dt_ps"]; osr = r["pulse"]["osr"]
        fig, ax = plt.subplots(figsize=(7, 3.5))
        t = np.arange(len(p)) / osr
        ax.plot(t, p)
        pk = int(np.argmax(p))
        ax.plot(t[pk % osr::osr], p[pk % osr::osr], "o", ms=3, label="symbol-spaced")
        ax.set_xlim(max(0, pk / osr - 5), pk / osr + 30)
        ax.set_xlabel("time (UI, %.2f ps per sample)" % dt); ax.set_ylabel("V per V"); ax.grid(True); ax.legend()
        ax.set_title(f"{name}: pulse response at the ADC input")
        fig.tight_layout(); fig.savefig(os.path.join(out, "pulse_response.png"), dpi=120)
    if "statistical" in r:
        s = r["statistical"]
        eye = np.array(s["eye"]["log10_pdf"]).T
        fig, ax = plt.subplots(figsize=(6, 4.5))
        ph = s["eye"]["phase_ui"]; v = s["eye"]["v"]
        im = ax.imshow(np.clip(eye, -16, None), origin="lower", aspect="auto",
                       extent=[ph[0], ph[-1], v[0], v[-1]], cmap="jet", vmin=-16)
        fig.colorbar(im, label="log10 density")
        ax.set_xlabel("sampling offset (UI)"); ax.set_ylabel("slicer input (levels)")
        ax.set_title(f"{name}: statistical eye at the slicer input, SER {s['ser']:.2e}")
        fig.tight_layout(); fig.savefig(os.path.join(out, "eye_statistical.png"), dpi=120)
        fig, ax = plt.subplots(1, 2, figsize=(10, 3.8))
        ax[0].semilogy(s["bathtub"]["phase_ui"], s["bathtub"]["ser"]); ax[0].set_ylim(1e-16, 1)
        ax[0].set_xlabel("sampling offset (UI)"); ax[0].set_ylabel("SER"); ax[0].grid(True, which="both")
        ax[0].set_title("timing bathtub")
        ax[1].semilogy(s["vbathtub"]["offset"], s["vbathtub"]["ber"]); ax[1].set_ylim(1e-16, 1)
        ax[1].set_xlabel("threshold offset (levels)"); ax[1].set_ylabel("P(error)"); ax[1].grid(True, which="both")
        ax[1].set_title("voltage bathtub (middle eye)")
        fig.tight_layout(); fig.savefig(os.path.join(out, "bathtub.png"), dpi=120)
    if "time_domain" in r:
        t = r["time_domain"]
        e = t["eye_adc_input"]
        if e["counts"]:
            c = np.array(e["counts"], dtype=float).T
            fig, ax = plt.subplots(figsize=(6, 4.5))
            ax.imshow(np.log10(c + 1), origin="lower", aspect="auto", cmap="inferno",
                      extent=[-1, 1, e["v_edges"][0], e["v_edges"][-1]])
            ax.set_xlabel("time (UI, 0 = CDR sampling phase)"); ax.set_ylabel("ADC input (V)")
            ax.set_title(f"{name}: eye at the ADC input (time domain)")
            fig.tight_layout(); fig.savefig(os.path.join(out, "eye_time_domain.png"), dpi=120)
        h = t["slicer_histogram"]; edges = np.array(h["edges"]); ctr = 0.5 * (edges[1:] + edges[:-1])
        fig, ax = plt.subplots(figsize=(7, 3.5))
        for lvl, cnt in enumerate(h["counts"]):
            ax.semilogy(ctr, np.maximum(cnt, 0.5), label=f"level {lvl}")
        ax.set_xlabel("slicer input (levels)"); ax.set_ylabel("count"); ax.legend(); ax.grid(True, which="both")
        ax.set_title(f"{name}: level histograms, SER {t['ser']:.2e}, SNR {t['monitors']['snr_db']:.1f} dB")
        fig.tight_layout(); fig.savefig(os.path.join(out, "level_histograms.png"), dpi=120)
        fig, ax = plt.subplots(1, 2, figsize=(10, 3.5))
        ax[0].stem(t["adapted"]["ffe"]); ax[0].set_title("adapted FFE taps (time domain)"); ax[0].grid(True)
        if "statistical" in r:
            ax[1].stem(r["statistical"]["ffe"]); ax[1].set_title("MMSE FFE taps (statistical)"); ax[1].grid(True)
        fig.tight_layout(); fig.savefig(os.path.join(out, "taps.png"), dpi=120)
        f = t["fec"]["histogram_0_15_uncorrectable"]
        fig, ax = plt.subplots(figsize=(6, 3.2))
        ax.bar(range(len(f)), np.maximum(f, 0.5), log=True)
        ax.set_xlabel("symbol errors per codeword (16 = uncorrectable)"); ax.set_ylabel("codewords")
        fig.tight_layout(); fig.savefig(os.path.join(out, "fec_histogram.png"), dpi=120)


if __name__ == "__main__":
    main()

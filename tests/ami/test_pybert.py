#!/usr/bin/env python3
"""The HaloLink IBIS-AMI RX model inside PyBERT (PyPI `pipbert`), headless, on a bundled channel,
against `halolink sim` on the same channel and receiver settings (issue 26; ctest `ami_pybert`,
label long).

PyBERT (non-GUI API: PyBERT(run_simulation=False, gui=False), as its `pybert sim` command):
53.125 GBd PAM4 (106.25 Gb/s), 32 samples per UI, PyBERT's default PRBS data, native TX
(1 V, 100 ohm source), TX and RX parasitic capacitance at PyBERT's minimum (0.001 pF), the bundled 802.3ck C2M channel CA_19p75dB_thru.s4p (19.75 dB at Nyquist) from
its Touchstone file, and as receiver the generated halolink.ibs -> halo_rx model
(libhalo_ami_rx.so, halo_rx.ami) in AMI_GetWave mode; PyBERT's own CDR samples the model's
output (held over each UI) and PyBERT's slicer decides (no PyBERT DFE taps). PyBERT's "use the
model's clock times" mode is not used (--clocks turns it on): PyAMI 10.0.0 (the only version
PyBERT 11.1.0 accepts) concatenates each AMI_GetWave call's whole bits_per_call + 8 entry clock
array, -1 terminator and stale entries included, and PyBERT stops at the first -1; with the AGC
the first call has no clock and PyBERT falls back to its own CDR anyway (docs/ami.md). AMI parameters: the CTLE (COM form, g_dc -9 dB, f_z 13.28 GHz, f_p1 26.56 GHz,
f_p2 53.125 GHz) and Bessel-Thomson RX filter (39.84 GHz) of tests/ami/test_ami_sim.py, AGC
(adc_full_scale 0), 8-bit ADC, FFE 16/5, DFE 1, LMS as halolink sim.

PyBERT probes the model's step response with AMI_GetWave on the same instance (PyAMI
get_responses) before the run; the model's AGC window (2048 UI) covers that probe and the start.
Reported: PyBERT's bit errors over its eye window (the last 30 % of the bits; the model's FFE
adapts from a unit main tap) and the effective SNR of PyBERT's slicer
samples (variance of the four level means over the pooled variance, levels taken from PyBERT's
own decisions), against `halolink sim` (results.json: BER, time_domain.monitors.snr_db) with the
same channel, CTLE, RX filter and equaliser (its TX: 0.8 V swing, no TX or RX noise).
Checks: PyBERT ran the AMI model's GetWave, both runs error-free, PyBERT's SNR within 3 dB of
the sim's (the analog set-ups differ: PyBERT's Touchstone import, 100 ohm terminations and
rn = 2 mV random noise per sample at the RX input, its own CDR and data; the sim: ideal ports).
--png FILE: writes PyBERT's equalised eye (its eye_dfe density) with the numbers (docs/ami.md).

Exit 77 when pybert cannot be imported (not installed, or Qt/traits fail to start). Usage:
  test_pybert.py HALOLINK RX.so TX.so AMI_DIR CHANNEL.s4p WORKDIR [--png FILE] [--bits N]
"""
import argparse
import json
import math
import os
import shutil
import sys

# PyBERT lives in its own virtual environment (scripts/setup --pybert; it pins numpy-adjacent
# packages such as scikit-rf): re-run under that interpreter when HALO_PYBERT_PYTHON names one
_py = os.environ.get("HALO_PYBERT_PYTHON", "")
if _py and os.path.exists(_py) and os.path.abspath(_py) != os.path.abspath(sys.executable) \
        and not os.environ.get("HALO_PYBERT_REEXEC"):
    os.environ["HALO_PYBERT_REEXEC"] = "1"
    os.execv(_py, [_py, *sys.argv])
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ETS_TOOLKIT", "null")
try:
    import numpy as np
    from pybert import __version__ as pybert_version
    from pybert.pybert import PyBERT
except Exception as e:  # pragma: no cover  (ImportError, or a Qt/traits start-up failure)
    print(f"SKIP: pybert not usable: {type(e).__name__}: {e}")
    sys.exit(77)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_ami_sim as ref  # noqa: E402  (the same link settings, and halolink sim's run)

RX_PARAMS = {
    "adc_bits": 8, "adc_full_scale": 0.0, "agc_ui": 2048, "ffe_taps": 16, "ffe_pre": 5, "dfe_taps": 1,
    "lms_mode": 1, "ffe_mu_shift": 4, "dfe_mu_shift": 1, "out_level_v": 0.5,
    # PyBERT 11.1.0 with pyibis-ami 10.0.0 (the only version it accepts) fails on any GetWave
    # output parameter ('tuple' object has no attribute 'name', pybert/models/bert.py
    # get_numeric_values): the model returns an empty tree then
    "getwave_report": 0,
    "ctle_dc_gain_db": ref.CTLE["dc_gain_db"], "ctle_fz_ghz": ref.CTLE["fz_ghz"],
    "ctle_fp1_ghz": ref.CTLE["fp1_ghz"], "ctle_fp2_ghz": ref.CTLE["fp2_ghz"], "rx_bw_ghz": ref.RX_BW_GHZ,
}


def snr_from_decisions(samps, decisions):
    """Effective SNR (dB) of slicer samples grouped by their PAM4 decisions {-1,-1/3,1/3,1}."""
    lv = np.rint((np.asarray(decisions) + 1) * 1.5).astype(int)
    means = np.array([samps[lv == k].mean() for k in range(4)])
    var = sum(np.sum((samps[lv == k] - means[k]) ** 2) for k in range(4)) / samps.size
    return 10 * math.log10(np.var(means) / var), means


def run_pybert(models, channel, nbits, clocks=False):
    p = PyBERT(run_simulation=False, gui=False)
    p.mod_type = "PAM-4"
    p.bit_rate = 2 * ref.BAUD / 1e9
    p.nspui = 32
    p.nbits = nbits
    p.eye_bits = (nbits * 3 // 10) // 2 * 2  # the last 30 %: the model adapts from a unit FFE main tap
    p.inter_sel = "single"
    p.ch_file = channel
    p.f_max = 100.0
    p.rn = 0.002
    p.cout = p.cin = 0.001  # PyBERT's minimum TX/RX parasitic capacitance (pF): ideal ports, as the sim
    p.pn_mag = 0.0
    p.rx_sel = "ibis"
    p.rx_ibis_file = os.path.join(models, "halolink.ibs")
    assert p.rx_ibis_valid and p.rx_ami_valid and p.rx_dll_valid, "PyBERT did not load halolink.ibs"
    p.rx_eq_sel = "IBIS-AMI"
    assert p.rx_use_ami, "PyBERT refused IBIS-AMI mode for halo_rx"
    p.rx_use_getwave = True
    # PyBERT's own CDR samples the model's output (see the module notes: with rx_use_clocks,
    # PyAMI 10.0.0 concatenates each call's whole bits_per_call + 8 clock array, -1 terminator
    # and stale entries included, and PyBERT stops at the first -1)
    p.rx_use_clocks = clocks
    for tuner in p.dfe_tap_tuners:  # no PyBERT DFE: its slicer only
        tuner.enabled = False
    for k, v in RX_PARAMS.items():
        p._rx_cfg.set_param_val(["Model_Specific", k], v)  # pylint: disable=protected-access
    p.decision_scaler = RX_PARAMS["out_level_v"]
    p.simulate(initial_run=True, update_plots=True)
    return p


def write_png(path, p, txt):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    eye = np.asarray(p.plotdata.get_data("eye_dfe"), dtype=float)
    if eye.shape[0] < eye.shape[1]:  # (time, amplitude) -> (amplitude, time)
        eye = eye.T
    ui_ps = 1e12 / ref.BAUD
    y = p.dfe_eye_ymax
    fig, ax = plt.subplots(figsize=(8.0, 5.6), dpi=100)
    ax.imshow(np.log10(eye + 1e-3 * eye.max() + 1e-12), origin="lower", aspect="auto", cmap="magma",
              extent=[-ui_ps, ui_ps, -y, y])
    ax.set_xlabel("time (ps), 2 UI")
    ax.set_ylabel("AMI_GetWave output (V)")
    ax.set_title("PyBERT %s: HaloLink halo_rx IBIS-AMI model, CA_19p75dB_thru, 53.125 GBd PAM4" % pybert_version,
                 fontsize=9)
    import textwrap  # pylint: disable=import-outside-toplevel
    txt = "\n".join(textwrap.fill(line, 118, subsequent_indent="  ") for line in txt.split("\n"))
    fig.text(0.01, 0.005, txt, fontsize=7, va="bottom", family="monospace")
    fig.tight_layout(rect=(0, 0.11, 1, 1))
    fig.savefig(path)
    plt.close(fig)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("halolink")
    ap.add_argument("rx")
    ap.add_argument("tx")
    ap.add_argument("ami_dir")
    ap.add_argument("channel")
    ap.add_argument("work")
    ap.add_argument("--png")
    ap.add_argument("--bits", type=int, default=200000)
    ap.add_argument("--clocks", action="store_true", help="PyBERT samples at the model's clock times")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    models = os.path.join(a.work, "pybert_models")  # the installed layout: .ibs, .ami, .so together
    os.makedirs(models, exist_ok=True)
    for f in (a.rx, a.tx, *(os.path.join(a.ami_dir, n) for n in ("halolink.ibs", "halo_rx.ami", "halo_tx.ami"))):
        shutil.copy(f, models)

    sim = ref.run_sim(a.halolink, a.channel, a.work, tx_snr_db=None)  # PyBERT has no TX noise
    td = sim["time_domain"]
    p = run_pybert(models, os.path.abspath(a.channel), a.bits, clocks=a.clocks)
    used_clocks = bool(p.rx_use_clocks)
    samps, dec = np.asarray(p.dfe_slicer_samps), np.asarray(p.dfe_slicer_decisions)
    snr, means = snr_from_decisions(samps, dec)
    ber = p.n_errs_dfe / p.eye_bits
    lines = [
        f"PyBERT {pybert_version}: {p.eye_bits} bits checked, {p.n_errs_dfe} errors (BER {ber:.2e}), "
        f"slicer SNR {snr:.2f} dB, level means {np.round(means, 3).tolist()} V, AMI clocks used: {used_clocks}",
        f"halolink sim: {td['bits']} bits, {td['bit_errors']} errors (BER {td['ber']:.2e}), "
        f"slicer SNR {td['monitors']['snr_db']:.2f} dB",
    ]
    print("\n".join(lines))
    print(p.status_str)
    with open(os.path.join(a.work, "pybert_ami.json"), "w", encoding="utf-8") as f:
        json.dump({"pybert_version": pybert_version, "pybert_bits": int(p.eye_bits), "pybert_errors": int(p.n_errs_dfe),
                   "pybert_snr_db": snr, "sim_bits": td["bits"], "sim_errors": td["bit_errors"],
                   "sim_snr_db": td["monitors"]["snr_db"], "ami_clocks_used": bool(used_clocks),
                   "rx_params": RX_PARAMS}, f, indent=1)
    if a.png:
        write_png(a.png, p, "\n".join(lines))
    assert p.rx_use_ami and p.rx_use_getwave, "PyBERT did not run the AMI model's GetWave"
    assert td["bit_errors"] == 0 and p.n_errs_dfe == 0, (td["bit_errors"], p.n_errs_dfe)
    assert abs(snr - td["monitors"]["snr_db"]) <= 3.0, (snr, td["monitors"]["snr_db"])
    return 0


if __name__ == "__main__":
    sys.exit(main())

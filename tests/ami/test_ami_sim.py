#!/usr/bin/env python3
"""The RX IBIS-AMI model against `halolink sim` on the same channel and settings (issue 26).

Link: the bundled 802.3ck C2M channel CA_19p75dB_thru.s4p (19.75 dB at Nyquist), 53.125 GBd
PAM4, swing 0.8 V, TX noise at 30 dB SNR (Gaussian on each symbol's amplitude, before the
channel), no RX noise, CTLE in the COM form (g_dc -9 dB, f_z 13.28 GHz, f_p1 26.56 GHz,
f_p2 53.125 GHz), 4th-order Bessel-Thomson at 0.75 x 53.125 GHz, 8-bit ADC, FFE 16 (5 pre),
DFE 1, Mueller-Muller CDR, LMS adaptation (the bit-exact RetimerRx in both).

1. `halolink sim LINK.yaml` (time domain) gives the reference: BER and the slicer-input level
   statistics (results.json time_domain.monitors: effective SNR = variance of the four level
   means / pooled variance within the levels).
2. The AMI model as a channel simulator drives it: the channel's impulse response from
   `halolink sim pulse` (SDD21 only: the CTLE and the RX filter are the model's), the same kind
   of PAM4 stimulus (own random data and TX noise, written here), the AMI parameters derived
   from the sim's settings (ADC full scale = (full_scale_v / 2) / the sim's AGC gain, slicer
   target A as the sim sets it from the main cursor, CDR gains as the sim maps cdr.gain 2e-5),
   AMI_Init on the impulse response (its pulse peak sets sample_phase), AMI_GetWave in blocks.
   The equalised output is sampled the IBIS way, at clock_times + UI/2; the symbols are
   decided from those samples with thresholds at the midpoints of the measured level means,
   and the model's own decisions (HALO_AMI_LastBits) must agree with the transmitted data.

Tolerance (stated in docs/ami.md): the effective SNR of the AMI model's equalised samples over
the last half of the run is within 1.0 dB of the sim's, and both runs are error-free over
>= 100000 measured symbols. The two runs differ in data, noise draws, FFE start (the sim
starts from its statistical MMSE taps, the model from a unit main tap, so it runs longer)
and the CDR update (per block in the sim, per symbol in the model), not in the equaliser.
Exit 77 when numpy is missing. Usage: test_ami_sim.py HALOLINK RX.so CHANNEL.s4p WORKDIR
"""
import ctypes
import json
import math
import os
import subprocess
import sys

try:
    import numpy as np
except ImportError as e:  # pragma: no cover
    print(f"SKIP: {e}")
    sys.exit(77)

OSR = 32
BAUD = 53.125e9
SWING = 0.8
TX_SNR_DB = 30.0
CTLE = {"dc_gain_db": -9.0, "fz_ghz": 13.28, "fp1_ghz": 26.56, "fp2_ghz": 53.125}
RX_BW_GHZ = 0.75 * 53.125
SIM_SYMBOLS = 200000
AMI_SYMBOLS = 200000
TOL_DB = 1.0

LINK_YAML = """name: ami_vs_sim
symbol_rate_gbd: 53.125
osr: {osr}
seed: 5
symbols: {symbols}
block_symbols: 4096
tx:
  pattern: random
  ffe: [1.0]
  ffe_main: 0
  swing_v: {swing}
{tx_noise}channel:
  - file: {channel}
rx:
  model: cmodel
  noise_rms_mv: 0
  bandwidth_ghz: {bw}
  ctle: {{dc_gain_db: {dc_gain_db}, fz_ghz: {fz_ghz}, fp1_ghz: {fp1_ghz}, fp2_ghz: {fp2_ghz}}}
  agc_target_rms: 0.25
  adc: {{bits: 8, full_scale_v: 1.0}}
  ffe: {{taps: 16, pre: 5}}
  dfe: {{taps: 1, limit: 0.85}}
  cdr: {{type: mm, gain: 2.0e-5}}
  adapt: {{mu_ffe: 2.0e-3, mu_dfe: 2.0e-3, training_symbols: 50000}}
fec: none
"""


def effective_snr_db(z, levels):
    """Variance of the four level means over the pooled within-level variance (dB)."""
    means = np.array([z[levels == k].mean() for k in range(4)])
    var = sum(np.sum((z[levels == k] - means[k]) ** 2) for k in range(4)) / z.size
    return 10 * math.log10(np.var(means) / var), means


def run_sim(halolink, channel, work, tx_snr_db=TX_SNR_DB):
    """`halolink sim` on LINK_YAML (tx_snr_db None: no TX noise); returns results.json."""
    name = "ami_vs_sim" if tx_snr_db is not None else "ami_vs_sim_noiseless"
    cfg = os.path.join(work, name + ".yaml")
    with open(cfg, "w", encoding="utf-8") as f:
        f.write(LINK_YAML.format(osr=OSR, symbols=SIM_SYMBOLS, swing=SWING, channel=os.path.abspath(channel),
                                 tx_noise=f"  snr_db: {tx_snr_db}\n" if tx_snr_db is not None else "",
                                 bw=RX_BW_GHZ, **CTLE))
    out = os.path.join(work, name + "_out")
    subprocess.run([halolink, "sim", cfg, "--out", out], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(out, "results.json"), encoding="utf-8") as f:
        return json.load(f)


def ami_params(sim):
    """The AMI parameter string for the sim's settings (docs/ami.md, 'Matching halolink sim')."""
    agc = sim["noise"]["agc_gain"]
    full_scale = 0.5 / agc  # V at the model input mapped to code 128 (sim: 1.0 V p-p after AGC)
    p = np.asarray(sim["pulse"]["p"])
    outer_codes = abs(p[sim["statistical"]["cursor_sample"]]) * SWING / 2 * agc / (1.0 / 256)
    level_a = int(min(600, max(16, round(outer_codes * 8 / 3))))
    kp = int(round(math.log2(9.0 * level_a / (2e-5 * 65536.0))))
    return full_scale, level_a, (
        f"(halo_rx (adc_bits 8) (adc_full_scale {full_scale:.6g}) (ffe_taps 16) (ffe_pre 5) "
        f"(dfe_taps 1) (lms_mode 1) (ffe_mu_shift 4) (dfe_mu_shift 1) (level_a {level_a}) "
        f"(cdr_kp_shift {kp}) (cdr_ki_shift {kp + 20}) (ctle_dc_gain_db {CTLE['dc_gain_db']}) "
        f"(ctle_fz_ghz {CTLE['fz_ghz']}) (ctle_fp1_ghz {CTLE['fp1_ghz']}) "
        f"(ctle_fp2_ghz {CTLE['fp2_ghz']}) (rx_bw_ghz {RX_BW_GHZ}) (sample_phase PHASE))")


def run_ami(lib, imp, dt, params, sym, rng):
    ui = dt * OSR
    lib.AMI_Init.restype = lib.AMI_GetWave.restype = lib.HALO_AMI_LastBits.restype = ctypes.c_long
    # statistical pass: the model's Init returns the impulse through its CTLE and RX filter
    buf = (ctypes.c_double * imp.size)(*imp)
    mem, pout, msg = ctypes.c_void_p(), ctypes.c_char_p(), ctypes.c_char_p()
    probe = params.replace("PHASE", "0.5").encode()
    assert lib.AMI_Init(buf, imp.size, 0, ctypes.c_double(dt), ctypes.c_double(ui), probe,
                        ctypes.byref(pout), ctypes.byref(mem), ctypes.byref(msg)) == 1, msg.value
    lib.AMI_Close(mem)
    h = np.frombuffer(buf, dtype=np.float64).copy()
    pulse_eq = np.convolve(h, np.ones(OSR))  # pulse after the model's front end
    phase = (int(np.argmax(pulse_eq)) % OSR + 0.5) / OSR
    mem = ctypes.c_void_p()
    assert lib.AMI_Init(None, 0, 0, ctypes.c_double(dt), ctypes.c_double(ui),
                        params.replace("PHASE", f"{phase:.6f}").encode(), ctypes.byref(pout),
                        ctypes.byref(mem), ctypes.byref(msg)) == 1, msg.value
    # stimulus: TX amplitudes (+ TX noise) through the channel's pulse response (FFT convolution)
    a = SWING / 2
    u = a * (2 * sym - 3) / 3 + rng.normal(0, a * math.sqrt(5 / 9) * 10 ** (-TX_SNR_DB / 20), sym.size)
    pulse_ch = np.convolve(imp, np.ones(OSR))
    n = sym.size * OSR
    up = np.zeros(n)
    up[::OSR] = u
    nfft = 1 << (n + pulse_ch.size).bit_length()
    wave = np.fft.irfft(np.fft.rfft(up, nfft) * np.fft.rfft(pulse_ch, nfft), nfft)[:n]
    out, clocks, bits = [], [], []
    block = 1 << 16
    for i in range(0, n, block):
        w = np.ascontiguousarray(wave[i:i + block])
        ct = np.full(w.size, -2.0)
        assert lib.AMI_GetWave(w.ctypes.data_as(ctypes.POINTER(ctypes.c_double)), w.size,
                               ct.ctypes.data_as(ctypes.POINTER(ctypes.c_double)),
                               ctypes.byref(pout), mem) == 1
        out.append(w)
        clocks.append(ct[: int(np.argmax(ct == -1.0)) if np.any(ct == -1.0) else ct.size])
        nb = lib.HALO_AMI_LastBits(mem, None, 0)
        b = (ctypes.c_ubyte * nb)()
        lib.HALO_AMI_LastBits(mem, b, nb)
        bits.append(np.frombuffer(b, dtype=np.uint8).copy())
    lib.AMI_Close(mem)
    out, clocks = np.concatenate(out), np.concatenate(clocks)
    assert np.all(np.diff(clocks) > 0), "clock times not increasing"
    # the IBIS way: the output sampled at clock time + UI/2
    ix = np.ceil((clocks + ui / 2) / dt - 1e-6).astype(np.int64)
    z = out[ix[ix < n]]
    return z, np.concatenate(bits).reshape(-1, 2), phase


def main():
    halolink, rx_path, channel, work = sys.argv[1:5]
    os.makedirs(work, exist_ok=True)
    sim = run_sim(halolink, channel, work)
    td = sim["time_domain"]
    sim_snr = td["monitors"]["snr_db"]
    pj = os.path.join(work, "ami_vs_sim_pulse.json")
    subprocess.run([halolink, "sim", "pulse", channel, "--osr", str(OSR), "--out", pj],
                   check=True, stdout=subprocess.DEVNULL)
    with open(pj, encoding="utf-8") as f:
        d = json.load(f)
    dt, imp = d["dt_s"], np.asarray(d["impulse"])
    assert abs(dt * OSR * BAUD - 1) < 1e-9
    _, level_a, params = ami_params(sim)
    rng = np.random.default_rng(11)
    sym = rng.integers(0, 4, AMI_SYMBOLS)
    z, bits, phase = run_ami(ctypes.CDLL(rx_path), imp, dt, params, sym, rng)

    # the model's own decisions against the data: its latency, then the bit errors (2nd half)
    g = sym ^ (sym >> 1)
    sent = np.stack([(g >> 1) & 1, g & 1], axis=1)
    q0 = AMI_SYMBOLS // 2
    errs = [int(np.sum(bits[q0:] != sent[q0 - dl: AMI_SYMBOLS - dl])) for dl in range(0, 200)]
    lat = int(np.argmin(errs))
    ami_ber = errs[lat] / (2 * (AMI_SYMBOLS - q0))
    # equalised samples at clock + UI/2 hold the slicer input of symbol k - (latency - 1)...:
    # align by the best correlation with the transmitted levels
    m = min(z.size, AMI_SYMBOLS)
    zz = z[q0:m]
    best = max(range(0, 200), key=lambda dl: np.corrcoef(zz, sym[q0 - dl: m - dl])[0, 1])
    levels = sym[q0 - best: m - best]
    ami_snr, means = effective_snr_db(zz, levels)
    outer = (means[3] - means[0]) / 2
    print(f"{os.path.basename(channel)}: halolink sim: {td['measured_symbols']} symbols, BER "
          f"{td['ber']:.2e}, slicer SNR {sim_snr:.2f} dB, level std "
          f"{np.mean(td['monitors']['level_std']):.4f} (outer 1)")
    print(f"  AMI model (level_a {level_a}, sample_phase {phase:.4f}): {AMI_SYMBOLS - q0} symbols, "
          f"BER {ami_ber:.2e} (latency {lat} UI), slicer SNR {ami_snr:.2f} dB at clock+UI/2, "
          f"level means {np.round(means / outer, 3).tolist()} (outer 1), "
          f"difference {ami_snr - sim_snr:+.2f} dB (tolerance {TOL_DB} dB)")
    assert td["bit_errors"] == 0 and td["measured_symbols"] >= 100000, td["ber"]
    assert ami_ber == 0.0, ami_ber
    assert abs(ami_snr - sim_snr) <= TOL_DB, (ami_snr, sim_snr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Cross-check of `halolink sim pulse` against scikit-rf: SDD21 via skrf's mixed-mode
conversion (se2gmm) and an independent numpy pulse response computed from it with the same
documented procedure (uniform grid, raised-cosine taper over the top 10 %, real IFFT, 1-UI
moving sum). Exit 77 (ctest SKIP_RETURN_CODE) when skrf is not installed."""
import json
import subprocess
import sys
import tempfile

try:
    import numpy as np
    import skrf
except ImportError:
    print("scikit-rf not installed: skipping")
    sys.exit(77)

exe, s4p = sys.argv[1], sys.argv[2]
baud, osr = 53.125e9, 32
with tempfile.NamedTemporaryFile(suffix=".json") as f:
    subprocess.run([exe, "sim", "pulse", s4p, "--osr", str(osr), "--out", f.name], check=True)
    ours = json.load(open(f.name))

net = skrf.Network(s4p)
net.renumber([0, 1, 2, 3], [0, 2, 1, 3])  # ports (1,3) in, (2,4) out -> skrf pairs (1,2),(3,4)
net.se2gmm(p=2)
sdd21 = net.s[:, 1, 0]
fr = net.f
i = np.argmin(abs(fr - baud / 2))
loss = 20 * np.log10(abs(sdd21[i]))
print(f"SDD21 at {fr[i]/1e9:.4f} GHz: skrf {loss:.3f} dB, halolink {ours['sdd21_nyquist_db']:.3f} dB")
ok = abs(loss - ours["sdd21_nyquist_db"]) < 0.01

fs = baud * osr
n = 1 << int(np.ceil(np.log2(fs / 10e6)))
f = np.arange(n // 2 + 1) * fs / n
mag = np.interp(f, fr, abs(sdd21), right=0)
ph = np.interp(f, fr, np.unwrap(np.angle(sdd21)), right=0)
h = mag * np.exp(1j * ph)
fmax = fr[-1]
ta = 0.9 * fmax
w = np.where(f > ta, 0.5 * (1 + np.cos(np.pi * np.minimum(1, (f - ta) / (fmax - ta)))), 1.0)
imp = np.fft.irfft(h * w, n)
pulse = np.convolve(imp[: n // 2], np.ones(osr))[: n // 2]
ref = pulse[int(round(ours["delay_s"] * fs)):][: len(ours["pulse"])]
p = np.array(ours["pulse"])
err = np.max(abs(ref - p)) / np.max(abs(p))
print(f"pulse peak: numpy/skrf {ref.max():.5f}, halolink {p.max():.5f}; max |difference| / peak = {err:.2e}")
ok = ok and err < 1e-3
sys.exit(0 if ok else 1)

#!/usr/bin/env python3
"""`halolink tdecq` checks (label sim):

1. the optical DR example config: exit 0; tdecq.json holds TDECQ, outer OMA, the reference
   equalizer and the eye; TDECQ = 10 log10(C_eq OMA / (6 Q_t sqrt(sigma_G^2 + sigma_S^2))) from
   the JSON's own terms, 1.5 Q(Q_t) = SER_t, the taps sum to 1, the printed TDECQ is the JSON's;
   --plots writes tdecq_eye.png (when matplotlib is installed);
2. the waveform it wrote (--write-waveform), read back as a file, gives the same TDECQ;
3. a Gaussian-noise-only eye written here (Python's own generator, no reference receiver:
   --ref-bw-ghz 0) gives TDECQ = -5 log10(1 - (sigma_n / sigma_ideal)^2) within 0.15 dB;
4. errors exit with 2 and say what is wrong: missing file, a bad waveform line (file:line),
   an electrical config, --plots without --out, an output over the input, an unknown preset,
   a config-only option on a waveform file.
"""
import json
import math
import os
import random
import subprocess
import sys
import tempfile

exe, root = sys.argv[1], os.path.abspath(sys.argv[2])
ok = True


def check(cond, what):
    global ok
    print(("ok   " if cond else "FAIL ") + what)
    ok &= bool(cond)


def run(*args):
    return subprocess.run([exe, "tdecq", *args], capture_output=True, text=True, timeout=600)


def qf(x):
    return 0.5 * math.erfc(x / math.sqrt(2))


with tempfile.TemporaryDirectory() as d:
    out = os.path.join(d, "out")
    wave = os.path.join(d, "w.txt")
    r = run(os.path.join(root, "sim/configs/optical_dr_106g.yaml"), "--symbols", "4096", "--out", out, "--plots",
            "--write-waveform", wave)
    check(r.returncode == 0, f"config run exits 0 ({r.stderr.strip()[-300:]})")
    j = json.load(open(os.path.join(out, "tdecq.json")))
    t = j["tdecq_db"]
    own = 10 * math.log10(j["c_eq"] * j["oma_outer"] /
                          (6 * j["q_t"] * math.sqrt(j["sigma_g"] ** 2 + j["params"]["scope_noise"] ** 2)))
    check(t is not None and abs(t - own) < 1e-9, f"TDECQ {t} = 10 log10(C_eq OMA / (6 Q_t sigma)) of its own terms")
    check(abs(1.5 * qf(j["q_t"]) - j["params"]["target_ser"]) < 1e-9, "1.5 Q(Q_t) = target SER")
    check(abs(sum(j["equalizer"]["taps"]) - 1) < 1e-9 and len(j["equalizer"]["taps"]) == j["params"]["ffe_taps"],
          "reference equalizer: preset's tap count, taps sum to 1")
    check(f"TDECQ {t:.2f} dB" in r.stdout, "printed TDECQ equals the JSON's")
    check(max(j["ser_left"], j["ser_right"]) <= j["params"]["target_ser"] * 1.001, "SER at sigma_G <= target at both instants")
    check(len(j["eye"]["counts"]) == j["eye"]["phases"] and abs(sum(j["histograms"]["left"]) - 1) < 1e-9,
          "eye and histograms present")
    try:
        import matplotlib  # noqa: F401
        check(os.path.getsize(os.path.join(out, "tdecq_eye.png")) > 1000, "tdecq_eye.png written")
    except ImportError:
        print("skip plot check (no matplotlib)")
    r2 = run(wave, "--out", os.path.join(d, "out2"))
    check(r2.returncode == 0, f"waveform file run exits 0 ({r2.stderr.strip()[-300:]})")
    j2 = json.load(open(os.path.join(d, "out2", "tdecq.json")))
    check(abs(j2["tdecq_db"] - t) < 1e-6, f"the written waveform gives the same TDECQ ({j2['tdecq_db']} vs {t})")

    # Gaussian-noise-only eye
    rng = random.Random(5)
    oma, n, osr, ratio = 1.0, 30000, 4, 0.5
    qt = j["q_t"]
    sn = ratio * oma / (6 * qt)
    syms = [rng.randrange(4) for _ in range(n)]
    g = os.path.join(d, "gauss.txt")
    with open(g, "w") as f:
        f.write("# halolink tdecq waveform 1\nsymbol_rate_gbd 53.125\nsamples_per_ui 4\n")
        for i in range(0, n, 100):
            f.write("symbols " + " ".join(str(s) for s in syms[i:i + 100]) + "\n")
        f.write("samples\n")
        for s in syms:
            v = 0.2 + oma * s / 3 + rng.gauss(0, sn)
            f.write(" ".join([repr(v)] * osr) + "\n")
    r3 = run(g, "--ref-bw-ghz", "0", "--preset", "ieee8023cd_100g", "--out", os.path.join(d, "out3"))
    check(r3.returncode == 0, f"noise-only file exits 0 ({r3.stderr.strip()[-300:]})")
    j3 = json.load(open(os.path.join(d, "out3", "tdecq.json")))
    closed = -5 * math.log10(1 - ratio ** 2)
    check(abs(j3["tdecq_db"] - closed) < 0.15, f"noise-only eye: TDECQ {j3['tdecq_db']:.3f} vs closed form {closed:.3f} dB")

    # errors
    def bad(args, needle, what):
        e = run(*args)
        check(e.returncode == 2 and needle in e.stderr, f"{what}: exit 2, says '{needle}' ({e.stderr.strip()[:160]})")

    bad([os.path.join(d, "missing.txt")], "cannot open", "missing file")
    badw = os.path.join(d, "bad.txt")
    with open(badw, "w") as f:
        f.write("# halolink tdecq waveform 1\nsymbol_rate_gbd 53.125\nsamples_per_ui 4\nsymbols 0 1 2 7\n")
    bad([badw], "bad.txt:4: expected a PAM4 symbol 0..3, found '7'", "bad symbol")
    bad([os.path.join(root, "sim/configs/c2m_53g.yaml")], "optical.enabled is false", "electrical config")
    bad([g, "--plots"], "--plots needs --out", "--plots without --out")
    bad([g, "--write-waveform", g], "refusing to write over it", "output over the input")
    bad([g, "--preset", "nope"], "unknown TDECQ preset 'nope'", "unknown preset")
    bad([g, "--symbols", "5000"], "only for a config input", "config-only option on a waveform")
    bad([g, "--target-ser", "2"], "--target-ser", "target SER out of range")

sys.exit(0 if ok else 1)

#!/usr/bin/env python3
"""End-to-end checks of `halolink fec` through files (run by ctest).

Independent of the C++ code: messages are random, errors are injected here, and the
check is that decode(encode(m) + e) == m with the counters matching the injected errors.
Bad inputs must give exit code 2 and a message naming the problem.
"""
import array
import json
import os
import random
import subprocess
import sys
import tempfile

HALO = sys.argv[1]
random.seed(7)
fails = []
passed = []


def run(args, stdin=None):
    return subprocess.run([HALO] + args, input=stdin, capture_output=True)


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    (passed if cond else fails).append(what)


with tempfile.TemporaryDirectory() as d:
    msgs = [[random.randrange(1024) for _ in range(514)] for _ in range(50)]
    mpath, cpath, rpath, opath, spath = (os.path.join(d, x) for x in ["m.bin", "c.bin", "r.bin", "o.bin", "s.json"])
    array.array("H", [s for m in msgs for s in m]).tofile(open(mpath, "wb"))
    r = run(["fec", "encode", "-i", mpath, "-o", cpath])
    check(r.returncode == 0, "encode exits 0")
    cw = array.array("H")
    cw.frombytes(open(cpath, "rb").read())
    check(len(cw) == 50 * 544, "encode writes 544 symbols per message")
    check(all(cw[i * 544:i * 544 + 514].tolist() == msgs[i] for i in range(50)), "codewords are systematic, message first")
    # inject i % 20 symbol errors into codeword i: 0..15 correctable, 16..19 not
    expected_corr, expected_unc = 0, 0
    for i in range(50):
        ne = i % 20
        for p in random.sample(range(544), ne):
            cw[i * 544 + p] ^= random.randrange(1, 1024)
        if ne <= 15:
            expected_corr += ne
        else:
            expected_unc += 1
    cw.tofile(open(rpath, "wb"))
    r = run(["fec", "decode", "-i", rpath, "-o", opath, "--stats", spath])
    check(r.returncode == 0, "decode exits 0")
    out = array.array("H")
    out.frombytes(open(opath, "rb").read())
    st = json.load(open(spath))
    ok = [out[i * 514:(i + 1) * 514].tolist() == msgs[i] for i in range(50)]
    check(all(ok[i] for i in range(50) if i % 20 <= 15), "all correctable codewords restored")
    check(st["corrected_symbols"] == expected_corr, f"corrected_symbols {st['corrected_symbols']} == {expected_corr}")
    check(st["uncorrectable_codewords"] == expected_unc, f"uncorrectable {st['uncorrectable_codewords']} == {expected_unc}")
    check(sum(st["symbol_error_histogram"]) == 50, "histogram sums to the codeword count")
    # stdin/stdout path gives the same output
    r = run(["fec", "decode"], stdin=open(rpath, "rb").read())
    check(r.returncode == 0 and r.stdout == open(opath, "rb").read(), "stdin/stdout decode matches file decode")
    check(json.loads(r.stderr)["codewords"] == 50, "stats go to stderr without --stats")
    # bad inputs
    open(os.path.join(d, "t.bin"), "wb").write(open(rpath, "rb").read()[:-3])
    r = run(["fec", "decode", "-i", os.path.join(d, "t.bin"), "-o", opath])
    check(r.returncode == 2 and b"truncated" in r.stderr and b"codeword 49" in r.stderr, "truncated input is an error naming the codeword")
    bad = array.array("H", [0] * 514)
    bad[17] = 1500
    bad.tofile(open(os.path.join(d, "b.bin"), "wb"))
    r = run(["fec", "encode", "-i", os.path.join(d, "b.bin"), "-o", opath])
    check(r.returncode == 2 and b"symbol 17" in r.stderr and b"1500" in r.stderr, "symbol >= 1024 is an error naming it")
    r = run(["fec", "encode", "-i", os.path.join(d, "missing.bin")])
    check(r.returncode == 2 and b"cannot open" in r.stderr, "missing file is an error")
    r = run(["fec", "flr", "--ber", "2.4e-4", "--interleave", "3"])
    check(r.returncode == 2 and b"interleave" in r.stderr, "bad --interleave is an error")
    r = run(["fec", "flr", "--ber", "2.4e-4", "--interleave", "2"])
    check(r.returncode == 0 and abs(json.loads(r.stdout)["frame_loss_ratio"] - 1.7e-12) < 0.1e-12, "flr prints the 802.3 figure")
    r = run(["fec", "encode", "--code", "kp9"])
    check(r.returncode == 2 and b"kp4 or kr4" in r.stderr, "unknown code is an error")
    r = run(["fec", "decode", "--help"])
    check(r.returncode == 0 and b"--stats" in r.stdout, "--help lists options")

print(f"{len(passed)} passed, {len(fails)} failed")
sys.exit(1 if fails else 0)

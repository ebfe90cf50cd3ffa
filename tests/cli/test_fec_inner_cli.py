#!/usr/bin/env python3
"""End-to-end checks of `halolink fec encode|decode --code inner` (IEEE 802.3dj Clause 177)
through files (run by ctest).

Independent of the C++ code: the published test vector (IEEE P802.3dj Clause 177 test vector 1
as quoted in github.com/Omer-Sella/802.3 ieeeConstants.py), a parity reference from Table 177-1
transcribed here, errors and LLRs built here. Bad inputs must give exit code 2 and a message
naming the file, the record and the bit.
"""
import json
import os
import random
import subprocess
import sys
import tempfile

HALO = sys.argv[1]
random.seed(22)
fails, passed = [], []

ROWS = """10010100 01001010 00100101 11001011 10111100 01011110 00101111 11001110 01100111 11101010
01110101 11100011 10101000 01010100 00101010 00010101 11010011 10110000 01011000 00101100
00010110 00001011 11011100 01101110 00110111 11000010 01100001 11101001 10101101 10001111
10011110 01001111 11111110 01111111 11100110 01110011 11100000 01110000 00111000 00011100
00001110 00000111 11011010 01101101 11101111 10101110 01010111 11110010 01111001 11100101
10101011 10001100 01000110 00100011 11001000 01100100 00110010 00011001 11010101 10110011""".split()
TV1 = [int(c) for c in "010110001100110011010110101010110110110110101110101110110011011110101010111110110110"
                       "100101110101100000101101010010110000"]
TV1_PARITY = [0, 1, 0, 1, 0, 0, 0, 1]


def parity(m):
    p = [0] * 8
    for k in range(60):
        if m[2 * k] ^ m[2 * k + 1]:
            p = [p[j] ^ int(ROWS[k][j]) for j in range(8)]
    return p


def run(args, stdin=None):
    return subprocess.run([HALO] + args, input=stdin, capture_output=True)


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    (passed if cond else fails).append(what)


def level(a, b):  # Gray: 00 -> 0, 01 -> 1, 11 -> 2, 10 -> 3
    return [0, 1, 3, 2][2 * a + b]


def bits_of(lv):
    return [(0, 0), (0, 1), (1, 1), (1, 0)][lv]


def llrs(levels_z):
    """S7 LLRs from samples in signal LSB (A = 256, thresholds -512, 0, 512), as documented."""
    out = []
    for z in levels_z:
        da = -1 - z
        db = (z - 512) if z >= 0 else (-512 - 1 - z)
        for d in (da, db):
            out.append(max(-64, min(63, d >> 3)))
    return out


with tempfile.TemporaryDirectory() as d:
    P = lambda n: os.path.join(d, n)  # noqa: E731
    check(len(TV1) == 120 and parity(TV1) == TV1_PARITY, "test vector and Table 177-1 transcription agree")
    open(P("tv.bin"), "wb").write(bytes(TV1))
    r = run(["fec", "encode", "--code", "inner", "-i", P("tv.bin"), "-o", P("tvc.bin")])
    cw = open(P("tvc.bin"), "rb").read() if r.returncode == 0 else b""
    check(r.returncode == 0 and list(cw) == TV1 + TV1_PARITY, "published test vector encoded by the CLI")

    msgs = [[random.randrange(2) for _ in range(120)] for _ in range(64)]
    open(P("m.bin"), "wb").write(bytes(b for m in msgs for b in m))
    r = run(["fec", "encode", "--code=inner", "-i", P("m.bin"), "-o", P("c.bin")])
    cws = open(P("c.bin"), "rb").read()
    check(r.returncode == 0 and len(cws) == 64 * 128, "encode writes 128 bytes per message")
    check(all(list(cws[i * 128:(i + 1) * 128]) == msgs[i] + parity(msgs[i]) for i in range(64)),
          "codewords = message + Table 177-1 parity")

    # hard bits: one adjacent-level error per codeword, in a random symbol
    rx, exp_corr, exp_unres, expect_out = bytearray(cws), 0, 0, []
    for i in range(64):
        c = list(cws[i * 128:(i + 1) * 128])
        s = random.randrange(64)
        a, b = c[2 * s], c[2 * s + 1]
        lv = level(a, b)
        to = lv + random.choice([-1, 1]) if 0 < lv < 3 else (1 if lv == 0 else 2)
        na, nb = bits_of(to)
        rx[i * 128 + 2 * s], rx[i * 128 + 2 * s + 1] = na, nb
        if s < 60 and to in (1, 2):  # a data symbol received on an inner level: unresolved
            exp_unres += 1
            expect_out.append(list(rx[i * 128:i * 128 + 120]))
        else:
            exp_corr += 1
            expect_out.append(msgs[i])
    open(P("r.bin"), "wb").write(bytes(rx))
    r = run(["fec", "decode", "--code", "inner", "-i", P("r.bin"), "-o", P("o.bin"), "--stats", P("s.json")])
    check(r.returncode == 0, "hard-bit decode exits 0")
    out = open(P("o.bin"), "rb").read()
    st = json.load(open(P("s.json")))
    check(len(out) == 64 * 120 and all(list(out[i * 120:(i + 1) * 120]) == expect_out[i] for i in range(64)),
          "hard bits: parity and outer-level errors corrected, inner-level ones passed unchanged")
    check(st["corrected_codewords"] == exp_corr and st["unresolved_codewords"] == exp_unres,
          f"hard bits: corrected {st['corrected_codewords']} == {exp_corr}, unresolved {st['unresolved_codewords']} == {exp_unres}")
    check(sum(st["position_histogram"]) == exp_corr, "position histogram counts the corrections")

    # LLRs: one sample per codeword moved just across a threshold (random side), rest ideal
    soft = bytearray()
    for i in range(64):
        c = list(cws[i * 128:(i + 1) * 128])
        z = [(2 * level(c[2 * k], c[2 * k + 1]) - 3) * 256 for k in range(64)]
        s = random.randrange(64)
        lv = level(c[2 * s], c[2 * s + 1])
        to = lv + random.choice([-1, 1]) if 0 < lv < 3 else (1 if lv == 0 else 2)
        t = [-512, 0, 512][min(lv, to)]
        z[s] = t + random.randrange(0, 200) if to > lv else t - 1 - random.randrange(0, 200)
        soft += bytes((v + 256) % 256 for v in llrs(z))
    open(P("l.bin"), "wb").write(bytes(soft))
    for algo in (["--algo", "hard"], ["--chase-l", "2"], ["--chase-l", "6"]):
        r = run(["fec", "decode", "--code", "inner", "--llr", P("l.bin"), "-o", P("ol.bin"), "--stats", P("sl.json")] + algo)
        out = open(P("ol.bin"), "rb").read() if r.returncode == 0 else b""
        st = json.load(open(P("sl.json"))) if r.returncode == 0 else {}
        check(r.returncode == 0 and all(list(out[i * 120:(i + 1) * 120]) == msgs[i] for i in range(64))
              and st.get("corrected_codewords") == 64, "LLR decode " + " ".join(algo) + ": every single error corrected")

    # bad inputs: exit 2, file, record and bit named
    bad = bytearray(cws[:256])
    bad[128 + 17] = 2
    open(P("b.bin"), "wb").write(bytes(bad))
    r = run(["fec", "decode", "--code", "inner", "-i", P("b.bin"), "-o", P("ob.bin")])
    e = r.stderr.decode()
    check(r.returncode == 2 and "b.bin" in e and "codeword 1, bit 17" in e and "value 2" in e,
          "a byte other than 0/1 names file, codeword and bit")
    check(os.path.getsize(P("ob.bin")) == 120, "the codeword before the bad one is kept")
    open(P("t.bin"), "wb").write(bytes(cws[:200]))
    r = run(["fec", "decode", "--code", "inner", "-i", P("t.bin"), "-o", P("ot.bin")])
    check(r.returncode == 2 and "codeword 1 is truncated" in r.stderr.decode(), "truncated codeword named")
    badm = bytearray(bytes(TV1))
    badm[5] = 7
    open(P("bm.bin"), "wb").write(bytes(badm))
    r = run(["fec", "encode", "--code", "inner", "-i", P("bm.bin"), "-o", P("obm.bin")])
    check(r.returncode == 2 and "message 0, bit 5" in r.stderr.decode(), "bad message bit named")
    bl = bytearray(soft[:128])
    bl[99] = 100  # +100 is outside the S7 range
    open(P("bl.bin"), "wb").write(bytes(bl))
    r = run(["fec", "decode", "--code", "inner", "--llr", P("bl.bin"), "-o", P("obl.bin")])
    check(r.returncode == 2 and "codeword 0, bit 99" in r.stderr.decode() and "-64..63" in r.stderr.decode(),
          "LLR outside -64..63 named")
    r = run(["fec", "decode", "--code", "inner", "--llr", P("l.bin"), "-i", P("r.bin")])
    check(r.returncode == 2 and "not both" in r.stderr.decode(), "--llr with --input is a usage error")
    r = run(["fec", "decode", "--code", "inner", "-i", P("r.bin"), "--chase-l", "3"])
    check(r.returncode == 2 and "--llr input only" in r.stderr.decode(), "--chase-l without --llr is a usage error")
    r = run(["fec", "decode", "--code", "inner", "--llr", P("l.bin"), "--chase-l", "7"])
    check(r.returncode == 2 and "2..6" in r.stderr.decode(), "--chase-l outside 2..6 is a usage error")
    r = run(["fec", "decode", "--code", "inner", "--help"])
    check(r.returncode == 0 and b"--llr" in r.stdout, "--help lists --llr")

print(f"{len(passed)} passed, {len(fails)} failed")
sys.exit(1 if fails else 0)

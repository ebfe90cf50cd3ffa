#!/usr/bin/env python3
"""`halolink fec encode|decode` across I/O block edges (run by ctest, label unit).

The CLI reads and writes records in blocks of about 256 KiB (sim/cli/fec_stream.hpp: 240 KP4
codewords or 255 KP4 messages per input block) with read-ahead and write-behind threads for
regular files, and in the caller's thread for pipes. Record counts around one and two blocks
(0, 1, 239..241, 254..256, 479..481, 509..511) are run through files and through pipes, 9,000
(an output past the 8 MiB write-back run of AtomicFile::write_block) through files, and all are
checked against an independent reference written here: a numpy GF(2^10) LFSR encoder (IEEE
802.3-2022 91.5.2.5, g(x) = prod_{j<30} (x - alpha^j), p(x) = x^10 + x^3 + 1), and the decoder
must restore the messages after injected errors with matching counters. Truncated final
records and bad symbols at block edges must give the record-at-a-time error messages and keep
the records before them.

usage: test_fec_blocks.py HALOLINK
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

HALO = sys.argv[1]
rng = np.random.default_rng(25)
fails = []
passed = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    (passed if cond else fails).append(what)


# GF(2^10) tables, p(x) = x^10 + x^3 + 1, alpha = x
EXP = np.zeros(2048, dtype=np.int64)
x = 1
for i in range(1023):
    EXP[i] = x
    x <<= 1
    if x & 0x400:
        x ^= 0x409
EXP[1023:2046] = EXP[0:1023]
LOG = np.zeros(1024, dtype=np.int64)
LOG[EXP[:1023]] = np.arange(1023)


def gmul(a, b):
    """Element-wise product of arrays of field elements."""
    a, b = np.asarray(a), np.asarray(b)
    out = EXP[(LOG[a] + LOG[b]) % 1023]
    return np.where((a == 0) | (b == 0), 0, out)


def generator(np_):
    """g(x) coefficients, highest degree first (monic)."""
    g = [1]
    for j in range(np_):
        root = int(EXP[j])
        ng = g + [0]
        for i in range(1, len(ng)):
            ng[i] ^= int(gmul(g[i - 1], root))
        g = ng
    return g


G = generator(30)


def encode_ref(msgs):
    """msgs: (R, 514) array -> (R, 544) codewords (message, then parity p29 .. p0)."""
    rem = np.zeros((msgs.shape[0], 30), dtype=np.int64)
    for i in range(msgs.shape[1]):
        fb = msgs[:, i] ^ rem[:, 0]
        rem[:, :-1] = rem[:, 1:]
        rem[:, -1] = 0
        rem ^= gmul(fb[:, None], np.array(G[1:])[None, :])
    return np.concatenate([msgs, rem], axis=1)


def run(args, stdin=None):
    return subprocess.run([HALO] + args, input=stdin, capture_output=True, timeout=60)


def sym_bytes(a):
    return np.asarray(a, dtype="<u2").tobytes()


COUNTS = [0, 1, 239, 240, 241, 254, 255, 256, 479, 480, 481, 509, 510, 511]
R = max(COUNTS)
msgs = rng.integers(0, 1024, size=(R, 514))
cws = encode_ref(msgs)
# errors: codeword r gets r % 19 symbol errors (0..15 correctable, 16..18 not)
rx = cws.copy()
nerr = np.arange(R) % 19
for r in range(R):
    pos = rng.choice(544, size=nerr[r], replace=False)
    rx[r, pos] ^= rng.integers(1, 1024, size=nerr[r])

with tempfile.TemporaryDirectory() as d:
    def p(name):
        return os.path.join(d, name)

    for n in COUNTS:
        open(p("m.bin"), "wb").write(sym_bytes(msgs[:n]))
        open(p("r.bin"), "wb").write(sym_bytes(rx[:n]))
        r = run(["fec", "encode", "-i", p("m.bin"), "-o", p("c.bin")])
        check(r.returncode == 0 and open(p("c.bin"), "rb").read() == sym_bytes(cws[:n]),
              f"encode {n} messages (files) == reference LFSR encoder")
        r = run(["fec", "encode"], stdin=sym_bytes(msgs[:n]))
        check(r.returncode == 0 and r.stdout == sym_bytes(cws[:n]), f"encode {n} messages (pipes) == reference")
        r = run(["fec", "decode", "-i", p("r.bin"), "-o", p("o.bin"), "--stats", p("s.json")])
        out = np.frombuffer(open(p("o.bin"), "rb").read(), dtype="<u2").reshape(-1, 514)
        st = json.load(open(p("s.json")))
        ok = nerr[:n] <= 15
        check(r.returncode == 0 and out.shape[0] == n and np.array_equal(out[ok], msgs[:n][ok])
              and np.array_equal(out[~ok], rx[:n, :514][~ok]),
              f"decode {n} codewords (files): correctable restored, uncorrectable passed through")
        check(st["codewords"] == n and st["corrected_symbols"] == int(nerr[:n][ok].sum())
              and st["uncorrectable_codewords"] == int((~ok).sum()), f"decode {n} codewords: counters")
        r2 = run(["fec", "decode"], stdin=sym_bytes(rx[:n]))
        check(r2.returncode == 0 and r2.stdout == open(p("o.bin"), "rb").read()
              and json.loads(r2.stderr) == st, f"decode {n} codewords (pipes) == files")

    # truncated final records at and around block edges: the record-at-a-time messages
    for n, cut in ((240, 3), (240, 1087), (241, 2), (255, 1), (480, 544)):
        data = sym_bytes(rx[:n + 1])[:-cut]
        for how, args, stdin in (("file", ["-i", p("t.bin"), "-o", p("to.bin"), "--stats", p("t.json")], None),
                                 ("pipe", [], data)):
            open(p("t.bin"), "wb").write(data)
            r = run(["fec", "decode"] + args, stdin=stdin)
            err = r.stderr.decode().strip().splitlines()[-1] if r.stderr else ""
            src = "stdin" if how == "pipe" else f"file '{p('t.bin')}'"
            dst = "stdout" if how == "pipe" else f"'{p('to.bin')}'"
            want = (f"halolink fec: error: {src}: codeword {n} is truncated: {1088 - cut} bytes, expected 1088 "
                    f"(544 little-endian uint16 symbols); the {n} codewords before it were decoded and written to {dst}")
            out = r.stdout if how == "pipe" else open(p("to.bin"), "rb").read()
            dec = np.frombuffer(out, dtype="<u2").reshape(-1, 514)
            ok = nerr[:n] <= 15
            check(r.returncode == 2 and err.startswith(want) and dec.shape[0] == n
                  and np.array_equal(dec[ok], msgs[:n][ok]),
                  f"decode truncated after {n} codewords, {1088 - cut} bytes left ({how}): message, {n} kept")
        cut = min(cut, 1027)  # a message is 1028 bytes
        m = sym_bytes(msgs[:n + 1])[:-cut]
        open(p("tm.bin"), "wb").write(m)
        r = run(["fec", "encode", "-i", p("tm.bin"), "-o", p("tc.bin")])
        want = (f"message {n} is truncated: {1028 - cut} bytes, expected 1028 (514 little-endian uint16 symbols); "
                f"the {n} messages before it were encoded")
        check(r.returncode == 2 and want in r.stderr.decode() and open(p("tc.bin"), "rb").read() == sym_bytes(cws[:n]),
              f"encode truncated after {n} messages: message, {n} codewords kept")

    # a symbol >= 1024 at the last record of a block and the first of the next
    for bad_rec, bad_sym in ((0, 0), (239, 543), (240, 0), (254, 513), (255, 7)):
        data = msgs[:300].copy()
        data[bad_rec, min(bad_sym, 513)] = 1024 + bad_rec
        open(p("bm.bin"), "wb").write(sym_bytes(data))
        r = run(["fec", "encode", "-i", p("bm.bin"), "-o", p("bc.bin")])
        want = (f"message {bad_rec}, symbol {min(bad_sym, 513)}: value {1024 + bad_rec} is not a 10-bit symbol "
                f"(expected 0..1023); the {bad_rec} messages before it were encoded")
        check(r.returncode == 2 and want in r.stderr.decode()
              and open(p("bc.bin"), "rb").read() == sym_bytes(cws[:bad_rec]),
              f"encode: bad symbol in message {bad_rec}: message, {bad_rec} codewords kept")
        cw = cws[:300].copy()
        cw[bad_rec, bad_sym] = 2047
        r = run(["fec", "decode", "--stats", p("bs.json")], stdin=sym_bytes(cw))
        st = json.load(open(p("bs.json")))
        check(r.returncode == 2 and f"codeword {bad_rec}, symbol {bad_sym}: value 2047" in r.stderr.decode()
              and r.stdout == sym_bytes(msgs[:bad_rec]) and st["codewords"] == bad_rec,
              f"decode (pipe): bad symbol in codeword {bad_rec}: message, {bad_rec} kept and counted")

    # an output past the first 8 MiB write-back run (AtomicFile::write_block starts the
    # temporary's write-back every 8 MiB): 9,000 codewords = 9.8 MB, then a truncated final
    # message after them: the error names the file and the record, the 9,000 codewords are kept
    big = rng.integers(0, 1024, size=(9000, 514))
    big_cw = encode_ref(big)
    open(p("big.bin"), "wb").write(sym_bytes(big) + b"\x01\x00\x02")
    r = run(["fec", "encode", "-i", p("big.bin"), "-o", p("bigc.bin")])
    want = f"file '{p('big.bin')}': message 9000 is truncated: 3 bytes, expected 1028"
    check(r.returncode == 2 and want in r.stderr.decode() and "the 9000 messages before it were encoded" in r.stderr.decode()
          and open(p("bigc.bin"), "rb").read() == sym_bytes(big_cw),
          "encode 9,000 messages + a truncated one (9.8 MB out, past 8 MiB): file and record named, "
          "codewords == reference")
    # and back through files (38 input blocks: more than the 8-block rings of both threads)
    rxb = big_cw.copy()
    rxb[::7, 3] ^= 0x155  # one symbol error in every 7th codeword
    open(p("bigr.bin"), "wb").write(sym_bytes(rxb))
    r = run(["fec", "decode", "-i", p("bigr.bin"), "-o", p("bigo.bin"), "--stats", p("bigs.json")])
    st = json.load(open(p("bigs.json")))
    check(r.returncode == 0 and open(p("bigo.bin"), "rb").read() == sym_bytes(big)
          and st["codewords"] == 9000 and st["corrected_symbols"] == len(range(0, 9000, 7)),
          "decode 9,000 codewords (files, 38 blocks): messages restored, counters")

print(f"{len(passed)} passed, {len(fails)} failed")
sys.exit(1 if fails else 0)

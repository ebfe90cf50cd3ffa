#!/usr/bin/env python3
"""Nothing lost: outputs of every `halolink` command (run by ctest, label cli).

Probes of issue 21: an output that is the same file as an input (also through a symbolic or
a hard link) is refused before anything is opened for writing, and the input is intact; a
write that fails (a full device, a path that cannot be replaced) exits non-zero with the OS
reason and leaves neither a half file nor a temporary behind; a decode that stops on a bad
record says how many records it wrote and leaves the stats consistent with them; an input
that cannot be opened is named with the OS reason.

usage: test_cli_files.py HALOLINK SOURCE_DIR
"""
import array
import json
import os
import random
import subprocess
import sys
import tempfile

HALO, SRC = sys.argv[1], sys.argv[2]
CFG = os.path.join(SRC, "sim", "configs", "c2m_53g.yaml")
MON = os.path.join(SRC, "sim", "configs", "monitor_temp_ramp.yaml")
SNP = os.path.join(SRC, "sim", "data", "channels", "C2M__Z100_IL14_WC_BOR_H_L_H_THRU.s4p")
FULL = "/dev/full" if os.path.exists("/dev/full") else None
random.seed(11)
fails = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        fails.append(what)


def run(args, timeout=60):
    return subprocess.run([HALO] + args, capture_output=True, text=True, timeout=timeout)


def read(p):
    with open(p, "rb") as f:
        return f.read()


def write(p, data):
    with open(p, "wb") as f:
        f.write(data)


def first_line(r):
    return r.stderr.strip().splitlines()[-1] if r.stderr.strip() else ""


with tempfile.TemporaryDirectory() as d:
    def p(name):
        return os.path.join(d, name)

    msgs = array.array("H", [random.randrange(1024) for _ in range(514 * 20)])
    write(p("m.bin"), msgs.tobytes())
    r = run(["fec", "encode", "-i", p("m.bin"), "-o", p("c.bin")])
    check(r.returncode == 0 and len(read(p("c.bin"))) == 20 * 544 * 2, "encode 20 messages")
    cw = read(p("c.bin"))
    os.symlink(p("c.bin"), p("c_link.bin"))
    os.link(p("c.bin"), p("c_hard.bin"))

    # an output that is an input is refused; the input keeps every byte
    for verb, src in (("encode", "m.bin"), ("decode", "c.bin")):
        before = read(p(src))
        for opts, how in ((["-o", p(src)], "-o same path"),
                          (["-o", os.path.join(d, ".", src)], "-o same file, other spelling")):
            r = run(["fec", verb, "-i", p(src)] + opts)
            check(r.returncode == 2 and read(p(src)) == before and "same file" in r.stderr,
                  f"fec {verb} -i X {how}: refused, input intact ({first_line(r)!r})")
    for target, how in (("c_link.bin", "a symbolic link to the input"), ("c_hard.bin", "a hard link to the input")):
        r = run(["fec", "decode", "-i", p("c.bin"), "-o", p(target)])
        check(r.returncode == 2 and read(p("c.bin")) == cw and "same file" in r.stderr,
              f"fec decode -o {how}: refused ({first_line(r)!r})")
    r = run(["fec", "decode", "-i", p("c_link.bin"), "--stats", p("c.bin"), "-o", p("o.bin")])
    check(r.returncode == 2 and read(p("c.bin")) == cw and not os.path.exists(p("o.bin")),
          f"fec decode --stats = input (through a link): refused before writing ({first_line(r)!r})")
    write(p("o.bin"), b"old output")
    r = run(["fec", "decode", "-i", p("c.bin"), "--stats", p("o.bin"), "-o", p("o.bin")])
    check(r.returncode == 2 and read(p("o.bin")) == b"old output" and "same file" in r.stderr,
          f"fec decode --stats X -o X: refused ({first_line(r)!r})")

    # failed writes: non-zero exit with the OS reason, an existing output untouched
    if FULL:
        r = run(["fec", "decode", "-i", p("c.bin"), "-o", p("o.bin"), "--stats", FULL])
        check(r.returncode != 0 and "No space left on device" in r.stderr and read(p("o.bin")) == b"old output",
              f"fec decode --stats /dev/full: fails with the reason, -o file untouched ({first_line(r)!r})")
        r = run(["fec", "encode", "-i", p("m.bin"), "-o", FULL])
        check(r.returncode != 0 and "No space left on device" in r.stderr,
              f"fec encode -o /dev/full: fails with the reason ({first_line(r)!r})")
        r = run(["sim", "pulse", SNP, "--out", FULL])
        check(r.returncode != 0 and "No space left on device" in r.stderr,
              f"sim pulse --out /dev/full: fails with the reason ({first_line(r)!r})")
    # results.json / monitor.json that cannot be replaced (a directory is in the way)
    for args, name in ((["sim", CFG, "--statistical", "--out"], "results.json"),
                       (["monitor", MON, "--windows", "1", "--window-symbols", "1000", "--no-plots", "--out"],
                        "monitor.json")):
        out = p("out_" + name.split(".")[0])
        os.makedirs(os.path.join(out, name, "x"))
        r = run(args + [out])
        stray = sorted(set(os.listdir(out)) - {name})
        check(r.returncode != 0 and name in r.stderr and ("directory" in r.stderr.lower()) and not stray,
              f"{args[0]}: {name} not writable: exit {r.returncode}, no stray files {stray} ({first_line(r)!r})")
    snp = p("thru.s4p")
    write(snp, read(SNP))
    r = run(["sim", "pulse", snp, "--out", snp])
    check(r.returncode == 2 and "same file" in r.stderr and read(snp) == read(SNP),
          f"sim pulse --out = the Touchstone input: refused, input intact ({first_line(r)!r})")

    # a decode that stops on a bad record: the good records and matching stats are kept
    write(p("t.bin"), cw[:-3])
    r = run(["fec", "decode", "-i", p("t.bin"), "-o", p("t_out.bin"), "--stats", p("t.json")])
    st = json.loads(read(p("t.json")) or b"{}") if os.path.exists(p("t.json")) else {}
    out = read(p("t_out.bin")) if os.path.exists(p("t_out.bin")) else b""
    check(r.returncode == 2 and "codeword 19" in r.stderr and "19 codewords" in r.stderr,
          f"truncated decode: error names the record and the 19 written ({first_line(r)!r})")
    check(st.get("codewords") == 19 and sum(st.get("symbol_error_histogram", [])) == 19,
          f"truncated decode: stats cover the 19 codewords written ({st.get('codewords')})")
    check(out == msgs.tobytes()[:19 * 514 * 2], f"truncated decode: the 19 decoded messages written ({len(out)} bytes)")

    # an input that cannot be opened: the OS reason
    r = run(["fec", "decode", "-i", p("missing.bin"), "-o", p("o2.bin")])
    check(r.returncode == 2 and f"cannot open input file '{p('missing.bin')}': No such file or directory" in r.stderr
          and not os.path.exists(p("o2.bin")), f"missing input: OS reason, no output created ({first_line(r)!r})")
    leftovers = [f for f in os.listdir(d) if f.startswith(".") or "tmp" in f]
    check(not leftovers, f"no temporary files left in the directory ({leftovers})")

if fails:
    print(f"{len(fails)} failed")
    sys.exit(1)
print("all passed")

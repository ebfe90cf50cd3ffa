#!/usr/bin/env python3
"""`halolink sim CONFIG --dump-adc FILE` at the command line (ctest cli_sim_dump, label cli).

The dump's layout (docs/sim.md, "ADC-code dump": '# key: value' header, one code per line,
as many codes as the header's `codes`, each a signed adc_bits integer); usage and path
errors exit 2 with a message naming the option or file and the reason; an output is never
the same file as an input (config, channel file, results), and the input stays intact; a
failed dump leaves no file behind. The codes themselves are checked against the simulator's
receiver input by test_sim_adc_dump.

usage: test_sim_dump_cli.py HALOLINK SOURCE_DIR
"""
import os
import shutil
import subprocess
import sys
import tempfile

HALO, SRC = sys.argv[1], os.path.abspath(sys.argv[2])
CFG = os.path.join(SRC, "sim", "configs", "c2m_53g.yaml")
SWEEP = os.path.join(SRC, "sim", "configs", "c2m_noise_sweep.yaml")
fails = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        fails.append(what)


def run(args, timeout=120):
    return subprocess.run([HALO] + args, capture_output=True, text=True, timeout=timeout)


with tempfile.TemporaryDirectory() as d:
    out = os.path.join(d, "out")
    dump = os.path.join(d, "codes.txt")
    r = run(["sim", CFG, "--symbols", "5000", "--out", out, "--dump-adc", dump])
    check(r.returncode == 0, f"dump runs (exit {r.returncode}: {r.stderr.strip()[-200:]})")
    header, codes = {}, []
    with open(dump) as f:
        for line in f:
            if line.startswith("#"):
                k, _, v = line[1:].strip().partition(": ")
                header[k] = v
            else:
                codes.append(int(line))
    check(header.get("format") == "halolink-adc-codes 1", "header format line")
    check(header.get("config") == CFG and header.get("name") == "c2m_53g", "header names the config")
    check(int(header.get("codes", -1)) == len(codes) == 8192, f"codes = header count = 2 blocks ({len(codes)})")
    check(all(-128 <= c <= 127 for c in codes), "every code is a signed 8-bit integer")
    check(len(set(codes)) > 50, "the codes vary (a live signal)")
    check(int(header.get("cursor_delay", -1)) > 0, "cursor_delay > 0")

    def refused(args, what, needle):
        r = run(args)
        check(r.returncode == 2 and needle in r.stderr, f"{what}: exit 2 and '{needle}' ({r.returncode}: {r.stderr.strip()[-160:]})")

    # an output over an input: config, channel file (through a symbolic link), results.json
    cfg_copy = os.path.join(d, "c2m.yaml")
    with open(CFG) as f:
        text = f.read().replace("../data/", os.path.join(SRC, "sim", "data") + "/")
    with open(cfg_copy, "w") as f:
        f.write(text)
    before = open(cfg_copy, "rb").read()
    refused(["sim", cfg_copy, "--symbols", "5000", "--out", out, "--dump-adc", cfg_copy], "dump over the config", "config file")
    check(open(cfg_copy, "rb").read() == before, "the config is intact")
    snp = os.path.join(SRC, "sim", "data", "channels", "C2M__Z100_IL14_WC_BOR_H_L_H_THRU.s4p")
    link = os.path.join(d, "chan.s4p")
    os.symlink(snp, link)
    refused(["sim", cfg_copy, "--symbols", "5000", "--out", out, "--dump-adc", link], "dump over the channel file", "channel file")
    refused(["sim", cfg_copy, "--symbols", "5000", "--out", out, "--dump-adc", os.path.join(out, "results.json")],
            "dump over results.json", "results file")
    # bad paths and usage
    missing = os.path.join(d, "no", "such", "dir", "codes.txt")
    refused(["sim", CFG, "--symbols", "5000", "--out", out, "--dump-adc", missing], "dump into a missing folder", missing)
    check(not os.path.exists(os.path.dirname(missing)), "no folder created for the dump")
    refused(["sim", CFG, "--statistical", "--out", out, "--dump-adc", dump + "2"], "with --statistical", "--dump-adc")
    refused(["sim", SWEEP, "--out", out, "--dump-adc", dump + "3"], "with a sweep config", "sweep")
    refused(["sim", CFG, "--out", out, "--dump-adc", "-"], "to standard output", "--dump-adc")
    check(not os.path.exists(dump + "2") and not os.path.exists(dump + "3"), "refused dumps leave no file")
    if os.path.exists("/dev/full"):
        r = run(["sim", CFG, "--symbols", "5000", "--out", out, "--dump-adc", "/dev/full"])
        check(r.returncode == 2 and "/dev/full" in r.stderr, f"a full device: exit 2 naming it ({r.stderr.strip()[-160:]})")
    ro = os.path.join(d, "ro")
    os.mkdir(ro)
    os.chmod(ro, 0o500)
    if os.geteuid() != 0:
        refused(["sim", CFG, "--symbols", "5000", "--out", out, "--dump-adc", os.path.join(ro, "c.txt")],
                "dump into a read-only folder", "Permission denied")
    check(os.listdir(ro) == [], "no temporary left in the read-only folder")

print(f"{len(fails)} failure(s)")
sys.exit(1 if fails else 0)

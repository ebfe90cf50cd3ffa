#!/usr/bin/env python3
"""Numeric command-line options of every `halolink` command (run by ctest, label cli).

Each probe is an option value a careless or hostile user could type. Before the parser
rework these hung (`--symbols nan`), ran silently wrong (`--symbols -1` ran 0 symbols and
exited 0, `--seed -5` wrapped to 2^64 - 5), crashed (`--osr -1`: bad_alloc) or printed
nonsense (`--timeout 1e12`: a negative bound). Each must now be a usage error: exit code 2
before any work, naming the option, what was expected and what was found. `--help` works
on every command and verb and exits 0.

usage: test_cli_options.py HALOLINK SOURCE_DIR
"""
import json
import os
import subprocess
import sys
import tempfile

HALO, SRC = sys.argv[1], sys.argv[2]
CFG = os.path.join(SRC, "sim", "configs", "c2m_53g.yaml")
MON = os.path.join(SRC, "sim", "configs", "monitor_temp_ramp.yaml")
CMP = os.path.join(SRC, "sim", "configs", "compare_default.yaml")
SNP = os.path.join(SRC, "sim", "data", "channels", "C2M__Z100_IL14_WC_BOR_H_L_H_THRU.s4p")
fails = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        fails.append(what)


def run(args, timeout=20):
    try:
        return subprocess.run([HALO] + args, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None


def usage_error(args, option, found):
    """Exit 2 within the timeout, and stderr names the option, an expectation and the value."""
    r = run(args)
    label = " ".join(args[:2]) + " ... " + option + " " + found
    if r is None:
        check(False, label + ": hangs")
        return
    err = r.stderr.strip().splitlines()[0] if r.stderr.strip() else ""
    check(r.returncode == 2 and option in err and "expected" in err and f"'{found}'" in err,
          f"{label}: exit {r.returncode}, {err!r}")


with tempfile.TemporaryDirectory() as d:
    out = os.path.join(d, "o")
    sim = ["sim", CFG, "--statistical", "--out", out]
    usage_error(sim + ["--symbols", "nan"], "--symbols", "nan")
    usage_error(sim + ["--symbols", "-1"], "--symbols", "-1")
    usage_error(sim + ["--symbols", "0"], "--symbols", "0")
    usage_error(sim + ["--symbols", "1e400"], "--symbols", "1e400")
    usage_error(sim + ["--symbols", "12abc"], "--symbols", "12abc")
    usage_error(sim + ["--seed", "-5"], "--seed", "-5")
    usage_error(sim + ["--seed", "18446744073709551616"], "--seed", "18446744073709551616")
    usage_error(sim + ["--seed", "2.5"], "--seed", "2.5")
    pulse = ["sim", "pulse", SNP]
    usage_error(pulse + ["--osr", "-1"], "--osr", "-1")
    usage_error(pulse + ["--osr", "0"], "--osr", "0")
    usage_error(pulse + ["--baud", "nan"], "--baud", "nan")
    usage_error(pulse + ["--baud", "-53"], "--baud", "-53")
    usage_error(pulse + ["--baud", "inf"], "--baud", "inf")
    tq = ["tdecq", os.path.join(SRC, "sim", "configs", "optical_dr_106g.yaml")]
    usage_error(tq + ["--symbols", "nan"], "--symbols", "nan")
    usage_error(tq + ["--symbols", "999"], "--symbols", "999")
    usage_error(tq + ["--taps", "0"], "--taps", "0")
    usage_error(tq + ["--target-ser", "0"], "--target-ser", "0")
    usage_error(tq + ["--ref-bw-ghz", "-1"], "--ref-bw-ghz", "-1")
    mon = ["monitor", MON, "--no-plots", "--out", out]
    usage_error(mon + ["--windows", "0"], "--windows", "0")
    usage_error(mon + ["--windows", "nan"], "--windows", "nan")
    usage_error(mon + ["--window-symbols", "5"], "--window-symbols", "5")
    usage_error(mon + ["--seed", "-5"], "--seed", "-5")
    usage_error(["fec", "demo", "--seed", "-5"], "--seed", "-5")
    usage_error(["fec", "demo", "--seed", "5%value%"], "--seed", "5%value%")  # quoted as typed
    usage_error(["fec", "demo", "--codewords", "-1"], "--codewords", "-1")
    usage_error(["fec", "demo", "--ber", "nan"], "--ber", "nan")
    usage_error(["fec", "demo", "--ber", "1.5"], "--ber", "1.5")
    usage_error(["fec", "flr", "--ber", "-0.1"], "--ber", "-0.1")
    usage_error(["fec", "flr", "--ser", "nan"], "--ser", "nan")
    usage_error(["fec", "flr", "--ber", "1e-3", "--frame-bits", "0"], "--frame-bits", "0")
    usage_error(["fec", "flr", "--ber", "1e-3", "--interleave", "3"], "--interleave", "3")
    usage_error(["fec", "bench", "--seconds", "inf"], "--seconds", "inf")
    fpga = ["fpga", "read", "--port", os.devnull]
    usage_error(fpga + ["--timeout", "1e12"], "--timeout", "1e12")
    usage_error(fpga + ["--timeout", "nan"], "--timeout", "nan")
    usage_error(fpga + ["--timeout", "0"], "--timeout", "0")
    usage_error(["fpga", "run", "--port", os.devnull, "--seed", "-1"], "--seed", "-1")
    usage_error(["fpga", "run", "--port", os.devnull, "--amp", "4096"], "--amp", "4096")
    usage_error(["fpga", "run", "--port", os.devnull, "--c1", "-2049"], "--c1", "-2049")
    usage_error(["fpga", "run", "--port", os.devnull, "--burst", "0"], "--burst", "0")
    usage_error(["fpga", "run", "--port", os.devnull, "--ser", "1"], "--ser", "1")
    usage_error(["fpga", "run", "--port", os.devnull, "--codewords", "-1"], "--codewords", "-1")
    usage_error(["fpga", "run", "--port", os.devnull, "--baud", "12345"], "--baud", "12345")

    # an unknown option or a missing value is a usage error too
    for args in (sim + ["--symbolz", "5"], ["monitor", MON, "--windows"], ["compare", CMP, "--bogus"],
                 ["fec", "decode", "--frobnicate"], ["fpga", "read"]):
        r = run(args)
        check(r is not None and r.returncode == 2 and r.stderr.strip() != "",
              f"{' '.join(args[:2])} ...{args[-1]}: usage error ({r and r.stderr.strip()!r})")

    # --help everywhere: exit 0, the usage line on stdout, every option listed
    for args, opts in ((["sim", "--help"], ["--symbols", "--seed", "--out", "--statistical"]),
                       (["sim", "pulse", "--help"], ["--baud", "--osr", "--ports", "--out"]),
                       (["monitor", "--help"], ["--windows", "--window-symbols", "--seed", "--no-plots"]),
                       (["compare", "--help"], ["--out", "--no-plots", "--with"]),
                       (["tdecq", "--help"], ["--preset", "--symbols", "--taps", "--target-ser", "--out", "--plots"]),
                       (["fec", "--help"], ["encode", "decode", "flr"]),
                       (["fec", "decode", "--help"], ["--input", "--output", "--stats", "--bypass"]),
                       (["fec", "flr", "--help"], ["--ber", "--ser", "--interleave", "--frame-bits"]),
                       (["fpga", "run", "--help"], ["--port", "--timeout", "--seed", "--amp"]),
                       (["fpga", "--help"], ["run", "read"])):
        r = run(args)
        check(r is not None and r.returncode == 0 and "usage: halolink" in r.stdout and all(o in r.stdout for o in opts),
              f"{' '.join(args)}: exit 0, usage and {opts} listed")

    # compare --with: two runs with one name would write one folder; refused before anything runs
    r = run(["compare", CMP, "--with", CMP, "--out", out])
    check(r is not None and r.returncode == 2 and "compare_default" in r.stderr and "distinct names" in r.stderr,
          f"compare --with a config of the same name: usage error naming it ({r and r.stderr.strip()!r})")

    # a whole number in real notation is an integer, as the former sim parser took it
    r = run(["fec", "demo", "--codewords", "1.5e2", "--ber", "1e-3"])
    check(r is not None and r.returncode == 0 and '"codewords": 150' in r.stdout,
          "fec demo --codewords 1.5e2 runs 150 codewords")
    usage_error(["fec", "demo", "--codewords", "1.5e-2"], "--codewords", "1.5e-2")
    usage_error(["fec", "demo", "--seed", "1e300"], "--seed", "1e300")

    # the options scripts/golden_outputs.py passes keep working (values at the limits too)
    r = run(["sim", CFG, "--statistical", "--symbols", "200000", "--seed", "18446744073709551615", "--out", out])
    check(r is not None and r.returncode == 0, f"sim --seed 2^64-1 --statistical runs ({r and r.stderr.strip()[-200:]})")

# probabilities: every one `fec flr` reports is in [0, 1] (--ber 0.4 reported FLR 1.13)
for opt, v in (("--ber", "0"), ("--ber", "1e-300"), ("--ber", "0.4"), ("--ber", "0.5"), ("--ber", "1"),
               ("--ser", "1")):
    for il in ("1", "4"):
        r = run(["fec", "flr", opt, v, "--interleave", il])
        j = json.loads(r.stdout) if r is not None and r.returncode == 0 else {}
        probs = {k: j.get(k) for k in ("symbol_error_ratio", "codeword_error_ratio", "frame_loss_ratio")}
        check(bool(j) and all(isinstance(p, (int, float)) and 0 <= p <= 1 for p in probs.values()),
              f"fec flr {opt} {v} --interleave {il}: probabilities in [0, 1] ({probs})")

if fails:
    print(f"{len(fails)} failed")
    sys.exit(1)
print("all passed")

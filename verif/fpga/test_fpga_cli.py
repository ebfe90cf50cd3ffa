#!/usr/bin/env python3
"""`halolink fpga` end to end without hardware: halo_emu_pty serves the verilated BER
emulator top on a pseudo-terminal; `halolink fpga run --port <pty>` configures a run and
prints the counters as JSON, which must equal the bit-exact model's counters
(`halo_emu_pty --expect`). Also checks the error paths (missing port, silent port).

usage: test_fpga_cli.py HALOLINK HALO_EMU_PTY
"""
import json
import os
import subprocess
import sys
import tempfile

KEYS = ["codewords", "corrected_codewords", "uncorrectable_codewords", "corrected_symbols",
        "corrected_bits", "symbol_errors", "pre_fec_bit_errors", "pre_fec_symbol_errors",
        "post_fec_bit_errors", "hi_ser_windows"]


def main():
    halolink, pty = sys.argv[1], sys.argv[2]
    fails = []
    # error paths: a port that does not exist, and a "port" that never answers
    r = subprocess.run([halolink, "fpga", "read", "--port", "/nonexistent/tty"], capture_output=True, text=True)
    if r.returncode == 0 or "/nonexistent/tty" not in r.stderr:
        fails.append(f"missing port: rc {r.returncode}, stderr {r.stderr!r}")
    with tempfile.TemporaryDirectory() as d:
        fifo = os.path.join(d, "silent")
        os.mkfifo(fifo)
        keep = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)  # a reader exists, nobody answers
        r = subprocess.run([halolink, "fpga", "read", "--port", fifo, "--timeout", "0.3"],
                           capture_output=True, text=True, timeout=30)
        os.close(keep)
        if r.returncode == 0 or "no reply" not in r.stderr:
            fails.append(f"silent port: rc {r.returncode}, stderr {r.stderr!r}")

    srv = subprocess.Popen([pty, "--seconds", "240"], stdout=subprocess.PIPE, text=True)
    try:
        line = srv.stdout.readline().split()
        assert line and line[0] == "PTY", f"halo_emu_pty printed {line}"
        port = line[1]
        # seed, codewords, amp, c1, c2, injector threshold (2^32 * ser), burst, correct, noise, inj
        runs = [
            (["--seed", "5", "--codewords", "120", "--amp", "100", "--c1", "7", "--c2", "-4"],
             [5, 120, 100, 7, -4, 0, 1, 1, 1, 0]),
            (["--seed", "77", "--codewords", "100", "--ser", "0.001953125", "--burst", "2", "--bypass"],
             [77, 100, 0, 0, 0, 8388608, 2, 0, 0, 1]),
        ]
        for args, exp in runs:
            r = subprocess.run([halolink, "fpga", "run", "--port", port, "--timeout", "5"] + args,
                               capture_output=True, text=True, timeout=200)
            if r.returncode != 0:
                fails.append(f"halolink fpga run {args}: rc {r.returncode}: {r.stderr}")
                continue
            j = json.loads(r.stdout)
            e = subprocess.run([pty, "--expect"] + [str(v) for v in exp], capture_output=True,
                               text=True, check=True).stdout.split()
            e = [int(v) for v in e]
            got = [j[k] for k in KEYS] + j["symbol_error_histogram"]
            if got != e:
                fails.append(f"{args}: device {got} != model {e}")
            if j["code"] != "kp4" or j["device"]["symbols_per_clock"] != 1:
                fails.append(f"{args}: unexpected header {j['code']} {j['device']}")
            if abs(j["pre_fec_ber"] - j["pre_fec_bit_errors"] / (5440 * j["codewords"])) > 1e-15:
                fails.append("pre_fec_ber inconsistent")
            print(f"{args}: codewords {j['codewords']}, pre-FEC BER {j['pre_fec_ber']:.3e}, "
                  f"uncorrectable {j['uncorrectable_codewords']}, post-FEC BER {j['post_fec_ber']:.3e}, "
                  f"{j['seconds']:.2f} s")
    finally:
        srv.terminate()
        srv.wait(timeout=10)
    for f in fails:
        print("FAIL:", f)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())

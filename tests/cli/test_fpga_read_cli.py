#!/usr/bin/env python3
"""`halolink fpga read` against a synthetic BER-emulator UART device (no hardware, no RTL): a
pseudo-terminal served by this script speaks the register protocol of docs/fpga.md ('R' addr
-> 4 bytes little endian; counter i at word 0x40 + 2i (low) / 0x41 + 2i (high)) from a
register dump written here. Checks that the KP4-only device (CONFIG.concat = 0) is read as its
27 counters (and no further counter address is touched), and that the concatenated 802.3dj
variant (CONFIG.concat = 1, Chase-2 L = 4 or hard) prints its inner counters 27..31 under
"inner", with the BERs recomputed here. Counters above 2^32 check the high words.

usage: test_fpga_read_cli.py HALOLINK
"""
import json
import os
import subprocess
import sys
import threading
import tty

ID = 0x484C4245
KP4_KEYS = ["codewords", "corrected_codewords", "uncorrectable_codewords", "corrected_symbols",
            "corrected_bits", "symbol_errors", "pre_fec_bit_errors", "pre_fec_symbol_errors",
            "post_fec_bit_errors", "hi_ser_windows"]
INNER_KEYS = ["codewords", "corrected_codewords", "uncorrectable_codewords",
              "pre_inner_bit_errors", "post_inner_bit_errors"]


def config_word(concat, chase, chase_l):
    # P = 4, CntW = 48, noise channel built, version 1 (emu_regs.hpp field positions)
    return 4 | (48 << 8) | (1 << 16) | (concat << 17) | (chase << 18) | (chase_l << 20) | (1 << 24)


class FakeEmu:
    """Serves registers on the master side of a pty; records the addresses read."""

    def __init__(self, regs):
        self.regs = regs
        self.reads = []
        self.master, slave = os.openpty()
        tty.setraw(slave)
        self.path = os.ttyname(slave)
        self.slave = slave
        self.stop = False
        self.t = threading.Thread(target=self.serve, daemon=True)
        self.t.start()

    def recv(self, n):
        b = b""
        while len(b) < n:
            b += os.read(self.master, n - len(b))
        return b

    def serve(self):
        try:
            while True:
                cmd = self.recv(1)[0]
                if cmd == 0x52:  # read
                    a = self.recv(1)[0]
                    self.reads.append(a)
                    os.write(self.master, self.regs.get(a, 0).to_bytes(4, "little"))
                elif cmd == 0x57:  # write
                    a, *d = self.recv(5)
                    self.regs[a] = int.from_bytes(bytes(d), "little")
                    os.write(self.master, b"K")
        except OSError:
            pass


def dump(concat, chase, chase_l, counters):
    regs = {0x00: ID, 0x01: config_word(concat, chase, chase_l), 0x04: 0}
    for i, v in enumerate(counters):
        regs[0x40 + 2 * i] = v & 0xFFFFFFFF
        regs[0x41 + 2 * i] = v >> 32
    return regs


def run_read(halolink, regs):
    emu = FakeEmu(regs)
    r = subprocess.run([halolink, "fpga", "read", "--port", emu.path, "--timeout", "2"],
                       capture_output=True, text=True, timeout=60)
    os.close(emu.slave)
    return r, emu.reads


def main():
    halolink = sys.argv[1]
    fails = []
    # 32 distinct counters; 0 (KP4 codewords) and 30 (pre-inner bit errors) above 2^32
    counters = [1000 + 17 * i for i in range(32)]
    counters[0] = (3 << 32) + 12345
    counters[27] = 1 << 20          # inner codewords
    counters[30] = (1 << 33) + 99   # pre-inner bit errors
    counters[31] = 777
    for concat, chase, chase_l in [(0, 0, 0), (1, 1, 4), (1, 0, 0)]:
        r, reads = run_read(halolink, dump(concat, chase, chase_l, counters))
        tag = f"concat={concat} chase={chase}"
        if r.returncode != 0:
            fails.append(f"{tag}: rc {r.returncode}: {r.stderr}")
            continue
        j = json.loads(r.stdout)
        got = [j[k] for k in KP4_KEYS] + j["symbol_error_histogram"]
        if got != counters[:27]:
            fails.append(f"{tag}: KP4 counters {got} != {counters[:27]}")
        if abs(j["pre_fec_ber"] - counters[6] / (5440 * counters[0])) > 1e-15:
            fails.append(f"{tag}: pre_fec_ber {j['pre_fec_ber']}")
        counter_words = sorted(a for a in set(reads) if a >= 0x40)
        want_words = list(range(0x40, 0x40 + 2 * (32 if concat else 27)))
        if counter_words != want_words:
            fails.append(f"{tag}: counter words read {counter_words[:3]}..{counter_words[-3:]}, "
                         f"expected 0x40..0x{want_words[-1]:x}")
        if j["device"]["concatenated"] != bool(concat):
            fails.append(f"{tag}: device.concatenated = {j['device']['concatenated']}")
        if not concat:
            if "inner" in j:
                fails.append(f"{tag}: 'inner' printed for a KP4-only device")
            continue
        inner = j.get("inner")
        if inner is None:
            fails.append(f"{tag}: no 'inner' object")
            continue
        if [inner[k] for k in INNER_KEYS] != counters[27:32]:
            fails.append(f"{tag}: inner counters {[inner[k] for k in INNER_KEYS]} != {counters[27:32]}")
        if inner["decoder"] != ("chase" if chase else "hard"):
            fails.append(f"{tag}: decoder {inner['decoder']}")
        if chase and inner.get("chase_l") != chase_l:
            fails.append(f"{tag}: chase_l {inner.get('chase_l')}")
        pre = counters[30] / (128 * counters[27])
        post = counters[31] / (120 * counters[27])
        if abs(inner["pre_inner_ber"] - pre) > 1e-12 * pre or abs(inner["post_inner_ber"] - post) > 1e-12 * post:
            fails.append(f"{tag}: BERs {inner['pre_inner_ber']} {inner['post_inner_ber']} != {pre} {post}")
    for f in fails:
        print("FAIL:", f)
    print("fpga read CLI:", "OK" if not fails else f"{len(fails)} failures")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())

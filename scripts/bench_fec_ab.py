#!/usr/bin/env python3
"""A/B of the KP4 RS-FEC kernels of two bench_fec builds in one run (issue 25, target 2).

  bench_fec_ab.py OLD_BENCH_FEC NEW_BENCH_FEC [--reps N] [--min-time S] [--filter REGEX]

Runs OLD and NEW alternately, N repetitions (default 7; both see the same host state), each
with the KP4 cases of tests/bench/bench_fec.cpp (encode, error-free decode, decode at BER
2.4e-4, 15-symbol-error decode and the per-ISA-path rows, counter info_Gbps = Gb/s of
information bits, one core), and prints the median and range (lowest-highest repetition) of
each build and the change of the median, headed by the CPU model and the load average.
A thin front end of `bench_table.py ab` (programs run from argument vectors, no shell).
Example: build main's bench_fec into /tmp/old, then
  scripts/bench_fec_ab.py /tmp/old/bench_fec build/bench/bench_fec --reps 9
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_table  # noqa: E402

KERNELS = r"^halolink/(encode|decode_error_free|decode_ber_2\.4e-4|decode_15_symbol_errors)(/isa:.*)?$"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("old", help="the previous bench_fec binary")
    ap.add_argument("new", help="the new bench_fec binary")
    ap.add_argument("--reps", type=int, default=7, help="interleaved repetitions (default 7)")
    ap.add_argument("--min-time", default="0.3", help="--benchmark_min_time per case (default 0.3)")
    ap.add_argument("--filter", default=KERNELS, help="--benchmark_filter regex (default: the KP4 kernels)")
    a = ap.parse_args()
    for p in (a.old, a.new):
        if not (os.path.isfile(p) and os.access(p, os.X_OK)):
            ap.error(f"{p}: not an executable file (expected a bench_fec binary)")
    if a.reps < 1:
        ap.error(f"--reps: expected a positive count, found {a.reps}")
    bench_table.cmd_ab(argparse.Namespace(old=a.old, new=a.new, reps=a.reps, filter=a.filter,
                                          counter="info_Gbps", rss_counter="peak_rss_MiB", min_time=a.min_time))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Time to the first result of a fresh `scripts/demo`, A/B of two commits (issue 25, target 5).

  bench_demo.py [--repo DIR] [--dir DIR] [--ccache] [--keep] REF...

For each REF (e.g. `2e2fa71^` = before the main job's lean set-up, `main`): `git clone` REPO
(default: this checkout) into a new folder, check REF out, and run its `scripts/demo` with
`bash -x`, each trace line (printed as a command starts) time-stamped as it arrives, so the
set-up, the configure, the build and the first `halolink` command are timed from the script's
own steps. The run is
stopped (its process group, started here) at the first line the demo prints, which is the first
result. Reported per REF: seconds from the start to each step and to the first result, and
whether the configure ran Verilator (files under build/verif that Verilator generated).

--ccache: compile through ccache (CMAKE_<LANG>_COMPILER_LAUNCHER in the environment,
CCACHE_BASEDIR = the clone) with the cache in $CCACHE_DIR; without it the build is cold.
Argument vectors only (no shell strings); the clones are removed unless --keep.
"""
import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

STEPS = [("setup", re.compile(r"scripts/setup")), ("configure", re.compile(r"^cmake -S")),
         ("build", re.compile(r"^cmake --build")), ("first halolink", re.compile(r"^build/halolink"))]


def run_demo(clone, use_ccache):
    env = dict(os.environ)
    if use_ccache:
        env["CMAKE_CXX_COMPILER_LAUNCHER"] = "ccache"
        env["CMAKE_C_COMPILER_LAUNCHER"] = "ccache"
        env["CCACHE_BASEDIR"] = clone
    else:
        for k in ("CMAKE_CXX_COMPILER_LAUNCHER", "CMAKE_C_COMPILER_LAUNCHER"):
            env.pop(k, None)
        env["CCACHE_DISABLE"] = "1"
    t0 = time.time()
    p = subprocess.Popen(["bash", "-x", "scripts/demo"], cwd=clone, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, start_new_session=True)
    steps = {}

    def stamp():  # bash -x prints "+ command" as the command starts
        for line in p.stderr:
            m = re.match(r"^\++ (.*)$", line.rstrip("\n"))
            if m:
                for name, rx in STEPS:
                    if name not in steps and rx.search(m.group(1)):
                        steps[name] = time.time() - t0

    th = threading.Thread(target=stamp)
    th.start()
    first = p.stdout.readline()
    t_first = time.time() - t0
    if p.poll() is None:
        os.killpg(p.pid, signal.SIGTERM)  # the demo's own process group, started above
    p.wait()
    th.join()
    verilated = 0
    vdir = os.path.join(clone, "build", "verif")
    for root, _, files in os.walk(vdir):
        # verilate() runs Verilator with --make cmake: one V<prefix>.cmake per model in V<prefix>.dir
        verilated += sum(1 for f in files if f.startswith("V") and f.endswith(".cmake")
                         and os.path.basename(root) == f[:-len(".cmake")] + ".dir")
    return steps, t_first, first.rstrip("\n"), verilated


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("refs", nargs="+")
    ap.add_argument("--repo", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("--dir", default=None, help="where the clones go (default: a temporary folder)")
    ap.add_argument("--ccache", action="store_true")
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    base = tempfile.mkdtemp(prefix="bench_demo_", dir=a.dir)
    print(f"load before: {open('/proc/loadavg').read().strip()}; ccache {'on' if a.ccache else 'off'}")
    rows = []
    for i, ref in enumerate(a.refs):
        clone = os.path.join(base, f"r{i}")
        subprocess.run(["git", "clone", "-q", a.repo, clone], check=True)
        subprocess.run(["git", "-C", clone, "checkout", "-q", ref], check=True)
        steps, t_first, first, verilated = run_demo(clone, a.ccache)
        rows.append((ref, steps, t_first, first, verilated))
        print(f"{ref}: {steps} first result at {t_first:.1f} s: {first!r}; Verilator outputs {verilated}",
              flush=True)
        if not a.keep:
            subprocess.run(["rm", "-rf", clone], check=True)
    print(f"load after: {open('/proc/loadavg').read().strip()}")
    print("\n| ref | setup done | configure done | build done | first result | Verilator models |")
    print("|---|---:|---:|---:|---:|---:|")
    for ref, s, tf, _, v in rows:
        def at(k):
            return f"{s[k]:.1f}" if k in s else "-"
        print(f"| {ref} | {at('configure')} | {at('build')} | {at('first halolink')} | {tf:.1f} | {v} |")
    if not a.keep:
        os.rmdir(base)
    return 0


if __name__ == "__main__":
    sys.exit(main())

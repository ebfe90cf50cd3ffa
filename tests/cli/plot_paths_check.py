#!/usr/bin/env python3
"""`halolink sim|monitor|compare --plots` with an output directory whose name holds shell
metacharacters: the plot scripts must be started without a shell (issue 21), so the run must
write its JSON and PNG plots into exactly that directory and run nothing else.

usage: plot_paths_check.py HALOLINK SOURCE_DIR [sim|monitor|compare ...] (default sim monitor)
The name below would, through a shell, run `touch` (after `;`, inside `$(...)` and backquotes)
or break the quoting (`'`); the check is that none of the marker files appears and the plots
are there.
"""
import glob
import os
import subprocess
import sys
import tempfile

exe, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
which = sys.argv[3:] or ["sim", "monitor"]  # compare: cli_install runs it with this name
NAME = ("out dir; touch PWNED_semi ;'q' $(touch PWNED_subst) `touch PWNED_tick` \"dq\" & touch PWNED_amp"
        " '; touch PWNED_sq; '")
MARKERS = ["PWNED_semi", "PWNED_subst", "PWNED_tick", "PWNED_amp", "PWNED_sq"]
RUNS = {
    "sim": (["sim", os.path.join(root, "sim/configs/c2m_53g.yaml"), "--statistical", "--plots"], "results.json"),
    "monitor": (["monitor", os.path.join(root, "sim/configs/monitor_temp_ramp.yaml")], "monitor.json"),
    "compare": (["compare", os.path.join(root, "sim/configs/compare_default.yaml")], "compare.json"),
}
fails = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        fails.append(what)


for cmd in which:
    args, json_name = RUNS[cmd]
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, NAME)
        r = subprocess.run([exe] + args + ["--out", out], cwd=d, capture_output=True, text=True)
        check(r.returncode == 0, f"{cmd}: exit 0 (got {r.returncode}; stderr tail: {r.stderr[-300:]!r})")
        check(os.path.isfile(os.path.join(out, json_name)), f"{cmd}: {json_name} written into the literal directory")
        pngs = glob.glob(os.path.join(glob.escape(out), "*.png"))
        check(len(pngs) > 0, f"{cmd}: plot script wrote PNGs there ({len(pngs)})")
        check("plot" not in r.stderr or "not written" not in r.stderr and "failed" not in r.stderr,
              f"{cmd}: no plotting failure reported")
        found = [m for m in MARKERS for _ in glob.glob(os.path.join(glob.escape(d), "**", m), recursive=True)]
        found += [m for m in MARKERS if os.path.exists(m)]
        check(not found, f"{cmd}: no command injected through the name (markers found: {found})")
        check(sorted(os.listdir(d)) == [NAME], f"{cmd}: nothing else created beside it ({sorted(os.listdir(d))})")
sys.exit(1 if fails else 0)

#!/usr/bin/env python3
"""Bit-identity check for refactorings: run one `halolink` binary over every shipped config at
fixed seeds and keep the JSON outputs, then compare two such runs.

    scripts/golden_outputs.py run  BUILD/halolink OUTDIR   # results.json / compare.json / monitor.json per config
    scripts/golden_outputs.py diff OUTDIR_A OUTDIR_B       # exit 1 on any difference

Wall-clock fields (keys containing "seconds", "per_second", "msym", "elapsed" or "wall") are dropped before
comparing; everything else must be equal, floats to the last bit (JSON text of the value).
Configs are named relative to the source root (the run's working directory), so the paths that
the outputs record are the same in every checkout. Arguments are passed as vectors (no shell)."""
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SIM_SYMBOLS = "200000"
TIMING_KEYS = ("seconds", "per_second", "msym", "elapsed", "wall")


def jobs():
    """(name, argv tail, output file) for every shipped config."""
    for path in sorted((ROOT / "sim" / "configs").glob("*.yaml")):
        name = path.stem
        path = path.relative_to(ROOT)
        if name.startswith("compare_"):
            yield name, ["compare", str(path), "--no-plots", "--out"], "compare.json"
        elif name.startswith("monitor_"):
            yield name, ["monitor", str(path), "--windows", "6", "--seed", "3", "--no-plots", "--out"], "monitor.json"
        else:
            yield name, ["sim", str(path), "--symbols", SIM_SYMBOLS, "--seed", "5", "--out"], "results.json"
            yield name + "_stat", ["sim", str(path), "--statistical", "--seed", "5", "--out"], "results.json"


def run(binary, outdir):
    outdir = pathlib.Path(outdir).resolve()
    binary = str(pathlib.Path(binary).resolve())
    for name, argv, result in jobs():
        d = outdir / name
        d.mkdir(parents=True, exist_ok=True)
        proc = subprocess.run([binary, *argv, str(d)], capture_output=True, text=True, cwd=ROOT)
        (d / "stdout.txt").write_text(proc.stdout)
        if proc.returncode != 0:
            print(f"{name}: exit {proc.returncode}\n{proc.stderr}", file=sys.stderr)
            return 1
        print(f"{name}: {d / result}")
    fec = subprocess.run([binary, "fec", "demo", "--codewords", "20000", "--ber", "2.4e-4", "--seed", "1"],
                         capture_output=True, text=True, check=True)
    (outdir / "fec_demo.txt").write_text(fec.stdout)
    return 0


def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if not any(t in k.lower() for t in TIMING_KEYS)}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v


def diff(a, b):
    a, b = pathlib.Path(a), pathlib.Path(b)
    bad = 0
    for fa in sorted(a.rglob("*.json")):
        fb = b / fa.relative_to(a)
        if not fb.exists():
            print(f"missing in {b}: {fa.relative_to(a)}")
            bad += 1
            continue
        ja, jb = strip(json.loads(fa.read_text())), strip(json.loads(fb.read_text()))
        if json.dumps(ja, sort_keys=True) != json.dumps(jb, sort_keys=True):
            print(f"DIFFERENT: {fa.relative_to(a)}")
            bad += 1
        else:
            print(f"identical: {fa.relative_to(a)}")
    ta, tb = (a / "fec_demo.txt"), (b / "fec_demo.txt")
    if ta.exists() and tb.exists() and ta.read_text() != tb.read_text():
        print("DIFFERENT: fec_demo.txt")
        bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("run", "diff"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(run(sys.argv[2], sys.argv[3]) if sys.argv[1] == "run" else diff(sys.argv[2], sys.argv[3]))

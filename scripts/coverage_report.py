#!/usr/bin/env python3
"""Coverage report of the co-simulations (issue 24 item 4, docs/verification.md).

usage: coverage_report.py DATA_DIR... [--out DIR] [--manifests DIR [--models PREFIX...]]
                          [--source SRC] [--require-groups NAME...] [--no-html]

DATA_DIR holds what the co-simulations wrote with HALO_COSIM_COVERAGE_DIR=DATA_DIR
(verif/cover.hpp):
  code_<exe>_<model>_<pid>_<n>.dat  Verilator line/toggle coverage (verilator_coverage format)
  func_<exe>_<pid>.json             functional cover groups: {"groups": {name: {"what", "bins"}}}
Steps: verilator_coverage --write merges the .dat files (OUT/merged.dat) and --write-info
writes the lcov file (OUT/coverage.info); genhtml (lcov) writes OUT/html/index.html.
Per block (an RTL source file under rtl/, one module per file) it prints the line
coverage (Verilator v_line and v_branch points hit / total) and the toggle coverage
(v_toggle points hit / total), and every functional bin with its hit count, flagging unhit
bins. OUT/summary.json and OUT/summary.md hold the same figures.

Fails (exit 1) when a block of the expected set has no line coverage points in the data
(a block without procedural code needs toggle points instead), or when a group named by
--require-groups is missing. The expected set: every rtl/**/*.sv file (packages excluded)
listed in the model manifests (MANIFESTS/<prefix>.txt, written by halo_verilate in
verif/CMakeLists.txt for every coverage-instrumented model; --models restricts to some
prefixes); without --manifests, the blocks found in the data. Exit 2 on usage errors (no
data, a missing tool, an unreadable file: named with what was expected).
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys


def die(msg):
    print(f"coverage_report: {msg}", file=sys.stderr)
    sys.exit(2)


def parse_dat(path):
    """Points of a verilator_coverage data file: list of (keys dict, count)."""
    pts = []
    try:
        text = open(path, "rb").read().decode("latin-1")
    except OSError as e:
        die(f"{path}: cannot read: {e.strerror}")
    for no, line in enumerate(text.splitlines(), 1):
        if not line.startswith("C "):
            continue
        m = re.match(r"^C '(.*)' (\d+)$", line)
        if not m:
            die(f"{path}:{no}: expected C '<keys>' <count>, found {line[:60]!r}")
        keys = {}
        for kv in m.group(1).split("\x01")[1:]:
            k, _, v = kv.partition("\x02")
            keys[k] = v
        pts.append((keys, int(m.group(2))))
    return pts


def block_of(fname, source):
    """rtl/<area>/<file>.sv relative to the source tree, or None for files outside rtl/."""
    f = os.path.normpath(fname)
    if source:
        try:
            rel = os.path.relpath(f, source)
        except ValueError:
            rel = f
    else:
        rel = f
    i = rel.replace(os.sep, "/").find("rtl/")
    if i < 0:
        return None
    rel = rel.replace(os.sep, "/")[i:]
    return rel if rel.endswith(".sv") and not rel.endswith("_pkg.sv") else None


MODULE_RE = re.compile(r"^\s*module\s+(\w+)", re.M)


def strip_comments(text):
    return re.sub(r"//[^\n]*|/\*.*?\*/", " ", text, flags=re.S)


def manifest_blocks(path, source):
    """RTL blocks of one model: the files of the modules reachable from the manifest's top
    (`# top <module>` line, then one file per line) through instantiations `<module> #(` or
    `<module> <instance> (` found in the module bodies."""
    top, files = None, []
    try:
        for line in open(path):
            line = line.strip()
            if line.startswith("# top "):
                top = line[6:].strip()
            elif line and not line.startswith("#"):
                files.append(line)
    except OSError as e:
        die(f"{path}: cannot read: {e.strerror}")
    bodies, file_of = {}, {}
    for f in files:
        if not f.endswith(".sv"):
            continue
        try:
            text = strip_comments(open(f, errors="replace").read())
        except OSError as e:
            die(f"{path}: listed file {f}: {e.strerror}")
        starts = [(m.start(), m.group(1)) for m in MODULE_RE.finditer(text)]
        for i, (pos, name) in enumerate(starts):
            end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
            bodies[name] = text[pos:end]
            file_of[name] = f
    if top is None or top not in bodies:
        die(f"{path}: expected '# top <module>' naming a module of the listed files, found {top!r}")
    seen, todo = set(), [top]
    while todo:
        mod = todo.pop()
        if mod in seen:
            continue
        seen.add(mod)
        for other in bodies:
            if other != mod and re.search(r"\b" + other + r"\s*(#\s*\(|\w+\s*\()", bodies[mod]):
                todo.append(other)
    return {b for b in (block_of(file_of[m], source) for m in seen) if b}


def has_procedural(path):
    try:
        return re.search(r"\balways(_ff|_comb|_latch)?\b", open(path, errors="replace").read()) is not None
    except OSError:
        return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", nargs="+")
    ap.add_argument("--out")
    ap.add_argument("--manifests")
    ap.add_argument("--models", nargs="*")
    ap.add_argument("--source", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("--require-groups", nargs="*", default=[])
    ap.add_argument("--no-html", action="store_true")
    a = ap.parse_args()

    dats, jsons = [], []
    for d in a.data:
        if not os.path.isdir(d):
            die(f"{d}: expected a folder of coverage data (HALO_COSIM_COVERAGE_DIR), not found")
        dats += sorted(glob.glob(os.path.join(d, "code_*.dat")))
        jsons += sorted(glob.glob(os.path.join(d, "func_*.json")))
    if not dats and not jsons:
        die(f"{', '.join(a.data)}: no code_*.dat or func_*.json files (run the co-simulations with "
            "HALO_COSIM_COVERAGE_DIR set; code coverage needs -DHALO_COSIM_COVERAGE=ON or a *_cov target)")
    out = a.out
    if out:
        os.makedirs(out, exist_ok=True)
        for d in a.data:
            if os.path.realpath(out) == os.path.realpath(d):
                die(f"--out {out}: must not be the data folder (outputs never overwrite inputs)")

    # --- code coverage: merge, lcov, HTML, per-block figures
    points = []
    if dats:
        merged = dats[0] if len(dats) == 1 and not out else None
        if out:
            tool = shutil.which("verilator_coverage")
            if not tool:
                die("verilator_coverage not found (Debian package verilator)")
            merged = os.path.join(out, "merged.dat")
            info = os.path.join(out, "coverage.info")
            r = subprocess.run([tool, "--write", merged, *dats], capture_output=True, text=True)
            if r.returncode != 0:
                die(f"verilator_coverage --write failed: {r.stderr.strip()}")
            r = subprocess.run([tool, "--write-info", info, merged], capture_output=True, text=True)
            if r.returncode != 0:
                die(f"verilator_coverage --write-info failed: {r.stderr.strip()}")
            if not a.no_html:
                gen = shutil.which("genhtml")
                if not gen:
                    die("genhtml not found (Debian package lcov, scripts/setup)")
                r = subprocess.run([gen, "--quiet", "--output-directory", os.path.join(out, "html"),
                                    "--title", "HaloLink co-simulation coverage", info],
                                   capture_output=True, text=True)
                if r.returncode != 0:
                    die(f"genhtml failed: {r.stderr.strip()}")
            points = parse_dat(merged)
        else:
            # no output folder: merge in memory (same key = same point, counts added)
            acc = {}
            for f in dats:
                for keys, c in parse_dat(f):
                    k = tuple(sorted(keys.items()))
                    acc[k] = acc.get(k, 0) + c
            points = [(dict(k), c) for k, c in acc.items()]

    blocks = {}
    for keys, c in points:
        b = block_of(keys.get("f", ""), a.source)
        if b is None:
            continue
        page = keys.get("page", "")
        kind = "toggle" if page.startswith("v_toggle") else ("line" if page.startswith(("v_line", "v_branch")) else None)
        if kind is None:
            continue
        st = blocks.setdefault(b, {"line": [0, 0], "toggle": [0, 0]})
        st[kind][1] += 1
        st[kind][0] += c > 0

    expected = set()
    if a.manifests:
        files = sorted(glob.glob(os.path.join(a.manifests, "*.txt")))
        if a.models:
            want = {m + ".txt" for m in a.models}
            files = [f for f in files if os.path.basename(f) in want]
            found = {os.path.basename(f) for f in files}
            for m in sorted(want - found):
                die(f"{a.manifests}: no manifest {m} (expected one per coverage-instrumented model)")
        for f in files:
            expected |= manifest_blocks(f, a.source)
    if not expected:
        expected = set(blocks)

    failures = []
    rows = []
    for b in sorted(expected | set(blocks)):
        st = blocks.get(b, {"line": [0, 0], "toggle": [0, 0]})
        lh, lt = st["line"]
        th, tt = st["toggle"]
        note = ""
        if b in expected:
            if lt == 0 and has_procedural(os.path.join(a.source, b)):
                note = "NO LINE COVERAGE"
                failures.append(f"{b}: no line coverage points in the data")
            elif lt == 0 and tt == 0:
                note = "NO COVERAGE"
                failures.append(f"{b}: no line or toggle coverage points in the data")
            elif lt == 0:
                note = "no procedural code"
        rows.append({"block": b, "line_hit": lh, "line_total": lt, "toggle_hit": th, "toggle_total": tt,
                     "note": note})

    def pct(h, t):
        return f"{100.0 * h / t:5.1f} %" if t else "    -  "

    lines = []
    if rows:
        lines.append("| block | line | toggle |")
        lines.append("|---|---|---|")
        for r in rows:
            lines.append(f"| `{r['block']}` | {pct(r['line_hit'], r['line_total'])} ({r['line_hit']}/{r['line_total']}) | "
                         f"{pct(r['toggle_hit'], r['toggle_total'])} ({r['toggle_hit']}/{r['toggle_total']})"
                         f"{' ' + r['note'] if r['note'] else ''} |")
        tl = sum(r["line_total"] for r in rows)
        th = sum(r["line_hit"] for r in rows)
        tt = sum(r["toggle_total"] for r in rows)
        tth = sum(r["toggle_hit"] for r in rows)
        lines.append(f"| all {len(rows)} blocks | {pct(th, tl)} ({th}/{tl}) | {pct(tth, tt)} ({tth}/{tt}) |")

    # --- functional coverage
    groups = {}
    for f in jsons:
        try:
            doc = json.load(open(f))
            gs = doc["groups"]
            for name, g in gs.items():
                dst = groups.setdefault(name, {"what": g["what"], "bins": {}})
                for bin_, n in g["bins"].items():
                    if not isinstance(n, int) or n < 0:
                        die(f"{f}: groups.{name}.bins.{bin_}: expected a count >= 0, found {n!r}")
                    dst["bins"][bin_] = dst["bins"].get(bin_, 0) + n
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
            die(f"{f}: expected {{\"groups\": {{name: {{\"what\", \"bins\"}}}}}} (verif/cover.hpp): {e}")
    for g in a.require_groups:
        if g not in groups:
            failures.append(f"functional cover group {g}: not in the data")
    flines = []
    if groups:
        flines.append("| group | bin | hits |")
        flines.append("|---|---|---|")
        for name in sorted(groups):
            for bin_, n in groups[name]["bins"].items():
                flines.append(f"| `{name}` | {bin_} | {n}{' UNHIT' if n == 0 else ''} |")
    fsum = {name: {"what": g["what"], "bins": g["bins"],
                   "hit": sum(1 for n in g["bins"].values() if n > 0), "total": len(g["bins"])}
            for name, g in sorted(groups.items())}

    print(f"coverage: {len(dats)} code coverage files, {len(jsons)} functional coverage files")
    if lines:
        print("\nline and toggle coverage per block (Verilator --coverage-line --coverage-toggle):")
        print("\n".join(lines))
    if flines:
        print("\nfunctional coverage (verif/cover.hpp):")
        for name, g in fsum.items():
            unhit = [b for b, n in g["bins"].items() if n == 0]
            print(f"  {name}: {g['hit']}/{g['total']} bins hit"
                  + (f"; unhit: {', '.join(unhit)}" if unhit else ""))
        print("\n".join(flines))
    if out:
        summary = {"code": rows, "functional": fsum, "failures": failures,
                   "inputs": {"dat": len(dats), "json": len(jsons)}}
        with open(os.path.join(out, "summary.json"), "w") as f:
            json.dump(summary, f, indent=1)
        with open(os.path.join(out, "summary.md"), "w") as f:
            f.write("\n".join(lines + [""] + flines) + "\n")
        print(f"\nwritten: {out}/summary.json, summary.md"
              + (", merged.dat, coverage.info" if dats else "")
              + (", html/index.html" if dats and not a.no_html else ""))
    for m in failures:
        print(f"coverage_report: FAIL: {m}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

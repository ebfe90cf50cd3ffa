#!/usr/bin/env python3
"""Checks that docs/robustness.md is true: every test named in the last column of its
input-class table exists, and every fuzz harness is named.

A name is a GoogleTest `Suite.Name` (TEST/TEST_P/TEST_F in tests/**/*.cpp, for TEST_P the
instantiated suite prefix is not needed), a ctest name (add_test(NAME <name> in a
CMakeLists.txt) or `fuzz.<name>` (tests/fuzz/fuzz_<name>.cpp). Exit 0 when all exist,
1 with the list of missing names otherwise.
Usage: scripts/check_robustness_doc.py [repository root]
"""
import pathlib
import re
import sys


def table_tests(doc):
    """Backticked names in the last column of the first table (input class | ... | tests)."""
    names, in_table = [], False
    for line in doc.splitlines():
        if line.startswith("| input class"):
            in_table = True
            continue
        if in_table:
            if not line.startswith("|"):
                break
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if set(cells[-1]) <= set("-"):
                continue
            found = re.findall(r"`([^`]+)`", cells[-1])
            if not found:
                names.append(("(row without a test)", cells[0]))
            names += [(n, cells[0]) for n in found]
    return names


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[1])
    doc = (root / "docs/robustness.md").read_text()
    sources = "\n".join(p.read_text(errors="replace") for p in (root / "tests").rglob("*.cpp"))
    gtests = set(re.findall(r"^\s*TEST(?:_P|_F)?\(\s*(\w+)\s*,\s*(\w+)\s*\)", sources, re.M))
    cmake = "\n".join(p.read_text(errors="replace") for d in ("tests", "cmodel", "sim", "verif", "fpga")
                      for p in (root / d).rglob("CMakeLists.txt"))
    ctests = set(re.findall(r"add_test\(\s*NAME\s+([\w.\-]+)", cmake))
    harnesses = {p.stem[len("fuzz_"):] for p in (root / "tests/fuzz").glob("fuzz_*.cpp")}
    missing = []
    named = table_tests(doc)
    if not named:
        missing.append("docs/robustness.md: no input-class table found")
    for name, row in named:
        ok = False
        if name.startswith("fuzz."):
            ok = name[len("fuzz."):] in harnesses
        elif re.fullmatch(r"\w+\.\w+", name):
            ok = tuple(name.split(".")) in gtests
        if not ok:
            ok = name in ctests
        if not ok:
            missing.append(f"row '{row}': test {name} does not exist")
    for h in sorted(harnesses):
        if f"fuzz.{h}" not in doc and f"fuzz_{h}" not in doc:
            missing.append(f"fuzz harness tests/fuzz/fuzz_{h}.cpp is not named in docs/robustness.md")
    for m in missing:
        print(m)
    print(f"{len(named)} test references checked, {len(missing)} problems")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())

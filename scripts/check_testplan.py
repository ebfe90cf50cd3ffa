#!/usr/bin/env python3
"""Check docs/testplan.md: every test it names must exist.

usage: check_testplan.py SOURCE_DIR [--list-unplanned]
A name in backquotes in a table row's last column is a GoogleTest name `Suite.Name` or
`Suite.*` (found in TEST/TEST_F/TEST_P macros under tests/, verif/, cmodel/, sim/) or a ctest
name from an add_test(NAME ...) call in a CMakeLists.txt, or lint_<name> from a
halo_lint_test(<name> ...) call (cmake/HaloCores.cmake) (${...} parts match anything; a `*`
in the plan matches anything). Exit 1 listing every name that matches nothing.
--list-unplanned also prints the GoogleTest suites and ctest names the plan does not mention.
"""
import fnmatch
import os
import re
import sys

root = sys.argv[1]
TEST_RE = re.compile(r"^\s*(?:TEST|TEST_F|TEST_P|TYPED_TEST)\(\s*(\w+)\s*,\s*(\w+)", re.M)
ADD_RE = re.compile(r"add_test\(\s*NAME\s+([^\s)]+)")
LINT_RE = re.compile(r"^\s*halo_lint_test\(\s*([^\s)]+)", re.M)
gtests, ctests = set(), set()
for top in ("tests", "verif", "cmodel", "sim", "rtl", "fpga", "python"):
    for d, dirs, files in os.walk(os.path.join(root, top)):
        dirs[:] = [x for x in dirs if not x.startswith((".", "build"))]
        for f in files:
            p = os.path.join(d, f)
            if f.endswith((".cpp", ".cc")):
                gtests.update(f"{a}.{b}" for a, b in TEST_RE.findall(open(p, errors="replace").read()))
            elif f == "CMakeLists.txt":
                text = open(p).read()
                names = ADD_RE.findall(text) + ["lint_" + n for n in LINT_RE.findall(text)]
                ctests.update(re.sub(r"\$\{[^}]*\}", "*", n) for n in names)
suites = {t.split(".")[0] for t in gtests}

plan = open(os.path.join(root, "docs/testplan.md")).read()
named = []
for line in plan.splitlines():
    if line.startswith("|") and not line.startswith("|---"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0] != "feature":
            named += re.findall(r"`([^`]+)`", cells[-1])


def exists(name):
    if name.endswith(".*") and name[:-2] in suites:
        return True
    if name in gtests:
        return True
    # ctest names: the plan's pattern against the CMake pattern, either side may hold *
    return any(fnmatch.fnmatchcase(c, name) or fnmatch.fnmatchcase(name, c) for c in ctests)


missing = [n for n in named if not exists(n)]
print(f"test plan: {len(named)} names, {len(gtests)} GoogleTest tests in {len(suites)} suites, "
      f"{len(ctests)} add_test names")
for n in missing:
    print(f"docs/testplan.md: `{n}` matches no GoogleTest test and no ctest name")
if "--list-unplanned" in sys.argv:
    for s in sorted(suites):
        if not any(n == s + ".*" or n.startswith(s + ".") for n in named):
            print(f"not in the plan: suite {s}")
    for c in sorted(ctests):
        if not any(fnmatch.fnmatchcase(c, n) or fnmatch.fnmatchcase(n, c) for n in named):
            print(f"not in the plan: ctest {c}")
sys.exit(1 if missing or not named else 0)

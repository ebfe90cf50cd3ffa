#!/usr/bin/env python3
"""Check docs/testplan.md: every feature has a covering test, every test and coverage point
it names exists.

usage: check_testplan.py SOURCE_DIR [--list-unplanned]
A table's columns are `| feature | tests |` or `| feature | tests | coverage |`. A feature row
whose tests cell names no test fails the check. A name in backquotes in the tests cell is a
GoogleTest name `Suite.Name` or
`Suite.*` (found in TEST/TEST_F/TEST_P macros under tests/, verif/, cmodel/, sim/) or a ctest
name from an add_test(NAME ...) call in a CMakeLists.txt, or lint_<name> from a
halo_lint_test(<name> ...) call (cmake/HaloCores.cmake) (${...} parts match anything; a `*`
in the plan matches anything). A name in backquotes in the coverage cell is a functional
cover group defined by a scoreboard (HALO_COVER_GROUP(var, "name", ...) in verif/, see
verif/cover.hpp) or an RTL block whose Verilator line/toggle coverage is reported
(`rtl/<area>/<file>.sv`, must exist); a row of a table with a coverage column must name at
least one. Exit 1 listing every name that matches nothing and every feature without a test
or coverage point. --list-unplanned also prints the GoogleTest suites, ctest names and cover
groups the plan does not mention.
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
GROUP_RE = re.compile(r'HALO_COVER_GROUP\(\s*\w+\s*,\s*"(\w+)"')
groups = set()
for d, dirs, files in os.walk(os.path.join(root, "verif")):
    dirs[:] = [x for x in dirs if not x.startswith((".", "build"))]
    for f in files:
        if f.endswith((".hpp", ".cpp", ".h")):
            groups.update(GROUP_RE.findall(open(os.path.join(d, f), errors="replace").read()))

plan = open(os.path.join(root, "docs/testplan.md")).read()
named, covered, problems = [], [], []
header = []
for no, line in enumerate(plan.splitlines(), 1):
    if line.startswith("|") and not line.startswith("|---"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0] == "feature":
            header = cells
            continue
        has_cov = len(header) == 3 and header[2] == "coverage"
        tests = re.findall(r"`([^`]+)`", cells[1] if has_cov and len(cells) > 1 else cells[-1])
        if not tests:
            problems.append(f"docs/testplan.md:{no}: feature '{cells[0][:60]}' has no covering test")
        named += tests
        if has_cov:
            cov = re.findall(r"`([^`]+)`", cells[2]) if len(cells) > 2 else []
            if not cov:
                problems.append(f"docs/testplan.md:{no}: feature '{cells[0][:60]}' names no coverage point")
            for c in cov:
                covered.append(c)
                if c.startswith("rtl/"):
                    if not (c.endswith(".sv") and os.path.isfile(os.path.join(root, c))):
                        problems.append(f"docs/testplan.md:{no}: coverage block `{c}`: no such RTL file")
                elif c not in groups:
                    problems.append(f"docs/testplan.md:{no}: coverage point `{c}` is defined by no scoreboard "
                                    f"(HALO_COVER_GROUP in verif/; defined: {', '.join(sorted(groups))})")


def exists(name):
    if name.endswith(".*") and name[:-2] in suites:
        return True
    if name in gtests:
        return True
    # ctest names: the plan's pattern against the CMake pattern, either side may hold *
    return any(fnmatch.fnmatchcase(c, name) or fnmatch.fnmatchcase(name, c) for c in ctests)


missing = [n for n in named if not exists(n)]
print(f"test plan: {len(named)} names, {len(gtests)} GoogleTest tests in {len(suites)} suites, "
      f"{len(ctests)} add_test names; {len(covered)} coverage points, {len(groups)} cover groups defined")
for n in missing:
    print(f"docs/testplan.md: `{n}` matches no GoogleTest test and no ctest name")
for p_ in problems:
    print(p_)
if "--list-unplanned" in sys.argv:
    for s in sorted(suites):
        if not any(n == s + ".*" or n.startswith(s + ".") for n in named):
            print(f"not in the plan: suite {s}")
    for c in sorted(ctests):
        if not any(fnmatch.fnmatchcase(c, n) or fnmatch.fnmatchcase(n, c) for n in named):
            print(f"not in the plan: ctest {c}")
    for g in sorted(groups - set(covered)):
        print(f"not in the plan: cover group {g}")
sys.exit(1 if missing or problems or not named else 0)

#!/usr/bin/env python3
"""`cmake --install` gives a working halolink: install the `halolink` component into a
temporary prefix, then, from a working directory outside the source and build trees, run the
installed copy on its installed configs: `compare` (report + plots) and `sim --plots`.
The installed binary must not carry the source or build path (plots are found relative to the
executable, configs refer to the data relative to themselves): checked on the binary without
its debug sections, and not in sanitizer builds, whose instrumentation records source file
names for its reports.

usage: install_check.py CMAKE BUILD_DIR SOURCE_DIR
"""
import os
import shutil
import subprocess
import sys
import tempfile

cmake, build, src = sys.argv[1], os.path.realpath(sys.argv[2]), os.path.realpath(sys.argv[3])
fails = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        fails.append(what)


with tempfile.TemporaryDirectory() as tmp:
    prefix, work = os.path.join(tmp, "prefix"), os.path.join(tmp, "work")
    os.mkdir(work)
    r = subprocess.run([cmake, "--install", build, "--prefix", prefix, "--component", "halolink"],
                       capture_output=True, text=True)
    check(r.returncode == 0, f"cmake --install --component halolink ({r.stderr.strip()[-300:]})")
    exe = os.path.join(prefix, "bin", "halolink")
    share = os.path.join(prefix, "share", "halolink")
    for rel in ["plots/plot_results.py", "plots/plot_compare.py", "plots/plot_monitor.py", "plots/plot_tdecq.py",
                "configs/compare_default.yaml", "data/power/params.yaml",
                "data/channels/C2M__Z100_IL14_WC_BOR_H_L_H_THRU.s4p"]:
        check(os.path.isfile(os.path.join(share, rel)), f"installed share/halolink/{rel}")
    cache = open(os.path.join(build, "CMakeCache.txt")).read()
    if "\nHALO_SANITIZE:STRING=\n" in cache:
        stripped = os.path.join(tmp, "halolink.nodebug")
        r = subprocess.run(["objcopy", "--strip-debug", exe, stripped], capture_output=True, text=True)
        check(r.returncode == 0, f"objcopy --strip-debug ({r.stderr.strip()[-200:]})")
        blob = open(stripped, "rb").read() if r.returncode == 0 else b""
        check(src.encode() not in blob, "installed binary holds no path into the source tree")
        check(build.encode() not in blob, "installed binary holds no path into the build tree")
    else:
        print("skip path checks: sanitizer build (file names recorded for its reports)")
    # a config copied to the working directory, with its data next to it as in share/halolink
    for d in ("configs", "data"):
        shutil.copytree(os.path.join(share, d), os.path.join(work, d))
    env = dict(os.environ)
    # an output name with shell metacharacters: the plot script gets it as one argument (no shell)
    cmp_name = "cmp dir; touch PWNED_semi ; $(touch PWNED_subst) '; touch PWNED_sq; '"
    r = subprocess.run([exe, "compare", "configs/compare_default.yaml", "--out", cmp_name], cwd=work,
                       capture_output=True, text=True, env=env)
    check(r.returncode == 0, f"installed halolink compare exits 0 ({r.stderr.strip()[-300:]})")
    out = os.path.join(work, cmp_name)
    check(not [m for m in ("PWNED_semi", "PWNED_subst", "PWNED_sq") if os.path.exists(os.path.join(work, m))],
          "compare ran no command injected through the output name")
    for f in ["compare.json", "report.md", "report.html"]:
        check(os.path.isfile(os.path.join(out, f)), f"compare wrote {f}")
    check(any(f.endswith(".png") for f in os.listdir(out)) if os.path.isdir(out) else False,
          "compare ran the installed plot script (PNG written)")
    r = subprocess.run([exe, "sim", os.path.join(share, "configs/c2m_53g.yaml"), "--statistical", "--plots",
                        "--out", "sim"], cwd=work, capture_output=True, text=True, env=env)
    check(r.returncode == 0 and "plotting failed" not in r.stderr,
          f"installed halolink sim --plots exits 0 without a plotting failure ({r.stderr.strip()[-300:]})")
    out = os.path.join(work, "sim")
    check(os.path.isfile(os.path.join(out, "results.json")), "sim wrote results.json")
    check(any(f.endswith(".png") for f in os.listdir(out)) if os.path.isdir(out) else False,
          "sim --plots ran the installed plot script (PNG written)")
sys.exit(1 if fails else 0)

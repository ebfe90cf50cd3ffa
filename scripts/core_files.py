#!/usr/bin/env python3
"""Print the RTL file list of a FuseSoC core and its dependencies (the one source of RTL
file lists; docs/rtl_cores.md).

usage: scripts/core_files.py [--root DIR] [--type T ...] [--incdirs] [--relative]
                             [--sep SEP] CORE [CORE ...]

CORE is a CAPI2 core name without version, e.g. halolink:fec:rs_decoder. The cores are the
*.core files under --root (default: the repository), as `fusesoc --cores-root` finds them.
The files of each core's `default` target, dependencies first (depth-first, in the order
the `depend` lists name them), each file once, in the order of the core's file list;
`vlt` (Verilator configuration) files are printed before the sources, as FuseSoC/Edalize
pass them. Absolute paths unless --relative (relative to --root).

--type keeps only files of these file types (e.g. systemVerilogSource, vlt);
--incdirs prints the include directories (folders of `is_include_file` files) instead.
Errors (unknown core, missing file, malformed core) go to stderr with the core file named,
exit status 1. Needs PyYAML only (no FuseSoC), so CMake can call it at configure time.
"""
import argparse
import pathlib
import re
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
SKIP_DIRS = {".git", "build", "node_modules"}


class CoreError(Exception):
    pass


def vlnv_name(vlnv):
    """'>=halolink:fec:rs_pkg:0.1.0' -> 'halolink:fec:rs_pkg' (version and operators dropped)."""
    s = re.sub(r"^[<>=~^]+", "", vlnv.strip())
    parts = s.split(":")
    if len(parts) < 3:
        raise CoreError(f"'{vlnv}': expected a core name vendor:library:name[:version]")
    return ":".join(parts[:3])


def find_cores(root):
    """Map core name -> (path, parsed YAML) for every *.core under root."""
    cores = {}
    for path in sorted(root.rglob("*.core")):
        rel = path.relative_to(root)
        if any(p in SKIP_DIRS or p.startswith("build") for p in rel.parts[:-1]):
            continue
        if any((d / "FUSESOC_IGNORE").exists() for d in path.parents if root in d.parents or d == root):
            continue
        text = path.read_text()
        if not text.startswith("CAPI=2:"):
            raise CoreError(f"{path}:1: expected 'CAPI=2:' as the first line")
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as e:
            raise CoreError(f"{path}: not valid YAML: {e}") from e
        if not isinstance(data, dict) or "name" not in data:
            raise CoreError(f"{path}: expected a mapping with a 'name' key")
        name = vlnv_name(data["name"])
        if name in cores:
            raise CoreError(f"{path}: core {name} is also defined in {cores[name][0]}")
        cores[name] = (path, data)
    return cores


def fileset_entries(path, data, fsname):
    fs = data.get("filesets", {}).get(fsname)
    if fs is None:
        raise CoreError(f"{path}: target 'default' names fileset '{fsname}', which is not defined")
    default_type = fs.get("file_type")
    for entry in fs.get("files", []) or []:
        attrs = {}
        if isinstance(entry, dict):
            if len(entry) != 1:
                raise CoreError(f"{path}: fileset '{fsname}': file entry {entry} has more than one name")
            (fname, attrs), = entry.items()
            attrs = attrs or {}
        else:
            fname = entry
        ftype = attrs.get("file_type", default_type)
        yield path.parent / fname, ftype, bool(attrs.get("is_include_file", False))
    for dep in fs.get("depend", []) or []:
        yield None, "depend", vlnv_name(dep)


def resolve(cores, name, out, seen, stack=()):
    """Depth-first: dependencies before the core's own files."""
    if name in seen:
        return
    if name in stack:
        raise CoreError(f"dependency cycle: {' -> '.join(stack + (name,))}")
    if name not in cores:
        known = ", ".join(sorted(cores))
        raise CoreError(f"unknown core '{name}' (known: {known})")
    path, data = cores[name]
    target = data.get("targets", {}).get("default")
    if target is None:
        raise CoreError(f"{path}: no 'default' target")
    own = []
    for fsname in target.get("filesets", []) or []:
        for fpath, ftype, extra in fileset_entries(path, data, fsname):
            if fpath is None:
                resolve(cores, extra, out, seen, stack + (name,))
                continue
            if not fpath.exists():
                raise CoreError(f"{path}: fileset '{fsname}' lists {fpath.name}, which does not exist")
            own.append((fpath, ftype, extra))
    seen.add(name)
    out.extend(own)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cores", nargs="+", metavar="CORE")
    ap.add_argument("--root", type=pathlib.Path, default=ROOT)
    ap.add_argument("--type", action="append", dest="types")
    ap.add_argument("--incdirs", action="store_true")
    ap.add_argument("--relative", action="store_true")
    ap.add_argument("--sep", default="\n", help="separator (CMake lists: ';')")
    args = ap.parse_args(argv)
    root = args.root.resolve()
    try:
        cores = find_cores(root)
        files, seen = [], set()
        for c in args.cores:
            resolve(cores, vlnv_name(c + ":"), files, seen)
    except CoreError as e:
        print(f"core_files.py: {e}", file=sys.stderr)
        return 1
    if args.incdirs:
        items = list(dict.fromkeys(f.parent for f, _, inc in files if inc))
    else:
        keep = [(f, t) for f, t, inc in files
                if not inc and (args.types is None or t in args.types)]
        items = list(dict.fromkeys([f for f, t in keep if t == "vlt"] + [f for f, t in keep if t != "vlt"]))
    if args.relative:
        items = [i.relative_to(root) for i in items]
    sys.stdout.write(args.sep.join(str(i) for i in items) + ("\n" if args.sep == "\n" and items else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The ``halolink`` console script of the package: ``halolink sweep SWEEP.yaml ...`` runs a
Dask sweep (halolink.sweep), ``halolink autolink STUDY.yaml`` and ``halolink study STUDY.yaml``
the fleet studies (halolink.autolink, halolink.haloeye; docs/fleet.md); every other area (sim, compare, monitor, fec, fpga) is handed to
the C++ ``halolink`` executable shipped in the wheel (halolink/bin/halolink), or the one named
by HALOLINK_CLI, started from an argument vector (no shell)."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import List, Optional


def executable() -> str:
    """Path of the C++ ``halolink`` executable."""
    env = os.environ.get("HALOLINK_CLI")
    if env:
        return env
    here = Path(__file__).resolve().parent
    for cand in (here / "bin" / "halolink", here.parent.parent / "halolink"):
        if cand.is_file() and os.access(cand, os.X_OK):
            return str(cand)
    found = shutil.which("halolink")
    if found and Path(found).resolve() != Path(sys.argv[0]).resolve():
        return found
    raise FileNotFoundError("halolink: the C++ executable was not found (set HALOLINK_CLI)")


def main(argv: Optional[List[str]] = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "sweep":
        from . import sweep
        return sweep.main(args[1:])
    if args and args[0] == "autolink":
        from . import autolink
        return autolink.main(args[1:])
    if args and args[0] == "study":
        from . import study
        return study.main(args[1:])
    try:
        exe = executable()
    except FileNotFoundError as e:
        print(e, file=sys.stderr)
        return 2
    os.execv(exe, [exe, *args])
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())

"""``halolink study STUDY.yaml``: runs a fleet study file by its ``kind`` (docs/fleet.md):
``interop_yield`` (AutoLink interop yield, halolink.autolink.run_yield), ``haloeye`` (predictive
monitoring of an ageing fleet, halolink.haloeye.run_fleet) or ``autolink`` (one link, as
``halolink autolink``). Dask: an embedded LocalCluster by default, ``--scheduler`` an existing
cluster, ``--serial`` one process. Exit code 2 on a bad study file."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import List, Optional


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="halolink study", description=__doc__.split("\n\n")[0])
    p.add_argument("study", metavar="STUDY.yaml", help="study file (sim/studies/*.yaml)")
    p.add_argument("--out", help="output folder (default out/<study name>)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--scheduler", metavar="tcp://HOST:8786", help="an existing Dask scheduler")
    g.add_argument("--serial", action="store_true", help="run every task in this process (no Dask)")
    p.add_argument("--workers", type=int, help="LocalCluster workers (default: cluster.workers, else 2)")
    p.add_argument("--links", type=int, help="population / fleet size (overrides the study file)")
    p.add_argument("--no-plots", action="store_true")
    p.add_argument("--no-progress", action="store_true")
    a = p.parse_args(argv)
    for k in ("workers", "links"):
        if getattr(a, k) is not None and getattr(a, k) < 1:
            p.error(f"--{k}: expected an integer >= 1, found {getattr(a, k)}")
    from ._core import ConfigError, TouchstoneError
    from . import autolink
    try:
        doc = autolink.load_study(a.study)
        out = Path(a.out or f"out/{doc.get('name', Path(a.study).stem)}")
        opts = dict(serial=a.serial, workers=a.workers, scheduler=a.scheduler, progress=not a.no_progress,
                    plots=not a.no_plots)
        if doc["kind"] == "interop_yield":
            r = autolink.run_yield(doc, out, links=a.links, **opts)
            print(autolink.yield_report(r))
        elif doc["kind"] == "haloeye":
            from . import haloeye
            r = haloeye.run_fleet(doc, out, links=a.links, **opts)
            print(haloeye.report(r))
        else:
            r = autolink.run_autolink(doc, out, plots=not a.no_plots)
            print(autolink.autolink_summary(r))
    except (autolink.StudyError, ConfigError, TouchstoneError, FileNotFoundError) as e:
        print(f"halolink study: error: {e}", file=sys.stderr)
        return 2
    print(f"results: {out}")
    return 0

"""Distributed Monte Carlo sweeps on Dask: ``halolink sweep SWEEP.yaml`` (docs/python.md).

A sweep file is a base link config plus axes and a Monte Carlo depth::

    base: c2m_53g.yaml                # link config (relative to the sweep file)
    set: {rx.adapt.training_symbols: 100000}   # optional fixed overrides (dotted key paths)
    axes:                             # the grid: every combination is a point
      rx.noise_rms_mv: [9, 11, 13]    # any dotted key of the link config (noise, loss,
      extra_loss_db: [0, 2]           #   optical.fiber_km, optical.temperature_c, ...)
      seed: [1, 2]                    # seeds
      channel: [../data/channels/A.s4p, ...]   # channel files (one segment each) or segment lists
    monte_carlo:
      shard_symbols: 400000           # time-domain symbols per shard (training included)
      shards: 4                       # fixed depth: shards 0..3 of every point
      # or: target_errors: 100 and max_shards: 64 (shards 0..K-1, K the first prefix with
      #     >= target_errors symbol errors, or max_shards)
    cluster: {workers: 2}             # LocalCluster size (default 2 workers x 1 thread)
    jobqueue:                         # settings of --jobqueue slurm|lsf|pbs (dask-jobqueue)
      jobs: 4
      slurm: {cores: 1, memory: 2GB, walltime: "01:00:00"}

Shard k of a point is ``halolink.sim.run(point config, symbols=shard_symbols, shard=k)``:
every random stream of the engine jumped k x 2^192 draws (xoshiro256 long jump), so the shards
of one seed are independent, reproducible sub-streams and the merged counters equal a
single-process run of the same shards exactly (``run(..., serial=True)`` or ``halolink sim
--shard K`` per shard). Each finished shard is written atomically to
``OUT/shards/<point key>/<shard>.json`` (the key hashes the point's effective config and the
shard size), so a shard computed twice (a worker killed mid-task and its task re-run) is
stored once, merging reads exactly one file per (point, shard), and a restarted sweep only
computes the missing shards. Results: ``OUT/results.json`` (and ``results.parquet`` with
pyarrow), one row per point, and ``OUT/sweep.png``.
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import itertools
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

COUNTERS = ("symbols", "measured_symbols", "symbol_errors", "bits", "bit_errors", "codewords", "uncorrectable",
            "corrected_symbols", "corrected_bits")
JOBQUEUE = {"slurm": "SLURMCluster", "lsf": "LSFCluster", "pbs": "PBSCluster"}


class SweepError(ValueError):
    """A bad sweep file: the message names the file, the key path, what was expected and found."""


# ---- sweep file -------------------------------------------------------------------------

def _set_path(cfg: dict, path: str, value: Any, where: str) -> None:
    keys = path.split(".")
    d = cfg
    for k in keys[:-1]:
        if not isinstance(d.get(k, {}), dict):
            raise SweepError(f"{where}: '{path}': '{k}' is not a section of the base config")
        d = d.setdefault(k, {})
    d[keys[-1]] = value


def _channel_value(v: Any, sweep_dir: Path) -> list:
    def seg(s):
        s = dict(s) if isinstance(s, dict) else {"file": s}
        if not os.path.isabs(s["file"]):
            s["file"] = str((sweep_dir / s["file"]).resolve())
        return s
    return [seg(s) for s in v] if isinstance(v, list) else [seg(v)]


def read_mapping(path: Path, what: str, error: type = None) -> dict:
    """The YAML mapping of a sweep or study file; error (default SweepError) names the file."""
    import yaml
    error = error or SweepError
    try:
        doc = yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError) as e:
        raise error(f"{path}: cannot read the {what}: {e}") from None
    if not isinstance(doc, dict):
        raise error(f"{path}: expected a mapping at the top level, found {type(doc).__name__}")
    return doc


def load(path: os.PathLike) -> dict:
    """Reads and checks a sweep file; returns the normalised sweep (with the resolved base
    config as a dict). Raises SweepError naming the file and key path."""
    import yaml
    path = Path(path)
    doc = read_mapping(path, "sweep file")
    known = {"base", "set", "axes", "monte_carlo", "cluster", "jobqueue", "name"}
    for k in doc:
        if k not in known:
            raise SweepError(f"{path}: {k}: unknown key (known keys: {', '.join(sorted(known))})")
    if "base" not in doc or not isinstance(doc["base"], str):
        raise SweepError(f"{path}: base: expected the path of a link config, found {doc.get('base')!r}")
    base_path = (path.parent / doc["base"]).resolve()
    try:
        base = yaml.safe_load(base_path.read_text())
    except (OSError, yaml.YAMLError) as e:
        raise SweepError(f"{path}: base: cannot read '{base_path}': {e}") from None
    if not isinstance(base, dict):
        raise SweepError(f"{path}: base: '{base_path}' is not a link config mapping")
    if "sweep" in base:
        raise SweepError(f"{path}: base: '{base_path}' has a sweep section; put its values under axes")
    # channel files of the base are relative to the base config
    if "channel" in base:
        base["channel"] = _channel_value(base["channel"], base_path.parent)
    for k, v in (doc.get("set") or {}).items():
        _set_path(base, k, _channel_value(v, path.parent) if k == "channel" else v, f"{path}: set")
    axes = doc.get("axes") or {}
    if not isinstance(axes, dict):
        raise SweepError(f"{path}: axes: expected a mapping of key path -> list of values")
    for k, v in axes.items():
        if not isinstance(v, list) or not v:
            raise SweepError(f"{path}: axes.{k}: expected a non-empty list of values, found {v!r}")
    mc = doc.get("monte_carlo") or {}
    ss = mc.get("shard_symbols")
    if not isinstance(ss, int) or isinstance(ss, bool) or ss < 1000:
        raise SweepError(f"{path}: monte_carlo.shard_symbols: expected an integer >= 1000, found {ss!r}")
    if ("shards" in mc) == ("target_errors" in mc):
        raise SweepError(f"{path}: monte_carlo: expected exactly one of shards or target_errors")
    for k in ("shards", "target_errors", "max_shards"):
        if k in mc and (not isinstance(mc[k], int) or isinstance(mc[k], bool) or mc[k] < 1):
            raise SweepError(f"{path}: monte_carlo.{k}: expected an integer >= 1, found {mc[k]!r}")
    if "target_errors" in mc and "max_shards" not in mc:
        raise SweepError(f"{path}: monte_carlo.max_shards: required with target_errors")
    return {"file": str(path), "name": doc.get("name", path.stem), "base": base, "base_dir": str(base_path.parent),
            "axes": axes, "sweep_dir": str(path.parent.resolve()), "mc": mc, "cluster": doc.get("cluster") or {},
            "jobqueue": doc.get("jobqueue") or {}}


def points(sw: dict) -> List[dict]:
    """The grid: one entry per combination of axis values (the first axis varies slowest):
    ``params`` (axis -> value as written), ``config`` (the effective link config) and ``key``."""
    names = list(sw["axes"])
    out = []
    for combo in itertools.product(*(sw["axes"][n] for n in names)):
        cfg = copy.deepcopy(sw["base"])
        for n, v in zip(names, combo):
            if n == "channel":
                cfg["channel"] = _channel_value(v, Path(sw["sweep_dir"]))
            else:
                _set_path(cfg, n, v, f"{sw['file']}: axes")
        text = json.dumps(cfg, sort_keys=True) + f"|{sw['mc']['shard_symbols']}"
        key = hashlib.sha256(text.encode()).hexdigest()[:16]
        out.append({"params": dict(zip(names, combo)), "config": cfg, "key": key})
    return out


# ---- one shard (runs on a worker) ---------------------------------------------------------

def run_shard(config: dict, base_dir: str, shard: int, shard_symbols: int) -> dict:
    """Shard ``shard`` of a point: the time-domain counters of ``halolink.sim.run(config,
    symbols=shard_symbols, shard=shard)`` (and, for shard 0 of an electrical link, the
    statistical SER/BER: the analysis does not depend on the shard and is not repeated)."""
    from . import sim
    r = sim.run(config, symbols=shard_symbols, shard=shard, base_dir=base_dir, analysis=(shard == 0))
    td = r["time_domain"]
    f = td["fec"]
    rec = {"shard": shard, "seed": r["seed"], "symbols": td["symbols"], "measured_symbols": td["measured_symbols"],
           "symbol_errors": td["symbol_errors"], "bits": td["bits"], "bit_errors": td["bit_errors"],
           "codewords": f["codewords"], "uncorrectable": f["uncorrectable"],
           "corrected_symbols": f["corrected_symbols"], "corrected_bits": f["corrected_bits"],
           "fec_histogram": f["histogram_0_15_uncorrectable"], "seconds": td["seconds"]}
    if "statistical" in r:
        rec["statistical_ser"] = r["statistical"]["ser"]
        rec["statistical_ber"] = r["statistical"]["ber"]
    return rec


# ---- shard store --------------------------------------------------------------------------

class ShardStore:
    """OUT/shards/<point key>/<shard>.json, written atomically (temporary file + rename)."""

    def __init__(self, out: Path) -> None:
        self.root = Path(out) / "shards"

    def path(self, key: str, shard: int) -> Path:
        return self.root / key / f"{shard:06d}.json"

    def get(self, key: str, shard: int) -> Optional[dict]:
        p = self.path(key, shard)
        try:
            rec = json.loads(p.read_text())
        except (OSError, ValueError):
            return None  # absent, or a torn file from a crash: recomputed
        return rec if rec.get("key") == key and rec.get("shard") == shard else None

    def put(self, key: str, rec: dict) -> None:
        p = self.path(key, rec["shard"])
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=p.name, dir=p.parent)
        with os.fdopen(fd, "w") as f:
            json.dump({**rec, "key": key}, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, p)


# ---- merging ------------------------------------------------------------------------------

def _needed(mc: dict, recs: Dict[int, dict]) -> Tuple[bool, List[int]]:
    """(done, shard indices merged) for a point whose finished shards are recs."""
    if "shards" in mc:
        want = list(range(mc["shards"]))
        return all(k in recs for k in want), want
    errs = 0
    for k in range(mc["max_shards"]):
        if k not in recs:
            return False, list(range(k))
        errs += recs[k]["symbol_errors"]
        if errs >= mc["target_errors"]:
            return True, list(range(k + 1))
    return True, list(range(mc["max_shards"]))


def merge(pt: dict, recs: Dict[int, dict], used: List[int]) -> dict:
    row: Dict[str, Any] = {"point": pt["key"], **pt["params"], "seed": pt["config"].get("seed", 1), "shards": len(used)}
    for c in COUNTERS:
        row[c] = sum(recs[k][c] for k in used)
    row["fec_histogram"] = [sum(recs[k]["fec_histogram"][i] for k in used) for i in range(17)] if used else [0] * 17
    row["ser"] = row["symbol_errors"] / row["measured_symbols"] if row["measured_symbols"] else float("nan")
    row["ber"] = row["bit_errors"] / row["bits"] if row["bits"] else float("nan")
    row["cer"] = row["uncorrectable"] / row["codewords"] if row["codewords"] else float("nan")
    if 0 in recs and "statistical_ser" in recs[0]:
        row["statistical_ser"] = recs[0]["statistical_ser"]
        row["statistical_ber"] = recs[0]["statistical_ber"]
    return row


# ---- clusters -----------------------------------------------------------------------------

def jobqueue_cluster(sw: dict, kind: str):
    """The dask-jobqueue cluster (SLURMCluster | LSFCluster | PBSCluster) with the keyword
    arguments of the sweep file's jobqueue.<kind> section (no job submitted yet)."""
    import dask_jobqueue
    if kind not in JOBQUEUE:
        raise SweepError(f"--jobqueue: expected one of {', '.join(sorted(JOBQUEUE))}, found '{kind}'")
    settings = sw["jobqueue"].get(kind)
    if not isinstance(settings, dict) or not settings:
        raise SweepError(f"{sw['file']}: jobqueue.{kind}: expected the dask-jobqueue settings for --jobqueue {kind}")
    try:
        return getattr(dask_jobqueue, JOBQUEUE[kind])(**settings)
    except (TypeError, ValueError) as e:
        raise SweepError(f"{sw['file']}: jobqueue.{kind}: {e}") from None


def make_client(sw: dict, scheduler: Optional[str] = None, jobqueue: Optional[str] = None,
                workers: Optional[int] = None):
    """(client, cluster): an existing scheduler, a dask-jobqueue cluster or an embedded LocalCluster."""
    from dask.distributed import Client, LocalCluster
    if scheduler:
        return Client(scheduler), None
    if jobqueue:
        cluster = jobqueue_cluster(sw, jobqueue)
        cluster.scale(jobs=int(sw["jobqueue"].get("jobs", 1)))
        return Client(cluster), cluster
    n = workers or int(sw["cluster"].get("workers", 2))
    cluster = LocalCluster(n_workers=n, threads_per_worker=int(sw["cluster"].get("threads_per_worker", 1)),
                           processes=True, dashboard_address=None)
    return Client(cluster), cluster


def close_client(made) -> None:
    """Closes a (client, cluster) pair made by make_client (None: nothing to close)."""
    if made:
        made[0].close()
        if made[1] is not None:
            made[1].close()


# ---- the sweep ----------------------------------------------------------------------------

def run(sweep: Any, out: os.PathLike, *, client=None, scheduler: Optional[str] = None,
        jobqueue: Optional[str] = None, workers: Optional[int] = None, serial: bool = False,
        progress: bool = True, plots: bool = True, window: Optional[int] = None,
        on_shard: Optional[Callable[[int, Any], None]] = None, max_new_shards: Optional[int] = None) -> dict:
    """Runs (or resumes) a sweep; returns {"rows": [...], "computed": N, "reused": M, "complete": bool}.

    sweep: a sweep file path or a dict from load(). out: output folder. client: an existing
    dask.distributed Client (else one is made: scheduler address, jobqueue kind or a
    LocalCluster). serial: run the shards in this process (the single-process reference).
    window: shards in flight (default 4 per worker). on_shard(n_finished, client): called after
    every finished shard (tests). max_new_shards: stop after computing that many shards
    (an interrupted run, for tests). Rows also go to OUT/results.json (.parquet) and sweep.png.
    """
    sw = sweep if isinstance(sweep, dict) else load(sweep)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    store = ShardStore(out)
    mc, ss = sw["mc"], sw["mc"]["shard_symbols"]
    pts = points(sw)
    recs: List[Dict[int, dict]] = [{} for _ in pts]
    reused = 0
    limit = mc.get("shards", mc.get("max_shards"))
    for i, pt in enumerate(pts):
        for k in range(limit):
            r = store.get(pt["key"], k)
            if r is not None:
                recs[i][k] = r
                reused += 1
    total = len(pts) * mc["shards"] if "shards" in mc else None
    bar = None
    if progress:
        try:
            from tqdm import tqdm
            bar = tqdm(total=total, initial=reused if total else 0, unit="shard", desc=sw["name"], file=sys.stderr)
        except ImportError:
            bar = None
    errors = sum(r["symbol_errors"] for d in recs for r in d.values())
    computed = 0

    def todo(i):  # next shards a point needs, in order
        done, used = _needed(mc, recs[i])
        if done:
            return []
        if "shards" in mc:
            return [k for k in used if k not in recs[i]]
        return [k for k in range(limit) if k not in recs[i]]

    def finish(i, rec):
        nonlocal computed, errors
        store.put(pts[i]["key"], rec)
        recs[i][rec["shard"]] = rec
        computed += 1
        errors += rec["symbol_errors"]
        if bar is not None:
            bar.update(1)
            bar.set_postfix(errors=errors)
        if on_shard:
            on_shard(computed, client)

    stopped = False
    made = None
    if serial:
        for i, pt in enumerate(pts):
            while todo(i) and not stopped:
                k = todo(i)[0]
                finish(i, run_shard(pt["config"], sw["base_dir"], k, ss))
                stopped = max_new_shards is not None and computed >= max_new_shards
    else:
        from dask.distributed import as_completed
        if client is None:
            client, cluster = make_client(sw, scheduler, jobqueue, workers)
            made = (client, cluster)
        try:
            nworkers = max(1, len(client.scheduler_info().get("workers", {})))
            window = window or 4 * nworkers
            queue = [(i, k) for i in range(len(pts)) for k in todo(i)]
            if "target_errors" in mc:  # adaptive depth: a few shards per point at a time
                queue = [(i, k) for i in range(len(pts)) for k in todo(i)[:max(1, window // max(1, len(pts)))]]
            inflight = {}
            ac = as_completed()

            def submit(i, k):
                f = client.submit(run_shard, pts[i]["config"], sw["base_dir"], k, ss, pure=False,
                                  key=f"shard-{pts[i]['key']}-{k}-{time.time_ns()}")
                inflight[f.key] = (i, k)
                ac.add(f)

            while queue and len(inflight) < window:
                submit(*queue.pop(0))
            for f in ac:
                i, k = inflight.pop(f.key)
                rec = f.result()
                if k not in recs[i]:
                    finish(i, rec)
                if max_new_shards is not None and computed >= max_new_shards:
                    stopped = True
                    for g in list(ac.futures):
                        g.cancel()
                    break
                if "target_errors" in mc and not any(q[0] == i for q in queue):
                    pending = {kk for (ii, kk) in inflight.values() if ii == i}
                    for kk in todo(i):
                        if kk not in pending and len(pending) < max(1, window // max(1, len(pts))):
                            queue.append((i, kk))
                            pending.add(kk)
                while queue and len(inflight) < window:
                    submit(*queue.pop(0))
        finally:
            close_client(made)
    if bar is not None:
        bar.close()
    rows, complete = [], True
    for i, pt in enumerate(pts):
        done, used = _needed(mc, recs[i])
        used = [k for k in used if k in recs[i]]  # an interrupted point: the shards it has
        complete &= done
        rows.append({**merge(pt, recs[i], used), "complete": done})
    result = {"name": sw["name"], "sweep_file": sw["file"], "axes": list(sw["axes"]), "monte_carlo": mc,
              "rows": rows, "computed": computed, "reused": reused, "complete": complete}
    write_results(out, result, plots)
    return result


def write_results(out: Path, result: dict, plots: bool) -> None:
    tmp = out / "results.json.tmp"
    tmp.write_text(json.dumps(result, indent=1) + "\n")
    os.replace(tmp, out / "results.json")
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
        rows = [{k: (json.dumps(v) if isinstance(v, (list, dict)) else v) for k, v in r.items()} for r in result["rows"]]
        cols = sorted({k for r in rows for k in r})
        table = pa.table({c: [r.get(c) for r in rows] for c in cols})
        pq.write_table(table, out / "results.parquet")
    except ImportError:
        pass
    if plots:
        try:
            plot(result, out / "sweep.png")
        except ImportError:
            print("halolink sweep: matplotlib not available, sweep.png not drawn", file=sys.stderr)


def plot(result: dict, path: Path) -> None:
    """BER (measured, and statistical when present) against the first numeric axis, one line
    per combination of the other axes."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    rows = result["rows"]
    axes = result["axes"]
    xax = next((a for a in axes if all(isinstance(r[a], (int, float)) for r in rows)), None)
    fig, ax = plt.subplots(figsize=(7, 4.5))
    if xax is None:
        ax.bar(range(len(rows)), [r["ber"] for r in rows])
        ax.set_xlabel("point")
    else:
        groups: Dict[str, list] = {}
        for r in rows:
            lab = ", ".join(f"{a}={r[a]}" for a in axes if a != xax)
            groups.setdefault(lab, []).append(r)
        for lab, rs in groups.items():
            rs.sort(key=lambda r: r[xax])
            xs = [r[xax] for r in rs]
            line, = ax.semilogy(xs, [max(r["ber"], 1e-12) for r in rs], "o-", label=(lab or "measured"))
            if "statistical_ber" in rs[0]:
                ax.semilogy(xs, [max(r["statistical_ber"], 1e-18) for r in rs], "--", color=line.get_color())
        ax.set_xlabel(xax)
        ax.legend(fontsize=7)
    ax.set_ylabel("pre-FEC BER (dashed: statistical)")
    ax.set_title(f"{result['name']}: {sum(r['measured_symbols'] for r in rows):.3g} measured symbols")
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="halolink sweep", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="The sweep file format: docs/python.md (example: sim/configs/sweep_c2m_noise.yaml).")
    p.add_argument("sweep", metavar="SWEEP.yaml", help="sweep file")
    p.add_argument("--out", default="out/sweep", help="output folder (results.json, shards/, sweep.png); default out/sweep")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--scheduler", metavar="tcp://HOST:8786", help="an existing Dask scheduler")
    g.add_argument("--jobqueue", choices=sorted(JOBQUEUE), help="a dask-jobqueue cluster with the sweep file's jobqueue settings")
    g.add_argument("--serial", action="store_true", help="run every shard in this process (no Dask)")
    p.add_argument("--workers", type=int, help="LocalCluster workers (default: cluster.workers, else 2)")
    p.add_argument("--no-plots", action="store_true", help="do not draw sweep.png")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    a = p.parse_args(argv)
    if a.workers is not None and a.workers < 1:
        p.error(f"--workers: expected an integer >= 1, found {a.workers}")
    from ._core import ConfigError
    try:
        r = run(a.sweep, a.out, scheduler=a.scheduler, jobqueue=a.jobqueue, workers=a.workers, serial=a.serial,
                progress=not a.no_progress, plots=not a.no_plots)
    except (SweepError, ConfigError, FileNotFoundError) as e:
        print(f"halolink sweep: error: {e}", file=sys.stderr)
        return 2
    print(f"halolink sweep: {len(r['rows'])} points, {r['computed']} shards computed, {r['reused']} reused; "
          f"results: {Path(a.out) / 'results.json'}")
    for row in r["rows"]:
        params = ", ".join(f"{k}={row[k]}" for k in r["axes"])
        print(f"  {params}: {row['measured_symbols']} measured symbols, {row['symbol_errors']} symbol errors, BER {row['ber']:.3e}")
    return 0

"""Keyed, resumable task maps on Dask for the fleet studies (halolink.autolink, halolink.haloeye).

``run_tasks(fn, items, out, key=...)`` computes ``fn(item)`` for every item on a Dask cluster
(an embedded LocalCluster by default, an existing scheduler, or none with ``serial=True``) and
stores each result atomically as ``OUT/shards/<key>/<index>.json`` (halolink.sweep.ShardStore).
A rerun reads the stored results and computes only the missing ones; a task computed twice
(a worker killed mid-task, its task re-run elsewhere) is stored once. Items must be
JSON-serialisable and ``fn`` importable on the workers (a module-level function).
"""
from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any, Callable, List, Optional

from .sweep import ShardStore, close_client, make_client


def task_key(*parts: Any) -> str:
    """16 hex digits hashing the JSON of parts (the study's effective settings)."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


def run_tasks(fn: Callable[[Any], dict], items: List[Any], out: Path, *, key: str, client=None,
              scheduler: Optional[str] = None, workers: Optional[int] = None, serial: bool = False,
              progress: bool = True, desc: str = "tasks", cluster: Optional[dict] = None) -> List[dict]:
    """Results of fn(item) in item order (stored or computed). Raises what fn raises."""
    store = ShardStore(Path(out))
    res: List[Optional[dict]] = [store.get(key, i) for i in range(len(items))]
    todo = [i for i, r in enumerate(res) if r is None]
    bar = None
    if progress and todo:
        try:
            from tqdm import tqdm
            bar = tqdm(total=len(items), initial=len(items) - len(todo), unit="task", desc=desc, file=sys.stderr)
        except ImportError:
            bar = None

    def done(i: int, r: dict) -> None:
        if res[i] is not None:
            return  # delivered twice: stored once
        r = {**r, "shard": i}
        store.put(key, r)
        res[i] = {**r, "key": key}
        if bar is not None:
            bar.update(1)

    if serial:
        for i in todo:
            done(i, fn(items[i]))
    elif todo:
        from dask.distributed import as_completed
        made = None
        if client is None:
            client, cl = make_client({"cluster": cluster or {}, "jobqueue": {}, "file": desc}, scheduler, None, workers)
            made = (client, cl)
        try:
            futs, index = [], {}
            for i in todo:
                f = client.submit(fn, items[i], pure=False, key=f"{desc}-{key}-{i}-{time.time_ns()}")
                futs.append(f)
                index[f.key] = i
            for f in as_completed(futs):
                done(index[f.key], f.result())
        finally:
            close_client(made)
    if bar is not None:
        bar.close()
    return [r for r in res if r is not None]

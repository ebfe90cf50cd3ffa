"""Config plumbing shared by halolink.sim, halolink.compare and halolink.monitor."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Mapping, Union

from . import _core

ConfigLike = Union[str, "os.PathLike[str]", Mapping[str, Any]]


def config_args(config: ConfigLike, base_dir: Union[str, "os.PathLike[str]", None], name: str) -> tuple:
    """(text, is_path, name, base_dir) for the C++ loaders.

    A path is read by the C++ YAML reader (messages name the file and line); a mapping is
    passed as JSON text (a YAML subset) named ``name`` in messages, with relative file names
    (channels, power tables) resolved against ``base_dir`` (default: the current directory).
    """
    if isinstance(config, (str, os.PathLike)):
        return (os.fspath(config), True, os.fspath(config), "")
    if isinstance(config, Mapping):
        bd = os.fspath(base_dir) if base_dir is not None else os.getcwd()
        return (json.dumps(config, allow_nan=False), False, name, bd)
    raise TypeError(f"config: expected a path or a mapping, found {type(config).__name__}")


def compare(config: ConfigLike, *, base_dir: Union[str, "os.PathLike[str]", None] = None) -> dict:
    """DSP-retimed versus LPO link comparison (the ``halolink compare`` command's compare.json).

    config: a compare YAML file (sim/configs/compare_default.yaml) or the same content as a
    mapping. Returns the results document as a dict (schema: docs/compare.md): per-link
    pre-FEC BER, CER, FLR, power (W), latency (ns), cluster roll-up and the claims checked.
    Raises ConfigError / TouchstoneError with the file and key path. Releases the GIL.
    """
    return json.loads(_core.compare_run(*config_args(config, base_dir, "<compare dict>")))


def share_dir() -> Path:
    """Directory holding configs/, data/ and plots/: the wheel's halolink/share/halolink, or,
    in a source checkout, sim/ (HALOLINK_SOURCE overrides)."""
    here = Path(__file__).resolve().parent
    if (here / "share" / "halolink" / "configs").is_dir():
        return here / "share" / "halolink"
    src = os.environ.get("HALOLINK_SOURCE")
    for root in ([Path(src)] if src else []) + [here.parents[2], here.parents[1]]:
        if (root / "sim" / "configs").is_dir():
            return root / "sim"
    raise FileNotFoundError("halolink: bundled configs not found (set HALOLINK_SOURCE to the source tree)")

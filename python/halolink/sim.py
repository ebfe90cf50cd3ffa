"""The link simulator (sim/, docs/sim.md): ``run(config) -> dict``, the ``halolink sim`` command
as a function. Results are the same document as the command's results.json (schema:
docs/sim.md), bit for bit at the same seed (timing fields ``seconds`` and
``symbols_per_second`` aside).
"""
from __future__ import annotations

import json
import os
from typing import Any, Optional, Union

from . import _core
from ._config import ConfigLike, config_args, share_dir


def run(config: ConfigLike, *, symbols: Optional[int] = None, seed: Optional[int] = None,
        statistical: bool = False, shard: int = 0, analysis: bool = True, base_dir: Union[str, "os.PathLike[str]", None] = None) -> Any:
    """Runs a link: statistical analysis (electrical links) and the time-domain run.

    config: a link YAML file (sim/configs/*.yaml) or the same content as a mapping (relative
    channel file names resolved against ``base_dir``, default the current directory).
    symbols: time-domain symbols (training included), default the config's; seed: random seed
    (default the config's); statistical: statistical analysis only; shard: Monte Carlo shard
    k >= 0, every random stream jumped k x 2^192 draws (xoshiro256 long jump, sim/rng.hpp), the
    independent streams of halolink.sweep (``halolink sim --shard K``); analysis=False skips
    the statistical analysis of an electrical link (time domain only; no ``statistical`` key).
    Returns a dict (or a list of dicts for a config with a ``sweep`` section): ``statistical``
    (SER, BER, SNR in dB, bathtubs, eye PDF), ``time_domain`` (counted symbol and bit errors,
    KP4 codewords/uncorrectable, CDR phase in UI, slicer histogram, eye histograms [phase][bin]
    over 2 UI), ``channel`` (SDD21 at Nyquist, dB) and ``noise`` (V rms).
    Raises ConfigError (file/dict name, line, key path) or TouchstoneError. Releases the GIL.
    """
    text, is_path, name, bd = config_args(config, base_dir, "<config dict>")
    return json.loads(_core.sim_run(text, is_path, name, bd, symbols, seed, statistical, shard, analysis))


def config_path(name: str) -> str:
    """Path of a bundled example config (e.g. ``"c2m_53g.yaml"``)."""
    p = share_dir() / "configs" / name
    if not p.is_file():
        raise FileNotFoundError(f"halolink.sim.config_path: no bundled config '{name}' in {p.parent}")
    return str(p)

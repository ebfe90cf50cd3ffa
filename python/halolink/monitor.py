"""Link monitors of the golden model (cmodel/mon, docs/monitors.md): the per-level monitor
(means, sigmas, eSNR, RLM), the CMIS VDM link-health monitor (eSNR, LTP, pre-FEC BER, FERC,
FEC tail with thresholds and latched flags) and drifting-link monitor runs (``halolink monitor``).

Inputs: slicer input ``z`` as int16 S13.3 (level A = 256: targets A x {-3, -1, 1, 3} x 8 LSB)
and ``decisions`` as uint8 0..3, 1-D arrays of the same length.
"""
from __future__ import annotations

import json
import os
from typing import Optional, Union

import numpy as np

from . import _core
from ._config import ConfigLike, config_args


def _zd(z, decisions):
    return (np.ascontiguousarray(z, dtype=np.int16), np.ascontiguousarray(decisions, dtype=np.uint8))


class LevelMonitor:
    """Per-level statistics of the slicer input (802.3 Clause 120D / 162 RLM, eSNR)."""

    def __init__(self) -> None:
        self._m = _core.LevelMonitorCore()

    def process(self, z, decisions) -> None:
        """Accumulates z (N,) int16 S13.3 and decisions (N,) uint8 0..3. ValueError on mismatch."""
        self._m.process(*_zd(z, decisions))

    def report(self) -> dict:
        """count[4], mean[4] and sigma[4] (S13.3 LSB), esnr_db (dB, NaN if a level is empty), rlm."""
        return self._m.report()

    def reset(self) -> None:
        self._m.reset()


class VdmMonitor:
    """CMIS VDM link-health monitor with the default thresholds (docs/monitors.md)."""

    def __init__(self) -> None:
        self._m = _core.VdmMonitorCore()

    def process(self, z, decisions) -> None:
        """Accumulates one window's z (N,) int16 S13.3 and decisions (N,) uint8 0..3."""
        self._m.process(*_zd(z, decisions))

    def add_bits(self, bits: int, bit_errors: int) -> None:
        """Pre-FEC bit counts of the window."""
        self._m.add_bits(bits, bit_errors)

    def add_codeword(self, symbol_errors: int, uncorrectable: bool = False) -> None:
        """One FEC codeword: symbol errors 0..15, or uncorrectable."""
        self._m.add_codeword(symbol_errors, uncorrectable)

    def end_window(self) -> dict:
        """Closes the window: raw register values and engineering values (dB, ratio) per
        observable, counts, FEC histogram, active and latched flags (VdmFlag bits)."""
        return self._m.end_window()

    def reset(self) -> None:
        self._m.reset()


def run(config: ConfigLike, *, windows: Optional[int] = None, window_symbols: Optional[int] = None,
        seed: Optional[int] = None, base_dir: Union[str, "os.PathLike[str]", None] = None) -> dict:
    """The ``halolink monitor`` run: a drifting link sampled once per window by the VDM monitor.

    Returns the monitor.json document (docs/monitors.md): per-window observables, conditions,
    flags and events. Raises ConfigError naming the file and key path. Releases the GIL.
    """
    text, is_path, name, bd = config_args(config, base_dir, "<monitor dict>")
    return json.loads(_core.monitor_run(text, is_path, name, bd, windows, window_symbols, seed))

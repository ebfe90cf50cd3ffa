"""HaloLink: bit-exact PAM4 DSP retimer / KP4 FEC golden model and link simulator (Python API).

Modules
-------
- :mod:`halolink.fec`: KP4 RS(544,514) / KR4 RS(528,514) encode and decode on numpy arrays.
- :class:`halolink.RetimerRx`: the golden-model receiver on ADC-code arrays.
- :mod:`halolink.sim`: the link simulator, ``halolink.sim.run(config) -> dict``.
- :func:`halolink.compare`: DSP-retimed versus LPO comparison (``halolink compare``).
- :mod:`halolink.monitor`: level monitor, CMIS VDM monitor, drifting-link monitor runs.
- :mod:`halolink.sweep`: Dask-distributed Monte Carlo sweeps (``halolink sweep SWEEP.yaml``).

Errors: bad configs raise :class:`ConfigError` (a ``ValueError``) carrying the same
"FILE:LINE: key.path: expected ..., found ..." message as the ``halolink`` command; bad
Touchstone files :class:`TouchstoneError` (a ``ValueError``); bad arrays ``ValueError`` or
``TypeError``. Long calls release the GIL (a thread pool scales). See docs/python.md.
"""
from __future__ import annotations

from . import _core
from ._core import ConfigError, TouchstoneError
from . import fec, sim, monitor
from ._receiver import RetimerRx
from ._config import compare

__version__ = "0.1.0"
__all__ = ["ConfigError", "TouchstoneError", "fec", "sim", "monitor", "RetimerRx", "compare", "__version__"]

"""KP4 RS(544,514) and KR4 RS(528,514) Reed-Solomon FEC over GF(2^10) (IEEE 802.3 Clause 91 /
119.2.4.6), the bit-exact golden model (cmodel/fec, docs/fec.md).

Symbols are 10-bit values held in ``uint16`` arrays in transmission order: a message is k = 514
symbols (the first is m_513), a codeword n = 544 (KP4) or 528 (KR4) symbols (message, then the
parity p_{n-k-1} .. p_0), the same layout as the ``halolink fec`` symbol files.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import _core

CODES = {"kp4": (544, 514), "kr4": (528, 514)}


class DecodeResult(NamedTuple):
    """Result of :func:`decode`: ``words`` (N, n) uint16 corrected codewords (uncorrectable
    ones as received), ``uncorrectable`` (N,) bool, ``corrected_symbols`` (N,) uint32 and
    ``corrected_bits`` (N,) uint32 per codeword."""
    words: np.ndarray
    uncorrectable: np.ndarray
    corrected_symbols: np.ndarray
    corrected_bits: np.ndarray


def _as_u16(a, what: str) -> np.ndarray:
    arr = np.asarray(a)
    if arr.dtype.kind not in "ui":
        raise TypeError(f"{what}: expected an integer array, found dtype {arr.dtype}")
    if arr.dtype != np.uint16:
        if arr.size and (arr.min() < 0 or arr.max() >= 1024):
            bad = np.flatnonzero((arr.reshape(-1) < 0) | (arr.reshape(-1) >= 1024))[0]
            raise ValueError(f"{what}: element {bad}: expected a 10-bit symbol (0..1023), found {arr.reshape(-1)[bad]}")
        arr = arr.astype(np.uint16)
    return np.ascontiguousarray(arr)


def encode(messages, code: str = "kp4") -> np.ndarray:
    """Systematic RS encoding.

    messages: (k,) or (N, k) array of 10-bit symbols (uint16 is used without a copy; other
    integer dtypes are converted). Returns (n,) or (N, n) uint16 codewords. Raises ValueError
    for a wrong shape or a symbol >= 1024 (naming the record and symbol), or an unknown code
    ("kp4" | "kr4"). Releases the GIL.
    """
    return _core.fec_encode(_as_u16(messages, "encode: messages"), code)


def decode(words, code: str = "kp4", *, correct: bool = True, inplace: bool = False) -> DecodeResult:
    """Decodes received words (riBM + Chien/Forney, docs/fec.md).

    words: (n,) or (N, n) array of 10-bit symbols. With ``inplace=True`` a C-contiguous uint16
    array is corrected in place (zero copy) and returned as ``result.words``; otherwise a copy
    is corrected. ``correct=False`` is the 802.3 bypass-correction mode (errors counted, data
    unchanged). Raises ValueError for a wrong shape or a symbol >= 1024. Releases the GIL.
    """
    arr = np.asarray(words)
    if inplace:
        if arr.dtype != np.uint16 or not arr.flags.c_contiguous or not arr.flags.writeable:
            raise ValueError("decode: inplace=True needs a writeable C-contiguous uint16 array")
    else:
        arr = _as_u16(arr, "decode: codewords").copy()
    unc, cs, cb = _core.fec_decode_inplace(arr, code, correct)
    return DecodeResult(arr, unc.astype(bool), cs, cb)

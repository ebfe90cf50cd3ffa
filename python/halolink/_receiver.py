"""RetimerRx: the bit-exact golden-model receiver on ADC codes (cmodel/retimer, docs/retimer.md)."""
from __future__ import annotations

import numpy as np

from . import _core


class RetimerRx:
    """ADC codes -> FFE -> [Volterra | LUT] -> DFE/slicer -> precoding inverse -> Gray demap ->
    bits, with the Mueller-Muller CDR, the pattern checker, the level monitor and (fec=True)
    the KP4 receive block, from one configuration (fixed-point formats: docs/retimer.md).

    adc_bits: ADC resolution N (6..8; codes are signed N-bit); ffe_taps/ffe_pre: FFE length
    and pre-cursor taps (802.3dj reference receiver: 16 / 5); dfe_taps: 0..4; nlc: "none" |
    "volterra" | "lut"; cdr: Mueller-Muller CDR on; precoding: 1/(1+D) mod 4 in use;
    pattern: checker pattern "prbs31q" | "prbs13q" | "ssprq" | "none"; fec: run the KP4
    receive block on the decoded bits (fec_skip: PAM4 symbols dropped before codeword 0);
    adapt: LMS adaptation of FFE and DFE. Invalid settings raise ValueError naming the field.
    """

    def __init__(self, *, adc_bits: int = 8, ffe_taps: int = 16, ffe_pre: int = 5, dfe_taps: int = 1,
                 nlc: str = "none", cdr: bool = True, precoding: bool = False, pattern: str = "prbs31q",
                 fec: bool = False, fec_skip: int = 0, adapt: bool = True) -> None:
        self._rx = _core.RetimerRxCore(adc_bits=adc_bits, ffe_taps=ffe_taps, ffe_pre=ffe_pre, dfe_taps=dfe_taps,
                                       nlc=nlc, cdr=cdr, precoding=precoding, pattern=pattern, fec=fec,
                                       fec_skip=fec_skip, adapt=adapt)

    def process(self, adc) -> dict:
        """Processes ADC codes (N,) int16 (signed adc_bits; int16 C-contiguous input is used
        without a copy). Any call size gives the same outputs. Returns arrays of length N (bits:
        2N, A first): ``bits`` uint8, ``symbols`` uint8 Gray 0..3, ``decisions`` uint8 line
        symbols 0..3, ``slicer_in`` int16 S13.3, ``phase`` uint16 CDR phase command. Releases
        the GIL."""
        return self._rx.process(np.ascontiguousarray(adc, dtype=np.int16))

    def counters(self) -> dict:
        """Monitor counters: ``checker`` (symbols, symbol_errors, bits, bit_errors, locks,
        losses, locked), ``levels`` (count, mean, sigma in S13.3 LSB, esnr_db, rlm), ``fec``
        (fec=True: codewords, corrected/uncorrectable codewords, corrected symbols/bits,
        histogram 0..15 + uncorrectable), input_clips, phase_code, ffe_taps (S12.8)."""
        return self._rx.counters()

    def reset(self) -> None:
        self._rx.reset()

    @property
    def latency(self) -> int:
        """Chain latency in symbols (ADC sample -> bit)."""
        return self._rx.latency

#!/usr/bin/env python3
"""The IBIS-AMI RX model (libhalo_ami_rx.so) driven by PyAMI (PyPI pyibis-ami), as PyBERT
drives it: AMI_Init through AMIModelInitializer with a parameter dictionary, AMI_GetWave in
blocks of bits_per_call UIs. Checks, against references written here: the output waveform equals
the model driven directly with ctypes in one call (PyAMI's blocking changes nothing); the
equalised slicer input, sliced with thresholds from its own mean |z| (2A for uniform PAM4),
recovers the transmitted symbols after adaptation; the clock times are one per UI, half a UI
before the sampling instant; a malformed parameter string is rejected with a message.
Exit 77 (ctest SKIP_RETURN_CODE) when pyibisami or numpy is not installed.
Also: the generated halolink.ibs parses with PyAMI's IBIS parser without warnings and names
both executables (a platform string not in the IBIS form made it drop the [Algorithmic Model]);
the generated halo_rx.ami / halo_tx.ami parse with PyAMI's own .ami parser without errors
or warnings, and every model-specific parameter's value from the .ami file, at its minimum and
at its maximum, is accepted by the model's AMI_Init (the files and the code agree).
Usage: test_pyami.py <libhalo_ami_rx.so> <libhalo_ami_tx.so> <dir with the generated .ami files>
"""
import ctypes
import sys

try:
    import numpy as np
    from pyibisami.ami.model import AMIModel, AMIModelInitializer
    from pyibisami.ami.parser import parse_ami_file_contents
except ImportError as e:  # pragma: no cover
    print(f"SKIP: {e}")
    sys.exit(77)

SPB = 8
UI = 1.0 / 53.125e9
DT = UI / SPB


def make_wave(sym, sigma, seed):
    """PAM4 levels 0.1*(2s-3) V through cursors (0.03, 0.75, 0.12, 0.03) at the UI centres."""
    cur = np.array([0.03, 0.75, 0.12, 0.03])
    t = (np.arange(5 * SPB) - SPB / 2) / SPB
    p = np.interp(t, np.arange(4), cur, left=0.0, right=0.0)
    up = np.zeros(len(sym) * SPB)
    up[::SPB] = 0.1 * (2.0 * sym - 3.0)
    w = np.convolve(up, p)[: len(sym) * SPB]
    return w + np.random.default_rng(seed).normal(0.0, sigma, w.size)


def check_ami_file(lib, ami_path):
    """The .ami file parses cleanly and each value it declares is accepted by AMI_Init."""
    with open(ami_path, encoding="utf-8") as f:
        errs, warns, root, _, reserved, specific = parse_ami_file_contents(f.read())
    assert not errs and not warns, (ami_path, errs, warns)
    assert reserved["GetWave_Exists"].pvalue is True, ami_path
    c = ctypes.CDLL(lib)
    c.AMI_Init.restype = ctypes.c_long
    for name, p in specific.items():
        for v in {p.pvalue, p.pmin, p.pmax} - {None}:
            text = f'({root} ({name} {v if not isinstance(v, str) else chr(34) + v + chr(34)}))'
            mem, pout, msg = ctypes.c_void_p(), ctypes.c_char_p(), ctypes.c_char_p()
            if name == "ffe_pre" and v == p.pmax:  # must stay below ffe_taps (default 16)
                text = f"({root} ({name} {v}) (ffe_taps 64))"
            if name == "tx_pre" and v == p.pmax:  # must stay below the number of taps
                text = f'({root} ({name} {v}) (tx_taps "{" ".join(["16"] * 16)}"))'
            rc = c.AMI_Init(None, 0, 0, ctypes.c_double(1e-12), ctypes.c_double(8e-12),
                            text.encode(), ctypes.byref(pout), ctypes.byref(mem),
                            ctypes.byref(msg))
            assert rc == 1, (text, msg.value)
            c.AMI_Close(mem)
    return len(specific)


def check_ibs_file(ibs_path):
    """halolink.ibs parses with PyAMI's IBIS parser (as PyBERT loads it) without warnings, and
    the Input and Output models name the RX and TX executables and .ami files."""
    from pyibisami.ibis.file import IBISModel  # pylint: disable=import-outside-toplevel
    for types, dll, ami in (({"Input"}, "libhalo_ami_rx.so", "halo_rx.ami"),
                            ({"Output"}, "libhalo_ami_tx.so", "halo_tx.ami")):
        m = IBISModel(ibs_path, model_types=types)
        text = str(m.ibis_parsing_errors)
        assert "Success" in text and "Warning" not in text, text
        assert (m.dll_file, m.ami_file) == (dll, ami), (m.dll_file, m.ami_file)


def main():
    lib = sys.argv[1]
    check_ibs_file(f"{sys.argv[3]}/halolink.ibs")
    nparams = check_ami_file(lib, f"{sys.argv[3]}/halo_rx.ami")
    nparams += check_ami_file(sys.argv[2], f"{sys.argv[3]}/halo_tx.ami")
    rng = np.random.default_rng(3)
    nsym = 12000
    sym = rng.integers(0, 4, nsym)
    wave = make_wave(sym, 0.004, 5)
    params = {"root_name": "halo_rx", "adc_bits": 7, "adc_full_scale": 0.4, "ffe_taps": 12,
              "ffe_pre": 3}
    imp = np.zeros(128)
    imp[4] = 1.0 / DT
    model = AMIModel(lib)
    init = AMIModelInitializer(params, channel_response=(ctypes.c_double * 128)(*imp),
                               row_size=128, sample_interval=ctypes.c_double(DT),
                               bit_time=ctypes.c_double(UI))
    model.initialize(init)
    assert "samples_per_ui 8" in str(model.ami_params_out), model.ami_params_out
    out, clocks, _ = model.getWave(wave, bits_per_call=777)
    out = np.asarray(out)

    # reference: the same library through ctypes, the whole waveform in one AMI_GetWave call
    c = ctypes.CDLL(lib)
    c.AMI_Init.restype = ctypes.c_long
    c.AMI_GetWave.restype = ctypes.c_long
    mem, pout, msg = ctypes.c_void_p(), ctypes.c_char_p(), ctypes.c_char_p()
    pin = b"(halo_rx (adc_bits 7) (adc_full_scale 0.4) (ffe_taps 12) (ffe_pre 3))"
    h = (ctypes.c_double * 128)(*imp)
    assert c.AMI_Init(h, 128, 0, ctypes.c_double(DT), ctypes.c_double(UI), pin,
                      ctypes.byref(pout), ctypes.byref(mem), ctypes.byref(msg)) == 1, msg.value
    w = (ctypes.c_double * wave.size)(*wave)
    ct = (ctypes.c_double * wave.size)()
    assert c.AMI_GetWave(w, wave.size, ct, ctypes.byref(pout), mem) == 1
    c.AMI_Close(mem)
    ref = np.frombuffer(w, dtype=np.float64)
    assert np.array_equal(out, ref), f"PyAMI output differs at {np.flatnonzero(out != ref)[:5]}"

    # independent: slice z (held over each UI from its sampling instant, sample 4) and align
    z = out[4::SPB][:nsym]
    a2 = np.mean(np.abs(z[nsym // 2:]))  # 2A for uniform PAM4
    dec = (z >= -a2).astype(int) + (z >= 0).astype(int) + (z >= a2).astype(int)
    best = min(int(np.sum(dec[nsym // 2:] != sym[nsym // 2 - d: nsym - d])) for d in range(40))
    assert best == 0, f"{best} symbol errors in the second half"

    # clock times: from the direct call (one per UI, then -1), and PyAMI's first block (PyAMI
    # appends its whole bits_per_call + 8 clock array per call, terminator and stale entries too)
    want = (np.arange(nsym) * SPB + 4 - SPB / 2) * DT
    direct = np.frombuffer(ct, dtype=np.float64)
    assert np.allclose(direct[:nsym], want, rtol=0, atol=1e-18) and direct[nsym] == -1.0
    assert np.allclose(np.asarray(clocks)[:777], want[:777], rtol=0, atol=1e-18)

    bad = AMIModelInitializer({"root_name": "halo_rx", "adc_bits": 12},
                              sample_interval=ctypes.c_double(DT),
                              bit_time=ctypes.c_double(UI))
    m2 = AMIModel(lib)
    try:
        m2.initialize(bad)
        text = str(m2.msg)
    except Exception as e:  # PyAMI may raise on a failed AMI_Init
        text = str(e)
    assert "adc_bits" in text, text
    print(f"PyAMI: .ami files parse, {nparams} parameters accepted at value/min/max; {nsym} UI, output equal to the direct call, 0 symbol errors after "
          f"adaptation, clock times checked; bad parameter message: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""halolink API: FEC against an independent pure-Python RS(544,514)/RS(528,514) encoder, zero
copy, RetimerRx on ideal PAM4 ADC codes against an independent PRBS31Q generator, monitors,
errors as Python exceptions, the GIL released in long calls."""
import threading

import numpy as np
import pytest

import halolink
from halolink import fec

# ---- independent GF(2^10) / RS reference (IEEE 802.3 91.5.2.1: p(x) = x^10 + x^3 + 1,
# g(x) = prod_{j=0}^{2t-1} (x - alpha^j)) -------------------------------------------------
EXP = [0] * 2046
LOG = [0] * 1024
_x = 1
for _i in range(1023):
    EXP[_i] = EXP[_i + 1023] = _x
    LOG[_x] = _i
    _x <<= 1
    if _x & 1024:
        _x ^= 0b10000001001


def gmul(a, b):
    return 0 if a == 0 or b == 0 else EXP[LOG[a] + LOG[b]]


def generator(nparity):
    g = [1]  # highest degree first
    for j in range(nparity):
        root = EXP[j]
        out = g + [0]
        for i in range(len(g)):
            out[i + 1] ^= gmul(g[i], root)
        g = out
    return g


def ref_encode(msg, n, k):
    """Long division of m(x) x^(n-k) by g(x); msg[0] is the highest-degree coefficient."""
    g = generator(n - k)
    rem = list(msg) + [0] * (n - k)
    for i in range(k):
        c = rem[i]
        if c:
            for j in range(1, len(g)):
                rem[i + j] ^= gmul(g[j], c)
    return list(msg) + rem[k:]


@pytest.mark.parametrize("code,n", [("kp4", 544), ("kr4", 528)])
def test_encode_matches_independent_reference(code, n):
    rng = np.random.default_rng(5)
    msgs = rng.integers(0, 1024, (3, 514), dtype=np.uint16)
    cw = fec.encode(msgs, code)
    assert cw.shape == (3, n) and cw.dtype == np.uint16
    for r in range(3):
        assert cw[r].tolist() == ref_encode(msgs[r].tolist(), n, 514)
    assert fec.encode(msgs[0], code).tolist() == cw[0].tolist()  # 1-D in, 1-D out


def test_decode_corrects_up_to_t_and_flags_beyond():
    rng = np.random.default_rng(9)
    cw = fec.encode(rng.integers(0, 1024, (4, 514)))
    rx = cw.copy()
    pos15 = rng.choice(544, 15, replace=False)
    rx[0, pos15] ^= rng.integers(1, 1024, 15).astype(np.uint16)
    rx[1, 100] ^= 0x3FF  # 10 bits in one symbol
    rx[2, rng.choice(544, 40, replace=False)] ^= 1  # far beyond t = 15
    r = fec.decode(rx)
    assert r.uncorrectable.tolist() == [False, False, True, False]
    assert r.corrected_symbols.tolist() == [15, 1, 0, 0]
    assert r.corrected_bits[1] == 10
    assert np.array_equal(r.words[[0, 1, 3]], cw[[0, 1, 3]])
    assert np.array_equal(r.words[2], rx[2])  # uncorrectable: left as received
    assert not np.array_equal(rx[0], cw[0])  # the input was not modified (copy)


def test_decode_inplace_is_zero_copy_and_bypass_leaves_data():
    cw = fec.encode(np.arange(514) % 1024)
    buf = np.tile(cw, (2, 1))
    buf[:, 7] ^= 5
    byp = fec.decode(buf, correct=False)
    assert byp.corrected_symbols.tolist() == [0, 0] and not np.array_equal(byp.words[0], cw)
    r = fec.decode(buf, inplace=True)
    assert r.words is buf and np.array_equal(buf[0], cw) and np.array_equal(buf[1], cw)


def test_fec_errors_name_record_and_symbol():
    bad = np.zeros((2, 514), dtype=np.uint16)
    bad[1, 3] = 1024
    with pytest.raises(ValueError, match=r"record 1, symbol 3: expected a 10-bit symbol \(< 1024\), found 1024"):
        fec.encode(bad)
    with pytest.raises(ValueError, match=r"expected shape \(N, 544\)"):
        fec.decode(np.zeros((2, 543), dtype=np.uint16))
    with pytest.raises(ValueError, match="kp4"):
        fec.encode(np.zeros(514, dtype=np.uint16), "kp5")
    with pytest.raises(ValueError, match="inplace"):
        fec.decode(np.zeros(544, dtype=np.int32), inplace=True)


def prbs31q(nsym):
    """PRBS31 (G(x) = 1 + x^28 + x^31, output inverted as in 802.3 Figure 49-9), bit pairs A
    first, Gray coded to level indices 0..3 (00, 01, 11, 10)."""
    reg = [1] * 31
    bits = np.empty(2 * nsym, dtype=np.uint8)
    for i in range(2 * nsym):
        b = reg[27] ^ reg[30]
        reg = [b] + reg[:-1]
        bits[i] = b ^ 1
    a, b = bits[0::2], bits[1::2]
    return np.array([0, 1, 3, 2], dtype=np.uint8)[a * 2 + b]


def test_retimer_rx_counts_injected_errors_exactly():
    lv = prbs31q(20000)
    adc = ((2 * lv.astype(np.int16) - 3) * 32).astype(np.int16)  # ideal 8-bit codes -96..96
    flip = [12000, 15001, 18002]
    adc[flip] = -adc[flip]  # level 0 <-> 3, 1 <-> 2: Gray 00<->10, 01<->11: one bit each
    rx = halolink.RetimerRx(cdr=False, adapt=False, dfe_taps=0)
    out = {k: [] for k in ("symbols", "bits")}
    for chunk in np.array_split(adc, 7):  # any call size gives the same outputs
        o = rx.process(chunk)
        for k in out:
            out[k].append(o[k])
    c = rx.counters()["checker"]
    assert c["locked"] and c["locks"] == 1
    assert c["symbol_errors"] == 3 and c["bit_errors"] == 3
    sym = np.concatenate(out["symbols"])
    lat = rx.latency
    assert np.array_equal(sym[lat + 100: lat + 11000], lv[100:11000])
    lvl = rx.counters()["levels"]
    assert all(n > 0 for n in lvl["count"]) and np.allclose(lvl["mean"], [-768, -256, 256, 768], atol=1)  # + the zero start-up history


def test_monitors():
    z = np.array([-768, -256, 256, 768] * 250, dtype=np.int16)
    d = np.array([0, 1, 2, 3] * 250, dtype=np.uint8)
    m = halolink.monitor.LevelMonitor()
    m.process(z + np.repeat(np.tile([1, -1], 125), 4).astype(np.int16), d)
    r = m.report()
    assert r["count"] == [250] * 4 and r["sigma"] == pytest.approx([1.0] * 4)
    v = halolink.monitor.VdmMonitor()
    v.process(z, d)
    v.add_bits(2000, 2)
    for _ in range(10):
        v.add_codeword(3)
    s = v.end_window()
    assert s["symbols"] == 1000 and s["bit_errors"] == 2 and s["fec_hist"][3] == 10
    assert s["value"]["ber_cur"] == pytest.approx(1e-3, rel=2e-3)  # F16 register resolution
    with pytest.raises(ValueError, match=r"decisions\[0\]: expected 0..3, found 4"):
        m.process(z[:1], np.array([4], dtype=np.uint8))


def test_config_errors_are_python_exceptions(tmp_path):
    with pytest.raises(halolink.ConfigError, match=r"<config dict>:1: rx\.noize_rms_mv: unknown key"):
        halolink.sim.run({"name": "x", "rx": {"noize_rms_mv": 3}})
    with pytest.raises(ValueError):  # ConfigError is a ValueError
        halolink.sim.run(str(tmp_path / "missing.yaml"))
    with pytest.raises(TypeError):
        halolink.sim.run(42)
    with pytest.raises(ValueError, match="nlc: expected none"):
        halolink.RetimerRx(nlc="cubic")


def test_gil_released_during_long_calls():
    msgs = np.random.default_rng(1).integers(0, 1024, (60000, 514), dtype=np.uint16)
    started = threading.Event()
    done = threading.Event()

    def work():
        started.set()
        fec.encode(msgs)
        done.set()

    t = threading.Thread(target=work)
    t.start()
    started.wait()
    spins = 0
    while not done.is_set():
        spins += 1
    t.join()
    # with the GIL held during the C++ loop this thread could not run at all while it lasts
    # (it would only get the switch-interval slices before the call); released, it spins freely
    assert spins > 50000


def test_type_stubs_ship_with_the_package():
    from pathlib import Path
    pkg = Path(halolink.__file__).parent
    stub = (pkg / "_core.pyi").read_text()
    assert (pkg / "py.typed").exists()
    assert "class ConfigError(ValueError)" in stub and "def sim_run(" in stub and "NDArray[numpy.uint16]" in stub

"""halolink sweep on a Dask LocalCluster: merged counters equal a single-process run of the same
shards exactly (and `halolink sim --shard K` per shard), shards are independent streams, a
worker killed mid-run loses nothing and counts nothing twice, a restarted sweep resumes from
the shard files, adaptive depth (target_errors), sweep-file errors."""
import json
import os
import signal
import subprocess
import sys

import pytest

from halolink import sweep

SWEEP = """
name: t
base: {base}
set: {{rx.adapt.training_symbols: 40000, block_symbols: 4096}}
axes:
  rx.noise_rms_mv: [14, 16]
  seed: [3]
monte_carlo: {mc}
cluster: {{workers: 2}}
"""


def write_sweep(tmp_path, source, mc="{shard_symbols: 80000, shards: 3}", name="s.yaml"):
    p = tmp_path / name
    p.write_text(SWEEP.format(base=source / "sim/configs/c2m_53g.yaml", mc=mc))
    return p


@pytest.fixture(scope="module")
def serial(tmp_path_factory, source):
    d = tmp_path_factory.mktemp("serial")
    return sweep.run(write_sweep(d, source), d / "out", serial=True, progress=False, plots=False)


def counters(rows):
    return [{k: r[k] for k in sweep.COUNTERS + ("fec_histogram", "shards")} for r in rows]


def test_serial_reference_independent_streams(serial, source, tmp_path, cli):
    rows = serial["rows"]
    assert len(rows) == 2 and all(r["complete"] and r["shards"] == 3 for r in rows)
    assert all(r["symbol_errors"] > 0 for r in rows)  # errors are counted: the comparison can fail
    # the shards of one point are different streams (different counts), each reproducible by the CLI
    sw = sweep.load(write_sweep(tmp_path, source))
    pt = sweep.points(sw)[1]
    cfgp = tmp_path / "pt.json"
    cfgp.write_text(json.dumps(pt["config"]))
    shard_errs = []
    for k in range(3):
        r = subprocess.run([cli, "sim", str(cfgp), "--symbols", "80000", "--shard", str(k), "--out",
                            str(tmp_path / f"o{k}")], capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        td = json.loads((tmp_path / f"o{k}" / "results.json").read_text())["time_domain"]
        shard_errs.append(td["symbol_errors"])
    assert sum(shard_errs) == rows[1]["symbol_errors"]
    assert len(set(shard_errs)) > 1


def test_dask_merge_equals_serial_and_worker_kill(serial, source, tmp_path):
    killed = []

    def kill_one(n, client):
        if n == 2 and not killed:  # a worker process dies with shards in flight
            pids = client.run(os.getpid)
            pid = sorted(pids.values())[0]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    out = tmp_path / "out"
    r = sweep.run(write_sweep(tmp_path, source), out, workers=2, progress=False, plots=True, on_shard=kill_one)
    assert killed and r["complete"] and r["computed"] == 6 and r["reused"] == 0
    assert counters(r["rows"]) == counters(serial["rows"])
    files = sorted(out.glob("shards/*/*.json"))
    assert len(files) == 6  # one file per (point, shard), nothing twice
    assert json.loads((out / "results.json").read_text())["rows"] == json.loads(json.dumps(r["rows"]))
    assert (out / "sweep.png").stat().st_size > 1000
    try:
        import pyarrow.parquet as pq
    except ImportError:
        return
    t = pq.read_table(out / "results.parquet").to_pylist()
    assert [row["symbol_errors"] for row in t] == [row["symbol_errors"] for row in r["rows"]]


def test_resume_after_interruption(serial, source, tmp_path):
    p = write_sweep(tmp_path, source)
    out = tmp_path / "out"
    first = sweep.run(p, out, serial=True, progress=False, plots=False, max_new_shards=4)
    assert not first["complete"] and first["computed"] == 4
    (out / "shards").joinpath(first["rows"][1]["point"], "000002.json").parent.mkdir(parents=True, exist_ok=True)
    (out / "shards" / first["rows"][1]["point"] / "000002.json").write_text("{\"torn")  # a crash mid-write
    second = sweep.run(p, out, serial=True, progress=False, plots=False)
    assert second["reused"] == 4 and second["computed"] == 2 and second["complete"]
    assert counters(second["rows"]) == counters(serial["rows"])


def test_target_errors_uses_the_shortest_prefix(serial, source, tmp_path):
    need = serial["rows"][0]["symbol_errors"]  # 3 shards reach it; fewer must not
    mc = "{shard_symbols: 80000, target_errors: %d, max_shards: 5}" % need
    from dask.distributed import LocalCluster
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:  # --scheduler ADDRESS
        r = sweep.run(write_sweep(tmp_path, source, mc), tmp_path / "out", scheduler=cluster.scheduler_address,
                      progress=False, plots=False)
    row = r["rows"][0]
    assert row["shards"] <= 3 and row["symbol_errors"] >= need
    if row["shards"] == 3:
        assert counters([row]) == counters(serial["rows"][:1])


def test_cli_and_errors(source, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SWEEP.format(base=source / "sim/configs/c2m_53g.yaml", mc="{shard_symbols: 10, shards: 2}"))
    env = dict(os.environ)
    r = subprocess.run([sys.executable, "-m", "halolink", "sweep", str(bad), "--out", str(tmp_path / "o")],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 2 and "monte_carlo.shard_symbols: expected an integer >= 1000, found 10" in r.stderr
    assert str(bad) in r.stderr
    bad.write_text(SWEEP.format(base=source / "sim/configs/c2m_53g.yaml", mc="{shard_symbols: 8000, shards: 1}")
                   .replace("rx.noise_rms_mv: [14, 16]", "rx.noise_rms_mv: [-1]"))
    r = subprocess.run([sys.executable, "-m", "halolink", "sweep", str(bad), "--serial", "--out", str(tmp_path / "o")],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 2 and "rx.noise_rms_mv" in r.stderr
    r = subprocess.run([sys.executable, "-m", "halolink", "sweep", "--help"], capture_output=True, text=True, env=env)
    assert r.returncode == 0 and "--jobqueue" in r.stdout and "--scheduler" in r.stdout


def test_rng_jump_constants_are_powers_of_the_transition(source):
    """The shard streams' long jump (2^192 draws) and the lanes' jump (2^128) in sim/rng.hpp,
    checked independently of their published source: the characteristic polynomial P of the
    xoshiro256 state transition is found by Berlekamp-Massey on a state bit sequence, and the
    jump constants must hold the coefficients of x^(2^128) and x^(2^192) mod P."""
    import re
    text = (source / "sim/include/halo/sim/rng.hpp").read_text()

    def consts(name):
        body = re.search(name + r"\[4\] = \{([^}]*)\}", text).group(1)
        words = [int(w.strip().rstrip("ull"), 16) for w in body.split(",")]
        return sum(w << (64 * i) for i, w in enumerate(words))

    m64 = (1 << 64) - 1
    s = [0x0123456789ABCDEF, 0xFEDCBA9876543210, 0x0F1E2D3C4B5A6978, 0x8877665544332211]
    bits = []
    for _ in range(600):
        bits.append(s[0] & 1)
        t = (s[1] << 17) & m64
        s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t
        s[3] = ((s[3] << 45) | (s[3] >> 19)) & m64
    # Berlekamp-Massey over GF(2); polynomials as ints, bit i = coefficient of x^i
    c, b, L, m = 1, 1, 0, 1
    for n in range(len(bits)):
        d = bits[n]
        for i in range(1, L + 1):
            d ^= ((c >> i) & 1) & bits[n - i]
        if d:
            t_ = c
            c ^= b << m
            if 2 * L <= n:
                L, b, m = n + 1 - L, t_, 1
                continue
        m += 1
    assert L == 256
    P = 0  # characteristic polynomial: reciprocal of the connection polynomial
    for i in range(257):
        if (c >> i) & 1:
            P |= 1 << (256 - i)

    def mulmod(a, bb):
        r = 0
        while bb:
            if bb & 1:
                r ^= a
            bb >>= 1
            a <<= 1
            if (a >> 256) & 1:
                a ^= P
        return r

    x = 2
    for k in range(192):
        if k == 128:
            assert x == consts("kJump")
        x = mulmod(x, x)
    assert x == consts("kLongJump")


def test_jobqueue_settings_from_the_sweep_file(source):
    sw = sweep.load(source / "sim/configs/sweep_c2m_noise.yaml")
    sw["jobqueue"]["slurm"]["scheduler_options"] = {"dashboard_address": None}
    with sweep.jobqueue_cluster(sw, "slurm") as c:  # nothing is submitted before scale()
        script = c.job_script()
    assert "#SBATCH --mem=" in script and "#SBATCH -t 01:00:00" in script and "--nthreads 1" in script
    with pytest.raises(sweep.SweepError, match="jobqueue.slurm"):
        sweep.jobqueue_cluster({**sw, "jobqueue": {}}, "slurm")


def test_grid_axes_channels_and_keys(source, tmp_path):
    data = source / "sim/data/channels"
    # two 802.3ck files whose data end at 50 GHz (the 200G TL-model channels reach 70 GHz)
    chans = ["C2M__Z100_IL14_WC_BOR_H_L_H_FEXT1.s4p", "C2M__Z100_IL14_WC_BOR_H_L_H_NEXT1.s4p"]
    p = tmp_path / "g.yaml"
    p.write_text(f"""
base: {source / 'sim/configs/optical_dr_106g.yaml'}
axes:
  channel: [{', '.join(str(data / c) for c in chans)}]
  optical.fiber_km: [0.5, 2]
  optical.temperature_c: [25, 70]
monte_carlo: {{shard_symbols: 5000, shards: 1}}
""")
    pts = sweep.points(sweep.load(p))
    assert len(pts) == 2 * 2 * 2 and len({pt["key"] for pt in pts}) == 8
    assert pts[0]["params"] == {"channel": str(data / chans[0]), "optical.fiber_km": 0.5, "optical.temperature_c": 25}
    assert pts[-1]["config"]["channel"] == [{"file": str(data / chans[1])}]
    assert pts[-1]["config"]["optical"]["fiber_km"] == 2 and pts[-1]["config"]["optical"]["temperature_c"] == 70
    import halolink
    cfg = {k: v for k, v in pts[-1]["config"].items() if k != "channel"}
    r = halolink.sim.run(cfg, statistical=True, base_dir=source / "sim/configs")  # a valid config
    assert 0 <= r["statistical"]["ser"] <= 1
    with pytest.raises(halolink.TouchstoneError, match="below the Nyquist frequency"):  # 50 GHz data, 106 GBd
        halolink.sim.run(pts[-1]["config"], statistical=True)
    base = (source / "sim/configs/optical_dr_106g.yaml").read_text()
    assert "fiber_loss_db_km" in base and pts[0]["config"]["optical"]["fiber_loss_db_km"] == 0.4  # the rest kept
    p.write_text(p.read_text().replace("axes:", "bogus: 1\naxes:"))
    with pytest.raises(sweep.SweepError, match=r"g\.yaml: bogus: unknown key"):
        sweep.load(p)

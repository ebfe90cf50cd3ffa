"""`pip install .` from a fresh clone into a new virtual environment (long: a full Release build
of the C++ core, about 10-20 min on 2 cores). The venv sees the system site-packages and pip
runs with --no-build-isolation so that the test works offline (scikit-build-core, nanobind,
numpy, dask come from the machine, installed by scripts/setup); the installed package is then
used from a directory outside the source tree."""
import json
import os
import subprocess
import sys
import textwrap

import pytest


@pytest.mark.long
def test_pip_install_from_fresh_clone(source, tmp_path):
    clone = tmp_path / "halolink"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(source), str(clone)], check=True)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    py = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "HALOLINK_CLI", "HALOLINK_SOURCE")}
    env["CMAKE_BUILD_PARALLEL_LEVEL"] = "2"
    r = subprocess.run([str(py), "-m", "pip", "install", "--no-build-isolation", "--no-deps", "-q", str(clone)],
                       env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-4000:]
    work = tmp_path / "elsewhere"
    work.mkdir()
    code = textwrap.dedent("""
        import json, numpy as np, halolink
        assert halolink.__file__.startswith(%r), halolink.__file__
        cw = halolink.fec.encode(np.arange(514) %% 1024)
        cw[3] ^= 9
        r = halolink.fec.decode(cw)
        res = halolink.sim.run(halolink.sim.config_path("c2m_53g.yaml"), statistical=True)
        print(json.dumps({"corrected": int(r.corrected_symbols[0]), "ser": res["statistical"]["ser"]}))
    """ % str(venv))
    r = subprocess.run([str(py), "-c", code], cwd=work, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["corrected"] == 1 and 0 < out["ser"] < 1
    # the console script: `halolink sim` goes to the shipped C++ executable, `sweep --help` to Python
    exe = venv / "bin" / "halolink"
    r = subprocess.run([str(exe), "sim", "--help"], cwd=work, env=env, capture_output=True, text=True)
    assert r.returncode == 0 and "halolink sim" in r.stdout
    r = subprocess.run([str(exe), "sweep", "--help"], cwd=work, env=env, capture_output=True, text=True)
    assert r.returncode == 0 and "SWEEP.yaml" in r.stdout

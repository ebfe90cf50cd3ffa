"""examples/halolink_quickstart.ipynb executed with nbclient (a fresh python3 kernel that sees
this process's PYTHONPATH): it loads the bundled channel, runs a link and plots the eye; the
eye image is written and the printed time-domain counts equal a direct halolink.sim.run."""
import os
import re
import shutil

import nbformat
import pytest
from nbclient import NotebookClient

import halolink


def test_quickstart_notebook(source, tmp_path):
    nb_path = source / "examples" / "halolink_quickstart.ipynb"
    shutil.copy(nb_path, tmp_path / nb_path.name)
    nb = nbformat.read(tmp_path / nb_path.name, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert (tmp_path / "eye_slicer.png").stat().st_size > 5000
    m = re.search(r"\((\d+) errors in (\d+) symbols\)", text)
    assert m, text
    ref = halolink.sim.run(halolink.sim.config_path("c2m_53g.yaml"), symbols=400000)["time_domain"]
    assert (int(m.group(1)), int(m.group(2))) == (ref["symbol_errors"], ref["measured_symbols"])

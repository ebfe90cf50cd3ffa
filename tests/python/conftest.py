"""Shared fixtures of the Python tests (run in place by ctest: PYTHONPATH=build/python,
HALOLINK_CLI=build/halolink, HALOLINK_SOURCE=the source tree)."""
import os
import shutil
from pathlib import Path

import pytest

SOURCE = Path(os.environ.get("HALOLINK_SOURCE", Path(__file__).resolve().parents[2]))


def pytest_configure(config):
    config.addinivalue_line("markers", "long: slow tests (ctest label python-long)")


@pytest.fixture(scope="session")
def source() -> Path:
    return SOURCE


@pytest.fixture(scope="session")
def cli() -> str:
    exe = os.environ.get("HALOLINK_CLI") or shutil.which("halolink")
    if not exe:
        pytest.skip("halolink executable not found (set HALOLINK_CLI)")
    return exe


def strip_timing(j):
    """Results without the wall-clock fields (seconds, symbols_per_second)."""
    if isinstance(j, dict):
        return {k: strip_timing(v) for k, v in j.items() if k not in ("seconds", "symbols_per_second")}
    if isinstance(j, list):
        return [strip_timing(v) for v in j]
    return j

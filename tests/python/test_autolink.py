"""AutoLink and the interop-yield study (docs/fleet.md): the level model against the MZM closed
form, the equivalent-Q penalty and margin, Clopper-Pearson against closed forms, the search
(winner on the Pareto front, beats the fixed settings where they fail, time-domain
confirmation), the keyed Dask task map (resume, no double counting), study-file errors."""
import math
import subprocess
import sys

import pytest

from halolink import autolink as al
from halolink import _tasks


def test_level_model_matches_mzm_closed_form():
    # quadrature, no floor, no TIA compression: P_k ~ (1 + sin(pi v_k / Vpi)) / 2
    m = {**al.MODULE, "mzm_floor_db": 60.0, "tia_vsat_v": 1e6, "vpi_v": 2.0}
    for swing in (0.2, 0.8, 1.6):
        s = {**al.FIXED, "swing_v": swing}
        lv = al.levels(s, m, 25.0)
        y = [math.sin(math.pi * swing * (2 * k - 3) / 6 / 2.0) for k in range(4)]
        eyes = [(y[i + 1] - y[i]) / ((y[3] - y[0]) / 3) for i in range(3)]
        assert lv["eyes"] == pytest.approx(eyes, rel=1e-6)
        f = 1e-6  # the 60 dB floor
        er = 10 * math.log10((f + (1 - f) * (1 + y[3]) / 2) / (f + (1 - f) * (1 + y[0]) / 2))
        assert lv["er_db"] == pytest.approx(er, rel=1e-9)
    # compression: outer eyes shrink, the middle one grows; bias drift makes them asymmetric
    lv = al.levels({**al.FIXED, "swing_v": 1.6}, m, 25.0)
    assert lv["eyes"][0] < 1 < lv["eyes"][1] and lv["eyes"][0] == pytest.approx(lv["eyes"][2])
    lv = al.levels({**al.FIXED, "swing_v": 1.6}, {**m, "bias_drift_per_c": 0.002}, 70.0)
    assert abs(lv["eyes"][0] - lv["eyes"][2]) > 0.05
    # the bias search compensates the drift: centred again at b + drift (T - 25) = 0.5
    b = al.best_bias({**al.FIXED, "swing_v": 1.6}, {**m, "bias_drift_per_c": 0.002}, 70.0, [0.40, 0.41, 0.45, 0.5])
    assert b == pytest.approx(0.41)


def test_penalty_and_margin():
    from scipy.stats import norm
    thr = 2.4e-4
    for ser in (1e-3, 1e-5, 1e-9):
        p = al.penalised(ser, ser / 2, [1, 1, 1], thr)
        assert p["ser"] == pytest.approx(ser, rel=1e-9) and p["ber"] == pytest.approx(ser / 2, rel=1e-9)
        # equal eyes g: SER = 1.5 Q(g x) -> margin shifts by 20 log10 g
        g = 0.8
        q = al.penalised(ser, ser / 2, [g, g, g], thr)
        assert q["ser"] == pytest.approx(1.5 * norm.sf(g * norm.isf(ser / 1.5)), rel=1e-9)
        assert q["margin_db"] == pytest.approx(p["margin_db"] + 20 * math.log10(g), abs=1e-9)
        # margin >= 0 exactly when BER <= threshold
        for r in (p, q):
            assert (r["margin_db"] >= 0) == (r["ber"] <= thr)
    assert al.penalised(2 * thr, thr, [1, 1, 1], thr)["margin_db"] == pytest.approx(0, abs=1e-9)


def test_clopper_pearson_closed_forms():
    # k = 0: upper = 1 - (a/2)^(1/n); k = n: lower = (a/2)^(1/n)
    for n in (10, 100, 12295):
        assert al.clopper_pearson(0, n)[1] == pytest.approx(1 - 0.025 ** (1 / n), rel=1e-9)
        assert al.clopper_pearson(n, n)[0] == pytest.approx(0.025 ** (1 / n), rel=1e-9)
    # published value (Clopper & Pearson 1934 tables / any statistics text): 5 of 10 -> 0.187 .. 0.813
    lo, hi = al.clopper_pearson(5, 10)
    assert lo == pytest.approx(0.1871, abs=1e-4) and hi == pytest.approx(0.8129, abs=1e-4)
    assert al.verdict(12295, 12295, 0.9997)["verdict"] == "holds"
    assert al.verdict(64, 64, 0.9997)["verdict"] == "not determined"
    assert al.verdict(60, 64, 0.9997)["verdict"] == "does not hold"
    assert al.verdict(1, 1, 0.9997)["links_needed_zero_failures"] == 12295


def test_pareto_front_independent():
    pts = [{"margin_db": m, "power_mw": p} for m, p in ((1, 500), (2, 520), (1.5, 530), (0.5, 480), (2, 600), (3, 700))]
    front = al.pareto(pts)
    assert [(p["margin_db"], p["power_mw"]) for p in front] == [(0.5, 480), (1, 500), (2, 520), (3, 700)]


@pytest.fixture(scope="module")
def small(source, tmp_path_factory):
    d = tmp_path_factory.mktemp("al")
    f = d / "al.yaml"
    f.write_text(f"""
name: t
kind: autolink
base: {source / 'sim/configs/compare_default.yaml'}
link: {{c2m_file: {source / 'sim/data/channels/C2M__Z100_IL14_WC_BOR_H_L_H_THRU.s4p'}, c2m_loss_db: 12, fiber_km: 2, temperature_c: 70}}
module: {{bias_drift_per_c: 0.002}}
autolink:
  confirm_symbols: 60000
  grid: {{swing_v: [0.8, 1.1], bias: [0.42, 0.46, 0.5], driver_ctle_db: [0], tia_ctle_db: [0], tia_swing_v: [0.5, 0.7]}}
""")
    return al.run_autolink(al.load_study(f), d / "out", plots=True), d


def test_autolink_winner_on_front_beats_fixed(small):
    r, d = small
    w, f = r["winner"], r["fixed"]
    # on this channel (12 dB host loss each side, 70 C with bias drift) the fixed settings fail
    assert not f["meets"] and f["margin_db"] < 0
    assert w["meets"] and w["margin_db"] > f["margin_db"] + 1.0
    # no evaluated point dominates the winner (checked here, not with pareto())
    for p in r["points"]:
        assert not (p["margin_db"] > w["margin_db"] and p["power_mw"] <= w["power_mw"])
    assert any(p["settings"] == w["settings"] for p in r["pareto"])
    # the objective: the largest margin - lambda power among the passing points
    best = max((p for p in r["points"] if p["margin_db"] >= 0), key=lambda p: p["margin_db"] - r["lambda_db_per_mw"] * p["power_mw"])
    assert best["settings"] == w["settings"]
    # time-domain confirmation of the winner's optical segment
    c = r["confirmation"]["winner"]
    assert c["bits"] > 0 and c["ber"] <= r["threshold_ber"]
    assert (d / "out" / "pareto.png").stat().st_size > 0 and (d / "out" / "autolink.json").is_file()


def test_coordinate_search_finds_a_passing_setting(small, source):
    r, d = small
    doc = al.load_study(d / "al.yaml")
    ctx = al.context(doc)
    grid = {**ctx["grid"], "tia_swing_v": [0.5]}
    best, calls = al.coordinate_search(ctx, al._link_of(doc, ctx), al._module_of(doc, "t"), grid, ctx["lam"], ctx["fixed"])
    # from the failing fixed settings to a passing one: the swing with its bias re-chosen
    assert best["meets"] and calls <= 3 and best["settings"]["swing_v"] == 1.1
    assert best["settings"] == {**r["winner"]["settings"], "tia_swing_v": 0.5} or best["margin_db"] >= 0


def _count(item):
    return {"value": item["i"] * 2}


def test_run_tasks_on_dask_resumes(tmp_path):
    items = [{"i": i} for i in range(6)]
    r = _tasks.run_tasks(dict, items, tmp_path, key="k1", workers=2, progress=False, desc="t")
    assert [x["i"] for x in r] == list(range(6))
    # a lost result file is recomputed, the others are read (computed once)
    (tmp_path / "shards" / "k1" / "000003.json").unlink()
    (tmp_path / "shards" / "k1" / "000004.json").write_text("{torn")
    calls = []

    def fn(item):
        calls.append(item["i"])
        return dict(item)
    r2 = _tasks.run_tasks(fn, items, tmp_path, key="k1", serial=True, progress=False)
    assert sorted(calls) == [3, 4] and [x["i"] for x in r2] == list(range(6))


def test_study_file_errors(tmp_path, source):
    f = tmp_path / "bad.yaml"
    f.write_text("name: x\nkind: yield\n")
    p = subprocess.run([sys.executable, "-m", "halolink", "study", str(f)], capture_output=True, text=True)
    assert p.returncode == 2 and f"{f}: kind: expected one of autolink, interop_yield, haloeye, found 'yield'" in p.stderr
    f.write_text(f"kind: interop_yield\nbase: {source / 'sim/configs/compare_default.yaml'}\npopulation: {{module: {{vpi: 2}}}}\n")
    p = subprocess.run([sys.executable, "-m", "halolink", "study", str(f), "--serial", "--links", "1"], capture_output=True, text=True)
    assert p.returncode == 2 and "population.module.vpi: unknown key" in p.stderr
    f.write_text(f"kind: autolink\nbase: {source / 'sim/configs/compare_default.yaml'}\nautolink: {{grid: {{swing_v: []}}}}\n")
    p = subprocess.run([sys.executable, "-m", "halolink", "autolink", str(f)], capture_output=True, text=True)
    assert p.returncode == 2 and "autolink.grid.swing_v: expected a non-empty list of numbers" in p.stderr


@pytest.mark.long
def test_interop_yield_on_dask(source, tmp_path):
    doc = al.load_study(source / "sim/studies/interop_yield.yaml")
    r = al.run_yield(doc, tmp_path, links=4, workers=2, progress=False)
    assert r["links"] == 4 and len(r["rows"]) == 4
    for arch, key in (("dsp", "dsp"), ("lpo_fixed", "fixed"), ("lpo_autolink", "autolink")):
        assert r[arch]["passed"] == sum(1 for x in r["rows"] if x[key]["meets"])
    # AutoLink starts from the fixed settings: it never passes fewer links
    assert r["lpo_autolink"]["passed"] >= r["lpo_fixed"]["passed"]
    assert (tmp_path / "yield.png").is_file() and (tmp_path / "yield.md").is_file()

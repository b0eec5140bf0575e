"""benchmarks/synth.py at a small N: verify passes on what it writes, and show, search and
suggestions answer there as on the shipped fact base (the 100k/1M builds are benchmarks)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, Run

sys.path.insert(0, str(ROOT / "benchmarks"))
import synth


@pytest.fixture(scope="module")
def facts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "facts"
    assert synth.synthesize(300, out) == 300
    return out


def test_verify_passes_on_the_synthetic_fact_base(run: Run, facts: Path) -> None:
    result = run("--data", str(facts), "verify")
    assert result.exit_code == 0, result.stderr
    assert "synth_00000.txt" in result.stdout and "(100.0%)" in result.stdout
    assert "514 figures" in result.stdout  # 300 synthetic + the 214 shipped


def test_show_search_and_suggestions_answer_there(run: Run, facts: Path) -> None:
    assert 432 in [r["value"] for r in run.json("--data", str(facts), "show", "gdp")]
    hits = run.json("--data", str(facts), "search", "焦化", "--limit", "100")
    sources = {h["source"] for h in hits}
    assert "000_5c670b32eecb22f9.txt" in sources and any(s.startswith("synth_") for s in sources)
    typo = run("--data", str(facts), "show", "gpd")
    assert typo.exit_code == 1 and "gdp" in typo.stderr
    from jiexiu_cli.factbase.loader import load_file

    figure = load_file(facts / "articles" / "synth_00000.yaml").figures[0]
    name = next(i["name_zh"] for i in synth.indicators(200) if i["id"] == figure.indicator)
    shown = run.json("--data", str(facts), "show", str(name))
    assert {r["indicator"] for r in shown} == {figure.indicator}
    assert figure.quote in {r["quote"] for r in shown}


def test_deterministic(tmp_path: Path) -> None:
    synth.synthesize(40, tmp_path / "a", seed=3)
    synth.synthesize(40, tmp_path / "b", seed=3)
    for f in sorted((tmp_path / "a").rglob("*")):
        if f.is_file():
            assert f.read_bytes() == (tmp_path / "b" / f.relative_to(tmp_path / "a")).read_bytes(), f

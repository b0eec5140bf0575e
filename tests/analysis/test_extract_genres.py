"""extract on the genres of the public record (tests/data/genres: documents written for the
tests, each figure keyed by hand): the per-genre figures the README publishes, and the
fact-base YAML of each layout loads and verifies."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from jiexiu_cli.analysis.verify import verify
from jiexiu_cli.core.numbers import tokenize
from jiexiu_cli.factbase.loader import load
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import extract_eval

DOCS = extract_eval.documents()


def test_every_genre_meets_the_targets() -> None:
    rows, total = extract_eval.evaluate()
    assert len(rows) == 7 and total.expected == 100
    for genre, s in rows:
        assert s.found == s.expected, (genre, s.misses)
        assert s.true_candidates / s.candidates >= 0.95, (genre, s.misses)
        assert s.unit_right / s.found >= 0.97, (genre, s.misses)
        assert s.falls_right == s.falls, (genre, s.misses)
        assert s.period_right / s.found >= 0.9, (genre, s.misses)


@pytest.mark.parametrize("doc", [d for d, _ in DOCS], ids=lambda p: p.name)
def test_yaml_of_each_layout_verifies(run, tmp_path: Path, doc: Path) -> None:
    shutil.copy(doc, tmp_path / doc.name)
    result = run("--data", str(tmp_path / "none"), "extract", str(tmp_path / doc.name), "--format", "yaml")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    from tests.analysis.test_extract import _fill, _indicators

    filled, n = _fill(text)
    (tmp_path / "new.yaml").write_text(filled, encoding="utf-8")
    (tmp_path / "indicators.yaml").write_text(_indicators(n), encoding="utf-8")
    report = verify(load(tmp_path))
    assert report.ok, report.problems[:5]
    assert report.covered == report.tokens == len(tokenize(doc.read_text(encoding="utf-8")))


def test_markup_and_chrome_are_never_figures(run) -> None:
    forum = next(d for d, _ in DOCS if d.name == "forum.txt")
    non = run.json("extract", str(forum), "--non-figures")
    reasons = {r["text"]: r["reason"] for r in non}
    assert reasons["1077"].startswith("forum page chrome") and reasons["866"].startswith("forum page chrome")
    assert reasons["51"] == "inside a BBCode tag" and reasons["2022"].startswith("year")
    assert reasons["12345678"].startswith("licence number") and reasons["25"].startswith("ordinal of an event")
    assert any(r["reason"] == "lunar date" for r in non)
    split = next(r for r in non if r["text"] == "2022" and "[b]" in r["context"])
    assert split["context"] == "20[/b][b]2[/b][b]2"


def test_a_quote_names_its_subject_and_a_table_cell_its_row_and_column(run) -> None:
    records = run.json("extract", str(ROOT / "tests/data/genres/bulletin.txt"))
    growth = next(r for r in records if r["shown"] == "6.3")
    assert growth["quote"] == "全年全县地区生产总值实现125.6亿元，按可比价格计算，比上年增长6.3%"
    cell = next(r for r in records if r["label"] and r["shown"] == "-3.6")
    assert (cell["value"], cell["unit"], cell["label"]) == (-3.6, "%", "粮食 · 比上年增长(%)")
    oil = next(r for r in records if r["shown"] == "0.42")
    assert (oil["unit"], oil["unit_from"]) == ("万吨", "单位：万吨")

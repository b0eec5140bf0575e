"""A fact base of many sources: the shipped folder plus a third article's own fact base
(tests/data/third), in one --data folder, through every command."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT

THIRD = DATA / "third"


@pytest.fixture
def combined(tmp_path: Path) -> Path:
    """A folder of data/ (its texts at ../seeds/) and seeds/, with the third fact base and
    article in data/third/: --data names the folder that holds both data/ and seeds/ (the
    articles must lie inside it; see test_stranger.py)."""
    shutil.copytree(ROOT / "data", tmp_path / "facts" / "data")
    shutil.copytree(ROOT / "seeds", tmp_path / "facts" / "seeds")
    shutil.copytree(THIRD, tmp_path / "facts" / "data" / "third")
    return tmp_path / "facts"


def test_the_third_fact_base_verifies_on_its_own(run) -> None:
    result = run("--data", str(THIRD), "verify")
    assert result.exit_code == 0, result.stderr
    assert "third.txt: 29/29 number tokens covered" in result.stdout


def test_verify_checks_every_source(run, combined: Path) -> None:
    result = run("--data", str(combined), "verify")
    assert result.exit_code == 0, result.stderr
    assert "230 figures, 178 indicators, 4 sources: ok" in result.stdout
    for name in ("000_5c670b32eecb22f9.txt", "002_a7ce63afe1259d76.txt", "jiexiu-2022q1.txt", "third.txt"):
        assert f"{name}:" in result.stdout


def test_verify_names_the_source_at_fault(run, combined: Path) -> None:
    article = combined / "data" / "third" / "third.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("58.6", "58.7"), encoding="utf-8")
    result = run("--data", str(combined), "verify")
    assert result.exit_code == 1
    assert "article third.txt has changed" in result.stderr and "third.yaml:" in result.stderr
    problems = [line for line in result.stderr.splitlines() if "number tokens covered" not in line]
    assert not any(name in line for line in problems for name in ("002_", "000_", "jiexiu-2022q1")), problems


def test_sources_lists_them_all(run, combined: Path) -> None:
    records = run.json("--data", str(combined), "sources")
    assert [(r["source"], r["figures"]) for r in records] == [
        ("000_5c670b32eecb22f9.txt", 84),
        ("jiexiu-2022q1.txt", 16),
        ("002_a7ce63afe1259d76.txt", 114),
        ("third.txt", 16),
    ]


def test_show_search_list_and_export_span_the_sources(run, combined: Path) -> None:
    data = ("--data", str(combined))
    shown = run.json(*data, "show", "示例县新建幼儿园")
    assert [(r["value"], r["unit"], r["source"]) for r in shown] == [(3, "所", "third.txt")]
    assert {r["source"] for r in run.json(*data, "show", "gdp")} == {
        "000_5c670b32eecb22f9.txt",
        "002_a7ce63afe1259d76.txt",
        "jiexiu-2022q1.txt",
    }
    hits = run.json(*data, "search", "GDP", "--limit", "100")
    assert {r["source"] for r in hits} == {
        "000_5c670b32eecb22f9.txt",
        "002_a7ce63afe1259d76.txt",
        "jiexiu-2022q1.txt",
        "third.txt",
    }
    assert [r["source"] for r in run.json(*data, "search", "youeryuan")] == ["third.txt"]
    listed = {r["indicator"] for r in run.json(*data, "list", "--topic", "education")}
    assert {"sample_kindergartens", "schools_built"} <= listed
    exported = run.json(*data, "export")
    assert len(exported) == 230 and sum(r["source"] == "third.txt" for r in exported) == 16


def test_compare_spans_the_folder(run, combined: Path) -> None:
    """The third article adds no comparable pair (one source, one period), and takes none away."""
    assert run.json("--data", str(combined), "compare") == run.json("compare")
    result = run("--data", str(combined), "compare", "sample_gdp")
    assert result.exit_code == 1 and "no comparable pair" in result.stderr


def test_extract_marks_the_third_articles_figures(run, combined: Path) -> None:
    records = run.json("--data", str(combined), "extract", str(combined / "data" / "third" / "third.txt"))
    assert len(records) == 16 and all(r["matches"] for r in records)
    assert records[0]["matches"] == ["sample_gdp.2023H1.level"]


def test_an_id_defined_in_two_files_names_both_places(run, combined: Path) -> None:
    clash = "indicators:\n  - {id: sample_gdp, name_zh: 重复, name_en: Clash, topic: economy}\n"
    (combined / "data" / "third" / "clash.yaml").write_text(clash, encoding="utf-8")
    result = run("--data", str(combined), "sources")
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert "indicator id 'sample_gdp' is defined twice" in message
    assert "clash.yaml:2:5" in message and "third.yaml:" in message


def test_a_figure_id_clash_across_files_names_both_places(run, combined: Path) -> None:
    extra = (
        "figures:\n"
        "  - {id: gdp.2021.level, indicator: sample_gdp, period: '2023', value: '58.6', unit: 亿元,\n"
        "     qualifier: exact, kind: level, source: third.txt, quote: 示例县地区生产总值完成58.6亿元}\n"
    )
    (combined / "data" / "third" / "extra.yaml").write_text(extra, encoding="utf-8")
    result = run("--data", str(combined), "verify")
    assert result.exit_code == 1
    assert "figure id 'gdp.2021.level' is defined twice" in result.stderr
    assert "extra.yaml:2:5" in result.stderr


def test_audit_spans_the_folder(run, combined: Path) -> None:
    """Each file's declared checks join the shipped ones; the third's ratio adds up."""
    result = run("--data", str(combined), "audit", "--format", "json")
    assert result.exit_code == 0, result.stderr
    import json

    ids = {r["id"]: r["status"] for r in json.loads(result.stdout)}
    assert ids["sum:sample_sectors"] == "consistent"
    assert ids["sum:three_sector_ratio"] == "consistent"
    assert {r["id"] for r in run.json("audit")} < set(ids)

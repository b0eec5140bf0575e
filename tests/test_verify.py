"""verify: the shipped fact base proves out; each kind of defect is named."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from jiexiu_cli.data_path import shipped_data
from jiexiu_cli.load import load
from jiexiu_cli.verify import verify

from .conftest import DATA, ROOT


def test_shipped_fact_base_verifies_with_full_coverage() -> None:
    report = verify(load(shipped_data()))
    assert report.problems == []
    assert report.tokens == report.covered > 300
    assert {c.source for c in report.coverage} == {
        "002_a7ce63afe1259d76.txt",
        "000_5c670b32eecb22f9.txt",
        "jiexiu-2022q1.txt",
    }
    assert report.figures > 150


def test_seeds_are_byte_identical_to_the_shared_articles() -> None:
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside the checkout")
    for article in shared.iterdir():
        assert (ROOT / "seeds" / article.name).read_bytes() == article.read_bytes()
    quarter = ROOT.parent / "shared" / "articles" / "jiexiu-2022q1.txt"  # the third, shipped since issue 13
    if quarter.is_file():
        assert (ROOT / "seeds" / quarter.name).read_bytes() == quarter.read_bytes()


DEFECTS = {
    "quote_missing": "quote is not a verbatim substring of the article",
    "value_not_in_quote": "'120.6' does not occur in the quote as a number",
    "unit_not_in_quote": "unit '万元' does not occur in the quote",
    "sha_mismatch": "article mini.txt has changed: sha256 is",
    "uncovered": "number '3200' is neither a figure nor an exclusion",
    "claimed_twice": "number '3200' is claimed 2 times",
    "duplicate_figure": "duplicates figure gdp.2023.level",
    "printed_mismatch": "printed '第二' reads as 2, not as value 3",
    "ambiguous_context": "context occurs 2 times in the article; lengthen it or set context_nth",
}


def test_every_defect_sample_has_a_case() -> None:
    assert {p.stem for p in (DATA / "verify").glob("*.yaml")} == set(DEFECTS)


@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_defect_is_named(name: str) -> None:
    report = verify(load(DATA / "verify" / f"{name}.yaml"))
    assert not report.ok
    assert any(DEFECTS[name] in p.message for p in report.problems), report.problems


def test_mini_fact_base_is_clean() -> None:
    assert verify(load(DATA / "mini")).ok


def test_changed_article_and_tampered_quote_are_both_reported(tmp_path: Path) -> None:
    shutil.copytree(DATA / "mini", tmp_path / "mini")
    article = tmp_path / "mini" / "mini.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("120.5", "121.5"), encoding="utf-8")
    messages = [p.message for p in verify(load(tmp_path / "mini")).problems]
    assert any("has changed: sha256" in m for m in messages)
    assert any("quote is not a verbatim substring" in m for m in messages)


def test_missing_article_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    shutil.copytree(DATA / "mini", tmp_path / "mini")
    (tmp_path / "mini" / "mini.txt").unlink()
    report = verify(load(tmp_path / "mini"))
    assert any("no such text file" in p.message for p in report.problems)


@pytest.mark.parametrize(("text", "message"), [("pipe", "not a regular file"), (".", "is a directory")])
def test_an_article_that_is_a_pipe_or_a_folder_is_a_problem_not_a_hang(tmp_path: Path, text: str, message: str) -> None:
    """Inside the fact base's folder, but not a regular file: a FIFO nobody writes to is
    never waited for. (A device such as /dev/zero is outside it: see test_stranger.py.)"""
    if text == "pipe":
        os.mkfifo(tmp_path / text)
    yaml_text = (DATA / "mini" / "mini.yaml").read_text(encoding="utf-8")
    yaml_text = yaml_text.replace("    text: mini.txt\n", f"    text: {text}\n", 1)
    assert f"text: {text}" in yaml_text
    (tmp_path / "mini.yaml").write_text(yaml_text, encoding="utf-8")
    report = verify(load(tmp_path / "mini.yaml"))
    assert len(report.problems) == 1 and message in report.problems[0].message

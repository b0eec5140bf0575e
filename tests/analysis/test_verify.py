"""verify: the shipped fact base proves out; each kind of defect is named."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiexiu_cli.analysis.verify import verify
from jiexiu_cli.factbase.data_path import shipped_data
from jiexiu_cli.factbase.loader import load
from tests.conftest import DATA, ROOT


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


#: the sha256 of each original article as it was given to the project (../shared/seeds and
#: ../shared/articles beside the first checkouts): a seed must stay byte for byte the original
ORIGINALS = {
    "000_5c670b32eecb22f9.txt": "2131a8798e6f3813018219aea4b6f72f7e2038cecf9c7136830ae5af1201f3d8",
    "002_a7ce63afe1259d76.txt": "f3df52a050846386f442d746b45a3fdc36137b5ad41ab488357f4b7996e5dc0d",
    "jiexiu-2022q1.txt": "548253d3e65c39d51f566e3a639240db34f347b0f8c91a723c5b3b0429861a2c",
}


def test_seeds_are_byte_identical_to_the_original_articles() -> None:
    """Runs in a plain clone: every seed against the original's sha256, and the fact base's
    sources record the same hashes (so verify's own sha256 check guards the same bytes)."""
    seeds = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (ROOT / "seeds").glob("*.txt")}
    assert seeds == ORIGINALS
    assert {s.file: s.sha256 for s in load(shipped_data()).sources} == ORIGINALS


def test_the_recorded_hashes_are_the_shared_originals() -> None:
    """Where the originals are beside the checkout (the project's own machines), the hashes
    above are theirs."""
    shared = [*(ROOT.parent / "shared" / "seeds").glob("*.txt"), *(ROOT.parent / "shared" / "articles").glob("*.txt")]
    if not shared:
        pytest.skip("../shared is not beside the checkout (the test above needs it not)")
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in shared} == ORIGINALS


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


def _locate_by_scanning(text: str, tokens: list, quote: str, quote_nth: int | None, needle: str, nth: int) -> object:
    """locate as first written: every token looked at for every occurrence (the rule)."""
    from jiexiu_cli.analysis.locate import find_all

    starts = find_all(text, quote)
    if not starts:
        return "quote is not a verbatim substring of the article"
    if quote_nth is None:
        if len(starts) > 1:
            return f"quote occurs {len(starts)} times in the article; lengthen it or set quote_nth"
        quote_nth = 1
    if quote_nth > len(starts):
        return f"quote_nth is {quote_nth} but the quote occurs {len(starts)} time(s)"
    q0 = starts[quote_nth - 1]
    seen = 0
    for offset in find_all(quote, needle):
        a, b = q0 + offset, q0 + offset + len(needle)
        inside = [i for i, t in enumerate(tokens) if t.start >= a and t.end <= b]
        cut = any(t.start < b and t.end > a and not (t.start >= a and t.end <= b) for t in tokens)
        if not inside or cut:
            continue
        seen += 1
        if seen == nth:
            return q0, inside
    if seen:
        return f"{needle!r} occurs only {seen} time(s) in the quote, nth is {nth}"
    return f"{needle!r} does not occur in the quote as a number"


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("0123456789.,%/:万亿两十百第一二三个年x 。，"), min_size=1, max_size=60),
    st.data(),
)
def test_locate_finds_what_scanning_every_token_finds(text: str, data: st.DataObject) -> None:
    from jiexiu_cli.analysis.locate import locate
    from jiexiu_cli.core.numbers import tokenize

    tokens = tokenize(text)
    a = data.draw(st.integers(0, len(text) - 1))
    b = data.draw(st.integers(a + 1, len(text)))
    quote = text[a:b]
    c = data.draw(st.integers(0, len(quote) - 1))
    d = data.draw(st.integers(c + 1, len(quote)))
    needle = quote[c:d]
    quote_nth = data.draw(st.one_of(st.none(), st.integers(1, 3)))
    nth = data.draw(st.integers(1, 3))
    assert locate(text, tokens, quote, quote_nth, needle, nth) == _locate_by_scanning(
        text, tokens, quote, quote_nth, needle, nth
    )

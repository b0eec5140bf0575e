"""The qualifier words: one meaning each, in the reader (units), the intervals and their docs."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from jiexiu_cli.analysis.extract.pipeline import extract
from jiexiu_cli.core import intervals
from jiexiu_cli.core.intervals import interval_of
from jiexiu_cli.core.model import Figure, Location
from jiexiu_cli.core.units import QUALIFIERS_AFTER, QUALIFIERS_BEFORE

WORDS = {**QUALIFIERS_BEFORE, **QUALIFIERS_AFTER}


def _figure(value: str, qualifier: str, words: str) -> Figure:
    return Figure(
        "x", "x", "2021", Decimal(value), "千伏", qualifier, "actual", "level", "s", f"{value}千伏{words}",
        Location("f", 1, 1), qualifier_zh=words,
    )  # fmt: skip


def test_the_intervals_docstring_files_each_word_under_the_qualifier_the_reader_gives_it() -> None:
    """intervals' rules name words in brackets after each qualifier (``under (不到, 不足)``):
    each word the reader knows must be filed there under the qualifier it reads as."""
    filed = {
        word.strip(): q
        for q, words in re.findall(r"\b([a-z_]+) \(([^)]*)\)", intervals.__doc__ or "")
        for word in words.split(",")
    }
    known = {w: q for w, q in filed.items() if w in WORDS}
    assert known, "the docstring names no word the reader knows"
    assert {w: WORDS[w] for w in known} == known
    assert filed["以下"] == "at_most"


@pytest.mark.parametrize(("words", "includes"), [("以下", True), ("以内", True), ("不到", False), ("不足", False)])
def test_yixia_includes_the_number_budao_does_not(words: str, includes: bool) -> None:
    """10千伏以下 allows 10; 不到10千伏 does not (民法典 1259: 以上, 以下, 以内 include the number)."""
    f = _figure("10", WORDS[words], words)
    assert interval_of(f).contains(Decimal(10)) is includes
    assert interval_of(f).contains(Decimal("9.99"))


def test_extract_reads_yixia_as_at_most() -> None:
    ex = extract("城镇调查失业率控制在5.5%以下。", "a.txt", "a.txt", "0" * 64, "2021")
    (c,) = [c for c in ex.candidates if c.number == "5.5"]
    assert (c.qualifier, c.qualifier_zh) == ("at_most", "以下")

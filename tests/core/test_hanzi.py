"""hanzi.py: the two scripts folded one character for one; search finds either from either."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiexiu_cli.core.hanzi import fold, fold_search, to_simplified
from jiexiu_cli.core.numbers import tokenize
from tests.conftest import ROOT


def test_units_markers_and_qualifiers_of_the_genre() -> None:
    assert to_simplified("億元 萬人次 萬元 個百分點 萬畝 萬噸 增長 下降 減少 約 餘") == (
        "亿元 万人次 万元 个百分点 万亩 万吨 增长 下降 减少 约 余"
    )
    assert fold("８６.１億元，增長７.８％") == "86.1亿元，增长7.8%"


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFFEF), max_size=40))
def test_folding_keeps_length_and_number_tokens(text: str) -> None:
    """Offsets into the folded text are offsets into the original, and the number tokens
    verify counts are the same in both."""
    folded = fold(text)
    assert len(folded) == len(text) == len(to_simplified(text))
    assert [(t.start, t.end) for t in tokenize(folded)] == [(t.start, t.end) for t in tokenize(text)]


def test_search_finds_simplified_from_traditional_and_back(run) -> None:
    traditional = run.json("search", "地區生產總值")
    simplified = run.json("search", "地区生产总值")
    assert traditional and [r["id"] for r in traditional] == [r["id"] for r in simplified]
    assert fold_search("億元") == fold_search("亿元") == "亿元"


@pytest.mark.process
def test_show_does_not_load_the_table() -> None:
    code = "import sys, runpy; sys.argv=['jiexiu','show','gdp']\n"
    code += "try:\n runpy.run_module('jiexiu_cli', run_name='__main__')\nexcept SystemExit: pass\n"
    code += "print('hanzi_table' in sys.modules, 'opencc' in sys.modules, file=sys.stderr)"
    for _ in range(2):  # the first run may build the cache
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.stderr.strip().splitlines()[-1] == "False False"

"""Name folding: the fast path for ASCII must fold exactly as the Unicode one does."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from jiexiu_cli.factbase.query import fold


def _by_nfkc(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", name).casefold() if c not in " _-")


@given(st.text())
def test_fold_is_nfkc_casefold_without_separators(name: str) -> None:
    assert fold(name) == _by_nfkc(name)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_fold_of_ascii(name: str) -> None:
    assert fold(name) == _by_nfkc(name)


def test_full_width_and_separators() -> None:
    assert fold("ｇｄｐ") == fold("GDP") == fold(" g_d-p ") == "gdp"
    assert fold("清洁取暖　面积") == "清洁取暖面积"

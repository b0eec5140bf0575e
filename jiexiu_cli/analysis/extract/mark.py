"""Extract against a fact base: which candidates are figures it already holds, and which
tokens it already excludes, by the rule verify counts by (:mod:`jiexiu_cli.analysis.locate`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from jiexiu_cli.analysis.extract.model import Extraction
from jiexiu_cli.core.model import Exclusion, FactBase, Figure
from jiexiu_cli.core.numbers import tokenize


def figure_tokens(text: str, figures: Iterable[Figure]) -> dict[int, list[Figure]]:
    """Token index -> the figures whose number is that token (as verify locates them)."""
    from jiexiu_cli.analysis.locate import locate

    tokens = tokenize(text)
    found: dict[int, list[Figure]] = {}
    for f in figures:
        where = locate(text, tokens, f.quote, f.quote_nth, f.shown, f.nth)
        if isinstance(where, str):
            continue
        for i in where[1]:
            found.setdefault(i, []).append(f)
    return found


def mark(ex: Extraction, fb: FactBase) -> Extraction:
    """Mark each candidate with the figures of the fact base it is.

    An article whose sha256 is a source's is matched against that source's figures; any
    other text against every figure whose quote it contains verbatim (same quote, same
    number at the same place), which is honest for an edited copy and silent otherwise.
    """
    same = [s.file for s in fb.sources if s.sha256 == ex.sha256]
    figures = [f for f in fb.figures if f.source in same] if same else list(fb.figures)
    by_token = figure_tokens(ex.text, (f for f in figures if f.quote in ex.text))
    marked = tuple(replace(c, matches=tuple(f.id for f in by_token.get(c.token, ()))) for c in ex.candidates)
    excluded = excluded_by(ex.text, [e for e in fb.exclusions if e.source in same])
    return replace(ex, candidates=marked, figured=frozenset(by_token), excluded=excluded)


def excluded_by(text: str, exclusions: Iterable[Exclusion]) -> dict[int, str]:
    """Token index -> the reason of the exclusion that takes it out (verify's rule:
    :func:`jiexiu_cli.analysis.locate.excluded_tokens`); an exclusion that finds nothing, none."""
    from jiexiu_cli.analysis.locate import excluded_tokens

    tokens = tokenize(text)
    out: dict[int, str] = {}
    for e in exclusions:
        found = excluded_tokens(text, tokens, e)
        if not isinstance(found, str):
            out.update((i, e.reason) for i in found)
    return out


def mark_in(fb: FactBase | None, ex: Extraction) -> Extraction:
    return ex if fb is None else mark(ex, fb)


def known_hashes(fb: FactBase | None) -> set[str]:
    return set() if fb is None else {s.sha256 for s in fb.sources}

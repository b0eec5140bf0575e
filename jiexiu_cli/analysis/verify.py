"""The fact base proved against its articles.

Checks: each article's sha256; each quote a verbatim substring of its article (and
unique, or pinned with quote_nth); the printed number inside its quote at a token
boundary and meaning the value; the unit in the quote; no duplicate figures; and
coverage: every number token of every article is the number of exactly one figure
or one exclusion, at that very position.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jiexiu_cli.analysis.locate import excluded_tokens, find_all, locate
from jiexiu_cli.core.errors import DataError
from jiexiu_cli.core.model import Exclusion, FactBase, Figure, Source
from jiexiu_cli.core.numbers import Token, line_col, same_number, tokenize, value_of_printed
from jiexiu_cli.factbase.data_path import display_path
from jiexiu_cli.factbase.text_files import ARTICLE_LIMIT, decode_utf8, read_bytes

_NO_UNIT_KINDS = ("rank", "ratio", "multiple")
_INSERTED = "余多"


@dataclass(frozen=True, slots=True)
class Problem:
    where: str
    message: str


@dataclass(frozen=True, slots=True)
class SourceCoverage:
    source: str
    tokens: int
    by_figures: int
    by_exclusions: int

    @property
    def covered(self) -> int:
        return self.by_figures + self.by_exclusions


@dataclass
class Report:
    figures: int
    indicators: int
    sources: int
    coverage: list[SourceCoverage] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def tokens(self) -> int:
        return sum(c.tokens for c in self.coverage)

    @property
    def covered(self) -> int:
        return sum(c.covered for c in self.coverage)


@dataclass
class SourceResult:
    """What verify finds of one article (all of it depends on that article, its source
    entry, and its figures and exclusions alone, so it can be kept and reused): its
    problems in order, its coverage (None when its text cannot be read), and its
    duplicate figures (each with the figure's id, to order them as the fact base does)."""

    problems: list[Problem]
    coverage: SourceCoverage | None
    duplicates: list[tuple[str, Problem]]


def verify(fb: FactBase) -> Report:
    figures_of: dict[str, list[Figure]] = {}
    for f in fb.figures:
        figures_of.setdefault(f.source, []).append(f)
    exclusions_of: dict[str, list[Exclusion]] = {}
    for e in fb.exclusions:
        exclusions_of.setdefault(e.source, []).append(e)
    results = [
        check_source(source, figures_of.get(source.file, []), exclusions_of.get(source.file, []))
        for source in fb.sources
    ]
    order = {f.id: i for i, f in enumerate(fb.figures)}
    return assemble((len(fb.figures), len(fb.indicators), len(fb.sources)), results, order.__getitem__)


def check_source(source: Source, figures: list[Figure], exclusions: list[Exclusion]) -> SourceResult:
    """One article against its source entry, its figures and its exclusions."""
    report = Report(figures=0, indicators=0, sources=0)
    text = _article(source, report)
    coverage = None if text is None else _check_source(source, text, figures, exclusions, report)
    return SourceResult(report.problems, coverage, _duplicates(figures))


def assemble(counts: tuple[int, int, int], results: list[SourceResult], position: Callable[[str], Any]) -> Report:
    """The report of the whole fact base: each article's problems in the sources' order,
    then every duplicate figure in the fact base's order (``position`` of a figure id)."""
    report = Report(*counts)
    for r in results:
        report.problems += r.problems
        if r.coverage is not None:
            report.coverage.append(r.coverage)
    duplicates = sorted((d for r in results for d in r.duplicates), key=lambda d: position(d[0]))
    report.problems += [p for _, p in duplicates]
    return report


def _article(source: Source, report: Report) -> str | None:
    try:  # exactly the file the loader resolved inside the fact base, a regular file, not too big
        path = source.text_path
        data = read_bytes(path, "text file", limit=ARTICLE_LIMIT, within=(os.path.abspath(path),))
    except DataError as e:  # missing, a folder, a device such as /dev/zero or a FIFO (never read)
        report.problems.append(Problem(str(source.at), f"article {source.file}: {e}"))
        return None
    digest = hashlib.sha256(data).hexdigest()
    if digest != source.sha256:
        report.problems.append(
            Problem(
                str(source.at),
                f"article {source.file} has changed: sha256 is {digest}, the fact base records {source.sha256}",
            )
        )
    try:
        return decode_utf8(data, display_path(source.text_path))
    except DataError as e:
        report.problems.append(Problem(str(source.at), f"article {source.file}: {e}"))
        return None


def _check_source(
    source: Source, text: str, figures: list[Figure], exclusions: list[Exclusion], report: Report
) -> SourceCoverage:
    tokens = tokenize(text)
    owners: dict[int, list[str]] = {}
    by_figure: set[int] = set()
    by_exclusion: set[int] = set()
    for f in figures:
        where = str(f.at)
        found = locate(text, tokens, f.quote, f.quote_nth, f.shown, f.nth)
        if isinstance(found, str):
            report.problems.append(Problem(where, f"figure {f.id}: {found}: {f.quote!r}"))
            continue
        q0, covered = found
        for i in covered:
            owners.setdefault(i, []).append(f"figure {f.id} ({where})")
            by_figure.add(i)
        _check_meaning(f, report)
        if f.fragment is not None:
            wrong = fragment_side(text, f, q0)
            if wrong:
                report.problems.append(Problem(where, f"figure {f.id}: {wrong}: {f.fragment!r}"))
    for e in exclusions:
        where = str(e.at)
        taken = excluded_tokens(text, tokens, e)
        if isinstance(taken, str):
            report.problems.append(Problem(where, f"exclusion: {taken}: {e.context!r}"))
            continue
        for i in taken:
            owners.setdefault(i, []).append(f"exclusion ({where})")
            by_exclusion.add(i)
    for i, token in enumerate(tokens):
        line, col = line_col(text, token.start)
        here = f"{source.file}:{line}:{col}"
        who = owners.get(i, [])
        if not who:
            report.problems.append(
                Problem(here, f"number {token.text!r} is neither a figure nor an exclusion: …{_around(text, token)}…")
            )
        elif len(who) > 1:
            report.problems.append(
                Problem(here, f"number {token.text!r} is claimed {len(who)} times: {'; '.join(who)}")
            )
    return SourceCoverage(source.file, len(tokens), len(by_figure), len(by_exclusion - by_figure))


def fragment_side(text: str, f: Figure, q0: int) -> str | None:
    """What is wrong with a figure's fragment, or None: it must be a verbatim substring of the
    article, on the side ``fragment_before`` says. A page layout continues a sentence further
    down, so the half read first comes first in the file; the occurrence nearest the quote,
    before or after it, is the one meant."""
    assert f.fragment is not None
    starts = list(find_all(text, f.fragment))
    if not starts:
        return "fragment is not a verbatim substring of the article"
    q1 = q0 + len(f.quote)
    before = [q0 - (i + len(f.fragment)) for i in starts if i + len(f.fragment) <= q0]
    after = [i - q1 for i in starts if i >= q1]
    nearest_before = bool(before) and (not after or min(before) < min(after))
    if nearest_before and not f.fragment_before:
        return "the fragment comes before the quote in the article: set fragment_before: true"
    if not nearest_before and f.fragment_before and after:
        return "the fragment continues the quote further down the article: remove fragment_before"
    return None


def _check_meaning(f: Figure, report: Report) -> None:
    where = str(f.at)
    if f.printed is not None:
        try:
            meaning = value_of_printed(f.printed, f.unit)
        except ValueError:
            meaning = None
        if meaning is None or not same_number(f.value, meaning):
            shown = "no number" if meaning is None else str(meaning.normalize())
            report.problems.append(
                Problem(where, f"figure {f.id}: printed {f.printed!r} reads as {shown}, not as value {f.value}")
            )
    missing = unit_missing(f.unit, f.kind, f.quote + (f.fragment or ""))
    if missing and not f.unit_note:
        report.problems.append(Problem(where, f"figure {f.id}: {missing}"))


def unit_missing(unit: str, kind: str, context: str) -> str | None:
    """Why a figure with this unit and kind needs a unit_note, or None: its unit does not
    occur in the quote (余/多 may sit inside it: 5.6万余人), or it has none and its kind
    needs one."""
    if unit:
        squeezed = context
        for ch in _INSERTED:
            squeezed = squeezed.replace(ch, "")
        if unit not in context and unit not in squeezed:
            return f"unit {unit!r} does not occur in the quote (add unit_note to say why)"
        return None
    if kind not in _NO_UNIT_KINDS:
        return "no unit; add unit_note to say why the article prints none"
    return None


def _duplicates(figures: list[Figure]) -> list[tuple[str, Problem]]:
    """Figures of one article that repeat an earlier one (same indicator, period, kind,
    scope, universe, place, value and qualifier: a duplicate is always of the same article)."""
    seen: dict[tuple[str, str, str, str | None, str | None, str | None, str, Decimal, str], Figure] = {}
    found = []
    for f in figures:
        key = (f.indicator, f.period, f.kind, f.scope, f.universe, f.place, f.source, f.value, f.qualifier)
        first = seen.get(key)
        if first is not None:
            found.append((f.id, Problem(str(f.at), f"figure {f.id} duplicates figure {first.id} ({first.at})")))
        else:
            seen[key] = f
    return found


def _around(text: str, token: Token, width: int = 12) -> str:
    return text[max(0, token.start - width) : token.end + width].replace("\n", " ")

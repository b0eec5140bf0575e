"""Looking up indicators and their figures; suggestions for a name that matched nothing."""

from __future__ import annotations

from collections.abc import Iterable

from jiexiu_cli.core.errors import NotFoundError
from jiexiu_cli.core.model import FactBase, Figure, Indicator
from jiexiu_cli.core.periods import key as _period_key


def fold(name: str) -> str:
    """A name for matching: full-width forms made plain (ｇｄｐ -> gdp, NFKC), case-folded,
    with spaces, '_' and '-' removed. ASCII is its own NFKC form, so `show gdp` does not load
    the Unicode tables."""
    if not name.isascii():
        import unicodedata

        name = unicodedata.normalize("NFKC", name)
    return name.casefold().replace(" ", "").replace("_", "").replace("-", "")


def names_of(indicator: Indicator) -> tuple[str, ...]:
    return (indicator.id, indicator.name_zh, indicator.name_en, *indicator.aliases)


def resolve(fb: FactBase, name: str) -> Indicator:
    """The indicator whose id, Chinese or English name, or alias is ``name`` (any case).

    An id or a name wins over an alias that two indicators might share.
    """
    wanted = fold(name)
    if not wanted:
        raise NotFoundError("no indicator name given")
    by_alias: list[Indicator] = []
    for ind in fb.indicators:
        if wanted in (fold(ind.id), fold(ind.name_zh), fold(ind.name_en)):
            return ind
        if any(fold(a) == wanted for a in ind.aliases):
            by_alias.append(ind)
    if len(by_alias) == 1:
        return by_alias[0]
    if by_alias:
        ids = ", ".join(i.id for i in by_alias)
        raise NotFoundError(f"{name!r} is an alias of several indicators: {ids}", tuple(i.id for i in by_alias))
    raise NotFoundError(f"no indicator named {name!r}", suggest(fb, name))


def suggest(fb: FactBase, name: str, limit: int = 5) -> tuple[str, ...]:
    """Indicator ids whose names come close to ``name`` (best first)."""
    return closest(name, ((ind.id, fold(c)) for ind in fb.indicators for c in names_of(ind)), limit)


def closest(name: str, candidates: Iterable[tuple[str, str]], limit: int = 5) -> tuple[str, ...]:
    """The ids of the (id, folded name) candidates that come close to ``name``, best first:
    a difflib ratio of at least 0.6, or one name inside the other (at least 2 characters).

    The compiled store hands this the few names that share character pairs with ``name``,
    so the scoring, and so the suggestions, are the same at 200 names and at 200,000.
    """
    import difflib

    wanted = fold(name)
    matcher = difflib.SequenceMatcher(None, wanted, "")
    scored: dict[str, float] = {}
    for ind_id, c in candidates:
        if not c:
            continue
        inside = len(wanted) >= 2 and (wanted in c or c in wanted)
        matcher.set_seq2(c)
        if not inside and (matcher.real_quick_ratio() < 0.6 or matcher.quick_ratio() < 0.6):
            continue  # bounds of ratio() from lengths and letters: it cannot reach 0.6 (and a huge name is cheap)
        score = matcher.ratio()
        if inside:
            score = max(score, 0.7)
        if score >= 0.6 and score > scored.get(ind_id, 0.0):
            scored[ind_id] = score
    return tuple(sorted(scored, key=lambda i: (-scored[i], i))[:limit])


def period_key(period: str) -> tuple[int, int, int]:
    """The order of periods' canonical texts: by start, then by length (periods.key)."""
    return _period_key(period)


def place_of(fb: FactBase, f: Figure) -> str | None:
    """Whose quantity a figure is: its own ``place``, else its source's (介休市)."""
    if f.place is not None:
        return f.place
    source = fb.source_by_file.get(f.source)
    return source.place if source is not None else None


def places(fb: FactBase) -> list[str]:
    """The places the fact base's figures are of, as written in the data."""
    return sorted({p for f in fb.figures if (p := place_of(fb, f)) is not None})


def narrow(fb: FactBase, period: str | None = None, place: str | None = None) -> FactBase:
    """The fact base with only the figures of ``period`` (canonical text) and ``place``."""
    if period is None and place is None:
        return fb
    return fb._replace(
        figures=tuple(
            f
            for f in fb.figures
            if (period is None or f.period == period) and (place is None or place_of(fb, f) == place)
        )
    )


def resolve_place(known: list[str], universes: list[str], name: str) -> str:
    """The place of ``known`` that ``name`` names (after NFKC and case folding), or
    NotFoundError listing the places there are."""
    wanted = fold(name)
    for p in known:
        if fold(p) == wanted:
            return p
    shown = ", ".join(known) or "none: no source or figure names a place"
    also = [u for u in universes if fold(u) == wanted]
    if also:
        raise NotFoundError(
            f"no figure is of place {name!r}: {also[0]} is only the whole that ranks and shares are measured in "
            f"(figures are of: {shown})"
        )
    raise NotFoundError(f"no figure is of place {name!r} (places: {shown})")


def figures_for(
    fb: FactBase, indicator: Indicator, period: str | None = None, place: str | None = None
) -> list[Figure]:
    """The indicator's figures across periods and sources, in period order (start, then
    length); ``period`` (canonical text) and ``place`` (as resolved) narrow."""
    figures = [
        f
        for f in fb.figures_by_indicator.get(indicator.id, ())
        if (period is None or f.period == period) and (place is None or place_of(fb, f) == place)
    ]
    return sorted(figures, key=lambda f: (period_key(f.period), f.source))


def indicators(fb: FactBase, topic: str | None = None) -> list[Indicator]:
    chosen = [i for i in fb.indicators if topic is None or i.topic == topic]
    return sorted(chosen, key=lambda i: (i.topic, i.id))

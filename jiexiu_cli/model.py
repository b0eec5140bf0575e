"""Frozen, typed records that every other module trusts.

Values are ``Decimal`` all the way down; collections are tuples, so a record is
immutable through and through and can be pickled into the compiled cache.

The records are ``NamedTuple`` classes rather than frozen dataclasses because this module
is on the import path of every answer: creating the six classes as frozen, slotted
dataclasses took 9-13 ms of each start, as NamedTuples about 2 ms. They keep what the code
relies on (typed fields, defaults, value equality, hashing, immutability, pickling).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

BASES = ("nominal", "real")
CHECK_RULES = ("sum", "same", "within")
QUALIFIERS = ("exact", "over", "at_least", "about", "under", "at_most", "estimate", "expected", "target")
STATUSES = ("actual", "estimate", "expected", "target")
KINDS = (
    "level",
    "cumulative",
    "count",
    "growth_rate",
    "change",
    "share",
    "rate",
    "rank",
    "multiple",
    "ratio",
    "duration",
)
TOPICS = (
    "economy",
    "fiscal",
    "industry",
    "investment",
    "tourism",
    "agriculture",
    "rural",
    "environment",
    "urban",
    "livelihood",
    "health",
    "education",
    "reform",
    "innovation",
    "governance",
    "party",
    "safety",
)


class Location(NamedTuple):
    """Where a record was written: file, line and column (1-based)."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class Source(NamedTuple):
    """One article: its file name is its id."""

    file: str
    text_path: Path
    sha256: str
    title: str
    publisher: str
    date: str
    covers: str
    description: str
    at: Location
    #: the place the article reports on (介休市), for citations
    place: str | None = None


class Indicator(NamedTuple):
    id: str
    name_zh: str
    name_en: str
    aliases: tuple[str, ...]
    topic: str
    at: Location


class Figure(NamedTuple):
    """One number of one article, exactly as printed, with its meaning."""

    id: str
    indicator: str
    period: str
    value: Decimal
    unit: str
    qualifier: str
    status: str
    kind: str
    source: str
    quote: str
    at: Location
    printed: str | None = None
    unit_note: str | None = None
    qualifier_zh: str | None = None
    scope: str | None = None
    base_period: str | None = None
    fragment: str | None = None
    quote_nth: int | None = None
    nth: int = 1
    note: str | None = None
    #: for a growth rate: "real" (at comparable prices, as official GDP growth) or "nominal"
    basis: str | None = None

    @property
    def shown(self) -> str:
        """The number's text as the article prints it."""
        return self.printed if self.printed is not None else str(self.value)


class Exclusion(NamedTuple):
    """A number token of an article that is not a figure, and why."""

    source: str
    context: str
    reason: str
    at: Location
    text: str | None = None
    context_nth: int | None = None
    nth: int = 1
    all: bool = False


class Check(NamedTuple):
    """A relation between figures that a curator declares, for `jiexiu audit` to test.

    ``sum``: the figures add up to ``total`` (the parts of 1.6:48.5:49.9 make 100).
    ``same``: the figures state one quantity (the 第四代 hall in both articles).
    ``within``: the first figure lies inside the bound the second states
    (86% in 2021 against "每年…85%以上" over 2021-2025).
    """

    id: str
    rule: str
    figures: tuple[str, ...]
    title: str
    at: Location
    total: Decimal | None = None
    note: str | None = None


class FactBase:
    """Everything loaded from one fact-base file or a folder of them. Read-only."""

    sources: tuple[Source, ...]
    indicators: tuple[Indicator, ...]
    figures: tuple[Figure, ...]
    exclusions: tuple[Exclusion, ...]
    files: tuple[str, ...]
    #: fingerprint of the files' bytes (set by the compiled index; "" when loaded directly)
    key: str
    checks: tuple[Check, ...]

    def __init__(
        self,
        sources: tuple[Source, ...],
        indicators: tuple[Indicator, ...],
        figures: tuple[Figure, ...],
        exclusions: tuple[Exclusion, ...] = (),
        files: tuple[str, ...] = (),
        key: str = "",
        checks: tuple[Check, ...] = (),
    ) -> None:
        fill = object.__setattr__
        fill(self, "sources", sources)
        fill(self, "indicators", indicators)
        fill(self, "figures", figures)
        fill(self, "exclusions", exclusions)
        fill(self, "files", files)
        fill(self, "key", key)
        fill(self, "checks", checks)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"FactBase is read-only: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"FactBase is read-only: cannot delete {name!r}")

    def __repr__(self) -> str:
        return (
            f"FactBase({len(self.sources)} sources, {len(self.indicators)} indicators, "
            f"{len(self.figures)} figures, files={self.files!r})"
        )

    def keyed(self, key: str) -> FactBase:
        """The same fact base, with the compiled index's fingerprint of its files."""
        return FactBase(self.sources, self.indicators, self.figures, self.exclusions, self.files, key, self.checks)

    @cached_property
    def indicator_by_id(self) -> dict[str, Indicator]:
        return {i.id: i for i in self.indicators}

    @cached_property
    def source_by_file(self) -> dict[str, Source]:
        return {s.file: s for s in self.sources}

    @cached_property
    def figures_by_indicator(self) -> dict[str, tuple[Figure, ...]]:
        grouped: dict[str, list[Figure]] = {}
        for f in self.figures:
            grouped.setdefault(f.indicator, []).append(f)
        return {k: tuple(v) for k, v in grouped.items()}

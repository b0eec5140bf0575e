"""Frozen, typed records that every other module trusts: Location, Source, Indicator,
Figure, Exclusion, Check and FactBase.

Values are ``Decimal`` all the way down; collections are tuples, so a record is
immutable through and through; the store (``store_schema.py``) writes them as rows.
Each is a :class:`~jiexiu_cli.core.record.Record`, never a dataclass (why: ``record.py``);
the words their fields take (statuses, kinds, qualifiers, topics) are ``vocabulary.py``.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cached_property
from pathlib import Path

from jiexiu_cli.core.record import Record

_set = object.__setattr__


class Location(Record):
    """Where a record was written: file, line and column (1-based)."""

    _fields = ("file", "line", "column")
    __slots__ = _fields
    file: str
    line: int
    column: int

    def __init__(self, file: str, line: int, column: int) -> None:
        _set(self, "file", file)
        _set(self, "line", line)
        _set(self, "column", column)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class Source(Record):
    """One article: its file name is its id."""

    _fields = ("file", "text_path", "sha256", "title", "publisher", "date", "covers", "description", "at", "place")
    __slots__ = _fields
    file: str
    text_path: Path
    sha256: str
    title: str
    publisher: str
    date: str
    covers: str
    description: str
    at: Location
    #: the place the article reports on (介休市): the place of its figures unless a figure
    #: names another, and the place ``show --cite`` names
    place: str | None

    def __init__(
        self,
        file: str,
        text_path: Path,
        sha256: str,
        title: str,
        publisher: str,
        date: str,
        covers: str,
        description: str,
        at: Location,
        place: str | None = None,
    ) -> None:
        _set(self, "file", file)
        _set(self, "text_path", text_path)
        _set(self, "sha256", sha256)
        _set(self, "title", title)
        _set(self, "publisher", publisher)
        _set(self, "date", date)
        _set(self, "covers", covers)
        _set(self, "description", description)
        _set(self, "at", at)
        _set(self, "place", place)


class Indicator(Record):
    _fields = ("id", "name_zh", "name_en", "aliases", "topic", "at")
    __slots__ = _fields
    id: str
    name_zh: str
    name_en: str
    aliases: tuple[str, ...]
    topic: str
    at: Location

    def __init__(self, id: str, name_zh: str, name_en: str, aliases: tuple[str, ...], topic: str, at: Location) -> None:
        _set(self, "id", id)
        _set(self, "name_zh", name_zh)
        _set(self, "name_en", name_en)
        _set(self, "aliases", aliases)
        _set(self, "topic", topic)
        _set(self, "at", at)


class Figure(Record):
    """One number of one article, exactly as printed, with its meaning."""

    _fields = (
        "id",
        "indicator",
        "period",
        "value",
        "unit",
        "qualifier",
        "status",
        "kind",
        "source",
        "quote",
        "at",
        "printed",
        "unit_note",
        "qualifier_zh",
        "scope",
        "base_period",
        "fragment",
        "quote_nth",
        "nth",
        "note",
        "basis",
        "place",
        "universe",
        "fragment_before",
        "additive",
    )
    __slots__ = _fields
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
    printed: str | None
    unit_note: str | None
    qualifier_zh: str | None
    scope: str | None
    base_period: str | None
    fragment: str | None
    quote_nth: int | None
    nth: int
    note: str | None
    #: for a growth rate: "real" (at comparable prices, as official GDP growth) or "nominal"
    basis: str | None
    #: whose quantity it is (介休市), when the YAML says so; else its source's place
    #: (:func:`jiexiu_cli.factbase.query.place_of` reads both)
    place: str | None
    #: for a rank or a share, the place it is ranked within or a share of (晋中市: 晋中第一,
    #: 占晋中1/3; 山西省: 全省第七)
    universe: str | None
    #: the fragment is read before the quote (the article's first half of the sentence, as
    #: 新增雨污分流管网 before 70公里); else it continues the quote
    fragment_before: bool
    #: False where the figure is not a part of a sum over the years (a rolling list of
    #: projects, 滚动实施): compare gives no share of a total for it; None where unstated
    additive: bool | None

    def __init__(
        self,
        id: str,
        indicator: str,
        period: str,
        value: Decimal,
        unit: str,
        qualifier: str,
        status: str,
        kind: str,
        source: str,
        quote: str,
        at: Location,
        printed: str | None = None,
        unit_note: str | None = None,
        qualifier_zh: str | None = None,
        scope: str | None = None,
        base_period: str | None = None,
        fragment: str | None = None,
        quote_nth: int | None = None,
        nth: int = 1,
        note: str | None = None,
        basis: str | None = None,
        place: str | None = None,
        universe: str | None = None,
        fragment_before: bool = False,
        additive: bool | None = None,
    ) -> None:
        _set(self, "id", id)
        _set(self, "indicator", indicator)
        _set(self, "period", period)
        _set(self, "value", value)
        _set(self, "unit", unit)
        _set(self, "qualifier", qualifier)
        _set(self, "status", status)
        _set(self, "kind", kind)
        _set(self, "source", source)
        _set(self, "quote", quote)
        _set(self, "at", at)
        _set(self, "printed", printed)
        _set(self, "unit_note", unit_note)
        _set(self, "qualifier_zh", qualifier_zh)
        _set(self, "scope", scope)
        _set(self, "base_period", base_period)
        _set(self, "fragment", fragment)
        _set(self, "quote_nth", quote_nth)
        _set(self, "nth", nth)
        _set(self, "note", note)
        _set(self, "basis", basis)
        _set(self, "place", place)
        _set(self, "universe", universe)
        _set(self, "fragment_before", fragment_before)
        _set(self, "additive", additive)

    @property
    def shown(self) -> str:
        """The number's text as the article prints it."""
        return self.printed if self.printed is not None else str(self.value)


class Exclusion(Record):
    """A number token of an article that is not a figure, and why."""

    _fields = ("source", "context", "reason", "at", "text", "context_nth", "nth", "all")
    __slots__ = _fields
    source: str
    context: str
    reason: str
    at: Location
    text: str | None
    context_nth: int | None
    nth: int
    all: bool

    def __init__(
        self,
        source: str,
        context: str,
        reason: str,
        at: Location,
        text: str | None = None,
        context_nth: int | None = None,
        nth: int = 1,
        all: bool = False,
    ) -> None:
        _set(self, "source", source)
        _set(self, "context", context)
        _set(self, "reason", reason)
        _set(self, "at", at)
        _set(self, "text", text)
        _set(self, "context_nth", context_nth)
        _set(self, "nth", nth)
        _set(self, "all", all)


class Check(Record):
    """A relation between figures that a curator declares, for `jiexiu audit` to test.

    ``sum``: the figures add up to ``total`` (the parts of 1.6:48.5:49.9 make 100).
    ``same``: the figures state one quantity (the 第四代 hall in both articles).
    ``within``: the first figure lies inside the bound the second states
    (86% in 2021 against "每年…85%以上" over 2021-2025).
    """

    _fields = ("id", "rule", "figures", "title", "at", "total", "note")
    __slots__ = _fields
    id: str
    rule: str
    figures: tuple[str, ...]
    title: str
    at: Location
    total: Decimal | None
    note: str | None

    def __init__(
        self,
        id: str,
        rule: str,
        figures: tuple[str, ...],
        title: str,
        at: Location,
        total: Decimal | None = None,
        note: str | None = None,
    ) -> None:
        _set(self, "id", id)
        _set(self, "rule", rule)
        _set(self, "figures", figures)
        _set(self, "title", title)
        _set(self, "at", at)
        _set(self, "total", total)
        _set(self, "note", note)


class FactBase(Record):
    """Everything loaded from one fact-base file or a folder of them. Read-only; its
    lookups (``indicator_by_id``, ...) are computed on first use and kept."""

    _fields = ("sources", "indicators", "figures", "exclusions", "files", "checks")
    __slots__ = (*_fields, "__dict__")  # the dict keeps the lookups (cached_property)
    sources: tuple[Source, ...]
    indicators: tuple[Indicator, ...]
    figures: tuple[Figure, ...]
    exclusions: tuple[Exclusion, ...]
    files: tuple[str, ...]
    checks: tuple[Check, ...]

    def __init__(
        self,
        sources: tuple[Source, ...],
        indicators: tuple[Indicator, ...],
        figures: tuple[Figure, ...],
        exclusions: tuple[Exclusion, ...] = (),
        files: tuple[str, ...] = (),
        checks: tuple[Check, ...] = (),
    ) -> None:
        _set(self, "sources", sources)
        _set(self, "indicators", indicators)
        _set(self, "figures", figures)
        _set(self, "exclusions", exclusions)
        _set(self, "files", files)
        _set(self, "checks", checks)

    def __repr__(self) -> str:
        return (
            f"FactBase({len(self.sources)} sources, {len(self.indicators)} indicators, "
            f"{len(self.figures)} figures, files={self.files!r})"
        )

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

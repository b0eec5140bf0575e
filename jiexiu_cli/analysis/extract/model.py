"""What extract finds: a :class:`Candidate` figure or a :class:`NonFigure` per number
token, and the :class:`Extraction` of one article that holds them."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jiexiu_cli.core.numbers import to_base


@dataclass(frozen=True, slots=True)
class Candidate:
    """A number of the article that may be a figure, read as the fact base would record it."""

    token: int  # index into tokenize(text): the first raw token of the number
    start: int  # span of ``shown`` in the raw text
    end: int
    number: str  # the number's raw text
    printed: str | None  # the figure's text where it is not a plain Arabic number (两个 -> 两, 第一, 1/3, ８６.１)
    value: Decimal  # in ``unit``; negative after 下降/减少 or a printed minus
    unit: str  # as printed (億元 stays 億元)
    qualifier: str
    qualifier_zh: str | None
    status: str  # actual, or estimate/expected/target after 预计/有望/力争 or in a section of plans
    kind: str
    period: str | None
    quote: str
    quote_start: int
    quote_nth: int | None
    nth: int
    line: int
    column: int
    matches: tuple[str, ...] = ()
    tokens: tuple[int, ...] = ()  # every raw token the number covers (more than one when markup splits it)
    label: str | None = None  # what a table cell is: row label · column header
    unit_from: str | None = None  # where the unit is printed when the quote lacks it (a 单位 line, a header)

    @property
    def shown(self) -> str:
        """What the fact base's ``printed`` or ``value`` must be to be found in the quote."""
        return self.printed if self.printed is not None else self.number

    @property
    def base(self) -> tuple[Decimal, str]:
        return to_base(self.value, self.unit)


@dataclass(frozen=True, slots=True)
class NonFigure:
    """A number token that is not a figure, and why."""

    token: int
    start: int
    end: int
    text: str
    reason: str
    context: str
    context_start: int
    context_nth: int | None
    nth: int
    line: int
    column: int
    tokens: tuple[int, ...] = ()
    every: bool = False  # the context is the number itself, split by markup: all its tokens (YAML all: true)


@dataclass(frozen=True, slots=True)
class Extraction:
    """What extract found in one article."""

    name: str  # the file's name (a fact base's source id)
    shown: str  # the path as the user gave it
    sha256: str
    text: str
    candidates: tuple[Candidate, ...]
    non_figures: tuple[NonFigure, ...]
    title: str | None
    date: str | None
    period: str | None  # the article's default period
    publisher: str | None = None
    genre: str = "news"
    #: raw tokens the fact base already holds as figures, and as exclusions (with why):
    #: what ``--format yaml`` does not offer again
    figured: frozenset[int] = frozenset()
    excluded: dict[int, str] = field(default_factory=dict)

    @property
    def tokens(self) -> int:
        return sum(len(c.tokens) or 1 for c in self.candidates) + sum(len(n.tokens) or 1 for n in self.non_figures)

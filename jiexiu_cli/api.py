"""jiexiu from Python: the answers of the commands as records, for a script or a notebook.

    >>> import jiexiu_cli as jx
    >>> fb = jx.load()                      # the shipped fact base; jx.load("facts/") a folder
    >>> [r["display"] for r in fb.show("gdp", period="2022Q1")][:2]
    ['86.1亿元', '增长7.8%']

Each method asks the same compiled store, through the same functions, as the command of
its name, and returns that command's ``--format json`` records with their numbers as
``Decimal`` (never float: ``json.loads(text, parse_float=Decimal)`` of the command's output
gives the same). The store is brought up to date on every call, so an edit to the fact base
is seen at once, as by the command line.

Errors are the project's own (:mod:`jiexiu_cli.core.errors`), never ``SystemExit``: a name that
names nothing (indicator, place, source, topic) raises :class:`NotFoundError` with
suggestions, text that is no period :class:`UsageError`, an invalid fact base
:class:`DataError`. A question that names only what exists but has no answer (gdp in 2030)
returns an empty list.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from jiexiu_cli.core.errors import JiexiuError, UsageError

if TYPE_CHECKING:
    import pandas

    from jiexiu_cli.core.model import Indicator
    from jiexiu_cli.factbase.store_read import Store

T = TypeVar("T")
Record = dict[str, Any]

__all__ = ["FactBook", "MissingExtra", "load"]


class MissingExtra(JiexiuError):
    """A method needs an optional dependency that is not installed."""


def load(path: str | os.PathLike[str] | None = None) -> FactBook:
    """The fact base at ``path`` (a fact-base file or a folder of them; default as the
    command line's: ``JIEXIU_DATA``, else the fact base shipped with jiexiu), checked:
    an invalid fact base raises :class:`~jiexiu_cli.core.errors.DataError` here, with the
    file:line:column the command line names."""
    from jiexiu_cli.factbase.data_path import data_path

    book = FactBook(data_path(Path(path) if path is not None else None))
    book._ask(lambda store: None)
    return book


class FactBook:
    """A fact base, asked question by question (build it with :func:`load`)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __repr__(self) -> str:
        figures, indicators, sources = self._ask(lambda store: store.counts())
        return f"<jiexiu FactBook {str(self.path)!r}: {figures} figures, {indicators} indicators, {sources} sources>"

    def _ask(self, ask: Callable[[Store], T]) -> T:
        from jiexiu_cli.factbase.store import answer

        return answer(self.path, ask)

    # -- the commands

    def show(self, name: str, period: str | None = None, place: str | None = None) -> list[Record]:
        """Every figure of one indicator (``jiexiu show NAME --format json``), in show's
        order; ``period`` as ``--period`` reads it (2022Q1, 2022年一季度, 十四五)."""
        from jiexiu_cli.factbase import query
        from jiexiu_cli.present.records import figure_record

        wanted = _period(period)

        def ask(store: Store) -> list[Record]:
            fb, ind = store.show(name)
            figures = query.figures_for(fb, ind, wanted, store.place(place) if place is not None else None)
            return [figure_record(fb, f) for f in figures]

        return self._ask(ask)

    def search(self, *terms: str, limit: int | None = 20, place: str | None = None) -> list[Record]:
        """Figures matching every term, best first (``jiexiu search TERM… --format json``:
        each record with its ``score`` and what ``matched``); ``limit=None`` for all."""
        from jiexiu_cli.present import views_search

        if not terms or any(not isinstance(t, str) or not t.strip() for t in terms):
            raise UsageError("give one or more search terms: Chinese, English or pinyin text")
        if limit is not None and limit < 1:
            raise UsageError(f"limit must be at least 1 or None (got {limit})")

        def ask(store: Store) -> list[Record]:
            fb, hits = store.search(list(terms), limit, store.place(place) if place is not None else None)
            return views_search.search_view(fb, hits, list(terms)).records

        return self._ask(ask)

    def compare(self, *names: str, period: str | None = None, place: str | None = None) -> list[Record]:
        """Pairs of figures of one indicator with their verdicts and computed multiples,
        CAGRs and shares (``jiexiu compare [NAME…] --format json``); no name: every one."""
        from jiexiu_cli.present import views_compare
        from jiexiu_cli.results import compare as results_compare

        wanted = _period(period)

        def ask(store: Store) -> list[Record]:
            chosen = _resolved(store, names) if names else None
            pairs = results_compare.compare(store, chosen, wanted, store.place(place) if place is not None else None)
            return [views_compare.comparison_record(c) for c in pairs]

        return self._ask(ask)

    def audit(self, *names: str, status: str | None = None) -> list[Record]:
        """The checks of the articles' claims (``jiexiu audit [NAME…] --format json``); an
        inconsistent check is a record with ``status: "inconsistent"``, not an error.
        ``status``: consistent, compatible, inconsistent or cannot-check."""
        from jiexiu_cli.analysis.audit import STATUSES
        from jiexiu_cli.present import views_audit
        from jiexiu_cli.results import audit as results_audit

        wanted_status = None if status is None else status.replace("-", " ").strip().casefold()
        if wanted_status is not None and wanted_status not in STATUSES:
            shown = ", ".join(s.replace(" ", "-") for s in STATUSES)
            raise UsageError(f"status must be one of: {shown} (got {status!r})")

        def ask(store: Store) -> list[Record]:
            wanted = {i.id for i in _resolved(store, names)} if names else None
            audited = results_audit.audit(store, wanted, "found")
            shown = [x for x in audited if wanted_status is None or x.status == wanted_status]
            return [views_audit.finding_record(x) for x in results_audit.findings(store, shown)]

        return self._ask(ask)

    def figures(
        self,
        indicator: str | Sequence[str] | None = None,
        period: str | None = None,
        topic: str | None = None,
        source: str | None = None,
        place: str | None = None,
    ) -> list[Record]:
        """Figure records in export's order (``jiexiu export --format json`` with the same
        filters): by indicator, period, source. ``indicator``: a name or a list of names."""
        from jiexiu_cli.analysis import selection

        wanted = _period(period)
        names = [indicator] if isinstance(indicator, str) else list(indicator or ())

        def ask(store: Store) -> list[Record]:
            from jiexiu_cli.present.records import figure_record

            chosen = _resolved(store, names)
            where, args = selection.figure_filter(store, chosen, wanted, topic, source, place)
            fb = store.record_base()
            return [figure_record(fb, f) for f in store.export_order(where, args)]

        return self._ask(ask)

    def indicators(self, topic: str | None = None) -> list[Record]:
        """Every indicator with its figure count (``jiexiu list --format json``)."""
        from jiexiu_cli.core.errors import NotFoundError
        from jiexiu_cli.core.model import FactBase
        from jiexiu_cli.factbase import query
        from jiexiu_cli.present import views

        def ask(store: Store) -> list[Record]:
            inds = query.indicators(FactBase((), tuple(store.indicators()), ()), topic)
            if topic is not None and not inds:
                raise NotFoundError(f"no indicator has topic {topic!r} (topics: {', '.join(store.topics())})")
            return views.list_view(inds, store.figure_counts("indicator")).records

        return self._ask(ask)

    def sources(self) -> list[Record]:
        """The articles (``jiexiu sources --format json``)."""
        from jiexiu_cli.present import views

        return self._ask(lambda store: views.sources_view(store.sources(), store.figure_counts("source")).records)

    def to_pandas(self, **filters: Any) -> pandas.DataFrame:
        """Every figure (or those of ``filters``, as :meth:`figures` takes them) as a
        pandas DataFrame, one row a figure: the record's columns, with ``value`` and
        ``value_base`` as floats for plotting and arithmetic, and beside each its exact
        Decimal as text (``value_decimal``, ``value_base_decimal``); ``display`` and
        ``printed`` keep the figure as the article prints it. Needs ``jiexiu[pandas]``."""
        try:
            import pandas
        except ImportError:
            raise MissingExtra(
                "to_pandas() needs pandas: pip install 'jiexiu[pandas]' (or pip install pandas)"
            ) from None
        from jiexiu_cli.present.tabular import COLUMNS, analyst_rows

        return pandas.DataFrame(list(analyst_rows(self.figures(**filters))), columns=list(COLUMNS))


def _period(period: str | None) -> str | None:
    """A period as a reader writes it, canonical; text that is no period is a UsageError."""
    if period is None:
        return None
    from jiexiu_cli.core.periods import PeriodError, canonical

    try:
        return canonical(period)
    except PeriodError as e:
        raise UsageError(f"period {period!r}: {e}") from None


def _resolved(store: Store, names: Iterable[str]) -> list[Indicator]:
    """The indicators of ``names``, each once, in order (NotFoundError for the first that
    names none, with suggestions)."""
    return list(dict.fromkeys(store.resolve(n) for n in names))

"""The commands that ask the fact base for figures: show, list, sources and search. Each
parses its arguments, calls one plain function and hands the records to a view.

No ``from __future__ import annotations`` here: Typer reads the signature of the command it
runs, and string annotations would make it ``eval`` each one again.
"""

from typing import Annotated, Any

import typer

from jiexiu_cli.cli.edge import emit, emit_lines, emit_shown, say, shown_form
from jiexiu_cli.cli.options import (
    FormatOption,
    NameArgument,
    PeriodOption,
    PlaceOption,
    TopicOption,
    terms_argument,
)
from jiexiu_cli.cli.store_access import ask_store
from jiexiu_cli.core.errors import NotFoundError
from jiexiu_cli.present.render import Format


def show(
    ctx: typer.Context,
    name: NameArgument,
    period: PeriodOption = None,
    place: PlaceOption = None,
    cite: Annotated[
        bool, typer.Option("--cite", help="One copy-ready citation per figure (as records with --format json/csv).")
    ] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Every figure of one indicator, across periods and articles, each with its quote.

    Examples:
      jiexiu show gdp
      jiexiu show gdp --period 2022年一季度
      jiexiu show 清洁取暖 --period 十四五
      jiexiu show budget_revenue --cite
      jiexiu show gdp --cite --format json
    """
    from jiexiu_cli.factbase import query
    from jiexiu_cli.present import views

    fb, ind, where = ask_store(ctx, lambda store: (*store.show(name), store.place(place) if place else None))
    figures = query.figures_for(fb, ind, period, where)
    if not figures:
        asked = " and ".join(part for part in (period and f"period {period!r}", where and f"place {where!r}") if part)
        periods = sorted({f.period for f in query.figures_for(fb, ind, None, where)}, key=query.period_key)
        raise NotFoundError(f"{ind.id} has no figure for {asked} (it has: {', '.join(periods) or 'none'})")
    if cite and fmt is Format.table:
        emit_lines(views.cite_lines(fb, ind, figures))
    elif cite:
        emit(views.cite_view(fb, ind, figures), fmt)
    else:
        emit(views.show_view(fb, ind, figures), fmt)


def search(
    ctx: typer.Context,
    terms: Annotated[
        list[str],
        typer.Argument(
            metavar="TERM...",
            help="Chinese, English or pinyin terms, or words for a kind, rank, number or topic; all must match; "
            "literal text, never a pattern.",
            callback=terms_argument,
        ),
    ],
    limit: Annotated[
        int, typer.Option("--limit", "-n", metavar="N", min=0, help="At most this many figures (0: every match).")
    ] = 20,
    place: PlaceOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Find figures by Chinese, English or pinyin, in names, aliases and quotes, best first;
    and by what they are: a kind (growth, 占比, target), a rank (第七, top ten), a number in
    words (三分之一, 十大), a topic (旅游).

    Examples:
      jiexiu search 焦化
      jiexiu search heating
      jiexiu search qingjie qunuan
      jiexiu search qjqn
      jiexiu search GDP growth
      jiexiu search top ten
      jiexiu search 旅游
      jiexiu search 万 --limit 0 --format csv
    """
    from jiexiu_cli.present import views_search

    found = ask_store(ctx, lambda store: store.find(terms, limit or None, store.place(place) if place else None))
    if not found.hits:
        raise NotFoundError(f"no figure matches {' '.join(terms)!r}" + (f" in place {place!r}" if place else ""))
    result = views_search.search_view(found.fb, found.hits, terms, found.matched)
    if fmt is not Format.table and found.matched > len(found.hits):  # the table's title says it
        say(views_search.search_count(found.matched, len(found.hits)), "")
    emit(result, fmt)


def list_(
    ctx: typer.Context,
    topic: TopicOption = None,
    period: PeriodOption = None,
    place: PlaceOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Every indicator, with how many figures each has (of --period and --place, if given).

    Examples:
      jiexiu list
      jiexiu list --topic environment --format csv
      jiexiu list --period 2022年一季度
    """
    from jiexiu_cli.core.model import FactBase
    from jiexiu_cli.factbase import query
    from jiexiu_cli.present import views

    shown, console = shown_form("list", fmt, topic, period, place)  # a long table printed before is kept

    def ask(store: Any) -> Any:
        if shown is not None:
            from jiexiu_cli.results.shown import of_store

            if of_store(store, shown, store.counts()[1]):  # (a row per indicator at most)
                return None
        where = ("x.topic = ?", (topic,)) if topic is not None else ("1", ())
        inds = query.indicators(FactBase((), tuple(store.indicators(None, *where)), ()), topic)
        if not inds:
            raise NotFoundError(f"no indicator has topic {topic!r} (topics: {', '.join(store.topics())})")
        counts = store.figure_counts("indicator", period, store.place(place) if place else None)
        if period or place:
            inds = [i for i in inds if i.id in counts]
            if not inds:
                raise NotFoundError(f"no indicator has a figure {_narrowed(period, place)}")
        return inds, counts

    found = ask_store(ctx, ask)  # None: the table as kept
    rows = len(found[0]) if found is not None else 0
    emit_shown(shown, lambda: views.list_view(found[0], found[1]), fmt, console, rows)


def _narrowed(period: str | None, place: str | None) -> str:
    """'for period '2022Q1' of place '甲县'': what --period and --place asked for, in words."""
    return " ".join(part for part in (period and f"for period {period!r}", place and f"of place {place!r}") if part)


def sources(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """The articles: title, publisher, date, what each covers, sha256, figure count.

    Examples:
      jiexiu sources
      jiexiu sources --format json
    """
    from jiexiu_cli.present import views

    emit(views.sources_view(*ask_store(ctx, lambda store: (store.sources(), store.figure_counts("source")))), fmt)

"""The arguments and options the commands share: their types, their checks (a blank
value is a usage error), and what completion offers for them from the fact base.

No ``from __future__ import annotations`` here, as in ``cli``: Typer reads these types.
"""

import contextlib
import enum
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from jiexiu_cli import __version__
from jiexiu_cli.core.errors import JiexiuError
from jiexiu_cli.present.render import Format

FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", help="Output format: table, json, csv or markdown.", case_sensitive=False),
]


def complete_indicator(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Indicator ids (with their names) of the fact base the command line names (--data)."""
    indicators = _completion_ask(ctx, lambda store: store.indicators())
    if indicators is None:
        return []
    from jiexiu_cli.factbase.query import fold

    want = fold(incomplete)
    return [
        (i.id, f"{i.name_zh} {i.name_en}")
        for i in indicators
        if fold(i.id).startswith(want) or (want and want in fold(i.name_zh))
    ]


def complete_period(ctx: typer.Context, incomplete: str) -> list[str]:
    """The periods of the fact base (of the indicator named, for `show NAME`)."""
    # the line is parsed up to the option being completed, which has no value yet: the
    # parser leaves the name it has not matched yet among the extra arguments
    name = ctx.params.get("name") or next((a for a in ctx.args if not a.startswith("-")), None)

    def ask(store: Any) -> Any:
        if name:
            with contextlib.suppress(JiexiuError):
                return store.periods(store.resolve(name).id)
        return store.periods()

    periods = _completion_ask(ctx, ask)
    if periods is None:
        return []
    from jiexiu_cli.factbase.query import period_key

    return sorted({p for p in periods if p.startswith(incomplete)}, key=_period_order(period_key))


def _period_order(key: Any) -> Any:
    def order(period: str) -> Any:
        try:
            return (0, key(period))
        except ValueError:
            return (1, period)

    return order


def complete_topic(ctx: typer.Context, incomplete: str) -> list[str]:
    topics = _completion_ask(ctx, lambda store: store.topics())
    return [t for t in topics if t.startswith(incomplete)] if topics is not None else []


def complete_status(incomplete: str) -> list[str]:
    from jiexiu_cli.analysis.audit import STATUSES

    return [s.replace(" ", "-") for s in STATUSES if s.replace(" ", "-").startswith(incomplete)]


def _completion_ask(ctx: typer.Context, ask: Any) -> Any:
    """``ask`` the store of the fact base ``--data`` (or JIEXIU_DATA) names on the line
    being completed, or None where it cannot be read (completion offers nothing then, and
    says nothing)."""
    from jiexiu_cli.factbase import progress
    from jiexiu_cli.factbase.data_path import data_path
    from jiexiu_cli.factbase.store import answer

    root = ctx.find_root()
    data = root.params.get("data")
    progress.QUIET = True  # the shell reads what completion prints: no bar on the terminal
    try:
        return answer(data_path(data if isinstance(data, Path) else None), ask)
    except (JiexiuError, OSError, ValueError):
        return None


def _name_argument(value: str | None) -> str | None:
    """A blank name (an unset shell variable) is a usage error, as everywhere."""
    if value is not None and not value.strip():
        raise typer.BadParameter("is empty: give an indicator's id or name (jiexiu list shows them)")
    return value


def _names_argument(values: list[str] | None) -> list[str] | None:
    for value in values or ():
        _name_argument(value)
    return values


NameArgument = Annotated[
    str,
    typer.Argument(
        metavar="NAME",
        help="Indicator: id (gdp), Chinese or English name, or alias; any case.",
        autocompletion=complete_indicator,
        callback=_name_argument,
        show_default=False,
    ),
]


def indicator_names(help: str) -> Any:
    """NAME... of compare and audit: indicators, completed from the fact base, none blank."""
    return typer.Argument(
        metavar="[NAME]...",
        help=help,
        autocompletion=complete_indicator,
        callback=_names_argument,
        show_default=False,
    )


def folder_argument(value: str) -> str:
    """``jiexiu init ""`` (an unset shell variable) would name the current folder: refuse it."""
    if not value.strip():
        raise typer.BadParameter("is empty: give the folder to create")
    return value


def version_option(value: bool) -> None:
    if value:
        sys.stdout.write(f"jiexiu {__version__}\n")
        raise typer.Exit()


def data_option(value: str) -> Path:
    """``--data ""`` (an unset shell variable) would read as the current folder: refuse it."""
    if not value.strip():
        raise typer.BadParameter("is empty: give a fact-base file or a folder of them")
    return Path(value)


def _period_option(value: str) -> str:
    """A period as a reader types it (2022Q1, 2022年一季度, 十四五, ２０２１), as its canonical
    text; text that is not a period is a usage error (2) with the reason, not a miss."""
    from jiexiu_cli.core.periods import PeriodError, canonical

    try:
        return canonical(value)
    except PeriodError as e:
        raise typer.BadParameter(str(e)) from None


PlaceOption = Annotated[
    str | None,
    typer.Option(
        "--place", metavar="PLACE", help="Only figures of this place, as the data writes it (介休市); any case."
    ),
]


def _topic_option(value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise typer.BadParameter("is empty: give a topic (economy, fiscal, …; jiexiu list shows them)")
    return value


TopicOption = Annotated[
    str | None,
    typer.Option(
        "--topic",
        "-t",
        metavar="TOPIC",
        help="Only indicators of this topic (economy, fiscal, …).",
        callback=_topic_option,
        autocompletion=complete_topic,
    ),
]


PeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period",
        "-p",
        metavar="PERIOD",
        help="Only this period: 2021, 2021-2025, 2022Q1, 2022H1, 2022M01-M10, 2022-06-30, or as written in "
        "Chinese: 2022年一季度, 2022年上半年, 2022年1-10月, 十四五.",
        parser=_period_option,
        autocompletion=complete_period,
    ),
]


def terms_argument(values: list[str]) -> list[str]:
    if any(not v.strip() for v in values):
        raise typer.BadParameter("empty search term: give Chinese, English or pinyin text")
    return values


def output_option(value: str) -> Path:
    if not value.strip():
        raise typer.BadParameter("is empty: give the database file to write (e.g. facts.db)")
    return Path(value)


class ExportFormat(enum.StrEnum):
    """export's formats: the data formats, and sqlite (a database file, with --output)."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    sqlite = "sqlite"


class ExtractFormat(enum.StrEnum):
    """extract's formats: the data formats, and yaml (fact-base entries to paste)."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    yaml = "yaml"


def status_option(value: str | None) -> str | None:
    """consistent, compatible, inconsistent or cannot-check (any case, - or space): a closed
    list, so anything else is a usage error."""
    if value is None:
        return None
    from jiexiu_cli.analysis.audit import STATUSES

    wanted = value.replace("-", " ").strip().casefold()
    if wanted not in STATUSES:
        from typer._click.exceptions import BadOptionUsage

        names = ", ".join(x.replace(" ", "-") for x in STATUSES)
        raise BadOptionUsage("--status", f"--status must be one of: {names} (got {value!r})")
    return wanted

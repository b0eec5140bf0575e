"""The command line: thin Typer commands that parse, call a plain function, print.

Only this module turns the project's errors into exit codes and messages.

No ``from __future__ import annotations`` here: Typer reads every command's signature
on each start, and string annotations would make it ``eval`` each one again (about
3 ms of every answer).
"""

import contextlib
import enum
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from jiexiu_cli import __version__
from jiexiu_cli.errors import CheckFailed, DataProblems, JiexiuError, NotFoundError, UsageError
from jiexiu_cli.render import Format, Result, render


class _Group(TyperGroup):
    """Turns the project's own errors into one line on stderr and their exit code."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _refuse_repeats(self, ctx, args, stop_at_argument=True)
        return list(super().parse_args(ctx, args))

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except NotFoundError as e:
            _say_not_found(e)
            raise typer.Exit(e.exit_code) from None
        except DataProblems as e:
            for line in e.lines:
                _say(line)
            raise typer.Exit(e.exit_code) from None
        except JiexiuError as e:
            _say(str(e))
            raise typer.Exit(e.exit_code) from None
        except BrokenPipeError:  # before Typer, which would make it exit 1
            _discard_stdout()
            return None


class _Command(TyperCommand):
    """A command whose options may each be given once: a second ``--period`` is an error,
    never silently the one that counts (a flag given twice is the same as once)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.short_help is None and self.help:
            # the list of commands prints the first paragraph as it is wrapped in the
            # docstring; joined, it wraps at the terminal's width instead
            self.short_help = " ".join(self.help.strip().split("\n\n")[0].split())

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _refuse_repeats(self, ctx, args, stop_at_argument=False)
        return list(super().parse_args(ctx, args))


def _refuse_repeats(command: Any, ctx: Any, args: list[str], stop_at_argument: bool) -> None:
    """A usage error naming the option and both values when an option that takes a value
    is given twice (``-p 2021 -p 2025``, ``--format json -f csv``)."""
    takes_value = {}
    for param in command.get_params(ctx):
        if getattr(param, "is_flag", True) or getattr(param, "multiple", False) or not getattr(param, "opts", None):
            continue
        for opt in (*param.opts, *param.secondary_opts):
            takes_value[opt] = param
    seen: dict[str, tuple[str, str]] = {}
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            return
        opt, value = arg, None
        if arg.startswith("--") and "=" in arg:
            opt, value = arg.split("=", 1)
        elif arg.startswith("-") and not arg.startswith("--") and len(arg) > 2 and arg[:2] in takes_value:
            opt, value = arg[:2], arg[2:]
        param = takes_value.get(opt)
        if param is None:
            if stop_at_argument and not arg.startswith("-"):
                return  # the command's name: its own options are its own
            i += 1
            continue
        if value is None:
            value = args[i + 1] if i + 1 < len(args) else ""
            i += 1
        i += 1
        if param.name in seen:
            from typer._click.exceptions import BadOptionUsage

            _, first = seen[param.name]
            names = "/".join(param.opts)
            raise BadOptionUsage(opt, f"{names} given twice ({first!r}, then {value!r}): give it once", ctx=ctx)
        seen[param.name] = (opt, value)


app = typer.Typer(
    cls=_Group,
    name="jiexiu",
    help="Exact figures from the public record of Jiexiu (介休市, Shanxi), each with the sentence that states it.\n\n"
    "Examples:\n  jiexiu show gdp\n  jiexiu compare gdp\n  jiexiu search heating\n  jiexiu --show-completion zsh",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,  # its own --install-completion/--show-completion [SHELL], below
    context_settings={"help_option_names": ["-h", "--help"]},
)

FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", help="Output format: table, json, csv or markdown.", case_sensitive=False),
]


# ---------------------------------------------------------------- completion


def _complete_indicator(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Indicator ids (with their names) of the fact base the command line names (--data)."""
    indicators = _completion_ask(ctx, lambda store: store.indicators())
    if indicators is None:
        return []
    from jiexiu_cli.query import fold

    want = fold(incomplete)
    return [
        (i.id, f"{i.name_zh} {i.name_en}")
        for i in indicators
        if fold(i.id).startswith(want) or (want and want in fold(i.name_zh))
    ]


def _complete_period(ctx: typer.Context, incomplete: str) -> list[str]:
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
    from jiexiu_cli.query import period_key

    return sorted({p for p in periods if p.startswith(incomplete)}, key=_period_order(period_key))


def _period_order(key: Any) -> Any:
    def order(period: str) -> Any:
        try:
            return (0, key(period))
        except ValueError:
            return (1, period)

    return order


def _complete_topic(ctx: typer.Context, incomplete: str) -> list[str]:
    topics = _completion_ask(ctx, lambda store: store.topics())
    return [t for t in topics if t.startswith(incomplete)] if topics is not None else []


def _complete_status(incomplete: str) -> list[str]:
    from jiexiu_cli.audit import STATUSES

    return [s.replace(" ", "-") for s in STATUSES if s.replace(" ", "-").startswith(incomplete)]


def _completion_ask(ctx: typer.Context, ask: Any) -> Any:
    """``ask`` the store of the fact base ``--data`` (or JIEXIU_DATA) names on the line
    being completed, or None where it cannot be read (completion offers nothing then, and
    says nothing)."""
    from jiexiu_cli import progress
    from jiexiu_cli.data_path import data_path
    from jiexiu_cli.store import answer

    root = ctx.find_root()
    data = root.params.get("data")
    progress.QUIET = True  # the shell reads what completion prints: no bar on the terminal
    try:
        return answer(data_path(data if isinstance(data, Path) else None), ask)
    except (JiexiuError, OSError, ValueError):
        return None


class Shell(enum.StrEnum):
    """The shells whose completion script jiexiu prints and installs (Typer's)."""

    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"
    pwsh = "pwsh"


def _completion_option(flag: str, callback: Any, help: str) -> Any:
    """--install-completion / --show-completion SHELL: eager, and answered at once."""
    return typer.Option(
        flag, metavar="SHELL", callback=callback, is_eager=True, expose_value=False, case_sensitive=False, help=help
    )


def _show_completion(value: Shell | None) -> None:
    if value is None:
        return
    from typer._completion_shared import get_completion_script

    sys.stdout.write(get_completion_script(prog_name="jiexiu", complete_var="_JIEXIU_COMPLETE", shell=value.value))
    sys.stdout.write("\n")
    raise typer.Exit()


def _install_completion(value: Shell | None) -> None:
    if value is None:
        return
    from typer._completion_shared import install

    shell, path = install(shell=value.value, prog_name="jiexiu", complete_var="_JIEXIU_COMPLETE")
    sys.stdout.write(f"{shell} completion installed in {path}; it works in a new shell\n")
    raise typer.Exit()


# ---------------------------------------------------------------- arguments


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
        autocompletion=_complete_indicator,
        callback=_name_argument,
        show_default=False,
    ),
]


def _names(help: str) -> Any:
    """NAME... of compare and audit: indicators, completed from the fact base, none blank."""
    return typer.Argument(
        metavar="[NAME]...",
        help=help,
        autocompletion=_complete_indicator,
        callback=_names_argument,
        show_default=False,
    )


def _data(ctx: typer.Context) -> Path:
    from jiexiu_cli.data_path import data_path

    return data_path(ctx.obj.get("data") if ctx.obj else None)


def _ask_store(ctx: typer.Context, ask: Any) -> Any:
    """Ask the compiled fact base (store.py): each command reads only what it needs."""
    from jiexiu_cli.store import answer

    return answer(_data(ctx), ask)


def _folder_argument(value: str) -> str:
    """``jiexiu init ""`` (an unset shell variable) would name the current folder: refuse it."""
    if not value.strip():
        raise typer.BadParameter("is empty: give the folder to create")
    return value


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"jiexiu {__version__}\n")
        raise typer.Exit()


def _data_option(value: str) -> Path:
    """``--data ""`` (an unset shell variable) would read as the current folder: refuse it."""
    if not value.strip():
        raise typer.BadParameter("is empty: give a fact-base file or a folder of them")
    return Path(value)


def _period_option(value: str) -> str:
    """A period as a reader types it (2022Q1, 2022年一季度, 十四五, ２０２１), as its canonical
    text; text that is not a period is a usage error (2) with the reason, not a miss."""
    from jiexiu_cli.periods import PeriodError, canonical

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


@app.callback()
def _main(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            envvar="JIEXIU_DATA",
            metavar="PATH",
            help="A fact-base file or a folder of them (default: the fact base shipped with jiexiu).",
            show_default=False,
            parser=_data_option,
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar, even on a terminal (long builds, verify, audit).")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    install_completion: Annotated[
        Shell | None,
        _completion_option(
            "--install-completion",
            _install_completion,
            "Install completion for SHELL (bash, zsh, fish, powershell, pwsh; alone: the shell you run) and exit.",
        ),
    ] = None,
    show_completion: Annotated[
        Shell | None,
        _completion_option(
            "--show-completion",
            _show_completion,
            "Print the completion script for SHELL (alone: the shell you run) and exit.",
        ),
    ] = None,
) -> None:
    ctx.obj = {"data": data}
    if quiet or "jiexiu_cli.progress" in sys.modules:  # (show's start-up does not import it)
        from jiexiu_cli import progress

        progress.QUIET = quiet


def emit(result: Result, fmt: Format) -> None:
    if fmt is not Format.table:
        _write(str(render(result, fmt)))
        return
    console = _console()
    if console.width < 20:  # COLUMNS=0 says "unknown"; below 20 a table cannot be shown at all
        console.width = 80 if console.width <= 0 else 20
    console.print(render(result, fmt, width=console.width))


def _console() -> Any:
    """Rich's console, except that NO_COLOR wins over FORCE_COLOR and a terminal (no colour
    and no other escape either) and a reader gone away (`| head -1`) is no error."""
    from rich.console import Console

    class QuietConsole(Console):
        def on_broken_pipe(self) -> None:  # Rich's own would exit 1
            self.quiet = True
            _discard_stdout()

    return QuietConsole(soft_wrap=False, color_system=None if os.environ.get("NO_COLOR") else "auto")


def emit_lines(lines: list[str]) -> None:
    """Lines of text to stdout, each safe to print (a quote's escape sequence is shown)."""
    from jiexiu_cli import safe

    _write("".join(safe.line(line) + "\n" for line in lines))


def _write(text: str) -> None:
    """Write to stdout; a reader gone away (`| head -1`) ends the output, not the command,
    so its exit code still tells (verify's 1)."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _discard_stdout()


def _write_all(chunks: Iterable[str], size: int = 1 << 20) -> None:
    """:func:`_write` of a stream of texts, about a megabyte at a time (a write and flush
    per record is a tenth of an audit's time at 100,000 records)."""
    held: list[str] = []
    n = 0
    for chunk in chunks:
        held.append(chunk)
        n += len(chunk)
        if n >= size:
            _write("".join(held))
            held, n = [], 0
    if held:
        _write("".join(held))


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
        autocompletion=_complete_topic,
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
        autocompletion=_complete_period,
    ),
]


@app.command(cls=_Command)
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
    from jiexiu_cli import query, views

    fb, ind, where = _ask_store(ctx, lambda store: (*store.show(name), store.place(place) if place else None))
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


@app.command(cls=_Command)
def compare(
    ctx: typer.Context,
    names: Annotated[list[str] | None, _names("Indicators to compare (default: every comparable one).")] = None,
    period: PeriodOption = None,
    place: PlaceOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Figures of one indicator against each other: a span against the next of equal length
    and the first against the last (2021 against 2025, with multiple and CAGR), a year against
    the plan period that holds it (2021-2025, with its share), a target against the result,
    shares and ranks by their difference, and one period's figure across places. Spans of
    different length (a quarter against a year) are listed as not compared, with why.

    Every computed number is Decimal arithmetic on the printed figures, carries their
    qualifiers (突破40亿元 over 28.06亿元 is a multiple of > 1.426) and shows its formula.
    --period keeps the pairs one of whose figures is of that period; --place the figures of that place.
    A NAME with no comparable pair is named in a warning; exit 1 only when none has one.

    Examples:
      jiexiu compare
      jiexiu compare gdp clean_heating_area --format json
      jiexiu compare --period 2022Q1
    """
    from jiexiu_cli import results_compare, views

    def ask(store: Any) -> Any:
        chosen = _resolve_all(store.resolve, names) if names else None
        how = results_compare.compare_texts if fmt is Format.json else results_compare.compare  # JSON: as kept
        return chosen, how(store, chosen, period, store.place(place) if place else None)

    chosen, pairs = _ask_store(ctx, ask)
    what = "no comparable pair of figures"
    why = "(figures of one indicator, of equal spans or a year within a run of years, or of one period across places)"
    which = ", ".join(i.id for i in chosen) if chosen else "the fact base"
    if period:
        which += f" in period {period!r}"
    if not pairs:
        raise NotFoundError(f"{what} for {which} {why}")
    shown = set(pairs.indicators) if fmt is Format.json else {c.indicator.id for c in pairs}
    for ind in chosen or ():
        if ind.id not in shown:
            _warn(f"{ind.id}: {what} {why}")
    if fmt is Format.json:
        from jiexiu_cli.render import json_list

        _write_all(json_list(pairs.texts()))
    else:
        emit(views.compare_view(pairs), fmt)


def _terms_argument(values: list[str]) -> list[str]:
    if any(not v.strip() for v in values):
        raise typer.BadParameter("empty search term: give Chinese, English or pinyin text")
    return values


@app.command(cls=_Command)
def search(
    ctx: typer.Context,
    terms: Annotated[
        list[str],
        typer.Argument(
            metavar="TERM...",
            help="Chinese, English or pinyin terms, or words for a kind, rank, number or topic; all must match; "
            "literal text, never a pattern.",
            callback=_terms_argument,
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
    from jiexiu_cli import views

    found = _ask_store(ctx, lambda store: store.find(terms, limit or None, store.place(place) if place else None))
    if not found.hits:
        raise NotFoundError(f"no figure matches {' '.join(terms)!r}" + (f" in place {place!r}" if place else ""))
    result = views.search_view(found.fb, found.hits, terms, found.matched)
    if fmt is not Format.table and found.matched > len(found.hits):  # the table's title says it
        _say(views.search_count(found.matched, len(found.hits)), "")
    emit(result, fmt)


@app.command("list", cls=_Command)
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
    from jiexiu_cli import query, views
    from jiexiu_cli.model import FactBase

    def ask(store: Any) -> Any:
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

    emit(views.list_view(*_ask_store(ctx, ask)), fmt)


def _narrowed(period: str | None, place: str | None) -> str:
    """'for period '2022Q1' of place '甲县'': what --period and --place asked for, in words."""
    return " ".join(part for part in (period and f"for period {period!r}", place and f"of place {place!r}") if part)


@app.command(cls=_Command)
def sources(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """The articles: title, publisher, date, what each covers, sha256, figure count.

    Examples:
      jiexiu sources
      jiexiu sources --format json
    """
    from jiexiu_cli import views

    emit(views.sources_view(*_ask_store(ctx, lambda store: (store.sources(), store.figure_counts("source")))), fmt)


def _output_option(value: str) -> Path:
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


@app.command(cls=_Command)
def export(
    ctx: typer.Context,
    indicators: Annotated[
        list[str] | None,
        typer.Option(
            "--indicator",
            "-i",
            metavar="NAME",
            help="Only this indicator (an id, a name or an alias, as show takes it); give it again for more.",
            autocompletion=_complete_indicator,
        ),
    ] = None,
    period: PeriodOption = None,
    topic: TopicOption = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            metavar="SOURCE",
            help="Only figures of this article: its file name, or its short name as tables print it (002).",
        ),
    ] = None,
    place: PlaceOption = None,
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format", "-f", help="json, csv, table, markdown, or sqlite (with --output).", case_sensitive=False
        ),
    ] = ExportFormat.json,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="With --format sqlite: the database to write (and metadata.json beside it).",
            parser=_output_option,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing --output database and its metadata.json.")
    ] = False,
) -> None:
    """Every figure record of the fact base (JSON by default) for spreadsheets, jq, pandas;
    --indicator, --period, --topic, --source and --place narrow (as in show and list).
    --format sqlite --output facts.db writes a database for Datasette and sqlite-utils:
    tables figures, indicators and sources with their keys, full-text search on the quotes
    (焦化 finds the coking figures), and a metadata.json beside it (datasette facts.db -m
    metadata.json). An existing file is replaced only with --force.

    Examples:
      jiexiu export > figures.json
      jiexiu export --format csv > figures.csv
      jiexiu export --indicator gdp --indicator budget_revenue --period 2021 --format csv
      jiexiu export --topic economy --source 002
    """
    from jiexiu_cli import selection, views
    from jiexiu_cli.store import open_store

    sqlite = fmt is ExportFormat.sqlite
    if sqlite and output is None:
        raise UsageError("--format sqlite writes a file: give it with --output FILE (e.g. --output facts.db)")
    if output is not None and not sqlite:
        raise UsageError("--output is for --format sqlite; other formats go to stdout (redirect it: > file)")
    filtered = bool(indicators or period or topic is not None or source is not None or place)
    with open_store(_data(ctx)) as store:
        chosen = _resolve_all(store.resolve, indicators) if indicators else []
        where, args = selection.figure_filter(store, chosen, period, topic, source, place)
        if filtered and not store.any_figure(where, args):
            raise NotFoundError(f"no figure {selection.described(chosen, period, topic, source, place)}")
        if fmt is ExportFormat.json and not filtered:  # each indicator's records kept as text, streamed
            from jiexiu_cli import results_export

            _write_all(results_export.export_json(store))
            return
        fb = store.record_base()  # what a figure's record names of its indicator and source
        figures = store.export_order(where, args)
        if sqlite:
            from jiexiu_cli import export_sqlite
            from jiexiu_cli.records import figure_record

            assert output is not None
            about = {
                "title": "jiexiu: figures of the public record, each with its source sentence",
                "description": f"Exported by jiexiu {__version__}"
                + (f", {selection.described(chosen, period, topic, source, place)}" if filtered else "")
                + ".",
                "about": f"jiexiu {__version__}: jiexiu export --format sqlite",
            }
            db, meta, count = export_sqlite.write(
                output, (figure_record(fb, f) for f in figures), list(fb.indicators), list(fb.sources), about, force
            )
            _say(f"wrote {count} figures to {db} and {meta.name} beside it", kind="")
            return
        if fmt in (ExportFormat.csv, ExportFormat.json):  # streamed: 100,000 records never in memory at once
            from jiexiu_cli.records import figure_record
            from jiexiu_cli.render import iter_csv, iter_json

            stream = iter_csv if fmt is ExportFormat.csv else iter_json
            _write_all(stream(figure_record(fb, f) for f in figures))
            return
        emit(views.export_view(fb, list(figures)), Format(fmt.value))


@app.command(cls=_Command)
def verify(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """Prove the fact base against its articles: hashes, verbatim quotes, values and units
    in their quotes, and coverage of every number token. Exit 1 and every problem if any.

    --format json prints the report as one object; csv and markdown, its coverage of each
    article and its problems as rows.

    Examples:
      jiexiu verify
      jiexiu verify --format csv
    """
    from jiexiu_cli import results_verify, views

    report = _ask_store(ctx, results_verify.verify)
    if fmt is Format.json:
        from jiexiu_cli.render import to_json

        _write(to_json(views.verify_records(report)))
    elif fmt is Format.table:
        lines = views.verify_lines(report)
        (emit_lines if report.ok else _err_lines)(lines)
    else:
        emit(views.verify_view(report), fmt)
    if not report.ok:
        raise CheckFailed(f"verify found {len(report.problems)} problem(s)")


class ExtractFormat(enum.StrEnum):
    """extract's formats: the data formats, and yaml (fact-base entries to paste)."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    yaml = "yaml"


@app.command(cls=_Command)
def extract(
    ctx: typer.Context,
    files: Annotated[
        list[str],
        typer.Argument(metavar="FILE...", help="Articles: UTF-8 text, HTML, BBCode or Markdown; - reads stdin."),
    ],
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            "-p",
            metavar="PERIOD",
            help="Period of figures whose text names none (2021, 2021-2025, 2022Q1, 2022年一季度).",
        ),
    ] = None,
    non_figures: Annotated[
        bool, typer.Option("--non-figures", help="List the numbers kept apart (dates, section numbers, …) instead.")
    ] = False,
    fmt: Annotated[
        ExtractFormat,
        typer.Option("--format", "-f", help="table, json, csv, markdown, or yaml (fact base).", case_sensitive=False),
    ] = ExtractFormat.table,
    update: Annotated[
        str | None,
        typer.Option(
            "--update",
            "-u",
            metavar="FACTS",
            help="Add the new candidates (as --format yaml writes them) to this fact-base file, in place;"
            " its entries and comments are kept byte for byte.",
        ),
    ] = None,
) -> None:
    """Candidate figures of an article, each with unit, qualifier, value, kind, period and
    quote; dates, times, phone and section numbers kept apart. Candidates already in the
    fact base are marked with the figure they are. With --format yaml, each figure's
    indicator is proposed from the fact base's names and aliases (with a confidence),
    and the place from the title; tokens the fact base excludes are not offered again.
    --update FACTS (a .yaml file) adds what is new to a fact-base file instead (its entries and
    comments untouched; run again, it adds nothing).

    Examples:
      echo '示例县地区生产总值完成58.6亿元，同比增长5.2%。' | jiexiu extract -
      echo '示例县地区生产总值完成58.6亿元，同比增长5.2%。' | jiexiu extract - --period 2023 --format yaml
      echo '2023年3月15日，示例县召开会议。' | jiexiu extract - --non-figures
    """
    from jiexiu_cli import extract as ext
    from jiexiu_cli import extract_view

    if any(not f.strip() for f in files):
        raise UsageError("FILE is empty: give an article's path, or - to read standard input")
    if update is not None and "-" in files:
        raise UsageError("--update needs the article's path (its source names the file); - cannot be one")
    if update is not None and not update.strip():
        raise UsageError("--update is empty: give the fact-base file to add to")
    with _store_or_none(ctx) as store:
        sources = store.factbase_of_sources() if store is not None else None
        exs = ext.extract_files(files, period, sources, store.factbase_for_text if store is not None else None)
        proposing = update is not None or fmt is ExtractFormat.yaml
        indicators = store.indicators() if store is not None and proposing else []
        places = store.place_names() if store is not None and proposing else []
    if store is None and proposing:
        from jiexiu_cli.extract_update import lenient_vocabulary

        indicators, places = lenient_vocabulary(_data(ctx))  # a half-curated fact base still has its vocabulary
    if update is not None:
        from jiexiu_cli import extract_update

        if non_figures:
            raise UsageError("--update writes figures and exclusions; it does not take --non-figures")
        articles = {Path(f).name: f for f in files}
        done = extract_update.update(Path(update), exs, articles, ext.known_hashes(sources), indicators, places)
        _err_lines([done])
        return
    if fmt is ExtractFormat.yaml:
        sys.stdout.write(extract_view.to_yaml(exs, ext.known_hashes(sources), indicators, places))
        return
    result = extract_view.non_figures_view(exs) if non_figures else extract_view.candidates_view(exs)
    if not result.records:
        what = "non-figure" if non_figures else "candidate figure"
        raise NotFoundError(f"no {what} in {', '.join(ex.shown for ex in exs)}")
    emit(result, Format(fmt.value))


@contextlib.contextmanager
def _store_or_none(ctx: typer.Context) -> Any:
    """The fact base to match against, or None (with a warning) when it cannot be loaded:
    a curator's half-edited fact base must not stop extract."""
    from jiexiu_cli.store import open_store

    try:
        opened = open_store(_data(ctx))
        store = opened.__enter__()
    except JiexiuError as e:
        said = f"{e.problems[0]} (and {e.total - 1} more problems)" if isinstance(e, DataProblems) else str(e)
        _warn(f"candidates not matched against the fact base: {said}")
        yield None
        return
    try:
        yield store
    finally:
        opened.__exit__(None, None, None)


def _status_option(value: str | None) -> str | None:
    """consistent, compatible, inconsistent or cannot-check (any case, - or space): a closed
    list, so anything else is a usage error."""
    if value is None:
        return None
    from jiexiu_cli.audit import STATUSES

    wanted = value.replace("-", " ").strip().casefold()
    if wanted not in STATUSES:
        from typer._click.exceptions import BadOptionUsage

        names = ", ".join(x.replace(" ", "-") for x in STATUSES)
        raise BadOptionUsage("--status", f"--status must be one of: {names} (got {value!r})")
    return wanted


@app.command(cls=_Command)
def audit(
    ctx: typer.Context,
    names: Annotated[list[str] | None, _names("Only checks that involve these indicators.")] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            "-s",
            metavar="STATUS",
            help="Only checks with this status: consistent (shown to agree), compatible (not contradicted), "
            "inconsistent, cannot-check.",
            callback=_status_option,
            autocompletion=_complete_status,
        ),
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Check the articles' claims against each other and their own arithmetic.

    Each figure is read as the interval its printed digits and qualifier allow; each check
    shows its arithmetic, its inputs' quotes and a status: consistent (shown to agree),
    compatible (not contradicted, but not shown: the intervals only overlap, or one is open),
    inconsistent, or cannot check (and why). Exit 1 when any check is inconsistent. A NAME no
    check involves is named in a warning; exit 1 when none is.

    Examples:
      jiexiu audit
      jiexiu audit budget_revenue
      jiexiu audit --status inconsistent --format json
      jiexiu audit --status compatible
    """
    from jiexiu_cli import results_audit, views
    from jiexiu_cli.audit import INCONSISTENT

    def ask(store: Any) -> Any:
        chosen = _resolve_all(store.resolve, names) if names else None
        wanted = {i.id for i in chosen} if chosen else None
        audited = results_audit.audit(store, wanted, "json" if fmt is Format.json else "found")
        shown = [x for x in audited if status is None or x.status == status]
        return chosen, audited, shown, (None if fmt is Format.json else results_audit.findings(store, shown))

    chosen, audited, shown, findings = _ask_store(ctx, ask)
    if not audited:
        which = ", ".join(i.id for i in chosen) if chosen else "the fact base"
        raise NotFoundError(f"no check can be made for {which}")
    involved = {i for x in audited for i in x.indicators}
    for ind in chosen or ():
        if ind.id not in involved:
            _warn(f"{ind.id}: no check involves it")
    bad = [x for x in audited if x.status == INCONSISTENT]
    if fmt is Format.json:  # the records kept as text
        from jiexiu_cli.render import json_list

        _write_all(json_list(results_audit.texts(shown)))
    elif shown:
        emit(views.audit_view(findings), fmt)
    if bad:
        raise CheckFailed(f"audit found {len(bad)} inconsistent check(s): {', '.join(x.id for x in bad)}")


@app.command(cls=_Command)
def init(
    folder: Annotated[
        str,
        typer.Argument(
            metavar="FOLDER", help="The folder to create (new or empty).", callback=_folder_argument, show_default=False
        ),
    ],
) -> None:
    """Create a fact-base folder that builds on the shipped fact base, without copying it.

    FOLDER gets jiexiu.toml (include = ["shipped"]), seeds/ for the articles, and facts.yaml,
    a starter whose comments say what goes where. Every command given --data FOLDER then reads
    the shipped fact base and every *.yaml below FOLDER as one: a new file may name the shipped
    indicators (gdp) and sources, its articles lie in FOLDER. A FOLDER that holds anything is
    never written into (exit 1).

    Examples:
      jiexiu init facts
      jiexiu init facts && jiexiu --data facts list --topic economy
      jiexiu init facts && jiexiu --data facts verify --format json | head -3
    """
    from jiexiu_cli.scaffold import init_folder

    shown, written = init_folder(Path(folder))
    emit_lines(
        [
            f"created {', '.join(written)}",
            f"next: put an article in {shown}/seeds/, then",
            f"  jiexiu --data {shown} extract {shown}/seeds/ARTICLE.txt --format yaml > {shown}/seeds/ARTICLE.yaml",
            f"  jiexiu --data {shown} verify",
        ]
    )


def _resolve_all(resolve: Any, names: list[str]) -> list[Any]:
    """The indicators ``names`` name (``resolve``: a name to its indicator), each once, in
    order. Every name that names none is reported (with suggestions); then the command
    stops, exit 1."""
    found, missing = [], []
    for name in names:
        try:
            found.append(resolve(name))
        except NotFoundError as e:
            missing.append(e)
    for error in missing[:-1]:
        _say_not_found(error)
    if missing:
        raise missing[-1]
    return list(dict.fromkeys(found))


def _warn(message: str) -> None:
    _say(message, "warning: ")


def _say_not_found(e: NotFoundError) -> None:
    _say(str(e))
    if e.suggestions:
        _say(f"did you mean: {', '.join(e.suggestions)}?", "")


def _err_lines(lines: list[str]) -> None:
    from jiexiu_cli import safe

    sys.stderr.write("".join(safe.line(line) + "\n" for line in lines))


# ---------------------------------------------------------------- the edge


#: an error line longer than this loses its middle (a 100,000-character query echoed back)
MAX_MESSAGE = 500


def _say(message: str, kind: str = "error: ") -> None:
    """One line on stderr, whatever it quotes: control and format characters (a newline or
    an escape in a file name, a bidi override in a quote) are shown escaped
    (:func:`jiexiu_cli.safe.line`), and a huge echo loses its middle."""
    from jiexiu_cli import safe

    message = safe.line(message)
    if len(message) > MAX_MESSAGE:
        half = MAX_MESSAGE // 2
        message = f"{message[:half]} … {message[-half:]}"
    sys.stderr.write(f"jiexiu: {kind}{message}\n")


def _safe_streams() -> None:
    """Never crash on a terminal that cannot show Chinese: replace what cannot be encoded.
    A stream closed before we started (`jiexiu show gdp >&-`) becomes /dev/null."""
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (lives as long as the process)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding not in ("utf8", "utf16", "utf32", "gb18030") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, map errors to exit codes, one line on stderr each."""
    _safe_streams()
    code = 0
    try:
        argv = _completion_shell(sys.argv[1:] if argv is None else argv)
        if os.environ.get("_JIEXIU_COMPLETE"):  # the shell asks what to complete
            from typer._completion_classes import completion_init

            completion_init()
        result = _only_the_command_asked_for(argv)(args=argv, prog_name="jiexiu", standalone_mode=False)
        code = result if isinstance(result, int) else 0
        if code == 130:  # Typer turns Ctrl-C into a silent exit code 130
            code = _interrupted()
    except typer.Exit as e:
        code = e.exit_code
    except (typer.Abort, KeyboardInterrupt):
        code = _interrupted()
    except typer.TyperException as e:  # usage errors from the parser
        code = _usage_error(e)
    except BrokenPipeError:
        _discard_stdout()
    except OSError as e:  # the system refused: a full disk under stdout (> /dev/full), ...
        code = _os_error(e)
    except Exception as e:  # a bug: still one line, with where it happened, never a traceback
        code = _internal_error(e)
    sys.exit(_flush(code))


def _completion_shell(args: list[str]) -> list[str]:
    """``--install-completion`` or ``--show-completion`` without a shell: the shell that
    runs jiexiu (as Typer detects it), so the option always reaches Click with its value."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg in ("--install-completion", "--show-completion"):
            if i + 1 == len(args) or args[i + 1].startswith("-"):
                from typer._completion_shared import _get_shell_name

                shell = _get_shell_name()
                if shell:
                    return [*args[: i + 1], shell, *args[i + 1 :]]
            break
    return args


_GLOBAL_OPTIONS_WITH_A_VALUE = ("--data",)
#: options that only the whole app answers (the lean one has no completion options)
_WHOLE_APP_OPTIONS = ("-h", "--help", "--version", "--", "--install-completion", "--show-completion")


def _only_the_command_asked_for(argv: list[str] | None) -> typer.Typer:
    """The app, with only the command that the command line names when it names one.

    Typer builds every command from its signature on every start; `jiexiu show gdp` needs
    one (with only it, 0.93 × the time with all nine, about 12 ms less), and no completion
    options. Help, completion, a mistyped command and anything unusual get the whole app,
    so their output is unchanged.
    """
    args = sys.argv[1:] if argv is None else argv
    if any(k.endswith("_COMPLETE") for k in os.environ):
        return app
    name, i = None, 0
    while i < len(args):
        arg = args[i]
        if arg in _GLOBAL_OPTIONS_WITH_A_VALUE:
            i += 2
            continue
        if arg.startswith("-"):
            if arg in _WHOLE_APP_OPTIONS:
                return app
            i += 1
            continue
        name = arg
        break
    chosen = [c for c in app.registered_commands if _command_name(c) == name]
    if len(chosen) != 1:
        return app
    lean = typer.Typer(
        cls=_Group,
        name=app.info.name,
        help=app.info.help,
        no_args_is_help=True,
        add_completion=False,  # 1 ms of inspecting; a command line that asks for it gets the whole app
        pretty_exceptions_enable=False,
        context_settings=app.info.context_settings,
    )
    lean.registered_callback = app.registered_callback
    lean.registered_commands = chosen
    return lean


def _command_name(c: Any) -> str:
    return str(c.name or c.callback.__name__.strip("_").replace("_", "-"))


def _usage_error(e: typer.TyperException) -> int:
    ctx = getattr(e, "ctx", None)
    if type(e).__name__ == "NoArgsIsHelpError" and ctx is not None:
        sys.stdout.write(ctx.get_help() + "\n")
        return 0
    hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    _say(e.format_message() + hint)
    return e.exit_code


def _interrupted() -> int:
    """Ctrl-C: one line and 130 (128 + SIGINT), as shells expect."""
    _discard_stdout()  # what is still buffered may never drain (a reader that stopped)
    sys.stderr.write("jiexiu: interrupted\n")
    return 130


def _os_error(e: OSError) -> int:
    _discard_stdout()  # the interpreter's last flush would fail the same way
    _say(f"{e.filename}: {e.strerror or e}" if e.filename else f"cannot write the output: {e.strerror or e}")
    return 1


def _internal_error(e: Exception) -> int:
    import traceback

    frames = traceback.extract_tb(e.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    _say(f"internal error{where}: {type(e).__name__}: {e} (a bug in jiexiu {__version__}; please report it)")
    return 1


def _flush(code: int) -> int:
    """Flush stdout; a reader gone by now (`| head -1`) changes nothing, not even the code."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _discard_stdout()
    except OSError as e:
        return _os_error(e)
    return code


def _discard_stdout() -> None:
    """The reader went away (`jiexiu compare | head -1`) or we were interrupted: point
    stdout at /dev/null so the interpreter's last flush neither blocks nor complains."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass

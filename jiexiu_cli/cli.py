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
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from jiexiu_cli import __version__
from jiexiu_cli.errors import CheckFailed, JiexiuError, NotFoundError, UsageError
from jiexiu_cli.render import Format, Result, render


class _Group(TyperGroup):
    """Turns the project's own errors into one line on stderr and their exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except NotFoundError as e:
            _say(str(e))
            if e.suggestions:
                sys.stderr.write(f"jiexiu: did you mean: {', '.join(e.suggestions)}?\n")
            raise typer.Exit(e.exit_code) from None
        except JiexiuError as e:
            _say(str(e))
            raise typer.Exit(e.exit_code) from None
        except BrokenPipeError:  # before Typer, which would make it exit 1
            _discard_stdout()
            return None


app = typer.Typer(
    cls=_Group,
    name="jiexiu",
    help="Exact figures from the public record of Jiexiu (介休市, Shanxi), each with the sentence that states it.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", help="Output format: table, json, csv or markdown.", case_sensitive=False),
]


def _complete_indicator(incomplete: str) -> list[tuple[str, str]]:
    from jiexiu_cli.data_path import data_path
    from jiexiu_cli.query import fold
    from jiexiu_cli.store import answer

    try:
        indicators = answer(data_path(None), lambda store: store.indicators())
    except JiexiuError:
        return []
    want = fold(incomplete)
    return [
        (i.id, f"{i.name_zh} {i.name_en}") for i in indicators if fold(i.id).startswith(want) or want in fold(i.name_zh)
    ]


NameArgument = Annotated[
    str,
    typer.Argument(
        metavar="NAME",
        help="Indicator: id (gdp), Chinese or English name, or alias; any case.",
        autocompletion=_complete_indicator,
    ),
]


def _data(ctx: typer.Context) -> Path:
    from jiexiu_cli.data_path import data_path

    return data_path(ctx.obj.get("data") if ctx.obj else None)


def _ask_store(ctx: typer.Context, ask: Any) -> Any:
    """Ask the compiled fact base (store.py): each command reads only what it needs."""
    from jiexiu_cli.store import answer

    return answer(_data(ctx), ask)


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
    """A period is a year or a range of years; anything else is a usage error, not a miss."""
    import re

    value = value.strip()
    if not re.fullmatch(r"\d{4}(-\d{4})?", value):
        raise typer.BadParameter(f"{value!r} is not a year or a range of years (2021, 2021-2025)")
    return value


@app.callback()
def _main(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            envvar="JIEXIU_DATA",
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
    _write("".join(line + "\n" for line in lines))


def _write(text: str) -> None:
    """Write to stdout; a reader gone away (`| head -1`) ends the output, not the command,
    so its exit code still tells (verify's 1)."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _discard_stdout()


@app.command()
def show(
    ctx: typer.Context,
    name: NameArgument,
    period: Annotated[
        str | None,
        typer.Option("--period", "-p", help="Only this period (2021, 2022, 2025, 2021-2025).", parser=_period_option),
    ] = None,
    cite: Annotated[bool, typer.Option("--cite", help="One copy-ready citation line per figure.")] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Every figure of one indicator, across periods and articles, each with its quote.

    Examples: jiexiu show gdp · jiexiu show 清洁取暖 --period 2021-2025 · jiexiu show budget_revenue --cite
    """
    from jiexiu_cli import query, views

    fb, ind = _ask_store(ctx, lambda store: store.show(name))
    figures = query.figures_for(fb, ind, period)
    if not figures:
        periods = sorted({f.period for f in query.figures_for(fb, ind)})
        raise NotFoundError(f"{ind.id} has no figure for period {period!r} (it has: {', '.join(periods) or 'none'})")
    if cite:
        emit_lines(views.cite_lines(fb, ind, figures))
        return
    emit(views.show_view(fb, ind, figures), fmt)


@app.command()
def compare(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None,
        typer.Argument(
            help="Indicators to compare (default: every comparable one).", autocompletion=_complete_indicator
        ),
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """2021 against the 14th Five-Year Plan period, with multiples, CAGR and shares.

    Every computed number is Decimal arithmetic on the printed figures, carries their
    qualifiers (突破40亿元 over 28.06亿元 is a multiple of > 1.426) and shows its formula.

    Examples: jiexiu compare · jiexiu compare gdp clean_heating_area --format json
    """
    from jiexiu_cli import results, views

    def ask(store: Any) -> Any:
        chosen = [store.resolve(n) for n in names] if names else None
        return chosen, results.compare(store, chosen)

    chosen, pairs = _ask_store(ctx, ask)
    if not pairs:
        which = ", ".join(i.id for i in chosen) if chosen else "the fact base"
        raise NotFoundError(f"no comparable pair of figures for {which} (2021 or a 2022 target against 2021-2025)")
    emit(views.compare_view(pairs), fmt)


@app.command()
def search(
    ctx: typer.Context,
    terms: Annotated[list[str], typer.Argument(help="Chinese, English or pinyin terms; all must match; literal text.")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many figures.")] = 20,
    fmt: FormatOption = Format.table,
) -> None:
    """Find figures by Chinese, English or pinyin, in names, aliases and quotes, best first.

    Examples: jiexiu search 焦化 · jiexiu search heating · jiexiu search qingjie qunuan · jiexiu search qjqn
    """
    from jiexiu_cli import views

    fb, hits = _ask_store(ctx, lambda store: store.search(terms, limit))
    if not hits:
        raise NotFoundError(f"no figure matches {' '.join(terms)!r}")
    emit(views.search_view(fb, hits, terms), fmt)


@app.command("list")
def list_(
    ctx: typer.Context,
    topic: Annotated[
        str | None, typer.Option("--topic", "-t", help="Only indicators of this topic (economy, fiscal, …).")
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Every indicator, with how many figures each has.

    Examples: jiexiu list · jiexiu list --topic environment --format csv
    """
    from jiexiu_cli import query, views
    from jiexiu_cli.model import FactBase

    def ask(store: Any) -> Any:
        where = ("x.topic = ?", (topic,)) if topic is not None else ("1", ())
        inds = query.indicators(FactBase((), tuple(store.indicators(None, *where)), ()), topic)
        if not inds:
            raise NotFoundError(f"no indicator has topic {topic!r} (topics: {', '.join(store.topics())})")
        return inds, store.figure_counts("indicator")

    emit(views.list_view(*_ask_store(ctx, ask)), fmt)


@app.command()
def sources(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """The articles: title, publisher, date, what each covers, sha256, figure count.

    Example: jiexiu sources --format json
    """
    from jiexiu_cli import views

    emit(views.sources_view(*_ask_store(ctx, lambda store: (store.sources(), store.figure_counts("source")))), fmt)


@app.command()
def export(ctx: typer.Context, fmt: FormatOption = Format.json) -> None:
    """Every figure record of the fact base (JSON by default) for spreadsheets, jq, sqlite-utils.

    Examples: jiexiu export > figures.json · jiexiu export --format csv | sqlite-utils insert j.db figures - --csv
    """
    from jiexiu_cli import views
    from jiexiu_cli.model import FactBase
    from jiexiu_cli.store import open_store

    with open_store(_data(ctx)) as store:
        if fmt is Format.json:  # each indicator's records kept as text, streamed
            from jiexiu_cli import results

            for chunk in results.export_json(store):
                _write(chunk)
            return
        fb = FactBase((), tuple(store.indicators()), ())  # what a figure's record names of its indicator
        figures = store.export_order()
        if fmt is Format.csv:  # streamed: 100,000 records never in memory at once
            from jiexiu_cli.records import figure_record
            from jiexiu_cli.render import iter_csv

            for chunk in iter_csv(figure_record(fb, f) for f in figures):
                _write(chunk)
            return
        emit(views.export_view(fb, list(figures)), fmt)


@app.command()
def verify(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """Prove the fact base against its articles: hashes, verbatim quotes, values and units
    in their quotes, and coverage of every number token. Exit 1 and every problem if any.

    Example: jiexiu verify --data my-facts/
    """
    from jiexiu_cli import results, views

    report = _ask_store(ctx, results.verify)
    if fmt is Format.json:
        from jiexiu_cli.render import to_json

        _write(to_json(views.verify_records(report)))
    else:
        lines = views.verify_lines(report)
        (emit_lines if report.ok else _err_lines)(lines)
    if not report.ok:
        raise CheckFailed(f"verify found {len(report.problems)} problem(s)")


class ExtractFormat(enum.StrEnum):
    """extract's formats: the data formats, and yaml (fact-base entries to paste)."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    yaml = "yaml"


@app.command()
def extract(
    ctx: typer.Context,
    files: Annotated[
        list[str],
        typer.Argument(metavar="FILE...", help="Articles: UTF-8 text, Markdown or simple HTML; - reads stdin."),
    ],
    period: Annotated[
        str | None, typer.Option("--period", "-p", help="Period of figures whose text names none (2021, 2021-2025).")
    ] = None,
    non_figures: Annotated[
        bool, typer.Option("--non-figures", help="List the numbers kept apart (dates, section numbers, …) instead.")
    ] = False,
    fmt: Annotated[
        ExtractFormat,
        typer.Option("--format", "-f", help="table, json, csv, markdown, or yaml (fact base).", case_sensitive=False),
    ] = ExtractFormat.table,
) -> None:
    """Candidate figures of an article, each with unit, qualifier, value, kind, period and
    quote; dates, times, phone and section numbers kept apart. Candidates already in the
    fact base are marked with the figure they are.

    Examples: jiexiu extract new.txt · jiexiu extract new.txt -f yaml > new.yaml · jiexiu extract a.txt --non-figures
    """
    from jiexiu_cli import extract as ext
    from jiexiu_cli import extract_view

    if any(not f.strip() for f in files):
        raise UsageError("FILE is empty: give an article's path, or - to read standard input")
    with _store_or_none(ctx) as store:
        sources = store.factbase_of_sources() if store is not None else None
        exs = []
        for path in files:
            ex = ext.extract_file(path, period, sources)
            exs.append(ext.mark_in(store.factbase_for_text(ex.text) if store is not None else None, ex))
    if fmt is ExtractFormat.yaml:
        sys.stdout.write(extract_view.to_yaml(exs, ext.known_hashes(sources)))
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
        sys.stderr.write(f"jiexiu: warning: candidates not matched against the fact base: {e}\n")
        yield None
        return
    try:
        yield store
    finally:
        opened.__exit__(None, None, None)


@app.command()
def audit(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None,
        typer.Argument(help="Only checks that involve these indicators.", autocompletion=_complete_indicator),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option("--status", "-s", help="Only checks with this status: consistent, inconsistent, cannot-check."),
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Check the articles' claims against each other and their own arithmetic.

    Each figure is read as the interval its printed digits and qualifier allow; each check
    shows its arithmetic, its inputs' quotes and a status: consistent, inconsistent or cannot
    check (and why). Exit 1 when any check is inconsistent.

    Examples: jiexiu audit · jiexiu audit budget_revenue · jiexiu audit --status inconsistent --format json
    """
    from jiexiu_cli import results, views
    from jiexiu_cli.audit import INCONSISTENT, STATUSES

    wanted = status.replace("-", " ").strip().casefold() if status is not None else None

    def ask(store: Any) -> Any:
        if wanted is not None and wanted not in STATUSES:  # once the fact base is known to load, as ever
            raise UsageError(f"--status must be one of: consistent, inconsistent, cannot-check (got {status!r})")
        chosen = {store.resolve(n).id for n in names} if names else None
        audited = results.audit(store, chosen, "json" if fmt is Format.json else "found")
        shown = [x for x in audited if wanted is None or x.status == wanted]
        return chosen, audited, shown, (None if fmt is Format.json else results.findings(store, shown))

    chosen, audited, shown, findings = _ask_store(ctx, ask)
    bad = [x for x in audited if x.status == INCONSISTENT]
    if not audited:
        which = ", ".join(sorted(chosen)) if chosen else "the fact base"
        raise NotFoundError(f"no check can be made for {which}")
    if fmt is Format.json:  # the records kept as text
        from jiexiu_cli.render import json_list

        for chunk in json_list(x.text for x in shown):
            _write(chunk)
    elif shown:
        emit(views.audit_view(findings), fmt)
    if bad:
        raise CheckFailed(f"audit found {len(bad)} inconsistent check(s): {', '.join(x.id for x in bad)}")


def _err_lines(lines: list[str]) -> None:
    sys.stderr.write("".join(line + "\n" for line in lines))


# ---------------------------------------------------------------- the edge


#: an error line longer than this loses its middle (a 100,000-character query echoed back)
MAX_MESSAGE = 500


def _say(message: str) -> None:
    """One line, whatever it quotes: control characters (a newline or an escape in a file
    name) are shown escaped, and a huge echo loses its middle."""
    message = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in message)
    if len(message) > MAX_MESSAGE:
        half = MAX_MESSAGE // 2
        message = f"{message[:half]} … {message[-half:]}"
    sys.stderr.write(f"jiexiu: error: {message}\n")


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

"""The command line: the commands, each a thin Typer function that parses its arguments,
calls one plain function and hands the records to a view.

Beside it: ``cli_options`` (the arguments and options the commands share, their checks
and completion), ``cli_typer`` (what reaches into Typer: options given twice, the lean
app of one command, completion scripts) and ``cli_edge`` (the process edge: streams,
messages, exit codes, a reader gone away, Ctrl-C). Only these turn the project's errors
into exit codes and messages.

No ``from __future__ import annotations`` here: Typer reads every command's signature
on each start, and string annotations would make it ``eval`` each one again.
"""

import contextlib
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from jiexiu_cli import __version__
from jiexiu_cli.cli.edge import (
    emit,
    emit_lines,
    err_lines,
    run,
    safe_streams,
    say,
    say_not_found,
    warn,
    write,
    write_all,
)
from jiexiu_cli.cli.options import (
    ExportFormat,
    ExtractFormat,
    FormatOption,
    NameArgument,
    PeriodOption,
    PlaceOption,
    TopicOption,
    complete_indicator,
    complete_status,
    data_option,
    folder_argument,
    indicator_names,
    output_option,
    status_option,
    terms_argument,
    version_option,
)
from jiexiu_cli.cli.typer_internals import (
    Command,
    Group,
    Shell,
    completion_option,
    completion_shell,
    install_completion,
    only_the_command_asked_for,
    show_completion,
)
from jiexiu_cli.core.errors import CheckFailed, DataProblems, JiexiuError, NotFoundError, UsageError
from jiexiu_cli.present.render import Format

app = typer.Typer(
    cls=Group,
    name="jiexiu",
    help="Exact figures from the public record of Jiexiu (介休市, Shanxi), each with the sentence that states it.\n\n"
    "Examples:\n  jiexiu show gdp\n  jiexiu compare gdp\n  jiexiu search heating\n  jiexiu --show-completion zsh",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,  # its own --install-completion/--show-completion [SHELL], below
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _data(ctx: typer.Context) -> Path:
    from jiexiu_cli.factbase.data_path import data_path

    return data_path(ctx.obj.get("data") if ctx.obj else None)


def _ask_store(ctx: typer.Context, ask: Any) -> Any:
    """Ask the compiled fact base (store.py): each command reads only what it needs."""
    from jiexiu_cli.factbase.store import answer

    return answer(_data(ctx), ask)


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
            parser=data_option,
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar, even on a terminal (long builds, verify, audit).")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=version_option, is_eager=True, help="Print the version and exit.")
    ] = False,
    install_completion: Annotated[
        Shell | None,
        completion_option(
            "--install-completion",
            install_completion,
            "Install completion for SHELL (bash, zsh, fish, powershell, pwsh; alone: the shell you run) and exit.",
        ),
    ] = None,
    show_completion: Annotated[
        Shell | None,
        completion_option(
            "--show-completion",
            show_completion,
            "Print the completion script for SHELL (alone: the shell you run) and exit.",
        ),
    ] = None,
) -> None:
    ctx.obj = {"data": data}
    if quiet or "jiexiu_cli.factbase.progress" in sys.modules:  # (show's start-up does not import it)
        from jiexiu_cli.factbase import progress

        progress.QUIET = quiet


@app.command(cls=Command)
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


@app.command(cls=Command)
def compare(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None, indicator_names("Indicators to compare (default: every comparable one).")
    ] = None,
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
    from jiexiu_cli.present import views_compare
    from jiexiu_cli.results import compare as results_compare

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
            warn(f"{ind.id}: {what} {why}")
    if fmt is Format.json:
        from jiexiu_cli.present.render_json import json_list

        write_all(json_list(pairs.texts()))
    else:
        emit(views_compare.compare_view(pairs), fmt)


@app.command(cls=Command)
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

    found = _ask_store(ctx, lambda store: store.find(terms, limit or None, store.place(place) if place else None))
    if not found.hits:
        raise NotFoundError(f"no figure matches {' '.join(terms)!r}" + (f" in place {place!r}" if place else ""))
    result = views_search.search_view(found.fb, found.hits, terms, found.matched)
    if fmt is not Format.table and found.matched > len(found.hits):  # the table's title says it
        say(views_search.search_count(found.matched, len(found.hits)), "")
    emit(result, fmt)


@app.command("list", cls=Command)
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


@app.command(cls=Command)
def sources(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """The articles: title, publisher, date, what each covers, sha256, figure count.

    Examples:
      jiexiu sources
      jiexiu sources --format json
    """
    from jiexiu_cli.present import views

    emit(views.sources_view(*_ask_store(ctx, lambda store: (store.sources(), store.figure_counts("source")))), fmt)


@app.command(cls=Command)
def export(
    ctx: typer.Context,
    indicators: Annotated[
        list[str] | None,
        typer.Option(
            "--indicator",
            "-i",
            metavar="NAME",
            help="Only this indicator (an id, a name or an alias, as show takes it); give it again for more.",
            autocompletion=complete_indicator,
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
            parser=output_option,
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
    from jiexiu_cli.analysis import selection
    from jiexiu_cli.factbase.store import open_store
    from jiexiu_cli.present import views

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
            from jiexiu_cli.results import export as results_export

            write_all(results_export.export_json(store))
            return
        fb = store.record_base()  # what a figure's record names of its indicator and source
        figures = store.export_order(where, args)
        if sqlite:
            from jiexiu_cli.present import export_sqlite
            from jiexiu_cli.present.records import figure_record

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
            say(f"wrote {count} figures to {db} and {meta.name} beside it", kind="")
            return
        if fmt in (ExportFormat.csv, ExportFormat.json):  # streamed: 100,000 records never in memory at once
            from jiexiu_cli.present.records import figure_record
            from jiexiu_cli.present.render_csv import iter_csv
            from jiexiu_cli.present.render_json import iter_json

            stream = iter_csv if fmt is ExportFormat.csv else iter_json
            write_all(stream(figure_record(fb, f) for f in figures))
            return
        emit(views.export_view(fb, list(figures)), Format(fmt.value))


@app.command(cls=Command)
def verify(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """Prove the fact base against its articles: hashes, verbatim quotes, values and units
    in their quotes, and coverage of every number token. Exit 1 and every problem if any.

    --format json prints the report as one object; csv and markdown, its coverage of each
    article and its problems as rows.

    Examples:
      jiexiu verify
      jiexiu verify --format csv
    """
    from jiexiu_cli.present import views_verify
    from jiexiu_cli.results import verify as results_verify

    report = _ask_store(ctx, results_verify.verify)
    if fmt is Format.json:
        from jiexiu_cli.present.render_json import to_json

        write(to_json(views_verify.verify_records(report)))
    elif fmt is Format.table:
        lines = views_verify.verify_lines(report)
        (emit_lines if report.ok else err_lines)(lines)
    else:
        emit(views_verify.verify_view(report), fmt)
    if not report.ok:
        raise CheckFailed(f"verify found {len(report.problems)} problem(s)")


@app.command(cls=Command)
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
    from jiexiu_cli.analysis.extract.files import extract_files
    from jiexiu_cli.analysis.extract.mark import known_hashes
    from jiexiu_cli.present import extract_view

    if any(not f.strip() for f in files):
        raise UsageError("FILE is empty: give an article's path, or - to read standard input")
    if update is not None and "-" in files:
        raise UsageError("--update needs the article's path (its source names the file); - cannot be one")
    if update is not None and not update.strip():
        raise UsageError("--update is empty: give the fact-base file to add to")
    with _store_or_none(ctx) as store:
        sources = store.factbase_of_sources() if store is not None else None
        exs = extract_files(files, period, sources, store.factbase_for_text if store is not None else None)
        proposing = update is not None or fmt is ExtractFormat.yaml
        indicators = store.indicators() if store is not None and proposing else []
        places = store.place_names() if store is not None and proposing else []
    if store is None and proposing:
        from jiexiu_cli.present.extract_update import lenient_vocabulary

        indicators, places = lenient_vocabulary(_data(ctx))  # a half-curated fact base still has its vocabulary
    if update is not None:
        from jiexiu_cli.present import extract_update

        if non_figures:
            raise UsageError("--update writes figures and exclusions; it does not take --non-figures")
        articles = {Path(f).name: f for f in files}
        done = extract_update.update(Path(update), exs, articles, known_hashes(sources), indicators, places)
        err_lines([done])
        return
    if fmt is ExtractFormat.yaml:
        sys.stdout.write(extract_view.to_yaml(exs, known_hashes(sources), indicators, places))
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
    from jiexiu_cli.factbase.store import open_store

    try:
        opened = open_store(_data(ctx))
        store = opened.__enter__()
    except JiexiuError as e:
        said = f"{e.problems[0]} (and {e.total - 1} more problems)" if isinstance(e, DataProblems) else str(e)
        warn(f"candidates not matched against the fact base: {said}")
        yield None
        return
    try:
        yield store
    finally:
        opened.__exit__(None, None, None)


@app.command(cls=Command)
def audit(
    ctx: typer.Context,
    names: Annotated[list[str] | None, indicator_names("Only checks that involve these indicators.")] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            "-s",
            metavar="STATUS",
            help="Only checks with this status: consistent (shown to agree), compatible (not contradicted), "
            "inconsistent, cannot-check.",
            callback=status_option,
            autocompletion=complete_status,
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
    from jiexiu_cli.analysis.audit import INCONSISTENT
    from jiexiu_cli.present import views_audit
    from jiexiu_cli.results import audit as results_audit

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
            warn(f"{ind.id}: no check involves it")
    bad = [x for x in audited if x.status == INCONSISTENT]
    if fmt is Format.json:  # the records kept as text
        from jiexiu_cli.present.render_json import json_list

        write_all(json_list(results_audit.texts(shown)))
    elif shown:
        emit(views_audit.audit_view(findings), fmt)
    if bad:
        raise CheckFailed(f"audit found {len(bad)} inconsistent check(s): {', '.join(x.id for x in bad)}")


@app.command(cls=Command)
def init(
    folder: Annotated[
        str,
        typer.Argument(
            metavar="FOLDER", help="The folder to create (new or empty).", callback=folder_argument, show_default=False
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
    from jiexiu_cli.factbase.scaffold import init_folder

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
        say_not_found(error)
    if missing:
        raise missing[-1]
    return list(dict.fromkeys(found))


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app; every way it ends is an exit code and at most one line on stderr."""
    safe_streams()
    sys.exit(run(lambda: _run(sys.argv[1:] if argv is None else argv)))


def _run(argv: list[str]) -> Any:
    argv = completion_shell(argv)
    if os.environ.get("_JIEXIU_COMPLETE"):  # the shell asks what to complete
        from typer._completion_classes import completion_init

        completion_init()
    return only_the_command_asked_for(app, argv)(args=argv, prog_name="jiexiu", standalone_mode=False)

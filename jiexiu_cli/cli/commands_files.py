"""The commands that read or write files: export (records, or a SQLite database), extract
(an article's candidate figures, or a fact-base file updated) and init (a new fact-base folder).

No ``from __future__ import annotations`` here: Typer reads the signature of the command it
runs, and string annotations would make it ``eval`` each one again.
"""

import contextlib
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from jiexiu_cli import __version__
from jiexiu_cli.cli.edge import emit, emit_lines, err_lines, say, warn, write_all
from jiexiu_cli.cli.options import (
    ExportFormat,
    ExtractFormat,
    PeriodOption,
    PlaceOption,
    TopicOption,
    complete_indicator,
    folder_argument,
    output_option,
)
from jiexiu_cli.cli.store_access import data_folder, resolve_all
from jiexiu_cli.core.errors import DataProblems, JiexiuError, NotFoundError, UsageError
from jiexiu_cli.present.render import Format


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
    with open_store(data_folder(ctx)) as store:
        chosen = resolve_all(store.resolve, indicators) if indicators else []
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

        indicators, places = lenient_vocabulary(data_folder(ctx))  # a half-curated fact base still has its vocabulary
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
        opened = open_store(data_folder(ctx))
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

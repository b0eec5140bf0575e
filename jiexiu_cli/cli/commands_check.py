"""The commands that check the fact base: verify (against its articles), audit (the
articles' claims against each other) and compare (figures against each other).

No ``from __future__ import annotations`` here: Typer reads the signature of the command it
runs, and string annotations would make it ``eval`` each one again.
"""

from typing import Annotated, Any

import typer

from jiexiu_cli.cli.edge import (
    emit,
    emit_lines,
    emit_shown,
    err_lines,
    shown_form,
    warn,
    write,
    write_all,
    write_utf8,
)
from jiexiu_cli.cli.options import (
    FormatOption,
    PeriodOption,
    PlaceOption,
    complete_status,
    indicator_names,
    status_option,
)
from jiexiu_cli.cli.store_access import ask_store, resolve_all
from jiexiu_cli.core.errors import CheckFailed, NotFoundError
from jiexiu_cli.present.render import Format


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

    as_kept = fmt in (Format.json, Format.csv)  # the records as kept, as text
    shown, console = shown_form("compare", fmt, period, place)  # a long table or Markdown printed before is kept

    def ask(store: Any) -> Any:
        chosen = resolve_all(store.resolve, names) if names else None
        where = store.place(place) if place else None
        if as_kept:
            return chosen, results_compare.compare_texts(store, chosen, period, where)
        return chosen, results_compare.pairs(store, chosen, period, where, shown)

    chosen, pairs = ask_store(ctx, ask)
    what = "no comparable pair of figures"
    why = "(figures of one indicator, of equal spans or a year within a run of years, or of one period across places)"
    which = ", ".join(i.id for i in chosen) if chosen else "the fact base"
    if period:
        which += f" in period {period!r}"
    if not pairs:
        raise NotFoundError(f"{what} for {which} {why}")
    having = set(pairs.indicators)
    for ind in chosen or ():
        if ind.id not in having:
            warn(f"{ind.id}: {what} {why}")
    if fmt is Format.json:
        write_utf8(pairs.json())
    elif fmt is Format.csv:
        from jiexiu_cli.present.render_csv import csv_of_json

        write_all(csv_of_json(pairs.texts))
    else:
        emit_shown(shown, lambda: views_compare.compare_view(pairs, across=pairs.across), fmt, console, len(pairs))


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

    report = ask_store(ctx, results_verify.verify)
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

    as_kept = fmt in (Format.json, Format.csv)  # the records as kept, as text
    printed, console = shown_form("audit", fmt, status)  # a long table or Markdown printed before is kept

    def ask(store: Any) -> Any:
        chosen = resolve_all(store.resolve, names) if names else None
        wanted = {i.id for i in chosen} if chosen else None
        audited = results_audit.audit(store, wanted, "json" if as_kept else "found", printed)
        shown = [x for x in audited if status is None or x.status == status]
        reading = as_kept or (printed is not None and printed.kept)
        return chosen, audited, shown, (None if reading else results_audit.findings_read(store, shown))

    chosen, audited, shown, findings = ask_store(ctx, ask)
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
    elif fmt is Format.csv:
        if shown:
            from jiexiu_cli.present.render_csv import csv_of_json

            write_all(csv_of_json(lambda: results_audit.texts(shown)))
    elif shown:
        emit_shown(
            printed,
            lambda: views_audit.audit_view(findings, sources=findings.sources),
            fmt,
            console,
            len(shown),
            lambda: results_audit.shown_facts(audited),
        )
    if bad:
        raise CheckFailed(f"audit found {len(bad)} inconsistent check(s): {', '.join(x.id for x in bad)}")

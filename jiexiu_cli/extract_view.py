"""What `jiexiu extract` prints: records and tables of candidates and non-figures, and
fact-base YAML a curator pastes. Plain functions of :mod:`jiexiu_cli.extract` results.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from jiexiu_cli import safe
from jiexiu_cli.errors import UsageError
from jiexiu_cli.extract import Candidate, Extraction, NonFigure
from jiexiu_cli.numbers import decimal_places, plain, rounded, to_base
from jiexiu_cli.render import Marked, Result


def _short(ex: Extraction) -> str:
    """The source id, whole: jiexiu-2022q1.txt and jiexiu-2022q2.txt must not read alike."""
    return ex.name


def candidate_record(ex: Extraction, c: Candidate) -> dict[str, Any]:
    """One candidate as a JSON/CSV record: the fact base's figure keys plus where it is."""
    value = _yaml_value(c.value)
    value_base, unit_base = to_base(value, c.unit)
    return {
        "source": ex.name,
        "line": c.line,
        "column": c.column,
        "shown": c.shown,
        "value": value,
        "printed": c.printed,
        "unit": c.unit,
        "qualifier": c.qualifier,
        "qualifier_zh": c.qualifier_zh,
        "status": c.status,
        "value_base": value_base,
        "unit_base": unit_base,
        "kind": c.kind,
        "period": c.period,
        "quote": c.quote,
        "quote_nth": c.quote_nth,
        "nth": c.nth,
        "label": c.label,
        "unit_from": c.unit_from,
        "matches": list(c.matches),
    }


def non_figure_record(ex: Extraction, n: NonFigure) -> dict[str, Any]:
    return {
        "source": ex.name,
        "line": n.line,
        "column": n.column,
        "text": n.text,
        "reason": n.reason,
        "context": n.context,
    }


def reasons_summary(exs: list[Extraction]) -> str:
    """'date 5, section number 6, …': what the non-figures are, most frequent first."""
    counts = Counter(n.reason.split(":")[0].split(" (")[0] for ex in exs for n in ex.non_figures)
    return ", ".join(f"{reason} {k}" for reason, k in counts.most_common())


def candidates_view(exs: list[Extraction]) -> Result:
    rows: list[list[str | Marked]] = []
    records = []
    for ex in exs:
        for c in ex.candidates:
            records.append(candidate_record(ex, c))
            a = c.start - c.quote_start
            qualifier = c.qualifier + (f" {c.qualifier_zh}" if c.qualifier_zh else "")
            rows.append(
                [
                    f"{_short(ex)}:{c.line}:{c.column}",
                    f"{plain(_yaml_value(c.value))}{c.unit}" + (f" ({c.printed})" if c.printed else ""),
                    f"{qualifier} · {c.kind} · {c.period or '?'}" + (f" · {c.label}" if c.label else ""),
                    ", ".join(dict.fromkeys(m.split(".")[0] for m in c.matches)),
                    Marked(c.quote, ((a, a + len(c.shown)),)),
                ]
            )
    non = sum(len(ex.non_figures) for ex in exs)
    names = ", ".join(ex.name for ex in exs)
    notes = [f"{non} non-figures kept apart ({reasons_summary(exs)}): list them with --non-figures"] if non else []
    return Result(
        records=records,
        columns=["at", "value", "reading", "matches", "quote"],
        rows=rows,
        title=f"{len(records)} candidate figures in {names}",
        footnotes=notes,
        wrap=("quote", "matches", "value", "reading"),
    )


def non_figures_view(exs: list[Extraction]) -> Result:
    rows: list[list[str | Marked]] = []
    records = []
    for ex in exs:
        for n in ex.non_figures:
            records.append(non_figure_record(ex, n))
            a = n.start - n.context_start
            rows.append(
                [f"{_short(ex)}:{n.line}:{n.column}", n.text, n.reason, Marked(n.context, ((a, a + len(n.text)),))]
            )
    return Result(
        records=records,
        columns=["at", "number", "reason", "context"],
        rows=rows,
        title=f"{len(records)} non-figures in {', '.join(ex.name for ex in exs)}",
        wrap=("reason", "context"),
        min_widths={"context": 24},
    )


# ---------------------------------------------------------------- YAML for the fact base


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML): the exact value, with
    controls, bidi and zero-width characters written as escapes."""
    return safe.json_string(text)


def _yaml_value(value: Decimal) -> Decimal:
    """The value as the fact base writes it: 1/3 -> 0.3333 (four places at most)."""
    return rounded(value, 4) if decimal_places(value.normalize()) > 4 else value


def _unit_note(c: Candidate) -> str | None:
    """The unit_note verify will ask for (the same rule: verify.unit_missing)."""
    from jiexiu_cli.verify import unit_missing

    if unit_missing(c.unit, c.kind, c.quote) is None:
        return None
    if c.unit_from:
        return f"the table prints the unit {c.unit} apart from the row: {c.unit_from}"
    return f"{c.shown} is printed without {c.unit}" if c.unit else "the article prints no unit"


def _figure_lines(ex: Extraction, c: Candidate) -> list[str]:
    fields: list[tuple[str, str]] = [
        ("indicator", '""'),
        ("source", _q(ex.name)),
        ("period", _q(c.period or "")),
        ("value", _q(c.number if c.printed is None and c.value >= 0 else plain(_yaml_value(c.value)))),
    ]
    if c.printed is not None:
        fields.append(("printed", _q(c.printed)))
    fields.append(("unit", _q(c.unit)))
    note = _unit_note(c)
    if note:
        fields.append(("unit_note", _q(note)))
    fields.append(("qualifier", c.qualifier))
    if c.qualifier_zh:
        fields.append(("qualifier_zh", _q(c.qualifier_zh)))
    if c.status != (c.qualifier if c.qualifier in ("estimate", "expected", "target") else "actual"):
        fields.append(("status", c.status))
    fields += [("kind", c.kind), ("quote", _q(c.quote))]
    if c.label:
        fields.append(("note", _q(f"table cell: {c.label}")))
    if c.quote_nth is not None:
        fields.append(("quote_nth", str(c.quote_nth)))
    if c.nth != 1:
        fields.append(("nth", str(c.nth)))
    lines = [f"  {'- ' if i == 0 else '  '}{k}: {v}" for i, (k, v) in enumerate(fields)]
    where = f"  # {safe.line(ex.name)}:{c.line}:{c.column}"  # a comment is one line, whatever the name holds
    if c.matches:
        known = safe.line(", ".join(c.matches))
        return [where + f" · already in the fact base as {known}", *("#" + line[1:] for line in lines)]
    return [where, *lines]


def _exclusion_lines(ex: Extraction, n: NonFigure) -> list[str]:
    """An exclusion; a number split by markup (20[/b][b]22) is its own context, all: true."""
    fields = [("context", _q(n.context))] if n.every else [("text", _q(n.text)), ("context", _q(n.context))]
    if n.context_nth is not None:
        fields.append(("context_nth", str(n.context_nth)))
    if n.every:
        fields.append(("all", "true"))
    elif n.nth != 1:
        fields.append(("nth", str(n.nth)))
    fields += [("reason", _q(n.reason)), ("source", _q(ex.name))]
    return [f"  {'- ' if i == 0 else '  '}{k}: {v}" for i, (k, v) in enumerate(fields)]


def _source_lines(ex: Extraction, known: bool) -> list[str]:
    periods = Counter(c.period for c in ex.candidates if c.period)
    covers = periods.most_common(1)[0][0] if periods else ex.period or ""
    lines = [
        f"  - file: {_q(ex.name)}",
        f"    text: {_q(ex.name)}  # the article's path, relative to this YAML file",
        f"    sha256: {ex.sha256}",
        f"    title: {_q(ex.title or ex.name)}",
        f"    publisher: {_q(ex.publisher or 'unknown')}",
        f"    date: {_q(ex.date or 'unknown')}",
        f"    covers: {_q(covers)}",
    ]
    if known:
        return ["  # already a source of the fact base:"] + ["#" + line[1:] for line in lines]
    return lines


def to_yaml(exs: list[Extraction], known_sources: set[str]) -> str:
    """Fact-base YAML: the sources, every new candidate as a figure whose indicator the
    curator fills in, and every non-figure as an exclusion, so `verify` can pass.

    A figure needs a period: when neither the text nor --period gives one, say so
    rather than print YAML that cannot load."""
    undated = [(ex, c) for ex in exs for c in ex.candidates if c.period is None and not c.matches]
    if undated:
        ex, c = undated[0]
        raise UsageError(
            f"cannot tell the period of {len(undated)} candidate(s) (first at {ex.shown}:{c.line}:{c.column}); "
            "pass --period (2023, 2021-2025)"
        )
    out = [
        "# Written by `jiexiu extract`. For each figure: fill in `indicator` (an id defined under",
        "# `indicators:`), check period, unit, qualifier and kind against the quote, delete what is",
        "# not a figure (or move it to `exclusions:` with a reason); then `jiexiu --data FOLDER verify`.",
        "sources:",
    ]
    for ex in exs:
        out += _source_lines(ex, ex.sha256 in known_sources)
    out += [
        "# indicators:",
        "#   - id: an_ascii_id",
        "#     name_zh: 中文名称",
        "#     name_en: English name",
        "#     topic: economy",
        "figures:",
    ]
    for ex in exs:
        for c in ex.candidates:
            out += _figure_lines(ex, c)
    new_exclusions = [(ex, n) for ex in exs if ex.sha256 not in known_sources for n in ex.non_figures]
    out.append("exclusions:" if new_exclusions else "exclusions: []")
    for ex, n in new_exclusions:
        out += _exclusion_lines(ex, n)
    return "\n".join(out) + "\n"

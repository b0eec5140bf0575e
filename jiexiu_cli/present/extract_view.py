"""What `jiexiu extract` prints: records and tables of candidates and non-figures, and
fact-base YAML a curator pastes. Plain functions of :mod:`jiexiu_cli.analysis.extract.pipeline` results.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from jiexiu_cli.analysis.extract.model import Candidate, Extraction, NonFigure
from jiexiu_cli.core import safe
from jiexiu_cli.core.errors import UsageError
from jiexiu_cli.core.numbers import decimal_places, plain, rounded, to_base
from jiexiu_cli.core.vocabulary import PLAN_STATUSES
from jiexiu_cli.present.render import Marked, Result

if TYPE_CHECKING:
    from jiexiu_cli.analysis.extract.suggest import Suggestion, Vocabulary
    from jiexiu_cli.core.model import Indicator


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


def _yaml_quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML): the exact value, with
    controls, bidi and zero-width characters written as escapes."""
    return safe.json_string(text)


def _yaml_value(value: Decimal) -> Decimal:
    """The value as the fact base writes it: 1/3 -> 0.3333 (four places at most)."""
    return rounded(value, 4) if decimal_places(value.normalize()) > 4 else value


def _unit_note(c: Candidate) -> str | None:
    """The unit_note verify will ask for (the same rule: verify.unit_missing)."""
    from jiexiu_cli.analysis.verify import unit_missing

    if unit_missing(c.unit, c.kind, c.quote) is None:
        return None
    if c.unit_from:
        return f"the table prints the unit {c.unit} apart from the row: {c.unit_from}"
    return f"{c.shown} is printed without {c.unit}" if c.unit else "the article prints no unit"


def _indicator_field(s: Suggestion | None) -> str:
    """``gdp  # 0.9: 地区生产总值 in the clause``, a proposed new id, or ``""``."""
    if s is None:
        return '""'
    if s.new:
        return f"{s.indicator}  # new: {safe.line(s.name_zh or '')} (proposed under indicators: above)"
    return f"{s.indicator}  # {s.confidence}: {safe.line(s.why)}"


def _figure_lines(
    ex: Extraction, c: Candidate, s: Suggestion | None = None, more: list[tuple[str, str]] | None = None
) -> list[str]:
    fields: list[tuple[str, str]] = [
        ("indicator", '""' if c.matches else _indicator_field(s)),
        ("source", _yaml_quoted(ex.name)),
        ("period", _yaml_quoted(c.period or "")),
        ("value", _yaml_quoted(c.number if c.printed is None and c.value >= 0 else plain(_yaml_value(c.value)))),
    ]
    if c.printed is not None:
        fields.append(("printed", _yaml_quoted(c.printed)))
    fields.append(("unit", _yaml_quoted(c.unit)))
    note = _unit_note(c)
    if note:
        fields.append(("unit_note", _yaml_quoted(note)))
    fields.append(("qualifier", c.qualifier))
    if c.qualifier_zh:
        fields.append(("qualifier_zh", _yaml_quoted(c.qualifier_zh)))
    if c.status != (c.qualifier if c.qualifier in PLAN_STATUSES else "actual"):
        fields.append(("status", c.status))
    fields.append(("kind", c.kind))
    fields += more or []
    fields.append(("quote", _yaml_quoted(c.quote)))
    if c.label:
        fields.append(("note", _yaml_quoted(f"table cell: {c.label}")))
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
    fields = (
        [("context", _yaml_quoted(n.context))]
        if n.every
        else [("text", _yaml_quoted(n.text)), ("context", _yaml_quoted(n.context))]
    )
    if n.context_nth is not None:
        fields.append(("context_nth", str(n.context_nth)))
    if n.every:
        fields.append(("all", "true"))
    elif n.nth != 1:
        fields.append(("nth", str(n.nth)))
    fields += [("reason", _yaml_quoted(n.reason)), ("source", _yaml_quoted(ex.name))]
    return [f"  {'- ' if i == 0 else '  '}{k}: {v}" for i, (k, v) in enumerate(fields)]


def _source_lines(ex: Extraction, known: bool, place: str | None = None, text: str | None = None) -> list[str]:
    periods = Counter(c.period for c in ex.candidates if c.period)
    covers = periods.most_common(1)[0][0] if periods else ex.period or ""
    where = "" if text else "  # the article's path, relative to this YAML file"
    lines = [
        f"  - file: {_yaml_quoted(ex.name)}",
        f"    text: {_yaml_quoted(text or ex.name)}{where}",
        f"    sha256: {ex.sha256}",
        f"    title: {_yaml_quoted(ex.title or ex.name)}",
        f"    publisher: {_yaml_quoted(ex.publisher or 'unknown')}",
        f"    date: {_yaml_quoted(ex.date or 'unknown')}",
        f"    covers: {_yaml_quoted(covers)}",
    ]
    if place:
        lines.append(f"    place: {_yaml_quoted(place)}  # from the title or the dateline")
    if known:
        return ["  # already a source of the fact base:"] + ["#" + line[1:] for line in lines]
    return lines


@dataclass(slots=True)
class Proposal:
    """What ``--format yaml`` and ``--update`` write: each block's lines, apart."""

    sources: list[list[str]]  # one block per new source (known ones as comments)
    indicators: list[list[str]]  # commented blocks: new indicators to confirm
    figures: list[list[str]]  # one block per candidate (known ones as comments)
    exclusions: list[list[str]]
    skipped: int  # candidates the fact base already excludes: not offered again


def propose(
    exs: list[Extraction],
    known_sources: set[str],
    indicators: Iterable[Indicator] = (),
    places: Iterable[str] = (),
    texts: dict[str, str] | None = None,
    only_new: bool = False,
) -> Proposal:
    """Fact-base entries for what the articles hold that the fact base does not: the
    sources, each new candidate as a figure with its indicator proposed from the
    vocabulary of ``indicators`` (else a new indicator, commented, to confirm), each
    non-figure as an exclusion. A candidate the fact base has is a comment; a token it
    excludes, or holds as a figure, is not offered again. ``texts``: a source's ``text:``
    where the caller knows it (relative to the file written); ``only_new``: nothing the
    fact base has, not even as a comment (``--update``)."""
    from jiexiu_cli.analysis.extract.suggest import Vocabulary, new_id, place_of, suggest

    undated = [(ex, c) for ex in exs for c in ex.candidates if c.period is None and not c.matches]
    if undated:
        ex, c = undated[0]
        raise UsageError(
            f"cannot tell the period of {len(undated)} candidate(s) (first at {ex.shown}:{c.line}:{c.column}); "
            "pass --period (2023, 2021-2025)"
        )
    vocabulary = Vocabulary(indicators)
    taken = set(vocabulary.ids)
    proposed: dict[str, str] = {}  # name_zh -> proposed id
    out = Proposal([], [], [], [], 0)
    known_places = list(places)
    for ex in exs:
        place = place_of(ex.title, ex.text[:600], known_places)
        if not (only_new and ex.sha256 in known_sources):
            out.sources.append(_source_lines(ex, ex.sha256 in known_sources, place, (texts or {}).get(ex.name)))
        for c in ex.candidates:
            if only_new and (c.matches or any(t in ex.figured for t in (c.tokens or (c.token,)))):
                continue
            if any(t in ex.excluded for t in (c.tokens or (c.token,))) and not c.matches:
                out.skipped += 1
                continue
            unit_end = c.end + len(c.unit) if ex.text.startswith(c.unit, c.end) else c.end
            s = None if c.matches else suggest(ex.text, c.quote_start, c.start, vocabulary, place, unit_end)
            if s is not None and s.new and s.name_zh:
                if s.name_zh not in proposed:
                    proposed[s.name_zh] = new_id(s.name_zh, taken)
                    taken.add(proposed[s.name_zh])
                    out.indicators.append(_proposed_indicator(proposed[s.name_zh], s.name_zh))
                s = replace(s, indicator=proposed[s.name_zh])
            more = None if c.matches else _more(ex, c, s, vocabulary, known_places)
            out.figures.append(_figure_lines(ex, c, s, more))
        claimed = ex.figured | set(ex.excluded)
        out.exclusions += [
            _exclusion_lines(ex, n) for n in ex.non_figures if not set(n.tokens or (n.token,)) <= claimed
        ]
    return out


def _more(
    ex: Extraction, c: Candidate, s: Suggestion | None, vocabulary: Vocabulary, places: list[str]
) -> list[tuple[str, str]]:
    """The fields the text suggests beyond the reading: a rank's or a share's universe, a
    growth rate's basis; each with why, in a comment."""
    from jiexiu_cli.analysis.extract.suggest import basis_of, universe_of

    out: list[tuple[str, str]] = []
    if c.kind in ("rank", "share"):
        found = universe_of(ex.text, c.quote_start, c.start, places)
        if found is not None:
            out.append(("universe", f"{_yaml_quoted(found[0])}  # {safe.line(found[1])} before the number"))
    if c.kind == "growth_rate":
        name = (s.name_zh if s.new else vocabulary.names.get(s.indicator)) if s is not None else None
        basis = basis_of(ex.text, c.quote_start, c.start, name)
        if basis is not None:
            out.append(("basis", f"{basis[0]}  # {safe.line(basis[1])}"))
    return out


def _proposed_indicator(ind_id: str, name_zh: str) -> list[str]:
    return [
        f"#   - id: {ind_id}",
        f"#     name_zh: {_yaml_quoted(name_zh)}",
        '#     name_en: ""',
        '#     topic: ""',
    ]


def to_yaml(
    exs: list[Extraction],
    known_sources: set[str],
    indicators: Iterable[Indicator] = (),
    places: Iterable[str] = (),
) -> str:
    """Fact-base YAML: the sources, every new candidate as a figure with its indicator
    proposed (:func:`propose`), and every non-figure as an exclusion, so `verify` can pass.

    A figure needs a period: when neither the text nor --period gives one, say so
    rather than print YAML that cannot load."""
    p = propose(exs, known_sources, indicators, places)
    out = [
        "# Written by `jiexiu extract`. For each figure: confirm the proposed `indicator` (an id",
        "# defined under `indicators:`; the comment says why it was proposed), check period, unit,",
        "# qualifier and kind against the quote, delete what is not a figure (or move it to",
        "# `exclusions:` with a reason); then `jiexiu --data FOLDER verify`.",
        "sources:",
    ]
    for block in p.sources:
        out += block
    if p.skipped:
        out.append(f"# {p.skipped} candidate(s) the fact base already excludes are not offered again")
    if p.indicators:
        out.append("# indicators:  # proposed: no indicator's name or alias is in these figures' quotes;")
        out.append("#   uncomment those you keep and fill in name_en and topic (or use an existing id)")
        for block in p.indicators:
            out += block
    else:
        out += [
            "# indicators:",
            "#   - id: an_ascii_id",
            "#     name_zh: 中文名称",
            "#     name_en: English name",
            "#     topic: economy",
        ]
    out.append("figures:")
    for block in p.figures:
        out += block
    out.append("exclusions:" if p.exclusions else "exclusions: []")
    for block in p.exclusions:
        out += block
    return "\n".join(out) + "\n"

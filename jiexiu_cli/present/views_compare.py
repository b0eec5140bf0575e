"""``compare``'s answer: each comparison as a record (JSON and CSV: every computed figure
with its formula) and as a table row (the two figures with their quotes, what was computed,
a bar of eighth-blocks)."""

from __future__ import annotations

from collections.abc import Iterator, Sized
from decimal import Decimal
from itertools import chain, count
from typing import TYPE_CHECKING

from jiexiu_cli.core.labels import whole_quote
from jiexiu_cli.core.model import Figure
from jiexiu_cli.core.numbers import plain, rounded, to_base
from jiexiu_cli.core.periods import parse
from jiexiu_cli.present.records import figure_side, finite, rounded_or_none
from jiexiu_cli.present.render import Beside, Lazy, Marked, Result
from jiexiu_cli.present.view_cells import kind_cell, qualifier_cell, value_cell

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jiexiu_cli.analysis.compare import Comparison
    from jiexiu_cli.core.intervals import Interval


_BLOCKS = " ▏▎▍▌▋▊▉█"


def bar(x: Decimal, biggest: Decimal, width: int = 12) -> str:
    """A horizontal bar of eighth-blocks: x's share of ``biggest`` over ``width`` cells."""
    if biggest <= 0 or x <= 0:
        return ""
    eighths = int((x / biggest * width * 8).to_integral_value())
    eighths = max(eighths, 1)
    return "█" * (eighths // 8) + (_BLOCKS[eighths % 8] if eighths % 8 else "")


def comparison_record(c: Comparison) -> dict[str, object]:
    interval = c.multiple_interval.outward(3) if c.multiple_interval else None
    return {
        "indicator": c.indicator.id,
        "name_zh": c.indicator.name_zh,
        "name_en": c.indicator.name_en,
        "relation": c.relation,
        "from": figure_side(c.a, c.places[0]),
        "to": figure_side(c.b, c.places[1]),
        "multiple": rounded_or_none(c.multiple, 3),
        "multiple_bound": c.multiple_bound or None,
        "multiple_min": interval.lo if interval and interval.lo.is_finite() else None,
        "multiple_max": interval.hi if interval and interval.hi.is_finite() else None,
        "cagr": rounded_or_none(c.cagr, 4),
        "share": rounded_or_none(c.share, 4),
        "change": c.change,
        "change_min": finite(c.change_interval.lo) if c.change_interval else None,
        "change_max": finite(c.change_interval.hi) if c.change_interval else None,
        "change_unit": c.change_unit or None,
        "ratio": rounded_or_none(c.ratio, 4),
        "computed": c.why is None,
        "formula": c.formulas,
        "notes": list(c.notes),
        "why": c.why,
        "verdict": c.verdict,
        "reason": c.reason,
        "differences": list(c.differences),
    }


def _spread(interval: Interval, places: int = 3) -> str:
    """' in [8.440, 8.454]' where the printed digits allow more than the shown rounding, else ''."""
    if interval.lo == interval.hi:
        return ""
    wide = interval.outward(places)
    if wide.lo.is_infinite() or wide.hi.is_infinite() or rounded(wide.lo, places) == rounded(wide.hi, places):
        return ""
    return f" in [{wide.lo:.{places}f}, {wide.hi:.{places}f}]"


def _figure_cell(f: Figure, place: str | None = None, quote: bool = True) -> Marked:
    # the canonical period (2022Q1): this cell wraps, and "2022 Q1" could break at its space
    head = f"{value_cell(f)} · {f.period}"
    if place:
        head += f" · {place}"
    if f.kind not in ("level", "count", "cumulative"):
        head += f" · {kind_cell(f, base=True)}"
    if f.qualifier != "exact" and not f.qualifier_zh:  # else the display carries the words (有望突破)
        head += f" · {qualifier_cell(f)}"
    if not quote:
        return Marked(head)
    whole, spans = whole_quote(f)
    text = f"{head}\n「{whole}」"
    offset = len(head) + 2
    return Marked(text, tuple((offset + a, offset + b) for a, b in spans))


def compare_view(comparisons: Iterable[Comparison], across: bool | None = None) -> Result:
    """The answer as a table's rows (a table and Markdown), made from the comparisons as
    they are read (each may be made as it is read: :class:`jiexiu_cli.results.compare.Pairs`),
    never held: the rows, and the notes under them, are read again each time they are
    asked for (:class:`~jiexiu_cli.present.render.Lazy`); no records: JSON and CSV write
    each pair's :func:`comparison_record` as it was kept. ``across``: whether a pair sets
    two places against each other (then each figure names its place), where known."""
    if iter(comparisons) is comparisons or not isinstance(comparisons, Sized):  # read once: held
        comparisons = list(comparisons)
    if across is None:
        across = any(c.relation == "place-to-place" for c in comparisons)
    pairs, size, placed = comparisons, len(comparisons), across
    notes = Beside()

    def rows() -> Iterator[list[str | Marked]]:
        notes.start()
        for n, c in enumerate(pairs, 1):
            notes.add(_note(c, n))
            yield _row(c, n, placed)
        notes.finish()

    def footnotes() -> Iterator[str]:
        made = notes.texts() if notes.complete else map(_note, pairs, count(1))
        return chain(["computed in Decimal from the printed figures:"], made)

    return Result(
        records=[],
        columns=["indicator", "from", "to", "computed", "bar"],
        rows=Lazy(rows, size),
        title=(
            "Each figure against a later one of equal span, the run of years that holds it"
            + (", or another place's" if across else "")
        ),
        footnotes=Lazy(footnotes, size + 1),
        wrap=("from", "to", "indicator", "computed"),
        shorten=("from", "to"),
        optional=("bar",),
    )


def _note(c: Comparison, n: int) -> str:
    """The note under the table of comparison ``c``, the ``n``-th row."""
    if c.why is not None:
        return f"[{n}] {c.indicator.id}: {c.why}"
    return f"[{n}] {c.indicator.id}: " + "; ".join([*c.formulas.values(), *c.notes])


def _row(c: Comparison, n: int, across: bool) -> list[str | Marked]:
    """The row of comparison ``c``, the ``n``-th (its note's number)."""
    if c.why is not None:
        pa, pb = parse(c.a.period), parse(c.b.period)
        # the measures differ (named), or the spans (a quarter against a year)
        what = "\n".join(c.differences) or f"{pa.length_words()}\nagainst {pb.length_words()}"
        return [
            f"{c.indicator.name_zh}\n{c.indicator.id}",
            _figure_cell(c.a, c.places[0] if across else None, quote=False),
            _figure_cell(c.b, c.places[1] if across else None, quote=False),
            f"not compared [{n}]:\n{what}",
            "",
        ]
    va, vb = to_base(c.a.value, c.a.unit)[0], to_base(c.b.value, c.b.unit)[0]
    bound = f"{c.multiple_bound} " if c.multiple_bound else ""
    if c.multiple is not None:
        result = f"× {bound}{plain(rounded(c.multiple, 3))}"
        if not bound and c.multiple_interval is not None:
            result += _spread(c.multiple_interval)
    elif c.change is not None and c.change_interval is not None and c.change_interval.hi.is_infinite():
        result = f"≥ {plain(c.change)} {c.change_unit}".strip()
    elif c.change is not None and c.change_interval is not None and c.change_interval.lo.is_infinite():
        result = f"≤ {plain(c.change)} {c.change_unit}".strip()
    elif c.change is not None:
        result = f"{plain(c.change)} {c.change_unit}".strip()
    else:
        result = "direction unknown"
    extra = []
    if c.cagr is not None:
        extra.append(f"CAGR {bound}{plain(rounded(c.cagr * 100, 2))}%")
    if c.share is not None:
        extra.append(f"from = {plain(rounded(c.share * 100, 1))}% of to")
    if c.ratio is not None:
        extra.append(f"from / to = {plain(rounded(c.ratio * 100, 1))}%, not a share: not additive")
    extra += [f"declared, but {d}" for d in c.differences]
    graph = ""
    if c.multiple is not None:
        top = max(va, vb)
        graph = f"{bar(va, top)}\n{bar(vb, top)}"
    return [
        f"{c.indicator.name_zh}\n{c.indicator.id}",
        _figure_cell(c.a, c.places[0] if across else None),
        _figure_cell(c.b, c.places[1] if across else None),
        f"{c.relation}\n{result} [{n}]" + ("\n" + "\n".join(extra) if extra else ""),
        graph,
    ]

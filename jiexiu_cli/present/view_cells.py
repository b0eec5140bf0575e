"""The cells of the human views: a figure's period, kind, value, qualifier and quote, a
source's short label and its footnote, as every table and Markdown view writes them."""

from __future__ import annotations

from jiexiu_cli.core.labels import display, short_source, whole_quote
from jiexiu_cli.core.model import FactBase, Figure, Source
from jiexiu_cli.core.periods import parse
from jiexiu_cli.factbase.query import place_of
from jiexiu_cli.present.render import Marked


def period_cell(period: str) -> str:
    """A period as a reader cannot mistake it: 2021, 2021-2025, 2022 Q1, 2022 H1, 2022 Jan-Oct."""
    return parse(period).label()


def figure_period_cell(f: Figure) -> str:
    """The figure's period and, for a growth rate, change or multiple, the period it is
    measured against, on a line of its own: '2022 Q1' / 'vs 2021 Q1' (同比)."""
    text = period_cell(f.period)
    if f.base_period and f.kind in _AGAINST_A_BASE:
        text += f"\nvs {period_cell(f.base_period)}"
    return text


_AGAINST_A_BASE = ("growth_rate", "change", "multiple")


def kind_cell(f: Figure, base: bool = False) -> str:
    """The kind, with what it is measured in: rank in 晋中市, share of 晋中市, share (新进教师),
    growth_rate (real); with ``base``, also what it is measured against: growth_rate vs 2021 Q1."""
    text = f.kind
    if f.universe:
        text += f" {'of' if f.kind == 'share' else 'in'} {f.universe}"
    if f.scope:
        text += f" ({f.scope})"
    if f.basis:
        text += f" ({f.basis})"
    if base and f.base_period and f.kind in _AGAINST_A_BASE:
        text += f" vs {period_cell(f.base_period)}"
    return text


def value_cell(f: Figure) -> str:
    """What the figure is, in its own words (labels.display): 全省第七, 增长36.03%."""
    return display(f)


def qualifier_cell(f: Figure) -> str:
    words = f" {f.qualifier_zh}" if f.qualifier_zh else ""
    status = f", {f.status}" if f.status not in ("actual", f.qualifier) else ""
    return f"{f.qualifier}{words}{status}"


def quote_cell(f: Figure) -> Marked:
    """The quote, with the other half of a sentence the layout split (fragment … quote)."""
    return Marked(*whole_quote(f))


def source_note(s: Source, label: str | None = None) -> str:
    return f"{label or short_source(s.file)} = {s.publisher}, {s.date}, 《{s.title}》 ({s.file})"


def places_column(fb: FactBase, figures: list[Figure]) -> list[str | None]:
    """Each figure's place, or an empty list when they are all of one place (no column then)."""
    placed = [place_of(fb, f) for f in figures]
    return placed if len(set(placed)) > 1 else []

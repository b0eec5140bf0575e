"""Figure records as rows for analysts' tools (a pandas DataFrame, a SQLite table): the
record's columns in order, except that each Decimal value is given twice, side by side:
as a float (``value``, ``value_base``: what plotting and arithmetic in those tools take)
and as its exact text (``value_decimal``, ``value_base_decimal``), so that no digit the
article prints is lost. ``display`` and ``printed`` keep the figure as printed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from jiexiu_cli.core.numbers import plain
from jiexiu_cli.present.records import FIGURE_KEYS

#: the Decimal columns that get a float column and an exact-text column beside it
NUMBERS = ("value", "value_base")


def _columns() -> tuple[str, ...]:
    out: list[str] = []
    for key in FIGURE_KEYS:
        out.append(key)
        if key in NUMBERS:
            out.append(f"{key}_decimal")
    return tuple(out)


COLUMNS = _columns()


def analyst_row(record: dict[str, Any]) -> dict[str, Any]:
    """One figure record as a row of :data:`COLUMNS`."""
    row: dict[str, Any] = {}
    for key in FIGURE_KEYS:
        value = record.get(key)
        if key in NUMBERS:
            exact = value if isinstance(value, Decimal) and value.is_finite() else None
            row[key] = float(exact) if exact is not None else None
            row[f"{key}_decimal"] = plain(exact) if exact is not None else None
        else:
            row[key] = value
    return row


def analyst_rows(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    return (analyst_row(r) for r in records)

"""Records -> CSV text: nested keys flattened, numbers as themselves, text safe to print and
never a formula.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from jiexiu_cli.core import safe
from jiexiu_cli.core.numbers import plain


def flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested keys flattened with '_': {'from': {'value': 1}} -> {'from_value': 1}."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, f"{name}_"))
        else:
            out[name] = value
    return out


def csv_cell(value: Any) -> str:
    """A record's value as a csv cell: a number as itself, text safe to print and never a
    formula (:func:`jiexiu_cli.core.safe.csv_cell`), never a Python repr."""
    if type(value) is str:
        return safe.csv_cell(value)
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain(value) if value.is_finite() else ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return safe.csv_cell(_csv_text(value))


def _csv_text(value: Any) -> str:
    """A list of plain values joined with "; "; a list that holds records or lists (audit's
    inputs), or a record, as JSON text."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain(value) if value.is_finite() else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict) or (
        isinstance(value, list | tuple) and any(isinstance(v, dict | list | tuple) for v in value)
    ):
        from jiexiu_cli.present.render_json import to_json

        return to_json(value, compact=True).rstrip("\n")
    if isinstance(value, list | tuple):
        return "; ".join(_csv_text(v) for v in value)
    return str(value)


def to_csv(records: Sequence[dict[str, Any]]) -> str:
    flat = [flatten(r) for r in records]
    header: list[str] = []
    for r in flat:
        header.extend(k for k in r if k not in header)
    return "".join(iter_csv(flat, header))


def iter_csv(records: Iterable[dict[str, Any]], header: list[str] | None = None) -> Iterator[str]:
    """``to_csv`` a few rows at a time. The header: the given one, else the first record's
    keys (records that all have the same keys, as an export's figures, or compare's and
    audit's records). A record with a key the header lacks is an error, never a cell
    dropped without a word."""
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    rows = iter(records)
    first = None
    if header is None:
        first = next(rows, None)
        header = list(flatten(first)) if first is not None else []
        rows = itertools.chain([first], rows) if first is not None else rows
    columns = set(header)
    writer.writerow([safe.csv_cell(k) for k in header])
    for i, r in enumerate(rows):
        flat = flatten(r)
        if flat.keys() - columns:
            raise ValueError(f"a record has keys the CSV header lacks: {sorted(flat.keys() - columns)}")
        writer.writerow([csv_cell(flat.get(k)) for k in header])
        if i % 1000 == 999:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def csv_of_json(texts: Callable[[], Iterable[str]]) -> Iterator[str]:
    """``to_csv`` of records kept as their JSON texts (compare's and audit's kept results,
    ``render_json.json_items``), never all in memory at once: ``texts()`` is read twice, once
    for the header (every record's keys, in the order they first appear, as ``to_csv`` has
    them: a comparison's formulas differ from pair to pair) and once for the rows, each
    record read back exactly (every number a Decimal, as the record held it: ``plain``
    writes both alike)."""
    import json

    header: dict[str, None] = {}
    for text in texts():
        header.update(dict.fromkeys(flatten(json.loads(text))))
    read = json.JSONDecoder(parse_float=Decimal, parse_int=Decimal).decode
    return iter_csv((read(text) for text in texts()), list(header))

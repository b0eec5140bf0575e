"""Records -> JSON text: Decimals written exactly as JSON numbers, every string safe to print;
whole, or a record at a time for long outputs. The json module is imported only for what
is neither a string, a number nor a container.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

from jiexiu_cli.core import safe
from jiexiu_cli.core.numbers import plain


def to_json(records: Any, compact: bool = False) -> str:
    """JSON with Decimals as JSON numbers, written exactly (never through float), every
    string exact but safe to print (:func:`jiexiu_cli.core.safe.json_string`); indented, or on
    one line (``compact``: a CSV cell)."""
    return _json_encoder(compact)(records, "") + "\n"


def iter_json(records: Iterable[Any]) -> Iterator[str]:
    """``to_json`` of a list of these records, a record at a time (an export of 100,000
    figures is written without holding them all)."""
    enc = _json_encoder()
    return json_list(enc(record, "  ") for record in records)


def json_items() -> Callable[[Any], str]:
    """A function from a record to its text as an item of ``to_json``'s list (to keep)."""
    enc = _json_encoder()
    return lambda record: enc(record, "  ")


def json_list(items: Iterable[str]) -> Iterator[str]:
    """``to_json`` of a list, from its items' texts (``json_items``)."""
    first = True
    for item in items:
        yield ("[\n  " if first else ",\n  ") + item
        first = False
    yield "[]\n" if first else "\n]\n"


def _json_encoder(compact: bool = False) -> Callable[[Any, str], str]:
    """``enc(value, indent)``: the JSON text of ``value`` as an item indented so."""
    import json

    string = safe.json_string  # exact, and safe to print; at C speed for printable text
    keys: dict[str, dict[str, str]] = {}  # indent -> key -> its text, '  "key": '

    def enc(obj: Any, indent: str) -> str:
        if type(obj) is str:
            return string(obj)
        if obj is None:
            return "null"
        if isinstance(obj, Decimal):
            if not obj.is_finite():
                return "null"
            return plain(obj)
        if isinstance(obj, dict):
            if not obj:
                return "{}"
            if compact:
                return "{" + ", ".join(f"{string(str(k))}: {enc(v, '')}" for k, v in obj.items()) + "}"
            inner = indent + "  "
            known = keys.get(inner)
            if known is None:
                known = keys[inner] = {}
            items = []
            for k, v in obj.items():
                key = known.get(k)
                if key is None:
                    key = known[k] = f"{inner}{string(str(k))}: "
                # the common values inline (an export writes two million of them)
                if type(v) is str:
                    items.append(key + string(v))
                elif v is None:
                    items.append(key + "null")
                elif type(v) is Decimal and v.is_finite():
                    items.append(key + plain(v))
                else:
                    items.append(key + enc(v, inner))
            return "{\n" + ",\n".join(items) + f"\n{indent}}}"
        if isinstance(obj, list | tuple):
            if not obj:
                return "[]"
            if compact:
                return "[" + ", ".join(enc(v, "") for v in obj) + "]"
            inner = indent + "  "
            return "[\n" + ",\n".join(inner + enc(v, inner) for v in obj) + f"\n{indent}]"
        if isinstance(obj, str):
            return string(obj)
        if not isinstance(obj, int | float | bool):
            return string(str(obj))  # a Path, an enum: its text, never a repr or a crash
        return json.dumps(obj, ensure_ascii=False)

    return enc

"""Findings and comparisons kept as JSON: figures and indicators by id, Decimals as text
(never a format that runs code on load)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from jiexiu_cli.core.model import Figure, Indicator


def encode(values: list[Any]) -> str:
    """Findings and comparisons as JSON: figures and indicators by id, Decimals as text."""

    def enc(v: Any) -> Any:
        if v is None or isinstance(v, str | bool | int):
            return v
        if isinstance(v, Decimal):
            return {"$d": str(v)}
        if isinstance(v, Figure):
            return {"$f": v.id}
        if isinstance(v, Indicator):
            return {"$i": v.id}
        if isinstance(v, tuple):
            return {"$t": [enc(x) for x in v]}
        if isinstance(v, list):
            return [enc(x) for x in v]
        if isinstance(v, dict):
            return {"$m": [[enc(k), enc(x)] for k, x in v.items()]}
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            return {"$": type(v).__name__, **{f.name: enc(getattr(v, f.name)) for f in dataclasses.fields(v)}}
        raise TypeError(f"cannot keep a {type(v).__name__} as a result")

    return json.dumps([enc(v) for v in values], ensure_ascii=False)


def _classes() -> dict[str, type]:
    from jiexiu_cli.analysis.audit import Finding
    from jiexiu_cli.analysis.compare import Comparison
    from jiexiu_cli.core.intervals import Interval

    return {c.__name__: c for c in (Finding, Comparison, Interval)}


def decode(value: Any, figures: dict[str, Figure], indicators: dict[str, Indicator] | None = None) -> Any:
    # a function of the module, not one made inside each call: that one would refer to
    # itself, and without the cyclic collector (jiexiu runs without it) each call would
    # leave it, and what it holds, in memory (a table decodes 100,000 of them)
    return _decode(value, figures, indicators, _classes())


def _decode(v: Any, figures: dict[str, Figure], indicators: dict[str, Indicator] | None, classes: Any) -> Any:
    if isinstance(v, list):
        return [_decode(x, figures, indicators, classes) for x in v]
    if not isinstance(v, dict):
        return v
    if "$d" in v:
        return Decimal(v["$d"])
    if "$f" in v:
        return figures[v["$f"]]
    if "$i" in v:
        assert indicators is not None
        return indicators[v["$i"]]
    if "$t" in v:
        return tuple(_decode(x, figures, indicators, classes) for x in v["$t"])
    if "$m" in v:
        return {_decode(k, figures, indicators, classes): _decode(x, figures, indicators, classes) for k, x in v["$m"]}
    fields = {k: _decode(x, figures, indicators, classes) for k, x in v.items() if k != "$"}
    return classes[v["$"]](**fields)


def figure_ids(value: Any) -> Iterator[str]:
    if isinstance(value, list):
        for x in value:
            yield from figure_ids(x)
    elif isinstance(value, dict):
        if "$f" in value:
            yield value["$f"]
        else:
            for x in value.values():
                yield from figure_ids(x)

"""What each record of a fact-base file may hold: one reader per kind of value, and the
schema of each section's records (which keys, read how, which are required)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from jiexiu_cli.core.numbers import parse_decimal
from jiexiu_cli.core.periods import Period, PeriodError, parse_canonical
from jiexiu_cli.core.vocabulary import BASES, CHECK_RULES, KINDS, QUALIFIERS, STATUSES, TOPICS
from jiexiu_cli.factbase.yaml_reader import CHOICE, NONEMPTY, TEXT, Field, Reader

_ID_RE = re.compile(r"[a-z][a-z0-9_]*")
_SHA_RE = re.compile(r"[0-9a-f]{64}")


def text_field(node: Any, r: Reader) -> str | None:
    return r.scalar(node, "this value")


def nonempty_text(node: Any, r: Reader) -> str:
    value = r.scalar(node, "this value")
    if value is None or not value.strip():
        raise r.fail(node, "must not be empty")
    return value


def unit_field(node: Any, r: Reader) -> str:
    value = r.scalar(node, "unit")
    return "" if value is None else value


def one_of(choices: Iterable[str], what: str) -> Callable[[Any, Reader], str]:
    allowed = tuple(choices)

    def read(node: Any, r: Reader) -> str:
        value = nonempty_text(node, r)
        if value not in allowed:
            close = difflib.get_close_matches(value, allowed, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"expected one of: {', '.join(allowed)}"
            raise r.fail(node, f"unknown {what} {value!r} ({hint})")
        return value

    return read


def decimal_field(node: Any, r: Reader) -> Decimal:
    value = r.scalar(node, "value")
    if value is None:
        raise r.fail(node, "value must be a number, got nothing")
    try:
        number = parse_decimal(value.strip())
    except ValueError:
        raise r.fail(node, f"value must be a number, got {value!r}") from None
    return number


def choice(choices: Iterable[str], what: str, required: bool = False) -> Field:
    """A field whose value is one of ``choices`` (:func:`one_of`): one of them, written
    plainly, is taken as it is (``Reader.record``)."""
    allowed = tuple(choices)
    return Field(one_of(allowed, what), required, CHOICE, frozenset(allowed))


def positive_int(node: Any, r: Reader) -> int:
    value = nonempty_text(node, r)
    if not value.isdigit() or int(value) < 1:
        raise r.fail(node, f"must be a whole number of at least 1, got {value!r}")
    return int(value)


def bool_field(node: Any, r: Reader) -> bool:
    value = nonempty_text(node, r).lower()
    if value not in ("true", "false", "yes", "no"):
        raise r.fail(node, f"must be true or false, got {value!r}")
    return value in ("true", "yes")


def period_field(node: Any, r: Reader) -> str:
    """A period in its canonical spelling (periods.py): 2021, 2021-2025, 2022Q1, 2022H1,
    2022M01-M10, 2022-06-30. Another spelling of a period is refused with the canonical one
    named (``write the period '2022年一季度' as '2022Q1'``), so one span has one text."""
    value = nonempty_text(node, r)
    try:
        period_of(value)
    except PeriodError as e:
        reason = str(e)
        raise r.fail(node, reason if "period" in reason else f"period {value!r}: {reason}") from None
    return value


_PERIODS: dict[str, Period] = {}


def period_of(text: str) -> Period:
    """``periods.parse_canonical``, once per distinct text (a fact base writes a few
    dozen periods over and over; a Period is never changed once made)."""
    found = _PERIODS.get(text)
    if found is None:
        found = parse_canonical(text)
        if len(_PERIODS) < 10_000:
            _PERIODS[text] = found
    return found


def id_field(node: Any, r: Reader) -> str:
    value = nonempty_text(node, r)
    if not _ID_RE.fullmatch(value):
        raise r.fail(
            node, f"id must be lower-case ASCII letters, digits and _ (like clean_heating_area), got {value!r}"
        )
    return value


def sha_field(node: Any, r: Reader) -> str:
    value = nonempty_text(node, r).lower()
    if not _SHA_RE.fullmatch(value):
        raise r.fail(node, f"sha256 must be 64 hex digits, got {value!r}")
    return value


def text_list(node: Any, r: Reader, what: str = "aliases", item_name: str = "an alias") -> tuple[str, ...]:
    items = []
    for item in r.sequence(node, what):
        value = r.scalar(item, item_name)
        if value is None or not value.strip():
            raise r.fail(item, f"{item_name} must not be empty")
        items.append(value)
    return tuple(items)


def id_list(node: Any, r: Reader) -> tuple[str, ...]:
    return text_list(node, r, "figures", "a figure id")


SOURCE_SCHEMA = {
    "file": Field(nonempty_text, True, NONEMPTY),
    "text": Field(nonempty_text, True, NONEMPTY),
    "sha256": Field(sha_field, True),
    "title": Field(nonempty_text, True, NONEMPTY),
    "publisher": Field(nonempty_text, True, NONEMPTY),
    "date": Field(nonempty_text, True, NONEMPTY),
    "covers": Field(period_field, True),
    "description": Field(text_field, plain=TEXT),
    "place": Field(text_field, plain=TEXT),
}
INDICATOR_SCHEMA = {
    "id": Field(id_field, True),
    "name_zh": Field(nonempty_text, True, NONEMPTY),
    "name_en": Field(nonempty_text, True, NONEMPTY),
    "aliases": Field(text_list),
    "topic": choice(TOPICS, "topic", True),
}
FIGURE_SCHEMA = {
    "id": Field(nonempty_text, plain=NONEMPTY),
    "indicator": Field(nonempty_text, True, NONEMPTY),
    "period": Field(period_field, True),
    "value": Field(decimal_field, True),
    "printed": Field(nonempty_text, plain=NONEMPTY),
    "unit": Field(unit_field, True, TEXT),  # null: "" (unit_field), which a plain string never is
    "unit_note": Field(text_field, plain=TEXT),
    "qualifier": choice(QUALIFIERS, "qualifier", True),
    "qualifier_zh": Field(text_field, plain=TEXT),
    "status": choice(STATUSES, "status"),
    "kind": choice(KINDS, "kind", True),
    "scope": Field(text_field, plain=TEXT),
    "base_period": Field(period_field),
    "source": Field(nonempty_text, plain=NONEMPTY),
    "quote": Field(nonempty_text, True, NONEMPTY),
    "quote_nth": Field(positive_int),
    "fragment": Field(nonempty_text, plain=NONEMPTY),
    "nth": Field(positive_int),
    "note": Field(text_field, plain=TEXT),
    "basis": choice(BASES, "basis"),
    "place": Field(nonempty_text, plain=NONEMPTY),
    "universe": Field(nonempty_text, plain=NONEMPTY),
    "fragment_before": Field(bool_field),
    "additive": Field(bool_field),
}
EXCLUSION_SCHEMA = {
    "text": Field(nonempty_text, plain=NONEMPTY),
    "context": Field(nonempty_text, True, NONEMPTY),
    "context_nth": Field(positive_int),
    "nth": Field(positive_int),
    "all": Field(bool_field),
    "reason": Field(nonempty_text, True, NONEMPTY),
    "source": Field(nonempty_text, plain=NONEMPTY),
}
CHECK_SCHEMA = {
    "id": Field(id_field, True),
    "rule": choice(CHECK_RULES, "rule", True),
    "figures": Field(id_list, True),
    "title": Field(nonempty_text, True, NONEMPTY),
    "total": Field(decimal_field),
    "note": Field(text_field, plain=TEXT),
}
SECTIONS = ("sources", "indicators", "figures", "exclusions", "checks")

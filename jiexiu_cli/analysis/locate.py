"""Where a record's quote and number are in an article: the one rule of occurrence.

``verify`` proves each figure and exclusion by it; ``extract`` pins each candidate by it
(its ``quote_nth`` and ``nth``) and leaves out what a fact base already excludes by it;
so what extract writes is what verify finds.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from jiexiu_cli.core.model import Exclusion
from jiexiu_cli.core.numbers import Token


def find_all(text: str, needle: str) -> list[int]:
    """Start offsets of every occurrence of ``needle`` (overlapping ones too)."""
    found = []
    i = text.find(needle)
    while i >= 0:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


_STARTS: list[tuple[list[Token], list[int]]] = []


def _starts(tokens: list[Token]) -> list[int]:
    """The tokens' starts (remembered for the last list: locate is asked about one
    article's tokens figure after figure)."""
    if _STARTS and _STARTS[0][0] is tokens and len(_STARTS[0][1]) == len(tokens):
        return _STARTS[0][1]
    starts = [t.start for t in tokens]
    _STARTS[:] = [(tokens, starts)]
    return starts


def numbers_in(tokens: list[Token], q0: int, quote: str, needle: str) -> Iterator[tuple[int, list[int]]]:
    """Each occurrence of ``needle`` inside the quote that starts at ``q0`` of the text and
    holds whole number tokens (at least one, cutting through none): its start in ``text``
    and the tokens it covers, in order (``tokens``: the text's). The nth of these is what a
    record's ``nth`` means."""
    token_starts = _starts(tokens)
    for offset in find_all(quote, needle):
        a, b = q0 + offset, q0 + offset + len(needle)
        # the tokens inside [a, b), and whether one is cut by its edges: tokens come in text
        # order and never overlap, so bisection finds them (a linear scan per figure made
        # verify quadratic in the figures of an article)
        first = bisect.bisect_left(token_starts, a)
        last = first
        while last < len(tokens) and tokens[last].end <= b:
            last += 1
        cut = (first > 0 and tokens[first - 1].end > a) or (last < len(tokens) and tokens[last].start < b)
        if last > first and not cut:
            yield a, list(range(first, last))


def locate(
    text: str, tokens: list[Token], quote: str, quote_nth: int | None, needle: str, nth: int, what: str = "quote"
) -> tuple[int, list[int]] | str:
    """Where a record's quote starts and which tokens its ``needle`` covers, or why not.

    The needle's nth occurrence inside the quote that does not cut through a token
    and holds at least one token is the one meant.
    """
    starts = find_all(text, quote)
    if not starts:
        return f"{what} is not a verbatim substring of the article"
    if quote_nth is None:
        if len(starts) > 1:  # ambiguous unless pinned
            return f"{what} occurs {len(starts)} times in the article; lengthen it or set {what}_nth"
        quote_nth = 1
    if quote_nth > len(starts):
        return f"{what}_nth is {quote_nth} but the {what} occurs {len(starts)} time(s)"
    q0 = starts[quote_nth - 1]
    seen = 0
    for _a, inside in numbers_in(tokens, q0, quote, needle):
        seen += 1
        if seen == nth:
            return q0, inside
    if seen:
        return f"{needle!r} occurs only {seen} time(s) in the {what}, nth is {nth}"
    return f"{needle!r} does not occur in the {what} as a number"


def excluded_tokens(text: str, tokens: list[Token], e: Exclusion) -> list[int] | str:
    """The tokens an exclusion takes out (its text's occurrence in its context, or every
    token of the context with ``all``), or why it finds none: the one rule that verify
    counts by and that extract leaves out what a fact base already excludes by."""
    needle = e.context if e.all else (e.text or "")
    found = locate(text, tokens, e.context, e.context_nth, needle, 1 if e.all else e.nth, "context")
    if isinstance(found, str):
        return found
    return [i for i in found[1] if e.all or tokens[i].text == e.text]

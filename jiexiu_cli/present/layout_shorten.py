"""A quote shortened around its highlighted number, at its clauses, with ``…``, to fit a few
lines of a table's column; the whole quote stays in ``--cite`` and JSON."""

from __future__ import annotations

from collections.abc import Sequence

from jiexiu_cli.present.layout import (
    BRK,
    END,
    PARTS,
    SPACE,
    START,
    WIDTH,
    _entry,
    _lines,
    _prepared_of,
    _wrap_entry,
    cells,
    last_ink,
    line_ranges,
)
from jiexiu_cli.present.layout_runs import CLOSING, ELLIPSIS, OPENING


def shorten(
    text: str, spans: Sequence[tuple[int, int]], width: int, lines: int
) -> tuple[str, tuple[tuple[int, int], ...], int] | None:
    """The paragraph ``text`` cut to at most ``lines`` lines at ``width`` around ``spans``
    (what is highlighted), at its clauses where it can, with … where it was cut: the text,
    its highlights and its lines; None when it fits whole or has nothing highlighted.

    The highlighted runs are always kept whole, even if they alone need more lines. A quote
    in 「」 keeps them: 「…今年预计达432亿元」.
    """
    if not spans:
        return None
    e = _entry(text)  # once: it may not be remembered
    if len(_wrap_entry(text, e, width)) <= lines:
        return None
    ps, sums, threes, snug = _prepared_of(text, e)
    ink = [k for k, p in enumerate(ps) if not p[SPACE]]
    if not ink:
        return None
    head = 1 if text[:1] in OPENING else 0
    tail = len(text) - 1 if head and len(text) > 1 and text[-1] in CLOSING else len(text)
    lead_w, trail_w = cells(text[:head]) + 1, 1 + cells(text[tail:])
    first, last = ink[0], ink[-1]
    lo_char, hi_char = min(a for a, _ in spans), max(b for _, b in spans)
    k_lo = next((k for k in ink if ps[k][END] > lo_char), first)
    k_hi = next((k for k in reversed(ink) if ps[k][START] < hi_char), last)
    if k_lo > k_hi:  # only blank text highlighted: nothing to keep in view, shown whole
        return None

    room = lines * width  # a range wider than all its lines cannot fit
    least = max(width, 1)

    def count(k0: int, k1: int) -> int:
        """Lines of the pieces k0..k1 (inclusive), with … (and 「」) where cut."""
        if sums[k1 + 1] - sums[k0] > room:
            return lines + 1
        extra_first = lead_w if k0 > first else 0
        extra_last = trail_w if k1 < last else 0
        if sums[k1 + 1] - sums[k0] + extra_first + extra_last <= least:
            return 1  # all on one line
        w0 = ps[k0][WIDTH] + extra_first + (extra_last if k0 == k1 else 0)
        if snug <= least and w0 <= least and ps[k1][WIDTH] + extra_last <= least and not ps[k0][SPACE]:  # none cut
            return len(_lines(ps, sums, threes, least, k0, k1 + 1, extra_first, extra_last, ink=False))
        seq = list(ps[k0 : k1 + 1])
        s0 = seq[0]
        seq[0] = (s0[START], s0[END], s0[WIDTH] + extra_first, 0, False, s0[PARTS])
        s1 = seq[-1]
        seq[-1] = (s1[START], s1[END], s1[WIDTH] + extra_last, s1[BRK] if k1 > k0 else 0, False, s1[PARTS])
        return len(line_ranges(text, seq, width)[1])

    def grow(units: list[tuple[int, int]], u_lo: int, u_hi: int) -> tuple[int, int]:
        """Add a unit on the right, then on the left, while the whole still fits."""
        grew = True
        while grew:
            grew = False
            if u_hi + 1 < len(units) and count(units[u_lo][0], units[u_hi + 1][1]) <= lines:
                u_hi += 1
                grew = True
            if u_lo > 0 and count(units[u_lo - 1][0], units[u_hi][1]) <= lines:
                u_lo -= 1
                grew = True
        return units[u_lo][0], units[u_hi][1]

    # clauses (first and last piece of each): each starts after punctuation or a space
    starts = [first] + [k for k in ink[1:] if ps[k][BRK] >= 3]
    ends = [last_ink(ps, a, b) for a, b in zip(starts, [*starts[1:], len(ps)], strict=True)]
    clauses = list(zip(starts, ends, strict=True))
    c_lo = next(c for c, (a, b) in enumerate(clauses) if b >= k_lo)
    c_hi = next(c for c, (a, b) in enumerate(clauses) if b >= k_hi)
    if count(clauses[c_lo][0], clauses[c_hi][1]) <= lines:
        k0, k1 = grow(clauses, c_lo, c_hi)
    else:  # one clause is already too long: pieces around the highlight
        units = [(k, k) for k in ink]
        k0, k1 = grow(units, ink.index(k_lo), ink.index(k_hi))
    if k0 == first and k1 == last:
        return None
    prefix = text[:head] + ELLIPSIS if k0 > first else ""
    suffix = ELLIPSIS + text[tail:] if k1 < last else ""
    a, b = ps[k0][START], ps[k1][END]
    shift = len(prefix) - a
    kept = tuple((x + shift, y + shift) for x, y in spans if a <= x and y <= b)
    return prefix + text[a:b] + suffix, kept, count(k0, k1)

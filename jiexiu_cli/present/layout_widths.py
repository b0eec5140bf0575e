"""How a table shares out a terminal's width between its columns: each column at least as
wide as its widest piece (:class:`jiexiu_cli.present.layout.Measure`), the rest of the width given
where it saves the most lines."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jiexiu_cli.present.layout import Measure


def widths(
    columns: Sequence[tuple[Measure, bool, int | None]],
    available: int,
    lines: Any,
) -> list[int] | None:
    """Each column's width in ``available`` cells, or None where even the narrowest
    layout does not fit. ``columns`` are (measure, may wrap, least width asked for);
    ``lines(j, w)`` is how many lines column ``j`` takes in each row at width ``w``, and
    what else its cells lose there, in lines (a shortened quote: half a line).

    Every column at its natural width if the table fits. Otherwise each starts at its
    widest piece (words joined by _ or - whole where that fits, else taken apart) and the
    rest of the width goes, a few cells at a time, where it saves the most lines; what
    saves none keeps words joined by _ or - whole, then widens what is cut shortest.
    """
    natural = [max(m.natural if wraps else max(m.natural, m.snug), 1) for m, wraps, _ in columns]
    if sum(natural) <= available:
        return natural

    def floor(kind: str) -> list[int]:
        out = []
        for (m, wraps, asked), nat in zip(columns, natural, strict=True):
            least = getattr(m, kind) if wraps else nat
            if asked is not None:
                least = max(least, min(asked, nat))
            out.append(max(min(least, nat), 1))
        return out

    snug = floor("snug")
    w = snug if sum(snug) <= available else floor("least")
    if sum(w) > available:
        return None
    w = list(w)
    slack = available - sum(w)
    heights = [lines(j, w[j]) for j in range(len(w))]

    def total(hs: list[tuple[list[int], float]]) -> float:
        """The table's lines, what its cells lose, and (to choose between widths that take
        as many lines) a hundredth of a line for each line of a cell: a cell on one line
        reads better than one wrapped beside a taller one."""
        rows = sum(max(row) for row in zip(*(h for h, _ in hs), strict=True)) if hs and hs[0][0] else 0
        return rows + sum(cost for _, cost in hs) + sum(sum(h) for h, _ in hs) / 100

    current = total(heights)
    step = max(2, available // 12)
    while slack > 0:
        best = None
        for k in (1, 2, 4):  # the smallest step that saves anything
            for j in range(len(w)):
                d = min(slack, natural[j] - w[j], k * step)
                if d <= 0:
                    continue
                trial = lines(j, w[j] + d)
                saved = current - total([*heights[:j], trial, *heights[j + 1 :]])
                if saved > 0 and (best is None or saved / d > best[0]):
                    best = (saved / d, j, d, trial)
            if best is not None:
                break
        if best is None:
            break
        _, j, d, trial = best
        w[j] += d
        heights[j] = trial
        current = total(heights)
        slack -= d
    for j in sorted(range(len(w)), key=lambda k: snug[k] - w[k]):
        if 0 < snug[j] - w[j] <= slack:
            slack -= snug[j] - w[j]
            w[j] = snug[j]
    while slack > 0:
        open_ = [j for j in range(len(w)) if w[j] < natural[j]]
        if not open_:
            break
        j = max(open_, key=lambda k: natural[k] - w[k])
        w[j] += 1
        slack -= 1
    return w

"""The structure of an article for extract: its lines and the section each belongs to,
clause and sentence spans, where a quote reaches back to, how an occurrence is counted,
and :class:`Article`, the state of one extraction computed once."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jiexiu_cli.analysis.extract.context import Document
from jiexiu_cli.analysis.extract.layers import Visible
from jiexiu_cli.analysis.extract.rules import FUNCTION_WORDS, YEAR, Span
from jiexiu_cli.analysis.extract.tables import Cell
from jiexiu_cli.analysis.locate import find_all, numbers_in
from jiexiu_cli.core.numbers import Token
from jiexiu_cli.core.units import PLAN_HEADINGS

CLAUSE_BREAKS = frozenset("，。；！？,;!?：\n\t|")


SENTENCE_BREAKS = frozenset("。；！？;!?\n\t|")


@dataclass(frozen=True, slots=True)
class Line:
    start: int
    end: int
    period: str | None  # the section's period, from the last heading that named one
    plans: bool  # inside a section of plans (展望, 目标 …)


#: a line that holds a full date is a dateline (2023年3月28日, 发布时间：2023-11-20), not a heading
_DATE_LINE = rf"{YEAR}\s*[-/.年]\s*[0-9]{{1,2}}\s*[-/.月]\s*[0-9]{{1,2}}"


def section_lines(folded: str, doc: Document) -> list[Line]:
    """Each line with the section it belongs to: a heading that names a period (2022年工作回顾,
    一、过去五年工作回顾, 表1 2022年主要产品产量) or a plan word starts one. A heading is a
    Markdown heading or a line of at most 40 characters with no clause punctuation and at
    most one year; a dateline is none."""
    out: list[Line] = []
    period: str | None = None
    plans = False
    pos = 0
    for raw in folded.split("\n"):
        plain = raw.strip().strip("#*> \t").strip()
        short = (
            0 < len(plain) <= 40
            and not any(c in plain for c in "。，,;；\t|")
            and len(re.findall(rf"{YEAR}\s*年", plain)) <= 1
        )
        if (raw.lstrip().startswith("#") or short) and not re.search(_DATE_LINE, plain):
            named = _heading_period(plain, doc)
            if any(w in plain for w in PLAN_HEADINGS):
                plans, period = True, (named or period)
            elif named:
                plans, period = False, named
        out.append(Line(pos, pos + len(raw), period, plans))
        pos += len(raw) + 1
    return out


def _heading_period(heading: str, doc: Document) -> str | None:
    from jiexiu_cli.analysis.extract.context import PERIOD_PHRASE, phrase_period

    for m in re.finditer(PERIOD_PHRASE, heading):
        if m.group() in ("全年", "年末", "年底"):
            continue
        found = phrase_period(m.group(), doc, heading[max(0, m.start() - 2) : m.start()])
        if found is not None:
            return found
    return None


def breaks(text: str, chars: frozenset[str]) -> list[bool]:
    return [c in chars for c in text]


def span_around(brk: list[bool], start: int, end: int) -> tuple[int, int]:
    a = start
    while a > 0 and not brk[a - 1]:
        a -= 1
    b = end
    while b < len(brk) and not brk[b]:
        b += 1
    return a, b


def trimmed(text: str, a: int, b: int, keep: tuple[int, int]) -> tuple[int, int]:
    """The span without edge blanks and Markdown marks, never cutting into ``keep``."""
    while a < keep[0] and (text[a].isspace() or text[a] in "*#>"):
        a += 1
    while b > keep[1] and (text[b - 1].isspace() or text[b - 1] in "*#>"):
        b -= 1
    return a, b


def nth_in(quote: str, q0: int, needle: str, start: int, tokens: list[Token]) -> int:
    """Which occurrence of ``needle`` in the quote (counted as verify.locate counts) starts at ``start``."""
    for seen, (a, _inside) in enumerate(numbers_in(tokens, q0, quote, needle), 1):
        if a == start:
            return seen
    return 1


def occurrence(text: str, quote: str, q0: int) -> int | None:
    """quote_nth for a quote that starts at ``q0``: None when the quote is unique."""
    starts = find_all(text, quote)
    return None if len(starts) <= 1 else starts.index(q0) + 1


def subject_start(f: str, clause: tuple[int, int], sentence: tuple[int, int], at: int, brk: list[bool]) -> int:
    """Where the quote starts: the clause, or earlier clauses of its sentence when the
    clause names no subject (增长7.8% reaches back to 地区生产总值完成86.1亿元)."""
    start = clause[0]
    while start > sentence[0] and _subjectless(f[start:at]):
        a = start - 1
        while a > sentence[0] and not brk[a - 1]:
            a -= 1
        start = a
    return start


def _subjectless(head: str) -> bool:
    rest = head
    for w in FUNCTION_WORDS:
        rest = rest.replace(w, "")
    rest = re.sub(r"[^\u4e00-\u9fffA-Za-z]", "", rest)
    rest = re.sub(r"[0-9一二两三四五六七八九十百千万亿%余多个]", "", rest)
    return len(rest) < 2


@dataclass
class Article:
    """The state of one extraction: texts, rules and context, computed once."""

    raw: str
    v: Visible
    doc: Document
    default: str | None
    raw_tokens: list[Token]
    token_starts: list[int]
    spans: list[Span]
    cells: dict[int, Cell]
    cell_index: list[int]
    lines: list[Line]
    clause_brk: list[bool]
    sentence_brk: list[bool]
    words: str


def raw_tokens_in(art: Article, tok: Token) -> tuple[int, ...]:
    """The raw tokens inside the raw span of a visible token."""
    from bisect import bisect_left

    a, b = art.v.raw_span(tok.start, tok.end)
    i = max(0, bisect_left(art.token_starts, a) - 1)
    found = []
    while i < len(art.raw_tokens) and art.raw_tokens[i].start < b:
        if art.raw_tokens[i].end > a:
            found.append(i)
        i += 1
    return tuple(found)


def cell_at(art: Article, pos: int) -> Cell | None:
    from bisect import bisect_right

    k = bisect_right(art.cell_index, pos) - 1
    if k < 0:
        return None
    cell = art.cells[art.cell_index[k]]
    return cell if cell.start <= pos < cell.end else None

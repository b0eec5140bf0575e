"""An article's text -> candidate figures and non-figures, for a curator to add to a fact base.

Every number token of the article (``numbers.tokenize`` of the raw file: the very tokens
``verify`` accounts for) ends up in exactly one of two lists: a :class:`NonFigure` when
a rule recognises it as markup, page chrome, a date, a time, a phone or licence
number, a section number or a word that merely contains a numeral character (一般,
唯一, 一季度 …), each with its reason; otherwise a :class:`Candidate`, read with its
unit, qualifier, value, sign, kind and period. Rules decide what is *not* a figure;
everything else stays a candidate, so a figure is never silently dropped (recall
first: the curator deletes, never hunts).

The pipeline (one module each):

1. ``extract_layers``: the raw text -> what a reader sees (HTML, BBCode, Markdown taken
   out; Traditional and full-width folded), each character traced to the raw file;
2. ``extract_rules`` and ``extract_tables``: non-figures, and what each table cell is;
3. ``extract_context``: the document's title, date, publisher, the year it reports on,
   and the period phrase nearest each number;
4. this module: each number read (unit, qualifier, sign, kind) and quoted.

Quotes, offsets and line:column always refer to the raw text, so a quote is a verbatim
substring of the file (tags inside a clause stay in its quote; a number split by
markup, ``[b]20[/b][b]22[/b]``, is printed with its tags). Pure: no printing; the one
function that reads a file or stdin is :func:`read_article`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from jiexiu_cli.extract_context import Document, attributive_period, document, period_before, respective_period
from jiexiu_cli.extract_layers import Visible, visible
from jiexiu_cli.extract_rules import (
    CHANGE_WORDS,
    CUMULATIVE_WORDS,
    DIFFERENCE,
    FALL_WORDS,
    FUNCTION_WORDS,
    GROWTH_WORDS,
    NOT_CHANGE,
    PERCENT_UNITS,
    QUOTED,
    RATE_WORDS,
    SHARE_WORDS,
    SPAN_END,
    TARGET_GAP,
    TO_LEVEL,
    YEAR,
    Span,
    rule_spans,
)
from jiexiu_cli.extract_tables import Cell, tables
from jiexiu_cli.model import Exclusion, FactBase, Figure
from jiexiu_cli.numbers import Token, line_col, to_base, tokenize, value_of_printed
from jiexiu_cli.units import (
    COUNT_UNITS,
    DURATION_UNITS,
    MODALS,
    ORDINAL_UNITS,
    PLAN_HEADINGS,
    QUALIFIERS_AFTER,
    QUALIFIERS_BEFORE,
    longest_unit,
)
from jiexiu_cli.verify import find_all  # occurrences counted as verify counts them

CLAUSE_BREAKS = frozenset("，。；！？,;!?：\n\t|")
SENTENCE_BREAKS = frozenset("。；！？;!?\n\t|")
_PLAIN_NUMBER = r"[0-9]+(?:\.[0-9]+)?"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A number of the article that may be a figure, read as the fact base would record it."""

    token: int  # index into tokenize(text): the first raw token of the number
    start: int  # span of ``shown`` in the raw text
    end: int
    number: str  # the number's raw text
    printed: str | None  # the figure's text where it is not a plain Arabic number (两个 -> 两, 第一, 1/3, ８６.１)
    value: Decimal  # in ``unit``; negative after 下降/减少 or a printed minus
    unit: str  # as printed (億元 stays 億元)
    qualifier: str
    qualifier_zh: str | None
    status: str  # actual, or estimate/expected/target after 预计/有望/力争 or in a section of plans
    kind: str
    period: str | None
    quote: str
    quote_start: int
    quote_nth: int | None
    nth: int
    line: int
    column: int
    matches: tuple[str, ...] = ()
    tokens: tuple[int, ...] = ()  # every raw token the number covers (more than one when markup splits it)
    label: str | None = None  # what a table cell is: row label · column header
    unit_from: str | None = None  # where the unit is printed when the quote lacks it (a 单位 line, a header)

    @property
    def shown(self) -> str:
        """What the fact base's ``printed`` or ``value`` must be to be found in the quote."""
        return self.printed if self.printed is not None else self.number

    @property
    def base(self) -> tuple[Decimal, str]:
        return to_base(self.value, self.unit)


@dataclass(frozen=True, slots=True)
class NonFigure:
    """A number token that is not a figure, and why."""

    token: int
    start: int
    end: int
    text: str
    reason: str
    context: str
    context_start: int
    context_nth: int | None
    nth: int
    line: int
    column: int
    tokens: tuple[int, ...] = ()
    every: bool = False  # the context is the number itself, split by markup: all its tokens (YAML all: true)


@dataclass(frozen=True, slots=True)
class Extraction:
    """What extract found in one article."""

    name: str  # the file's name (a fact base's source id)
    shown: str  # the path as the user gave it
    sha256: str
    text: str
    candidates: tuple[Candidate, ...]
    non_figures: tuple[NonFigure, ...]
    title: str | None
    date: str | None
    period: str | None  # the article's default period
    publisher: str | None = None
    genre: str = "news"
    #: raw tokens the fact base already holds as figures, and as exclusions (with why):
    #: what ``--format yaml`` does not offer again
    figured: frozenset[int] = frozenset()
    excluded: dict[int, str] = field(default_factory=dict)

    @property
    def tokens(self) -> int:
        return sum(len(c.tokens) or 1 for c in self.candidates) + sum(len(n.tokens) or 1 for n in self.non_figures)


# ---------------------------------------------------------------- the text's structure


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    period: str | None  # the section's period, from the last heading that named one
    plans: bool  # inside a section of plans (展望, 目标 …)


#: a line that holds a full date is a dateline (2023年3月28日, 发布时间：2023-11-20), not a heading
_DATE_LINE = rf"{YEAR}\s*[-/.年]\s*[0-9]{{1,2}}\s*[-/.月]\s*[0-9]{{1,2}}"


def _lines(folded: str, doc: Document) -> list[_Line]:
    """Each line with the section it belongs to: a heading that names a period (2022年工作回顾,
    一、过去五年工作回顾, 表1 2022年主要产品产量) or a plan word starts one. A heading is a
    Markdown heading or a line of at most 40 characters with no clause punctuation and at
    most one year; a dateline is none."""
    out: list[_Line] = []
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
        out.append(_Line(pos, pos + len(raw), period, plans))
        pos += len(raw) + 1
    return out


def _heading_period(heading: str, doc: Document) -> str | None:
    from jiexiu_cli.extract_context import PERIOD_PHRASE, phrase_period

    for m in re.finditer(PERIOD_PHRASE, heading):
        if m.group() in ("全年", "年末", "年底"):
            continue
        found = phrase_period(m.group(), doc, heading[max(0, m.start() - 2) : m.start()])
        if found is not None:
            return found
    return None


def _breaks(text: str, chars: frozenset[str]) -> list[bool]:
    return [c in chars for c in text]


def _span_around(brk: list[bool], start: int, end: int) -> tuple[int, int]:
    a = start
    while a > 0 and not brk[a - 1]:
        a -= 1
    b = end
    while b < len(brk) and not brk[b]:
        b += 1
    return a, b


def _trimmed(text: str, a: int, b: int, keep: tuple[int, int]) -> tuple[int, int]:
    """The span without edge blanks and Markdown marks, never cutting into ``keep``."""
    while a < keep[0] and (text[a].isspace() or text[a] in "*#>"):
        a += 1
    while b > keep[1] and (text[b - 1].isspace() or text[b - 1] in "*#>"):
        b -= 1
    return a, b


def _nth_in(quote: str, q0: int, needle: str, start: int, tokens: list[Token]) -> int:
    """Which occurrence of ``needle`` in the quote (counted as verify.locate counts) starts at ``start``."""
    seen = 0
    for offset in find_all(quote, needle):
        a, b = q0 + offset, q0 + offset + len(needle)
        inside = any(t.start >= a and t.end <= b for t in tokens)
        cut = any(t.start < b and t.end > a and not (t.start >= a and t.end <= b) for t in tokens)
        if inside and not cut:
            seen += 1
            if a == start:
                return seen
    return 1


def _occurrence(text: str, quote: str, q0: int) -> int | None:
    """quote_nth for a quote that starts at ``q0``: None when the quote is unique."""
    starts = find_all(text, quote)
    return None if len(starts) <= 1 else starts.index(q0) + 1


# ---------------------------------------------------------------- reading one number (on the folded text)


@dataclass(frozen=True, slots=True)
class _Reading:
    start: int  # visible span of what is printed (第一, 翻了一番, -0.1, the number)
    end: int  # end of the number with its unit and trailing words
    printed: bool  # the printed form is not a plain Arabic number
    value: Decimal
    unit: tuple[int, int]  # visible span of the unit (magnitude included)
    qualifier: str | None
    qualifier_zh: str | None
    kind: str | None
    negative: bool = False  # a minus sign printed before the number
    implied: str | None = None  # a unit the text implies but does not print (两位数增长: %)


def _after(f: str, pos: int) -> tuple[int, str | None, int]:
    """After a number: (start of magnitude + unit, 余/多 if printed, end)."""
    about = None
    if f[pos : pos + 1] in ("余", "多"):
        about, pos = f[pos], pos + 1
    u0 = pos
    mag = re.compile("[十百千万亿]*").match(f, pos)
    magnitude = mag.group() if mag else ""
    if about is None and f[pos + len(magnitude) : pos + len(magnitude) + 1] in ("余", "多") and magnitude:
        about, end = f[pos + len(magnitude)], pos + len(magnitude) + 1
        return u0, about, end + len(longest_unit(f, end))
    unit = longest_unit(f, pos + len(magnitude))
    for k in range(len(magnitude) - 1, -1, -1):  # 万千瓦: the magnitude 万 and the unit 千瓦, not 万千 and 瓦
        shorter = longest_unit(f, pos + k)
        if k + len(shorter) > len(magnitude) + len(unit):
            return u0, about, pos + k + len(shorter)
    return u0, about, pos + len(magnitude) + len(unit)


def _read_arabic(f: str, tok: Token) -> _Reading:
    s, e = tok.start, tok.end
    # a minus, unless it joins two numbers or codes (1-10月, A-3): 增长率-1.36‰ is negative
    joined = s >= 2 and ((f[s - 2].isascii() and f[s - 2].isalnum()) or f[s - 2] in ".%")
    negative = s > 0 and f[s - 1] == "-" and not joined
    p0 = s - 1 if negative else s
    if "/" in tok.text:
        a, b = tok.text.replace("／", "/").split("/")
        return _Reading(s, e, True, Decimal(a) / Decimal(b), (e, e), None, None, "share")
    text = tok.text
    value = Decimal(re.sub(r"[^0-9.]", "", text)) * (-1 if negative else 1)
    if s > 0 and f[s - 1] == "第":
        unit_end = e + len(longest_unit(f, e, ORDINAL_UNITS))
        return _Reading(s - 1, unit_end, True, value, (e, unit_end), None, None, "rank")
    ratio_end = _ratio_end(f, s, e)
    if ratio_end is not None:
        u0, about, end = _after(f, ratio_end)
        if end > u0:
            return _Reading(p0, e, negative, value, (u0, end), None, None, None, negative)
        return _Reading(p0, e, negative, value, (e, e), None, None, "ratio", negative)
    u0, about, end = _after(f, e)
    if f.startswith("强", end) and end == e:
        return _Reading(s, end + 1, True, value, (e, e), "at_most", f"{text}强", "rank")
    if end == u0 and not about:
        shared = _list_unit(f, e)
        if shared is not None:
            return _Reading(p0, e, negative, value, shared, None, None, None, negative)
    return _Reading(p0, end, negative, value, (u0, end), "over_about" if about else None, about, None, negative)


def _ratio_end(f: str, s: int, e: int) -> int | None:
    """The end of the ratio a:b:c this number is a member of, or None."""
    m = re.compile(r"(?:-?[0-9]+(?:\.[0-9]+)?:)*-?[0-9]+(?:\.[0-9]+)?$").search(f, max(0, s - 40), e)
    head = m.start() if m and ":" in m.group() else s
    tail = re.compile(r"(?::-?[0-9]+(?:\.[0-9]+)?)+").match(f, e)
    if head == s and not tail:
        return None
    if re.match(r"[0-9]{1,2}:[0-9]{2}(?![0-9.:])", f[head:]) and not tail:
        return None
    return tail.end() if tail else e


def _list_unit(f: str, e: int) -> tuple[int, int] | None:
    """The unit printed once after a list or range (0.5、1.9个百分点; 3至5个): its span."""
    m = re.compile(r"(?:\s*[、和与及或至到~-]\s*-?[0-9]+(?:\.[0-9]+)?[余多]?)+").match(f, e)
    if not m:
        return None
    u0, _about, end = _after(f, m.end())
    return (u0, end) if end > u0 else None


def _read_chinese(f: str, tok: Token) -> _Reading:
    t, s, e = tok.text, tok.start, tok.end
    prev = f[s - 1] if s else ""
    if "分之" in t:  # 三分之一, 百分之五
        value = value_of_printed(t)
        if t.startswith("百分之"):
            return _Reading(s, e, True, value, (e, e), None, None, None, implied="%")
        return _Reading(s, e, True, value, (e, e), None, None, "share")
    if prev == "第":
        unit_end = e + len(longest_unit(f, e, ORDINAL_UNITS))
        return _Reading(s - 1, unit_end, True, value_of_printed(t), (e, unit_end), None, None, "rank")
    if prev == "前":
        return _Reading(s - 1, e, True, value_of_printed(t), (e, e), "at_most", "前" + t, "rank")
    m = re.compile(r"翻了?$").search(f, max(0, s - 2), s)
    if m and f.startswith("番", e):
        printed = f[m.start() : e + 1]
        return _Reading(m.start(), e + 1, True, value_of_printed(printed), (e, e), None, None, "multiple")
    if f.startswith("位数", e):
        implied = "%" if f.startswith("位数增长", e) else ""  # the unit is %, which the text does not print
        value = value_of_printed(t + "位数")
        return _Reading(s, e + 2, True, value, (e, e), "at_least", t + "位数", "growth_rate", implied=implied)
    if f.startswith("大", e) and not f.startswith("大关", e):
        return _Reading(s, e + 1, True, value_of_printed(t), (e, e), None, None, "count")
    if f.startswith("强", e):
        return _Reading(s, e + 1, True, value_of_printed(t), (e, e), "at_most", t + "强", "rank")
    head = t.rstrip("万亿") or t[:1]
    u0 = s + len(head)
    _u, about, end = _after(f, e)
    unit_text = f[u0:end].replace("余", "").replace("多", "") if about else f[u0:end]
    return _Reading(
        s, end, True, value_of_printed(t, unit_text), (u0, end), "over_about" if about else None, about, None
    )


def _read(f: str, tok: Token) -> _Reading:
    return _read_arabic(f, tok) if tok.kind == "arabic" else _read_chinese(f, tok)


def _unit_text(v: Visible, r: _Reading) -> str:
    """The unit as printed (億元 stays 億元), without an inserted 余/多 (5.6万余人 -> 万人)."""
    if r.implied is not None:
        return r.implied
    a, b = r.unit
    shown, folded = v.text[a:b], v.folded[a:b]
    return "".join(c for c, k in zip(shown, folded, strict=True) if k not in "余多" or r.qualifier_zh is None)


def _word_before(text: str, pos: int, floor: int, words: Iterable[str]) -> tuple[str, int] | None:
    """The word of ``words`` that ends nearest before ``pos`` (not before ``floor``)."""
    best: tuple[str, int] | None = None
    for w in words:
        i = text.rfind(w, floor, pos)
        if i >= 0 and (best is None or i + len(w) > best[1] + len(best[0]) or (i == best[1] and len(w) > len(best[0]))):
            best = (w, i)
    return best


def _qualifier_before(f: str, start: int, floor: int) -> tuple[str, str] | None:
    """超/突破/约 … right before the number (a 了 or 达 may stand between)."""
    gap = start
    while gap > floor and f[gap - 1] in "了达到":
        gap -= 1
    for word in sorted(QUALIFIERS_BEFORE, key=len, reverse=True):
        if f.endswith(word, floor, gap):
            return QUALIFIERS_BEFORE[word], word
    return None


def _change_word(words: str, r: _Reading, clause: tuple[int, int], vocabulary: Iterable[str]) -> tuple[str, int] | None:
    """The nearest word of ``vocabulary`` before the number, unless 到/至/为 between them
    makes the number the level reached (下降到3.5%)."""
    near = _word_before(words, r.start, clause[0], vocabulary)
    if near is None:
        return None
    gap = words[near[1] + len(near[0]) : r.start]
    if any(w in gap for w in TO_LEVEL):
        return None
    return near


def _falls(words: str, r: _Reading, clause: tuple[int, int], unit: str) -> bool:
    """下降/减少/降低/回落/下滑 is the nearest change word before the number: it is negative."""
    if r.negative or r.kind in ("rank", "ratio", "multiple", "share"):
        return False
    near = _change_word(words, r, clause, GROWTH_WORDS + FALL_WORDS)
    return near is not None and near[0] in FALL_WORDS


def _difference(words: str, r: _Reading, clause: tuple[int, int], patterns: tuple[tuple[str, int], ...]) -> int | None:
    """The sign of a difference the words right before the number state (超任务 +, 与任务相差 -,
    低于全省 -), or None."""
    if r.negative or r.kind in ("rank", "ratio", "multiple", "share"):
        return None
    head = words[clause[0] : r.start]
    for pattern, sign in patterns:
        if re.search(pattern, head):
            return sign
    return None


def _gap_words(v: Visible, words: str, r: _Reading, clause: tuple[int, int]) -> str | None:
    """The words of a difference against a target right before the number, as printed
    (超任务, 虽与任务相差 -> 与任务相差): what a curator writes as its qualifier_zh."""
    head = words[clause[0] : r.start]
    for pattern, _sign in TARGET_GAP:
        m = re.search(pattern, head)
        if m:
            a, b = clause[0] + m.start(), clause[0] + m.end()
            return v.text[a:b].rstrip("了") or None
    return None


def _kind(words: str, r: _Reading, unit: str, clause: tuple[int, int], sentence: tuple[int, int]) -> str:
    if r.kind is not None:
        return r.kind
    unit_base = to_base(Decimal(1), unit)[1] if unit else ""
    if unit == "倍":
        return "multiple"
    if unit == "成":  # tenths of a whole: 近两成, 三成以上
        return "share"
    if unit in PERCENT_UNITS or (r.printed and words[r.start : r.start + 3] == "百分之"):
        near = _change_word(words, r, clause, GROWTH_WORDS + FALL_WORDS + SHARE_WORDS + RATE_WORDS)
        if near is None:
            return "rate"
        if near[0] in GROWTH_WORDS + FALL_WORDS:
            return "change" if "点" in unit else "growth_rate"
        return "share" if near[0] in SHARE_WORDS else "rate"
    if unit_base in DURATION_UNITS:
        return "duration"
    around = words[clause[0] : clause[1]]
    if any(w in around for w in CUMULATIVE_WORDS) or words.startswith("五年", sentence[0]):
        return "cumulative"
    if _change_word(words, r, clause, CHANGE_WORDS):
        return "change"
    return "count" if unit_base in COUNT_UNITS else "level"


def _masked(folded: str) -> str:
    """The folded text with 增加值 and its like blanked: value added is a level, not a change."""
    out = folded
    for w in NOT_CHANGE:
        out = out.replace(w, "＿" * len(w))
    return out


# ---------------------------------------------------------------- periods


def plan_period(name: str) -> str | None:
    """'十四五' -> '2021-2025' (the Nth Five-Year Plan; from the third, 1966-1970, on)."""
    from jiexiu_cli import periods

    if not re.fullmatch(r"十[一二三四五六七八九]五", name):
        return None
    n = 10 + "一二三四五六七八九".index(name[1]) + 1
    return str(periods.plan(n))


def _subject_start(f: str, clause: tuple[int, int], sentence: tuple[int, int], at: int, brk: list[bool]) -> int:
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


# ---------------------------------------------------------------- the whole article


@dataclass
class _Article:
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
    lines: list[_Line]
    clause_brk: list[bool]
    sentence_brk: list[bool]
    words: str


def extract(
    text: str, name: str, shown: str, sha256: str, period: str | None = None, year: int | None = None
) -> Extraction:
    """Candidates and non-figures of one article.

    ``period`` is the period of figures whose text names none, and ``year`` the year the
    article was written (for 今年/去年); both are read from the text when not given.
    """
    v = visible(text)
    doc = document(text, v.text, v.folded)
    if year is not None:
        doc = replace(doc, written=year, reports=doc.reports if doc.genre != "news" else year)
    if period is not None and re.fullmatch(YEAR, period):
        doc = replace(doc, reports=int(period))
    cells = tables(v.folded, v.text)
    art = _Article(
        raw=text,
        v=v,
        doc=doc,
        default=period or doc.period,
        raw_tokens=(raw_tokens := tokenize(text)),
        token_starts=[t.start for t in raw_tokens],
        spans=rule_spans(v.folded),
        cells=cells,
        cell_index=sorted(cells),
        lines=_lines(v.folded, doc),
        clause_brk=_breaks(v.text, CLAUSE_BREAKS),
        sentence_brk=_breaks(v.text, SENTENCE_BREAKS),
        words=_masked(v.folded),
    )
    candidates: list[Candidate] = []
    non_figures: list[NonFigure] = []
    owned: set[int] = set()
    previous: tuple[_Reading, str, str | None] | None = None
    for tok in tokenize(v.folded):
        raw_ids = tuple(i for i in _raw_tokens(art, tok) if i not in owned)
        if not raw_ids:
            continue  # a numeral that only folding made (none: tokenize reads both scripts alike)
        owned.update(raw_ids)
        clause = _trimmed(v.folded, *_span_around(art.clause_brk, tok.start, tok.end), (tok.start, tok.end))
        cell = _cell_at(art, tok.start)
        reason = _reason(art, tok, cell)
        if reason is None:
            try:
                reading = _read(v.folded, tok)
            except (ValueError, ArithmeticError):  # 两两, 1/0
                reason = "does not read as a number"
        if reason is not None:
            non_figures.append(_non_figure(art, raw_ids, tok, reason, clause))
            previous = None
            continue
        c = _candidate(art, tok, raw_ids, reading, cell, previous)
        candidates.append(c)
        clause = _trimmed(v.folded, *_span_around(art.clause_brk, reading.start, reading.end), (reading.start, tok.end))
        before = _qualifier_before(v.folded, reading.start, clause[0])
        previous = (reading, before[0] if before else "", before[1] if before else None)
    for i, t in enumerate(art.raw_tokens):
        if i not in owned:
            non_figures.append(_hidden_non_figure(art, i, t))
    non_figures.sort(key=lambda n: n.token)
    return Extraction(
        name=name,
        shown=shown,
        sha256=sha256,
        text=text,
        candidates=tuple(candidates),
        non_figures=tuple(non_figures),
        title=doc.title,
        date=doc.date,
        period=art.default,
        publisher=doc.publisher,
        genre=doc.genre,
    )


def _raw_tokens(art: _Article, tok: Token) -> tuple[int, ...]:
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


def _cell_at(art: _Article, pos: int) -> Cell | None:
    from bisect import bisect_right

    k = bisect_right(art.cell_index, pos) - 1
    if k < 0:
        return None
    cell = art.cells[art.cell_index[k]]
    return cell if cell.start <= pos < cell.end else None


def _reason(art: _Article, tok: Token, cell: Cell | None) -> str | None:
    for span in art.spans:
        if span.start <= tok.start and tok.end <= span.end:
            return span.reason
    if cell is not None and cell.row_number:
        return "row number of a table (序号)"
    if (tok.start in art.v.joins and tok.start > 0 and art.v.folded[tok.start - 1] == "\n") or _tag_section(art, tok):
        return "section number"
    return _quoted_name(art.v.folded, tok)


def _tag_section(art: _Article, tok: Token) -> bool:
    """<p><strong>1</strong>突出争先进位: a number alone in its element at a line's start."""
    f = art.v.folded
    line_start = f.rfind("\n", 0, tok.start) + 1
    return (
        tok.kind == "arabic"
        and len(tok.text) <= 2
        and not f[line_start : tok.start].strip()
        and tok.end in art.v.joins
        and not longest_unit(f, tok.end)
        and tok.end < len(f)
        and "\u4e00" <= f[tok.end] <= "\u9fff"
    )


def _quoted_name(f: str, token: Token) -> str | None:
    """A numeral inside a short quotation (“一园四带”, “666”, “十四五”) names a thing."""
    for m in re.finditer(QUOTED, f[max(0, token.start - 12) : token.end + 12], re.MULTILINE):
        a, b = m.start(1) + max(0, token.start - 12), m.end(1) + max(0, token.start - 12)
        if not (a <= token.start and token.end <= b):
            continue
        inner = m.group(1)
        if token.kind == "arabic" and inner.strip() == token.text:
            return "a name (a number in quotation marks)"
        if token.kind == "chinese" and len(inner) <= 6 and not any(c in inner for c in "、，,；"):
            return f"a name or slogan in quotation marks: “{inner}”"
    return None


def _candidate(
    art: _Article,
    tok: Token,
    raw_ids: tuple[int, ...],
    r: _Reading,
    cell: Cell | None,
    previous: tuple[_Reading, str, str | None] | None,
) -> Candidate:
    v, f = art.v, art.v.folded
    clause = _trimmed(f, *_span_around(art.clause_brk, r.start, r.end), (r.start, tok.end))
    sentence = _span_around(art.sentence_brk, r.start, r.end)
    line = art.lines[f.count("\n", 0, tok.start)]
    unit = _unit_text(v, r)
    unit_from = None
    label = None
    if cell is not None:
        clause = (cell.start, cell.end)
        label = cell.label
        if not unit and cell.unit is not None:
            unit, unit_from = cell.unit, cell.unit_from
        elif not unit and f[tok.end : cell.end].strip().startswith(("%", "‰")):
            unit = v.text[tok.end : cell.end].strip()
    qualifier, qualifier_zh = _qualify(f, r, clause, sentence, line, previous)
    status = _status(f, r, sentence, line)
    gap = _difference(art.words, r, clause, TARGET_GAP) if cell is None else None
    versus = _difference(art.words, r, clause, DIFFERENCE) if cell is None and gap is None else None
    falls = _falls(art.words, r, clause, unit) if gap is None and versus is None else False
    value = -r.value if falls or (gap or versus or 1) < 0 else r.value
    if gap is not None:
        kind = "target_gap"
        if qualifier == "exact" and qualifier_zh is None:  # the words that say it (超任务, 与任务相差)
            qualifier_zh = _gap_words(v, art.words, r, clause)
    elif versus is not None and not r.kind:
        kind = "change"
    elif cell is not None and cell.kind is not None and not r.kind:
        kind = cell.kind
    elif falls:
        kind = ("change" if "点" in unit else "growth_rate") if unit in PERCENT_UNITS else "change"
    else:
        kind = _kind(art.words, r, unit, clause, sentence)
    # what is printed, in the raw text
    p0, p1 = (
        (r.start, r.end)
        if r.printed and r.kind in ("rank", "multiple", "growth_rate", "count", "share")
        else (
            r.start,
            tok.end,
        )
    )
    if r.kind in ("rank",) and tok.kind == "arabic" and r.start < tok.start:
        p1 = tok.end
    if r.qualifier_zh and r.qualifier == "at_most" and p1 > tok.end:
        p1 = tok.end if r.qualifier_zh.startswith("前") else p1
    if r.kind == "rank" and r.qualifier_zh and r.qualifier_zh.endswith("强"):
        p0, p1 = tok.start, tok.end + 1
    if r.kind == "count" and r.printed and f.startswith("大", tok.end):
        p0, p1 = tok.start, tok.end + 1
    raw0, raw1 = v.raw_span(p0, p1)
    number = v.raw_text(tok.start, tok.end)
    printed_text = art.raw[raw0:raw1]
    plain = re.fullmatch(_PLAIN_NUMBER, printed_text) is not None
    if (r.kind == "share" and "/" in tok.text) or r.printed or r.negative or not plain or value < 0:
        printed = printed_text
    else:
        printed = None
    # the quote: the clause, reaching back for its subject; in a table, the row
    if cell is not None:
        q = (cell.row_start, cell.row_end)
    else:
        q0 = _subject_start(f, clause, sentence, r.start, art.clause_brk)
        q = _trimmed(f, q0, clause[1], (min(p0, tok.start), max(p1, tok.end)))
    quote_start, quote_end = v.raw_span(*q)
    quote = art.raw[quote_start:quote_end]
    shown_start = raw0 if printed is not None else v.raw_span(tok.start, tok.end)[0]
    shown_text = printed if printed is not None else number
    ln, col = line_col(art.raw, art.raw_tokens[raw_ids[0]].start)
    return Candidate(
        token=raw_ids[0],
        start=shown_start,
        end=shown_start + len(shown_text),
        number=number,
        printed=printed,
        value=value,
        unit=unit,
        qualifier=qualifier,
        qualifier_zh=qualifier_zh,
        status=status,
        kind=kind,
        period=_period(art, tok, r, line, cell),
        quote=quote,
        quote_start=quote_start,
        quote_nth=_occurrence(art.raw, quote, quote_start),
        nth=_nth_in(quote, quote_start, shown_text, shown_start, art.raw_tokens),
        line=ln,
        column=col,
        tokens=raw_ids,
        label=label,
        unit_from=unit_from,
    )


def _period(art: _Article, tok: Token, r: _Reading, line: _Line, cell: Cell | None) -> str | None:
    """The period of a phrase + 的 right before the number (2017年的132.6亿元, 上年同期的
    24.3%); else the period its place in a 分别 list gives (十月、十一月…分别为9.1%和10.4%);
    else the nearest period phrase before the number in its paragraph (in a table:
    in its row label, else a year its column names); else the section's period; else the
    document's. In a run of years (过去五年), the start of 由…增加到… is the year before it
    and the level reached is its last year."""
    f = art.v.folded
    section = line.period
    if section and art.default and re.fullmatch(YEAR, section) and art.default.startswith(section):
        section = art.default  # the heading's year, said more finely by the document (2023年上半年)
    doc = art.doc
    if section and re.fullmatch(YEAR, section) and doc.reports != int(section):
        doc = replace(doc, reports=int(section))  # 全年, 年末 in a section headed 2022年工作回顾
    if cell is not None:
        found = period_before(f, cell.row_start, cell.row_start + len(cell.label.split(" · ")[0]), doc)
        return found or cell.year or section or art.default
    head = _ratio_head(f, r.start)
    sentence = _span_around(art.sentence_brk, r.start, r.end)[0]
    respective = respective_period(f, max(line.start, sentence), head, doc)
    period = respective or period_before(f, line.start, r.start, doc) or section or art.default
    return attributive_period(f, line.start, head, doc, period) or _endpoint(f, line.start, head, period)


def _ratio_head(f: str, start: int) -> int:
    """Where the ratio a number is a member of begins (由10.3:52.8:36.9: 10.3), or ``start``."""
    m = re.compile(r"(?:-?[0-9]+(?:\.[0-9]+)?:)+$").search(f, max(0, start - 60), start)
    return m.start() if m else start


def _endpoint(f: str, floor: int, head: int, period: str | None) -> str | None:
    """In a run of years: 由 N is the year before it starts, 增加到 N / 达到 N its last year
    (unless the clause counts the whole run: 累计, 新增)."""
    if period is None or not re.fullmatch(r"[0-9]{4}-[0-9]{4}", period):
        return period
    first, last = int(period[:4]), int(period[5:])
    before = f[max(floor, head - 60) : head]
    clause = re.split(r"[，,。；;：:！？]", before)[-1]
    if re.search(r"由\s*$", clause):
        return str(first - 1)
    if re.search(SPAN_END, clause) and not any(w in clause for w in (*CUMULATIVE_WORDS, "新增", "净增")):
        return str(last)
    sentence = re.split(r"[。；;！？\n]", before)[-1]
    cumulative = any(w in sentence for w in CUMULATIVE_WORDS)
    if re.search(r"(?:是|为|相当于)[^是为]{1,12}的\s*$", clause) and not cumulative:
        return str(last)  # 是2020年的四倍: the level reached against a base (not 累计…是上一个五年的1.6倍)
    return period


def _qualify(
    f: str,
    r: _Reading,
    clause: tuple[int, int],
    sentence: tuple[int, int],
    line: _Line,
    previous: tuple[_Reading, str, str | None] | None,
) -> tuple[str, str | None]:
    """The nearest word decides: 前N/N强/两位数, then 超/突破/约 before the number (or before
    the list it continues: 跨过三百亿元、四百亿元), then 余/多, then 以上/左右 after, then
    预计/有望/力争 earlier in the sentence, then a section of plans; else exact."""
    if r.qualifier is not None and r.qualifier != "over_about":
        return r.qualifier, r.qualifier_zh
    before = _qualifier_before(f, r.start, clause[0])
    if before is None and previous is not None and previous[1]:
        gap = f[previous[0].end : r.start]
        if gap in ("、", "和", "及", "与", "或"):
            before = (previous[1], previous[2] or "")
    if before is not None:
        return before
    if r.qualifier == "over_about":  # 余/多: more than, less than the next step
        return "over_about", r.qualifier_zh
    for word, qualifier in QUALIFIERS_AFTER.items():
        if f.startswith(word, r.end):
            return qualifier, word
    modal = _word_before(f, r.start, sentence[0], MODALS)
    if modal is not None:
        return MODALS[modal[0]], modal[0]
    if line.plans:
        return "target", None
    return "exact", None


def _status(f: str, r: _Reading, sentence: tuple[int, int], line: _Line) -> str:
    """Whether the figure is a result or a plan's: 预计/有望/力争 earlier in its sentence, or a
    section of plans (2022年展望); independent of the qualifier (有望突破40亿元 is over, expected)."""
    modal = _word_before(f, r.start, sentence[0], MODALS)
    if modal is not None:
        return MODALS[modal[0]]
    return "target" if line.plans else "actual"


def _non_figure(art: _Article, raw_ids: tuple[int, ...], tok: Token, reason: str, clause: tuple[int, int]) -> NonFigure:
    v = art.v
    first, last = art.raw_tokens[raw_ids[0]], art.raw_tokens[raw_ids[-1]]
    if len(raw_ids) > 1:  # split by markup: the number itself is the context, all its tokens excluded
        context_start, context = first.start, art.raw[first.start : last.end]
        ln, col = line_col(art.raw, first.start)
        return NonFigure(
            token=raw_ids[0],
            start=first.start,
            end=last.end,
            text=v.text[tok.start : tok.end],
            reason=reason,
            context=context,
            context_start=context_start,
            context_nth=_occurrence(art.raw, context, context_start),
            nth=1,
            line=ln,
            column=col,
            tokens=raw_ids,
            every=True,
        )
    a, b = v.raw_span(*clause) if clause[1] > clause[0] else (first.start, first.end)
    context = art.raw[a:b]
    if not context.strip() or first.start < a or first.end > b:
        a, b, context = first.start, first.end, first.text
    return _one_token_non_figure(art, raw_ids[0], reason, a, context)


def _one_token_non_figure(art: _Article, i: int, reason: str, a: int, context: str) -> NonFigure:
    t = art.raw_tokens[i]
    ln, col = line_col(art.raw, t.start)
    return NonFigure(
        token=i,
        start=t.start,
        end=t.end,
        text=t.text,
        reason=reason,
        context=context,
        context_start=a,
        context_nth=_occurrence(art.raw, context, a),
        nth=_nth_in(context, a, t.text, t.start, art.raw_tokens),
        line=ln,
        column=col,
        tokens=(i,),
    )


def _hidden_non_figure(art: _Article, i: int, t: Token) -> NonFigure:
    """A raw token no reader sees (inside a tag, a link's address, front matter)."""
    from jiexiu_cli.extract_rules import SPAN_RULES

    hidden = next((h for h in art.v.hidden if h.start <= t.start and t.end <= h.end), None)
    if hidden is None:
        return _one_token_non_figure(art, i, "inside markup", t.start, t.text)
    reason = hidden.reason
    span = art.raw[hidden.start : hidden.end]
    for pattern, why in SPAN_RULES[:1]:
        for m in re.finditer(pattern, span):
            if hidden.start + m.start() <= t.start and t.end <= hidden.start + m.end():
                reason = why
    if reason.startswith("front matter"):
        line_start = art.raw.rfind("\n", 0, t.start) + 1
        line_end = art.raw.find("\n", t.end)
        a, context = line_start, art.raw[line_start : line_end if line_end >= 0 else len(art.raw)].rstrip("\r")
        return _one_token_non_figure(art, i, reason, a, context)
    return _one_token_non_figure(art, i, reason, hidden.start, span)


# ---------------------------------------------------------------- against a fact base


def figure_tokens(text: str, figures: Iterable[Figure]) -> dict[int, list[Figure]]:
    """Token index -> the figures whose number is that token (as verify locates them)."""
    from jiexiu_cli.verify import locate

    tokens = tokenize(text)
    found: dict[int, list[Figure]] = {}
    for f in figures:
        where = locate(text, tokens, f.quote, f.quote_nth, f.shown, f.nth)
        if isinstance(where, str):
            continue
        for i in where[1]:
            found.setdefault(i, []).append(f)
    return found


def mark(ex: Extraction, fb: FactBase) -> Extraction:
    """Mark each candidate with the figures of the fact base it is.

    An article whose sha256 is a source's is matched against that source's figures; any
    other text against every figure whose quote it contains verbatim (same quote, same
    number at the same place), which is honest for an edited copy and silent otherwise.
    """
    same = [s.file for s in fb.sources if s.sha256 == ex.sha256]
    figures = [f for f in fb.figures if f.source in same] if same else list(fb.figures)
    by_token = figure_tokens(ex.text, (f for f in figures if f.quote in ex.text))
    marked = tuple(replace(c, matches=tuple(f.id for f in by_token.get(c.token, ()))) for c in ex.candidates)
    excluded = excluded_by(ex.text, [e for e in fb.exclusions if e.source in same])
    return replace(ex, candidates=marked, figured=frozenset(by_token), excluded=excluded)


def excluded_by(text: str, exclusions: Iterable[Exclusion]) -> dict[int, str]:
    """Token index -> the reason of the exclusion that takes it out (verify's rule:
    :func:`jiexiu_cli.verify.excluded_tokens`); an exclusion that finds nothing, none."""
    from jiexiu_cli.verify import excluded_tokens

    tokens = tokenize(text)
    out: dict[int, str] = {}
    for e in exclusions:
        found = excluded_tokens(text, tokens, e)
        if not isinstance(found, str):
            out.update((i, e.reason) for i in found)
    return out


def agrees(c: Candidate, f: Figure) -> bool:
    """Does the candidate read the figure as the fact base records it (unit, qualifier, value)?"""
    from jiexiu_cli.numbers import same_number

    if c.unit != f.unit or c.qualifier != f.qualifier:
        return False
    (cv, cu), (fv, fu) = c.base, to_base(f.value, f.unit)
    return cu == fu and (cv < 0) == (fv < 0) and same_number(fv, cv)


# ---------------------------------------------------------------- reading an article


def read_article(path: str) -> tuple[str, str, str, str]:
    """(name, shown path, sha256, text) of an article file, or of standard input for '-'.

    The errors are the loader's: a missing file, a folder, a device, GBK, UTF-16 or binary
    data, more than the article size limit (standard input and pipes too) are each one
    DataError line. A pipe (``<(…)``, ``-``) is read, once.
    """
    import hashlib
    from pathlib import Path

    from jiexiu_cli.data_path import display_path
    from jiexiu_cli.text_files import ARTICLE_LIMIT, decode_utf8, read_bytes, read_stdin

    if path == "-":
        data = read_stdin("text file", ARTICLE_LIMIT)
        return "stdin", "<stdin>", hashlib.sha256(data).hexdigest(), decode_utf8(data, "<stdin>")
    p = Path(path)
    data = read_bytes(p, "text file", limit=ARTICLE_LIMIT, pipes=True)  # once: a pipe cannot be read twice
    return p.name, display_path(p), hashlib.sha256(data).hexdigest(), decode_utf8(data, display_path(p))


def extract_file(path: str, period: str | None, fb: FactBase | None) -> Extraction:
    """Read and extract one article. Its period: ``period`` if given (any spelling
    ``periods.parse`` reads: 2021, 2021-2025, 2022Q1, 2022年一季度), else what the fact
    base records for the same article (same sha256), else what the text says of itself."""
    from jiexiu_cli import periods
    from jiexiu_cli.errors import UsageError

    if period is not None:
        try:
            period = str(periods.parse(period))
        except periods.PeriodError as e:
            raise UsageError(f"--period must be a period ({periods.GRAMMAR}): {e}") from None
    name, shown, sha, text = read_article(path)
    year = None
    known = [s for s in fb.sources if s.sha256 == sha] if fb is not None else []
    if known:
        period = period or known[0].covers
        year = int(known[0].date[:4]) if known[0].date[:4].isdigit() else None
    return extract(text, name, shown, sha, period, year)


def extract_files(
    paths: list[str], period: str | None, fb: FactBase | None, facts_for: Callable[[str], FactBase] | None = None
) -> list[Extraction]:
    """Every article, refused when two of them share a file name: the name is the source
    id of the fact base, and two sources cannot have one id. ``facts_for``: the fact base
    to mark an article's candidates against, given its text (where ``fb`` holds only the
    sources: a store hands over just the figures whose quote the text holds)."""
    from pathlib import PurePath

    from jiexiu_cli.errors import UsageError

    seen: dict[str, str] = {}
    for path in paths:
        name = "stdin" if path == "-" else PurePath(path).name
        if name in seen and seen[name] != path:
            raise UsageError(
                f"{seen[name]} and {path} have the same file name {name!r}, which is a source's id: rename one"
            )
        seen[name] = path
    out = []
    for path in dict.fromkeys(paths):
        ex = extract_file(path, period, fb)
        out.append(mark_in(facts_for(ex.text) if facts_for is not None and fb is not None else fb, ex))
    return out


def mark_in(fb: FactBase | None, ex: Extraction) -> Extraction:
    return ex if fb is None else mark(ex, fb)


def known_hashes(fb: FactBase | None) -> set[str]:
    return set() if fb is None else {s.sha256 for s in fb.sources}

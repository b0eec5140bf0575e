"""An article's text -> candidate figures and non-figures, for a curator to add to a fact base.

Every number token of the article (``numbers.tokenize``: the very tokens ``verify``
accounts for) ends up in exactly one of two lists: a :class:`NonFigure` when a rule
recognises it as a date, a time, a phone number, a section number, a web address or a
word that merely contains a numeral character (一般, 唯一, 百姓 …), each with its
reason; otherwise a :class:`Candidate`, read with its unit, qualifier, value, kind and
period. Rules decide what is *not* a figure; everything else stays a candidate, so a
figure is never silently dropped (recall first: the curator deletes, never hunts).

Tags of simple HTML (``<p>``, ``<strong>``) and Markdown marks are read as clause
breaks, while offsets, line:column and quotes always refer to the raw text, so a quote
is a verbatim substring of the file. Pure: no printing, no files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from jiexiu_cli.model import FactBase, Figure
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

CLAUSE_BREAKS = frozenset("，。；！？,;!?：\n")
SENTENCE_BREAKS = frozenset("。；！？;!?\n")
_TAG_RE = re.compile(r"</?[A-Za-z][^<>\n]*>")
_YEAR = r"(?:19|20)[0-9]{2}"
_NOT_AFTER_NUMBER = r"(?<![0-9.])"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A number of the article that may be a figure, read as the fact base would record it."""

    token: int  # index into tokenize(text)
    start: int  # span of ``shown`` in the raw text
    end: int
    number: str  # the token's own text
    printed: str | None  # the figure's text where it is not a plain Arabic number (两个 -> 两, 第一, 1/3)
    value: Decimal  # in ``unit``; negative after 下降/减少
    unit: str
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

    @property
    def tokens(self) -> int:
        return len(self.candidates) + len(self.non_figures)


# ---------------------------------------------------------------- non-figures: rules over spans

_SPAN_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.MULTILINE), reason)
    for p, reason in (
        (r"(?:https?:)?//[^\s<>()\[\]（）]+", "part of a web address"),
        (r"&#?[0-9A-Za-z]+;", "an HTML character reference"),
        (r"[A-Za-z_]+=?[A-Za-z]*[0-9]{6,}", "part of an identifier"),
        (rf"{_NOT_AFTER_NUMBER}{_YEAR}-[0-9]{{1,2}}-[0-9]{{1,2}}(?![0-9])", "date"),
        (rf"{_NOT_AFTER_NUMBER}{_YEAR}/[0-9]{{1,2}}/[0-9]{{1,2}}(?![0-9])", "date"),
        (rf"{_NOT_AFTER_NUMBER}{_YEAR}年[0-9]{{1,2}}月(?:[0-9]{{1,2}}[日号])?", "date"),
        (rf"{_NOT_AFTER_NUMBER}[0-9]{{1,2}}月[0-9]{{1,2}}[日号]", "date"),
        (rf"{_NOT_AFTER_NUMBER}(?:1[0-2]|0?[1-9])月(?:份|底|初|末|中旬|上旬|下旬)?(?!球)", "date (month)"),
        (r"[〇零一二三四五六七八九]{4}年(?:[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?)?", "date"),
        (r"(?<![0-9一二三四五六七八九十])[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日", "date"),
        (rf"{_NOT_AFTER_NUMBER}{_YEAR}\s*[-—–~～至到]\s*{_YEAR}(?=\s*年)", "years (a period)"),
        (rf"{_NOT_AFTER_NUMBER}{_YEAR}(?=\s*年)", "year (a period label)"),
        (r"(?<![0-9.:])[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:\s*[+-][0-9]{4})?(?![0-9.:])", "time"),
        (r"(?<![0-9.])[0-9]{1,2}时[0-9]{1,2}分", "time"),
        (r"(?<![0-9.])0[0-9]{2,3}-[0-9]{7,8}(?![0-9.])", "phone number"),
        (r"[（(]0[0-9]{2,3}[)）]\s*[0-9]{7,8}", "phone number"),
        (r"(?<![0-9.])1[3-9][0-9]{9}(?![0-9.])", "phone number"),
        (r"(?:电话|热线|手机|联系方式|传真)[：:\s]*[0-9][0-9\- ]{4,}[0-9]", "phone number"),
        (r"(?<![0-9.])[0-9]{12,}(?![0-9.])", "identifier (a long string of digits)"),
        (r"^[ \t]*#+[ \t]*[0-9]{1,3}[ \t]*$", "section number (a heading)"),
        (r"^[ \t]*(?:#+[ \t]*|<[^<>\n]*>|\*\*)*[0-9]{1,2}[.．、](?![0-9])", "section number"),
        (r"^[ \t]*(?:#+[ \t]*|<[^<>\n]*>|\*\*)*[一二三四五六七八九十]+、", "section number"),
        (r"[（(][一二三四五六七八九十]{1,3}[)）]", "section number"),
        (r"[（(][0-9]{1,2}[)）]", "section number"),
        (r"(?:^|(?<=[。；;！？!?\s>，,]))[一二三四五六七八九十]+是", "enumeration marker (一是, 二是 …)"),
        (r"十[一二三四五六七八九]五", "name of a Five-Year Plan (十N五)"),
        (
            r"[一二三四五六七八九十]+届(?:[一二三四五六七八九十]+中全会)?|[一二三四五六七八九十]+中全会",
            "name of a Party plenum",
        ),
        (r"(?<=党的)[一二三四五六七八九十]+大", "name of a Party congress"),
        (r"(?<![连续第每近前这那头])五(?=年(?!级|度|制))", "the five years of a plan (a period, not a figure)"),
        (
            r"第[一二三四五六七八九十]+(?=中学|小学|幼儿园|污水处理厂|水厂|人民医院|医院|书记|议题)",
            "ordinal in a proper name",
        ),
        (r"一(.)一\1", "idiom (一X一X), not a number"),
    )
)

#: words that contain a numeral character but state no number
WORDS: tuple[str, ...] = (
    "一般",
    "统一",
    "唯一",
    "惟一",
    "之一",
    "第一时间",
    "第一要务",
    "一系列",
    "进一步",
    "一流",
    "一体",
    "一份",
    "一起",
    "一直",
    "一定",
    "一切",
    "一道",
    "一样",
    "一些",
    "一度",
    "一致",
    "一线",
    "一旦",
    "一律",
    "一举",
    "一再",
    "一同",
    "一方面",
    "一站式",
    "一揽子",
    "一把手",
    "一盘棋",
    "一张蓝图",
    "同一",
    "逐一",
    "万一",
    "一带一路",
    "万家灯火",
    "千家万户",
    "千方百计",
    "万众一心",
    "一心一意",
    "四面八方",
    "五湖四海",
    "百姓",
    "零售",
    "零碳",
    "零距离",
    "三产",
    "二产",
    "一产",
    "三次产业",
    "第一产业",
    "第二产业",
    "第三产业",
    "八项规定",
    "建党百年",
    "百年大计",
    "百年未有",
)
_WORDS_RE = re.compile("|".join(sorted((re.escape(w) for w in WORDS), key=len, reverse=True)))
_BATCH_RE = re.compile(r"(?<!第)一批")
_QUOTED_RE = re.compile(r"[“「『‘]([^”」』’\n]*)(?:[”」』’]|$)", re.MULTILINE)
_SECTION_IN_TAG_RE = re.compile(r"^[ \t]*(?:<[^<>\n]*>[ \t]*)+([0-9]{1,2})</", re.MULTILINE)
_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*(?:\n|\Z)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    reason: str


def _rule_spans(text: str) -> list[_Span]:
    """Every stretch of the text that holds no figure, with its reason (first rule wins)."""
    spans: list[_Span] = []
    m = _FRONT_MATTER_RE.match(text)
    if m:
        spans.append(_Span(m.start(), m.end(), "front matter (metadata), not the article's text"))
    for pattern, reason in _SPAN_RULES[:1]:  # a web address, even in <angle brackets>
        spans += [_Span(x.start(), x.end(), reason) for x in pattern.finditer(text)]
    spans += [_Span(t.start(), t.end(), "inside an HTML tag") for t in _TAG_RE.finditer(text)]
    for pattern, reason in _SPAN_RULES[1:]:
        spans += [_Span(x.start(), x.end(), reason) for x in pattern.finditer(text)]
    spans += [_Span(x.start(1), x.end(1), "section number") for x in _SECTION_IN_TAG_RE.finditer(text)]
    spans += [_Span(x.start(), x.end(), f"a word, not a number: {x.group()}") for x in _WORDS_RE.finditer(text)]
    spans += [_Span(x.start(), x.end(), "a word, not a number: 一批 'a batch of'") for x in _BATCH_RE.finditer(text)]
    return spans


def _quoted_name(text: str, token: Token) -> str | None:
    """A numeral inside a short quotation (“一园四带”, “666”, “十四五”) names a thing."""
    for m in _QUOTED_RE.finditer(text, max(0, token.start - 12), token.end + 12):
        if not (m.start(1) <= token.start and token.end <= m.end(1)):
            continue
        inner = m.group(1)
        if token.kind == "arabic" and inner.strip() == token.text:
            return "a name (a number in quotation marks)"
        if token.kind == "chinese" and len(inner) <= 6 and not any(c in inner for c in "、，,；"):
            return f"a name or slogan in quotation marks: “{inner}”"
    return None


# ---------------------------------------------------------------- the text's structure


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    year: str | None  # the section's year, from the last heading that named one
    plans: bool  # inside a section of plans (展望, 目标 …)


def _plain(line: str) -> str:
    """A line without tags and Markdown marks, for telling headings from paragraphs."""
    return _TAG_RE.sub("", line).strip().strip("#*> \t").strip()


def _lines(text: str) -> list[_Line]:
    """Each line with the section it belongs to: headings with a year or a plan word start one."""
    out: list[_Line] = []
    year: str | None = None
    plans = False
    pos = 0
    for raw in text.split("\n"):
        plain = _plain(raw)
        heading = raw.lstrip().startswith("#") or (0 < len(plain) <= 24 and not any(c in plain for c in "。，；,;"))
        if heading:
            y = re.search(rf"({_YEAR})年", plain)
            if any(w in plain for w in PLAN_HEADINGS):
                plans, year = True, (y.group(1) if y else year)
            elif y:
                plans, year = False, y.group(1)
        out.append(_Line(pos, pos + len(raw), year, plans))
        pos += len(raw) + 1
    return out


def _breaks(text: str, chars: frozenset[str]) -> list[bool]:
    """Where clauses (or sentences) break: punctuation, line ends and every tag."""
    brk = [c in chars for c in text]
    for m in _TAG_RE.finditer(text):
        for i in range(m.start(), m.end()):
            brk[i] = True
    return brk


def _span_around(brk: list[bool], start: int, end: int) -> tuple[int, int]:
    a = start
    while a > 0 and not brk[a - 1]:
        a -= 1
    b = end
    while b < len(brk) and not brk[b]:
        b += 1
    return a, b


def _trimmed(text: str, a: int, b: int, keep: tuple[int, int]) -> tuple[int, int]:
    """The span without edge blanks and Markdown emphasis, never cutting into ``keep``."""
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


# ---------------------------------------------------------------- reading one candidate


@dataclass(frozen=True, slots=True)
class _Reading:
    start: int
    end: int  # end of the number with its unit and trailing words
    printed: str | None
    value: Decimal
    unit: str
    qualifier: str | None
    qualifier_zh: str | None
    kind: str | None


_GROWTH_WORDS = ("增长", "增速", "增幅", "提高", "提升", "上升", "增加")
_FALL_WORDS = ("下降", "降低", "减少", "回落", "下滑")
_SHARE_WORDS = ("占比", "占", "比重", "份额")
_RATE_WORDS = ("率",)
_PERCENT_UNITS = ("%", "％", "个百分点", "百分点")


def _after(text: str, pos: int) -> tuple[str, str | None, int]:
    """After a number: (magnitude + unit, 余/多 if printed, end)."""
    about = None
    m = re.compile(r"[余多]?").match(text, pos)
    if m and m.group():
        about, pos = m.group(), m.end()
    mag = re.compile("[十百千万亿]*").match(text, pos)
    magnitude = mag.group() if mag else ""
    pos += len(magnitude)
    if about is None and text[pos : pos + 1] in ("余", "多") and magnitude:
        about, pos = text[pos], pos + 1
    unit = longest_unit(text, pos)
    return magnitude + unit, about, pos + len(unit)


def _read_arabic(text: str, tok: Token) -> _Reading:
    if "/" in tok.text:
        a, b = tok.text.split("/")
        return _Reading(tok.start, tok.end, tok.text, Decimal(a) / Decimal(b), "", None, None, "share")
    before, after = text[max(0, tok.start - 2) : tok.start], text[tok.end : tok.end + 2]
    if re.match(r"[:：][0-9]", after) or re.search(r"[0-9][:：]$", before):
        return _Reading(tok.start, tok.end, None, Decimal(tok.text), "", None, None, "ratio")
    unit, about, end = _after(text, tok.end)
    value = Decimal(tok.text)
    if text.startswith("强", end) and not unit:
        return _Reading(tok.start, end + 1, None, value, "", "at_most", f"{tok.text}强", "rank")
    return _Reading(tok.start, end, None, value, unit, "about" if about else None, about, None)


def _read_chinese(text: str, tok: Token) -> _Reading:
    t, s, e = tok.text, tok.start, tok.end
    prev = text[s - 1] if s else ""
    if prev == "第":
        unit = longest_unit(text, e, ORDINAL_UNITS)
        return _Reading(s - 1, e + len(unit), "第" + t, value_of_printed(t), unit, None, None, "rank")
    if prev == "前":
        return _Reading(s - 1, e, "前" + t, value_of_printed(t), "", "at_most", "前" + t, "rank")
    m = re.compile(r"翻了?$").search(text, max(0, s - 2), s)
    if m and text.startswith("番", e):
        printed = text[m.start() : e + 1]
        return _Reading(m.start(), e + 1, printed, value_of_printed(printed), "", None, None, "multiple")
    if text.startswith("位数", e):
        printed = t + "位数"
        unit = "%" if text.startswith("位数增长", e) else ""
        return _Reading(s, e + 2, printed, value_of_printed(printed), unit, "at_least", printed, "growth_rate")
    if text.startswith("大", e) and not text.startswith("大关", e):
        return _Reading(s, e + 1, t + "大", value_of_printed(t), "", None, None, "count")
    if text.startswith("强", e):
        return _Reading(s, e + 1, t + "强", value_of_printed(t), "", "at_most", t + "强", "rank")
    head = t.rstrip("万亿") or t[:1]
    magnitude = t[len(head) :]
    unit, about, end = _after(text, e)
    unit = magnitude + unit
    return _Reading(s, end, t, value_of_printed(t, unit), unit, "about" if about else None, about, None)


def _read(text: str, tok: Token) -> _Reading:
    return _read_arabic(text, tok) if tok.kind == "arabic" else _read_chinese(text, tok)


def _word_before(text: str, pos: int, floor: int, words: Iterable[str]) -> tuple[str, int] | None:
    """The word of ``words`` that ends nearest before ``pos`` (not before ``floor``)."""
    best: tuple[str, int] | None = None
    for w in words:
        i = text.rfind(w, floor, pos)
        if i >= 0 and (best is None or i + len(w) > best[1] + len(best[0]) or (i == best[1] and len(w) > len(best[0]))):
            best = (w, i)
    return best


def _qualifier_before(text: str, start: int, floor: int) -> tuple[str, str] | None:
    """超/突破/约 … right before the number (a 了 or 达 may stand between)."""
    gap = start
    while gap > floor and text[gap - 1] in "了达到":
        gap -= 1
    for word in sorted(QUALIFIERS_BEFORE, key=len, reverse=True):
        if text.endswith(word, floor, gap):
            return QUALIFIERS_BEFORE[word], word
    return None


def _kind(text: str, r: _Reading, clause: tuple[int, int], sentence: tuple[int, int]) -> str:
    if r.kind is not None:
        return r.kind
    unit_base = to_base(Decimal(1), r.unit)[1]
    if r.unit == "倍":
        return "multiple"
    if r.unit in _PERCENT_UNITS:
        near = _word_before(text, r.start, clause[0], _GROWTH_WORDS + _FALL_WORDS + _SHARE_WORDS + _RATE_WORDS)
        if near is None:
            return "rate"
        if near[0] in _GROWTH_WORDS + _FALL_WORDS:
            return "change" if "百分点" in r.unit else "growth_rate"
        return "share" if near[0] in _SHARE_WORDS else "rate"
    if unit_base in DURATION_UNITS:
        return "duration"
    around = text[clause[0] : clause[1]]
    if any(w in around for w in ("累计", "共计", "合计", "总计")) or text.startswith("五年", sentence[0]):
        return "cumulative"
    if _word_before(text, r.start, clause[0], ("新增", "净增", "增加")):
        return "change"
    return "count" if unit_base in COUNT_UNITS else "level"


def _falls(text: str, r: _Reading, clause: tuple[int, int]) -> bool:
    """下降/减少 is the nearest change word before a percentage: the value is negative."""
    if r.unit not in _PERCENT_UNITS:
        return False
    near = _word_before(text, r.start, clause[0], _GROWTH_WORDS + _FALL_WORDS)
    return near is not None and near[0] in _FALL_WORDS


def _fall_kind(r: _Reading) -> str:
    """A fall is a change in points or a (negative) growth rate, never a level."""
    return "change" if "百分点" in r.unit else "growth_rate"


# ---------------------------------------------------------------- periods


_PLAN_RE = re.compile(r"十([一二三四五六七八九])五")
_LEAD_YEAR_RE = re.compile(rf"(?:({_YEAR})年|(今年|去年|明年))[，,]")


def plan_period(name: str) -> str | None:
    """'十四五' -> '2021-2025' (the Nth Five-Year Plan; from the third, 1966-1970, on)."""
    m = _PLAN_RE.fullmatch(name)
    if not m:
        return None
    n = 10 + "一二三四五六七八九".index(m.group(1)) + 1
    start = 1966 + 5 * (n - 3)
    return f"{start}-{start + 4}"


def _relative(word: str, year: int | None) -> str | None:
    if year is None:
        return None
    return str(year + {"今年": 0, "去年": -1, "明年": 1}[word])


def _period(
    text: str, clause: tuple[int, int], line: _Line, start: int, default: str | None, year: int | None
) -> str | None:
    """Years in the clause; else 今年/去年 there; else the year that opens the paragraph's
    sentence ("2021年，…"); else the section's year; else the article's period."""
    around = text[clause[0] : clause[1]]
    years = re.findall(rf"{_NOT_AFTER_NUMBER}({_YEAR})\s*年", around)
    if years:
        return years[0] if len(set(years)) == 1 else f"{min(years)}-{max(years)}"
    rel = re.search("今年|去年|明年", around)
    if rel and _relative(rel.group(), year):
        return _relative(rel.group(), year)
    lead = None
    for m in _LEAD_YEAR_RE.finditer(text, line.start, start):
        lead = m.group(1) or _relative(m.group(2), year)
    return lead or line.year or default


def article_period(text: str) -> tuple[str | None, str | None]:
    """(date, period) the article states about itself: its front-matter or first date, else
    the Five-Year Plan its opening lines name."""
    m = _FRONT_MATTER_RE.match(text)
    head = m.group() if m else text[:400]
    d = re.search(rf"({_YEAR})[-/年]([0-9]{{1,2}})[-/月]([0-9]{{1,2}})", head)
    if d:
        date = f"{d.group(1)}-{int(d.group(2)):02d}-{int(d.group(3)):02d}"
        return date, d.group(1)
    plan = _PLAN_RE.search(text[:600])
    return None, plan_period(plan.group()) if plan else None


def article_title(text: str) -> str | None:
    m = _FRONT_MATTER_RE.match(text)
    if m:
        t = re.search(r"^title:\s*[\"']?(.*?)[\"']?\s*$", m.group(), re.MULTILINE)
        if t and t.group(1):
            return t.group(1)
    for raw in text.split("\n"):
        plain = _plain(raw).lstrip("—-").strip()
        if plain:
            return plain[:60]
    return None


# ---------------------------------------------------------------- the whole article


def extract(
    text: str, name: str, shown: str, sha256: str, period: str | None = None, year: int | None = None
) -> Extraction:
    """Candidates and non-figures of one article.

    ``period`` is the article's default period and ``year`` the year it was written
    (for 今年/去年); both are guessed from the text when not given.
    """
    date, guessed = article_period(text)
    period = period or guessed
    if year is None:
        if date:
            year = int(date[:4])
        elif period:
            year = int(period[-4:])
    tokens = tokenize(text)
    spans = _rule_spans(text)
    lines = _lines(text)
    clause_brk = _breaks(text, CLAUSE_BREAKS)
    sentence_brk = _breaks(text, SENTENCE_BREAKS)
    candidates: list[Candidate] = []
    non_figures: list[NonFigure] = []
    previous: tuple[_Reading, str, str | None, int] | None = None
    for i, tok in enumerate(tokens):
        clause = _trimmed(text, *_span_around(clause_brk, tok.start, tok.end), (tok.start, tok.end))
        reason = _reason(text, tok, spans)
        if reason is not None:
            non_figures.append(_non_figure(text, tokens, i, reason, clause))
            continue
        try:
            reading = _read(text, tok)
        except (ValueError, ArithmeticError):  # 两两, 1/0
            non_figures.append(_non_figure(text, tokens, i, "does not read as a number", clause))
            continue
        clause = _trimmed(text, *_span_around(clause_brk, reading.start, reading.end), (reading.start, reading.end))
        sentence = _span_around(sentence_brk, reading.start, reading.end)
        line = lines[text.count("\n", 0, tok.start)]
        qualifier, qualifier_zh = _qualify(text, reading, clause, sentence, line, previous)
        status = _status(text, reading, sentence, line)
        value = -reading.value if _falls(text, reading, clause) else reading.value
        printed = reading.printed if value >= 0 or reading.printed else tok.text
        quote = text[clause[0] : clause[1]]
        shown_text = printed if printed is not None else tok.text
        shown_start = reading.start if printed is not None and reading.printed is not None else tok.start
        ln, col = line_col(text, tok.start)
        candidates.append(
            Candidate(
                token=i,
                start=shown_start,
                end=shown_start + len(shown_text),
                number=tok.text,
                printed=printed,
                value=value,
                unit=reading.unit,
                qualifier=qualifier,
                qualifier_zh=qualifier_zh,
                status=status,
                kind=_kind(text, reading, clause, sentence) if value >= 0 else _fall_kind(reading),
                period=_period(text, clause, line, tok.start, period, year),
                quote=quote,
                quote_start=clause[0],
                quote_nth=_occurrence(text, quote, clause[0]),
                nth=_nth_in(quote, clause[0], shown_text, shown_start, tokens),
                line=ln,
                column=col,
            )
        )
        before = _qualifier_before(text, reading.start, clause[0])
        previous = (reading, before[0] if before else "", before[1] if before else None, clause[0])
    return Extraction(
        name=name,
        shown=shown,
        sha256=sha256,
        text=text,
        candidates=tuple(candidates),
        non_figures=tuple(non_figures),
        title=article_title(text),
        date=date,
        period=period,
    )


def _reason(text: str, tok: Token, spans: list[_Span]) -> str | None:
    for span in spans:
        if span.start <= tok.start and tok.end <= span.end:
            return span.reason
    return _quoted_name(text, tok)


def _qualify(
    text: str,
    r: _Reading,
    clause: tuple[int, int],
    sentence: tuple[int, int],
    line: _Line,
    previous: tuple[_Reading, str, str | None, int] | None,
) -> tuple[str, str | None]:
    """The nearest word decides: 前N/N强/两位数, then 超/突破/约 before the number (or before
    the list it continues: 跨过三百亿元、四百亿元), then 余/多, then 以上/左右 after, then
    预计/有望/力争 earlier in the sentence, then a section of plans; else exact."""
    if r.qualifier is not None and r.qualifier != "about":
        return r.qualifier, r.qualifier_zh
    before = _qualifier_before(text, r.start, clause[0])
    if before is None and previous is not None and previous[1]:
        gap = text[previous[0].end : r.start]
        if gap in ("、", "和", "及", "与", "或"):
            before = (previous[1], previous[2] or "")
    if before is not None:
        return before
    if r.qualifier == "about":
        return "about", r.qualifier_zh
    for word, qualifier in QUALIFIERS_AFTER.items():
        if text.startswith(word, r.end):
            return qualifier, word
    modal = _word_before(text, r.start, sentence[0], MODALS)
    if modal is not None:
        return MODALS[modal[0]], modal[0]
    if line.plans:
        return "target", None
    return "exact", None


def _status(text: str, r: _Reading, sentence: tuple[int, int], line: _Line) -> str:
    """Whether the figure is a result or a plan's: 预计/有望/力争 earlier in its sentence, or a
    section of plans (2022年展望); independent of the qualifier (有望突破40亿元 is over, expected)."""
    modal = _word_before(text, r.start, sentence[0], MODALS)
    if modal is not None:
        return MODALS[modal[0]]
    return "target" if line.plans else "actual"


def _non_figure(text: str, tokens: list[Token], i: int, reason: str, clause: tuple[int, int]) -> NonFigure:
    tok = tokens[i]
    context = text[clause[0] : clause[1]]
    if not context.strip() or tok.start < clause[0] or tok.end > clause[1]:
        clause = (tok.start, tok.end)
        context = tok.text
    ln, col = line_col(text, tok.start)
    return NonFigure(
        token=i,
        start=tok.start,
        end=tok.end,
        text=tok.text,
        reason=reason,
        context=context,
        context_start=clause[0],
        context_nth=_occurrence(text, context, clause[0]),
        nth=_nth_in(context, clause[0], tok.text, tok.start, tokens),
        line=ln,
        column=col,
    )


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
    return replace(ex, candidates=marked)


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
    from jiexiu_cli.load import ARTICLE_LIMIT, decode_utf8, read_bytes, read_stdin

    if path == "-":
        data = read_stdin("text file", ARTICLE_LIMIT)
        return "stdin", "<stdin>", hashlib.sha256(data).hexdigest(), decode_utf8(data, "<stdin>")
    p = Path(path)
    data = read_bytes(p, "text file", limit=ARTICLE_LIMIT, pipes=True)  # once: a pipe cannot be read twice
    return p.name, display_path(p), hashlib.sha256(data).hexdigest(), decode_utf8(data, display_path(p))


_PERIOD_RE = re.compile(rf"({_YEAR})(?:-({_YEAR}))?")


def extract_file(path: str, period: str | None, fb: FactBase | None) -> Extraction:
    """Read and extract one article. Its period: ``period`` if given, else what the fact
    base records for the same article (same sha256), else what the text says of itself."""
    from jiexiu_cli.errors import UsageError

    if period is not None:
        m = _PERIOD_RE.fullmatch(period)
        if not m or (m.group(2) and m.group(2) <= m.group(1)):
            raise UsageError(f"--period must be a year or a range of years (2021, 2021-2025), got {period!r}")
    name, shown, sha, text = read_article(path)
    year = None
    known = [s for s in fb.sources if s.sha256 == sha] if fb is not None else []
    if known:
        period = period or known[0].covers
        year = int(known[0].date[:4]) if known[0].date[:4].isdigit() else None
    return extract(text, name, shown, sha, period, year)


def mark_in(fb: FactBase | None, ex: Extraction) -> Extraction:
    return ex if fb is None else mark(ex, fb)


def known_hashes(fb: FactBase | None) -> set[str]:
    return set() if fb is None else {s.sha256 for s in fb.sources}

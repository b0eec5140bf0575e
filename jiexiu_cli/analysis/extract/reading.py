"""One number read on the folded text: what is printed (第一, 翻了一番, -0.1), its value,
unit, sign, kind, qualifier (超, 余, 以上, 约 …) and status (预计, 有望, 力争, a section of
plans). The words decide; the vocabularies are :mod:`jiexiu_cli.analysis.extract.rules` and
:mod:`jiexiu_cli.core.units`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from jiexiu_cli.analysis.extract.layers import Visible
from jiexiu_cli.analysis.extract.rules import (
    CHANGE_WORDS,
    CUMULATIVE_WORDS,
    FALL_WORDS,
    GROWTH_WORDS,
    NOT_CHANGE,
    PERCENT_UNITS,
    RATE_WORDS,
    SHARE_WORDS,
    TARGET_GAP,
    TO_LEVEL,
)
from jiexiu_cli.analysis.extract.text import Line
from jiexiu_cli.core.numbers import Token, to_base, value_of_printed
from jiexiu_cli.core.units import (
    COUNT_UNITS,
    DURATION_UNITS,
    MODALS,
    ORDINAL_UNITS,
    QUALIFIERS_AFTER,
    QUALIFIERS_BEFORE,
    longest_unit,
)


@dataclass(frozen=True, slots=True)
class Reading:
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


def _read_arabic(f: str, tok: Token) -> Reading:
    s, e = tok.start, tok.end
    # a minus, unless it joins two numbers or codes (1-10月, A-3): 增长率-1.36‰ is negative
    joined = s >= 2 and ((f[s - 2].isascii() and f[s - 2].isalnum()) or f[s - 2] in ".%")
    negative = s > 0 and f[s - 1] == "-" and not joined
    p0 = s - 1 if negative else s
    if "/" in tok.text:
        a, b = tok.text.replace("／", "/").split("/")
        return Reading(s, e, True, Decimal(a) / Decimal(b), (e, e), None, None, "share")
    text = tok.text
    value = Decimal(re.sub(r"[^0-9.]", "", text)) * (-1 if negative else 1)
    if s > 0 and f[s - 1] == "第":
        unit_end = e + len(longest_unit(f, e, ORDINAL_UNITS))
        return Reading(s - 1, unit_end, True, value, (e, unit_end), None, None, "rank")
    ratio_end = _ratio_end(f, s, e)
    if ratio_end is not None:
        u0, about, end = _after(f, ratio_end)
        if end > u0:
            return Reading(p0, e, negative, value, (u0, end), None, None, None, negative)
        return Reading(p0, e, negative, value, (e, e), None, None, "ratio", negative)
    u0, about, end = _after(f, e)
    if f.startswith("强", end) and end == e:
        return Reading(s, end + 1, True, value, (e, e), "at_most", f"{text}强", "rank")
    if end == u0 and not about:
        shared = _list_unit(f, e)
        if shared is not None:
            return Reading(p0, e, negative, value, shared, None, None, None, negative)
    return Reading(p0, end, negative, value, (u0, end), "over_about" if about else None, about, None, negative)


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


def _read_chinese(f: str, tok: Token) -> Reading:
    t, s, e = tok.text, tok.start, tok.end
    prev = f[s - 1] if s else ""
    if "分之" in t:  # 三分之一, 百分之五
        value = value_of_printed(t)
        if t.startswith("百分之"):
            return Reading(s, e, True, value, (e, e), None, None, None, implied="%")
        return Reading(s, e, True, value, (e, e), None, None, "share")
    if prev == "第":
        unit_end = e + len(longest_unit(f, e, ORDINAL_UNITS))
        return Reading(s - 1, unit_end, True, value_of_printed(t), (e, unit_end), None, None, "rank")
    if prev == "前":
        return Reading(s - 1, e, True, value_of_printed(t), (e, e), "at_most", "前" + t, "rank")
    m = re.compile(r"翻了?$").search(f, max(0, s - 2), s)
    if m and f.startswith("番", e):
        printed = f[m.start() : e + 1]
        return Reading(m.start(), e + 1, True, value_of_printed(printed), (e, e), None, None, "multiple")
    if f.startswith("位数", e):
        implied = "%" if f.startswith("位数增长", e) else ""  # the unit is %, which the text does not print
        value = value_of_printed(t + "位数")
        return Reading(s, e + 2, True, value, (e, e), "at_least", t + "位数", "growth_rate", implied=implied)
    if f.startswith("大", e) and not f.startswith("大关", e):
        return Reading(s, e + 1, True, value_of_printed(t), (e, e), None, None, "count")
    if f.startswith("强", e):
        return Reading(s, e + 1, True, value_of_printed(t), (e, e), "at_most", t + "强", "rank")
    head = t.rstrip("万亿") or t[:1]
    u0 = s + len(head)
    _u, about, end = _after(f, e)
    unit_text = f[u0:end].replace("余", "").replace("多", "") if about else f[u0:end]
    return Reading(
        s, end, True, value_of_printed(t, unit_text), (u0, end), "over_about" if about else None, about, None
    )


def read_number(f: str, tok: Token) -> Reading:
    return _read_arabic(f, tok) if tok.kind == "arabic" else _read_chinese(f, tok)


def unit_as_printed(v: Visible, r: Reading) -> str:
    """The unit as printed (億元 stays 億元), without an inserted 余/多 (5.6万余人 -> 万人)."""
    if r.implied is not None:
        return r.implied
    a, b = r.unit
    shown, folded = v.text[a:b], v.folded[a:b]
    return "".join(c for c, k in zip(shown, folded, strict=True) if k not in "余多" or r.qualifier_zh is None)


def word_before(text: str, pos: int, floor: int, words: Iterable[str]) -> tuple[str, int] | None:
    """The word of ``words`` that ends nearest before ``pos`` (not before ``floor``)."""
    best: tuple[str, int] | None = None
    for w in words:
        i = text.rfind(w, floor, pos)
        if i >= 0 and (best is None or i + len(w) > best[1] + len(best[0]) or (i == best[1] and len(w) > len(best[0]))):
            best = (w, i)
    return best


def qualifier_before(f: str, start: int, floor: int) -> tuple[str, str] | None:
    """超/突破/约 … right before the number (a 了 or 达 may stand between)."""
    gap = start
    while gap > floor and f[gap - 1] in "了达到":
        gap -= 1
    for word in sorted(QUALIFIERS_BEFORE, key=len, reverse=True):
        if f.endswith(word, floor, gap):
            return QUALIFIERS_BEFORE[word], word
    return None


def _change_word(words: str, r: Reading, clause: tuple[int, int], vocabulary: Iterable[str]) -> tuple[str, int] | None:
    """The nearest word of ``vocabulary`` before the number, unless 到/至/为 between them
    makes the number the level reached (下降到3.5%)."""
    near = word_before(words, r.start, clause[0], vocabulary)
    if near is None:
        return None
    gap = words[near[1] + len(near[0]) : r.start]
    if any(w in gap for w in TO_LEVEL):
        return None
    return near


def is_fall(words: str, r: Reading, clause: tuple[int, int], unit: str) -> bool:
    """下降/减少/降低/回落/下滑 is the nearest change word before the number: it is negative."""
    if r.negative or r.kind in ("rank", "ratio", "multiple", "share"):
        return False
    near = _change_word(words, r, clause, GROWTH_WORDS + FALL_WORDS)
    return near is not None and near[0] in FALL_WORDS


def difference_sign(
    words: str, r: Reading, clause: tuple[int, int], patterns: tuple[tuple[str, int], ...]
) -> int | None:
    """The sign of a difference the words right before the number state (超任务 +, 与任务相差 -,
    低于全省 -), or None."""
    if r.negative or r.kind in ("rank", "ratio", "multiple", "share"):
        return None
    head = words[clause[0] : r.start]
    for pattern, sign in patterns:
        if re.search(pattern, head):
            return sign
    return None


def gap_words(v: Visible, words: str, r: Reading, clause: tuple[int, int]) -> str | None:
    """The words of a difference against a target right before the number, as printed
    (超任务, 虽与任务相差 -> 与任务相差): what a curator writes as its qualifier_zh."""
    head = words[clause[0] : r.start]
    for pattern, _sign in TARGET_GAP:
        m = re.search(pattern, head)
        if m:
            a, b = clause[0] + m.start(), clause[0] + m.end()
            return v.text[a:b].rstrip("了") or None
    return None


def kind_of(words: str, r: Reading, unit: str, clause: tuple[int, int], sentence: tuple[int, int]) -> str:
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


def masked(folded: str) -> str:
    """The folded text with 增加值 and its like blanked: value added is a level, not a change."""
    out = folded
    for w in NOT_CHANGE:
        out = out.replace(w, "＿" * len(w))
    return out


def qualify(
    f: str,
    r: Reading,
    clause: tuple[int, int],
    sentence: tuple[int, int],
    line: Line,
    previous: tuple[Reading, str, str | None] | None,
) -> tuple[str, str | None]:
    """The nearest word decides: 前N/N强/两位数, then 超/突破/约 before the number (or before
    the list it continues: 跨过三百亿元、四百亿元), then 余/多, then 以上/左右 after, then
    预计/有望/力争 earlier in the sentence, then a section of plans; else exact."""
    if r.qualifier is not None and r.qualifier != "over_about":
        return r.qualifier, r.qualifier_zh
    before = qualifier_before(f, r.start, clause[0])
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
    modal = word_before(f, r.start, sentence[0], MODALS)
    if modal is not None:
        return MODALS[modal[0]], modal[0]
    if line.plans:
        return "target", None
    return "exact", None


def status_of(f: str, r: Reading, sentence: tuple[int, int], line: Line) -> str:
    """Whether the figure is a result or a plan's: 预计/有望/力争 earlier in its sentence, or a
    section of plans (2022年展望); independent of the qualifier (有望突破40亿元 is over, expected)."""
    modal = word_before(f, r.start, sentence[0], MODALS)
    if modal is not None:
        return MODALS[modal[0]]
    return "target" if line.plans else "actual"

"""How Chinese articles write numbers: tokens, numerals, magnitudes and units.

Everything here is ``Decimal``; nothing is ever a float.

Tokens (what `verify` must account for, one by one):

A. Arabic numbers, ``[0-9]+(?:\\.[0-9]+)?(?:/[0-9]+)?``: ``1/3`` is one token,
   ``1.6:48.5:49.9`` is three.
B. The magnitude characters (十百千万亿) right after an Arabic number, optionally
   after 余 or 多, belong to that number (341.3亿元, 5.6万余人), and so does the
   unit 个百分点 (43个百分点); but in 15个百亩 the 百 is a number of its own.
C. Every other maximal run of Chinese numeral characters is a token of its own
   (两个 -> 两, 十大 -> 十, 一般 -> 一): each is a figure or an exclusion; a fraction
   in words (三分之一, 百分之五) is one token, as 1/3 is.

Both scripts and both widths are read alike: full-width digits (８６.１), Traditional
numerals (萬, 億, 兩) and 個百分點 make the same tokens as their plain Simplified forms, so a
token's span is the same in a text and in ``hanzi.fold`` of it. Thousands separators
(12,345, as tables print them) belong to the number.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from jiexiu_cli.core.record import Record

_set = object.__setattr__

_D = "0-9\uff10-\uff19"  # ASCII and full-width digits
ARABIC = rf"[0-9]{{1,3}}(?:,[0-9]{{3}})+(?![0-9])(?:\.[0-9]+)?|[{_D}]+(?:[.．][{_D}]+)?(?:[/／][{_D}]+)?"
#: Traditional and compatibility forms of numeral characters -> their Simplified form
NUMERAL_VARIANTS = {"萬": "万", "億": "亿", "兩": "两", "韆": "千", "\uf978": "两", "\uf9b2": "零", "\uf9d1": "六"}
NUMERAL_CHARS = "〇零一二两三四五六七八九十百千万亿" + "".join(NUMERAL_VARIANTS)
MAGNITUDE_CHARS = "十百千万亿萬億韆"
# Patterns, not compiled objects: compiling them at import would cost every `show` that
# never uses them; `re` compiles each on first use and keeps it in its own cache.
_TOKEN_RE = rf"(?P<arabic>{ARABIC})|(?P<chinese>[{NUMERAL_CHARS}]+分之[{NUMERAL_CHARS}]+|[{NUMERAL_CHARS}]+)"
_AFTER_ARABIC_RE = rf"[个個箇]百分[点點]|[余多餘]?[{MAGNITUDE_CHARS}]+"
_DECIMAL_RE = r"-?[0-9]+(?:\.[0-9]+)?"
_MARKUP_RE = r"\[/?[A-Za-z*][^\[\]\n]*\]|<[^<>]*>"

DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10**4, "亿": 10**8}
MAGNITUDES = {**SMALL_UNITS, **BIG_UNITS, "萬": 10**4, "億": 10**8, "韆": 1000}

# Units whose leading 百/千 is not a magnitude.
_UNITS_NOT_SCALED = ("个百分点", "百分点")


class Token(Record):  # not a dataclass or NamedTuple: see record.py
    """A number token of an article: its span in the text and what kind it is."""

    _fields = ("start", "end", "text", "kind")
    __slots__ = _fields
    start: int
    end: int
    text: str
    #: "arabic" | "chinese"
    kind: str

    def __init__(self, start: int, end: int, text: str, kind: str) -> None:
        _set(self, "start", start)
        _set(self, "end", end)
        _set(self, "text", text)
        _set(self, "kind", kind)


def tokenize(text: str) -> list[Token]:
    """Every number token of ``text``, in order (rules A-C of the module docstring)."""
    tokens: list[Token] = []
    pos = 0
    while True:
        m = re.compile(_TOKEN_RE).search(text, pos)
        if m is None:
            return tokens
        if m.group("arabic") is not None:
            tokens.append(Token(m.start(), m.end(), m.group(), "arabic"))
            tail = re.compile(_AFTER_ARABIC_RE).match(text, m.end())
            pos = tail.end() if tail else m.end()
        else:
            tokens.append(Token(m.start(), m.end(), m.group(), "chinese"))
            pos = m.end()


def line_start(text: str, offset: int) -> int:
    """Where the line that holds ``offset`` starts in ``text``."""
    return text.rfind("\n", 0, offset) + 1


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    return text.count("\n", 0, offset) + 1, offset - line_start(text, offset) + 1


def parse_decimal(text: str) -> Decimal:
    """A plain decimal string ('341.3', '-23.1') to Decimal; ValueError otherwise."""
    if not re.fullmatch(_DECIMAL_RE, text):
        raise ValueError(f"not a plain decimal number: {text!r}")
    return Decimal(text)


def chinese_to_int(numeral: str) -> int:
    """A Chinese numeral ('三百', '十九', '两', '一万二千', '三二一' as digits) to int."""
    if not numeral or any(c not in NUMERAL_CHARS for c in numeral):
        raise ValueError(f"not a Chinese numeral: {numeral!r}")
    numeral = "".join(NUMERAL_VARIANTS.get(c, c) for c in numeral)
    if all(c in DIGITS for c in numeral):  # digit by digit: 二〇二一, or a single digit
        if len(numeral) == 1:
            return DIGITS[numeral]
        return int("".join(str(DIGITS[c]) for c in numeral))
    total = 0  # finished groups of 亿 and 万
    group = 0  # the current group below 万
    digit: int | None = None
    for c in numeral:
        if c in DIGITS:
            if digit is not None and digit != 0:
                raise ValueError(f"two digits in a row in {numeral!r}")
            digit = DIGITS[c]
        elif c in SMALL_UNITS:
            group += (1 if digit is None else digit) * SMALL_UNITS[c]
            digit = None
        else:  # 万 or 亿
            group += digit or 0
            digit = None
            if group == 0:
                group = 1
            total = (total + group) * BIG_UNITS[c]
            group = 0
    return total + group + (digit or 0)


_FRACTION_RE = r"([0-9]+)/([0-9]+)"
_WORDS_FRACTION_RE = rf"([{NUMERAL_CHARS}]+)分之([{NUMERAL_CHARS}]+)"
_WIDTH = {**{c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}, 0xFF0E: ord("."), 0xFF0F: ord("/"), 0x2C: None}


def plain_digits(text: str) -> str:
    """Full-width digits, point and slash made ASCII, thousands separators dropped
    ('８６.１' -> '86.1', '12,345' -> '12345'): the length may change, so only for values."""
    return text if text.isascii() and "," not in text else text.translate(_WIDTH)


_DOUBLING_RE = rf"翻了?([{NUMERAL_CHARS}])番"


def printed_fraction(printed: str | None) -> tuple[int, int] | None:
    """(numerator, denominator) of a figure printed as a fraction: '1/3' -> (1, 3), '三分之一'
    -> (1, 3); None for anything else (百分之五 is five per cent, not a fraction of one).
    The fraction is the exact value; the figure's decimal ``value`` (0.3333) is its rounding."""
    if not printed or ("/" not in printed and "／" not in printed and "分之" not in printed):
        return None  # no pattern compiled on show's path for the figures that are no fraction
    text = plain_digits(printed)
    m = re.fullmatch(_FRACTION_RE, text)
    if m:
        numerator, denominator = int(m.group(1)), int(m.group(2))
    else:
        m = re.fullmatch(_WORDS_FRACTION_RE, text)
        if not m:
            return None
        denominator, numerator = chinese_to_int(m.group(1)), chinese_to_int(m.group(2))
        if denominator == 100:
            return None
    return (numerator, denominator) if denominator else None


_TENS_DIGITS_RE = rf"([{NUMERAL_CHARS}])位数"


def value_of_printed(printed: str, unit: str = "") -> Decimal:
    """What a figure's printed text means as a number, in the figure's unit.

    '两个' -> 2, '十大' -> 10, '第一' -> 1, '前十' -> 10, '1/3' -> 1/3,
    '翻了一番' -> 2, '两位数' -> 10, '三百亿' with unit '亿元' -> 300.
    '三分之一' -> 1/3, '百分之五' -> 5 (in %), '８６.１' -> 86.1, '12,345' -> 12345; the
    printed text of a number split by markup ('20[/b][b]22') is read without it.
    Raises ValueError where the text holds no number.
    """
    printed = plain_digits(printed)
    if "[" in printed or "<" in printed:
        printed = re.sub(_MARKUP_RE, "", printed)
    m = re.search(_WORDS_FRACTION_RE, printed)
    if m:  # 三分之一: one in three; 百分之五: five per cent
        denominator, numerator = chinese_to_int(m.group(1)), chinese_to_int(m.group(2))
        if denominator == 100:
            return Decimal(numerator)
        return Decimal(numerator) / Decimal(denominator)
    m = re.search(_FRACTION_RE, printed)
    if m:
        return Decimal(m.group(1)) / Decimal(m.group(2))
    m = re.search(_DOUBLING_RE, printed)
    if m:  # 翻一番 doubles, 翻两番 quadruples
        return Decimal(2) ** chinese_to_int(m.group(1))
    m = re.search(_TENS_DIGITS_RE, printed)
    if m:  # 两位数: at least 10
        return Decimal(10) ** (chinese_to_int(m.group(1)) - 1)
    m = re.search(_DECIMAL_RE, printed)
    if m:
        return Decimal(m.group())
    m = re.search(f"[{NUMERAL_CHARS}]+", printed)
    if not m:
        raise ValueError(f"no number in {printed!r}")
    numeral = m.group()
    # 三百亿 with unit 亿元: the trailing 亿 is the unit's magnitude, not the value's.
    while len(numeral) > 1 and numeral[-1] in MAGNITUDE_CHARS and unit.startswith(numeral[-1]):
        numeral, unit = numeral[:-1], unit[1:]
    return Decimal(chinese_to_int(numeral))


def unit_scale(unit: str) -> tuple[Decimal, str]:
    """A printed unit to (factor, base unit): '亿元' -> (1e8, '元'), '%' -> (1, '%'), and a
    unit that is a magnitude alone (百亿 printed with unit '亿') to a plain number: '亿' ->
    (1e8, '')."""
    if unit in _UNITS_NOT_SCALED:
        return Decimal(1), unit
    factor = 1
    i = 0
    if unit and all(c in MAGNITUDES for c in unit):
        for c in unit:
            factor *= MAGNITUDES[c]
        return Decimal(factor), ""
    while i < len(unit) - 1 and unit[i] in MAGNITUDES:
        factor *= MAGNITUDES[unit[i]]
        i += 1
    return Decimal(factor), unit[i:]


def to_base(value: Decimal, unit: str) -> tuple[Decimal, str]:
    """The value in its base unit: (341.3, '亿元') -> (34130000000, '元')."""
    factor, base = unit_scale(unit)
    return value * factor, base


def plain(value: Decimal) -> str:
    """A Decimal as plain positional text, without exponent or trailing zeros.

    >>> plain(Decimal("34130000000.0"))
    '34130000000'
    """
    if value.is_nan() or value.is_infinite():
        return str(value)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def rounded(value: Decimal, places: int) -> Decimal:
    """``value`` to ``places`` decimals, half to even (how computed figures are shown)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)


def decimal_places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def same_number(value: Decimal, meaning: Decimal) -> bool:
    """Is ``value`` ``meaning`` written to the value's own precision? (1/3 vs 0.3333)"""
    try:
        return abs(value) == abs(meaning).quantize(Decimal(1).scaleb(-decimal_places(value)))
    except InvalidOperation:
        return False


def number_spans(text: str, needle: str, nth: int = 1) -> tuple[tuple[int, int], ...]:
    """The span of the nth occurrence of ``needle`` in ``text`` that is a whole number
    (not the '8.5' inside '38.5'), for highlighting; empty when there is none."""
    seen = 0
    start = text.find(needle)
    while start >= 0:
        end = start + len(needle)
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        glued = (before.isdigit() or before == ".") and needle[:1].isdigit()
        glued = glued or (
            (after.isdigit() or (after == "." and end + 1 < len(text) and text[end + 1].isdigit()))
            and needle[-1:].isdigit()
        )
        if not glued:
            seen += 1
            if seen == nth:
                return ((start, end),)
        start = text.find(needle, start + 1)
    return ()

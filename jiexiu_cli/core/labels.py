"""What a figure is, in its own words: the display form every output prints, and its quote
with both halves of a sentence the page layout split.

:func:`display` builds the form from the figure's fields, never from a list of examples:

* the number as printed (第七, 1/3, 翻了一番, 三百亿), else its digits, with the magnitude,
  余/多 and the unit in the article's order (5.6万余人, 420余场, 1423万余头(只));
* the qualifier words (``qualifier_zh``) where the article puts them: modal and other verbs
  first (有望, 预计, 力争, 全面挺进, 超任务), then the kind's own lead, then comparatives
  (超, 突破, 约) right before the number, and 以上/左右 after it (85%以上);
* the kind's lead: a growth rate 增长 or 下降 and a change 增加 or 减少 by the value's sign,
  a share 占 and its whole (占晋中1/3, 占预算86%), a rank the whole it is ranked in and its
  scope (全省第七, 晋中第一, 全国民企500强), a target gap 超任务/低于任务 where the
  article's words are not recorded;
* the whole (universe) in the article's word for it: of the universe's names (山西省, 山西,
  全省; 中国, 全国) the one the quote uses nearest before the number, else the universe;
* a gloss where the printed words do not carry the number's unit or factor: 迈过千亿
  (1000亿元), 翻了一番 (×2), 增长两位数 (≥10%);
* the status where no word says it: 实施191个 (target).

Nothing here is imported by Rich or the store: ``show`` prints one of these per figure.
"""

from __future__ import annotations

from collections.abc import Iterable

from jiexiu_cli.core.model import Figure
from jiexiu_cli.core.numbers import MAGNITUDE_CHARS, number_spans, plain
from jiexiu_cli.core.units import MODALS, QUALIFIERS_AFTER, QUALIFIERS_BEFORE

#: words that sit between a number's magnitude and its unit (5.6万余人): over_about
_BETWEEN = ("余", "多", "餘")
#: units whose leading 百/千 is no magnitude
_NOT_SCALED = ("个百分点", "百分点")
#: the last character of a place's name that says what kind of place it is: a rank or share
#: within 山西省 may be written 全省 (the whole province), within 中国 全国
_PLACE_KINDS = "省市县区国"
_PLACE_SUFFIXES = ("自治区", "地区", "省", "市", "县", "区")
_SIGNS = {"over": ">", "at_least": "≥", "under": "<", "at_most": "≤", "about": "≈", "over_about": ">"}
#: kinds that put nothing before their number (a level, a count, a rate of 79%)
_AS_PRINTED = ("level", "count", "cumulative", "duration", "rate")
#: the gap between the two halves of a split sentence
GAP = " … "


def display(f: Figure) -> str:
    """The figure as it says what it is: 全省第七, 增长36.03%, 有望突破40亿元, 占晋中1/3."""
    if f.qualifier_zh is None and f.printed is None and f.status == "actual" and f.kind in _AS_PRINTED:
        return plain(f.value) + f.unit  # 341.3亿元: the commonest figure says what it is as printed
    words = (f.qualifier_zh or "").split()
    number, carries_unit = _number(f, words)
    first: list[str] = []  # modal and other verbs: 有望, 预计, 全面挺进, 超任务
    comparative: list[str] = []  # right before the number: 超, 突破, 约
    after: list[str] = []  # 以上, 左右
    for w in words:
        if w in _BETWEEN or (f.printed is not None and w in f.printed) or w in number:
            continue  # placed in the number already (余, 前十 as printed, 500强)
        if w in QUALIFIERS_AFTER:
            after.append(w)
        elif w in QUALIFIERS_BEFORE:
            comparative.append(w)
        else:
            first.append(w)
    text = "".join(first) + _lead(f, bool(words)) + "".join(comparative) + number + "".join(after)
    said = bool(first or comparative or after)
    if f.kind == "multiple" and _in_words(f):
        text += f" (×{plain(f.value)})"
    elif _in_words(f) and f.unit and not carries_unit:
        sign = "" if said else _SIGNS.get(f.qualifier, "")
        text += f" ({sign}{plain(f.value)}{f.unit})"
    if f.kind == "ratio":
        text += f" (of {_ratio(f) or 'a ratio'})"
    elif f.kind == "rank" and not f.universe and not f.scope:
        text += " (the whole it is ranked in is not stated)"
    if f.status != "actual" and not any(w in MODALS for w in words):
        text += f" ({f.status})"
    return text


def whole_quote(f: Figure, spans: tuple[tuple[int, int], ...] | None = None) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The quote, with the fragment the page layout split from it on the side it is read
    (``fragment … quote`` or ``quote … fragment``), and ``spans`` in the quote (by default
    the figure's number) moved to where they are in that text."""
    if spans is None:
        spans = number_spans(f.quote, f.shown, f.nth)
    if not f.fragment:
        return f.quote, spans
    if not f.fragment_before:
        return f.quote + GAP + f.fragment, spans
    offset = len(f.fragment) + len(GAP)
    return f.fragment + GAP + f.quote, tuple((a + offset, b + offset) for a, b in spans)


def _in_words(f: Figure) -> bool:
    """Printed otherwise than in Arabic digits: 第七, 翻了一番, 三百亿 (but not 1/3)."""
    return f.printed is not None and not f.printed.replace(".", "").replace("/", "").isdigit()


def _number(f: Figure, words: list[str]) -> tuple[str, bool]:
    """The number as printed with its unit, and whether that text carries the unit."""
    if _in_words(f):
        printed, unit = f.printed or "", f.unit
        shared = next((k for k in range(min(len(printed), len(unit)), 0, -1) if printed.endswith(unit[:k])), 0)
        joined = printed + unit[shared:]  # 三百亿 and 亿元: 三百亿元
        if unit and joined in f.quote + (f.fragment or ""):
            return joined, True
        return printed, printed.endswith(unit)
    digits = f.printed if f.printed is not None else plain(abs(f.value))
    for w in words:  # a qualifier word that holds the number: 500强
        if digits in w and w not in _BETWEEN:
            return w, True
    unit = f.unit
    magnitude = 0 if unit in _NOT_SCALED else len(unit) - len(unit.lstrip(MAGNITUDE_CHARS))
    between = "".join(w for w in words if w in _BETWEEN)
    return f"{digits}{unit[:magnitude]}{between}{unit[magnitude:]}", True


def _lead(f: Figure, worded: bool) -> str:
    """What the kind puts before the number (see the module docstring)."""
    if f.kind == "growth_rate":
        return "增长" if f.value >= 0 else "下降"
    if f.kind == "change":
        return "增加" if f.value >= 0 else "减少"
    if f.kind == "multiple" and not f.unit and not _in_words(f):
        return "×"  # a factor printed as a bare number
    if f.kind == "target_gap" and not worded:
        return "超任务" if f.value >= 0 else "低于任务"
    if f.kind == "share":
        whole = _whole_word(f) or f.scope
        return f"占{whole}" if whole else "占比"
    if f.kind == "rank":
        return (_whole_word(f) or "") + (f.scope or "")
    return ""


def _whole_word(f: Figure) -> str | None:
    """The article's word for the universe: of its names (山西省, 山西, 全省) the one the quote
    uses nearest before the number; the universe itself where the quote uses none."""
    universe = f.universe
    if not universe:
        return None
    names = [universe]
    for suffix in _PLACE_SUFFIXES:
        if universe.endswith(suffix) and len(universe) - len(suffix) >= 2:
            names.append(universe[: -len(suffix)])
            break
    if universe[-1] in _PLACE_KINDS:
        names.append("全" + universe[-1])
    text, spans = whole_quote(f)
    text = text.replace(GAP, "")  # a name the layout split (中国中部 … 地区) is read whole
    shift = len(GAP) if f.fragment and f.fragment_before else 0
    end = spans[0][0] - shift if spans else len(text)
    best: tuple[int, int, str] | None = None
    for name in names:
        at = text.rfind(name, 0, end)
        if at >= 0 and (best is None or (at + len(name), len(name)) > best[:2]):
            best = (at + len(name), len(name), name)
    return best[2] if best else universe


def _ratio(f: Figure) -> str | None:
    """The whole ratio a part belongs to, as the quote prints it: 1.6:48.5:49.9."""
    import re

    for m in re.finditer(r"[0-9]+(?:\.[0-9]+)?(?:[:：][0-9]+(?:\.[0-9]+)?)+", f.quote):
        if f.shown in re.split(r"[:：]", m.group()):
            return m.group()
    return None


def short_source(file: str) -> str:
    """'002_a7ce63afe1259d76.txt' -> '002' (the articles' own numbering); a name without one
    keeps its whole stem ('jiexiu-2022q1.txt' -> 'jiexiu-2022q1'), a long stem its first 15
    characters and '…'. :func:`short_sources` makes the labels of a table unique."""
    stem = file.rsplit(".", 1)[0] if "." in file[1:] else file
    head = stem.split("_", 1)[0]
    if head and len(head) <= 8 and head != stem:
        return head
    return stem if len(stem) <= 16 else stem[:15] + "…"


def short_sources(files: Iterable[str]) -> dict[str, str]:
    """A short label for each file, unique among them: its :func:`short_source`, else (where
    two would read alike: 'a_1.txt' and 'a_2.txt') its stem, else its whole name."""
    chosen = {f: short_source(f) for f in dict.fromkeys(files)}
    for whole in (False, True):
        seen: dict[str, int] = {}
        for label in chosen.values():
            seen[label] = seen.get(label, 0) + 1
        chosen = {f: (_longer(f, whole) if seen[label] > 1 else label) for f, label in chosen.items()}
    return chosen


def _longer(file: str, whole: bool) -> str:
    return file if whole or "." not in file[1:] else file.rsplit(".", 1)[0]

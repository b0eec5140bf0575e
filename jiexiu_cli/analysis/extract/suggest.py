"""What extract proposes beyond the reading of a number: the indicator it is of, a new
indicator where the vocabulary has none, and the place the article reports on.

* **the indicator**: the fact base's own vocabulary (each indicator's ``name_zh``,
  ``name_en`` and ``aliases``) looked up in the candidate's quote, then in the rest of
  its sentence before it; the term that ends nearest before the number wins (the longer
  on a tie). The confidence says where it was found: in the number's own clause 0.9, in
  an earlier clause of the quote 0.8, earlier in the sentence (总量、增幅分别位列…
  after 地区生产总值完成…) 0.6; a term of two characters or a Latin one, 0.1 less.
* **a new indicator**: where no term fits, the quote's subject noun (一产增加值 of
  其中，一产增加值完成0.9亿元: the words before its first verb, without the period
  phrase and the place) with an id from its pinyin, for the curator to confirm.
* **the place**: a county, city or district named at the head of the title (介休市：…,
  山西柳溪縣2022年…), else in the first lines (the dateline, a report's 在…县…大会上).

Pure functions of the text and the vocabulary; nothing here decides a figure's value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from jiexiu_cli.core.model import Indicator

_CJK = r"\u4e00-\u9fff"
_CLAUSE = "，。；！？,;!?：:\n\t|"
_SENTENCE = "。；！？;!?\n\t|"
#: what a subject may start with that is no part of its noun
_LEAD = (
    "其中",
    "据统计",
    "据初步核算",
    "初步核算",
    "经初步核算",
    "同时",
    "另外",
    "此外",
    "全年",
    "当年",
    "年末",
    "年底",
    "全市",
    "全县",
    "全区",
    "全省",
    "该市",
    "该县",
    "该区",
    "我市",
    "我县",
    "我区",
    "本市",
    "本县",
    "完成",
    "实现",
)
#: the words that end a subject: its verb, a comparison, a modal
_VERBS = (
    "完成",
    "实现",
    "达到",
    "达",
    "增长",
    "下降",
    "增加",
    "减少",
    "提高",
    "降低",
    "提升",
    "回落",
    "为",
    "是",
    "突破",
    "超过",
    "超",
    "共",
    "累计",
    "新增",
    "净增",
    "同比",
    "比上年",
    "比去年",
    "较",
    "占",
    "位列",
    "排名",
    "居",
    "预计",
    "有望",
    "力争",
    "分别",
    "已",
    "年均",
    "总计",
    "合计",
)
#: nouns that refer back to a subject named before (总量、增幅分别位列晋中第一、第二)
_BACK = ("总量", "增幅", "增速", "总额", "规模", "数量", "比重", "占比", "排名", "位次", "两项", "均")
_NOT_VERB = ("增加值", "增值")
_PLACE_SUFFIX = "市县区旗盟州"
_PROVINCE = (
    r"(?:北京|天津|上海|重庆|河北|河南|云南|辽宁|黑龙江|湖南|安徽|山东|新疆|江苏|浙江|江西|湖北|广西"
    r"|甘肃|山西|内蒙古|陕西|吉林|福建|贵州|广东|青海|西藏|四川|宁夏|海南)省?"
)
#: a place at the head of a title: 介休市：…, 山西柳溪县2022年…, 甲县统计局
_PLACE = rf"[{_CJK}]{{1,5}}?[{_PLACE_SUFFIX}]"
_NOT_PLACE = ("全市", "全县", "全区", "该市", "该县", "我市", "我县", "我区", "本市", "本县", "城市", "都市", "地区")


@dataclass(frozen=True, slots=True)
class Suggestion:
    """An indicator proposed for a candidate: an existing one (``new`` False) or one to define."""

    indicator: str
    confidence: str  # "0.9"
    why: str  # 地区生产总值 in the clause
    new: bool = False
    name_zh: str | None = None


@dataclass(frozen=True, slots=True)
class _Term:
    text: str  # folded, case-folded
    indicator: str
    short: bool
    latin: bool


class Vocabulary:
    """The terms that name each indicator of a fact base, found in a text by position."""

    def __init__(self, indicators: Iterable[Indicator]) -> None:
        from jiexiu_cli.core.hanzi import fold

        terms: dict[str, _Term] = {}
        self.ids: set[str] = set()
        self.names: dict[str, str] = {}  # id -> name_zh
        for ind in indicators:
            self.ids.add(ind.id)
            self.names.setdefault(ind.id, ind.name_zh)
            for name in (ind.name_zh, ind.name_en, *ind.aliases):
                key = fold(name).casefold().strip()
                cjk = any("\u4e00" <= ch <= "\u9fff" for ch in key)
                if len(key) < (2 if cjk else 3) or key in terms:
                    continue  # the first indicator that claims a term keeps it
                terms[key] = _Term(key, ind.id, short=len(key) <= 2 or not cjk, latin=not cjk)
        self.terms = sorted(terms.values(), key=lambda t: -len(t.text))

    def nearest(self, text: str, end: int, floor: int) -> tuple[_Term, int] | None:
        """The term that ends nearest before ``end`` (not starting before ``floor``) in the
        folded, case-folded ``text``, the longer on a tie, that heads its noun: a term the
        noun goes on past (一产 of 一产增加值, 服务业 of 服务业增加值) names a part of what
        is measured, not what is. A Latin term stands as a word."""
        found: list[tuple[int, int, _Term, int]] = []
        for term in self.terms:
            i = text.find(term.text, floor, end)
            while i >= 0:
                if not term.latin or _word_at(text, i, len(term.text)):
                    found.append((i + len(term.text), len(term.text), term, i))
                i = text.find(term.text, i + 1, end)
        for _end, _n, term, i in sorted(found, key=lambda f: (-f[0], -f[1])):
            if _heads(text, i + len(term.text), end):
                return term, i
        return None

    def first(self, text: str) -> _Term | None:
        """The term that starts first in ``text`` (the longer on a tie): an object's name."""
        best: tuple[int, int, _Term] | None = None
        for term in self.terms:
            i = text.find(term.text)
            usable = i >= 0 and (not term.latin or _word_at(text, i, len(term.text)))
            if usable and (best is None or (i, -len(term.text)) < (best[0], best[1])):
                best = (i, -len(term.text), term)
        return best[2] if best else None


def _heads(text: str, at: int, end: int) -> bool:
    """Does the noun end at ``at``: up to its verb (or the clause's end, or a number) only
    a period phrase, a back-reference (总量, 增速) or no Chinese at all follows?"""
    from jiexiu_cli.analysis.extract.context import PERIOD_PHRASE

    tail = re.split(rf"[{re.escape(_CLAUSE)}0-9]", text[at:end], maxsplit=1)[0]
    rest = re.sub(PERIOD_PHRASE, "", tail[: _verb_at(tail)])
    for w in (*_BACK, *_LEAD, "的"):
        rest = rest.replace(w, "")
    return len(re.findall(rf"[{_CJK}]", rest)) < 2


def _word_at(text: str, i: int, n: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + n] if i + n < len(text) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


def suggest(
    raw: str, quote_start: int, start: int, vocabulary: Vocabulary, place: str | None, end: int | None = None
) -> Suggestion | None:
    """The indicator of the number at ``start`` (its unit ending at ``end``) whose quote
    starts at ``quote_start`` in the raw text. In this order: a term of the vocabulary
    before the number in its clause; one in the object after it (完成53.8公里“四好农村路”
    建设); one in an earlier clause of the quote; a new indicator named by the clause's
    subject, or by its object where the clause starts with its verb (建成9座农村生活垃圾
    中转站); a term earlier in the sentence where the clause names nothing (总量、增幅
    分别位列…); else None."""
    from jiexiu_cli.core.hanzi import fold

    sentence = quote_start
    while sentence > 0 and raw[sentence - 1] not in _SENTENCE:
        sentence -= 1
    folded = fold(raw[sentence:start]).casefold()
    q0 = quote_start - sentence
    n = len(folded)
    clause = max(q0, *(folded.rfind(ch, q0, n) + 1 for ch in _CLAUSE))
    found = vocabulary.nearest(folded, n, clause)
    if found is not None:
        return _found(found[0], 9, "in the clause")
    obj = _object(fold(raw[end if end is not None else start : start + 80]).casefold())
    after = vocabulary.first(obj)
    if after is not None:
        return _found(after, 8, "after the number")
    found = vocabulary.nearest(folded, clause, q0)
    if found is not None:
        return _found(found[0], 8, "in the quote")
    noun = subject_noun(folded[clause:n], place) or subject_noun(folded[q0:n], place)
    if noun is None and _verb_first(folded[clause:n], place):
        noun = _object_noun(obj)
    if noun is not None and not _refers_back(noun):
        return Suggestion(indicator="", confidence="", why="", new=True, name_zh=noun)
    if noun is None and not _subjectless(folded[clause:n], place):
        return None  # a clause of its own that names nothing readable: better no guess than a neighbour's
    found = vocabulary.nearest(folded, q0, 0)
    if found is not None:
        return _found(found[0], 6, "earlier in the sentence")
    return None


def _subjectless(head: str, place: str | None) -> bool:
    """A clause that names nothing before its verb but what was named before it (增长7.8%,
    同比下降1.5%, 总量、增幅分别位列…)."""
    from jiexiu_cli.analysis.extract.context import PERIOD_PHRASE

    head = re.split(r"[0-9]", head, maxsplit=1)[0]
    rest = re.sub(PERIOD_PHRASE, "", head[: _verb_at(head)])
    for w in (*_LEAD, *_BACK, *((place,) if place else ())):
        rest = rest.replace(w, "")
    return len(re.sub(rf"[^{_CJK}]", "", rest)) < 2


def _object(after: str) -> str:
    """What follows a number and its unit in its clause, up to the next number or list item."""
    m = re.match(rf"[^{_CJK}A-Za-z{re.escape(_CLAUSE)}]*(?:[余多])?(?:以上|左右)?", after)
    rest = after[m.end() if m else 0 :]
    return re.split(rf"[{re.escape(_CLAUSE)}0-9、和及与]", rest, maxsplit=1)[0]


def _verb_first(head: str, place: str | None) -> bool:
    """Does the clause start with its verb (完成, 建成, 打造了, 实施…): nothing before the
    number but a verb phrase with no noun of its own."""
    from jiexiu_cli.analysis.extract.context import PERIOD_PHRASE

    rest = re.sub(PERIOD_PHRASE, "", re.split(r"[0-9]", head, maxsplit=1)[0])
    for w in (*_LEAD, *((place,) if place else ())):
        rest = rest.replace(w, "")
    rest = re.sub(rf"[^{_CJK}]", "", rest)
    return len(rest) <= 4


def _object_noun(obj: str) -> str | None:
    """The noun of an object after the number (“四好农村路”建设 -> 四好农村路): Chinese
    only, without an action noun at its end (建设, 任务, 工作)."""
    noun = re.sub(rf"[^{_CJK}]", "", obj)
    noun = re.sub(r"(?:建设|任务|工作|工程)$", "", noun)
    noun = noun.removeprefix("的")
    return noun if 3 <= len(noun) <= 12 else None


def _found(term: _Term, score: int, where: str) -> Suggestion:
    score -= 1 if term.short else 0
    return Suggestion(term.indicator, f"0.{score}", f"{term.text} {where}")


def _verb_at(head: str) -> int:
    """Where the first verb of a clause's head (the text before its number) starts, or its
    length. 增加值 is no 增加; a verb of one character (共, 达, 为, 超) is one only right
    before the number or a number word (共计, 达到 are words of their own), never inside
    a noun (公共, 行为)."""
    masked = head
    for w in _NOT_VERB:
        masked = masked.replace(w, "＿" * len(w))
    best = len(head)
    for v in _VERBS:
        i = masked.find(v)
        while i >= 0:
            after = masked[i + len(v) : i + len(v) + 1]
            if len(v) > 1 or not after or after in _NUMBER_START:
                best = min(best, i)
                break
            i = masked.find(v, i + 1)
    return best


_NUMBER_START = "一二两三四五六七八九十百千万约近超了到计逾"


def _refers_back(noun: str) -> bool:
    rest = noun
    for w in _BACK:
        rest = rest.replace(w, "")
    return not rest.strip("、和与及")


def subject_noun(quote: str, place: str | None) -> str | None:
    """The noun a quote's first clause is about (一季度介休市地区生产总值完成86.1亿元:
    地区生产总值), or None: the Chinese words before its first verb or number, without a
    leading period phrase, connective or place."""
    from jiexiu_cli.analysis.extract.context import PERIOD_PHRASE

    quote = re.sub(rf"^\s*(?:{'|'.join(_LEAD)})\s*[{re.escape(_CLAUSE)}]", "", quote)  # 其中，…
    head = re.split(rf"[{re.escape(_CLAUSE)}0-9]", quote, maxsplit=1)[0]
    noun = head[: _verb_at(head)]
    changed = True
    while changed:
        changed = False
        noun = noun.strip(" \u3000、“”\"'《》()（）")
        m = re.match(PERIOD_PHRASE, noun)
        if m and m.end():
            noun, changed = noun[m.end() :], True
        for w in (*_LEAD, *((place,) if place else ())):
            if w and noun.startswith(w):
                noun, changed = noun[len(w) :], True
    if re.search(rf"[^{_CJK}]", noun) or not 3 <= len(noun) <= 12:
        return None  # two characters before a number are a verb (投资) or too little to name a measure
    return noun


def new_id(name: str, taken: set[str]) -> str:
    """An ASCII id for a proposed indicator: its name's pinyin, one syllable a word
    (一产增加值 -> yi_chan_zeng_jia_zhi), made unique against ``taken``."""
    from pypinyin import lazy_pinyin

    syllables = [re.sub(r"[^a-z0-9]", "", s.lower()) for s in lazy_pinyin(name)]
    base = "_".join(s for s in syllables if s)[:48].strip("_") or "indicator"
    if not base[0].isalpha():
        base = "x_" + base
    out, k = base, 2
    while out in taken:
        out, k = f"{base}_{k}", k + 1
    return out


def place_of(title: str | None, head: str, known: Iterable[str] = ()) -> str | None:
    """The place an article reports on: a place the fact base knows named in its title;
    else a county, city or district at the head of the title (after a province's name);
    else one that signs the head's first lines (介休市委, 在柳溪县第十八届人民代表大会, 甲县统计局)."""
    from jiexiu_cli.core.hanzi import fold

    t = fold(title or "")
    for name in sorted(known, key=len, reverse=True):
        if name and any(fold(word) in t for word in (name, _stem(name))):
            return name  # 介休这么做: 介休市, a place the fact base knows, by its name without 市
    m = re.match(rf"\s*(?:{_PROVINCE})?({_PLACE})(?=[:：\s·|—\-]|[0-9]|人民|统计|政府|委|经济|国民|$)", t)
    if m and m.group(1) not in _NOT_PLACE:
        return m.group(1)
    signed = rf"(?:在|^|\n)(?:{_PROVINCE})?({_PLACE})(?:人民政府|统计局|第[一二三四五六七八九十]+届|委|政府)"
    for m in re.finditer(signed, fold(head)):
        if m.group(1) not in _NOT_PLACE:
            return m.group(1)
    return None


_SUFFIXES = ("自治区", "特别行政区", "省", "市", "县", "区", "旗", "盟", "州")


def _stem(place: str) -> str:
    """A place's name without 市, 省, 县 … (晋中市 -> 晋中), where two characters remain."""
    for suffix in _SUFFIXES:
        if place.endswith(suffix) and len(place) - len(suffix) >= 2:
            return place[: -len(suffix)]
    return place


def universe_of(raw: str, quote_start: int, start: int, places: Iterable[str]) -> tuple[str, str] | None:
    """The whole a rank is ranked in (a share is of), as a place's name: the known place
    named nearest before the number in its quote, by its name or its name without 市/省/县
    (晋中第一 -> 晋中市), or 全国 (中国); with the words found. 全省, 全市 name no place here."""
    from jiexiu_cli.core.hanzi import fold

    head = fold(raw[quote_start:start])
    best: tuple[int, str, str] | None = None
    for place in places:
        for word in dict.fromkeys((place, _stem(place))):
            i = head.rfind(fold(word))
            if i >= 0 and (best is None or i + len(word) > best[0]):
                best = (i + len(word), place, word)
    i = head.rfind("全国")
    if i >= 0 and (best is None or i + 2 > best[0]):
        best = (i + 2, "中国", "全国")
    return (best[1], best[2]) if best else None


def basis_of(raw: str, quote_start: int, start: int, name: str | None) -> tuple[str, str] | None:
    """A growth rate's basis: as its sentence says (按可比价格计算: real; 按现价计算: nominal),
    else real for the growth of value added or GDP (生产总值, 增加值), which Chinese
    statistics publish at comparable prices; else None (the curator says)."""
    sentence = quote_start
    while sentence > 0 and raw[sentence - 1] not in _SENTENCE:
        sentence = sentence - 1
    end = start
    while end < len(raw) and raw[end] not in _SENTENCE:
        end += 1
    from jiexiu_cli.core.hanzi import fold

    text = fold(raw[sentence:end])
    if re.search(r"可比价|扣除价格因素|实际增长", text):
        return "real", "the sentence says so"
    if re.search(r"按?现价|名义增长", text):
        return "nominal", "the sentence says so"
    if name and re.search(r"(?:生产总值|增加值|GDP)$", fold(name), re.IGNORECASE):
        return "real", f"{name}: growth of value added is at comparable prices"
    return None

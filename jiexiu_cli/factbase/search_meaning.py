"""What a search term means beyond its letters: a kind of figure, a rank, a number, a topic.

``search`` matches a term as literal text (search.py); a term that also *means* something
about figures matches the figures it describes, whatever their quote says:

* a **kind word** (:data:`KIND_WORDS`), English or Chinese: growth, 增长, 增速 find growth
  rates; rank, 排名 ranks; share, 占比 shares; target, 目标 targets (and a target's gap);
  翻番, double find multiples of two (翻两番 of four);
* a **rank**: an ordinal (seventh, 7th, 第七, 第7) finds the ranks of that place; a top
  (top ten, top 10, 前十, 百强, 500强) the ranks within it (第七 is within the top ten,
  and so is 前五);
* a **number in words or as a fraction** (三分之一, 1/3, 十大, 10大, 两个): the figures
  printed so or valued so (三分之一 finds the share printed 1/3, 十大 and 10大 the count
  printed 十大); a plain number (10, 三) stays literal text, or it would find every 10;
* a **topic word** (:data:`TOPIC_WORDS`): the topic's id (tourism) or a word for it
  (旅游, 文旅) finds every figure of that topic's indicators (旅游 finds 接待游客598.6万人次,
  whose quote never says 旅游).

These are general tables of the genre (the kinds, statuses and topics the fact base's
schema allows, vocabulary.py), never one example's synonyms. A term is folded as search folds
it (Traditional to Simplified, full-width to plain, case) before it is looked up.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from jiexiu_cli.core.numbers import NUMERAL_CHARS, chinese_to_int, printed_fraction, same_number

#: kind and status words -> (kinds, statuses, value): a figure of one of the kinds or one
#: of the statuses (and, if given, of that value) is what the word describes
KIND_WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...], int | None]] = {}


def _words(words: str, kinds: tuple[str, ...] = (), statuses: tuple[str, ...] = (), value: int | None = None) -> None:
    for w in words.split(","):
        KIND_WORDS[w.strip()] = (kinds, statuses, value)


_words("growth, growth rate, growth rates, 增长, 增速, 增幅, 增长率, 同比增长, 增长幅度", ("growth_rate",))
_words("decline, fall, 下降, 降幅, 同比下降", ("growth_rate", "change"))
_words("change, changes, increase, decrease, 增加, 减少, 增量", ("change",))
_words("share, shares, proportion, 占比, 比重, 所占比重, 占", ("share",))
_words("rank, ranks, ranking, rankings, ranked, 排名, 排位, 位次, 名次, 位列, 排行", ("rank",))
_words("multiple, multiples, times, fold, 倍, 倍数", ("multiple",))
_words("double, doubled, doubling, 翻番, 翻一番, 翻了一番", ("multiple",), value=2)
_words("quadruple, quadrupled, 翻两番, 翻了两番", ("multiple",), value=4)
_words("cumulative, 累计", ("cumulative",))
_words("ratio, ratios, 比例", ("ratio",))
_words("rate, rates, 率", ("rate", "growth_rate"))
_words("duration, years, 年限", ("duration",))
_words("target, targets, goal, goals, 目标, 任务, 力争", ("target_gap",), ("target",))
_words("estimate, estimates, estimated, 预计, 预估, 预期", (), ("estimate",))
_words("expected, expect, 有望", (), ("expected",))

#: words for each topic of vocabulary.TOPICS (its id is a word for it too): whole terms only
TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    "economy": ("经济", "economic"),
    "fiscal": ("财政", "税收", "finance", "tax", "taxes"),
    "industry": ("工业", "产业", "制造业", "industrial", "manufacturing"),
    "investment": ("投资", "invest", "investments"),
    "tourism": ("旅游", "文旅", "文化旅游", "旅游业", "travel", "tourist", "tourists"),
    "agriculture": ("农业", "农产品", "agricultural", "farming", "farm"),
    "rural": ("农村", "乡村", "乡村振兴", "countryside", "village", "villages"),
    "environment": ("环境", "生态", "环保", "污染", "environmental", "ecology", "pollution"),
    "urban": ("城市", "城镇", "城建", "city", "cities", "town", "towns"),
    "livelihood": ("民生", "welfare", "livelihoods"),
    "health": ("卫生", "医疗", "健康", "医院", "medical", "healthcare", "hospital", "hospitals"),
    "education": ("教育", "学校", "school", "schools"),
    "reform": ("改革", "reforms"),
    "innovation": ("创新", "科技", "研发", "technology", "research"),
    "governance": ("治理", "政务", "govern", "government"),
    "party": ("党建", "党员", "cpc"),
    "safety": ("安全", "安全生产", "security", "safe"),
}
_TOPIC_OF = {w: t for t, words in TOPIC_WORDS.items() for w in (t, *words)}

_SMALL = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
_SMALL += " seventeen eighteen nineteen twenty"
_CARDINALS = {w: i for i, w in enumerate(_SMALL.split())}
_CARDINALS.update({"thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "thousand": 1000})
_ORDINAL_WORDS = "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth"
_ORDINAL_WORDS += " fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
_ORDINALS = {w: i + 1 for i, w in enumerate(_ORDINAL_WORDS.split())}
_NUMERAL = f"[{NUMERAL_CHARS}]+|[0-9]+"


class Meaning(NamedTuple):
    """What a term describes. ``label`` names the match (search's ``matched``): kind, rank,
    number or topic."""

    label: str
    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    value: Decimal | None = None
    #: a rank: at most ``value`` (top ten) rather than exactly it (seventh)
    within: bool = False
    #: a number as printed, its numerals as Arabic digits (十大 -> 10大)
    printed: str | None = None
    topic: str | None = None


def _int(numeral: str) -> int | None:
    if numeral.isdigit():
        return int(numeral)
    try:
        return chinese_to_int(numeral)
    except ValueError:
        return None


def _count(word: str) -> int | None:
    """ten, 10, 十 -> 10."""
    return _CARDINALS.get(word) if word.isalpha() and word.isascii() else _int(word)


def arabic(text: str) -> str:
    """``text`` with each fraction in words as a/b and each other run of Chinese numerals as
    its Arabic number (三分之一 -> 1/3, 十大 -> 10大, 第七 -> 第7); a run that is no number
    stays as it is."""

    def fraction(m: re.Match[str]) -> str:
        parts = printed_fraction(m.group())
        return f"{parts[0]}/{parts[1]}" if parts else m.group()

    text = re.sub(f"[{NUMERAL_CHARS}]+分之[{NUMERAL_CHARS}]+", fraction, text)

    def number(m: re.Match[str]) -> str:
        n = _int(m.group())
        return m.group() if n is None else str(n)

    return re.sub(f"[{NUMERAL_CHARS}]+", number, text)


def meaning(folded: str) -> Meaning | None:
    """What the folded term ``folded`` describes, or None (a term of letters only)."""
    term = " ".join(folded.split())
    found = KIND_WORDS.get(term)
    if found is not None:
        kinds, statuses, value = found
        return Meaning("kind", kinds, statuses, None if value is None else Decimal(value))
    m = re.fullmatch(r"翻了?(.)番", term) if "番" in term else None
    if m and _int(m.group(1)):
        return Meaning("kind", ("multiple",), (), Decimal(2) ** (_int(m.group(1)) or 0))
    topic = _TOPIC_OF.get(term)
    if topic is not None:
        return Meaning("topic", topic=topic)
    if term in _ORDINALS:
        return Meaning("rank", ("rank",), (), Decimal(_ORDINALS[term]))
    if not any(c.isdigit() or c in NUMERAL_CHARS for c in term) and not term.startswith("top"):
        return None  # no number, no rank: no pattern compiled for 焦化 or heating
    rank = _rank(term)
    if rank is not None:
        return rank
    return _number(term)


def _rank(term: str) -> Meaning | None:
    """seventh, 7th, 第七, 第7: that place; top ten, top 10, 前十, 百强, 500强: within it."""
    n: int | None = None
    within = False
    if m := re.fullmatch(r"([0-9]+)(?:st|nd|rd|th)", term):
        n = int(m.group(1))
    elif m := re.fullmatch(f"第({_NUMERAL})(?:名|位)?", term):
        n = _int(m.group(1))
    elif m := re.fullmatch(r"top[ -]?([a-z]+|[0-9]+)", term):
        n, within = _count(m.group(1)), True
    elif m := re.fullmatch(f"前({_NUMERAL})(?:名|位|强)?", term) or re.fullmatch(f"({_NUMERAL})强", term):
        n, within = _int(m.group(1)), True
    if not n:
        return None
    return Meaning("rank", ("rank",), (), Decimal(n), within)


def _number(term: str) -> Meaning | None:
    """A fraction (三分之一, 1/3) or a number in Chinese words with what it counts (十大,
    两个): the figures printed or valued so. A number alone (10, 三) is left to the text."""
    if " " in term:
        return None  # 清洁取暖 2021 is two terms, not a number
    as_digits = arabic(term)
    fraction = printed_fraction(as_digits)
    if fraction is not None:
        return Meaning("number", value=Decimal(fraction[0]) / Decimal(fraction[1]), printed=as_digits)
    if not re.search("[0-9〇零一二两三四五六七八九十]", term) or re.fullmatch(r"[0-9.,%]+", as_digits):
        return None  # no number, or a number alone (10, 8.5%, 三): the text finds them
    if not re.search("[0-9]", as_digits):
        return None
    return Meaning("number", printed=as_digits)


def describes(
    m: Meaning, topic: str | None, kind: str, status: str, value: Decimal, qualifier: str, printed: str | None
) -> bool:
    """Whether a figure (of an indicator of ``topic``) is what ``m`` describes."""
    if m.label == "topic":
        return topic == m.topic
    if m.label == "number":
        if printed is not None and m.printed is not None and arabic(printed) == m.printed:
            return True
        if m.value is None:
            return False
        fraction = printed_fraction(printed)
        if fraction is not None:
            return Decimal(fraction[0]) / Decimal(fraction[1]) == m.value
        return kind in ("share", "ratio") and printed is None and same_number(value, m.value)
    if kind not in m.kinds and status not in m.statuses:
        return False
    if m.value is None:
        return True
    if m.label == "rank":
        return value <= m.value if m.within else (value == m.value and qualifier == "exact")
    return value == m.value


def candidates_sql(m: Meaning) -> tuple[str, tuple[str, ...]] | None:
    """A condition on ``figures x`` that every figure ``m`` describes meets (a superset:
    :func:`describes` decides), with its parameters; None for a topic (its indicators are
    found by name)."""
    if m.label == "topic":
        return None
    if m.label == "number":
        return "(x.printed IS NOT NULL OR x.kind IN ('share', 'ratio'))", ()
    marks = [f"x.kind IN ({', '.join('?' * len(m.kinds))})"] if m.kinds else []
    marks += [f"x.status IN ({', '.join('?' * len(m.statuses))})"] if m.statuses else []
    return "(" + " OR ".join(marks) + ")", (*m.kinds, *m.statuses)

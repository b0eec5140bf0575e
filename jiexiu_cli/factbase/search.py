"""Search figures by Chinese, English or pinyin terms: literal text, never a pattern.

A term matches an indicator's id, names and aliases, and a figure's quote:

* any term as a case-folded substring (焦化, heating, 8.5%), Traditional and Simplified
  characters and full-width and plain forms alike (億元 finds 亿元, ＧＤＰ finds GDP, and
  back: ``hanzi.fold_search`` on both sides);
* an ASCII term as pinyin, with or without spaces and tones (jiaohua, qingjie qunuan,
  lüyou, lvyou), matched on whole syllables of the Chinese text;
* an ASCII term of two letters or more as pinyin initials of a name or alias (jh, qjqn,
  gmysgyzjz);
* a term equal to a figure's period (2021, 2021-2025) narrows to that period;
* a term that describes figures (search_meaning.py: a kind word such as growth or 占比, a
  rank such as 第七 or top ten, a number in words such as 三分之一, a topic word such as
  旅游) matches the figures it describes. Two terms that describe together (top ten,
  growth rate) are read as one.

Pinyin is computed once, when the compiled fact base is built (store.py), never per query.
Ranking, best first: id or name exact, alias exact, name, alias, pinyin of a name,
initials, what the term describes (kind, rank, number), quote, pinyin of a quote, topic,
period. Several terms narrow: every term must match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from jiexiu_cli.core.errors import UsageError
from jiexiu_cli.core.hanzi import fold, fold_search, has_han
from jiexiu_cli.core.model import Figure
from jiexiu_cli.factbase.search_meaning import Meaning, describes, meaning

SCORES = {
    "exact name": 100,
    "exact alias": 90,
    "name": 70,
    "name pinyin": 65,
    "alias": 60,
    "alias pinyin": 55,
    "initials": 50,
    "kind": 45,
    "rank": 45,
    "number": 45,
    "quote": 40,
    "quote pinyin": 35,
    "topic": 32,
    "period": 30,
}


@dataclass(frozen=True, slots=True)
class Text:
    """A searchable text with its pinyin: one syllable per character (non-Chinese
    characters stand for themselves), so a match maps back to characters."""

    text: str
    folded: str
    syllables: tuple[str, ...]


class Term(NamedTuple):
    """A search term, prepared once."""

    text: str
    folded: str
    pinyin: str
    initials_ok: bool
    #: what the term describes (search_meaning.py), if anything
    meaning: Meaning | None


@dataclass(frozen=True, slots=True)
class Hit:
    figure: Figure
    score: int
    matched: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]  # in the quote


def _each_char(run: str) -> Any:
    """pypinyin's callback for text that is not Chinese: one item per character."""
    return list(run)


def _phrase_cutter() -> Callable[[str], list[str]] | None:
    """``list(pypinyin.seg.mmseg.seg.cut(run))`` for a run of Chinese characters (the
    words pypinyin's seg cuts it into: the longest phrase of its phrase list at each
    place, else one character), without a generator, a method call per prefix looked up
    and a new string per step; None where pypinyin's segmenter is not the one this
    knows (then its own ``seg`` is called). tests/factbase/test_store.py holds it to
    pypinyin's cut."""
    from pypinyin.constants import PHRASES_DICT
    from pypinyin.seg import mmseg

    segmenter = mmseg.seg
    prefixes = getattr(getattr(segmenter, "_prefix_set", None), "_set", None)
    if (
        not PHRASES_DICT
        or not isinstance(prefixes, set)
        or getattr(segmenter, "_no_non_phrases", None) is not True
        or type(segmenter).cut is not mmseg.Seg.cut
    ):
        return None
    phrases = PHRASES_DICT

    def cut(text: str) -> list[str]:
        words: list[str] = []
        i, n = 0, len(text)
        while i < n:
            end = 0  # the end of the longest phrase at i
            j = i + 1
            while j <= n:
                word = text[i:j]
                if word not in prefixes:
                    break
                if word in phrases:
                    end = j
                j += 1
            if end:
                words.append(text[i:end])
                i = end
            elif j <= n:  # no phrase at i: one character
                words.append(text[i])
                i += 1
            else:  # the rest is the start of a phrase, but none: each character
                words += text[i:]
                break
        return words

    return cut


def text_maker() -> Callable[[str], Text]:
    """A function from a text to its :class:`Text` with pinyin (imports pypinyin: call it
    only when building an index, never on a query's path).

    The syllables are ``pypinyin.lazy_pinyin(t, errors=_each_char)``'s, made faster by
    remembering: lazy_pinyin cuts a text into runs of Chinese characters and of others,
    cuts each run into words (by its phrase list) and converts each word on its own, so a
    run's words and a word's syllables are the same in every text. A fact base repeats
    them (indicator names, verbs, places) from quote to quote, so most conversions are
    remembered ones (the time saved: CHANGELOG), to the same syllables
    (tests/factbase/test_store.py holds them to lazy_pinyin's).
    """
    from pypinyin import Style
    from pypinyin.constants import RE_HANS
    from pypinyin.converter import UltimateConverter
    from pypinyin.core import Pinyin

    converter = UltimateConverter()  # lazy_pinyin's, with its defaults
    seg = Pinyin(converter).seg
    cut = _phrase_cutter()
    runs: dict[str, list[str]] = {}
    known: dict[str, list[str]] = {}
    chinese = re.fullmatch(r"\^\(\?:(\[[^\]]+\])\)\+\$", RE_HANS.pattern)  # ^(?:[...])+$, a run of Chinese
    split = re.compile(f"{chinese[1]}+|[^{chinese[1][1:]}+").findall if chinese else None

    def convert(word: str) -> list[str]:
        syllables = known.get(word)
        if syllables is None:
            converted = converter.convert(word, Style.NORMAL, False, _each_char, strict=True)
            syllables = known[word] = [s.lower() for item in converted for s in item]
        return syllables

    def syllables_of(t: str) -> list[str]:
        """pypinyin's seg(t) (t cut into runs of Chinese characters and of others, as its
        simple_seg does, each run then cut into words), each word converted: once per
        distinct run, once per distinct word."""
        if split is None:  # a pypinyin whose pattern this does not know: no shortcut
            return [s for word in seg(t) for s in convert(word)]
        out: list[str] = []
        for run in split(t):
            syllables = runs.get(run)
            if syllables is None:
                # a run of Chinese characters: what seg does with it, without its detours
                words = cut(run) if cut is not None and RE_HANS.match(run) else seg(run)
                syllables = runs[run] = [s for word in words for s in convert(word)]
            out += syllables
        return out

    def text(t: str) -> Text:
        if has_han(t):
            syllables = tuple(syllables_of(t))
            if len(syllables) != len(t):  # should not happen; keep matching correct if it does
                syllables = tuple(map(str.lower, t))
        else:
            syllables = tuple(map(str.lower, t))  # each character lower-cased on its own
        return Text(t, fold_search(t), syllables)

    return text


def normalise_pinyin(term: str) -> str:
    """'Qīngjié qǔnuǎn' -> 'qingjiequnuan'; ü and u: -> v as pypinyin writes it."""
    term = term.casefold().replace("ü", "v").replace("u:", "v")
    stripped = "".join(c for c in unicodedata.normalize("NFD", term) if not unicodedata.combining(c))
    return re.sub(r"[\s'’\-_]", "", stripped)


def _syllable_match(t: Text, wanted: str) -> tuple[int, int] | None:
    """Characters [a, b) of ``t`` whose syllables spell ``wanted``, syllable to syllable,
    taking in at least one Chinese character."""
    syllables = t.syllables
    n = len(syllables)
    for a in range(n):
        if not syllables[a] or not wanted.startswith(syllables[a]) or not syllables[a].isalpha():
            continue
        pos, b = 0, a
        while b < n and pos < len(wanted):
            s = syllables[b]
            if not s.isalpha() or not wanted.startswith(s, pos):
                break
            pos += len(s)
            b += 1
        if pos == len(wanted) and has_han(t.text[a:b]):
            return a, b
    return None


def _initials_match(t: Text, wanted: str) -> tuple[int, int] | None:
    han = [(i, s[0]) for i, s in enumerate(t.syllables) if has_han(t.text[i]) and s[:1].isalpha()]
    initials = "".join(c for _, c in han)
    at = initials.find(wanted)
    if at < 0:
        return None
    return han[at][0], han[at + len(wanted) - 1][0] + 1


def _match(t: Text, term: str, folded: str, pinyin: str, initials_ok: bool) -> tuple[str, tuple[int, int]] | None:
    """How ``term`` matches ``t``: ('exact'|'text'|'pinyin'|'initials', span) or None."""
    if t.folded == folded:
        return "exact", (0, len(t.text))
    at = t.folded.find(folded)
    if at >= 0 and len(t.folded) == len(t.text):
        return "text", (at, at + len(folded))
    if at >= 0:
        return "text", (0, 0)
    if pinyin and has_han(t.text):
        span = _syllable_match(t, pinyin)
        if span:
            return "pinyin", span
        if initials_ok:
            span = _initials_match(t, pinyin)
            if span:
                return "initials", span
    return None


def prepare(terms: list[str]) -> list[Term]:
    """Each term as (text, case-folded, pinyin or "", may match initials, meaning); a
    UsageError for an empty term. Two neighbouring terms that describe figures together
    (top ten, growth rate) become one term."""
    terms = [term.strip() for term in terms]
    if not terms or not any(terms) or not all(terms):
        raise UsageError("empty search term: give at least one word, e.g. jiexiu search 焦化")
    prepared = []
    i = 0
    while i < len(terms):
        t = terms[i]
        if i + 1 < len(terms) and meaning(fold_search(f"{t} {terms[i + 1]}")) is not None:
            t = f"{t} {terms[i + 1]}"
            i += 1
        i += 1
        folded = fold_search(t)
        plain = folded if folded.isascii() else t  # ＧＤＰ is read as GDP
        ascii_letters = plain.isascii() and any(c.isalpha() for c in plain)
        pinyin = normalise_pinyin(plain) if (ascii_letters or not has_han(plain)) and not plain.isdigit() else ""
        pinyin = pinyin if pinyin.isalpha() else ""
        prepared.append(Term(fold(t), folded, pinyin, len(pinyin) >= 2, meaning(folded)))
    return prepared


class Item(NamedTuple):
    """What ranking reads of a figure: the compiled store hands these over without
    building whole figures for every candidate."""

    id: str
    indicator: str
    period: str
    source: str
    quote: Text
    kind: str
    status: str
    value: Decimal
    qualifier: str
    printed: str | None


class Ranked(NamedTuple):
    item: Item
    score: int
    matched: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]


def rank(
    names: dict[str, tuple[Text, ...]],
    items: Iterable[Item],
    prepared: list[Term],
    limit: int | None = 20,
    topics: dict[str, str] | None = None,
) -> list[Ranked]:
    """The items matching every term, best first (at most ``limit``); ``topics``: each
    indicator's topic, for the terms that name one."""
    best_for_indicator: dict[str, list[tuple[int, str]]] = {}
    ranked = []
    for item in items:
        per_term = best_for_indicator.get(item.indicator)
        if per_term is None:
            topic = topics.get(item.indicator) if topics else None
            per_term = best_for_indicator[item.indicator] = name_scores(names[item.indicator], prepared, topic)
        q = item.quote
        total = 0
        matched = []
        spans = []
        for k, (term, folded, pinyin, _, means) in enumerate(prepared):
            score, label = per_term[k]
            if means is not None and SCORES[means.label] > score and describes_item(means, item):
                score, label = SCORES[means.label], means.label
            m = _match(q, term, folded, pinyin, initials_ok=False)
            if m is not None:
                qlabel = "quote pinyin" if m[0] == "pinyin" else "quote"
                if m[1] != (0, 0):
                    spans.append(m[1])
                if SCORES[qlabel] > score:
                    score, label = SCORES[qlabel], qlabel
            if term == item.period and SCORES["period"] > score:
                score, label = SCORES["period"], "period"
            if not score:
                break
            total += score
            matched.append(label)
        else:
            ranked.append(Ranked(item, total, tuple(matched), tuple(sorted(set(spans)))))
    from jiexiu_cli.factbase.query import period_key

    ranked.sort(key=lambda r: (-r.score, r.item.indicator, period_key(r.item.period), r.item.source, r.item.id))
    return ranked[:limit] if limit else ranked


def describes_item(m: Meaning, item: Item) -> bool:
    """Whether the figure ``item`` is what ``m`` describes (a topic is the indicator's:
    :func:`name_scores` reads it)."""
    return m.label != "topic" and describes(m, None, item.kind, item.status, item.value, item.qualifier, item.printed)


def decided_by_names(per_term: list[tuple[int, str]]) -> bool:
    """Whether an indicator's names alone fix the score of each of its figures: every term
    matches a name better than any quote or period could (so the quote cannot change it)."""
    return all(score > SCORES["quote"] for score, _ in per_term)


def name_scores(texts: tuple[Text, ...], prepared: list[Term], topic: str | None = None) -> list[tuple[int, str]]:
    """For each term, the best (score, label) of an indicator's id, names and aliases, and
    of its ``topic`` where the term names that topic."""
    per_term = []
    for term, folded, pinyin, initials_ok, means in prepared:
        best = (0, "")
        if means is not None and means.label == "topic" and means.topic == topic:
            best = (SCORES["topic"], "topic")
        for i, name in enumerate(texts):
            m = _match(name, term, folded, pinyin, initials_ok)
            if m is None:
                continue
            field = "name" if i < 3 else "alias"
            label = {"exact": f"exact {field}", "text": field, "pinyin": f"{field} pinyin", "initials": "initials"}[
                m[0]
            ]
            score = SCORES[label]
            if score > best[0]:
                best = (score, label)
        per_term.append(best)
    return per_term

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

1. ``layers.py``: the raw text -> what a reader sees (HTML, BBCode, Markdown taken
   out; Traditional and full-width folded), each character traced to the raw file;
2. ``rules.py`` and ``tables.py``: non-figures, and what each table cell is;
3. ``context.py``: the document's title, date, publisher, the year it reports on,
   and the period phrase nearest each number;
4. ``text.py``: lines and their sections, clauses, sentences, quotes' occurrences;
5. ``reading.py``: each number read (unit, qualifier, sign, kind, status);
   ``nonfigures.py``: each number that is not a figure, and why;
6. this module: the pipeline, each candidate quoted and given its period;
7. ``mark.py``: candidates marked against a fact base; ``files.py``: the
   articles read from files or standard input (the only module of these that does).

Quotes, offsets and line:column always refer to the raw text, so a quote is a verbatim
substring of the file (tags inside a clause stay in its quote; a number split by
markup, ``[b]20[/b][b]22[/b]``, is printed with its tags). This module is pure: it
neither prints nor reads files (:mod:`jiexiu_cli.analysis.extract.files` does).
"""

from __future__ import annotations

import re
from dataclasses import replace

from jiexiu_cli.analysis.extract.context import attributive_period, document, period_before, respective_period
from jiexiu_cli.analysis.extract.layers import visible
from jiexiu_cli.analysis.extract.model import Candidate, Extraction, NonFigure
from jiexiu_cli.analysis.extract.nonfigures import hidden_non_figure, non_figure, not_a_figure
from jiexiu_cli.analysis.extract.reading import (
    Reading,
    difference_sign,
    gap_words,
    is_fall,
    kind_of,
    masked,
    qualifier_before,
    qualify,
    read_number,
    status_of,
    unit_as_printed,
)
from jiexiu_cli.analysis.extract.rules import (
    CUMULATIVE_WORDS,
    DIFFERENCE,
    PERCENT_UNITS,
    SPAN_END,
    TARGET_GAP,
    YEAR,
    rule_spans,
)
from jiexiu_cli.analysis.extract.tables import Cell, tables
from jiexiu_cli.analysis.extract.text import (
    CLAUSE_BREAKS,
    SENTENCE_BREAKS,
    Article,
    Line,
    breaks,
    cell_at,
    nth_in,
    occurrence,
    raw_tokens_in,
    section_lines,
    span_around,
    subject_start,
    trimmed,
)
from jiexiu_cli.core.numbers import Token, line_col, tokenize

_PLAIN_NUMBER = r"[0-9]+(?:\.[0-9]+)?"


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
    art = Article(
        raw=text,
        v=v,
        doc=doc,
        default=period or doc.period,
        raw_tokens=(raw_tokens := tokenize(text)),
        token_starts=[t.start for t in raw_tokens],
        spans=rule_spans(v.folded),
        cells=cells,
        cell_index=sorted(cells),
        lines=section_lines(v.folded, doc),
        clause_brk=breaks(v.text, CLAUSE_BREAKS),
        sentence_brk=breaks(v.text, SENTENCE_BREAKS),
        words=masked(v.folded),
    )
    candidates: list[Candidate] = []
    non_figures: list[NonFigure] = []
    owned: set[int] = set()
    previous: tuple[Reading, str, str | None] | None = None
    for tok in tokenize(v.folded):
        raw_ids = tuple(i for i in raw_tokens_in(art, tok) if i not in owned)
        if not raw_ids:
            continue  # a numeral that only folding made (none: tokenize reads both scripts alike)
        owned.update(raw_ids)
        clause = trimmed(v.folded, *span_around(art.clause_brk, tok.start, tok.end), (tok.start, tok.end))
        cell = cell_at(art, tok.start)
        reason = not_a_figure(art, tok, cell)
        if reason is None:
            try:
                reading = read_number(v.folded, tok)
            except (ValueError, ArithmeticError):  # 两两, 1/0
                reason = "does not read as a number"
        if reason is not None:
            non_figures.append(non_figure(art, raw_ids, tok, reason, clause))
            previous = None
            continue
        c = _candidate(art, tok, raw_ids, reading, cell, previous)
        candidates.append(c)
        clause = trimmed(v.folded, *span_around(art.clause_brk, reading.start, reading.end), (reading.start, tok.end))
        before = qualifier_before(v.folded, reading.start, clause[0])
        previous = (reading, before[0] if before else "", before[1] if before else None)
    for i, t in enumerate(art.raw_tokens):
        if i not in owned:
            non_figures.append(hidden_non_figure(art, i, t))
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


def _candidate(
    art: Article,
    tok: Token,
    raw_ids: tuple[int, ...],
    r: Reading,
    cell: Cell | None,
    previous: tuple[Reading, str, str | None] | None,
) -> Candidate:
    v, f = art.v, art.v.folded
    clause = trimmed(f, *span_around(art.clause_brk, r.start, r.end), (r.start, tok.end))
    sentence = span_around(art.sentence_brk, r.start, r.end)
    line = art.lines[line_col(f, tok.start)[0] - 1]
    unit = unit_as_printed(v, r)
    unit_from = None
    label = None
    if cell is not None:
        clause = (cell.start, cell.end)
        label = cell.label
        if not unit and cell.unit is not None:
            unit, unit_from = cell.unit, cell.unit_from
        elif not unit and f[tok.end : cell.end].strip().startswith(("%", "‰")):
            unit = v.text[tok.end : cell.end].strip()
    qualifier, qualifier_zh = qualify(f, r, clause, sentence, line, previous)
    status = status_of(f, r, sentence, line)
    gap = difference_sign(art.words, r, clause, TARGET_GAP) if cell is None else None
    versus = difference_sign(art.words, r, clause, DIFFERENCE) if cell is None and gap is None else None
    falls = is_fall(art.words, r, clause, unit) if gap is None and versus is None else False
    value = -r.value if falls or (gap or versus or 1) < 0 else r.value
    if gap is not None:
        kind = "target_gap"
        if qualifier == "exact" and qualifier_zh is None:  # the words that say it (超任务, 与任务相差)
            qualifier_zh = gap_words(v, art.words, r, clause)
    elif versus is not None and not r.kind:
        kind = "change"
    elif cell is not None and cell.kind is not None and not r.kind:
        kind = cell.kind
    elif falls:
        kind = ("change" if "点" in unit else "growth_rate") if unit in PERCENT_UNITS else "change"
    else:
        kind = kind_of(art.words, r, unit, clause, sentence)
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
        q0 = subject_start(f, clause, sentence, r.start, art.clause_brk)
        q = trimmed(f, q0, clause[1], (min(p0, tok.start), max(p1, tok.end)))
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
        quote_nth=occurrence(art.raw, quote, quote_start),
        nth=nth_in(quote, quote_start, shown_text, shown_start, art.raw_tokens),
        line=ln,
        column=col,
        tokens=raw_ids,
        label=label,
        unit_from=unit_from,
    )


def _period(art: Article, tok: Token, r: Reading, line: Line, cell: Cell | None) -> str | None:
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
    sentence = span_around(art.sentence_brk, r.start, r.end)[0]
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


def plan_period(name: str) -> str | None:
    """'十四五' -> '2021-2025' (the Nth Five-Year Plan; from the third, 1966-1970, on)."""
    from jiexiu_cli.core import periods

    if not re.fullmatch(r"十[一二三四五六七八九]五", name):
        return None
    n = 10 + "一二三四五六七八九".index(name[1]) + 1
    return str(periods.plan(n))

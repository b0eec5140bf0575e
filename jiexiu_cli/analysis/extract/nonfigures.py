"""Why a number token is not a figure (a rule's span, a table's row number, a section
number, a name in quotation marks, markup no reader sees), and the :class:`NonFigure`
that says so, with the context that pins it for a fact base's exclusion."""

from __future__ import annotations

import re

from jiexiu_cli.analysis.extract.model import NonFigure
from jiexiu_cli.analysis.extract.rules import QUOTED
from jiexiu_cli.analysis.extract.tables import Cell
from jiexiu_cli.analysis.extract.text import Article, nth_in, occurrence
from jiexiu_cli.core.numbers import Token, line_col, line_start
from jiexiu_cli.core.units import longest_unit


def not_a_figure(art: Article, tok: Token, cell: Cell | None) -> str | None:
    for span in art.spans:
        if span.start <= tok.start and tok.end <= span.end:
            return span.reason
    if cell is not None and cell.row_number:
        return "row number of a table (序号)"
    if (tok.start in art.v.joins and tok.start > 0 and art.v.folded[tok.start - 1] == "\n") or _tag_section(art, tok):
        return "section number"
    return _quoted_name(art.v.folded, tok)


def _tag_section(art: Article, tok: Token) -> bool:
    """<p><strong>1</strong>突出争先进位: a number alone in its element at a line's start."""
    f = art.v.folded
    return (
        tok.kind == "arabic"
        and len(tok.text) <= 2
        and not f[line_start(f, tok.start) : tok.start].strip()
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


def non_figure(art: Article, raw_ids: tuple[int, ...], tok: Token, reason: str, clause: tuple[int, int]) -> NonFigure:
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
            context_nth=occurrence(art.raw, context, context_start),
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


def _one_token_non_figure(art: Article, i: int, reason: str, a: int, context: str) -> NonFigure:
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
        context_nth=occurrence(art.raw, context, a),
        nth=nth_in(context, a, t.text, t.start, art.raw_tokens),
        line=ln,
        column=col,
        tokens=(i,),
    )


def hidden_non_figure(art: Article, i: int, t: Token) -> NonFigure:
    """A raw token no reader sees (inside a tag, a link's address, front matter)."""
    from jiexiu_cli.analysis.extract.rules import SPAN_RULES

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
        a = line_start(art.raw, t.start)
        line_end = art.raw.find("\n", t.end)
        context = art.raw[a : line_end if line_end >= 0 else len(art.raw)].rstrip("\r")
        return _one_token_non_figure(art, i, reason, a, context)
    return _one_token_non_figure(art, i, reason, hidden.start, span)

"""A command's human view -> a Markdown table (its HTML shown as text, highlights in bold)."""

from __future__ import annotations

from collections.abc import Iterator

from jiexiu_cli.core import safe
from jiexiu_cli.present.render import Cell, Marked, Result


def _md_cell(cell: Cell) -> str:
    """A markdown table cell: the text safe to print, its HTML shown as text (an article's
    ``<strong>`` is part of the quote, a stranger's ``<img onerror>`` must not run), pipes
    and backslashes escaped, highlights in bold."""
    if isinstance(cell, Marked):
        text, pos = [], 0
        for a, b in cell.spans:
            text.append(_md_text(cell.text[pos:a]))
            text.append(f"**{_md_text(cell.text[a:b])}**")
            pos = b
        text.append(_md_text(cell.text[pos:]))
        return "".join(text)
    return _md_text(cell)


def _md_text(text: str) -> str:
    text = safe.cell(text).replace("\\", "\\\\").replace("|", "\\|")
    # a backslash before < and & keeps a tag, an autolink (<javascript:…>) or an entity
    # (&#x202e;) from the data as text when the markdown is rendered
    return text.replace("<", "\\<").replace("&", "\\&").replace("\n", "<br>")


def to_markdown(result: Result) -> str:
    return "".join(iter_markdown(result))


def iter_markdown(result: Result) -> Iterator[str]:
    """``to_markdown`` a line at a time (a table of 100,000 rows is written as it is made,
    never held whole as text)."""
    if result.title:
        yield f"**{_md_cell(safe.line(result.title))}**\n\n"
    yield "| " + " | ".join(_md_cell(safe.line(c)) for c in result.columns) + " |\n"
    yield "|" + "|".join(" --- " for _ in result.columns) + "|\n"
    for row in result.rows:
        yield "| " + " | ".join(_md_cell(c) for c in row) + " |\n"
    if result.footnotes:
        yield "\n"
        for n in result.footnotes:
            yield f"{_md_cell(safe.line(n))}  \n"

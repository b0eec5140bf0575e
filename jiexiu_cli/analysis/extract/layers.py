"""An article as its reader sees it: markup taken out, every character traced to the file.

Articles come as plain text, HTML (tags, entities, tables), BBCode (forum posts:
``[b]``, ``[color=rgb(51, 51, 51)]``, ``[size=3]``, ``[table][tr][td]``), Markdown
(``**``, links, images, front matter) and mixtures of them (a forum page saved with its
BBCode, a Markdown file with HTML in it). :func:`visible` reads one pass over the raw
text and gives

* ``text``: what a reader sees, characters as printed; markup is removed, block
  elements (``<p>``, ``<br>``, ``<tr>``, ``[p]``) become line breaks and table cells
  (``<td>``, ``[td]``) tabs, so every layout reaches the rules as lines and cells (a
  paragraph inside a cell, as Word writes ``<td><p>原煤</p></td>``, is a space);
* ``folded``: the same text with both scripts and both widths folded (``hanzi.fold``:
  億 -> 亿, ８６ -> 86), one character for one: what the rules read;
* for each visible character the span of the raw text it came from (an entity such
  as ``&amp;`` is one character from five), so quotes, line:column and offsets always
  point into the file as given;
* the hidden stretches (tags, attributes, URLs of links, front matter) with the reason
  their numbers are not figures.

A number split by markup (``[b]20[/b][b]2[/b][b]2[/b]``) is one number in ``text``
(2022), whose raw span holds the tags between its digits.

Why not an HTML parser: positions back into the raw text are what extract needs.
Measured here (benchmarks/extract_eval.py --libraries): stdlib ``html.parser`` reports
a (line, column) per event but decodes entities only with ``convert_charrefs`` off and
is slow to import with its entity tables (CHANGELOG); selectolax and lxml give no column at
all (lxml a line per element). Tag syntax is regular enough for one regular expression,
which also reads BBCode and Markdown, which no HTML parser does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: HTML elements that start a new line (a paragraph, a row, a heading …)
_BLOCK_NAMES = (
    "p div br li ul ol tr table thead tbody tfoot caption h1 h2 h3 h4 h5 h6 section article header footer "
    "blockquote pre hr title dt dd dl center nav aside main form option figure figcaption address"
)
BLOCK_TAGS = frozenset(_BLOCK_NAMES.split())
#: table cells: a tab between them
CELL_TAGS = frozenset({"td", "th"})
#: elements that end a cell's content
_ROW_TAGS = frozenset({"tr", "table", "thead", "tbody", "tfoot", "caption"})
_BB_NAMES = (
    r"b|i|u|s|strike|color|size|font|backcolor|align|left|center|right|indent|float|p|url|email|"
    r"quote|code|table|tr|td|th|list|li|ul|ol|\*|hr|sup|sub|hide|free|h[1-6]|pre|spoiler|highlight|qq"
)
_BB_BLOCK_NAMES = "align left center right indent float p quote code table tr list li ul ol * hr pre"
_BB_BLOCK = frozenset(_BB_BLOCK_NAMES.split())

_PATTERN = (
    r"(?P<comment><!--.*?(?:-->|\Z))"
    r"|(?P<script><(?P<sname>script|style)\b[^>]*>.*?(?:</(?P=sname)\s*>|\Z))"
    r"|(?P<tag></?(?P<tname>[A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>)"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|(?P<bbmedia>\[(?P<mname>img|attach|attachimg|media|flash|audio|video)\b[^\]\n]*\].*?\[/(?P=mname)\])"
    rf"|(?P<bb>\[/?(?P<bname>{_BB_NAMES})(?:=[^\]\n]*)?\])"
    r"|(?P<mdimage>!\[[^\]\n]*\]\([^)\n]*\))"
    r"|(?P<mdlink>\[(?P<ltext>[^\]\n]+)\]\((?P<url>[^)\s]*)(?:\s+\"[^\"\n]*\")?\))"
    r"|(?P<emph>\*\*|__|~~|`+)"
)
_FRONT_MATTER = r"\A---[ \t]*\r?\n.*?\n---[ \t]*(?:\r?\n|\Z)"


@dataclass(frozen=True, slots=True)
class Hidden:
    """A stretch of the raw text no reader sees, and why its numbers are not figures."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True, slots=True)
class Visible:
    """The visible text of ``raw``, with each character's raw span."""

    raw: str
    text: str
    folded: str
    starts: list[int]  # raw offset where visible character i starts; one more: len(raw)
    ends: list[int]  # raw offset where it ends
    hidden: tuple[Hidden, ...]
    joins: frozenset[int]  # visible offsets right after inline markup (<strong>, [b]) was taken out
    synthetic: frozenset[int]  # visible offsets of the line breaks and tabs that stand for markup

    def raw_span(self, a: int, b: int) -> tuple[int, int]:
        """The raw span of visible characters [a, b)."""
        if b <= a:
            return self.starts[a], self.starts[a]
        return self.starts[a], self.ends[b - 1]

    def raw_text(self, a: int, b: int) -> str:
        s, e = self.raw_span(a, b)
        return self.raw[s:e]


def visible(raw: str) -> Visible:
    """The visible text of an article (see the module docstring)."""
    from jiexiu_cli.core.hanzi import fold

    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    hidden: list[Hidden] = []
    joins: set[int] = set()
    synthetic: set[int] = set()

    def keep(a: int, b: int) -> None:
        if a >= b:
            return
        out.append(raw[a:b])
        starts.extend(range(a, b))
        ends.extend(range(a + 1, b + 1))

    def stand_in(char: str, a: int, b: int) -> None:
        synthetic.add(len(starts))
        out.append(char)
        starts.append(a)
        ends.append(b)

    def hide(a: int, b: int, reason: str, block: str = "") -> None:
        if a >= b:
            return
        hidden.append(Hidden(a, b, reason))
        if block == "\t" and starts and not out[-1].endswith(("\n", "\t")):
            stand_in("\t", a, b)
        elif block == "\n":
            stand_in("\n", a, b)
        elif block == " ":
            if starts and not out[-1][-1:].isspace():
                stand_in(" ", a, b)
        elif not block:
            joins.add(len(starts))

    in_cell = False
    pos = 0
    fm = re.match(_FRONT_MATTER, raw, re.DOTALL)
    if fm:
        hide(0, fm.end(), "front matter (metadata), not the article's text", "\n")
        pos = fm.end()
    cursor = pos
    for m in re.finditer(_PATTERN, raw[pos:] if pos else raw, re.DOTALL | re.IGNORECASE):
        a, b = m.start() + pos, m.end() + pos
        if m.lastgroup in ("sname", "tname", "mname", "bname", "ltext", "url"):
            kind = next(k for k in ("script", "tag", "bbmedia", "bb", "mdlink") if m.group(k) is not None)
        else:
            kind = m.lastgroup or ""
        keep(cursor, a)
        if kind == "comment":
            hide(a, b, "inside an HTML comment", "\n")
        elif kind == "script":
            hide(a, b, "inside an HTML script or style", "\n")
        elif kind == "tag":
            name = m.group("tname").lower()
            closing = m.group().startswith("</")
            if name in CELL_TAGS:
                in_cell = not closing
            elif name in _ROW_TAGS:
                in_cell = False
            block = "\t" if name in CELL_TAGS and not closing else ""
            if name in BLOCK_TAGS:
                # a paragraph or a break inside a cell (Word's <td><p>原煤</p></td>) is a space:
                # the row stays one line of cells
                block = " " if in_cell else "\n"
            hide(a, b, "inside an HTML tag", block)
        elif kind == "entity":
            import html

            decoded = html.unescape(m.group())
            hidden.append(Hidden(a, b, "an HTML character reference"))
            for ch in decoded:
                out.append(ch)
                starts.append(a)
                ends.append(b)
        elif kind == "bbmedia":
            hide(a, b, "an image or attachment (BBCode)", "\n")
        elif kind == "bb":
            name = m.group("bname").lower()
            block = "\t" if name in CELL_TAGS and not m.group().startswith("[/") else ""
            block = "\n" if name in _BB_BLOCK else block
            hide(a, b, "inside a BBCode tag", block)
        elif kind == "mdimage":
            hide(a, b, "a Markdown image", "\n")
        elif kind == "mdlink":
            t0, t1 = m.start("ltext") + pos, m.end("ltext") + pos
            hide(a, t0, "a Markdown link")
            keep(t0, t1)
            hide(t1, b, "part of a web address (a Markdown link)")
        else:  # emphasis marks
            hide(a, b, "a Markdown mark")
        cursor = b
    keep(cursor, len(raw))
    text = "".join(out)
    starts.append(len(raw))
    folded = fold(text).replace("\r", " ").replace("\xa0", " ")
    return Visible(raw, text, folded, starts, ends, tuple(hidden), frozenset(joins), frozenset(synthetic))

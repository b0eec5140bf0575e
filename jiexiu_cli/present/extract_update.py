"""`jiexiu extract FILE --update FACTS.yaml`: the new candidates merged into a fact-base
file a curator is editing, without touching a byte of what is there.

PyYAML cannot write a file back with its comments, so nothing is rewritten: the new
blocks (as ``--format yaml`` writes them) are inserted as text after the last entry of
their section (a section the file lacks is appended), indented as the section's entries
are. What the file already holds is read from its YAML node tree, by the rules verify
counts by: a figure's quote and number, an exclusion's context and token. Those tokens are
not offered again, so a second run adds nothing. The new text is parsed again and must
hold every old entry and every new one before it replaces the file (a temporary file in
the same folder, then ``os.replace``: never a half-written file).

The file may be half curated (an ``indicator: ""`` still to fill); it must be a fact-base
file: YAML whose top level maps the five sections to lists of records with known keys.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from jiexiu_cli.analysis.extract.mark import excluded_by, figure_tokens
from jiexiu_cli.analysis.extract.model import Extraction
from jiexiu_cli.core.errors import DataError
from jiexiu_cli.core.model import Exclusion, Figure, Indicator, Location

_SCHEMAS = ("sources", "indicators", "figures", "exclusions", "checks")


@dataclass
class _Section:
    key_line: int  # 0-based line of ``figures:``
    items: list[Any]  # the sequence's item nodes
    value: Any  # the value node (None for ``figures:`` with nothing after it)
    flow: bool  # written ``[]``


def _schema(name: str) -> dict[str, Any]:
    from jiexiu_cli.factbase.fact_schema import (
        CHECK_SCHEMA,
        EXCLUSION_SCHEMA,
        FIGURE_SCHEMA,
        INDICATOR_SCHEMA,
        SOURCE_SCHEMA,
    )

    schemas: dict[str, dict[str, Any]] = {
        "sources": SOURCE_SCHEMA,
        "indicators": INDICATOR_SCHEMA,
        "figures": FIGURE_SCHEMA,
        "exclusions": EXCLUSION_SCHEMA,
        "checks": CHECK_SCHEMA,
    }
    return schemas[name]


def _plain(node: Any) -> Any:
    """A node as plain data, every scalar as its text (a value keeps its printed digits)."""
    import yaml

    if isinstance(node, yaml.MappingNode):
        return {k.value: _plain(v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}
    if isinstance(node, yaml.SequenceNode):
        return [_plain(v) for v in node.value]
    return node.value


def read_structure(text: str, shown: str) -> tuple[dict[str, _Section], dict[str, list[dict[str, Any]]]]:
    """The sections of a fact-base file and their records as plain data, or a DataError
    (with file:line:column) saying why the file is none."""
    import yaml

    from jiexiu_cli.factbase.fact_schema import SECTIONS
    from jiexiu_cli.factbase.yaml_reader import Reader, compose

    document = compose(text, shown)
    r = Reader(shown)
    sections: dict[str, _Section] = {}
    records: dict[str, list[dict[str, Any]]] = {}
    for key, key_node, value_node in r.mapping(document, "a fact-base file"):
        if key not in SECTIONS:
            raise r.fail(key_node, f"unknown section {key!r} (a fact-base file has: {', '.join(SECTIONS)})")
        null = isinstance(value_node, yaml.ScalarNode) and value_node.tag.endswith(":null") and not value_node.value
        if null:
            sections[key] = _Section(key_node.start_mark.line, [], None, False)
            records[key] = []
            continue
        items = r.sequence(value_node, key)
        if value_node.flow_style and items:
            raise r.fail(value_node, f"{key} is written in flow style ([...]); --update appends to block lists only")
        schema = _schema(key)
        for item in items:
            for k, k_node, _v in r.mapping(item, f"an entry of {key}"):
                if k not in schema:
                    raise r.fail(k_node, f"unknown key {k!r} in an entry of {key}")
        sections[key] = _Section(key_node.start_mark.line, items, value_node, bool(value_node.flow_style))
        records[key] = [_plain(item) for item in items]
    if not sections:
        raise r.fail(document, "a fact-base file needs at least one of: " + ", ".join(SECTIONS))
    return sections, records


def _held(ex: Extraction, records: dict[str, list[dict[str, Any]]], shown: str) -> Extraction:
    """The extraction with the tokens the file already holds as figures or exclusions."""
    sources = [s for s in records.get("sources", []) if isinstance(s, dict)]
    default = sources[0].get("file") if len(sources) == 1 else None
    where = Location(shown, 0, 0)

    def mine(rec: dict[str, Any]) -> bool:
        return rec.get("source", default) == ex.name

    figures = []
    for rec in records.get("figures", []):
        if isinstance(rec, dict) and mine(rec) and isinstance(rec.get("quote"), str):
            shown_number = rec.get("printed") or rec.get("value")
            if not isinstance(shown_number, str):
                continue
            figures.append(
                Figure(
                    id="",
                    indicator="",
                    period="",
                    value=Decimal(0),  # located by its printed text alone
                    unit="",
                    qualifier="exact",
                    status="actual",
                    kind="level",
                    quote=rec["quote"],
                    quote_nth=_int(rec.get("quote_nth")),
                    nth=_int(rec.get("nth")) or 1,
                    source=ex.name,
                    at=where,
                    printed=shown_number,
                )
            )
    exclusions = [
        Exclusion(
            source=ex.name,
            context=rec["context"],
            reason=str(rec.get("reason", "")),
            at=where,
            text=rec.get("text") if isinstance(rec.get("text"), str) else None,
            context_nth=_int(rec.get("context_nth")),
            nth=_int(rec.get("nth")) or 1,
            all=str(rec.get("all", "")).lower() == "true",
        )
        for rec in records.get("exclusions", [])
        if isinstance(rec, dict) and mine(rec) and isinstance(rec.get("context"), str)
    ]
    figured = figure_tokens(ex.text, figures)
    candidates = tuple(c for c in ex.candidates if not (set(c.tokens or (c.token,)) & set(figured)))
    return replace(
        ex,
        candidates=candidates,
        figured=ex.figured | frozenset(figured),
        excluded={**ex.excluded, **excluded_by(ex.text, exclusions)},
    )


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _indicators(records: dict[str, list[dict[str, Any]]]) -> list[Indicator]:
    out = []
    for rec in records.get("indicators", []):
        if isinstance(rec, dict) and isinstance(rec.get("id"), str) and isinstance(rec.get("name_zh"), str):
            listed = rec.get("aliases")
            aliases: list[Any] = listed if isinstance(listed, list) else []
            out.append(
                Indicator(
                    rec["id"],
                    rec["name_zh"],
                    str(rec.get("name_en") or ""),
                    tuple(a for a in aliases if isinstance(a, str)),
                    "",
                    Location("", 0, 0),
                )
            )
    return out


def lenient_vocabulary(data: Path) -> tuple[list[Indicator], list[str]]:
    """The indicators (id, names, aliases) and the places (of sources and figures, and
    universes) of every file of a fact base that is a fact-base file in shape, read without
    the loader's checks: what extract proposes from when the fact base does not load (a
    file half curated, an indicator still to define). A file that cannot be read is passed
    over; nothing here raises."""
    from jiexiu_cli.factbase.data_path import display_path, fact_base, root_of
    from jiexiu_cli.factbase.text_files import read_text

    try:
        files, roots = fact_base(data)  # an included base's files too, each in its own tree
    except DataError:
        return [], []
    out: list[Indicator] = []
    places: set[str] = set()
    for path in files:
        try:
            root = root_of(os.path.realpath(path), roots)
            _sections, records = read_structure(read_text(path, "fact-base file", within=(root,)), display_path(path))
        except DataError:
            continue
        out += _indicators(records)
        for rec in [*records.get("sources", []), *records.get("figures", [])]:
            places.update(v for k in ("place", "universe") if isinstance(v := rec.get(k), str) and v)
    return out, sorted(places)


def update(
    target: Path,
    exs: list[Extraction],
    articles: dict[str, str],
    known_sources: set[str],
    indicators: Iterable[Indicator],
    places: Iterable[str],
) -> str:
    """Insert the new entries of ``exs`` into the fact-base file ``target``; what was done,
    in one line. ``articles``: each extraction's name -> the article's path (its source's
    ``text:`` is written relative to ``target``)."""
    from jiexiu_cli.factbase.data_path import display_path
    from jiexiu_cli.factbase.text_files import read_bytes
    from jiexiu_cli.present.extract_view import propose

    shown = display_path(target)
    real = os.path.realpath(target)
    data = read_bytes(target, "fact-base file")
    bom = data.startswith(b"\xef\xbb\xbf")
    from jiexiu_cli.factbase.text_files import decode_utf8

    text = decode_utf8(data, shown)
    sections, records = read_structure(text, shown)
    known = set(known_sources)
    for s in records.get("sources", []):
        for ex in exs:
            if s.get("file") == ex.name and s.get("sha256") not in (None, ex.sha256):
                raise DataError(
                    f"source {ex.name!r} has another sha256 here: the article changed? (--update adds to an article's"
                    " own entries only)",
                    shown,
                )
            if s.get("file") == ex.name:
                known.add(ex.sha256)
    exs = [_held(ex, records, shown) for ex in exs]
    folder = os.path.dirname(real)
    texts = {name: os.path.relpath(os.path.realpath(path), folder) for name, path in articles.items()}
    p = propose(exs, known, [*indicators, *_indicators(records)], places, texts, only_new=True)
    blocks = {
        "sources": [b for b in p.sources if not b[0].lstrip().startswith("#")],
        "figures": p.figures,
        "exclusions": p.exclusions,
    }
    if not any(blocks.values()):
        return f"{shown}: nothing new to add (every number of the article is a figure or an exclusion there)"
    new_text = _inserted(text, sections, blocks, p.indicators)
    _check(new_text, shown, records, blocks)
    _write(real, (b"\xef\xbb\xbf" if bom else b"") + new_text.encode("utf-8"), shown)
    parts = [
        f"{len(blocks['figures'])} figure(s)",
        f"{len(blocks['exclusions'])} exclusion(s)",
        f"{len(blocks['sources'])} source(s)",
    ]
    if p.indicators:
        parts.append(f"{len(p.indicators)} proposed indicator(s) as comments")
    if p.skipped:
        parts.append(f"{p.skipped} excluded token(s) not offered again")
    return f"{shown}: added " + ", ".join(parts)


def _end_line(node: Any) -> int:
    """The 0-based line after which a node's text ends (a block scalar ends at the next line's start)."""
    import yaml

    while isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.value:
        node = node.value[-1][1] if isinstance(node, yaml.MappingNode) else node.value[-1]
    line: int = node.end_mark.line
    return line - 1 if node.end_mark.column == 0 else line


def _reindent(block: list[str], dash: int) -> list[str]:
    """A block written with its dash in column 2, moved to column ``dash``."""
    shift = dash - 2
    if shift >= 0:
        return [" " * shift + line for line in block]
    return [line[min(-shift, len(line) - len(line.lstrip(" "))) :] for line in block]


def _dash_column(lines: list[str], item: Any) -> int:
    line = lines[item.start_mark.line]
    head = line[: item.start_mark.column].rstrip()
    return len(head) - 1 if head.endswith("-") else 2


def _inserted(
    text: str, sections: dict[str, _Section], blocks: dict[str, list[list[str]]], proposed: list[list[str]]
) -> str:
    """The text with the new blocks inserted after the last entry of their sections; every
    line that was there is kept as it was (its own line ending too), except an empty flow
    list (``figures: []``) that becomes ``figures:`` to take entries."""
    cr = "\r" if "\r\n" in text else ""
    lines = text.split("\n")  # each keeps its \r; the last is "" when the text ends with \n
    after: dict[int, list[str]] = {}
    appended: list[str] = []
    notes = (
        ["# proposed indicators (no indicator's name or alias is in their figures' quotes): uncomment, fill in"]
        + ["#   name_en and topic, and move them under indicators: (or give the figures an existing id)"]
        + [line for block in proposed for line in block]
        if proposed
        else []
    )
    for name in ("sources", "figures", "exclusions"):
        entries = blocks[name]
        if name == "figures" and notes:
            entries = [notes, *entries]
        if not entries:
            continue
        sec = sections.get(name)
        if sec is None:
            appended += [f"{name}:", *(line for block in entries for line in block)]
            continue
        if sec.items:
            dash = _dash_column(lines, sec.items[0])
            at = _end_line(sec.items[-1])
        else:
            dash, at = 2, sec.key_line
            if sec.flow:  # figures: [] -> figures:
                line = lines[at]
                a, b = sec.value.start_mark.column, sec.value.end_mark.column
                lines[at] = line[:a].rstrip() + line[b:].rstrip("\r").rstrip() + ("\r" if line.endswith("\r") else "")
        after.setdefault(at, []).extend(line for block in entries for line in _reindent(block, dash))
    ends = lines[-1] == ""
    if ends:
        lines.pop()
    out: list[str] = []
    for i, line in enumerate(lines):
        new = after.get(i, [])
        if new and i == len(lines) - 1 and not ends:
            line, ends = line + cr, True  # the last line gets its line ending, as the new ones have
        out.append(line)
        out += [n + cr for n in new]
    if appended:
        if out and not ends:
            out[-1] += cr  # the last line gets its line ending, so the new section starts on its own
            ends = True
        out += [new + cr for new in appended]
    return "\n".join(out) + ("\n" if ends or appended else "")


def _check(new_text: str, shown: str, old: dict[str, list[dict[str, Any]]], blocks: dict[str, list[list[str]]]) -> None:
    """The file as it will be: still a fact-base file, holding every old record unchanged and
    every new one; else nothing is written."""
    try:
        _sections, records = read_structure(new_text, shown)
    except DataError as e:
        raise DataError(f"cannot merge into this file without rewriting it ({e}); nothing written", shown) from None
    for name in ("sources", "figures", "exclusions"):
        added = sum(1 for b in blocks[name] if any(line.lstrip().startswith("- ") for line in b))
        before, now = old.get(name, []), records.get(name, [])
        if len(now) != len(before) + added or any(r not in now for r in before):
            raise DataError(f"cannot merge {name} into this file without rewriting it; nothing written", shown)


def _write(real: str, data: bytes, shown: str) -> None:
    """Replace the file at once: a temporary file beside it, synced, then renamed over it."""
    folder = os.path.dirname(real)
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".jiexiu-update-", suffix=".tmp")
    except OSError as e:
        raise DataError(f"cannot write beside it: {e.strerror or e}", shown) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, os.stat(real).st_mode & 0o7777)
        os.replace(tmp, real)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise DataError(f"cannot write it: {e.strerror or e}", shown) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise

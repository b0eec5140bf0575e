"""One fact-base file -> its records, checked on their own, with file:line:column in every
error, and every problem of a file found in one reading (a record with a problem is left
out); a folder of them -> the fact base (through the compiled store's rules across files).

Reading the bytes is ``text_files.py``, composing the YAML and reading it against a schema
``yaml_reader.py``, the schemas ``fact_schema.py``.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from jiexiu_cli.core.errors import DataError
from jiexiu_cli.core.model import Check, Exclusion, FactBase, Figure, Indicator, Location, Source
from jiexiu_cli.core.vocabulary import STATUSES
from jiexiu_cli.factbase.data_path import display_path, fact_base, is_inside, shipped_seeds
from jiexiu_cli.factbase.fact_schema import (
    CHECK_SCHEMA,
    EXCLUSION_SCHEMA,
    FIGURE_SCHEMA,
    INDICATOR_SCHEMA,
    SECTIONS,
    SOURCE_SCHEMA,
    period_of,
)
from jiexiu_cli.factbase.text_files import decode_utf8, read_text
from jiexiu_cli.factbase.yaml_reader import Reader, Several, compose, position

_NEGATIVE_KINDS = ("growth_rate", "change", "target_gap")
#: kinds that are measured within a whole (a rank within 晋中, a share of 晋中's total)
_UNIVERSE_KINDS = ("rank", "share")
#: qualifier words that mean "more than, less than the next step" (420余, 3000多): over_about
_MORE_THAN_WORDS = ("余", "多", "餘")
#: a share's unit -> the largest value on its scale
_SHARE_SCALES = {"%": Decimal(100), "％": Decimal(100), "‰": Decimal(1000), "": Decimal(1)}


# ---------------------------------------------------------------- one file


@dataclass
class FileContent:
    sources: list[Source]
    indicators: list[Indicator]
    figures: list[Figure]
    exclusions: list[Exclusion]
    checks: list[Check] = field(default_factory=list)
    #: (kind, name) of each source, indicator or figure that is a problem itself, so that a
    #: reference to it is not one more ("source", "indicator", "figure")
    broken: list[tuple[str, str]] = field(default_factory=list)


def load_file(
    path: Path, root: str | None = None, data: bytes | None = None, problems: list[DataError] | None = None
) -> FileContent:
    """One fact-base file, validated on its own (references are checked across files).

    ``root`` is the fact base's folder tree (:func:`~jiexiu_cli.factbase.data_path.fact_root` of what
    ``--data`` names; every reader passes it), else the file's own folder. The file, and
    every article it names (relative to the file's real folder), must resolve inside it,
    or, for articles, among the shipped seeds. ``data``: the file's bytes, where the
    caller has read them already, inside ``root`` (to hash what it parses).

    Every problem of the file is found in one reading: a record with a problem is left out
    and the next one read (every bad key of a record is a problem of its own); a file that
    cannot be read or parsed as YAML at all is one problem, raised. ``problems``: where they
    go, in file order, and the file's good records are returned; without it, the first
    (where there is one) or all of them (:class:`~jiexiu_cli.core.errors.DataProblems`) are raised."""
    shown = display_path(path)
    real = os.path.realpath(path)
    root = root or os.path.dirname(real)
    text = read_text(path, "fact-base file", within=(root,)) if data is None else decode_utf8(data, shown)
    document = compose(text, shown)
    r = Reader(shown, aliases="*" in text)
    found: list[DataError] = []
    content = FileContent([], [], [], [])
    sections: dict[str, Any] = {}
    for key, key_node, value_node in r.mapping(document, "a fact-base file"):
        if key not in SECTIONS:
            close = difflib.get_close_matches(key, SECTIONS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (expected: {', '.join(SECTIONS)})"
            found.append(r.fail(key_node, f"unknown section {key!r}{hint}"))
            continue
        sections[key] = value_node
    if not sections and not found:
        raise r.fail(document, "a fact-base file needs at least one of: " + ", ".join(SECTIONS))
    folder = os.path.dirname(real)

    def source(node: Any) -> None:
        v, at = r.record(node, "a source", SOURCE_SCHEMA)
        content.sources.append(
            Source(
                file=_get(v, "file"),
                text_path=article_path(r, v["text"], folder, root),
                sha256=_get(v, "sha256"),
                title=_get(v, "title"),
                publisher=_get(v, "publisher"),
                date=_get(v, "date"),
                covers=_get(v, "covers"),
                description=_get(v, "description", ""),
                at=at,
                place=_get(v, "place"),
            )
        )

    def indicator(node: Any) -> None:
        v, at = r.record(node, "an indicator", INDICATOR_SCHEMA)
        content.indicators.append(
            Indicator(
                id=_get(v, "id"),
                name_zh=_get(v, "name_zh"),
                name_en=_get(v, "name_en"),
                aliases=_get(v, "aliases", ()),
                topic=_get(v, "topic"),
                at=at,
            )
        )

    def figure(node: Any) -> None:
        v, at = r.record(node, "a figure", FIGURE_SCHEMA)
        content.figures.append(_figure(r, v, at, default_source))

    def exclusion(node: Any) -> None:
        v, at = r.record(node, "an exclusion", EXCLUSION_SCHEMA)
        if "text" not in v and not _get(v, "all", False):
            raise DataError("an exclusion needs text (the token) or all: true", str(at))
        content.exclusions.append(
            Exclusion(
                source=_source_of(v, at, default_source),
                context=_get(v, "context"),
                reason=_get(v, "reason"),
                at=at,
                text=_get(v, "text", None),
                context_nth=_get(v, "context_nth"),
                nth=_get(v, "nth", 1),
                all=_get(v, "all", False),
            )
        )

    def check(node: Any) -> None:
        v, at = r.record(node, "a check", CHECK_SCHEMA)
        content.checks.append(_check(r, v, at))

    source_nodes = _each(r, sections, "sources", source, found, content.broken, "file")
    # a file of one article: its figures and exclusions name it by default (even where its
    # entry is itself a problem: they are not one more)
    default_source = _name_of(source_nodes[0], "file") if len(source_nodes) == 1 else None
    _each(r, sections, "indicators", indicator, found, content.broken, "id")
    _each(r, sections, "figures", figure, found, content.broken, "id")
    _each(r, sections, "exclusions", exclusion, found)
    _each(r, sections, "checks", check, found)
    found.sort(key=position)
    if problems is not None:
        problems += found
    elif len(found) == 1:
        raise found[0]
    elif found:
        from jiexiu_cli.core.errors import data_error

        raise data_error([str(e) for e in found])
    return content


def _each(
    r: Reader,
    sections: dict[str, Any],
    name: str,
    read: Callable[[Any], None],
    found: list[DataError],
    broken: list[tuple[str, str]] | None = None,
    key: str = "",
) -> list[Any]:
    """``read`` each record of the section ``name``; a record's problems go to ``found``
    (and its name, ``key``, to ``broken``) and the next record is read. The section's nodes."""
    try:
        nodes = _items(r, sections, name)
    except DataError as e:
        found.append(e)
        return []
    for node in nodes:
        try:
            read(node)
        except DataError as e:
            found += e.problems if isinstance(e, Several) else [e]
            if broken is not None:
                value = _name_of(node, key)
                if value is not None:
                    broken.append((_KINDS_OF[name], value))
    return nodes


_KINDS_OF = {"sources": "source", "indicators": "indicator", "figures": "figure"}


def _name_of(node: Any, key: str) -> str | None:
    """The plain text of a record's ``key`` as written, whatever else is wrong with it."""
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if getattr(key_node, "value", None) == key and isinstance(value_node, yaml.ScalarNode):
                return str(value_node.value) or None
    return None


def article_path(r: Reader, text: tuple[str, Any], folder: str, root: str) -> Path:
    """Where a source's ``text:`` leads, with every link resolved: inside ``root`` or the
    shipped seeds, else a DataError at the value (nothing there is ever opened)."""
    value, node = text
    candidate = os.path.join(folder, value)  # an absolute value stays absolute
    try:
        real = os.path.realpath(candidate)
    except (OSError, ValueError) as e:  # a NUL in the value
        raise r.fail(node, f"article path {value!r} cannot be used: {e}") from None
    roots = (root, os.path.realpath(shipped_seeds()))
    if not is_inside(real, roots):
        how = " through a symbolic link" if is_inside(os.path.normpath(candidate), roots) else ""
        raise r.fail(
            node,
            f"article path {value!r} leads outside the fact-base folder {display_path(root)}{how}; not read "
            "(an article must lie inside the folder --data names, or be a shipped seed)",
        )
    return Path(real)


def _check(r: Reader, v: dict[str, Any], at: Location) -> Check:
    rule: str = _get(v, "rule")
    figures: tuple[str, ...] = _get(v, "figures")
    total: Decimal | None = _get(v, "total")
    if rule == "sum" and total is None:
        raise DataError("a sum check needs total (what the parts add up to)", str(at))
    if rule != "sum" and total is not None:
        raise r.fail(v["total"][1], f"total belongs to a sum check, not to rule {rule!r}")
    wanted = 2 if rule == "within" else None
    if (wanted and len(figures) != wanted) or len(figures) < 2:
        count = "exactly 2 figures (the value, then the bound)" if wanted else "at least 2 figures"
        raise r.fail(v["figures"][1], f"a {rule} check needs {count}, got {len(figures)}")
    return Check(
        id=_get(v, "id"),
        rule=rule,
        figures=figures,
        title=_get(v, "title"),
        at=at,
        total=total,
        note=_get(v, "note"),
    )


def _items(r: Reader, sections: dict[str, Any], name: str) -> list[Any]:
    node = sections.get(name)
    if node is None:
        return []
    import yaml

    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        r.visit(node)
        return []
    return r.sequence(node, name)


def _get(values: dict[str, Any], key: str, default: Any = None) -> Any:
    return values[key][0] if key in values else default


def _source_of(v: dict[str, Any], at: Location, default: str | None) -> str:
    source = _get(v, "source", default)
    if source is None:
        raise DataError("missing required key 'source' (the file defines no single source to default to)", str(at))
    return str(source)


def _figure(r: Reader, v: dict[str, Any], at: Location, default_source: str | None) -> Figure:
    g = {key: pair[0] for key, pair in v.items()}  # the values (v: each with its node)
    value: Decimal = g["value"]
    kind: str = g["kind"]
    if value < 0 and kind not in _NEGATIVE_KINDS:
        raise r.fail(
            v["value"][1], f"value must not be negative for kind {kind!r} (only {' or '.join(_NEGATIVE_KINDS)})"
        )
    if "universe" in v and kind not in _UNIVERSE_KINDS:
        raise r.fail(
            v["universe"][1],
            f"universe is the whole a rank or a share is measured in, not for kind {kind!r} "
            "(other wording belongs in scope)",
        )
    qualifier: str = g.get("qualifier", "")
    words: str | None = g.get("qualifier_zh")
    if qualifier == "about" and words is not None and any(w in _MORE_THAN_WORDS for w in words.split()):
        qualifier = "over_about"  # 余/多 read as 'about' before issue 15: more than, as the words say
    status = g.get("status", qualifier if qualifier in STATUSES else "actual")
    if "fragment_before" in v and "fragment" not in v:
        raise r.fail(v["fragment_before"][1], "fragment_before says where the fragment is read: it needs a fragment")
    if kind == "share":
        _check_share_scale(r, v, value)
    return Figure(
        id=g.get("id", ""),
        indicator=g["indicator"],
        period=g["period"],
        value=value,
        unit=g["unit"],
        qualifier=qualifier,
        status=status,
        kind=kind,
        source=_source_of(v, at, default_source),
        quote=g["quote"],
        at=at,
        printed=g.get("printed"),
        unit_note=g.get("unit_note"),
        qualifier_zh=g.get("qualifier_zh"),
        scope=g.get("scope"),
        base_period=_base_period(r, v, kind),
        fragment=g.get("fragment"),
        quote_nth=g.get("quote_nth"),
        nth=g.get("nth", 1),
        note=g.get("note"),
        basis=g.get("basis"),
        place=g.get("place"),
        universe=g.get("universe"),
        fragment_before=g.get("fragment_before", False),
        additive=g.get("additive"),
    )


def _check_share_scale(r: Reader, v: dict[str, Any], value: Decimal) -> None:
    """A share states its scale by its unit: '%' is per cent (0-100), '' a fraction of one
    (1/3, 1/4: 0-1), '‰' per mille; another unit, or a value off its scale, is refused, so
    that 0.25 and 86 are never read on one scale."""
    unit: str = _get(v, "unit")
    top = _SHARE_SCALES.get(unit)
    if top is None:
        raise r.fail(v["unit"][1], f"a share's unit states its scale: '%', '‰' or '' (a fraction of one), got {unit!r}")
    if value > top:
        scale = "a fraction of one" if not unit else f"in {unit}"
        raise r.fail(v["value"][1], f"a share {scale} is at most {top}, got {value} (is the unit right?)")


def _base_period(r: Reader, v: dict[str, Any], kind: str) -> str | None:
    """The period a growth rate, change or multiple compares with, checked against the figure's own.

    It must start before the figure's period. A span shorter than a year (2022Q1, 2022H1,
    2022M01-M10, a day) compares with a span of the same length (同比: 2021Q1), never with a
    year. A growth rate that names no base_period compares with the same span a year
    earlier (2022Q1 -> 2021Q1, 2021 -> 2020), as 增长 means in Chinese statistics; one over
    a run of years (2021-2025) must name its base (2020, the end of 十三五, or 2016-2020).
    """
    period = period_of(_get(v, "period"))
    text: str | None = _get(v, "base_period")
    if text is None:
        if kind == "growth_rate" and period.kind != "years":
            return str(period.shifted(-1))
        return None
    base = period_of(text)
    node = v["base_period"][1]
    if base.key() >= period.key():
        raise r.fail(node, f"base_period {text} must come before the period {period} it is compared with")
    if period.kind not in ("year", "years") and not base.same_length(period):
        raise r.fail(
            node,
            f"a figure of {period.label()} ({period.length_words()}) compares with a span of the same length "
            f"(同比: {period.shifted(-1)}), not with {base.label()} ({base.length_words()})",
        )
    return text


# ---------------------------------------------------------------- a folder of files


def load(path: Path) -> FactBase:
    """Every fact-base file under ``path``, checked within and across files."""
    return load_files(*fact_base(path))


def load_files(files: list[Path], root: str | tuple[str, ...] | None = None) -> FactBase:
    """These fact-base files as one fact base; ``root`` as for :func:`load_file` (or the
    folder trees of ``data_path.fact_base``, each file confined to its own). The rules
    across files (unique ids, known references, automatic ids) are the compiled store's
    (``store_rules.every_problem``): the loader is that store, built in memory, so the
    library and every command refuse a fact base with the same lines."""
    from jiexiu_cli.factbase.store import load_files as load_through_store

    return load_through_store(files, (root,) if isinstance(root, str) else root)


def unknown_name(what: str, name: str, known: set[str]) -> str:
    """The message for a reference to nothing: unknown indicator 'gpd' (did you mean 'gdp'?)."""
    close = difflib.get_close_matches(name, sorted(known), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown {what} {name!r}{hint}"

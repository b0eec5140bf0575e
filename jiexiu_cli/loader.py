"""YAML fact-base files -> the frozen model, with file:line:column in every error, and
every problem of a file found in one reading (a record with a problem is left out).

The YAML is composed (never constructed): no tag is ever executed, every value is
read from its scalar text by the schema below (so ``341.30`` stays ``341.30`` and a
float never appears), duplicate keys are refused with both lines, and aliases are
refused before they can multiply.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from jiexiu_cli.data_path import NOT_REGULAR, display_path, fact_base, is_inside, shipped_seeds
from jiexiu_cli.errors import DataError, UsageError
from jiexiu_cli.model import (
    BASES,
    CHECK_RULES,
    KINDS,
    QUALIFIERS,
    STATUSES,
    TOPICS,
    Check,
    Exclusion,
    FactBase,
    Figure,
    Indicator,
    Location,
    Source,
)
from jiexiu_cli.numbers import parse_decimal
from jiexiu_cli.periods import Period, PeriodError, parse_canonical

_ID_RE = re.compile(r"[a-z][a-z0-9_]*")
_SHA_RE = re.compile(r"[0-9a-f]{64}")
_STANDARD_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}
_NEGATIVE_KINDS = ("growth_rate", "change", "target_gap")
#: kinds that are measured within a whole (a rank within 晋中, a share of 晋中's total)
_UNIVERSE_KINDS = ("rank", "share")
#: qualifier words that mean "more than, less than the next step" (420余, 3000多): over_about
_MORE_THAN_WORDS = ("余", "多", "餘")
#: a share's unit -> the largest value on its scale
_SHARE_SCALES = {"%": Decimal(100), "％": Decimal(100), "‰": Decimal(1000), "": Decimal(1)}


# ---------------------------------------------------------------- reading bytes


#: The size limits, in MiB, and the variables that raise them. A real county never comes
#: near them: the shipped fact-base files are 3-62 KB (550-600 bytes a figure, so 64 MiB is
#: some 110,000 figures in one file), the articles 6-12 KB (16 MiB holds 5.5 million Chinese
#: characters); a stranger's sparse file or endless pipe ends at them with one line instead
#: of filling the memory.
FACT_FILE_LIMIT = ("JIEXIU_MAX_FACT_FILE_MIB", 64)
ARTICLE_LIMIT = ("JIEXIU_MAX_ARTICLE_MIB", 16)
_MIB = 1 << 20
_OPEN = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)


def max_bytes(limit: tuple[str, int]) -> int:
    """The size limit in bytes: the variable's whole MiB when it is set, else the default."""
    variable, default = limit
    value = os.environ.get(variable, "").strip()
    if not value:
        return default * _MIB
    if not value.isdigit() or int(value) < 1:
        raise UsageError(f"{variable} must be a whole number of MiB (at least 1), got {value!r}")
    return int(value) * _MIB


def read_text(path: Path, what: str = "file", *, within: tuple[str, ...] | None = None) -> str:
    """A fact-base file's text as UTF-8 (a UTF-8 BOM is accepted), or a DataError saying why not."""
    return decode_utf8(read_bytes(path, what, within=within), display_path(path))


def read_bytes(
    path: Path,
    what: str = "file",
    *,
    limit: tuple[str, int] = FACT_FILE_LIMIT,
    pipes: bool = False,
    within: tuple[str, ...] | None = None,
) -> bytes:
    """A regular file's bytes, or a DataError saying why not: missing, a folder, a pipe or a
    device, unreadable, over the size ``limit``, or outside ``within``.

    Open first, then look at what was opened (never stat, then open): the open does not block
    (a FIFO nobody writes to cannot hang it), fstat on the descriptor says what it is, and at
    most the limit and one byte more is read (a file that grows while read is still refused).
    ``pipes``: a pipe is read too (extract's own FILE arguments, ``<(…)``). ``within``: the
    resolved path must be one of these folders' trees (or one of these files), checked before
    the open and again on the open descriptor, so a link swapped in between cannot lead the
    read outside.
    """
    shown = display_path(path)
    target = os.fspath(path)
    flags = _OPEN | getattr(os, "O_NONBLOCK", 0)
    try:
        if within is not None:
            target = os.path.realpath(target)
            if not is_inside(target, within):
                raise DataError(f"leads outside the fact-base folder; {what} not read", shown)
            flags |= getattr(os, "O_NOFOLLOW", 0)  # every link was resolved: a link now is a swap
        fd = os.open(target, flags)
    except (FileNotFoundError, NotADirectoryError):
        raise DataError(f"no such {what}", shown) from None
    except PermissionError:
        raise DataError(f"cannot read {what}: permission denied", shown) from None
    except OSError as e:
        raise DataError(f"cannot read {what}: {e.strerror or e}", shown) from None
    except ValueError as e:  # a NUL inside the path
        raise DataError(f"cannot read {what}: {e}", shown) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise DataError(f"is a directory, expected a {what}", shown)
        if pipes and stat.S_ISFIFO(st.st_mode):
            _wait_for_the_writer(fd)
        if not (stat.S_ISREG(st.st_mode) or (pipes and stat.S_ISFIFO(st.st_mode))):
            raise DataError(f"{NOT_REGULAR}, expected a {what}", shown)
        if within is not None and not _opened_inside(fd, st, target, within):
            raise DataError(f"changed while being opened: now outside the fact-base folder; {what} not read", shown)
        most = max_bytes(limit)
        if st.st_size > most:
            raise too_big(what, limit, shown, st.st_size)
        data = read_at_most(fd, most + 1)
        if len(data) > most:  # a pipe, or a file that grew
            raise too_big(what, limit, shown)
        return data
    except OSError as e:
        raise DataError(f"cannot read {what}: {e.strerror or e}", shown) from None
    finally:
        os.close(fd)


def read_stdin(what: str, limit: tuple[str, int]) -> bytes:
    """Standard input's bytes (extract's ``-``): a pipe, a file, a socket or a terminal, read
    to its end but never past the size ``limit``; a device (``< /dev/zero``) is refused."""
    import sys

    shown = "<stdin>"
    stream = sys.stdin.buffer if sys.stdin is not None else None
    if stream is None:
        return b""
    most = max_bytes(limit)
    try:
        st = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):  # not a real descriptor (a test's stream)
        st = None
    if st is not None:
        if (stat.S_ISCHR(st.st_mode) and not os.isatty(stream.fileno())) or stat.S_ISBLK(st.st_mode):
            raise DataError(f"{NOT_REGULAR}, expected a {what}", shown)
        if stat.S_ISDIR(st.st_mode):
            raise DataError(f"is a directory, expected a {what}", shown)
        if stat.S_ISREG(st.st_mode) and st.st_size > most:
            raise too_big(what, limit, shown, st.st_size)
    try:
        data = stream.read(most + 1)
    except OSError as e:
        raise DataError(f"cannot read {what}: {e.strerror or e}", shown) from None
    if len(data) > most:
        raise too_big(what, limit, shown)
    return data


def too_big(what: str, limit: tuple[str, int], shown: str, size: int | None = None) -> DataError:
    """The one line for a file over its size limit (its size when known: a pipe's is not)."""
    is_ = f"is {size:,} bytes," if size is not None else "is"
    return DataError(
        f"{what} {is_} over the size limit of {max_bytes(limit) // _MIB} MiB (set {limit[0]} to raise it)", shown
    )


def _wait_for_the_writer(fd: int) -> None:
    """A pipe the user named (extract's FILE), opened without blocking: wait, as `cat` would,
    until its writer has written or has come and gone (on Linux a FIFO is not readable
    before a writer has opened it), then read it blocking."""
    import select

    select.select([fd], [], [])
    os.set_blocking(fd, True)


def read_at_most(fd: int, most: int) -> bytes:
    """Up to ``most`` bytes of ``fd``, until its end."""
    chunks = []
    left = most
    while left > 0:
        chunk = os.read(fd, min(left, _MIB))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _opened_inside(fd: int, st: os.stat_result, target: str, within: tuple[str, ...]) -> bool:
    """Is the open file inside ``within``? Asked of the descriptor where the system tells
    (Linux's /proc/self/fd, macOS's F_GETPATH), else of the path, which must still be it."""
    where: str | None = None
    try:
        where = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        try:
            import fcntl

            getpath = fcntl.F_GETPATH  # type: ignore[attr-defined,unused-ignore]  # macOS
            where = os.fsdecode(fcntl.fcntl(fd, getpath, bytes(1024)).split(b"\0", 1)[0])
        except (ImportError, AttributeError, OSError):
            where = None
    if where is not None:
        return is_inside(where, within)
    try:
        now = os.stat(target)
    except OSError:
        return False
    return (now.st_dev, now.st_ino) == (st.st_dev, st.st_ino)


def decode_utf8(data: bytes, shown: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError("file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8", shown)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        hint = "binary data?" if b"\x00" in data else "is it GBK or another legacy encoding? save it as UTF-8"
        raise DataError(f"not valid UTF-8: byte 0x{data[e.start]:02X} ({hint})", f"{shown}:{line}:{col}") from None
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        col = nul - (text.rfind("\n", 0, nul) + 1) + 1
        raise DataError("contains a NUL byte (binary data? UTF-16?)", f"{shown}:{line}:{col}")
    return text


# ---------------------------------------------------------------- composing YAML


_LOADER: list[Any] = []


def _loader() -> Any:
    """The safe loader (libyaml's where there is one), resolving the tag of each distinct
    plain scalar once: PyYAML resolves every scalar again in Python, by regular
    expressions (40% of composing a fact-base file), though the tag of a plain scalar
    depends on its text alone (the safe loader has no path resolvers). Quoted scalars
    are strings, as PyYAML's resolver says without looking."""
    if not _LOADER:
        import yaml

        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        assert not base.yaml_path_resolvers
        scalar, string = yaml.ScalarNode, base.DEFAULT_SCALAR_TAG
        resolve = base.resolve
        known: dict[str, str] = {}

        class Loader(base):  # type: ignore[misc, valid-type]
            def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
                if kind is scalar:
                    if not implicit[0]:
                        return string
                    tag = known.get(value)
                    if tag is None:
                        tag = resolve(self, kind, value, implicit)
                        if len(known) < 100_000:
                            known[value] = tag
                    return tag
                return resolve(self, kind, value, implicit)

        _LOADER.append(Loader)
    return _LOADER[0]


def compose(text: str, shown: str) -> Any:
    """The YAML node tree of one document, or a DataError with file:line:column."""
    import yaml

    loader = _loader()
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f"{shown}:{mark.line + 1}:{mark.column + 1}" if mark else shown
        problem = (e.problem or e.context or "invalid YAML").strip()
        if "\t" in text and "tab" in problem:
            problem += " (YAML does not allow tabs for indentation)"
        raise DataError(f"invalid YAML: {problem}", where) from None
    except yaml.YAMLError as e:
        raise DataError(f"invalid YAML: {str(e).splitlines()[0]}", shown) from None
    except RecursionError:
        raise DataError("invalid YAML: nested too deeply", shown) from None
    if node is None:
        raise DataError("file is empty: expected a mapping with sources, indicators, figures", shown)
    return node


@dataclass(frozen=True, slots=True)
class Field:
    """One key of a record: how to read it and whether it must be there."""

    read: Callable[[Any, Reader], Any]
    required: bool = False


class Reader:
    """Reads a composed YAML tree against the schema, naming file:line:column on error.

    It reads every node of every fact-base file, so it is written for speed: the YAML
    node classes are looked up once, and a file with no ``*`` in it (so no alias) is not
    tracked for aliases."""

    def __init__(self, shown: str, aliases: bool = True) -> None:
        import yaml

        self.shown = shown
        #: ids of the nodes seen, to refuse an alias (the same node met twice)
        self.seen: set[int] | None = set() if aliases else None
        self.mapping_node = yaml.MappingNode
        self.sequence_node = yaml.SequenceNode
        self.scalar_node = yaml.ScalarNode

    def at(self, node: Any) -> Location:
        return Location(self.shown, node.start_mark.line + 1, node.start_mark.column + 1)

    def fail(self, node: Any, message: str) -> DataError:
        return DataError(message, str(self.at(node)))

    def visit(self, node: Any) -> None:
        seen = self.seen
        if seen is not None:
            if id(node) in seen:
                raise self.fail(node, "anchors and aliases are not supported in a fact base")
            seen.add(id(node))
        if node.tag not in _STANDARD_TAGS:
            raise self.fail(node, f"unsupported YAML tag {node.tag!r}")

    def mapping(self, node: Any, what: str) -> list[tuple[str, Any, Any]]:
        self.visit(node)
        if not isinstance(node, self.mapping_node):
            raise self.fail(node, f"{what} must be a mapping (key: value), got {kind_of(node)}")
        keys: dict[str, Any] = {}
        items = []
        visit, scalar_node = self.visit, self.scalar_node
        for key_node, value_node in node.value:
            visit(key_node)
            if not isinstance(key_node, scalar_node):
                raise self.fail(key_node, f"a key of {what} must be plain text")
            key = key_node.value
            if key in keys:
                first = keys[key].start_mark.line + 1
                raise self.fail(key_node, f"duplicate key {key!r} (first at line {first})")
            keys[key] = key_node
            items.append((key, key_node, value_node))
        return items

    def sequence(self, node: Any, what: str) -> list[Any]:
        self.visit(node)
        if not isinstance(node, self.sequence_node):
            raise self.fail(node, f"{what} must be a list, got {kind_of(node)}")
        return list(node.value)

    def scalar(self, node: Any, what: str) -> str | None:
        self.visit(node)
        if not isinstance(node, self.scalar_node):
            raise self.fail(node, f"{what} must be a single value, got {kind_of(node)}")
        if node.tag == "tag:yaml.org,2002:null" and node.style is None:
            return None
        return str(node.value)

    def record(self, node: Any, what: str, schema: dict[str, Field]) -> tuple[dict[str, Any], Location]:
        """A record's values (each with its node) and where it starts; every key that is
        unknown, bad or missing is a problem of its own (:class:`Several`, in key order)."""
        values: dict[str, Any] = {}
        problems: list[DataError] = []
        bad: set[str] = set()
        for key, key_node, value_node in self.mapping(node, what):
            spec = schema.get(key)
            if spec is None:
                close = difflib.get_close_matches(key, list(schema), n=1, cutoff=0.6)
                hint = f" (did you mean {close[0]!r}?)" if close else f" (expected one of: {', '.join(schema)})"
                problems.append(self.fail(key_node, f"unknown key {key!r} in {what}{hint}"))
                bad.update(close)  # the key meant: not missing too
                continue
            try:
                value = spec.read(value_node, self)
            except DataError as e:
                problems.append(e)
                bad.add(key)
                continue
            if value is not None:
                values[key] = (value, value_node)
        for key in _required(schema):
            if key not in values and key not in bad:
                problems.append(self.fail(node, f"{what} is missing required key {key!r}"))
        if problems:
            raise Several(problems)
        return values, self.at(node)


class Several(DataError):
    """Every problem of one record (its first is its message, as where one is enough)."""

    def __init__(self, problems: list[DataError]) -> None:
        super().__init__(problems[0].problem, problems[0].where)
        self.problems = problems


def position(e: DataError) -> tuple[int, int]:
    """(line, column) of an error at ``file:line:column`` ((0, 0) for one at a whole file)."""
    parts = (e.where or "").rsplit(":", 2)
    try:
        return int(parts[1]), int(parts[2])
    except (IndexError, ValueError):
        return 0, 0


_REQUIRED: dict[int, tuple[str, ...]] = {}


def _required(schema: dict[str, Field]) -> tuple[str, ...]:
    """The keys a record of ``schema`` must have, in the schema's order."""
    found = _REQUIRED.get(id(schema))
    if found is None:
        found = _REQUIRED[id(schema)] = tuple(k for k, spec in schema.items() if spec.required)
    return found


def kind_of(node: Any) -> str:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    value = str(node.value)
    return f"{value!r}" if len(value) <= 60 else f"{value[:60]!r}… ({len(value)} characters)"


# ---------------------------------------------------------------- field readers


def text_field(node: Any, r: Reader) -> str | None:
    return r.scalar(node, "this value")


def nonempty_text(node: Any, r: Reader) -> str:
    value = r.scalar(node, "this value")
    if value is None or not value.strip():
        raise r.fail(node, "must not be empty")
    return value


def unit_field(node: Any, r: Reader) -> str:
    value = r.scalar(node, "unit")
    return "" if value is None else value


def one_of(choices: Iterable[str], what: str) -> Callable[[Any, Reader], str]:
    allowed = tuple(choices)

    def read(node: Any, r: Reader) -> str:
        value = nonempty_text(node, r)
        if value not in allowed:
            close = difflib.get_close_matches(value, allowed, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"expected one of: {', '.join(allowed)}"
            raise r.fail(node, f"unknown {what} {value!r} ({hint})")
        return value

    return read


def decimal_field(node: Any, r: Reader) -> Decimal:
    value = r.scalar(node, "value")
    if value is None:
        raise r.fail(node, "value must be a number, got nothing")
    try:
        number = parse_decimal(value.strip())
    except ValueError:
        raise r.fail(node, f"value must be a number, got {value!r}") from None
    return number


def positive_int(node: Any, r: Reader) -> int:
    value = nonempty_text(node, r)
    if not value.isdigit() or int(value) < 1:
        raise r.fail(node, f"must be a whole number of at least 1, got {value!r}")
    return int(value)


def bool_field(node: Any, r: Reader) -> bool:
    value = nonempty_text(node, r).lower()
    if value not in ("true", "false", "yes", "no"):
        raise r.fail(node, f"must be true or false, got {value!r}")
    return value in ("true", "yes")


def period_field(node: Any, r: Reader) -> str:
    """A period in its canonical spelling (periods.py): 2021, 2021-2025, 2022Q1, 2022H1,
    2022M01-M10, 2022-06-30. Another spelling of a period is refused with the canonical one
    named (``write the period '2022年一季度' as '2022Q1'``), so one span has one text."""
    value = nonempty_text(node, r)
    try:
        _period(value)
    except PeriodError as e:
        reason = str(e)
        raise r.fail(node, reason if "period" in reason else f"period {value!r}: {reason}") from None
    return value


_PERIODS: dict[str, Period] = {}


def _period(text: str) -> Period:
    """``periods.parse_canonical``, once per distinct text (a fact base writes a few
    dozen periods over and over; a Period is never changed once made)."""
    found = _PERIODS.get(text)
    if found is None:
        found = parse_canonical(text)
        if len(_PERIODS) < 10_000:
            _PERIODS[text] = found
    return found


def id_field(node: Any, r: Reader) -> str:
    value = nonempty_text(node, r)
    if not _ID_RE.fullmatch(value):
        raise r.fail(
            node, f"id must be lower-case ASCII letters, digits and _ (like clean_heating_area), got {value!r}"
        )
    return value


def sha_field(node: Any, r: Reader) -> str:
    value = nonempty_text(node, r).lower()
    if not _SHA_RE.fullmatch(value):
        raise r.fail(node, f"sha256 must be 64 hex digits, got {value!r}")
    return value


def text_list(node: Any, r: Reader, what: str = "aliases", item_name: str = "an alias") -> tuple[str, ...]:
    items = []
    for item in r.sequence(node, what):
        value = r.scalar(item, item_name)
        if value is None or not value.strip():
            raise r.fail(item, f"{item_name} must not be empty")
        items.append(value)
    return tuple(items)


def id_list(node: Any, r: Reader) -> tuple[str, ...]:
    return text_list(node, r, "figures", "a figure id")


SOURCE_SCHEMA = {
    "file": Field(nonempty_text, True),
    "text": Field(nonempty_text, True),
    "sha256": Field(sha_field, True),
    "title": Field(nonempty_text, True),
    "publisher": Field(nonempty_text, True),
    "date": Field(nonempty_text, True),
    "covers": Field(period_field, True),
    "description": Field(text_field),
    "place": Field(text_field),
}
INDICATOR_SCHEMA = {
    "id": Field(id_field, True),
    "name_zh": Field(nonempty_text, True),
    "name_en": Field(nonempty_text, True),
    "aliases": Field(text_list),
    "topic": Field(one_of(TOPICS, "topic"), True),
}
FIGURE_SCHEMA = {
    "id": Field(nonempty_text),
    "indicator": Field(nonempty_text, True),
    "period": Field(period_field, True),
    "value": Field(decimal_field, True),
    "printed": Field(nonempty_text),
    "unit": Field(unit_field, True),
    "unit_note": Field(text_field),
    "qualifier": Field(one_of(QUALIFIERS, "qualifier"), True),
    "qualifier_zh": Field(text_field),
    "status": Field(one_of(STATUSES, "status")),
    "kind": Field(one_of(KINDS, "kind"), True),
    "scope": Field(text_field),
    "base_period": Field(period_field),
    "source": Field(nonempty_text),
    "quote": Field(nonempty_text, True),
    "quote_nth": Field(positive_int),
    "fragment": Field(nonempty_text),
    "nth": Field(positive_int),
    "note": Field(text_field),
    "basis": Field(one_of(BASES, "basis")),
    "place": Field(nonempty_text),
    "universe": Field(nonempty_text),
    "fragment_before": Field(bool_field),
    "additive": Field(bool_field),
}
EXCLUSION_SCHEMA = {
    "text": Field(nonempty_text),
    "context": Field(nonempty_text, True),
    "context_nth": Field(positive_int),
    "nth": Field(positive_int),
    "all": Field(bool_field),
    "reason": Field(nonempty_text, True),
    "source": Field(nonempty_text),
}
CHECK_SCHEMA = {
    "id": Field(id_field, True),
    "rule": Field(one_of(CHECK_RULES, "rule"), True),
    "figures": Field(id_list, True),
    "title": Field(nonempty_text, True),
    "total": Field(decimal_field),
    "note": Field(text_field),
}
SECTIONS = ("sources", "indicators", "figures", "exclusions", "checks")


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

    ``root`` is the fact base's folder tree (:func:`~jiexiu_cli.data_path.fact_root` of what
    ``--data`` names; every reader passes it), else the file's own folder. The file, and
    every article it names (relative to the file's real folder), must resolve inside it,
    or, for articles, among the shipped seeds. ``data``: the file's bytes, where the
    caller has read them already, inside ``root`` (to hash what it parses).

    Every problem of the file is found in one reading: a record with a problem is left out
    and the next one read (every bad key of a record is a problem of its own); a file that
    cannot be read or parsed as YAML at all is one problem, raised. ``problems``: where they
    go, in file order, and the file's good records are returned; without it, the first
    (where there is one) or all of them (:class:`~jiexiu_cli.errors.DataProblems`) are raised."""
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
                source=_source_of(r, v, at, default_source),
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
        from jiexiu_cli.errors import data_error

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


def _source_of(r: Reader, v: dict[str, Any], at: Location, default: str | None) -> str:
    source = _get(v, "source", default)
    if source is None:
        raise DataError("missing required key 'source' (the file defines no single source to default to)", str(at))
    return str(source)


def _figure(r: Reader, v: dict[str, Any], at: Location, default_source: str | None) -> Figure:
    value: Decimal = _get(v, "value")
    kind: str = _get(v, "kind")
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
    qualifier: str = _get(v, "qualifier", "")
    words: str | None = _get(v, "qualifier_zh")
    if qualifier == "about" and words is not None and any(w in _MORE_THAN_WORDS for w in words.split()):
        qualifier = "over_about"  # 余/多 read as 'about' before issue 15: more than, as the words say
    status = _get(v, "status", qualifier if qualifier in STATUSES else "actual")
    if "fragment_before" in v and "fragment" not in v:
        raise r.fail(v["fragment_before"][1], "fragment_before says where the fragment is read: it needs a fragment")
    if kind == "share":
        _check_share_scale(r, v, value)
    return Figure(
        id=_get(v, "id", ""),
        indicator=_get(v, "indicator"),
        period=_get(v, "period"),
        value=value,
        unit=_get(v, "unit"),
        qualifier=qualifier,
        status=status,
        kind=kind,
        source=_source_of(r, v, at, default_source),
        quote=_get(v, "quote"),
        at=at,
        printed=_get(v, "printed"),
        unit_note=_get(v, "unit_note"),
        qualifier_zh=_get(v, "qualifier_zh"),
        scope=_get(v, "scope"),
        base_period=_base_period(r, v, kind),
        fragment=_get(v, "fragment"),
        quote_nth=_get(v, "quote_nth"),
        nth=_get(v, "nth", 1),
        note=_get(v, "note"),
        basis=_get(v, "basis"),
        place=_get(v, "place"),
        universe=_get(v, "universe"),
        fragment_before=_get(v, "fragment_before", False),
        additive=_get(v, "additive"),
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
    period = _period(_get(v, "period"))
    text: str | None = _get(v, "base_period")
    if text is None:
        if kind == "growth_rate" and period.kind != "years":
            return str(period.shifted(-1))
        return None
    base = _period(text)
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
    (``store_build.every_problem``): the loader is that store, built in memory, so the
    library and every command refuse a fact base with the same lines."""
    from jiexiu_cli.store import load_files as load_through_store

    return load_through_store(files, (root,) if isinstance(root, str) else root)


def unknown_name(what: str, name: str, known: set[str]) -> str:
    """The message for a reference to nothing: unknown indicator 'gpd' (did you mean 'gdp'?)."""
    close = difflib.get_close_matches(name, sorted(known), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown {what} {name!r}{hint}"

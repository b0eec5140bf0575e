"""One YAML document composed (never constructed) and read against a schema, naming
file:line:column on every error.

The YAML is composed: no tag is ever executed, every value is read from its scalar text by
a schema (``fact_schema.py``; so ``341.30`` stays ``341.30`` and a float never appears),
duplicate keys are refused with both lines, and aliases are refused before they can
multiply.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jiexiu_cli.core.errors import DataError
from jiexiu_cli.core.model import Location

_STANDARD_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}


_LOADER: list[Any] = []
_NOTHING: dict[Any, None] = {}


def _loader() -> Any:
    """The safe loader (libyaml's where there is one), resolving the tag of each distinct
    plain scalar once: PyYAML resolves every scalar again in Python, by regular
    expressions (a large share of composing a fact-base file), though the tag of a plain scalar
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
            # libyaml's composer calls these around every node, for path resolvers the
            # safe loader has none of: calls to C that do nothing, not to Python
            descend_resolver = staticmethod(_NOTHING.get)  # (parent, index) -> None
            ascend_resolver = staticmethod(tuple)  # () -> ()

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


#: a text value read as it is written (``Field.plain``): any text, text not all blank,
#: one of ``Field.choices``
TEXT, NONEMPTY, CHOICE = 1, 2, 3
_STR = "tag:yaml.org,2002:str"


@dataclass(frozen=True, slots=True)
class Field:
    """One key of a record: how to read it and whether it must be there; ``plain``: where
    ``read`` reads text as it is written (TEXT, NONEMPTY; ``fact_schema.text_field``,
    ``nonempty_text``), :meth:`Reader.record` takes a plain string as it is without calling it."""

    read: Callable[[Any, Reader], Any]
    required: bool = False
    plain: int = 0
    choices: frozenset[str] = frozenset()


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

    def _items(self, node: Any, what: str) -> list[tuple[str, Any, Any]]:
        """:meth:`mapping` where no node can be met twice (no alias to track): a key that
        is a plain string is taken as it is."""
        if node.__class__ is not self.mapping_node or node.tag not in _STANDARD_TAGS:
            return self.mapping(node, what)
        keys: dict[str, Any] = {}
        items = []
        scalar_node = self.scalar_node
        for key_node, value_node in node.value:
            if key_node.__class__ is not scalar_node or key_node.tag != _STR:
                self.visit(key_node)
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
        # where a node can be met twice (an alias), each is visited, as it is read
        scalar_node = self.scalar_node if self.seen is None else None
        for key, key_node, value_node in self._items(node, what) if scalar_node else self.mapping(node, what):
            spec = schema.get(key)
            if spec is not None and spec.plain and value_node.__class__ is scalar_node and value_node.tag == _STR:
                # a plain string (most values): what ``spec.read`` returns for it, without the call
                value, plain = value_node.value, spec.plain
                if plain == TEXT or (value in spec.choices if plain == CHOICE else value.strip()):
                    values[key] = (value, value_node)
                    continue
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

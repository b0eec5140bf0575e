"""loader.py: every broken fact-base file ends in one DataError naming file:line:column."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiexiu_cli.core.errors import DataError
from jiexiu_cli.factbase.loader import load
from jiexiu_cli.factbase.text_files import decode_utf8
from tests.conftest import DATA

BROKEN = DATA / "broken"

CASES = {
    "empty": "file is empty",
    "comments_only": "file is empty",
    "truncated": "invalid YAML",
    "bad_indent": "invalid YAML: mapping values are not allowed",
    "tabs": "tab",
    "unclosed_bracket": "invalid YAML",
    "text_value": "value must be a number, got 'abc'",
    "nan_value": "value must be a number, got '.nan'",
    "negative_value": "must not be negative",
    "missing_key": "missing required key 'unit'",
    "unknown_key": "unknown key 'vaule' in a figure (did you mean 'value'?)",
    "list_for_mapping": "a figure must be a mapping",
    "unknown_indicator": "unknown indicator 'clean_heating_housholds' (did you mean 'clean_heating_households'?)",
    "unknown_source": "unknown source 'nosuch.txt'",
    "duplicate_key": "duplicate key 'kind' (first at line 56)",
    "python_tag": "unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'",
    "unknown_tag": "unsupported YAML tag '!decimal'",
    "bad_kind": "unknown kind 'cout' (did you mean 'count'?)",
    "bad_period": "write the period '2023年' as '2023'",
    "alias_bomb": "anchors and aliases are not supported",
    "gbk": "not valid UTF-8",
    "utf16": "UTF-16",
    "binary": "not valid UTF-8",
    "nul": "NUL byte",
    "not_a_mapping": "must be a mapping",
}


def test_every_broken_sample_has_a_case() -> None:
    assert {p.stem for p in BROKEN.glob("*.yaml")} == set(CASES)


#: samples with one problem in several records: each is named (test_problems.py)
SEVERAL = {"alias_bomb": 8}


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_file_gives_one_located_error(name: str) -> None:
    path = BROKEN / f"{name}.yaml"
    with pytest.raises(DataError) as info:
        load(path)
    lines = str(info.value).split("\n")
    message = lines[0]
    assert CASES[name] in message
    assert message.startswith(str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path))
    assert len(lines) == SEVERAL.get(name, 1)
    assert all(CASES[name] in line for line in lines)
    if name not in ("empty", "comments_only", "utf16"):
        assert f"{path.name}:" in message  # file:line:column


def test_python_tag_is_never_executed(tmp_path: Path) -> None:
    marker = Path("/tmp/jiexiu-pwned")
    marker.unlink(missing_ok=True)
    with pytest.raises(DataError):
        load(BROKEN / "python_tag.yaml")
    assert not marker.exists()


def test_utf8_byte_order_mark_is_accepted() -> None:
    fb = load(DATA / "bom" / "bom.yaml")
    assert len(fb.figures) == 6


def test_value_text_is_kept_exactly(tmp_path: Path) -> None:
    text = (DATA / "mini" / "mini.yaml").read_text(encoding="utf-8").replace('value: "120.5"', "value: 120.50")
    (tmp_path / "f.yaml").write_text(text, encoding="utf-8")  # the article is not read
    fb = load(tmp_path / "f.yaml")
    assert str(fb.figures[0].value) == "120.50"  # never through float


def test_missing_path_empty_folder_and_folder_without_facts(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such file or folder"):
        load(tmp_path / "nope")
    with pytest.raises(DataError, match="holds no fact-base file"):
        load(tmp_path)
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(DataError, match="holds no fact-base file"):
        load(tmp_path)


def test_directory_named_like_a_fact_file(tmp_path: Path) -> None:
    (tmp_path / "facts.yaml").mkdir()
    with pytest.raises(DataError, match="holds no fact-base file"):
        load(tmp_path)


def test_unreadable_file(tmp_path: Path) -> None:
    import os

    f = tmp_path / "f.yaml"
    f.write_text("sources: []\n")
    f.chmod(0)
    try:
        if os.access(f, os.R_OK):
            pytest.skip("running as a user who can read any file")
        with pytest.raises(DataError, match="permission denied"):
            load(f)
    finally:
        f.chmod(0o644)


def test_ids_clash_across_files_names_both_places(tmp_path: Path) -> None:
    body = "indicators:\n  - id: gdp\n    name_zh: 地区生产总值\n    name_en: GDP\n    topic: economy\n"
    (tmp_path / "a.yaml").write_text(body, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load(tmp_path)
    assert "b.yaml:2:5" in str(info.value) and "a.yaml:2:5" in str(info.value)


# ---------------------------------------------------------------- fuzzing


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_raise_only_data_error(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    f = tmp_path_factory.mktemp("fuzz") / "f.yaml"
    f.write_bytes(data)
    with contextlib.suppress(DataError):
        load(f)


yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20), st.floats(allow_nan=True))
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "sources",
                    "indicators",
                    "figures",
                    "exclusions",
                    "id",
                    "value",
                    "unit",
                    "quote",
                    "kind",
                    "period",
                    "x",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(yaml_values)
def test_random_yaml_documents_raise_only_data_error(tmp_path_factory: pytest.TempPathFactory, doc: object) -> None:
    import yaml

    f = tmp_path_factory.mktemp("fuzz") / "f.yaml"
    f.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with contextlib.suppress(DataError):
        load(f)


@given(st.binary(max_size=200))
def test_decode_never_raises_anything_but_data_error(data: bytes) -> None:
    with contextlib.suppress(DataError):
        decode_utf8(data, "x")


def test_records_and_the_fact_base_are_read_only_and_copy_whole() -> None:
    import copy

    fb = load(DATA / "mini")
    figure = fb.figures[0]
    with pytest.raises(AttributeError):
        figure.value = figure.value + 1  # type: ignore[misc]
    with pytest.raises(AttributeError):
        fb.figures = ()  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del fb.files  # type: ignore[misc]
    again = copy.deepcopy(fb._replace(files=("k",)))  # nothing is pickled any more; a copy is still whole
    assert again.figures == fb.figures and again.sources == fb.sources and again.files == ("k",)
    assert again.indicator_by_id == fb.indicator_by_id
    assert figure._replace(id="x") != figure and figure._replace(id="x")._replace(id=figure.id) == figure


RECORDS = [
    "core.model.Location",
    "core.model.Source",
    "core.model.Indicator",
    "core.model.Figure",
    "core.model.Exclusion",
    "core.model.Check",
    "core.model.FactBase",
    "core.numbers.Token",
    "core.period_span.Period",
    "present.layout.Measure",
    "present.render.Marked",
    "present.render.Result",
]


def test_every_record_class_is_listed_here() -> None:
    import importlib
    import pkgutil

    import jiexiu_cli
    from jiexiu_cli.core.record import Record

    found = set()
    for module in pkgutil.walk_packages(jiexiu_cli.__path__, "jiexiu_cli."):
        if module.name == "jiexiu_cli.__main__":  # importing it runs the command line
            continue
        for name, value in vars(importlib.import_module(module.name)).items():
            if isinstance(value, type) and issubclass(value, Record) and value is not Record:
                found.add(f"{value.__module__.removeprefix('jiexiu_cli.')}.{name}")
    assert found == set(RECORDS)


VALID: dict[str, dict[str, object]] = {
    "core.period_span.Period": {"first": 2021 * 12, "last": 2025 * 12 + 11, "day": None}
}


@pytest.mark.parametrize("name", RECORDS)
def test_each_record_lists_one_set_of_fields_in_one_order(name: str) -> None:
    """The records are written out by hand (for start-up time): their slots, annotations,
    constructor and ``_fields`` must name the same fields in the same order."""
    import importlib
    import inspect

    module, _, class_name = name.rpartition(".")
    cls = getattr(importlib.import_module(f"jiexiu_cli.{module}"), class_name)
    params = list(inspect.signature(cls.__init__).parameters)[1:]
    slots = tuple(s for s in cls.__slots__ if s != "__dict__")  # FactBase keeps its lookups in one
    assert slots == cls._fields == tuple(cls.__annotations__) == tuple(params)
    body = inspect.getsource(cls.__init__)
    assert all(f'_set(self, "{field}", {field})' in body for field in cls._fields)
    values = {field: object() for field in cls._fields}
    values.update(VALID.get(name, {}))  # a record whose constructor checks its values
    record = cls(**values)
    assert all(getattr(record, field) is value for field, value in values.items())


_PLAIN = st.sampled_from(
    ["1", "1.5", "-2", "0x1F", "1e3", ".inf", "null", "~", "", "true", "False", "yes", "off", "2021-01-02", "2021",
     "2021-2025", "<<", "=", "abc", "341.30", "+1", "0o17", "1_000", "12:30:00", "NaN", "y", "n"]
)  # fmt: skip


def _tree(node: object) -> object:
    import yaml

    if isinstance(node, yaml.ScalarNode):
        return ("s", node.tag, node.value, node.style, node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.SequenceNode):
        return ("q", node.tag, [_tree(n) for n in node.value])
    assert isinstance(node, yaml.MappingNode)
    return ("m", node.tag, [(_tree(k), _tree(v)) for k, v in node.value])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "value", "period", "x y"]), _PLAIN, st.booleans()), max_size=12))
def test_the_loader_resolves_tags_as_pyyaml_does(items: list[tuple[str, str, bool]]) -> None:
    """load._loader remembers the tag of each plain scalar: the tree is PyYAML's."""
    import yaml

    from jiexiu_cli.factbase.yaml_reader import _loader

    lines = [f"- {key}: {json.dumps(value) if quoted else value}" for key, value, quoted in items] or ["[]"]
    text = "\n".join(lines) + "\n"
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    assert _tree(yaml.compose(text, Loader=_loader())) == _tree(yaml.compose(text, Loader=base))
    assert _tree(yaml.compose(text, Loader=_loader())) == _tree(yaml.compose(text, Loader=base))  # remembered


_VALUE = st.one_of(
    _PLAIN,
    st.sampled_from(["", " ", "~", "null", "!!str 1", "!!int 2", "!!null ''", "'  '", '"x"', "[a]", "{a: 1}", "!x y"]),
    st.sampled_from(["level", "exact", "about", "actual", "target", "real", "share", "Level", "levle", "'exact'"]),
)
_KEY = st.sampled_from(["id", "indicator", "unit", "scope", "note", "zz", "1", "kind", "qualifier", "status", "basis"])


def _scalar(text: str) -> object:
    import yaml

    return yaml.ScalarNode("tag:yaml.org,2002:str", text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_KEY, _VALUE), max_size=8))
def test_a_record_reads_plain_strings_as_its_fields_readers_do(items: list[tuple[str, str]]) -> None:
    """Reader.record takes a plain string as it is for a field that reads text as written
    (Field.plain; one of its choices, for a field of choices): the same values, nodes and
    problems as each field's reader gives (the reader that tracks aliases calls them all);
    every plain field reads text as it says."""
    from jiexiu_cli.factbase import fact_schema
    from jiexiu_cli.factbase.yaml_reader import CHOICE, NONEMPTY, TEXT, Reader, Several, compose

    for schema in (getattr(fact_schema, n) for n in dir(fact_schema) if n.endswith("_SCHEMA")):
        for spec in schema.values():
            if spec.plain:
                expected = {
                    TEXT: (fact_schema.text_field, fact_schema.unit_field),
                    NONEMPTY: (fact_schema.nonempty_text,),
                }
                if spec.plain == CHOICE:  # one_of those choices: each is read as itself
                    assert spec.choices and all(spec.read(_scalar(c), Reader("f")) == c for c in spec.choices)
                else:
                    assert spec.read in expected[spec.plain]
    text = "".join(f"{key}: {value}\n" for key, value in items) or "{}\n"

    def read(aliases: bool) -> object:
        try:
            node = compose(text, "f.yaml")
            values, at = Reader("f.yaml", aliases).record(node, "a figure", fact_schema.FIGURE_SCHEMA)
        except Several as e:
            return [str(p) for p in e.problems]
        except DataError as e:
            return str(e)
        return {k: (v, n.start_mark.line, n.start_mark.column) for k, (v, n) in values.items()}, at

    assert read(False) == read(True)


def test_an_alias_of_a_plain_string_is_refused(tmp_path: Path) -> None:
    """A text field's plain string is taken as it is (Field.plain) only where no alias can be."""
    path = tmp_path / "alias.yaml"
    figure = "  - indicator: &a gdp\n    period: '2021'\n    value: '1'\n    unit: x\n    qualifier: exact\n"
    path.write_text(f"figures:\n{figure}    kind: level\n    source: s\n    quote: *a\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"alias\.yaml:2:16: anchors and aliases are not supported"):
        load(path)

"""Every problem of a fact base in one run (issue 18, item 2): the loader, the store build
and so every command name each problem with file:line:column, in file order, the first
20 and then how many more, exit 1; a record that is a problem itself is not the cause of
more (a figure of an indicator whose entry is broken is not also of an unknown one)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiexiu_cli.core.errors import MAX_PROBLEMS, DataError, DataProblems
from jiexiu_cli.factbase.loader import load
from tests.cli.test_installed import jiexiu
from tests.conftest import DATA, Run

COMMANDS = [["show", "gdp"], ["list"], ["sources"], ["export"], ["verify"], ["compare"], ["audit"], ["search", "x"]]


def _figure(indicator: str, quote: str = "地区生产总值达到120.5亿元", **more: str) -> str:
    fields = {
        "indicator": indicator,
        "period": "'2023'",
        "value": "'120.5'",
        "unit": "亿元",
        "qualifier": "exact",
        "kind": "level",
        "source": "mini.txt",
        "quote": quote,
        **more,
    }
    lines = [f"{k}: {v}" for k, v in fields.items()]
    return "  - " + "\n    ".join(lines) + "\n"


def _folder(tmp_path: Path, **files: str) -> Path:
    """The mini fact base with more files beside it."""
    folder = tmp_path / "facts"
    shutil.copytree(DATA / "mini", folder)
    for name, text in files.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return folder


def _three_problems(tmp_path: Path) -> tuple[Path, list[str]]:
    """Three problems of three kinds in two files: an empty indicator and an unknown one
    (a.yaml), an indicator id defined twice (z.yaml, read after mini.yaml)."""
    folder = _folder(
        tmp_path,
        a="figures:\n" + _figure('""') + _figure("gpd"),
        z="indicators:\n  - id: gdp\n    name_zh: 又一个\n    name_en: Another\n    topic: economy\n",
    )
    a, z, mini = folder / "a.yaml", folder / "z.yaml", folder / "mini.yaml"
    return folder, [
        f"{a}:2:16: must not be empty",
        f"{a}:10:5: unknown indicator 'gpd' (did you mean 'gdp'?)",
        f"{z}:2:5: indicator id 'gdp' is defined twice (first at {mini}:11:5)",
    ]


def test_three_problems_in_two_files_in_one_run_from_every_command(run: Run, tmp_path: Path) -> None:
    folder, problems = _three_problems(tmp_path)
    expected = "".join(f"jiexiu: error: {p}\n" for p in problems)
    for args in COMMANDS:
        result = run("--data", str(folder), *args)
        assert (result.exit_code, result.stderr, result.stdout) == (1, expected, ""), args
        json_result = run("--data", str(folder), *args, "--format", "json")
        assert (json_result.exit_code, json_result.stderr, json_result.stdout) == (1, expected, ""), args
    with pytest.raises(DataProblems) as e:
        load(folder)
    assert e.value.problems == problems and e.value.more == 0
    assert str(e.value) == "\n".join(problems)


def test_three_problems_from_the_installed_entry_point(tmp_path: Path) -> None:
    folder, problems = _three_problems(tmp_path)
    for args in (["show", "gdp"], ["verify"]):
        result = jiexiu("--data", str(folder), *args, cwd=tmp_path)
        assert result.returncode == 1 and result.stdout == ""
        assert result.stderr.splitlines() == [f"jiexiu: error: {p}".replace(f"{tmp_path}/", "") for p in problems]


def test_problems_are_found_again_as_files_are_fixed_one_by_one(run: Run, tmp_path: Path) -> None:
    """The store keeps what it found; each edit updates it (one file read again)."""
    folder, problems = _three_problems(tmp_path)
    assert run("--data", str(folder), "list").stderr.count("jiexiu: error: ") == 3
    a = folder / "a.yaml"
    a.write_text(a.read_text(encoding="utf-8").replace('indicator: ""', "indicator: gdp"), encoding="utf-8")
    assert run("--data", str(folder), "list").stderr == "".join(f"jiexiu: error: {p}\n" for p in problems[1:])
    (folder / "z.yaml").unlink()
    assert run("--data", str(folder), "list").stderr == f"jiexiu: error: {problems[1]}\n"
    a.write_text(a.read_text(encoding="utf-8").replace("indicator: gpd", "indicator: gdp"), encoding="utf-8")
    result = run("--data", str(folder), "list")
    assert (result.exit_code, result.stderr) == (0, "")
    a.write_text(a.read_text(encoding="utf-8").replace("kind: level", "kind: levle"), encoding="utf-8")
    result = run("--data", str(folder), "list")
    assert result.exit_code == 1 and result.stderr.count("unknown kind 'levle' (did you mean 'level'?)") == 2


def test_the_first_twenty_then_how_many_more(run: Run, tmp_path: Path) -> None:
    folder = _folder(tmp_path, a="figures:\n" + "".join(_figure('""') for _ in range(23)))
    result = run("--data", str(folder), "show", "gdp")
    lines = result.stderr.splitlines()
    assert result.exit_code == 1 and len(lines) == MAX_PROBLEMS + 1
    assert lines[0] == f"jiexiu: error: {folder / 'a.yaml'}:2:16: must not be empty"
    assert lines[MAX_PROBLEMS - 1] == f"jiexiu: error: {folder / 'a.yaml'}:{2 + 8 * 19}:16: must not be empty"
    assert lines[-1] == "jiexiu: error: … and 3 more problems"
    with pytest.raises(DataProblems) as e:
        load(folder)
    assert (len(e.value.problems), e.value.more, e.value.total) == (MAX_PROBLEMS, 3, 23)


def test_the_count_spans_files_and_rules(run: Run, tmp_path: Path) -> None:
    """Twenty problems in one file, two in the next, one across files: 20 shown, 3 more."""
    folder = _folder(
        tmp_path,
        a="figures:\n" + "".join(_figure('""') for _ in range(20)),
        b="figures:\n" + _figure('""') + _figure("nothing") + _figure("gdp", source="nowhere.txt"),
    )
    lines = run("--data", str(folder), "list").stderr.splitlines()
    assert len(lines) == 21 and lines[-1] == "jiexiu: error: … and 3 more problems"
    assert all(str(folder / "a.yaml") in line for line in lines[:-1])


def test_every_bad_field_of_one_record(run: Run, tmp_path: Path) -> None:
    folder = _folder(tmp_path, a="figures:\n" + _figure("gdp", kind="cout", period="'2023年'", colour="red"))
    a = folder / "a.yaml"
    assert run("--data", str(folder), "list").stderr.splitlines() == [
        f"jiexiu: error: {a}:3:13: write the period '2023年' as '2023'",
        f"jiexiu: error: {a}:7:11: unknown kind 'cout' (did you mean 'count'?)",
        f"jiexiu: error: {a}:10:5: unknown key 'colour' in a figure (expected one of: {_figure_keys()})",
    ]


def _figure_keys() -> str:
    from jiexiu_cli.factbase.fact_schema import FIGURE_SCHEMA

    return ", ".join(FIGURE_SCHEMA)


def test_a_misspelt_key_is_not_also_a_missing_one(run: Run, tmp_path: Path) -> None:
    folder = _folder(tmp_path, a="figures:\n" + _figure("gdp").replace("value:", "vaule:"))
    assert run("--data", str(folder), "list").stderr == (
        f"jiexiu: error: {folder / 'a.yaml'}:4:5: unknown key 'vaule' in a figure (did you mean 'value'?)\n"
    )


def test_a_record_that_is_a_problem_is_not_the_cause_of_more(run: Run, tmp_path: Path) -> None:
    """A figure of an indicator whose own entry is broken, an exclusion of a broken source,
    a check of a broken figure: one problem each, at the broken entry."""
    folder = _folder(
        tmp_path,
        a="indicators:\n  - id: tourism\n    name_zh: 旅游\n    name_en: Tourism\n    topic: tourisme\n"
        "figures:\n" + _figure("tourism", id="tourism.one", unit="[亿元]"),
        b="checks:\n  - id: c\n    rule: same\n    figures: [tourism.one, gdp.2023.level]\n    title: t\n",
    )
    lines = run("--data", str(folder), "list").stderr.splitlines()
    assert len(lines) == 2, lines
    assert "a.yaml:5:12: unknown topic 'tourisme'" in lines[0]
    assert "a.yaml:10:11: unit must be a single value, got a list" in lines[1]


def test_a_file_that_is_not_yaml_is_one_problem_and_the_others_are_still_read(run: Run, tmp_path: Path) -> None:
    folder = _folder(tmp_path, a="figures: [\n", b="figures:\n" + _figure("gpd"))
    lines = run("--data", str(folder), "list").stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"jiexiu: error: {folder / 'a.yaml'}:2:1: invalid YAML")
    assert lines[1] == f"jiexiu: error: {folder / 'b.yaml'}:2:5: unknown indicator 'gpd' (did you mean 'gdp'?)"


def test_one_problem_is_said_as_before(tmp_path: Path) -> None:
    folder = _folder(tmp_path, a="figures:\n" + _figure("gpd"))
    with pytest.raises(DataError) as e:
        load(folder)
    assert not isinstance(e.value, DataProblems)
    assert str(e.value) == f"{folder / 'a.yaml'}:2:5: unknown indicator 'gpd' (did you mean 'gdp'?)"


DEFECTS = {
    "empty indicator": ('""', {}, "must not be empty"),
    "unknown indicator": ("nosuch", {}, "unknown indicator 'nosuch'"),
    "bad kind": ("gdp", {"kind": "levle"}, "unknown kind 'levle'"),
    "unknown source": ("gdp", {"source": "nowhere.txt"}, "unknown source 'nowhere.txt'"),
    "negative value": ("gdp", {"value": "'-1'"}, "must not be negative"),
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from([None, *DEFECTS]), min_size=1, max_size=30))
def test_every_defect_is_reported_once_in_order(tmp_path_factory: pytest.TempPathFactory, defects: list) -> None:
    """Figures, each sound or with one defect: the loader names each defect once, in the
    order of the figures, the first 20 and then how many more."""
    folder = tmp_path_factory.mktemp("many") / "facts"
    shutil.copytree(DATA / "mini", folder)
    text = "figures:\n"
    for i, defect in enumerate(defects):
        indicator, more, _ = DEFECTS[defect] if defect else ("gdp", {}, "")
        text += _figure(indicator, id=f"f{i}", **more)
    (folder / "a.yaml").write_text(text, encoding="utf-8")
    wanted = [DEFECTS[d][2] for d in defects if d]
    if not wanted:
        load(folder)
        return
    with pytest.raises(DataError) as e:
        load(folder)
    said = e.value.problems if isinstance(e.value, DataProblems) else [str(e.value)]
    total = e.value.total if isinstance(e.value, DataProblems) else 1
    assert total == len(wanted)
    assert len(said) == min(len(wanted), MAX_PROBLEMS)
    for line, message in zip(said, wanted, strict=False):
        assert message in line, (line, message)
    lines = [int(line.split(".yaml:")[1].split(":")[0]) for line in said]
    assert lines == sorted(lines)

"""The Python API (issue 18): the records of the commands' ``--format json``, with Decimal
values, the project's errors (never SystemExit), and nothing on the command line's path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import jiexiu_cli as jx
from jiexiu_cli.core.errors import DataError, JiexiuError, NotFoundError, UsageError
from jiexiu_cli.present.render_json import to_json
from tests.conftest import DATA, ROOT, Run

MINI = str(DATA / "mini")


@pytest.fixture(scope="module")
def fb() -> jx.FactBook:
    return jx.load()


def same_as_cli(records: list[dict[str, Any]], run: Run, *args: str) -> None:
    """The records are the command's JSON: the same text when written as the command
    writes it, and equal to its output read with every number as a Decimal."""
    out = run(*args, "--format", "json")
    assert out.exit_code == 0, out.stderr
    assert to_json(records) == out.stdout
    assert json.loads(out.stdout, parse_float=Decimal, parse_int=Decimal) == records


def decimals(records: list[dict[str, Any]], *keys: str) -> None:
    for r in records:
        for k in keys:
            assert r[k] is None or type(r[k]) is Decimal, (k, r[k])


def test_show_is_show_json_with_decimals(fb: jx.FactBook, run: Run) -> None:
    records = fb.show("gdp")
    same_as_cli(records, run, "show", "gdp")
    decimals(records, "value", "value_base")
    assert [r["display"] for r in records][:2] == ["341.3亿元", "增长8.5%"]
    assert records[0]["value"] == Decimal("341.3") and str(records[0]["value"]) == "341.3"
    same_as_cli(fb.show("GDP", period="2022年一季度"), run, "show", "gdp", "--period", "2022Q1")
    assert fb.show("gdp", period="2030") == []


def test_figures_are_export_json(fb: jx.FactBook, run: Run) -> None:
    records = fb.figures()
    same_as_cli(records, run, "export")
    decimals(records, "value", "value_base")
    assert len(records) == 214
    narrowed = fb.figures(period="2021", topic="economy", place="介休市")
    same_as_cli(narrowed, run, "export", "--period", "2021", "--topic", "economy", "--place", "介休市")
    assert narrowed and all(r["period"] == "2021" and r["topic"] == "economy" for r in narrowed)
    both = fb.figures(indicator=["gdp", "预算收入"], source="002")
    same_as_cli(both, run, "export", "-i", "gdp", "-i", "预算收入", "--source", "002")
    assert {r["indicator"] for r in both} == {"gdp", "budget_revenue"}
    assert {r["source"] for r in both} == {"002_a7ce63afe1259d76.txt"}


def test_search_compare_audit_list_sources_are_their_commands(fb: jx.FactBook, run: Run) -> None:
    found = fb.search("焦化", limit=None)
    same_as_cli(found, run, "search", "焦化", "--limit", "100000")
    assert found and all("焦化" in r["quote"] or "焦化" in r["name_zh"] or r["matched"] for r in found)
    same_as_cli(fb.search("heating"), run, "search", "heating")  # the default limit is the command's, 20
    same_as_cli(fb.search("qingjie", "2021", limit=3), run, "search", "qingjie", "2021", "--limit", "3")
    pairs = fb.compare("gdp")
    same_as_cli(pairs, run, "compare", "gdp")
    decimals(pairs, "multiple", "cagr", "share")
    assert any(p["cagr"] is not None for p in pairs)
    same_as_cli(fb.compare(), run, "compare")
    same_as_cli(fb.compare(period="2022Q1"), run, "compare", "--period", "2022Q1")
    checks = fb.audit()
    same_as_cli(checks, run, "audit")
    assert {c["status"] for c in checks} <= {"consistent", "compatible", "inconsistent", "cannot check"}
    same_as_cli(fb.audit("budget_revenue", status="compatible"), run, "audit", "budget_revenue", "-s", "compatible")
    same_as_cli(fb.indicators(), run, "list")
    same_as_cli(fb.indicators(topic="environment"), run, "list", "--topic", "environment")
    same_as_cli(fb.sources(), run, "sources")


def test_a_folder_or_file_and_its_errors(tmp_path: Path, run: Run) -> None:
    mini = jx.load(MINI)
    same_as_cli(mini.show("gdp"), run, "--data", MINI, "show", "gdp")
    assert "figures" in repr(mini)
    with pytest.raises(DataError, match=r"text_value\.yaml:31:12: value must be a number"):
        jx.load(DATA / "broken" / "text_value.yaml")
    with pytest.raises(JiexiuError):
        jx.load(tmp_path / "nothing-here")


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda fb: fb.show("gpd"), NotFoundError, "no indicator named 'gpd'"),
        (lambda fb: fb.show("gdp", period="2025-2021"), UsageError, "a run of years ends after it starts"),
        (lambda fb: fb.show("gdp", place="丁县"), NotFoundError, "no figure is of place '丁县'"),
        (lambda fb: fb.figures(topic="nope"), NotFoundError, "no indicator has topic 'nope'"),
        (lambda fb: fb.figures(source="003"), NotFoundError, "no source named '003'"),
        (lambda fb: fb.compare("gdp", "gpd"), NotFoundError, "no indicator named 'gpd'"),
        (lambda fb: fb.audit(status="fine"), UsageError, "status must be one of"),
        (lambda fb: fb.search(""), UsageError, "search terms"),
        (lambda fb: fb.search("焦化", limit=0), UsageError, "limit must be at least 1"),
        (lambda fb: fb.indicators(topic="nope"), NotFoundError, "no indicator has topic 'nope'"),
    ],
)
def test_errors_are_the_projects_never_system_exit(fb: jx.FactBook, call: Any, error: type, message: str) -> None:
    with pytest.raises(error, match=message) as caught:
        call(fb)
    assert isinstance(caught.value, JiexiuError) and "\n" not in str(caught.value)


def test_suggestions_come_with_not_found(fb: jx.FactBook) -> None:
    with pytest.raises(NotFoundError) as caught:
        fb.show("gpd")
    assert "gdp" in caught.value.suggestions


def test_to_pandas_without_pandas_is_one_line_with_the_extra(fb: jx.FactBook, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if not installed: import raises ImportError
    with pytest.raises(jx.MissingExtra) as caught:
        fb.to_pandas()
    assert isinstance(caught.value, JiexiuError)
    assert "jiexiu[pandas]" in str(caught.value) and "\n" not in str(caught.value)


def test_analyst_rows_keep_the_exact_value_beside_the_float(fb: jx.FactBook) -> None:
    """What to_pandas and the SQLite export both tabulate (runs without pandas)."""
    from jiexiu_cli.present.records import FIGURE_KEYS
    from jiexiu_cli.present.tabular import COLUMNS, analyst_row

    records = fb.figures()
    assert tuple(records[0]) == FIGURE_KEYS
    assert COLUMNS.index("value_decimal") == COLUMNS.index("value") + 1
    assert COLUMNS.index("value_base_decimal") == COLUMNS.index("value_base") + 1
    for r in records:
        row = analyst_row(r)
        assert list(row) == list(COLUMNS)
        assert Decimal(row["value_decimal"]) == r["value"] and row["value"] == float(r["value"])
        assert Decimal(row["value_base_decimal"]) == r["value_base"]
        assert row["display"] == r["display"] and row["printed"] == r["printed"]


def test_to_pandas(fb: jx.FactBook) -> None:
    pandas = pytest.importorskip("pandas")
    df = fb.to_pandas()
    records = fb.figures()
    assert len(df) == len(records) == 214
    assert str(df["value"].dtype) == "float64" and str(df["value_base"].dtype) == "float64"
    gdp = df[(df["indicator"] == "gdp") & (df["period"] == "2021") & (df["kind"] == "level")].iloc[0]
    assert gdp["value"] == 341.3 and gdp["value_decimal"] == "341.3" and gdp["display"] == "341.3亿元"
    assert gdp["value_base_decimal"] == "34130000000"
    third = df[df["value_exact"] == "1/3"].iloc[0]
    assert third["printed"] == "1/3" and third["value_decimal"] == "0.3333"
    small = fb.to_pandas(indicator="gdp", period="2022Q1")
    assert list(small["display"]) == [r["display"] for r in fb.figures(indicator="gdp", period="2022Q1")]
    assert isinstance(small, pandas.DataFrame)


@pytest.mark.process
def test_the_package_names_are_lazy_and_typed() -> None:
    assert (ROOT / "jiexiu_cli" / "py.typed").is_file()
    assert {"load", "FactBook", "NotFoundError"} <= set(dir(jx))
    with pytest.raises(AttributeError):
        _ = jx.no_such_name
    code = (
        "import sys, jiexiu_cli as jx\n"
        "before = sorted(m for m in sys.modules if m.startswith('jiexiu_cli.'))\n"
        "jx.load\n"
        "print(before, 'jiexiu_cli.api' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[] True"


@pytest.mark.process
def test_show_gdp_imports_no_api(tmp_path: Path) -> None:
    """`jiexiu show gdp` (warm) imports none of the API's modules."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    args = [sys.executable, "-X", "importtime", "-m", "jiexiu_cli", "show", "gdp"]
    subprocess.run(args, env=env, capture_output=True, check=True)
    imported = subprocess.run(args, env=env, capture_output=True, text=True, check=True).stderr
    names = {line.rpartition("|")[2].strip() for line in imported.splitlines()}
    assert "jiexiu_cli.cli.app" in names
    assert not names & {
        "jiexiu_cli.api",
        "jiexiu_cli.analysis.selection",
        "jiexiu_cli.present.tabular",
        "jiexiu_cli.present.export_sqlite",
    }


def test_load_stays_the_function_when_the_loader_module_is_imported() -> None:
    """The YAML loader is ``jiexiu_cli.factbase.loader``: no submodule shares a name with the API."""
    import jiexiu_cli.factbase.loader
    from jiexiu_cli.factbase.loader import load_file

    assert callable(load_file) and jiexiu_cli.factbase.loader.load_file is load_file
    assert jx.load.__module__ == "jiexiu_cli.api" and jiexiu_cli.load is jx.load
    for name in jx.__all__:
        assert not (Path(jx.__file__).parent / f"{name}.py").exists(), name


def test_the_readme_example_runs_as_written() -> None:
    """The notebook example of README's "Python API", as a doctest (its DataFrame lines where
    pandas is installed)."""
    import doctest
    import importlib.util

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Python API") :]
    block = section[section.index("```python\n") + len("```python\n") :]
    block = block[: block.index("```")]
    parser = doctest.DocTestParser()
    test = parser.get_doctest(block, {}, "README Python API", "README.md", 0)
    assert len(test.examples) >= 8
    if importlib.util.find_spec("pandas") is None:
        test.examples = [e for e in test.examples if "df" not in e.source]
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0


def test_the_errors_are_where_the_contract_names_them() -> None:
    """docs/CONTRACT.md: errors are the exceptions of ``jiexiu_cli.errors`` (and ``jx.…``)."""
    import jiexiu_cli.errors as public
    from jiexiu_cli.core import errors

    for name in ("JiexiuError", "DataError", "NotFoundError", "UsageError", "CheckFailed"):
        assert getattr(public, name) is getattr(errors, name) is getattr(jx, name)

"""`jiexiu export` for analysts' tools (issue 18): filters, the source's title and date in
every record, and ``--format sqlite`` (Datasette, sqlite-utils), opened with sqlite3."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from jiexiu_cli.present import export_sqlite
from tests.conftest import Run

OLD_COLUMNS = [
    "indicator",
    "name_zh",
    "name_en",
    "period",
    "value",
    "printed",
    "unit",
    "qualifier",
    "kind",
    "source",
    "quote",
    "id",
    "status",
    "qualifier_zh",
    "scope",
    "base_period",
    "value_base",
    "unit_base",
    "topic",
    "fragment",
    "unit_note",
    "note",
    "period_label",
    "period_start",
    "period_end",
    "place",
    "universe",
    "basis",
    "display",
    "value_exact",
    "fragment_before",
    "additive",
]


@pytest.fixture(scope="module")
def everything() -> list[dict[str, Any]]:
    from typer.testing import CliRunner

    from jiexiu_cli.cli.app import app

    out = CliRunner().invoke(app, ["export"], catch_exceptions=False)
    assert out.exit_code == 0
    return list(json.loads(out.stdout, parse_float=Decimal, parse_int=Decimal))


def exported(run: Run, *args: str) -> list[dict[str, Any]]:
    out = run("export", *args)
    assert out.exit_code == 0, out.stderr
    return list(json.loads(out.stdout, parse_float=Decimal, parse_int=Decimal))


@pytest.mark.parametrize(
    ("args", "keep"),
    [
        (["--indicator", "gdp"], lambda r: r["indicator"] == "gdp"),
        (["-i", "GDP", "-i", "财政收入"], lambda r: r["indicator"] in ("gdp", "budget_revenue")),
        (["--period", "2022年一季度"], lambda r: r["period"] == "2022Q1"),
        (["--topic", "environment"], lambda r: r["topic"] == "environment"),
        (["--source", "002"], lambda r: r["source"] == "002_a7ce63afe1259d76.txt"),
        (["--source", "JIEXIU-2022Q1.txt"], lambda r: r["source"] == "jiexiu-2022q1.txt"),
        (["--place", "介休市"], lambda r: r["place"] == "介休市"),
        (
            ["--topic", "economy", "--period", "2021", "--source", "002"],
            lambda r: r["topic"] == "economy" and r["period"] == "2021" and r["source"].startswith("002"),
        ),
    ],
)
def test_each_filter_keeps_what_it_names(
    run: Run, everything: list[dict[str, Any]], args: list[str], keep: Any
) -> None:
    expected = [r for r in everything if keep(r)]
    assert expected
    assert exported(run, *args) == expected
    csv_rows = list(csv.DictReader(io.StringIO(run("export", *args, "--format", "csv").stdout)))
    assert [r["id"] for r in csv_rows] == [r["id"] for r in expected]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--indicator", "gpd"], 1, "no indicator named 'gpd'"),
        (["--topic", "nope"], 1, "no indicator has topic 'nope' (topics: "),
        (["--source", "003"], 1, "no source named '003' (sources: 000_5c670b32eecb22f9.txt"),
        (["--place", "丁县"], 1, "no figure is of place '丁县'"),
        (["-i", "gdp", "--topic", "environment"], 1, "no figure of gdp of topic 'environment'"),
        (["--period", "2025-2021"], 2, "a run of years ends after it starts"),
        (["--source", "002", "--source", "000"], 2, "given twice"),
        (["--format", "sqlite"], 2, "--format sqlite writes a file: give it with --output FILE"),
        (["--output", "x.db"], 2, "--output is for --format sqlite"),
        (["--format", "sqlite", "--output", ""], 2, "is empty"),
    ],
)
def test_bad_filters_and_usage(run: Run, tmp_path: Path, args: list[str], code: int, message: str) -> None:
    out = run("export", *args)
    assert out.exit_code == code
    assert message in out.stderr and out.stdout == ""
    if code == 1 or message.startswith("--"):  # Typer's own usage errors: one line through main, below
        assert len(out.stderr.splitlines()) <= 2  # one line (and a suggestion line for a name)
    assert not (Path.cwd() / "x.db").exists()


@pytest.mark.process
@pytest.mark.parametrize("args", [["--format", "sqlite"], ["--format", "sqlite", "--output", ""], ["-p", "x"]])
def test_usage_errors_are_one_line_from_the_entry_point(tmp_path: Path, args: list[str]) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-m", "jiexiu_cli", "export", *args], env=env, capture_output=True, text=True, cwd=tmp_path
    )
    assert out.returncode == 2 and out.stdout == "" and list(tmp_path.glob("*.db")) == []
    assert len(out.stderr.splitlines()) == 1 and out.stderr.startswith("jiexiu: ")


def test_csv_adds_the_source_title_and_date_at_the_end(run: Run) -> None:
    rows = list(csv.reader(io.StringIO(run("export", "--format", "csv").stdout)))
    assert rows[0] == [*OLD_COLUMNS, "source_title", "source_date"]
    by_source = {r[9]: (r[-2], r[-1]) for r in rows[1:]}
    assert by_source["002_a7ce63afe1259d76.txt"] == ("全方位推进高质量发展 介休这么做", "2022-01-28")
    assert by_source["jiexiu-2022q1.txt"][1] == "2022-05-11"


@pytest.fixture
def db(run: Run, tmp_path: Path) -> Path:
    out = run("export", "--format", "sqlite", "--output", str(tmp_path / "facts.db"))
    assert out.exit_code == 0, out.stderr
    assert out.stdout == "" and "wrote 214 figures to" in out.stderr
    return tmp_path / "facts.db"


def test_sqlite_tables_keys_and_counts(db: Path, everything: list[dict[str, Any]]) -> None:
    con = sqlite3.connect(db)
    tables = {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"figures", "indicators", "sources", "figures_fts"} <= tables
    pk = {
        t: [r[1] for r in con.execute(f"PRAGMA table_info({t})") if r[5]] for t in ("figures", "indicators", "sources")
    }
    assert pk == {"figures": ["id"], "indicators": ["indicator"], "sources": ["source"]}
    fks = {(r[3], r[2], r[4]) for r in con.execute("PRAGMA foreign_key_list(figures)")}
    assert fks == {("indicator", "indicators", "indicator"), ("source", "sources", "source")}
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    assert con.execute("SELECT count(*) FROM figures").fetchone()[0] == len(everything)
    counts: dict[str, int] = {}
    for r in everything:
        counts[r["indicator"]] = counts.get(r["indicator"], 0) + 1
    assert dict(con.execute("SELECT indicator, figures FROM indicators WHERE figures > 0")) == counts
    assert sum(n for (n,) in con.execute("SELECT figures FROM sources")) == len(everything)
    # every value exact beside its float, every other column as the JSON record has it
    names = [r[1] for r in con.execute("PRAGMA table_info(figures)")]
    con.row_factory = sqlite3.Row
    rows = {r["id"]: r for r in con.execute("SELECT * FROM figures")}
    for rec in everything:
        row = rows[rec["id"]]
        assert Decimal(row["value_decimal"]) == rec["value"] and row["value"] == float(rec["value"])
        assert Decimal(row["value_base_decimal"]) == rec["value_base"]
        for key in ("quote", "display", "printed", "period", "place", "source_title", "source_date", "unit"):
            assert row[key] == rec[key]
    assert names[: names.index("value") + 2] == [*OLD_COLUMNS[: OLD_COLUMNS.index("value") + 1], "value_decimal"]


def test_full_text_search_finds_two_character_chinese(db: Path, everything: list[dict[str, Any]]) -> None:
    con = sqlite3.connect(db)

    def matching(query: str) -> set[str]:
        # as Datasette's search box asks (escape_fts: each term a quoted phrase) and sqlite-utils search
        sql = "SELECT id FROM figures WHERE rowid IN (SELECT rowid FROM figures_fts WHERE figures_fts MATCH ?)"
        return {i for (i,) in con.execute(sql, (query,))}

    for term in ("焦化", "清洁取暖", "亿元", "增长"):
        expected = {r["id"] for r in everything if term in r["quote"]}
        assert expected and matching(f'"{term}"') == expected, term
        assert matching(term) == expected
    coking = matching('"焦化"')
    assert {"changsheng_coking_capacity.2021-2025.level", "maosheng_coking_capacity.2021-2025.level"} <= coking
    assert matching('"焦化" "2021"') == {r["id"] for r in everything if "焦化" in r["quote"] and "2021" in r["quote"]}
    gdp = {r["id"] for r in everything if "gdp" in r["quote"].casefold()}
    assert gdp and matching("GDP") == gdp
    assert con.execute("INSERT INTO figures_fts(figures_fts) VALUES ('integrity-check')") is not None
    detected = con.execute(
        "SELECT name FROM sqlite_master WHERE rootpage = 0 AND sql LIKE '%VIRTUAL TABLE%USING FTS%content=[figures]%'"
    ).fetchall()
    assert detected == [("figures_fts",)]  # what sqlite-utils' and Datasette's detect_fts look for


def test_search_text_cuts_chinese_runs() -> None:
    assert (
        export_sqlite.search_text("焦化企业GDP增长8.5%")
        == "焦 化 企 业 焦化 化企 企业 焦化企 化企业 焦化企业 gdp 增 长 增长 8.5%"
    )
    assert export_sqlite.search_text("億元") == "亿 元 亿元"


def test_metadata_json_describes_every_column(db: Path) -> None:
    meta = json.loads((db.parent / "metadata.json").read_text(encoding="utf-8"))
    assert meta["title"] and meta["license"] and meta["about"].startswith("jiexiu ")
    assert "山西晚报, 2022-01-28, 《全方位推进高质量发展 介休这么做》" in meta["source"]
    tables = meta["databases"]["facts"]["tables"]
    con = sqlite3.connect(db)
    for table in ("figures", "indicators", "sources"):
        columns = [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
        described = tables[table]["columns"]
        assert list(described) == columns and all(described.values()), table
        assert tables[table]["description"]
    assert tables["figures"]["fts_table"] == "figures_fts"


def test_an_existing_file_is_replaced_only_with_force(run: Run, db: Path) -> None:
    db.write_bytes(b"someone's work")
    out = run("export", "--format", "sqlite", "--output", str(db))
    assert out.exit_code == 1 and "exists: give --force to replace it" in out.stderr
    assert db.read_bytes() == b"someone's work"
    out = run("export", "--format", "sqlite", "--output", str(db), "--force", "--period", "2021")
    assert out.exit_code == 0, out.stderr
    con = sqlite3.connect(db)
    assert {p for (p,) in con.execute("SELECT DISTINCT period FROM figures")} == {"2021"}
    assert sorted(p.name for p in db.parent.iterdir()) == ["facts.db", "metadata.json"]


def test_a_failed_write_leaves_nothing_half_written(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, everything: list[dict[str, Any]]
) -> None:
    seen = []

    def failing(record: dict[str, Any]) -> str:
        seen.append(record)
        if len(seen) > 100:
            raise RuntimeError("interrupted")
        return "x"

    monkeypatch.setattr(export_sqlite, "search_text", failing)
    target = tmp_path / "facts.db"
    with pytest.raises(RuntimeError):
        run("export", "--format", "sqlite", "--output", str(target))
    assert list(tmp_path.iterdir()) == []
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        run("export", "--format", "sqlite", "--output", str(target), "--force")
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["facts.db"]


def test_a_folder_that_cannot_be_written_is_one_line(run: Run, tmp_path: Path) -> None:
    out = run("export", "--format", "sqlite", "--output", str(tmp_path / "missing" / "facts.db"))
    assert out.exit_code == 1 and out.stderr.startswith("jiexiu: error: cannot write in ")
    assert len(out.stderr.splitlines()) == 1


def test_a_folder_as_output_is_refused_even_with_force(run: Run, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    out = run("export", "--format", "sqlite", "--output", str(tmp_path / "out"), "--force")
    assert out.exit_code == 1 and "is a folder: give the database a file name" in out.stderr
    assert list((tmp_path / "out").iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["out"]

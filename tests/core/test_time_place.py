"""Time and place (issue 13): periods through the loader, store, commands and outputs; growth
and comparison only between spans that compare; places and the universes of ranks and
shares; the first-quarter article as the third shipped source.

The two-county fixture (tests/data/places) is invented: 甲县 and 乙县 of a 丙市, with
articles written for these tests."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from jiexiu_cli.analysis.audit import CANNOT, INCONSISTENT, audit
from jiexiu_cli.analysis.compare import NOT_COMPARED, comparable_pairs, relation_of, unequal_spans
from jiexiu_cli.cli.app import main
from jiexiu_cli.core import periods as P
from jiexiu_cli.core.errors import DataError, NotFoundError
from jiexiu_cli.core.labels import short_source, short_sources
from jiexiu_cli.core.model import FactBase, Figure, Indicator, Location
from jiexiu_cli.factbase import query, store
from jiexiu_cli.factbase.data_path import shipped_data
from jiexiu_cli.factbase.loader import load
from tests import search_reference as reference
from tests.conftest import DATA, Run
from tests.core.test_periods import any_period

PLACES = str(DATA / "places")
Q1 = "jiexiu-2022q1.txt"


def _figure(period: str, kind: str = "level", value: str = "10", unit: str = "亿元", **more: Any) -> Figure:
    return Figure(
        id=more.pop("id", f"x.{period}.{kind}"),
        indicator="x",
        period=period,
        value=Decimal(value),
        unit=unit,
        qualifier="exact",
        status="actual",
        kind=kind,
        source=more.pop("source", f"{period}.txt"),
        quote=value,
        at=Location("t.yaml", 1, 1),
        **more,
    )


# ---------------------------------------------------------------- periods.py, extended


@given(any_period(), any_period())
def test_a_span_contains_what_lies_within_it(a: P.Period, b: P.Period) -> None:
    assert a.contains(a)
    if not a.is_point and not b.is_point:
        assert a.contains(b) == (a.first <= b.first and b.last <= a.last)
    start, end = a.iso()
    assert start <= end and P.parse(start[:4]).contains(P.parse(start[:4]))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2022Q1", "a quarter"),
        ("2022H1", "a half-year"),
        ("2021", "a year"),
        ("2021-2025", "5 years"),
        ("2022M01-M10", "10 months"),
        ("2022M03", "a month"),
        ("2021-12-31", "a point in time"),
    ],
)
def test_lengths_in_words(text: str, words: str) -> None:
    assert P.parse(text).length_words() == words


def test_iso_days() -> None:
    assert P.parse("2022Q1").iso() == ("2022-01-01", "2022-03-31")
    assert P.parse("2024M02").iso() == ("2024-02-01", "2024-02-29")
    assert P.parse("2021-2025").iso() == ("2021-01-01", "2025-12-31")
    assert P.parse("2022-06-30").iso() == ("2022-06-30", "2022-06-30")


# ---------------------------------------------------------------- the loader


def _fact_base(tmp_path: Path, figure: str, name: str = "f.yaml") -> Path:
    """A one-figure fact base around ``figure`` (the YAML of one figure's keys, indented by 4)."""
    (tmp_path / name).write_text(
        "sources:\n"
        "  - {file: a.txt, text: a.txt, sha256: " + "0" * 64 + ", title: t, publisher: p, date: '2022',"
        " covers: '2022Q1', place: 甲县}\n"
        "indicators:\n  - {id: x, name_zh: 某, name_en: X, topic: economy}\n"
        "figures:\n  - indicator: x\n    quote: q\n" + figure,
        encoding="utf-8",
    )
    return tmp_path / name


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(any_period())
def test_the_fact_base_takes_every_canonical_period_and_names_it_for_any_other(tmp_path: Path, p: P.Period) -> None:
    path = _fact_base(
        tmp_path, f"    period: '{p}'\n    value: '1'\n    unit: 个\n    qualifier: exact\n    kind: count\n"
    )
    assert load(path).figures[0].period == str(p)
    if p.label_zh() != str(p):
        path = _fact_base(
            tmp_path,
            f"    period: '{p.label_zh()}'\n    value: '1'\n    unit: 个\n    qualifier: exact\n    kind: count\n",
        )
        with pytest.raises(DataError) as e:
            load(path)
        assert f"f.yaml:8:13: write the period '{p.label_zh()}' as '{p}'" in str(e.value)


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ("period: '2022年一季度'", "f.yaml:8:13: write the period '2022年一季度' as '2022Q1'"),
        ("period: '2025-2021'", "f.yaml:8:13: period '2025-2021': a run of years ends after it starts: 2025-2021"),
        ("period: 2022Q5", "f.yaml:8:13: period '2022Q5': a quarter is Q1 to Q4, got Q5"),
        (
            "period: 2022Q1\n    kind: growth_rate\n    base_period: '2021'",
            "f.yaml:10:18: a figure of 2022 Q1 (a quarter) compares with a span of the same length "
            "(同比: 2021Q1), not with 2021 (a year)",
        ),
        (
            "period: 2022Q1\n    kind: growth_rate\n    base_period: 2022Q2",
            "f.yaml:10:18: base_period 2022Q2 must come before the period 2022Q1",
        ),
        ("period: 2022Q1\n    kind: level\n    universe: 晋中市", "universe is the whole a rank or a share"),
    ],
)
def test_bad_periods_and_bases_in_yaml_name_file_line_column(run: Run, tmp_path: Path, keys: str, message: str) -> None:
    kind = "" if "kind:" in keys else "\n    kind: level"
    path = _fact_base(tmp_path, f"    {keys}{kind}\n    value: '1'\n    unit: '%'\n    qualifier: exact\n")
    result = run("--data", str(path), "show", "x")
    assert result.exit_code == 1 and result.stdout == ""
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_a_growth_rate_without_a_base_compares_with_the_same_span_a_year_earlier(tmp_path: Path) -> None:
    body = "    period: {}\n    kind: growth_rate\n    value: '5'\n    unit: '%'\n    qualifier: exact\n"
    assert load(_fact_base(tmp_path, body.format("2022Q1"))).figures[0].base_period == "2021Q1"
    assert load(_fact_base(tmp_path, body.format("'2022'"))).figures[0].base_period == "2021"
    assert load(_fact_base(tmp_path, body.format("2022M01-M10"))).figures[0].base_period == "2021M01-M10"
    assert load(_fact_base(tmp_path, body.format("'2021-2025'"))).figures[0].base_period is None  # must be named


OLD_FACT_BASES = ["mini", "bom", "third", "places", "audit/ok.yaml", "audit/bad.yaml"] + [
    f"verify/{p.name}" for p in sorted((DATA / "verify").glob("*.yaml"))
]


@pytest.mark.parametrize("where", OLD_FACT_BASES)
def test_every_old_fact_base_loads_and_its_periods_are_canonical(where: str) -> None:
    fb = load(DATA / where)
    assert fb.figures
    for f in fb.figures:
        assert str(P.parse_canonical(f.period)) == f.period
        assert f.base_period is None or str(P.parse_canonical(f.base_period)) == f.base_period


def test_the_first_two_articles_keep_their_figures_and_periods() -> None:
    fb = load(shipped_data())
    per_source = {s.file: [f for f in fb.figures if f.source == s.file] for s in fb.sources}
    assert {s: len(fs) for s, fs in per_source.items()} == {
        "000_5c670b32eecb22f9.txt": 84,
        "002_a7ce63afe1259d76.txt": 114,
        Q1: 16,
    }
    assert {f.period for s in ("000_5c670b32eecb22f9.txt", "002_a7ce63afe1259d76.txt") for f in per_source[s]} == {
        "2021",
        "2022",
        "2025",
        "2021-2025",
    }
    # scope kept for what is not a place; the places ranks and shares are measured in moved to universe
    scopes = {f.scope for f in fb.figures if f.scope}
    # issue 15: what distinguishes unlike measures of one indicator
    unlike = {"改建城市主干道", "新改建主次干道", "改造", "新增", "重点项目", "重大项目"}
    assert scopes == {"财政收入", "民企", "县域", "行业", "新进教师", "全市村庄", "预算", "增幅", *unlike}
    assert {f.universe for f in fb.figures if f.universe} == {"晋中市", "山西省", "中国", "中国中部地区"}
    assert all(f.kind in ("rank", "share") for f in fb.figures if f.universe)


# ---------------------------------------------------------------- --period on every command


SPELLINGS = [
    ("2022Q1", "2022Q1"),
    ("2022q1", "2022Q1"),
    ("2022 Q1", "2022Q1"),
    ("2022年一季度", "2022Q1"),
    ("2022年第一季度", "2022Q1"),
    ("2022年首季", "2022Q1"),
    ("２０２２Ｑ１", "2022Q1"),
    ("十四五", "2021-2025"),
    ("2021-2025年", "2021-2025"),
    ("２０２１", "2021"),
    ("2021年", "2021"),
]


@pytest.mark.parametrize(("typed", "period"), SPELLINGS)
def test_show_finds_figures_by_the_period_a_reader_types(run: Run, typed: str, period: str) -> None:
    records = run.json("show", "gdp", "--period", typed)
    assert records and {r["period"] for r in records} == {period}


@pytest.mark.parametrize(("typed", "period"), SPELLINGS)
def test_list_export_and_compare_take_the_same_periods(run: Run, typed: str, period: str) -> None:
    exported = run.json("export", "--period", typed)
    assert exported and {r["period"] for r in exported} == {period}
    listed = run.json("list", "--period", typed)
    counts: dict[str, int] = {}
    for r in exported:
        counts[r["indicator"]] = counts.get(r["indicator"], 0) + 1
    assert {r["indicator"]: r["figures"] for r in listed} == counts
    for r in run.json("compare", "--period", typed):
        assert period in (r["from"]["period"], r["to"]["period"])


def test_quarter_figures_by_period() -> None:
    fb = load(shipped_data())
    assert sum(1 for f in fb.figures if f.period == "2022Q1") == 16


@pytest.mark.parametrize("command", [["show", "gdp"], ["list"], ["export"], ["compare"]], ids=" ".join)
@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("2025-2021", "a run of years ends after it starts: 2025-2021"),
        ("一季度", "'一季度' names no year: write it with one, e.g. 2022年一季度"),
        ("2022Q5", "a quarter is Q1 to Q4, got Q5"),
        ("20x1", "not a period: '20x1'"),
        ("", "empty period"),
    ],
)
def test_a_bad_period_is_wrong_usage_with_the_reason(
    capsys: pytest.CaptureFixture[str], command: list[str], typed: str, says: str
) -> None:
    """Through main(), as the installed script runs: exit 2 and one line."""
    with pytest.raises(SystemExit) as e:
        main([*command, "--period", typed])
    out, err = capsys.readouterr()
    assert e.value.code == 2 and out == ""
    assert says in err and err.count("\n") == 1 and err.startswith("jiexiu: error: Invalid value for '--period'")


def test_a_period_with_no_figure_is_not_found(run: Run) -> None:
    result = run("show", "gdp", "--period", "2022年上半年")
    assert result.exit_code == 1
    assert "gdp has no figure for period '2022H1' (it has: 2021, 2021-2025, 2022Q1, 2025)" in result.stderr
    assert run("list", "--period", "2030").exit_code == 1
    assert run("export", "--period", "2030").exit_code == 1


def test_show_orders_by_start_then_length(run: Run) -> None:
    periods = [r["period"] for r in run.json("show", "gdp")]
    assert periods == ["2021", "2021", "2021-2025", "2021-2025", "2022Q1", "2022Q1", "2022Q1", "2022Q1", "2025"]
    periods = [r["period"] for r in run.json("--data", PLACES, "show", "gdp", "--place", "甲县")]
    assert periods == ["2022", "2022", "2023H1", "2023H1", "2023", "2023", "2023", "2023"]


def test_search_narrows_to_a_canonical_period_as_the_whole_fact_base_does() -> None:
    fb = load(shipped_data())
    expected = reference.search(fb, reference.build_index(fb), ["2022Q1"], None)
    _, hits = store.answer(shipped_data(), lambda s: s.search(["2022Q1"], None))
    assert [h.figure.id for h in hits] == [h.figure.id for h in expected]
    assert len(hits) == 16 and {h.figure.period for h in hits} == {"2022Q1"}


@pytest.mark.parametrize("limit", [1, 3, 5, None])
def test_the_store_orders_periods_as_the_views_do(limit: int | None) -> None:
    """period_order in SQL sorts 2023H1 before 2023 (start, then length), as period_key does,
    also where a LIMIT cuts the list."""
    fb = load(Path(PLACES))
    expected = reference.search(fb, reference.build_index(fb), ["GDP"], limit)
    _, hits = store.answer(Path(PLACES), lambda s: s.search(["GDP"], limit))
    assert [h.figure.id for h in hits] == [h.figure.id for h in expected]


# ---------------------------------------------------------------- how periods are printed


def test_tables_citations_and_markdown_print_quarters_as_quarters(run: Run) -> None:
    table = run("show", "gdp").stdout
    assert "2022 Q1" in table and "vs 2021 Q1" in table
    cite = run("show", "gdp", "--period", "2022Q1", "--cite").stdout.splitlines()
    assert cite[0].startswith(
        "介休市地区生产总值 (Gross domestic product (GDP)), 2022 Q1: 86.1亿元 — 晋中晚报, 2022-05-11"
    )
    assert ", 2022 Q1: 增长7.8% [growth_rate (real) vs 2021 Q1] — " in cite[1]
    assert ", 2022 Q1: 晋中第一 [rank in 晋中市] — " in cite[2]
    md = run("show", "gdp", "--period", "2022Q1", "--format", "markdown").stdout
    assert "| 2022 Q1 | 86.1亿元 [1] |" in md and "| 2022 Q1<br>vs 2021 Q1 | 增长7.8% [2] |" in md


def test_json_and_csv_carry_the_period_its_label_and_days_and_the_place(run: Run) -> None:
    (level,) = [r for r in run.json("show", "gdp", "--period", "2022Q1") if r["kind"] == "level"]
    assert (level["period"], level["period_label"], level["period_start"], level["period_end"]) == (
        "2022Q1",
        "2022 Q1",
        "2022-01-01",
        "2022-03-31",
    )
    assert (level["place"], level["universe"], level["value"]) == ("介休市", None, 86.1)
    header = run("export", "--format", "csv").stdout.splitlines()[0].split(",")
    assert {"period", "period_label", "period_start", "period_end", "place", "universe", "basis"} <= set(header)
    assert {r["place"] for r in run.json("sources")} == {"介休市"}


# ---------------------------------------------------------------- growth and comparison across spans


def test_compare_never_pairs_a_quarter_with_a_year_and_says_why(run: Run) -> None:
    records = run.json("compare")
    for r in records:
        spans = [P.parse(r[side]["period"]) for side in ("from", "to")]
        if r["relation"] == NOT_COMPARED:
            assert r["multiple"] is None and r["cagr"] is None and r["computed"] is False
            assert r["why"].startswith("not compared: ")
            assert "spans of equal length" in r["why"] or "no check declares how they relate" in r["why"]
        elif r["relation"] in (
            "annual-to-five-year-total",
            "annual-target-to-five-year-total",
            "target-to-achieved",
            "ratio",
        ):
            assert spans[0].kind == "year" and spans[1].kind == "years" and spans[1].contains(spans[0])
        elif r["relation"] in ("rank-to-rank", "share-to-share"):
            assert spans[0].same_length(spans[1]) or spans[1].contains(spans[0])
        else:
            assert spans[0].same_length(spans[1]), r
    quarter = [r for r in records if "2022Q1" in (r["from"]["period"], r["to"]["period"])]
    assert quarter and all(r["relation"] == NOT_COMPARED for r in quarter)
    gdp = [r for r in quarter if r["indicator"] == "gdp"]
    assert {(r["from"]["value"], r["to"]["value"]) for r in gdp} == {
        (341.3, 86.1),
        (300, 86.1),
        (400, 86.1),
        (86.1, 432),
    }
    assert "a quarter (2022 Q1) against a year (2025)" in next(r["why"] for r in gdp if r["to"]["value"] == 432)


def test_compare_gdp_shows_the_pair_and_what_it_did_not_compare(run: Run) -> None:
    out = run("compare", "gdp", env={"COLUMNS": "160"}).stdout
    assert "level-to-level" in out and "× 1.266" in out
    assert "not compared [2]:" in out and "a year" in out and "against a quarter" in out
    assert "[2] gdp: not compared: a year (2021) against a quarter (2022 Q1)" in out


@pytest.mark.parametrize(
    ("a", "b", "relation", "why"),
    [
        ("2022Q1", "2021", None, "a year (2021) against a quarter (2022 Q1)"),
        ("2022H1", "2021-2025", None, "5 years (2021-2025) against a half-year (2022 H1)"),
        ("2022M01-M10", "2022", None, "10 months (2022 Jan-Oct) against a year (2022)"),
        ("2021Q1", "2022Q1", "level-to-level", None),
        ("2021", "2025", "level-to-level", None),
        ("2021-12-31", "2025-12-31", "level-to-level", None),
        ("2021", "2021-2025", None, None),  # a level in a year, a level during five: neither compared nor noted
    ],
)
def test_the_span_rules_of_compare(a: str, b: str, relation: str | None, why: str | None) -> None:
    fa, fb_ = sorted([_figure(a), _figure(b)], key=lambda f: P.key(f.period))
    assert relation_of(fa, fb_) == relation
    assert (unequal_spans(fa, fb_) or "").removeprefix("not compared: ").startswith(why or "")
    if why is None:
        assert unequal_spans(fa, fb_) is None


def test_a_quarters_cagr_over_one_year() -> None:
    a, b = _figure("2021Q1", value="8"), _figure("2022Q1", value="10")
    base = FactBase((), (), (a, b))
    ind = Indicator("x", "某", "X", (), "economy", a.at)
    (pair,) = comparable_pairs(base._replace(indicators=(ind,)))
    assert pair.relation == "level-to-level" and pair.cagr == Decimal("0.25")
    assert "^(1/1)" in pair.formulas["cagr"]


AUDIT_Q1 = """\
sources:
  - {{file: a.txt, text: a.txt, sha256: {sha}, title: t, publisher: p, date: "2022-05-11", covers: 2022Q1}}
indicators:
  - {{id: revenue, name_zh: 一般公共预算收入, name_en: Budget revenue, topic: fiscal}}
figures:
  - {{indicator: revenue, period: "2021", value: "28.06", unit: 亿元, qualifier: exact, kind: level,
     quote: "2021年收入28.06亿元"}}
  - {{indicator: revenue, period: 2022Q1, value: "10", unit: 亿元, qualifier: exact, kind: level,
     quote: "一季度收入10亿元，增长73.4%"}}
  - {{indicator: revenue, period: 2022Q1, value: "73.4", unit: "%", qualifier: exact, kind: growth_rate, basis: nominal,
     base_period: 2021Q1, quote: "一季度收入10亿元，增长73.4%"}}
{more}"""


def test_audit_implies_a_quarters_baseline_for_that_quarter_only(run: Run, tmp_path: Path) -> None:
    """Today's code read 10亿元 +73.4% against the 2021 annual level and exited 1."""
    article = "2021年收入28.06亿元。一季度收入10亿元，增长73.4%。\n"
    (tmp_path / "a.txt").write_text(article, encoding="utf-8")
    import hashlib

    sha = hashlib.sha256(article.encode()).hexdigest()
    (tmp_path / "f.yaml").write_text(AUDIT_Q1.format(sha=sha, more=""), encoding="utf-8")
    result = run("--data", str(tmp_path), "audit", "--format", "json")
    assert result.exit_code == 0, result.stderr
    (finding,) = json.loads(result.stdout)
    assert finding["status"] == CANNOT and "2021 Q1 level" in finding["why"]
    assert finding["formula"] == "2021 Q1 level = 10亿元 / (1 + 73.4%) = 5.767亿元"
    assert all(i["period"] != "2021" for i in finding["inputs"])  # never set against the year's 28.06亿元

    stated = (
        '  - {indicator: revenue, period: 2021Q1, value: "7", unit: 亿元, qualifier: exact, kind: level, quote: "7"}\n'
    )
    (tmp_path / "f.yaml").write_text(AUDIT_Q1.format(sha=sha, more=stated), encoding="utf-8")
    (finding,) = json.loads(run("--data", str(tmp_path), "audit", "--format", "json").stdout)
    assert finding["status"] == INCONSISTENT and finding["inputs"][-1]["period"] == "2021Q1"


def test_audit_never_sets_a_quarter_against_a_year_even_when_told_to() -> None:
    """A base_period of another length (the loader refuses it; a hand-built fact base may not)
    gives 'cannot check' and why, never 'inconsistent'."""
    level = _figure("2022Q1", source="a.txt", id="level")
    growth = _figure("2022Q1", "growth_rate", "7.8", "%", source="a.txt", id="growth", base_period="2021")
    year = _figure("2021", value="341.3", source="b.txt", id="year")
    findings = audit(FactBase((), (), (level, growth, year)))
    (finding,) = [x for x in findings if x.rule == "implied-baseline"]
    assert finding.status == CANNOT
    assert "a quarter (2022 Q1) grows against a span of the same length (同比: 2021 Q1)" in finding.why


def test_the_shipped_audit_has_no_false_alarm(run: Run) -> None:
    result = run("audit", "--format", "json")
    assert result.exit_code == 0
    records = json.loads(result.stdout)
    assert not [r for r in records if r["status"] == INCONSISTENT]
    quarter = [r for r in records if any(i["period"] == "2022Q1" for i in r["inputs"])]
    assert [(r["rule"], r["status"]) for r in quarter] == [("implied-baseline", CANNOT)]
    assert quarter[0]["result"]["value"] == 5.767  # 10亿元 / 1.734, budget revenue of 2021 Q1
    # GDP's Q1 growth is real: it implies no level and is never set beside the CAGR of annual levels
    assert not [r for r in records if r["rule"] == "growth-basis" and "2022Q1" in r["id"]]


# ---------------------------------------------------------------- places


def test_the_two_counties_verify(run: Run) -> None:
    result = run("--data", PLACES, "verify")
    assert result.exit_code == 0, result.stderr
    assert "18 figures, 2 indicators, 3 sources: ok" in result.stdout


def test_a_figure_is_of_its_sources_place_unless_it_names_another(run: Run) -> None:
    records = run.json("--data", PLACES, "show", "gdp", "--period", "2023")
    by_value = {r["value"]: (r["place"], r["universe"]) for r in records}
    assert by_value[120.4] == ("甲县", None)
    assert by_value[980] == ("丙市", None)  # 全市地区生产总值: the city's own
    assert by_value[2] == ("甲县", "丙市") and by_value[12.3] == ("甲县", "丙市")
    table = run("--data", PLACES, "show", "gdp", "--period", "2023", env={"COLUMNS": "200"}).stdout
    assert "place" in table.splitlines()[2] and "rank in 丙市" in table and "share of 丙市" in table


@pytest.mark.parametrize("typed", ["乙县", " 乙县 ", "乙 县"])
def test_place_narrows_every_command(run: Run, typed: str) -> None:
    data = ("--data", PLACES)
    assert {r["place"] for r in run.json(*data, "show", "gdp", "--place", typed)} == {"乙县"}
    assert {r["place"] for r in run.json(*data, "search", "GDP", "--place", typed)} == {"乙县"}
    assert {r["place"] for r in run.json(*data, "export", "--place", typed)} == {"乙县"}
    assert {r["indicator"]: r["figures"] for r in run.json(*data, "list", "--place", typed)} == {
        "budget_revenue": 2,
        "gdp": 5,
    }
    result = run(*data, "compare", "--place", typed)
    assert result.exit_code == 1 and "no comparable pair" in result.stderr  # one article: nothing over time


def test_compare_within_one_place_over_time(run: Run) -> None:
    records = run.json("--data", PLACES, "compare", "--place", "甲县")
    assert [(r["relation"], r["from"]["period"], r["to"]["period"]) for r in records] == [
        ("level-to-level", "2022", "2023"),
        (NOT_COMPARED, "2022", "2023H1"),
    ]
    assert records[0]["multiple"] == 1.061 and records[0]["cagr"] == 0.0608
    assert "a year (2022) against a half-year (2023 H1)" in records[1]["why"]


def test_compare_sets_one_period_across_places(run: Run) -> None:
    records = run.json("--data", PLACES, "compare", "gdp")
    across = [r for r in records if r["relation"] == "place-to-place"]
    assert all(r["from"]["period"] == r["to"]["period"] for r in across)
    pairs = {(r["from"]["place"], r["to"]["place"], r["from"]["period"], r["from"]["kind"]): r for r in across}
    level = pairs[("甲县", "乙县", "2023", "level")]
    assert (level["from"]["value"], level["to"]["value"], level["multiple"]) == (120.4, 150.6, 1.251)
    growth = pairs[("甲县", "乙县", "2023", "growth_rate")]
    assert (growth["change"], growth["change_unit"], growth["multiple"]) == (-0.7, "个百分点", None)
    rank = pairs[("甲县", "乙县", "2023", "rank")]
    assert (rank["change"], rank["from"]["universe"], rank["to"]["universe"]) == (-1, "丙市", "丙市")
    assert pairs[("甲县", "乙县", "2023H1", "level")]["multiple"] == 1.269
    assert pairs[("甲县", "丙市", "2023", "level")]["multiple"] == 8.14
    assert ("甲县", "乙县", "2023", "share") not in pairs  # 乙县 states no share
    table = run("--data", PLACES, "compare", "gdp", env={"COLUMNS": "200"}).stdout
    assert "place-to-place" in table and "120.4亿元 · 2023 · 甲县" in table and "150.6亿元 · 2023 · 乙县" in table


def test_an_unknown_place_is_not_found_with_the_places_there_are(run: Run) -> None:
    for command in (["show", "gdp"], ["search", "GDP"], ["list"], ["export"], ["compare"]):
        result = run("--data", PLACES, *command, "--place", "丁县")
        assert result.exit_code == 1 and result.stdout == ""
        assert "no figure is of place '丁县' (places: 丙市, 乙县, 甲县)" in result.stderr, command
    result = run("show", "gdp", "--place", "晋中市")
    assert "晋中市 is only the whole that ranks and shares are measured in (figures are of: 介休市)" in result.stderr


def test_place_names_fold_case_and_width() -> None:
    assert query.resolve_place(["Jia County", "介休市"], [], "ＪＩＡ　county") == "Jia County"
    assert query.resolve_place(["Jia County", "介休市"], [], "介休市") == "介休市"
    with pytest.raises(NotFoundError):
        query.resolve_place(["介休市"], [], "介休")


# ---------------------------------------------------------------- the third shipped source


def test_the_first_quarter_article_end_to_end(run: Run) -> None:
    verified = run("verify")
    assert verified.exit_code == 0
    assert f"{Q1}: 32/32 number tokens covered (100.0%): 16 figures, 16 exclusions" in verified.stdout
    assert "214 figures, 166 indicators, 3 sources: ok" in verified.stdout

    gdp = {(r["period"], r["kind"], r["value"]): r for r in run.json("show", "gdp")}
    assert gdp[("2021", "level", 341.3)]["period_label"] == "2021"
    quarter = gdp[("2022Q1", "level", 86.1)]
    assert (quarter["period_label"], quarter["source"], quarter["qualifier"]) == ("2022 Q1", Q1, "exact")
    growth = gdp[("2022Q1", "growth_rate", 7.8)]
    assert (growth["base_period"], growth["basis"]) == ("2021Q1", "real")
    assert gdp[("2025", "level", 432)]["qualifier"] == "estimate"

    asked = run.json("show", "gdp", "--period", "2022年一季度")
    assert [(r["kind"], r["value"], r["universe"], r["scope"]) for r in asked] == [
        ("level", 86.1, None, None),
        ("growth_rate", 7.8, None, None),
        ("rank", 1, "晋中市", None),
        ("rank", 2, "晋中市", "增幅"),
    ]
    assert run("audit").exit_code == 0


def test_the_first_quarter_figures_as_curated(run: Run) -> None:
    records = [r for r in run.json("export", "--period", "2022Q1") if r["source"] == Q1]
    assert len(records) == 16 and {r["place"] for r in records} == {"介休市"}
    growth = {r["indicator"]: (r["value"], r["base_period"], r["basis"]) for r in records if r["kind"] == "growth_rate"}
    assert growth == {
        "gdp": (7.8, "2021Q1", "real"),
        "primary_value_added": (12.7, "2021Q1", "real"),
        "industrial_value_added": (11.6, "2021Q1", "real"),
        "construction_value_added": (10, "2021Q1", "real"),
        "services_value_added": (5.2, "2021Q1", "real"),
        "budget_revenue": (73.4, "2021Q1", "nominal"),
    }
    gaps = {r["indicator"]: (r["value"], r["unit"], r["qualifier_zh"]) for r in records if r["kind"] == "target_gap"}
    assert gaps == {
        "industrial_value_added": (1.6, "个百分点", "超任务"),
        "services_value_added": (0.1, "亿元", "超任务"),
        "budget_revenue": (-0.85, "亿元", "与任务相差"),
    }
    levels = {r["indicator"]: r["value"] for r in records if r["kind"] == "level"}
    assert levels == {
        "gdp": 86.1,
        "primary_value_added": 0.9,
        "construction_value_added": 1.9,
        "services_value_added": 23.3,
        "budget_revenue": 10,
    }
    assert "历史之最" in next(r["note"] for r in records if r["id"] == "budget_revenue.2022Q1.level")


# ---------------------------------------------------------------- short source labels


def test_short_source_labels_are_unique_among_those_shown() -> None:
    assert short_source("002_a7ce63afe1259d76.txt") == "002"
    assert short_source(Q1) == "jiexiu-2022q1"
    assert short_sources([Q1, "jiexiu-2022q2.txt"]) == {Q1: "jiexiu-2022q1", "jiexiu-2022q2.txt": "jiexiu-2022q2"}
    long = ["a-very-long-article-name-q1.txt", "a-very-long-article-name-q2.txt"]
    labels = short_sources(long)
    assert len(set(labels.values())) == 2
    assert short_sources(["bad_a.txt", "bad_b.txt"]) == {"bad_a.txt": "bad_a", "bad_b.txt": "bad_b"}
    assert short_sources(["jia_2022.txt", "jia_2023.txt", "yi_2023.txt"]) == {
        "jia_2022.txt": "jia_2022",
        "jia_2023.txt": "jia_2023",
        "yi_2023.txt": "yi",
    }

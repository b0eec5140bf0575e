"""`jiexiu audit`: consistent, inconsistent and cannot-check cases, on the shipped fact base
and on two small ones in tests/data/audit (ok.yaml: nothing contradicts; bad.yaml: two
articles that contradict each other and themselves)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiexiu_cli.analysis.audit import CANNOT, COMPATIBLE, CONSISTENT, INCONSISTENT, audit, shown
from jiexiu_cli.core.errors import DataError
from jiexiu_cli.core.intervals import Interval
from jiexiu_cli.core.model import FactBase
from jiexiu_cli.factbase.loader import load
from tests.conftest import DATA, Run

OK = str(DATA / "audit" / "ok.yaml")
BAD = str(DATA / "audit" / "bad.yaml")


def audited(run: Run, *args: str) -> list[dict[str, Any]]:
    """The JSON answer, numbers read as Decimal (as a careful script would)."""
    result = run(*args, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    records: list[dict[str, Any]] = json.loads(result.stdout, parse_float=Decimal, parse_int=Decimal)
    return records


def by_rule(records: list[dict[str, Any]], rule: str, indicator: str) -> list[dict[str, Any]]:
    return [r for r in records if r["rule"] == rule and any(i["indicator"] == indicator for i in r["inputs"])]


def one(records: list[dict[str, Any]], rule: str, indicator: str) -> dict[str, Any]:
    found = by_rule(records, rule, indicator)
    assert len(found) == 1, [r["id"] for r in records]
    return found[0]


# ---------------------------------------------------------------- the shipped fact base


def test_shipped_revenue_doubling_with_the_implied_2020_level(run: Run) -> None:
    records = audited(run, "audit")
    (baseline,) = [r for r in by_rule(records, "implied-baseline", "budget_revenue") if "2021.level" in r["id"]]
    assert baseline["status"] == CANNOT  # no article states the 2020 level
    assert baseline["result"]["value"] == Decimal("20.6278")  # 28.06 / 1.3603
    assert baseline["result"]["min"] < Decimal("20.63") < baseline["result"]["max"]
    assert "28.06亿元 / (1 + 36.03%)" in baseline["formula"]

    doubling = one(records, "stated-multiple", "budget_revenue")
    assert doubling["status"] == COMPATIBLE  # 突破40 / 20.63 = (1.94, +inf) holds 2, but also 3: not shown
    assert doubling["result"]["value"] == Decimal("1.9391")
    assert doubling["result"]["max_open"] is True and doubling["result"]["max"] is None
    assert Decimal("1.938") < doubling["result"]["min"] < Decimal("1.94")
    quotes = {i["quote"] for i in doubling["inputs"]}
    assert "一般公共预算收入累计完成28.06亿元、增长36.03%" in quotes
    assert any("翻了一番" in q for q in quotes)
    assert any("突破40亿元" in t for t in doubling["tolerance"])


def test_shipped_sector_ratio_livelihood_and_schools(run: Run) -> None:
    records = audited(run, "audit")
    ratio = next(r for r in records if r["id"] == "sum:three_sector_ratio")
    assert ratio["status"] == CONSISTENT
    assert ratio["formula"].startswith("1.6 + 48.5 + 49.9 = 100")
    assert (ratio["result"]["min"], ratio["result"]["max"]) == (Decimal("99.85"), Decimal("100.15"))

    share = next(r for r in records if r["id"] == "within:livelihood_share_each_year")
    assert share["status"] == COMPATIBLE  # inside the bound, but of another whole (预算, 财政收入)
    assert [i["value"] for i in share["inputs"]] == [Decimal("86"), Decimal("85")]
    assert any("预算 against 财政收入" in n for n in share["notes"])

    hall = next(r for r in records if r["id"] == "same:service_hall_generation")
    assert hall["status"] == CONSISTENT and {i["source"][:3] for i in hall["inputs"]} == {"000", "002"}


def test_shipped_gdp_real_growth_is_not_compared_with_the_nominal_cagr(run: Run) -> None:
    records = audited(run, "audit")
    note = one(records, "growth-basis", "gdp")
    assert note["status"] == CANNOT
    assert "not comparable" in note["why"] and "real" in note["why"] and "nominal" in note["why"]
    assert note["result"]["value"] == Decimal("6.0686")  # (432 / 341.3)^(1/4) - 1, in %
    assert "8.5%" in note["formula"]
    # and the real rate is never used to imply a 2020 GDP level
    assert not by_rule(records, "implied-baseline", "gdp")


def test_shipped_audit_passes_and_the_table_shows_the_arithmetic(run: Run) -> None:
    result = run("audit", env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "28.06亿元 / (1 + 36.03%) = 20.6278亿元" in out
    assert "0 inconsistent" in out
    assert "「一般公共预算收入累计完成28.06亿元、增长36.03%」" in out


# ---------------------------------------------------------------- small fact bases


def test_ok_fact_base_has_no_inconsistency(run: Run) -> None:
    assert run("--data", OK, "verify").exit_code == 0
    result = run("--data", OK, "audit", "--format", "json")
    assert result.exit_code == 0, result.stderr
    records = audited(run, "--data", OK, "audit")
    statuses = {r["id"].split(":")[0]: r["status"] for r in records}
    assert statuses == {
        "sum": CONSISTENT,
        "within": COMPATIBLE,  # 80% of 预算 against 75%以上 of 财政收入: other wholes
        "same": CONSISTENT,
        "implied-baseline": CANNOT,
        "stated-multiple": COMPATIBLE,  # 突破20 / 10 is (2, +inf): holds 翻了一番, does not show it
        "growth-basis": CANNOT,
    }
    baseline = one(records, "implied-baseline", "revenue")
    assert baseline["result"]["value"] == Decimal("10")  # 12.5 / 1.25


def test_bad_fact_base_exits_1_and_names_every_inconsistent_check(run: Run) -> None:
    result = run("--data", BAD, "audit", "--format", "json")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("jiexiu: error: audit found 4 inconsistent check(s)")
    records = json.loads(result.stdout)  # the whole answer is still printed
    status = {r["rule"]: r["status"] for r in records}
    assert status == {
        "sum": INCONSISTENT,  # 5.2 + 40.3 + 55.5 = 101
        "within": INCONSISTENT,  # 70% against 75%以上
        "stated-multiple": INCONSISTENT,  # 突破20 / 10 is at least 1.98, not 1.5
        "same-quantity": INCONSISTENT,  # 6 parks against 9 parks
        "implied-baseline": CANNOT,
    }
    for r in records:
        assert r["formula"] and r["tolerance"] and all(i["quote"] for i in r["inputs"])


def test_status_filter_and_indicator_filter(run: Run) -> None:
    records = audited(run, "--data", OK, "audit", "--status", "cannot-check")
    assert records and all(r["status"] == CANNOT for r in records)
    records = audited(run, "--data", OK, "audit", "revenue")
    assert records and all(any(i["indicator"] == "revenue" for i in r["inputs"]) for r in records)
    # a filter that hides the inconsistent checks still fails the run
    result = run("--data", BAD, "audit", "--status", "consistent", "--format", "json")
    assert result.exit_code == 1 and result.stdout == "[]\n"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("audit", "--status", "maybe"), 2, "--status must be one of"),
        (("audit", "nosuchthing"), 1, "no indicator named 'nosuchthing'"),
    ],
)
def test_audit_usage_errors(run: Run, args: tuple[str, ...], code: int, message: str) -> None:
    result = run(*args)
    assert result.exit_code == code
    assert message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_every_format(run: Run, fmt: str) -> None:
    result = run("--data", OK, "audit", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert "sectors" in result.stdout or "three sectors" in result.stdout


# ---------------------------------------------------------------- declared checks are validated


@pytest.mark.parametrize(
    ("check", "message"),
    [
        ("{id: x, rule: sum, title: t, figures: [revenue.2021.level, nope.2021.level], total: '1'}", "unknown figure"),
        ("{id: x, rule: sum, title: t, figures: [revenue.2021.level, gdp.2021.level]}", "needs total"),
        ("{id: x, rule: within, title: t, figures: [revenue.2021.level]}", "exactly 2 figures"),
        ("{id: x, rule: same, title: t, figures: [revenue.2021.level, gdp.2021.level], total: '1'}", "total belongs"),
        ("{id: x, rule: equal, title: t, figures: [revenue.2021.level, gdp.2021.level]}", "rule"),
    ],
)
def test_broken_checks_name_their_place(tmp_path: Path, check: str, message: str) -> None:
    text = (DATA / "audit" / "ok.yaml").read_text(encoding="utf-8")
    text = text.split("checks:")[0] + "checks:\n  - " + check + "\n"
    (tmp_path / "ok.txt").write_bytes((DATA / "audit" / "ok.txt").read_bytes())
    (tmp_path / "f.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as e:
        load(tmp_path / "f.yaml")
    assert message in str(e.value) and "f.yaml:" in str(e.value)


# ---------------------------------------------------------------- arithmetic


def test_same_quantity_in_two_articles_that_agree(tmp_path: Path) -> None:
    fb = load(Path(BAD))
    parks = [f for f in fb.figures if f.indicator == "parks"]
    others = tuple(f for f in fb.figures if f not in parks[1:])
    figures = (*others, parks[1]._replace(value=Decimal(6)))
    agreeing = FactBase(fb.sources, fb.indicators, figures, fb.exclusions, fb.files, checks=fb.checks)
    found = [x for x in audit(agreeing) if x.rule == "same-quantity"]
    assert [x.status for x in found] == [CONSISTENT]


def test_shown_keeps_the_articles_words() -> None:
    fb = load(DATA.parent.parent / "data")
    by_id = {f.id: f for f in fb.figures}
    assert shown(by_id["budget_revenue.2025.level"]) == "有望突破40亿元"
    assert shown(by_id["livelihood_spending_share.2021-2025.share"]) == "占财政收入85%以上"
    assert shown(by_id["budget_revenue.2025.multiple"]) == "有望翻了一番 (×2)"
    assert shown(by_id["primary_industry_ratio.2021-2025.ratio"]) == "1.6"  # a part, as the sum adds it


decimals = st.decimals(min_value=-1000, max_value=1000, allow_nan=False, allow_infinity=False, places=6)


@given(decimals, decimals, st.booleans(), st.booleans(), st.integers(min_value=0, max_value=4))
def test_outward_rounding_never_loses_a_value(a: Decimal, b: Decimal, lo_open: bool, hi_open: bool, p: int) -> None:
    lo, hi = min(a, b), max(a, b)
    i = Interval(lo, hi, lo_open, hi_open)
    rounded = i.outward(p)
    assert i.within(rounded)
    assert rounded.lo <= lo and rounded.hi >= hi


@given(decimals, decimals, decimals)
def test_within_agrees_with_contains(a: Decimal, b: Decimal, x: Decimal) -> None:
    lo, hi = min(a, b), max(a, b)
    outer = Interval(lo, hi)
    point = Interval(x, x)
    assert point.within(outer) == outer.contains(x)


def test_whole_counts_are_exact_other_figures_keep_their_printed_precision() -> None:
    fb = load(DATA.parent.parent / "data")
    by_id = {f.id: f for f in fb.figures}
    from jiexiu_cli.core.intervals import interval_of

    assert str(interval_of(by_id["schools_built.2021-2025.count"])) == "[5, 5]"  # 5所
    assert str(interval_of(by_id["gdp.2021.level"])) == "[341.25, 341.35]"
    assert str(interval_of(by_id["budget_revenue.2025.level"])) == "(40, +inf)"


def test_compare_shows_the_interval_where_the_digits_allow_more(run: Run) -> None:
    out = run("compare", "clean_heating_area", "schools_built", env={"COLUMNS": "200"}).stdout
    assert "× 8.447 in [8.440, 8.454]" in out  # 700 / 82.87, each ± half its last digit
    assert "× 1 [" in out  # 5所 against 5所: whole counts, no spread
    records = audited(run, "compare", "clean_heating_area")
    assert (records[0]["multiple_min"], records[0]["multiple_max"]) == (Decimal("8.440"), Decimal("8.454"))


@pytest.mark.parametrize(("stated", "status"), [("10", CONSISTENT), ("10.04", CONSISTENT), ("11", INCONSISTENT)])
def test_implied_baseline_against_a_stated_one(tmp_path: Path, stated: str, status: str) -> None:
    """12.5亿元 up 25% implies 2020 in [9.9203, 10.0804]; a stated 2020 level must fall there."""
    text = (DATA / "audit" / "ok.yaml").read_text(encoding="utf-8")
    extra = (
        f'  - {{indicator: revenue, period: "2020", value: "{stated}", unit: 亿元, qualifier: exact,'
        " kind: level, quote: 一般公共预算收入}\n"
    )
    text = text.replace("exclusions:\n", extra + "exclusions:\n", 1)
    (tmp_path / "ok.txt").write_bytes((DATA / "audit" / "ok.txt").read_bytes())
    (tmp_path / "f.yaml").write_text(text, encoding="utf-8")
    found = [x for x in audit(load(tmp_path / "f.yaml")) if x.rule == "implied-baseline"]
    assert [x.status for x in found] == [status]
    assert found[0].inputs[-1].period == "2020"
    # the stated level also becomes the base of the doubling: 突破20 / 10 holds 2 either way
    multiples = [x for x in audit(load(tmp_path / "f.yaml")) if x.rule == "stated-multiple"]
    assert len(multiples) == 2


def test_a_later_figure_bounds_an_open_one(run: Run) -> None:
    """跨过四百亿元 alone is (400, +inf); the 预计432亿元 that follows it lies there."""
    records = {r["id"]: r for r in audited(run, "audit", "gdp")}
    bound = records["within:gdp_crossed_four_hundred"]
    assert bound["status"] == CONSISTENT
    assert [i["interval"] for i in bound["inputs"]] == ["[431.5, 432.5]", "(400, +inf)"]

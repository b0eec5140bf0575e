"""compare's pairs and their arithmetic, on figures made in memory: which figures pair (and
which are listed as not compared, with why), the multiples, CAGRs, shares and differences
in Decimal with the qualifiers' bounds, and how computed figures are labelled."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from jiexiu_cli.analysis.compare import (
    DECLARED,
    NOT_COMPARED,
    NOT_PAIRED,
    SAME_MEASURE,
    comparable_pairs,
    relation_of,
    unequal_spans,
)
from jiexiu_cli.core.intervals import nth_root_growth
from jiexiu_cli.core.model import Check, FactBase, Figure, Indicator, Location, Source
from jiexiu_cli.present.views_compare import compare_view, comparison_record

AT = Location("t.yaml", 1, 1)
GDP = Indicator("gdp", "地区生产总值", "GDP", (), "economy", AT)


def fig(id: str, period: str, value: str, source: str, **kw: Any) -> Figure:
    fields: dict[str, Any] = {"unit": "亿元", "qualifier": "exact", "status": "actual", "kind": "level"}
    fields.update(kw)
    return Figure(
        id,
        "gdp",
        period,
        Decimal(value),
        fields.pop("unit"),
        fields.pop("qualifier"),
        fields.pop("status"),
        fields.pop("kind"),
        source,
        f"quote of {id}",
        AT,
        **fields,
    )


def base(*figures: Figure, checks: tuple[Check, ...] = (), places: dict[str, str] | None = None) -> FactBase:
    files = dict.fromkeys(f.source for f in figures)
    sources = tuple(
        Source(s, Path(f"{s}.txt"), "0" * 64, s, "测试", "2026-01-01", "2021", "", AT, (places or {}).get(s))
        for s in files
    )
    return FactBase(sources, (GDP,), figures, (), (), checks)


def pairs(fb: FactBase) -> list[tuple[str, str, str]]:
    return [(c.a.id, c.b.id, c.relation) for c in comparable_pairs(fb)]


def test_a_series_pairs_each_span_with_the_next_and_the_first_with_the_last() -> None:
    fb = base(*(fig(f"y{y}", str(y), str(100 + y - 2020), f"s{y}") for y in (2021, 2022, 2023, 2025)))
    assert pairs(fb) == [
        ("y2021", "y2022", "level-to-level"),
        ("y2021", "y2025", "level-to-level"),
        ("y2022", "y2023", "level-to-level"),
        ("y2023", "y2025", "level-to-level"),
    ]


def test_figures_of_one_article_are_not_set_against_each_other() -> None:
    assert pairs(base(fig("a", "2021", "1", "s"), fig("b", "2025", "2", "s"))) == []


def test_multiple_and_cagr_are_exact_decimals_with_the_qualifiers_bound() -> None:
    """28.06亿元 (2021) against 突破40亿元 (2025): × > 1.426, CAGR over 4 years."""
    fb = base(fig("a", "2021", "28.06", "s1"), fig("b", "2025", "40", "s2", qualifier="over", printed="突破40"))
    (c,) = comparable_pairs(fb)
    assert c.multiple == Decimal(40) / Decimal("28.06")
    assert c.multiple_bound == ">"
    assert c.cagr == nth_root_growth(Decimal(40) / Decimal("28.06"), 4)
    assert c.change == Decimal("11.94") and c.change_unit == "亿元"
    assert c.formulas["cagr"].startswith("cagr = (to / from)^(1/4) - 1 = (40亿元 / 28.06亿元)^(1/4) - 1 = ")
    assert "qualifiers bound the multiple: > 1.426" in c.notes
    assert c.verdict == SAME_MEASURE and c.why is None
    record = comparison_record(c)
    assert (record["multiple"], record["multiple_bound"], record["computed"]) == (Decimal("1.426"), ">", True)
    assert record["multiple_max"] is None  # 突破40: no upper bound


def test_money_cagr_is_said_to_be_nominal_and_units_are_scaled() -> None:
    fb = base(fig("a", "2021", "5000", "s1", unit="万元"), fig("b", "2023", "1", "s2", unit="亿元"))
    (c,) = comparable_pairs(fb)
    assert c.multiple == 2
    assert "(both in 元)" in c.formulas["multiple"]
    assert any("nominal" in n for n in c.notes)


def test_about_on_both_sides_and_opposite_bounds() -> None:
    about = base(fig("a", "2021", "10", "s1", qualifier="about"), fig("b", "2022", "20", "s2"))
    assert comparable_pairs(about)[0].multiple_bound == "≈"
    both = base(fig("a", "2021", "10", "s1", qualifier="over"), fig("b", "2022", "20", "s2", qualifier="over"))
    assert comparable_pairs(both)[0].multiple_bound == "?"  # bounded both ways: no direction


def test_a_year_is_a_share_of_the_run_of_years_that_holds_it() -> None:
    fb = base(
        fig("y", "2021", "5", "s1", unit="所", kind="count"),
        fig("p", "2021-2025", "20", "s2", unit="所", kind="cumulative"),
    )
    (c,) = comparable_pairs(fb)
    assert (c.relation, c.share) == ("annual-to-five-year-total", Decimal("0.25"))
    assert c.formulas["share"] == "share = from / to = 5所 / 20所 = 25% of the 2021-2025 total"


def test_not_additive_gives_a_plain_ratio_not_a_share() -> None:
    fb = base(
        fig("y", "2021", "5", "s1", unit="个", kind="count", additive=False),
        fig("p", "2021-2025", "20", "s2", unit="个", kind="cumulative"),
    )
    (c,) = comparable_pairs(fb)
    assert (c.relation, c.share, c.ratio) == ("ratio", None, Decimal("0.25"))
    assert any("not additive: y is not a part" in n for n in c.notes)


def test_a_target_against_the_result_of_its_run_of_years() -> None:
    fb = base(
        fig("t", "2021", "5", "s1", unit="所", kind="count", status="target"),
        fig("r", "2021-2025", "6", "s2", unit="所", kind="count"),
    )
    (c,) = comparable_pairs(fb)
    assert c.relation == "target-to-achieved"
    assert c.formulas["multiple"].endswith("(achieved / target)")


def test_growth_rates_compare_by_difference_across_places_not_over_time() -> None:
    a = fig("a", "2022", "8.5", "s1", unit="%", kind="growth_rate")
    b = fig("b", "2022", "6", "s2", unit="%", kind="growth_rate")
    assert relation_of(a, fig("c", "2023", "7", "s3", unit="%", kind="growth_rate")) is None
    fb = base(a, b, places={"s1": "介休市", "s2": "平遥县"})
    (c,) = comparable_pairs(fb)
    assert (c.relation, c.change, c.change_unit, c.multiple) == ("place-to-place", Decimal("-2.5"), "个百分点", None)
    assert c.places == ("介休市", "平遥县")
    assert "the difference of two growth rates, in percentage points" in c.notes


def test_ranks_compare_by_places_and_open_bounds_hide_the_direction() -> None:
    fb = base(fig("a", "2021", "7", "s1", unit="", kind="rank"), fig("b", "2022", "5", "s2", unit="", kind="rank"))
    (c,) = comparable_pairs(fb)
    assert (c.relation, c.change, c.change_unit) == ("rank-to-rank", Decimal(-2), "places")
    share = base(
        fig("a", "2021", "30", "s1", unit="%", kind="share", qualifier="over"),
        fig("b", "2022", "31", "s2", unit="%", kind="share", qualifier="over"),
    )
    (s,) = comparable_pairs(share)
    assert s.change is None and any("the direction cannot be told" in n for n in s.notes)


def test_unequal_spans_are_listed_as_not_compared_with_why() -> None:
    q = fig("q", "2022Q1", "30.5", "s1")
    y = fig("y", "2022", "120", "s2")
    why = "not compared: a quarter (2022 Q1) against a year (2022); a multiple or a CAGR needs spans of equal length"
    assert unequal_spans(q, y) == why
    (c,) = comparable_pairs(base(q, y))
    assert (c.relation, c.verdict, c.why, c.multiple) == (NOT_COMPARED, NOT_PAIRED, why, None)
    assert comparison_record(c)["computed"] is False
    assert unequal_spans(fig("h", "2022H1", "60", "s1"), fig("h2", "2022H2", "60", "s2")) is None  # equal lengths


def test_measures_that_differ_pair_only_where_a_check_declares_how() -> None:
    a = fig("a", "2021", "10", "s1", scope="预算")
    b = fig("b", "2022", "12", "s2", scope="财政收入")
    (c,) = comparable_pairs(base(a, b))
    assert c.verdict == NOT_PAIRED and c.why is not None and "预算 against 财政收入" in c.why
    check = Check("c1", "same", ("a", "b"), "说明", AT, None, None)
    (d,) = comparable_pairs(base(a, b, checks=(check,)))
    assert d.verdict == DECLARED and d.multiple == Decimal("1.2")
    assert d.reason.startswith("declared by check c1 (same): ")


def test_the_table_labels_computed_figures_and_shows_how() -> None:
    fb = base(fig("a", "2021", "28.06", "s1"), fig("b", "2025", "40", "s2", qualifier="over", printed="突破40"))
    view = compare_view(comparable_pairs(fb))
    cells = " ".join(str(cell) for row in view.rows for cell in row)
    assert "× > 1.426" in cells and "CAGR > " in cells


def test_each_relation_of_an_indicator_is_computed_once_and_pairs_are_as_computed_afresh(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """An indicator's n figures ask n * n questions of relation_of, but many share their
    kind, status, unit and period (articles restating a year, places): each answer is
    computed once, and the pairs are those of every question computed afresh."""
    import sys

    import jiexiu_cli.analysis.compare as rules
    from jiexiu_cli.factbase.loader import load
    from tests.conftest import ROOT

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synth

    synth.synthesize(1000, tmp_path / "facts", seed=7)
    fb = load(tmp_path / "facts")
    asked: list[tuple[Any, ...]] = []
    real = rules.relation_of

    def counted(a: Figure, b: Figure) -> str | None:
        asked.append((a.indicator, *(f"{f.kind} {f.status} {f.unit} {f.period}" for f in (a, b))))
        return real(a, b)

    monkeypatch.setattr(rules, "relation_of", counted)
    kept = comparable_pairs(fb)
    questions = sum(len(fs) * (len(fs) - 1) for fs in fb.figures_by_indicator.values())
    assert kept and 0 < len(asked) == len(set(asked)) < questions
    monkeypatch.setattr(rules._Relations, "__call__", lambda self, a, b: real(a, b))
    monkeypatch.setattr(rules._Series, "unequal", lambda self, a, b: True)
    assert comparable_pairs(fb) == kept

"""Issue 15, items 1-4: every figure says what it is, qualifiers and values are true to the
words, compare judges comparability visibly, audit's statuses say what was shown.

Every test here failed on the code before these items (see the commit that added it)."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from jiexiu_cli.core.intervals import interval_of
from jiexiu_cli.core.model import FactBase, Figure
from jiexiu_cli.core.numbers import plain
from jiexiu_cli.factbase.loader import load
from tests.conftest import DATA, ROOT, Run

SHIPPED = ROOT / "data"


@pytest.fixture(scope="module")
def fb() -> FactBase:
    return load(SHIPPED)


@pytest.fixture(scope="module")
def by_id(fb: FactBase) -> dict[str, Figure]:
    return {f.id: f for f in fb.figures}


def decimals(text: str) -> Any:
    return json.loads(text, parse_float=Decimal, parse_int=Decimal)


# ---------------------------------------------------------------- 1. every figure says what it is

#: figure id -> its display form: the figure's own words, built from kind, qualifier words,
#: printed text, universe or scope, unit and sign
DISPLAYS = [
    ("gdp.2021.level", "341.3亿元"),
    ("gdp.2021.growth_rate", "增长8.5%"),
    ("gdp.2025.level", "预计432亿元"),
    ("gdp.2021-2025.level", "跨过三百亿元"),
    ("gdp.2022Q1.rank", "晋中第一"),
    ("gdp.2022Q1.rank.2", "晋中增幅第二"),
    ("budget_revenue.2021.growth_rate", "增长36.03%"),
    ("budget_revenue.2021.rank", "晋中第一"),
    ("budget_revenue.2021.rank.2", "全省第七"),
    ("budget_revenue.2021-2025.rank", "全省前十"),
    ("budget_revenue.2021-2025.rank.2", "晋中第一"),
    ("budget_revenue.2022Q1.target_gap", "与任务相差0.85亿元"),
    ("budget_revenue.2025.level", "有望突破40亿元"),
    ("budget_revenue.2025.multiple", "有望翻了一番 (×2)"),
    ("petitions_to_beijing.2021.growth_rate", "下降23.1%"),
    ("industrial_output.2021-2025.share", "占晋中1/3"),
    ("industrial_output.2021-2025.level", "迈过千亿 (1000亿元)"),
    ("industrial_value_added.2022Q1.target_gap", "超任务1.6个百分点"),
    ("party_history_lecture_audience.2021.count", "5.6万余人"),
    ("party_history_lectures.2021.count", "420余场"),
    ("livestock_poultry_stock.2021.level", "1423万余头(只)"),
    ("water_supply_pipes.2021-2025.cumulative", "3000多公里"),
    ("flood_rarity_years.2021.duration", "50多年"),
    ("livelihood_spending_share.2021.share", "占预算86%"),
    ("livelihood_spending_share.2021-2025.share", "占财政收入85%以上"),
    ("new_teachers_postgraduate_share.2021-2025.share", "占新进教师超1/4"),
    ("antai_national_private_rank.2021-2025.rank", "全国民企500强"),
    ("shanxi_private_enterprise_rank.2021-2025.rank", "全省民企百强"),
    ("county_tourism_competitiveness_rank.2021-2025.rank", "中国县域百强"),
    ("chengfeng_freight_rank.2021-2025.rank", "行业前五"),
    ("county_economy_standing.2022.rank", "全面挺进晋中第一方阵 (target)"),
    ("per_capita_disposable_income.2021.growth_rate", "增长两位数 (≥10%)"),
    ("clean_heating_area.2021-2025.change", "增加700万平方米"),
    ("rural_street_hardening_investment.2021-2025.multiple", "11.5倍"),
    ("vegetable_showcase_garden_size.2021.level", "百亩以上"),
    ("ten_billion_industry_scale.2021.level", "已达百亿"),
    ("key_projects_annual_investment.2022.level", "力争100亿元"),
    ("key_projects.2022.count", "实施191个 (target)"),
    ("primary_industry_ratio.2021-2025.ratio", "1.6 (of 1.6:48.5:49.9)"),
    ("agri_tech_demo_bases.2021.count", "两个"),
]


@pytest.mark.parametrize(("fid", "expected"), DISPLAYS, ids=[d[0] for d in DISPLAYS])
def test_display_forms_are_the_figures_own_words(by_id: dict[str, Figure], fid: str, expected: str) -> None:
    from jiexiu_cli.core.labels import display

    assert display(by_id[fid]) == expected


_BARE = re.compile(r"[-+]?[0-9]+(?:\.[0-9]+)?")


def test_no_shipped_figure_is_displayed_as_a_bare_number(fb: FactBase) -> None:
    from jiexiu_cli.core.labels import display

    for f in fb.figures:
        text = display(f)
        assert not _BARE.fullmatch(text), (f.id, text)
        shown = f.printed if f.printed is not None else plain(abs(f.value))
        assert shown in text or (f.qualifier_zh or "@") in text, (f.id, text)


def test_cite_says_what_every_number_is(run: Run) -> None:
    lines = run("show", "budget_revenue", "--cite").stdout.splitlines()
    heads = [line.split(" — ")[0] for line in lines]
    for wanted in (
        "2021: 全省第七 [rank in 山西省]",
        "2021: 晋中第一 [rank in 晋中市]",
        "2021-2025: 晋中第一 [rank in 晋中市]",
        "2021-2025: 全省前十 [rank in 山西省]",
        "2021: 增长36.03% [growth_rate vs 2020]",
        "2025: 有望翻了一番 (×2) [multiple vs 2020]",
        "2025: 有望突破40亿元",
        "2022 Q1: 与任务相差0.85亿元 [target_gap]",
    ):
        assert any(h.endswith(wanted) for h in heads), (wanted, heads)
    for head in heads:  # never 'YEAR: 7' or 'YEAR: 36.03%' again
        assert not re.search(r": [-+]?[0-9.]+%?(?: \(|$| \[)", head), head


def test_display_is_a_key_of_every_figure_record(run: Run) -> None:
    records = run.json("show", "budget_revenue")
    assert {r["id"]: r["display"] for r in records}["budget_revenue.2021.rank.2"] == "全省第七"
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv").stdout)))
    assert {r["id"]: r["display"] for r in rows}["industrial_output.2021-2025.share"] == "占晋中1/3"
    cited = run.json("show", "budget_revenue", "--cite")
    assert all(r["display"] and r["display"] in r["citation"] for r in cited)


def test_tables_print_the_display_form(run: Run) -> None:
    wide = {"COLUMNS": "250"}
    show = run("show", "budget_revenue", env=wide).stdout
    assert "全省第七" in show and "增长36.03%" in show and "有望翻了一番 (×2)" in show
    md = run("show", "budget_revenue", "--format", "markdown").stdout
    assert "全省第七" in md and "| 7 (第七)" not in md
    compare = run("compare", "budget_revenue", env=wide).stdout
    assert "全省第七" in compare and "全省前十" in compare
    search = run("search", "预算收入", "--limit", "50", env=wide).stdout
    assert "全省第七" in search
    audit = run.json("audit", "budget_revenue")
    inputs = {i["id"]: i for x in audit for i in x["inputs"]}
    assert inputs["budget_revenue.2021.rank.2"]["display"] == "全省第七"


# ---------------------------------------------------------------- 1. both halves of a split sentence

SPLIT = [
    ("rain_sewage_pipes.2021-2025.change", "城市第二污水处理厂建成投用，新增雨污分流管网 … 70公里"),
    ("schools_built.2021-2025.count", "建成汾秀学校等5所优质 … 学校，新进教师研究生占比超1/4"),
    ("shanxi_private_enterprise_rank.2021-2025.rank", "3户企业产值超百亿元，5户企业上榜 … 全省民企百强"),
    ("shanxi_top100_private_enterprises.2021-2025.count", "5户企业上榜 … 全省民企百强"),
]


@pytest.mark.parametrize(("fid", "expected"), SPLIT, ids=[s[0] for s in SPLIT])
def test_a_split_sentence_is_quoted_in_reading_order(by_id: dict[str, Figure], fid: str, expected: str) -> None:
    from jiexiu_cli.core.labels import whole_quote

    text, spans = whole_quote(by_id[fid])
    assert text == expected
    (start, end), *_ = spans
    assert text[start:end] == by_id[fid].shown


def test_both_halves_are_shown_everywhere(run: Run) -> None:
    wide = {"COLUMNS": "300"}
    both = "新增雨污分流管网 … 70公里"
    assert both in run("show", "rain_sewage_pipes", env=wide).stdout
    assert both in run("show", "rain_sewage_pipes", "--cite").stdout
    assert "新增雨污分流管网 … **70**公里" in run("show", "rain_sewage_pipes", "--format", "markdown").stdout
    assert "建成汾秀学校等5所优质 … 学校，" in run("compare", "schools_built", env=wide).stdout
    assert both in run("search", "雨污分流", env=wide).stdout
    records = run.json("show", "rain_sewage_pipes")
    five = next(r for r in records if r["period"] == "2021-2025")
    assert five["fragment_before"] is True and five["quote"] == "70公里"


def test_verify_checks_which_half_comes_first(tmp_path: Path, run: Run) -> None:
    """The fragment's side is the curator's word, and verify holds it to the article."""
    (tmp_path / "a.txt").write_text("甲县新增管网\n\n乙\n\n70公里，完成。\n", encoding="utf-8")
    import hashlib

    sha = hashlib.sha256((tmp_path / "a.txt").read_bytes()).hexdigest()
    for before, problems in (("true", 0), ("false", 1)):
        (tmp_path / "f.yaml").write_text(
            "sources:\n"
            f"  - {{file: a.txt, text: a.txt, sha256: {sha}, title: t, publisher: p, date: '2022', covers: '2021'}}\n"
            "indicators:\n  - {id: pipes, name_zh: 管网, name_en: Pipes, topic: urban}\n"
            "figures:\n"
            "  - {indicator: pipes, period: '2021', value: '70', unit: 公里, qualifier: exact, kind: change,"
            f" quote: 70公里, fragment: 甲县新增管网, fragment_before: {before}}}\n"
            "exclusions:\n  - {text: 乙, context: 乙, reason: test}\n",
            encoding="utf-8",
        )
        result = run("--data", str(tmp_path / "f.yaml"), "verify", "--format", "json")
        found = [p for p in json.loads(result.stdout)["problems"] if "fragment" in p["message"]]
        assert len(found) == problems, found
        if problems:
            assert "fragment_before: true" in found[0]["message"]


# ---------------------------------------------------------------- 2. qualifiers and values true to the words


@pytest.mark.parametrize(
    ("fid", "interval"),
    [
        ("party_history_lectures.2021.count", "(420, 430)"),
        ("party_history_lecture_audience.2021.count", "(5.6, 5.7)"),
        ("water_supply_pipes.2021-2025.cumulative", "(3000, 4000)"),
        ("returning_village_elites.2021.count", "(1000, 2000)"),
        ("flood_rarity_years.2021.duration", "(50, 60)"),
        ("livestock_poultry_stock.2021.level", "(1423, 1424)"),
    ],
)
def test_yu_and_duo_read_as_more_than(by_id: dict[str, Figure], fid: str, interval: str) -> None:
    f = by_id[fid]
    assert f.qualifier == "over_about"
    assert str(interval_of(f)) == interval


def test_old_fact_bases_with_about_for_yu_still_load_as_more_than(tmp_path: Path) -> None:
    text = (DATA / "audit" / "ok.yaml").read_text(encoding="utf-8")
    extra = (
        "  - {indicator: schools, period: '2022', value: '420', unit: 所, qualifier: about, qualifier_zh: 余,"
        " kind: count, quote: 建成学校4所}\n"
        "  - {indicator: schools, period: '2023', value: '420', unit: 所, qualifier: about, qualifier_zh: 约,"
        " kind: count, quote: 建成学校4所}\n"
    )
    (tmp_path / "ok.txt").write_bytes((DATA / "audit" / "ok.txt").read_bytes())
    (tmp_path / "f.yaml").write_text(text.replace("exclusions:\n", extra + "exclusions:\n", 1), encoding="utf-8")
    figures = {f.period: f for f in load(tmp_path / "f.yaml").figures if f.indicator == "schools"}
    assert figures["2022"].qualifier == "over_about" and str(interval_of(figures["2022"])) == "(420, 430)"
    assert figures["2023"].qualifier == "about" and str(interval_of(figures["2023"])) == "[399, 441]"


def test_a_fraction_stays_the_fraction_it_was_printed_as(run: Run, by_id: dict[str, Figure]) -> None:
    third = by_id["industrial_output.2021-2025.share"]
    i = interval_of(third)
    assert i.contains(Decimal(1) / Decimal(3)) and i.hi - i.lo < Decimal("1e-20")
    records = {r["id"]: r for r in decimals(run("export").stdout)}
    r = records["industrial_output.2021-2025.share"]
    assert (r["value"], r["value_exact"], r["printed"]) == (Decimal("0.3333"), "1/3", "1/3")
    assert records["gdp.2021.level"]["value_exact"] is None
    assert records["new_teachers_postgraduate_share.2021-2025.share"]["value_exact"] == "1/4"


def test_shares_are_on_one_stated_scale_in_value_base(run: Run) -> None:
    records = {r["id"]: r for r in decimals(run("export").stdout) if r["kind"] == "share"}
    scales = {(r["unit_base"]) for r in records.values()}
    assert scales == {"%"}
    assert records["industrial_output.2021-2025.share"]["value_base"] == Decimal("33.3333")
    assert records["new_teachers_postgraduate_share.2021-2025.share"]["value_base"] == Decimal("25")
    assert records["livelihood_spending_share.2021.share"]["value_base"] == Decimal("86")


def test_a_share_must_say_its_scale(tmp_path: Path) -> None:
    from jiexiu_cli.core.errors import DataError

    text = (DATA / "audit" / "ok.yaml").read_text(encoding="utf-8")
    extra = (
        "  - {indicator: livelihood, period: '2022', value: '86', unit: '', qualifier: exact,"
        " kind: share, quote: 民生支出占预算的80%}\n"
    )
    (tmp_path / "ok.txt").write_bytes((DATA / "audit" / "ok.txt").read_bytes())
    (tmp_path / "f.yaml").write_text(text.replace("exclusions:\n", extra + "exclusions:\n", 1), encoding="utf-8")
    with pytest.raises(DataError) as e:
        load(tmp_path / "f.yaml")
    assert "f.yaml:" in str(e.value) and "a fraction of one" in str(e.value)


def test_every_magnitude_is_converted_in_value_base(run: Run) -> None:
    records = {r["id"]: r for r in decimals(run("export").stdout)}
    r = records["ten_billion_industry_scale.2021.level"]
    assert (r["value_base"], r["unit_base"]) == (Decimal("10000000000"), "")
    for r in records.values():  # no unit_base keeps a magnitude
        assert not r["unit_base"] or r["unit_base"][0] not in "十百千万亿" or r["unit_base"].startswith("个百分")


def test_basis_is_in_every_output(run: Run) -> None:
    wide = {"COLUMNS": "250"}
    assert "growth_rate (real)" in run("show", "gdp", env=wide).stdout
    assert "(real)" in run("show", "gdp", "--cite").stdout
    assert "growth_rate (real)" in run("show", "gdp", "--format", "markdown").stdout
    assert all("basis" in r for r in run.json("show", "gdp"))
    sides = [side for c in run.json("compare") for side in (c["from"], c["to"])]
    assert all("basis" in side and "display" in side for side in sides)
    inputs = [i for x in run.json("audit", "gdp") for i in x["inputs"]]
    assert {i["basis"] for i in inputs if i["kind"] == "growth_rate"} == {"real"}


# ---------------------------------------------------------------- 3. compare judges comparability

#: every pair compare lists on the shipped fact base: from, to, relation, verdict, and why
PAIRS = [
    ("gdp.2021.level", "gdp.2025.level", "level-to-level", "same measure", "levels of equal spans, one scope"),
    (
        "gdp.2021.level",
        "gdp.2022Q1.level",
        "not-compared",
        "not paired",
        "not compared: a year (2021) against a quarter (2022 Q1); a multiple or a CAGR needs spans of equal length",
    ),
    (
        "gdp.2021-2025.level",
        "gdp.2022Q1.level",
        "not-compared",
        "not paired",
        "not compared: 5 years (2021-2025) against a quarter (2022 Q1); a multiple or a CAGR needs "
        "spans of equal length",
    ),
    (
        "gdp.2021-2025.level.2",
        "gdp.2022Q1.level",
        "not-compared",
        "not paired",
        "not compared: 5 years (2021-2025) against a quarter (2022 Q1); a multiple or a CAGR needs "
        "spans of equal length",
    ),
    (
        "gdp.2022Q1.level",
        "gdp.2025.level",
        "not-compared",
        "not paired",
        "not compared: a quarter (2022 Q1) against a year (2025); a multiple or a CAGR needs spans of equal length",
    ),
    (
        "schools_built.2022.count",
        "schools_built.2021-2025.count",
        "target-to-achieved",
        "same measure",
        "a target for a year within the run of years whose result it is, one scope",
    ),
    (
        "clean_heating_area.2021.level",
        "clean_heating_area.2021-2025.change",
        "annual-to-five-year-total",
        "same measure",
        "a year within the run of years, whose total is the sum of its years, one scope",
    ),
    (
        "rain_sewage_pipes.2021.level",
        "rain_sewage_pipes.2021-2025.change",
        "not-compared",
        "not paired",
        "not compared: different measures: 改造 against 新增 (no check declares how they relate)",
    ),
    (
        "budget_revenue.2021.level",
        "budget_revenue.2025.level",
        "level-to-level",
        "same measure",
        "levels of equal spans, one scope",
    ),
    (
        "budget_revenue.2021.rank",
        "budget_revenue.2021-2025.rank.2",
        "rank-to-rank",
        "same measure",
        "ranks in one whole (晋中市)",
    ),
    (
        "budget_revenue.2021.rank.2",
        "budget_revenue.2021-2025.rank",
        "rank-to-rank",
        "same measure",
        "ranks in one whole (山西省)",
    ),
    (
        "budget_revenue.2021.rank",
        "budget_revenue.2021-2025.rank",
        "not-compared",
        "not paired",
        "not compared: ranks in different wholes: 晋中市 against 山西省 (no check declares how they relate)",
    ),
    (
        "budget_revenue.2021.rank.2",
        "budget_revenue.2021-2025.rank.2",
        "not-compared",
        "not paired",
        "not compared: ranks in different wholes: 山西省 against 晋中市 (no check declares how they relate)",
    ),
    (
        "budget_revenue.2021.level",
        "budget_revenue.2022Q1.level",
        "not-compared",
        "not paired",
        "not compared: a year (2021) against a quarter (2022 Q1); a multiple or a CAGR needs spans of equal length",
    ),
    (
        "budget_revenue.2022Q1.level",
        "budget_revenue.2025.level",
        "not-compared",
        "not paired",
        "not compared: a quarter (2022 Q1) against a year (2025); a multiple or a CAGR needs spans of equal length",
    ),
    (
        "key_projects.2021.count",
        "key_projects.2021-2025.cumulative",
        "not-compared",
        "not paired",
        "not compared: different measures: 重点项目 against 重大项目 (no check declares how they relate); "
        "not additive: key_projects.2021.count and key_projects.2021-2025.cumulative are not parts of a sum "
        "over the years (additive: false)",
    ),
    (
        "key_projects.2022.count",
        "key_projects.2021-2025.cumulative",
        "not-compared",
        "not paired",
        "not compared: different measures: 重点项目 against 重大项目 (no check declares how they relate); "
        "not additive: key_projects.2022.count and key_projects.2021-2025.cumulative are not parts of a sum "
        "over the years (additive: false)",
    ),
    (
        "key_projects_investment.2021.level",
        "key_projects_investment.2021-2025.cumulative",
        "not-compared",
        "not paired",
        "not compared: different measures: 重点项目 against 重大项目 (no check declares how they relate); "
        "not additive: key_projects_investment.2021.level and key_projects_investment.2021-2025.cumulative are "
        "not parts of a sum over the years (additive: false)",
    ),
    (
        "key_projects_investment.2022.level",
        "key_projects_investment.2021-2025.cumulative",
        "not-compared",
        "not paired",
        "not compared: different measures: 重点项目 against 重大项目 (no check declares how they relate); "
        "not additive: key_projects_investment.2022.level and key_projects_investment.2021-2025.cumulative are "
        "not parts of a sum over the years (additive: false)",
    ),
    (
        "livelihood_spending_share.2021.share",
        "livelihood_spending_share.2021-2025.share",
        "share-to-share",
        "declared",
        "declared by check livelihood_share_each_year (within): shares of different wholes: 预算 against 财政收入",
    ),
    (
        "model_villages.2021.count",
        "model_villages.2021-2025.cumulative",
        "annual-to-five-year-total",
        "same measure",
        "a year within the run of years, whose total is the sum of its years, one scope",
    ),
    (
        "rural_drinking_water.2021.count",
        "rural_drinking_water.2021-2025.cumulative",
        "annual-to-five-year-total",
        "same measure",
        "a year within the run of years, whose total is the sum of its years, one scope",
    ),
    (
        "rural_roads.2021.level",
        "rural_roads.2021-2025.cumulative",
        "annual-to-five-year-total",
        "same measure",
        "a year within the run of years, whose total is the sum of its years, one scope",
    ),
    (
        "street_renovation.2021.level",
        "street_renovation.2021-2025.cumulative",
        "annual-to-five-year-total",
        "same measure",
        "a year within the run of years, whose total is the sum of its years, one scope",
    ),
    (
        "trunk_roads.2021.count",
        "trunk_roads.2021-2025.cumulative",
        "not-compared",
        "not paired",
        "not compared: different measures: 改建城市主干道 against 新改建主次干道 (no check declares how they relate)",
    ),
]


def test_every_shipped_pair_with_its_verdict_and_why(run: Run) -> None:
    got = [(c["from"]["id"], c["to"]["id"], c["relation"], c["verdict"], c["reason"]) for c in run.json("compare")]
    assert got == PAIRS


def test_unlike_measures_are_named_in_the_row(run: Run) -> None:
    out = run("compare", "trunk_roads", "livelihood_spending_share", env={"COLUMNS": "250"}).stdout
    assert "different measures: 改建城市主干道 against 新改建主次干道" in out
    assert "shares of different wholes: 预算 against 财政收入" in out
    assert "19.2%" not in out  # 5条 is no share of 26条 of another measure


def two_articles(tmp_path: Path, figures: str, checks: str = "") -> Path:
    """A fact base of two invented articles (a year's report and a five-year review) whose
    figures are given as YAML flow mappings, one a line."""
    sha = "0" * 64
    (tmp_path / "f.yaml").write_text(
        "sources:\n"
        f"  - {{file: a.txt, text: a.txt, sha256: '{sha}', title: 甲, publisher: p, date: '2022', covers: '2021'}}\n"
        f"  - {{file: b.txt, text: b.txt, sha256: '{sha}', title: 乙, publisher: p, date: '2025', covers: 2021-2025}}\n"
        "indicators:\n  - {id: projects, name_zh: 项目, name_en: Projects, topic: investment}\n"
        "figures:\n" + figures + checks,
        encoding="utf-8",
    )
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("x\n", encoding="utf-8")
    return tmp_path / "f.yaml"


def test_a_rolling_list_gets_a_plain_ratio_with_its_caveat(tmp_path: Path, run: Run) -> None:
    """One measure, but the run of years' figure is a rolling list, not the sum of its years."""
    data = two_articles(
        tmp_path,
        "  - {source: a.txt, indicator: projects, period: '2021', value: '350', unit: 亿元, qualifier: exact,"
        " kind: level, quote: 实施总投资350亿元的重点项目}\n"
        "  - {source: b.txt, indicator: projects, period: 2021-2025, value: '582', unit: 亿元, qualifier: exact,"
        " kind: cumulative, additive: false, quote: 滚动实施总投资582亿元的重点项目}\n",
    )
    (pair,) = run.json("--data", str(data), "compare")
    assert (pair["relation"], pair["verdict"], pair["share"]) == ("ratio", "same measure", None)
    assert pair["ratio"] == 0.6014
    assert any("not additive" in n and "additive: false" in n for n in pair["notes"])
    assert "not the sum of its years" in pair["formula"]["ratio"]
    table = run("--data", str(data), "compare", env={"COLUMNS": "250"}).stdout
    assert "not a share: not additive" in table and "% of to" not in table


def test_unlike_measures_pair_where_a_check_declares_their_relation(tmp_path: Path, run: Run) -> None:
    figures = (
        "  - {source: a.txt, indicator: projects, period: '2021', value: '5', unit: 条, qualifier: exact,"
        " kind: count, scope: 主干道, quote: 改建5条主干道}\n"
        "  - {source: b.txt, indicator: projects, period: 2021-2025, value: '26', unit: 条, qualifier: exact,"
        " kind: cumulative, scope: 主次干道, quote: 新改建主次干道26条}\n"
    )
    (pair,) = run.json("--data", str(two_articles(tmp_path, figures)), "compare")
    assert (pair["verdict"], pair["computed"], pair["share"]) == ("not paired", False, None)
    assert (
        pair["why"] == "not compared: different measures: 主干道 against 主次干道 (no check declares how they relate)"
    )
    declared = "[projects.2021.count, projects.2021-2025.cumulative]"
    checks = f"checks:\n  - {{id: roads, rule: within, title: t, figures: {declared}}}\n"
    (pair,) = run.json("--data", str(two_articles(tmp_path, figures, checks)), "compare")
    assert (pair["verdict"], pair["relation"], pair["differences"]) == (
        "declared",
        "annual-to-five-year-total",
        ["different measures: 主干道 against 主次干道"],
    )
    table = run("--data", str(two_articles(tmp_path, figures, checks)), "compare", env={"COLUMNS": "250"}).stdout
    assert "declared, but different measures: 主干道 against 主次干道" in table


# ---------------------------------------------------------------- 4. audit statuses say what was shown

#: every shipped check, its status and (a part of) why
CHECKS = [
    ("sum:three_sector_ratio", "consistent"),
    ("within:livelihood_share_each_year", "compatible"),
    ("same:service_hall_generation", "consistent"),
    ("same:fenxiu_schools", "consistent"),
    ("within:gdp_crossed_four_hundred", "consistent"),
    ("within:budget_revenue_top_ten_each_year", "consistent"),
    ("same:budget_revenue_first_in_jinzhong", "consistent"),
    ("implied-baseline:industrial_output.2021-2025.level+industrial_output.2021-2025.growth_rate", "cannot check"),
    ("implied-baseline:budget_revenue.2022Q1.level+budget_revenue.2022Q1.growth_rate", "cannot check"),
    ("implied-baseline:budget_revenue.2021.level+budget_revenue.2021.growth_rate", "cannot check"),
    ("stated-multiple:rural_street_hardening_investment.2021-2025.multiple", "cannot check"),
    ("stated-multiple:rural_street_hardening_area.2021-2025.multiple", "cannot check"),
    (
        "stated-multiple:budget_revenue.2025.multiple:budget_revenue.2021.level+budget_revenue.2021.growth_rate",
        "compatible",
    ),
    ("growth-basis:gdp.2021.growth_rate:gdp.2021.level-gdp.2025.level", "cannot check"),
]


def test_every_shipped_check_and_its_status(run: Run) -> None:
    got = [(x["id"], x["status"]) for x in run.json("audit")]
    assert got == CHECKS


def test_compatible_says_why_it_is_not_confirmed(run: Run) -> None:
    records = {x["id"]: x for x in run.json("audit")}
    doubling = records[CHECKS[-2][0]]
    assert "open" in doubling["why"] and "not contradicted" in doubling["why"]
    share = records["within:livelihood_share_each_year"]
    assert "预算 against 财政收入" in share["why"] and "not contradicted" in share["why"]
    table = run("audit", env={"COLUMNS": "200"}).stdout
    assert "14 check(s): 6 consistent, 2 compatible, 0 inconsistent, 6 cannot check" in table


@pytest.mark.parametrize(
    ("status", "count"), [("consistent", 6), ("compatible", 2), ("cannot-check", 6), ("inconsistent", 0)]
)
def test_status_filter_takes_every_status(run: Run, status: str, count: int) -> None:
    result = run("audit", "--status", status, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)) == count


def test_ok_and_bad_fact_bases_keep_their_exit_codes(run: Run) -> None:
    ok = run("--data", str(DATA / "audit" / "ok.yaml"), "audit", "--format", "json")
    assert ok.exit_code == 0
    statuses = {x["id"].split(":")[0]: x["status"] for x in json.loads(ok.stdout)}
    # 突破20 over the implied 10 is (2, +inf): it holds 翻了一番 but does not show it
    assert statuses["stated-multiple"] == "compatible"
    # 80% of 预算 against 75%以上 of 财政收入: the wholes differ
    assert statuses["within"] == "compatible"
    bad = run("--data", str(DATA / "audit" / "bad.yaml"), "audit", "--status", "consistent")
    assert bad.exit_code == 1


# ---------------------------------------------------------------- properties

from fractions import Fraction  # noqa: E402

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from jiexiu_cli.core.model import Location  # noqa: E402
from jiexiu_cli.core.vocabulary import KINDS, QUALIFIERS  # noqa: E402


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_a_printed_fraction_is_read_exactly(numerator: int, denominator: int) -> None:
    from jiexiu_cli.core.numbers import printed_fraction

    printed = f"{numerator}/{denominator}"
    assert printed_fraction(printed) == (numerator, denominator)
    f = Figure(
        "x",
        "x",
        "2021",
        Decimal(numerator) / Decimal(denominator),
        "",
        "exact",
        "actual",
        "share",
        "s",
        printed,
        Location("f", 1, 1),
        printed=printed,
    )
    i = interval_of(f)
    exact = Fraction(numerator, denominator)
    assert Fraction(i.lo) <= exact <= Fraction(i.hi) and i.hi - i.lo <= Decimal("1e-20") * max(1, i.hi)


@given(
    st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(KINDS),
    st.sampled_from(QUALIFIERS),
    st.sampled_from(["", "亿元", "万人", "%", "个", "个百分点", "倍"]),
    st.sampled_from([None, "超", "有望 突破", "以上", "余", "约", "预计", "力争"]),
    st.sampled_from([None, "晋中市", "山西省"]),
)
def test_no_figure_is_displayed_as_a_bare_number(
    value: Decimal, kind: str, qualifier: str, unit: str, words: str | None, universe: str | None
) -> None:
    from jiexiu_cli.core.labels import display

    f = Figure(
        "x",
        "x",
        "2021",
        value,
        unit,
        qualifier,
        "actual",
        kind,
        "s",
        f"达{abs(value)}{unit}",
        Location("f", 1, 1),
        qualifier_zh=words,
        universe=universe,
    )
    text = display(f)
    assert plain(abs(value)) in text
    assert not _BARE.fullmatch(text) or (
        unit == "" and kind in ("level", "count", "cumulative", "duration", "rate", "ratio")
    )

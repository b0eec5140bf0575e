"""The commands, in every format, with exact expectations where the contract is exact."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from jiexiu_cli.cli.app import app
from jiexiu_cli.present.render import Format, Result, render
from tests.conftest import DATA, ROOT, Run

MINI = str(DATA / "mini")


def test_show_gdp_json_exact(run: Run) -> None:
    records = run.json("show", "gdp")
    by_period = {(r["period"], r["kind"], r["value"]): r for r in records}
    level = by_period[("2021", "level", 341.3)]
    assert level["unit"] == "亿元" and level["qualifier"] == "exact" and level["source"] == "002_a7ce63afe1259d76.txt"
    assert "341.3亿元" in level["quote"] and level["value_base"] == 34130000000 and level["unit_base"] == "元"
    estimate = by_period[("2025", "level", 432)]
    assert estimate["qualifier"] == "estimate" and estimate["quote"].endswith("今年预计达432亿元")
    growth = by_period[("2021", "growth_rate", 8.5)]
    assert "real growth" in growth["note"].lower()
    for r in records:
        assert list(r)[:11] == [
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
        ]


def test_json_numbers_are_written_exactly(run: Run) -> None:
    out = run("show", "budget_revenue", "--format", "json").stdout
    assert '"value": 28.06,' in out and '"value": 36.03,' in out


def test_show_mini_in_every_format_exact(run: Run) -> None:
    json_out = run("--data", MINI, "show", "gdp", "--format", "json").stdout
    assert json.loads(json_out)[0] == {
        "indicator": "gdp",
        "name_zh": "地区生产总值",
        "name_en": "Gross domestic product (GDP)",
        "period": "2023",
        "value": 120.5,
        "printed": None,
        "unit": "亿元",
        "qualifier": "exact",
        "kind": "level",
        "source": "mini.txt",
        "quote": "地区生产总值达到120.5亿元",
        "id": "gdp.2023.level",
        "status": "actual",
        "qualifier_zh": None,
        "scope": None,
        "base_period": None,
        "value_base": 12050000000,
        "unit_base": "元",
        "topic": "economy",
        "fragment": None,
        "unit_note": None,
        "note": None,
        "period_label": "2023",
        "period_start": "2023-01-01",
        "period_end": "2023-12-31",
        "place": None,
        "universe": None,
        "basis": None,
        "display": "120.5亿元",
        "value_exact": None,
        "fragment_before": None,
        "additive": None,
        "source_title": "示例县2023年经济简报",
        "source_date": "2024-01-15",
    }
    csv_out = run("--data", MINI, "show", "gdp", "--format", "csv").stdout
    assert csv_out.splitlines()[:3] == [
        "indicator,name_zh,name_en,period,value,printed,unit,qualifier,kind,source,quote,id,status,qualifier_zh,scope,base_period,value_base,unit_base,topic,fragment,unit_note,note,period_label,period_start,period_end,place,universe,basis,display,value_exact,fragment_before,additive,source_title,source_date",
        "gdp,地区生产总值,Gross domestic product (GDP),2023,120.5,,亿元,exact,level,mini.txt,地区生产总值达到120.5亿元,gdp.2023.level,actual,,,,12050000000,元,economy,,,,2023,2023-01-01,2023-12-31,,,,120.5亿元,,,,示例县2023年经济简报,2024-01-15",
        "gdp,地区生产总值,Gross domestic product (GDP),2023,6.2,,%,exact,growth_rate,mini.txt,地区生产总值达到120.5亿元，增长6.2%,gdp.2023.growth_rate,actual,,,2022,6.2,%,economy,,,,2023,2023-01-01,2023-12-31,,,,增长6.2%,,,,示例县2023年经济简报,2024-01-15",
    ]
    md = run("--data", MINI, "show", "gdp", "--format", "markdown").stdout
    assert md.splitlines()[:5] == [
        "**gdp · 地区生产总值 · Gross domestic product (GDP)**",
        "",
        "| period | value | qualifier | kind | source | quote |",
        "| --- | --- | --- | --- | --- | --- |",
        "| 2023 | 120.5亿元 | exact | level | mini | 地区生产总值达到**120.5**亿元 |",
    ]


def test_show_table_at_fixed_width_without_colour(run: Run) -> None:
    out = run("--data", MINI, "show", "gdp").stdout
    assert "\x1b[" not in out
    assert all(len(line) <= 100 for line in out.splitlines())
    assert "120.5亿元" in out and "地区生产总值达到120.5亿元" in out


def test_names_from_the_data_are_printed_as_written_never_as_markup(run: Run, tmp_path: Path) -> None:
    """Rich reads a str as markup with :emoji: codes; a name with [b] in it must stay text."""
    text = (DATA / "mini" / "mini.yaml").read_text(encoding="utf-8")
    odd = "Gross [b]domestic[/b] product :smile: [/]"
    (tmp_path / "f.yaml").write_text(text.replace("Gross domestic product (GDP)", f'"{odd}"'), encoding="utf-8")
    result = run("--data", str(tmp_path), "show", "gdp")
    assert result.exit_code == 0, result.stderr
    assert odd in result.stdout.splitlines()[0]


def test_show_period_and_cite(run: Run) -> None:
    assert {r["period"] for r in run.json("show", "gdp", "--period", "2025")} == {"2025"}
    cite = run("show", "gdp", "--period", "2021", "--cite").stdout.splitlines()
    assert cite[0].startswith(
        "介休市地区生产总值 (Gross domestic product (GDP)), 2021: 341.3亿元 — 山西晚报, 2022-01-28"
    )
    assert cite[0].endswith("「GDP全年增速累计完成341.3亿元、增长8.5%」")


def test_show_matches_names_and_aliases(run: Run) -> None:
    for name in ("GDP", "地区生产总值", "gross domestic product (gdp)", "生产总值"):
        assert run.json("show", name)[0]["indicator"] == "gdp"
    assert run.json("show", "清洁取暖")[0]["indicator"] == "clean_heating_area"


@pytest.mark.parametrize(("typo", "suggestion"), [("gpd", "gdp"), ("清洁供暖", "clean_heating_area")])
def test_unknown_name_suggests(run: Run, typo: str, suggestion: str) -> None:
    result = run("show", typo)
    assert result.exit_code == 1 and result.stdout == ""
    assert suggestion in result.stderr and "did you mean" in result.stderr


def test_usage_errors_exit_2(run: Run) -> None:
    assert run("show", "gdp", "--format", "xml").exit_code == 2
    assert run("show", "gdp", "--nope").exit_code == 2
    assert run("search", "").exit_code == 2


def test_compare_gdp_json(run: Run) -> None:
    (row,) = [r for r in run.json("compare", "gdp") if r["relation"] != "not-compared"]
    assert row["relation"] == "level-to-level"
    assert (row["from"]["value"], row["to"]["value"]) == (341.3, 432)
    assert row["multiple"] == 1.266 and row["cagr"] == 0.0607
    assert row["computed"] is True and "432亿元 / 341.3亿元" in row["formula"]["multiple"]


def test_compare_covers_every_required_pair(run: Run) -> None:
    rows = run.json("compare")
    pairs = {(r["indicator"], r["relation"]) for r in rows}
    for ind in (
        "gdp",
        "budget_revenue",
        "clean_heating_area",
        "rural_roads",
        "rain_sewage_pipes",
        "street_renovation",
        "trunk_roads",
        "rural_drinking_water",
        "key_projects",
        "livelihood_spending_share",
        "schools_built",
    ):
        assert any(i == ind for i, _ in pairs), ind
    assert ("budget_revenue", "rank-to-rank") in pairs
    assert ("schools_built", "target-to-achieved") in pairs


def test_compare_multiples_are_true_to_three_decimals(run: Run) -> None:
    for r in run.json("compare"):
        if r["multiple"] is None:
            continue
        a, b = Decimal(str(r["from"]["value"])), Decimal(str(r["to"]["value"]))
        from jiexiu_cli.core.numbers import to_base

        exact = to_base(b, r["to"]["unit"])[0] / to_base(a, r["from"]["unit"])[0]
        assert Decimal(str(r["multiple"])) == exact.quantize(Decimal("0.001")), r["indicator"]


def test_compare_carries_qualifiers(run: Run) -> None:
    row = next(r for r in run.json("compare", "budget_revenue") if r["relation"] == "level-to-level")
    assert row["multiple"] == 1.426 and row["multiple_bound"] == ">"


def test_compare_csv_flattens_nested_keys(run: Run) -> None:
    header = run("compare", "gdp", "--format", "csv").stdout.splitlines()[0].split(",")
    assert {"from_value", "to_value", "from_quote", "formula_multiple", "multiple"} <= set(header)


@pytest.mark.parametrize(
    ("terms", "indicator"),
    [
        (["焦化"], "changsheng_coking_capacity"),
        (["清洁取暖"], "clean_heating_area"),
        (["heating"], "clean_heating_area"),
        (["vaccin"], "covid_vaccine_doses"),
        (["jiaohua"], "changsheng_coking_capacity"),
        (["qingjie qunuan"], "clean_heating_area"),
        (["qingjiequnuan"], "clean_heating_area"),
        (["lvyou"], "tourism_revenue"),
        (["lüyou"], "tourism_revenue"),
        (["qjqn"], "clean_heating_area"),
    ],
)
def test_search_in_chinese_english_and_pinyin(run: Run, terms: list[str], indicator: str) -> None:
    assert indicator in {r["indicator"] for r in run.json("search", *terms)}


def test_search_terms_narrow_and_are_literal(run: Run) -> None:
    both = run.json("search", "清洁取暖", "2021")
    assert both and all("清洁取暖" in r["quote"] or r["indicator"].startswith("clean_heating") for r in both)
    assert run("search", "[*(?").exit_code == 1
    assert len(run.json("search", "万", "--limit", "3")) == 3


def test_search_long_query_answers(run: Run) -> None:
    assert run("search", "焦" * 100_000).exit_code == 1


def test_list_and_sources(run: Run) -> None:
    inds = run.json("list")
    assert {"indicator", "name_zh", "name_en", "topic", "figures"} <= set(inds[0])
    assert all(r["topic"] == "environment" for r in run.json("list", "--topic", "environment"))
    assert run("list", "--topic", "nosuch").exit_code == 1
    sources = {s["source"]: s for s in run.json("sources")}
    assert sources["002_a7ce63afe1259d76.txt"]["date"] == "2022-01-28"
    assert (
        sources["002_a7ce63afe1259d76.txt"]["sha256"]
        == "f3df52a050846386f442d746b45a3fdc36137b5ad41ab488357f4b7996e5dc0d"
    )


def test_export_has_every_figure(run: Run) -> None:
    from jiexiu_cli.factbase.data_path import shipped_data
    from jiexiu_cli.factbase.loader import load

    assert len(run.json("export")) == len(load(shipped_data()).figures)


def test_verify_command(run: Run) -> None:
    ok = run("verify")
    assert ok.exit_code == 0 and "100.0%" in ok.stdout
    bad = run("--data", str(DATA / "verify" / "uncovered.yaml"), "verify")
    assert bad.exit_code == 1 and "3200" in bad.stderr


def test_broken_data_is_one_line_exit_1(run: Run) -> None:
    result = run("--data", str(DATA / "broken" / "text_value.yaml"), "show", "gdp")
    assert result.exit_code == 1
    assert re.fullmatch(r"jiexiu: error: \S+text_value\.yaml:31:12: value must be a number, got 'abc'\n", result.stderr)


def test_env_variable_names_the_data(run: Run) -> None:
    result = run("show", "gdp", "--format", "json", env={"JIEXIU_DATA": MINI})
    assert json.loads(result.stdout)[0]["value"] == 120.5


def test_every_format_renders() -> None:
    """Each format renders what it promises: the records (a Decimal as a JSON number, a
    nested key flattened for CSV), or the rows as printed (the table and Markdown)."""
    from io import StringIO

    from rich.console import Console

    result = Result(records=[{"a": Decimal("1.50"), "b": {"c": "x"}}], columns=["a"], rows=[["1.50"]])
    console = Console(file=StringIO(), width=40, color_system=None, force_terminal=False)
    console.print(render(result, Format.table, width=40))
    shown = {
        Format.json: '[\n  {\n    "a": 1.5,\n    "b": {\n      "c": "x"\n    }\n  }\n]\n',
        Format.csv: "a,b_c\n1.5,x\n",
        Format.markdown: "| a |\n| --- |\n| 1.50 |\n",
    }
    assert set(shown) | {Format.table} == set(Format)
    for fmt, text in shown.items():
        assert render(result, fmt) == text, fmt
    assert console.file.getvalue() == "        \n  a     \n ────── \n  1.50  \n        \n"  # type: ignore[attr-defined]


def test_readme_documents_every_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in app.registered_commands:
        name = command.name or command.callback.__name__  # type: ignore[union-attr]
        assert f"jiexiu {name}" in readme, name


def test_full_width_names_fold_to_plain_ones(run: Run) -> None:
    """An IME left in full-width mode types ｇｄｐ; it names gdp (NFKC), as 　 is a space."""
    assert [r["indicator"] for r in run.json("show", "ｇｄｐ", "--period", "2021")] == ["gdp", "gdp"]
    assert run.json("show", "ｂｕｄｇｅｔ　ｒｅｖｅｎｕｅ")[0]["indicator"] == "budget_revenue"


def test_the_entry_point_runs_without_the_cycle_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    """`jiexiu` turns the cyclic GC off before Typer and Rich are imported (start-up speed)."""
    import gc
    import sys

    from jiexiu_cli import __main__ as entry

    monkeypatch.setattr(sys, "argv", ["jiexiu", "--version"])
    try:
        with pytest.raises(SystemExit) as e:
            entry.main()
        assert e.value.code == 0
        assert not gc.isenabled()
    finally:
        gc.enable()


# ---------------------------------------------------------------- the command line keeps its word (issue 15)

#: an option that takes a value, with a value it accepts, on a command line that uses it
REPEATABLE = [
    (["show", "gdp"], "--period", "2021"),
    (["show", "gdp"], "-p", "2021"),
    (["show", "gdp"], "--format", "json"),
    (["compare", "gdp"], "-f", "csv"),
    (["search", "焦化"], "--limit", "3"),
    (["list"], "--topic", "economy"),
    (["audit"], "--status", "consistent"),
    (["extract", str(ROOT / "seeds" / "002_a7ce63afe1259d76.txt")], "--period", "2021"),
    (["verify"], "--format", "csv"),
    (["sources"], "--format", "json"),
    (["export"], "--format", "csv"),
]


@pytest.mark.parametrize(("args", "option", "value"), REPEATABLE, ids=lambda x: str(x))
def test_an_option_given_twice_is_a_usage_error(run: Run, args: list[str], option: str, value: str) -> None:
    once = run(*args, option, value)
    assert once.exit_code == 0, once.stderr
    for second in ([option, value], [f"{option}={value}"] if option.startswith("--") else [f"{option}{value}"]):
        twice = run(*args, option, value, *second)
        assert twice.exit_code == 2 and twice.stdout == ""
        assert "given twice" in twice.stderr and f"{value!r}" in twice.stderr


def test_the_global_data_option_given_twice_is_a_usage_error(run: Run) -> None:
    result = run("--data", MINI, "--data", MINI, "show", "gdp")
    assert result.exit_code == 2 and "--data given twice" in result.stderr


def test_a_flag_given_twice_is_the_same_as_once(run: Run) -> None:
    assert run("show", "gdp", "--cite", "--cite").stdout == run("show", "gdp", "--cite").stdout


def test_every_unknown_name_is_reported_and_nothing_shown(run: Run) -> None:
    for command in ("compare", "audit"):
        result = run(command, "gdp", "gpd", "清洁供暖")
        assert result.exit_code == 1 and result.stdout == ""
        errors = [line for line in result.stderr.splitlines() if line.startswith("jiexiu: error: ")]
        assert errors == ["jiexiu: error: no indicator named 'gpd'", "jiexiu: error: no indicator named '清洁供暖'"]
        assert "clean_heating_area" in result.stderr


def test_a_name_with_nothing_to_show_gets_a_warning(run: Run) -> None:
    both = run("compare", "清洁取暖", "tourism_revenue", "--format", "json")
    assert both.exit_code == 0
    assert {r["indicator"] for r in json.loads(both.stdout)} == {"clean_heating_area"}
    assert both.stderr.splitlines() == [
        "jiexiu: warning: tourism_revenue: no comparable pair of figures (figures of one indicator, of equal spans"
        " or a year within a run of years, or of one period across places)"
    ]
    alone = run("compare", "tourism_revenue")
    assert alone.exit_code == 1 and alone.stdout == "" and "tourism_revenue" in alone.stderr
    audit = run("audit", "gdp", "tourism_revenue", "--format", "json")
    assert audit.exit_code == 0 and json.loads(audit.stdout)
    assert audit.stderr == "jiexiu: warning: tourism_revenue: no check involves it\n"
    assert run("audit", "tourism_revenue").exit_code == 1


@pytest.mark.parametrize(
    "args",
    [
        *(
            ["show", ""],
            ["show", "  "],
            ["compare", "gdp", ""],
            ["audit", " "],
            ["search", ""],
            ["search", "焦化", " "],
        ),
        *(["list", "--topic", ""], ["show", "gdp", "--period", ""], ["--data", "", "list"], ["extract", ""]),
    ],
)
def test_blank_names_and_terms_are_usage_errors_everywhere(run: Run, args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2 and result.stdout == "", result.stderr


def test_cite_honours_every_format(run: Run) -> None:
    lines = run("show", "gdp", "--cite").stdout.splitlines()
    records = run.json("show", "gdp", "--cite")
    assert [r["citation"] for r in records] == lines
    assert records == [{**r, "citation": c} for r, c in zip(run.json("show", "gdp"), lines, strict=True)]
    csv_out = run("show", "gdp", "--cite", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(csv_out)))
    assert [r["citation"] for r in rows] == lines
    md = run("show", "gdp", "--cite", "--format", "markdown").stdout.splitlines()
    assert md[:2] == ["| citation |", "| --- |"] and len(md) == 2 + len(lines)


def test_verify_honours_every_format(run: Run) -> None:
    rows = list(csv.DictReader(io.StringIO(run("verify", "--format", "csv").stdout)))
    report = run.json("verify")
    assert [r["source"] for r in rows] == [c["source"] for c in report["coverage"]]
    assert all(r["kind"] == "coverage" and r["tokens"] == r["covered"] for r in rows)
    md = run("verify", "--format", "markdown")
    assert md.exit_code == 0 and md.stdout.startswith("**214 figures") and "| coverage |" in md.stdout
    bad = run("--data", str(DATA / "verify" / "uncovered.yaml"), "verify", "--format", "csv")
    assert bad.exit_code == 1 and bad.stderr == "jiexiu: error: verify found 1 problem(s)\n"
    problems = [r for r in csv.DictReader(io.StringIO(bad.stdout)) if r["kind"] == "problem"]
    assert len(problems) == 1 and "3200" in problems[0]["message"] and problems[0]["where"].endswith(":3:54")


#: every command line whose output has a CSV form
CSV_COMMANDS = [
    ["show", "gdp"],
    ["show", "budget_revenue", "--cite"],
    ["compare"],
    ["search", "万", "--limit", "100"],
    ["list"],
    ["sources"],
    ["export"],
    ["verify"],
    ["audit"],
    ["extract", str(ROOT / "seeds" / "000_5c670b32eecb22f9.txt")],
    ["extract", str(ROOT / "seeds" / "000_5c670b32eecb22f9.txt"), "--non-figures"],
]


@pytest.mark.parametrize("args", CSV_COMMANDS, ids=" ".join)
def test_csv_never_holds_a_python_repr(run: Run, args: list[str]) -> None:
    result = run(*args, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert len(rows) > 1
    for row in rows[1:]:
        for cell in row:
            assert not re.search(r"Decimal\(|\{'|\[\{'|\['|\('|datetime|<.* object at 0x", cell), (args, cell)


def test_audit_csv_writes_its_inputs_as_json_with_exact_numbers(run: Run) -> None:
    rows = list(csv.DictReader(io.StringIO(run("audit", "--format", "csv").stdout)))
    inputs = json.loads(rows[0]["inputs"], parse_float=Decimal)
    assert [i["value"] for i in inputs] == [Decimal("1.6"), Decimal("48.5"), Decimal("49.9")]


def test_csv_cell_of_every_kind_of_value() -> None:
    from jiexiu_cli.present.render_csv import csv_cell

    assert csv_cell([Decimal("1.50"), "a", None]) == "1.5; a; "
    assert csv_cell([{"v": Decimal("1.6")}]) == '[{"v": 1.6}]'
    assert csv_cell({"k": [1, 2]}) == '{"k": [1, 2]}'
    assert csv_cell([[1, 2], 3]) == "[[1, 2], 3]"
    assert csv_cell(Path("a/b")) == "a/b"

"""`jiexiu extract`: candidate figures and non-figures of an article, measured on the shipped
articles against the fact base (recall, agreement, non-figures), and its YAML proved by
loading it and running verify on it."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiexiu_cli.analysis.extract.mark import figure_tokens, mark
from jiexiu_cli.analysis.extract.model import Candidate, Extraction
from jiexiu_cli.analysis.extract.pipeline import extract, plan_period
from jiexiu_cli.analysis.locate import locate
from jiexiu_cli.analysis.verify import verify
from jiexiu_cli.cli.app import app
from jiexiu_cli.core.errors import DataError
from jiexiu_cli.core.model import FactBase, Figure
from jiexiu_cli.core.numbers import same_number, to_base, tokenize
from jiexiu_cli.factbase.loader import load
from tests.conftest import DATA, ROOT

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
THIRD = DATA / "third" / "third.txt"


@pytest.fixture(scope="module")
def fb() -> FactBase:
    return load(ROOT / "data")


def _extracted(fb: FactBase, path: Path) -> Extraction:
    data = path.read_bytes()
    source = next(s for s in fb.sources if s.file == path.name)
    ex = extract(data.decode(), path.name, path.name, hashlib.sha256(data).hexdigest(), source.covers, 2022)
    return mark(ex, fb)


def _figures_and_candidates(fb: FactBase) -> list[tuple[object, object]]:
    """(figure, the candidate at its token, or None) for every figure of the fact base."""
    out: list[tuple[object, object]] = []
    for path in SEEDS:
        ex = _extracted(fb, path)
        by_token = {c.token: c for c in ex.candidates}
        figures = [f for f in fb.figures if f.source == path.name]
        owners = figure_tokens(ex.text, figures)
        for f in figures:
            tokens = [i for i, fs in owners.items() if f in fs]
            assert tokens, f"{f.id}: not located in its article"
            out.append((f, by_token.get(tokens[0]) if all(i in by_token for i in tokens) else None))
    return out


# ---------------------------------------------------------------- measured on the shipped articles


def test_recall_is_every_figure_of_the_fact_base(fb: FactBase) -> None:
    missed = [f.id for f, c in _figures_and_candidates(fb) if c is None]  # type: ignore[attr-defined]
    assert missed == [], f"figures extract does not offer: {missed}"
    assert len(_figures_and_candidates(fb)) == len(fb.figures) == 214


def _agrees(c: Candidate, f: Figure) -> bool:
    """Does the candidate read the figure as the fact base records it (unit, qualifier, value)?"""
    if c.unit != f.unit or c.qualifier != f.qualifier:
        return False
    (cv, cu), (fv, fu) = c.base, to_base(f.value, f.unit)
    return cu == fu and (cv < 0) == (fv < 0) and same_number(fv, cv)


def test_unit_qualifier_and_value_agree_with_the_fact_base(fb: FactBase) -> None:
    """The README's figure: on the two shipped articles, 196 of the 198 figures read as the
    fact base records them; the other two are the curators' readings (19万老百姓 as 万人,
    千亿大关 as 亿元), not extract's. On the first quarter of 2022, all 16."""
    pairs = _figures_and_candidates(fb)
    disagree = {
        f.id: f"fact base {f.value} {f.unit!r} {f.qualifier}, extract {c.value} {c.unit!r} {c.qualifier}"  # type: ignore[attr-defined]
        for f, c in pairs
        if c is not None and not _agrees(c, f)  # type: ignore[arg-type]
    }
    two = [f for f, _ in pairs if f.source != "jiexiu-2022q1.txt"]  # type: ignore[attr-defined]
    assert len(two) == 198
    assert sorted(disagree) == [
        "industrial_output.2021-2025.level",
        "rural_drinking_water.2021-2025.cumulative",
    ], disagree
    assert len(two) - len(disagree) == 196


def test_every_candidate_marks_the_figure_it_is(fb: FactBase) -> None:
    matched = {m for path in SEEDS for c in _extracted(fb, path).candidates for m in c.matches}
    assert matched == {f.id for f in fb.figures}


def _kept_apart(fb: FactBase, paths: list[Path]) -> tuple[int, list[str]]:
    """How many of the curators' excluded tokens extract keeps apart, and the others."""
    kept_apart = 0
    wrong = []
    for path in paths:
        ex = _extracted(fb, path)
        non = {n.token for n in ex.non_figures}
        figure_owned = set(figure_tokens(ex.text, [f for f in fb.figures if f.source == path.name]))
        for i, token in enumerate(tokenize(ex.text)):
            if i in figure_owned:
                continue
            if i in non:
                kept_apart += 1
            else:
                wrong.append(f"{path.name[:3]}:{token.text}")
    return kept_apart, wrong


#: the two articles extract was measured on when it was written; the first-quarter article
#: (shipped since issue 13) is measured on its own below
FIRST_TWO = [p for p in SEEDS if p.name[:3] in ("000", "002")]


def test_exclusions_of_the_fact_base_are_non_figures(fb: FactBase) -> None:
    """The curators' exclusions (dates, names, words …) are what extract keeps apart."""
    kept_apart, wrong = _kept_apart(fb, FIRST_TWO)
    total = kept_apart + len(wrong)
    assert total == 117
    assert kept_apart / total >= 0.95, wrong


def test_the_first_quarter_articles_exclusions_are_non_figures(fb: FactBase) -> None:
    kept_apart, wrong = _kept_apart(fb, [p for p in SEEDS if p.name == "jiexiu-2022q1.txt"])
    assert kept_apart + len(wrong) == 16
    assert kept_apart / (kept_apart + len(wrong)) >= 0.95, wrong


# ---------------------------------------------------------------- what one text reads as


def _one(text: str, period: str | None = "2023") -> Extraction:
    return extract(text, "t.txt", "t.txt", "0" * 64, period)


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier", "kind"),
    [
        ("全年造林超过3300亩。", "3300", "亩", "over", "level"),
        ("受众5.6万余人。", "5.6", "万人", "over_about", "count"),
        ("畜禽饲养量1423万余头(只)。", "1423", "万头(只)", "over_about", "count"),
        ("面对50多年不遇的洪灾。", "50", "年", "over_about", "duration"),
        ("流水突破140亿元。", "140", "亿元", "over", "level"),
        ("完成投资约12亿元。", "12", "亿元", "about", "level"),
        ("村集体收入10万元以上。", "10", "万元", "at_least", "level"),
        ("发放补贴两千万元。", "2000", "万元", "exact", "level"),
        ("新建幼儿园三所。", "3", "所", "exact", "count"),
        ("新开工项目二十三个。", "23", "个", "exact", "count"),
        ("同比下降23.1%。", "-23.1", "%", "exact", "growth_rate"),
        ("雨污分流率提高43个百分点。", "43", "个百分点", "exact", "change"),
        ("稳居全省第一方阵。", "1", "方阵", "exact", "rank"),
        ("稳居全省前十。", "10", "", "at_most", "rank"),
        ("荣登全国民企500强。", "500", "", "at_most", "rank"),
        ("今年有望突破40亿元。", "40", "亿元", "over", "level"),
        ("今年预计达432亿元。", "432", "亿元", "estimate", "level"),
        ("保持两位数增长。", "10", "%", "at_least", "growth_rate"),
        ("硬化面积是“十三五”的6.8倍。", "6.8", "倍", "exact", "multiple"),
        ("跨过三百亿元。", "300", "亿元", "over", "level"),
        ("建成万亩中药材产业园。", "10000", "亩", "exact", "level"),
        ("接待游客598.6万人次。", "598.6", "万人次", "exact", "count"),
    ],
)
def test_reading(text: str, value: str, unit: str, qualifier: str, kind: str) -> None:
    (c,) = _one(text).candidates
    assert (c.value, c.unit, c.qualifier, c.kind) == (Decimal(value), unit, qualifier, kind)


def test_fraction_ratio_and_doubling() -> None:
    cs = _one("比例为1.6:48.5:49.9，占晋中1/3，较“十三五”末翻了一番。").candidates
    assert [(c.printed, c.kind) for c in cs] == [
        (None, "ratio"),
        (None, "ratio"),
        (None, "ratio"),
        ("1/3", "share"),
        ("翻了一番", "multiple"),
    ]
    assert cs[3].value == Decimal(1) / Decimal(3) and cs[4].value == 2


def test_a_qualifier_carries_over_a_list() -> None:
    cs = _one("GDP相继跨过三百亿元、四百亿元两个台阶，今年预计达432亿元。", None).candidates
    assert [(c.shown, c.qualifier) for c in cs] == [
        ("三百亿", "over"),
        ("四百亿", "over"),
        ("两", "exact"),
        ("432", "estimate"),
    ]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("发布日期：2022年1月28日。", "date"),
        ("date: 2022-01-28 08:08:51 +0800", "date|time"),
        ("会议于08:30开始。", "time"),
        ("咨询电话：0354-7123456。", "phone number"),
        ("联系手机13912345678。", "phone number"),
        ("## 一、总体情况", "section number"),
        ("（一）下半年安排", "section number"),
        ("### 01", "section number (a heading)"),
        ("<p><strong>1</strong><strong>突出争先进位</p>", "section number"),
        ("2. 加快项目建设", "section number"),
        ("，一是慎终如始", "enumeration marker"),
        ("一般公共预算收入", "a word, not a number: 一般"),
        ("华北唯一的试验区", "a word, not a number: 唯一"),
        ("为百姓办实事", "a word, not a number: 百姓"),
        ("“一园四带”战略", "a name or slogan in quotation marks"),
        ("“666”工作模式", "a name (a number in quotation marks)"),
        ("晋中市辉煌“十四五”系列", "name of a Five-Year Plan"),
        ("较十三五末", "name of a Five-Year Plan"),
        ("党的二十大胜利召开", "name of a Party congress"),
        ("一步一步，一锤一锤", "idiom"),
        ("infoCode=NW202201282264891522", "part of an identifier"),
        ("<http://example.com/a/2021/05.html>", "part of a web address"),
    ],
)
def test_non_figures_are_kept_apart(text: str, reason: str) -> None:
    ex = _one(text)
    assert ex.candidates == ()
    assert ex.non_figures and all(n.reason.startswith(tuple(reason.split("|"))) for n in ex.non_figures)


def test_the_period_comes_from_the_clause_the_paragraph_or_the_section() -> None:
    text = "# 2021年成绩\n去年，新建学校3所，谋划实施2022年度10件实事。\n# 2022年展望\n实施191个重点项目。\n"
    cs = extract(text, "t.txt", "t.txt", "0" * 64, None, 2022).candidates
    assert [(c.number, c.period, c.status) for c in cs] == [
        ("3", "2021", "actual"),
        ("10", "2022", "actual"),
        ("191", "2022", "target"),
    ]
    assert plan_period("十四五") == "2021-2025" and plan_period("十三五") == "2016-2020"


# ---------------------------------------------------------------- properties

_PIECES = st.sampled_from(
    [
        "3",
        "12.5",
        "1/3",
        "1/0",
        "1.6:48.5:49.9",
        "2022年",
        "1月28日",
        "08:30",
        "0354-7123456",
        "一",
        "两个",
        "第一",
        "百亿",
        "万余人",
        "亿元",
        "%",
        "个百分点",
        "超过",
        "约",
        "以上",
        "增长",
        "下降",
        "占",
        "一般",
        "“一园四带”",
        "，",
        "。",
        "、",
        "\n",
        "<p>",
        "</p>",
        "## ",
        "新建",
        "学校",
        "GDP",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_every_token_is_a_candidate_or_a_non_figure_and_verify_finds_it(text: str) -> None:
    """Each number token is in exactly one list, and each candidate's quote is verbatim and
    pinned (quote_nth, nth) so that verify.locate finds that very token."""
    tokens = tokenize(text)
    ex = _one(text)
    owners = sorted([c.token for c in ex.candidates] + [n.token for n in ex.non_figures])
    assert owners == list(range(len(tokens)))
    for c in ex.candidates:
        assert text[c.quote_start : c.quote_start + len(c.quote)] == c.quote
        found = locate(text, tokens, c.quote, c.quote_nth, c.shown, c.nth)
        assert not isinstance(found, str) and c.token in found[1], (c, found)
    for n in ex.non_figures:
        found = locate(text, tokens, n.context, n.context_nth, n.text, n.nth, "context")
        assert not isinstance(found, str) and n.token in found[1], (n, found)


# ---------------------------------------------------------------- the command


def test_extract_seeds_lists_every_figure_of_the_fact_base(run, fb: FactBase) -> None:
    records = run.json("extract", *map(str, SEEDS))
    matched = {m for r in records for m in r["matches"]}
    assert matched == {f.id for f in fb.figures}
    gdp = next(r for r in records if "gdp.2021.level" in r["matches"])
    assert (gdp["value"], gdp["unit"], gdp["value_base"], gdp["unit_base"]) == (341.3, "亿元", 34130000000, "元")
    assert gdp["quote"] == "GDP全年增速累计完成341.3亿元、增长8.5%" and (gdp["line"], gdp["column"]) == (15, 43)


def test_non_figures_are_listed_apart(run) -> None:
    records = run.json("extract", str(SEEDS[1]), "--non-figures")
    assert {"source", "line", "column", "text", "reason", "context"} <= set(records[0])
    sections = [r["text"] for r in records if r["reason"] == "section number"]
    assert sections == ["1", "2", "3", "4", "5", "6"]


def test_table_csv_and_markdown(run) -> None:
    table = run("extract", str(THIRD))
    assert table.exit_code == 0
    assert "16 candidate figures in third.txt" in table.stdout and "13 non-figures kept apart" in table.stdout
    assert "\x1b[" not in table.stdout
    assert all(len(line) <= 100 for line in table.stdout.splitlines())
    csv = run("extract", str(THIRD), "--format", "csv").stdout.splitlines()
    assert csv[0].startswith("source,line,column,shown,value") and len(csv) == 17
    md = run("extract", str(THIRD), "--format", "markdown").stdout
    assert md.count("\n| third.txt:") == 16


def test_stdin(run) -> None:
    result = run.runner.invoke(app, ["extract", "-", "--format", "json"], input="新建学校3所。\n")
    assert result.exit_code == 0, result.stderr
    assert [(r["value"], r["unit"], r["period"]) for r in json.loads(result.stdout)] == [(3, "所", None)]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["extract", "missing.txt"], 1, "no such text file"),
        (["extract", "tests"], 1, "is a directory"),
        (["extract", "tests/data/broken/gbk.yaml"], 1, "not valid UTF-8"),
        (["extract", "tests/data/broken/binary.yaml"], 1, "binary data"),
        (["extract", "seeds/000_5c670b32eecb22f9.txt", "--period", "2025-2021"], 2, "--period must be"),
    ],
)
def test_errors_are_one_line(run, monkeypatch: pytest.MonkeyPatch, args: list[str], code: int, message: str) -> None:
    monkeypatch.chdir(ROOT)
    result = run(*args)
    assert result.exit_code == code
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr


def test_no_file_or_an_empty_name_is_a_usage_error(run) -> None:
    assert run("extract").exit_code == 2
    result = run("extract", "")  # an unset shell variable must not read the current folder
    assert result.exit_code == 2 and "FILE is empty" in result.stderr


def test_yaml_without_a_period_is_refused(run, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("新建学校3所。\n", encoding="utf-8")
    result = run("--data", str(DATA / "mini"), "extract", str(article), "--format", "yaml")
    assert result.exit_code == 2 and "pass --period" in result.stderr and result.stdout == ""


def test_a_broken_fact_base_does_not_stop_extract(run, tmp_path: Path) -> None:
    result = run("--data", str(tmp_path / "none"), "extract", str(THIRD), "--format", "json")
    assert result.exit_code == 0 and "warning" in result.stderr
    assert all(r["matches"] == [] for r in json.loads(result.stdout))


# ---------------------------------------------------------------- the YAML loads and verifies


def _fill(yaml_text: str) -> tuple[str, int]:
    n = 0

    def one(_m: re.Match[str]) -> str:
        nonlocal n
        n += 1
        return f"indicator: ind_{n}"

    return re.sub(r"(?m)(?<=^  - )indicator: .*$", one, yaml_text), n


def _indicators(n: int) -> str:
    rows = (f"  - {{id: ind_{i}, name_zh: 指标{i}, name_en: Indicator {i}, topic: economy}}\n" for i in range(1, n + 1))
    return "indicators:\n" + "".join(rows)


@pytest.mark.parametrize("article", [*SEEDS, THIRD], ids=lambda p: p.name[:5])
def test_yaml_loads_once_indicators_are_filled_in_and_verify_passes(run, tmp_path: Path, article: Path) -> None:
    shutil.copy(article, tmp_path / article.name)
    result = run("--data", str(tmp_path / "none"), "extract", str(tmp_path / article.name), "--format", "yaml")
    assert result.exit_code == 0
    written = result.stdout
    (tmp_path / "new.yaml").write_text(written, encoding="utf-8")
    with pytest.raises(DataError, match=r"new\.yaml:\d+:\d+: (must not be empty|unknown indicator)"):
        load(tmp_path)
    filled, n = _fill(written)
    (tmp_path / "new.yaml").write_text(filled, encoding="utf-8")
    (tmp_path / "indicators.yaml").write_text(_indicators(n), encoding="utf-8")
    report = verify(load(tmp_path))
    assert report.ok, report.problems[:5]
    assert report.covered == report.tokens == len(tokenize(article.read_text(encoding="utf-8")))


def test_yaml_comments_out_what_the_fact_base_already_has(run) -> None:
    """Pasting it adds no duplicate: known figures, sources and exclusions are comments."""
    out = run("extract", str(SEEDS[1]), "--format", "yaml").stdout
    assert "already in the fact base as gdp.2021.level" in out
    new = [r for r in run.json("extract", str(SEEDS[1])) if not r["matches"]]
    assert len(new) == 1 and new[0]["shown"] == "百"  # 汾河百公里: a name the curators excluded
    # ... so it is not offered again (issue 18): no figure to paste, and the header says why
    assert out.count("\n  - indicator:") == 0
    assert "# 1 candidate(s) the fact base already excludes are not offered again" in out
    assert "\n  - file:" not in out and "exclusions: []" in out


@pytest.mark.process
def test_a_pipe_is_read_once_and_hashed_as_read(tmp_path: Path) -> None:
    """`jiexiu extract <(cat article)`: a pipe gives its bytes once. A second read for the
    sha256 hashed nothing, or blocked for ever on a FIFO; the match with the fact base
    depends on that hash. A real process, so a hang is a failure, not a stuck suite."""
    import os
    import subprocess
    import sys
    import threading

    article = ROOT / "seeds" / "002_a7ce63afe1259d76.txt"
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(article.read_bytes()), daemon=True)
    writer.start()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "jiexiu_cli", "extract", str(fifo), "--format", "json"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=30,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("extract read the pipe twice and blocked")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert len(records) == 115 and all(r["matches"] for r in records[:3])

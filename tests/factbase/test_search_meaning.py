"""search beyond literal text: counts, the qualifier column, folded input, kind words, ranks,
numbers in words, initials of any length and topic words (issue 15, item 6)."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiexiu_cli.core.errors import UsageError
from jiexiu_cli.core.hanzi import fold_search
from jiexiu_cli.core.vocabulary import KINDS, STATUSES, TOPICS
from jiexiu_cli.factbase import search as finder
from jiexiu_cli.factbase.search_meaning import KIND_WORDS, TOPIC_WORDS, arabic, candidates_sql, describes, meaning
from tests.conftest import Run

# ---------------------------------------------------------------- the parser


@pytest.mark.parametrize(
    ("term", "label", "kinds", "statuses", "value", "within"),
    [
        ("growth", "kind", ("growth_rate",), (), None, False),
        ("增长", "kind", ("growth_rate",), (), None, False),
        ("增速", "kind", ("growth_rate",), (), None, False),
        ("growth rate", "kind", ("growth_rate",), (), None, False),
        ("rank", "kind", ("rank",), (), None, False),
        ("排名", "kind", ("rank",), (), None, False),
        ("share", "kind", ("share",), (), None, False),
        ("占比", "kind", ("share",), (), None, False),
        ("target", "kind", ("target_gap",), ("target",), None, False),
        ("目标", "kind", ("target_gap",), ("target",), None, False),
        ("翻番", "kind", ("multiple",), (), Decimal(2), False),
        ("翻了一番", "kind", ("multiple",), (), Decimal(2), False),
        ("翻两番", "kind", ("multiple",), (), Decimal(4), False),
        ("seventh", "rank", ("rank",), (), Decimal(7), False),
        ("7th", "rank", ("rank",), (), Decimal(7), False),
        ("第七", "rank", ("rank",), (), Decimal(7), False),
        ("第7名", "rank", ("rank",), (), Decimal(7), False),
        ("top ten", "rank", ("rank",), (), Decimal(10), True),
        ("top 10", "rank", ("rank",), (), Decimal(10), True),
        ("前十", "rank", ("rank",), (), Decimal(10), True),
        ("百强", "rank", ("rank",), (), Decimal(100), True),
        ("500强", "rank", ("rank",), (), Decimal(500), True),
    ],
)
def test_kind_and_rank_words(
    term: str, label: str, kinds: tuple[str, ...], statuses: tuple[str, ...], value: Decimal | None, within: bool
) -> None:
    m = meaning(fold_search(term))
    assert m is not None
    assert (m.label, m.kinds, m.statuses, m.value, m.within) == (label, kinds, statuses, value, within)


@pytest.mark.parametrize(
    ("term", "printed", "value"),
    [
        ("三分之一", "1/3", Decimal(1) / Decimal(3)),
        ("1/3", "1/3", Decimal(1) / Decimal(3)),
        ("四分之一", "1/4", Decimal("0.25")),
        ("十大", "10大", None),
        ("10大", "10大", None),
        ("两个", "2个", None),
    ],
)
def test_numbers_in_words(term: str, printed: str, value: Decimal | None) -> None:
    m = meaning(fold_search(term))
    assert m is not None and (m.label, m.printed, m.value) == ("number", printed, value)


@pytest.mark.parametrize(
    "term", ["焦化", "10", "8.5%", "亿元", "三", "1,000", "gdp", "gdp growth", "heating", "十四五", "清洁取暖 2021"]
)
def test_plain_text_means_nothing_more(term: str) -> None:
    assert meaning(fold_search(term)) is None


def test_the_tables_speak_the_schemas_words() -> None:
    """Every kind, status and topic a word stands for is one the fact base can hold; every
    topic has words."""
    for kinds, statuses, _ in KIND_WORDS.values():
        assert set(kinds) <= set(KINDS) and set(statuses) <= set(STATUSES)
    assert set(TOPIC_WORDS) == set(TOPICS)
    words = [w for ws in TOPIC_WORDS.values() for w in ws]
    assert len(words) == len(set(words)) and not set(words) & set(KIND_WORDS)
    assert meaning("旅游") == meaning("tourism") and meaning("tourism") is not None


def test_a_rank_is_within_a_top_or_at_its_place() -> None:
    top, seventh = meaning("前十"), meaning("第七")
    assert top is not None and seventh is not None
    rank = {"topic": None, "kind": "rank", "status": "actual"}
    assert describes(top, **rank, value=Decimal(7), qualifier="exact", printed="第七")
    assert describes(top, **rank, value=Decimal(5), qualifier="at_most", printed="前五")
    assert not describes(top, **rank, value=Decimal(100), qualifier="at_most", printed="百强")
    assert describes(seventh, **rank, value=Decimal(7), qualifier="exact", printed="第七")
    assert not describes(seventh, **rank, value=Decimal(10), qualifier="at_most", printed="前十")


def test_a_fraction_is_the_fraction_printed() -> None:
    third = meaning("三分之一")
    assert third is not None
    share = {"topic": None, "kind": "share", "status": "actual", "qualifier": "exact"}
    assert describes(third, **share, value=Decimal("0.3333"), printed="1/3")
    assert describes(third, **share, value=Decimal("0.3333"), printed=None)
    assert not describes(third, **share, value=Decimal("0.25"), printed="1/4")
    level = {"topic": None, "kind": "level", "status": "actual", "qualifier": "exact"}
    assert not describes(third, **level, value=Decimal("0.33"), printed=None)


# what a user may type: letters, digits, Chinese numerals and kind words, full-width forms, spaces
_ALPHABET = st.sampled_from(
    list("abcdeghinoprstuvwxyz0123456789 /%.-")
    + list("第前强分之十百千万亿一二两三七大个年ＧＤＰ１２億")
    + list("增长占比翻番旅游")
)
_TERMS = st.text(_ALPHABET, min_size=1, max_size=12)


@given(_TERMS)
def test_the_parser_reads_any_term(term: str) -> None:
    """Never raises; a meaning is one search can look up and check."""
    m = meaning(fold_search(term))
    if m is None:
        return
    assert m.label in ("kind", "rank", "number", "topic")
    if m.label == "topic":
        assert m.topic in TOPICS and candidates_sql(m) is None
    else:
        sql = candidates_sql(m)
        assert sql is not None and sql[0].count("?") == len(sql[1])
    if m.label == "rank":
        assert m.value is not None and m.value >= 1 and m.kinds == ("rank",)


@given(st.integers(min_value=1, max_value=99_999), st.booleans())
def test_any_ordinal_or_top_is_a_rank(n: int, top: bool) -> None:
    m = meaning(f"前{n}" if top else f"第{n}")
    assert m is not None and (m.label, m.value, m.within) == ("rank", Decimal(n), top)


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=999))
def test_any_fraction_is_its_value(numerator: int, denominator: int) -> None:
    m = meaning(f"{numerator}/{denominator}")
    assert m is not None and m.value == Decimal(numerator) / Decimal(denominator)


@given(st.text(max_size=20))
def test_arabic_keeps_every_other_character(text: str) -> None:
    out = arabic(text)
    strip = re.compile("[〇零一二两三四五六七八九十百千万亿萬億韆\uf978\uf9b2\uf9d10-9/分之]")
    assert strip.sub("", out) == strip.sub("", text)


@given(st.lists(_TERMS, min_size=1, max_size=4))
def test_prepare_reads_any_terms(terms: list[str]) -> None:
    try:
        prepared = finder.prepare(terms)
    except UsageError:
        assert any(not t.strip() for t in terms)
        return
    assert 1 <= len(prepared) <= len(terms)
    assert all(t.folded == fold_search(t.text) for t in prepared)


def test_two_terms_that_describe_together_are_one() -> None:
    assert [t.text for t in finder.prepare(["top", "ten"])] == ["top ten"]
    assert [t.text for t in finder.prepare(["GDP", "growth", "rate"])] == ["GDP", "growth rate"]
    assert [t.text for t in finder.prepare(["GDP", "growth"])] == ["GDP", "growth"]
    assert [t.text for t in finder.prepare(["清洁取暖", "2021"])] == ["清洁取暖", "2021"]
    assert [t.text for t in finder.prepare(["十大", "2021"])] == ["十大", "2021"]


# ---------------------------------------------------------------- the command


def _search(run: Run, *terms: str) -> list[dict[str, object]]:
    return run.json("search", *terms, "--limit", "0")  # type: ignore[no-any-return]


def test_growth_finds_growth_rates(run: Run) -> None:
    for word in ("growth", "增速"):
        kinds = {r["kind"] for r in _search(run, word)}
        assert "growth_rate" in kinds
    gdp = _search(run, "GDP", "growth")
    assert gdp and {(r["indicator"], r["kind"]) for r in gdp} == {("gdp", "growth_rate")}
    assert {r["value"] for r in gdp} >= {8.5}


@pytest.mark.parametrize(
    ("terms", "want"),
    [
        (["翻番"], ("budget_revenue", "翻了一番")),
        (["三分之一"], ("industrial_output", "1/3")),
        (["seventh"], ("budget_revenue", "第七")),
        (["第七"], ("budget_revenue", "第七")),
        (["top", "ten"], ("budget_revenue", "前十")),
        (["前十"], ("budget_revenue", "第七")),
        (["十大"], ("agri_processing_clusters", "十大")),
        (["10大"], ("agri_processing_clusters", "十大")),
    ],
)
def test_words_for_what_a_figure_is(run: Run, terms: list[str], want: tuple[str, str]) -> None:
    found = {(r["indicator"], r["printed"]) for r in _search(run, *terms)}
    assert want in found


def test_a_top_finds_only_ranks_within_it(run: Run) -> None:
    ranks = _search(run, "top", "ten")
    assert ranks and all(r["kind"] == "rank" and float(r["value"]) <= 10 for r in ranks)  # type: ignore[arg-type]
    assert {r["printed"] for r in ranks} >= {"第七", "前十", "第一"}


def test_target_finds_targets(run: Run) -> None:
    found = _search(run, "目标")
    assert found and all(r["status"] == "target" or r["kind"] == "target_gap" for r in found)
    english = _search(run, "target")  # and the names that say Target
    assert [r["id"] for r in found] == [r["id"] for r in english if r["matched"] == ["kind"]]


def test_full_width_and_traditional_input(run: Run) -> None:
    assert _search(run, "ＧＤＰ") == _search(run, "GDP")
    assert _search(run, "地區生產總值") == _search(run, "地区生产总值")
    assert _search(run, "焦化") == _search(run, "焦化")
    assert any(r["indicator"] == "gdp" for r in _search(run, "國內生產總值".replace("國內", "地區")))


def test_initials_of_any_length(run: Run) -> None:
    assert {r["indicator"] for r in _search(run, "gmysgyzjz")} == {"industrial_value_added"}
    assert "changsheng_coking_capacity" in {r["indicator"] for r in _search(run, "jh")}


def test_topic_words_find_the_topics_figures(run: Run) -> None:
    tourism = _search(run, "旅游")
    assert {"tourist_visits", "tourism_revenue"} <= {r["indicator"] for r in tourism}
    visits = next(r for r in tourism if r["indicator"] == "tourist_visits")
    assert "旅游" not in str(visits["quote"]) and visits["matched"] == ["topic"]
    assert tourism[0]["indicator"] == "tourism_revenue"  # a name that says it ranks first
    assert {r["indicator"] for r in _search(run, "tourism")} == {r["indicator"] for r in tourism}


def test_the_count_says_how_many_match_and_are_shown(run: Run) -> None:
    every = _search(run, "亿")
    assert len(every) > 20
    table = run("search", "亿")
    assert table.exit_code == 0
    assert table.stdout.splitlines()[0] == f"亿: {len(every)} figures match; showing the best 20 (--limit 0 for all)"
    whole = run("search", "亿", "--limit", "0")
    assert whole.stdout.splitlines()[0] == f"亿: {len(every)} figures match"
    one = run("search", "seventh")
    assert one.stdout.splitlines()[0] == "seventh: 1 figure matches"


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_other_formats_keep_their_shape_and_say_the_count_on_stderr(run: Run, fmt: str) -> None:
    every = len(_search(run, "亿"))
    result = run("search", "亿", "--format", fmt)
    assert result.exit_code == 0
    assert result.stderr == f"jiexiu: {every} figures match; showing the best 20 (--limit 0 for all)\n"
    if fmt == "json":
        records = json.loads(result.stdout)
        assert isinstance(records, list) and len(records) == 20
    assert run("search", "亿", "--limit", "0", "--format", fmt).stderr == ""


def test_the_count_is_the_whole_fact_bases(run: Run) -> None:
    """Counted as the store ranks (decided indicators in SQL), equal to every match."""
    for terms in (["亿"], ["GDP"], ["增长"], ["旅游"], ["top", "ten"], ["jiaohua"], ["2021"]):
        every = _search(run, *terms)
        first = run("search", *terms, "--limit", "1").stdout.splitlines()[0]
        assert first.startswith(f"{' '.join(terms)}: {len(every)} figure"), (terms, first)


def test_the_table_has_a_qualifier_column(run: Run) -> None:
    result = run("search", "有望", env={"COLUMNS": "160"})
    head = result.stdout.splitlines()[2]
    assert re.findall(r"\S+", head)[:4] == ["indicator", "period", "value", "qualifier"]
    row = next(line for line in result.stdout.splitlines() if "有望突破40亿元" in line)
    assert "over 有望 突破, expected" in row


def test_a_negative_limit_is_a_usage_error(run: Run) -> None:
    assert run("search", "万", "--limit", "-1").exit_code == 2
    assert len(_search(run, "万")) == len(run.json("search", "万", "--limit", "1000"))

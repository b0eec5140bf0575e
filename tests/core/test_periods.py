"""Periods: every spelling, round trips, ordering, the spans that compare."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiexiu_cli.core import periods as P
from jiexiu_cli.core.periods import Period, PeriodError, parse, parse_canonical


@st.composite
def any_period(draw: st.DrawFn) -> Period:
    y = draw(st.integers(1900, 2100))
    kind = draw(st.sampled_from(P.KINDS))
    if kind == "year":
        return P.year(y)
    if kind == "years":
        return P.years(y, y + draw(st.integers(1, 30)))
    if kind == "quarter":
        return P.quarter(y, draw(st.integers(1, 4)))
    if kind == "half":
        return P.half(y, draw(st.integers(1, 2)))
    if kind == "months":
        first = draw(st.integers(1, 12))
        return P.months(y, first, draw(st.integers(first, 12)))
    m = draw(st.integers(1, 12))
    return P.point(y, m, draw(st.one_of(st.none(), st.integers(1, 28))))


@given(any_period())
def test_canonical_text_round_trips(p: Period) -> None:
    assert parse(str(p)) == p
    assert parse_canonical(str(p)) == p


@given(any_period())
def test_chinese_label_round_trips(p: Period) -> None:
    assert parse(p.label_zh()) == p


@given(any_period())
def test_full_width_digits_read_as_ascii(p: Period) -> None:
    wide = str(p).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789-QHM"})
    assert parse(wide) == p


@given(any_period(), any_period())
def test_order_is_start_then_length(a: Period, b: Period) -> None:
    if a.start != b.start:
        assert (a.key() < b.key()) == (a.start < b.start)
    elif a.months != b.months:
        assert (a.key() < b.key()) == (a.months < b.months)


@given(any_period())
def test_a_year_earlier_has_the_same_length(p: Period) -> None:
    earlier = p.shifted(-1)
    assert earlier.same_length(p)
    assert earlier.kind == p.kind or p.kind == "point"
    if not p.is_point or (p.day is not None and p.day <= 28):
        assert earlier.years_between(p) == 1


@pytest.mark.parametrize(
    ("text", "canonical", "kind", "months"),
    [
        ("2021", "2021", "year", 12),
        ("2021-2025", "2021-2025", "years", 60),
        ("2022Q1", "2022Q1", "quarter", 3),
        ("2022q1", "2022Q1", "quarter", 3),
        ("2022 Q1", "2022Q1", "quarter", 3),
        ("2022H2", "2022H2", "half", 6),
        ("2022M03", "2022M03", "months", 1),
        ("2022M01-M10", "2022M01-M10", "months", 10),
        ("2022M01-M03", "2022Q1", "quarter", 3),
        ("2022M07-M12", "2022H2", "half", 6),
        ("2022M01-M12", "2022", "year", 12),
        ("2022-06-30", "2022-06-30", "point", 0),
        ("2022年", "2022", "year", 12),
        ("2022年全年", "2022", "year", 12),
        ("2022年一季度", "2022Q1", "quarter", 3),
        ("2022年第一季度", "2022Q1", "quarter", 3),
        ("2022年1季度", "2022Q1", "quarter", 3),
        ("2022年首季", "2022Q1", "quarter", 3),
        ("2022年上半年", "2022H1", "half", 6),
        ("2022年下半年", "2022H2", "half", 6),
        ("2022年前三季度", "2022M01-M09", "months", 9),
        ("2022年1-10月", "2022M01-M10", "months", 10),
        ("2022年1—10月", "2022M01-M10", "months", 10),
        ("2022年1至10月", "2022M01-M10", "months", 10),
        ("2022年前两个月", "2022M01-M02", "months", 2),
        ("2022年3月", "2022M03", "months", 1),
        ("2022年十二月", "2022M12", "months", 1),
        ("2021年末", "2021-12-31", "point", 0),
        ("2021年底", "2021-12-31", "point", 0),
        ("截至2022年6月底", "2022-06-30", "point", 0),
        ("2022年6月30日", "2022-06-30", "point", 0),
        ("2024年2月末", "2024-02-29", "point", 0),
        ("十四五", "2021-2025", "years", 60),
        ("“十四五”", "2021-2025", "years", 60),
        ("十四五期间", "2021-2025", "years", 60),
        ("十三五", "2016-2020", "years", 60),
        ("2021-2025年", "2021-2025", "years", 60),
        ("2021—2025年", "2021-2025", "years", 60),
        ("２０２１", "2021", "year", 12),
        ("２０２１年", "2021", "year", 12),
        ("２０２２Ｑ１", "2022Q1", "quarter", 3),
    ],
)
def test_every_spelling(text: str, canonical: str, kind: str, months: int) -> None:
    p = parse(text)
    assert (str(p), p.kind, p.months) == (canonical, kind, months)


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("一季度", "2022Q1"),
        ("上半年", "2022H1"),
        ("1-10月", "2022M01-M10"),
        ("年末", "2022-12-31"),
        ("截至6月底", "2022-06-30"),
        ("前三季度", "2022M01-M09"),
        ("首季", "2022Q1"),
        ("2021", "2021"),
    ],
)
def test_a_phrase_without_a_year_takes_the_hint(text: str, canonical: str) -> None:
    assert str(parse(text, year_hint=2022)) == canonical


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-2021", "a run of years ends after it starts: 2025-2021"),
        ("2021-2021", "a run of years ends after it starts: 2021-2021"),
        ("2022Q5", "a quarter is Q1 to Q4, got Q5"),
        ("2022H3", "a half is H1 or H2, got H3"),
        ("2022M13", "a month is 1 to 12, got 13"),
        ("2022M10-M02", "a run of months ends after it starts: 10-2"),
        ("2022-02-30", "2022-02 has no day 30"),
        ("一季度", "'一季度' names no year: write it with one, e.g. 2022年一季度"),
        ("", "empty period"),
        ("20x1", "not a period: '20x1'"),
    ],
)
def test_errors_say_why_in_one_line(text: str, message: str) -> None:
    with pytest.raises(PeriodError) as e:
        parse(text)
    assert str(e.value).startswith(message)
    assert "\n" not in str(e.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2022年一季度", "write the period '2022年一季度' as '2022Q1'"),
        ("2022q1", "write the period '2022q1' as '2022Q1'"),
        ("2022M01-M03", "write the period '2022M01-M03' as '2022Q1'"),
        ("Q1", "not a period: 'Q1'"),
    ],
)
def test_the_fact_base_takes_only_canonical_spellings(text: str, message: str) -> None:
    with pytest.raises(PeriodError) as e:
        parse_canonical(text)
    assert str(e.value).startswith(message)


@given(st.text(max_size=60))
def test_any_text_parses_or_says_why(text: str) -> None:
    try:
        p = parse(text)
    except PeriodError as e:
        assert "\n" not in str(e) and "\x1b" not in str(e)
    else:
        assert parse(str(p)) == p


def test_order_and_labels() -> None:
    texts = ["2025", "2021-2025", "2022", "2021", "2022Q1", "2021-12-31", "2022H1", "2022M01-M10"]
    assert sorted(texts, key=P.key) == [
        "2021",
        "2021-2025",
        "2021-12-31",
        "2022Q1",
        "2022H1",
        "2022M01-M10",
        "2022",
        "2025",
    ]
    assert [parse(t).label() for t in ("2022Q1", "2022H1", "2022M01-M10", "2022M03", "2021")] == [
        "2022 Q1",
        "2022 H1",
        "2022 Jan-Oct",
        "2022 Mar",
        "2021",
    ]


def test_spans_that_compare() -> None:
    q1 = parse("2022Q1")
    assert q1.shifted(-1) == parse("2021Q1")
    assert not q1.same_length(parse("2021"))
    assert parse("2021").same_length(parse("2025"))
    assert parse("2021").years_between(parse("2025")) == 4
    assert not parse("2022H1").same_length(parse("2021-2025"))
    assert parse("2021-12-31").same_length(parse("2025-12-31"))
    assert parse("2022M01-M10").years_between(parse("2023M01-M10")) == 1


@given(st.text(alphabet="0123456789QHM-", max_size=12))
def test_the_hand_reader_agrees_with_the_pattern(text: str) -> None:
    """_canonical reads years, runs of years, quarters and halves by hand; _CANONICAL reads
    them the same (value or error)."""

    def read(f: object) -> object:
        try:
            return f(text)  # type: ignore[operator]
        except PeriodError as e:
            return str(e)

    assert read(P._canonical) == read(P._canonical_pattern)


@given(any_period())
def test_is_canonical(p: Period) -> None:
    assert P.is_canonical(str(p))
    assert not P.is_canonical(p.label_zh()) or p.label_zh() == str(p)
    assert not P.is_canonical("焦化") and not P.is_canonical("2022q1") and not P.is_canonical("2025-2021")

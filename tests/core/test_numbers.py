"""numbers.py: tokens, Chinese numerals, printed values, units. Decimal throughout."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiexiu_cli.core.numbers import (
    chinese_to_int,
    number_spans,
    parse_decimal,
    plain,
    to_base,
    tokenize,
    unit_scale,
    value_of_printed,
)


def texts(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("GDP全年增速累计完成341.3亿元、增长8.5%", ["341.3", "8.5"]),
        ("受众5.6万余人", ["5.6"]),
        ("提高43个百分点", ["43"]),
        ("15个百亩以上设施蔬菜精品园", ["15", "百"]),
        ("比例优化为1.6:48.5:49.9", ["1.6", "48.5", "49.9"]),
        ("占晋中1/3；", ["1/3"]),
        ("19万老百姓", ["19", "百"]),
        ("两个台阶，一般公共预算", ["两", "一"]),
        ("date: 2022-01-28", ["2022", "01", "28"]),
    ],
)
def test_tokenize(text: str, tokens: list[str]) -> None:
    assert texts(text) == tokens


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("两", 2),
        ("十", 10),
        ("十九", 19),
        ("二十", 20),
        ("三百", 300),
        ("一万二千", 12000),
        ("千", 1000),
        ("三二一", 321),
    ],
)
def test_chinese_to_int(numeral: str, value: int) -> None:
    assert chinese_to_int(numeral) == value


@pytest.mark.parametrize(
    ("printed", "unit", "value"),
    [
        ("两个", "个", Decimal(2)),
        ("十大", "", Decimal(10)),
        ("第一", "", Decimal(1)),
        ("前十", "", Decimal(10)),
        ("翻了一番", "", Decimal(2)),
        ("翻两番", "", Decimal(4)),
        ("两位数", "%", Decimal(10)),
        ("三百亿", "亿元", Decimal(300)),
        ("千亿", "亿元", Decimal(1000)),
        ("百", "亩", Decimal(100)),
        ("23.1", "%", Decimal("23.1")),
    ],
)
def test_value_of_printed(printed: str, unit: str, value: Decimal) -> None:
    assert value_of_printed(printed, unit) == value


def test_fraction_is_exact_decimal_division() -> None:
    assert value_of_printed("1/3") == Decimal(1) / Decimal(3)


@pytest.mark.parametrize(
    ("unit", "factor", "base"),
    [
        ("亿元", 10**8, "元"),
        ("万平方米", 10**4, "平方米"),
        ("万头(只)", 10**4, "头(只)"),
        ("%", 1, "%"),
        ("个百分点", 1, "个百分点"),
        ("亿公斤", 10**8, "公斤"),
    ],
)
def test_unit_scale(unit: str, factor: int, base: str) -> None:
    assert unit_scale(unit) == (Decimal(factor), base)


def test_to_base_is_exact() -> None:
    value, unit = to_base(Decimal("341.3"), "亿元")
    assert plain(value) == "34130000000" and unit == "元"


def test_parse_decimal_rejects_non_numbers() -> None:
    for bad in ("abc", "1e5", "nan", "1,000", ""):
        with pytest.raises(ValueError):
            parse_decimal(bad)


def test_number_spans_respects_number_boundaries() -> None:
    assert number_spans("增长38.5%，增长8.5%", "8.5") == ((10, 13),)


# ---------------------------------------------------------------- properties

DIGITS = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """A reference writer of Chinese numerals below 10^8 (for the round trip)."""
    if n == 0:
        return "零"

    def below_10000(m: int) -> str:
        out, zero = "", False
        for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = m // value % 10
            if d:
                if zero and out:
                    out += "零"
                out += DIGITS[d] + name
                zero = False
            else:
                zero = True
        return out

    high, low = divmod(n, 10000)
    if not high:
        return below_10000(low)
    return below_10000(high) + "万" + ("零" if 0 < low < 1000 else "") + below_10000(low)


@given(st.integers(min_value=0, max_value=10**8 - 1))
def test_chinese_numerals_round_trip(n: int) -> None:
    assert chinese_to_int(to_chinese(n)) == n


@given(
    st.decimals(min_value=Decimal("0.001"), max_value=Decimal("1e9"), places=3, allow_nan=False, allow_infinity=False)
)
def test_plain_round_trips_exactly(value: Decimal) -> None:
    assert Decimal(plain(value)) == value
    assert "E" not in plain(value)


@given(st.text(alphabet="0123456789.:/万亿百十一两三个余多%元年，、 ", max_size=40))
def test_tokens_are_ordered_disjoint_and_cover_every_digit(text: str) -> None:
    tokens = tokenize(text)
    for a, b in itertools.pairwise(tokens):
        assert a.end <= b.start
    for t in tokens:
        assert text[t.start : t.end] == t.text
    covered = {i for t in tokens for i in range(t.start, t.end)}
    assert all(i in covered for i, c in enumerate(text) if c.isdigit())

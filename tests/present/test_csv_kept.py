"""compare's and audit's CSV written from their records as kept (JSON text), one record at a
time: the same text as ``to_csv`` of the records themselves."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from jiexiu_cli.present.render_csv import csv_of_json, iter_csv, to_csv
from jiexiu_cli.present.render_json import json_items
from tests.conftest import Run

decimals = st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12) | st.sampled_from(
    [Decimal("-0"), Decimal("1E+3"), Decimal("1.50"), Decimal("0.000"), Decimal("Infinity"), Decimal("NaN")]
)
texts = st.text(st.sampled_from('ab 增长%.,"=@+-\n\x1b\u202e\U0001f600'), max_size=8)
plain_values = st.none() | st.booleans() | st.integers(-(10**20), 10**20) | decimals | texts
leaf = (
    plain_values
    | st.lists(plain_values, max_size=3)
    | st.lists(st.dictionaries(texts, plain_values, max_size=3), max_size=2)
)
keys = st.sampled_from(["value", "quote", "multiple", "share", "change", "cagr", "id", "a_b"])
nested = st.dictionaries(keys, leaf, max_size=4)
records = st.lists(
    st.dictionaries(keys | st.sampled_from(["from", "formula", "to"]), leaf | nested, max_size=6), max_size=6
)


@given(records)
@example([{"formula": {"multiple": "m"}}, {"formula": {"multiple": "m", "share": "s"}}])  # compare's, pair to pair
@example([{"value": Decimal("-0")}, {"value": Decimal("1E+2")}, {"value": 5}, {"value": True}])
def test_csv_of_kept_json_is_to_csv_of_the_records(rs: list[dict[str, Any]]) -> None:
    item = json_items()
    kept = [item(r) for r in rs]
    assert "".join(csv_of_json(lambda: iter(kept))) == (to_csv(rs) if rs else "\n")


def test_a_record_with_a_key_the_header_lacks_is_an_error_not_a_dropped_cell() -> None:
    with pytest.raises(ValueError, match="share"):
        "".join(iter_csv([{"a": 1}, {"a": 2, "share": 3}]))


@pytest.mark.parametrize(
    "args", [["compare"], ["compare", "--period", "2021"], ["audit"], ["audit", "-s", "consistent"]]
)
def test_compare_and_audit_csv_are_their_json_records_flattened(run: Run, args: list[str]) -> None:
    result = run(*args, "--format", "json")
    records = json.loads(result.stdout, parse_float=Decimal)
    written = run(*args, "--format", "csv").stdout
    assert written == to_csv(records)
    rows = list(csv.reader(io.StringIO(written)))
    assert len(rows) == len(records) + 1 and len(rows) > 2

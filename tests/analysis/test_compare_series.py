"""compare over a long record (issue 14): a county's yearly bulletins give one figure a year
for decades; pairs grow with the record, not with its square."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.conftest import Run

YEARS = range(2000, 2026)


def series_fact_base(folder: Path) -> Path:
    """GDP levels of 2000-2025, each year's from its own bulletin, and a first quarter."""
    folder.mkdir()
    lines = [f"{y}年地区生产总值{100 + y - 2000}亿元。" for y in YEARS] + ["2023年一季度地区生产总值30.5亿元。"]
    text = "\n".join(lines) + "\n"
    (folder / "bulletins.txt").write_text(text, encoding="utf-8")
    sha = hashlib.sha256(text.encode()).hexdigest()
    out = ["sources:"]
    for y in [*YEARS, "2023Q1"]:
        out += [
            f"  - file: b{y}",
            "    text: bulletins.txt",
            f"    sha256: {sha}",
            f"    title: 示例县{y}统计公报",
            "    publisher: 测试",
            '    date: "2026-01-01"',
            f'    covers: "{y}"',
        ]
    out += [
        "indicators:",
        "  - id: gdp",
        "    name_zh: 地区生产总值",
        "    name_en: GDP",
        "    topic: economy",
        "figures:",
    ]
    for y in YEARS:
        out += [
            "  - indicator: gdp",
            f'    period: "{y}"',
            f'    value: "{100 + y - 2000}"',
            "    unit: 亿元",
            "    qualifier: exact",
            "    kind: level",
            f"    source: b{y}",
            f'    quote: "{y}年地区生产总值{100 + y - 2000}亿元"',
        ]
    out += [
        "  - indicator: gdp",
        '    period: "2023Q1"',
        '    value: "30.5"',
        "    unit: 亿元",
        "    qualifier: exact",
        "    kind: level",
        "    source: b2023Q1",
        '    quote: "2023年一季度地区生产总值30.5亿元"',
    ]
    (folder / "facts.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")
    return folder


def test_a_long_record_pairs_neighbours_and_its_ends(run: Run, tmp_path: Path) -> None:
    folder = series_fact_base(tmp_path / "facts")
    pairs = run.json("--data", str(folder), "compare", "gdp")
    levels = [(c["from"]["period"], c["to"]["period"]) for c in pairs if c["relation"] == "level-to-level"]
    expected = [(str(y), str(y + 1)) for y in range(2000, 2025)] + [("2000", "2025")]
    assert sorted(levels) == sorted(expected)  # 26 pairs, not 325
    apart = [(c["from"]["period"], c["to"]["period"]) for c in pairs if c["relation"] == "not-compared"]
    # the quarter is set apart from the year before it and its own year, once each
    assert sorted(apart) == [("2022", "2023Q1"), ("2023Q1", "2023")]


def test_a_period_keeps_its_neighbours(run: Run, tmp_path: Path) -> None:
    folder = series_fact_base(tmp_path / "facts")
    pairs = run.json("--data", str(folder), "compare", "gdp", "--period", "2010")
    levels = sorted((c["from"]["period"], c["to"]["period"]) for c in pairs if c["relation"] == "level-to-level")
    assert levels == [("2009", "2010"), ("2010", "2011")]

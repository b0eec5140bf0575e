"""extract proposes, the curator confirms (issue 18): indicators from the vocabulary, new
indicators, place, universe and basis; excluded tokens not offered again; --update."""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest
import yaml

from jiexiu_cli.analysis.extract.suggest import Vocabulary, new_id, place_of, subject_noun, suggest
from jiexiu_cli.core.model import Indicator, Location
from tests.conftest import ROOT

QUARTER = ROOT / "seeds" / "jiexiu-2022q1.txt"


def _article(tmp_path: Path, text: str, name: str = "a.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _figures(out: str) -> list[dict[str, object]]:
    return [f for f in yaml.safe_load(out)["figures"] or []]


def _ind(id_: str, name_zh: str, *aliases: str) -> Indicator:
    return Indicator(id_, name_zh, id_, aliases, "economy", Location("x", 1, 1))


# ---------------------------------------------------------------- the proposals, on the shipped vocabulary


def test_the_vocabulary_names_the_indicator_with_its_confidence(run, tmp_path: Path) -> None:
    a = _article(tmp_path, "介休市：经济运行\n\n2023年，介休市地区生产总值完成400.5亿元，增长6.1%。\n")
    out = run("extract", str(a), "--format", "yaml").stdout
    assert "  - indicator: gdp  # 0.9: 地区生产总值 in the clause\n" in out
    assert "  - indicator: gdp  # 0.8: 地区生产总值 in the quote\n" in out
    assert '    place: "介休市"  # from the title or the dateline\n' in out
    figures = _figures(out)
    assert [f["indicator"] for f in figures] == ["gdp", "gdp"]
    assert [f["kind"] for f in figures] == ["level", "growth_rate"]
    assert figures[1]["basis"] == "real" and "basis" not in figures[0]
    assert {f["period"] for f in figures} == {"2023"}


def test_the_term_nearest_before_the_number_wins(run, tmp_path: Path) -> None:
    text = "甲县：简报\n\n2023年，甲县地区生产总值完成80亿元，一般公共预算收入完成6.2亿元。\n"
    figures = _figures(run("extract", str(_article(tmp_path, text)), "--format", "yaml").stdout)
    assert [f["indicator"] for f in figures] == ["gdp", "budget_revenue"]


def test_a_term_the_noun_goes_on_past_is_no_match_and_a_new_indicator_is_proposed(run, tmp_path: Path) -> None:
    """一产 is an alias of the industrial structure's primary share; 一产增加值 is value added
    (an indicator of the quarter's file, taken out here)."""
    folder = _copy(tmp_path, "quarter_2022q1.yaml")
    text = "甲县：简报\n\n2023年，甲县一产增加值完成3.5亿元，增长4.2%。\n"
    out = run("--data", str(folder), "extract", str(_article(tmp_path, text)), "--format", "yaml").stdout
    assert [f["indicator"] for f in _figures(out)] == ["yi_chan_zeng_jia_zhi"] * 2
    assert '#   - id: yi_chan_zeng_jia_zhi\n#     name_zh: "一产增加值"\n' in out
    assert out.count("#   - id: yi_chan_zeng_jia_zhi") == 1  # one proposal for both figures
    assert "  - indicator: yi_chan_zeng_jia_zhi  # new: 一产增加值 (proposed under indicators: above)" in out
    assert _figures(out)[1]["basis"] == "real"  # growth of value added is at comparable prices


def test_a_rank_takes_its_universe_and_its_subject_from_the_sentence(run, tmp_path: Path) -> None:
    text = "介休市：简报\n\n2023年，介休市地区生产总值完成90亿元，总量位列晋中第一。\n"
    out = run("extract", str(_article(tmp_path, text)), "--format", "yaml").stdout
    rank = _figures(out)[1]
    assert rank["kind"] == "rank" and rank["universe"] == "晋中市" and rank["indicator"] == "gdp"
    assert "# 0.6: 地区生产总值 earlier in the sentence" in out


def test_a_target_gap_keeps_its_words(run, tmp_path: Path) -> None:
    text = "甲县：简报\n\n2023年，一般公共预算收入完成10亿元，虽与任务相差0.85亿元。\n"
    gap = _figures(run("extract", str(_article(tmp_path, text)), "--format", "yaml").stdout)[1]
    assert (gap["kind"], gap["value"], gap["qualifier_zh"]) == ("target_gap", "-0.85", "与任务相差")


def test_no_guess_where_a_clause_names_nothing_readable(tmp_path: Path) -> None:
    v = Vocabulary([_ind("schools", "学校")])
    raw = "新建学校3所，投资5400万元推进基层卫生健康综合试验区建设。"
    start = raw.index("5400")
    assert suggest(raw, raw.index("投资"), start, v, None, start + 6) is None


@pytest.mark.parametrize(
    ("quote", "noun"),
    [
        ("一季度介休市地区生产总值完成86.1亿元", "地区生产总值"),
        ("其中,一产增加值完成0.9亿元", "一产增加值"),
        ("一般公共预算收入完成10亿元", "一般公共预算收入"),  # 共 of 公共 is no verb
        ("全年规上工业增加值增长11.6%", "规上工业增加值"),
    ],
)
def test_the_subject_noun(quote: str, noun: str) -> None:
    assert subject_noun(quote, "介休市") == noun


def test_a_new_id_is_ascii_and_unique() -> None:
    assert new_id("建筑业增加值", set()) == "jian_zhu_ye_zeng_jia_zhi"
    assert new_id("建筑业增加值", {"jian_zhu_ye_zeng_jia_zhi"}) == "jian_zhu_ye_zeng_jia_zhi_2"


@pytest.mark.parametrize(
    ("title", "place"),
    [
        ("介休市:跑好开局“第一棒” 冲刺全年“满堂红”", "介休市"),
        ("山西柳溪縣2022年經濟穩中有進", "柳溪县"),
        ("甲县2023年国民经济和社会发展统计公报", "甲县"),
        ("全方位推进高质量发展 介休这么做", None),
        ("我市经济稳中向好", None),
    ],
)
def test_the_place_of_a_title(title: str, place: str | None) -> None:
    assert place_of(title, "") == place


def test_a_known_place_is_found_by_its_name_without_its_suffix() -> None:
    assert place_of("全方位推进高质量发展 介休这么做", "", ["晋中市", "介休市"]) == "介休市"


# ---------------------------------------------------------------- what the fact base has is not offered again


def _copy(tmp_path: Path, drop: str | None = None) -> Path:
    folder = tmp_path / "facts"
    shutil.copytree(ROOT / "data", folder / "data")
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    if drop:
        (folder / "data" / drop).unlink()
    return folder


def test_tokens_the_fact_base_excludes_are_not_offered_again(run, tmp_path: Path) -> None:
    """The quarter's file excludes 16 tokens and holds 16 figures: with a figure taken out,
    only that figure is offered, no exclusion."""
    folder = _copy(tmp_path)
    q = folder / "data" / "quarter_2022q1.yaml"
    text = q.read_text(encoding="utf-8")
    block = text[text.index('  - indicator: budget_revenue\n    period: "2022Q1"\n    value: "-0.85"') :]
    block = block[: block.index("\nexclusions:")]
    q.write_text(text.replace(block, ""), encoding="utf-8")
    out = run("--data", str(folder), "extract", str(folder / "seeds" / QUARTER.name), "--format", "yaml").stdout
    assert out.count("\n  - indicator:") == 1 and 'printed: "0.85"' in out
    assert "exclusions: []" in out  # the 16 excluded tokens are not offered again


# ---------------------------------------------------------------- --update


CURATED = """\
# Notes of the curator: kept byte for byte.
sources:
  - file: jiexiu-2022q1.txt
    text: ../seeds/jiexiu-2022q1.txt
    sha256: 548253d3e65c39d51f566e3a639240db34f347b0f8c91a723c5b3b0429861a2c
    title: 介休市:跑好开局“第一棒” 冲刺全年“满堂红”
    publisher: 晋中晚报
    date: "2022-05-11"
    covers: "2022Q1"

figures:
  # GDP, checked by hand
  - indicator: ""   # still to decide
    period: "2022Q1"
    value: "86.1"
    unit: 亿元
    qualifier: exact
    kind: level
    quote: "一季度介休市地区生产总值完成86.1亿元,增长7.8%"
    note: >-
      A folded note
      on two lines.

# the exclusions, by hand
exclusions:
  - context: "一手抓好疫情防控,一手抓紧经济发展"
    all: true
    reason: set phrase
"""


def _only_inserted(before: str, after: str) -> bool:
    ops = difflib.SequenceMatcher(a=before.splitlines(True), b=after.splitlines(True), autojunk=False).get_opcodes()
    return all(tag in ("equal", "insert") for tag, *_ in ops)


def test_update_adds_the_new_and_keeps_every_byte_that_was_there(run, tmp_path: Path) -> None:
    folder = _copy(tmp_path, "quarter_2022q1.yaml")
    target = folder / "data" / "q1.yaml"
    target.write_text(CURATED, encoding="utf-8")
    result = run("--data", str(folder), "extract", str(folder / "seeds" / QUARTER.name), "--update", str(target))
    assert result.exit_code == 0, result.stderr
    assert "added 15 figure(s), 14 exclusion(s), 0 source(s)" in result.stderr and result.stdout == ""
    after = target.read_text(encoding="utf-8")
    assert _only_inserted(CURATED, after)
    data = yaml.safe_load(after)
    assert len(data["figures"]) == 16 and len(data["exclusions"]) == 15 and len(data["sources"]) == 1
    assert data["figures"][0]["note"] == "A folded note on two lines."  # the first entry is still the curated one
    values = [f["value"] for f in data["figures"]]
    assert values.count("86.1") == 1  # the curated figure is not offered again
    # a second run adds nothing and leaves the file as it is
    stat = target.stat()
    again = run("--data", str(folder), "extract", str(folder / "seeds" / QUARTER.name), "--update", str(target))
    assert again.exit_code == 0 and "nothing new to add" in again.stderr
    assert target.read_text(encoding="utf-8") == after and target.stat().st_mtime_ns == stat.st_mtime_ns


def test_update_writes_a_file_that_verifies_when_the_indicators_are_known(run, tmp_path: Path) -> None:
    folder = _copy(tmp_path, "quarter_2022q1.yaml")
    curated = yaml.safe_load((ROOT / "data" / "quarter_2022q1.yaml").read_text(encoding="utf-8"))
    known = yaml.safe_dump({"indicators": curated["indicators"]}, allow_unicode=True)
    (folder / "data" / "known.yaml").write_text(known, encoding="utf-8")
    target = folder / "data" / "q1.yaml"
    target.write_text("figures: []\n", encoding="utf-8")
    result = run("--data", str(folder), "extract", str(folder / "seeds" / QUARTER.name), "-u", str(target))
    assert "added 16 figure(s), 16 exclusion(s), 1 source(s)" in result.stderr
    assert 'text: "../seeds/jiexiu-2022q1.txt"' in target.read_text(encoding="utf-8")  # relative to the file
    check = run("--data", str(folder), "verify")
    assert check.exit_code == 0, check.stderr
    by_value = {f["value"]: f["indicator"] for f in yaml.safe_load(target.read_text(encoding="utf-8"))["figures"]}
    assert by_value["0.9"] == "primary_value_added" and by_value["23.3"] == "services_value_added"


def test_update_keeps_crlf_and_a_bom(run, tmp_path: Path) -> None:
    a = _article(tmp_path, "甲县：简报\n\n2023年，甲县地区生产总值完成80亿元。\n")
    target = tmp_path / "f.yaml"
    before = "\ufeff# mine\r\nfigures:\r\n  - indicator: x\r\n    period: '2023'\r\n    value: '1'\r\n".encode()
    target.write_bytes(before)
    result = run("--data", str(tmp_path / "none"), "extract", str(a), "--update", str(target))
    assert result.exit_code == 0, result.stderr
    after = target.read_bytes()
    assert after.startswith(before) and b"\n" not in after.replace(b"\r\n", b"")


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ("figures: [\n", "invalid YAML"),
        ("- a\n- b\n", "must be a mapping"),
        ("figurse: []\n", "unknown section 'figurse'"),
        ("figures: 3\n", "figures must be a list"),
        ("figures:\n  - indicator: gdp\n    colour: red\n", "unknown key 'colour'"),
        ("figures: [{indicator: gdp}]\n", "flow style"),
    ],
)
def test_update_refuses_what_is_no_fact_base_file(run, tmp_path: Path, content: str, why: str) -> None:
    a = _article(tmp_path, "甲县：简报\n\n2023年，甲县地区生产总值完成80亿元。\n")
    target = tmp_path / "f.yaml"
    target.write_text(content, encoding="utf-8")
    result = run("--data", str(tmp_path / "none"), "extract", str(a), "--update", str(target))
    assert result.exit_code == 1 and why in result.stderr
    assert [line for line in result.stderr.splitlines() if "error" in line] == result.stderr.splitlines()[-1:]
    assert target.read_text(encoding="utf-8") == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "f.yaml"]


def test_update_of_a_missing_file_or_from_stdin_is_refused(run, tmp_path: Path) -> None:
    a = _article(tmp_path, "甲县地区生产总值完成80亿元。\n")
    missing = run("extract", str(a), "-p", "2023", "--update", str(tmp_path / "none.yaml"))
    assert missing.exit_code == 1 and "no such fact-base file" in missing.stderr
    stdin = run("extract", "-", "-p", "2023", "--update", str(a))
    assert stdin.exit_code == 2 and "--update needs the article's path" in stdin.stderr


def test_update_is_atomic_a_failed_write_leaves_the_file_and_no_temporary(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = _article(tmp_path, "甲县：简报\n\n2023年，甲县地区生产总值完成80亿元。\n")
    target = tmp_path / "f.yaml"
    target.write_text("figures: []\n", encoding="utf-8")

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    result = run("--data", str(tmp_path / "none"), "extract", str(a), "--update", str(target))
    assert result.exit_code == 1 and "cannot write it: No space left on device" in result.stderr
    assert target.read_text(encoding="utf-8") == "figures: []\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "f.yaml"]


def test_update_with_non_figures_is_a_usage_error(run, tmp_path: Path) -> None:
    a = _article(tmp_path, "甲县地区生产总值完成80亿元。\n")
    (tmp_path / "f.yaml").write_text("figures: []\n", encoding="utf-8")
    result = run("extract", str(a), "-p", "2023", "--non-figures", "--update", str(tmp_path / "f.yaml"))
    assert result.exit_code == 2


# ---------------------------------------------------------------- the text-level merge, on any layout

from hypothesis import assume, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from jiexiu_cli.present.extract_update import _inserted, read_structure  # noqa: E402

_KEYS = {"sources": ("file", "title"), "figures": ("indicator", "quote"), "exclusions": ("context", "reason")}


@st.composite
def _fact_file(draw: st.DrawFn) -> str:
    lines: list[str] = []
    names = draw(st.permutations(list(_KEYS)))
    for name in names[: draw(st.integers(1, 3))]:
        lines += draw(st.lists(st.sampled_from(["# a comment", "", "  # indented comment"]), max_size=2))
        n = draw(st.integers(0, 3))
        if n == 0:
            lines.append(f"{name}: []" if draw(st.booleans()) else f"{name}:")
            continue
        lines.append(f"{name}:  # the {name}")
        dash = draw(st.sampled_from([0, 2, 4]))
        for i in range(n):
            a, b = _KEYS[name]
            lines.append(" " * dash + f"- {a}: v{i}")
            lines.append(" " * (dash + 2) + (f"{b}: >-" if draw(st.booleans()) else f'{b}: "w{i}"  # c'))
            if lines[-1].endswith(">-"):
                lines.append(" " * (dash + 4) + "folded text")
            lines += draw(st.lists(st.sampled_from(["# between", "", " " * dash + "# here"]), max_size=2))
    crlf = draw(st.booleans())
    text = "\n".join(lines) + ("\n" if draw(st.booleans()) else "")
    return text.replace("\n", "\r\n") if crlf else text


@settings(max_examples=150, deadline=None)
@given(_fact_file(), st.integers(0, 2), st.integers(0, 2), st.integers(0, 1))
@example("\nsources: []\n\n\nfigures: []\nexclusions:", 0, 0, 1)  # a diff aligned the blank lines wrongly
def test_the_merge_only_inserts_and_every_record_is_there(text: str, nf: int, nx: int, ns: int) -> None:
    assume(nf or nx or ns)  # --update writes nothing when nothing is new
    sections, before = read_structure(text, "f.yaml")
    blocks = {
        "sources": [['  - file: "new.txt"', '    title: "t"']] * ns,
        "figures": [["  # new.txt:1:1", '  - indicator: ""', f'    quote: "q{i}"'] for i in range(nf)],
        "exclusions": [[f'  - context: "c{i}"', '    reason: "r"'] for i in range(nx)],
    }
    after = _inserted(text, sections, blocks, [["#   - id: x", '#     name_zh: "名"']] if nf else [])
    _sections, records = read_structure(after, "f.yaml")
    for name, added in (("sources", ns), ("figures", nf), ("exclusions", nx)):
        assert len(records.get(name, [])) == len(before.get(name, [])) + added
        assert records.get(name, [])[: len(before.get(name, []))] == before.get(name, [])
    # every line kept as it was and in its order, its ending too (a last line without one gets
    # one, `key: []` becomes `key:`): the old lines are a subsequence of the new (matched
    # greedily, which finds one wherever one exists; a diff's alignment of blank lines may not)
    new_lines = iter(after.splitlines())
    for line in text.splitlines():
        forms = (line, line[:-3]) if line.endswith(": []") else (line,)
        assert any(other in forms for other in new_lines), (line, after)
    if "\r\n" in text:
        assert "\n" not in after.replace("\r\n", "")


def test_a_folder_that_does_not_load_still_proposes_from_the_shipped_base(run, tmp_path: Path) -> None:
    """`extract ... --format yaml > facts/seeds/a.yaml` truncates its own output file first, so
    the folder does not load while extract runs: the names of the base it includes still do."""
    facts = tmp_path / "facts"
    assert run("init", str(facts)).exit_code == 0
    shutil.copy(ROOT / "seeds" / "jiexiu-2022q1.txt", facts / "seeds" / "q1.txt")
    (facts / "seeds" / "q1.yaml").write_text("", encoding="utf-8")  # as the shell's > leaves it
    result = run("--data", str(facts), "extract", str(facts / "seeds" / "q1.txt"), "--format", "yaml")
    assert result.exit_code == 0, result.stderr
    assert "indicator: gdp  # 0.9: 地区生产总值 in the clause" in result.stdout
    assert "di_qu_sheng_chan_zong_zhi" not in result.stdout

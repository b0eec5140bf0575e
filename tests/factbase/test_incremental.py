"""A store brought up to date file by file holds exactly what a whole new build holds:
the same records and automatic ids, the same search indexes, the same error, after a
file is edited (also within the same second as the build), added, deleted or renamed;
and only the files that changed are read again. A whole build's shortcuts store what the
plain way stores (automatic ids numbered on from each file's own; grams as JSON arrays)."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from jiexiu_cli.core.errors import DataError
from jiexiu_cli.factbase import store, store_fresh, store_order, store_rows
from jiexiu_cli.factbase.data_path import shipped_data
from tests.conftest import DATA

#: figures of one base (gdp.2021.level) in three files: their automatic ids depend on
#: the files before them
EXTRA = """figures:
  - indicator: gdp
    period: "2021"
    value: "{value}"
    unit: 亿元
    qualifier: exact
    kind: level
    source: 002_a7ce63afe1259d76.txt
    quote: GDP全年增速累计完成341.3亿元
"""


@pytest.fixture
def facts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped fact base, third, and figures of one base in three more files;
    every update is made file by file (never a whole rebuild because many bytes changed).
    The articles are inside the folder (an article outside it is never read)."""
    monkeypatch.setattr(store_fresh, "REBUILD_SHARE", 1.0)
    root = tmp_path / "facts"
    shutil.copytree(shipped_data(), root / "data")
    shutil.copytree(shipped_data().parent / "seeds", root / "data" / "seeds")
    for path in (root / "data").glob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("text: ../seeds/", "text: seeds/"), encoding="utf-8")
    shutil.copytree(DATA / "third", root / "data" / "third")
    for name, value in (("a_first", "1"), ("m_middle", "2"), ("z_last", "3")):
        (root / "data" / f"{name}.yaml").write_text(EXTRA.format(value=value), encoding="utf-8")
    return root / "data"


class Reads:
    """Counts the fact-base files parsed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[str] = []
        real = store_rows.parse_file

        def counted(
            path: str, root: str | None, search: bool, known: store_rows.Known | None = None
        ) -> store_rows.Part:
            self.paths.append(Path(path).name)
            return real(path, root, search, known)

        monkeypatch.setattr(store_rows, "parse_file", counted)

    def __call__(self) -> list[str]:
        found, self.paths = self.paths, []
        return sorted(found)


TERMS = [["焦化"], ["gdp"], ["jiaohua"], ["qjqn"], ["2021"], ["示例"], ["万", "2021"], ["heating"]]


def snapshot(path: Path, rebuild: bool = False) -> dict[str, Any]:
    """Everything a command can read from the store, with row numbers left out."""
    try:
        with store.open_store(path, rebuild=rebuild) as s:
            fb = s.whole()
            return {
                "records": (fb.sources, fb.indicators, fb.figures, fb.exclusions, fb.checks, fb.files),
                "search": _search_tables(s.con),
                "hits": [[(h.figure.id, h.score, h.matched, h.spans) for h in s.search(t, None)[1]] for t in TERMS],
                "periods": s.con.execute("SELECT period, ord FROM periods ORDER BY ord").fetchall(),
                "digests": s.con.execute("SELECT kind, name, digest FROM digests ORDER BY kind, name").fetchall(),
                "meta": s.con.execute(
                    "SELECT key, value FROM meta WHERE key IN ('max_text', 'max_pinyin', 'error', 'fts') ORDER BY key"
                ).fetchall(),
            }
    except DataError as e:
        return {"error": str(e)}


def _search_tables(con: sqlite3.Connection) -> dict[str, Any]:
    def rows(sql: str) -> list[tuple[Any, ...]]:
        return sorted(con.execute(sql).fetchall())

    return {
        "names": rows(
            "SELECT n.indicator, n.field, n.text, n.folded, n.key, n.syllables, p.pinyin, p.initials"
            " FROM names n JOIN name_pinyin p ON p.n = n.n"
        ),
        "grams": rows("SELECT g.gram, n.indicator, n.field FROM grams g JOIN names n ON n.n = g.name"),
        # every gram of a name an update removed is gone with it (the join above cannot see one)
        "stray grams": rows("SELECT gram, name FROM grams WHERE name NOT IN (SELECT n FROM names)"),
        "quotes": rows(
            "SELECT f.id, q.text, q.syllables, p.pinyin FROM figures f JOIN quotes q ON q.q = f.q"
            " JOIN quote_pinyin p ON p.q = q.q"
        ),
        "chars": rows(
            "SELECT f.id FROM quote_chars c JOIN figures f ON f.q = c.rowid WHERE quote_chars MATCH '\"示 例\"'"
        ),
    }


def same_as_a_new_build(path: Path) -> dict[str, Any]:
    updated = snapshot(path)
    assert updated == snapshot(path, rebuild=True)
    return updated


def test_nothing_changed_reads_nothing(facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    snapshot(facts)
    reads = Reads(monkeypatch)
    snapshot(facts)
    assert reads() == []


def test_an_edited_file(facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(facts)
    reads = Reads(monkeypatch)
    third = facts / "third" / "third.yaml"
    third.write_text(third.read_text(encoding="utf-8").replace('value: "58.6"', 'value: "58.65"'), encoding="utf-8")
    after = snapshot(facts)
    assert reads() == ["third.yaml"]
    assert after != before
    assert same_as_a_new_build(facts) == after


def test_an_edit_changes_the_digests_of_only_the_names_it_touches(facts: Path) -> None:
    """A note added to one figure: its indicator's and its source's digests change (their
    kept results are computed again), every other one is as it was, and all are a new
    build's (an update takes the file's rows off and adds them back: unchanged names are
    left alone)."""
    before = dict(((kind, name), d) for kind, name, d in snapshot(facts)["digests"])
    third = facts / "third" / "third.yaml"
    text = third.read_text(encoding="utf-8")
    assert text.count('value: "58.6"') == 1
    third.write_text(text.replace('value: "58.6"', 'value: "58.6"\n    note: "a note"'), encoding="utf-8")
    after = dict(((kind, name), d) for kind, name, d in same_as_a_new_build(facts)["digests"])
    with store.open_store(facts) as s:
        indicator, source = s.con.execute("SELECT indicator, source FROM figures WHERE note = 'a note'").fetchone()
    changed = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    assert changed == {("indicator", indicator), ("source", source)}


def test_a_file_edited_within_the_same_second_keeping_its_size(facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Racily clean: the stat may be the same; the content hash tells."""
    third = facts / "third" / "third.yaml"
    snapshot(facts)
    st = third.stat()
    reads = Reads(monkeypatch)
    third.write_text(third.read_text(encoding="utf-8").replace('value: "58.6"', 'value: "58.7"'), encoding="utf-8")
    os.utime(third, ns=(st.st_atime_ns, st.st_mtime_ns))  # the same size and mtime as before
    after = snapshot(facts)
    assert reads() == ["third.yaml"]
    values = [f.value for f in after["records"][2] if f.indicator == "sample_gdp" and f.kind == "level"]
    assert [str(v) for v in values] == ["58.7"]
    assert same_as_a_new_build(facts) == after


def test_an_added_file_renumbers_the_automatic_ids_after_it(facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = _gdp_2021_levels(snapshot(facts))
    reads = Reads(monkeypatch)
    (facts / "b_added.yaml").write_text(EXTRA.format(value="9"), encoding="utf-8")
    after = snapshot(facts)
    assert reads() == ["b_added.yaml"]
    new_ids = _gdp_2021_levels(after)
    assert len(new_ids) == len(ids) + 1
    assert new_ids["b_added.yaml"] == "gdp.2021.level.2" and new_ids["m_middle.yaml"] == "gdp.2021.level.3"
    assert same_as_a_new_build(facts) == after


def test_a_deleted_file(facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    snapshot(facts)
    reads = Reads(monkeypatch)
    (facts / "a_first.yaml").unlink()
    shutil.rmtree(facts / "third")
    after = snapshot(facts)
    assert reads() == []
    assert _gdp_2021_levels(after)["m_middle.yaml"] == "gdp.2021.level"
    assert not any(i.id == "sample_gdp" for i in after["records"][1])
    assert same_as_a_new_build(facts) == after


def test_a_renamed_file_moves_in_the_order(facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    snapshot(facts)
    reads = Reads(monkeypatch)
    (facts / "z_last.yaml").rename(facts / "0_now_first.yaml")
    after = snapshot(facts)
    assert reads() == ["0_now_first.yaml"]
    assert _gdp_2021_levels(after)["0_now_first.yaml"] == "gdp.2021.level"
    assert same_as_a_new_build(facts) == after


def test_a_touched_file_is_hashed_not_read(facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(facts)
    reads = Reads(monkeypatch)
    os.utime(facts / "third" / "third.yaml")
    assert snapshot(facts) == before
    assert reads() == []


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda t: t.replace("quote: GDP", "id: gdp.2021.level\n    quote: GDP"),
            "figure id 'gdp.2021.level' is defined twice",
        ),
        (lambda t: t.replace("indicator: gdp", "indicator: gpd"), "unknown indicator 'gpd' (did you mean 'gdp'?)"),
        (lambda t: t.replace("source: 002", "source: 003"), "unknown source '003_a7ce63afe1259d76.txt'"),
        (lambda t: t.replace('value: "3"', "value: x"), "value must be a number, got 'x'"),
        (lambda t: t + "  - [", "invalid YAML"),
    ],
)
def test_an_edit_that_breaks_a_rule_gives_the_error_of_a_new_build(
    facts: Path, monkeypatch: pytest.MonkeyPatch, edit: Any, message: str
) -> None:
    snapshot(facts)
    last = facts / "z_last.yaml"
    text = last.read_text(encoding="utf-8")
    last.write_text(edit(text), encoding="utf-8")
    broken = same_as_a_new_build(facts)
    assert message in broken["error"] and "z_last.yaml:" in broken["error"]
    reads = Reads(monkeypatch)
    assert snapshot(facts) == broken  # kept with the store: found once
    assert reads() == []
    last.write_text(text, encoding="utf-8")
    fixed = same_as_a_new_build(facts)
    assert "error" not in fixed


def test_a_removed_indicator_or_source_that_others_name(facts: Path) -> None:
    """The figures of an unchanged file name what an edit of another file removed."""
    snapshot(facts)
    third = facts / "third" / "third.yaml"
    text = third.read_text(encoding="utf-8")
    (facts / "third" / "names.yaml").write_text(
        "indicators:\n  - {id: moved, name_zh: 移来, name_en: Moved, topic: economy}\n", encoding="utf-8"
    )
    (facts / "zz_uses.yaml").write_text(
        "figures:\n  - indicator: moved\n    period: '2023'\n    value: '1'\n    unit: 亿元\n"
        "    qualifier: exact\n    kind: level\n    source: third.txt\n    quote: 示例县\n",
        encoding="utf-8",
    )
    assert "error" not in same_as_a_new_build(facts)
    (facts / "third" / "names.yaml").unlink()
    assert "unknown indicator 'moved'" in same_as_a_new_build(facts)["error"]
    (facts / "third" / "names.yaml").write_text(
        "indicators:\n  - {id: moved, name_zh: 移来, name_en: Moved, topic: economy}\n", encoding="utf-8"
    )
    assert "error" not in same_as_a_new_build(facts)
    third.write_text(text.replace('- file: "third.txt"', '- file: "third2.txt"'), encoding="utf-8")
    assert "unknown source 'third.txt'" in same_as_a_new_build(facts)["error"]


def test_a_check_naming_a_removed_figure(facts: Path) -> None:
    last = _gdp_2021_levels(snapshot(facts))["z_last.yaml"]
    (facts / "checks2.yaml").write_text(
        f"checks:\n  - id: late\n    rule: same\n    figures: [{last}, gdp.2021.level]\n    title: t\n",
        encoding="utf-8",
    )
    assert "error" not in same_as_a_new_build(facts)
    (facts / "z_last.yaml").unlink()
    broken = same_as_a_new_build(facts)
    assert f"unknown figure {last!r}" in broken["error"] and "checks2.yaml:2:5: " in broken["error"]


def test_the_error_names_paths_from_where_jiexiu_runs(
    facts: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    last = facts / "z_last.yaml"
    last.write_text(last.read_text(encoding="utf-8").replace('value: "3"', "value: x"), encoding="utf-8")
    monkeypatch.chdir(facts)
    assert snapshot(facts)["error"].startswith("z_last.yaml:")
    monkeypatch.chdir(tmp_path)
    assert snapshot(facts)["error"].startswith("facts/data/z_last.yaml:")


def _gdp_2021_levels(snap: dict[str, Any]) -> dict[str, str]:
    """The ids of the extra files' figures, by file."""
    extra = ("a_first.yaml", "b_added.yaml", "m_middle.yaml", "z_last.yaml", "0_now_first.yaml")
    return {Path(f.at.file).name: f.id for f in snap["records"][2] if Path(f.at.file).name in extra}


def test_an_edit_that_brings_no_new_text_needs_no_pinyin(facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pinyin of the quotes and names an edited file already had is kept (pypinyin's
    import alone costs half a second)."""
    snapshot(facts)

    def refuse() -> None:
        raise AssertionError("pypinyin asked for")

    third = facts / "third" / "third.yaml"
    third.write_text(third.read_text(encoding="utf-8").replace('value: "58.6"', 'value: "58.65"'), encoding="utf-8")
    with monkeypatch.context() as m:
        m.setattr(store_rows, "_text_maker", refuse)
        after = snapshot(facts)
    assert after == snapshot(facts, rebuild=True)


# ---------------------------------------------------------------- a whole build's shortcuts


def _ids(con: sqlite3.Connection) -> list[tuple[int, int, str]]:
    return con.execute("SELECT k, pos, id FROM figures ORDER BY k, pos").fetchall()


def test_ids_numbered_on_from_each_files_own_are_the_windows(facts: Path) -> None:
    # one base twice in a file, and again in the files before and after it
    (facts / "m_middle.yaml").write_text(EXTRA.format(value="2") + EXTRA.format(value="4")[9:], encoding="utf-8")
    with store.open_store(facts, rebuild=True) as s:
        built = _ids(s.con)
        s.con.execute("UPDATE figures SET id = '' WHERE given = 0")
        store_order.assign_ids(s.con, None)
        assert _ids(s.con) == built
        assert sorted(i for _, _, i in built if i.startswith("gdp.2021.level")) == [
            "gdp.2021.level",
            "gdp.2021.level.2",
            "gdp.2021.level.3",
            "gdp.2021.level.4",
            "gdp.2021.level.5",  # the shipped fact base has one too
        ]


def test_grams_as_json_arrays_are_the_rows_one_per_gram(facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert store_rows.json_each_ok(sqlite3.connect(":memory:"))  # this SQLite has it: both ways run
    monkeypatch.setattr(store_rows, "_NAME_KEYS", {})  # a name's keys, kept by its text, serve both ways
    tables = []
    for json_each in (False, True, False):
        monkeypatch.setattr(store_rows, "_JSON_EACH", [json_each])
        with store.open_store(facts, rebuild=True) as s:
            assert s.con.execute("SELECT count(*) FROM grams").fetchone()[0] > 0
            tables.append(_search_tables(s.con))
    assert tables[0] == tables[1] == tables[2]

"""The compiled store answers exactly as the whole fact base does: figures, search ranking,
suggestions; and it checks what the loader checks across files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiexiu_cli.core.errors import DataError, NotFoundError
from jiexiu_cli.core.hanzi import has_han
from jiexiu_cli.core.model import FactBase
from jiexiu_cli.factbase import query, search_keys, store, store_schema
from jiexiu_cli.factbase import search as finder
from jiexiu_cli.factbase.data_path import fact_files, shipped_data
from jiexiu_cli.factbase.loader import load
from tests import search_reference as reference
from tests.conftest import DATA, Run


@pytest.fixture(scope="module")
def shipped() -> FactBase:
    return load(shipped_data())


def ask(path: Path, fn: object) -> object:
    return store.answer(path, fn)  # type: ignore[arg-type]


def test_show_reads_every_figure_of_the_indicator_and_its_sources(shipped: FactBase) -> None:
    def check(s: store.Store) -> None:
        for ind in shipped.indicators:
            fb, found = s.show(ind.id)
            assert found == ind
            assert list(fb.figures) == list(shipped.figures_by_indicator.get(ind.id, ()))
            assert {x.file for x in fb.sources} == {f.source for f in fb.figures}
            assert all(fb.source_by_file[x.file] == shipped.source_by_file[x.file] for x in fb.sources)

    ask(shipped_data(), check)


@pytest.mark.parametrize(
    "terms",
    [
        ["焦化"],
        ["清洁取暖"],
        ["清洁取暖", "2021"],
        ["heating"],
        ["vaccin"],
        ["jiaohua"],
        ["qingjie qunuan"],
        ["qjqn"],
        ["lüyou"],
        ["万"],
        ["8.5%"],
        ["GDP"],
        ["2021-2025"],
        ["%"],
        ["[*(?"],
        ["gdp", "zengzhang"],
        ["growth"],
        ["GDP", "growth"],
        ["增长"],
        ["增长", "2021"],
        ["top", "ten"],
        ["第七"],
        ["三分之一"],
        ["十大"],
        ["翻番"],
        ["目标"],
        ["旅游"],
        ["tourism", "lvyou"],
        ["ＧＤＰ"],
        ["gmysgyzjz"],
    ],
)
def test_search_ranks_as_the_whole_fact_base_does(shipped: FactBase, terms: list[str]) -> None:
    def key(hits: list[finder.Hit]) -> list[tuple[str, int, tuple[str, ...], tuple[tuple[int, int], ...]]]:
        return [(h.figure.id, h.score, h.matched, h.spans) for h in hits]

    expected = reference.search(shipped, reference.build_index(shipped), terms, None)
    fb, hits = ask(shipped_data(), lambda s: s.search(terms, None))  # type: ignore[misc]
    assert key(hits) == key(expected)
    assert [h.figure for h in hits] == [h.figure for h in expected]
    assert all(h.figure.indicator in fb.indicator_by_id for h in hits)


@pytest.mark.parametrize(
    "typo", ["gpd", "清洁供暖", "budgt revenue", "heting", "g", "税", "tourism", "xyzzy", "国内生产总值"]
)
def test_suggestions_are_todays(shipped: FactBase, typo: str) -> None:
    assert ask(shipped_data(), lambda s: s.suggest(typo)) == query.suggest(shipped, typo)


def test_resolve_as_query_does(shipped: FactBase) -> None:
    for name in ("GDP", "地区生产总值", "gross domestic product (gdp)", "生产总值", "清洁取暖"):
        assert ask(shipped_data(), lambda s, n=name: s.resolve(n)) == query.resolve(shipped, name)  # type: ignore[misc]
    with pytest.raises(NotFoundError) as e:
        ask(shipped_data(), lambda s: s.resolve("gpd"))
    assert "gdp" in e.value.suggestions


def test_name_grams_pair_transposed_letters() -> None:
    assert search_keys.name_grams("gpd") & search_keys.name_grams("gdp") == {"gd", "gp"}
    assert search_keys.name_grams("税") == {"税"}


def test_syllables_round_trip() -> None:
    text = finder.text_maker()
    for s in ("GDP全年增速累计完成341.3亿元", "lüyou 旅游", "", "  ", "〇"):
        t = text(s)
        assert search_keys.decode_syllables(s, search_keys.encode_syllables(t)) == t.syllables


def _two_files(tmp_path: Path, second: str) -> Path:
    folder = tmp_path / "facts"
    shutil.copytree(DATA / "mini", folder)
    (folder / "more.yaml").write_text(second, encoding="utf-8")
    return folder


def test_an_id_defined_in_two_files_names_both(tmp_path: Path) -> None:
    folder = _two_files(
        tmp_path, "indicators:\n  - id: gdp\n    name_zh: 又一个\n    name_en: Another\n    topic: economy\n"
    )
    with pytest.raises(DataError) as e:
        ask(folder, lambda s: s.show("gdp"))
    message = str(e.value)
    assert "indicator id 'gdp' is defined twice" in message
    assert "mini.yaml:" in message and "more.yaml:2:5" in message


def test_a_figure_of_an_unknown_indicator_is_refused_as_the_loader_does(tmp_path: Path) -> None:
    folder = _two_files(
        tmp_path,
        "figures:\n  - indicator: gpd\n    period: '2023'\n    value: '1'\n    unit: 亿元\n"
        "    qualifier: exact\n    kind: level\n    source: mini.txt\n    quote: 地区生产总值达到120.5亿元\n",
    )
    with pytest.raises(DataError) as mine:
        ask(folder, lambda s: s.show("gdp"))
    with pytest.raises(DataError) as loaders:
        load(folder)
    assert str(mine.value) == str(loaders.value)
    assert "unknown indicator 'gpd' (did you mean 'gdp'?)" in str(mine.value)


def test_which_files_make_a_fact_base_and_their_order(tmp_path: Path) -> None:
    """One walk serves the loader and the store: YAML files in path order, hidden ones and
    symlinked folders skipped, a symlinked file inside the folder followed (one that leads
    outside, or nowhere, is an error: test_stranger.py)."""

    folder = tmp_path / "f"
    for rel in ("b.yaml", "a/z.yml", "a.yaml", ".hidden/x.yaml", "a/.h.yaml", "c.txt", "d/e/f.yaml"):
        p = folder / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "o.yaml").write_text("x", encoding="utf-8")
    (folder / "linked_dir").symlink_to(outside, target_is_directory=True)
    (folder / "linked.yaml").symlink_to(folder / "d" / "e" / "f.yaml")
    names = [str(p.relative_to(folder)) for p in fact_files(folder)]
    assert names == ["a/z.yml", "a.yaml", "b.yaml", "d/e/f.yaml", "linked.yaml"]  # part by part: a < a.yaml
    assert fact_files(folder / "b.yaml") == [folder / "b.yaml"]


CHECK_IMPORTS = """
import sys
from jiexiu_cli.cli.app import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = (
    *("yaml", "pypinyin", "json", "csv", "rich", "pickle", "hashlib"),
    *("jiexiu_cli.factbase.loader", "jiexiu_cli.factbase.store_build", "jiexiu_cli.factbase.store_rows"),
    *("jiexiu_cli.factbase.store_rules", "jiexiu_cli.factbase.yaml_reader", "jiexiu_cli.factbase.fact_schema"),
)
sys.stderr.write(" modules: " + " ".join(m for m in heavy if m in sys.modules))
"""


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (["show", "gdp", "--format", "json"], {"json"}),
        (["show", "gdp"], {"rich", "pickle"}),  # rich imports pickle itself
        (["search", "焦化", "--format", "csv"], {"csv"}),
        (["show", "gpd"], set()),
    ],
)
def test_nothing_extra_on_the_start_up_path(tmp_path: Path, args: list[str], allowed: set[str]) -> None:
    """Once the store is built: no YAML, pinyin, hashing or loader; JSON, CSV, Rich only to write them."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    warm = subprocess.run([sys.executable, "-c", CHECK_IMPORTS, *args], env=env, capture_output=True, text=True)
    assert "pypinyin" in warm.stderr  # the first run built the store
    result = subprocess.run([sys.executable, "-c", CHECK_IMPORTS, *args], env=env, capture_output=True, text=True)
    assert set(result.stderr.rpartition("modules:")[2].split()) == allowed


def test_an_sqlite_without_fts5_still_searches(shipped: FactBase, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_schema, "_FTS", "CREATE VIRTUAL TABLE quote_chars USING fts5x(chars);")
    for terms in (["焦化"], ["heating"], ["jiaohua"], ["万", "2021"]):
        expected = reference.search(shipped, reference.build_index(shipped), terms, None)
        _, hits = ask(shipped_data(), lambda s, t=terms: s.search(t, None))  # type: ignore[misc]
        assert [(h.figure, h.score, h.matched, h.spans) for h in hits] == [
            (h.figure, h.score, h.matched, h.spans) for h in expected
        ]
    with store.open_store(shipped_data()) as s:
        assert s.db is not None and dict(s.con.execute("SELECT key, value FROM meta"))["fts"] == "0"


def test_a_check_naming_an_unknown_figure_fails_every_command_alike(run: Run, tmp_path: Path) -> None:
    """One validator: show, list and every other command refuse it with one message and 1
    (show used to answer, and list to refuse)."""
    folder = _two_files(
        tmp_path,
        "checks:\n  - id: c\n    rule: same\n    figures: [gdp.2023.level, gdp.2099.level]\n    title: t\n",
    )
    unknown = "unknown figure 'gdp.2099.level' (did you mean 'gdp.2023.level'?) in check 'c'"
    expected = f"jiexiu: error: {folder / 'more.yaml'}:2:5: {unknown}\n"
    commands = [["show", "gdp"], ["list"], ["sources"], ["export"], ["verify"], ["compare"], ["audit"], ["search", "x"]]
    for args in commands:
        result = run("--data", str(folder), *args)
        assert (result.exit_code, result.stderr) == (1, expected), args
    with pytest.raises(DataError) as e:
        load(folder)
    assert f"jiexiu: error: {e.value}\n" == expected


def test_no_record_field_is_named_like_the_stores_own_columns() -> None:
    from jiexiu_cli.core.model import Check, Exclusion, Figure, Indicator, Source

    for cls in (Source, Indicator, Figure, Exclusion, Check):
        assert not set(cls._fields) & set(store_schema.PLACE_COLUMNS), cls


POLYPHONES = "长行重乐了的得地还都会朝着中为调便种"
CHINESE = "介休市焦化清洁取暖地区生产总值增长银行重庆音乐" + POLYPHONES


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from(CHINESE),
            st.sampled_from("abcGDP 123，。、%亿万·〇\u3007"),
            st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
            st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),
        ),
        max_size=40,
    )
)
def test_the_search_texts_syllables_are_lazy_pinyins(text: str) -> None:
    """text_maker remembers runs and words; what it gives is still lazy_pinyin's."""
    from pypinyin import Style, lazy_pinyin

    made = _MAKER(text)
    if has_han(text):
        expected = tuple(s.lower() for s in lazy_pinyin(text, style=Style.NORMAL, errors=finder._each_char))
        if len(expected) != len(text):
            expected = tuple(c.lower() for c in text)
    else:
        expected = tuple(c.lower() for c in text)
    assert made.syllables == expected
    assert _MAKER(text) == made  # remembered, the same


_MAKER = finder.text_maker()


def _phrase_starts() -> list[str]:
    """Beginnings of pypinyin's phrases (cut short, so that many are a prefix and no phrase)."""
    from pypinyin.constants import PHRASES_DICT

    return [w[: 1 + i % len(w)] for i, w in enumerate(sorted(PHRASES_DICT)[::97])]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_phrase_starts()) | st.sampled_from(CHINESE), min_size=1, max_size=12))
def test_the_phrase_cutter_cuts_as_pypinyins_segmenter(pieces: list[str]) -> None:
    """The words of a run of Chinese characters are those of pypinyin's own forward maximum
    match (phrases, beginnings of phrases that are none, single characters, run together)."""
    from pypinyin.seg import mmseg

    cut = finder._phrase_cutter()
    assert cut is not None  # the pypinyin this is tested with is the one it knows
    run = "".join(pieces)
    assert cut(run) == list(mmseg.seg.cut(run))


def test_the_code_stamp_sees_every_subpackage_and_nothing_else(tmp_path: Path) -> None:
    """A store and its kept results are keyed by the code: an edit in a subpackage must change
    the key (the stamp once read only the package's own folder)."""
    from jiexiu_cli.factbase.store_fresh import _modules

    for name in ("a.py", "core/b.py", "core/inner/c.py", "__pycache__/d.py", "data/e.py", "seeds/f.py", "g.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x = 1\n")
    parts: list[str] = []
    _modules(str(tmp_path), "", parts)
    assert [p.split(":")[0] for p in parts] == ["a.py", "core/b.py", "core/inner/c.py"]
    before = list(parts)
    (tmp_path / "core/inner/c.py").write_text("x = 22\n")
    parts = []
    _modules(str(tmp_path), "", parts)
    assert parts != before


@pytest.mark.parametrize("threads", [1, 2])
def test_a_cold_build_in_a_host_with_threads_spawns_its_workers(
    tmp_path: Path, threads: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers are forked only where this process has no other thread (a notebook's kernel
    has some: a fork would copy their locks as they are at that instant); spawned, they
    build the same store."""
    import multiprocessing
    import sys
    import threading

    from jiexiu_cli.factbase import store_rows

    sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
    import synth

    root = tmp_path / "facts"
    synth.synthesize(300, root, seed=3)
    expected = load(root)
    monkeypatch.setattr(store_rows, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(store_rows.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(threading, "active_count", lambda: threads)
    asked: list[str | None] = []
    real = multiprocessing.get_context
    monkeypatch.setattr(multiprocessing, "get_context", lambda method=None: asked.append(method) or real(method))
    figures = store.answer(root, lambda s: sorted(f.id for f in s.iter_figures()))
    assert figures == sorted(f.id for f in expected.figures)
    assert asked == ["fork" if threads == 1 else "spawn"]
